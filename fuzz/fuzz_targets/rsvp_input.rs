//! RSVP input as a stranger posts it: any JSON body either fails with a field error or gives
//! an RSVP within every rule of docs/API.md §2.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stammtisch_model::RsvpRequest;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = serde_json::from_slice::<RsvpRequest>(data) else { return };
    let Ok(valid) = request.validate() else { return };
    let chars = |s: &str| s.chars().count();
    assert!(!valid.name.trim().is_empty() && chars(&valid.name) <= 100, "name {:?}", valid.name);
    assert_eq!(valid.name, valid.name.trim());
    assert!(valid.email.len() <= 254 && valid.email.contains('@'), "email {:?}", valid.email);
    assert_eq!(valid.email_normalized, valid.email.trim().to_lowercase());
    assert!(valid.guests <= 9);
    assert!(valid.company.as_deref().is_none_or(|c| chars(c) <= 100));
    assert!(valid.note.as_deref().is_none_or(|n| chars(n) <= 500));
});
