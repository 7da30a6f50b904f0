//! The organizer API (docs/API.md §3), behind `Authorization: Bearer <admin token>`.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use stammtisch_model::{
    AdminEventList, AttendeeList, CheckIn, Decision, Done, EventFieldError, EventInput, Lang, MailList, Problem, Stats,
};
use subtle::ConstantTimeEq;

use super::json::{read_json, read_json_body};
use super::request_lang;
use crate::client::ClientIp;
use crate::export::attendees_csv;
use crate::store::{NewEvent, StoreError};
use crate::{AppError, AppState};
use stammtisch_model::{AdminEvent, ApiError};

/// Proof that the request carried the admin token.
pub struct Admin;

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = request_lang(&parts.headers);
        let Ok(ClientIp(client)) = ClientIp::from_request_parts(parts, state).await;
        state.admin_failures.admit(client).map_err(|wait| AppError::too_many_attempts(wait, lang))?;
        let sent = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|token| Sha256::digest(token.trim().as_bytes()));
        match (&state.admin_token_hash, sent) {
            // Comparing hashes in constant time: neither length nor content leaks through timing.
            (Some(expected), Some(sent)) if bool::from(expected.as_ref().ct_eq(sent.as_slice())) => Ok(Admin),
            _ => {
                state.admin_failures.failed(client).map_err(|wait| AppError::too_many_attempts(wait, lang))?;
                Err(AppError::unauthorized(lang))
            }
        }
    }
}

/// Checks an organizer's event with the model's rules and the server's zone database.
fn new_event(body: &[u8], board_zone: &str, lang: Lang) -> Result<NewEvent, AppError> {
    let input: EventInput = read_json_body(body, lang)?;
    crate::event_form::new_event(input, board_zone).map_err(|problem| AppError::invalid_event(problem, lang))
}

pub(super) async fn board_zone(state: &AppState, lang: Lang) -> Result<String, AppError> {
    Ok(state.store.board().await.map_err(|e| AppError::from_store(e, lang))?.time_zone)
}

/// `GET /api/v1/admin/stats`: what the server holds open right now.
#[utoipa::path(get, path = "/api/v1/admin/stats", tag = "organizer",
    responses((status = 200, description = "What this server holds open", body = Stats)))]
pub async fn stats(_: Admin, State(state): State<AppState>) -> Json<Stats> {
    Json(Stats { open_streams: u32::try_from(state.live.open_streams()).unwrap_or(u32::MAX) })
}

/// The event with the day its attendees' personal data goes under the retention setting.
fn with_retention(mut event: AdminEvent, state: &AppState) -> AdminEvent {
    if state.retention_days > 0 {
        let end = event.event.ends_at.unwrap_or(event.event.starts_at).with_timezone(&Utc);
        // A retention of millions of days is past every date chrono knows: then nothing goes.
        event.personal_data_deleted_after =
            chrono::Duration::try_days(i64::from(state.retention_days)).and_then(|keep| end.checked_add_signed(keep));
    }
    event
}

#[derive(Deserialize)]
pub struct MailOptions {
    #[serde(default)]
    all: bool,
}

/// `GET /api/v1/admin/mails[?all=true]`: mails that failed or are being retried (with `all`,
/// every mail, sent ones included); never their texts, which carry attendees' links.
#[utoipa::path(get, path = "/api/v1/admin/mails", tag = "organizer",
    params(("all" = Option<bool>, Query, description = "Every mail, sent ones included")),
    responses(
        (status = 200, description = "Mails that failed or are retried, newest first (at most 1,000)", body = MailList),
        (status = 422, description = "`all` is not `true` or `false`", body = ApiError),
    ))]
pub async fn mails(
    _: Admin,
    State(state): State<AppState>,
    options: Result<Query<MailOptions>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Json<MailList>, AppError> {
    let lang = request_lang(&headers);
    let all = options.map_err(|_| AppError::wrong_type("all", lang))?.all;
    let mails = state.store.mail_status(all).await.map_err(|e| AppError::from_store(e, lang))?;
    Ok(Json(MailList { mails }))
}

/// `GET /api/v1/admin/events`
#[utoipa::path(get, path = "/api/v1/admin/events", tag = "organizer",
    responses((status = 200, description = "Every event, with seats taken and waiting", body = AdminEventList)))]
