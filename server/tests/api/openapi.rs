//! The OpenAPI document: served as generated, checked in as served, and naming only routes
//! that exist. Its answers are tested against the real server by schemathesis (e2e).

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app_with;

const TOKEN: &str = "organizer-secret-token-0123456789";

fn checked_in() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/openapi.json")
}

#[tokio::test]
async fn the_served_document_is_openapi_3_1_and_the_one_in_docs() {
    let app = spawn_app_with(&[]).await;
    let response = app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let served = response.text().await.unwrap();
    let document: Value = serde_json::from_str(&served).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let on_disk = std::fs::read_to_string(checked_in()).unwrap_or_default();
    if on_disk != served {
        // Like rust-analyzer's tidy tests: the fix is written, and the test fails until it is
        // committed.
        std::fs::write(checked_in(), &served).unwrap();
        panic!("docs/openapi.json differed from the served document and was rewritten: please commit it");
    }
}

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = spawn_app_with(&["--admin-token", TOKEN]).await;
    let document: Value = serde_json::from_str(&stammtisch_server::openapi::document()).unwrap();
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.len() >= 20, "{} paths", paths.len());
    for (path, item) in paths {
        if path == "/api/v1/feed/stream" {
            continue; // never ends; tests/api/stream.rs has it
        }
        let concrete = path.replace("{file}", "nichts.ics").replace(['{', '}'], "");
        for method in item.as_object().unwrap().keys() {
            let method: reqwest::Method = method.to_uppercase().parse().unwrap();
            let response = app
                .client
                .request(method.clone(), app.url(&concrete))
                .bearer_auth(TOKEN)
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
            let status = response.status();
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            let documented = item[method.as_str().to_lowercase()]["responses"].as_object().unwrap();
            assert!(documented.contains_key(status.as_str()), "{method} {path} answered {status}, not documented");
            if status == StatusCode::NOT_FOUND {
                // The API's own 404, not the widget files' fallback.
                let body: Value = response.json().await.unwrap();
                assert_eq!(body["error"], "not_found", "{method} {path}");
            }
        }
    }
}
