//! Approval per event (CONTRACT §8): RSVPs answer `requested` and hold no seat; the organizer
//! approves (a seat or the waitlist, by the usual rules) or declines, once; approvals and RSVPs
//! at the same moment never overbook; with double opt-in the address comes first.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{in_days, rsvp_body, spawn_app_with, TestApp};
use crate::mail::{mail_app, mails_to, TOKEN};
use crate::smtp_sink::SmtpSink;

async fn admin_app() -> TestApp {
    spawn_app_with(&["--admin-token", TOKEN]).await
}

/// A partner day for registered partners only, written with the contract's `rsvp.approval`.
async fn partner_day(app: &TestApp, id: &str, capacity: u32) {
    let body = json!({
        "id": id, "title": "Partnertag (nur Partner)", "kind": "partner_day",
        "starts_at": in_days(10).to_rfc3339(), "capacity": capacity, "rsvp": {"approval": true},
    });
    let created = app.client.post(app.url("/api/v1/admin/events")).bearer_auth(TOKEN).json(&body).send().await;
    assert_eq!(created.unwrap().status(), StatusCode::CREATED);
}

async fn decide(app: &TestApp, event: &str, rsvp: i64, verb: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/admin/events/{event}/rsvps/{rsvp}/{verb}")))
        .bearer_auth(TOKEN)
        .header("accept-language", "de")
        .send()
        .await
        .unwrap()
}

/// Sends again while the answer is `503`, after its `Retry-After`, as a client told to try again
/// in a moment does: 400 writes to one event at one moment queue for the database's connections, and on a
/// busy machine the last of them may wait longer than the server's 3 s before it answers so.
async fn served<F: std::future::Future<Output = reqwest::Response>>(send: impl Fn() -> F) -> reqwest::Response {
    for _ in 0..10 {
        let response = send().await;
        if response.status() != StatusCode::SERVICE_UNAVAILABLE {
            return response;
        }
        let wait: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    }
    panic!("still 503 after ten tries");
}

async fn attendees(app: &TestApp, event: &str) -> Vec<Value> {
    app.attendee_list(event, TOKEN).await
}

async fn id_of(app: &TestApp, event: &str, email: &str) -> i64 {
    attendees(app, event).await.iter().find(|a| a["email"] == email).unwrap()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn requests_hold_no_seat_until_approved_and_each_decision_counts_once() {
    let app = admin_app().await;
    partner_day(&app, "partnertag", 2).await;
    let event = app.feed_event("partnertag").await;
    assert_eq!(event["rsvp"]["approval"], true);
    let admin_event = app.admin_json("/api/v1/admin/events/partnertag", TOKEN).await;
    assert_eq!(admin_event["rsvp_approval"], true, "the flat spelling too");
    // Read back, one spelling changed and the other not: refused, not silently overruled.
    let mut changed = admin_event.clone();
    changed["rsvp_approval"] = json!(false);
    let refused = app
        .client
        .put(app.url("/api/v1/admin/events/partnertag"))
        .bearer_auth(TOKEN)
        .header("accept-language", "en")
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = refused.json().await.unwrap();
    assert_eq!(error["field"], "rsvp.approval", "{error}");
    assert_eq!(error["message"], "rsvp.approval and rsvp_approval disagree; please give only one of them.");

    let anna: Value =
        app.post_rsvp("partnertag", &rsvp_body("Anna", "anna@example.org", 0)).await.json().await.unwrap();
    assert_eq!(anna["status"], "requested");
    assert!(anna.get("waitlist_position").is_none());
    assert_eq!(anna["rsvp"]["seats_left"], 2, "a request holds no seat");
    let ben: Value = app.post_rsvp("partnertag", &rsvp_body("Ben", "ben@example.org", 1)).await.json().await.unwrap();
    assert_eq!(ben["status"], "requested");
    app.post_rsvp("partnertag", &rsvp_body("Cem", "cem@example.org", 0)).await;
    let again = app.post_rsvp("partnertag", &rsvp_body("Anna", "ANNA@example.org", 0)).await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "one request per address");
    let stored = app.admin_json("/api/v1/admin/events/partnertag", TOKEN).await;
    assert_eq!((stored["requested"].as_u64(), stored["confirmed"].as_u64()), (Some(4), Some(0)), "{stored}");

    let anna = id_of(&app, "partnertag", "anna@example.org").await;
    let approved: Value = decide(&app, "partnertag", anna, "approve").await.json().await.unwrap();
    assert_eq!(approved, json!({"status": "confirmed"}));
    let twice: Value = decide(&app, "partnertag", anna, "approve").await.json().await.unwrap();
    assert_eq!(twice, json!({"status": "confirmed"}), "approving again changes nothing");
    assert_eq!(app.feed_event("partnertag").await["rsvp"]["seats_left"], 1);

    let ben = id_of(&app, "partnertag", "ben@example.org").await;
    let waiting: Value = decide(&app, "partnertag", ben, "approve").await.json().await.unwrap();
    assert_eq!(waiting, json!({"status": "waitlisted", "waitlist_position": 1}), "a party of two does not fit");

    let cem = id_of(&app, "partnertag", "cem@example.org").await;
    let declined: Value = decide(&app, "partnertag", cem, "decline").await.json().await.unwrap();
    assert_eq!(declined, json!({"status": "declined"}));
    assert_eq!(decide(&app, "partnertag", cem, "decline").await.status(), StatusCode::OK, "declining again");
    let refused = decide(&app, "partnertag", cem, "approve").await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let error: Value = refused.json().await.unwrap();
    assert_eq!(error["error"], "not_requested");
    assert_eq!(error["message"], "Diese Anmeldung wartet nicht auf eine Entscheidung.");
    assert_eq!(decide(&app, "partnertag", anna, "decline").await.status(), StatusCode::CONFLICT, "a seat stays");
    assert_eq!(decide(&app, "partnertag", 999_999, "approve").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(decide(&app, "nirgends", anna, "approve").await.status(), StatusCode::NOT_FOUND);
    let after_no = app.post_rsvp("partnertag", &rsvp_body("Cem", "cem@example.org", 0)).await;
    assert_eq!(after_no.status(), StatusCode::CREATED, "a declined address may ask again");

    // Anna cancels: Ben's party of two now fits and moves up, as on any waitlist.
    let cancelled = app
        .client
        .delete(app.url(&format!("/api/v1/admin/events/partnertag/rsvps/{anna}")))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), StatusCode::OK);
    let statuses: Vec<(String, String)> = attendees(&app, "partnertag")
        .await
        .iter()
        .map(|a| (a["email"].as_str().unwrap().to_owned(), a["status"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("anna@example.org".to_owned(), "cancelled".to_owned()),
            ("ben@example.org".to_owned(), "confirmed".to_owned()),
            ("cem@example.org".to_owned(), "declined".to_owned()),
            ("cem@example.org".to_owned(), "requested".to_owned()),
        ]
    );
    let rsvp = &app.feed_event("partnertag").await["rsvp"];
    assert_eq!((rsvp["confirmed"].as_u64(), rsvp["seats_left"].as_u64()), (Some(2), Some(0)));
}

