//! The end-to-end test lives in tests/; this crate has no code of its own.
