//! Reach without cookies: beacons, pages without scripts and RSVPs counted per event and day;
//! the counts read back by the organizer; nothing about a visitor in the database.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{event, rsvp_body, spawn_app_with, TestApp};

const TOKEN: &str = "organizer-secret-token-0123456789";
const BROWSER: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1";

/// Sends a beacon as `navigator.sendBeacon` does: plain text.
async fn beacon(app: &TestApp, body: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/reach"))
        .header("content-type", "text/plain;charset=UTF-8")
        .header("user-agent", BROWSER)
        .header("accept-language", "de-DE")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

async fn reach(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).bearer_auth(TOKEN).send().await.unwrap()
}

async fn today(app: &TestApp, event: &str) -> Value {
    let response = reach(app, &format!("/api/v1/admin/events/{event}/reach")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["days"].as_array().unwrap().len(), 30, "30 days by default: {body}");
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Berlin).date_naive().to_string();
    let last = body["days"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["date"], today.as_str(), "the days end today, in the board's zone");
    assert_eq!(body["time_zone"], "Europe/Berlin");
    let mut counts = last.clone();
    counts.as_object_mut().unwrap().remove("date");
    assert_eq!(body["totals"], counts, "nothing on other days, so the totals are today's");
    counts
}

#[tokio::test]
async fn views_opened_cards_forms_and_rsvps_are_counted_and_no_visitor_is_kept() {
    let app = spawn_app_with(&["--admin-token", TOKEN]).await;
    app.add_event(event("partnertag", Some(20))).await;
    app.add_event(event("webinar", None)).await;

    for _ in 0..2 {
        assert_eq!(beacon(&app, r#"{"action":"board_shown"}"#).await.status(), StatusCode::NO_CONTENT);
    }
    for _ in 0..3 {
        let opened = beacon(&app, r#"{"action":"details_opened","event":"partnertag"}"#).await;
        assert_eq!(opened.status(), StatusCode::NO_CONTENT);
    }
    let as_json =
        app.client.post(app.url("/api/v1/reach")).json(&json!({"action": "rsvp_started", "event": "partnertag"}));
    assert_eq!(as_json.send().await.unwrap().status(), StatusCode::NO_CONTENT, "JSON is read as text is");
    beacon(&app, r#"{"action":"details_opened","event":"webinar"}"#).await;
    assert_eq!(
        app.post_rsvp("partnertag", &rsvp_body("Eva", "eva@example.org", 1)).await.status(),
        StatusCode::CREATED
    );
    // A crawler is answered alike, and not counted.
    let crawler = app
        .client
        .post(app.url("/api/v1/reach"))
        .header("user-agent", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
        .body(r#"{"action":"details_opened","event":"partnertag"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(crawler.status(), StatusCode::NO_CONTENT);
    // The pages without scripts count as the board does.
    for path in ["/events", "/events/partnertag"] {
        let page = app.client.get(app.url(path)).header("user-agent", BROWSER).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{path}");
    }

    let expected = json!({"board_shown": 3, "details_opened": 4, "rsvp_started": 1, "rsvp_sent": 1});
    assert_eq!(today(&app, "partnertag").await, expected, "read before the counts are written");
    let webinar = today(&app, "webinar").await;
    assert_eq!(webinar, json!({"board_shown": 3, "details_opened": 1, "rsvp_started": 0, "rsvp_sent": 0}));

    app.reach.flush(&app.store).await;
    assert_eq!(today(&app, "partnertag").await, expected, "the same once written, not counted twice");
    let week = reach(&app, "/api/v1/admin/events/partnertag/reach?days=7").await;
    assert_eq!(week.json::<Value>().await.unwrap()["days"].as_array().unwrap().len(), 7);

    // What the database holds: counts per day, event and action; no address, no browser.
    let rows: Vec<(String, String, String, i64)> =
        sqlx::query_as("SELECT day, event_id, action, count FROM reach_days ORDER BY event_id, action")
            .fetch_all(&app.raw)
            .await
            .unwrap();
    let day = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Berlin).date_naive().to_string();
    let row = |event: &str, action: &str, count| (day.clone(), event.to_owned(), action.to_owned(), count);
    assert_eq!(
        rows,
        [
            row("", "board_shown", 3),
            row("partnertag", "details_opened", 4),
            row("partnertag", "rsvp_sent", 1),
            row("partnertag", "rsvp_started", 1),
            row("webinar", "details_opened", 1),
        ]
    );
    let columns: Vec<(String,)> = match app.database.starts_with("sqlite") {
        true => sqlx::query_as("SELECT name FROM pragma_table_info('reach_days') ORDER BY cid").fetch_all(&app.raw),
        false => sqlx::query_as(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'reach_days' ORDER BY ordinal_position",
        )
        .fetch_all(&app.raw),
    }
    .await
    .unwrap();
    let columns: Vec<&str> = columns.iter().map(|(name,)| name.as_str()).collect();
    assert_eq!(columns, ["day", "event_id", "action", "count"], "nothing that could name a visitor");

    // An event's counts go with it.
    let removed = app.client.delete(app.url("/api/v1/admin/events/webinar")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(removed.status(), StatusCode::OK);
    let left: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM reach_days WHERE event_id = 'webinar'").fetch_one(&app.raw).await.unwrap();
    assert_eq!(left.0, 0);
    assert_eq!(reach(&app, "/api/v1/admin/events/webinar/reach").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn wrong_beacons_and_questions_are_answered_in_words() {
    let app = spawn_app_with(&["--admin-token", TOKEN]).await;
    app.add_event(event("partnertag", Some(20))).await;
    let cases = [
        ("kein JSON", StatusCode::BAD_REQUEST, None),
        (r#"{"action":"clicked","event":"partnertag"}"#, StatusCode::UNPROCESSABLE_ENTITY, Some("action")),
        (r#"{"action":"details_opened"}"#, StatusCode::UNPROCESSABLE_ENTITY, Some("event")),
        (r#"{"action":"board_shown","event":"partnertag"}"#, StatusCode::UNPROCESSABLE_ENTITY, Some("event")),
        (r#"{"action":"rsvp_started","event":"gibt-es-nicht"}"#, StatusCode::NOT_FOUND, None),
    ];
    for (body, status, field) in cases {
        let response = beacon(&app, body).await;
        assert_eq!(response.status(), status, "{body}");
        let error: Value = response.json().await.unwrap();
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}: {error}");
        assert_eq!(error["field"].as_str(), field, "{body}: {error}");
    }
    let large = format!(r#"{{"action":"board_shown","padding":"{}"}}"#, "x".repeat(2000));
    assert_eq!(beacon(&app, &large).await.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let said: Value = beacon(&app, r#"{"action":"details_opened"}"#).await.json().await.unwrap();
    assert!(said["message"].as_str().unwrap().contains("Veranstaltung"), "German when asked: {said}");

    for query in ["days=0", "days=367", "days=viele"] {
        let response = reach(&app, &format!("/api/v1/admin/events/partnertag/reach?{query}")).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(response.json::<Value>().await.unwrap()["field"], "days");
    }
    let anonymous = app.client.get(app.url("/api/v1/admin/events/partnertag/reach")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(reach(&app, "/api/v1/admin/events/gibt-es-nicht/reach").await.status(), StatusCode::NOT_FOUND);
    let nothing = today(&app, "partnertag").await;
    assert_eq!(nothing, json!({"board_shown": 0, "details_opened": 0, "rsvp_started": 0, "rsvp_sent": 0}));
}
