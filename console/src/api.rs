//! Talking to the organizer API on the console's own origin: every call carries the admin
//! token and the console's language, and every failure becomes a [`ClientError`].

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use stammtisch_model::{ApiError, ErrorCode, Lang};
use web_sys::RequestCredentials;

use crate::i18n::texts;
use crate::session::Session;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ClientError {
    #[error("the server could not be reached")]
    Network,
    #[error("the admin token was refused")]
    Unauthorized,
    #[error("the server answered HTTP {0}")]
    Status(u16),
    #[error("the server's answer is not readable")]
    Unreadable,
    #[error("{}", .0.message)]
    Api(ApiError),
}

impl ClientError {
    /// What the organizer reads: the server's own words when it sent some.
    pub fn message(&self, lang: Lang) -> String {
        let t = texts(lang);
        match self {
            ClientError::Network => t.error_network.into(),
            ClientError::Unauthorized => t.token_wrong.into(),
            ClientError::Status(status) => (t.error_status)(*status),
            ClientError::Unreadable => t.error_unreadable.into(),
            ClientError::Api(error) => error.message.clone(),
        }
    }

    /// The contract's error code, e.g. `has_rsvps`.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api(error) => Some(error.error),
            _ => None,
        }
    }

    /// The field the server blamed, e.g. `location.city`.
    pub fn field(&self) -> Option<&str> {
        match self {
            ClientError::Api(error) => error.field.as_deref(),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

fn builder(method: Method, path: &str) -> RequestBuilder {
    match method {
        Method::Get => Request::get(path),
        Method::Post => Request::post(path),
        Method::Put => Request::put(path),
        Method::Delete => Request::delete(path),
    }
}

/// One request with an explicit token: signing in checks a token before it is kept.
pub async fn send_with<B: Serialize>(
    token: &str,
    lang: Lang,
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<Response, ClientError> {
    let request = builder(method, path)
        .header("Authorization", &format!("Bearer {}", token.trim()))
        .header("Accept-Language", lang.tag())
        .header("Accept", "application/json")
        // Same origin, and the token is the only credential: cookies have no part in it.
        .credentials(RequestCredentials::Omit);
    let request = match body {
        Some(body) => request.json(body),
        None => request.build(),
    };
    let response = request.map_err(|_| ClientError::Network)?.send().await.map_err(|_| ClientError::Network)?;
    if response.ok() {
        Ok(response)
    } else if response.status() == 401 {
        Err(ClientError::Unauthorized)
    } else {
        Err(api_error(response).await)
    }
}

/// One request in the signed-in session; a refused token ends the session.
pub async fn send<B: Serialize>(
    session: Session,
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<Response, ClientError> {
    let token = session.current_token().ok_or(ClientError::Unauthorized)?;
    let result = send_with(&token, session.current_lang(), method, path, body).await;
    if result.as_ref().err() == Some(&ClientError::Unauthorized) {
        session.expire();
    }
    result
}

/// A request without a body, reading a JSON answer.
pub async fn fetch<T: DeserializeOwned>(session: Session, method: Method, path: &str) -> Result<T, ClientError> {
    read(send::<()>(session, method, path, None).await?).await
}

/// A request with a JSON body, reading a JSON answer.
pub async fn submit<B: Serialize, T: DeserializeOwned>(
    session: Session,
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, ClientError> {
    read(send(session, method, path, Some(body)).await?).await
}

pub async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    response.json().await.map_err(|_| ClientError::Unreadable)
}

async fn api_error(response: Response) -> ClientError {
    let status = response.status();
    match response.json::<ApiError>().await {
        Ok(error) => ClientError::Api(error),
        Err(_) => ClientError::Status(status),
    }
}
