//! Telling a host (the tests, `embed.js`) that the board is on the page.

use leptos::prelude::*;

/// Told once the board shows its events or why it cannot: `embed.js` then swaps the wasm's
/// board in for the one the server painted.
#[derive(Clone, Copy)]
pub struct BoardReady(pub Callback<()>);

/// Tells [`BoardReady`], if someone listens, after the calling view is on the page.
pub fn tell_ready() {
    if let Some(BoardReady(ready)) = use_context::<BoardReady>() {
        Effect::new(move |_| ready.run(()));
    }
}
