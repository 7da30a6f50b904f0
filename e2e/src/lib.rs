//! The end-to-end test lives in tests/demo_page.rs; this crate has no code of its own.
