-- Webhooks (CONTRACT §8). The organizer's endpoints, and one delivery per change and endpoint,
-- written in the transaction of the change (as mail is): a crash or a receiver that is away
-- delays a delivery but never loses it. The secret is kept as given: it signs every delivery.
CREATE TABLE webhooks (
    id         TEXT PRIMARY KEY,
    url        TEXT NOT NULL,
    -- The followed changes' names, separated by spaces: "rsvp.created rsvp.cancelled".
    events     TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE webhook_deliveries (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Random; the Stammtisch-Delivery header, the same on every try.
    id                TEXT NOT NULL UNIQUE,
    webhook_id        TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event             TEXT NOT NULL,
    event_id          TEXT NOT NULL,
    rsvp_id           INTEGER REFERENCES rsvps (id) ON DELETE SET NULL,
    -- Exactly the bytes that are signed and sent; emptied when the attendee's data goes.
    body              TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    created_unix      INTEGER NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_unix INTEGER NOT NULL,
    last_status       INTEGER,
    last_error        TEXT,
    delivered_at      TEXT,
    failed_at         TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_unix)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, seq);
CREATE INDEX webhook_deliveries_by_rsvp ON webhook_deliveries (rsvp_id);
