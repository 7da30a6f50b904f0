//! Slow and greedy clients: headers sent a byte a second, bodies that trickle, more
//! connections than allowed. None of them may keep the server from answering others.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::spawn_app_with;

fn host_of(address: &str) -> String {
    address.trim_start_matches("http://").to_owned()
}

/// A connection that sends a request's headers one byte a second and never finishes.
async fn slowloris(host: String) {
    let Ok(mut socket) = TcpStream::connect(&host).await else { return };
    for byte in b"GET /api/v1/feed HTTP/1.1\r\nHost: board\r\nX-Slow: yes".iter() {
        if socket.write_all(&[*byte]).await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Reads until the server closes the connection; what it sent before that.
async fn read_to_close(socket: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let _ = socket.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn two_hundred_slow_connections_do_not_delay_a_normal_request() {
    let app = spawn_app_with(&["--header-timeout", "5"]).await;
    let slow: Vec<_> = (0..200).map(|_| tokio::spawn(slowloris(host_of(&app.address)))).collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let started = Instant::now();
    let answer = tokio::time::timeout(Duration::from_secs(1), app.client.get(app.url("/api/v1/feed")).send())
        .await
        .expect("a normal request is answered within a second")
        .unwrap();
    assert_eq!(answer.status(), 200);
    eprintln!("answered in {:?} beside 200 slow connections", started.elapsed());
    slow.iter().for_each(|task| task.abort());
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let app = spawn_app_with(&["--header-timeout", "1"]).await;
    let mut socket = TcpStream::connect(host_of(&app.address)).await.unwrap();
    socket.write_all(b"GET /api/v1/feed HTTP/1.1\r\nHost: bo").await.unwrap();
    let started = Instant::now();
    let answer = tokio::time::timeout(Duration::from_secs(5), read_to_close(&mut socket))
        .await
        .expect("the server closes the connection");
    assert!(started.elapsed() >= Duration::from_millis(900), "not before the timeout");
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn a_trickling_body_gets_an_error_instead_of_holding_the_request() {
    let app = spawn_app_with(&["--body-timeout", "1"]).await;
    let mut socket = TcpStream::connect(host_of(&app.address)).await.unwrap();
    let head = "POST /api/v1/events/stammtisch/rsvps HTTP/1.1\r\nHost: board\r\nContent-Type: application/json\r\n\
                Content-Length: 200\r\nConnection: close\r\n\r\n{\"name\":";
    socket.write_all(head.as_bytes()).await.unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(5), read_to_close(&mut socket))
        .await
        .expect("an answer within the body timeout, not a hanging request");
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    assert!(answer.contains("\"error\""), "the contract's error JSON: {answer}");
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    let app = spawn_app_with(&["--max-connections", "3", "--header-timeout", "2"]).await;
    let slow: Vec<_> = (0..3).map(|_| tokio::spawn(slowloris(host_of(&app.address)))).collect();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let started = Instant::now();
    let answer = tokio::time::timeout(Duration::from_secs(6), app.client.get(app.url("/healthz")).send())
        .await
        .expect("answered once the slow connections were cut off")
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(1000), "it waited for a free slot: {:?}", started.elapsed());
    slow.iter().for_each(|task| task.abort());
}

#[tokio::test]
async fn silent_connections_are_closed_before_and_between_requests() {
    let app = spawn_app_with(&["--header-timeout", "1"]).await;
    let mut silent = TcpStream::connect(host_of(&app.address)).await.unwrap();
    let closed = tokio::time::timeout(Duration::from_secs(4), read_to_close(&mut silent)).await;
    assert!(closed.is_ok(), "a connection that never says a word is closed");

    let mut idle = TcpStream::connect(host_of(&app.address)).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: board\r\n\r\n").await.unwrap();
    let closed = tokio::time::timeout(Duration::from_secs(4), read_to_close(&mut idle)).await;
    let answer = closed.expect("an idle keep-alive connection is closed too");
    assert!(answer.starts_with("HTTP/1.1 200"), "after its answer: {answer}");
}
