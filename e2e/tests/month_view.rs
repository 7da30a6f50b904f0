//! The month view in each engine: the grid opens on the next day with events, its events can
//! be registered for there, and the keyboard moves through the months.

use fantoccini::Locator;
use serde_json::json;
use stammtisch_e2e::{find_in_board, in_every_engine, rsvp, script, start_engine, start_server, until, Engine};

async fn month_title(client: &fantoccini::Client) -> String {
    find_in_board(client, ".st-month-nav .st-month-title").await.text().await.unwrap()
}

async fn the_month_view_lists_and_registers(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("month.db").display());
    let (_server, url) = start_server(&database, &[]);
    let (_driver, client) = start_engine(engine, &dir.path().join("profile")).await;
    client.goto(&url).await.unwrap();
    let name = engine.name();

    let toggles = find_in_board(&client, ".st-views").await.find_all(Locator::Css(".st-toggle")).await.unwrap();
    toggles[1].click().await.unwrap();
    let card = find_in_board(&client, ".st-month-view .st-card").await;
    let event = card.attr("data-event-id").await.unwrap().expect("the card names its event");
    let pressed = find_in_board(&client, ".st-day-cell[aria-pressed=true]").await;
    assert!(
        pressed.attr("class").await.unwrap().unwrap().contains("st-has-events"),
        "{name}: opens on a day with events"
    );

    let answer = rsvp(&client, "stammtisch-board", &event, "Monika Monat", "monika@example.org").await;
    assert!(answer.starts_with("Sie sind angemeldet") || answer.contains("Warteliste"), "{name}: {answer}");

    let before = month_title(&client).await;
    pressed.click().await.unwrap();
    pressed.send_keys("\u{E00F}").await.unwrap(); // PageDown: the next month
    until("the grid shows the next month", async || month_title(&client).await != before).await;
    let focused = script(
        &client,
        "return document.querySelector('stammtisch-board').shadowRoot.activeElement?.getAttribute('data-day');",
    )
    .await;
    assert!(focused.as_str().is_some_and(|d| d.len() == 10), "{name}: focus stays in the grid: {focused}");
    assert_ne!(focused, json!(null));
    client.close().await.unwrap();
}

in_every_engine!(the_month_view_lists_and_registers);
