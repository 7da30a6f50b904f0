//! One change sent to the server from a control that shows its own error.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ClientError;
use crate::session::current_lang;

/// Runs `action` unless one is running already; on success `done` runs, on failure the
/// message goes to `error`. A refused token has already ended the session: nothing to show.
pub fn act<F>(busy: RwSignal<bool>, error: RwSignal<Option<String>>, done: Callback<()>, action: F)
where
    F: Future<Output = Result<(), ClientError>> + 'static,
{
    if busy.try_get_untracked().unwrap_or(true) {
        return;
    }
    let lang = current_lang();
    busy.set(true);
    error.set(None);
    spawn_local(async move {
        let result = action.await;
        busy.set(false);
        match result {
            Ok(()) => {
                done.try_run(());
            }
            Err(ClientError::Unauthorized) => {}
            Err(problem) => error.set(Some(problem.message(lang))),
        }
    });
}
