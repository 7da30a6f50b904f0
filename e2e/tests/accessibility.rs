//! axe-core, run inside the page, finds no WCAG 2.1 A/AA violation in the list, the month
//! grid, the details with the RSVP form, in light and dark; the board fits 320 px. With
//! STAMMTISCH_SCREENSHOT_DIR set, the views are saved as pictures for the README.

use std::path::PathBuf;

use fantoccini::Client;
use serde_json::Value;
use stammtisch_e2e::{admin_get, env_path, find_in, find_in_board, start_browser, start_server};

async fn axe_violations(client: &Client) -> Vec<String> {
    axe_violations_in(client, "stammtisch-board").await
}

/// axe-core's WCAG 2.1 A/AA violations inside the element `context` selects.
async fn axe_violations_in(client: &Client, context: &str) -> Vec<String> {
    let source = std::fs::read_to_string(env_path("STAMMTISCH_AXE")).expect("axe-core is installed by cargo xtask");
    client.execute(&format!("{source}\nwindow.axe = axe; return true;"), vec![]).await.unwrap();
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document.querySelector(arguments[0]),
                     { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then(r => done(r.violations.map(v => v.id + ' (' + v.help + '): '
                   + v.nodes.slice(0, 3).map(n => JSON.stringify(n.target)).join(', '))))
               .catch(e => done(['axe failed: ' + e]));",
            vec![Value::from(context)],
        )
        .await
        .unwrap();
    result.as_array().unwrap().iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect()
}

async fn screenshot(client: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("STAMMTISCH_SCREENSHOT_DIR").map(PathBuf::from) {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), client.screenshot().await.unwrap()).unwrap();
    }
}

#[tokio::test]
async fn every_view_passes_axe_and_fits_small_screens() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("a11y.db").display());
    let (_server, url) = start_server(&database, &[]);
    let (_driver, client) = start_browser(&dir.path().join("profile")).await;
    client.set_window_size(1200, 1500).await.unwrap();

    client.goto(&url).await.unwrap();
    find_in_board(&client, ".st-card[data-event-id]").await;
    assert_eq!(axe_violations(&client).await, Vec::<String>::new(), "list view");
    screenshot(&client, "screenshot-list-de.png").await;

    let event = "[data-event-id=it-stammtisch-hannover]";
    find_in_board(&client, &format!("{event} .st-card-foot button")).await.click().await.unwrap();
    find_in_board(&client, "#st-it-stammtisch-hannover-name").await;
    client
        .execute(
            "document.querySelector('stammtisch-board').shadowRoot.querySelector(arguments[0]).scrollIntoView();",
            vec![Value::from(event)],
        )
        .await
        .unwrap();
    assert_eq!(axe_violations(&client).await, Vec::<String>::new(), "details and RSVP form");
    screenshot(&client, "screenshot-details-de.png").await;

    client.goto(&url).await.unwrap();
    find_in_board(&client, ".st-views button:nth-child(2)").await.click().await.unwrap();
    find_in_board(&client, ".st-grid").await;
    assert_eq!(axe_violations(&client).await, Vec::<String>::new(), "month view");
    screenshot(&client, "screenshot-month-de.png").await;

    client.goto(&format!("{url}/embed?locale=en&theme=dark")).await.unwrap();
    find_in(&client, "stammtisch-board", ".st-card[data-event-id]").await;
    assert_eq!(axe_violations(&client).await, Vec::<String>::new(), "English, dark");
    screenshot(&client, "screenshot-list-en-dark.png").await;

    client.set_window_size(320, 900).await.unwrap();
    client.goto(&format!("{url}/embed?locale=de")).await.unwrap();
    find_in(&client, "stammtisch-board", ".st-card[data-event-id]").await;
    let overflow = client
        .execute("const r = document.querySelector('stammtisch-board').shadowRoot.querySelector('.st-root'); return [r.scrollWidth, r.clientWidth, document.documentElement.scrollWidth, window.innerWidth];", vec![])
        .await
        .unwrap();
    let widths: Vec<u64> = overflow.as_array().unwrap().iter().map(|w| w.as_u64().unwrap()).collect();
    assert!(widths[0] <= widths[1] && widths[2] <= widths[3], "no horizontal scrolling at 320 px: {widths:?}");
    client.close().await.unwrap();
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

