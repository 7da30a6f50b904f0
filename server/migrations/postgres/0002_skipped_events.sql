-- Which events of a partner feed's last good fetch were skipped, and why (JSON array of
-- {"event", "line", "why"}, the first 50): the console shows them beside the count.
ALTER TABLE sources ADD COLUMN skipped_events TEXT NOT NULL DEFAULT '[]';
