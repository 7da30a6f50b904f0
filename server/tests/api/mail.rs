//! Attendee mail through a real SMTP server on 127.0.0.1: what arrives, that its links work,
//! and that no mail is lost to an SMTP outage or a `kill -9`, nor sent twice.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::Utc;
use icalendar::Component;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{event, rsvp_body, spawn_app, spawn_app_with, TestApp};
use crate::smtp_sink::SmtpSink;

pub(crate) const TOKEN: &str = "organizer-secret-token-0123456789";
pub(crate) const FROM: &str = "Partner-Community <termine@example.com>";

/// A received mail, decoded.
#[derive(Debug)]
pub(crate) struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    html: String,
    pub calendar: Option<String>,
    headers: Vec<(String, String)>,
}

impl Mail {
    pub fn parse(raw: &str) -> Mail {
        let parsed = mailparse::parse_mail(raw.as_bytes()).expect("a well-formed mail");
        let header = |name: &str| parsed.headers.iter().find(|h| h.get_key() == name).map(|h| h.get_value());
        let mut mail = Mail {
            to: header("To").unwrap_or_default(),
            subject: header("Subject").unwrap_or_default(),
            text: String::new(),
            html: String::new(),
            calendar: None,
            headers: parsed.headers.iter().map(|h| (h.get_key(), h.get_value())).collect(),
        };
        fn walk(part: &mailparse::ParsedMail, mail: &mut Mail) {
            match part.ctype.mimetype.as_str() {
                "text/plain" => mail.text = part.get_body().unwrap(),
                "text/html" => mail.html = part.get_body().unwrap(),
                "text/calendar" => mail.calendar = Some(part.get_body().unwrap()),
                _ => part.subparts.iter().for_each(|sub| walk(sub, mail)),
            }
        }
        walk(&parsed, &mut mail);
        mail
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The link to the RSVP's page in the mail's text.
    pub fn link(&self) -> String {
        self.text.lines().find(|line| line.contains("/rsvp/")).expect("a link to the RSVP").trim().to_owned()
    }
}

pub(crate) async fn mail_app(sink: &SmtpSink, extra: &[&str]) -> TestApp {
    let url = sink.url();
    let mut args = vec!["--smtp-url", &url, "--mail-from", FROM, "--admin-token", TOKEN];
    args.extend_from_slice(extra);
    spawn_app_with(&args).await
}

impl TestApp {
    pub(crate) async fn rsvp_de(&self, event_id: &str, name: &str, email: &str) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/v1/events/{event_id}/rsvps")))
            .header("accept-language", "de")
            .json(&rsvp_body(name, email, 0))
            .send()
            .await
            .unwrap()
    }

