//! The board in a real Chromium: what people see for a feed, for no feed, and for bad input.
#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::json;
use support::{event_json, feed_json, feed_url, mount};
use wasm_bindgen::JsCast;

/// A card of a real event: the loading skeleton's cards share `.st-card` but have no id.
const EVENT_CARD: &str = ".st-card[data-event-id]";
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const OPEN: &str = r#"{"open": true, "confirmed": 12, "waitlisted": 0, "seats_left": 28}"#;
/// Nothing listens on port 9; a request there fails like an unreachable server.
const DEAD_API: &str = "http://127.0.0.1:9";

fn demo_feed() -> String {
    let open: serde_json::Value = serde_json::from_str(OPEN).unwrap();
    feed_json(vec![
        event_json(
            "stammtisch",
            "IT-Stammtisch Hannover",
            "2030-12-03T19:00:00+01:00",
            json!({"ends_at": "2030-12-03T22:00:00+01:00", "capacity": 40, "rsvp": open}),
        ),
        event_json(
            "webinar",
            "Webinar NIS2",
            "2030-12-05T10:00:00+01:00",
            json!({"kind": "webinar", "location": {"online_url": "https://example.com/w"}, "rsvp": {"open": true, "seats_left": null}}),
        ),
        event_json(
            "geschlossen",
            "Stammtisch Bremen",
            "2030-12-06T19:00:00+01:00",
            json!({"capacity": 20, "rsvp": {"open": false, "confirmed": 20, "seats_left": 0}}),
        ),
        event_json(
            "fremd",
            "Messe-Nachlese",
            "2030-12-07T16:00:00+01:00",
            json!({"kind": "conference", "url": "https://example.com/messe"}),
        ),
        event_json("vorbei", "Vergangener Stammtisch", "2020-01-01T19:00:00+01:00", json!({})),
        json!({"id": "Kaputt!", "title": "unlesbar"}),
    ])
}

#[wasm_bindgen_test]
async fn shows_every_upcoming_event_of_the_feed() {
    let board = mount(&[("feed", &feed_url(&demo_feed())), ("locale", "de")]);
    board.find(EVENT_CARD).await;
    let titles: Vec<String> = board.visible(".st-title").iter().filter_map(|t| t.text_content()).collect();
    assert_eq!(titles, ["IT-Stammtisch Hannover", "Webinar NIS2", "Stammtisch Bremen", "Messe-Nachlese"]);

    let first = board.find("[data-event-id=stammtisch]").await.text_content().unwrap();
    assert!(first.contains("Stammtisch"), "kind badge: {first}");
    assert!(first.contains("Dezember 2030") && first.contains("19:00") && first.contains("22:00"), "date: {first}");
    assert!(first.contains("Café am Kröpcke, Hannover"), "place: {first}");
    assert!(first.contains("noch 28 Plätze"), "seats: {first}");
    assert!(first.contains("Systemhaus Nord GmbH"), "organizer: {first}");

    let text = board.text();
    assert!(text.contains("Online") && text.contains("Plätze frei"));
    assert!(text.contains("Anmeldung geschlossen"));
    assert!(text.contains("1 Termin konnte nicht gelesen werden"), "skipped events are counted: {text}");
    assert!(!text.contains("Vergangener Stammtisch"), "past events are hidden");
    assert_eq!(board.find(".st-board-title").await.text_content().unwrap(), "Partner-Community Nord");
}

#[wasm_bindgen_test]
async fn times_are_shown_in_the_event_zone_across_daylight_saving() {
    let feed = feed_json(vec![event_json("sommer", "Sommerfest", "2030-07-04T18:30:00+02:00", json!({}))]);
    let board = mount(&[("feed", &feed_url(&feed)), ("locale", "de")]);
    let when = board.find(".st-when").await.text_content().unwrap();
    assert!(when.contains("18:30") && when.contains("MESZ"), "{when}");
}

#[wasm_bindgen_test]
async fn speaks_english_when_asked() {
    let board = mount(&[("feed", &feed_url(&demo_feed())), ("locale", "en")]);
    board.find(EVENT_CARD).await;
    let text = board.text();
    assert!(text.contains("28 seats left") && text.contains("December"), "{text}");
    assert!(text.contains("Registration closed") && text.contains("Register"));
    assert_eq!(board.find(".st-board").await.get_attribute("lang").as_deref(), Some("en"));
}

#[wasm_bindgen_test]
async fn an_empty_feed_says_so() {
    let board = mount(&[("feed", &feed_url(&feed_json(vec![]))), ("locale", "de")]);
    let empty = board.find(".st-empty").await;
    assert!(empty.text_content().unwrap().contains("keine Veranstaltungen"));
}

