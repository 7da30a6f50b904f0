//! The organizer's path through the console at /admin, in headless Chromium against the real
//! server binary: sign in, create an event, see it on the public board, RSVP there as a
//! visitor, find the attendee in the console, download the CSV, cancel on their behalf.

use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::json;
use stammtisch_e2e::{rsvp, start_browser, start_server};

const TOKEN: &str = "e2e-organizer-token-0123456789abcdef";
const EVENT: &str = "e2e-stammtisch-koeln";

async fn find(client: &Client, selector: &str) -> Element {
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|error| panic!("{selector} never appeared: {error}"))
}

/// Waits until `selector`'s text contains `wanted`, and returns the text.
async fn text_of(client: &Client, selector: &str, wanted: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let text = find(client, selector).await.text().await.unwrap_or_default();
        if text.contains(wanted) {
            return text;
        }
        assert!(std::time::Instant::now() < deadline, "{selector} shows {text:?}, never {wanted:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn type_into(client: &Client, selector: &str, text: &str) {
    let field = find(client, selector).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Date-time inputs take keys by locale; their value is set as a script would.
async fn set_value(client: &Client, selector: &str, value: &str) {
    find(client, selector).await;
    client
        .execute(
            "const field = document.querySelector(arguments[0]);
             field.value = arguments[1];
             field.dispatchEvent(new Event('input', { bubbles: true }));
             field.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(selector), json!(value)],
        )
        .await
        .unwrap();
}

/// A partner's calendar on a free port: one event the board takes, one in an unknown zone.
async fn partner_calendar() -> String {
    const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Partner//DE\r\n\
        BEGIN:VEVENT\r\nUID:lunch@partner.example\r\nDTSTART;TZID=Europe/Berlin:20301208T123000\r\n\
        SUMMARY:Rotary-Lunch\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:fern@partner.example\r\nDTSTART;TZID=Mars Standard Time:20301208T123000\r\n\
        SUMMARY:Fern\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let router = axum::Router::new().route("/termine.ics", axum::routing::get(|| async { CALENDAR }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}/termine.ics", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    address
}

#[tokio::test]
async fn an_organizer_publishes_an_event_and_follows_its_registrations() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("e2e.db").display());
    let (_server, url) = start_server(&database, &["--admin-token", TOKEN]);
    let (_driver, client) = start_browser(&dir.path().join("profile")).await;

    client.goto(&format!("{url}/admin")).await.unwrap();
    find(&client, "#lang-de").await.click().await.unwrap();
    type_into(&client, "#token", "wrong-token").await;
    find(&client, "#sign-in").await.click().await.unwrap();
    text_of(&client, "#sign-in-error", "Token").await;
    type_into(&client, "#token", TOKEN).await;
    find(&client, "#sign-in").await.click().await.unwrap();
    find(&client, "tr[data-event-id=\"it-stammtisch-hannover\"]").await;
    let stored = client.execute("return sessionStorage.getItem('stammtisch-admin-token');", vec![]).await.unwrap();
    assert_eq!(stored, json!(TOKEN), "the token lives in this tab's session storage");
    let kept = client.execute("return localStorage.length + document.cookie.length;", vec![]).await.unwrap();
    assert_eq!(kept, json!(0), "nothing in local storage or cookies");

    find(&client, "#new-event").await.click().await.unwrap();
    type_into(&client, "#event-title", "E2E-Stammtisch Köln").await;
    type_into(&client, "#event-id", EVENT).await;
    set_value(&client, "#event-starts-at", "2030-06-14T19:00").await;
    set_value(&client, "#event-ends-at", "2030-06-14T22:00").await;
    type_into(&client, "#event-location-name", "Brauhaus am Dom").await;
    type_into(&client, "#event-location-city", "Köln").await;
    type_into(&client, "#event-capacity", "12").await;
    type_into(&client, "#event-url", "kein-link").await;
    find(&client, "#event-save").await.click().await.unwrap();
    let problem = text_of(&client, "#event-url-error", "http").await;
    assert!(problem.contains("https://"), "the broken field says what is wrong: {problem}");
    set_value(&client, "#event-url", "").await;
    find(&client, "#event-save").await.click().await.unwrap();
    let row = format!("tr[data-event-id=\"{EVENT}\"]");
    text_of(&client, &format!("{row} [data-seats]"), "0 / 12").await;

    client.goto(&url).await.unwrap();
    let done = rsvp(&client, "stammtisch-board", EVENT, "Erika Muster", "erika@example.org").await;
    assert!(done.contains("angemeldet"), "{done}");
    let cookies = client.execute("return document.cookie;", vec![]).await.unwrap();
    assert_eq!(cookies, json!(""), "the board counts its reach without a cookie");
    let user_agent = client.execute("return navigator.userAgent;", vec![]).await.unwrap();
    let feed = client.execute("return fetch('/api/v1/feed').then(r => r.text());", vec![]).await.unwrap();
    let feed: serde_json::Value = serde_json::from_str(feed.as_str().unwrap()).unwrap();
    let published = feed["events"].as_array().unwrap().iter().find(|e| e["id"] == EVENT).expect("in the public feed");
    assert_eq!(published["starts_at"], "2030-06-14T19:00:00+02:00", "entered in the event's zone, summer time");

    client.goto(&format!("{url}/admin")).await.unwrap();
    text_of(&client, &format!("{row} [data-seats]"), "1 / 12").await;
    find(&client, &format!("{row} button[data-action=\"attendees\"]")).await.click().await.unwrap();
    let attendee = text_of(&client, "tr[data-rsvp-id][data-status=\"confirmed\"]", "Erika Muster").await;
    assert!(attendee.contains("erika@example.org"), "{attendee}");

    // The visitor's board, opened card, begun form and RSVP, each counted once, today.
    for measure in ["board_shown", "details_opened", "rsvp_started", "rsvp_sent"] {
        let total = find(&client, &format!("#reach [data-reach=\"{measure}\"] .reach-total")).await;
        assert_eq!(total.attr("data-total").await.unwrap().as_deref(), Some("1"), "{measure}");
    }
    // Once written (every 10 s), the database holds counts and nothing of the visitor's browser.
    let db_path = dir.path().join("e2e.db");
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", db_path.display())).await.unwrap();
    stammtisch_e2e::until("the reach counts are written", async || {
        let written: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM reach_days").fetch_one(&db).await.unwrap();
        written.0 == 4
    })
    .await;
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT event_id, action, count FROM reach_days ORDER BY action").fetch_all(&db).await.unwrap();
    let counted = |event: &str, action: &str| (event.to_owned(), action.to_owned(), 1);
    let expected = [
        counted("", "board_shown"),
        counted(EVENT, "details_opened"),
        counted(EVENT, "rsvp_sent"),
        counted(EVENT, "rsvp_started"),
    ];
    assert_eq!(rows, expected);
    db.close().await;
    let user_agent = user_agent.as_str().unwrap().as_bytes();
    for file in ["e2e.db", "e2e.db-wal"] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap_or_default();
        assert!(!bytes.windows(user_agent.len()).any(|w| w == user_agent), "{file} holds the browser's name");
    }

    find(&client, "#csv-download").await.click().await.unwrap();
    let link = find(&client, "a[data-csv]").await;
    assert_eq!(link.attr("download").await.unwrap().as_deref(), Some(&*format!("anmeldungen-{EVENT}.csv")));
    let csv = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.querySelector('a[data-csv]').href)
               .then(r => r.arrayBuffer())
               .then(b => done(Array.from(new Uint8Array(b).slice(0, 3)).join(',') + '|' + new TextDecoder().decode(b)),
                     e => done('failed: ' + e));",
            vec![],
        )
        .await
        .unwrap();
    let (bom, csv) = csv.as_str().unwrap().split_once('|').unwrap();
    assert_eq!(bom, "239,187,191", "Excel reads UTF-8 with a byte order mark");
    assert!(csv.starts_with("Name;E-Mail;"), "German headings, as the console speaks: {csv}");
    assert!(csv.contains("Erika Muster;erika@example.org"), "{csv}");

    find(&client, "button[data-action=\"cancel-rsvp\"]").await.click().await.unwrap();
    find(&client, "#confirm-yes").await.click().await.unwrap();
    find(&client, "tr[data-rsvp-id][data-status=\"cancelled\"]").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let inside = client
            .execute("return document.activeElement?.closest('#attendees, #attendees-summary') !== null;", vec![])
            .await
            .unwrap();
        if inside == json!(true) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "focus stays in the attendee list after the cancellation");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    find(&client, "#nav-events").await.click().await.unwrap();
    text_of(&client, &format!("{row} [data-seats]"), "0 / 12").await;

    // A partner's calendar with an event the board cannot place: the feeds page says which
    // and why.
    let partner = partner_calendar().await;
    let put = reqwest::Client::new()
        .put(format!("{url}/api/v1/admin/sources/partner-kalender"))
        .bearer_auth(TOKEN)
        .json(&json!({"url": partner}))
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success(), "{:?}", put.text().await);
    find(&client, "#nav-sources").await.click().await.unwrap();
    let skipped = "tr[data-source-id=\"partner-kalender\"] [data-skipped-events]";
    find(&client, &format!("{skipped} summary")).await.click().await.unwrap();
    let said = text_of(&client, skipped, "Mars").await;
    assert!(said.contains("1 übersprungen") && said.contains("fern@partner.example (Zeile 9)"), "{said}");

    find(&client, "#sign-out").await.click().await.unwrap();
    find(&client, "#token").await;
    let gone = client.execute("return sessionStorage.getItem('stammtisch-admin-token');", vec![]).await.unwrap();
    assert_eq!(gone, json!(null), "signing out forgets the token");
    client.close().await.unwrap();
}

