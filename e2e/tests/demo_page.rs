//! The promised path, as a person takes it: open the demo page served by the real server
//! binary in each engine, see the seeded events, RSVP through the form, see the
//! confirmation and the seat count drop, and find the RSVP in the database.
//!
//! Run through `cargo xtask test`, which builds the widget and the server and sets
//! STAMMTISCH_SERVER_BIN, STAMMTISCH_WIDGET_DIR, CHROMEDRIVER and STAMMTISCH_SCREENSHOT.

use std::path::PathBuf;

use fantoccini::Client;
use serde_json::json;
use stammtisch_e2e::{
    admin_get, board_elements, find_in_board, in_every_engine, open_card, start_engine, start_server, wait_for_text,
    Engine,
};

const EVENT: &str = "it-stammtisch-hannover";

/// "noch 25 Plätze" → 25
fn seats_in(text: &str) -> u32 {
    text.split_whitespace().find_map(|w| w.parse().ok()).unwrap_or_else(|| panic!("no seat count in {text:?}"))
}

async fn seats_left(client: &Client) -> u32 {
    let seats = find_in_board(client, &format!("[data-event-id={EVENT}] .st-seats")).await;
    seats_in(&seats.text().await.unwrap())
}

in_every_engine!(a_visitor_rsvps_on_the_demo_page);

async fn a_visitor_rsvps_on_the_demo_page(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("e2e.db").display());
    let (_server, url) = start_server(&database, &[]);
    let (_driver, client) = start_engine(engine, &dir.path().join("profile")).await;

    client.goto(&url).await.unwrap();
    find_in_board(&client, ".st-card[data-event-id]").await;
    let titles = {
        let mut titles = Vec::new();
        for title in board_elements(&client, ".st-title").await {
            titles.push(title.text().await.unwrap());
        }
        titles
    };
    assert!(titles.len() >= 10, "the seeded upcoming events are listed: {titles:?}");
    assert!(titles.iter().any(|t| t == "IT-Stammtisch Hannover"));
    assert!(titles.iter().any(|t| t == "Partnertag Nord"));

    if let Some(path) =
        std::env::var_os("STAMMTISCH_SCREENSHOT").map(PathBuf::from).filter(|_| engine == Engine::Chromium)
    {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        client.set_window_size(1200, 1800).await.unwrap();
        std::fs::write(&path, client.screenshot().await.unwrap()).unwrap();
        // A phone: the filters fold away and the first events are on the first screen.
        client.set_window_size(390, 844).await.unwrap();
        find_in_board(&client, ".st-filter-toggle").await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        std::fs::write(path.with_file_name("screenshot-phone.png"), client.screenshot().await.unwrap()).unwrap();
        client.set_window_size(1200, 1800).await.unwrap();
    }

    let json_ld = client
        .execute("return document.querySelector('head script[type=\"application/ld+json\"]').textContent;", vec![])
        .await
        .unwrap();
    let events: serde_json::Value = serde_json::from_str(json_ld.as_str().unwrap()).unwrap();
    let events = events.as_array().unwrap();
    assert!(events.len() >= 10, "schema.org events for search engines: {}", events.len());
    let stammtisch = events.iter().find(|e| e["name"] == "IT-Stammtisch Hannover").unwrap();
    assert_eq!(stammtisch["@type"], "Event");
    assert_eq!(stammtisch["location"]["address"]["addressLocality"], "Hannover");
    assert!(events.iter().any(|e| e["location"]["@type"] == "VirtualLocation"));

    let before = seats_left(&client).await;
    let card = format!("[data-event-id={EVENT}]");
    open_card(&client, "stammtisch-board", EVENT).await;
    find_in_board(&client, &format!("#st-{EVENT}-name")).await.send_keys("Erika Mustermann").await.unwrap();
    find_in_board(&client, &format!("#st-{EVENT}-email"))
        .await
        .send_keys("Erika.Mustermann@example.org")
        .await
        .unwrap();
    find_in_board(&client, &format!("#st-{EVENT}-company")).await.send_keys("Systemhaus Süd").await.unwrap();
    find_in_board(&client, &format!("#st-{EVENT}-guests")).await.select_by_value("1").await.unwrap();
    find_in_board(&client, &format!("#st-{EVENT}-consent")).await.click().await.unwrap();
    find_in_board(&client, &format!("{card} button[type=submit]")).await.click().await.unwrap();

    let done = find_in_board(&client, &format!("{card} .st-done-message")).await;
    assert_eq!(done.text().await.unwrap(), "Sie sind angemeldet. Wir freuen uns auf Sie!");
    let cancel = find_in_board(&client, &format!("{card} .st-done-cancel a")).await;
    assert!(cancel.attr("href").await.unwrap().unwrap().starts_with(&format!("{url}/rsvp/")));
    assert_eq!(seats_left(&client).await, before - 2, "the party of two took two seats");

    client.refresh().await.unwrap();
    find_in_board(&client, ".st-card[data-event-id]").await;
    assert_eq!(seats_left(&client).await, before - 2, "the new count comes from the server after a reload");

    // The same address again: the server refuses, and the board says so next to the e-mail field.
    open_card(&client, "stammtisch-board", EVENT).await;
    find_in_board(&client, &format!("#st-{EVENT}-name")).await.send_keys("Erika M.").await.unwrap();
    find_in_board(&client, &format!("#st-{EVENT}-email"))
        .await
        .send_keys(" erika.mustermann@EXAMPLE.org")
        .await
        .unwrap();
    find_in_board(&client, &format!("#st-{EVENT}-consent")).await.click().await.unwrap();
    find_in_board(&client, &format!("{card} button[type=submit]")).await.click().await.unwrap();
    let email_error = wait_for_text(&client, "stammtisch-board", &format!("#st-{EVENT}-email-error")).await;
    assert!(email_error.contains("bereits angemeldet"), "{email_error}");

    // A double click sends one RSVP.
    let lunch = "rotary-lunch-digitalisierung";
    open_card(&client, "stammtisch-board", lunch).await;
    find_in_board(&client, &format!("#st-{lunch}-name")).await.send_keys("Max Doppelklick").await.unwrap();
    find_in_board(&client, &format!("#st-{lunch}-email")).await.send_keys("max@example.org").await.unwrap();
    find_in_board(&client, &format!("#st-{lunch}-consent")).await.click().await.unwrap();
    client
        .execute(
            "const b = document.querySelector('stammtisch-board').shadowRoot
                 .querySelector('[data-event-id=' + arguments[0] + '] button[type=submit]');
             b.click(); b.click();",
            vec![json!(lunch)],
        )
        .await
        .unwrap();
    find_in_board(&client, &format!("[data-event-id={lunch}] .st-done-message")).await;
    client.close().await.unwrap();

    let pool = sqlx::SqlitePool::connect(&database).await.unwrap();
    let stored: (String, String, String, i64, Option<String>) = sqlx::query_as(
        "SELECT name, email_normalized, status, guests, company FROM rsvps WHERE email_normalized = 'erika.mustermann@example.org'",
    )
    .fetch_one(&pool)
    .await
    .expect("the RSVP is in the database");
    assert_eq!(
        stored,
        (
            "Erika Mustermann".into(),
            "erika.mustermann@example.org".into(),
            "confirmed".into(),
            1,
            Some("Systemhaus Süd".into())
        )
    );
}

