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
