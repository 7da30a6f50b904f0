-- Reach without cookies (docs/API.md §3.8): how often boards were shown, cards opened, forms
-- begun and RSVPs sent, per day in the board's time zone. Counts only: no visitor, address,
-- browser or time of day is kept.
CREATE TABLE reach_days (
    -- YYYY-MM-DD in the board's time zone.
    day      TEXT NOT NULL,
    -- '' for what concerns the whole board (boards shown).
    event_id TEXT NOT NULL,
    action   TEXT NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY (event_id, day, action)
);

-- An event's counts go with it, however it is removed (organizer, series, partner feed).
CREATE TRIGGER events_forget_reach AFTER DELETE ON events
BEGIN
    DELETE FROM reach_days WHERE event_id = OLD.id;
END;
