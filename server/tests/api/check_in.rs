//! Check-in at the door: a confirmed attendee is checked in once (the first time stays), a
//! check-in is taken back, nobody without a seat comes in, and the CSV says who came.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{event, rsvp_body, spawn_app_with, TestApp};
use crate::mail::TOKEN;

async fn door(app: &TestApp, method: reqwest::Method, rsvp: i64) -> reqwest::Response {
    app.client
        .request(method, app.url(&format!("/api/v1/admin/events/tuer/rsvps/{rsvp}/check-in")))
        .bearer_auth(TOKEN)
        .header("accept-language", "de")
        .send()
        .await
        .unwrap()
}

async fn attendees(app: &TestApp) -> Vec<Value> {
    app.attendee_list("tuer", TOKEN).await
}

#[tokio::test]
async fn a_check_in_counts_once_can_be_taken_back_and_shows_in_the_csv() {
    let app = spawn_app_with(&["--admin-token", TOKEN]).await;
    app.add_event(event("tuer", Some(1))).await;
    for (name, email) in [("Anna", "anna@example.org"), ("Ben", "ben@example.org")] {
        assert_eq!(app.post_rsvp("tuer", &rsvp_body(name, email, 0)).await.status(), StatusCode::CREATED);
    }
    let list = attendees(&app).await;
    let (anna, ben) = (list[0]["id"].as_i64().unwrap(), list[1]["id"].as_i64().unwrap());
    assert_eq!(list[1]["status"], "waitlisted");

    let first: Value = door(&app, reqwest::Method::POST, anna).await.json().await.unwrap();
    let at = first["checked_in_at"].as_str().expect("a time").to_owned();
    let again: Value = door(&app, reqwest::Method::POST, anna).await.json().await.unwrap();
    assert_eq!(again["checked_in_at"], at.as_str(), "a second tap keeps the first time");
    assert_eq!(attendees(&app).await[0]["checked_in_at"], at.as_str());

    let refused = door(&app, reqwest::Method::POST, ben).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT, "no seat, no entry");
    let error: Value = refused.json().await.unwrap();
    assert_eq!(error["error"], "not_confirmed");
    assert_eq!(error["message"], "Nur bestätigte Anmeldungen können eingecheckt werden.");
    assert_eq!(door(&app, reqwest::Method::POST, 999_999).await.status(), StatusCode::NOT_FOUND);

    let csv = app
        .client
        .get(app.url("/api/v1/admin/events/tuer/rsvps.csv"))
        .bearer_auth(TOKEN)
        .header("accept-language", "de")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert!(lines.next().unwrap().ends_with(";Storniert am;Eingecheckt am;Einwilligung Info-Mails am"));
    let checked_in = |line: &str| line.rsplit(';').nth(1).unwrap().to_owned();
    let anna_line = lines.next().unwrap();
    let when = chrono::DateTime::parse_from_rfc3339(&checked_in(anna_line)).expect("Anna came");
    assert_eq!(when, chrono::DateTime::parse_from_rfc3339(&at).unwrap(), "{anna_line}");
    assert_eq!(checked_in(lines.next().unwrap()), "", "Ben did not");

    let undone: Value = door(&app, reqwest::Method::DELETE, anna).await.json().await.unwrap();
    assert!(undone["checked_in_at"].is_null());
    assert!(door(&app, reqwest::Method::DELETE, anna).await.status().is_success(), "taking back twice");
    assert!(attendees(&app).await[0]["checked_in_at"].is_null());
}

#[tokio::test]
async fn a_confirmation_mail_carries_the_check_in_code_inside_it() {
    let sink = crate::smtp_sink::SmtpSink::start().await;
    let app = crate::mail::mail_app(&sink, &[]).await;
    app.add_event(event("tuer", Some(1))).await;
    app.rsvp_de("tuer", "Anna", "anna@example.org").await;
    app.rsvp_de("tuer", "Ben", "ben@example.org").await;
    let messages = sink.wait_for(2).await;
    let anna = attendees(&app).await[0]["id"].as_i64().unwrap();
    let raw =
        messages.iter().find(|m| m.contains("To: Anna <anna@example.org>") || m.contains("anna@example.org")).unwrap();
    assert!(raw.contains("multipart/related"), "the HTML and its picture belong together");
    assert!(raw.contains("Content-Type: image/png") && raw.contains("Content-ID: <check-in>"), "{raw}");
    assert!(raw.contains("iVBORw0KGgo"), "a PNG, base64");
    let mail = crate::mail::mails_to(&messages, "anna@example.org").remove(0);
    assert!(mail.subject.starts_with("Anmeldung bestätigt"));
    // The picture's address is the door list's, kept beside the mail until it is sent.
    let url: Option<String> = sqlx::query_scalar("SELECT check_in_url FROM outbox WHERE recipient LIKE '%anna%'")
        .fetch_one(&app.raw)
        .await
        .unwrap();
    assert_eq!(url, Some(format!("{}/admin#check-in/tuer/{anna}", app.address)));
    let ben = messages.iter().find(|m| m.contains("ben@example.org")).unwrap();
    assert!(!ben.contains("image/png"), "the waitlist has no seat to show at the door");
}
