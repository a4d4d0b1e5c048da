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
