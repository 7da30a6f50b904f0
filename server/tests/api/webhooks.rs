//! Webhooks (CONTRACT §8) against a real receiver on loopback: managed with rules in words,
//! every change delivered signed, retried while the receiver fails or is away, never through a
//! redirect, and nothing of a forgotten attendee kept.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{event, rsvp_body, spawn_app_with, TestApp};
use crate::hook_receiver::{away, HookReceiver};

const TOKEN: &str = "organizer-secret-token-0123456789";
const SECRET: &str = "whsec_testgeheimnis-0123456789";
const EVERYTHING: [&str; 5] = ["rsvp.created", "rsvp.confirmed", "rsvp.cancelled", "rsvp.promoted", "event.changed"];

async fn hook_app() -> TestApp {
    spawn_app_with(&["--admin-token", TOKEN]).await
}

impl TestApp {
    async fn hook_api(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request =
            self.client.request(method, self.url(path)).bearer_auth(TOKEN).header("accept-language", "de");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn put_hook(&self, id: &str, body: Value) -> (StatusCode, Value) {
        self.hook_api(Method::PUT, &format!("/api/v1/admin/webhooks/{id}"), Some(body)).await
    }

    async fn deliveries(&self, id: &str) -> Vec<Value> {
        let (status, list) = self.hook_api(Method::GET, &format!("/api/v1/admin/webhooks/{id}/deliveries"), None).await;
        assert_eq!(status, StatusCode::OK);
        list["deliveries"].as_array().unwrap().clone()
    }

    /// Waits until the endpoint's newest delivery shows `check`.
    async fn wait_for_delivery(&self, id: &str, check: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..200 {
            if let Some(newest) = self.deliveries(id).await.first().filter(|d| check(d)) {
                return newest.clone();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the delivery never got there: {:?}", self.deliveries(id).await);
    }
}

#[tokio::test]
async fn endpoints_are_managed_with_rules_in_words_and_secrets_are_never_listed() {
    let app = hook_app().await;
    let url = "https://crm.example.com/hooks/stammtisch";
    for (id, body, field) in [
        ("CRM", json!({"url": url, "events": ["rsvp.created"]}), "id"),
        ("crm", json!({"events": ["rsvp.created"]}), "url"),
        ("crm", json!({"url": "ftp://example.com/x", "events": ["rsvp.created"]}), "url"),
        ("crm", json!({"url": url, "events": []}), "events"),
        ("crm", json!({"url": url, "events": ["rsvp.deleted"]}), "events"),
        ("crm", json!({"url": url, "events": ["rsvp.created"], "secret": "kurz"}), "secret"),
        ("crm", json!({"url": url, "events": ["rsvp.created"], "secret": "mit leerzeichen 0123456789"}), "secret"),
    ] {
        let (status, error) = app.put_hook(id, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error["field"], field, "{body}: {error}");
        assert!(error["message"].as_str().unwrap().len() > 10, "said in words: {error}");
    }
    let (status, error) = app.put_hook("crm", json!({"url": url, "events": ["rsvp.deleted"]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error["message"].as_str().unwrap().contains("rsvp.created"), "names what is possible: {error}");

    // Without a secret the server makes one and shows it once.
    let (status, created) = app.put_hook("crm", json!({"url": url, "events": ["rsvp.created", "rsvp.created"]})).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let made = created["secret"].as_str().unwrap().to_owned();
    assert!(made.starts_with("whsec_") && made.len() > 40, "{made}");
    assert_eq!(created["events"], json!(["rsvp.created"]), "listed once");
    let hint = created["secret_hint"].as_str().unwrap();
    assert!(hint.ends_with(&made[made.len() - 4..]), "{hint}");

    let (status, changed) = app.put_hook("crm", json!({"url": url, "events": EVERYTHING})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(changed.get("secret"), None, "an existing secret is never shown");
    assert_eq!(changed["secret_hint"], created["secret_hint"], "and it stays when none is given");

    let (_, list) = app.hook_api(Method::GET, "/api/v1/admin/webhooks", None).await;
    let listed = serde_json::to_string(&list).unwrap();
    assert!(!listed.contains(&made), "the list never holds a secret: {listed}");
    assert_eq!(list["webhooks"][0]["events"].as_array().unwrap().len(), 5);

    let (status, _) = app.hook_api(Method::DELETE, "/api/v1/admin/webhooks/crm", None).await;
    assert_eq!(status, StatusCode::OK);
    for (method, path) in [
        (Method::DELETE, "/api/v1/admin/webhooks/crm"),
        (Method::GET, "/api/v1/admin/webhooks/crm/deliveries"),
        (Method::POST, "/api/v1/admin/webhooks/crm/deliveries/abc/resend"),
    ] {
        let (status, error) = app.hook_api(method.clone(), path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(error["error"], "not_found");
    }
    let anonymous = app.client.get(app.url("/api/v1/admin/webhooks")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    for n in 0..stammtisch_model::MAX_WEBHOOKS {
        let (status, _) = app.put_hook(&format!("hook-{n}"), json!({"url": url, "events": ["rsvp.created"]})).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, error) = app.put_hook("one-too-many", json!({"url": url, "events": ["rsvp.created"]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
}

#[tokio::test]
async fn every_change_reaches_its_followers_signed_and_once() {
    let app = hook_app().await;
    let receiver = HookReceiver::start().await;
    app.add_event(event("stammtisch-dezember", Some(1))).await;
    let (status, _) =
        app.put_hook("crm", json!({"url": receiver.url("/crm"), "events": EVERYTHING, "secret": SECRET})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app
        .put_hook("absagen", json!({"url": receiver.url("/absagen"), "events": ["rsvp.cancelled"], "secret": SECRET}))
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let first = app.post_rsvp("stammtisch-dezember", &rsvp_body("Erika Muster", "erika@example.org", 0)).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    receiver.wait_for(1, Duration::from_secs(10)).await;
    let second = app.post_rsvp("stammtisch-dezember", &rsvp_body("Max Partner", "max@example.org", 0)).await;
    assert_eq!(second.json::<Value>().await.unwrap()["status"], "waitlisted");
    receiver.wait_for(2, Duration::from_secs(10)).await;
    let cancelled = app.client.delete(app.url(&format!("/api/v1/rsvps/{}", TestApp::token_of(&first)))).send().await;
    assert_eq!(cancelled.unwrap().status(), StatusCode::OK);
    receiver.wait_for(5, Duration::from_secs(10)).await;
    let mut changed = crate::helpers::event("stammtisch-dezember", Some(1));
    changed.event.title = "IT-Stammtisch im Dezember (neuer Ort)".into();
    app.store.update_event(&changed, chrono::Utc::now()).await.unwrap();
    let received = receiver.wait_for(6, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(receiver.received().len(), 6, "nothing more, nothing twice");

    let to_crm: Vec<_> = received.iter().filter(|r| r.path == "/crm").collect();
    let names: Vec<&str> = to_crm.iter().map(|r| r.event.as_str()).collect();
    assert_eq!(names[..2], ["rsvp.created", "rsvp.created"]);
    let mut middle = names[2..4].to_vec();
    middle.sort_unstable();
    assert_eq!(middle, ["rsvp.cancelled", "rsvp.promoted"]);
    assert_eq!(names[4], "event.changed");
    for delivery in &received {
        assert!(delivery.signed_with(SECRET), "signature of {delivery:?}");
        assert!(!delivery.signed_with("whsec_ein-anderes-geheimnis"));
        assert_eq!(delivery.content_type, "application/json");
        let body = delivery.json();
        assert_eq!(body["delivery"], delivery.delivery.as_str());
        assert_eq!(body["event"], delivery.event.as_str());
        chrono::DateTime::parse_from_rfc3339(body["occurred_at"].as_str().unwrap()).unwrap();
    }
    let mut ids: Vec<&str> = received.iter().map(|r| r.delivery.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6, "each delivery has its own id");

    let created = to_crm[0].json();
    assert_eq!(created["data"]["event"]["id"], "stammtisch-dezember");
    assert_eq!(created["data"]["rsvp"]["email"], "erika@example.org");
    assert_eq!(created["data"]["rsvp"]["status"], "confirmed");
    assert_eq!(to_crm[1].json()["data"]["rsvp"]["status"], "waitlisted");
    let promoted = to_crm.iter().find(|r| r.event == "rsvp.promoted").unwrap().json();
    assert_eq!(promoted["data"]["rsvp"]["name"], "Max Partner");
    assert_eq!(promoted["data"]["rsvp"]["status"], "confirmed");
    let event_changed = to_crm[4].json();
    assert_eq!(event_changed["data"]["change"], "updated");
    assert_eq!(event_changed["data"]["event"]["title"], "IT-Stammtisch im Dezember (neuer Ort)");

    let only_cancelled: Vec<_> = received.iter().filter(|r| r.path == "/absagen").collect();
    assert_eq!(only_cancelled.len(), 1);
    assert_eq!(only_cancelled[0].event, "rsvp.cancelled");
    assert_eq!(only_cancelled[0].json()["data"]["rsvp"]["email"], "erika@example.org");

    // Rewriting the event as it is changes nothing a receiver sees.
    app.store.update_event(&changed, chrono::Utc::now()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(receiver.received().len(), 6, "an unchanged event is not delivered");

    let listed = app.deliveries("crm").await;
    assert_eq!(listed.len(), 5);
    assert!(listed.iter().all(|d| d["state"] == "delivered" && d["last_status"] == 200 && d["attempts"] == 1));
    let (_, hooks) = app.hook_api(Method::GET, "/api/v1/admin/webhooks", None).await;
    let crm = hooks["webhooks"].as_array().unwrap().iter().find(|w| w["id"] == "crm").unwrap().clone();
    assert_eq!((crm["waiting"].as_u64(), crm["failed"].as_u64()), (Some(0), Some(0)));
    assert!(crm["last_delivered_at"].is_string());
}

#[tokio::test]
async fn a_receiver_that_fails_or_is_away_gets_the_delivery_when_it_is_back() {
    let app = hook_app().await;
    let receiver = HookReceiver::start().await;
    app.add_event(event("partnertag", None)).await;
    let away = away("/hook").await;
    app.put_hook("crm", json!({"url": away, "events": ["rsvp.created"], "secret": SECRET})).await;
    let created = app.post_rsvp("partnertag", &rsvp_body("Erika Muster", "erika@example.org", 1)).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let failed = app.wait_for_delivery("crm", |d| d["attempts"].as_u64() >= Some(2)).await;
    assert_eq!(failed["state"], "waiting", "retried, not given up: {failed}");
    assert!(failed["last_error"].as_str().unwrap().starts_with("could not connect"), "{failed}");
    assert!(failed["next_attempt_at"].is_string());
    assert_eq!(failed["last_status"], Value::Null);

    // Back, but in maintenance for two tries.
    receiver.answer_next(&[StatusCode::SERVICE_UNAVAILABLE, StatusCode::SERVICE_UNAVAILABLE]);
    app.put_hook("crm", json!({"url": receiver.url("/hook"), "events": ["rsvp.created"]})).await;
    let received = receiver.wait_for(3, Duration::from_secs(30)).await;
    assert!(received.iter().all(|r| r.delivery == failed["id"].as_str().unwrap()), "one delivery, tried again");
    assert!(received.iter().all(|r| r.body == received[0].body), "the same body every time");
    assert!(received.iter().all(|r| r.signed_with(SECRET)), "the kept secret signs");
    let delivered = app.wait_for_delivery("crm", |d| d["state"] == "delivered").await;
    assert!(delivered["attempts"].as_u64().unwrap() >= 4, "{delivered}");
    assert_eq!(delivered["last_status"], 200);
    assert_eq!(delivered["last_error"], Value::Null);
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_a_delivery_can_be_sent_again() {
    let app = hook_app().await;
    let receiver = HookReceiver::start().await;
    app.add_event(event("partnertag", None)).await;
    app.put_hook("crm", json!({"url": receiver.url("/moved"), "events": ["rsvp.created"], "secret": SECRET})).await;
    app.post_rsvp("partnertag", &rsvp_body("Erika Muster", "erika@example.org", 0)).await;
    let refused = app.wait_for_delivery("crm", |d| d["attempts"].as_u64() >= Some(1)).await;
    assert_eq!(refused["last_status"], 307);
    assert!(refused["last_error"].as_str().unwrap().contains("do not follow redirects"), "{refused}");
    assert!(receiver.received().is_empty(), "the redirect's target got nothing");

    app.put_hook("crm", json!({"url": receiver.url("/hook"), "events": ["rsvp.created"]})).await;
    let first = receiver.wait_for(1, Duration::from_secs(10)).await;
    app.wait_for_delivery("crm", |d| d["state"] == "delivered").await;

    let id = refused["id"].as_str().unwrap();
    let (status, resent) =
        app.hook_api(Method::POST, &format!("/api/v1/admin/webhooks/crm/deliveries/{id}/resend"), None).await;
    assert_eq!(status, StatusCode::OK, "{resent}");
    let again = receiver.wait_for(2, Duration::from_secs(10)).await;
    assert_eq!(again[1].delivery, id, "the same delivery, so the receiver can drop a repeat");
    assert_eq!(again[1].body, first[0].body);
}

#[tokio::test]
async fn nothing_of_a_forgotten_attendee_stays_in_deliveries() {
    let app = hook_app().await;
    app.add_event(event("partnertag", None)).await;
    let away = away("/hook").await;
    app.put_hook("crm", json!({"url": away, "events": ["rsvp.created", "rsvp.cancelled"], "secret": SECRET})).await;
    let created: Value =
        app.post_rsvp("partnertag", &rsvp_body("Erika Muster", "erika@example.org", 0)).await.json().await.unwrap();
    let token = TestApp::token_of(&created);
    // The attendee's own "delete my data".
    let deleted = app.client.post(app.url(&format!("/rsvp/{token}/delete"))).form(&[("confirm", "1")]).send().await;
    assert!(deleted.unwrap().status().is_success());
    let rows: Vec<(String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT event, body, failed_at, last_error FROM webhook_deliveries ORDER BY seq")
            .fetch_all(&app.raw)
            .await
            .unwrap();
    assert_eq!(rows.len(), 2, "created and cancelled: {rows:?}");
    let (event, body, failed_at, last_error) = &rows[0];
    assert_eq!(event, "rsvp.created");
    assert_eq!(body, "", "the address and name went with the data");
    assert!(failed_at.is_some(), "not sent at all");
    assert_eq!(last_error.as_deref(), Some("personal data deleted before it was sent"));
    // The cancellation still reaches the CRM, written after the data went: without it.
    let (event, body, failed_at, _) = &rows[1];
    assert_eq!(event, "rsvp.cancelled");
    assert!(failed_at.is_none(), "it is still to be delivered");
    assert!(!body.to_lowercase().contains("erika"), "{body}");
    let cancelled: Value = serde_json::from_str(body).unwrap();
    assert_eq!(cancelled["data"]["rsvp"]["status"], "cancelled");
    assert_eq!(cancelled["data"]["rsvp"]["email"], "");
    assert!(cancelled["data"]["rsvp"]["personal_data_deleted_at"].is_string());
    let listed = app.deliveries("crm").await;
    let emptied = listed.iter().find(|d| d["event"] == "rsvp.created").unwrap();
    assert_eq!(emptied["state"], "failed");
    let id = emptied["id"].as_str().unwrap();
    let (status, _) =
        app.hook_api(Method::POST, &format!("/api/v1/admin/webhooks/crm/deliveries/{id}/resend"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an emptied delivery cannot be sent again");
}

#[tokio::test]
async fn an_event_deleted_with_its_rsvps_cancels_each_for_the_receiver() {
    let app = hook_app().await;
    let receiver = HookReceiver::start().await;
    app.add_event(event("partnertag", None)).await;
    app.put_hook("crm", json!({"url": receiver.url("/hook"), "events": ["rsvp.cancelled"], "secret": SECRET})).await;
    for (name, email) in [("Erika Muster", "erika@example.org"), ("Max Partner", "max@example.org")] {
        assert_eq!(app.post_rsvp("partnertag", &rsvp_body(name, email, 0)).await.status(), StatusCode::CREATED);
    }
    let (status, _) = app.hook_api(Method::DELETE, "/api/v1/admin/events/partnertag?force=true", None).await;
    assert_eq!(status, StatusCode::OK);
    let received = receiver.wait_for(2, Duration::from_secs(10)).await;
    let mut emails: Vec<String> =
        received.iter().map(|r| r.json()["data"]["rsvp"]["email"].as_str().unwrap().to_owned()).collect();
    emails.sort_unstable();
    assert_eq!(emails, ["erika@example.org", "max@example.org"]);
    assert!(received.iter().all(|r| r.event == "rsvp.cancelled" && r.json()["data"]["rsvp"]["status"] == "cancelled"));
}
