//! `GET /api/v1/admin/sources`, `PUT|DELETE /api/v1/admin/sources/{id}` and
//! `POST /api/v1/admin/sources/{id}/refresh`: the partner feeds this board follows.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::Utc;
use stammtisch_model::{
    is_valid_event_id, web_url, Done, EventFieldError, Lang, Problem, SourceInput, SourceList, MAX_TAG, MAX_TAGS,
};

use super::admin::Admin;
use super::json::read_json_body;
use super::request_lang;
use crate::sources::refresh;
use crate::store::{Source, SourceSettings};
use crate::{AppError, AppState};
use stammtisch_model::ApiError;

/// Source ids lead their events' ids, which may have 64 characters in all.
const MAX_SOURCE_ID: usize = 32;
/// Partners' servers are not ours to hammer; a week is the longest sensible wait.
const REFRESH_MINUTES: std::ops::RangeInclusive<u32> = 5..=10_080;

fn settings(id: String, input: SourceInput, lang: Lang) -> Result<SourceSettings, AppError> {
    let invalid = |field, problem| AppError::invalid_event(EventFieldError { field, problem }, lang);
    if !is_valid_event_id(&id) || id.len() > MAX_SOURCE_ID {
        return Err(invalid("id", Problem::InvalidId));
    }
    let url = input.url.trim();
    if url.is_empty() {
        return Err(invalid("url", Problem::Required));
    }
    let url = web_url(url).ok_or_else(|| invalid("url", Problem::NotAUrl))?.to_owned();
    let tags: Vec<String> = input.tags.iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
    if tags.len() > MAX_TAGS {
        return Err(invalid("tags", Problem::TooMany { max: MAX_TAGS }));
    }
    if tags.iter().any(|t| t.chars().count() > MAX_TAG) {
        return Err(invalid("tags", Problem::TooLong { max: MAX_TAG }));
    }
    if tags.iter().any(|t| t.chars().any(char::is_control)) {
        return Err(invalid("tags", Problem::NotOneLine));
    }
    if !REFRESH_MINUTES.contains(&input.refresh_minutes) {
        let (low, high) = (REFRESH_MINUTES.start(), REFRESH_MINUTES.end());
        let message = match lang {
            Lang::De => format!("Bitte zwischen {low} und {high} Minuten (eine Woche)."),
            Lang::En => format!("Please between {low} and {high} minutes (a week)."),
        };
        return Err(AppError::invalid_field("refresh_minutes", message));
    }
    Ok(SourceSettings {
        id,
        url,
        default_kind: input.default_kind,
        tags,
        refresh_minutes: input.refresh_minutes,
        mode: input.mode,
    })
}

/// `GET /api/v1/admin/sources`
#[utoipa::path(get, path = "/api/v1/admin/sources", tag = "organizer",
    responses((status = 200, description = "Every partner feed with its last refresh", body = SourceList)))]
pub async fn list_sources(
    _: Admin,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<SourceList>, AppError> {
    let lang = request_lang(&headers);
    let sources = state.store.sources().await.map_err(|e| AppError::from_store(e, lang))?;
    Ok(Json(SourceList { sources }))
}

/// `PUT /api/v1/admin/sources/{id}`: adds or changes a source and fetches it at once, so the
/// answer already shows what it gave (or why it failed).
#[utoipa::path(put, path = "/api/v1/admin/sources/{id}", tag = "organizer",
    params(("id" = String, Path, description = "The source's id: it leads its events' ids")),
    request_body = SourceInput,
    responses(
        (status = 200, description = "Changed and fetched at once", body = Source),
        (status = 201, description = "Added and fetched at once", body = Source),
        (status = 404, description = "Deleted by another request before its first fetch", body = ApiError),
        (status = 400, description = "Not JSON", body = ApiError),
        (status = 413, description = "Too large", body = ApiError),
        (status = 422, description = "A rule broken; `field` names it", body = ApiError),
    ))]
pub async fn put_source(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Source>), AppError> {
    let lang = request_lang(&headers);
    let body = body.map_err(|rejection| AppError::unreadable_body(&rejection, lang))?;
    let settings = settings(id, read_json_body(&body, lang)?, lang)?;
    let created = state.store.save_source(&settings, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(source = %settings.id, created, "partner feed saved");
    let source =
        refresh(&state.store, &state.fetcher, &settings.id).await.map_err(|e| AppError::from_store(e, lang))?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(source)))
}

/// `POST /api/v1/admin/sources/{id}/refresh`
#[utoipa::path(post, path = "/api/v1/admin/sources/{id}/refresh", tag = "organizer",
    params(("id" = String, Path, description = "The source's id")),
    responses(
        (status = 200, description = "Fetched now; `last_error` says why it failed", body = Source),
        (status = 404, description = "No such source", body = ApiError),
    ))]
pub async fn refresh_source(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Source>, AppError> {
    let lang = request_lang(&headers);
    Ok(Json(refresh(&state.store, &state.fetcher, &id).await.map_err(|e| AppError::from_store(e, lang))?))
}

/// `DELETE /api/v1/admin/sources/{id}`: its events leave the board; those with RSVPs stay
/// hidden for the organizer.
#[utoipa::path(delete, path = "/api/v1/admin/sources/{id}", tag = "organizer",
    params(("id" = String, Path, description = "The source's id")),
    responses(
        (status = 200, description = "Its events leave the board; those with RSVPs stay hidden for the organizer", body = Done),
        (status = 404, description = "No such source", body = ApiError),
    ))]
pub async fn delete_source(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Done>, AppError> {
    let lang = request_lang(&headers);
    state.store.delete_source(&id, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(source = %id, "partner feed deleted");
    Ok(Json(Done::DELETED))
}