    /// Polls the organizer's list of undelivered mails (for up to 30 s) for one that `wanted`.
    async fn wait_for_listed_mail(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let request = self.client.get(self.url("/api/v1/admin/mails")).bearer_auth(TOKEN);
            let listed: Value = request.send().await.unwrap().json().await.unwrap();
            if let Some(mail) = listed["mails"].as_array().unwrap().iter().find(|mail| wanted(mail)) {
                return mail.clone();
            }
            assert!(std::time::Instant::now() < deadline, "no such mail was listed: {listed}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn outbox_count(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&self.raw).await.unwrap()
    }

    pub(crate) async fn status_of(&self, email: &str) -> String {
        sqlx::query_scalar("SELECT status FROM rsvps WHERE email = $1").bind(email).fetch_one(&self.raw).await.unwrap()
    }
}

/// The server binary on `database` with mail to `smtp` and `extra` flags; its address.
pub(crate) fn start_mailing_server(database: &str, smtp: &str, extra: &[&str]) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stammtisch-server"))
        .args(["--addr", "127.0.0.1:0", "--database", database])
        .args(["--smtp-url", smtp, "--mail-from", FROM, "--widget-dir", "/nonexistent"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    (child, line.trim().strip_prefix("listening on ").unwrap().to_owned())
}

pub(crate) fn mails_to(messages: &[String], address: &str) -> Vec<Mail> {
    messages.iter().map(|raw| Mail::parse(raw)).filter(|mail| mail.to.contains(address)).collect()
}

#[tokio::test]
async fn a_confirmation_arrives_with_a_working_cancel_link_and_a_calendar_file() {
    let sink = SmtpSink::start().await;
    let app = mail_app(&sink, &[]).await;
    app.add_event(event("lunch", Some(10))).await;
    assert_eq!(app.rsvp_de("lunch", "Erika Muster", "erika@example.org").await.status(), StatusCode::CREATED);

    let messages = sink.wait_for(1).await;
    assert_eq!(messages.len(), 1);
    let mail = Mail::parse(&messages[0]);
    assert!(mail.to.contains("erika@example.org"));
    assert_eq!(mail.subject, "Anmeldung bestätigt: Testtermin lunch");
    assert!(mail.text.starts_with("Guten Tag Erika Muster,"), "{}", mail.text);
    // The one picture is the check-in code inside the mail (issue 22); nothing is loaded from elsewhere.
    assert!(mail.html.contains("Testtermin lunch") && mail.html.matches("<img").count() == 1);
    assert!(mail.html.contains("<img src=\"cid:check-in\"") && !mail.html.contains("src=\"http"));
    assert!(mail.header("From").unwrap().contains("termine@example.com"));
    assert_eq!(mail.header("Auto-Submitted"), Some("auto-generated"));
    assert!(mail.header("Message-ID").unwrap().ends_with("@example.com>"));
    assert!(mail.header("Date").is_some());

    let calendar: icalendar::Calendar = mail.calendar.as_deref().expect("an .ics attachment").parse().unwrap();
    let event = calendar.components.iter().find_map(|c| c.as_event()).expect("a VEVENT");
    assert_eq!(event.get_summary(), Some("Testtermin lunch"));

    let link = mail.link();
    assert!(link.starts_with(&app.url("/rsvp/")), "{link}");
    let page = app.client.get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Erika Muster"));
    let token = link.rsplit('/').next().unwrap();
    let cancelled = app.client.delete(app.url(&format!("/api/v1/rsvps/{token}"))).send().await.unwrap();
    assert_eq!(cancelled.status(), StatusCode::OK);
    assert_eq!(app.status_of("erika@example.org").await, "cancelled");
}

#[tokio::test]
async fn the_waitlist_hears_its_place_and_then_of_its_seat() {
    let sink = SmtpSink::start().await;
    let app = mail_app(&sink, &[]).await;
    app.add_event(event("lunch", Some(1))).await;
    let first: Value = app.rsvp_de("lunch", "Ada", "ada@example.org").await.json().await.unwrap();
    app.rsvp_de("lunch", "Bob", "bob@example.org").await;
    let messages = sink.wait_for(2).await;
    let waiting = mails_to(&messages, "bob@example.org");
    assert_eq!(waiting[0].subject, "Warteliste: Testtermin lunch");
    assert!(waiting[0].text.contains("Platz 1 der Warteliste"), "{}", waiting[0].text);
    assert!(waiting[0].calendar.is_none());

    let token = TestApp::token_of(&first);
    app.client.delete(app.url(&format!("/api/v1/rsvps/{token}"))).send().await.unwrap();
    let messages = sink.wait_for(3).await;
    let promoted = mails_to(&messages, "bob@example.org");
    assert_eq!(promoted.len(), 2);
    assert_eq!(promoted[1].subject, "Sie haben einen Platz: Testtermin lunch");
    assert!(promoted[1].calendar.is_some());
    let page = app.client.get(promoted[1].link()).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sie sind angemeldet."), "the new link shows the promoted RSVP");
}

#[tokio::test]
async fn everyone_hears_when_the_time_changes_or_the_event_is_called_off() {
    let sink = SmtpSink::start().await;
    let app = mail_app(&sink, &[]).await;
    app.add_event(event("lunch", Some(10))).await;
    app.rsvp_de("lunch", "Ada", "ada@example.org").await;
    app.rsvp_de("lunch", "Bob", "bob@example.org").await;
    sink.wait_for(2).await;

    let admin = |method, path: &str| app.client.request(method, app.url(path)).bearer_auth(TOKEN);
    let mut changed =
        admin(reqwest::Method::GET, "/api/v1/admin/events/lunch").send().await.unwrap().json::<Value>().await.unwrap();
    changed["title"] = json!("Testtermin lunch (neuer Titel)");
    let response = admin(reqwest::Method::PUT, "/api/v1/admin/events/lunch").json(&changed).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(app.outbox_count().await, 2, "a new title alone writes no mail");
    changed["starts_at"] = json!("2030-12-03T20:00:00+01:00");
    changed["ends_at"] = Value::Null;
    admin(reqwest::Method::PUT, "/api/v1/admin/events/lunch").json(&changed).send().await.unwrap();
    let messages = sink.wait_for(4).await;
    assert_eq!(messages.len(), 4, "a new time tells both");
    for address in ["ada@example.org", "bob@example.org"] {
        let notice = mails_to(&messages, address).pop().unwrap();
        assert!(notice.subject.starts_with("Geändert: Testtermin lunch (neuer Titel)"), "{}", notice.subject);
        assert!(notice.text.contains("Dienstag, 3. Dezember 2030, 20:00 Uhr"), "{}", notice.text);
        assert!(notice.calendar.is_some());
    }

    admin(reqwest::Method::DELETE, "/api/v1/admin/events/lunch?force=true").send().await.unwrap();
    let messages = sink.wait_for(6).await;
    let called_off: Vec<Mail> = messages[4..].iter().map(|raw| Mail::parse(raw)).collect();
    assert_eq!(called_off.len(), 2);
    assert!(called_off.iter().all(|mail| mail.subject.starts_with("Abgesagt: ")));
}

#[tokio::test]
async fn a_repeat_rsvp_gets_409_and_its_address_gets_the_link_again() {
    let sink = SmtpSink::start().await;
    let app = mail_app(&sink, &[]).await;
    app.add_event(event("lunch", Some(10))).await;
    app.rsvp_de("lunch", "Ada", "ada@example.org").await;
    let again = app.rsvp_de("lunch", "Someone", " ADA@example.org").await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let body: Value = again.json().await.unwrap();
    assert_eq!(body["error"], "already_registered");
    assert!(!body.to_string().contains("/rsvp/"), "the answer never shows the link");

    let messages = sink.wait_for(2).await;
    let reminder = Mail::parse(&messages[1]);
    assert!(reminder.to.contains("ada@example.org"), "to the registered address, not the new request's");
    assert_eq!(reminder.subject, "Ihre Anmeldung: Testtermin lunch");
    let page = app.client.get(reminder.link()).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Ada") && page.contains("Anmeldung stornieren"));
}

#[tokio::test]
async fn mails_wait_out_an_smtp_outage_and_arrive_once() {
    let mut sink = SmtpSink::start().await;
    let app = mail_app(&sink, &[]).await;
    app.add_event(event("lunch", None)).await;
    sink.stop();
    for n in 0..50 {
        let response = app.rsvp_de("lunch", &format!("Gast {n}"), &format!("gast{n}@example.org")).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let first = app.wait_for_listed_mail(|mail| mail["attempts"].as_i64().is_some_and(|n| n >= 1)).await;
    assert!(first["last_error"].is_string(), "{first}");
    assert!(first.get("body_text").is_none(), "the organizer sees no mail texts (they hold links)");

    sink.restart().await;
    let messages = sink.wait_for(50).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let messages_later = sink.messages();
    assert_eq!(messages_later.len(), 50, "all 50 arrived, none twice ({} at first)", messages.len());
    let recipients: HashSet<String> = messages_later.iter().map(|raw| Mail::parse(raw).to).collect();
    assert_eq!(recipients.len(), 50);
    let unsent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetch_one(&app.raw).await.unwrap();
    assert_eq!(unsent, 0, "each of them is on record as sent, so none goes again");
}

#[tokio::test]
async fn without_smtp_nothing_is_written_for_mail() {
    let app = spawn_app().await;
    app.add_event(event("lunch", Some(10))).await;
    assert_eq!(app.rsvp_de("lunch", "Ada", "ada@example.org").await.status(), StatusCode::CREATED);
    let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&app.raw).await.unwrap();
    assert_eq!(queued, 0);
}

#[tokio::test]
async fn double_opt_in_holds_seats_until_confirmed_and_releases_them_after_the_hold() {
    let sink = SmtpSink::start().await;
    let app = mail_app(&sink, &["--require-confirmation"]).await;
    app.add_event(event("lunch", Some(1))).await;
    let held: Value = app.rsvp_de("lunch", "Ada", "ada@example.org").await.json().await.unwrap();
    assert_eq!(held["status"], "pending");
    assert_eq!(app.feed_event("lunch").await["rsvp"]["seats_left"], 0, "the pending RSVP holds the seat");
    assert_eq!(app.feed_event("lunch").await["rsvp"]["confirmed"], 0);
    let waiting: Value = app.rsvp_de("lunch", "Bob", "bob@example.org").await.json().await.unwrap();
    assert_eq!(waiting["status"], "pending", "a waitlist place counts once confirmed, too");

    let messages = sink.wait_for(2).await;
    let please = mails_to(&messages, "ada@example.org").remove(0);
    assert_eq!(please.subject, "Bitte bestätigen Sie Ihre Anmeldung: Testtermin lunch");
    let page = app.client.get(please.link()).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Anmeldung bestätigen"), "opening the link shows the confirm button");
    assert_eq!(app.status_of("ada@example.org").await, "pending", "opening alone confirms nothing");

    let bob_link = mails_to(&messages, "bob@example.org").remove(0).link();
    let confirm = format!("{bob_link}/confirm");
    assert_eq!(app.client.post(&confirm).send().await.unwrap().status(), StatusCode::OK, "redirected to the page");
    assert_eq!(app.status_of("bob@example.org").await, "waitlisted");
    let messages = sink.wait_for(3).await;
    assert!(mails_to(&messages, "bob@example.org").iter().any(|m| m.subject.starts_with("Warteliste")));

    // Ada never confirms: after the hold her seat goes to Bob, who did.
    assert_eq!(app.store.release_unconfirmed(Utc::now() + chrono::Duration::minutes(29)).await.unwrap(), 0);
    assert_eq!(app.store.release_unconfirmed(Utc::now() + chrono::Duration::minutes(31)).await.unwrap(), 1);
    assert_eq!(app.status_of("ada@example.org").await, "cancelled");
    assert_eq!(app.status_of("bob@example.org").await, "confirmed");
    let messages = sink.wait_for(4).await;
    assert!(mails_to(&messages, "bob@example.org").iter().any(|m| m.subject.starts_with("Sie haben einen Platz")));
    assert_eq!(app.client.post(format!("{}/confirm", please.link())).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(app.status_of("ada@example.org").await, "cancelled", "too late: the released RSVP stays released");
}

#[tokio::test]
async fn a_mail_committed_before_a_kill_9_goes_out_once_after_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("mail.db").display());
    // The SMTP port is closed at first: the mail can only wait in the outbox.
    let mut sink = SmtpSink::start().await;
    sink.stop();
    let start = |smtp: String| start_mailing_server(&database, &smtp, &["--seed-demo", "--rsvp-rate-limit", "0"]);
    let (mut server, url) = start(sink.url());
    let created = reqwest::Client::new()
        .post(format!("{url}/api/v1/events/it-stammtisch-hannover/rsvps"))
        .json(&rsvp_body("Ada", "ada@example.org", 0))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();

    sink.restart().await;
    let (mut server, _) = start(sink.url());
    let messages = sink.wait_for(1).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(sink.messages().len(), 1, "exactly once");
    assert!(Mail::parse(&messages[0]).to.contains("ada@example.org"));
}

#[tokio::test]
async fn a_mailbox_that_does_not_exist_is_not_retried_and_the_organizer_sees_it() {
    let sink = SmtpSink::start().await;
    let app = mail_app(&sink, &[]).await;
    app.add_event(event("lunch", Some(10))).await;
    app.rsvp_de("lunch", "Niemand", "unknown@example.org").await;
    app.rsvp_de("lunch", "Ada", "ada@example.org").await;
    assert_eq!(sink.wait_for(1).await.len(), 1);
    let failed = app.wait_for_listed_mail(|mail| mail["failed_at"].is_string()).await;
    assert_eq!(failed["recipient"], "unknown@example.org");
    assert!(failed["last_error"].as_str().unwrap().contains("550"), "{failed}");
    let text: String = sqlx::query_scalar("SELECT body_text FROM outbox WHERE id = $1")
        .bind(failed["id"].as_i64().unwrap())
        .fetch_one(&app.raw)
        .await
        .unwrap();
    assert_eq!(text, "", "a mail that will never go keeps no link");
}

#[tokio::test]
async fn confirming_in_time_sends_one_mail_and_too_late_confirms_nothing() {
    let sink = SmtpSink::start().await;
    let app = mail_app(&sink, &["--require-confirmation"]).await;
    app.add_event(event("lunch", Some(5))).await;
    app.rsvp_de("lunch", "Ada", "ada@example.org").await;
    app.rsvp_de("lunch", "Bob", "bob@example.org").await;
    let messages = sink.wait_for(2).await;
    let ada = mails_to(&messages, "ada@example.org").remove(0).link();
    let bob = mails_to(&messages, "bob@example.org").remove(0).link();

    app.client.post(format!("{ada}/confirm")).send().await.unwrap();
    assert_eq!(app.status_of("ada@example.org").await, "confirmed");
    let messages = sink.wait_for(3).await;
    let to_ada = mails_to(&messages, "ada@example.org");
    assert_eq!(to_ada.len(), 2);
    assert_eq!(to_ada[1].subject, "Anmeldung bestätigt: Testtermin lunch");
    app.client.post(format!("{ada}/confirm")).send().await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.outbox_count().await, 3, "confirming twice mails once");

