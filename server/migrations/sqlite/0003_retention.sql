-- When an RSVP's personal data (name, e-mail, company, note) was deleted; the row and its
-- seats stay, so counts and waitlist order are unchanged.
ALTER TABLE rsvps ADD COLUMN personal_data_deleted_at TEXT;
