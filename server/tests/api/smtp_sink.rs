//! A real SMTP server on 127.0.0.1 for the mail tests: it speaks enough of RFC 5321 for any
//! client (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps every message it accepts, and can
//! be stopped and started again on the same port to play an outage.
//!
//! Kept this small and in the tests on purpose: an outage has to close its open connections
//! too and come back on the same address, which needs control over every socket.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct SmtpSink {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<String>>>,
    stop: Option<watch::Sender<bool>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let received = Arc::default();
        Self::listen("127.0.0.1:0".parse().unwrap(), received).await
    }

    async fn listen(addr: SocketAddr, received: Arc<Mutex<Vec<String>>>) -> SmtpSink {
        let listener = TcpListener::bind(addr).await.expect("the SMTP sink binds");
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = watch::channel(false);
        let kept = received.clone();
        tokio::spawn(async move {
            let mut stopped_accepting = stopped.clone();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        tokio::spawn(session(stream, kept.clone(), stopped.clone()));
                    }
                    _ = stopped_accepting.changed() => return,
                }
            }
        });
        SmtpSink { addr, received, stop: Some(stop) }
    }

    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Closes the port and every open connection: clients see an outage.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
    }

    /// Back on the same port, keeping what arrived before.
    pub async fn restart(&mut self) {
        self.stop();
        // The old listener closes as its task sees the stop.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match TcpListener::bind(self.addr).await {
                Ok(probe) => {
                    drop(probe);
                    break;
                }
                Err(_) if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(20)).await,
                Err(error) => panic!("the SMTP port stays taken: {error}"),
            }
        }
        *self = Self::listen(self.addr, self.received.clone()).await;
    }

    pub fn messages(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until `count` messages arrived (for up to 30 s), and returns all of them.
    pub async fn wait_for(&self, count: usize) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let messages = self.messages();
            if messages.len() >= count || Instant::now() > deadline {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn session(stream: TcpStream, received: Arc<Mutex<Vec<String>>>, mut stopped: watch::Receiver<bool>) {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    if writer.write_all(b"220 sink.test ESMTP\r\n").await.is_err() {
        return;
    }
    let mut data: Option<Vec<String>> = None;
    loop {
        let line = tokio::select! {
            line = lines.next_line() => match line { Ok(Some(line)) => line, _ => return },
            _ = stopped.changed() => return,
        };
        if let Some(body) = data.as_mut() {
            if line == "." {
                received.lock().unwrap().push(body.join("\r\n"));
                data = None;
                let _ = writer.write_all(b"250 2.0.0 queued\r\n").await;
            } else {
                // Dot-stuffing (RFC 5321 4.5.2): a leading dot was doubled by the client.
                body.push(line.strip_prefix('.').map_or(line.clone(), str::to_owned));
            }
            continue;
        }
        let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let answer: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            // An address with "unknown" in it plays a mailbox that does not exist.
            "RCPT" if line.contains("unknown") => b"550 5.1.1 no such mailbox\r\n",
            "HELO" | "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 2.0.0 ok\r\n",
            "DATA" => {
                data = Some(Vec::new());
                b"354 end with <CRLF>.<CRLF>\r\n"
            }
            "QUIT" => {
                let _ = writer.write_all(b"221 2.0.0 bye\r\n").await;
                return;
            }
            _ => b"502 5.5.2 not implemented\r\n",
        };
        if writer.write_all(answer).await.is_err() {
            return;
        }
    }
}
