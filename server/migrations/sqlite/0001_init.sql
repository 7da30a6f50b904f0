-- Board-wide settings: a single row.
CREATE TABLE board (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    title      TEXT NOT NULL,
    time_zone  TEXT NOT NULL,
    locale     TEXT NOT NULL
);
INSERT INTO board (id, title, time_zone, locale) VALUES (1, 'Stammtisch', 'Europe/Berlin', 'de');

CREATE TABLE events (
    id               TEXT PRIMARY KEY NOT NULL,
    title            TEXT NOT NULL,
    kind             TEXT NOT NULL,
    -- RFC 3339 with the offset the organizer gave; the *_unix column orders and compares.
    starts_at        TEXT NOT NULL,
    starts_at_unix   INTEGER NOT NULL,
    ends_at          TEXT,
    time_zone        TEXT NOT NULL,
    summary          TEXT,
    description      TEXT,
    location_name    TEXT,
    location_address TEXT,
    location_city    TEXT,
    online_url       TEXT,
    organizer_name   TEXT,
    organizer_url    TEXT,
    tags             TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    url              TEXT,
    capacity         INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    -- 0: the board shows the event read-only, without RSVP.
    rsvp_enabled     INTEGER NOT NULL DEFAULT 1,
    rsvp_open        INTEGER NOT NULL DEFAULT 1,
    rsvp_closes_at   TEXT,
    rsvp_closes_at_unix INTEGER,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX events_by_start ON events (starts_at_unix);

CREATE TABLE rsvps (
    id                INTEGER PRIMARY KEY AUTOINCREMENT, -- arrival order, never reused
    event_id          TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    email             TEXT NOT NULL,
    email_normalized  TEXT NOT NULL,
    company           TEXT,
    guests            INTEGER NOT NULL CHECK (guests BETWEEN 0 AND 9),
    note              TEXT,
    status            TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'pending', 'cancelled')),
    cancel_token_hash BLOB NOT NULL UNIQUE,
    locale            TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    cancelled_at      TEXT
);
-- One live RSVP per address and event, whatever the code above it does.
CREATE UNIQUE INDEX rsvps_one_per_email ON rsvps (event_id, email_normalized) WHERE status <> 'cancelled';
CREATE INDEX rsvps_by_event_status ON rsvps (event_id, status);
