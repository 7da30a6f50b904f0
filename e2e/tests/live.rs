//! Live boards: a seat taken through one board shows in another within two seconds, without a
//! reload; after a server restart the board reconnects and catches up; a removed board's stream
//! is closed on the server.

use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::json;
use stammtisch_e2e::{find_in_board, rsvp, start_browser, start_server, start_server_at};

const EVENT: &str = "it-stammtisch-hannover";
const ADMIN_TOKEN: &str = "live-test-token";

async fn seats_text(client: &Client) -> String {
    find_in_board(client, &format!("[data-event-id={EVENT}] .st-seats")).await.text().await.unwrap()
}

/// Waits up to `within` for the seat text to differ from `before`; returns it and the wait.
async fn changed_seats(client: &Client, before: &str, within: Duration) -> (String, Duration) {
    let started = Instant::now();
    loop {
        let now = seats_text(client).await;
        if now != before {
            return (now, started.elapsed());
        }
        assert!(started.elapsed() < within, "the seats still say {now:?} after {within:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn open_streams(client: &Client) -> u64 {
    let script = "return fetch('/api/v1/admin/stats', { headers: { authorization: 'Bearer ' + arguments[0] } })
        .then((r) => r.json()).then((s) => s.open_streams);";
    client.execute(script, vec![json!(ADMIN_TOKEN)]).await.unwrap().as_u64().unwrap()
}

#[tokio::test]
async fn seat_changes_reach_other_open_boards_and_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("live.db").display());
    let flags = ["--admin-token", ADMIN_TOKEN, "--stream-heartbeat", "1"];
    let (server, url) = start_server(&database, &flags);
    let (_driver_a, a) = start_browser(&dir.path().join("a")).await;
    let (_driver_b, b) = start_browser(&dir.path().join("b")).await;
    for client in [&a, &b] {
        client.goto(&url).await.unwrap();
        find_in_board(client, &format!("[data-event-id={EVENT}] .st-seats")).await;
    }
    b.execute("window.notReloaded = true;", vec![]).await.unwrap();

    let before = seats_text(&b).await;
    rsvp(&a, "stammtisch-board", EVENT, "Anna Live", "anna.live@example.org").await;
    let (after, waited) = changed_seats(&b, &before, Duration::from_secs(2)).await;
    eprintln!("live: {before:?} → {after:?} in {waited:?}");
    assert_eq!(b.execute("return window.notReloaded === true;", vec![]).await.unwrap(), json!(true));

    // Restart on the same address: the board reconnects by itself and follows again.
    let addr = url.trim_start_matches("http://").to_owned();
    drop(server);
    let (_server, _) = start_server_at(&addr, &database, &flags);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let before = seats_text(&b).await;
    a.refresh().await.unwrap();
    rsvp(&a, "stammtisch-board", EVENT, "Ben Live", "ben.live@example.org").await;
    let (after, waited) = changed_seats(&b, &before, Duration::from_secs(5)).await;
    eprintln!("live after restart: {before:?} → {after:?} in {waited:?}");
    assert_eq!(b.execute("return window.notReloaded === true;", vec![]).await.unwrap(), json!(true));

    // Removing the element closes its stream: the server counts one stream fewer.
    let deadline = Instant::now() + Duration::from_secs(10);
    let with_both = loop {
        let open = open_streams(&a).await;
        if open >= 2 || Instant::now() > deadline {
            break open;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(with_both >= 2, "both boards stream: {with_both}");
    b.execute("document.querySelector('stammtisch-board').remove();", vec![]).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let open = open_streams(&a).await;
        if open == with_both - 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the removed board's stream is still open ({open})");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
