//! Live updates: `GET /api/v1/feed/stream` (docs/API.md §1.3).

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::header::{ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN, RETRY_AFTER};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{event, rsvp_body, spawn_app, spawn_app_with, TestApp};

/// One server-sent event as a reader sees it.
#[derive(Debug)]
struct Sse {
    id: Option<String>,
    name: String,
    data: Value,
}

/// Reads a stream the way `EventSource` does: events end at a blank line; comments are kept
/// apart so a test can see heartbeats.
struct Reader {
    body: std::pin::Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<axum::body::Bytes>> + Send>>,
    buffer: String,
    pub comments: usize,
    /// The id the server's `hello` gave: the newest when the stream opened.
    hello: Option<String>,
}

impl Reader {
    async fn open(app: &TestApp, last_event_id: Option<&str>) -> Reader {
        let mut request = app.client.get(app.url("/api/v1/feed/stream"));
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Reader { body: Box::pin(response.bytes_stream()), buffer: String::new(), comments: 0, hello: None }
    }

    /// The next `seats` event, skipping others.
    async fn next_seats(&mut self) -> Sse {
        loop {
            let event = self.next(SOON).await;
            if event.name == "seats" {
                return event;
            }
        }
    }

    /// The next event, skipping comments; panics after `within`.
    async fn next(&mut self, within: Duration) -> Sse {
        tokio::time::timeout(within, async {
            loop {
                while let Some(end) = self.buffer.find("\n\n") {
                    let block: String = self.buffer.drain(..end + 2).collect();
                    let (mut id, mut name, mut data) = (None, String::from("message"), String::new());
                    for line in block.lines() {
                        match line.split_once(':') {
                            Some(("", _)) => self.comments += 1,
                            Some(("id", v)) => id = Some(v.trim().to_owned()),
                            Some(("event", v)) => name = v.trim().to_owned(),
                            Some(("data", v)) => data.push_str(v.trim_start()),
                            _ => {}
                        }
                    }
                    // `hello` only tells the reader the newest id; tests look at what follows.
                    if name == "hello" {
                        self.hello = id.clone();
                    }
                    if !data.is_empty() && name != "hello" {
                        return Sse { id, name, data: serde_json::from_str(&data).unwrap() };
                    }
                }
                let chunk = self.body.next().await.expect("the stream stays open").unwrap();
                self.buffer.push_str(&String::from_utf8_lossy(&chunk));
            }
        })
        .await
        .expect("an event arrives in time")
    }
}

const SOON: Duration = Duration::from_secs(2);

/// The running number in an id `{boot}-{n}`.
fn seq(id: &str) -> u64 {
    id.rsplit_once('-').and_then(|(_, n)| n.parse().ok()).unwrap_or_else(|| panic!("id {id:?}"))
}

#[tokio::test]
async fn an_rsvp_reaches_every_open_stream_with_the_new_counts() {
    let app = spawn_app().await;
    let mut first = Reader::open(&app, None).await;
    let mut second = Reader::open(&app, None).await;
    app.add_event(event("stammtisch", Some(2))).await;

    assert_eq!(app.post_rsvp("stammtisch", &rsvp_body("Anna", "anna@example.org", 1)).await.status(), 201);
    for reader in [&mut first, &mut second] {
        let seen = reader.next_seats().await;
        assert_eq!(seen.data["id"], "stammtisch");
        assert_eq!(seen.data["confirmed"], 2);
        assert_eq!(seen.data["seats_left"], 0);
        assert_eq!(seen.data["open"], true);
        assert!(seen.id.is_some());
    }
}

#[tokio::test]
async fn a_cancellation_and_its_promotion_are_pushed_as_well() {
    let app = spawn_app().await;
    let mut reader = Reader::open(&app, None).await;
    app.add_event(event("voll", Some(1))).await;
    let anna: Value = app.post_rsvp("voll", &rsvp_body("Anna", "anna@example.org", 0)).await.json().await.unwrap();
    app.post_rsvp("voll", &rsvp_body("Ben", "ben@example.org", 0)).await;
    // Each `seats` event carries the counts as they are when it is sent: Anna's may already
    // show Ben waiting. Wait until the stream shows him on the waitlist.
    while reader.next_seats().await.data["waitlisted"] != 1 {}

    let token = TestApp::token_of(&anna);
    app.client.delete(app.url(&format!("/api/v1/rsvps/{token}"))).send().await.unwrap();
    // A second event with Ben still waiting may come first (see above); then the promotion.
    let mut seen = reader.next_seats().await;
    if seen.data["waitlisted"] == 1 {
        seen = reader.next_seats().await;
    }
    assert_eq!(
        (seen.name.as_str(), &seen.data["confirmed"], &seen.data["waitlisted"]),
        ("seats", &1.into(), &0.into())
    );
}

