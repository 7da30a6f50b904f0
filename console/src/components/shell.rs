use leptos::prelude::*;

use crate::components::attendees_page::AttendeesPage;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::door_page::DoorPage;
use crate::components::event_form::EventForm;
use crate::components::events_page::EventsPage;
use crate::components::lang_switch::LangSwitch;
use crate::components::series_page::SeriesPage;
use crate::components::sources_page::SourcesPage;
use crate::components::webhooks_page::WebhooksPage;
use crate::i18n::texts;
use crate::nav::{Console, Page, Tab};
use crate::session::{current_lang, Session};

/// The signed-in console: navigation, language, sign-out, and the current page.
#[component]
pub fn Shell() -> impl IntoView {
    let session = expect_context::<Session>();
    let console = expect_context::<Console>();
    let t = texts(current_lang());
    let page = Memo::new(move |_| console.page.get());
    let tab = move |which: Tab, id: &'static str, label: &'static str, to: Page| {
        view! {
            <li>
                <button type="button" id=id class="tab"
                    aria-current=move || (page.with(Page::tab) == which).then_some("page")
                    on:click=move |_| console.go(to.clone())>
                    {label}
                </button>
            </li>
        }
    };
    let sign_out = move |_| {
        console.forget();
        session.sign_out();
    };
    let body = move || match page.get() {
        Page::Events => view! { <EventsPage/> }.into_any(),
        Page::EventForm { editing } => view! { <EventForm editing/> }.into_any(),
        Page::Attendees(event_id) => view! { <AttendeesPage event_id/> }.into_any(),
        Page::CheckIn(event_id) => view! { <DoorPage event_id/> }.into_any(),
        Page::Series => view! { <SeriesPage/> }.into_any(),
        Page::Sources => view! { <SourcesPage/> }.into_any(),
        Page::Webhooks => view! { <WebhooksPage/> }.into_any(),
    };
    view! {
        <header class="top">
            <p class="brand">{t.app_title}</p>
            <nav aria-label=t.nav_label>
                <ul class="tabs">
                    {tab(Tab::Events, "nav-events", t.nav_events, Page::Events)}
                    {tab(Tab::Series, "nav-series", t.nav_series, Page::Series)}
                    {tab(Tab::Sources, "nav-sources", t.nav_sources, Page::Sources)}
                    {tab(Tab::Webhooks, "nav-webhooks", t.nav_webhooks, Page::Webhooks)}
                </ul>
            </nav>
            <div class="top-actions">
                <LangSwitch/>
                <button type="button" id="sign-out" on:click=sign_out>{t.sign_out}</button>
            </div>
        </header>
        <div class="page">{body}</div>
        <ConfirmDialog/>
    }
}
