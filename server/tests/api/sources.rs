//! Partner feeds against real partner servers on 127.0.0.1: a healthy feed, a calendar, a
//! broken one, a slow one, one too large, and one that drops events.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode as Status};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::helpers::{event, rsvp_body, spawn_app_with, TestApp};

const TOKEN: &str = "organizer-secret-token-0123456789";

/// What the partner's server answers, changed by the tests as they go.
#[derive(Default)]
struct Partner {
    /// Ids of the events `/feed.json` lists.
    listed: Vec<&'static str>,
    /// `/feed.json` answers 500 while set.
    broken: bool,
    /// `/feed.json` answers with a web page instead of a feed while set.
    garbage: bool,
    /// Conditional requests `/feed.json` answered with 304.
    not_modified: u32,
}

type Shared = Arc<Mutex<Partner>>;

fn partner_feed(ids: &[&str]) -> String {
    let events: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| {
            json!({
                "id": id, "title": format!("Partnertermin {id}"), "kind": if n == 0 { "webinar" } else { "unknown-kind" },
                "starts_at": "2030-12-03T19:00:00+01:00", "tags": ["Cloud"], "capacity": 20,
                "url": format!("https://partner.example/{id}"),
            })
        })
        .collect();
    json!({ "version": 1, "board": {"title": "Partner", "time_zone": "Europe/Berlin"},
            "generated_at": "2030-01-01T00:00:00Z", "events": events })
    .to_string()
}

async fn feed_json(State(partner): State<Shared>, headers: HeaderMap) -> Response {
    let mut partner = partner.lock().unwrap();
    if partner.broken {
        return (Status::INTERNAL_SERVER_ERROR, "down for maintenance").into_response();
    }
    if partner.garbage {
        return ([(header::CONTENT_TYPE, "text/html")], "<html><body>Wartung</body></html>").into_response();
    }
    let etag = format!("\"v-{}\"", partner.listed.join("-"));
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.to_str().unwrap() == etag) {
        partner.not_modified += 1;
        return Status::NOT_MODIFIED.into_response();
    }
    ([(header::ETAG, etag)], partner_feed(&partner.listed)).into_response()
}

const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Partner//DE\r\n\
BEGIN:VEVENT\r\nUID:lunch-1@partner.example\r\nDTSTAMP:20300101T000000Z\r\n\
DTSTART;TZID=Europe/Berlin:20301208T123000\r\nDTEND;TZID=Europe/Berlin:20301208T140000\r\n\
SUMMARY:Rotary-Lunch\r\nLOCATION:Hotel am Markt\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:lunch-2@partner.example\r\nDTSTAMP:20300101T000000Z\r\n\
DTSTART;TZID=Europe/Berlin:20310112T123000\r\nSUMMARY:Rotary-Lunch\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:fern@partner.example\r\nDTSTART;TZID=Mars Standard Time:20310112T123000\r\nSUMMARY:Fern\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

async fn calendar() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/calendar; charset=utf-8")], CALENDAR)
}

/// A monthly lunch as a club's calendar software writes it: one rule since 2026, one date moved.
const MONTHLY: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Club//DE\r\n\
BEGIN:VEVENT\r\nUID:lunch@club.example\r\nDTSTART;TZID=Europe/Berlin:20260113T123000\r\n\
DTEND;TZID=Europe/Berlin:20260113T140000\r\nRRULE:FREQ=MONTHLY;BYDAY=2TU\r\nSUMMARY:Rotary-Lunch\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

async fn monthly() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/calendar")], MONTHLY)
}

async fn slow() -> impl IntoResponse {
    tokio::time::sleep(Duration::from_secs(30)).await;
    partner_feed(&["late"])
}

/// 400 KB without a length: the limit has to hold while reading, not only on the header.
async fn large() -> Response {
    let chunks = (0..100).map(|_| Ok::<_, std::io::Error>(vec![b' '; 4_000]));
    Body::from_stream(futures_util::stream::iter(chunks)).into_response()
}

/// A partner's server on a free port.
async fn partner_server(listed: Vec<&'static str>) -> (String, Shared) {
    let shared: Shared = Arc::new(Mutex::new(Partner { listed, ..Partner::default() }));
    let router = Router::new()
        .route("/feed.json", get(feed_json))
        .route("/termine.ics", get(calendar))
        .route("/lunch.ics", get(monthly))
        .route("/slow.json", get(slow))
        .route("/large.json", get(large))
        .with_state(shared.clone());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (address, shared)
}

