//! Who is signed in, and in which language the console speaks.
//!
//! The admin token lives in `sessionStorage` only: it ends with the browser tab, is never
//! written to `localStorage` or a cookie, and so never rides along on a request by itself.

use leptos::prelude::*;
use stammtisch_model::Lang;
use web_sys::Storage;

pub const TOKEN_KEY: &str = "stammtisch-admin-token";
/// The language chosen in this tab, so that a reload keeps it.
const LANG_KEY: &str = "stammtisch-admin-lang";

/// Why the sign-in form is shown again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The server refused the stored token (changed, or the server restarted with another).
    Expired,
    SignedOut,
}

#[derive(Clone, Copy)]
pub struct Session {
    pub token: RwSignal<Option<String>>,
    pub lang: RwSignal<Lang>,
    pub notice: RwSignal<Option<Notice>>,
}

impl Session {
    pub fn start() -> Self {
        Session {
            token: RwSignal::new(stored_token()),
            lang: RwSignal::new(chosen_lang().unwrap_or_else(browser_lang)),
            notice: RwSignal::new(None),
        }
    }

    pub fn sign_in(&self, token: String) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(TOKEN_KEY, &token);
        }
        self.notice.try_set(None);
        self.token.try_set(Some(token));
    }

    /// Speaks `lang` from now on, also after a reload of this tab.
    pub fn choose_lang(&self, lang: Lang) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(LANG_KEY, lang.tag());
        }
        self.lang.set(lang);
    }

    pub fn sign_out(&self) {
        self.end(Notice::SignedOut);
    }

    /// The server answered 401: back to the sign-in form, saying why.
    pub fn expire(&self) {
        self.end(Notice::Expired);
    }

    fn end(&self, notice: Notice) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(TOKEN_KEY);
        }
        self.notice.try_set(Some(notice));
        self.token.try_set(None);
    }

    pub fn current_token(&self) -> Option<String> {
        self.token.try_get_untracked().flatten()
    }

    pub fn current_lang(&self) -> Lang {
        self.lang.try_get_untracked().unwrap_or_default()
    }
}

fn storage() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The token of this tab's session, if someone signed in before a reload.
pub fn stored_token() -> Option<String> {
    storage()?.get_item(TOKEN_KEY).ok()?.filter(|token| !token.trim().is_empty())
}

fn chosen_lang() -> Option<Lang> {
    Lang::from_tag(&storage()?.get_item(LANG_KEY).ok()??)
}

/// The browser's language when the console speaks it, else German.
fn browser_lang() -> Lang {
    web_sys::window().and_then(|w| w.navigator().language()).and_then(|tag| Lang::from_tag(&tag)).unwrap_or_default()
}

/// The language the current pages are built in; they are built anew when it changes.
pub fn current_lang() -> Lang {
    use_context::<Session>().map(|session| session.current_lang()).unwrap_or_default()
}