#[tokio::test]
async fn a_reconnect_gets_what_it_missed_and_a_stale_one_gets_a_feed_event() {
    let app = spawn_app().await;
    let mut reader = Reader::open(&app, None).await;
    app.add_event(event("stammtisch", None)).await;
    app.post_rsvp("stammtisch", &rsvp_body("Anna", "anna@example.org", 0)).await;
    let first = reader.next_seats().await.id.unwrap();
    let boot = first.rsplit_once('-').unwrap().0.to_owned();
    app.post_rsvp("stammtisch", &rsvp_body("Ben", "ben@example.org", 0)).await;
    app.post_rsvp("stammtisch", &rsvp_body("Cem", "cem@example.org", 0)).await;
    reader.next_seats().await;
    let last = reader.next_seats().await;

    let mut again = Reader::open(&app, Some(&first)).await;
    let replayed = [again.next(SOON).await, again.next(SOON).await];
    let expected = [format!("{boot}-{}", seq(&first) + 1), format!("{boot}-{}", seq(&first) + 2)];
    assert_eq!(replayed.iter().map(|e| e.id.clone().unwrap()).collect::<Vec<_>>(), expected);
    assert_eq!(replayed[1].data, last.data);

    // An id of an earlier server process, or none this one gave: one `feed` event, readers refetch.
    let mut stale = Reader::open(&app, Some("1700000000000-3")).await;
    let told = stale.next(SOON).await;
    assert_eq!(told.name, "feed");
    let etag = app.client.get(app.url("/api/v1/feed")).send().await.unwrap().headers()["etag"].clone();
    assert_eq!(told.data["etag"], etag.to_str().unwrap());

    // The query parameter does the same for readers that cannot set the header.
    let response = app.client.get(app.url(&format!("/api/v1/feed/stream?last_event_id={first}"))).send().await.unwrap();
    let mut by_query =
        Reader { body: Box::pin(response.bytes_stream()), buffer: String::new(), comments: 0, hello: None };
    assert_eq!(by_query.next(SOON).await.id, Some(expected[0].clone()));
    let mut unknown = Reader::open(&app, Some("999999")).await;
    assert_eq!(unknown.next(SOON).await.name, "feed");
}

#[tokio::test]
async fn an_organizer_change_tells_readers_to_refetch() {
    let app = spawn_app().await;
    let mut reader = Reader::open(&app, None).await;
    app.add_event(event("neu", Some(10))).await;
    let seen = reader.next(SOON).await;
    assert_eq!(seen.name, "feed");
    assert!(seen.data["etag"].as_str().unwrap().starts_with("W/\""));
}

#[tokio::test]
async fn streams_are_capped_per_client_and_freed_when_readers_leave() {
    let app =
        spawn_app_with(&["--max-streams-per-client", "2", "--stream-heartbeat", "1", "--admin-token", "geheim"]).await;
    let open_streams = || open_streams(&app);
    let first = Reader::open(&app, None).await;
    let mut second = Reader::open(&app, None).await;
    assert_eq!(open_streams().await, 2);

    let refused = app.client.get(app.url("/api/v1/feed/stream")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key(RETRY_AFTER));
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "rate_limited");

    // Heartbeats keep the stream alive and show the server when a reader has gone.
    drop(first);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(open_streams().await, 1);
    let _third = Reader::open(&app, None).await;
    app.add_event(event("x", None)).await;
    second.next(SOON).await;
    assert!(second.comments >= 2, "a heartbeat comment every second: {}", second.comments);
}

