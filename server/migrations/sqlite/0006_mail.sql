-- Attendee mail. Every mail is written to the outbox in the same transaction as the change
-- that causes it, and a background sender delivers it: a crash or an SMTP outage delays a
-- mail but never loses it. Bodies are cleared once the server accepted the mail.
CREATE TABLE outbox (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    rsvp_id           INTEGER REFERENCES rsvps (id) ON DELETE SET NULL,
    event_id          TEXT NOT NULL,
    kind              TEXT NOT NULL,
    recipient         TEXT NOT NULL,
    subject           TEXT NOT NULL,
    body_text         TEXT NOT NULL,
    body_html         TEXT NOT NULL,
    calendar          TEXT,
    created_at        TEXT NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_unix INTEGER NOT NULL,
    last_error        TEXT,
    sent_at           TEXT,
    -- The SMTP server refused the mail for good (e.g. an unknown address).
    failed_at         TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_unix) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Links to an RSVP's page beyond the first: a mail carries a link of its own, since only
-- hashes of links are stored and the first one was shown once, in the board.
CREATE TABLE rsvp_links (
    token_hash BLOB PRIMARY KEY,
    rsvp_id    INTEGER NOT NULL REFERENCES rsvps (id) ON DELETE CASCADE
);
CREATE INDEX rsvp_links_by_rsvp ON rsvp_links (rsvp_id);

-- Double opt-in: until this moment an unconfirmed RSVP holds its place; NULL once confirmed
-- (or when no confirmation is asked for).
ALTER TABLE rsvps ADD COLUMN confirm_by_unix INTEGER;

-- Seats held by RSVPs waiting for their confirmation count as taken.
ALTER TABLE events ADD COLUMN pending_seats INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER rsvps_count_insert;
DROP TRIGGER rsvps_count_delete;
DROP TRIGGER rsvps_count_update;

CREATE TRIGGER rsvps_count_insert AFTER INSERT ON rsvps BEGIN
    UPDATE events SET
        confirmed_seats = confirmed_seats + CASE WHEN NEW.status = 'confirmed' THEN 1 + NEW.guests ELSE 0 END,
        waitlisted_seats = waitlisted_seats + CASE WHEN NEW.status = 'waitlisted' THEN 1 + NEW.guests ELSE 0 END,
        pending_seats = pending_seats + CASE WHEN NEW.status = 'pending' THEN 1 + NEW.guests ELSE 0 END
    WHERE id = NEW.event_id;
END;

CREATE TRIGGER rsvps_count_delete AFTER DELETE ON rsvps BEGIN
    UPDATE events SET
        confirmed_seats = confirmed_seats - CASE WHEN OLD.status = 'confirmed' THEN 1 + OLD.guests ELSE 0 END,
        waitlisted_seats = waitlisted_seats - CASE WHEN OLD.status = 'waitlisted' THEN 1 + OLD.guests ELSE 0 END,
        pending_seats = pending_seats - CASE WHEN OLD.status = 'pending' THEN 1 + OLD.guests ELSE 0 END
    WHERE id = OLD.event_id;
END;

CREATE TRIGGER rsvps_count_update AFTER UPDATE OF status, guests, event_id ON rsvps BEGIN
    UPDATE events SET
        confirmed_seats = confirmed_seats - CASE WHEN OLD.status = 'confirmed' THEN 1 + OLD.guests ELSE 0 END,
        waitlisted_seats = waitlisted_seats - CASE WHEN OLD.status = 'waitlisted' THEN 1 + OLD.guests ELSE 0 END,
        pending_seats = pending_seats - CASE WHEN OLD.status = 'pending' THEN 1 + OLD.guests ELSE 0 END
    WHERE id = OLD.event_id;
    UPDATE events SET
        confirmed_seats = confirmed_seats + CASE WHEN NEW.status = 'confirmed' THEN 1 + NEW.guests ELSE 0 END,
        waitlisted_seats = waitlisted_seats + CASE WHEN NEW.status = 'waitlisted' THEN 1 + NEW.guests ELSE 0 END,
        pending_seats = pending_seats + CASE WHEN NEW.status = 'pending' THEN 1 + NEW.guests ELSE 0 END
    WHERE id = NEW.event_id;
END;
