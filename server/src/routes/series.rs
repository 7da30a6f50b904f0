//! `PUT/GET/DELETE /api/v1/admin/series/{id}`: recurring meetings, written once. Each date
//! becomes an event of its own (`{series}-{YYYY-MM-DD}`) with its own RSVPs; writing the
//! series again updates its dates, adds new ones and removes upcoming ones that no longer
//! belong, unless someone has registered for them.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use stammtisch_model::{is_valid_event_id, series_dates, EventFieldError, EventInput, Problem, Repeat};

use super::admin::{board_zone, Admin};
use super::json::read_json_body;
use super::request_lang;
use crate::event_form::new_event;
use crate::{AppError, AppState, StoreError};

/// A series as the organizer writes it; `event` holds what every date shares.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SeriesInput {
    pub repeat: Repeat,
    pub first_date: NaiveDate,
    #[serde(default)]
    pub until: Option<NaiveDate>,
    #[serde(default)]
    pub count: Option<usize>,
    /// Local time in the event's zone, e.g. "12:30".
    pub time: NaiveTime,
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    #[serde(default)]
    pub except: Vec<NaiveDate>,
    pub event: EventInput,
}

#[derive(Serialize)]
pub struct SeriesWritten {
    series: String,
    /// The dates' event ids, upcoming and stored.
    events: Vec<String>,
    /// Upcoming dates the rule no longer has but that keep their RSVPs.
    kept_with_rsvps: Vec<String>,
}

/// Ids of dates are `{series}-{YYYY-MM-DD}`: at most 64 characters.
const MAX_SERIES_ID: usize = 53;

fn invalid(field: &'static str, problem: Problem) -> EventFieldError {
    EventFieldError { field, problem }
}

/// `PUT /api/v1/admin/series/{id}`
pub async fn put_series(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SeriesWritten>, AppError> {
    let lang = request_lang(&headers);
    let body = body.map_err(|rejection| AppError::unreadable_body(&rejection, lang))?;
    let input: SeriesInput = read_json_body(&body, lang)?;
    if !is_valid_event_id(&id) || id.len() > MAX_SERIES_ID {
        return Err(AppError::invalid_event(invalid("id", Problem::InvalidId), lang));
    }
    let board_zone = board_zone(&state, lang).await?;
    let zone_name = input.event.time_zone.clone().filter(|z| !z.trim().is_empty()).unwrap_or(board_zone.clone());
    let zone: chrono_tz::Tz =
        zone_name.parse().map_err(|_| AppError::invalid_event(invalid("time_zone", Problem::UnknownTimeZone), lang))?;

    let now = Utc::now();
    let dates = series_dates(&input.repeat, input.first_date, input.until, input.count, &input.except);
    let mut events = Vec::new();
    for date in dates {
        let local = date.and_time(input.time);
        // A time that does not exist on that day (the hour skipped in spring) moves an hour on.
        let Some(starts_at) = zone
            .from_local_datetime(&local)
            .earliest()
            .or_else(|| zone.from_local_datetime(&(local + Duration::hours(1))).earliest())
        else {
            continue;
        };
        if starts_at.with_timezone(&Utc) <= now {
            continue; // past dates are history, not rewritten
        }
        let mut occurrence = input.event.clone();
        occurrence.id = format!("{id}-{date}");
        occurrence.starts_at = Some(starts_at.fixed_offset());
        occurrence.ends_at =
            input.duration_minutes.map(|m| (starts_at + Duration::minutes(i64::from(m))).fixed_offset());
        occurrence.time_zone = Some(zone_name.clone());
        let new = new_event(occurrence, &board_zone).map_err(|problem| AppError::invalid_event(problem, lang))?;
        events.push(new);
    }
    // A date whose id a partner feed's event already has would be overwritten by both.
    for new in &events {
        if let Ok(existing) = state.store.admin_event(&new.event.id, now).await {
            if existing.source.is_some() {
                return Err(AppError::from_store(StoreError::EventExists, lang));
            }
        }
    }
    state
        .store
        .save_series(&id, &serde_json::to_string(&input).map_err(|e| AppError::internal(&e, lang))?, now)
        .await
        .map_err(|e| AppError::from_store(e, lang))?;

    let before = state.store.upcoming_in_series(&id, now).await.map_err(|e| AppError::from_store(e, lang))?;
    let mut written = Vec::new();
    for new in &events {
        match state.store.create_event(new, now).await {
            Err(StoreError::EventExists) => state.store.update_event(new, now).await,
            other => other,
        }
        .map_err(|e| AppError::from_store(e, lang))?;
        state.store.link_to_series(&new.event.id, &id).await.map_err(|e| AppError::from_store(e, lang))?;
        written.push(new.event.id.clone());
    }
    let mut kept_with_rsvps = Vec::new();
    for stale in before.into_iter().filter(|old| !written.contains(old)) {
        match state.store.delete_event(&stale, false).await {
            Ok(()) | Err(StoreError::EventNotFound) => {}
            Err(StoreError::EventHasRsvps) => kept_with_rsvps.push(stale),
            Err(error) => return Err(AppError::from_store(error, lang)),
        }
    }
    tracing::info!(series = %id, dates = written.len(), "series written");
    Ok(Json(SeriesWritten { series: id, events: written, kept_with_rsvps }))
}

/// `GET /api/v1/admin/series`: every series as written, with its upcoming dates.
pub async fn list_series(
    _: Admin,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, AppError> {
    let lang = request_lang(&headers);
    let now = Utc::now();
    let mut out = Vec::new();
    for (id, definition) in state.store.all_series().await.map_err(|e| AppError::from_store(e, lang))? {
        let upcoming = state.store.upcoming_in_series(&id, now).await.map_err(|e| AppError::from_store(e, lang))?;
        let definition: serde_json::Value = serde_json::from_str(&definition).unwrap_or_default();
        out.push(serde_json::json!({ "id": id, "definition": definition, "upcoming": upcoming }));
    }
    Ok(Json(serde_json::json!({ "series": out })))
}

/// `DELETE /api/v1/admin/series/{id}`: removes upcoming dates without RSVPs; dates with RSVPs
/// stay as single events.
pub async fn delete_series(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<SeriesWritten>, AppError> {
    let lang = request_lang(&headers);
    let upcoming = state.store.upcoming_in_series(&id, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    let mut kept_with_rsvps = Vec::new();
    for event in upcoming {
        match state.store.delete_event(&event, false).await {
            Ok(()) | Err(StoreError::EventNotFound) => {}
            Err(StoreError::EventHasRsvps) => kept_with_rsvps.push(event),
            Err(error) => return Err(AppError::from_store(error, lang)),
        }
    }
    state.store.delete_series(&id).await.map_err(|e| AppError::from_store(e, lang))?;
    Ok(Json(SeriesWritten { series: id, events: Vec::new(), kept_with_rsvps }))
}
