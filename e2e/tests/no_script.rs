//! The pages without scripts, read and used in a browser whose JavaScript is off (docs/API.md §7).

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use stammtisch_e2e::{start_browser_with, start_server};

/// The text of `selector` once a page that is still loading has it: a form's answer can
/// replace the page between finding the element and reading it.
async fn text_when(client: &Client, selector: &str, done: impl Fn(&str) -> bool, what: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(element) = client.find(Locator::Css(selector)).await {
            if let Ok(text) = element.text().await {
                if done(&text) {
                    return text;
                }
            }
        }
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn meta(client: &Client, property: &str) -> String {
    let selector = format!("meta[property='{property}']");
    client.find(Locator::Css(&selector)).await.unwrap().attr("content").await.unwrap().unwrap_or_default()
}

async fn until_url(client: &Client, part: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !client.current_url().await.unwrap().as_str().contains(part) {
        assert!(Instant::now() < deadline, "never got to a page with {part}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn events_read_and_an_rsvp_works_with_scripts_off() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("noscript.db").display());
    let (_server, url) = start_server(&database, &[]);
    let (_driver, client) =
        start_browser_with(&dir.path().join("profile"), &["--blink-settings=scriptEnabled=false"]).await;

    // The iframe page's events come from the server, in a declarative shadow root.
    client.goto(&format!("{url}/embed?locale=de")).await.unwrap();
    let board = client.find(Locator::Css("stammtisch-board")).await.unwrap().shadow_root().await.unwrap();
    // Time enough for embed.js and the wasm, had scripts run.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let cards = board.find_all(Locator::Css(".st-root[data-painted] .st-card")).await.unwrap();
    assert!(cards.len() > 3, "the events are on the page without any script");
    assert!(board.find(Locator::Css(".st-root:not([data-painted])")).await.is_err(), "and no script ran");

    client.goto(&format!("{url}/events?locale=en")).await.unwrap();
    assert_eq!(client.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap().as_deref(), Some("en"));
    let blocks = client.find_all(Locator::Css("script[type='application/ld+json']")).await.unwrap();
    assert!(blocks.len() > 3);
    for block in blocks {
        let json: serde_json::Value = serde_json::from_str(&block.html(true).await.unwrap()).expect("JSON-LD parses");
        assert_eq!(json["@type"], "Event");
        assert!(json["name"].is_string() && json["startDate"].is_string() && !json["location"].is_null(), "{json}");
    }
    client.find(Locator::Css("a[href^='/events/it-stammtisch-hannover']")).await.unwrap().click().await.unwrap();
    until_url(&client, "/events/it-stammtisch-hannover").await;

    // What a link preview on XING or LinkedIn reads.
    assert_eq!(meta(&client, "og:title").await, "IT-Stammtisch Hannover");
    assert!(meta(&client, "og:url").await.ends_with("/events/it-stammtisch-hannover"));
    assert!(!meta(&client, "og:description").await.is_empty());
    assert_eq!(meta(&client, "og:type").await, "website");
    text_when(&client, ".share", |shown| shown.contains("LinkedIn"), "no LinkedIn link to share").await;

    client.find(Locator::Id("rsvp-name")).await.unwrap().send_keys("Ohne Skript").await.unwrap();
    client.find(Locator::Id("rsvp-email")).await.unwrap().send_keys("ohne.skript@example.org").await.unwrap();
    client.find(Locator::Id("rsvp-consent")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("form.rsvp button[type=submit]")).await.unwrap().click().await.unwrap();
    until_url(&client, "/rsvp/").await;
    // The RSVP page speaks the browser's language, as the link in a mail does.
    let registered = |shown: &str| shown.contains("You are registered.") || shown.contains("Sie sind angemeldet.");
    text_when(&client, "main", registered, "the RSVP page never said so").await;

    client.find(Locator::Css("form[action$='/cancel'] button")).await.unwrap().click().await.unwrap();
    let cancelled = |shown: &str| shown.contains("cancelled") || shown.contains("storniert");
    text_when(&client, "main", cancelled, "the cancel button did not cancel").await;
    client.close().await.unwrap();
}
