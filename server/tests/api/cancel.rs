use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{event, rsvp_body, spawn_app, TestApp};

#[tokio::test]
async fn cancelling_is_idempotent_and_unknown_tokens_are_not_found() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", Some(10))).await;
    let created: Value =
        app.post_rsvp("stammtisch", &rsvp_body("Anna", "anna@example.org", 2)).await.json().await.unwrap();
    let url = app.url(&format!("/api/v1/rsvps/{}", TestApp::token_of(&created)));
    for _ in 0..2 {
        let response = app.client.delete(&url).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.json::<Value>().await.unwrap(), serde_json::json!({"status": "cancelled"}));
    }
    assert_eq!(app.feed_event("stammtisch").await["rsvp"]["seats_left"], 10, "the seats are free again");
    let unknown =
        app.client.delete(app.url("/api/v1/rsvps/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(unknown.json::<Value>().await.unwrap()["error"], "not_found");
    let again: Value =
        app.post_rsvp("stammtisch", &rsvp_body("Anna", "anna@example.org", 0)).await.json().await.unwrap();
    assert_eq!(again["status"], "confirmed", "after cancelling, the same address may register again");
}

#[tokio::test]
async fn a_cancellation_promotes_waiting_parties_that_fit_in_arrival_order() {
    let app = spawn_app().await;
    app.add_event(event("lunch", Some(5))).await;
    let first: Value = app.post_rsvp("lunch", &rsvp_body("A", "a@example.org", 3)).await.json().await.unwrap();
    let big: Value = app.post_rsvp("lunch", &rsvp_body("B", "b@example.org", 4)).await.json().await.unwrap();
    let small: Value = app.post_rsvp("lunch", &rsvp_body("C", "c@example.org", 1)).await.json().await.unwrap();
    let single: Value = app.post_rsvp("lunch", &rsvp_body("D", "d@example.org", 0)).await.json().await.unwrap();
    assert_eq!(first["status"], "confirmed");
    assert_eq!(big["waitlist_position"], 1);
    assert_eq!(small["waitlist_position"], 2);
    assert_eq!(single["status"], "confirmed", "one seat was still free");

    app.client.delete(app.url(&format!("/api/v1/rsvps/{}", TestApp::token_of(&first)))).send().await.unwrap();
    // 5 seats, D holds 1: B's party of 5 does not fit into the 4 free ones and is skipped; C's party of 2 does.
    let rows = app.rsvp_rows("lunch").await;
    let status: Vec<(&str, &str)> = rows.iter().map(|r| (r.0.as_str(), r.2.as_str())).collect();
    assert_eq!(status, [("A", "cancelled"), ("B", "waitlisted"), ("C", "confirmed"), ("D", "confirmed")]);
}

#[tokio::test]
async fn the_cancel_page_shows_the_rsvp_and_cancels_it() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", Some(10))).await;
    let created: Value = app
        .post_rsvp("stammtisch", &rsvp_body("Anna <b>Schmidt</b>", "anna@example.org", 1))
        .await
        .json()
        .await
        .unwrap();
    let page_url = created["cancel_url"].as_str().unwrap().to_owned();

    let page = app.client.get(&page_url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    let html = page.text().await.unwrap();
    assert!(html.contains("Testtermin stammtisch") && html.contains("Sie sind angemeldet."), "{html}");
    assert!(html.contains("Anna &lt;b&gt;Schmidt&lt;/b&gt;"), "names are escaped");
    assert!(html.contains("mit 1 Begleitperson"));

    let english = app.client.get(&page_url).header("accept-language", "en").send().await.unwrap().text().await.unwrap();
    assert!(english.contains("You are registered.") && english.contains("Cancel registration"));

    let token = TestApp::token_of(&created);
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let posted = no_redirects.post(app.url(&format!("/rsvp/{token}/cancel"))).send().await.unwrap();
    assert_eq!(posted.status(), StatusCode::SEE_OTHER);
    let after = app.client.get(&page_url).send().await.unwrap().text().await.unwrap();
    assert!(after.contains("storniert") && !after.contains("/cancel\""), "no second cancel: {after}");
    assert!(after.contains("/delete\""), "deleting one's data stays possible: {after}");
    assert_eq!(app.rsvp_rows("stammtisch").await[0].2, "cancelled");

    let missing = app.client.get(app.url("/rsvp/nope")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.text().await.unwrap().contains("nicht gefunden"));
}

#[tokio::test]
async fn a_link_that_cannot_be_a_token_is_not_found_not_a_crash() {
    let app = crate::helpers::spawn_app().await;
    for path in ["/rsvp/%0A", "/rsvp/a%0Db"] {
        let page = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(page.status(), reqwest::StatusCode::NOT_FOUND, "{path}");
        for action in ["cancel", "delete", "confirm"] {
            let posted = app.client.post(app.url(&format!("{path}/{action}"))).send().await.unwrap();
            assert_eq!(posted.status(), reqwest::StatusCode::NOT_FOUND, "{path}/{action}");
        }
    }
}
