//! The forms' drafts turned into what the API takes, or into the problems at their fields.

use chrono::Weekday;
use stammtisch_console::event_draft::EventDraft;
use stammtisch_console::problems::Issue;
use stammtisch_console::question_draft::{to_questions, QuestionDraft};
use stammtisch_console::series_draft::{Rule, SeriesDraft};
use stammtisch_model::{
    AdminEvent, EventInput, Kind, Lang, Location, Organizer, Problem, QuestionKind, Repeat, SeriesInput,
};
use wasm_bindgen_test::*;

fn filled() -> EventDraft {
    let mut draft = EventDraft {
        title: "IT-Stammtisch Köln".into(),
        starts_at: "2027-01-07T19:00".into(),
        ends_at: "2027-01-07T22:00".into(),
        time_zone: "Europe/Berlin".into(),
        summary: "  Fachsimpeln am Abend. ".into(),
        location_name: "Brauhaus am Dom".into(),
        location_city: "Köln".into(),
        organizer_name: "Systemhaus West GmbH".into(),
        tags: "SharePoint, , Office ".into(),
        url: "https://example.com/stammtisch".into(),
        capacity: "40".into(),
        rsvp_closes_at: "2027-01-06T12:00".into(),
        ..EventDraft::new("Europe/Berlin")
    };
    // As typing the title and the start does: the id follows them.
    draft.suggest_id();
    draft
}

fn at(text: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    Some(chrono::DateTime::parse_from_rfc3339(text).unwrap())
}

#[wasm_bindgen_test]
fn a_filled_form_gives_the_event_for_the_api() {
    let expected = EventInput {
        id: "it-stammtisch-koeln-2027-01-07".into(),
        title: "IT-Stammtisch Köln".into(),
        kind: Kind::Meetup,
        starts_at: at("2027-01-07T19:00:00+01:00"),
        ends_at: at("2027-01-07T22:00:00+01:00"),
        time_zone: Some("Europe/Berlin".into()),
        summary: Some("Fachsimpeln am Abend.".into()),
        description: None,
        location: Some(Location {
            name: Some("Brauhaus am Dom".into()),
            city: Some("Köln".into()),
            ..Location::default()
        }),
        organizer: Some(Organizer { name: "Systemhaus West GmbH".into(), url: None }),
        tags: vec!["SharePoint".into(), "Office".into()],
        url: Some("https://example.com/stammtisch".into()),
        capacity: Some(40),
        rsvp_enabled: true,
        rsvp_open: true,
        rsvp_closes_at: at("2027-01-06T12:00:00+01:00"),
        rsvp_mail_consent: false,
        rsvp_approval: Some(false),
        rsvp: None,
        questions: vec![],
    };
    assert_eq!(filled().to_input(), Ok(expected));
    let unlimited =
        EventDraft { capacity: " ".into(), location_name: String::new(), location_city: String::new(), ..filled() };
    let input = unlimited.to_input().unwrap();
    assert_eq!((input.capacity, input.location), (None, None), "empty fields are left out");
}

#[wasm_bindgen_test]
fn a_broken_form_names_every_broken_field_once() {
    let broken = EventDraft {
        id: "Großes Treffen!".into(),
        title: "   ".into(),
        starts_at: String::new(),
        time_zone: "Mars/Olympus_Mons".into(),
        capacity: "-3".into(),
        url: "javascript:alert(1)".into(),
        online_url: "ftp://example.com/room".into(),
        organizer_url: "https://example.com".into(),
        ..filled()
    };
    let problems = broken.to_input().unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["title", "id", "starts_at", "time_zone", "url", "location.online_url", "capacity"]);
    assert_eq!(problems[0].issue, Issue::Rule(Problem::Required));
    assert_eq!(problems[3].issue, Issue::Rule(Problem::UnknownTimeZone));
    assert_eq!(problems[6].issue, Issue::WholeNumber { min: 0 });
    assert!(problems[4].message(Lang::De).contains("https://"));

    let backwards = EventDraft { ends_at: "2027-01-07T18:00".into(), ..filled() };
    let fields: Vec<String> = backwards.to_input().unwrap_err().into_iter().map(|p| p.field).collect();
    assert_eq!(fields, ["ends_at"]);
}

