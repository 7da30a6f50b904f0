//! Live boards: a seat taken through one board shows in another within two seconds, without a
//! reload; after a server restart the board reconnects and catches up; a removed board's stream
//! is closed on the server.

use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::json;
use stammtisch_e2e::{
    find_in_board, in_every_engine, open_card, rsvp, script, start_engine, start_server, start_server_at, until,
    Engine, Process,
};

const EVENT: &str = "it-stammtisch-hannover";
const ADMIN_TOKEN: &str = "live-test-token";

async fn seats_text(client: &Client) -> String {
    find_in_board(client, &format!("[data-event-id={EVENT}] .st-seats")).await.text().await.unwrap()
}

/// Waits up to `within` for the seat text to differ from `before`; returns it and the wait.
async fn changed_seats(client: &Client, before: &str, within: Duration) -> (String, Duration) {
    let started = Instant::now();
    loop {
        let now = seats_text(client).await;
        if now != before {
            return (now, started.elapsed());
        }
        assert!(started.elapsed() < within, "the seats still say {now:?} after {within:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn open_streams(client: &Client) -> u64 {
    let script = "return fetch('/api/v1/admin/stats', { headers: { authorization: 'Bearer ' + arguments[0] } })
        .then((r) => r.json()).then((s) => s.open_streams);";
    client.execute(script, vec![json!(ADMIN_TOKEN)]).await.unwrap().as_u64().unwrap()
}

in_every_engine!(seat_changes_reach_other_open_boards_and_survive_a_restart);

async fn seat_changes_reach_other_open_boards_and_survive_a_restart(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("live.db").display());
    let flags = ["--admin-token", ADMIN_TOKEN, "--stream-heartbeat", "1"];
    let (server, url) = start_server(&database, &flags);
    let (_driver_a, a) = start_engine(engine, &dir.path().join("a")).await;
    let (_driver_b, b) = start_engine(engine, &dir.path().join("b")).await;
    for client in [&a, &b] {
        client.goto(&url).await.unwrap();
        find_in_board(client, &format!("[data-event-id={EVENT}] .st-seats")).await;
    }
    b.execute("window.notReloaded = true;", vec![]).await.unwrap();

    let before = seats_text(&b).await;
    rsvp(&a, "stammtisch-board", EVENT, "Anna Live", "anna.live@example.org").await;
    let (after, waited) = changed_seats(&b, &before, Duration::from_secs(2)).await;
    eprintln!("live: {before:?} → {after:?} in {waited:?}");
    assert_eq!(b.execute("return window.notReloaded === true;", vec![]).await.unwrap(), json!(true));

    // Restart on the same address: the board reconnects by itself and follows again.
    let addr = url.trim_start_matches("http://").to_owned();
    drop(server);
    let (_server, _) = start_server_at(&addr, &database, &flags);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let before = seats_text(&b).await;
    a.refresh().await.unwrap();
    rsvp(&a, "stammtisch-board", EVENT, "Ben Live", "ben.live@example.org").await;
    let (after, waited) = changed_seats(&b, &before, Duration::from_secs(5)).await;
    eprintln!("live after restart: {before:?} → {after:?} in {waited:?}");
    assert_eq!(b.execute("return window.notReloaded === true;", vec![]).await.unwrap(), json!(true));

    // Removing the element closes its stream: the server counts one stream fewer.
    let deadline = Instant::now() + Duration::from_secs(10);
    let with_both = loop {
        let open = open_streams(&a).await;
        if open >= 2 || Instant::now() > deadline {
            break open;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(with_both >= 2, "both boards stream: {with_both}");
    b.execute("document.querySelector('stammtisch-board').remove();", vec![]).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let open = open_streams(&a).await;
        if open == with_both - 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the removed board's stream is still open ({open})");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Runs `code` against the live board's shadow root, bound as `root`.
async fn in_board(client: &Client, code: &str) -> serde_json::Value {
    let wrapped = format!(
        "const root = document.querySelector('stammtisch-board').shadowRoot
            .querySelector('{}'); {code}",
        stammtisch_e2e::LIVE_BOARD
    );
    script(client, &wrapped).await
}

/// A live board in `engine`: a server with the demo board on a fresh database, organizer API
/// on, and the board's page open. Keep the tuple alive for as long as the test runs.
async fn live_board(engine: Engine, name: &str) -> (tempfile::TempDir, Process, Process, Client, String) {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join(format!("{name}.db")).display());
    let (server, url) = start_server(&database, &["--admin-token", ADMIN_TOKEN]);
    let (driver, client) = start_engine(engine, &dir.path().join("profile")).await;
    client.goto(&url).await.unwrap();
    (dir, server, driver, client, url)
}

/// Changes one field of an event through the organizer API, as the console does.
async fn edit_event(url: &str, id: &str, field: &str, value: &str) {
    let http = reqwest::Client::new();
    let address = format!("{url}/api/v1/admin/events/{id}");
    let mut event = stammtisch_e2e::admin_get(url, ADMIN_TOKEN, &format!("/api/v1/admin/events/{id}")).await;
    event[field] = value.into();
    let saved = http.put(&address).bearer_auth(ADMIN_TOKEN).json(&event).send().await.unwrap();
    assert!(saved.status().is_success(), "{id}: {} {}", saved.status(), saved.text().await.unwrap());
}

async fn summary_of(client: &Client, id: &str) -> String {
    let code = format!("return root.querySelector('[data-event-id={id}] .st-summary')?.textContent ?? '';");
    in_board(client, &code).await.as_str().unwrap_or_default().to_owned()
}

/// What the visitor was doing: search text, pressed chips, the open form, its name field and
/// where the focus is.
async fn visitor_state(client: &Client, event: &str) -> serde_json::Value {
    let code = format!(
        "return {{
            search: root.querySelector('.st-search input').value,
            chips: [...root.querySelectorAll('.st-chip[aria-pressed=true]')].map(c => c.textContent),
            open: !root.querySelector('#st-{event}-form').hidden,
            name: root.querySelector('#st-{event}-name')?.value,
            focus: root.getRootNode().activeElement?.id,
        }};"
    );
    in_board(client, &code).await
}

async fn edits_keep_what_a_visitor_is_doing(engine: Engine) {
    let (_dir, _server, _driver, client, url) = live_board(engine, "edits").await;
    let other = "it-stammtisch-bremen";

    find_in_board(&client, ".st-search input").await.send_keys("Stammtisch").await.unwrap();
    find_in_board(&client, ".st-chip.st-kind-meetup").await.click().await.unwrap();
    open_card(&client, "stammtisch-board", EVENT).await;
    find_in_board(&client, &format!("#st-{EVENT}-name")).await.send_keys("Hal").await.unwrap();
    let before = visitor_state(&client, EVENT).await;
    let expected = json!({ "search": "Stammtisch", "chips": ["Stammtisch"], "open": true, "name": "Hal",
        "focus": format!("st-{EVENT}-name") });
    assert_eq!(before, expected, "{}: the visitor's state before the edit", engine.name());

    // An organizer edits another event: it changes on the board, nothing else does.
    edit_event(&url, other, "summary", "Neu: mit Grillabend im Hof.").await;
    until("the other event shows its new summary", async || summary_of(&client, other).await.contains("Grillabend"))
        .await;
    assert_eq!(visitor_state(&client, EVENT).await, expected, "{}: after another event changed", engine.name());

    // The same event: its card changes, the form stays with what was typed, and says what changed.
    find_in_board(&client, &format!("#st-{EVENT}-name")).await.send_keys("lo").await.unwrap();
    edit_event(&url, EVENT, "summary", "Diesmal mit Vortrag zu NIS2.").await;
    until("the open event shows its new summary", async || summary_of(&client, EVENT).await.contains("NIS2")).await;
    let mut expected = expected;
    expected["name"] = "Hallo".into();
    assert_eq!(visitor_state(&client, EVENT).await, expected, "{}: after its own event changed", engine.name());
    let note =
        in_board(&client, &format!("return root.querySelector('[data-event-id={EVENT}] .st-changed')?.textContent;"))
            .await;
    assert!(note.as_str().is_some_and(|n| n.contains("geändert: Beschreibung")), "{}: {note}", engine.name());

    // A new event appears in place; removed while its form is open, it says so instead of vanishing.
    let added = "stammtisch-spontan";
    let http = reqwest::Client::new();
    let mut event = stammtisch_e2e::admin_get(&url, ADMIN_TOKEN, &format!("/api/v1/admin/events/{EVENT}")).await;
    event["id"] = added.into();
    event["title"] = "Stammtisch spontan".into();
    let created =
        http.post(format!("{url}/api/v1/admin/events")).bearer_auth(ADMIN_TOKEN).json(&event).send().await.unwrap();
    assert!(created.status().is_success(), "create: {} {}", created.status(), created.text().await.unwrap());
    let added_card = format!("[data-event-id={added}] .st-card-foot button");
    find_in_board(&client, &added_card).await;
    assert_eq!(visitor_state(&client, EVENT).await, expected, "{}: after an event was added", engine.name());
    open_card(&client, "stammtisch-board", added).await;
    find_in_board(&client, &format!("#st-{added}-name")).await.send_keys("Bea").await.unwrap();
    let removed =
        http.delete(format!("{url}/api/v1/admin/events/{added}")).bearer_auth(ADMIN_TOKEN).send().await.unwrap();
    assert!(removed.status().is_success(), "delete: {}", removed.status());
    until("the removed event says it is gone", async || {
        let code = format!("return root.querySelector('[data-event-id={added}] .st-gone')?.textContent ?? '';");
        in_board(&client, &code).await.as_str().is_some_and(|t| t.contains("nicht mehr auf dem Board"))
    })
    .await;
    let kept = in_board(&client, &format!("return root.querySelector('#st-{added}-name').value;")).await;
    assert_eq!(kept, json!("Bea"), "{}", engine.name());
    assert_eq!(visitor_state(&client, EVENT).await["search"], "Stammtisch");
    client.close().await.unwrap();
}

in_every_engine!(edits_keep_what_a_visitor_is_doing);

/// The list as the page holds it: each month's `data-month` with its days, each day's
/// `data-day` with its cards' event ids, in page order.
async fn list_structure(client: &Client) -> serde_json::Value {
    in_board(
        client,
        "return [...root.querySelectorAll('.st-events > .st-month')].map(m => [m.dataset.month,
            m.firstElementChild.className,
            [...m.querySelectorAll(':scope > .st-day')].map(d => [d.dataset.day,
                [...d.querySelectorAll(':scope > .st-list > li > .st-card')].map(c => c.dataset.eventId)])]);",
    )
    .await
}

