//! What each mail says, in the RSVP's language: plain text first, the same as simple HTML
//! (no remote content, no tracking; the one picture is the check-in code, sent inside the mail),
//! and a calendar file where it helps.

use stammtisch_model::{Event, Lang};

use crate::dates::long_date_time;
use crate::html::escape;

/// Why a mail goes out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailKind {
    /// A new RSVP with a seat.
    Confirmed,
    /// A new RSVP on the waitlist, with its place.
    Waitlisted { position: u32 },
    /// A new RSVP that holds its seat until the link is opened (double opt-in).
    PleaseConfirm { hold_minutes: u32 },
    /// A waiting party moved up.
    Promoted,
    /// The organizer moved the event or its place.
    Changed,
    /// The event was called off.
    Cancelled,
    /// Someone registered again with the same address: the link once more.
    LinkAgain,
    /// The event is near (`--reminder-hours`): time, place, calendar file and cancel link.
    Reminder,
    /// Approval: the request is in; the organizer decides.
    Requested,
    /// Approval: the organizer said no.
    Declined,
}

/// A mail ready for the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// An `.ics` calendar file to attach.
    pub calendar: Option<String>,
}

/// Who the mail is for and what it points to.
pub struct Recipient<'a> {
    pub name: &'a str,
    pub guests: u8,
    /// The RSVP's own page: details, cancel (and confirm, when pending).
    pub rsvp_url: &'a str,
    /// The mail shows the check-in QR code (`cid:check-in`, attached when it is sent).
    pub check_in_code: bool,
}

/// When and where, as one reads it in a mail.
fn when_where(event: &Event, lang: Lang) -> Vec<String> {
    let mut lines = vec![long_date_time(event.starts_at, &event.time_zone, lang)];
    if let Some(place) = event.location.as_ref().and_then(|l| l.full_address().or_else(|| l.online_url.clone())) {
        lines.push(place);
    }
    lines
}

