//! Pages without scripts (docs/API.md §7): `GET /events`, `GET /events/{id}` and the RSVP form
//! behind `POST /events/{id}/rsvp`, for search engines, shared links and visitors without
//! JavaScript. Texts, times, seats and descriptions come from the board's own code.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use stammtisch_board::server::{description_html, event_time, google_calendar_url, seat_label, texts};
use stammtisch_model::{schema_event, script_safe, share_links, Event, Kind, Lang, ReachAction};

use super::board::{board_config, board_options};
use super::cancel::page_lang as browser_lang;
use super::page_form::{rsvp_form, FormProblem, RsvpFormData};
use super::rsvp::store_rsvp;
use crate::client::ClientIp;
use crate::feed_cache::current_feed;
use crate::html::escape;
use crate::{AppError, AppState};

/// What a page's query may say; names it does not know (a share's `utm_source`) are ignored.
#[derive(Debug, Default, PartialEq)]
pub struct PageQuery {
    pub lang: Option<Lang>,
    pub kinds: Vec<Kind>,
    pub tags: Vec<String>,
}

/// Reads `locale`, `kinds` and `tags`; a value the board does not know is an error in words.
pub fn read_query(raw: Option<&str>) -> Result<PageQuery, String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
    let mut query = PageQuery::default();
    for (name, value) in pairs {
        let value = value.trim();
        match name.as_str() {
            "locale" => {
                query.lang = Some(Lang::from_tag(value).ok_or_else(|| format!("locale={value:?}: de or en"))?);
            }
            "kinds" => {
                for kind in value.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                    let known = Kind::from_name(kind).ok_or_else(|| {
                        let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                        format!("kinds={kind:?}: one of {}", all.join(", "))
                    })?;
                    query.kinds.push(known);
                }
            }
            "tags" if value.chars().count() > 300 => return Err("tags: at most 300 characters".to_owned()),
            "tags" => query.tags.extend(value.split(',').map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty())),
            _ => {}
        }
    }
    Ok(query)
}

/// The page's language: `locale`, else the reader's `Accept-Language`, else German.
fn page_lang(query: &PageQuery, headers: &HeaderMap) -> Lang {
    query.lang.unwrap_or_else(|| browser_lang(headers))
}

/// Public pages: no script at all, styles from a file, forms only to this server.
fn public_headers() -> [(HeaderName, HeaderValue); 4] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; \
                 frame-ancestors 'none'",
            ),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ]
}

fn page(lang: Lang, title: &str, head: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title>{head}\
         <link rel=\"stylesheet\" href=\"/page.css\"></head><body><main class=\"card wide\">{body}</main></body></html>\n",
        lang.tag(),
        escape(title),
    )
}

fn respond(status: StatusCode, html: String) -> Response {
    (status, public_headers(), Html(html)).into_response()
}

/// A page that says what was wrong with the request, in both languages when unsure.
fn problem_page(status: StatusCode, lang: Lang, heading: &str, detail: &str) -> Response {
    let back = match lang {
        Lang::De => "Zu allen Veranstaltungen",
        Lang::En => "To all events",
    };
    let body = format!(
        "<h1>{}</h1><p>{}</p><p><a href=\"/events?locale={}\">{back}</a></p>",
        escape(heading),
        escape(detail),
        lang.tag()
    );
    respond(status, page(lang, heading, "<meta name=\"robots\" content=\"noindex\">", &body))
}

fn bad_query(problem: &str) -> Response {
    problem_page(
        StatusCode::BAD_REQUEST,
        Lang::De,
        "Ungültige Adresse / Invalid address",
        &format!("Dieser Wert ist unbekannt / This value is not known: {problem}"),
    )
}

fn unavailable_page(error: &AppError, lang: Lang) -> Response {
    let (heading, detail) = match lang {
        Lang::De => (
            "Gerade nicht erreichbar",
            "Die Termine können gerade nicht geladen werden. Bitte versuchen Sie es gleich noch einmal.",
        ),
        Lang::En => ("Not available right now", "The events cannot be loaded right now. Please try again in a moment."),
    };
    let mut response = problem_page(error.status(), lang, heading, detail);
    if let Some(wait) = error.retry_after() {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs()));
    }
    response
}

fn place_line(event: &Event, lang: Lang) -> String {
    event.place_line().unwrap_or_else(|| texts(lang).online.to_owned())
}

fn json_ld(event: &Event, page_url: &str) -> String {
    format!("<script type=\"application/ld+json\">{}</script>", script_safe(&schema_event(event, Some(page_url))))
}