/// The contract lets an organizer name a question `__proto__`; a browser would take that key of
/// a plain object for its prototype. The answer still arrives.
#[tokio::test]
async fn an_answer_to_a_question_named_proto_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("proto.db").display());
    let token = "proto-organizer-token-0123456789";
    let (_server, url) = start_server(&database, &["--admin-token", token]);
    let event = "partnertag-proto";
    let starts_at = (chrono::Utc::now() + chrono::Duration::days(3)).fixed_offset().to_rfc3339();
    let http = reqwest::Client::new();
    let created = http
        .post(format!("{url}/api/v1/admin/events"))
        .bearer_auth(token)
        .json(&json!({
            "id": event, "title": "Partnertag", "kind": "partner_day", "starts_at": starts_at, "capacity": 30,
            "questions": [{"id": "__proto__", "label": "Position", "kind": "text", "required": true}],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let (_driver, client) = start_engine(Engine::Chromium, &dir.path().join("profile")).await;
    client.goto(&url).await.unwrap();
    open_card(&client, "stammtisch-board", event).await;
    find_in_board(&client, &format!("#st-{event}-name")).await.send_keys("Proto Partnerin").await.unwrap();
    find_in_board(&client, &format!("#st-{event}-email")).await.send_keys("proto@example.org").await.unwrap();
    find_in_board(&client, &format!("#st-{event}-q-__proto__")).await.send_keys("Vertrieb").await.unwrap();
    find_in_board(&client, &format!("#st-{event}-consent")).await.click().await.unwrap();
    find_in_board(&client, &format!("[data-event-id={event}] button[type=submit]")).await.click().await.unwrap();
    wait_for_text(&client, "stammtisch-board", &format!("[data-event-id={event}] .st-done-message")).await;

    let list = admin_get(&url, token, &format!("/api/v1/admin/events/{event}/rsvps")).await;
    assert_eq!(list["rsvps"][0]["answers"], json!({"__proto__": "Vertrieb"}));
    client.close().await.unwrap();
}
