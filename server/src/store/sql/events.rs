use chrono::{DateTime, Utc};
use stammtisch_model::{AdminEvent, Board, Event, Kind, Location, Organizer, RsvpState};

use super::webhooks::EventWatch;
use super::{parse_time, Change, Engine, StoreError};
use super::{Db, DbConn};
use crate::store::types::{count, rsvp_is_open, rsvp_state, NewEvent, Seats};

#[derive(Clone, sqlx::FromRow)]
pub(super) struct EventRow {
    id: String,
    title: String,
    kind: Kind,
    pub(super) starts_at: String,
    ends_at: Option<String>,
    time_zone: String,
    summary: Option<String>,
    description: Option<String>,
    location_name: Option<String>,
    location_address: Option<String>,
    location_city: Option<String>,
    online_url: Option<String>,
    organizer_name: Option<String>,
    organizer_url: Option<String>,
    tags: String,
    url: Option<String>,
    pub(super) capacity: Option<i64>,
    pub(super) rsvp_enabled: bool,
    pub(super) rsvp_open: bool,
    pub(super) rsvp_closes_at: Option<String>,
    pub(super) confirmed: i64,
    pub(super) waitlisted: i64,
    /// Seats held by RSVPs that wait for their confirmation (double opt-in).
    pub(super) pending: i64,
    series_id: Option<String>,
    source_id: Option<String>,
    pub(super) removed_at: Option<String>,
    questions: String,
    pub(super) rsvp_mail_consent: bool,
    pub(super) rsvp_approval: bool,
    /// Seats asked for by RSVPs that wait for the organizer's approval.
    requested: i64,
}

/// Seat counts per event; a party of three takes three seats.
const EVENT_COLUMNS: &str = "e.id, e.title, e.kind, e.starts_at, e.ends_at, e.time_zone, e.summary, e.description,
    e.location_name, e.location_address, e.location_city, e.online_url, e.organizer_name, e.organizer_url,
    e.tags, e.url, e.capacity, e.rsvp_enabled, e.rsvp_open, e.rsvp_closes_at,
    e.confirmed_seats AS confirmed, e.waitlisted_seats AS waitlisted, e.pending_seats AS pending, COALESCE(e.series_id, e.source_series) AS series_id, e.source_id, e.removed_at,
    e.questions, e.rsvp_mail_consent, e.rsvp_approval,
    (SELECT CAST(COALESCE(SUM(1 + r.guests), 0) AS BIGINT) FROM rsvps r
        WHERE r.event_id = e.id AND r.status = 'requested' AND r.confirm_by_unix IS NULL) AS requested";

/// The stored columns of an event, in the order [`bind_event`] binds them.
pub(super) const EVENT_FIELDS: &str = "id, title, kind, starts_at, starts_at_unix, ends_at, time_zone, summary,
    description, location_name, location_address, location_city, online_url, organizer_name, organizer_url, tags, url,
    capacity, rsvp_enabled, rsvp_open, rsvp_closes_at, rsvp_closes_at_unix, created_at, updated_at, source_series,
    questions, rsvp_mail_consent, rsvp_approval";

