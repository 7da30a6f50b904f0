//! Rate limits, trusted proxies, the honeypot and oversized input.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{event, rsvp_body, spawn_app, spawn_app_with};

#[tokio::test]
async fn too_many_posts_from_one_client_are_refused_with_retry_after() {
    let app = spawn_app_with(&["--rsvp-rate-limit", "2"]).await;
    app.add_event(event("stammtisch", Some(100))).await;
    for n in 0..2 {
        let response = app.post_rsvp("stammtisch", &rsvp_body("A", &format!("a{n}@example.org"), 0)).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let refused = app.post_rsvp("stammtisch", &rsvp_body("A", "a9@example.org", 0)).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&retry_after), "{retry_after}");
    assert_eq!(refused.json::<Value>().await.unwrap()["error"], "rate_limited");
    assert_eq!(app.rsvp_rows("stammtisch").await.len(), 2);
}

#[tokio::test]
async fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
    let post = |app: &crate::helpers::TestApp, forwarded: &'static str, n: usize| {
        let request = app
            .client
            .post(app.url("/api/v1/events/stammtisch/rsvps"))
            .header("x-forwarded-for", forwarded)
            .json(&rsvp_body("A", &format!("p{n}@example.org"), 0));
        async move { request.send().await.unwrap().status() }
    };

    let behind_proxy = spawn_app_with(&["--rsvp-rate-limit", "1", "--trusted-proxy", "127.0.0.1"]).await;
    behind_proxy.add_event(event("stammtisch", Some(100))).await;
    assert_eq!(post(&behind_proxy, "198.51.100.1", 0).await, StatusCode::CREATED);
    assert_eq!(post(&behind_proxy, "198.51.100.2", 1).await, StatusCode::CREATED, "another client behind the proxy");
    assert_eq!(post(&behind_proxy, "198.51.100.1", 2).await, StatusCode::TOO_MANY_REQUESTS);

    let direct = spawn_app_with(&["--rsvp-rate-limit", "1"]).await;
    direct.add_event(event("stammtisch", Some(100))).await;
    assert_eq!(post(&direct, "198.51.100.1", 0).await, StatusCode::CREATED);
    assert_eq!(
        post(&direct, "198.51.100.2", 1).await,
        StatusCode::TOO_MANY_REQUESTS,
        "a forged header changes nothing"
    );
}

#[tokio::test]
async fn the_honeypot_answers_like_a_success_and_stores_nothing() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", Some(100))).await;
    let mut body = rsvp_body("Bot", "bot@example.org", 0);
    body["website"] = "https://spam.example".into();
    let response = app.post_rsvp("stammtisch", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["status"], "confirmed");
    assert!(app.rsvp_rows("stammtisch").await.is_empty());
    let cancel = app.client.get(created["cancel_url"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(cancel.status(), StatusCode::NOT_FOUND, "the bot's link leads nowhere");
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", Some(100))).await;
    let mut body = rsvp_body("Anna", "anna@example.org", 0);
    body["favourite_colour"] = "blau".into();
    assert_eq!(app.post_rsvp("stammtisch", &body).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn injection_strings_are_stored_and_shown_verbatim_in_every_text_field() {
    const TOKEN: &str = "injection-test-token";
    let app = spawn_app_with(&["--admin-token", TOKEN]).await;
    let hostile = [
        "Robert'); DROP TABLE rsvps;--",
        "' OR '1'='1",
        "\"; DELETE FROM events WHERE ''='",
        "%' UNION SELECT cancel_token_hash FROM rsvps --",
        "\\'; PRAGMA writable_schema=1; --",
        "<script>alert(1)</script> & \u{202E}txet",
    ];
    for (n, text) in hostile.iter().enumerate() {
        let id = format!("inject-{n}");
        let event = serde_json::json!({
            "id": id, "title": text, "kind": "meetup", "starts_at": "2030-12-03T19:00:00+01:00",
            "summary": text, "description": text, "url": "https://example.com/?q=1'--",
            "location": {"name": text, "address": text, "city": text},
            "organizer": {"name": text}, "tags": [text], "capacity": 10,
        });
        let created =
            app.client.post(app.url("/api/v1/admin/events")).bearer_auth(TOKEN).json(&event).send().await.unwrap();
        assert_eq!(created.status(), 201, "{text:?}: {}", created.text().await.unwrap());
        let body = serde_json::json!({
            "name": text, "email": format!("o'reilly+{n}@example.org"), "company": text, "guests": 0,
            "note": text, "consent": true,
        });
        assert_eq!(app.post_rsvp(&id, &body).await.status(), 201, "{text:?}");

        let shown = app.feed_event(&id).await;
        for field in [
            &shown["title"],
            &shown["summary"],
            &shown["description"],
            &shown["location"]["name"],
            &shown["location"]["address"],
            &shown["location"]["city"],
            &shown["organizer"]["name"],
            &shown["tags"][0],
        ] {
            assert_eq!(field, text, "stored and shown as sent");
        }
        assert_eq!(shown["rsvp"]["confirmed"], 1);
        let attendees: serde_json::Value = app
            .client
            .get(app.url(&format!("/api/v1/admin/events/{id}/rsvps")))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let attendee = &attendees["rsvps"][0];
        assert_eq!(
            (&attendee["name"], &attendee["company"], &attendee["note"]),
            (&(*text).into(), &(*text).into(), &(*text).into())
        );
        assert_eq!(attendee["email"], format!("o'reilly+{n}@example.org"));
    }
    // Both tables are still there, with every row.
    for table in ["events", "rsvps"] {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&app.raw).await.unwrap();
        assert_eq!(rows as usize, hostile.len(), "{table}");
    }
    assert_eq!(app.feed().await["events"].as_array().unwrap().len(), hostile.len());
}