#[wasm_bindgen_test]
async fn an_unreachable_server_shows_an_error_with_retry() {
    let board = mount(&[("api", DEAD_API), ("locale", "de")]);
    let error = board.find(".st-error").await;
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert!(error.text_content().unwrap().contains("nicht erreichbar"), "{}", board.text());
    let retry = board.find(".st-error button").await;
    assert_eq!(retry.text_content().unwrap(), "Erneut versuchen");
    board.click(&retry);
    leptos::task::tick().await;
    board.find(".st-error button").await;
}

#[wasm_bindgen_test]
async fn an_unreadable_feed_shows_an_error() {
    let board = mount(&[("feed", &feed_url("<html>not a feed</html>")), ("locale", "de")]);
    let error = board.find(".st-error").await;
    assert!(error.text_content().unwrap().contains("nicht lesbar"));
}

#[wasm_bindgen_test]
async fn a_board_without_api_or_feed_explains_itself() {
    let board = mount(&[("locale", "de")]);
    let error = board.find(".st-error").await;
    assert!(error.text_content().unwrap().contains("„api“"), "{}", board.text());
    assert!(board.all(".st-error button").is_empty(), "retrying cannot fix a missing attribute");
}

#[wasm_bindgen_test]
async fn the_form_checks_every_field_before_sending() {
    let board = mount(&[("feed", &feed_url(&demo_feed())), ("api", DEAD_API), ("locale", "de")]);
    let open = board.find("[data-event-id=stammtisch] .st-card-foot button").await;
    assert_eq!(open.get_attribute("aria-expanded").as_deref(), Some("false"));
    board.click(&open);
    leptos::task::tick().await;
    assert_eq!(open.get_attribute("aria-expanded").as_deref(), Some("true"));
    board.find("#st-stammtisch-email").await;

    board.type_into("#st-stammtisch-email", "anna(at)example.org");
    let submit = board.find("[data-event-id=stammtisch] button[type=submit]").await;
    board.click(&submit);
    leptos::task::tick().await;

    let name_error = board.find("#st-stammtisch-name-error").await.text_content().unwrap();
    assert_eq!(name_error, "Bitte geben Sie Ihren Namen an.");
    let email_error = board.find("#st-stammtisch-email-error").await.text_content().unwrap();
    assert!(email_error.contains("E-Mail-Adresse"), "{email_error}");
    assert!(board.find("#st-stammtisch-consent-error").await.text_content().unwrap().contains("zu"));
    let name = board.find("#st-stammtisch-name").await;
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        board.root.active_element().map(|e| e.id()).as_deref(),
        Some("st-stammtisch-name"),
        "focus moves to the first error"
    );
    assert!(board.all(".st-form-error").is_empty(), "nothing was sent");
}

#[wasm_bindgen_test]
async fn a_failed_send_keeps_what_was_typed() {
    let board = mount(&[("feed", &feed_url(&demo_feed())), ("api", DEAD_API), ("locale", "de")]);
    let open = board.find("[data-event-id=stammtisch] .st-card-foot button").await;
    board.click(&open);
    board.find("#st-stammtisch-name").await;
    board.type_into("#st-stammtisch-name", "Anna Schmidt");
    board.type_into("#st-stammtisch-email", "anna@example.org");
    board.click(&board.find("#st-stammtisch-consent").await);
    board.click(&board.find("[data-event-id=stammtisch] button[type=submit]").await);
    let error = board.find(".st-form-error").await;
    assert!(error.text_content().unwrap().contains("nicht erreichbar"));
    assert_eq!(board.input_value("#st-stammtisch-name"), "Anna Schmidt");
    assert_eq!(board.input_value("#st-stammtisch-email"), "anna@example.org");
    assert!(board.all("#st-stammtisch-name[aria-invalid=true]").is_empty());
}

#[wasm_bindgen_test]
async fn events_without_rsvp_link_to_the_organizer() {
    let board = mount(&[("feed", &feed_url(&demo_feed())), ("api", DEAD_API), ("locale", "de")]);
    let link = board.find("[data-event-id=fremd] a.st-link").await;
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://example.com/messe"));
    for id in ["fremd", "geschlossen"] {
        let button = board.find(&format!("[data-event-id={id}] .st-card-foot button")).await;
        assert_eq!(button.text_content().as_deref(), Some("Details"), "{id}");
        board.click(&button);
        board.find(&format!("[data-event-id={id}] .st-details")).await;
        assert!(board.all(&format!("[data-event-id={id}] form")).is_empty(), "no RSVP form for {id}");
    }
}

