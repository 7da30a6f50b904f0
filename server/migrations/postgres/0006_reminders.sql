-- Reminder mails; see the SQLite migration of the same name.
ALTER TABLE rsvps ADD COLUMN reminded_at TEXT;