/// Months and days in start order, each card under its own day and month, no empty month or day.
fn assert_well_placed(structure: &serde_json::Value, context: &str) {
    let months = structure.as_array().unwrap();
    let mut last_day = String::new();
    for month in months {
        let (key, title, days) = (month[0].as_str().unwrap(), &month[1], month[2].as_array().unwrap());
        assert_eq!(title, "st-month-title", "{context}: {key} starts with its title");
        assert!(!days.is_empty(), "{context}: month {key} without days: {structure}");
        for day in days {
            let (date, cards) = (day[0].as_str().unwrap(), day[1].as_array().unwrap());
            assert!(date > last_day.as_str(), "{context}: {date} after {last_day}: {structure}");
            assert_eq!(&date[..8], &key[..8], "{context}: {date} in month {key}");
            assert!(!cards.is_empty(), "{context}: day {date} without cards: {structure}");
            last_day = date.to_owned();
        }
    }
}

/// The day and month whose list holds the card of `id`.
fn place_of(structure: &serde_json::Value, id: &str) -> Option<(String, String)> {
    structure.as_array()?.iter().find_map(|month| {
        month[2].as_array()?.iter().find_map(|day| {
            day[1].as_array()?.iter().any(|card| card == id).then(|| {
                (month[0].as_str().unwrap_or_default().to_owned(), day[0].as_str().unwrap_or_default().to_owned())
            })
        })
    })
}