#[wasm_bindgen_test]
async fn unmount_removes_the_board() {
    let mut board = mount(&[("feed", &feed_url(&demo_feed())), ("locale", "de")]);
    board.find(EVENT_CARD).await;
    board.handle.unmount();
    assert!(board.root.query_selector(".st-root").unwrap().is_none());
    assert_eq!(board.root.child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn the_board_needs_no_inline_styles() {
    let board = mount(&[("feed", &feed_url(&feed_json(vec![]))), ("locale", "de")]);
    board.find(".st-empty").await;
    assert!(board.all("style").is_empty() && board.all("[style]").is_empty(), "nothing a strict CSP would block");
}

#[wasm_bindgen_test]
async fn kinds_and_tags_attributes_prefilter() {
    let feed = feed_json(vec![
        event_json("a", "Stammtisch A", "2030-12-01T19:00:00+01:00", json!({"tags": ["Netzwerk"]})),
        event_json("b", "Webinar B", "2030-12-02T19:00:00+01:00", json!({"kind": "webinar", "tags": ["KI"]})),
        event_json(
            "c",
            "Konferenz C",
            "2030-12-03T19:00:00+01:00",
            json!({"kind": "conference", "tags": ["netzwerk"]}),
        ),
    ]);
    let url = feed_url(&feed);
    let by_kind = mount(&[("feed", &url), ("kinds", "webinar, conference, nonsense")]);
    by_kind.find(EVENT_CARD).await;
    let titles: Vec<String> = by_kind.visible(".st-title").iter().filter_map(|t| t.text_content()).collect();
    assert_eq!(titles, ["Webinar B", "Konferenz C"]);

    let by_tag = mount(&[("feed", &url), ("tags", "NETZWERK")]);
    by_tag.find(EVENT_CARD).await;
    let titles: Vec<String> = by_tag.visible(".st-title").iter().filter_map(|t| t.text_content()).collect();
    assert_eq!(titles, ["Stammtisch A", "Konferenz C"]);
}

#[wasm_bindgen_test]
async fn limit_shows_more_on_request() {
    let events = (1..=5)
        .map(|n| {
            event_json(&format!("e{n}"), &format!("Termin {n}"), &format!("2030-12-0{n}T19:00:00+01:00"), json!({}))
        })
        .collect();
    let board = mount(&[("feed", &feed_url(&feed_json(events))), ("limit", "2"), ("locale", "de")]);
    board.find(EVENT_CARD).await;
    let visible = || board.visible(".st-card").len();
    assert_eq!(visible(), 2);
    let more = board.find(".st-more").await;
    assert_eq!(more.text_content().unwrap(), "Mehr anzeigen (3 weitere)");
    board.click(&more);
    leptos::task::tick().await;
    support::sleep(20).await;
    assert_eq!(visible(), 5);
}

fn viewer_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into()).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
async fn viewers_elsewhere_also_see_their_own_time() {
    let here = viewer_zone();
    let elsewhere = if here == "America/New_York" { "Asia/Tokyo" } else { "America/New_York" };
    let feed = feed_json(vec![
        event_json("hier", "Hier", "2030-12-03T19:00:00+01:00", json!({"time_zone": here})),
        event_json("dort", "Dort", "2030-12-04T19:00:00-05:00", json!({"time_zone": elsewhere})),
    ]);
    let board = mount(&[("feed", &feed_url(&feed)), ("locale", "de")]);
    board.find(EVENT_CARD).await;
    assert!(board.find("[data-event-id=hier]").await.query_selector(".st-viewer-time").unwrap().is_none());
    let other = board.find("[data-event-id=dort] .st-viewer-time").await.text_content().unwrap();
    assert!(other.starts_with("Bei Ihnen: "), "{other}");
}

#[wasm_bindgen_test]
async fn each_event_can_go_into_a_calendar() {
    let feed = feed_json(vec![event_json(
        "stammtisch",
        "IT-Stammtisch & Co",
        "2030-12-03T19:00:00+01:00",
        json!({"ends_at": "2030-12-03T22:00:00+01:00"}),
    )]);
    let board = mount(&[("feed", &feed_url(&feed)), ("api", "https://board.example.com/"), ("locale", "de")]);
    let links = board.find(".st-calendar").await;
    let hrefs: Vec<String> = board.all(".st-calendar a").iter().filter_map(|a| a.get_attribute("href")).collect();
    assert_eq!(hrefs[0], "https://board.example.com/api/v1/events/stammtisch.ics");
    assert!(hrefs[1].contains("dates=20301203T180000Z/20301203T210000Z"), "{}", hrefs[1]);
    assert!(hrefs[1].contains("text=IT-Stammtisch%20%26%20Co"), "{}", hrefs[1]);
    assert_eq!(links.get_attribute("aria-label").as_deref(), Some("IT-Stammtisch & Co in Ihren Kalender eintragen"));
    let subscribe = board.find(".st-subscribe a").await;
    assert_eq!(subscribe.get_attribute("href").as_deref(), Some("https://board.example.com/api/v1/feed.ics"));
}

#[wasm_bindgen_test]
async fn the_last_good_feed_is_shown_when_the_server_is_gone() {
    let url = feed_url(&demo_feed());
    let first = mount(&[("feed", &url), ("locale", "de")]);
    first.find(EVENT_CARD).await;
    assert!(first.all(".st-stale").is_empty(), "a fresh feed has no notice");
    web_sys::Url::revoke_object_url(&url).unwrap();

    let offline = mount(&[("feed", &url), ("locale", "de")]);
    let notice = offline.find(".st-stale").await.text_content().unwrap();
    assert!(notice.starts_with("Stand: ") && notice.contains("nicht erreichbar"), "{notice}");
    assert_eq!(offline.visible(".st-card").len(), first.visible(".st-card").len());
}

fn search_feed() -> String {
    feed_json(vec![
        event_json(
            "koeln",
            "IT-Stammtisch",
            "2030-12-01T19:00:00+01:00",
            json!({"location": {"name": "Brauhaus", "city": "Köln"}}),
        ),
        event_json(
            "hamburg",
            "Partnertag",
            "2030-12-02T09:00:00+01:00",
            json!({"kind": "partner_day", "location": {"city": "Hamburg"}}),
        ),
        event_json(
            "online",
            "Webinar Sicherheit",
            "2030-12-03T10:00:00+01:00",
            json!({"kind": "webinar", "location": {"online_url": "https://example.com/w"}, "tags": ["NIS2"]}),
        ),
        event_json("vorbei", "Alter Stammtisch", "2020-01-01T19:00:00+01:00", json!({})),
    ])
}

async fn search(board: &support::Mounted, text: &str) {
    board.type_into(".st-search input", text);
    leptos::task::tick().await;
    support::sleep(20).await;
}

fn visible_ids(board: &support::Mounted) -> Vec<String> {
    board.visible(".st-card").iter().filter_map(|c| c.get_attribute("data-event-id")).collect()
}

#[wasm_bindgen_test]
async fn search_forgives_case_and_umlauts_and_filters_combine() {
    let board = mount(&[("feed", &feed_url(&search_feed())), ("locale", "de")]);
    board.find(EVENT_CARD).await;
    assert_eq!(visible_ids(&board), ["koeln", "hamburg", "online"]);
    for query in ["koln", "KÖLN", "koeln", "brauhaus"] {
        search(&board, query).await;
        assert_eq!(visible_ids(&board), ["koeln"], "{query}");
    }
    search(&board, "").await;
    let chip = board.find(".st-chip.st-kind-webinar").await;
    board.click(&chip);
    leptos::task::tick().await;
    assert_eq!(chip.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(visible_ids(&board), ["online"]);
    search(&board, "hamburg").await;
    assert!(visible_ids(&board).is_empty());
    let reset = board.find(".st-no-match button").await;
    assert_eq!(reset.text_content().as_deref(), Some("Filter zurücksetzen"));
    board.click(&reset);
    leptos::task::tick().await;
    support::sleep(20).await;
    assert_eq!(visible_ids(&board), ["koeln", "hamburg", "online"], "the way back shows everything again");
    assert_eq!(board.input_value(".st-search input"), "");
}

#[wasm_bindgen_test]
async fn topic_and_place_filter_and_reset_with_the_rest() {
    let board = mount(&[("feed", &feed_url(&search_feed())), ("locale", "de")]);
    board.find(EVENT_CARD).await;
    let options = |selector: &str| -> Vec<String> {
        board.all(&format!("{selector} option")).iter().filter_map(|o| o.text_content()).collect()
    };
    assert_eq!(options("select[name=place]"), ["Überall", "Online", "Hamburg", "Hannover", "Köln"]);
    assert_eq!(options("select[name=tag]"), ["Alle Themen", "NIS2"]);

    board.choose("select[name=place]", "city:koln");
    leptos::task::tick().await;
    assert_eq!(visible_ids(&board), ["koeln"]);
    assert_eq!(board.find(".st-filter-toggle").await.text_content().as_deref(), Some("Filter (1)"));
    board.choose("select[name=place]", "online");
    board.choose("select[name=tag]", "NIS2");
    leptos::task::tick().await;
    assert_eq!(visible_ids(&board), ["online"]);

    board.click(&board.find(".st-chip.st-kind-partner_day").await);
    leptos::task::tick().await;
    board.click(&board.find(".st-no-match button").await);
    leptos::task::tick().await;
    support::sleep(20).await;
    assert_eq!(visible_ids(&board), ["koeln", "hamburg", "online"], "the reset shows everything again");
    let value = |selector: &str| board.find_now(selector).unchecked_into::<web_sys::HtmlSelectElement>().value();
    assert_eq!((value("select[name=place]"), value("select[name=tag]")), (String::new(), String::new()));
    assert!(board.all(".st-chip[aria-pressed=true]").is_empty());
}

#[wasm_bindgen_test]
async fn one_city_written_two_ways_is_one_place() {
    let feed = feed_json(vec![
        event_json("a", "Stammtisch", "2030-12-01T19:00:00+01:00", json!({"location": {"city": "Köln"}})),
        event_json("b", "Partnertag", "2030-12-02T19:00:00+01:00", json!({"location": {"city": "Koeln"}})),
    ]);
    let board = mount(&[("feed", &feed_url(&feed)), ("locale", "de")]);
    board.find(EVENT_CARD).await;
    let places: Vec<String> =
        board.all("select[name=place] option").iter().filter_map(|o| o.get_attribute("value")).collect();
    assert_eq!(places, ["", "city:koln"]);
    board.choose("select[name=place]", "city:koln");
    leptos::task::tick().await;
    assert_eq!(visible_ids(&board), ["a", "b"]);
}

#[wasm_bindgen_test]
async fn past_events_show_on_request_and_the_list_is_grouped() {
    let board = mount(&[("feed", &feed_url(&search_feed())), ("locale", "de")]);
    board.find(EVENT_CARD).await;
    let months: Vec<String> = board.visible(".st-month-title").iter().filter_map(|m| m.text_content()).collect();
    assert_eq!(months, ["Dezember 2030"]);
    let days: Vec<String> = board.visible(".st-day-title").iter().filter_map(|d| d.text_content()).collect();
    assert_eq!(days, ["Sonntag, 1. Dezember", "Montag, 2. Dezember", "Dienstag, 3. Dezember"]);
    board.click(&board.find(".st-check input").await);
    leptos::task::tick().await;
    support::sleep(20).await;
    assert_eq!(visible_ids(&board), ["vorbei", "koeln", "hamburg", "online"]);
}

#[wasm_bindgen_test]
async fn the_month_grid_moves_by_keyboard() {
    let board = mount(&[("feed", &feed_url(&search_feed())), ("locale", "de"), ("view", "month")]);
    let focused = board.find(".st-day-cell[tabindex='0']").await;
    assert_eq!(focused.get_attribute("data-day").as_deref(), Some("2030-12-01"), "starts at the first upcoming event");
    assert!(focused.get_attribute("aria-label").unwrap().contains("1 Veranstaltung"));
    assert_eq!(board.find(".st-month-view .st-month-title").await.text_content().as_deref(), Some("Dezember 2030"));
    let key = |name: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(name);
        init.set_bubbles(true);
        let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        board.find_now(".st-day-cell[tabindex='0']").dispatch_event(&event).unwrap();
    };
    let focused_day = || board.find_now(".st-day-cell[tabindex='0']").get_attribute("data-day").unwrap();
    for (name, expected) in [
        ("ArrowRight", "2030-12-02"),
        ("ArrowDown", "2030-12-09"),
        ("Home", "2030-12-09"),
        ("End", "2030-12-15"),
        ("ArrowUp", "2030-12-08"),
        ("PageDown", "2031-01-08"),
        ("PageUp", "2030-12-08"),
        ("ArrowLeft", "2030-12-07"),
    ] {
        key(name);
        leptos::task::tick().await;
        support::sleep(20).await;
        assert_eq!(focused_day(), expected, "after {name}");
    }
    board.click(&board.find_now("[data-day='2030-12-03']"));
    leptos::task::tick().await;
    support::sleep(20).await;
    assert_eq!(visible_ids(&board), ["online"], "the chosen day's events are listed");
    board.click(&board.find(".st-views button:first-child").await);
    leptos::task::tick().await;
    support::sleep(20).await;
    assert_eq!(visible_ids(&board), ["koeln", "hamburg", "online"], "back to the list");
}

#[wasm_bindgen_test]
async fn details_open_with_focus_and_close_with_escape() {
    let feed = feed_json(vec![event_json(
        "stammtisch",
        "IT-Stammtisch",
        "2030-12-01T19:00:00+01:00",
        json!({"description": "Erster Absatz mit <b>kein HTML</b>.\n\nMehr unter https://example.com/programm.", "tags": ["Netzwerk"]}),
    )]);
    let board = mount(&[("feed", &feed_url(&feed)), ("locale", "de")]);
    let toggle = board.find(".st-card-foot button").await;
    board.click(&toggle);
    let panel = board.find(".st-form-panel:not([hidden])").await;
    support::sleep(50).await;
    assert_eq!(board.root.active_element().map(|e| e.id()).as_deref(), Some("st-stammtisch-form"), "focus moves in");
    let paragraphs: Vec<String> = board.all(".st-description").iter().filter_map(|p| p.text_content()).collect();
    assert_eq!(paragraphs, ["Erster Absatz mit <b>kein HTML</b>.", "Mehr unter https://example.com/programm."]);
    assert!(board.all(".st-description b").is_empty(), "no HTML from the feed is interpreted");
    let link = board.find(".st-description a").await;
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://example.com/programm"));

    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    panel
        .dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
    leptos::task::tick().await;
    support::sleep(20).await;
    assert!(panel.has_attribute("hidden"));
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(board.root.active_element().map(|e| e.class_name()).as_deref(), Some("st-button"), "focus goes back");
}

/// A card that was never opened is plain elements: its panel is built on the first opening,
/// into the same card, so the button that was clicked stays in the page and keeps the focus
/// path; closing and opening again keeps what the panel holds.
#[wasm_bindgen_test]
async fn a_card_builds_its_panel_on_first_opening_and_keeps_its_elements() {
    let feed = feed_json(vec![
        event_json("erster", "Erster Termin", "2030-12-01T19:00:00+01:00", json!({"description": "Eins."})),
        event_json("zweiter", "Zweiter Termin", "2030-12-02T19:00:00+01:00", json!({"description": "Zwei."})),
    ]);
    let board = mount(&[("feed", &feed_url(&feed)), ("locale", "de")]);
    let toggle = board.find("[data-event-id=erster] .st-card-foot button").await;
    let panels = board.all(".st-form-panel");
    assert_eq!(panels.len(), 2);
    assert!(panels.iter().all(|p| p.child_element_count() == 0), "no panel is built before it is opened");

    board.click(&toggle);
    let panel = board.find("[data-event-id=erster] .st-form-panel:not([hidden])").await;
    assert_eq!(
        board.find(".st-form-panel:not([hidden]) .st-description").await.text_content().as_deref(),
        Some("Eins.")
    );
    assert!(toggle.is_connected(), "the clicked button is still the card's button");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert_eq!(toggle.text_content().as_deref(), Some("Schließen"));
    let other = board.find("[data-event-id=zweiter] .st-form-panel").await;
    assert_eq!(other.child_element_count(), 0, "opening one card builds no other");

    board.click(&toggle);
    leptos::task::tick().await;
    assert!(panel.has_attribute("hidden"));
    let built = panel.child_element_count();
    board.click(&toggle);
    leptos::task::tick().await;
    assert!(!panel.has_attribute("hidden"));
    assert_eq!(panel.child_element_count(), built, "opened again, the panel is the same, not built twice");
}

#[wasm_bindgen_test]
async fn a_static_feed_gets_calendar_files_written_by_the_board() {
    let feed = feed_json(vec![event_json("statisch", "Nur Feed, kein Server", "2030-12-03T19:00:00+01:00", json!({}))]);
    let board = mount(&[("feed", &feed_url(&feed)), ("locale", "de")]);
    let link = board.find(".st-calendar a[download]").await;
    let href = link.get_attribute("href").unwrap();
    let text = String::from(
        js_sys::decode_uri_component(href.strip_prefix("data:text/calendar;charset=utf-8,").unwrap()).unwrap(),
    );
    assert!(text.contains("BEGIN:VEVENT\r\n") && text.contains("DTSTART:20301203T180000Z"), "{text}");
    assert!(text.contains("SUMMARY:Nur Feed\\, kein Server"), "{text}");
    assert!(board.all(".st-subscribe").is_empty(), "nothing to subscribe to without a server");
}

/// `cargo xtask test` runs this file with the browser in UTC, Europe/Berlin and America/New_York.
#[wasm_bindgen_test]
async fn the_viewer_sees_their_own_time_across_daylight_saving() {
    let feed = feed_json(vec![
        event_json("winter", "Winter", "2030-03-30T19:00:00+01:00", json!({"time_zone": "Europe/Berlin"})),
        event_json("sommer", "Sommer", "2030-04-01T19:00:00+02:00", json!({"time_zone": "Europe/Berlin"})),
    ]);
    let board = mount(&[("feed", &feed_url(&feed)), ("locale", "de")]);
    board.find(EVENT_CARD).await;
    let own =
        |id: &str| board.all(&format!("[data-event-id={id}] .st-viewer-time")).first().and_then(|e| e.text_content());
    match viewer_zone().as_str() {
        "Europe/Berlin" => assert_eq!((own("winter"), own("sommer")), (None, None)),
        // New York is on summer time from 10 March 2030; Berlin only from 31 March.
        "America/New_York" => {
            assert!(own("winter").unwrap().contains("14:00"), "{:?}", own("winter"));
            assert!(own("sommer").unwrap().contains("13:00"), "{:?}", own("sommer"));
        }
        "UTC" | "Etc/UTC" => {
            assert!(own("winter").unwrap().contains("18:00"));
            assert!(own("sommer").unwrap().contains("17:00"));
        }
        other => panic!("run this test in UTC, Europe/Berlin or America/New_York, not {other}"),
    }
    let when: Vec<String> = board.all(".st-when").iter().filter_map(|w| w.text_content()).collect();
    assert!(when[0].contains("19:00") && when[0].contains("MEZ"), "{when:?}");
    assert!(when[1].contains("19:00") && when[1].contains("MESZ"), "{when:?}");
}

#[wasm_bindgen_test]
async fn english_boards_speak_no_german() {
    let board = mount(&[("feed", &feed_url(&demo_feed())), ("api", DEAD_API), ("locale", "en")]);
    board.find(EVENT_CARD).await;
    board.click(&board.find("[data-event-id=stammtisch] .st-card-foot button").await);
    board.find("#st-stammtisch-name").await;
    let text = board.text();
    for german in ["Anmeld", "Veranstalt", "Plätze", "Kalender", "Suche", "Ort", "Thema", "Bei Ihnen", "Sie "] {
        assert!(!text.contains(german), "{german:?} in the English board: {text}");
    }
}

#[wasm_bindgen_test]
async fn all_day_events_show_dates_without_times() {
    let feed = feed_json(vec![event_json(
        "messe",
        "Hausmesse",
        "2030-12-24T00:00:00+01:00",
        json!({"ends_at": "2030-12-26T00:00:00+01:00"}),
    )]);
    let board = mount(&[("feed", &feed_url(&feed)), ("locale", "de")]);
    let when = board.find(".st-when").await.text_content().unwrap();
    assert!(when.contains("24.") && when.contains("25.") && !when.contains("26.") && !when.contains(":"), "{when}");
    assert!(board.all(".st-viewer-time").is_empty(), "a whole day is the same day everywhere");
}

#[wasm_bindgen_test]
async fn without_a_locale_the_page_language_counts() {
    let html = web_sys::window().unwrap().document().unwrap().document_element().unwrap();
    let before = html.get_attribute("lang");
    html.set_attribute("lang", "en-GB").unwrap();
    let board = mount(&[("feed", &feed_url(&feed_json(vec![])))]);
    let empty = board.find(".st-empty").await.text_content().unwrap();
    match before {
        Some(lang) => html.set_attribute("lang", &lang).unwrap(),
        None => html.remove_attribute("lang").unwrap(),
    }
    assert!(empty.starts_with("No events are planned"), "{empty}");
}

#[wasm_bindgen_test]
async fn hostile_feed_text_stays_text_and_only_web_addresses_become_links() {
    let markup = "<img src=x onerror=\"window.hacked=1\"><script>window.hacked=1</script>";
    let bidi = "Stammtisch \u{202E}gnudlemnA\u{202C} \u{2066}Köln\u{2069}";
    let huge = "Ü".repeat(50_000);
    let feed = feed_json(vec![
        event_json(
            "markup",
            markup,
            "2030-12-03T19:00:00+01:00",
            json!({
                "description": format!("{markup} javascript:alert(1) https://example.com/ok"),
                "url": "javascript:window.hacked=1",
                "organizer": {"name": markup, "url": "JAVASCRIPT:window.hacked=1"},
                "location": {"name": markup, "city": "Köln", "online_url": "data:text/html,<script>1</script>"},
            }),
        ),
        event_json("bidi", bidi, "2030-12-04T19:00:00+01:00", json!({"url": "https://example.com/event"})),
        event_json("huge", &huge, "2030-12-05T19:00:00+01:00", json!({})),
    ]);
    let board = mount(&[("feed", &feed_url(&feed)), ("locale", "de")]);
    board.find("[data-event-id=huge]").await;
    for card in board.all(".st-card-foot button") {
        board.click(&card);
    }
    board.find("[data-event-id=markup] .st-details").await;

    assert!(board.all("img").is_empty() && board.all("script").is_empty(), "no markup from the feed becomes elements");
    let title = |id: &str| board.all(&format!("[data-event-id={id}] .st-title"))[0].text_content().unwrap();
    assert_eq!(title("markup"), markup, "shown as the text it is");
    assert_eq!(title("bidi"), bidi);
    assert_eq!(title("huge").chars().count(), 50_000);
    for link in board.all("a[href]") {
        let href = link.get_attribute("href").unwrap();
        assert!(
            href.starts_with("https://") || href.starts_with("http://") || href.starts_with("data:text/calendar"),
            "only web pages and calendar files are linked: {href}"
        );
    }
    let details = board.all("[data-event-id=markup] .st-details a").len();
    assert_eq!(details, 1, "of the event's links only the https one in its description remains");
    let hacked = js_sys::Reflect::get(&web_sys::window().unwrap(), &"hacked".into()).unwrap();
    assert!(hacked.is_undefined(), "nothing from the feed ran");
}

#[wasm_bindgen_test]
async fn a_recurring_meeting_names_its_next_dates() {
    let dates = ["2030-01-08", "2030-02-12", "2030-03-12", "2030-04-09", "2030-05-14"];
    let events = dates
        .iter()
        .map(|day| {
            let id = format!("rotary-{day}");
            event_json(&id, "Rotary-Lunch", &format!("{day}T12:30:00+01:00"), json!({"series": "rotary"}))
        })
        .chain([event_json("einzeln", "Einzeltermin", "2030-01-09T19:00:00+01:00", json!({}))])
        .collect();
    let board = mount(&[("feed", &feed_url(&feed_json(events))), ("locale", "de")]);
    let first = board.find("[data-event-id=rotary-2030-01-08] .st-series").await.text_content().unwrap();
    assert!(first.starts_with("Weitere Termine: "), "{first}");
    assert!(first.contains("12. Feb.") && first.contains("12. März") && first.contains("9. Apr."), "{first}");
    assert!(!first.contains("14. Mai"), "three at most: {first}");
    assert!(board.all("[data-event-id=rotary-2030-05-14] .st-series").is_empty(), "the last date has none after it");
    assert!(board.all("[data-event-id=einzeln] .st-series").is_empty());
}

/// The widget reads times with its own RFC 3339 reader (`stammtisch_model::rfc3339`), not
/// chrono's: an event whose time it cannot read is skipped and counted, the rest are shown, and
/// times with fractions, `Z`, a space or an offset without colon read as chrono reads them.
#[wasm_bindgen_test]
async fn events_that_are_not_objects_are_skipped_and_counted() {
    let feed = feed_json(vec![
        json!(null),
        json!(5),
        json!("Stammtisch"),
        json!([]),
        event_json("gut", "Lesbar", "2030-12-03T19:00:00+01:00", json!({})),
    ])
    // Only informative: a number where the time should be does not cost the feed.
    .replace("\"2026-11-29T10:00:00Z\"", "123");
    let board = mount(&[("feed", &feed_url(&feed)), ("locale", "de")]);
    board.find("[data-event-id=gut]").await;
    let text = board.text();
    assert!(text.contains("4 Termine konnten nicht gelesen werden"), "{text}");
    let not_a_list =
        mount(&[("feed", &feed_url(r#"{"board": {"title": "Ohne Liste"}, "events": {}}"#)), ("locale", "de")]);
    assert!(not_a_list.find(".st-error").await.text_content().unwrap().contains("nicht lesbar"));
}

#[wasm_bindgen_test]
async fn events_with_unreadable_times_are_skipped_and_counted() {
    let feed = feed_json(vec![
        event_json("gut", "Lesbar", "2030-12-03T19:00:00.250+01:00", json!({"ends_at": "2030-12-03 21:00:00Z"})),
        event_json("morgen", "Morgen", "morgen um sieben", json!({})),
        event_json("februar", "Kein Tag", "2030-02-30T19:00:00+01:00", json!({})),
        event_json("kurz", "Ohne Sekunden", "2030-12-04T19:00+01:00", json!({})),
        event_json("ende", "Ende unlesbar", "2030-12-05T19:00:00+01:00", json!({"ends_at": "bald"})),
        event_json("frei", "Freie Form", "2030-12-06T19:00:00 +0100", json!({})),
    ])
    // Only informative: an unreadable one does not cost the feed.
    .replace("2026-11-29T10:00:00Z", "gestern");
    let board = mount(&[("feed", &feed_url(&feed)), ("locale", "de")]);
    board.find("[data-event-id=gut]").await;
    let titles: Vec<String> = board.visible(".st-title").iter().filter_map(|t| t.text_content()).collect();
    assert_eq!(titles, ["Lesbar", "Freie Form"]);
    let text = board.text();
    assert!(text.contains("4 Termine konnten nicht gelesen werden"), "{text}");
    let card = board.find("[data-event-id=gut]").await.text_content().unwrap();
    assert!(card.contains("19:00") && card.contains("22:00"), "start in its zone, end from UTC: {card}");
}

/// The list goes in as pieces of HTML of some dozens of cards; a piece may end inside a month,
/// whose next days then go into the same section. Hundreds of cards in two months: each month
/// once, each day once, every card in its day.
#[wasm_bindgen_test]
async fn a_long_list_written_in_pieces_keeps_months_and_days_whole() {
    let events: Vec<serde_json::Value> = (0..300)
        .map(|n| {
            let (month, day, hour) = (if n < 200 { 12 } else { 1 }, 1 + (n % 200) / 10, 8 + n % 10);
            let year = if month == 12 { 2030 } else { 2031 };
            let starts = format!("{year}-{month:02}-{day:02}T{hour:02}:00:00+01:00");
            event_json(&format!("e{n:03}"), &format!("Treffen {n}"), &starts, json!({}))
        })
        .collect();
    let board = mount(&[("feed", &feed_url(&feed_json(events))), ("locale", "de")]);
    board.find("[data-event-id=e299]").await;
    let months: Vec<String> =
        board.all(".st-events > .st-month").iter().filter_map(|m| m.get_attribute("data-month")).collect();
    assert_eq!(months, ["2030-12-01", "2031-01-01"]);
    let days: Vec<String> =
        board.all(".st-month > .st-day").iter().filter_map(|d| d.get_attribute("data-day")).collect();
    assert_eq!(days.len(), 30, "20 days in December, 10 in January, each once: {days:?}");
    assert!(days.windows(2).all(|pair| pair[0] < pair[1]), "in order: {days:?}");
    for day in board.all(".st-month > .st-day") {
        let date = day.get_attribute("data-day").unwrap();
        let month = day.parent_element().unwrap().get_attribute("data-month").unwrap();
        assert_eq!(date[..7], month[..7], "{date} in its month");
        assert_eq!(day.query_selector_all(":scope > .st-list > li > .st-card").unwrap().length(), 10, "{date}");
    }
    assert_eq!(board.all(".st-card").len(), 300);
}
