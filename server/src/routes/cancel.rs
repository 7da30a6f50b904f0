//! Cancelling an RSVP: the API call and the small page behind the link in the board and mails.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use chrono::Utc;
use stammtisch_model::{Lang, RsvpStatus};

use super::request_lang;
use crate::dates::long_date_time;
use crate::html::{escape, private_page_headers};
use crate::store::{RsvpView, StoreError};
use crate::token;
use crate::{AppError, AppState};
use stammtisch_model::{ApiError, Done};

/// Tokens are 43 characters of base64url; anything else is not one and is not worth hashing
/// (nor safe to echo into a redirect's `Location`).
fn token_hash(token: &str) -> Option<Vec<u8>> {
    let plausible = token.len() <= 128 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    plausible.then(|| token::hash(token))
}

/// `DELETE /api/v1/rsvps/{token}`: `200 {"status":"cancelled"}`, also when it already was.
#[utoipa::path(delete, path = "/api/v1/rsvps/{token}", tag = "rsvp", operation_id = "cancel_own_rsvp",
    params(("token" = String, Path, description = "The token of the attendee's cancel link")),
    responses(
        (status = 200, description = "Cancelled now or before; waiting parties that fit move up", body = Done),
        (status = 404, description = "No RSVP has this token", body = ApiError),
    ))]
pub async fn cancel_rsvp(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Done>, AppError> {
    let lang = request_lang(&headers);
    let hash = token_hash(&token).ok_or_else(|| AppError::from_store(StoreError::RsvpNotFound, lang))?;
    let done = state.store.cancel_rsvp(&hash, Utc::now()).await.map_err(|e| AppError::from_store(e, lang))?;
    tracing::info!(?done, "rsvp cancelled");
    Ok(Json(Done::CANCELLED))
}

/// `GET /rsvp/{token}`: the RSVP and a button to cancel it, no script needed.
pub async fn cancel_page(State(state): State<AppState>, Path(token): Path<String>, headers: HeaderMap) -> Response {
    let lang = page_lang(&headers);
    let found = match token_hash(&token) {
        Some(hash) => state.store.rsvp_by_token(&hash).await,
        None => Err(StoreError::RsvpNotFound),
    };
    let (status, body) = match found {
        Ok(rsvp) => (StatusCode::OK, rsvp_section(&rsvp, &token, lang)),
        Err(StoreError::RsvpNotFound) => (StatusCode::NOT_FOUND, not_found_section(lang)),
        Err(error) => return failure_page(error, lang, "cancel page failed"),
    };
    (status, private_page_headers(), Html(page(lang, &body))).into_response()
}

/// `POST /rsvp/{token}/cancel`: the page's button; back to the page, which then says so.
pub async fn cancel_from_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(hash) = token_hash(&token) else { return StatusCode::NOT_FOUND.into_response() };
    match state.store.cancel_rsvp(&hash, Utc::now()).await {
        Ok(_) | Err(StoreError::RsvpNotFound) => Redirect::to(&format!("/rsvp/{token}")).into_response(),
        Err(error) => failure_page(error, page_lang(&headers), "cancel from page failed"),
    }
}

/// `POST /rsvp/{token}/confirm`: the page's "Anmeldung bestätigen" button (double opt-in).
/// A button, not the mail's link itself: mail scanners open links, people press buttons.
pub async fn confirm_from_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(hash) = token_hash(&token) else { return StatusCode::NOT_FOUND.into_response() };
    match state.store.confirm_rsvp(&hash, Utc::now()).await {
        Ok(_) | Err(StoreError::RsvpNotFound) => Redirect::to(&format!("/rsvp/{token}")).into_response(),
        Err(error) => failure_page(error, page_lang(&headers), "confirming from the page failed"),
    }
}

/// `POST /rsvp/{token}/delete`: "delete my data": cancels the RSVP and deletes the person's
/// name, e-mail, company and note; the page then says so.
pub async fn delete_from_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(hash) = token_hash(&token) else { return StatusCode::NOT_FOUND.into_response() };
    match state.store.forget_rsvp(&hash, Utc::now()).await {
        Ok(()) | Err(StoreError::RsvpNotFound) => Redirect::to(&format!("/rsvp/{token}")).into_response(),
        Err(error) => failure_page(error, page_lang(&headers), "deleting personal data from the page failed"),
    }
}

fn page(lang: Lang, body: &str) -> String {
    let title = match lang {
        Lang::De => "Ihre Anmeldung",
        Lang::En => "Your registration",
    };
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title}</title>\
         <link rel=\"stylesheet\" href=\"/page.css\"></head>\
         <body><main class=\"card\">{body}</main></body></html>\n",
        lang.tag()
    )
}

