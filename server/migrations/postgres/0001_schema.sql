-- The schema of migrations/sqlite 0001–0006 as one step, in PostgreSQL's types. Columns
-- keep the names and meanings written down there; times are RFC 3339 text with the offset
-- the organizer gave, and *_unix columns order and compare.

CREATE TABLE board (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    title     TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    locale    TEXT NOT NULL
);
INSERT INTO board (id, title, time_zone, locale) VALUES (1, 'Stammtisch', 'Europe/Berlin', 'de');

CREATE TABLE series (
    id         TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE sources (
    id                TEXT PRIMARY KEY,
    url               TEXT NOT NULL,
    default_kind      TEXT,
    tags              TEXT NOT NULL DEFAULT '[]',
    refresh_minutes   BIGINT NOT NULL CHECK (refresh_minutes > 0),
    mode              TEXT NOT NULL CHECK (mode IN ('rsvp', 'read_only')),
    etag              TEXT,
    last_modified     TEXT,
    last_checked_at   TEXT,
    last_success_at   TEXT,
    last_error_code   TEXT,
    last_error_detail TEXT,
    skipped           BIGINT NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE TABLE events (
    id                  TEXT PRIMARY KEY,
    title               TEXT NOT NULL,
    kind                TEXT NOT NULL,
    starts_at           TEXT NOT NULL,
    starts_at_unix      BIGINT NOT NULL,
    ends_at             TEXT,
    time_zone           TEXT NOT NULL,
    summary             TEXT,
    description         TEXT,
    location_name       TEXT,
    location_address    TEXT,
    location_city       TEXT,
    online_url          TEXT,
    organizer_name      TEXT,
    organizer_url       TEXT,
    tags                TEXT NOT NULL DEFAULT '[]',
    url                 TEXT,
    capacity            BIGINT CHECK (capacity IS NULL OR capacity >= 0),
    rsvp_enabled        BOOLEAN NOT NULL DEFAULT TRUE,
    rsvp_open           BOOLEAN NOT NULL DEFAULT TRUE,
    rsvp_closes_at      TEXT,
    rsvp_closes_at_unix BIGINT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    confirmed_seats     BIGINT NOT NULL DEFAULT 0,
    waitlisted_seats    BIGINT NOT NULL DEFAULT 0,
    pending_seats       BIGINT NOT NULL DEFAULT 0,
    series_id           TEXT REFERENCES series (id) ON DELETE SET NULL,
    source_id           TEXT REFERENCES sources (id) ON DELETE SET NULL,
    removed_at          TEXT
);
CREATE INDEX events_by_start ON events (starts_at_unix);
CREATE INDEX events_by_series ON events (series_id);
CREATE INDEX events_by_source ON events (source_id);

CREATE TABLE rsvps (
    id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- arrival order
    event_id                 TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name                     TEXT NOT NULL,
    email                    TEXT NOT NULL,
    email_normalized         TEXT NOT NULL,
    company                  TEXT,
    guests                   BIGINT NOT NULL CHECK (guests BETWEEN 0 AND 9),
    note                     TEXT,
    status                   TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'pending', 'cancelled')),
    cancel_token_hash        BYTEA NOT NULL UNIQUE,
    locale                   TEXT NOT NULL,
    created_at               TEXT NOT NULL,
    cancelled_at             TEXT,
    personal_data_deleted_at TEXT,
    confirm_by_unix          BIGINT
);
CREATE UNIQUE INDEX rsvps_one_per_email ON rsvps (event_id, email_normalized) WHERE status <> 'cancelled';
CREATE INDEX rsvps_by_event_status ON rsvps (event_id, status);

CREATE TABLE outbox (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rsvp_id           BIGINT REFERENCES rsvps (id) ON DELETE SET NULL,
    event_id          TEXT NOT NULL,
    kind              TEXT NOT NULL,
    recipient         TEXT NOT NULL,
    subject           TEXT NOT NULL,
    body_text         TEXT NOT NULL,
    body_html         TEXT NOT NULL,
    calendar          TEXT,
    created_at        TEXT NOT NULL,
    attempts          BIGINT NOT NULL DEFAULT 0,
    next_attempt_unix BIGINT NOT NULL,
    last_error        TEXT,
    sent_at           TEXT,
    failed_at         TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_unix) WHERE sent_at IS NULL AND failed_at IS NULL;

CREATE TABLE rsvp_links (
    token_hash BYTEA PRIMARY KEY,
    rsvp_id    BIGINT NOT NULL REFERENCES rsvps (id) ON DELETE CASCADE
);
CREATE INDEX rsvp_links_by_rsvp ON rsvp_links (rsvp_id);

-- Seat counts kept on the event row, exact in the same transaction as every change to an
-- RSVP, whoever makes it (as the SQLite triggers do).
CREATE FUNCTION rsvps_count_seats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.guests = NEW.guests AND OLD.event_id = NEW.event_id THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE events SET
            confirmed_seats = confirmed_seats - CASE WHEN OLD.status = 'confirmed' THEN 1 + OLD.guests ELSE 0 END,
            waitlisted_seats = waitlisted_seats - CASE WHEN OLD.status = 'waitlisted' THEN 1 + OLD.guests ELSE 0 END,
            pending_seats = pending_seats - CASE WHEN OLD.status = 'pending' THEN 1 + OLD.guests ELSE 0 END
        WHERE id = OLD.event_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        UPDATE events SET
            confirmed_seats = confirmed_seats + CASE WHEN NEW.status = 'confirmed' THEN 1 + NEW.guests ELSE 0 END,
            waitlisted_seats = waitlisted_seats + CASE WHEN NEW.status = 'waitlisted' THEN 1 + NEW.guests ELSE 0 END,
            pending_seats = pending_seats + CASE WHEN NEW.status = 'pending' THEN 1 + NEW.guests ELSE 0 END
        WHERE id = NEW.event_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER rsvps_count_seats AFTER INSERT OR DELETE OR UPDATE OF status, guests, event_id ON rsvps
    FOR EACH ROW EXECUTE FUNCTION rsvps_count_seats();

-- The board's data version: every server's feed cache and ETag follow it, so a change made
-- through one server is never hidden behind another server's cache.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);

-- At commit (deferred), so the version row is the last lock a transaction takes and two
-- writers never wait for each other in a circle. The notification reaches every server's
-- `LISTEN` once the transaction has committed, never before: `seats:{id}` when only an
-- event's counts changed, `events` otherwise.
CREATE FUNCTION events_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    counts CONSTANT TEXT[] := ARRAY['confirmed_seats', 'waitlisted_seats', 'pending_seats'];
BEGIN
    UPDATE data_version SET version = version + 1 WHERE id = 1;
    IF TG_TABLE_NAME = 'events' AND TG_OP = 'UPDATE' AND (to_jsonb(OLD) - counts) = (to_jsonb(NEW) - counts) THEN
        PERFORM pg_notify('stammtisch_changes', 'seats:' || NEW.id);
    ELSE
        PERFORM pg_notify('stammtisch_changes', 'events');
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER events_changed AFTER INSERT OR UPDATE OR DELETE ON events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION events_changed();
CREATE CONSTRAINT TRIGGER board_changed AFTER INSERT OR UPDATE OR DELETE ON board
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION events_changed();