#[tokio::test]
async fn concurrent_approvals_and_rsvps_never_overbook() {
    let app = admin_app().await;
    partner_day(&app, "ansturm", 50).await;
    let asked = join_all((0..300).map(|n| {
        let app = &app;
        let body = rsvp_body("Partner", &format!("p{n}@example.org"), 0);
        async move { served(|| app.post_rsvp("ansturm", &body)).await.status() }
    }))
    .await;
    assert!(asked.iter().all(|s| *s == StatusCode::CREATED), "{asked:?}");
    let ids: Vec<i64> = attendees(&app, "ansturm").await.iter().map(|a| a["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 300);

    // 300 approvals and 100 new requests at once.
    let approvals = ids.iter().map(|id| {
        let app = &app;
        async move {
            served(|| decide(app, "ansturm", *id, "approve")).await.json::<Value>().await.unwrap()["status"].clone()
        }
    });
    let late = (0..100).map(|n| {
        let app = &app;
        async move {
            let body = rsvp_body("Spät", &format!("late{n}@example.org"), 0);
            served(|| app.post_rsvp("ansturm", &body)).await.json::<Value>().await.unwrap()["status"].clone()
        }
    });
    let (decided, late) = tokio::join!(join_all(approvals), join_all(late));
    assert_eq!(decided.iter().filter(|s| **s == "confirmed").count(), 50, "exactly the capacity: {decided:?}");
    assert_eq!(decided.iter().filter(|s| **s == "waitlisted").count(), 250);
    assert!(late.iter().all(|s| *s == "requested"), "new RSVPs still wait for a decision: {late:?}");

    let list = attendees(&app, "ansturm").await;
    assert_eq!(list.iter().filter(|a| a["status"] == "confirmed").count(), 50);
    let rsvp = &app.feed_event("ansturm").await["rsvp"];
    assert_eq!((rsvp["confirmed"].as_u64(), rsvp["seats_left"].as_u64()), (Some(50), Some(0)));
    let positions: Vec<u64> = list
        .iter()
        .filter_map(|a| a["waitlist_position"].as_u64())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(positions, (1..=250).collect::<Vec<u64>>(), "one place each on the waitlist");
}

#[tokio::test]
async fn with_double_opt_in_the_address_comes_first_and_every_step_is_mailed() {
    let sink = SmtpSink::start().await;
    let app = mail_app(&sink, &["--require-confirmation"]).await;
    partner_day(&app, "partnertag", 10).await;
    let held: Value = app.rsvp_de("partnertag", "Ada", "ada@example.org").await.json().await.unwrap();
    assert_eq!(held["status"], "pending", "first the address");
    let ada = id_of(&app, "partnertag", "ada@example.org").await;
    let listed = attendees(&app, "partnertag").await;
    assert_eq!(listed[0]["status"], "pending", "listed as waiting for its address, not yet as a request");
    let stored = app.admin_json("/api/v1/admin/events/partnertag", TOKEN).await;
    assert_eq!(stored["requested"], 0, "not counted as a request before its address is confirmed");
    let early = decide(&app, "partnertag", ada, "approve").await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    let early: Value = early.json().await.unwrap();
    assert!(early["message"].as_str().unwrap().contains("Bestätigung der E-Mail-Adresse"), "{early}");

    let messages = sink.wait_for(1).await;
    let please = mails_to(&messages, "ada@example.org").remove(0);
    assert_eq!(please.subject, "Bitte bestätigen Sie Ihre Anmeldung: Partnertag (nur Partner)");
    let confirmed = app.client.post(format!("{}/confirm", please.link())).send().await.unwrap();
    assert_eq!(confirmed.status(), StatusCode::OK);
    assert_eq!(app.status_of("ada@example.org").await, "requested");
    let page = app.client.get(please.link()).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Ihre Anfrage ist eingegangen."), "{page}");
    let messages = sink.wait_for(2).await;
    assert!(mails_to(&messages, "ada@example.org")
        .iter()
        .any(|m| m.subject.starts_with("Ihre Anfrage ist eingegangen")));
    assert_eq!(app.feed_event("partnertag").await["rsvp"]["seats_left"], 10, "still no seat held");

    assert_eq!(decide(&app, "partnertag", ada, "approve").await.status(), StatusCode::OK);
    let messages = sink.wait_for(3).await;
    let yes = mails_to(&messages, "ada@example.org");
    assert!(yes.iter().any(|m| m.subject == "Anmeldung bestätigt: Partnertag (nur Partner)"), "{yes:?}");

    // Without double opt-in a request is mailed as such at once; a no is mailed too.
    app.client
        .put(app.url("/api/v1/admin/events/partnertag"))
        .bearer_auth(TOKEN)
        .json(&json!({"title": "Partnertag (nur Partner)", "kind": "partner_day",
            "starts_at": in_days(10).to_rfc3339(), "capacity": 10, "rsvp_approval": true}))
        .send()
        .await
        .unwrap();
    let bob = app.rsvp_de("partnertag", "Bob", "bob@example.org").await;
    assert_eq!(bob.json::<Value>().await.unwrap()["status"], "pending", "the server still asks for the address");
    let released = app.store.release_unconfirmed(chrono::Utc::now() + chrono::Duration::minutes(31)).await.unwrap();
    assert_eq!(released, 1, "an unconfirmed request is released like an unconfirmed RSVP");
    assert_eq!(app.status_of("bob@example.org").await, "cancelled");
}

#[tokio::test]
async fn a_request_is_mailed_and_so_is_a_no() {
    let sink = SmtpSink::start().await;
    let app = mail_app(&sink, &[]).await;
    partner_day(&app, "partnertag", 10).await;
    let asked: Value = app.rsvp_de("partnertag", "Eva", "eva@example.org").await.json().await.unwrap();
    assert_eq!(asked["status"], "requested");
    let messages = sink.wait_for(1).await;
    let request = mails_to(&messages, "eva@example.org").remove(0);
    assert_eq!(request.subject, "Ihre Anfrage ist eingegangen: Partnertag (nur Partner)");
    assert!(request.text.contains("bestätigt jede Anmeldung zu diesem Termin einzeln"), "{}", request.text);
    let eva = id_of(&app, "partnertag", "eva@example.org").await;
    assert_eq!(decide(&app, "partnertag", eva, "decline").await.status(), StatusCode::OK);
    let messages = sink.wait_for(2).await;
    let no = mails_to(&messages, "eva@example.org");
    assert!(no.iter().any(|m| m.subject == "Keine Teilnahme möglich: Partnertag (nur Partner)"), "{no:?}");
    let page = app.client.get(request.link()).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("konnte Ihre Anfrage leider nicht bestätigen") && !page.contains("/cancel\""), "{page}");
}