async fn active_id(client: &Client) -> String {
    client
        .execute(
            "let el = document.activeElement;
             while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
             return el ? el.id : '';",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn press(client: &Client, keys: &str) {
    client.active_element().await.unwrap().send_keys(keys).await.unwrap();
}

#[tokio::test]
async fn an_rsvp_works_with_the_keyboard_alone() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("keys.db").display());
    let (_server, url) = start_server(&database, &[]);
    let (_driver, client) = start_browser(&dir.path().join("profile")).await;
    client.goto(&url).await.unwrap();
    let toggle = find_in_board(&client, "[data-event-id=it-stammtisch-hannover] .st-card-foot button").await;
    // As if tabbed to: from here on, only keys.
    client.execute("arguments[0].focus();", vec![serde_json::to_value(&toggle).unwrap()]).await.unwrap();
    press(&client, ENTER).await;
    let name = "st-it-stammtisch-hannover-name";
    for _ in 0..12 {
        if active_id(&client).await == name {
            break;
        }
        press(&client, TAB).await;
    }
    assert_eq!(active_id(&client).await, name, "Tab reaches the form");
    press(&client, "Tastatur Nutzerin").await;
    press(&client, TAB).await;
    press(&client, "tastatur@example.org").await;
    for _ in 0..4 {
        press(&client, TAB).await; // company, guests, note, consent
    }
    assert_eq!(active_id(&client).await, "st-it-stammtisch-hannover-consent");
    press(&client, " ").await;
    press(&client, TAB).await;
    press(&client, ENTER).await;
    let done = find_in_board(&client, "[data-event-id=it-stammtisch-hannover] .st-done-message").await;
    assert_eq!(done.text().await.unwrap(), "Sie sind angemeldet. Wir freuen uns auf Sie!");
    client.close().await.unwrap();
}

