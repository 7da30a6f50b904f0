use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::Utc;
use stammtisch_model::{is_valid_event_id, Field, FieldError, Lang, Problem, RsvpCreated, RsvpRequest};

use super::request_lang;
use crate::token::CancelToken;
use crate::{AppError, AppState};

/// An RSVP is a few hundred bytes; anything much larger is not one.
const MAX_BODY: usize = 16 * 1024;

pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_BODY)
}

/// `POST /api/v1/events/{id}/rsvps`
pub async fn create_rsvp(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<RsvpCreated>), AppError> {
    let lang = request_lang(&headers);
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::payload_too_large(lang),
        _ => AppError::malformed(lang),
    })?;
    let Ok(Path(event_id)) = path else { return Err(AppError::event_not_found(lang)) };
    if !is_valid_event_id(&event_id) {
        return Err(AppError::event_not_found(lang));
    }
    let request = read_request(&body, lang)?;
    let rsvp = request.validate().map_err(|error| AppError::invalid(error, lang))?;
    let token = CancelToken::generate().map_err(|error| AppError::internal(&error, lang))?;
    let outcome = state
        .store
        .create_rsvp(&event_id, &rsvp, lang, &token.hash, Utc::now())
        .await
        .map_err(|error| AppError::from_store(error, lang))?;
    tracing::info!(event = %event_id, status = ?outcome.status, guests = rsvp.guests, "rsvp stored");
    let created = RsvpCreated {
        status: outcome.status,
        waitlist_position: outcome.waitlist_position,
        guests: rsvp.guests,
        cancel_url: format!("{}/rsvp/{}", state.public_url, token.token),
        rsvp: Some(outcome.state),
    };
    Ok((StatusCode::CREATED, Json(created)))
}

/// Reads the JSON body, naming the field whose value has the wrong type.
fn read_request(body: &[u8], lang: Lang) -> Result<RsvpRequest, AppError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let request = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        match Field::from_name(&path) {
            _ if !error.inner().is_data() => AppError::malformed(lang),
            Some(Field::Guests) => {
                AppError::invalid(FieldError { field: Field::Guests, problem: Problem::TooManyGuests }, lang)
            }
            Some(field) => AppError::wrong_type(field.as_str(), lang),
            None => AppError::malformed(lang),
        }
    })?;
    deserializer.end().map_err(|_| AppError::malformed(lang))?;
    Ok(request)
}