fn seats_html(event: &Event, lang: Lang) -> String {
    event.rsvp.as_ref().map_or_else(String::new, |state| {
        let (class, text) = seat_label(state, texts(lang));
        format!("<p class=\"{class}\">{}</p>", escape(&text))
    })
}

/// `GET /events`: the upcoming events as a plain page, one JSON-LD block per event.
pub async fn events_page(State(state): State<AppState>, headers: HeaderMap, RawQuery(raw): RawQuery) -> Response {
    let query = match read_query(raw.as_deref()) {
        Ok(query) => query,
        Err(problem) => return bad_query(&problem),
    };
    let lang = page_lang(&query, &headers);
    let t = texts(lang);
    let cached = match current_feed(&state.store, &state.feed_cache).await {
        Ok(cached) => cached,
        Err(error) => return unavailable_page(&AppError::from_store(error, lang), lang),
    };
    let now = chrono::Utc::now();
    // The embed filters, read as the board reads them.
    let filters = board_config(&board_options(raw.as_deref()), &state.public_url);
    let events: Vec<&Event> = cached.feed.events.iter().filter(|e| !e.is_past(now) && filters.shows(e)).collect();
    super::reach::count_page(&state, &headers, ReachAction::BoardShown, None);
    let public = &state.public_url;
    let title =
        if cached.feed.board.title.is_empty() { t.events_label.to_owned() } else { cached.feed.board.title.clone() };
    let event_url = |event: &Event| format!("{public}/events/{}", event.id);
    let mut head = format!(
        "<link rel=\"canonical\" href=\"{public}/events\"><meta property=\"og:title\" content=\"{}\">\
         <meta property=\"og:type\" content=\"website\"><meta property=\"og:url\" content=\"{public}/events\">",
        escape(&title)
    );
    let mut items = String::new();
    for event in &events {
        head.push_str(&json_ld(event, &event_url(event)));
        items.push_str(&format!(
            "<li class=\"event\"><p class=\"kind\">{kind}</p><h2><a href=\"/events/{id}?locale={tag}\">{title}</a></h2>\
             <p class=\"when\"><time datetime=\"{start}\">{when}</time></p><p class=\"where\">{place}</p>{summary}{seats}</li>",
            kind = escape(t.kind(event.kind)),
            id = event.id,
            tag = lang.tag(),
            title = escape(&event.title),
            start = event.starts_at.to_rfc3339(),
            when = escape(&event_time(event, lang)),
            place = escape(&place_line(event, lang)),
            summary = event.summary.as_ref().map(|s| format!("<p>{}</p>", escape(s))).unwrap_or_default(),
            seats = seats_html(event, lang),
        ));
    }
    let other = match lang {
        Lang::De => "<a href=\"?locale=en\" hreflang=\"en\" lang=\"en\">English</a>",
        Lang::En => "<a href=\"?locale=de\" hreflang=\"de\" lang=\"de\">Deutsch</a>",
    };
    let list =
        if events.is_empty() { format!("<p>{}</p>", t.empty) } else { format!("<ul class=\"events\">{items}</ul>") };
    let body = format!(
        "<p class=\"lang\">{other}</p><h1>{}</h1>{list}<p><a href=\"/api/v1/feed.ics\">{}</a></p>",
        escape(&title),
        t.subscribe
    );
    respond(StatusCode::OK, page(lang, &title, &head, &body))
}