/// The paragraphs of a mail, without greeting and closing.
fn paragraphs(kind: MailKind, event: &Event, to: &Recipient, lang: Lang) -> (String, Vec<String>) {
    let title = &event.title;
    let date = long_date_time(event.starts_at, &event.time_zone, lang);
    let with_guests = match (to.guests, lang) {
        (0, _) => String::new(),
        (1, Lang::De) => " (mit 1 Begleitperson)".into(),
        (n, Lang::De) => format!(" (mit {n} Begleitpersonen)"),
        (1, Lang::En) => " (with 1 guest)".into(),
        (n, Lang::En) => format!(" (with {n} guests)"),
    };
    let link = to.rsvp_url;
    match (kind, lang) {
        (MailKind::Confirmed, Lang::De) => (
            format!("Anmeldung bestätigt: {title}"),
            vec![
                format!("vielen Dank für Ihre Anmeldung. Ihr Platz ist bestätigt{with_guests}."),
                format!("Falls Sie nicht kommen können, stornieren Sie bitte hier, damit jemand von der Warteliste nachrücken kann:\n{link}"),
                "Den Termin für Ihren Kalender finden Sie im Anhang.".into(),
            ],
        ),
        (MailKind::Confirmed, Lang::En) => (
            format!("You are registered: {title}"),
            vec![
                format!("Thank you for registering. Your seat is confirmed{with_guests}."),
                format!("If you cannot come, please cancel here so that someone from the waitlist can move up:\n{link}"),
                "The attached file adds the event to your calendar.".into(),
            ],
        ),
        (MailKind::Waitlisted { position }, Lang::De) => (
            format!("Warteliste: {title}"),
            vec![
                format!("vielen Dank für Ihre Anmeldung{with_guests}. Zurzeit sind alle Plätze vergeben: Sie stehen auf Platz {position} der Warteliste."),
                "Wird ein Platz frei, rücken Sie automatisch nach und erhalten eine E-Mail.".into(),
                format!("Ihre Anmeldung ansehen oder zurückziehen:\n{link}"),
            ],
        ),
        (MailKind::Waitlisted { position }, Lang::En) => (
            format!("Waitlist: {title}"),
            vec![
                format!("Thank you for registering{with_guests}. All seats are taken at the moment: you are number {position} on the waitlist."),
                "When a seat becomes free, you move up automatically and get an e-mail.".into(),
                format!("See or withdraw your registration:\n{link}"),
            ],
        ),
        (MailKind::PleaseConfirm { hold_minutes }, Lang::De) => (
            format!("Bitte bestätigen Sie Ihre Anmeldung: {title}"),
            vec![
                format!("Sie haben sich{with_guests} angemeldet. Bitte öffnen Sie innerhalb von {hold_minutes} Minuten diesen Link und klicken Sie auf „Anmeldung bestätigen“; erst dann gilt Ihre Anmeldung:\n{link}"),
                "Falls Sie sich nicht angemeldet haben, können Sie diese E-Mail ignorieren.".into(),
            ],
        ),
        (MailKind::PleaseConfirm { hold_minutes }, Lang::En) => (
            format!("Please confirm your registration: {title}"),
            vec![
                format!("You registered{with_guests}. Please open this link within {hold_minutes} minutes and press “Confirm registration”; your registration counts only then:\n{link}"),
                "If you did not register, you can ignore this e-mail.".into(),
            ],
        ),
        (MailKind::Promoted, Lang::De) => (
            format!("Sie haben einen Platz: {title}"),
            vec![
                format!("es ist ein Platz frei geworden: Ihre Anmeldung{with_guests} ist jetzt bestätigt."),
                format!("Falls Sie nicht mehr kommen können, stornieren Sie bitte hier:\n{link}"),
                "Den Termin für Ihren Kalender finden Sie im Anhang.".into(),
            ],
        ),
        (MailKind::Promoted, Lang::En) => (
            format!("You have a seat: {title}"),
            vec![
                format!("A seat has become free: your registration{with_guests} is now confirmed."),
                format!("If you can no longer come, please cancel here:\n{link}"),
                "The attached file adds the event to your calendar.".into(),
            ],
        ),
        (MailKind::Changed, Lang::De) => (
            format!("Geändert: {title}, {date}"),
            vec![
                "der Termin, für den Sie angemeldet sind, hat sich geändert. So gilt er jetzt:".into(),
                when_where(event, lang).join("\n"),
                format!("Passt es Ihnen nicht mehr, stornieren Sie bitte hier:\n{link}"),
                "Der geänderte Termin für Ihren Kalender ist im Anhang.".into(),
            ],
        ),
        (MailKind::Changed, Lang::En) => (
            format!("Changed: {title}, {date}"),
            vec![
                "The event you registered for has changed. This is how it stands now:".into(),
                when_where(event, lang).join("\n"),
                format!("If it no longer suits you, please cancel here:\n{link}"),
                "The attached file updates your calendar.".into(),
            ],
        ),
        (MailKind::Cancelled, Lang::De) => (
            format!("Abgesagt: {title}, {date}"),
            vec!["leider fällt der Termin aus, für den Sie angemeldet waren. Ihre Anmeldung entfällt damit; Sie müssen nichts weiter tun.".into()],
        ),
        (MailKind::Cancelled, Lang::En) => (
            format!("Called off: {title}, {date}"),
            vec!["We are sorry: the event you registered for will not take place. Your registration ends with it; there is nothing you need to do.".into()],
        ),
        (MailKind::Reminder, Lang::De) => (
            format!("Erinnerung: {title}, {date}"),
            vec![
                format!("wir freuen uns auf Sie{with_guests}. Zur Erinnerung, wann und wo:"),
                when_where(event, lang).join("\n"),
                format!("Falls Sie nicht kommen können, stornieren Sie bitte hier, damit jemand von der Warteliste nachrücken kann:\n{link}"),
                "Den Termin für Ihren Kalender finden Sie im Anhang.".into(),
            ],
        ),
        (MailKind::Reminder, Lang::En) => (
            format!("Reminder: {title}, {date}"),
            vec![
                format!("We look forward to seeing you{with_guests}. A reminder of when and where:"),
                when_where(event, lang).join("\n"),
                format!("If you cannot come, please cancel here so that someone from the waitlist can move up:\n{link}"),
                "The attached file adds the event to your calendar.".into(),
            ],
        ),
        (MailKind::Requested, Lang::De) => (
            format!("Ihre Anfrage ist eingegangen: {title}"),
            vec![
                format!("vielen Dank für Ihre Anfrage{with_guests}. Der Veranstalter bestätigt jede Anmeldung zu diesem Termin einzeln; Sie erhalten eine E-Mail, sobald er entschieden hat."),
                format!("Ihre Anfrage ansehen oder zurückziehen:\n{link}"),
            ],
        ),
        (MailKind::Requested, Lang::En) => (
            format!("Your request is in: {title}"),
            vec![
                format!("Thank you for your request{with_guests}. The organizer approves each registration for this event; you will get an e-mail once they have decided."),
                format!("See or withdraw your request:\n{link}"),
            ],
        ),
        (MailKind::Declined, Lang::De) => (
            format!("Keine Teilnahme möglich: {title}"),
            vec!["leider kann der Veranstalter Ihre Anfrage für diesen Termin nicht bestätigen. Sie müssen nichts weiter tun.".into()],
        ),
        (MailKind::Declined, Lang::En) => (
            format!("Not possible this time: {title}"),
            vec!["We are sorry: the organizer cannot approve your request for this event. There is nothing you need to do.".into()],
        ),
        (MailKind::LinkAgain, Lang::De) => (
            format!("Ihre Anmeldung: {title}"),
            vec![
                "mit dieser E-Mail-Adresse sind Sie für den Termin bereits angemeldet. Über diesen Link sehen Sie Ihre Anmeldung und können sie stornieren:".to_owned() + "\n" + link,
                "Falls Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren.".into(),
            ],
        ),
        (MailKind::LinkAgain, Lang::En) => (
            format!("Your registration: {title}"),
            vec![
                "You are already registered for this event with this e-mail address. This link shows your registration and lets you cancel it:".to_owned() + "\n" + link,
                "If you did not ask for this, you can ignore this e-mail.".into(),
            ],
        ),
    }
}

