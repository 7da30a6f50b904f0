//! The board's only network traffic: the feed and RSVPs, to the board's own backend.

use gloo_net::http::{Request, Response};
use stammtisch_model::{ApiError, Lang, RsvpCreated, RsvpRequest};
use wasm_bindgen::JsCast;
use web_sys::RequestCredentials;

use crate::config::ConfigProblem;
use crate::i18n::texts;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ClientError {
    #[error("the board is not configured: {0:?}")]
    Config(ConfigProblem),
    #[error("the server could not be reached")]
    Network,
    #[error("the server answered HTTP {0}")]
    Status(u16),
    #[error("the feed is not readable: {0}")]
    UnreadableFeed(String),
    #[error("{}", .0.message)]
    Api(ApiError),
}

impl ClientError {
    /// What the person in front of the board reads.
    pub fn message(&self, lang: Lang) -> String {
        let t = texts(lang);
        match self {
            ClientError::Config(ConfigProblem::NoSource) => t.error_no_source.into(),
            ClientError::Config(ConfigProblem::BadUrl) => t.error_bad_url.into(),
            ClientError::Network => t.error_network.into(),
            ClientError::Status(status) => (t.error_status)(*status),
            ClientError::UnreadableFeed(_) => t.error_feed.into(),
            ClientError::Api(error) => error.message.clone(),
        }
    }

    /// Trying again can help; a wrong configuration stays wrong.
    pub fn is_retryable(&self) -> bool {
        !matches!(self, ClientError::Config(_))
    }
}

/// The feed's text as the browser holds it: a copy in the wasm lives only while it is read.
pub async fn fetch_feed_js(url: &str) -> Result<js_sys::JsString, ClientError> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .credentials(RequestCredentials::Omit)
        .send()
        .await
        .map_err(|_| ClientError::Network)?;
    if !response.ok() {
        return Err(ClientError::Status(response.status()));
    }
    let text = web_sys::Response::from(response).text().map_err(|_| ClientError::Network)?;
    let text = wasm_bindgen_futures::JsFuture::from(text).await.map_err(|_| ClientError::Network)?;
    text.dyn_into().map_err(|_| ClientError::Network)
}

pub async fn post_rsvp(url: &str, rsvp: &RsvpRequest, lang: Lang) -> Result<RsvpCreated, ClientError> {
    let body = crate::json::rsvp_text(rsvp).ok_or(ClientError::Network)?;
    let response = Request::post(url)
        .header("Accept-Language", lang.tag())
        .header("Content-Type", "application/json")
        .credentials(RequestCredentials::Omit)
        .body(body)
        .map_err(|_| ClientError::Network)?
        .send()
        .await
        .map_err(|_| ClientError::Network)?;
    if response.status() == 201 {
        return json_body(response).await.ok_or(ClientError::Status(201));
    }
    Err(api_error(response).await)
}

async fn api_error(response: Response) -> ClientError {
    let status = response.status();
    match json_body::<ApiError>(response).await {
        Some(error) => ClientError::Api(error),
        None => ClientError::Status(status),
    }
}

/// The response's body, parsed by the browser.
async fn json_body<T: serde::de::DeserializeOwned>(response: Response) -> Option<T> {
    let body = web_sys::Response::from(response).json().ok()?;
    crate::json::from_js(wasm_bindgen_futures::JsFuture::from(body).await.ok()?)
}
