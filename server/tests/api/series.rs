//! Recurring meetings through the organizer API: written once, one event per date, correct
//! across daylight saving, exceptions, and dates with RSVPs never lost.

use serde_json::{json, Value};

use crate::helpers::{rsvp_body, spawn_app_with, TestApp};

const TOKEN: &str = "series-test-token";

async fn put_series(app: &TestApp, id: &str, body: &Value) -> (u16, Value) {
    let response = app
        .client
        .put(app.url(&format!("/api/v1/admin/series/{id}")))
        .bearer_auth(TOKEN)
        .json(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

fn rotary(title: &str, except: &[&str]) -> Value {
    json!({
        "repeat": {"every": "month_weekday", "nth": 2, "weekday": "tue"},
        "first_date": "2030-03-01", "until": "2030-05-31", "time": "12:30", "duration_minutes": 90,
        "except": except,
        "event": {"title": title, "kind": "service_club", "time_zone": "Europe/Berlin",
                  "location": {"name": "Hotel am Markt", "city": "Lübeck"}, "capacity": 30},
    })
}

#[tokio::test]
async fn a_series_makes_one_event_per_date_at_the_same_local_time_across_dst() {
    let app = spawn_app_with(&["--admin-token", TOKEN]).await;
    let (status, written) = put_series(&app, "rotary-lunch", &rotary("Rotary-Lunch", &[])).await;
    assert_eq!(status, 200, "{written}");
    assert_eq!(
        written["events"],
        json!(["rotary-lunch-2030-03-12", "rotary-lunch-2030-04-09", "rotary-lunch-2030-05-14"])
    );

    let march = app.feed_event("rotary-lunch-2030-03-12").await;
    let april = app.feed_event("rotary-lunch-2030-04-09").await;
    assert_eq!(march["starts_at"], "2030-03-12T12:30:00+01:00", "winter time");
    assert_eq!(april["starts_at"], "2030-04-09T12:30:00+02:00", "summer time, still 12:30 in Lübeck");
    assert_eq!(april["ends_at"], "2030-04-09T14:00:00+02:00");
    assert_eq!(april["series"], "rotary-lunch");
    assert_eq!(april["rsvp"]["seats_left"], 30, "each date has its own seats");
}

#[tokio::test]
async fn rewriting_a_series_updates_dates_and_never_drops_one_with_rsvps() {
    let app = spawn_app_with(&["--admin-token", TOKEN]).await;
    put_series(&app, "rotary-lunch", &rotary("Rotary-Lunch", &[])).await;
    let rsvp = app.post_rsvp("rotary-lunch-2030-04-09", &rsvp_body("Anna", "anna@example.org", 0)).await;
    assert_eq!(rsvp.status(), 201);

    // April and May become exceptions; the title changes.
    let (status, written) =
        put_series(&app, "rotary-lunch", &rotary("Rotary-Lunch mit Vortrag", &["2030-04-09", "2030-05-14"])).await;
    assert_eq!(status, 200, "{written}");
    assert_eq!(written["events"], json!(["rotary-lunch-2030-03-12"]));
    assert_eq!(written["kept_with_rsvps"], json!(["rotary-lunch-2030-04-09"]), "Anna's date stays");
    let ids: Vec<String> =
        app.feed().await["events"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids, ["rotary-lunch-2030-03-12", "rotary-lunch-2030-04-09"], "May, without RSVPs, is gone");
    assert_eq!(app.feed_event("rotary-lunch-2030-03-12").await["title"], "Rotary-Lunch mit Vortrag");
    assert_eq!(app.feed_event("rotary-lunch-2030-04-09").await["rsvp"]["confirmed"], 1);

    let listed: Value =
        app.client.get(app.url("/api/v1/admin/series")).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed["series"][0]["id"], "rotary-lunch");
    assert_eq!(listed["series"][0]["definition"]["except"], json!(["2030-04-09", "2030-05-14"]));

    let deleted =
        app.client.delete(app.url("/api/v1/admin/series/rotary-lunch")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(deleted.status(), 200);
    let left = app.feed().await;
    assert_eq!(left["events"].as_array().unwrap().len(), 1, "only the date with an RSVP stays");
    assert!(left["events"][0].get("series").is_none(), "as a single event");
}

#[tokio::test]
async fn a_broken_series_is_refused_with_the_field() {
    let app = spawn_app_with(&["--admin-token", TOKEN]).await;
    let mut body = rotary("", &[]);
    let (status, error) = put_series(&app, "rotary-lunch", &body).await;
    assert_eq!((status, error["field"].as_str()), (422, Some("title")));
    body = rotary("Lunch", &[]);
    body["event"]["time_zone"] = json!("Mars/Olympus");
    assert_eq!(put_series(&app, "rotary-lunch", &body).await.1["field"], "time_zone");
    let (status, _) = put_series(&app, "Keine Id!", &rotary("Lunch", &[])).await;
    assert_eq!(status, 422);
    assert!(app.feed().await["events"].as_array().unwrap().is_empty(), "nothing half-written");
}
