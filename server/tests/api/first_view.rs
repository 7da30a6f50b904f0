//! The board's first view rendered on the server, and the pages without scripts (docs/API.md §7).

use proptest::test_runner::{Config as ProptestConfig, TestRunner};
use reqwest::header::{ETAG, IF_NONE_MATCH, LOCATION, ORIGIN};
use reqwest::{redirect, StatusCode};
use stammtisch_model::Location;

use crate::helpers::{event, spawn_app, TestApp};

async fn text(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

/// The JSON-LD blocks of a page, parsed.
fn json_ld(page: &str) -> Vec<serde_json::Value> {
    page.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| serde_json::from_str(&rest[..rest.find("</script>").unwrap()]).expect("JSON-LD parses"))
        .collect()
}

#[tokio::test]
async fn the_first_view_is_the_boards_markup_cached_with_the_feed() {
    let app = spawn_app().await;
    app.add_event(event("stammtisch-koeln", Some(10))).await;
    let (status, html) = text(&app, "/api/v1/board?locale=de&zone=America%2FNew_York").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.starts_with("<section") && html.contains("class=\"st-board\""), "{html}");
    assert!(html.contains("data-event-id=\"stammtisch-koeln\""));
    assert!(html.contains("Testtermin stammtisch-koeln"), "{html}");
    assert!(html.contains("Uhr MEZ") || html.contains("Uhr MESZ"), "the time in the event's zone: {html}");
    assert!(html.contains("class=\"st-viewer-time\""), "the viewer's zone differs: the line is there from the start");
    assert!(html.contains("noch 10 Plätze"));
    assert!(!html.contains(" style="), "nothing a strict CSP blocks");

    let (_, english) = text(&app, "/api/v1/board?locale=en&view=month").await;
    assert!(english.contains("st-month-view") && english.contains("10 seats left"), "{english}");
    let (_, webinars) = text(&app, "/api/v1/board?kinds=webinar").await;
    assert!(!webinars.contains("data-event-id=\"stammtisch-koeln\""), "kinds pre-filter as on the element");

    let first = app.client.get(app.url("/api/v1/board?locale=de")).send().await.unwrap();
    let etag = first.headers()[ETAG].clone();
    let again =
        app.client.get(app.url("/api/v1/board?locale=de")).header(IF_NONE_MATCH, etag.clone()).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    app.post_rsvp("stammtisch-koeln", &crate::helpers::rsvp_body("Ada", "ada@example.org", 0)).await;
    let after = app.client.get(app.url("/api/v1/board?locale=de")).header(IF_NONE_MATCH, etag).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::OK, "an RSVP changes the first view");
    assert!(after.text().await.unwrap().contains("noch 9 Plätze"));
}

#[tokio::test]
async fn the_events_page_reads_without_scripts_and_carries_json_ld() {
    let app = spawn_app().await;
    app.add_event(event("vor-ort", None)).await;
    let mut hybrid = event("hybrid", None);
    hybrid.event.location = Some(Location {
        name: Some("Haus".into()),
        address: None,
        city: Some("Bremen".into()),
        online_url: Some("https://meet.example/hybrid".into()),
    });
    app.add_event(hybrid).await;
    let mut online = event("online", None);
    online.event.location = Some(Location { online_url: Some("https://meet.example/o".into()), ..Location::default() });
    app.add_event(online).await;

    let response = app.client.get(app.url("/events?locale=en")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"), "{csp}");
    let page = response.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\">") && page.contains("href=\"/events/vor-ort?locale=en\""));
    let blocks = json_ld(&page);
    assert_eq!(blocks.len(), 3, "one block per event");
    let mode = |id: &str| {
        let block = blocks.iter().find(|b| b["url"].as_str().unwrap().ends_with(&format!("/events/{id}"))).unwrap();
        for field in ["name", "startDate", "endDate", "eventStatus", "location", "organizer", "description"] {
            assert!(!block[field].is_null(), "{field} in {block}");
        }
        block["eventAttendanceMode"].as_str().unwrap().to_owned()
    };
    assert_eq!(mode("vor-ort"), "https://schema.org/OfflineEventAttendanceMode");
    assert_eq!(mode("hybrid"), "https://schema.org/MixedEventAttendanceMode");
    assert_eq!(mode("online"), "https://schema.org/OnlineEventAttendanceMode");
    let (_, german) = text(&app, "/events?kinds=meetup").await;
    assert!(german.contains("<html lang=\"de\">") && german.contains("Stammtisch"));
}

#[tokio::test]
async fn an_event_page_has_open_graph_tags_share_links_and_a_form() {
    let app = spawn_app().await;
    app.add_event(event("partnertag", Some(5))).await;
    let (status, page) = text(&app, "/events/partnertag?locale=de&utm_source=linkedin").await;
    assert_eq!(status, StatusCode::OK, "names a page does not know are ignored");
    let url = app.url("/events/partnertag");
    for tag in [
        "<meta property=\"og:title\" content=\"Testtermin partnertag\">".to_owned(),
        "<meta property=\"og:description\" content=\"Kurz.\">".to_owned(),
        format!("<meta property=\"og:url\" content=\"{url}\">"),
        "<meta property=\"og:type\" content=\"website\">".to_owned(),
    ] {
        assert!(page.contains(&tag), "{tag} in {page}");
    }
    assert!(page.contains("https://www.xing.com/spi/shares/new?url=") && page.contains("linkedin.com/sharing"));
    assert!(page.contains("<form class=\"rsvp\" method=\"post\" action=\"/events/partnertag/rsvp\">"));
    assert!(page.contains("Uhr MEZ") || page.contains("Uhr MESZ"), "the time in the event's zone");
    assert_eq!(text(&app, "/events/nope").await.0, StatusCode::NOT_FOUND);
}

