//! Seats: never more confirmed than capacity, whatever the concurrency.

use futures_free::join_all;
use reqwest::StatusCode;
use serde_json::Value;
use stammtisch_server::NewEvent;

use crate::helpers::{event, in_days, rsvp_body, spawn_app};

mod futures_free {
    /// Runs futures concurrently on the test's runtime and collects their outputs in order.
    pub async fn join_all<T: Send + 'static>(
        futures: Vec<impl std::future::Future<Output = T> + Send + 'static>,
    ) -> Vec<T> {
        let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
        let mut out = Vec::with_capacity(handles.len());
        for handle in handles {
            out.push(handle.await.expect("task finished"));
        }
        out
    }
}

#[tokio::test]
async fn parties_that_do_not_fit_go_on_the_waitlist() {
    let app = spawn_app().await;
    app.add_event(event("lunch", Some(3))).await;
    let first: Value = app.post_rsvp("lunch", &rsvp_body("A", "a@example.org", 1)).await.json().await.unwrap();
    assert_eq!(first["status"], "confirmed");
    let second: Value = app.post_rsvp("lunch", &rsvp_body("B", "b@example.org", 1)).await.json().await.unwrap();
    assert_eq!((second["status"].as_str(), second["waitlist_position"].as_u64()), (Some("waitlisted"), Some(1)));
    let third: Value = app.post_rsvp("lunch", &rsvp_body("C", "c@example.org", 0)).await.json().await.unwrap();
    assert_eq!(third["status"], "confirmed", "a single seat is still free");
    let fourth: Value = app.post_rsvp("lunch", &rsvp_body("D", "d@example.org", 0)).await.json().await.unwrap();
    assert_eq!((fourth["status"].as_str(), fourth["waitlist_position"].as_u64()), (Some("waitlisted"), Some(2)));

    let rsvp = &app.feed_event("lunch").await["rsvp"];
    assert_eq!(
        (rsvp["confirmed"].as_u64(), rsvp["waitlisted"].as_u64(), rsvp["seats_left"].as_u64()),
        (Some(3), Some(3), Some(0))
    );
}

#[tokio::test]
async fn concurrent_rsvps_never_overbook() {
    let app = spawn_app().await;
    app.add_event(event("partnertag", Some(5))).await;
    let url = app.url("/api/v1/events/partnertag/rsvps");
    let requests = (0..30)
        .map(|n| {
            let client = app.client.clone();
            let url = url.clone();
            async move {
                let response = client
                    .post(url)
                    .json(&rsvp_body(&format!("P{n}"), &format!("p{n}@example.org"), 0))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::CREATED);
                response.json::<Value>().await.unwrap()
            }
        })
        .collect();
    let answers = join_all(requests).await;
    let confirmed = answers.iter().filter(|a| a["status"] == "confirmed").count();
    assert_eq!(confirmed, 5);
    let mut positions: Vec<u64> = answers.iter().filter_map(|a| a["waitlist_position"].as_u64()).collect();
    positions.sort_unstable();
    assert_eq!(positions, (1..=25).collect::<Vec<_>>(), "each waiting party has its own place");
    let rows = app.rsvp_rows("partnertag").await;
    assert_eq!(rows.iter().filter(|r| r.2 == "confirmed").count(), 5);
}

#[tokio::test]
async fn unlimited_events_confirm_everybody() {
    let app = spawn_app().await;
    app.add_event(event("webinar", None)).await;
    for n in 0..5 {
        let answer: Value =
            app.post_rsvp("webinar", &rsvp_body("W", &format!("w{n}@example.org"), 9)).await.json().await.unwrap();
        assert_eq!(answer["status"], "confirmed");
    }
    let rsvp = &app.feed_event("webinar").await["rsvp"];
    assert_eq!(rsvp["confirmed"], 50);
    assert!(rsvp["seats_left"].is_null());
}

#[tokio::test]
async fn closed_started_and_read_only_events_refuse_rsvps() {
    let app = spawn_app().await;
    let closed = NewEvent { rsvp_open: false, ..event("geschlossen", Some(10)) };
    let mut started = event("laeuft-schon", Some(10));
    started.event.starts_at = in_days(0) - chrono::Duration::minutes(5);
    let deadline_passed =
        NewEvent { rsvp_closes_at: Some(in_days(0) - chrono::Duration::hours(1)), ..event("frist-vorbei", Some(10)) };
    let read_only = NewEvent { rsvp_enabled: false, ..event("nur-lesen", Some(10)) };
    for new in [closed, started, deadline_passed, read_only] {
        let id = new.event.id.clone();
        app.add_event(new).await;
        let response = app.post_rsvp(&id, &rsvp_body("Anna", "anna@example.org", 0)).await;
        assert_eq!(response.status(), StatusCode::CONFLICT, "{id}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"], "rsvp_closed", "{id}");
        assert!(app.rsvp_rows(&id).await.is_empty());
    }
    assert_eq!(app.feed_event("geschlossen").await["rsvp"]["open"], false);
    assert!(app.feed_event("nur-lesen").await.get("rsvp").is_none(), "read-only events carry no rsvp object");
}

#[tokio::test]
async fn three_hundred_concurrent_mixed_parties_fill_exactly_fifty_seats() {
    let app = spawn_app().await;
    app.add_event(event("partnertag", Some(50))).await;
    let url = app.url("/api/v1/events/partnertag/rsvps");
    let requests = (0..300)
        .map(|n| {
            let client = app.client.clone();
            let url = url.clone();
            async move {
                let guests = (n % 4) as u8;
                let response =
                    client.post(url).json(&rsvp_body("P", &format!("p{n}@example.org"), guests)).send().await.unwrap();
                (response.status(), guests, response.json::<Value>().await.unwrap())
            }
        })
        .collect();
    let answers = join_all(requests).await;
    for (status, _, body) in &answers {
        assert!(
            *status == StatusCode::CREATED || body["error"].is_string(),
            "every answer is a 201 or a contract error: {status} {body}"
        );
    }
    let seats: u64 = answers
        .iter()
        .filter(|(_, _, b)| b["status"] == "confirmed")
        .map(|(_, guests, _)| 1 + u64::from(*guests))
        .sum();
    // 75 single people asked; at most 50 fit, so singles wait, which only happens when no seat is free.
    assert_eq!(seats, 50);
    let mut positions: Vec<u64> = answers.iter().filter_map(|(_, _, b)| b["waitlist_position"].as_u64()).collect();
    positions.sort_unstable();
    let waiting = positions.len() as u64;
    assert_eq!(positions, (1..=waiting).collect::<Vec<_>>(), "positions 1..n without gaps");
    let rsvp = &app.feed_event("partnertag").await["rsvp"];
    assert_eq!((rsvp["confirmed"].as_u64(), rsvp["seats_left"].as_u64()), (Some(50), Some(0)));
}
