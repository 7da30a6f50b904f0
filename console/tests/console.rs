//! The console in a real Chromium: time zones through `Intl`, the forms' conversion to the
//! API's shapes, focus after a list is rebuilt, and what an organizer sees before and after
//! signing in.
#![cfg(target_arch = "wasm32")]

mod support;

// One test binary (one wasm, one browser start) in four parts.
#[path = "console/focus.rs"]
mod focus;
#[path = "console/forms.rs"]
mod forms;
#[path = "console/mounting.rs"]
mod mounting;
#[path = "console/zones.rs"]
mod zones;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
