-- Reach without cookies; see the SQLite migration of the same name.
CREATE TABLE reach_days (
    day      TEXT NOT NULL,
    event_id TEXT NOT NULL,
    action   TEXT NOT NULL,
    count    BIGINT NOT NULL,
    PRIMARY KEY (event_id, day, action)
);

CREATE FUNCTION events_forget_reach() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM reach_days WHERE event_id = OLD.id;
    RETURN OLD;
END
$$;

CREATE TRIGGER events_forget_reach AFTER DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_forget_reach();
