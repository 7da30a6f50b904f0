//! Accepting connections, with limits a public server needs: a stranger who opens connections
//! and sends headers one byte at a time is cut off after `header_timeout`, a body that trickles
//! in fails after `body_timeout` (a layer in `app`), one that sends nothing is closed after
//! `header_timeout` as well, and no more than `max_connections` are served at once (further
//! ones wait in the kernel's backlog). axum's own `serve` has no such
//! settings, so this loop drives hyper directly.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::serve_stream::{is_stream_request, serve_stream};

/// How patient the server is with its clients.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_timeout: Duration,
    pub max_connections: usize,
    /// How long requests in flight may take to finish after a stop signal.
    pub shutdown_grace: Duration,
}

/// Serves `router` on `listener` until `stop` resolves, then lets requests in flight finish.
pub async fn serve(listener: TcpListener, router: Router, limits: Limits, stop: impl Future<Output = ()>) {
    // HTTP/1 only: browsers reach the board over HTTP/1.1 or through a proxy, and hyper's
    // header timeout covers HTTP/1 alone (an HTTP/2 preface would get no timeout at all).
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let builder = Arc::new(builder);
    let graceful = GracefulShutdown::new();
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut stop => break,
        };
        let (socket, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait a little instead of spinning.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = socket.set_nodelay(true);
        let router = router.clone();
        let stream_router = router.clone();
        let service = TowerToHyperService::new(tower::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            router.clone().oneshot(request)
        }));
        let builder = builder.clone();
        let watcher = graceful.watcher();
        let first_byte_within = limits.header_timeout;
        tokio::spawn(async move {
            // One deadline for the first request's head, however it is read.
            let head_by = tokio::time::Instant::now() + first_byte_within;
            // A connection that sends nothing at all would otherwise hold its slot forever.
            let mut first = [0u8; 1];
            if !matches!(tokio::time::timeout_at(head_by, socket.peek(&mut first)).await, Ok(Ok(1..))) {
                return;
            }
            if is_stream_request(&socket, head_by).await {
                serve_stream(socket, peer, stream_router, head_by).await;
                drop(permit);
                return;
            }
            let connection = builder.serve_connection(TokioIo::new(socket), service);
            // Errors here are clients going away or timing out: nothing to report.
            let _ = watcher.watch(connection).await;
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown()).await.is_err() {
        tracing::warn!("some requests were still running when the server stopped");
    }
}