#[tokio::test]
async fn the_stream_answers_cors_like_the_feed() {
    let app = spawn_app_with(&["--allow-origin", "*"]).await;
    let response = app
        .client
        .get(app.url("/api/v1/feed/stream"))
        .header(ORIGIN, "https://www.partner.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[ACCESS_CONTROL_ALLOW_ORIGIN], "*");
}

#[tokio::test]
async fn a_reader_that_saw_no_event_yet_still_gets_what_it_missed() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch", None)).await;
    tokio::time::sleep(Duration::from_millis(200)).await; // the organizer's change is published
    let mut quiet = Reader::open(&app, None).await;
    app.post_rsvp("stammtisch", &rsvp_body("Anna", "anna@example.org", 0)).await;
    quiet.next_seats().await;
    let hello = quiet.hello.clone().expect("the stream starts with the newest id");
    drop(quiet);

    // Offline for a moment: an RSVP happens; coming back with the hello id replays both.
    app.post_rsvp("stammtisch", &rsvp_body("Ben", "ben@example.org", 0)).await;
    let mut back = Reader::open(&app, Some(&hello)).await;
    assert_eq!(back.next_seats().await.data["confirmed"], 1);
    assert_eq!(back.next_seats().await.data["confirmed"], 2);
}

/// How many streams the server holds open, as the organizer's stats say (token `geheim`).
async fn open_streams(app: &TestApp) -> u64 {
    let stats: Value = app
        .client
        .get(app.url("/api/v1/admin/stats"))
        .bearer_auth("geheim")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    stats["open_streams"].as_u64().unwrap()
}

/// Sends `request` as is on a socket of its own; the socket and the first bytes of the
/// answer (lowercased), which hold the head and the first event.
async fn raw_stream(app: &TestApp, request: &[u8]) -> (tokio::net::TcpStream, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://")).await.unwrap();
    socket.write_all(request).await.unwrap();
    let mut head = vec![0u8; 4096];
    let n = tokio::time::timeout(SOON, socket.read(&mut head)).await.unwrap().unwrap();
    (socket, String::from_utf8_lossy(&head[..n]).to_lowercase())
}

/// The raw bytes a server answers to `request` sent as is, up to its closing the connection.
async fn raw_exchange(app: &TestApp, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://")).await.unwrap();
    socket.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(SOON, socket.read_to_end(&mut answer)).await.expect("the server closes").unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_stream_request_that_is_not_what_a_browser_sends_is_refused() {
    let app = spawn_app().await;
    let with_body = b"GET /api/v1/feed/stream HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    assert!(raw_exchange(&app, with_body).await.starts_with("HTTP/1.1 400 "));
    let huge = format!("GET /api/v1/feed/stream HTTP/1.1\r\nHost: x\r\nX-Pad: {}\r\n\r\n", "a".repeat(20_000));
    assert!(raw_exchange(&app, huge.as_bytes()).await.starts_with("HTTP/1.1 431 "));
    let garbage = b"GET /api/v1/feed/stream \x01\x02\r\n\r\n";
    assert!(raw_exchange(&app, garbage).await.starts_with("HTTP/1.1 400 "));
    // A longer path is an ordinary request, answered by the router as such.
    let other = app.client.get(app.url("/api/v1/feed/streams")).send().await.unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_stream_is_chunked_and_freed_as_soon_as_its_reader_leaves() {
    let app = spawn_app_with(&["--stream-heartbeat", "3600", "--admin-token", "geheim"]).await;
    let open_streams = || open_streams(&app);
    let (socket, head) = raw_stream(&app, b"GET /api/v1/feed/stream HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
    assert!(head.contains("transfer-encoding: chunked") && head.contains("content-type: text/event-stream"), "{head}");
    assert!(head.contains("event: hello"), "the first event follows the head: {head}");
    assert_eq!(open_streams().await, 1);
    // No heartbeat is due for an hour: only the closed socket tells the server.
    drop(socket);
    let freed = async {
        while open_streams().await != 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(SOON, freed).await.expect("the stream's slot is freed at once");
}

#[tokio::test]
async fn an_http_1_0_or_bare_newline_request_still_gets_its_stream() {
    let app = spawn_app().await;
    for (request, chunked) in [
        (&b"GET /api/v1/feed/stream HTTP/1.0\r\nHost: x\r\n\r\n"[..], false),
        (&b"GET /api/v1/feed/stream HTTP/1.1\nHost: x\n\n"[..], true),
    ] {
        let (_socket, head) = raw_stream(&app, request).await;
        assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
        assert_eq!(head.contains("transfer-encoding: chunked"), chunked, "{head}");
        assert!(head.contains("event: hello"), "{head}");
    }
}