/// A receiver on a free port that keeps each delivery's signature header and body.
async fn crm_receiver() -> (String, std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>) {
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = received.clone();
    let router = axum::Router::new().route(
        "/hooks",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let kept = kept.clone();
            async move {
                let signature = headers.get("stammtisch-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
                kept.lock().unwrap().push((signature.to_owned(), body));
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (address, received)
}

/// Whether `signature` (`t=…,v1=…`) signs `body` with `secret`.
fn signs(signature: &str, secret: &str, body: &str) -> bool {
    use hmac::Mac;
    let Some((t, v1)) = signature.split_once(",v1=") else { return false };
    let t = t.trim_start_matches("t=");
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    hex == v1
}

#[tokio::test]
async fn an_organizer_connects_the_crm_and_sees_each_registration_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("e2e-hooks.db").display());
    let (_server, url) = start_server(&database, &["--admin-token", TOKEN]);
    let (_driver, client) = start_browser(&dir.path().join("profile")).await;
    let (crm, received) = crm_receiver().await;

    client.goto(&format!("{url}/admin")).await.unwrap();
    find(&client, "#lang-de").await.click().await.unwrap();
    type_into(&client, "#token", TOKEN).await;
    find(&client, "#sign-in").await.click().await.unwrap();
    find(&client, "#nav-webhooks").await.click().await.unwrap();
    text_of(&client, ".webhooks-page [data-state=\"empty\"]", "Noch keine Webhooks").await;

    type_into(&client, "#webhook-id", "crm").await;
    type_into(&client, "#webhook-url", &crm).await;
    type_into(&client, "#webhook-secret", "kurz").await;
    find(&client, "#webhook-save").await.click().await.unwrap();
    text_of(&client, "#webhook-secret-error", "mindestens 16 Zeichen").await;
    set_value(&client, "#webhook-secret", "").await;
    find(&client, "#webhook-save").await.click().await.unwrap();
    let secret = text_of(&client, "#webhook-secret-value", "whsec_").await;
    text_of(&client, "tbody[data-webhook-id=\"crm\"]", "Neue Anmeldung").await;

    let posted = reqwest::Client::new()
        .post(format!("{url}/api/v1/events/it-stammtisch-hannover/rsvps"))
        .json(&json!({"name": "Erika Muster", "email": "erika@example.org", "guests": 0, "consent": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 201);
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while received.lock().unwrap().is_empty() {
        assert!(std::time::Instant::now() < deadline, "the CRM got nothing");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (signature, body) = received.lock().unwrap()[0].clone();
    assert!(signs(&signature, &secret, &body), "signed with the secret the console showed once");
    assert!(body.contains("erika@example.org"), "{body}");

    // Shown once: after a reload the console has only its last characters.
    client.refresh().await.unwrap();
    find(&client, "#nav-webhooks").await.click().await.unwrap();
    let row = text_of(&client, "tbody[data-webhook-id=\"crm\"]", "alles zugestellt").await;
    assert!(row.contains(&secret[secret.len() - 4..]) && !row.contains(&secret), "{row}");
    assert!(client.find(Locator::Css("#webhook-secret-value")).await.is_err(), "the secret is not shown again");
    find(&client, "tbody[data-webhook-id=\"crm\"] button[data-action=\"show-deliveries\"]")
        .await
        .click()
        .await
        .unwrap();
    let delivery = text_of(&client, "tr[data-delivery-id][data-state=\"delivered\"]", "rsvp.created").await;
    assert!(delivery.contains("zugestellt") && delivery.contains("HTTP 204"), "{delivery}");
    find(&client, "button[data-action=\"resend-delivery\"]").await.click().await.unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while received.lock().unwrap().len() < 2 {
        assert!(std::time::Instant::now() < deadline, "the delivery was not sent again");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let again = received.lock().unwrap()[1].1.clone();
    assert_eq!(again, body, "the same delivery again");
    client.close().await.unwrap();
}

/// Approval: an organizer ticks "Jede Anmeldung einzeln bestätigen"; visitors ask to attend on
/// the board and are told their request is in; the organizer approves one by its button and
/// declines two at once, and the board's seat count follows.
#[tokio::test]
async fn an_organizer_approves_and_declines_requests() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("approval.db").display());
    let (_server, url) = start_server(&database, &["--admin-token", TOKEN]);
    let (_driver, client) = start_browser(&dir.path().join("profile")).await;
    let event = "partnertag-freigabe";

    client.goto(&format!("{url}/admin")).await.unwrap();
    find(&client, "#lang-de").await.click().await.unwrap();
    type_into(&client, "#token", TOKEN).await;
    find(&client, "#sign-in").await.click().await.unwrap();
    find(&client, "#new-event").await.click().await.unwrap();
    type_into(&client, "#event-title", "Partnertag mit Freigabe").await;
    type_into(&client, "#event-id", event).await;
    set_value(&client, "#event-starts-at", "2030-06-20T10:00").await;
    type_into(&client, "#event-capacity", "5").await;
    find(&client, "#event-rsvp-approval").await.click().await.unwrap();
    find(&client, "#event-save").await.click().await.unwrap();
    let row = format!("tr[data-event-id=\"{event}\"]");
    text_of(&client, &format!("{row} [data-seats]"), "0 / 5").await;

    client.goto(&url).await.unwrap();
    stammtisch_e2e::open_card(&client, "stammtisch-board", event).await;
    let button = stammtisch_e2e::find_in_board(&client, &format!("[data-event-id={event}] button[type=submit]")).await;
    assert_eq!(button.text().await.unwrap(), "Teilnahme anfragen");
    client.refresh().await.unwrap();
    let done = rsvp(&client, "stammtisch-board", event, "Anna Partner", "anna@example.org").await;
    assert!(done.starts_with("Ihre Anfrage ist eingegangen."), "{done}");
    for (name, email) in [("Ben Partner", "ben@example.org"), ("Cem Partner", "cem@example.org")] {
        let body = json!({"name": name, "email": email, "guests": 0, "consent": true});
        let posted = reqwest::Client::new().post(format!("{url}/api/v1/events/{event}/rsvps")).json(&body).send().await;
        assert_eq!(posted.unwrap().status(), 201);
    }

    client.goto(&format!("{url}/admin")).await.unwrap();
    find(&client, &format!("{row} button[data-action=\"attendees\"]")).await.click().await.unwrap();
    text_of(&client, "#requests", "3 Anfragen warten auf Ihre Entscheidung.").await;
    let anna = "tr[data-rsvp-id][data-status=\"requested\"]:first-of-type";
    text_of(&client, anna, "Anna Partner").await;
    find(&client, &format!("{anna} button[data-action=\"approve\"]")).await.click().await.unwrap();
    text_of(&client, "tr[data-status=\"confirmed\"] [data-status-text]", "bestätigt").await;
    text_of(&client, "#requests", "2 Anfragen").await;

    for checkbox in client.find_all(Locator::Css("input[data-action=\"select-request\"]")).await.unwrap() {
        checkbox.click().await.unwrap();
    }
    find(&client, "#decline-selected").await.click().await.unwrap();
    text_of(&client, "#confirm-message", "2 ausgewählte Anfragen ablehnen?").await;
    find(&client, "#confirm-yes").await.click().await.unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while client.find_all(Locator::Css("tr[data-status=\"declined\"]")).await.unwrap().len() < 2 {
        assert!(std::time::Instant::now() < deadline, "both requests declined");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(client.find_all(Locator::Css("#requests")).await.unwrap().is_empty(), "no request waits any more");

    let feed: serde_json::Value =
        reqwest::Client::new().get(format!("{url}/api/v1/feed")).send().await.unwrap().json().await.unwrap();
    let rsvp_state = &feed["events"].as_array().unwrap().iter().find(|e| e["id"] == event).unwrap()["rsvp"];
    assert_eq!((rsvp_state["confirmed"].as_u64(), rsvp_state["seats_left"].as_u64()), (Some(1), Some(4)));
    client.close().await.unwrap();
}

/// At the door, on a phone: the organizer finds a partner by part of the company's name, checks
/// them in with one tap, sees the counts change, and takes a mistaken tap back.
#[tokio::test]
async fn the_door_list_works_at_phone_width() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("door.db").display());
    let (_server, url) = start_server(&database, &["--admin-token", TOKEN]);
    let (_driver, client) = start_browser(&dir.path().join("profile")).await;
    let event = "stammtisch-einlass";
    let http = reqwest::Client::new();
    let body = json!({"id": event, "title": "Stammtisch mit Einlass", "kind": "meetup",
        "starts_at": "2030-06-20T19:00:00+02:00", "capacity": 20});
    let created = http.post(format!("{url}/api/v1/admin/events")).bearer_auth(TOKEN).json(&body).send().await;
    assert_eq!(created.unwrap().status(), 201);
    for (name, email, company) in [
        ("Cem Yilmaz", "cem@example.org", "Systemhaus Süd"),
        ("Anna Schmidt", "anna@example.org", "Distribution Nord AG"),
        ("Ben Weber", "ben@example.org", "IT-Service West"),
    ] {
        let rsvp = json!({"name": name, "email": email, "company": company, "guests": 0, "consent": true});
        let posted = http.post(format!("{url}/api/v1/events/{event}/rsvps")).json(&rsvp).send().await;
        assert_eq!(posted.unwrap().status(), 201);
    }

    client.set_window_size(390, 844).await.unwrap();
    client.goto(&format!("{url}/admin")).await.unwrap();
    find(&client, "#lang-de").await.click().await.unwrap();
    type_into(&client, "#token", TOKEN).await;
    find(&client, "#sign-in").await.click().await.unwrap();
    find(&client, &format!("tr[data-event-id=\"{event}\"] button[data-action=\"attendees\"]"))
        .await
        .click()
        .await
        .unwrap();
    find(&client, "#to-door").await.click().await.unwrap();
    text_of(&client, "#door-counts", "3 angemeldet · 0 eingecheckt · 3 noch nicht da").await;
    let names = client
        .execute(
            "return [...document.querySelectorAll('#door-list .door-who strong')].map(e => e.textContent);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(names, json!(["Anna Schmidt", "Ben Weber", "Cem Yilmaz"]), "in name order");

    type_into(&client, "#door-search", "nord").await;
    let shown = client
        .execute("return [...document.querySelectorAll('#door-list li')].filter(e => !e.hidden).length;", vec![])
        .await
        .unwrap();
    assert_eq!(shown, json!(1), "found by part of the company's name");
    find(&client, "#door-list li:not([hidden]) button[data-action=\"check-in\"]").await.click().await.unwrap();
    text_of(&client, "#door-counts", "3 angemeldet · 1 eingecheckt · 2 noch nicht da").await;
    let state = text_of(&client, "#door-list li:not([hidden]) .door-state", "eingecheckt").await;
    assert!(state.contains("19") || state.contains(':'), "with the time: {state}");
    let button = find(&client, "#door-list li:not([hidden]) button[data-action=\"check-in\"]").await;
    assert_eq!(button.text().await.unwrap(), "Rückgängig");
    let widths = client
        .execute(
            "const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className);
             return [document.documentElement.scrollWidth, window.innerWidth, wide.slice(0, 8)];",
            vec![],
        )
        .await
        .unwrap();
    assert!(widths[0].as_u64() <= widths[1].as_u64(), "no sideways scrolling on a phone: {widths}");
    let tall = client
        .execute(
            "return document.querySelector('#door-list li:not([hidden]) button').getBoundingClientRect().height;",
            vec![],
        )
        .await
        .unwrap();
    assert!(tall.as_f64().unwrap() >= 44.0, "a target for a thumb: {tall}");

    button.click().await.unwrap();
    text_of(&client, "#door-counts", "3 angemeldet · 0 eingecheckt · 3 noch nicht da").await;

    // Ben's QR code from his mail, scanned at the door: the list opens on him.
    let listed = stammtisch_e2e::admin_get(&url, TOKEN, &format!("/api/v1/admin/events/{event}/rsvps")).await;
    let ben = listed["rsvps"].as_array().unwrap().iter().find(|r| r["name"] == "Ben Weber").unwrap()["id"].clone();
    client.goto(&format!("{url}/admin#check-in/{event}/{ben}")).await.unwrap();
    client.refresh().await.unwrap();
    text_of(&client, "#door-counts", "3 angemeldet").await;
    let shown = client
        .execute("return [...document.querySelectorAll('#door-list li')].filter(e => !e.hidden).map(e => e.querySelector('strong').textContent);", vec![])
        .await
        .unwrap();
    assert_eq!(shown, json!(["Ben Weber"]), "the code names its attendee");
    let list: serde_json::Value = http
        .get(format!("{url}/api/v1/admin/events/{event}/rsvps"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(list["rsvps"].as_array().unwrap().iter().all(|r| r["checked_in_at"].is_null()), "taken back on the server");
    client.close().await.unwrap();
}