async fn post_form(app: &TestApp, id: &str, form: &[(&str, &str)], origin: Option<&str>) -> reqwest::Response {
    let client = reqwest::Client::builder().redirect(redirect::Policy::none()).build().unwrap();
    let mut request = client.post(app.url(&format!("/events/{id}/rsvp"))).form(form);
    if let Some(origin) = origin {
        request = request.header(ORIGIN, origin);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_form_rsvp_is_stored_and_its_cancel_link_works() {
    let app = spawn_app().await;
    app.add_event(event("formular", Some(1))).await;
    let own = app.address.clone();
    let form = [
        ("name", "Grete Form"),
        ("email", "grete@example.org"),
        ("guests", "0"),
        ("consent", "true"),
        ("locale", "de"),
    ];
    let stored = post_form(&app, "formular", &form, Some(&own)).await;
    assert_eq!(stored.status(), StatusCode::SEE_OTHER);
    let page = stored.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(page.starts_with(&app.url("/rsvp/")), "{page}");
    assert_eq!(app.rsvp_rows("formular").await[0].2, "confirmed");
    let (_, shown) = text(&app, page.strip_prefix(&app.address).unwrap()).await;
    assert!(shown.contains("Sie sind angemeldet."), "{shown}");

    let second = [("name", "Hans Warte"), ("email", "hans@example.org"), ("consent", "true"), ("locale", "de")];
    let waiting = post_form(&app, "formular", &second, Some(&own)).await;
    let (_, waiting_page) =
        text(&app, waiting.headers()[LOCATION].to_str().unwrap().strip_prefix(&app.address).unwrap()).await;
    assert!(waiting_page.contains("Warteliste"), "{waiting_page}");

    let token = page.rsplit('/').next().unwrap();
    let cancelled = post_form_to(&app, &format!("/rsvp/{token}/cancel")).await;
    assert_eq!(cancelled, StatusCode::SEE_OTHER);
    assert_eq!(app.rsvp_rows("formular").await[0].2, "cancelled");
    assert_eq!(app.rsvp_rows("formular").await[1].2, "confirmed", "the waitlist moves up");
}

async fn post_form_to(app: &TestApp, path: &str) -> StatusCode {
    let client = reqwest::Client::builder().redirect(redirect::Policy::none()).build().unwrap();
    client.post(app.url(path)).send().await.unwrap().status()
}

#[tokio::test]
async fn form_errors_show_at_their_field_and_cross_site_posts_are_refused() {
    let app = spawn_app().await;
    app.add_event(event("fehler", None)).await;
    let own = app.address.clone();
    let bad =
        [("name", "Ada"), ("email", "not-an-address"), ("consent", "true"), ("locale", "en"), ("company", "ACME <b>")];
    let answer = post_form(&app, "fehler", &bad, Some(&own)).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(page.contains("id=\"error-email\"") && page.contains("aria-invalid=\"true\""), "{page}");
    assert!(page.contains("value=\"ACME &lt;b&gt;\""), "what was typed stays, escaped");
    let no_consent = post_form(&app, "fehler", &[("name", "Ada"), ("email", "ada@example.org")], Some(&own)).await;
    assert!(no_consent.text().await.unwrap().contains("id=\"error-consent\""));

    let form = [("name", "Eve"), ("email", "eve@example.org"), ("consent", "true")];
    let forged = post_form(&app, "fehler", &form, Some("https://evil.example")).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(app.rsvp_rows("fehler").await.is_empty(), "nothing stored from another site");
    let again =
        post_form(&app, "fehler", &[("name", "Ada"), ("email", "ada@example.org"), ("consent", "on")], Some(&own))
            .await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    let twice =
        post_form(&app, "fehler", &[("name", "Ada"), ("email", "ADA@example.org "), ("consent", "on")], Some(&own))
            .await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    assert!(twice.text().await.unwrap().contains("class=\"error\""), "the page says why");
}

#[tokio::test]
async fn unknown_values_get_a_clear_400_page() {
    let app = spawn_app().await;
    for path in ["/events?locale=fr", "/events?kinds=party", "/events/x?locale=xx"] {
        let (status, page) = text(&app, path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(page.contains("<h1>") && page.contains("This value is not known"), "{page}");
    }
}

/// Whatever the query, these pages answer with a page: never a panic, never a 5xx.
#[test]
fn odd_query_strings_never_break_the_pages() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let app = runtime.block_on(async {
        let app = spawn_app().await;
        app.add_event(event("demo", Some(3))).await;
        app
    });
    let mut runner = TestRunner::new(ProptestConfig { cases: 64, ..ProptestConfig::default() });
    let queries = "[a-z=&%;,+#?\\-_.~\u{e4}\u{1F600}0-9A-F]{0,60}";
    runner
        .run(&queries, |query| {
            runtime.block_on(async {
                for path in ["/events", "/events/demo", "/api/v1/board", "/embed", "/include"] {
                    let response = app.client.get(format!("{}?{query}", app.url(path))).send().await.unwrap();
                    assert!(response.status().as_u16() < 500, "{path}?{query}: {}", response.status());
                }
            });
            Ok(())
        })
        .unwrap();
}
