//! Every text the board shows, one catalogue per language.

use stammtisch_model::{Kind, Lang};

pub struct Texts {
    pub loading: &'static str,
    pub empty: &'static str,
    pub error_title: &'static str,
    pub retry: &'static str,
    pub error_no_source: &'static str,
    pub error_bad_url: &'static str,
    pub error_network: &'static str,
    pub error_status: fn(u16) -> String,
    pub error_feed: &'static str,
    pub skipped: fn(usize) -> String,
    pub events_label: &'static str,
    pub show_more: fn(usize) -> String,
    pub online: &'static str,
    pub organizer: &'static str,
    pub seats_left: fn(u32) -> String,
    pub seats_unlimited: &'static str,
    pub full_waitlist: &'static str,
    pub rsvp_closed: &'static str,
    pub rsvp_elsewhere: &'static str,
    pub rsvp_open_form: &'static str,
    pub waitlist_open_form: &'static str,
    pub rsvp_close_form: &'static str,
    pub form_title: fn(&str) -> String,
    pub label_name: &'static str,
    pub label_email: &'static str,
    pub label_company: &'static str,
    pub label_guests: &'static str,
    pub label_note: &'static str,
    pub label_consent: &'static str,
    pub submit: &'static str,
    pub sending: &'static str,
    pub optional: &'static str,
    pub confirmed: &'static str,
    pub waitlisted: fn(Option<u32>) -> String,
    pub cancel_hint: &'static str,
    pub cancel_link: &'static str,
    kinds: [&'static str; 7],
}

impl Texts {
    pub fn kind(&self, kind: Kind) -> &'static str {
        let index = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(Kind::ALL.len() - 1);
        self.kinds[index]
    }
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

static DE: Texts = Texts {
    loading: "Termine werden geladen …",
    empty: "Derzeit sind keine Veranstaltungen geplant. Schauen Sie bald wieder vorbei.",
    error_title: "Die Termine konnten nicht geladen werden.",
    retry: "Erneut versuchen",
    error_no_source: "Dieser Terminkalender ist nicht eingerichtet: Es fehlt das Attribut „api“ oder „feed“.",
    error_bad_url: "Dieser Terminkalender ist falsch eingerichtet: „api“ oder „feed“ ist keine gültige Adresse.",
    error_network: "Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung.",
    error_status: |status| format!("Der Server hat mit Fehler {status} geantwortet."),
    error_feed: "Die Termindaten sind nicht lesbar.",
    skipped: |n| match n {
        1 => "1 Termin konnte nicht gelesen werden und wird nicht angezeigt.".into(),
        n => format!("{n} Termine konnten nicht gelesen werden und werden nicht angezeigt."),
    },
    events_label: "Veranstaltungen",
    show_more: |n| format!("Mehr anzeigen ({n} weitere)"),
    online: "Online",
    organizer: "Veranstalter",
    seats_left: |n| match n {
        1 => "noch 1 Platz".into(),
        n => format!("noch {n} Plätze"),
    },
    seats_unlimited: "Plätze frei",
    full_waitlist: "Ausgebucht – Warteliste",
    rsvp_closed: "Anmeldung geschlossen",
    rsvp_elsewhere: "Anmeldung beim Veranstalter",
    rsvp_open_form: "Anmelden",
    waitlist_open_form: "Auf die Warteliste",
    rsvp_close_form: "Schließen",
    form_title: |title| format!("Anmeldung: {title}"),
    label_name: "Name",
    label_email: "E-Mail-Adresse",
    label_company: "Firma",
    label_guests: "Begleitpersonen",
    label_note: "Anmerkung",
    label_consent: "Ich bin einverstanden, dass meine Angaben für diese Veranstaltung gespeichert und an den Veranstalter weitergegeben werden.",
    submit: "Verbindlich anmelden",
    sending: "Wird gesendet …",
    optional: "(optional)",
    confirmed: "Sie sind angemeldet. Wir freuen uns auf Sie!",
    waitlisted: |position| match position {
        Some(p) => format!("Die Veranstaltung ist ausgebucht. Sie stehen auf Platz {p} der Warteliste; wird ein Platz frei, rücken Sie automatisch nach."),
        None => "Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste.".into(),
    },
    cancel_hint: "Bewahren Sie diesen Link auf, falls Sie absagen möchten:",
    cancel_link: "Anmeldung stornieren",
    kinds: ["Stammtisch", "Service-Club", "Business-Club", "Webinar", "Partnertag", "Konferenz", "Veranstaltung"],
};

static EN: Texts = Texts {
    loading: "Loading events …",
    empty: "No events are planned right now. Please check back soon.",
    error_title: "The events could not be loaded.",
    retry: "Try again",
    error_no_source: "This board is not set up: the attribute “api” or “feed” is missing.",
    error_bad_url: "This board is set up wrongly: “api” or “feed” is not a valid address.",
    error_network: "The server cannot be reached. Please check your connection.",
    error_status: |status| format!("The server answered with error {status}."),
    error_feed: "The event data is not readable.",
    skipped: |n| match n {
        1 => "1 event could not be read and is not shown.".into(),
        n => format!("{n} events could not be read and are not shown."),
    },
    events_label: "Events",
    show_more: |n| format!("Show more ({n} more)"),
    online: "Online",
    organizer: "Organizer",
    seats_left: |n| match n {
        1 => "1 seat left".into(),
        n => format!("{n} seats left"),
    },
    seats_unlimited: "Seats available",
    full_waitlist: "Fully booked – waitlist",
    rsvp_closed: "Registration closed",
    rsvp_elsewhere: "Register with the organizer",
    rsvp_open_form: "Register",
    waitlist_open_form: "Join the waitlist",
    rsvp_close_form: "Close",
    form_title: |title| format!("Registration: {title}"),
    label_name: "Name",
    label_email: "E-mail address",
    label_company: "Company",
    label_guests: "Guests",
    label_note: "Note",
    label_consent: "I agree that my details are stored for this event and passed on to the organizer.",
    submit: "Register now",
    sending: "Sending …",
    optional: "(optional)",
    confirmed: "You are registered. We look forward to seeing you!",
    waitlisted: |position| {
        match position {
        Some(p) => format!("The event is fully booked. You are number {p} on the waitlist and move up automatically when a seat frees up."),
        None => "The event is fully booked. You are on the waitlist.".into(),
    }
    },
    cancel_hint: "Keep this link in case you need to cancel:",
    cancel_link: "Cancel registration",
    kinds: ["Meetup", "Service club", "Business club", "Webinar", "Partner day", "Conference", "Event"],
};
