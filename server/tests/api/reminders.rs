//! Reminder mails (`--reminder-hours`): one per confirmed attendee before the start, none for
//! the waitlist or the cancelled, none twice, not even across a `kill -9`.

use std::time::Duration;

use chrono::{Duration as Span, Utc};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{event, in_days, rsvp_body, spawn_app_on, TestApp};
use crate::mail::{mail_app, mails_to, start_mailing_server, Mail};
use crate::smtp_sink::SmtpSink;

fn reminders(messages: &[String]) -> Vec<Mail> {
    let is_reminder = |mail: &Mail| ["Erinnerung: ", "Reminder: "].iter().any(|start| mail.subject.starts_with(start));
    messages.iter().map(|raw| Mail::parse(raw)).filter(is_reminder).collect()
}

/// Waits until the outbox has sent everything; how many mails arrived.
async fn settled(app: &TestApp, sink: &SmtpSink) -> usize {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let waiting: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetch_one(&app.raw).await.unwrap();
        if waiting == 0 {
            return sink.messages().len();
        }
        assert!(std::time::Instant::now() < deadline, "{waiting} mails still wait");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn confirmed_attendees_are_reminded_once_before_the_start() {
    let sink = SmtpSink::start().await;
    let app = mail_app(&sink, &[]).await;
    // Starts in 7 days: the 24 hours before it begin in 6.
    app.add_event(event("lunch", Some(1))).await;
    let ada: Value = app.rsvp_de("lunch", "Ada", "ada@example.org").await.json().await.unwrap();
    assert_eq!(ada["status"], "confirmed");
    assert_eq!(app.rsvp_de("lunch", "Bob", "bob@example.org").await.status(), StatusCode::CREATED);
    assert_eq!(app.status_of("bob@example.org").await, "waitlisted");
    let cem: Value = app.rsvp_de("lunch", "Cem", "cem@example.org").await.json().await.unwrap();
    let cancelled = app.client.delete(cem["cancel_url"].as_str().unwrap().replace("/rsvp/", "/api/v1/rsvps/"));
    assert_eq!(cancelled.send().await.unwrap().status(), StatusCode::OK);
    // An event that starts in two hours, with an RSVP made just now: its confirmation is fresh.
    let mut soon = event("soon", Some(10));
    soon.event.starts_at = (Utc::now() + Span::hours(2)).fixed_offset();
    soon.event.ends_at = None;
    app.add_event(soon).await;
    app.rsvp_de("soon", "Eve", "eve@example.org").await;
    let before = settled(&app, &sink).await;

    let now = Utc::now();
    assert_eq!(app.store.queue_reminders(24, now + Span::days(5)).await.unwrap(), 0, "too early");
    assert_eq!(app.store.queue_reminders(24, now + Span::days(6) + Span::hours(1)).await.unwrap(), 1);
    assert_eq!(app.store.queue_reminders(24, now + Span::days(6) + Span::hours(2)).await.unwrap(), 0, "never twice");
    assert_eq!(app.store.queue_reminders(24, now).await.unwrap(), 0, "Eve registered within the 24 hours");

    let messages = sink.wait_for(before + 1).await;
    let sent = reminders(&messages);
    assert_eq!(sent.len(), 1, "{:?}", sent.iter().map(|m| &m.to).collect::<Vec<_>>());
    let reminder = &sent[0];
    assert!(reminder.to.contains("ada@example.org"));
    assert_eq!(reminder.subject.split(',').next(), Some("Erinnerung: Testtermin lunch"));
    assert!(reminder.text.contains("Café") && reminder.text.contains("Köln"), "the place: {}", reminder.text);
    assert!(reminder.calendar.as_deref().is_some_and(|c| c.contains("BEGIN:VEVENT")), "with the calendar file");

    // Ada cancels with the reminder's own link: Bob moves up as always, and is reminded in turn.
    let page = reminder.link();
    assert_eq!(app.client.post(format!("{page}/cancel")).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(app.status_of("bob@example.org").await, "confirmed");
    let messages = sink.wait_for(before + 2).await;
    assert!(mails_to(&messages, "bob@example.org").iter().any(|m| m.subject.starts_with("Sie haben einen Platz")));
    assert_eq!(app.store.queue_reminders(24, now + Span::days(6) + Span::hours(3)).await.unwrap(), 1);
    // Once the event has begun, there is nothing left to remind of.
    assert_eq!(app.store.queue_reminders(24, now + Span::days(8)).await.unwrap(), 0);
    let messages = sink.wait_for(before + 3).await;
    let sent = reminders(&messages);
    assert_eq!(sent.len(), 2);
    assert!(sent[1].to.contains("bob@example.org"));
    assert!(mails_to(&messages, "cem@example.org").iter().all(|m| !m.subject.starts_with("Erinnerung")));
    assert!(mails_to(&messages, "eve@example.org").iter().all(|m| !m.subject.starts_with("Erinnerung")));
}

/// The server binary with reminders 24 hours ahead.
fn start(database: &str, smtp: &str) -> (std::process::Child, String) {
    start_mailing_server(database, smtp, &["--reminder-hours", "24"])
}

#[tokio::test]
async fn reminders_written_before_a_kill_9_go_out_once_after_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("reminders.db").display());
    // Three attendees who registered two days ago for an event in five hours.
    {
        let app = spawn_app_on(tempfile::tempdir().unwrap(), database.clone(), &[]).await;
        let mut near = event("near", Some(10));
        near.event.starts_at = (Utc::now() + Span::hours(5)).fixed_offset();
        near.event.ends_at = None;
        app.add_event(near).await;
        for name in ["ada", "bob", "cem"] {
            let created = app.post_rsvp("near", &rsvp_body(name, &format!("{name}@example.org"), 0)).await;
            assert_eq!(created.status(), StatusCode::CREATED);
        }
        sqlx::query("UPDATE rsvps SET created_at = $1").bind(in_days(-2).to_rfc3339()).execute(&app.raw).await.unwrap();
    }
    // The SMTP server is away: the reminders can only wait in the outbox.
    let mut sink = SmtpSink::start().await;
    sink.stop();
    let (mut server, _) = start(&database, &sink.url());
    let pool = sqlx::SqlitePool::connect(&database).await.unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let written: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'reminder'").fetch_one(&pool).await.unwrap();
        if written == 3 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{written} reminders written");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();

    sink.restart().await;
    let (mut server, _) = start(&database, &sink.url());
    let messages = sink.wait_for(3).await;
    // Long enough for a second round of reminders, had the restart forgotten the first.
    tokio::time::sleep(Duration::from_secs(3)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    let sent = reminders(&sink.messages());
    assert_eq!(sent.len(), 3, "exactly one each: {:?}", sent.iter().map(|m| &m.to).collect::<Vec<_>>());
    for name in ["ada", "bob", "cem"] {
        assert_eq!(mails_to(&messages, &format!("{name}@example.org")).len(), 1, "{name}");
    }
    let reminded: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM rsvps WHERE reminded_at IS NOT NULL").fetch_one(&pool).await.unwrap();
    assert_eq!(reminded, 3);
}
