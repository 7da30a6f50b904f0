//! `GET /api/v1/events/{id}.ics` and `GET /api/v1/feed.ics` (docs/API.md §4).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use chrono::Utc;

use super::request_lang;
use crate::calendar::{board_calendar, event_calendar};
use crate::{AppError, AppState};
use stammtisch_model::ApiError;

const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// One event; the path segment is `{id}.ics`.
#[utoipa::path(get, path = "/api/v1/events/{file}", tag = "calendar",
    params(("file" = String, Path, description = "`{id}.ics`", example = "stammtisch-2027-01.ics")),
    responses(
        (status = 200, description = "One event as an iCalendar file", content_type = "text/calendar", body = String),
        (status = 404, description = "No such event, or not `.ics`", body = ApiError),
    ))]
pub async fn event_ics(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = request_lang(&headers);
    let id = file.strip_suffix(".ics").ok_or_else(|| AppError::not_found(lang))?;
    let stored = state.store.admin_event(id, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    if stored.removed_at_source.is_some() {
        return Err(AppError::event_not_found(lang));
    }
    let event = stored.event;
    let disposition = format!("attachment; filename=\"{id}.ics\"");
    Ok((
        [(header::CONTENT_TYPE, CONTENT_TYPE.to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        event_calendar(&event, &state.uid_host),
    )
        .into_response())
}

/// Every event that has not ended, for calendar subscriptions.
#[utoipa::path(get, path = "/api/v1/feed.ics", tag = "calendar",
    responses((status = 200, description = "Every event that has not ended, for calendar subscriptions",
        content_type = "text/calendar", body = String)))]
pub async fn feed_ics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let lang = request_lang(&headers);
    let now = Utc::now();
    let board = state.store.board().await.map_err(|e| AppError::from_store(e, lang))?;
    let events = state.store.events(now).await.map_err(|e| AppError::from_store(e, lang))?;
    let upcoming: Vec<_> = events.into_iter().filter(|e| !e.is_past(now)).collect();
    Ok(([(header::CONTENT_TYPE, CONTENT_TYPE)], board_calendar(&board, &upcoming, &state.uid_host)).into_response())
}
