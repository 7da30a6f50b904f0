-- Recurring meetings: a series is stored as the organizer wrote it; each of its dates is an
-- event of its own (with its own RSVPs) that names its series.
CREATE TABLE series (
    id          TEXT PRIMARY KEY,
    definition  TEXT NOT NULL, -- JSON, as sent to PUT /api/v1/admin/series/{id}
    updated_at  TEXT NOT NULL
);
ALTER TABLE events ADD COLUMN series_id TEXT REFERENCES series (id) ON DELETE SET NULL;
CREATE INDEX events_by_series ON events (series_id);
