-- Webhooks (CONTRACT §8); see the SQLite migration of the same name.
CREATE TABLE webhooks (
    id         TEXT PRIMARY KEY,
    url        TEXT NOT NULL,
    events     TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE webhook_deliveries (
    seq               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    webhook_id        TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event             TEXT NOT NULL,
    event_id          TEXT NOT NULL,
    rsvp_id           BIGINT REFERENCES rsvps (id) ON DELETE SET NULL,
    body              TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    created_unix      BIGINT NOT NULL,
    attempts          BIGINT NOT NULL DEFAULT 0,
    next_attempt_unix BIGINT NOT NULL,
    last_status       BIGINT,
    last_error        TEXT,
    delivered_at      TEXT,
    failed_at         TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_unix)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, seq);
CREATE INDEX webhook_deliveries_by_rsvp ON webhook_deliveries (rsvp_id);