fn event_page_html(
    state: &AppState,
    event: &Event,
    lang: Lang,
    form: Option<(&RsvpFormData, Option<&FormProblem>)>,
) -> String {
    let t = texts(lang);
    let public = &state.public_url;
    let page_url = format!("{public}/events/{}", event.id);
    let summary = event.summary.clone().or_else(|| event.description.clone()).unwrap_or_default();
    let short: String = summary.chars().take(300).collect();
    let when = event_time(event, lang);
    let description_meta = if short.is_empty() { format!("{when} · {}", place_line(event, lang)) } else { short };
    let head = format!(
        "<meta name=\"description\" content=\"{desc}\"><link rel=\"canonical\" href=\"{page_url}\">\
         <meta property=\"og:title\" content=\"{title}\"><meta property=\"og:description\" content=\"{desc}\">\
         <meta property=\"og:url\" content=\"{page_url}\"><meta property=\"og:type\" content=\"website\">\
         <meta property=\"og:locale\" content=\"{og_locale}\"><meta name=\"twitter:card\" content=\"summary\">{ld}",
        desc = escape(&description_meta),
        title = escape(&event.title),
        og_locale = if lang == Lang::De { "de_DE" } else { "en_US" },
        ld = json_ld(event, &page_url),
    );
    let address = event.location.as_ref().and_then(|l| l.full_address()).filter(|_| !event.is_online_only());
    let online = event.location.as_ref().and_then(|l| l.online_url.as_deref());
    let mut body = format!(
        "<p class=\"kind\">{kind}</p><h1>{title}</h1><p class=\"when\"><time datetime=\"{start}\">{when}</time></p>\
         <p class=\"where\">{place}</p>",
        kind = escape(t.kind(event.kind)),
        title = escape(&event.title),
        start = event.starts_at.to_rfc3339(),
        when = escape(&when),
        place = escape(&address.unwrap_or_else(|| place_line(event, lang))),
    );
    if let Some(url) = online {
        body.push_str(&format!("<p><a href=\"{}\" rel=\"noopener noreferrer\">{}</a></p>", escape(url), t.join_online));
    }
    if let Some(summary) = &event.summary {
        body.push_str(&format!("<p class=\"summary\">{}</p>", escape(summary)));
    }
    if let Some(description) = &event.description {
        body.push_str(&description_html(description));
    }
    if let Some(organizer) = event.organizer.as_ref().filter(|o| !o.name.trim().is_empty()) {
        let name = match &organizer.url {
            Some(url) => {
                format!("<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>", escape(url), escape(&organizer.name))
            }
            None => escape(&organizer.name),
        };
        body.push_str(&format!("<p>{}: {name}</p>", t.organizer));
    }
    if !event.tags.is_empty() {
        body.push_str(&format!("<p>{}: {}</p>", t.tags_label, escape(&event.tags.join(", "))));
    }
    body.push_str(&format!(
        "<p class=\"links\"><a href=\"/api/v1/events/{id}.ics\" download=\"{id}.ics\">{ics}</a> · \
         <a href=\"{google}\" rel=\"noopener noreferrer\">{google_label}</a></p>",
        id = event.id,
        ics = t.calendar_ics,
        google = escape(&google_calendar_url(event)),
        google_label = t.calendar_google,
    ));
    body.push_str(&seats_html(event, lang));
    match (&event.rsvp, &event.url) {
        (Some(rsvp), _) if rsvp.open => {
            let empty = RsvpFormData::default();
            let (filled, problem) = form.unwrap_or((&empty, None));
            body.push_str(&format!("<h2>{}</h2>", escape(&(t.form_title)(&event.title))));
            body.push_str(&rsvp_form(event, lang, filled, problem));
        }
        (None, Some(url)) => {
            body.push_str(&format!(
                "<p><a href=\"{}\" rel=\"noopener noreferrer\">{}</a></p>",
                escape(url),
                t.rsvp_elsewhere
            ));
        }
        _ => {}
    }
    let shares: Vec<String> = share_links(&page_url, &event.title)
        .into_iter()
        .map(|(name, url)| {
            let name = if name == "mail" { t.share_mail } else { name };
            format!("<a href=\"{}\" rel=\"noopener noreferrer\">{name}</a>", escape(&url))
        })
        .collect();
    body.push_str(&format!("<p class=\"share\">{}: {}</p>", t.share, shares.join(" · ")));
    let (all, other) = match lang {
        Lang::De => ("Alle Veranstaltungen", "<a href=\"?locale=en\" hreflang=\"en\" lang=\"en\">English</a>"),
        Lang::En => ("All events", "<a href=\"?locale=de\" hreflang=\"de\" lang=\"de\">Deutsch</a>"),
    };
    body.push_str(&format!("<p class=\"lang\"><a href=\"/events?locale={}\">{all}</a> · {other}</p>", lang.tag()));
    page(lang, &event.title, &head, &body)
}

/// The event as the board shows it, or `None` when there is no such event on the board.
async fn find_event(state: &AppState, id: &str, lang: Lang) -> Result<Option<Event>, AppError> {
    let cached = current_feed(&state.store, &state.feed_cache).await.map_err(|e| AppError::from_store(e, lang))?;
    Ok(cached.feed.events.iter().find(|e| e.id == id).cloned())
}

fn not_found_page(lang: Lang) -> Response {
    match lang {
        Lang::De => {
            problem_page(StatusCode::NOT_FOUND, lang, "Nicht gefunden", "Diese Veranstaltung gibt es nicht (mehr).")
        }
        Lang::En => problem_page(StatusCode::NOT_FOUND, lang, "Not found", "There is no such event (any more)."),
    }
}

