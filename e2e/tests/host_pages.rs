//! The same board on every kind of company page, in every engine: what a visitor sees inside
//! the board does not depend on the host page's root font size, its `!important` rules or its
//! writing direction; and on a narrow board the first event is on the first screen.

use std::collections::BTreeMap;

use fantoccini::Client;
use serde_json::Value;
use stammtisch_e2e::{
    find_in_board, in_every_engine, script, start_engine, start_server, until, Engine, HostSite, LIVE_BOARD, THEMES,
};

/// Computed styles of the board's parts, once the wasm's board shows its events.
async fn board_styles(client: &Client) -> Option<Value> {
    let code = format!(
        r#"const host = document.querySelector('stammtisch-board');
        const live = host && host.shadowRoot && host.shadowRoot.querySelector('{LIVE_BOARD}');
        if (!live || !live.querySelector('.st-card')) return null;
        const parts = {{
            'board title': '.st-board-title', 'event title': '.st-title', 'time': '.st-when', 'place': '.st-where',
            'badge': '.st-badge', 'seats': '.st-seats', 'card': '.st-card', 'card button': '.st-card-foot .st-button',
            'view switch': '.st-toggle', 'chip': '.st-chip', 'search label': '.st-search span',
            'search box': '.st-search input', 'select': '.st-select select', 'checkbox label': '.st-check',
        }};
        const properties = ['font-size', 'line-height', 'font-family', 'font-weight', 'letter-spacing', 'text-transform',
            'direction', 'text-align', 'box-sizing', 'display', 'padding-top', 'padding-left', 'margin-top',
            'border-top-width', 'height'];
        const out = {{}};
        for (const [name, selector] of Object.entries(parts)) {{
            const element = live.querySelector(selector);
            if (!element) {{ out[name] = 'missing'; continue; }}
            const style = getComputedStyle(element);
            out[name] = Object.fromEntries(properties.map(p => [p, p === 'height'
                ? Math.round(element.getBoundingClientRect().height) + 'px' : style.getPropertyValue(p)]));
        }}
        return out;"#
    );
    let found = script(client, &code).await;
    (!found.is_null()).then_some(found)
}

async fn styles_on(client: &Client, page: &str) -> Value {
    client.goto(page).await.unwrap();
    let mut found = None;
    until(&format!("the board on {page} shows events"), async || {
        found = board_styles(client).await;
        found.is_some()
    })
    .await;
    found.unwrap()
}

/// Every part and property whose value differs from the neutral page's.
fn differences(theme: &str, neutral: &Value, themed: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let parts: BTreeMap<_, _> = neutral.as_object().unwrap().iter().collect();
    for (part, values) in parts {
        for (property, value) in values.as_object().into_iter().flatten() {
            let other = &themed[part][property];
            if other != value {
                out.push(format!("{theme}: {part} {property} is {other}, on a neutral page {value}"));
            }
        }
    }
    out
}

async fn host_pages_do_not_change_the_board(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let host = HostSite::start().await;
    let database = format!("sqlite://{}", dir.path().join("themes.db").display());
    let (_server, board_url) = start_server(&database, &["--allow-origin", &host.url]);
    host.set_board(&board_url);
    let (_driver, client) = start_engine(engine, &dir.path().join("profile")).await;

    let neutral = styles_on(&client, &format!("{}/themes/neutral", host.url)).await;
    // Sizes come from the browser's own default (16px here), not from the page.
    assert_eq!(neutral["board title"]["font-size"], "20px", "{}: {neutral}", engine.name());
    assert_eq!(neutral["search label"]["font-size"], "13.6px", "{}", engine.name());
    assert_eq!(neutral["search box"]["font-size"], "16px", "{}", engine.name());
    assert_eq!(neutral["card"]["direction"], "ltr");
    let mut found = Vec::new();
    for theme in THEMES.iter().filter(|t| **t != "neutral") {
        let themed = styles_on(&client, &format!("{}/themes/{theme}", host.url)).await;
        found.extend(differences(theme, &neutral, &themed));
    }
    assert!(found.is_empty(), "{}:\n{}", engine.name(), found.join("\n"));
    assert_eq!(host.csp_reports(), Vec::<String>::new(), "no CSP violation");
    client.close().await.unwrap();
}

in_every_engine!(host_pages_do_not_change_the_board);

/// Where the first card starts below the board's top, and the folded filters' state.
async fn narrow_layout(client: &Client) -> Value {
    let code = format!(
        r#"const host = document.querySelector('stammtisch-board');
        const live = host.shadowRoot.querySelector('{LIVE_BOARD}');
        const toggle = live.querySelector('.st-filter-toggle'), filters = live.querySelector('.st-filters');
        const card = live.querySelector('.st-card');
        return {{
            firstCard: Math.round(card.getBoundingClientRect().top - host.getBoundingClientRect().top),
            toggle: getComputedStyle(toggle).display !== 'none' ? toggle.textContent : null,
            expanded: toggle.getAttribute('aria-expanded'),
            filtersShown: getComputedStyle(filters).display !== 'none',
        }};"#
    );
    script(client, &code).await
}

async fn a_narrow_board_folds_its_filters(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let host = HostSite::start().await;
    let database = format!("sqlite://{}", dir.path().join("narrow.db").display());
    let (_server, board_url) = start_server(&database, &["--allow-origin", &host.url]);
    host.set_board(&board_url);
    let (_driver, client) = start_engine(engine, &dir.path().join("profile")).await;
    client.goto(&format!("{}/themes/neutral", host.url)).await.unwrap();
    find_in_board(&client, ".st-card").await;

    // A wide window, a narrow sidebar: the board's own width decides.
    script(&client, "document.querySelector('.sidebar').style.width = '390px';").await;
    let mut layout = Value::Null;
    until("the filters fold", async || {
        layout = narrow_layout(&client).await;
        layout["toggle"].is_string()
    })
    .await;
    let name = engine.name();
    assert_eq!(layout["toggle"], "Filter", "{name}: {layout}");
    assert_eq!(layout["filtersShown"], false, "{name}: {layout}");
    let first_card = layout["firstCard"].as_f64().unwrap();
    assert!(first_card <= 400.0, "{name}: the first card starts {first_card}px below the board's top");

    find_in_board(&client, ".st-filter-toggle").await.click().await.unwrap();
    find_in_board(&client, ".st-chip.st-kind-meetup").await.click().await.unwrap();
    let open = narrow_layout(&client).await;
    assert_eq!((&open["filtersShown"], &open["expanded"]), (&Value::Bool(true), &Value::from("true")), "{name}");
    assert_eq!(open["toggle"], "Filter (1)", "{name}: the count of filters set");

    // Wide again: the filters show and the button goes.
    script(&client, "document.querySelector('.sidebar').style.width = '900px';").await;
    until("the filters unfold", async || narrow_layout(&client).await["toggle"].is_null()).await;
    assert_eq!(narrow_layout(&client).await["filtersShown"], true, "{name}");
    client.close().await.unwrap();
}

in_every_engine!(a_narrow_board_folds_its_filters);
