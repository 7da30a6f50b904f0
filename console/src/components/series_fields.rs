use leptos::prelude::*;
use stammtisch_model::Kind;

use crate::components::binding::{bind, error_at, Binding};
use crate::components::choice_field::ChoiceField;
use crate::components::text_area::TextArea;
use crate::components::text_field::TextField;
use crate::i18n::texts;
use crate::problems::FieldProblem;
use crate::series_draft::{series_field_id, Rule, SeriesDraft, WEEKDAYS};
use crate::session::current_lang;

/// The series form's fields: the rule, its dates, and what every date shares.
#[component]
pub fn SeriesFields(
    /// The form's state.
    draft: RwSignal<SeriesDraft>,
    /// The problems shown at the fields.
    problems: RwSignal<Vec<FieldProblem>>,
) -> impl IntoView {
    let lang = current_lang();
    let t = texts(lang);
    let id = |field: &str| series_field_id(field);
    let error = move |field: &'static str| error_at(problems, field, lang);
    let rule = Binding {
        value: Signal::derive(move || draft.with(|d| d.rule.as_str().to_owned())),
        set: Callback::new(move |name: String| draft.update(|d| d.rule = Rule::from_name(&name))),
    };
    let shows = move |which: Rule| move || draft.with(|d| d.rule != which);
    let kind = Binding {
        value: Signal::derive(move || draft.with(|d| d.kind.as_str().to_owned())),
        set: Callback::new(move |name: String| draft.update(|d| d.kind = Kind::from_name(&name).unwrap_or_default())),
    };
    let rules: Vec<(String, String)> =
        Rule::ALL.iter().zip(t.rule_names).map(|(r, label)| (r.as_str().to_owned(), label.to_owned())).collect();
    let nths: Vec<(String, String)> = ["1", "2", "3", "4", "5", "-1"]
        .iter()
        .zip(t.nth_names)
        .map(|(n, label)| ((*n).to_owned(), label.to_owned()))
        .collect();
    let weekdays: Vec<(String, String)> =
        WEEKDAYS.iter().enumerate().map(|(i, (_, name))| ((*name).to_owned(), t.weekdays[i].to_owned())).collect();
    let kinds: Vec<(String, String)> =
        Kind::ALL.iter().map(|k| (k.as_str().to_owned(), t.kind(*k).to_owned())).collect();
    view! {
        <fieldset>
            <legend>{t.legend_rule}</legend>
            <TextField id=id("id") label=t.f_series_id hint=t.f_series_id_hint error=error("id")
                readonly=Signal::derive(move || draft.with(|d| d.editing))
                bind=bind(draft, |d| &d.id, |d, v| d.id = v)/>
            <ChoiceField id=id("repeat.every") label=t.f_rule options=rules bind=rule error=error("repeat.every")/>
            <TextField id=id("repeat.interval") label=t.f_interval hint=t.f_interval_hint input_type="number" min="1"
                error=error("repeat.interval") bind=bind(draft, |d| &d.interval, |d, v| d.interval = v)/>
            <div hidden=shows(Rule::MonthWeekday)>
                <ChoiceField id=id("repeat.nth") label=t.f_nth options=nths error=error("repeat.nth")
                    bind=bind(draft, |d| &d.nth, |d, v| d.nth = v)/>
                <ChoiceField id=id("repeat.weekday") label=t.f_weekday options=weekdays error=error("repeat.weekday")
                    bind=bind(draft, |d| &d.weekday, |d, v| d.weekday = v)/>
            </div>
            <div hidden=shows(Rule::MonthDay)>
                <TextField id=id("repeat.day") label=t.f_day input_type="number" min="1" error=error("repeat.day")
                    bind=bind(draft, |d| &d.day, |d, v| d.day = v)/>
            </div>
        </fieldset>
        <fieldset>
            <legend>{t.legend_dates}</legend>
            <TextField id=id("first_date") label=t.f_first_date input_type="date" error=error("first_date")
                bind=bind(draft, |d| &d.first_date, |d, v| d.first_date = v)/>
            <TextField id=id("until") label=t.f_until hint=t.f_until_hint input_type="date" error=error("until")
                bind=bind(draft, |d| &d.until, |d, v| d.until = v)/>
            <TextField id=id("count") label=t.f_count input_type="number" min="1" error=error("count")
                bind=bind(draft, |d| &d.count, |d, v| d.count = v)/>
            <TextField id=id("time") label=t.f_time input_type="time" error=error("time")
                bind=bind(draft, |d| &d.time, |d, v| d.time = v)/>
            <TextField id=id("duration_minutes") label=t.f_duration input_type="number" min="1"
                error=error("duration_minutes") bind=bind(draft, |d| &d.duration_minutes, |d, v| d.duration_minutes = v)/>
            <TextField id=id("time_zone") label=t.f_time_zone hint=t.f_time_zone_hint error=error("time_zone")
                bind=bind(draft, |d| &d.time_zone, |d, v| d.time_zone = v)/>
            <TextField id=id("except") label=t.f_except hint=t.f_except_hint error=error("except")
                bind=bind(draft, |d| &d.except, |d, v| d.except = v)/>
        </fieldset>
        <fieldset>
            <legend>{t.legend_shared}</legend>
            <TextField id=id("title") label=t.f_title error=error("title")
                bind=bind(draft, |d| &d.title, |d, v| d.title = v)/>
            <ChoiceField id=id("kind") label=t.f_kind options=kinds bind=kind error=error("kind")/>
            <TextField id=id("capacity") label=t.f_capacity hint=t.f_capacity_hint input_type="number" min="0"
                error=error("capacity") bind=bind(draft, |d| &d.capacity, |d, v| d.capacity = v)/>
            <TextField id=id("location.name") label=t.f_location_name error=error("location.name")
                bind=bind(draft, |d| &d.location_name, |d, v| d.location_name = v)/>
            <TextField id=id("location.city") label=t.f_location_city error=error("location.city")
                bind=bind(draft, |d| &d.location_city, |d, v| d.location_city = v)/>
            <TextArea id=id("summary") label=t.f_summary rows=2 error=error("summary")
                bind=bind(draft, |d| &d.summary, |d, v| d.summary = v)/>
            <TextField id=id("tags") label=t.f_tags hint=t.f_tags_hint error=error("tags")
                bind=bind(draft, |d| &d.tags, |d, v| d.tags = v)/>
        </fieldset>
    }
}