pub async fn list_events(
    _: Admin,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<AdminEventList>, AppError> {
    let lang = request_lang(&headers);
    let events = state.store.admin_events(Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    let events: Vec<AdminEvent> = events.into_iter().map(|event| with_retention(event, &state)).collect();
    Ok(Json(AdminEventList { events }))
}

/// `POST /api/v1/admin/events`
#[utoipa::path(post, path = "/api/v1/admin/events", tag = "organizer",
    request_body = EventInput,
    responses(
        (status = 201, description = "Created", body = AdminEvent),
        (status = 400, description = "Not JSON", body = ApiError),
        (status = 409, description = "`already_exists`: the id is taken", body = ApiError),
        (status = 413, description = "Larger than the largest valid event", body = ApiError),
        (status = 422, description = "A rule broken; `field` names it", body = ApiError),
    ))]
pub async fn create_event(
    _: Admin,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<AdminEvent>), AppError> {
    let lang = request_lang(&headers);
    let body = body.map_err(|rejection| AppError::unreadable_body(&rejection, lang))?;
    let new = new_event(&body, &board_zone(&state, lang).await?, lang)?;
    let now = Utc::now();
    state.store.create_event(&new, now).await.map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(event = %new.event.id, "event created");
    let created = state.store.admin_event(&new.event.id, now).await.map_err(|e| AppError::from_store(e, lang))?;
    Ok((StatusCode::CREATED, Json(with_retention(created, &state))))
}

/// `GET /api/v1/admin/events/{id}`
#[utoipa::path(get, path = "/api/v1/admin/events/{id}", tag = "organizer",
    params(("id" = String, Path, description = "The event's id")),
    responses(
        (status = 200, description = "The event", body = AdminEvent),
        (status = 404, description = "No such event", body = ApiError),
    ))]
pub async fn get_event(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<AdminEvent>, AppError> {
    let lang = request_lang(&headers);
    let event = state.store.admin_event(&id, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    Ok(Json(with_retention(event, &state)))
}

/// `PUT /api/v1/admin/events/{id}`: replaces the event; the id in the body, if any, must match.
#[utoipa::path(put, path = "/api/v1/admin/events/{id}", tag = "organizer",
    params(("id" = String, Path, description = "The event's id; an `id` in the body must match")),
    request_body = EventInput,
    responses(
        (status = 200, description = "Replaced; more seats promote waiting parties, a new time or place mails attendees", body = AdminEvent),
        (status = 400, description = "Not JSON", body = ApiError),
        (status = 404, description = "No such event", body = ApiError),
        (status = 413, description = "Larger than the largest valid event", body = ApiError),
        (status = 422, description = "A rule broken, or fewer seats than are taken; `field` names it", body = ApiError),
    ))]
pub async fn update_event(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AdminEvent>, AppError> {
    let lang = request_lang(&headers);
    let body = body.map_err(|rejection| AppError::unreadable_body(&rejection, lang))?;
    let mut input: serde_json::Value = read_json(&body).map_err(|_| AppError::malformed(lang))?;
    match input.get("id").and_then(|v| v.as_str()) {
        Some(body_id) if body_id != id => {
            return Err(AppError::invalid_event(EventFieldError { field: "id", problem: Problem::InvalidId }, lang))
        }
        _ => {
            if let Some(object) = input.as_object_mut() {
                object.insert("id".into(), id.clone().into());
            }
        }
    }
    let body = serde_json::to_vec(&input).map_err(|e| AppError::internal(&e, lang))?;
    let new = new_event(&body, &board_zone(&state, lang).await?, lang)?;
    let now = Utc::now();
    state.store.update_event(&new, now).await.map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(event = %id, "event updated");
    let event = state.store.admin_event(&id, now).await.map_err(|e| AppError::from_store(e, lang))?;
    Ok(Json(with_retention(event, &state)))
}

#[derive(Deserialize)]
pub struct DeleteOptions {
    #[serde(default)]
    force: bool,
}

/// `DELETE /api/v1/admin/events/{id}[?force=true]`
#[utoipa::path(delete, path = "/api/v1/admin/events/{id}", tag = "organizer",
    params(
        ("id" = String, Path, description = "The event's id"),
        ("force" = Option<bool>, Query, description = "Also when it has RSVPs: they go with it, their owners get a mail"),
    ),
    responses(
        (status = 200, description = "Deleted", body = Done),
        (status = 404, description = "No such event", body = ApiError),
        (status = 409, description = "`has_rsvps`: add `force=true`", body = ApiError),
        (status = 422, description = "`force` is not `true` or `false`", body = ApiError),
    ))]
