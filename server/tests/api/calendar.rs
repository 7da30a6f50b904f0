use icalendar::{Calendar, Component, EventLike};
use reqwest::StatusCode;
use stammtisch_server::seed_demo;

use crate::helpers::spawn_app;

#[tokio::test]
async fn one_event_as_ics() {
    let app = spawn_app().await;
    seed_demo(&app.store, chrono::Utc::now()).await.unwrap();
    let response = app.client.get(app.url("/api/v1/events/it-stammtisch-hannover.ics")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
    let calendar: Calendar = response.text().await.unwrap().parse().unwrap();
    let events: Vec<_> = calendar.events().collect();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].get_summary(), Some("IT-Stammtisch Hannover"));
    assert_eq!(events[0].get_location(), Some("Café am Kröpcke, Kröpcke 1, Hannover"));

    for missing in ["/api/v1/events/gibt-es-nicht.ics", "/api/v1/events/it-stammtisch-hannover"] {
        assert_eq!(app.client.get(app.url(missing)).send().await.unwrap().status(), StatusCode::NOT_FOUND, "{missing}");
    }
}

#[tokio::test]
async fn the_board_as_a_calendar_to_subscribe_to() {
    let app = spawn_app().await;
    seed_demo(&app.store, chrono::Utc::now()).await.unwrap();
    let text = app.client.get(app.url("/api/v1/feed.ics")).send().await.unwrap().text().await.unwrap();
    let calendar: Calendar = text.parse().unwrap();
    let summaries: Vec<_> = calendar.events().filter_map(|e| e.get_summary().map(str::to_owned)).collect();
    assert_eq!(summaries.len(), 11, "every upcoming demo event, not the past one: {summaries:?}");
    assert!(text.contains("X-WR-CALNAME:Partner-Community Nord"));
}
