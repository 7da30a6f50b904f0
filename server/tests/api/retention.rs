//! Data retention (DSGVO): personal data goes a set time after an event ends, or when the
//! attendee asks on the cancel page; seats and counts stay.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{event, rsvp_body, spawn_app, TestApp};

async fn attendees(app: &TestApp, id: &str) -> Vec<stammtisch_server::Attendee> {
    app.store.attendees(id).await.unwrap()
}

#[tokio::test]
async fn personal_data_of_long_past_events_goes_and_counts_stay() {
    let app = spawn_app().await;
    for id in ["lange-her", "neulich"] {
        app.add_event(event(id, Some(10))).await;
        for (name, email) in [("Anna", "anna@example.org"), ("Ben", "ben@example.org")] {
            assert_eq!(app.post_rsvp(id, &rsvp_body(name, email, 1)).await.status(), StatusCode::CREATED);
        }
    }
    // The test clock: "lange-her" ended 100 days before `now`, "neulich" 10 days before.
    let now = Utc::now() + Duration::days(7) + Duration::hours(3) + Duration::days(100);
    sqlx::query("UPDATE events SET ends_at = $1, starts_at = $2 WHERE id = 'neulich'")
        .bind((now - Duration::days(10)).to_rfc3339())
        .bind((now - Duration::days(10) - Duration::hours(2)).to_rfc3339())
        .execute(&app.raw)
        .await
        .unwrap();
    let before = app.store.admin_event("lange-her", Utc::now()).await.unwrap().event.rsvp.unwrap();

    let deleted = app.store.delete_old_personal_data(Duration::days(90), now).await.unwrap();
    assert_eq!(deleted, 2, "the two RSVPs of the event that ended 100 days ago");
    for attendee in attendees(&app, "lange-her").await {
        assert_eq!((attendee.name.as_str(), attendee.email.as_str()), ("", ""));
        assert!(attendee.company.is_none() && attendee.note.is_none());
        assert!(attendee.personal_data_deleted_at.is_some());
        assert_eq!(attendee.guests, 1, "seats stay");
    }
    let after = app.store.admin_event("lange-her", Utc::now()).await.unwrap().event.rsvp.unwrap();
    assert_eq!((after.confirmed, after.waitlisted), (before.confirmed, before.waitlisted), "counts stay");
    assert!(attendees(&app, "neulich").await.iter().all(|a| !a.name.is_empty()), "recent events keep their data");
    assert_eq!(app.store.delete_old_personal_data(Duration::days(90), now).await.unwrap(), 0, "once is enough");
}

#[tokio::test]
async fn the_cancel_page_deletes_the_attendees_data_on_request() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", Some(1))).await;
    let anna: Value =
        app.post_rsvp("stammtisch", &rsvp_body("Anna", "anna@example.org", 0)).await.json().await.unwrap();
    app.post_rsvp("stammtisch", &rsvp_body("Ben", "ben@example.org", 0)).await;
    let token = TestApp::token_of(&anna);

    let page = app.client.get(app.url(&format!("/rsvp/{token}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("action=\"/rsvp/{token}/delete\"")) && page.contains("Meine Daten löschen"));
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let posted = no_redirects.post(app.url(&format!("/rsvp/{token}/delete"))).send().await.unwrap();
    assert_eq!(posted.status(), StatusCode::SEE_OTHER);

    let page = app.client.get(app.url(&format!("/rsvp/{token}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Ihre Daten sind gelöscht") && !page.contains("Anna"), "{page}");
    let people = attendees(&app, "stammtisch").await;
    assert!(people.iter().all(|a| a.email != "anna@example.org"), "her address is gone");
    assert!(
        people.iter().any(|a| a.name == "Ben" && a.status == stammtisch_model::RsvpStatus::Confirmed),
        "Ben moved up"
    );
    // The same address may register again: the deleted RSVP holds no address any more.
    assert_eq!(
        app.post_rsvp("stammtisch", &rsvp_body("Anna", "anna@example.org", 0)).await.status(),
        StatusCode::CREATED
    );
}