async fn organizer_app() -> TestApp {
    spawn_app_with(&["--admin-token", TOKEN, "--source-timeout", "1", "--source-max-bytes", "100000"]).await
}

impl TestApp {
    async fn put_source(&self, id: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .client
            .put(self.url(&format!("/api/v1/admin/sources/{id}")))
            .bearer_auth(TOKEN)
            .json(&body)
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap())
    }

    async fn refresh_source(&self, id: &str) -> Value {
        let response = self
            .client
            .post(self.url(&format!("/api/v1/admin/sources/{id}/refresh")))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    async fn organizer(&self, method: Method, path: &str) -> Value {
        self.client.request(method, self.url(path)).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap()
    }

    async fn feed_ids(&self) -> Vec<String> {
        let feed = self.feed().await;
        feed["events"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect()
    }
}

#[tokio::test]
async fn a_partner_feed_brings_its_events_with_kind_tags_and_rsvp_and_is_asked_conditionally() {
    let (partner, state) = partner_server(vec!["a", "b"]).await;
    let app = organizer_app().await;
    let (status, source) = app
        .put_source(
            "nord",
            json!({"url": format!("{partner}/feed.json"), "default_kind": "meetup", "tags": ["Partner", "cloud"],
                   "refresh_minutes": 30, "mode": "rsvp"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{source}");
    assert_eq!(source["events"], 2);
    assert_eq!(source["last_error"], Value::Null);
    assert!(source["last_success_at"].is_string());

    assert_eq!(app.feed_ids().await, ["nord-a", "nord-b"]);
    let a = app.feed_event("nord-a").await;
    assert_eq!(a["kind"], "webinar", "a kind of its own stays");
    assert_eq!(a["tags"], json!(["Cloud", "Partner"]), "the source's tags are added once, any case");
    assert_eq!(a["rsvp"]["seats_left"], 20);
    assert_eq!(app.feed_event("nord-b").await["kind"], "meetup", "an unknown kind takes the default");
    let created = app.post_rsvp("nord-a", &rsvp_body("Ada", "ada@example.com", 0)).await;
    assert_eq!(created.status(), StatusCode::CREATED);

    let again = app.refresh_source("nord").await;
    assert_eq!(state.lock().unwrap().not_modified, 1, "the second fetch sent the ETag and got a 304");
    assert_eq!(again["events"], 2);
    assert_ne!(again["last_checked_at"], source["last_checked_at"]);
    assert_eq!(app.feed_event("nord-a").await["rsvp"]["confirmed"], 1, "RSVPs stay across refreshes");

    let (status, changed) = app
        .put_source("nord", json!({"url": format!("{partner}/feed.json"), "mode": "rsvp", "refresh_minutes": 60}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(changed["refresh_minutes"], 60);
    let a = app.feed_event("nord-a").await;
    assert_eq!(a["tags"], json!(["Cloud"]), "new settings apply at once, though the feed did not change");
    assert_eq!(app.feed_event("nord-b").await["kind"], "other", "no default kind any more");
    let listed = app.organizer(Method::GET, "/api/v1/admin/sources").await;
    assert_eq!(listed["sources"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_calendar_source_read_only_lists_its_events_without_rsvp() {
    let (partner, _) = partner_server(vec![]).await;
    let app = organizer_app().await;
    let (status, source) = app
        .put_source("rotary", json!({"url": format!("{partner}/termine.ics"), "default_kind": "service_club"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{source}");
    assert_eq!(source["mode"], "read_only", "read-only unless asked otherwise");
    assert_eq!(source["events"], 2);
    assert_eq!(source["skipped"], 1);
    assert_eq!(
        source["skipped_events"],
        json!([{"event": "fern@partner.example", "line": 18, "why": "its time zone \"Mars Standard Time\" is unknown"}]),
        "the console shows which event and why"
    );
    let feed = app.feed().await;
    let events = feed["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e["id"].as_str().unwrap().starts_with("rotary-lunch-")));
    assert!(events.iter().all(|e| e["kind"] == "service_club" && e.get("rsvp").is_none()));
    assert_eq!(events[0]["starts_at"], "2030-12-08T12:30:00+01:00");
    assert_eq!(events[0]["time_zone"], "Europe/Berlin");
}

#[tokio::test]
async fn a_recurring_meeting_from_a_calendar_is_one_series_on_the_board() {
    let (partner, _) = partner_server(vec![]).await;
    let app = organizer_app().await;
    let (status, source) = app.put_source("club", json!({"url": format!("{partner}/lunch.ics")})).await;
    assert_eq!(status, StatusCode::CREATED, "{source}");
    let dates = source["events"].as_u64().unwrap();
    assert!((12..=13).contains(&dates), "the second Tuesdays of the next twelve months: {dates}");
    let feed = app.feed().await;
    let events = feed["events"].as_array().unwrap();
    assert_eq!(events.len() as u64, dates);
    let series = events[0]["series"].as_str().expect("a series the board names on each card");
    assert!(series.starts_with("club-lunch-club-example-"), "{series}");
    assert!(events.iter().all(|e| e["series"] == series), "{events:?}");
    assert!(events.iter().all(|e| e["starts_at"].as_str().unwrap().contains("T12:30:00+0")));

    // Saved again (a full fetch), the same dates stay in the same series.
    app.put_source("club", json!({"url": format!("{partner}/lunch.ics")})).await;
    let again = app.feed().await;
    assert_eq!(again["events"], feed["events"]);
}

#[tokio::test]
async fn a_broken_source_keeps_its_last_good_events_and_says_why() {
    let (partner, state) = partner_server(vec!["a"]).await;
    let app = organizer_app().await;
    app.put_source("nord", json!({"url": format!("{partner}/feed.json")})).await;
    assert_eq!(app.feed_ids().await, ["nord-a"]);

    state.lock().unwrap().broken = true;
    let failed = app.refresh_source("nord").await;
    assert_eq!(failed["last_error"]["code"], "http_status");
    assert_eq!(failed["last_error"]["detail"], "HTTP 500");
    assert_eq!(failed["events"], 1);
    assert_eq!(app.feed_ids().await, ["nord-a"], "the board keeps the last good events");

    {
        let mut partner = state.lock().unwrap();
        (partner.broken, partner.garbage) = (false, true);
    }
    let unreadable = app.refresh_source("nord").await;
    assert_eq!(unreadable["last_error"]["code"], "unreadable");
    assert_eq!(app.feed_ids().await, ["nord-a"]);

    state.lock().unwrap().garbage = false;
    let healed = app.refresh_source("nord").await;
    assert_eq!(healed["last_error"], Value::Null);
}

#[tokio::test]
async fn slow_and_oversized_sources_fail_within_their_limits() {
    let (partner, _) = partner_server(vec![]).await;
    let app = organizer_app().await;
    let started = Instant::now();
    let (status, slow) = app.put_source("slow", json!({"url": format!("{partner}/slow.json")})).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(slow["last_error"]["code"], "timeout", "{slow}");
    assert!(started.elapsed() < Duration::from_secs(10), "the fetch gave up at its timeout");

    let (_, large) = app.put_source("large", json!({"url": format!("{partner}/large.json")})).await;
    assert_eq!(large["last_error"]["code"], "too_large", "{large}");

    let (_, unreachable) = app.put_source("gone", json!({"url": "http://127.0.0.1:9/feed.json"})).await;
    assert_eq!(unreachable["last_error"]["code"], "unreachable", "{unreachable}");
    assert!(app.feed_ids().await.is_empty());
}

#[tokio::test]
async fn an_event_the_source_drops_leaves_the_board_and_keeps_its_rsvps_for_the_organizer() {
    let (partner, state) = partner_server(vec!["a", "b", "c"]).await;
    let app = organizer_app().await;
    app.put_source("nord", json!({"url": format!("{partner}/feed.json"), "mode": "rsvp"})).await;
    let created = app.post_rsvp("nord-b", &rsvp_body("Ada", "ada@example.com", 1)).await;
    assert_eq!(created.status(), StatusCode::CREATED);

    state.lock().unwrap().listed = vec!["a"];
    let source = app.refresh_source("nord").await;
    assert_eq!(source["events"], 1);
    assert_eq!(app.feed_ids().await, ["nord-a"]);
    let late = app.post_rsvp("nord-b", &rsvp_body("Bob", "bob@example.com", 0)).await;
    assert_eq!(late.status(), StatusCode::NOT_FOUND, "no RSVP to an event the partner removed");

    let admin = app.organizer(Method::GET, "/api/v1/admin/events").await;
    let ids: Vec<&str> = admin["events"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["nord-a", "nord-b"], "c had no RSVPs and is gone; b stays for the organizer");
    let b = admin["events"].as_array().unwrap().iter().find(|e| e["id"] == "nord-b").unwrap();
    assert!(b["removed_at_source"].is_string());
    assert_eq!(b["source"], "nord");
    let attendees = app.organizer(Method::GET, "/api/v1/admin/events/nord-b/rsvps").await;
    assert_eq!(attendees["rsvps"][0]["name"], "Ada");

    state.lock().unwrap().listed = vec!["a", "b"];
    app.refresh_source("nord").await;
    assert_eq!(app.feed_ids().await, ["nord-a", "nord-b"], "back at the source, back on the board");
    assert_eq!(app.feed_event("nord-b").await["rsvp"]["confirmed"], 2);

    let deleted = app.organizer(Method::DELETE, "/api/v1/admin/sources/nord").await;
    assert_eq!(deleted["status"], "deleted");
    assert!(app.feed_ids().await.is_empty());
    let admin = app.organizer(Method::GET, "/api/v1/admin/events").await;
    let kept: Vec<&str> = admin["events"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(kept, ["nord-b"], "the event with RSVPs outlives its source, hidden");

    let (_, again) = app.put_source("nord", json!({"url": format!("{partner}/feed.json"), "mode": "rsvp"})).await;
    assert_eq!(again["events"], 2, "added again, the source takes its hidden event back: {again}");
    assert_eq!(app.feed_event("nord-b").await["rsvp"]["confirmed"], 2, "with its RSVPs");
}

#[tokio::test]
async fn an_event_with_rsvp_at_its_source_is_listed_here_read_only() {
    let app = organizer_app().await;
    // Another Stammtisch board: its feed's events carry `rsvp`, they take RSVPs there.
    let partner_board = organizer_app().await;
    partner_board.add_event(event("stammtisch", Some(30))).await;
    let (_, source) = app.put_source("other", json!({"url": partner_board.url("/api/v1/feed"), "mode": "rsvp"})).await;
    assert_eq!(source["events"], 1, "{source}");
    assert!(app.feed_event("other-stammtisch").await.get("rsvp").is_none(), "no seat is sold on two boards");
}

#[tokio::test]
async fn redirects_may_not_leave_the_partner_s_host() {
    let app = organizer_app().await;
    let elsewhere = organizer_app().await;
    let to = elsewhere.url("/api/v1/feed").replace("127.0.0.1", "localhost");
    let redirect = Router::new().route(
        "/feed.json",
        get(move || {
            let to = to.clone();
            async move { axum::response::Redirect::temporary(&to) }
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, redirect).await });
    let (_, source) = app.put_source("moved", json!({"url": format!("{address}/feed.json")})).await;
    assert_eq!(source["last_error"]["code"], "unreachable", "{source}");
    assert!(source["last_error"]["detail"].as_str().unwrap().contains("another host"), "{source}");
    assert!(app.feed_ids().await.is_empty());
}

#[tokio::test]
async fn the_board_s_own_events_win_over_a_source_s_ids() {
    let (partner, _) = partner_server(vec!["a", "b"]).await;
    let app = organizer_app().await;
    app.add_event(event("nord-a", Some(5))).await;
    let (_, source) = app.put_source("nord", json!({"url": format!("{partner}/feed.json")})).await;
    assert_eq!(source["events"], 1);
    assert_eq!(source["skipped"], 1);
    assert_eq!(app.feed_event("nord-a").await["title"], "Testtermin nord-a");
}

#[tokio::test]
async fn source_settings_are_checked_field_by_field() {
    let app = organizer_app().await;
    let cases = [
        ("nord", json!({"url": "javascript:alert(1)"}), "url"),
        ("nord", json!({}), "url"),
        ("Nord Feed", json!({"url": "https://partner.example/feed.json"}), "id"),
        ("nord", json!({"url": "https://partner.example/feed.json", "refresh_minutes": 1}), "refresh_minutes"),
        ("nord", json!({"url": "https://partner.example/feed.json", "mode": "sometimes"}), "mode"),
        ("nord", json!({"url": "https://partner.example/feed.json", "tags": vec!["x"; 21]}), "tags"),
        ("nord", json!({"url": "https://partner.example/feed.json", "tags": ["a\u{7}b"]}), "tags"),
    ];
    for (id, body, field) in cases {
        let (status, error) = app.put_source(id, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error["error"], "invalid_input");
        assert_eq!(error["field"], field, "{body}");
    }
    let missing = app.client.post(app.url("/api/v1/admin/sources/none/refresh")).bearer_auth(TOKEN).send().await;
    assert_eq!(missing.unwrap().status(), StatusCode::NOT_FOUND);
    let locked = app.client.get(app.url("/api/v1/admin/sources")).send().await.unwrap();
    assert_eq!(locked.status(), StatusCode::UNAUTHORIZED);
}
