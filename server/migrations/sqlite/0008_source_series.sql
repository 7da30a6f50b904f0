-- The recurring meeting an imported event is one date of, as its calendar names it (an RRULE's
-- UID): the board shows a series' next dates on each card. Apart from series_id, which belongs
-- to the organizer's own series and is cleared with it.
ALTER TABLE events ADD COLUMN source_series TEXT;
