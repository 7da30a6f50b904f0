//! With `--require-confirmation`, a visitor who RSVPs on the board is told to confirm by mail,
//! and the seat is held: the board shows it taken, though nobody is confirmed yet.

use fantoccini::Client;
use serde_json::Value;
use stammtisch_e2e::{rsvp, start_browser, start_server};

const EVENT: &str = "it-stammtisch-hannover";

/// The event's `rsvp` counts in the feed, read from the page.
async fn counts(client: &Client) -> Value {
    let text = client.execute("return fetch('/api/v1/feed').then(r => r.text());", vec![]).await.unwrap();
    let feed: Value = serde_json::from_str(text.as_str().unwrap()).unwrap();
    feed["events"].as_array().unwrap().iter().find(|e| e["id"] == EVENT).expect("the demo event")["rsvp"].clone()
}

#[tokio::test]
async fn the_board_asks_to_confirm_by_mail_and_holds_the_seat() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("e2e.db").display());
    // Nothing listens on port 9: the mail waits in the outbox, which is all this test needs.
    let args =
        ["--smtp-url", "smtp://127.0.0.1:9", "--mail-from", "Termine <termine@example.com>", "--require-confirmation"];
    let (_server, url) = start_server(&database, &args);
    let (_driver, client) = start_browser(&dir.path().join("profile")).await;
    client.goto(&url).await.unwrap();
    let before = counts(&client).await;
    let done = rsvp(&client, "stammtisch-board", EVENT, "Erika Muster", "erika@example.org").await;
    assert!(done.starts_with("Bitte bestätigen Sie Ihre Anmeldung per E-Mail"), "{done}");
    let after = counts(&client).await;
    assert_eq!(after["seats_left"].as_u64(), before["seats_left"].as_u64().map(|s| s - 1), "the seat is held");
    assert_eq!(after["confirmed"], before["confirmed"], "but nobody is confirmed before the mail's button");
    client.close().await.unwrap();
}
