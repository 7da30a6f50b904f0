//! Two servers behind one load balancer, on one PostgreSQL.

use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;

use crate::helpers::event;
use crate::hook_receiver::HookReceiver;
use crate::smtp_sink::SmtpSink;
use crate::{attendees, next_event, rsvp_retrying, two_servers, two_servers_with, ADMIN, CLUSTER};

#[tokio::test]
#[ignore = "needs PostgreSQL: cargo xtask test --postgres"]
async fn capacity_holds_across_servers_and_a_cancellation_promotes_for_both() {
    let _shared = CLUSTER.read().await;
    let (first, second) = two_servers().await;
    first.add_event(event("partnertag", Some(50))).await;

    // 300 people at once, every other one through the other server.
    let started = std::time::Instant::now();
    let answers = futures_util::future::join_all((0..300).map(|n| {
        let app = if n % 2 == 0 { &first } else { &second };
        async move { rsvp_retrying(app, "partnertag", &format!("gast{n}@example.org")).await }
    }))
    .await;
    eprintln!("300 RSVPs through two servers: {:?}", started.elapsed());
    let confirmed = answers.iter().filter(|a| a["status"] == "confirmed").count();
    let waitlisted = answers.iter().filter(|a| a["status"] == "waitlisted").count();
    assert_eq!((confirmed, waitlisted), (50, 250), "exactly the 50 seats were given");
    for app in [&first, &second] {
        let rsvp = &app.feed_event("partnertag").await["rsvp"];
        assert_eq!((rsvp["confirmed"].as_u64(), rsvp["seats_left"].as_u64()), (Some(50), Some(0)));
        assert_eq!(rsvp["waitlisted"], 250);
    }
    let stored = first.store.admin_event("partnertag", Utc::now()).await.unwrap();
    assert_eq!((stored.confirmed, stored.waitlisted), (50, 250));

    // A confirmed guest cancels through the first server; the second shows who moved up.
    let list = attendees(&second, "partnertag").await;
    let first_waiting = list.iter().find(|a| a["status"] == "waitlisted").unwrap()["id"].clone();
    let leaving = answers.iter().find(|a| a["status"] == "confirmed").unwrap();
    let token = crate::helpers::TestApp::token_of(leaving);
    let cancelled = first.client.delete(first.url(&format!("/api/v1/rsvps/{token}"))).send().await.unwrap();
    assert_eq!(cancelled.status(), StatusCode::OK);
    let moved = attendees(&second, "partnertag").await;
    let promoted = moved.iter().find(|a| a["id"] == first_waiting).unwrap();
    assert_eq!(promoted["status"], "confirmed", "the first on the waitlist got the seat");
    let rsvp = &second.feed_event("partnertag").await["rsvp"];
    assert_eq!((rsvp["confirmed"].as_u64(), rsvp["waitlisted"].as_u64()), (Some(50), Some(249)));
}

