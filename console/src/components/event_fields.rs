use leptos::prelude::*;
use stammtisch_model::Kind;

use crate::components::binding::{bind, bind_flag, error_at, Binding};
use crate::components::check_field::CheckField;
use crate::components::choice_field::ChoiceField;
use crate::components::questions_editor::QuestionsEditor;
use crate::components::text_area::TextArea;
use crate::components::text_field::TextField;
use crate::event_draft::{event_field_id, EventDraft};
use crate::i18n::texts;
use crate::problems::FieldProblem;
use crate::session::current_lang;

/// The event form's fields, in groups. Each field's id is `event-` and its JSON name, so the
/// server's `location.city` is `#event-location-city`.
#[component]
pub fn EventFields(
    /// The form's state.
    draft: RwSignal<EventDraft>,
    /// The problems shown at the fields.
    problems: RwSignal<Vec<FieldProblem>>,
    /// A stored event is being changed: its id stays.
    editing: bool,
) -> impl IntoView {
    let lang = current_lang();
    let t = texts(lang);
    let id = |field: &str| event_field_id(field);
    let error = move |field: &'static str| error_at(problems, field, lang);
    let kind = Binding {
        value: Signal::derive(move || draft.with(|d| d.kind.as_str().to_owned())),
        set: Callback::new(move |name: String| draft.update(|d| d.kind = Kind::from_name(&name).unwrap_or_default())),
    };
    let kinds: Vec<(String, String)> =
        Kind::ALL.iter().map(|k| (k.as_str().to_owned(), t.kind(*k).to_owned())).collect();
    view! {
        <fieldset>
            <legend>{t.legend_event}</legend>
            <TextField id=id("title") label=t.f_title error=error("title")
                bind=bind(draft, |d| &d.title, |d, v| { d.title = v; d.suggest_id(); })/>
            <TextField id=id("id") label=t.f_id hint=t.f_id_hint error=error("id") readonly=editing
                bind=bind(draft, |d| &d.id, |d, v| { d.id = v; d.id_locked = true; })/>
            <ChoiceField id=id("kind") label=t.f_kind options=kinds bind=kind error=error("kind")/>
        </fieldset>
        <fieldset>
            <legend>{t.legend_time}</legend>
            <TextField id=id("starts_at") label=t.f_starts_at input_type="datetime-local" error=error("starts_at")
                bind=bind(draft, |d| &d.starts_at, |d, v| { d.starts_at = v; d.suggest_id(); })/>
            <TextField id=id("ends_at") label=t.f_ends_at input_type="datetime-local" error=error("ends_at")
                bind=bind(draft, |d| &d.ends_at, |d, v| d.ends_at = v)/>
            <TextField id=id("time_zone") label=t.f_time_zone hint=t.f_time_zone_hint error=error("time_zone")
                bind=bind(draft, |d| &d.time_zone, |d, v| d.time_zone = v)/>
        </fieldset>
        <fieldset>
            <legend>{t.legend_text}</legend>
            <TextArea id=id("summary") label=t.f_summary rows=2 error=error("summary")
                bind=bind(draft, |d| &d.summary, |d, v| d.summary = v)/>
            <TextArea id=id("description") label=t.f_description rows=6 hint=t.f_description_hint
                error=error("description") bind=bind(draft, |d| &d.description, |d, v| d.description = v)/>
            <TextField id=id("tags") label=t.f_tags hint=t.f_tags_hint error=error("tags")
                bind=bind(draft, |d| &d.tags, |d, v| d.tags = v)/>
            <TextField id=id("url") label=t.f_url input_type="url" error=error("url")
                bind=bind(draft, |d| &d.url, |d, v| d.url = v)/>
        </fieldset>
        <fieldset>
            <legend>{t.legend_place}</legend>
            <TextField id=id("location.name") label=t.f_location_name error=error("location.name")
                bind=bind(draft, |d| &d.location_name, |d, v| d.location_name = v)/>
            <TextField id=id("location.address") label=t.f_location_address error=error("location.address")
                bind=bind(draft, |d| &d.location_address, |d, v| d.location_address = v)/>
            <TextField id=id("location.city") label=t.f_location_city error=error("location.city")
                bind=bind(draft, |d| &d.location_city, |d, v| d.location_city = v)/>
            <TextField id=id("location.online_url") label=t.f_online_url input_type="url"
                error=error("location.online_url") bind=bind(draft, |d| &d.online_url, |d, v| d.online_url = v)/>
        </fieldset>
        <fieldset>
            <legend>{t.legend_organizer}</legend>
            <TextField id=id("organizer.name") label=t.f_organizer_name error=error("organizer.name")
                bind=bind(draft, |d| &d.organizer_name, |d, v| d.organizer_name = v)/>
            <TextField id=id("organizer.url") label=t.f_organizer_url input_type="url" error=error("organizer.url")
                bind=bind(draft, |d| &d.organizer_url, |d, v| d.organizer_url = v)/>
        </fieldset>
        <fieldset>
            <legend>{t.legend_rsvp}</legend>
            <TextField id=id("capacity") label=t.f_capacity hint=t.f_capacity_hint input_type="number" min="0"
                error=error("capacity") bind=bind(draft, |d| &d.capacity, |d, v| d.capacity = v)/>
            <CheckField id=id("rsvp_enabled") label=t.f_rsvp_enabled error=error("rsvp_enabled")
                flag=bind_flag(draft, |d| d.rsvp_enabled, |d, v| d.rsvp_enabled = v)/>
            <CheckField id=id("rsvp_open") label=t.f_rsvp_open error=error("rsvp_open")
                disabled=Signal::derive(move || !draft.with(|d| d.rsvp_enabled))
                flag=bind_flag(draft, |d| d.rsvp_open, |d, v| d.rsvp_open = v)/>
            <TextField id=id("rsvp_closes_at") label=t.f_rsvp_closes_at hint=t.f_rsvp_closes_at_hint
                input_type="datetime-local" error=error("rsvp_closes_at")
                bind=bind(draft, |d| &d.rsvp_closes_at, |d, v| d.rsvp_closes_at = v)/>
            <CheckField id=id("rsvp_approval") label=t.f_rsvp_approval error=error("rsvp_approval")
                flag=bind_flag(draft, |d| d.rsvp_approval, |d, v| d.rsvp_approval = v)/>
            <CheckField id=id("rsvp_mail_consent") label=t.f_rsvp_mail_consent error=error("rsvp_mail_consent")
                flag=bind_flag(draft, |d| d.rsvp_mail_consent, |d, v| d.rsvp_mail_consent = v)/>
        </fieldset>
        <QuestionsEditor draft error=error("questions")/>
    }
    // One type for the whole form keeps the compiler's type depth in bounds.
    .into_any()
}