/// Sets an event's start and end through the organizer API.
async fn move_event(url: &str, id: &str, starts_at: &str, ends_at: &str) {
    let http = reqwest::Client::new();
    let address = format!("{url}/api/v1/admin/events/{id}");
    let mut event = stammtisch_e2e::admin_get(url, ADMIN_TOKEN, &format!("/api/v1/admin/events/{id}")).await;
    event["starts_at"] = starts_at.into();
    event["ends_at"] = ends_at.into();
    let saved = http.put(&address).bearer_auth(ADMIN_TOKEN).json(&event).send().await.unwrap();
    assert!(saved.status().is_success(), "{id}: {} {}", saved.status(), saved.text().await.unwrap());
}

/// The list view writes its cards as HTML and places changes by hand: a card whose event moves
/// goes to its new day and month (made when missing), an emptied day and month go, and an open
/// card elsewhere keeps its form, what was typed and the focus.
#[tokio::test]
async fn moved_events_change_day_and_month_and_an_open_card_stays() {
    let (_dir, _server, _driver, client, url) = live_board(Engine::Chromium, "moves").await;
    let other = "it-stammtisch-bremen";
    find_in_board(&client, &format!("[data-event-id={other}]")).await;
    let before = list_structure(&client).await;
    assert_well_placed(&before, "as loaded");
    let (old_month, old_day) = place_of(&before, other).expect("the event is listed");

    open_card(&client, "stammtisch-board", EVENT).await;
    find_in_board(&client, &format!("#st-{EVENT}-name")).await.send_keys("Hal").await.unwrap();
    let expected =
        json!({ "search": "", "chips": [], "open": true, "name": "Hal", "focus": format!("st-{EVENT}-name") });
    assert_eq!(visitor_state(&client, EVENT).await, expected);

    // Far ahead: a month and a day the board does not have yet.
    move_event(&url, other, "2031-03-12T18:30:00+01:00", "2031-03-12T21:00:00+01:00").await;
    until("the moved card is in its new month", async || {
        place_of(&list_structure(&client).await, other) == Some(("2031-03-01".into(), "2031-03-12".into()))
    })
    .await;
    let moved = list_structure(&client).await;
    assert_well_placed(&moved, "after the move");
    let old_day_left = moved.as_array().unwrap().iter().flat_map(|m| m[2].as_array().unwrap()).any(|d| d[0] == old_day);
    let old_day_had_more = before
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m[2].as_array().unwrap())
        .any(|d| d[0] == old_day && d[1].as_array().unwrap().len() > 1);
    assert_eq!(old_day_left, old_day_had_more, "{old_day} stays only with other cards: {moved}");
    assert_eq!(visitor_state(&client, EVENT).await, expected, "after another event moved");
    let cards_in = |structure: &serde_json::Value, month: &str| -> usize {
        let months = structure.as_array().unwrap().iter().filter(|m| m[0] == month);
        months.flat_map(|m| m[2].as_array().unwrap()).map(|d| d[1].as_array().unwrap().len()).sum()
    };
    assert_eq!(cards_in(&moved, &old_month), cards_in(&before, &old_month) - 1, "{old_month}: {moved}");
    assert_eq!(cards_in(&moved, "2031-03-01"), 1, "the new month: {moved}");

    // And back to its old day, first on it.
    let first_hour = format!("{old_day}T00:05:00+01:00");
    let end = format!("{old_day}T00:50:00+01:00");
    move_event(&url, other, &first_hour, &end).await;
    until("the card is back on its old day", async || {
        place_of(&list_structure(&client).await, other) == Some((old_month.clone(), old_day.clone()))
    })
    .await;
    let back = list_structure(&client).await;
    assert_well_placed(&back, "after moving back");
    assert!(!back.as_array().unwrap().iter().any(|m| m[0] == "2031-03-01"), "the emptied month goes: {back}");
    assert_eq!(visitor_state(&client, EVENT).await, expected, "after the event moved back");

    // Onto the open card's day, before it, and away again: the open card is never moved, so it
    // keeps the focus.
    let (open_month, open_day) = place_of(&back, EVENT).expect("the open card is listed");
    let first_on_day = async |client: &Client| {
        let structure = list_structure(client).await;
        let days = structure.as_array().unwrap().iter().flat_map(|m| m[2].as_array().unwrap().clone());
        days.into_iter().find(|d| d[0] == open_day.as_str()).and_then(|d| d[1][0].as_str().map(str::to_owned))
    };
    move_event(&url, other, &format!("{open_day}T00:05:00+01:00"), &format!("{open_day}T00:50:00+01:00")).await;
    until("the moved card is first on the open card's day", async || {
        first_on_day(&client).await.as_deref() == Some(other)
    })
    .await;
    assert_eq!(place_of(&list_structure(&client).await, EVENT), Some((open_month.clone(), open_day.clone())));
    assert_eq!(visitor_state(&client, EVENT).await, expected, "after a card came before the open one");
    move_event(&url, other, "2031-03-12T18:30:00+01:00", "2031-03-12T21:00:00+01:00").await;
    until("the moved card left the open card's day", async || {
        place_of(&list_structure(&client).await, other).is_some_and(|(month, _)| month == "2031-03-01")
    })
    .await;
    assert_well_placed(&list_structure(&client).await, "after the card before the open one left");
    assert_eq!(visitor_state(&client, EVENT).await, expected, "after the card before the open one left");
    client.close().await.unwrap();
}

