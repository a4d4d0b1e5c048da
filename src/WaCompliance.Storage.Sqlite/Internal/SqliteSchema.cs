namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>
/// The schema, as an ordered list of migrations. Never edit a published migration: add the next one.
/// </summary>
/// <remarks>
/// People are keyed by their subject key (64 hex characters, the peppered HMAC of their identifier's stored form: the
/// E.164 number or the business-scoped user ID) in the tables of version 1; the identifier itself is stored in
/// <c>consent_personal_data</c>, <c>identity_links</c> and <c>webhook_dead_letters</c>, which erasure deletes from.
/// Business numbers are stored as E.164 text. See <see cref="SqliteValues"/> for timestamps and GUIDs.
/// </remarks>
internal static class SqliteSchema
{
    /// <summary>The table that records applied migrations.</summary>
    public const string MigrationsTable = "schema_migrations";

    /// <summary>Every migration, in version order.</summary>
    public static IReadOnlyList<SqliteMigration> Migrations { get; } =
    [
        new(1, "consent ledger, suppression, windows, templates, counters, idempotency, overrides, decisions, webhook events", """
            -- The consent ledger: one row per record, in chain order. sequence is the rowid: from 1, without gaps.
            CREATE TABLE consent_records (
                sequence             INTEGER PRIMARY KEY,
                record_id            BLOB    NOT NULL,
                subject              TEXT    NOT NULL CHECK (length(subject) = 64 AND subject NOT GLOB '*[^0-9a-f]*'),
                purpose              TEXT    NOT NULL,
                action               TEXT    NOT NULL,
                method               TEXT    NOT NULL,
                consent_type         TEXT    NOT NULL,
                lawful_basis         TEXT    NOT NULL,
                captured_at          INTEGER NOT NULL,
                recorded_at          INTEGER NOT NULL,
                source               TEXT,
                business_name        TEXT,
                jurisdiction         TEXT,
                language             TEXT,
                expires_at           INTEGER,
                event_id             TEXT,
                wording              TEXT,
                wording_version      TEXT,
                collection_point     TEXT,
                personal_data_digest TEXT    NOT NULL,
                previous_hash        TEXT    NOT NULL,
                hash                 TEXT    NOT NULL
            );
            CREATE UNIQUE INDEX consent_records_event_id ON consent_records (event_id) WHERE event_id IS NOT NULL;
            CREATE INDEX consent_records_subject ON consent_records (subject, sequence);

            -- Append-only: the application never updates or deletes a ledger row. These triggers stop mistakes; a
            -- deliberate change (dropping them first) is what VerifyAsync detects.
            CREATE TRIGGER consent_records_no_update BEFORE UPDATE ON consent_records
            BEGIN SELECT RAISE(ABORT, 'consent_records is append-only'); END;
            CREATE TRIGGER consent_records_no_delete BEFORE DELETE ON consent_records
            BEGIN SELECT RAISE(ABORT, 'consent_records is append-only'); END;

            -- Personal data beside the chain, one row per record that has any; erasure deletes rows, nothing updates them.
            CREATE TABLE consent_personal_data (
                sequence   INTEGER PRIMARY KEY REFERENCES consent_records (sequence),
                number     TEXT NOT NULL,
                ip_address TEXT,
                user_agent TEXT,
                message_id TEXT,
                raw_input  TEXT,
                salt       TEXT NOT NULL
            );
            CREATE TRIGGER consent_personal_data_no_update BEFORE UPDATE ON consent_personal_data
            BEGIN SELECT RAISE(ABORT, 'consent_personal_data is only ever inserted or erased'); END;

            CREATE TABLE suppressions (
                subject    TEXT    NOT NULL,
                purpose    TEXT    NOT NULL,
                reason     TEXT    NOT NULL,
                added_at   INTEGER NOT NULL,
                expires_at INTEGER,
                source     TEXT,
                PRIMARY KEY (subject, purpose, reason)
            ) WITHOUT ROWID;

            CREATE TABLE conversation_windows (
                business                   TEXT    NOT NULL,
                user_subject               TEXT    NOT NULL,
                last_inbound_at            INTEGER NOT NULL,
                customer_service_ends_at   INTEGER NOT NULL,
                pending_referral_at        INTEGER,
                free_entry_point_ends_at   INTEGER,
                PRIMARY KEY (business, user_subject)
            ) WITHOUT ROWID;
            CREATE INDEX conversation_windows_user ON conversation_windows (user_subject);

            CREATE TABLE templates (
                name                        TEXT    NOT NULL,
                language                    TEXT    NOT NULL,
                category                    TEXT    NOT NULL,
                status                      TEXT    NOT NULL,
                quality                     TEXT    NOT NULL,
                parameter_format            TEXT    NOT NULL,
                header_json                 TEXT,
                body                        TEXT    NOT NULL,
                footer                      TEXT,
                buttons_json                TEXT    NOT NULL,
                body_examples_json          TEXT,
                code_expiration_minutes     INTEGER,
                add_security_recommendation INTEGER NOT NULL,
                provider_template_id        TEXT,
                status_reason               TEXT,
                updated_at                  INTEGER NOT NULL,
                PRIMARY KEY (name, language)
            ) WITHOUT ROWID;

            CREATE TABLE message_counts (
                id                  INTEGER PRIMARY KEY,
                recipient           TEXT    NOT NULL,
                sender              TEXT    NOT NULL,
                purpose             TEXT    NOT NULL,
                sent_at             INTEGER NOT NULL,
                business_initiated  INTEGER NOT NULL,
                topic               TEXT,
                content_fingerprint TEXT
            );
            CREATE INDEX message_counts_recipient ON message_counts (recipient, sent_at);
            CREATE INDEX message_counts_reach ON message_counts (sender, sent_at, recipient) WHERE business_initiated = 1;
            CREATE INDEX message_counts_sent_at ON message_counts (sent_at);

            CREATE TABLE send_records (
                key                 TEXT    NOT NULL PRIMARY KEY,
                status              TEXT    NOT NULL,
                claimed_at          INTEGER NOT NULL,
                completed_at        INTEGER,
                gateway             TEXT,
                provider_message_id TEXT,
                error_code          TEXT,
                error_message       TEXT,
                consent_record_id   BLOB
            ) WITHOUT ROWID;
            CREATE INDEX send_records_provider_message_id ON send_records (provider_message_id) WHERE provider_message_id IS NOT NULL;

            CREATE TABLE jurisdiction_overrides (
                subject        TEXT NOT NULL PRIMARY KEY,
                region_code    TEXT,
                subdivision    TEXT,
                time_zones_json TEXT
            ) WITHOUT ROWID;

            CREATE TABLE decisions (
                decision_id       BLOB    NOT NULL PRIMARY KEY,
                decided_at        INTEGER NOT NULL,
                subject           TEXT    NOT NULL,
                sender            TEXT,
                purpose           TEXT    NOT NULL,
                outcome           TEXT    NOT NULL,
                not_before        INTEGER,
                violation_codes   TEXT    NOT NULL,
                consent_record_id BLOB,
                idempotency_key   TEXT,
                campaign_id       TEXT,
                message_kind      TEXT,
                template_name     TEXT
            ) WITHOUT ROWID;
            CREATE INDEX decisions_decided_at ON decisions (decided_at, decision_id);
            CREATE INDEX decisions_subject ON decisions (subject, decided_at);
            CREATE INDEX decisions_campaign ON decisions (campaign_id, decided_at) WHERE campaign_id IS NOT NULL;

            CREATE TABLE webhook_events (
                source      TEXT    NOT NULL,
                event_id    TEXT    NOT NULL,
                received_at INTEGER NOT NULL,
                PRIMARY KEY (source, event_id)
            ) WITHOUT ROWID;
            CREATE INDEX webhook_events_received_at ON webhook_events (received_at);
            """),
        new(2, "identity links, webhook dead letters; people stored by identifier (phone number or business-scoped user ID)", """
            -- From version 2 a person is named by an identifier: an E.164 number or a business-scoped user ID. The tables
            -- of version 1 need no change: they key people by the subject key of the identifier (for a number, the HMAC
            -- of its E.164 text, as before), and consent_personal_data.number holds the identifier's stored form (the
            -- E.164 number, exactly as version 1 wrote it, or the user ID). No constraint there assumes a number.

            -- The links between a person's identifiers, with their evidence (personal data: erasure deletes them).
            -- Undirected links are stored with the smaller identifier first; number changes keep their direction
            -- (old number first). One row per piece of evidence: the same pair, reason, source and event id, in either
            -- order, is stored once.
            CREATE TABLE identity_links (
                id                INTEGER PRIMARY KEY,
                first_identifier  TEXT    NOT NULL,
                second_identifier TEXT    NOT NULL CHECK (second_identifier <> first_identifier),
                reason            TEXT    NOT NULL,
                source            TEXT    NOT NULL,
                event_id          TEXT,
                linked_at         INTEGER NOT NULL,
                revoked_at        INTEGER
            );
            CREATE UNIQUE INDEX identity_links_evidence ON identity_links (
                min(first_identifier, second_identifier), max(first_identifier, second_identifier), reason, source, coalesce(event_id, ''));
            CREATE INDEX identity_links_first ON identity_links (first_identifier);
            CREATE INDEX identity_links_second ON identity_links (second_identifier);

            -- Webhook items that could not be read or applied, kept until re-processed. raw_item and subject_identifier
            -- are personal data: erasure deletes the person's rows. One unresolved row per (source, event id, code).
            CREATE TABLE webhook_dead_letters (
                id                 BLOB    NOT NULL PRIMARY KEY,
                source             TEXT    NOT NULL,
                code               TEXT    NOT NULL,
                message            TEXT    NOT NULL,
                event_id           TEXT,
                raw_item           TEXT    NOT NULL,
                subject_identifier TEXT,
                received_at        INTEGER NOT NULL,
                resolved_at        INTEGER,
                attempts           INTEGER NOT NULL DEFAULT 0
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX webhook_dead_letters_unresolved ON webhook_dead_letters (source, event_id, code)
                WHERE resolved_at IS NULL AND event_id IS NOT NULL;
            CREATE INDEX webhook_dead_letters_received_at ON webhook_dead_letters (received_at, id);
            CREATE INDEX webhook_dead_letters_subject ON webhook_dead_letters (subject_identifier) WHERE subject_identifier IS NOT NULL;
            """),
        new(3, "send leases and references: claims carry a lease and the send's own reference; chosen resends are counted", """
            -- A claim carries a lease (no provider call starts after it; recovery turns a claim still in progress after it
            -- into an unknown outcome) and the send's own reference, passed to the provider and echoed by status webhooks,
            -- so a send whose provider id was never recorded can be reconciled. A chosen resend (ResendPolicy) claims the
            -- key again: attempt counts the attempts, previous_status keeps the status the latest one replaced.
            ALTER TABLE send_records ADD COLUMN lease_expires_at INTEGER;
            ALTER TABLE send_records ADD COLUMN reference TEXT;
            ALTER TABLE send_records ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1);
            ALTER TABLE send_records ADD COLUMN previous_status TEXT;

            -- Claims made before this version had no lease: they get the default one, 10 minutes from the claim.
            UPDATE send_records SET lease_expires_at = claimed_at + 600000000 WHERE status = 'in_progress';

            CREATE UNIQUE INDEX send_records_reference ON send_records (reference) WHERE reference IS NOT NULL;
            CREATE INDEX send_records_lease ON send_records (lease_expires_at) WHERE status = 'in_progress';
            CREATE INDEX send_records_status ON send_records (status, claimed_at, key);
            """),
    ];

    /// <summary>The version the code needs: the last migration's.</summary>
    public static int LatestVersion => Migrations[^1].Version;
}
