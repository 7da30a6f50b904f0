-- Approval per event (CONTRACT §8). The statuses `requested` and `declined` are added to the
-- CHECK on rsvps.status by the server at start (store/sqlite.rs, `widen_status_check`): SQLite
-- cannot alter a CHECK, and rebuilding the table here, inside the migration's transaction
-- where foreign keys stay on, would fire the actions of the mails and deliveries that point
-- at it. Requested RSVPs hold no seat: the seat counters count only confirmed, waitlisted and
-- pending ones.
ALTER TABLE events ADD COLUMN rsvp_approval INTEGER NOT NULL DEFAULT 0;
-- A declined request, like a cancelled RSVP, does not keep its address from asking again.
DROP INDEX rsvps_one_per_email;
CREATE UNIQUE INDEX rsvps_one_per_email ON rsvps (event_id, email_normalized)
    WHERE status NOT IN ('cancelled', 'declined');
