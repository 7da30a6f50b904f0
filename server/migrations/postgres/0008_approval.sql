-- Approval per event (CONTRACT §8): a new RSVP may wait for the organizer as `requested`, and
-- end as `declined`.
ALTER TABLE events ADD COLUMN rsvp_approval BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE rsvps DROP CONSTRAINT rsvps_status_check;
ALTER TABLE rsvps ADD CONSTRAINT rsvps_status_check
    CHECK (status IN ('confirmed', 'waitlisted', 'pending', 'cancelled', 'requested', 'declined'));
DROP INDEX rsvps_one_per_email;
CREATE UNIQUE INDEX rsvps_one_per_email ON rsvps (event_id, email_normalized)
    WHERE status NOT IN ('cancelled', 'declined');