fn stored_event() -> AdminEvent {
    serde_json::from_value(serde_json::json!({
        "id": "sommerfest-2027", "title": "Sommerfest", "kind": "partner_day",
        "starts_at": "2027-07-02T16:00:00+02:00", "ends_at": "2027-07-02T23:30:00+02:00",
        "time_zone": "Europe/Berlin", "location": {"name": "Hof", "city": "Bremen"},
        "organizer": {"name": "Nord GmbH", "url": "https://example.com"}, "tags": ["Sommer"],
        "capacity": 120, "rsvp_enabled": true, "rsvp_open": false,
        "rsvp": {"open": false, "confirmed": 80, "waitlisted": 0, "seats_left": 40},
        "confirmed": 80, "waitlisted": 0, "source": null, "personal_data_deleted_after": "2027-10-01T00:00:00Z"
    }))
    .unwrap()
}

#[wasm_bindgen_test]
fn a_stored_event_fills_the_form_and_comes_back_unchanged() {
    let stored = stored_event();
    let draft = EventDraft::from_event(&stored);
    assert_eq!((draft.starts_at.as_str(), draft.ends_at.as_str()), ("2027-07-02T16:00", "2027-07-02T23:30"));
    assert_eq!(draft.to_input(), Ok(stored.to_input()));
    let copy = EventDraft::duplicate(&stored, Lang::De);
    assert_eq!(copy.id, "sommerfest-2027-kopie");
    assert_eq!(copy.to_input().map(|i| i.title), Ok("Sommerfest".to_owned()));
}

#[wasm_bindgen_test]
fn a_series_form_gives_the_api_body_or_its_problems() {
    let draft = SeriesDraft {
        id: "rotary-lunch".into(),
        rule: Rule::MonthWeekday,
        nth: "2".into(),
        weekday: "tue".into(),
        first_date: "2027-01-01".into(),
        until: "2027-12-31".into(),
        time: "12:30".into(),
        duration_minutes: "90".into(),
        except: "2027-08-10, 2027-12-14".into(),
        title: "Rotary-Lunch".into(),
        kind: Kind::ServiceClub,
        capacity: "30".into(),
        location_name: "Hotel am Markt".into(),
        location_city: "Lübeck".into(),
        ..SeriesDraft::new("Europe/Berlin")
    };
    let body = draft.to_body().unwrap();
    assert_eq!(body.repeat, Repeat::MonthWeekday { nth: 2, weekday: Weekday::Tue, interval: 1 });
    assert_eq!(
        (body.first_date.to_string(), body.until.map(|d| d.to_string())),
        ("2027-01-01".into(), Some("2027-12-31".into()))
    );
    assert_eq!((body.time.to_string(), body.duration_minutes), ("12:30:00".to_owned(), Some(90)));
    assert_eq!(body.except.iter().map(ToString::to_string).collect::<Vec<_>>(), ["2027-08-10", "2027-12-14"]);
    assert_eq!(body.event.title, "Rotary-Lunch");
    assert_eq!(body.event.location.as_ref().and_then(|l| l.city.as_deref()), Some("Lübeck"));
    assert!(body.count.is_none() && body.event.starts_at.is_none());
    // On the wire the time is the clock time the organizer typed.
    let wire = serde_json::to_value(&body).unwrap();
    assert_eq!(wire["time"], "12:30");
    assert_eq!(
        wire["repeat"],
        serde_json::json!({"every": "month_weekday", "nth": 2, "weekday": "Tue", "interval": 1})
    );

    let broken = SeriesDraft {
        id: "-x".into(),
        first_date: String::new(),
        time: "25:99".into(),
        except: "10.08.2027".into(),
        title: String::new(),
        ..draft
    };
    let fields: Vec<String> = broken.to_body().unwrap_err().into_iter().map(|p| p.field).collect();
    assert_eq!(fields, ["id", "first_date", "time", "except", "title"]);
}

