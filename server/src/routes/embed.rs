//! `GET /embed?locale=de&kinds=…`: the board as a whole page, for sites that cannot take
//! scripts and embed an iframe instead (docs/API.md §5).

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};

use stammtisch_model::Lang;

use super::board::{board_options, rendered_board};
use crate::feed_cache::current_feed;
use crate::html::escape;
use crate::{AppError, AppState};

/// The element's attributes, as query parameters.
#[derive(Debug, Default)]
pub struct EmbedOptions {
    locale: Option<String>,
    kinds: Option<String>,
    tags: Option<String>,
    limit: Option<String>,
    view: Option<String>,
    theme: Option<String>,
    reach: Option<String>,
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
        ("reach", one_of(&options.reach, &["off"])),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (name, v)))
    .collect()
}

/// The board element with the server's first view inside a declarative shadow root: the
/// events are in the page itself, readable without scripts, and `embed.js` upgrades them.
async fn board_element(state: &AppState, query: Option<&str>, base: &str) -> Result<String, AppError> {
    let options = board_options(query);
    let attributes = attributes(&EmbedOptions {
        locale: options.get("locale").cloned(),
        kinds: options.get("kinds").cloned(),
        tags: options.get("tags").cloned(),
        limit: options.get("limit").cloned(),
        view: options.get("view").cloned(),
        theme: options.get("theme").cloned(),
        reach: options.get("reach").cloned(),
    });
    let attribute_html: String =
        attributes.iter().map(|(name, value)| format!(" {name}=\"{}\"", escape(value))).collect();
    let cached = current_feed(&state.store, &state.feed_cache).await.map_err(|e| AppError::from_store(e, Lang::De))?;
    let html = rendered_board(&cached, &options, &state.public_url)
        .await
        .map_err(|error| AppError::internal(&error, Lang::De))?;
    Ok(format!(
        "<stammtisch-board api=\"{api}\"{attribute_html}><template shadowrootmode=\"open\">\
         <link rel=\"stylesheet\" href=\"{base}/board.css\"><div class=\"st-root\" data-painted>{html}</div>\
         </template></stammtisch-board>",
        api = escape(&state.public_url),
    ))
}

pub async fn embed_page(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let options = board_options(query.as_deref());
    let lang = options.get("locale").and_then(|l| Lang::from_tag(l)).unwrap_or_default();
    let title = if lang == Lang::En { "Events" } else { "Veranstaltungen" };
    let element = match board_element(&state, query.as_deref(), "").await {
        Ok(element) => element,
        Err(error) => return error.into_response(),
    };
    let page = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <link rel=\"stylesheet\" href=\"/embed-frame.css\">\
         <script type=\"module\" src=\"/embed.js\"></script>\
         <script type=\"module\" src=\"/embed-frame.js\"></script></head>\
         <body>{element}</body></html>\n",
        lang = lang.tag(),
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

/// `GET /include?locale=de&…`: the board element for a CMS to put into its own pages on the
/// server (WordPress, a static site's build, SSI), events and all; the page adds `embed.js`.
pub async fn include(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    match board_element(&state, query.as_deref(), &state.public_url).await {
        Ok(element) => {
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], element)
                .into_response()
        }
        Err(error) => error.into_response(),
    }
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
