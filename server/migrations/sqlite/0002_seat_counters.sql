-- Seat counts kept on the event row. Summing an event's RSVPs on every new RSVP made each one
-- slower than the last (O(RSVPs) per insert); the triggers keep the counts exact in the same
-- transaction as every change to an RSVP, whoever makes it.
ALTER TABLE events ADD COLUMN confirmed_seats INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN waitlisted_seats INTEGER NOT NULL DEFAULT 0;

UPDATE events SET
    confirmed_seats = COALESCE((SELECT SUM(1 + r.guests) FROM rsvps r WHERE r.event_id = events.id AND r.status = 'confirmed'), 0),
    waitlisted_seats = COALESCE((SELECT SUM(1 + r.guests) FROM rsvps r WHERE r.event_id = events.id AND r.status = 'waitlisted'), 0);

CREATE TRIGGER rsvps_count_insert AFTER INSERT ON rsvps BEGIN
    UPDATE events SET
        confirmed_seats = confirmed_seats + CASE WHEN NEW.status = 'confirmed' THEN 1 + NEW.guests ELSE 0 END,
        waitlisted_seats = waitlisted_seats + CASE WHEN NEW.status = 'waitlisted' THEN 1 + NEW.guests ELSE 0 END
    WHERE id = NEW.event_id;
END;

CREATE TRIGGER rsvps_count_delete AFTER DELETE ON rsvps BEGIN
    UPDATE events SET
        confirmed_seats = confirmed_seats - CASE WHEN OLD.status = 'confirmed' THEN 1 + OLD.guests ELSE 0 END,
        waitlisted_seats = waitlisted_seats - CASE WHEN OLD.status = 'waitlisted' THEN 1 + OLD.guests ELSE 0 END
    WHERE id = OLD.event_id;
END;

CREATE TRIGGER rsvps_count_update AFTER UPDATE OF status, guests, event_id ON rsvps BEGIN
    UPDATE events SET
        confirmed_seats = confirmed_seats - CASE WHEN OLD.status = 'confirmed' THEN 1 + OLD.guests ELSE 0 END,
        waitlisted_seats = waitlisted_seats - CASE WHEN OLD.status = 'waitlisted' THEN 1 + OLD.guests ELSE 0 END
    WHERE id = OLD.event_id;
    UPDATE events SET
        confirmed_seats = confirmed_seats + CASE WHEN NEW.status = 'confirmed' THEN 1 + NEW.guests ELSE 0 END,
        waitlisted_seats = waitlisted_seats + CASE WHEN NEW.status = 'waitlisted' THEN 1 + NEW.guests ELSE 0 END
    WHERE id = NEW.event_id;
END;
