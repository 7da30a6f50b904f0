-- The check-in QR code of a confirmation or reminder mail: the address it opens in the
-- console. The picture is drawn when the mail is sent, so the outbox keeps text only.
ALTER TABLE outbox ADD COLUMN check_in_url TEXT;
