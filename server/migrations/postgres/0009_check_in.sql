-- Check-in at the door; see the SQLite migration of the same name.
ALTER TABLE rsvps ADD COLUMN checked_in_at TEXT;
