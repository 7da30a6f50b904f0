//! The organizer's own questions (CONTRACT §8): set through the organizer API, shown in the
//! feed and on the page without scripts, checked on every RSVP, stored with it, listed and
//! exported formula-safe, and deleted with the other personal data.

use chrono::{Duration, Utc};
use reqwest::header::{LOCATION, ORIGIN};
use reqwest::{redirect, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{in_days, spawn_app_with, TestApp};

const TOKEN: &str = "organizer-secret-token-0123456789";

fn partner_day(questions: Value) -> Value {
    json!({
        "id": "partnertag",
        "title": "Partnertag Nord",
        "kind": "partner_day",
        "starts_at": in_days(14).to_rfc3339(),
        "capacity": 50,
        "rsvp_mail_consent": true,
        "questions": questions,
    })
}

fn questions() -> Value {
    json!([
        {"id": "position", "label": "  Position ", "kind": "text", "required": true},
        {"id": "workshop", "label": "Welcher Workshop?", "kind": "choice", "options": ["Vertrieb", "Technik"]},
        {"id": "vegetarisch", "label": "Vegetarisch?", "kind": "checkbox"},
        {"id": "agb", "label": "Ich bin Partner der Distribution Nord.", "kind": "checkbox", "required": true},
    ])
}

async fn admin(app: &TestApp, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
    app.client.request(method, app.url(path)).bearer_auth(TOKEN)
}

async fn app_with_partner_day() -> TestApp {
    let app = spawn_app_with(&["--admin-token", TOKEN]).await;
    let created =
        admin(&app, reqwest::Method::POST, "/api/v1/admin/events").await.json(&partner_day(questions())).send().await;
    assert_eq!(created.unwrap().status(), StatusCode::CREATED);
    app
}

async fn rsvp(app: &TestApp, extra: Value, lang: &str) -> reqwest::Response {
    let mut body = json!({"name": "Anna Schmidt", "email": "anna@systemhaus.de", "guests": 0, "consent": true});
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    app.client
        .post(app.url("/api/v1/events/partnertag/rsvps"))
        .header("accept-language", lang)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn attendees(app: &TestApp) -> Vec<Value> {
    app.attendee_list("partnertag", TOKEN).await
}

#[tokio::test]
async fn questions_are_in_the_feed_and_wrong_questions_are_named() {
    let app = app_with_partner_day().await;
    let event = app.feed_event("partnertag").await;
    assert_eq!(event["questions"][0], json!({"id": "position", "label": "Position", "kind": "text", "required": true}));
    assert_eq!(event["questions"][1]["options"], json!(["Vertrieb", "Technik"]));
    assert_eq!(event["questions"].as_array().unwrap().len(), 4);
    assert_eq!(event["rsvp"]["mail_consent"], true);

    let eleven: Vec<Value> = (0..11).map(|i| json!({"id": format!("q{i}"), "label": "Frage"})).collect();
    let cases = [
        (json!([{"id": "Position", "label": "Position"}]), "questions.id"),
        (json!([{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]), "questions.id"),
        (json!([{"id": "a", "label": " "}]), "questions.label"),
        (json!([{"id": "a", "label": "A", "kind": "choice", "options": ["nur eine"]}]), "questions.options"),
        (json!([{"id": "a", "label": "A", "kind": "text", "options": ["x", "y"]}]), "questions.options"),
        (json!(eleven), "questions"),
    ];
    for (questions, field) in cases {
        let body = partner_day(questions.clone());
        let refused = admin(&app, reqwest::Method::PUT, "/api/v1/admin/events/partnertag")
            .await
            .header("accept-language", "de")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{questions}");
        let error: Value = refused.json().await.unwrap();
        assert_eq!(error["field"], field, "{questions}: {error}");
        assert!(!error["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(app.feed_event("partnertag").await["questions"].as_array().unwrap().len(), 4, "nothing changed");
}

#[tokio::test]
async fn every_wrong_answer_is_named_and_nothing_is_stored() {
    let app = app_with_partner_day().await;
    let ok = || json!({"position": "Vertrieb", "agb": true});
    let with = |key: &str, value: Value| {
        let mut answers = ok();
        answers[key] = value;
        json!({ "answers": answers })
    };
    let without = |key: &str| {
        let mut answers = ok();
        answers.as_object_mut().unwrap().remove(key);
        json!({ "answers": answers })
    };
    let cases = [
        (without("position"), "answers.position", "Bitte beantworten Sie diese Frage."),
        (with("position", json!("   ")), "answers.position", "Bitte beantworten Sie diese Frage."),
        (with("position", json!(true)), "answers.position", "Hier ist ein Text gefragt."),
        (with("position", json!(42)), "answers.position", "Das Feld „answers.position“ hat den falschen Typ."),
        (with("position", json!("x".repeat(501))), "answers.position", "Bitte höchstens 500 Zeichen."),
        (with("workshop", json!("Golf")), "answers.workshop", "Bitte wählen Sie eine der angebotenen Antworten."),
        (with("vegetarisch", json!("ja")), "answers.vegetarisch", "Hier ist ja oder nein gefragt."),
        (without("agb"), "answers.agb", "Bitte bestätigen Sie dies."),
        (with("agb", json!(false)), "answers.agb", "Bitte bestätigen Sie dies."),
        (json!({"answers": "Vertrieb"}), "answers", "Das Feld „answers“ hat den falschen Typ."),
        (json!({}), "answers.position", "Bitte beantworten Sie diese Frage."),
    ];
    for (extra, field, message) in cases {
        let refused = rsvp(&app, extra.clone(), "de").await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{extra}");
        let error: Value = refused.json().await.unwrap();
        assert_eq!((error["error"].as_str(), error["field"].as_str()), (Some("invalid_input"), Some(field)), "{extra}");
        assert_eq!(error["message"], message, "{extra}");
    }
    let english = rsvp(&app, without("agb"), "en").await.json::<Value>().await.unwrap();
    assert_eq!(english["message"], "Please confirm this.");
    assert!(attendees(&app).await.is_empty(), "no wrong answer stored anything");
    assert_eq!(app.feed_event("partnertag").await["rsvp"]["confirmed"], 0);
}

#[tokio::test]
async fn answers_are_stored_listed_exported_formula_safe_and_deleted_with_the_personal_data() {
    let app = app_with_partner_day().await;
    let answers = json!({
        "position": "  =HYPERLINK(\"http://evil.example\") ",
        "workshop": "Technik",
        "vegetarisch": true,
        "agb": true,
        "frueher": "a question the event no longer asks",
    });
    let created = rsvp(&app, json!({"answers": answers, "mail_consent": true}), "de").await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let second = json!({"email": "ben@example.org", "answers": {"position": "CTO", "agb": true}});
    assert_eq!(rsvp(&app, second, "de").await.status(), StatusCode::CREATED);

    let list = attendees(&app).await;
    assert_eq!(
        list[0]["answers"],
        json!({"position": "=HYPERLINK(\"http://evil.example\")", "workshop": "Technik", "vegetarisch": true, "agb": true}),
        "trimmed, and the unknown answer left out"
    );
    let consent_at = chrono::DateTime::parse_from_rfc3339(list[0]["mail_consent_at"].as_str().unwrap()).unwrap();
    assert!((Utc::now() - consent_at.to_utc()).num_seconds().abs() < 60, "the consent is stored with its time");
    assert_eq!(list[1]["answers"], json!({"position": "CTO", "agb": true}));
    assert!(list[1]["mail_consent_at"].is_null(), "no tick, no consent");

    let csv = admin(&app, reqwest::Method::GET, "/api/v1/admin/events/partnertag/rsvps.csv")
        .await
        .header("accept-language", "de")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header = lines.next().unwrap();
    assert!(
        header.ends_with(
            "Einwilligung Info-Mails am;Position;Welcher Workshop?;Vegetarisch?;Ich bin Partner der Distribution Nord."
        ),
        "{header}"
    );
    let anna = lines.next().unwrap();
    assert!(anna.ends_with(";\"'=HYPERLINK(\"\"http://evil.example\"\")\";Technik;ja;ja"), "{anna}");
    let ben = lines.next().unwrap();
    assert!(ben.ends_with(";;CTO;;;ja"), "{ben}");

    // Retention: the event ended long ago as far as the store can tell.
    let deleted = app.store.delete_old_personal_data(Duration::days(1), Utc::now() + Duration::days(30)).await.unwrap();
    assert_eq!(deleted, 2);
    for attendee in attendees(&app).await {
        assert_eq!(attendee["answers"], json!({}), "{attendee}");
        assert!(attendee["mail_consent_at"].is_null(), "{attendee}");
    }
    let raw: Vec<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT answers, mail_consent_at FROM rsvps").fetch_all(&app.raw).await.unwrap();
    assert!(raw.iter().all(|(a, c)| a.is_none() && c.is_none()), "gone from the database: {raw:?}");
}

#[tokio::test]
async fn a_consent_the_form_did_not_offer_is_not_stored() {
    let app = app_with_partner_day().await;
    let mut body = partner_day(questions());
    body["rsvp_mail_consent"] = json!(false);
    let changed = admin(&app, reqwest::Method::PUT, "/api/v1/admin/events/partnertag").await.json(&body).send().await;
    assert_eq!(changed.unwrap().status(), StatusCode::OK);
    assert!(app.feed_event("partnertag").await["rsvp"].get("mail_consent").is_none());
    let answers = json!({"position": "CTO", "agb": true});
    assert_eq!(rsvp(&app, json!({"answers": answers, "mail_consent": true}), "de").await.status(), StatusCode::CREATED);
    assert!(attendees(&app).await[0]["mail_consent_at"].is_null());
}

async fn post_form(app: &TestApp, form: &[(&str, &str)]) -> reqwest::Response {
    let client = reqwest::Client::builder().redirect(redirect::Policy::none()).build().unwrap();
    let request = client.post(app.url("/events/partnertag/rsvp")).form(form).header(ORIGIN, app.address.clone());
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_page_without_scripts_asks_the_questions_and_keeps_what_was_typed() {
    let app = app_with_partner_day().await;
    let page = app.client.get(app.url("/events/partnertag?locale=de")).send().await.unwrap().text().await.unwrap();
    for part in [
        "<label for=\"rsvp-q-position\">Position</label><input id=\"rsvp-q-position\" name=\"answers.position\" type=\"text\"",
        "<select id=\"rsvp-q-workshop\" name=\"answers.workshop\"><option value=\"\">Bitte wählen</option><option value=\"Vertrieb\">Vertrieb</option>",
        "<input type=\"checkbox\" id=\"rsvp-q-vegetarisch\" name=\"answers.vegetarisch\" value=\"true\">",
        "<input type=\"checkbox\" id=\"rsvp-mail-consent\" name=\"mail_consent\" value=\"true\">",
    ] {
        assert!(page.contains(part), "{part} in {page}");
    }

    let missing = [
        ("name", "Grete Form"),
        ("email", "grete@example.org"),
        ("consent", "true"),
        ("locale", "de"),
        ("answers.workshop", "Technik"),
        ("answers.vegetarisch", "true"),
    ];
    let refused = post_form(&app, &missing).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let shown = refused.text().await.unwrap();
    assert!(shown.contains("aria-invalid=\"true\" aria-describedby=\"error-answers-position\""), "{shown}");
    assert!(shown.contains("<p class=\"error\" id=\"error-answers-position\">Bitte beantworten Sie diese Frage.</p>"));
    assert!(shown.contains("<option value=\"Technik\" selected>Technik</option>"), "the choice stays");
    assert!(shown.contains("name=\"answers.vegetarisch\" value=\"true\" checked"), "the tick stays");

    let complete =
        [&missing[..], &[("answers.position", "Technik-Leitung"), ("answers.agb", "true"), ("mail_consent", "true")]]
            .concat();
    let stored = post_form(&app, &complete).await;
    assert_eq!(stored.status(), StatusCode::SEE_OTHER);
    assert!(stored.headers()[LOCATION].to_str().unwrap().contains("/rsvp/"));
    let list = attendees(&app).await;
    assert_eq!(
        list[0]["answers"],
        json!({"position": "Technik-Leitung", "workshop": "Technik", "vegetarisch": true, "agb": true})
    );
    assert!(list[0]["mail_consent_at"].is_string());
}

#[tokio::test]
async fn an_unconfirmed_rsvp_released_after_its_hold_keeps_no_mail_consent() {
    let sink = crate::smtp_sink::SmtpSink::start().await;
    let app = crate::mail::mail_app(&sink, &["--require-confirmation"]).await;
    app.add_event(stammtisch_server::NewEvent { rsvp_mail_consent: true, ..crate::helpers::event("lunch", Some(5)) })
        .await;
    let body = json!({"name": "Ada", "email": "ada@example.org", "consent": true, "mail_consent": true});
    assert_eq!(app.post_rsvp("lunch", &body).await.status(), StatusCode::CREATED);
    let consent = || async {
        sqlx::query_scalar::<_, Option<String>>("SELECT mail_consent_at FROM rsvps").fetch_one(&app.raw).await.unwrap()
    };
    assert!(consent().await.is_some(), "held while the confirmation may still come");
    assert_eq!(app.store.release_unconfirmed(Utc::now() + Duration::minutes(31)).await.unwrap(), 1);
    assert_eq!(consent().await, None, "an address never confirmed gave no consent");
}
