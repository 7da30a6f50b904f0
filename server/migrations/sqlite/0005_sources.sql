-- Partner feeds: outside sources (a Stammtisch feed or a calendar file) whose events the
-- server imports and refreshes. Their events name the source; an event the source no longer
-- lists is deleted, or, when someone registered for it, hidden from the board (removed_at)
-- with its RSVPs kept for the organizer.
CREATE TABLE sources (
    id                TEXT PRIMARY KEY,
    url               TEXT NOT NULL,
    default_kind      TEXT,
    tags              TEXT NOT NULL DEFAULT '[]', -- JSON array, added to every event
    refresh_minutes   INTEGER NOT NULL CHECK (refresh_minutes > 0),
    mode              TEXT NOT NULL CHECK (mode IN ('rsvp', 'read_only')),
    etag              TEXT,
    last_modified     TEXT,
    last_checked_at   TEXT,
    last_success_at   TEXT,
    last_error_code   TEXT,
    last_error_detail TEXT,
    skipped           INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
ALTER TABLE events ADD COLUMN source_id TEXT REFERENCES sources (id) ON DELETE SET NULL;
ALTER TABLE events ADD COLUMN removed_at TEXT;
CREATE INDEX events_by_source ON events (source_id);