/// A partner day that asks a required text, a choice and a checkbox, and offers the mail
/// consent: a missing answer is named and focused, axe finds nothing, and the keyboard alone
/// gets the RSVP through with its answers.
#[tokio::test]
async fn a_form_with_questions_works_with_the_keyboard_alone() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("questions.db").display());
    let token = "questions-organizer-token-0123456789";
    let (_server, url) = start_server(&database, &["--admin-token", token]);
    let (_driver, client) = start_browser(&dir.path().join("profile")).await;
    client.set_window_size(1200, 1500).await.unwrap();
    let event = "partnertag-fragen";
    let starts_at = (chrono::Utc::now() + chrono::Duration::days(3)).fixed_offset().to_rfc3339();
    let created = reqwest::Client::new()
        .post(format!("{url}/api/v1/admin/events"))
        .bearer_auth(token)
        .json(&serde_json::json!({
            "id": event, "title": "Partnertag mit Fragen", "kind": "partner_day", "starts_at": starts_at,
            "capacity": 30, "rsvp_mail_consent": true,
            "questions": [
                {"id": "position", "label": "Position", "kind": "text", "required": true},
                {"id": "workshop", "label": "Welcher Workshop?", "kind": "choice", "options": ["Vertrieb", "Technik"]},
                {"id": "vegetarisch", "label": "Vegetarisches Abendessen", "kind": "checkbox"},
            ],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    client.goto(&url).await.unwrap();
    let toggle = find_in_board(&client, &format!("[data-event-id={event}] .st-card-foot button")).await;
    client.execute("arguments[0].focus();", vec![serde_json::to_value(&toggle).unwrap()]).await.unwrap();
    press(&client, ENTER).await;
    let id = |part: &str| format!("st-{event}-{part}");
    for _ in 0..12 {
        if active_id(&client).await == id("name") {
            break;
        }
        press(&client, TAB).await;
    }
    assert_eq!(active_id(&client).await, id("name"), "Tab reaches the form");
    press(&client, "Partnerin Tastatur").await;
    press(&client, TAB).await;
    press(&client, "partnerin@example.org").await;
    let order = ["company", "guests", "note", "q-position", "q-workshop", "q-vegetarisch", "mail-consent", "consent"];
    for part in order {
        press(&client, TAB).await;
        assert_eq!(active_id(&client).await, id(part), "the form's order: {order:?}");
    }
    press(&client, " ").await;
    press(&client, TAB).await;
    press(&client, ENTER).await;

    let error = find_in_board(&client, &format!("#{}-error", id("q-position"))).await;
    assert_eq!(error.text().await.unwrap(), "Bitte beantworten Sie diese Frage.");
    assert_eq!(active_id(&client).await, id("q-position"), "focus goes to the missing answer");
    client
        .execute(
            "document.querySelector('stammtisch-board').shadowRoot.querySelector(arguments[0]).scrollIntoView();",
            vec![Value::from(format!("[data-event-id={event}]"))],
        )
        .await
        .unwrap();
    assert_eq!(axe_violations(&client).await, Vec::<String>::new(), "the form with questions and an error");

    press(&client, "Technik-Leitung").await;
    press(&client, TAB).await; // the choice stays open: it is optional
    press(&client, TAB).await;
    press(&client, " ").await; // vegetarian
    press(&client, TAB).await;
    press(&client, " ").await; // mail about future events
    press(&client, TAB).await; // the consent, ticked before
    press(&client, TAB).await;
    press(&client, ENTER).await;
    let done = find_in_board(&client, &format!("[data-event-id={event}] .st-done-message")).await;
    assert_eq!(done.text().await.unwrap(), "Sie sind angemeldet. Wir freuen uns auf Sie!");

    let list = admin_get(&url, token, &format!("/api/v1/admin/events/{event}/rsvps")).await;
    let mine = list["rsvps"].as_array().unwrap().iter().find(|r| r["name"] == "Partnerin Tastatur").unwrap().clone();
    assert_eq!(mine["answers"], serde_json::json!({"position": "Technik-Leitung", "vegetarisch": true}));
    assert!(mine["mail_consent_at"].is_string(), "{mine}");
    client.close().await.unwrap();
}

/// The organizer console's pages, signed in, in German and English.
#[tokio::test]
async fn the_console_passes_axe() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("a11y-console.db").display());
    let token = "a11y-organizer-token-0123456789";
    let (_server, url) = start_server(&database, &["--admin-token", token]);
    let (_driver, client) = start_browser(&dir.path().join("profile")).await;
    client.set_window_size(1200, 1500).await.unwrap();
    let find = |selector: &'static str| {
        let client = client.clone();
        async move {
            client
                .wait()
                .at_most(std::time::Duration::from_secs(30))
                .for_element(fantoccini::Locator::Css(selector))
                .await
                .unwrap_or_else(|error| panic!("{selector}: {error}"))
        }
    };

    client.goto(&format!("{url}/admin")).await.unwrap();
    find("#lang-de").await.click().await.unwrap();
    find("#token").await;
    assert_eq!(axe_violations_in(&client, "#console").await, Vec::<String>::new(), "sign-in");
    find("#token").await.send_keys(token).await.unwrap();
    find("#sign-in").await.click().await.unwrap();
    find("tr[data-event-id]").await;
    assert_eq!(axe_violations_in(&client, "#console").await, Vec::<String>::new(), "events");
    screenshot(&client, "screenshot-console-de.png").await;

    find("#new-event").await.click().await.unwrap();
    find("#event-title").await;
    // Two questions of the organizer's own, the second a choice without answers yet.
    find("#event-question-add").await.click().await.unwrap();
    find("#event-question-1-label").await.send_keys("Position").await.unwrap();
    find("#event-question-add").await.click().await.unwrap();
    find("#event-question-2-kind").await.select_by_value("choice").await.unwrap();
    find("#event-question-2-options").await;
    find("#event-save").await.click().await.unwrap();
    find("#event-title-error").await;
    assert_eq!(axe_violations_in(&client, "#console").await, Vec::<String>::new(), "event form with errors");

    // Some reach, so that its chart and its table per day are checked too.
    let counted = "return Promise.all(['{\"action\":\"board_shown\"}',
            '{\"action\":\"details_opened\",\"event\":\"it-stammtisch-hannover\"}']
        .map((body) => fetch('/api/v1/reach', { method: 'POST', body }).then((r) => r.status)));";
    assert_eq!(client.execute(counted, vec![]).await.unwrap(), serde_json::json!([204, 204]));
    find("#nav-events").await.click().await.unwrap();
    find("tr[data-event-id=\"it-stammtisch-hannover\"] button[data-action=\"attendees\"]").await.click().await.unwrap();
    find("#heading-attendees").await;
    find("#reach .reach-days summary").await.click().await.unwrap();
    assert_eq!(axe_violations_in(&client, "#console").await, Vec::<String>::new(), "attendees");
    find("#to-door").await.click().await.unwrap();
    find("#door-list li[data-rsvp-id] button[data-action=\"check-in\"]").await.click().await.unwrap();
    find("#door-list li[data-rsvp-id] [data-checked-in=\"true\"]").await;
    assert_eq!(axe_violations_in(&client, "#console").await, Vec::<String>::new(), "door list");
    // The partner day's form asks questions: its list has a column of answers.
    find("#nav-events").await.click().await.unwrap();
    find("tr[data-event-id=\"partnertag-nord\"] button[data-action=\"attendees\"]").await.click().await.unwrap();
    let answers = find("#attendees-table .answers-cell dl").await.text().await.unwrap();
    assert!(answers.contains("Position") && answers.contains("Vertrieb"), "{answers}");
    assert_eq!(axe_violations_in(&client, "#console").await, Vec::<String>::new(), "attendees with answers");
    // An event with approval and a request waiting: the box and each request's controls.
    let http = reqwest::Client::new();
    let event = serde_json::json!({"id": "freigabe", "title": "Partnertag mit Freigabe", "kind": "partner_day",
        "starts_at": "2030-06-20T10:00:00+02:00", "capacity": 5, "rsvp_approval": true});
    let created = http.post(format!("{url}/api/v1/admin/events")).bearer_auth(token).json(&event).send().await;
    assert_eq!(created.unwrap().status(), 201);
    let request =
        serde_json::json!({"name": "Anna Partner", "email": "anna@example.org", "guests": 0, "consent": true});
    let asked = http.post(format!("{url}/api/v1/events/freigabe/rsvps")).json(&request).send().await;
    assert_eq!(asked.unwrap().status(), 201);
    find("#nav-events").await.click().await.unwrap();
    find("tr[data-event-id=\"freigabe\"] button[data-action=\"attendees\"]").await.click().await.unwrap();
    find("#requests").await;
    find("input[data-action=\"select-request\"]").await.click().await.unwrap();
    assert_eq!(axe_violations_in(&client, "#console").await, Vec::<String>::new(), "attendees with a request");

    find("#nav-series").await.click().await.unwrap();
    find("#series-id").await;
    assert_eq!(axe_violations_in(&client, "#console").await, Vec::<String>::new(), "series");

    find("#lang-en").await.click().await.unwrap();
    find("#nav-sources").await.click().await.unwrap();
    find("#source-url").await;
    assert_eq!(axe_violations_in(&client, "#console").await, Vec::<String>::new(), "partner feeds, English");

    find("#nav-webhooks").await.click().await.unwrap();
    find("#webhook-save").await.click().await.unwrap();
    find("#webhook-id-error .error-prefix").await;
    assert_eq!(axe_violations_in(&client, "#console").await, Vec::<String>::new(), "webhooks form with errors");
    client.close().await.unwrap();
}
