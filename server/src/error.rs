//! The one way the API answers with an error: the contract's JSON shape, never internals.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use stammtisch_model::{error_code, ApiError, FieldError, Lang};

use crate::store::StoreError;

#[derive(Debug)]
pub struct AppError {
    status: StatusCode,
    body: ApiError,
}

impl AppError {
    fn new(status: StatusCode, code: &str, message: impl Into<String>, field: Option<&str>) -> Self {
        AppError {
            status,
            body: ApiError { error: code.to_owned(), message: message.into(), field: field.map(str::to_owned) },
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The request was not JSON at all.
    pub fn malformed(lang: Lang) -> Self {
        let message = match lang {
            Lang::De => "Die Anfrage ist kein gültiges JSON.",
            Lang::En => "The request body is not valid JSON.",
        };
        Self::new(StatusCode::BAD_REQUEST, error_code::INVALID_INPUT, message, None)
    }

    /// A field had the wrong type, e.g. `"guests": "two"`.
    pub fn wrong_type(field: &str, lang: Lang) -> Self {
        let message = match lang {
            Lang::De => format!("Das Feld „{field}“ hat den falschen Typ."),
            Lang::En => format!("The field “{field}” has the wrong type."),
        };
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, error_code::INVALID_INPUT, message, Some(field))
    }

    pub fn invalid(error: FieldError, lang: Lang) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            error_code::INVALID_INPUT,
            error.message(lang),
            Some(error.field.as_str()),
        )
    }

    pub fn payload_too_large(lang: Lang) -> Self {
        let message = match lang {
            Lang::De => "Die Anfrage ist zu groß.",
            Lang::En => "The request is too large.",
        };
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, error_code::PAYLOAD_TOO_LARGE, message, None)
    }

    pub fn event_not_found(lang: Lang) -> Self {
        let message = match lang {
            Lang::De => "Diese Veranstaltung gibt es nicht (mehr).",
            Lang::En => "This event does not exist (any more).",
        };
        Self::new(StatusCode::NOT_FOUND, error_code::NOT_FOUND, message, None)
    }

    pub fn from_store(error: StoreError, lang: Lang) -> Self {
        match error {
            StoreError::EventNotFound => Self::event_not_found(lang),
            StoreError::RsvpClosed => {
                let message = match lang {
                    Lang::De => "Die Anmeldung für diese Veranstaltung ist geschlossen.",
                    Lang::En => "Registration for this event is closed.",
                };
                Self::new(StatusCode::CONFLICT, error_code::RSVP_CLOSED, message, None)
            }
            StoreError::AlreadyRegistered => {
                let message = match lang {
                    Lang::De => "Mit dieser E-Mail-Adresse sind Sie bereits angemeldet.",
                    Lang::En => "You are already registered with this e-mail address.",
                };
                Self::new(StatusCode::CONFLICT, error_code::ALREADY_REGISTERED, message, Some("email"))
            }
            StoreError::Database(error) => Self::internal(&error, lang),
        }
    }

    /// Logs the cause and answers without it.
    pub fn internal(cause: &dyn std::fmt::Display, lang: Lang) -> Self {
        tracing::error!(error = %cause, "request failed");
        let message = match lang {
            Lang::De => "Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.",
            Lang::En => "Something went wrong on our side. Please try again later.",
        };
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, error_code::INTERNAL, message, None)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
