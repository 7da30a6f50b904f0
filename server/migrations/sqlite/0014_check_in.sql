-- Check-in at the door: when an attendee arrived. Not personal data in itself, so it stays
-- after retention: the no-show count of a past event still adds up.
ALTER TABLE rsvps ADD COLUMN checked_in_at TEXT;