#[tokio::test]
#[ignore = "needs PostgreSQL: cargo xtask test --postgres"]
async fn a_change_through_one_server_reaches_streams_and_caches_of_the_other() {
    let _shared = CLUSTER.read().await;
    let (first, second) = two_servers().await;
    first.add_event(event("lunch", Some(20))).await;
    first.add_event(event("abgesagt", None)).await;

    // The second server has the feed cached with its ETag.
    let before = second.client.get(second.url("/api/v1/feed")).send().await.unwrap();
    let etag = before.headers()["etag"].to_str().unwrap().to_owned();
    let unchanged = second.client.get(second.url("/api/v1/feed")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);

    let stream = second.client.get(second.url("/api/v1/feed/stream")).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let mut body = Box::pin(stream.bytes_stream());
    let mut buffer = String::new();

    rsvp_retrying(&first, "lunch", "ada@example.org").await;
    let seats = next_event(&mut body, &mut buffer, "seats", Duration::from_secs(5)).await;
    assert_eq!((seats["id"].as_str(), seats["confirmed"].as_u64()), (Some("lunch"), Some(1)));

    // The ETag comes from the database's data version, not from the second server's memory.
    let after = second.client.get(second.url("/api/v1/feed")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::OK, "the RSVP through the first server changed the feed");
    assert_ne!(after.headers()["etag"].to_str().unwrap(), etag);

    // An organizer's change through the first server tells the second's readers to refetch.
    let deleted =
        first.client.delete(first.url("/api/v1/admin/events/abgesagt")).bearer_auth(ADMIN).send().await.unwrap();
    assert!(deleted.status().is_success(), "{}", deleted.status());
    next_event(&mut body, &mut buffer, "feed", Duration::from_secs(5)).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: cargo xtask test --postgres"]
async fn each_mail_goes_out_once_though_every_server_sends_mail() {
    let _shared = CLUSTER.read().await;
    let sink = SmtpSink::start().await;
    let smtp = sink.url();
    let (first, second) =
        two_servers_with(&["--smtp-url", &smtp, "--mail-from", "Partner-Community <termine@example.com>"]).await;
    first.add_event(event("fruehstueck", Some(100))).await;

    futures_util::future::join_all((0..40).map(|n| {
        let app = if n % 2 == 0 { &first } else { &second };
        async move { rsvp_retrying(app, "fruehstueck", &format!("gast{n}@example.org")).await }
    }))
    .await;
    sink.wait_for(40).await;
    // Both senders look at the outbox four times a second: a mail taken by both would have
    // arrived twice by now.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mails = sink.messages();
    assert_eq!(mails.len(), 40, "one confirmation per RSVP, none twice");
    let recipients: std::collections::HashSet<String> = mails
        .iter()
        .filter_map(|raw| raw.lines().find_map(|line| line.strip_prefix("To: ")).map(str::to_owned))
        .collect();
    assert_eq!(recipients.len(), 40);
}

#[tokio::test]
#[ignore = "needs PostgreSQL: cargo xtask test --postgres"]
async fn each_attendee_is_reminded_once_though_every_server_reminds() {
    let _shared = CLUSTER.read().await;
    let sink = SmtpSink::start().await;
    let smtp = sink.url();
    let (first, second) =
        two_servers_with(&["--smtp-url", &smtp, "--mail-from", "Partner-Community <termine@example.com>"]).await;
    first.add_event(event("partnertag", Some(100))).await;
    for n in 0..30 {
        rsvp_retrying(&first, "partnertag", &format!("gast{n}@example.org")).await;
    }
    // Within the 24 hours before the start (in 7 days), both servers at once, several times.
    let now = chrono::Utc::now() + chrono::Duration::days(6) + chrono::Duration::hours(1);
    let rounds = (0..6).map(|n| {
        let store = if n % 2 == 0 { first.store.clone() } else { second.store.clone() };
        async move { store.queue_reminders(24, now).await.unwrap() }
    });
    let written: u64 = futures_util::future::join_all(rounds).await.into_iter().sum();
    assert_eq!(written, 30, "one reminder per attendee, whichever server wrote it");
    let reminders: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'reminder'").fetch_one(&first.raw).await.unwrap();
    assert_eq!(reminders, 30);
    let messages = sink.wait_for(60).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(messages.len(), 60, "30 confirmations and 30 reminders");
    assert_eq!(sink.messages().len(), 60, "none twice");
}

#[tokio::test]
#[ignore = "needs PostgreSQL: cargo xtask test --postgres"]
async fn two_servers_deliver_each_webhook_once() {
    let _shared = CLUSTER.read().await;
    let (first, second) = two_servers().await;
    first.add_event(event("partnertag", None)).await;
    let receiver = HookReceiver::start().await;
    // Both servers' senders look for due deliveries all the time; claims keep them apart.
    let saved = second
        .client
        .put(second.url("/api/v1/admin/webhooks/crm"))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({"url": receiver.url("/hook"), "events": ["rsvp.created", "rsvp.cancelled"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::CREATED);
    let answers = futures_util::future::join_all((0..80).map(|n| {
        let app = if n % 2 == 0 { &first } else { &second };
        async move { rsvp_retrying(app, "partnertag", &format!("lead{n}@example.org")).await }
    }))
    .await;
    assert_eq!(answers.len(), 80);
    receiver.wait_for(80, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let received = receiver.received();
    let mut ids: Vec<&str> = received.iter().map(|r| r.delivery.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((received.len(), ids.len()), (80, 80), "each RSVP delivered once, by one of the servers");
    let mut emails: Vec<String> =
        received.iter().map(|r| r.json()["data"]["rsvp"]["email"].as_str().unwrap().to_owned()).collect();
    emails.sort_unstable();
    emails.dedup();
    assert_eq!(emails.len(), 80);
}
