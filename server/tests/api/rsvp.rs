//! Storing an RSVP, and every way a request can be wrong.

use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{event, rsvp_body, spawn_app};

async fn error_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.expect("errors are JSON"))
}

#[tokio::test]
async fn an_rsvp_is_stored_and_answered_with_a_cancel_link() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", Some(40))).await;
    let body = json!({"name": " Anna Schmidt ", "email": " Anna@Example.ORG ", "company": "Systemhaus Nord",
        "guests": 1, "note": "Vegetarisch", "consent": true});
    let response = app.post_rsvp("stammtisch", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["status"], "confirmed");
    assert_eq!(created["guests"], 1);
    assert!(created.get("waitlist_position").is_none());
    assert_eq!(created["rsvp"]["seats_left"], 38);
    let cancel_url = created["cancel_url"].as_str().unwrap();
    let token = cancel_url.strip_prefix(&format!("{}/rsvp/", app.address)).expect("cancel link on the public URL");
    assert!(token.len() >= 22, "at least 128 bits");

    let rows = app.rsvp_rows("stammtisch").await;
    assert_eq!(rows, vec![("Anna Schmidt".into(), "anna@example.org".into(), "confirmed".into(), 1)]);
    let (stored_hash,): (Vec<u8>,) =
        sqlx::query_as("SELECT cancel_token_hash FROM rsvps").fetch_one(&app.raw).await.unwrap();
    assert_eq!(stored_hash, Sha256::digest(token.as_bytes()).to_vec(), "only the token's hash is stored");
}

#[tokio::test]
async fn a_second_rsvp_with_the_same_address_is_refused_without_the_link() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", Some(40))).await;
    assert_eq!(
        app.post_rsvp("stammtisch", &rsvp_body("Anna", "anna@example.org", 0)).await.status(),
        StatusCode::CREATED
    );
    let (status, error) =
        error_of(app.post_rsvp("stammtisch", &rsvp_body("Anna S.", "  ANNA@example.org", 3)).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["error"], "already_registered");
    assert!(error.get("cancel_url").is_none() && !error.to_string().contains("/rsvp/"));
    assert_eq!(app.rsvp_rows("stammtisch").await.len(), 1, "nothing new stored");
}

#[tokio::test]
async fn invalid_fields_are_named_and_nothing_is_stored() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", Some(40))).await;
    let cases = [
        (json!({"name": "Anna", "email": "anna@example.org", "guests": 0}), "consent"),
        (json!({"name": "", "email": "anna@example.org", "guests": 0, "consent": true}), "name"),
        (json!({"name": "Anna", "email": "anna(at)example.org", "guests": 0, "consent": true}), "email"),
        (json!({"name": "Anna", "email": "anna@example.org", "guests": 10, "consent": true}), "guests"),
        (json!({"name": "Anna", "email": "anna@example.org", "guests": "zwei", "consent": true}), "guests"),
        (json!({"name": "Anna", "email": "anna@example.org", "guests": -1, "consent": true}), "guests"),
        (json!({"name": "Anna", "email": "anna@example.org", "consent": "yes"}), "consent"),
        (json!({"name": "Anna", "email": "anna@example.org", "note": "x".repeat(501), "consent": true}), "note"),
        (json!({"name": 42, "email": "anna@example.org", "consent": true}), "name"),
    ];
    for (body, field) in cases {
        let (status, error) = error_of(app.post_rsvp("stammtisch", &body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error["error"], "invalid_input", "{body}");
        assert_eq!(error["field"], field, "{body}");
        assert!(!error["message"].as_str().unwrap().is_empty());
    }
    assert!(app.rsvp_rows("stammtisch").await.is_empty());
}

#[tokio::test]
async fn broken_and_oversized_bodies_get_the_contract_error() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", Some(40))).await;
    let url = app.url("/api/v1/events/stammtisch/rsvps");
    let broken =
        app.client.post(&url).header("content-type", "application/json").body("{\"name\": ").send().await.unwrap();
    let (status, error) = error_of(broken).await;
    assert_eq!((status, error["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_input")));

    let huge = json!({"name": "Anna", "email": "anna@example.org", "consent": true, "note": "x".repeat(20_000)});
    let (status, error) = error_of(app.client.post(&url).json(&huge).send().await.unwrap()).await;
    assert_eq!((status, error["error"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large")));
}

#[tokio::test]
async fn the_rsvp_keeps_its_small_limit_in_bytes() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", Some(40))).await;
    let limit = 16 * 1024;
    let body = |len: usize| {
        let mut bytes = serde_json::to_vec(&rsvp_body("Anna", "anna@example.org", 0)).unwrap();
        bytes.resize(len, b' ');
        app.client
            .post(app.url("/api/v1/events/stammtisch/rsvps"))
            .header("content-type", "application/json")
            .body(bytes)
            .send()
    };
    assert_eq!(body(limit).await.unwrap().status(), StatusCode::CREATED, "16 KiB are taken");
    let (status, error) = error_of(body(limit + 1).await.unwrap()).await;
    assert_eq!((status, error["error"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large")));
}

#[tokio::test]
async fn unknown_events_are_not_found() {
    let app = spawn_app().await;
    for id in ["gibt-es-nicht", "UPPER", "a%20b"] {
        let (status, error) = error_of(app.post_rsvp(id, &rsvp_body("Anna", "anna@example.org", 0)).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{id}");
        assert_eq!(error["error"], "not_found");
    }
}

#[tokio::test]
async fn messages_follow_accept_language() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", Some(40))).await;
    let body = json!({"name": "Anna", "email": "anna@example.org"});
    let url = app.url("/api/v1/events/stammtisch/rsvps");
    let german: Value = app
        .client
        .post(&url)
        .header("accept-language", "de-DE,de;q=0.9")
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(german["message"].as_str().unwrap().starts_with("Bitte stimmen Sie"), "{german}");
    let english: Value = app.client.post(&url).json(&body).send().await.unwrap().json().await.unwrap();
    assert!(english["message"].as_str().unwrap().starts_with("Please agree"), "{english}");
}