/// The ids of the cards in the month view's day list, in page order.
async fn month_day_cards(client: &Client) -> Vec<String> {
    let code =
        "return [...root.querySelectorAll('.st-month-view .st-list > li > .st-card')].map(c => c.dataset.eventId);";
    serde_json::from_value(in_board(client, code).await).unwrap_or_default()
}

/// The month view's day holds its cards the same way: a changed feed adds, changes and removes
/// cards of the chosen day, and an open card there keeps its form, what was typed and the focus.
#[tokio::test]
async fn the_month_views_day_follows_the_feed_and_an_open_card_stays() {
    let (_dir, _server, _driver, client, url) = live_board(Engine::Chromium, "month-live").await;
    find_in_board(&client, ".st-events .st-card").await;
    let listed = list_structure(&client).await;

    find_in_board(&client, ".st-views .st-toggle:nth-child(2)").await.click().await.unwrap();
    let open = find_in_board(&client, ".st-month-view .st-card").await.attr("data-event-id").await.unwrap().unwrap();
    let day = find_in_board(&client, ".st-day-cell[aria-pressed=true]").await.attr("data-day").await.unwrap().unwrap();
    let other = listed
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m[2].as_array().unwrap())
        .filter(|d| d[0] != day.as_str())
        .find_map(|d| d[1][0].as_str().map(str::to_owned))
        .expect("an event on another day");
    let before = month_day_cards(&client).await;
    assert!(!before.contains(&other), "{other} is not on {day} yet: {before:?}");

    open_card(&client, "stammtisch-board", &open).await;
    find_in_board(&client, &format!("#st-{open}-name")).await.send_keys("Hal").await.unwrap();
    let kept = async || {
        in_board(
            &client,
            &format!(
                "return [!root.querySelector('#st-{open}-form').hidden, root.querySelector('#st-{open}-name').value,
                    root.getRootNode().activeElement?.id];"
            ),
        )
        .await
    };
    let expected = json!([true, "Hal", format!("st-{open}-name")]);
    assert_eq!(kept().await, expected);

    // Another event moves onto the chosen day, late: its card comes last, the open one stays.
    move_event(&url, &other, &format!("{day}T22:00:00+01:00"), &format!("{day}T22:30:00+01:00")).await;
    until("the moved event's card is on the day", async || month_day_cards(&client).await.last() == Some(&other)).await;
    assert_eq!(month_day_cards(&client).await, [before.clone(), vec![other.clone()]].concat());
    assert_eq!(kept().await, expected, "after a card came onto the day");

    // The open event changes: its card says so in place.
    edit_event(&url, &open, "summary", "Diesmal mit Vortrag zu NIS2.").await;
    until("the open event shows its new summary", async || summary_of(&client, &open).await.contains("NIS2")).await;
    assert_eq!(kept().await, expected, "after its own event changed");

    // The other event leaves the day again: its card goes, the open one stays.
    move_event(&url, &other, "2031-03-12T18:30:00+01:00", "2031-03-12T21:00:00+01:00").await;
    until("the moved event's card left the day", async || !month_day_cards(&client).await.contains(&other)).await;
    assert_eq!(month_day_cards(&client).await, before);
    assert_eq!(kept().await, expected, "after a card left the day");
    client.close().await.unwrap();
}