/// `GET /events/{id}`: one event with Open Graph tags, JSON-LD and the RSVP form.
pub async fn event_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let query = match read_query(raw.as_deref()) {
        Ok(query) => query,
        Err(problem) => return bad_query(&problem),
    };
    let lang = page_lang(&query, &headers);
    match find_event(&state, &id, lang).await {
        Ok(Some(event)) => {
            super::reach::count_page(&state, &headers, ReachAction::DetailsOpened, Some(&event.id));
            respond(StatusCode::OK, event_page_html(&state, &event, lang, None))
        }
        Ok(None) => not_found_page(lang),
        Err(error) => unavailable_page(&error, lang),
    }
}

/// Whether a form post comes from this server's own pages. Browsers name the page's origin
/// on every cross-site post; a post without `Origin` or `Sec-Fetch-Site` comes from no browser
/// page, and another site cannot make a browser send one.
fn from_own_pages(headers: &HeaderMap, public_url: &str) -> bool {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("null");
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        let own = public_url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        return origin == own || origin.split_once("://").is_some_and(|(_, rest)| !host.is_empty() && rest == host);
    }
    headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_none_or(|site| site == "same-origin" || site == "none")
}

/// `POST /events/{id}/rsvp`: the form without scripts. A stored RSVP goes on to its own page
/// (confirmed, waitlisted or pending, with the cancel button); an error shows at its field.
pub async fn rsvp_from_page(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let form = body.map(|body| RsvpFormData::read(&body)).unwrap_or_default();
    let lang = form.locale.as_deref().and_then(Lang::from_tag).unwrap_or_else(|| browser_lang(&headers));
    if !from_own_pages(&headers, &state.public_url) {
        let (heading, detail) = match lang {
            Lang::De => ("Anmeldung abgelehnt", "Diese Anmeldung kam nicht von einer Seite dieses Servers. Bitte melden Sie sich auf der Seite der Veranstaltung an."),
            Lang::En => ("Registration refused", "This registration did not come from a page of this server. Please register on the event's page."),
        };
        return problem_page(StatusCode::FORBIDDEN, lang, heading, detail);
    }
    let event = match find_event(&state, &id, lang).await {
        Ok(Some(event)) => event,
        Ok(None) => return not_found_page(lang),
        Err(error) => return unavailable_page(&error, lang),
    };
    if let Err(wait) = state.rsvp_rate_limit.check(client) {
        return form_failed(&state, &event, lang, &form, AppError::rate_limited(wait, lang));
    }
    let request = match form.request(&event) {
        Ok(request) => request,
        Err(()) => {
            let error = stammtisch_model::FieldError {
                field: stammtisch_model::Field::Guests,
                problem: stammtisch_model::Problem::TooManyGuests,
            };
            return form_failed(&state, &event, lang, &form, AppError::invalid(error, lang));
        }
    };
    match store_rsvp(&state, &id, &request, lang).await {
        Ok(created) => Redirect::to(&created.cancel_url).into_response(),
        Err(error) if error.status().is_server_error() => unavailable_page(&error, lang),
        Err(error) => form_failed(&state, &event, lang, &form, error),
    }
}

/// The event page again, with what was typed and the error at its field.
fn form_failed(state: &AppState, event: &Event, lang: Lang, form: &RsvpFormData, error: AppError) -> Response {
    let problem = FormProblem { message: error.body().message.clone(), field: error.body().field.clone() };
    let mut response = respond(error.status(), event_page_html(state, event, lang, Some((form, Some(&problem)))));
    if let Some(wait) = error.retry_after() {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs()));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_name_what_is_wrong() {
        assert_eq!(read_query(Some("locale=en&kinds=meetup,webinar&utm_source=x")).unwrap().kinds.len(), 2);
        assert!(read_query(Some("locale=fr")).unwrap_err().contains("locale"));
        assert!(read_query(Some("kinds=party")).unwrap_err().contains("party"));
        assert!(read_query(Some(&format!("tags={}", "x".repeat(301)))).is_err());
        assert_eq!(read_query(Some("%%%=%%&&=")).unwrap(), PageQuery::default());
    }

    #[test]
    fn cross_site_posts_are_told_apart() {
        let headers = |pairs: &[(&'static str, &str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.insert(*name, HeaderValue::from_str(value).unwrap());
            }
            map
        };
        let public = "https://board.example";
        assert!(from_own_pages(&headers(&[("origin", "https://board.example")]), public));
        assert!(from_own_pages(&headers(&[("origin", "http://127.0.0.1:8080"), ("host", "127.0.0.1:8080")]), public));
        assert!(!from_own_pages(&headers(&[("origin", "https://evil.example"), ("host", "board.example")]), public));
        assert!(!from_own_pages(&headers(&[("origin", "null")]), public));
        assert!(!from_own_pages(&headers(&[("sec-fetch-site", "cross-site")]), public));
        assert!(from_own_pages(&headers(&[]), public));
    }
}
