//! `GET /admin`: the organizer console's page. The console itself is a wasm app
//! (`console/`, built into `{widget dir}/admin/`); this page only loads it, under a policy
//! that allows nothing but this origin: the admin token lives in this page's session storage.

use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};

const CONSOLE_PAGE: &str = r#"<!doctype html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Stammtisch – Verwaltung</title>
  <link rel="stylesheet" href="/admin/console.css">
  <script type="module" src="/admin/console.js"></script>
</head>
<body>
  <main id="console">
    <p>Die Verwaltung wird geladen … / Loading the console …</p>
    <noscript><p>Die Verwaltung braucht JavaScript. / The console needs JavaScript.</p></noscript>
  </main>
</body>
</html>
"#;

const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' blob:; \
    style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub async fn console_page() -> Response {
    let mut response = Html(CONSOLE_PAGE).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
