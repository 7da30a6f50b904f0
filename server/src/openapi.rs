//! The API as an OpenAPI 3.1 document, generated from the model's wire types and the routes'
//! `#[utoipa::path]` lines: served at `GET /api/v1/openapi.json` and checked in as
//! `docs/openapi.json` (a test fails when the two differ). docs/API.md says it in words.

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Stammtisch",
        description = "The event feed, RSVPs and the organizer API of a Stammtisch board. \
            docs/API.md describes them in words.",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        routes::feed::get_feed,
        routes::stream::stream,
        routes::board::board_fragment,
        routes::calendar::feed_ics,
        routes::calendar::event_ics,
        routes::rsvp::create_rsvp,
        routes::cancel::cancel_rsvp,
        routes::reach::beacon,
        routes::admin::list_events,
        routes::admin::create_event,
        routes::admin::get_event,
        routes::admin::update_event,
        routes::admin::delete_event,
        routes::admin::list_rsvps,
        routes::reach::event_reach,
        routes::admin::list_rsvps_csv,
        routes::admin::cancel_rsvp,
        routes::admin::approve_rsvp,
        routes::admin::decline_rsvp,
        routes::admin::check_in,
        routes::admin::undo_check_in,
        routes::series::list_series,
        routes::series::put_series,
        routes::series::delete_series,
        routes::sources::list_sources,
        routes::sources::put_source,
        routes::sources::refresh_source,
        routes::sources::delete_source,
        routes::admin::mails,
        routes::admin::stats,
        routes::webhooks::list_webhooks,
        routes::webhooks::put_webhook,
        routes::webhooks::delete_webhook,
        routes::webhooks::list_deliveries,
        routes::webhooks::resend_delivery,
        openapi_json,
    ),
    components(schemas(stammtisch_model::stream::Hello, stammtisch_model::stream::SeatsChanged,
        stammtisch_model::stream::FeedChanged, stammtisch_model::HookBody)),
    tags(
        (name = "feed", description = "What a board reads: the feed, its live changes, its first view as HTML"),
        (name = "rsvp", description = "What partners send: RSVPs and cancellations"),
        (name = "calendar", description = "iCalendar files for one event and for subscriptions"),
        (name = "organizer", description = "Behind `Authorization: Bearer <admin token>`, same origin only"),
    ),
    modifiers(&CommonAnswers),
)]
pub struct ApiDoc;

/// The document as JSON, the same bytes every time.
pub fn document() -> String {
    ApiDoc::openapi().to_pretty_json().expect("the OpenAPI document serializes") + "\n"
}

/// `GET /api/v1/openapi.json`
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "feed",
    responses((status = 200, description = "This document", content_type = "application/json", body = Object)))]
pub async fn openapi_json() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], document())
}

/// Answers every operation can give, added once here rather than on every route: `500` and
/// `503` anywhere; `401` and `429` on the organizer API; `413` wherever a body is read.
struct CommonAnswers;

fn error_answer(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ApiError"))).build())
        .build()
}

impl Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "admin_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        let answers = [
            ("Internal", "The server's own fault (`internal`); the message holds no internals"),
            ("Unavailable", "The database cannot answer for a moment (`unavailable`); see `Retry-After`"),
            ("Unauthorized", "No admin token, a wrong one, or none configured (`unauthorized`)"),
            ("TooManyAttempts", "Too many wrong admin tokens from this client (`rate_limited`); see `Retry-After`"),
            ("TooLarge", "The body is larger than this route takes (`payload_too_large`)"),
        ];
        for (name, description) in answers {
            components.responses.insert(name.to_owned(), RefOr::T(error_answer(description)));
        }
        let reference = |name: &str| RefOr::Ref(Ref::new(format!("#/components/responses/{name}")));
        for (path, item) in openapi.paths.paths.iter_mut() {
            let organizer = path.starts_with("/api/v1/admin/");
            let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete];
            for operation in operations.into_iter().flatten() {
                let responses = &mut operation.responses.responses;
                responses.entry("500".into()).or_insert_with(|| reference("Internal"));
                responses.entry("503".into()).or_insert_with(|| reference("Unavailable"));
                if operation.request_body.is_some() {
                    responses.entry("413".into()).or_insert_with(|| reference("TooLarge"));
                }
                if organizer {
                    responses.entry("401".into()).or_insert_with(|| reference("Unauthorized"));
                    responses.entry("429".into()).or_insert_with(|| reference("TooManyAttempts"));
                    let token = SecurityRequirement::new::<_, _, &str>("admin_token", []);
                    operation.security = Some(vec![token]);
                }
            }
        }
    }
}