/// The filters' choices follow the feed: a city new to the board appears among the places in
/// its order, while the place the visitor chose stays chosen, as the same option.
#[tokio::test]
async fn filter_choices_follow_the_feed_and_keep_the_visitors_choice() {
    let (_dir, _server, _driver, client, url) = live_board(Engine::Chromium, "choices").await;
    let place = "root.querySelector('select[name=place]')";
    find_in_board(&client, "select[name=place]").await;
    let cities = async || {
        let code = format!("return [...{place}.options].map(o => o.value).filter(v => v.startsWith('city:'));");
        let values = in_board(&client, &code).await;
        values.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    let before = cities().await;
    let chosen = before.last().expect("the demo board has cities").clone();
    in_board(
        &client,
        &format!(
            "const s = {place}; s.value = '{chosen}'; s.dispatchEvent(new Event('change', {{ bubbles: true }}));
             s.selectedOptions[0].dataset.kept = 'yes';"
        ),
    )
    .await;

    let http = reqwest::Client::new();
    let address = format!("{url}/api/v1/admin/events/it-stammtisch-bremen");
    let mut event = stammtisch_e2e::admin_get(&url, ADMIN_TOKEN, "/api/v1/admin/events/it-stammtisch-bremen").await;
    event["location"]["city"] = "Aachen".into();
    let saved = http.put(&address).bearer_auth(ADMIN_TOKEN).json(&event).send().await.unwrap();
    assert!(saved.status().is_success(), "{}", saved.status());
    until("Aachen is among the places", async || cities().await.contains(&"city:aachen".to_owned())).await;

    let after = cities().await;
    let mut sorted = after.clone();
    sorted.sort();
    assert_eq!(after, sorted, "places stay in order");
    let state =
        in_board(&client, &format!("const s = {place}; return [s.value, s.selectedOptions[0].dataset.kept];")).await;
    assert_eq!(state, json!([chosen, "yes"]), "the visitor's place stays chosen, as the same option");
    let shown =
        in_board(&client, "return [...root.querySelectorAll('.st-card')].filter(c => !c.closest('[hidden]')).length;")
            .await;
    assert!(shown.as_u64().unwrap() > 0, "the chosen place still filters: {shown}");
}
