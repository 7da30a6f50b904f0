//! The board on a customer's site: another origin, hostile CSS, a strict CSP (docs/API.md §5).

use std::time::Duration;

use fantoccini::{Client, Locator};
use stammtisch_e2e::{find_in, in_every_engine, rsvp, script, start_engine, start_server, until, Engine, HostSite};

/// Number of event cards in each board on the page.
async fn cards_per_board(client: &Client) -> Vec<u64> {
    let counts = script(
        client,
        "return [...document.querySelectorAll('stammtisch-board')]
            .map(b => b.shadowRoot ? b.shadowRoot.querySelectorAll('.st-card').length : 0);",
    )
    .await;
    counts.as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).collect()
}

in_every_engine!(boards_survive_a_hostile_host_page_with_a_strict_csp);

async fn boards_survive_a_hostile_host_page_with_a_strict_csp(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let host = HostSite::start().await;
    let database = format!("sqlite://{}", dir.path().join("embed.db").display());
    let (_server, board_url) = start_server(&database, &["--allow-origin", &host.url]);
    host.set_board(&board_url);
    let (_driver, client) = start_engine(engine, &dir.path().join("profile")).await;

    client.goto(&format!("{}/boards", host.url)).await.unwrap();
    until("both boards show events", async || cards_per_board(&client).await.iter().all(|n| *n > 0)).await;
    script(
        &client,
        &format!(
            "const b = document.createElement('stammtisch-board');
             b.id = 'board-3'; b.setAttribute('api', '{board_url}'); b.setAttribute('locale', 'de');
             b.setAttribute('kinds', 'meetup');
             document.body.append(b);"
        ),
    )
    .await;
    until("the board added later shows events", async || {
        let counts = cards_per_board(&client).await;
        counts.len() == 3 && counts.iter().all(|n| *n > 0)
    })
    .await;
    let counts = cards_per_board(&client).await;
    assert!(counts[0] > counts[1], "board 2 shows only webinars: {counts:?}");

    let styles = script(
        &client,
        "const root = document.getElementById('board-1').shadowRoot;
         const css = (el, p) => getComputedStyle(el).getPropertyValue(p);
         const title = root.querySelector('.st-title'), card = root.querySelector('.st-card'),
               button = root.querySelector('.st-card-foot button'), badge = root.querySelector('.st-badge');
         const darkCard = document.getElementById('board-2').shadowRoot.querySelector('.st-card');
         const host = document.getElementById('host-text'), hostButton = document.getElementById('host-button');
         return {
           titleColor: css(title, 'color'), titleSize: css(title, 'font-size'), titleFont: css(title, 'font-family'),
           cardBox: css(card, 'box-sizing'), buttonDisplay: css(button, 'display'),
           badgeColor: css(badge, 'color'), darkCard: css(darkCard, 'background-color'),
           hostColor: css(host, 'color'), hostSize: css(host, 'font-size'), hostButton: css(hostButton, 'display'),
         };",
    )
    .await;
    assert_ne!(styles["titleColor"], "rgb(255, 0, 0)", "{styles}");
    assert_ne!(styles["titleSize"], "40px", "{styles}");
    assert!(!styles["titleFont"].as_str().unwrap().starts_with("serif"), "{styles}");
    assert_eq!(styles["cardBox"], "border-box", "{styles}");
    assert_ne!(styles["buttonDisplay"], "none", "{styles}");
    assert_eq!((styles["hostColor"].as_str(), styles["hostSize"].as_str()), (Some("rgb(255, 0, 0)"), Some("40px")));
    assert_eq!(styles["hostButton"], "none", "the board's CSS does not reach the host's elements");
    assert_eq!(styles["badgeColor"], "rgb(0, 128, 0)", "--stammtisch-accent themes the board");
    assert_eq!(styles["darkCard"], "rgb(21, 25, 30)", "theme=dark");

    script(&client, "document.getElementById('board-3').setAttribute('locale', 'en');").await;
    until("board 3 speaks English after its attribute changed", async || {
        let text = script(&client, "return document.getElementById('board-3').shadowRoot.textContent;").await;
        text.as_str().is_some_and(|t| t.contains("Register") && !t.contains("Anmelden"))
    })
    .await;

    script(&client, "document.getElementById('board-2').remove();").await;
    let answer = rsvp(&client, "#board-1", "it-stammtisch-hannover", "Grenz Gänger", "grenz@example.org").await;
    assert_eq!(answer, "Sie sind angemeldet. Wir freuen uns auf Sie!", "an RSVP across origins");
    // Far below the fold its wasm starts once it comes near the viewport.
    script(&client, "document.getElementById('board-3').scrollIntoView();").await;
    find_in(&client, "#board-3", ".st-card[data-event-id]").await;
    assert_eq!(cards_per_board(&client).await.len(), 2);

    let requests = script(&client, "return performance.getEntriesByType('resource').map(e => e.name);").await;
    for url in requests.as_array().unwrap().iter().map(|u| u.as_str().unwrap()) {
        assert!(url.starts_with(&host.url) || url.starts_with(&board_url), "a request to a third origin: {url}");
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(host.csp_reports(), Vec::<String>::new(), "no CSP violation");
    client.close().await.unwrap();
}

in_every_engine!(the_iframe_follows_its_content);

async fn the_iframe_follows_its_content(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let host = HostSite::start().await;
    let database = format!("sqlite://{}", dir.path().join("iframe.db").display());
    let (_server, board_url) = start_server(&database, &["--allow-origin", &host.url]);
    host.set_board(&board_url);
    let (_driver, client) = start_engine(engine, &dir.path().join("profile")).await;

    client.goto(&format!("{}/iframe", host.url)).await.unwrap();
    let frame_height =
        async || script(&client, "return document.getElementById('board-frame').clientHeight;").await.as_f64().unwrap();
    until("the iframe grows to the board", async || frame_height().await > 600.0).await;
    let before = frame_height().await;

    client.enter_frame(0).await.unwrap();
    let open =
        find_in(&client, "stammtisch-board", "[data-event-id=it-stammtisch-hannover] .st-card-foot button").await;
    open.click().await.unwrap();
    find_in(&client, "stammtisch-board", ".st-form").await;
    let content = client.execute("return document.documentElement.scrollHeight;", vec![]).await.unwrap();
    client.enter_parent_frame().await.unwrap();
    until("the iframe grows with the open form", async || frame_height().await > before + 100.0).await;
    // WebKit may resize in more than one step: wait for the last one before comparing.
    let content_height = content.as_f64().unwrap();
    until("the iframe reaches the content's height", async || (frame_height().await - content_height).abs() <= 2.0)
        .await;
    let after = frame_height().await;
    assert!((after - content.as_f64().unwrap()).abs() <= 2.0, "iframe {after}px for content {content}px");
    assert!(client.find(Locator::Css("#board-frame")).await.is_ok());
    assert_eq!(host.csp_reports(), Vec::<String>::new(), "no CSP violation");
    client.close().await.unwrap();
}

in_every_engine!(a_board_that_cannot_start_says_so);

async fn a_board_that_cannot_start_says_so(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let host = HostSite::start().await;
    let database = format!("sqlite://{}", dir.path().join("nowasm.db").display());
    let (_server, board_url) = start_server(&database, &["--allow-origin", &host.url]);
    host.set_board(&board_url);
    let (_driver, client) = start_engine(engine, &dir.path().join("profile")).await;

    client.goto(&format!("{}/no-wasm", host.url)).await.unwrap();
    // The server's first view stays: the events are readable without the wasm.
    until("the painted events stay readable", async || {
        let text = script(&client, "const b = document.querySelector('stammtisch-board'); return b.shadowRoot ? b.shadowRoot.textContent : '';").await;
        text.as_str().is_some_and(|t| t.contains("IT-Stammtisch Hannover"))
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let painted = script(&client, "return document.querySelector('stammtisch-board').shadowRoot.querySelectorAll('.st-root[data-painted] .st-card').length;").await;
    assert!(painted.as_u64().unwrap() > 0, "still the painted board");

    // A board without a server to paint it (its own feed) and without wasm says why it is empty.
    script(
        &client,
        &format!(
            "const b = document.createElement('stammtisch-board'); b.id = 'own-feed';
         b.setAttribute('feed', '{board_url}/api/v1/feed'); b.setAttribute('locale', 'en'); document.body.prepend(b);"
        ),
    )
    .await;
    until("the board explains itself", async || {
        let text = script(
            &client,
            "const b = document.getElementById('own-feed'); return b.shadowRoot ? b.shadowRoot.textContent : '';",
        )
        .await;
        text.as_str() == Some("The events could not be loaded.")
    })
    .await;
    client.close().await.unwrap();
}
