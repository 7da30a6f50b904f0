//! `GET /embed?locale=de&kinds=…`: the board as a whole page, for sites that cannot take
//! scripts and embed an iframe instead (CONTRACT §5).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::html::escape;
use crate::AppState;

/// The element's attributes, as query parameters.
#[derive(Debug, Default, Deserialize)]
pub struct EmbedOptions {
    locale: Option<String>,
    kinds: Option<String>,
    tags: Option<String>,
    limit: Option<String>,
    view: Option<String>,
    theme: Option<String>,
}

/// Keeps only values the board understands; anything else is dropped, not passed on.
fn attributes(options: &EmbedOptions) -> Vec<(&'static str, String)> {
    let one_of = |value: &Option<String>, allowed: &[&str]| {
        value.as_deref().map(str::trim).filter(|v| allowed.contains(v)).map(str::to_owned)
    };
    let list = |value: &Option<String>| {
        value.as_deref().map(str::trim).filter(|v| !v.is_empty() && v.chars().count() <= 300).map(str::to_owned)
    };
    let limit = options.limit.as_deref().and_then(|l| l.trim().parse::<u16>().ok()).map(|l| l.to_string());
    [
        ("locale", one_of(&options.locale, &["de", "en"])),
        ("kinds", list(&options.kinds)),
        ("tags", list(&options.tags)),
        ("limit", limit),
        ("view", one_of(&options.view, &["list", "month"])),
        ("theme", one_of(&options.theme, &["light", "dark", "auto"])),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (name, v)))
    .collect()
}

pub async fn embed_page(
    State(state): State<AppState>,
    options: Result<Query<EmbedOptions>, QueryRejection>,
) -> Response {
    let options = options.map(|Query(o)| o).unwrap_or_default();
    let attributes = attributes(&options);
    let lang = attributes.iter().find(|(name, _)| *name == "locale").map_or("de", |(_, v)| v.as_str()).to_owned();
    let attribute_html: String =
        attributes.iter().map(|(name, value)| format!(" {name}=\"{}\"", escape(value))).collect();
    let title = if lang == "en" { "Events" } else { "Veranstaltungen" };
    let page = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <link rel=\"stylesheet\" href=\"/embed-frame.css\">\
         <script type=\"module\" src=\"/embed.js\"></script>\
         <script type=\"module\" src=\"/embed-frame.js\"></script></head>\
         <body><stammtisch-board api=\"{}\"{attribute_html}></stammtisch-board></body></html>\n",
        escape(&state.public_url)
    );
    let csp = format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' {public}; \
         style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors {}",
        state.origins.frame_ancestors(),
        public = state.public_url,
    );
    let mut response = Html(page).into_response();
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_values_pass() {
        let options = EmbedOptions {
            locale: Some("fr".into()),
            kinds: Some("meetup,webinar".into()),
            limit: Some("abc".into()),
            theme: Some("dark".into()),
            ..EmbedOptions::default()
        };
        assert_eq!(attributes(&options), [("kinds", "meetup,webinar".to_owned()), ("theme", "dark".to_owned())]);
    }
}
