use reqwest::header::{ETAG, IF_NONE_MATCH};
use reqwest::StatusCode;
use stammtisch_model::{parse_feed, Kind};
use stammtisch_server::seed_demo;

use crate::helpers::{event, rsvp_body, spawn_app};

#[tokio::test]
async fn an_empty_board_serves_a_valid_empty_feed() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/api/v1/feed")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let feed: serde_json::Value = response.json().await.unwrap();
    assert_eq!(feed["version"], 1);
    assert_eq!(feed["events"], serde_json::json!([]));
    assert_eq!(feed["board"]["time_zone"], "Europe/Berlin");
}

#[tokio::test]
async fn the_demo_board_has_every_kind_of_event_the_demo_needs() {
    let app = spawn_app().await;
    assert!(seed_demo(&app.store, chrono::Utc::now()).await.unwrap());
    let text = app.client.get(app.url("/feed.json")).send().await.unwrap().text().await.unwrap();
    let parsed = parse_feed(&text).unwrap();
    assert_eq!(parsed.skipped, 0);
    let events = parsed.feed.events;
    assert!(events.len() >= 12, "a dozen events, got {}", events.len());
    for kind in [Kind::Meetup, Kind::ServiceClub, Kind::BusinessClub, Kind::Webinar, Kind::PartnerDay, Kind::Conference]
    {
        assert!(events.iter().any(|e| e.kind == kind), "{kind:?} missing");
    }
    let now = chrono::Utc::now();
    assert_eq!(events.iter().filter(|e| e.is_past(now)).count(), 1, "one past event");
    assert!(events.iter().any(|e| e.is_online_only()), "an online event");
    let open_state = |e: &stammtisch_model::Event| e.rsvp.clone().filter(|r| !e.is_past(now) && !r.open);
    assert!(events.iter().any(|e| open_state(e).is_some()), "an upcoming event with RSVP closed");
    assert!(
        events.iter().any(|e| e.rsvp.as_ref().is_some_and(|r| r.open && matches!(r.seats_left, Some(1..=3)))),
        "a nearly full event"
    );
    assert!(events.iter().any(|e| e.rsvp.is_none()), "a read-only event");
    assert_eq!(parsed.feed.board.title, "Partner-Community Nord");
}

#[tokio::test]
async fn seeding_never_touches_a_board_with_events() {
    let app = spawn_app().await;
    app.add_event(event("eigener-termin", Some(10))).await;
    assert!(!seed_demo(&app.store, chrono::Utc::now()).await.unwrap());
    let feed = app.feed().await;
    assert_eq!(feed["events"].as_array().unwrap().len(), 1);
    assert_eq!(feed["board"]["title"], "Stammtisch");
}

#[tokio::test]
async fn feed_answers_304_until_something_changes() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", Some(10))).await;
    let first = app.client.get(app.url("/api/v1/feed")).send().await.unwrap();
    let etag = first.headers()[ETAG].to_str().unwrap().to_owned();

    let again = app.client.get(app.url("/api/v1/feed")).header(IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[ETAG].to_str().unwrap(), etag);
    assert!(again.text().await.unwrap().is_empty());

    let created = app.post_rsvp("stammtisch", &rsvp_body("Anna", "anna@example.org", 0)).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let after = app.client.get(app.url("/api/v1/feed")).header(IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::OK, "a new RSVP changes the counts and so the ETag");
    assert_ne!(after.headers()[ETAG].to_str().unwrap(), etag);
}

#[tokio::test]
async fn feed_counts_seats_and_hides_organizer_data() {
    let app = spawn_app().await;
    app.add_event(event("partnertag", Some(10))).await;
    app.post_rsvp("partnertag", &rsvp_body("Anna", "anna@example.org", 2)).await;
    let event = app.feed_event("partnertag").await;
    assert_eq!(event["capacity"], 10);
    assert_eq!(event["rsvp"]["confirmed"], 3);
    assert_eq!(event["rsvp"]["seats_left"], 7);
    assert_eq!(event["rsvp"]["open"], true);
    let text = app.client.get(app.url("/api/v1/feed")).send().await.unwrap().text().await.unwrap();
    assert!(!text.contains("anna@example.org") && !text.contains("Anna"), "no attendee data in the public feed");
}