/// The Content-ID of the check-in code's picture in a mail.
pub const CHECK_IN_CID: &str = "check-in";

/// The whole mail for `kind`; `calendar` is attached where the mail confirms a seat or a change.
pub fn compose(kind: MailKind, event: &Event, to: &Recipient, lang: Lang, calendar: &str) -> Composed {
    let (subject, body) = paragraphs(kind, event, to, lang);
    let greeting = match lang {
        Lang::De if to.name.is_empty() => "Guten Tag,".to_owned(),
        Lang::De => format!("Guten Tag {},", to.name),
        Lang::En if to.name.is_empty() => "Hello,".to_owned(),
        Lang::En => format!("Hello {},", to.name),
    };
    let closing = match lang {
        Lang::De => "Diese E-Mail wurde automatisch versandt. Bitte antworten Sie nicht darauf.",
        Lang::En => "This e-mail was sent automatically. Please do not reply to it.",
    };
    let mut about = vec![event.title.clone()];
    about.extend(when_where(event, lang));

    let mut text = format!("{greeting}\n\n");
    for paragraph in &body {
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    text.push_str(&about.join("\n"));
    text.push_str("\n\n-- \n");
    text.push_str(closing);
    text.push('\n');

    let html_paragraph = |paragraph: &str| {
        let lines: Vec<String> = paragraph.lines().map(|line| link_or_text(line, to.rsvp_url)).collect();
        format!("<p>{}</p>\n", lines.join("<br>\n"))
    };
    let mut html = String::from("<!doctype html>\n<html><body>\n");
    html.push_str(&html_paragraph(&greeting));
    for paragraph in &body {
        html.push_str(&html_paragraph(paragraph));
    }
    if to.check_in_code {
        let (say, alt) = match lang {
            Lang::De => ("Zeigen Sie diesen Code am Einlass; dann geht es schneller:", "QR-Code für den Einlass"),
            Lang::En => ("Show this code at the door to get in faster:", "QR code for the door"),
        };
        html.push_str(&format!(
            "<p>{say}<br>\n<img src=\"cid:{CHECK_IN_CID}\" alt=\"{alt}\" width=\"160\" height=\"160\"></p>\n"
        ));
    }
    html.push_str(&format!("<p><strong>{}</strong><br>\n", escape(&event.title)));
    html.push_str(&about[1..].iter().map(|l| escape(l)).collect::<Vec<_>>().join("<br>\n"));
    html.push_str(&format!("</p>\n<p><small>{}</small></p>\n</body></html>\n", escape(closing)));

    let attaches = matches!(kind, MailKind::Confirmed | MailKind::Promoted | MailKind::Changed | MailKind::Reminder);
    Composed { subject, text, html, calendar: attaches.then(|| calendar.to_owned()) }
}

/// The RSVP link becomes a link; every other line is text.
fn link_or_text(line: &str, rsvp_url: &str) -> String {
    if line == rsvp_url {
        format!("<a href=\"{0}\">{0}</a>", escape(line))
    } else {
        escape(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        let feed = r#"{"events": [{"id": "lunch", "title": "Rotary-Lunch <Lübeck>", "starts_at": "2027-01-12T12:30:00+01:00",
            "time_zone": "Europe/Berlin", "location": {"name": "Hotel am Markt", "city": "Lübeck"}}]}"#;
        stammtisch_model::parse_feed(feed).unwrap().feed.events.remove(0)
    }

    #[test]
    fn every_kind_speaks_both_languages_with_the_link_the_date_and_plain_html() {
        let to =
            Recipient { name: "Erika", guests: 2, rsvp_url: "https://board.example/rsvp/abc", check_in_code: false };
        let kinds = [
            MailKind::Confirmed,
            MailKind::Waitlisted { position: 3 },
            MailKind::PleaseConfirm { hold_minutes: 30 },
            MailKind::Promoted,
            MailKind::Changed,
            MailKind::LinkAgain,
            MailKind::Reminder,
        ];
        for kind in kinds {
            for lang in [Lang::De, Lang::En] {
                let mail = compose(kind, &event(), &to, lang, "BEGIN:VCALENDAR");
                assert!(mail.text.contains("https://board.example/rsvp/abc"), "{kind:?} {lang:?}");
                assert!(mail.html.contains("<a href=\"https://board.example/rsvp/abc\">"), "{kind:?}");
                assert!(mail.text.contains("12:30"), "{kind:?} {lang:?}: {}", mail.text);
                assert!(mail.html.contains("Rotary-Lunch &lt;Lübeck&gt;"), "text from the feed is escaped");
                assert!(!mail.html.contains("<img") && !mail.html.contains("src="), "no remote content");
            }
        }
        let with_code = Recipient { check_in_code: true, ..to };
        let confirmed = compose(MailKind::Confirmed, &event(), &with_code, Lang::De, "");
        assert!(confirmed.html.contains("<img src=\"cid:check-in\" alt=\"QR-Code für den Einlass\""));
        assert_eq!(confirmed.html.matches("src=").count(), 1, "the code is the only picture, inside the mail");
        let de = compose(MailKind::Waitlisted { position: 3 }, &event(), &to, Lang::De, "");
        assert!(de.text.starts_with("Guten Tag Erika,"));
        assert!(de.text.contains("Platz 3 der Warteliste") && de.text.contains("mit 2 Begleitpersonen"));
        let promoted = compose(MailKind::Promoted, &event(), &to, Lang::De, "BEGIN:VCALENDAR");
        assert_eq!(promoted.subject, "Sie haben einen Platz: Rotary-Lunch <Lübeck>");
        assert!(promoted.calendar.is_some());
        assert!(compose(MailKind::Waitlisted { position: 1 }, &event(), &to, Lang::En, "x").calendar.is_none());
    }
}