/// Binds an event's values in the order of [`EVENT_FIELDS`]; `now` is both created and updated.
/// The event's `series` is the one its calendar or partner feed names; a series of the
/// organizer's own is set apart (`series_id`) and comes first when read.
pub(super) fn bind_event<'q>(
    query: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
    new: &'q NewEvent,
    now: DateTime<Utc>,
) -> sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>> {
    let e = &new.event;
    let location = e.location.clone().unwrap_or_default();
    let tags = serde_json::to_string(&e.tags).unwrap_or_else(|_| "[]".into());
    let questions = serde_json::to_string(&e.questions).unwrap_or_else(|_| "[]".into());
    query
        .bind(&e.id)
        .bind(&e.title)
        .bind(e.kind)
        .bind(e.starts_at.to_rfc3339())
        .bind(e.starts_at.timestamp())
        .bind(e.ends_at.map(|t| t.to_rfc3339()))
        .bind(&e.time_zone)
        .bind(&e.summary)
        .bind(&e.description)
        .bind(location.name)
        .bind(location.address)
        .bind(location.city)
        .bind(location.online_url)
        .bind(e.organizer.as_ref().map(|o| o.name.clone()))
        .bind(e.organizer.as_ref().and_then(|o| o.url.clone()))
        .bind(tags)
        .bind(&e.url)
        .bind(e.capacity.map(i64::from))
        .bind(new.rsvp_enabled)
        .bind(new.rsvp_open)
        .bind(new.rsvp_closes_at.map(|t| t.to_rfc3339()))
        .bind(new.rsvp_closes_at.map(|t| t.timestamp()))
        .bind(now.to_rfc3339())
        .bind(now.to_rfc3339())
        .bind(&e.series)
        .bind(questions)
        .bind(new.rsvp_mail_consent)
        .bind(new.rsvp_approval)
}

/// Inserts an event bound by [`bind_event`].
pub(super) fn insert_event_sql() -> String {
    let placeholders: Vec<String> = (1..=EVENT_FIELDS.split(',').count()).map(|i| format!("${i}")).collect();
    let placeholders = placeholders.join(", ");
    format!("INSERT INTO events ({EVENT_FIELDS}) VALUES ({placeholders})")
}

/// One listed event's row with its seat counts, inside a transaction; an event its partner
/// feed removed is not listed.
pub(super) async fn event_row(conn: &mut DbConn, id: &str) -> Result<Option<EventRow>, sqlx::Error> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = $1 AND e.removed_at IS NULL");
    sqlx::query_as(&sql).bind(id).fetch_optional(conn).await
}

/// [`event_row`] for an event its partner feed removed too: the organizer still decides on
/// its requests.
pub(super) async fn any_event_row(conn: &mut DbConn, id: &str) -> Result<Option<EventRow>, sqlx::Error> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = $1");
    sqlx::query_as(&sql).bind(id).fetch_optional(conn).await
}

impl EventRow {
    /// The event's questions as stored: a JSON array.
    pub(super) fn questions(&self) -> &str {
        &self.questions
    }

    fn into_admin_event(self, now: DateTime<Utc>) -> Result<AdminEvent, sqlx::Error> {
        let (rsvp_enabled, rsvp_open, rsvp_mail_consent) = (self.rsvp_enabled, self.rsvp_open, self.rsvp_mail_consent);
        let (rsvp_approval, requested) = (self.rsvp_approval, self.requested);
        let (confirmed, waitlisted, pending) = (self.confirmed, self.waitlisted, self.pending);
        let rsvp_closes_at = self.rsvp_closes_at.as_deref().map(parse_time).transpose()?;
        let source = self.source_id.clone();
        let removed_at_source = self.removed_at.as_deref().map(parse_time).transpose()?;
        Ok(AdminEvent {
            event: self.into_event(now)?,
            rsvp_enabled,
            rsvp_open,
            rsvp_closes_at,
            rsvp_mail_consent,
            rsvp_approval,
            requested: count(requested),
            confirmed: count(confirmed),
            waitlisted: count(waitlisted),
            pending: count(pending),
            source,
            removed_at_source,
            personal_data_deleted_after: None,
        })
    }