pub async fn delete_event(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    options: Result<Query<DeleteOptions>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Json<Done>, AppError> {
    let lang = request_lang(&headers);
    let force = options.map_err(|_| AppError::wrong_type("force", lang))?.force;
    state.store.delete_event(&id, force).await.map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(event = %id, force, "event deleted");
    Ok(Json(Done::DELETED))
}

/// `GET /api/v1/admin/events/{id}/rsvps`: JSON, or CSV for `Accept: text/csv`.
#[utoipa::path(get, path = "/api/v1/admin/events/{id}/rsvps", tag = "organizer",
    params(("id" = String, Path, description = "The event's id")),
    responses(
        (status = 200, description = "Everybody who answered, in arrival order; CSV for `Accept: text/csv`",
            content((AttendeeList = "application/json"), (String = "text/csv"))),
        (status = 404, description = "No such event", body = ApiError),
    ))]
pub async fn list_rsvps(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = request_lang(&headers);
    let wants_csv =
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|accept| accept.contains("text/csv"));
    if wants_csv {
        return csv_response(&state, &id, lang).await;
    }
    let attendees = state.store.attendees(&id).await.map_err(|e| AppError::from_store(e, lang))?;
    Ok(Json(AttendeeList { rsvps: attendees }).into_response())
}

/// `POST /api/v1/admin/events/{id}/rsvps/{rsvp}/approve`: the organizer says yes to a
/// request; it takes a seat, or the waitlist, by the usual rules.
#[utoipa::path(post, path = "/api/v1/admin/events/{id}/rsvps/{rsvp}/approve", tag = "organizer",
    params(("id" = String, Path, description = "The event's id"), ("rsvp" = String, Path, description = "The RSVP's id")),
    responses(
        (status = 200, description = "Approved: `confirmed`, or `waitlisted` with its place; again, the same answer", body = Decision),
        (status = 404, description = "No such event or RSVP", body = ApiError),
        (status = 409, description = "`not_requested`: not a request, or its address is not confirmed yet", body = ApiError),
    ))]
pub async fn approve_rsvp(
    admin: Admin,
    state: State<AppState>,
    path: Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Decision>, AppError> {
    decide(admin, state, path, headers, true).await
}

/// `POST /api/v1/admin/events/{id}/rsvps/{rsvp}/decline`: the organizer says no to a request.
#[utoipa::path(post, path = "/api/v1/admin/events/{id}/rsvps/{rsvp}/decline", tag = "organizer",
    params(("id" = String, Path, description = "The event's id"), ("rsvp" = String, Path, description = "The RSVP's id")),
    responses(
        (status = 200, description = "Declined; again, the same answer", body = Decision),
        (status = 404, description = "No such event or RSVP", body = ApiError),
        (status = 409, description = "`not_requested`: not a request, or its address is not confirmed yet", body = ApiError),
    ))]
pub async fn decline_rsvp(
    admin: Admin,
    state: State<AppState>,
    path: Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Decision>, AppError> {
    decide(admin, state, path, headers, false).await
}

/// An RSVP's id from the path: what cannot be one names no RSVP, so it is a 404 like any other.
fn rsvp_id(text: &str, lang: Lang) -> Result<i64, AppError> {
    text.parse().map_err(|_| AppError::from_store(StoreError::RsvpNotFound, lang))
}

async fn decide(
    _: Admin,
    State(state): State<AppState>,
    Path((id, rsvp)): Path<(String, String)>,
    headers: HeaderMap,
    approve: bool,
) -> Result<Json<Decision>, AppError> {
    let lang = request_lang(&headers);
    let rsvp = rsvp_id(&rsvp, lang)?;
    let decision =
        state.store.decide_rsvp(&id, rsvp, approve, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(event = %id, rsvp, status = ?decision.status, "request decided by the organizer");
    Ok(Json(decision))
}

/// `POST /api/v1/admin/events/{id}/rsvps/{rsvp}/check-in`: the attendee is at the door.
#[utoipa::path(post, path = "/api/v1/admin/events/{id}/rsvps/{rsvp}/check-in", tag = "organizer",
    params(("id" = String, Path, description = "The event's id"), ("rsvp" = String, Path, description = "The RSVP's id")),
    responses(
        (status = 200, description = "Checked in; again, the first time stays", body = CheckIn),
        (status = 404, description = "No such event or RSVP", body = ApiError),
        (status = 409, description = "`not_confirmed`: the RSVP has no seat", body = ApiError),
    ))]
