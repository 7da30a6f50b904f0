-- The check-in QR code of a mail; see the SQLite migration of the same name.
ALTER TABLE outbox ADD COLUMN check_in_url TEXT;