    pub(super) fn into_event(self, now: DateTime<Utc>) -> Result<Event, sqlx::Error> {
        let starts_at = parse_time(&self.starts_at)?;
        let closes_at = self.rsvp_closes_at.as_deref().map(parse_time).transpose()?;
        let rsvp = self.rsvp_enabled.then(|| {
            let open = rsvp_is_open(self.rsvp_open, closes_at, starts_at, now);
            let seats = Seats { confirmed: self.confirmed, waitlisted: self.waitlisted, pending: self.pending };
            rsvp_state(self.capacity, seats, open, closes_at, self.rsvp_mail_consent, self.rsvp_approval)
        });
        let location = Location {
            name: self.location_name,
            address: self.location_address,
            city: self.location_city,
            online_url: self.online_url,
        };
        let has_location = location != Location::default();
        Ok(Event {
            id: self.id,
            title: self.title,
            kind: self.kind,
            starts_at,
            ends_at: self.ends_at.as_deref().map(parse_time).transpose()?,
            time_zone: self.time_zone,
            summary: self.summary,
            description: self.description,
            location: has_location.then_some(location),
            organizer: self.organizer_name.map(|name| Organizer { name, url: self.organizer_url }),
            tags: serde_json::from_str(&self.tags).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            url: self.url,
            capacity: self.capacity.map(|c| u32::try_from(c).unwrap_or(0)),
            rsvp,
            series: self.series_id,
            questions: serde_json::from_str(&self.questions).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        })
    }
}

impl Engine {
    pub async fn board(&self) -> Result<Board, StoreError> {
        let (title, time_zone, locale): (String, String, String) =
            sqlx::query_as("SELECT title, time_zone, locale FROM board WHERE id = 1").fetch_one(&self.pool).await?;
        Ok(Board { title, time_zone, locale: Some(locale) })
    }

    pub async fn set_board(&self, board: &Board) -> Result<(), StoreError> {
        sqlx::query("UPDATE board SET title = $1, time_zone = $2, locale = $3 WHERE id = 1")
            .bind(&board.title)
            .bind(&board.time_zone)
            .bind(board.locale.as_deref().unwrap_or("de"))
            .execute(&self.pool)
            .await?;
        self.changed([Change::Events]);
        Ok(())
    }

    /// All listed events in start order, with their RSVP state as of `now`.
    pub async fn events(&self, now: DateTime<Utc>) -> Result<Vec<Event>, StoreError> {
        let sql =
            format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.removed_at IS NULL ORDER BY e.starts_at_unix, e.id");
        let rows: Vec<EventRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|row| row.into_event(now)).collect::<Result<_, _>>()?)
    }

    pub async fn admin_events(&self, now: DateTime<Utc>) -> Result<Vec<AdminEvent>, StoreError> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e ORDER BY e.starts_at_unix, e.id");
        let rows: Vec<EventRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|row| row.into_admin_event(now)).collect::<Result<_, _>>()?)
    }

    /// An event's RSVP counts and open state as the feed shows them; `None` for an event
    /// without RSVP through the board, or one that is gone.
    pub async fn rsvp_state(&self, id: &str, now: DateTime<Utc>) -> Result<Option<RsvpState>, StoreError> {
        match self.admin_event(id, now).await {
            Ok(event) => Ok(event.event.rsvp),
            Err(StoreError::EventNotFound) => Ok(None),
            Err(error) => Err(error),
        }
    }

    pub async fn admin_event(&self, id: &str, now: DateTime<Utc>) -> Result<AdminEvent, StoreError> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = $1");
        let row: Option<EventRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.ok_or(StoreError::EventNotFound)?.into_admin_event(now)?)
    }

    pub async fn set_rsvp_open(&self, id: &str, open: bool) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let watch = EventWatch::start(&mut tx, id, Utc::now()).await?;
        let done =
            sqlx::query("UPDATE events SET rsvp_open = $1 WHERE id = $2").bind(open).bind(id).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::EventNotFound);
        }
        watch.finish(&mut tx, Utc::now()).await?;
        tx.commit().await?;
        self.changed([Change::Events]);
        Ok(())
    }

    pub async fn event_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM events").fetch_one(&self.pool).await?)
    }

    pub async fn insert_event(&self, new: &NewEvent, now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let watch = EventWatch::start(&mut tx, &new.event.id, now).await?;
        bind_event(sqlx::query(&insert_event_sql()), new, now).execute(&mut *tx).await?;
        watch.finish(&mut tx, now).await?;
        tx.commit().await?;
        self.changed([Change::Events]);
        Ok(())
    }
}
