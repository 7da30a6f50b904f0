use leptos::prelude::*;

use crate::components::shell::Shell;
use crate::components::sign_in::SignIn;
use crate::i18n::texts;
use crate::nav::Console;
use crate::session::Session;

/// The whole console: the sign-in form, or the console for a signed-in organizer. Changing
/// the language builds it anew; drafts and the current page live above that and stay.
#[component]
pub fn App() -> impl IntoView {
    let session = Session::start();
    provide_context(session);
    let console = Console::new();
    provide_context(console);
    let signed_in = Memo::new(move |_| session.token.with(Option::is_some));
    Effect::new(move |_| {
        let lang = session.lang.get();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            if let Some(html) = document.document_element() {
                let _ = html.set_attribute("lang", lang.tag());
            }
            document.set_title(texts(lang).app_title);
        }
    });
    move || {
        // Read so that a new language rebuilds everything below.
        let _ = session.lang.get();
        if signed_in.get() {
            view! { <Shell/> }.into_any()
        } else {
            view! { <SignIn/> }.into_any()
        }
    }
}
