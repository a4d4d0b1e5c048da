namespace WaCompliance.Storage.PostgreSql.Internal;

/// <summary>
/// Every schema migration, in order. Published migrations are never edited: a change is a new migration. Each runs
/// in the migrator's transaction, under its advisory lock.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "consent ledger, suppression, windows, templates, counters, send records, overrides, decisions, webhook events", """
            CREATE TABLE {schema}.consent_records (
                sequence bigint PRIMARY KEY CHECK (sequence > 0),
                record_id uuid NOT NULL UNIQUE,
                subject text,
                purpose text NOT NULL,
                action text NOT NULL,
                method text NOT NULL,
                consent_type text NOT NULL,
                lawful_basis text NOT NULL,
                captured_at timestamptz NOT NULL,
                recorded_at timestamptz NOT NULL,
                source text,
                business_name text,
                jurisdiction text,
                language text,
                expires_at timestamptz,
                event_id text,
                wording text,
                wording_version text,
                collection_point text,
                personal_data_digest text NOT NULL,
                previous_hash text NOT NULL,
                hash text NOT NULL
            );
            CREATE UNIQUE INDEX consent_records_event_id ON {schema}.consent_records (event_id) WHERE event_id IS NOT NULL;
            CREATE INDEX consent_records_subject ON {schema}.consent_records (subject, sequence);

            CREATE TABLE {schema}.consent_personal_data (
                record_id uuid PRIMARY KEY REFERENCES {schema}.consent_records (record_id),
                number text NOT NULL,
                ip_address text,
                user_agent text,
                message_id text,
                raw_input text,
                salt text NOT NULL
            );

            CREATE FUNCTION {schema}.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the WaCompliance consent ledger is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
                    USING ERRCODE = 'WAC01', HINT = 'Personal data is removed only by erasure (DELETE on consent_personal_data).';
            END;
            $$;
            CREATE TRIGGER consent_records_append_only BEFORE UPDATE OR DELETE ON {schema}.consent_records
                FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_ledger_change();
            CREATE TRIGGER consent_records_no_truncate BEFORE TRUNCATE ON {schema}.consent_records
                FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_ledger_change();
            CREATE TRIGGER consent_personal_data_no_update BEFORE UPDATE ON {schema}.consent_personal_data
                FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_ledger_change();
            CREATE TRIGGER consent_personal_data_no_truncate BEFORE TRUNCATE ON {schema}.consent_personal_data
                FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_ledger_change();

            CREATE TABLE {schema}.suppression_entries (
                subject text NOT NULL,
                purpose text NOT NULL,
                reason text NOT NULL,
                added_at timestamptz NOT NULL,
                expires_at timestamptz,
                source text,
                PRIMARY KEY (subject, purpose, reason)
            );

            CREATE TABLE {schema}.conversation_windows (
                business text NOT NULL,
                user_number text NOT NULL,
                last_inbound_at timestamptz NOT NULL,
                customer_service_window_ends_at timestamptz NOT NULL,
                pending_referral_at timestamptz,
                free_entry_point_ends_at timestamptz,
                PRIMARY KEY (business, user_number)
            );
            CREATE INDEX conversation_windows_user ON {schema}.conversation_windows (user_number);

            CREATE TABLE {schema}.templates (
                name text NOT NULL,
                language text NOT NULL,
                category text NOT NULL,
                status text NOT NULL,
                quality text NOT NULL,
                parameter_format text NOT NULL,
                header jsonb,
                body text NOT NULL,
                footer text,
                buttons jsonb NOT NULL,
                body_examples jsonb,
                code_expiration_minutes integer,
                add_security_recommendation boolean NOT NULL,
                provider_template_id text,
                status_reason text,
                updated_at timestamptz,
                PRIMARY KEY (name, language)
            );

            CREATE TABLE {schema}.message_counts (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                sender text NOT NULL,
                recipient text NOT NULL,
                purpose text NOT NULL,
                sent_at timestamptz NOT NULL,
                business_initiated boolean NOT NULL,
                topic text,
                content_fingerprint text
            );
            CREATE INDEX message_counts_recipient ON {schema}.message_counts (recipient, sent_at);
            CREATE INDEX message_counts_sent_at ON {schema}.message_counts (sent_at);

            CREATE TABLE {schema}.message_reach (
                sender text NOT NULL,
                recipient text NOT NULL,
                last_at timestamptz NOT NULL,
                PRIMARY KEY (sender, recipient)
            );
            CREATE INDEX message_reach_sender_time ON {schema}.message_reach (sender, last_at);
            CREATE INDEX message_reach_recipient ON {schema}.message_reach (recipient);
            CREATE INDEX message_reach_last_at ON {schema}.message_reach (last_at);

            CREATE TABLE {schema}.send_records (
                idempotency_key text PRIMARY KEY,
                status text NOT NULL,
                claimed_at timestamptz NOT NULL,
                completed_at timestamptz,
                gateway text,
                provider_message_id text,
                error_code text,
                error_message text,
                consent_record_id uuid
            );
            CREATE INDEX send_records_provider_message_id ON {schema}.send_records (provider_message_id) WHERE provider_message_id IS NOT NULL;

            CREATE TABLE {schema}.jurisdiction_overrides (
                number text PRIMARY KEY,
                region_code text,
                subdivision text,
                time_zone_ids text[]
            );

            CREATE TABLE {schema}.decisions (
                decision_id uuid PRIMARY KEY,
                decided_at timestamptz NOT NULL,
                subject text NOT NULL,
                sender text,
                purpose text NOT NULL,
                outcome text NOT NULL,
                not_before timestamptz,
                violation_codes text[] NOT NULL,
                consent_record_id uuid,
                idempotency_key text,
                campaign_id text,
                message_kind text,
                template_name text
            );
            CREATE INDEX decisions_time ON {schema}.decisions (decided_at, decision_id);
            CREATE INDEX decisions_subject ON {schema}.decisions (subject, decided_at);
            CREATE INDEX decisions_campaign ON {schema}.decisions (campaign_id, decided_at) WHERE campaign_id IS NOT NULL;

            CREATE TABLE {schema}.webhook_events (
                source text NOT NULL,
                event_id text NOT NULL,
                received_at timestamptz NOT NULL,
                PRIMARY KEY (source, event_id)
            );
            CREATE INDEX webhook_events_received_at ON {schema}.webhook_events (received_at);
            """),
        new(2, "identity links, webhook dead letters; people stored by identifier (phone number or business-scoped user ID)", """
            -- From version 2 a person is named by an identifier: an E.164 number or a business-scoped user ID. The columns
            -- of version 1 that held a person's E.164 number hold the identifier's stored form from now on: numbers keep
            -- exactly the text version 1 wrote, so existing rows stay valid and are found. No constraint assumed a number.
            COMMENT ON COLUMN {schema}.consent_personal_data.number IS 'The identifier the event came through, in its stored form: an E.164 number or a business-scoped user ID';
            COMMENT ON COLUMN {schema}.conversation_windows.user_number IS 'The person''s identifier in its stored form: an E.164 number or a business-scoped user ID';
            COMMENT ON COLUMN {schema}.message_counts.recipient IS 'The person''s identifier in its stored form: an E.164 number or a business-scoped user ID';
            COMMENT ON COLUMN {schema}.message_reach.recipient IS 'The person''s identifier in its stored form: an E.164 number or a business-scoped user ID';
            COMMENT ON COLUMN {schema}.jurisdiction_overrides.number IS 'The person''s identifier in its stored form: an E.164 number or a business-scoped user ID';

            -- The links between a person's identifiers, with their evidence (personal data: erasure deletes them).
            -- Undirected links are stored with the smaller identifier first; number changes keep their direction (old
            -- number first). The same evidence (pair in either order, reason, source, event id) is stored once.
            CREATE TABLE {schema}.identity_links (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                first_identifier text NOT NULL,
                second_identifier text NOT NULL,
                reason text NOT NULL,
                source text NOT NULL,
                event_id text,
                linked_at timestamptz NOT NULL,
                revoked_at timestamptz,
                CHECK (first_identifier <> second_identifier)
            );
            CREATE UNIQUE INDEX identity_links_evidence ON {schema}.identity_links (
                LEAST(first_identifier COLLATE "C", second_identifier COLLATE "C"),
                GREATEST(first_identifier COLLATE "C", second_identifier COLLATE "C"),
                reason, source, coalesce(event_id, ''));
            CREATE INDEX identity_links_first ON {schema}.identity_links (first_identifier);
            CREATE INDEX identity_links_second ON {schema}.identity_links (second_identifier);

            -- Webhook items that could not be read or applied, kept until re-processed. raw_item and subject_identifier
            -- are personal data: erasure deletes the person's rows. One unresolved row per (source, event id, code).
            CREATE TABLE {schema}.webhook_dead_letters (
                id uuid PRIMARY KEY,
                source text NOT NULL,
                code text NOT NULL,
                message text NOT NULL,
                event_id text,
                raw_item text NOT NULL,
                subject_identifier text,
                received_at timestamptz NOT NULL,
                resolved_at timestamptz,
                attempts integer NOT NULL DEFAULT 0
            );
            CREATE UNIQUE INDEX webhook_dead_letters_unresolved ON {schema}.webhook_dead_letters (source, event_id, code)
                WHERE resolved_at IS NULL AND event_id IS NOT NULL;
            CREATE INDEX webhook_dead_letters_received_at ON {schema}.webhook_dead_letters (received_at, id);
            CREATE INDEX webhook_dead_letters_subject ON {schema}.webhook_dead_letters (subject_identifier) WHERE subject_identifier IS NOT NULL;
            """),
        new(3, "send leases and references: claims carry a lease and the send's own reference; chosen resends are counted", """
            -- A claim carries a lease (no provider call starts after it; recovery turns a claim still in progress after it
            -- into an unknown outcome) and the send's own reference, passed to the provider and echoed by status webhooks,
            -- so a send whose provider id was never recorded can be reconciled. A chosen resend (ResendPolicy) claims the
            -- key again: attempt counts the attempts, previous_status keeps the status the latest one replaced.
            ALTER TABLE {schema}.send_records
                ADD COLUMN lease_expires_at timestamptz,
                ADD COLUMN reference text,
                ADD COLUMN attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
                ADD COLUMN previous_status text;

            -- Claims made before this version had no lease: they get the default one, 10 minutes from the claim.
            UPDATE {schema}.send_records SET lease_expires_at = claimed_at + interval '10 minutes' WHERE status = 'in_progress';

            CREATE UNIQUE INDEX send_records_reference ON {schema}.send_records (reference) WHERE reference IS NOT NULL;
            CREATE INDEX send_records_lease ON {schema}.send_records (lease_expires_at) WHERE status = 'in_progress';
            CREATE INDEX send_records_status ON {schema}.send_records (status, claimed_at, idempotency_key);
            """),
    ];

    /// <summary>The version the newest migration brings the schema to.</summary>
    public static int Latest => All[^1].Version;
}
