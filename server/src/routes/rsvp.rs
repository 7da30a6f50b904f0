use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::Utc;
use stammtisch_model::{is_valid_event_id, Field, FieldError, Lang, Problem, RsvpCreated, RsvpRequest, RsvpStatus};

use super::json::{read_json, JsonError};
use super::request_lang;
use crate::client::ClientIp;
use crate::metrics::RsvpOutcome;
use crate::token::CancelToken;
use crate::{AppError, AppState};
use stammtisch_model::ApiError;

/// An RSVP is a few hundred bytes; anything much larger is not one.
const MAX_BODY: usize = 16 * 1024;

pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_BODY)
}

/// `POST /api/v1/events/{id}/rsvps`
#[utoipa::path(post, path = "/api/v1/events/{id}/rsvps", tag = "rsvp",
    params(("id" = String, Path, description = "The event's id")),
    request_body = RsvpRequest,
    responses(
        (status = 201, description = "Stored: confirmed, waitlisted, or pending its confirmation by mail", body = RsvpCreated),
        (status = 400, description = "Not JSON", body = ApiError),
        (status = 404, description = "No such event", body = ApiError),
        (status = 409, description = "`rsvp_closed` or `already_registered`", body = ApiError),
        (status = 413, description = "Larger than 16 KiB", body = ApiError),
        (status = 422, description = "A rule broken or a value of the wrong type; `field` names it", body = ApiError),
        (status = 429, description = "Too many RSVPs from this client; see `Retry-After`", body = ApiError),
    ))]
pub async fn create_rsvp(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<RsvpCreated>), AppError> {
    let lang = request_lang(&headers);
    state.rsvp_rate_limit.check(client).map_err(|wait| AppError::rate_limited(wait, lang))?;
    let body = body.map_err(|rejection| AppError::unreadable_body(&rejection, lang))?;
    let Ok(Path(event_id)) = path else { return Err(AppError::event_not_found(lang)) };
    if !is_valid_event_id(&event_id) {
        return Err(AppError::event_not_found(lang));
    }
    let request = read_request(&body, lang)?;
    let created = store_rsvp(&state, &event_id, &request, lang).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Checks and stores one RSVP, for the API and for the form on the event page alike.
pub async fn store_rsvp(
    state: &AppState,
    event_id: &str,
    request: &RsvpRequest,
    lang: Lang,
) -> Result<RsvpCreated, AppError> {
    let rsvp = request.validate().map_err(|error| {
        state.metrics.rsvp(RsvpOutcome::Invalid);
        AppError::invalid(error, lang)
    })?;
    let token = CancelToken::generate().map_err(|error| AppError::internal(&error, lang))?;
    if request.is_bot() {
        state.metrics.rsvp(RsvpOutcome::Bot);
        tracing::info!(event = %event_id, "honeypot filled: answered like a success, stored nothing");
        return Ok(fake_success(state, &token, rsvp.guests));
    }
    let outcome = state.store.create_rsvp(event_id, &rsvp, lang, &token.hash, Utc::now()).await.map_err(|error| {
        state.metrics.rsvp(RsvpOutcome::of_store_error(&error));
        AppError::from_store(error, lang)
    })?;
    state.metrics.rsvp(match outcome.status {
        RsvpStatus::Waitlisted => RsvpOutcome::Waitlisted,
        RsvpStatus::Pending => RsvpOutcome::Pending,
        RsvpStatus::Requested => RsvpOutcome::Requested,
        _ => RsvpOutcome::Confirmed,
    });
    tracing::info!(event = %event_id, status = ?outcome.status, guests = rsvp.guests, "rsvp stored");
    super::reach::count_rsvp(state, event_id);
    Ok(RsvpCreated {
        status: outcome.status,
        waitlist_position: outcome.waitlist_position,
        guests: rsvp.guests,
        cancel_url: format!("{}/rsvp/{}", state.public_url, token.token),
        rsvp: Some(outcome.state),
    })
}

/// What a bot sees: a success that looks real and a link that leads nowhere.
fn fake_success(state: &AppState, token: &CancelToken, guests: u8) -> RsvpCreated {
    RsvpCreated {
        status: RsvpStatus::Confirmed,
        waitlist_position: None,
        guests,
        cancel_url: format!("{}/rsvp/{}", state.public_url, token.token),
        rsvp: None,
    }
}

/// Reads the JSON body, naming the field whose value has the wrong type.
fn read_request(body: &[u8], lang: Lang) -> Result<RsvpRequest, AppError> {
    read_json(body).map_err(|error| match error {
        JsonError::Malformed => AppError::malformed(lang),
        JsonError::WrongType(path) => match Field::from_name(&path) {
            Some(Field::Guests) => {
                AppError::invalid(FieldError { field: Field::Guests, problem: Problem::TooManyGuests }, lang)
            }
            Some(field) => AppError::wrong_type(field.as_str(), lang),
            None if path == "answers" || path.starts_with("answers.") || path == "mail_consent" => {
                AppError::wrong_type(&path, lang)
            }
            None => AppError::malformed(lang),
        },
    })
}
