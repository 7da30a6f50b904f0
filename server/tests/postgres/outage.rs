//! The database goes away for a moment: requests get `503` with `Retry-After`, never a hang
//! and never a lost RSVP, and the server recovers by itself.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use sqlx::{Connection, Executor};

use crate::helpers::{event, rsvp_body, spawn_app, TestApp};
use crate::{next_of, require_postgres, rsvp_retrying, CLUSTER};

/// `pg_ctl … restart` of the test cluster, as `cargo xtask test --postgres` passes it.
fn restart_postgres() {
    let args: Vec<String> = serde_json::from_str(
        &std::env::var("STAMMTISCH_TEST_PG_RESTART").expect("STAMMTISCH_TEST_PG_RESTART names pg_ctl"),
    )
    .unwrap();
    let status = std::process::Command::new(&args[0]).args(&args[1..]).status().unwrap();
    assert!(status.success(), "pg_ctl restart: {status}");
}

fn assert_unavailable(status: StatusCode, retry_after: Option<&str>, body: &Value) {
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(retry_after.is_some_and(|s| s.parse::<u64>().is_ok()), "Retry-After: {retry_after:?}");
    assert_eq!(body["error"], "unavailable", "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
#[ignore = "needs PostgreSQL: cargo xtask test --postgres"]
async fn an_event_held_too_long_by_another_server_answers_503_not_a_hang() {
    let _shared = CLUSTER.read().await;
    require_postgres();
    let app = spawn_app().await;
    app.add_event(event("gesperrt", Some(10))).await;
    // Another server's transaction holds the event (as a slow one would).
    let mut other = sqlx::PgConnection::connect(&app.database).await.unwrap();
    other.execute("BEGIN").await.unwrap();
    other.execute("SELECT id FROM events WHERE id = 'gesperrt' FOR UPDATE").await.unwrap();

    let client = reqwest::Client::builder().timeout(Duration::from_secs(15)).build().unwrap();
    let url = app.url("/api/v1/events/gesperrt/rsvps");
    let waited = client.post(&url).json(&rsvp_body("Ada", "ada@example.org", 0)).send().await.unwrap();
    let (status, retry_after) = (waited.status(), waited.headers().get("retry-after").cloned());
    let body: Value = waited.json().await.unwrap();
    assert_unavailable(status, retry_after.as_ref().and_then(|v| v.to_str().ok()), &body);
    assert!(app.rsvp_rows("gesperrt").await.is_empty(), "nothing was stored");

    other.execute("ROLLBACK").await.unwrap();
    let again = client.post(&url).json(&rsvp_body("Ada", "ada@example.org", 0)).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);

    // The RSVP page's cancel button, while the event is held: a page that says to try again.
    let token = TestApp::token_of(&again.json().await.unwrap());
    other.execute("BEGIN").await.unwrap();
    other.execute("SELECT id FROM events WHERE id = 'gesperrt' FOR UPDATE").await.unwrap();
    let button = app.url(&format!("/rsvp/{token}/cancel"));
    let waited = client.post(&button).send().await.unwrap();
    assert_eq!(waited.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(waited.headers().contains_key("retry-after"));
    assert!(waited.text().await.unwrap().contains("Bitte versuchen Sie es"), "the page says what to do");
    other.execute("ROLLBACK").await.unwrap();
    assert_eq!(client.post(&button).send().await.unwrap().status(), StatusCode::OK, "cancelled, back on the page");
    assert_eq!(app.rsvp_rows("gesperrt").await[0].2, "cancelled");
}

#[tokio::test]
#[ignore = "needs PostgreSQL: cargo xtask test --postgres"]
async fn a_database_restart_under_load_loses_no_acknowledged_rsvp() {
    let _alone = CLUSTER.write().await;
    require_postgres();
    let app = Arc::new(spawn_app().await);
    app.add_event(event("ansturm", None)).await;
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let unavailable = Arc::new(Mutex::new(0usize));
    // A live board open across the restart.
    let stream = app.client.get(app.url("/api/v1/feed/stream")).send().await.unwrap();
    let mut body = Box::pin(stream.bytes_stream());
    let mut buffer = String::new();

    let workers: Vec<_> = (0..4)
        .map(|worker| {
            let (app, stop, acknowledged, unavailable) =
                (app.clone(), stop.clone(), acknowledged.clone(), unavailable.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let email = format!("w{worker}-{n}@example.org");
                    let response = client
                        .post(app.url("/api/v1/events/ansturm/rsvps"))
                        .json(&rsvp_body("Gast", &email, 0))
                        .send()
                        .await
                        .expect("the server answers while its database is away");
                    match response.status() {
                        StatusCode::CREATED => acknowledged.lock().unwrap().push(email),
                        status => {
                            let retry_after = response.headers().get("retry-after").cloned();
                            let body: Value = response.json().await.unwrap();
                            assert_unavailable(status, retry_after.as_ref().and_then(|v| v.to_str().ok()), &body);
                            *unavailable.lock().unwrap() += 1;
                            tokio::time::sleep(Duration::from_millis(200)).await;
                        }
                    }
                }
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_secs(1)).await;
    let before_restart = acknowledged.lock().unwrap().len();
    assert!(before_restart > 0, "RSVPs went through before the restart");
    tokio::task::spawn_blocking(restart_postgres).await.unwrap();
    // The server recovers by itself: RSVPs go through again soon after.
    let recovered = async {
        loop {
            let now = acknowledged.lock().unwrap().len();
            tokio::time::sleep(Duration::from_millis(500)).await;
            if acknowledged.lock().unwrap().len() > now {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), recovered).await.expect("RSVPs go through after the restart");
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        worker.await.unwrap();
    }

    let acknowledged = acknowledged.lock().unwrap().clone();
    let stored: Vec<String> = app.rsvp_rows("ansturm").await.into_iter().map(|(_, email, _, _)| email).collect();
    for email in &acknowledged {
        assert!(stored.contains(email), "{email} got a 201 and must be stored");
    }
    eprintln!(
        "restart under load: {} acknowledged, {} stored, {} answered 503",
        acknowledged.len(),
        stored.len(),
        unavailable.lock().unwrap()
    );
    // The feed works again, and the board that stayed open hears of new seats again: the
    // server listens to the database's notifications again by itself.
    assert_eq!(app.feed_event("ansturm").await["rsvp"]["confirmed"].as_u64(), Some(stored.len() as u64));
    let last = rsvp_retrying(&app, "ansturm", "danach@example.org").await;
    let expected = last["rsvp"]["confirmed"].as_u64().unwrap();
    // What the board does: a `seats` event carries the count; a `feed` event (sent once the
    // server listens again, so after any change it may have missed) makes it fetch the feed.
    let heard = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let (name, data) = next_of(&mut body, &mut buffer, &["seats", "feed"], Duration::from_secs(10)).await;
            let confirmed = match name.as_str() {
                "seats" => data["confirmed"].as_u64(),
                _ => app.feed_event("ansturm").await["rsvp"]["confirmed"].as_u64(),
            };
            if confirmed == Some(expected) {
                break;
            }
        }
    })
    .await;
    assert!(heard.is_ok(), "the stream opened before the restart got the seat change after it");
}