#[wasm_bindgen_test]
fn changing_a_stored_series_keeps_what_the_form_does_not_show() {
    // As `GET /api/v1/admin/series` lists a series written through the API.
    let definition: SeriesInput = serde_json::from_value(serde_json::json!({
        "repeat": {"every": "month_weekday", "nth": 2, "weekday": "Tue", "interval": 1},
        "first_date": "2027-01-01", "until": "2027-12-31", "count": null, "time": "12:30:00",
        "duration_minutes": 90, "except": ["2027-08-10"],
        "event": {
            "id": "", "title": "Rotary-Lunch", "kind": "service_club", "starts_at": null, "ends_at": null,
            "time_zone": "Europe/Berlin", "summary": null, "description": "Mit Vortrag.\n\nGäste willkommen.",
            "location": {"name": "Hotel am Markt", "address": "Markt 1", "city": "Lübeck",
                         "online_url": "https://example.com/live"},
            "organizer": {"name": "Rotary Club Lübeck", "url": "https://example.com"},
            "tags": ["Rotary"], "url": "https://example.com/lunch", "capacity": 30,
            "rsvp_enabled": false, "rsvp_open": true, "rsvp_closes_at": null
        }
    }))
    .unwrap();
    let mut draft = SeriesDraft::from_definition("rotary-lunch", &definition, "Europe/Vienna");
    assert_eq!((draft.title.as_str(), draft.kind, draft.capacity.as_str()), ("Rotary-Lunch", Kind::ServiceClub, "30"));
    assert_eq!((draft.location_city.as_str(), draft.tags.as_str(), draft.time.as_str()), ("Lübeck", "Rotary", "12:30"));
    draft.title = "  Rotary-Lunch am Markt ".into();
    draft.location_city = "Hansestadt Lübeck".into();
    draft.summary = "Mittagstisch".into();

    let body = draft.to_body().unwrap();
    let mut expected = definition.event.clone();
    expected.title = "Rotary-Lunch am Markt".into();
    expected.location.as_mut().unwrap().city = Some("Hansestadt Lübeck".into());
    expected.summary = Some("Mittagstisch".into());
    assert_eq!(body.event, expected, "only the form's fields change");
    assert!(!body.event.rsvp_enabled);
    assert_eq!(body.event.description.as_deref(), Some("Mit Vortrag.\n\nGäste willkommen."));

    // Emptied fields of the form are emptied; the place keeps its address.
    draft.location_name = String::new();
    draft.location_city = " ".into();
    draft.capacity = String::new();
    let event = draft.to_body().unwrap().event;
    assert_eq!(event.capacity, None);
    assert_eq!(
        event.location,
        Some(Location {
            name: None,
            address: Some("Markt 1".into()),
            city: None,
            online_url: Some("https://example.com/live".into())
        })
    );

    // A new series has only what the form shows; the rest is what the API takes by default.
    let fresh = SeriesDraft {
        id: "rotary-lunch-2".into(),
        title: "Rotary-Lunch".into(),
        first_date: "2027-01-01".into(),
        count: "3".into(),
        ..SeriesDraft::new("Europe/Berlin")
    };
    let event = fresh.to_body().unwrap().event;
    let defaults = EventInput { rsvp_enabled: true, rsvp_open: true, ..EventInput::default() };
    let shown = EventInput {
        title: "Rotary-Lunch".into(),
        kind: Kind::Meetup,
        time_zone: Some("Europe/Berlin".into()),
        ..defaults.clone()
    };
    assert_eq!(event, shown);
    assert_eq!(serde_json::from_str::<EventInput>("{}").unwrap(), defaults, "the API's defaults");
}

#[wasm_bindgen_test]
fn new_questions_get_unique_ids_from_their_text_and_stored_ones_keep_theirs() {
    let drafts = [
        QuestionDraft { label: "Welche Themen?".into(), ..QuestionDraft::new() },
        QuestionDraft { id: "welche_themen".into(), label: "Themen".into(), ..QuestionDraft::new() },
        QuestionDraft {
            label: "Vegetarisch?".into(),
            kind: QuestionKind::Checkbox,
            options: "x".into(),
            ..QuestionDraft::new()
        },
        QuestionDraft {
            label: "Workshop".into(),
            kind: QuestionKind::Choice,
            options: " Vertrieb \n\nTechnik\n".into(),
            ..QuestionDraft::new()
        },
    ];
    let questions = to_questions(&drafts, &["vegetarisch".to_owned()]);
    let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids,
        ["welche_themen_2", "welche_themen", "vegetarisch_2", "workshop"],
        "a removed question's id stays its own"
    );
    assert!(questions[2].options.is_empty(), "only a choice has options");
    assert_eq!(questions[3].options, ["Vertrieb", "Technik"]);
    assert_eq!(stammtisch_model::question_problem(&questions), None);
}

#[wasm_bindgen_test]
fn a_check_in_code_opens_the_door_list_on_its_attendee() {
    use stammtisch_console::nav::check_in_target;
    assert_eq!(check_in_target("#check-in/partnertag-nord/42"), Some(("partnertag-nord".to_owned(), 42)));
    for other in ["", "#check-in/", "#check-in/partnertag-nord", "#check-in/Partnertag/1", "#check-in/a/x", "#events"] {
        assert_eq!(check_in_target(other), None, "{other}");
    }
}
