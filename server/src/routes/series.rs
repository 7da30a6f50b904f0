//! `PUT/GET/DELETE /api/v1/admin/series/{id}`: recurring meetings, written once. Each date
//! becomes an event of its own (`{series}-{YYYY-MM-DD}`) with its own RSVPs; writing the
//! series again updates its dates, adds new ones and removes upcoming ones that no longer
//! belong, unless someone has registered for them.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use chrono::{Duration, TimeZone, Utc};
use stammtisch_model::{
    is_valid_event_id, series_dates, EventFieldError, Problem, SeriesEntry, SeriesInput, SeriesList, SeriesWritten,
};

use super::admin::{board_zone, Admin};
use super::json::read_json_body;
use super::request_lang;
use crate::event_form::new_event;
use crate::{AppError, AppState};
use stammtisch_model::ApiError;

/// Ids of dates are `{series}-{YYYY-MM-DD}`: at most 64 characters.
const MAX_SERIES_ID: usize = 53;

fn invalid(field: &'static str, problem: Problem) -> EventFieldError {
    EventFieldError { field, problem }
}

/// `PUT /api/v1/admin/series/{id}`
#[utoipa::path(put, path = "/api/v1/admin/series/{id}", tag = "organizer",
    params(("id" = String, Path, description = "The series' id: its dates are `{id}-{YYYY-MM-DD}`")),
    request_body = SeriesInput,
    responses(
        (status = 200, description = "Written in one transaction", body = SeriesWritten),
        (status = 400, description = "Not JSON", body = ApiError),
        (status = 409, description = "`already_exists`: a partner feed's event has a date's id", body = ApiError),
        (status = 413, description = "Larger than the largest valid series", body = ApiError),
        (status = 422, description = "A rule broken; `field` names it", body = ApiError),
    ))]
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
    let definition = serde_json::to_string(&input).map_err(|e| AppError::internal(&e, lang))?;
    let dates =
        state.store.write_series(&id, &definition, &events, now).await.map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(series = %id, dates = dates.written.len(), "series written");
    Ok(Json(SeriesWritten { series: id, events: dates.written, kept_with_rsvps: dates.kept_with_rsvps }))
}

/// `GET /api/v1/admin/series`: every series as written, with its upcoming dates.
#[utoipa::path(get, path = "/api/v1/admin/series", tag = "organizer",
    responses((status = 200, description = "Every series as written, with its upcoming dates", body = SeriesList)))]
pub async fn list_series(
    _: Admin,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<SeriesList>, AppError> {
    let lang = request_lang(&headers);
    let now = Utc::now();
    let mut series = Vec::new();
    for (id, definition) in state.store.all_series().await.map_err(|e| AppError::from_store(e, lang))? {
        // Written by this server from a `SeriesInput`; one that no longer reads (an older
        // shape edited by hand) is left out of the list rather than failing it.
        let Ok(definition) = serde_json::from_str::<SeriesInput>(&definition) else {
            tracing::warn!(series = %id, "a stored series definition is unreadable");
            continue;
        };
        let upcoming = state.store.upcoming_in_series(&id, now).await.map_err(|e| AppError::from_store(e, lang))?;
        series.push(SeriesEntry { id, definition, upcoming });
    }
    Ok(Json(SeriesList { series }))
}

/// `DELETE /api/v1/admin/series/{id}`: removes upcoming dates without RSVPs; dates with RSVPs
/// stay as single events.
#[utoipa::path(delete, path = "/api/v1/admin/series/{id}", tag = "organizer",
    params(("id" = String, Path, description = "The series' id")),
    responses(
        (status = 200, description = "Deleted with its upcoming dates; those with RSVPs stay as single events", body = SeriesWritten),
        (status = 404, description = "No such series", body = ApiError),
    ))]
pub async fn delete_series(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<SeriesWritten>, AppError> {
    let lang = request_lang(&headers);
    let dates = state.store.delete_series(&id, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    Ok(Json(SeriesWritten { series: id, events: Vec::new(), kept_with_rsvps: dates.kept_with_rsvps }))
}
