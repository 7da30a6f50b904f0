//! The instant board: events painted from the server's HTML before the wasm has arrived, and
//! the wasm taking over in place (docs/API.md §7).

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::Value;
use stammtisch_e2e::{start_browser, start_server, HostSite, Process, WasmGate, LIVE_BOARD};

async fn script(client: &Client, code: &str) -> Value {
    client.execute(code, vec![]).await.unwrap()
}

async fn until(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The count of `selector` in board 1's shadow root.
async fn count(client: &Client, selector: &str) -> u64 {
    let code =
        format!("return document.getElementById('board-1').shadowRoot?.querySelectorAll({selector:?}).length ?? 0;");
    script(client, &code).await.as_u64().unwrap()
}

/// Titles and times of every card (shown or not) in board 1's part `root`.
async fn cards(client: &Client, root: &str) -> Value {
    let code = format!(
        "return [...document.getElementById('board-1').shadowRoot.querySelectorAll({:?})]
            .map(c => [c.dataset.eventId, c.querySelector('.st-title').textContent, c.querySelector('.st-when').textContent,
                       c.querySelector('.st-viewer-time')?.textContent ?? null]);",
        format!("{root} .st-card")
    );
    script(client, &code).await
}

const PAINTED: &str = ".st-root[data-painted]";

/// The hostile host page's boards, served through a gate that holds the wasm back.
struct Behind {
    host: HostSite,
    gate: WasmGate,
    client: Client,
    _dir: tempfile::TempDir,
    _server: Process,
    _driver: Process,
}

async fn behind_a_gate() -> Behind {
    let dir = tempfile::tempdir().unwrap();
    let host = HostSite::start().await;
    let database = format!("sqlite://{}", dir.path().join("instant.db").display());
    let (server, board_url) = start_server(&database, &["--allow-origin", &host.url]);
    let gate = WasmGate::start(&board_url).await;
    host.set_board(&gate.url);
    let (driver, client) = start_browser(&dir.path().join("profile")).await;
    Behind { host, gate, client, _dir: dir, _server: server, _driver: driver }
}

#[tokio::test]
async fn events_paint_before_the_wasm_and_the_wasm_keeps_what_was_typed() {
    let Behind { host, gate, client, _dir, _server, _driver } = behind_a_gate().await;

    client.goto(&format!("{}/boards", host.url)).await.unwrap();
    until("the server's events are painted", async || count(&client, &format!("{PAINTED} .st-card")).await > 3).await;
    assert_eq!(count(&client, LIVE_BOARD).await, 0, "no wasm has run yet");
    let painted = cards(&client, PAINTED).await;

    let board = client.find(Locator::Id("board-1")).await.unwrap().shadow_root().await.unwrap();
    let search = board.find(Locator::Css(&format!("{PAINTED} .st-search input"))).await.unwrap();
    search.send_keys("Hannover").await.unwrap();
    script(&client, "window.scrollTo(0, 120);").await;
    let scrolled = script(&client, "return window.scrollY;").await;
    until("the wasm was asked for after the paint", async || gate.wasm_asked()).await;
    assert_eq!(count(&client, LIVE_BOARD).await, 0, "still the painted board while the wasm is held back");

    gate.open();
    until("the wasm took over", async || count(&client, LIVE_BOARD).await > 0 && count(&client, PAINTED).await == 0)
        .await;
    let kept = script(
        &client,
        "const root = document.getElementById('board-1').shadowRoot;
         return [root.querySelector('.st-search input').value, root.activeElement?.type ?? null, window.scrollY];",
    )
    .await;
    assert_eq!(kept[0], "Hannover", "the typed search text is kept");
    assert_eq!(kept[1], "search", "focus stays in the search box");
    assert_eq!(kept[2], scrolled, "the page did not scroll");
    until("the kept search filters the cards", async || {
        let shown = script(
            &client,
            "return [...document.getElementById('board-1').shadowRoot.querySelectorAll('.st-card')]
                .filter(c => !c.closest('[hidden]')).map(c => c.textContent.includes('Hannover'));",
        )
        .await;
        let shown = shown.as_array().unwrap().clone();
        !shown.is_empty()
            && shown.iter().all(|s| s == true)
            && (shown.len() as u64) < painted.as_array().unwrap().len() as u64
    })
    .await;
    assert_eq!(cards(&client, LIVE_BOARD).await, painted, "the same events, texts and times from server and wasm");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(host.csp_reports(), Vec::<String>::new(), "no CSP violation");
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_takeover_does_not_move_the_page() {
    let Behind { host, gate, client, _dir, _server, _driver } = behind_a_gate().await;

    client.goto(&format!("{}/boards", host.url)).await.unwrap();
    // Both boards painted (the second one's growth moves nothing that is measured below), and
    // a frame later: the shifts of the page coming in are not the takeover's.
    until("the server's events are painted in both boards", async || {
        let painted = script(
            &client,
            "return ['board-1', 'board-2'].map(id => document.getElementById(id).shadowRoot?.querySelectorAll('[data-painted] .st-card').length ?? 0);",
        )
        .await;
        painted.as_array().unwrap().iter().all(|n| n.as_u64().unwrap_or(0) > 0)
    })
    .await;
    let two_frames =
        "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(done));";
    client.execute_async(two_frames, vec![]).await.unwrap();
    // Every layout shift from here on: the takeover must not cause any.
    script(
        &client,
        "window.shifts = [];
         new PerformanceObserver(list => list.getEntries().forEach(e => window.shifts.push({ value: e.value,
             at: e.startTime, scrollY: window.scrollY, painted: document.getElementById('board-1').shadowRoot.querySelectorAll('[data-painted]').length, moved: e.sources.map(s => `${s.node?.outerHTML?.slice(0, 90)} in ${s.node?.getRootNode()?.host?.id ?? 'page'} ${JSON.stringify(s.previousRect)}→${JSON.stringify(s.currentRect)}`) })))
           .observe({ type: 'layout-shift' });",
    )
    .await;
    let before = script(&client, "return document.getElementById('host-text').getBoundingClientRect().top + document.getElementById('board-2').getBoundingClientRect().top;").await;
    gate.open();
    until("the wasm took over", async || count(&client, LIVE_BOARD).await > 0 && count(&client, PAINTED).await == 0)
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = script(&client, "return document.getElementById('host-text').getBoundingClientRect().top + document.getElementById('board-2').getBoundingClientRect().top;").await;
    assert_eq!(before, after, "nothing on the page moved: {}", script(&client, "return window.shifts;").await);
    let shifts = script(&client, "return window.shifts;").await;
    let shift: f64 = shifts.as_array().unwrap().iter().filter_map(|s| s["value"].as_f64()).sum();
    assert!(shift <= 0.01, "layout shift {shift} during the takeover: {shifts}");
    client.close().await.unwrap();
}
