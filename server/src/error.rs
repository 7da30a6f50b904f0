//! The one way the API answers with an error: the contract's JSON shape, never internals.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use stammtisch_model::{ApiError, ErrorCode, FieldError, Lang};

use crate::store::StoreError;

#[derive(Debug)]
pub struct AppError {
    status: StatusCode,
    body: ApiError,
    retry_after: Option<Duration>,
}

impl AppError {
    fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>, field: Option<&str>) -> Self {
        AppError {
            status,
            retry_after: None,
            body: ApiError { error: code, message: message.into(), field: field.map(str::to_owned) },
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What the API would answer in JSON, for pages that show the same error in words.
    pub fn body(&self) -> &ApiError {
        &self.body
    }

    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The request was not JSON at all.
    pub fn malformed(lang: Lang) -> Self {
        let message = match lang {
            Lang::De => "Die Anfrage ist kein gültiges JSON.",
            Lang::En => "The request body is not valid JSON.",
        };
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidInput, message, None)
    }

    /// A field had the wrong type, e.g. `"guests": "two"`.
    pub fn wrong_type(field: &str, lang: Lang) -> Self {
        let message = match lang {
            Lang::De => format!("Das Feld „{field}“ hat den falschen Typ."),
            Lang::En => format!("The field “{field}” has the wrong type."),
        };
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidInput, message, Some(field))
    }

    pub fn invalid(error: FieldError, lang: Lang) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidInput,
            error.message(lang),
            Some(error.field.as_str()),
        )
    }

    /// A body that could not be read: too large, or not readable at all.
    pub fn unreadable_body(rejection: &axum::extract::rejection::BytesRejection, lang: Lang) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Self::payload_too_large(lang),
            _ => Self::malformed(lang),
        }
    }

    pub fn payload_too_large(lang: Lang) -> Self {
        let message = match lang {
            Lang::De => "Die Anfrage ist zu groß.",
            Lang::En => "The request is too large.",
        };
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge, message, None)
    }

    /// `429` with `Retry-After` in whole seconds, rounded up.
    pub fn rate_limited(wait: Duration, lang: Lang) -> Self {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let message = match lang {
            Lang::De => {
                format!("Zu viele Anmeldungen in kurzer Zeit. Bitte versuchen Sie es in {seconds} Sekunden erneut.")
            }
            Lang::En => format!("Too many registrations in a short time. Please try again in {seconds} seconds."),
        };
        let mut error = Self::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited, message, None);
        error.retry_after = Some(Duration::from_secs(seconds.max(1)));
        error
    }

    /// `429` after too many wrong admin tokens from one client.
    pub fn too_many_attempts(wait: Duration, lang: Lang) -> Self {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let message = match lang {
            Lang::De => format!("Zu viele falsche Anmeldeversuche. Bitte warten Sie {seconds} Sekunden."),
            Lang::En => format!("Too many wrong sign-in attempts. Please wait {seconds} seconds."),
        };
        let mut error = Self::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited, message, None);
        error.retry_after = Some(Duration::from_secs(seconds.max(1)));
        error
    }

    /// `429`: this client holds as many live streams as it may.
    pub fn too_many_streams(lang: Lang) -> Self {
        let message = match lang {
            Lang::De => {
                "Zu viele offene Live-Verbindungen von Ihrer Adresse. Bitte schließen Sie andere Seiten mit dem Board."
            }
            Lang::En => "Too many open live connections from your address. Please close other pages with the board.",
        };
        let mut error = Self::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited, message, None);
        error.retry_after = Some(Duration::from_secs(30));
        error
    }

    /// `401`: no admin token configured, none sent, or a wrong one.
    pub fn unauthorized(lang: Lang) -> Self {
        let message = match lang {
            Lang::De => "Bitte melden Sie sich mit dem Admin-Token an.",
            Lang::En => "Please authenticate with the admin token.",
        };
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, message, None)
    }

    /// A rule of the organizer API's own, with its message.
    pub fn invalid_field(field: &str, message: String) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidInput, message, Some(field))
    }

    pub fn invalid_event(error: stammtisch_model::EventFieldError, lang: Lang) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidInput, error.message(lang), Some(error.field))
    }

    pub fn not_found(lang: Lang) -> Self {
        let message = match lang {
            Lang::De => "Diese Adresse gibt es nicht.",
            Lang::En => "There is nothing at this address.",
        };
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message, None)
    }

    pub fn event_not_found(lang: Lang) -> Self {
        let message = match lang {
            Lang::De => "Diese Veranstaltung gibt es nicht (mehr).",
            Lang::En => "This event does not exist (any more).",
        };
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message, None)
    }

    pub fn from_store(error: StoreError, lang: Lang) -> Self {
        let temporary = error.is_temporary();
        match error {
            StoreError::EventNotFound => Self::event_not_found(lang),
            StoreError::InvalidAnswer(error) => Self::invalid_field(&error.field(), error.message(lang)),
            StoreError::RsvpNotFound => {
                let message = match lang {
                    Lang::De => "Diese Anmeldung gibt es nicht.",
                    Lang::En => "This registration does not exist.",
                };
                Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message, None)
            }
            StoreError::SourceNotFound => {
                let message = match lang {
                    Lang::De => "Diesen Partner-Feed gibt es nicht.",
                    Lang::En => "This partner feed does not exist.",
                };
                Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message, None)
            }
            StoreError::WebhookNotFound => {
                let message = match lang {
                    Lang::De => "Diesen Webhook gibt es nicht.",
                    Lang::En => "This webhook does not exist.",
                };
                Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message, None)
            }
            StoreError::DeliveryNotFound => {
                let message = match lang {
                    Lang::De => "Diese Zustellung gibt es nicht, oder sie kann nicht mehr gesendet werden (die Daten der Person sind gelöscht).",
                    Lang::En => "This delivery does not exist, or it cannot be sent any more (the person's data is deleted).",
                };
                Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message, None)
            }
            StoreError::TooManyWebhooks => {
                let max = stammtisch_model::MAX_WEBHOOKS;
                let message = match lang {
                    Lang::De => format!("Höchstens {max} Webhooks; bitte löschen Sie zuerst einen."),
                    Lang::En => format!("At most {max} webhooks; please delete one first."),
                };
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidInput, message, Some("id"))
            }
            StoreError::EventExists => {
                let message = match lang {
                    Lang::De => "Eine Veranstaltung mit dieser Kennung gibt es schon.",
                    Lang::En => "An event with this id exists already.",
                };
                Self::new(StatusCode::CONFLICT, ErrorCode::AlreadyExists, message, Some("id"))
            }
            StoreError::NotConfirmed => {
                let message = match lang {
                    Lang::De => "Nur bestätigte Anmeldungen können eingecheckt werden.",
                    Lang::En => "Only confirmed registrations can be checked in.",
                };
                Self::new(StatusCode::CONFLICT, ErrorCode::NotConfirmed, message, None)
            }
            StoreError::NotRequested { awaiting_address } => {
                let message = match (awaiting_address, lang) {
                    (true, Lang::De) => "Diese Anfrage wartet noch auf die Bestätigung der E-Mail-Adresse; erst danach können Sie entscheiden.",
                    (true, Lang::En) => "This request still waits for its e-mail address to be confirmed; you can decide after that.",
                    (false, Lang::De) => "Diese Anmeldung wartet nicht auf eine Entscheidung.",
                    (false, Lang::En) => "This registration does not wait for a decision.",
                };
                Self::new(StatusCode::CONFLICT, ErrorCode::NotRequested, message, None)
            }
            StoreError::EventHasRsvps => {
                let message = match lang {
                    Lang::De => "Für diese Veranstaltung gibt es Anmeldungen. Mit ?force=true wird sie samt Anmeldungen gelöscht.",
                    Lang::En => "This event has registrations. Add ?force=true to delete it with them.",
                };
                Self::new(StatusCode::CONFLICT, ErrorCode::HasRsvps, message, None)
            }
            StoreError::CapacityBelowTaken(taken) => {
                let message = match lang {
                    Lang::De => {
                        format!("{taken} Plätze sind bereits vergeben; weniger Plätze gehen nur nach Stornierungen.")
                    }
                    Lang::En => format!("{taken} seats are taken already; fewer seats need cancellations first."),
                };
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidInput, message, Some("capacity"))
            }
            StoreError::RsvpClosed => {
                let message = match lang {
                    Lang::De => "Die Anmeldung für diese Veranstaltung ist geschlossen.",
                    Lang::En => "Registration for this event is closed.",
                };
                Self::new(StatusCode::CONFLICT, ErrorCode::RsvpClosed, message, None)
            }
            StoreError::AlreadyRegistered => {
                let message = match lang {
                    Lang::De => "Mit dieser E-Mail-Adresse sind Sie bereits angemeldet.",
                    Lang::En => "You are already registered with this e-mail address.",
                };
                Self::new(StatusCode::CONFLICT, ErrorCode::AlreadyRegistered, message, Some("email"))
            }
            StoreError::Database(error) if temporary => Self::unavailable(&error, lang),
            StoreError::Database(error) => Self::internal(&error, lang),
        }
    }

    /// The database is restarting, unreachable or held by another server for too long; trying
    /// again in a moment will likely work (an RSVP that did get stored then answers 409).
    pub fn unavailable(cause: &dyn std::fmt::Display, lang: Lang) -> Self {
        tracing::warn!(error = %cause, "database unavailable");
        let message = match lang {
            Lang::De => "Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es in ein paar Sekunden erneut.",
            Lang::En => "The service is unavailable for a moment. Please try again in a few seconds.",
        };
        let mut error = Self::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable, message, None);
        error.retry_after = Some(Duration::from_secs(2));
        error
    }

    /// Logs the cause and answers without it.
    pub fn internal(cause: &dyn std::fmt::Display, lang: Lang) -> Self {
        tracing::error!(error = %cause, "request failed");
        let message = match lang {
            Lang::De => "Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.",
            Lang::En => "Something went wrong on our side. Please try again later.",
        };
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, message, None)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(wait) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs()));
        }
        response
    }
}
