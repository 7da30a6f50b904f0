use reqwest::header::{ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN, VARY};
use reqwest::StatusCode;

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn health_check_answers_once_the_database_is_ready() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn demo_page_embeds_the_board_with_one_tag() {
    let app = spawn_app().await;
    let page = app.client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!(r#"<script type="module" src="{}/embed.js"></script>"#, app.address)));
    assert!(page.contains(&format!(r#"<stammtisch-board api="{}""#, app.address)));
    assert!(page.contains(" jsonld>"), "the demo shows search engines its events");
}

#[tokio::test]
async fn widget_files_are_public_for_every_origin() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/embed.js")).header(ORIGIN, "https://www.example.com").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(response.headers()["content-type"].to_str().unwrap().contains("javascript"));
    let missing = app.client.get(app.url("/nope.wasm")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn widget_files_go_out_precompressed_when_the_build_left_copies() {
    let app = spawn_app().await;
    app.add_widget_file("board.wasm", b"\0asm plain");
    app.add_widget_file("board.wasm.br", b"brotli bytes");
    let brotli = app.client.get(app.url("/board.wasm")).header("accept-encoding", "gzip, br").send().await.unwrap();
    assert_eq!(brotli.headers()["content-encoding"], "br");
    assert_eq!(brotli.headers()["content-type"], "application/wasm");
    assert_eq!(brotli.headers()[ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert_eq!(&brotli.bytes().await.unwrap()[..], b"brotli bytes");
    let plain = app.client.get(app.url("/board.wasm")).header("accept-encoding", "identity").send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(&plain.bytes().await.unwrap()[..], b"\0asm plain");
}

#[tokio::test]
async fn the_api_answers_cors_only_for_allowed_origins() {
    let app = spawn_app_with(&["--allow-origin", "https://www.systemhaus-nord.de"]).await;
    let allowed =
        app.client.get(app.url("/api/v1/feed")).header(ORIGIN, "https://www.systemhaus-nord.de").send().await.unwrap();
    assert_eq!(allowed.headers()[ACCESS_CONTROL_ALLOW_ORIGIN], "https://www.systemhaus-nord.de");
    assert!(allowed.headers().get_all(VARY).iter().any(|v| v.to_str().unwrap().to_lowercase().contains("origin")));
    assert!(allowed.headers().get("access-control-allow-credentials").is_none());

    let other = app.client.get(app.url("/api/v1/feed")).header(ORIGIN, "https://evil.example").send().await.unwrap();
    assert!(other.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn the_router_answers_without_a_socket() {
    use axum::body::Body;
    use axum::http::Request;
    use clap::Parser;
    use tower::ServiceExt;

    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("oneshot.db").display());
    let config = stammtisch_server::Config::parse_from(["stammtisch-server", "--database", &database]);
    let store = stammtisch_server::Store::open(&config.database).await.unwrap();
    let state = stammtisch_server::AppState::new(store, &config, "http://board.test".into()).unwrap();
    let router = stammtisch_server::app(state);

    let health = router.clone().oneshot(Request::get("/healthz").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let missing = router
        .oneshot(
            Request::post("/api/v1/events/nope/rsvps")
                .header("content-type", "application/json")
                .body(Body::from(r#"{"name":"A","email":"a@example.org","consent":true}"#))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn star_opens_the_feed_to_every_page_but_not_rsvps() {
    let app = spawn_app_with(&["--allow-origin", "*", "--allow-origin", "https://partner.example"]).await;
    let feed = app.client.get(app.url("/api/v1/feed")).header(ORIGIN, "https://anyone.example").send().await.unwrap();
    assert_eq!(feed.headers()[ACCESS_CONTROL_ALLOW_ORIGIN], "*");

    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/events/x/rsvps"))
            .header(ORIGIN, origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let refused = preflight("https://anyone.example").await.unwrap();
    assert!(refused.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none(), "RSVPs need a listed origin");
    let allowed = preflight("https://partner.example").await.unwrap();
    assert_eq!(allowed.headers()[ACCESS_CONTROL_ALLOW_ORIGIN], "https://partner.example");

    let admin =
        app.client.get(app.url("/api/v1/admin/events")).header(ORIGIN, "https://partner.example").send().await.unwrap();
    assert!(admin.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none(), "the organizer API is same-origin only");
}

#[tokio::test]
async fn the_iframe_page_renders_the_board_from_query_parameters() {
    let app = spawn_app_with(&["--allow-origin", "https://www.systemhaus-nord.de"]).await;
    let response = app
        .client
        .get(app.url("/embed?locale=en&kinds=meetup,webinar&theme=dark&view=%22%3E%3Cscript%3E"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors 'self' https://www.systemhaus-nord.de"), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    let page = response.text().await.unwrap();
    assert!(
        page.contains(&format!(
            r#"<stammtisch-board api="{}" locale="en" kinds="meetup,webinar" theme="dark">"#,
            app.address
        )),
        "{page}"
    );
    assert!(!page.contains("<script>"), "unknown values are dropped");
    assert!(page.contains(r#"<html lang="en">"#));
}

#[tokio::test]
async fn every_rendered_page_carries_strict_security_headers() {
    let app = spawn_app().await;
    app.add_event(crate::helpers::event("stammtisch", Some(10))).await;
    let created: serde_json::Value = app
        .post_rsvp("stammtisch", &crate::helpers::rsvp_body("Anna", "anna@example.org", 0))
        .await
        .json()
        .await
        .unwrap();
    let token = crate::helpers::TestApp::token_of(&created);
    for path in ["/".to_owned(), "/embed?locale=de".to_owned(), format!("/rsvp/{token}"), "/rsvp/unknown".to_owned()] {
        let response = app.client.get(app.url(&path)).send().await.unwrap();
        let headers = response.headers();
        let csp = headers.get("content-security-policy").unwrap_or_else(|| panic!("{path}: no CSP")).to_str().unwrap();
        assert!(!csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert!(headers.get("server").is_none(), "{path}: no server version");
    }
    let api = app.client.get(app.url("/api/v1/feed")).send().await.unwrap();
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn the_console_page_loads_only_from_its_own_origin_and_is_never_framed_or_cached() {
    let app = spawn_app().await;
    for path in ["/admin", "/admin/"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
        // The whole policy, pinned: the admin token lives in this page's storage.
        assert_eq!(
            header("content-security-policy"),
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' blob:; \
             style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        );
        assert_eq!(header("cache-control"), "no-store");
        assert_eq!(header("referrer-policy"), "no-referrer");
        let page = response.text().await.unwrap();
        assert!(page.contains(r#"<script type="module" src="/admin/console.js">"#), "{page}");
        assert!(!page.contains("<script>") && !page.contains("style="), "nothing inline");
    }
}
