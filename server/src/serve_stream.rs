//! Live streams served beside hyper. A stream stays open for hours and sends a few hundred
//! bytes an hour, yet hyper keeps an 8 KB read buffer and an 8 KB write buffer (and its
//! connection state) for every HTTP/1 connection, which `http1::Builder` cannot shrink: at
//! 10,000 open boards that was most of the server's memory. A connection whose first request
//! is `GET /api/v1/feed/stream` is therefore read here: its head is parsed with httparse, the
//! request runs through the same router (CORS, per-client caps, logging are unchanged), and
//! the answer is written chunk by chunk. The connection closes when the stream ends.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::time::Instant;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode};
use axum::Router;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

/// The request line this module takes over.
const STREAM_REQUEST: &[u8] = b"GET /api/v1/feed/stream";
/// A stream request's head is small; anything longer is refused.
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
/// An error answer (e.g. `429` for too many streams) is read whole before it is written.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Whether the connection's first request is for the live stream, judged by the bytes that
/// arrived so far (waiting until `head_by` for enough of them).
pub async fn is_stream_request(socket: &TcpStream, head_by: Instant) -> bool {
    let mut start = [0u8; STREAM_REQUEST.len() + 1];
    let peeked = tokio::time::timeout_at(head_by, async {
        loop {
            let n = socket.peek(&mut start).await.unwrap_or(0);
            if n == 0 || n == start.len() || !STREAM_REQUEST.starts_with(&start[..n.min(STREAM_REQUEST.len())]) {
                return n;
            }
            // The request line arrives in pieces (rare, or a slow client): look again soon.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .unwrap_or(0);
    peeked == start.len() && start.starts_with(STREAM_REQUEST) && matches!(start[STREAM_REQUEST.len()], b' ' | b'?')
}

/// Reads one request, answers it through `router`, and closes the connection.
pub async fn serve_stream(mut socket: TcpStream, peer: SocketAddr, router: Router, head_by: Instant) {
    let request = match tokio::time::timeout_at(head_by, read_request(&mut socket)).await {
        Ok(Ok(request)) => request,
        Ok(Err(status)) => {
            let mut refusal = Response::new(Body::empty());
            *refusal.status_mut() = status;
            let _ = write_response(socket, refusal, false).await;
            return;
        }
        Err(_) => return, // too slow: closed, as hyper closes a slow head
    };
    let (mut request, chunked) = request;
    request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
    let Ok(response) = router.oneshot(request).await;
    // Errors are clients going away: nothing to report.
    let _ = write_response(socket, response, chunked).await;
}

/// Where a head ends in `bytes` (after `\r\n\r\n`, or `\n\n` as hyper also accepts),
/// looking only from `from` on, so a head that trickles in is not searched again and again.
fn head_end(bytes: &[u8], from: usize) -> Option<usize> {
    let from = from.saturating_sub(3);
    let window = &bytes[from..];
    let crlf = window.windows(4).position(|w| w == b"\r\n\r\n").map(|i| from + i + 4);
    let lf = window.windows(2).position(|w| w == b"\n\n").map(|i| from + i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The request, and whether its answer may be chunked (not for HTTP/1.0).
async fn read_request(socket: &mut TcpStream) -> Result<(Request<Body>, bool), StatusCode> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    let end = loop {
        let n = socket.read(&mut chunk).await.map_err(|_| StatusCode::BAD_REQUEST)?;
        if n == 0 {
            return Err(StatusCode::BAD_REQUEST);
        }
        let searched = head.len();
        head.extend_from_slice(&chunk[..n]);
        if let Some(end) = head_end(&head, searched) {
            break end;
        }
        if head.len() > MAX_HEAD {
            return Err(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
        }
    };
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(&head[..end]) {
        Ok(httparse::Status::Complete(parsed_len)) if parsed_len == end => {}
        _ => return Err(StatusCode::BAD_REQUEST),
    }
    let chunked = parsed.version == Some(1);
    let path = parsed.path.ok_or(StatusCode::BAD_REQUEST)?;
    let mut request = Request::builder().method("GET").uri(path);
    let mut has_body = false;
    for h in parsed.headers.iter() {
        let name = HeaderName::from_bytes(h.name.as_bytes()).map_err(|_| StatusCode::BAD_REQUEST)?;
        let value = HeaderValue::from_bytes(h.value).map_err(|_| StatusCode::BAD_REQUEST)?;
        has_body |= name == header::TRANSFER_ENCODING || (name == header::CONTENT_LENGTH && value != "0");
        request = request.header(name, value);
    }
    // A stream request has no body; one that says it has is not what a browser sends.
    if has_body || end < head.len() {
        return Err(StatusCode::BAD_REQUEST);
    }
    let request = request.body(Body::empty()).map_err(|_| StatusCode::BAD_REQUEST)?;
    Ok((request, chunked))
}

fn write_head(out: &mut Vec<u8>, status: StatusCode, headers: &HeaderMap) {
    out.extend_from_slice(
        format!("HTTP/1.1 {} {}\r\n", status.as_u16(), status.canonical_reason().unwrap_or("")).as_bytes(),
    );
    for (name, value) in headers {
        if name == header::CONTENT_LENGTH || name == header::TRANSFER_ENCODING || name == header::CONNECTION {
            continue;
        }
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
}

/// Closing with unread bytes would reset the connection before the client read the answer:
/// stop sending, then read what is still coming for a moment.
async fn linger(socket: &mut TcpStream) {
    let _ = socket.shutdown().await;
    let mut sink = [0u8; 1024];
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        while matches!(socket.read(&mut sink).await, Ok(1..)) {}
    })
    .await;
}

/// Writes the answer; an event stream chunk by chunk (`chunked`), or, for HTTP/1.0, as raw
/// bytes until the connection closes.
async fn write_response(mut socket: TcpStream, response: Response<Body>, chunked: bool) -> std::io::Result<()> {
    let (parts, body) = response.into_parts();
    let mut out = Vec::with_capacity(512);
    write_head(&mut out, parts.status, &parts.headers);
    let is_stream =
        parts.headers.get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/event-stream"));
    if !is_stream {
        // An error answer: whole, with its length.
        let bytes = axum::body::to_bytes(body, MAX_ERROR_BODY).await.unwrap_or_default();
        out.extend_from_slice(format!("content-length: {}\r\nconnection: close\r\n\r\n", bytes.len()).as_bytes());
        out.extend_from_slice(&bytes);
        socket.write_all(&out).await?;
        linger(&mut socket).await;
        return Ok(());
    }
    if chunked {
        out.extend_from_slice(b"transfer-encoding: chunked\r\n");
    }
    out.extend_from_slice(b"connection: close\r\n\r\n");
    socket.write_all(&out).await?;
    drop(out);

    let (mut reader, mut writer) = socket.split();
    let mut events = body.into_data_stream();
    let mut ignored = [0u8; 64];
    loop {
        let data = tokio::select! {
            data = events.next() => match data {
                Some(Ok(data)) => data,
                _ => break,
            },
            // The reader went away, or sent something a stream does not expect (a second
            // request): stop now, not at the next heartbeat.
            _ = reader.read(&mut ignored) => return Ok(()),
        };
        if data.is_empty() {
            continue;
        }
        if !chunked {
            writer.write_all(&data).await?;
            continue;
        }
        let mut chunk = Vec::with_capacity(data.len() + 12);
        chunk.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
        chunk.extend_from_slice(&data);
        chunk.extend_from_slice(b"\r\n");
        writer.write_all(&chunk).await?;
    }
    if chunked {
        writer.write_all(b"0\r\n\r\n").await?;
    }
    writer.shutdown().await
}
