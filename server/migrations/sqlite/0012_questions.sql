-- An organizer's own questions per event (CONTRACT §8) and the mail consent checkbox; the
-- answers and the consent's time are stored with the RSVP and go with its personal data.
ALTER TABLE events ADD COLUMN questions TEXT NOT NULL DEFAULT '[]'; -- JSON array of questions
ALTER TABLE events ADD COLUMN rsvp_mail_consent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rsvps ADD COLUMN answers TEXT; -- JSON object by question id; NULL: none
ALTER TABLE rsvps ADD COLUMN mail_consent_at TEXT;