pub async fn check_in(
    admin: Admin,
    state: State<AppState>,
    path: Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<CheckIn>, AppError> {
    set_check_in(admin, state, path, headers, true).await
}

/// `DELETE /api/v1/admin/events/{id}/rsvps/{rsvp}/check-in`: a check-in tapped by mistake.
#[utoipa::path(delete, path = "/api/v1/admin/events/{id}/rsvps/{rsvp}/check-in", tag = "organizer",
    operation_id = "undo_check_in",
    params(("id" = String, Path, description = "The event's id"), ("rsvp" = String, Path, description = "The RSVP's id")),
    responses(
        (status = 200, description = "Taken back: `checked_in_at` is null", body = CheckIn),
        (status = 404, description = "No such event or RSVP", body = ApiError),
    ))]
pub async fn undo_check_in(
    admin: Admin,
    state: State<AppState>,
    path: Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<CheckIn>, AppError> {
    set_check_in(admin, state, path, headers, false).await
}

async fn set_check_in(
    _: Admin,
    State(state): State<AppState>,
    Path((id, rsvp)): Path<(String, String)>,
    headers: HeaderMap,
    arrived: bool,
) -> Result<Json<CheckIn>, AppError> {
    let lang = request_lang(&headers);
    let rsvp = rsvp_id(&rsvp, lang)?;
    let checked_in_at =
        state.store.check_in(&id, rsvp, arrived, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(event = %id, rsvp, arrived, "check-in");
    Ok(Json(CheckIn { checked_in_at }))
}

/// `DELETE /api/v1/admin/events/{id}/rsvps/{rsvp}`: the organizer cancels on someone's
/// behalf (a phone call, an e-mail); waiting parties move up as with the attendee's own link.
#[utoipa::path(delete, path = "/api/v1/admin/events/{id}/rsvps/{rsvp}", tag = "organizer",
    operation_id = "cancel_rsvp_for_attendee",
    params(("id" = String, Path, description = "The event's id"), ("rsvp" = String, Path, description = "The RSVP's id")),
    responses(
        (status = 200, description = "Cancelled on the attendee's behalf; the waitlist moves up", body = Done),
        (status = 404, description = "No such event or RSVP", body = ApiError),
    ))]
pub async fn cancel_rsvp(
    _: Admin,
    State(state): State<AppState>,
    Path((id, rsvp)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Done>, AppError> {
    let lang = request_lang(&headers);
    let rsvp = rsvp_id(&rsvp, lang)?;
    state.store.cancel_rsvp_by_id(&id, rsvp, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(event = %id, rsvp, "RSVP cancelled by the organizer");
    Ok(Json(Done::CANCELLED))
}

/// `GET /api/v1/admin/events/{id}/rsvps.csv`, for Excel: UTF-8 with BOM, `;`-separated.
#[utoipa::path(get, path = "/api/v1/admin/events/{id}/rsvps.csv", tag = "organizer",
    params(("id" = String, Path, description = "The event's id")),
    responses(
        (status = 200, description = "The attendee list for Excel: UTF-8 with BOM, `;`-separated, formulas made text",
            content_type = "text/csv", body = String),
        (status = 404, description = "No such event", body = ApiError),
    ))]
pub async fn list_rsvps_csv(
    _: Admin,
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = request_lang(&headers);
    if file != "rsvps.csv" {
        return Err(AppError::not_found(lang));
    }
    csv_response(&state, &id, lang).await
}

async fn csv_response(state: &AppState, id: &str, lang: Lang) -> Result<Response, AppError> {
    let attendees = state.store.attendees(id).await.map_err(|e| AppError::from_store(e, lang))?;
    let event = state.store.admin_event(id, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    let csv = attendees_csv(&attendees, &event.event.questions, lang).map_err(|e| AppError::internal(&e, lang))?;
    let disposition = format!("attachment; filename=\"anmeldungen-{id}.csv\"");
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        csv,
    )
        .into_response())
}
