-- Questions per event and the mail consent; see the SQLite migration of the same name.
ALTER TABLE events ADD COLUMN questions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN rsvp_mail_consent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE rsvps ADD COLUMN answers TEXT;
ALTER TABLE rsvps ADD COLUMN mail_consent_at TEXT;
