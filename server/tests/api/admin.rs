//! The organizer API: token, events, attendee lists.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{rsvp_body, spawn_app, spawn_app_with, TestApp};

const TOKEN: &str = "organizer-secret-token-0123456789";

async fn admin_app() -> TestApp {
    spawn_app_with(&["--admin-token", TOKEN]).await
}

fn event_body(id: &str, capacity: Option<u32>) -> Value {
    json!({
        "id": id,
        "title": "Partnertag Nord",
        "kind": "partner_day",
        "starts_at": "2030-12-03T09:30:00+01:00",
        "ends_at": "2030-12-03T17:00:00+01:00",
        "location": {"name": "Congress Centrum", "city": "Hannover"},
        "organizer": {"name": "Distribution Nord AG", "url": "https://example.com"},
        "tags": ["Vertrieb"],
        "capacity": capacity,
    })
}

impl TestApp {
    fn admin(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path)).bearer_auth(TOKEN)
    }
}

#[tokio::test]
async fn without_a_configured_token_or_with_a_wrong_one_the_answer_is_401() {
    let locked = spawn_app().await;
    let response = locked.client.get(locked.url("/api/v1/admin/events")).bearer_auth("anything").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.json::<Value>().await.unwrap()["error"], "unauthorized");

    let app = admin_app().await;
    for auth in [None, Some("Bearer wrong"), Some("Bearer "), Some(&*format!("Basic {TOKEN}"))] {
        let mut request = app.client.get(app.url("/api/v1/admin/events"));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        assert_eq!(request.send().await.unwrap().status(), StatusCode::UNAUTHORIZED, "{auth:?}");
    }
    let ok = app.admin(reqwest::Method::GET, "/api/v1/admin/events").send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_tokens_are_slowed_per_client_and_block_even_a_right_one_for_a_while() {
    let app = spawn_app_with(&["--admin-token", TOKEN, "--trusted-proxy", "127.0.0.1"]).await;
    let attempt = |client: &'static str, token: &'static str| {
        app.client.get(app.url("/api/v1/admin/events")).bearer_auth(token).header("x-forwarded-for", client).send()
    };
    for n in 0..10 {
        assert_eq!(attempt("203.0.113.7", "guess").await.unwrap().status(), StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    let slowed = attempt("203.0.113.7", "guess").await.unwrap();
    assert_eq!(slowed.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(slowed.headers().contains_key("retry-after"));
    assert_eq!(slowed.json::<Value>().await.unwrap()["error"], "rate_limited");
    // While blocked, not even the right token is looked at: guessing cannot outpace the limit.
    assert_eq!(attempt("203.0.113.7", TOKEN).await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    // Another client is not affected.
    assert_eq!(attempt("198.51.100.1", TOKEN).await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn events_can_be_created_read_updated_and_deleted() {
    let app = admin_app().await;
    let created = app
        .admin(reqwest::Method::POST, "/api/v1/admin/events")
        .json(&event_body("partnertag", Some(50)))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["time_zone"], "Europe/Berlin", "the board's zone by default");
    assert_eq!(created["rsvp_open"], true);
    assert_eq!(app.feed_event("partnertag").await["title"], "Partnertag Nord");

    let again = app
        .admin(reqwest::Method::POST, "/api/v1/admin/events")
        .json(&event_body("partnertag", Some(50)))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);

    let mut changed = event_body("partnertag", Some(60));
    changed["title"] = "Partnertag Nord 2030".into();
    let updated =
        app.admin(reqwest::Method::PUT, "/api/v1/admin/events/partnertag").json(&changed).send().await.unwrap();
    assert_eq!(updated.status(), StatusCode::OK);
    let read: Value =
        app.admin(reqwest::Method::GET, "/api/v1/admin/events/partnertag").send().await.unwrap().json().await.unwrap();
    assert_eq!((read["title"].as_str(), read["capacity"].as_u64()), (Some("Partnertag Nord 2030"), Some(60)));
    assert_eq!(
        app.feed_event("partnertag").await["title"],
        "Partnertag Nord 2030",
        "the feed shows the change at once"
    );

    let deleted = app.admin(reqwest::Method::DELETE, "/api/v1/admin/events/partnertag").send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::OK);
    let gone = app.admin(reqwest::Method::GET, "/api/v1/admin/events/partnertag").send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.feed().await["events"], json!([]), "and the removal");
}

#[tokio::test]
async fn invalid_events_are_refused_with_the_field() {
    let app = admin_app().await;
    let cases = [
        (json!({"title": "x", "starts_at": "2030-12-03T09:30:00+01:00"}), "id"),
        (json!({"id": "a", "starts_at": "2030-12-03T09:30:00+01:00"}), "title"),
        (json!({"id": "a", "title": "x"}), "starts_at"),
        (
            json!({"id": "a", "title": "x", "starts_at": "2030-12-03T09:30:00+01:00", "time_zone": "Mars/Olympus"}),
            "time_zone",
        ),
        (json!({"id": "a", "title": "x", "starts_at": "2030-12-03T09:30:00+01:00", "capacity": "viele"}), "capacity"),
        (json!({"id": "a", "title": "x", "starts_at": "gestern"}), "starts_at"),
        (json!({"id": "a", "title": "x", "starts_at": "2030-12-03T09:30:00+01:00", "url": "ftp://x"}), "url"),
    ];
    for (body, field) in cases {
        let response = app.admin(reqwest::Method::POST, "/api/v1/admin/events").json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(response.json::<Value>().await.unwrap()["field"], field, "{body}");
    }
}

#[tokio::test]
async fn more_capacity_promotes_and_less_than_taken_is_refused() {
    let app = admin_app().await;
    app.admin(reqwest::Method::POST, "/api/v1/admin/events").json(&event_body("lunch", Some(2))).send().await.unwrap();
    app.post_rsvp("lunch", &rsvp_body("A", "a@example.org", 1)).await;
    let waiting: Value = app.post_rsvp("lunch", &rsvp_body("B", "b@example.org", 1)).await.json().await.unwrap();
    assert_eq!(waiting["status"], "waitlisted");

    let smaller = app
        .admin(reqwest::Method::PUT, "/api/v1/admin/events/lunch")
        .json(&event_body("lunch", Some(1)))
        .send()
        .await
        .unwrap();
    assert_eq!(smaller.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(smaller.json::<Value>().await.unwrap()["field"], "capacity");

    app.admin(reqwest::Method::PUT, "/api/v1/admin/events/lunch")
        .json(&event_body("lunch", Some(4)))
        .send()
        .await
        .unwrap();
    let rows = app.rsvp_rows("lunch").await;
    assert!(rows.iter().all(|r| r.2 == "confirmed"), "{rows:?}");
}

#[tokio::test]
async fn events_with_rsvps_are_deleted_only_with_force() {
    let app = admin_app().await;
    app.admin(reqwest::Method::POST, "/api/v1/admin/events").json(&event_body("lunch", Some(2))).send().await.unwrap();
    app.post_rsvp("lunch", &rsvp_body("A", "a@example.org", 0)).await;
    let refused = app.admin(reqwest::Method::DELETE, "/api/v1/admin/events/lunch").send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let forced = app.admin(reqwest::Method::DELETE, "/api/v1/admin/events/lunch?force=true").send().await.unwrap();
    assert_eq!(forced.status(), StatusCode::OK);
    assert!(app.rsvp_rows("lunch").await.is_empty());
}

#[tokio::test]
async fn attendee_lists_come_as_json_and_as_csv_for_excel() {
    let app = admin_app().await;
    app.admin(reqwest::Method::POST, "/api/v1/admin/events").json(&event_body("lunch", Some(2))).send().await.unwrap();
    let mut body = rsvp_body("Jürgen Müller", "juergen@example.org", 1);
    body["company"] = "=HYPERLINK(\"x\")".into();
    body["note"] = "Vegetarisch; bitte".into();
    app.post_rsvp("lunch", &body).await;
    app.post_rsvp("lunch", &rsvp_body("Zoë", "zoe@example.org", 0)).await;

    let json: Value =
        app.admin(reqwest::Method::GET, "/api/v1/admin/events/lunch/rsvps").send().await.unwrap().json().await.unwrap();
    let rsvps = json["rsvps"].as_array().unwrap();
    assert_eq!(rsvps[0]["email"], "juergen@example.org");
    assert_eq!((rsvps[1]["status"].as_str(), rsvps[1]["waitlist_position"].as_u64()), (Some("waitlisted"), Some(1)));

    for request in [
        app.admin(reqwest::Method::GET, "/api/v1/admin/events/lunch/rsvps.csv"),
        app.admin(reqwest::Method::GET, "/api/v1/admin/events/lunch/rsvps").header("accept", "text/csv"),
    ] {
        let response = request.send().await.unwrap();
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM tells Excel it is UTF-8");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(
            lines[1].starts_with(
                "Jürgen Müller;juergen@example.org;\"'=HYPERLINK(\"\"x\"\")\";1;\"Vegetarisch; bitte\";confirmed"
            ),
            "{}",
            lines[1]
        );
    }
    let public = app.client.get(app.url("/api/v1/feed")).send().await.unwrap().text().await.unwrap();
    assert!(!public.contains("juergen@example.org"));
}

#[tokio::test]
async fn the_organizer_cancels_on_someone_s_behalf_and_the_waitlist_moves_up() {
    let app = admin_app().await;
    app.admin(reqwest::Method::POST, "/api/v1/admin/events").json(&event_body("lunch", Some(1))).send().await.unwrap();
    app.post_rsvp("lunch", &rsvp_body("Ada", "ada@example.com", 0)).await;
    app.post_rsvp("lunch", &rsvp_body("Bob", "bob@example.com", 0)).await;
    let list = |app: &TestApp| {
        let request = app.admin(reqwest::Method::GET, "/api/v1/admin/events/lunch/rsvps");
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let before = list(&app).await;
    let ada = before["rsvps"][0]["id"].as_i64().unwrap();
    assert_eq!(before["rsvps"][1]["status"], "waitlisted");

    let path = format!("/api/v1/admin/events/lunch/rsvps/{ada}");
    let cancelled = app.admin(reqwest::Method::DELETE, &path).send().await.unwrap();
    assert_eq!(cancelled.status(), StatusCode::OK);
    assert_eq!(cancelled.json::<Value>().await.unwrap()["status"], "cancelled");
    let after = list(&app).await;
    assert_eq!(after["rsvps"][0]["status"], "cancelled");
    assert_eq!(after["rsvps"][1]["status"], "confirmed", "Bob moved up in the same transaction");
    assert_eq!(app.admin(reqwest::Method::DELETE, &path).send().await.unwrap().status(), StatusCode::OK, "again: 200");

    for unknown in [
        "/api/v1/admin/events/lunch/rsvps/999",
        "/api/v1/admin/events/other/rsvps/1",
        "/api/v1/admin/events/lunch/rsvps/x",
    ] {
        let response = app.admin(reqwest::Method::DELETE, unknown).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{unknown}");
    }
    let anonymous = app.client.delete(app.url(&path)).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn organizers_see_when_attendee_data_will_be_deleted() {
    let app = admin_app().await;
    let created: Value = app
        .admin(reqwest::Method::POST, "/api/v1/admin/events")
        .json(&event_body("lunch", Some(2)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Ends 2030-12-03T17:00+01:00; ninety days on by default.
    assert_eq!(created["personal_data_deleted_after"], "2031-03-03T16:00:00Z");
    assert_eq!(created["confirmed"], 0);
    assert_eq!(created["source"], Value::Null);

    let keeping = spawn_app_with(&["--admin-token", TOKEN, "--retention-days", "0"]).await;
    keeping.admin(reqwest::Method::POST, "/api/v1/admin/events").json(&event_body("lunch", None)).send().await.unwrap();
    let listed: Value =
        keeping.admin(reqwest::Method::GET, "/api/v1/admin/events").send().await.unwrap().json().await.unwrap();
    assert_eq!(listed["events"][0]["personal_data_deleted_after"], Value::Null);
}

/// A JSON body of exactly `len` bytes: `value` padded with spaces, which JSON ignores.
fn padded(value: &Value, len: usize) -> Vec<u8> {
    let mut body = serde_json::to_vec(value).unwrap();
    assert!(body.len() <= len, "the body is {} bytes already", body.len());
    body.resize(len, b' ');
    body
}

#[tokio::test]
async fn an_event_with_the_longest_german_description_saves() {
    let app = admin_app().await;
    let mut body = event_body("partnertag-ue", None);
    body["description"] = json!("ü".repeat(10_000));
    let created = app.admin(reqwest::Method::POST, "/api/v1/admin/events").json(&body).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let stored: Value = created.json().await.unwrap();
    assert_eq!(stored["description"].as_str().map(|d| d.chars().count()), Some(10_000));
    // 20,000 bytes: more than the RSVP's 16 KiB, which organizer bodies do not share.
    body["description"] = json!("ü".repeat(9_999) + "ä");
    let updated =
        app.admin(reqwest::Method::PUT, "/api/v1/admin/events/partnertag-ue").json(&body).send().await.unwrap();
    assert_eq!(updated.status(), StatusCode::OK);
    body["description"] = json!("ü".repeat(10_001));
    let refused = app.admin(reqwest::Method::POST, "/api/v1/admin/events").json(&body).send().await.unwrap();
    assert_eq!(
        refused.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a character too many is the model's rule, not a 413"
    );
}

#[tokio::test]
async fn organizer_bodies_are_limited_in_bytes_at_the_models_largest_event() {
    let app = admin_app().await;
    let limit = stammtisch_model::MAX_ORGANIZER_BODY;
    let send = |id: &str, body: Vec<u8>| {
        app.admin(reqwest::Method::PUT, &format!("/api/v1/admin/events/{id}"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    app.admin(reqwest::Method::POST, "/api/v1/admin/events").json(&event_body("grenze", None)).send().await.unwrap();
    let at_limit = send("grenze", padded(&event_body("grenze", Some(30)), limit)).await.unwrap();
    assert_eq!(at_limit.status(), StatusCode::OK, "{limit} bytes are taken");
    let over = send("grenze", padded(&event_body("grenze", Some(30)), limit + 1)).await.unwrap();
    assert_eq!(over.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(over.json::<Value>().await.unwrap()["error"], "payload_too_large");
}