    // Bob's hold runs out before he confirms; the releaser has not run yet.
    sqlx::query("UPDATE rsvps SET confirm_by_unix = $1 WHERE email = 'bob@example.org'")
        .bind(Utc::now().timestamp() - 1)
        .execute(&app.raw)
        .await
        .unwrap();
    app.client.post(format!("{bob}/confirm")).send().await.unwrap();
    assert_eq!(app.status_of("bob@example.org").await, "pending", "too late: nothing confirmed");
    app.store.release_unconfirmed(Utc::now()).await.unwrap();
    assert_eq!(app.status_of("bob@example.org").await, "cancelled");
}

#[tokio::test]
async fn an_import_that_moves_an_event_tells_its_attendees_like_the_api() {
    let sink = SmtpSink::start().await;
    let app = mail_app(&sink, &[]).await;
    app.add_event(event("lunch", Some(10))).await;
    app.rsvp_de("lunch", "Ada", "ada@example.org").await;
    sink.wait_for(1).await;

    let mut moved = app.feed_event("lunch").await;
    moved["starts_at"] = json!("2030-12-03T20:00:00+01:00");
    moved["ends_at"] = Value::Null;
    let feed = json!({ "version": 1, "board": { "title": "Termine" }, "generated_at": Utc::now(), "events": [moved] });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("termine.json");
    std::fs::write(&file, feed.to_string()).unwrap();
    let import = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_stammtisch-server"))
            .args(extra)
            .args(["events", "import", file.to_str().unwrap(), "--database", &app.database])
            .output()
            .unwrap()
    };

    let without_mail = import(&[]);
    let said = String::from_utf8_lossy(&without_mail.stderr).into_owned();
    assert!(without_mail.status.success(), "{}", String::from_utf8_lossy(&without_mail.stderr));
    assert!(said.contains("Mail is off"), "the import says plainly that nobody was told: {said}");

    moved["starts_at"] = json!("2030-12-03T21:00:00+01:00");
    let feed = json!({ "version": 1, "board": { "title": "Termine" }, "generated_at": Utc::now(), "events": [moved] });
    std::fs::write(&file, feed.to_string()).unwrap();
    let url = sink.url();
    let with_mail = import(&["--smtp-url", &url, "--mail-from", FROM, "--public-url", &app.address]);
    assert!(with_mail.status.success(), "{}", String::from_utf8_lossy(&with_mail.stderr));
    // The import writes the mail into the outbox; the running server's sender delivers it.
    let messages = sink.wait_for(2).await;
    let notice = mails_to(&messages, "ada@example.org").pop().unwrap();
    assert!(notice.subject.starts_with("Geändert: "), "{}", notice.subject);
    assert!(notice.text.contains("Dienstag, 3. Dezember 2030, 21:00 Uhr"), "{}", notice.text);
}