fn rsvp_section(rsvp: &RsvpView, token: &str, lang: Lang) -> String {
    let when = rsvp.starts_at().map(|t| long_date_time(t, &rsvp.time_zone, lang)).unwrap_or_default();
    let place = rsvp.location.as_deref().map(|p| format!("<p>{}</p>", escape(p))).unwrap_or_default();
    if rsvp.personal_data_deleted_at.is_some() {
        let (heading, said) = match lang {
            Lang::De => (
                "Ihre Daten sind gelöscht",
                "Ihre Anmeldung ist storniert; Name, E-Mail-Adresse, Firma und Anmerkung sind gelöscht.",
            ),
            Lang::En => (
                "Your data is deleted",
                "Your registration is cancelled; name, e-mail address, company and note are deleted.",
            ),
        };
        return format!(
            "<h1>{heading}</h1><h2>{}</h2><p>{}</p>{place}<p class=\"state\">{said}</p>",
            escape(&rsvp.event_title),
            escape(&when)
        );
    }
    let status = if rsvp.awaiting_confirmation { RsvpStatus::Pending } else { rsvp.status };
    let (heading, state, button, guests) = match lang {
        Lang::De => (
            "Ihre Anmeldung",
            match status {
                RsvpStatus::Confirmed => "Sie sind angemeldet.",
                RsvpStatus::Waitlisted => "Sie stehen auf der Warteliste.",
                RsvpStatus::Pending => "Ihre Anmeldung wartet auf Bestätigung.",
                RsvpStatus::Cancelled => "Diese Anmeldung ist storniert. Ihr Platz ist wieder frei.",
                RsvpStatus::Requested => "Ihre Anfrage ist eingegangen. Der Veranstalter bestätigt jede Anmeldung einzeln; Sie erhalten eine E-Mail, sobald er entschieden hat.",
                RsvpStatus::Declined => "Der Veranstalter konnte Ihre Anfrage leider nicht bestätigen.",
            },
            "Anmeldung stornieren",
            match rsvp.guests {
                0 => String::new(),
                1 => "mit 1 Begleitperson".to_owned(),
                n => format!("mit {n} Begleitpersonen"),
            },
        ),
        Lang::En => (
            "Your registration",
            match status {
                RsvpStatus::Confirmed => "You are registered.",
                RsvpStatus::Waitlisted => "You are on the waitlist.",
                RsvpStatus::Pending => "Your registration awaits confirmation.",
                RsvpStatus::Cancelled => "This registration is cancelled. Your seat is free again.",
                RsvpStatus::Requested => "Your request is in. The organizer approves each registration; you will get an e-mail once they have decided.",
                RsvpStatus::Declined => "The organizer could not approve your request.",
            },
            "Cancel registration",
            match rsvp.guests {
                0 => String::new(),
                1 => "with 1 guest".to_owned(),
                n => format!("with {n} guests"),
            },
        ),
    };
    let (confirm_button, confirm_hint) = match lang {
        Lang::De => ("Anmeldung bestätigen", "Erst mit Ihrer Bestätigung gilt die Anmeldung."),
        Lang::En => ("Confirm registration", "Your registration counts once you confirm it."),
    };
    let confirm = if rsvp.awaiting_confirmation {
        format!(
            "<form method=\"post\" action=\"/rsvp/{}/confirm\"><button type=\"submit\">{confirm_button}</button>\
             <p class=\"hint\">{confirm_hint}</p></form>",
            escape(token)
        )
    } else {
        String::new()
    };
    let cancel = if matches!(rsvp.status, RsvpStatus::Cancelled | RsvpStatus::Declined) {
        String::new()
    } else {
        format!(
            "<form method=\"post\" action=\"/rsvp/{}/cancel\"><button type=\"submit\">{button}</button></form>",
            escape(token)
        )
    };
    let (forget, forget_hint) = match lang {
        Lang::De => {
            ("Meine Daten löschen", "Storniert die Anmeldung und löscht Name, E-Mail-Adresse, Firma und Anmerkung.")
        }
        Lang::En => ("Delete my data", "Cancels the registration and deletes name, e-mail address, company and note."),
    };
    let form = format!(
        "{confirm}{cancel}<form method=\"post\" action=\"/rsvp/{}/delete\" class=\"secondary\"><button type=\"submit\">{forget}</button>\
         <p class=\"hint\">{forget_hint}</p></form>",
        escape(token)
    );
    format!(
        "<h1>{heading}</h1><h2>{}</h2><p>{}</p>{place}<p>{} {}</p><p class=\"state\">{state}</p>{form}",
        escape(&rsvp.event_title),
        escape(&when),
        escape(&rsvp.name),
        escape(&guests),
    )
}

fn not_found_section(lang: Lang) -> String {
    match lang {
        Lang::De => "<h1>Anmeldung nicht gefunden</h1><p>Diesen Link kennen wir nicht. Bitte prüfen Sie, ob er vollständig ist.</p>",
        Lang::En => "<h1>Registration not found</h1><p>We do not know this link. Please check that it is complete.</p>",
    }
    .to_owned()
}

/// The page's language: the browser's, else German.
pub fn page_lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or(Lang::De)
}

/// The page when the store failed: `503` with `Retry-After` while the database is away for a
/// moment, else `500`; the cause goes to the log only.
fn failure_page(error: StoreError, lang: Lang, what: &str) -> Response {
    let mut response = (private_page_headers(), Html(page(lang, &failure_section(lang)))).into_response();
    if error.is_temporary() {
        tracing::warn!(%error, "{what}");
        *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        response.headers_mut().insert(header::RETRY_AFTER, axum::http::HeaderValue::from_static("2"));
    } else {
        tracing::error!(%error, "{what}");
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    }
    response
}

fn failure_section(lang: Lang) -> String {
    match lang {
        Lang::De => "<h1>Das hat nicht geklappt</h1><p>Bitte versuchen Sie es später erneut.</p>",
        Lang::En => "<h1>That did not work</h1><p>Please try again later.</p>",
    }
    .to_owned()
}
