-- Reminder mails (--reminder-hours): set in the transaction that writes the reminder into the
-- outbox, so each RSVP gets one, across restarts and several servers.
ALTER TABLE rsvps ADD COLUMN reminded_at TEXT;
