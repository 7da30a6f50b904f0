//! The demo board: a dozen events of a north German partner community, dated relative to
//! the day of seeding so that the demo always has something coming up.

use chrono::{DateTime, Days, FixedOffset, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use stammtisch_model::{Answer, Board, Event, Kind, Lang, Location, Organizer, Question, QuestionKind, RsvpRequest};

use crate::store::{NewEvent, Store, StoreError};
use crate::token::CancelToken;

const ZONE: &str = "Europe/Berlin";

/// Berlin wall-clock time `days` from today; DST is resolved by the zone database.
fn at(now: DateTime<Utc>, days: i64, hour: u32, minute: u32) -> DateTime<FixedOffset> {
    let today = now.with_timezone(&Berlin).date_naive();
    let day = if days >= 0 { today + Days::new(days as u64) } else { today - Days::new(days.unsigned_abs()) };
    let time = NaiveTime::from_hms_opt(hour, minute, 0).expect("demo times are valid");
    Berlin.from_local_datetime(&day.and_time(time)).earliest().expect("demo times avoid the DST gap").fixed_offset()
}

struct Demo {
    id: &'static str,
    title: &'static str,
    kind: Kind,
    days: i64,
    start: (u32, u32),
    end: (i64, u32, u32),
    summary: &'static str,
    place: Option<(&'static str, &'static str, &'static str)>,
    online_url: Option<&'static str>,
    organizer: &'static str,
    tags: &'static [&'static str],
    capacity: Option<u32>,
    rsvp: DemoRsvp,
    /// Parties (guests per party) already registered.
    parties: &'static [u8],
}

#[derive(Clone, Copy, PartialEq)]
enum DemoRsvp {
    Open,
    Closed,
    ReadOnly,
}

/// What a distributor asks its partners on the form of a partner day.
fn partner_day_questions() -> Vec<Question> {
    let question = |id: &str, label: &str, kind, required, options: &[&str]| Question {
        id: id.into(),
        label: label.into(),
        kind,
        required,
        options: options.iter().map(|o| (*o).to_owned()).collect(),
    };
    vec![
        // Nothing required: scripts and tests that RSVP to the demo with the standard fields only
        // keep working.
        question("position", "Position", QuestionKind::Text, false, &[]),
        question(
            "workshop",
            "Welcher Workshop interessiert Sie?",
            QuestionKind::Choice,
            false,
            &["Vertrieb", "Technik", "Microsoft 365"],
        ),
        question("vegetarisch", "Vegetarisches Abendessen", QuestionKind::Checkbox, false, &[]),
    ]
}

const ORGANIZER_URL: &str = "https://www.example.com/systemhaus-nord";

fn demo_events() -> Vec<Demo> {
    use DemoRsvp::*;
    vec![
        Demo {
            id: "it-stammtisch-hannover",
            title: "IT-Stammtisch Hannover",
            kind: Kind::Meetup,
            days: 4,
            start: (19, 0),
            end: (0, 22, 0),
            summary: "Der monatliche Stammtisch für Admins und Systemhaus-Partner: kurze Impulse, dann Austausch bei Essen und Getränken.",
            place: Some(("Café am Kröpcke", "Kröpcke 1", "Hannover")),
            online_url: None,
            organizer: "Systemhaus Nord GmbH",
            tags: &["Microsoft 365", "Netzwerk"],
            capacity: Some(40),
            rsvp: Open,
            parties: &[1, 0, 2, 1, 0, 1, 0, 2],
        },
        Demo {
            id: "webinar-copilot-systemhaeuser",
            title: "Webinar: Copilot im Partnergeschäft",
            kind: Kind::Webinar,
            days: 6,
            start: (10, 0),
            end: (0, 11, 0),
            summary: "Lizenzen, Datenschutz, erste Projekte: was Ihre Kunden zu Microsoft 365 Copilot fragen – und was Sie antworten.",
            place: None,
            online_url: Some("https://www.example.com/webinar/copilot"),
            organizer: "Distribution Nord AG",
            tags: &["Microsoft 365", "KI"],
            capacity: None,
            rsvp: Open,
            parties: &[0, 0, 0, 0, 0, 0],
        },
        Demo {
            id: "rotary-lunch-digitalisierung",
            title: "Rotary-Lunch: Digitalisierung im Mittelstand",
            kind: Kind::ServiceClub,
            days: 8,
            start: (12, 30),
            end: (0, 14, 0),
            summary: "Gastvortrag beim Rotary Club Hannover-Leineschloss, anschließend Mittagessen. Gäste sind willkommen.",
            place: Some(("Hotel Kastens Luisenhof", "Luisenstraße 1–3", "Hannover")),
            online_url: None,
            organizer: "Rotary Club Hannover-Leineschloss",
            tags: &["Mittelstand"],
            capacity: Some(30),
            rsvp: Open,
            parties: &[1, 0, 0, 1],
        },
        Demo {
            id: "unternehmerfruehstueck-bremen",
            title: "Unternehmerfrühstück Bremen",
            kind: Kind::BusinessClub,
            days: 11,
            start: (7, 30),
            end: (0, 9, 0),
            summary: "Frühstück im Business-Club: zehn Minuten Vortrag zu IT-Sicherheit für Geschäftsführer, danach Gespräche.",
            place: Some(("Club zu Bremen", "Am Markt 13", "Bremen")),
            online_url: None,
            organizer: "Business-Club Bremen e. V.",
            tags: &["IT-Sicherheit"],
            capacity: Some(20),
            rsvp: Open,
            parties: &[1, 1, 0, 2, 1, 0, 2, 1, 0],
        },
        Demo {
            id: "webinar-nis2",
            title: "Webinar: NIS2 – was Systemhäuser jetzt tun sollten",
            kind: Kind::Webinar,
            days: 13,
            start: (14, 0),
            end: (0, 15, 30),
            summary: "Pflichten, Fristen und ein Vorgehen für Ihre Kunden, mit Checkliste zum Mitnehmen.",
            place: None,
            online_url: Some("https://www.example.com/webinar/nis2"),
            organizer: "Systemhaus Nord GmbH",
            tags: &["IT-Sicherheit", "NIS2"],
            capacity: Some(100),
            rsvp: Open,
            parties: &[0, 0, 0],
        },
        Demo {
            id: "it-stammtisch-bremen",
            title: "IT-Stammtisch Bremen",
            kind: Kind::Meetup,
            days: 15,
            start: (19, 0),
            end: (0, 22, 0),
            summary: "Stammtisch im Schnoor. Die Plätze sind vergeben; die Anmeldung ist geschlossen.",
            place: Some(("Kleiner Ratskeller", "Hinter dem Schütting 11", "Bremen")),
            online_url: None,
            organizer: "Systemhaus Nord GmbH",
            tags: &["Netzwerk"],
            capacity: Some(25),
            rsvp: Closed,
            parties: &[],
        },
        Demo {
            id: "partnertag-nord",
            title: "Partnertag Nord",
            kind: Kind::PartnerDay,
            days: 21,
            start: (9, 30),
            end: (0, 17, 0),
            summary: "Roadmaps der Hersteller, Workshops zu Vertrieb und Technik, Abendessen mit allen Partnern.",
            place: Some(("Hannover Congress Centrum", "Theodor-Heuss-Platz 1–3", "Hannover")),
            online_url: None,
            organizer: "Distribution Nord AG",
            tags: &["Vertrieb", "Microsoft 365", "Netzwerk"],
            capacity: Some(120),
            rsvp: Open,
            parties: &[2, 1, 0, 3, 1, 0, 1, 2],
        },
        Demo {
            id: "lions-abendtreffen-braunschweig",
            title: "Lions-Club: Abendtreffen mit Vortrag",
            kind: Kind::ServiceClub,
            days: 28,
            start: (19, 30),
            end: (0, 21, 30),
            summary: "Vortrag „Cloud ohne Risiko?“ mit anschließendem Abendessen. Gäste willkommen.",
            place: Some(("Haus der Wissenschaft", "Pockelsstraße 11", "Braunschweig")),
            online_url: None,
            organizer: "Lions Club Braunschweig",
            tags: &["Cloud"],
            capacity: Some(35),
            rsvp: Open,
            parties: &[1, 1],
        },
        Demo {
            id: "security-summit-nord",
            title: "Security Summit Nord",
            kind: Kind::Conference,
            days: 35,
            start: (9, 0),
            end: (1, 17, 0),
            summary: "Zwei Tage Vorträge und Live-Hacking für Partner und ihre Kunden.",
            place: Some(("Elbkuppel", "Bei den St. Pauli-Landungsbrücken 3", "Hamburg")),
            online_url: None,
            organizer: "Distribution Nord AG",
            tags: &["IT-Sicherheit"],
            capacity: Some(200),
            rsvp: Open,
            parties: &[0, 1, 0, 0, 2],
        },
        Demo {
            id: "workshop-wlan-oldenburg",
            title: "Partner-Workshop WLAN-Planung",
            kind: Kind::Other,
            days: 42,
            start: (13, 0),
            end: (0, 17, 0),
            summary: "Praxis-Workshop mit Messgeräten: WLAN in Lager und Produktion richtig ausleuchten.",
            place: Some(("Technologiepark Oldenburg", "Marie-Curie-Straße 1", "Oldenburg")),
            online_url: None,
            organizer: "Systemhaus Nord GmbH",
            tags: &["Netzwerk", "WLAN"],
            capacity: Some(16),
            rsvp: Open,
            parties: &[0, 1],
        },
        Demo {
            id: "messe-nachlese-it-sa",
            title: "Messe-Nachlese it-sa",
            kind: Kind::Conference,
            days: 50,
            start: (16, 0),
            end: (0, 18, 0),
            summary: "Die wichtigsten Neuheiten der Messe in zwei Stunden. Anmeldung über die Seite des Veranstalters.",
            place: Some(("IHK Hannover", "Schiffgraben 49", "Hannover")),
            online_url: None,
            organizer: "IHK Hannover",
            tags: &["IT-Sicherheit"],
            capacity: None,
            rsvp: ReadOnly,
            parties: &[],
        },
        Demo {
            id: "it-stammtisch-hannover-vormonat",
            title: "IT-Stammtisch Hannover",
            kind: Kind::Meetup,
            days: -26,
            start: (19, 0),
            end: (0, 22, 0),
            summary: "Der Stammtisch im letzten Monat.",
            place: Some(("Café am Kröpcke", "Kröpcke 1", "Hannover")),
            online_url: None,
            organizer: "Systemhaus Nord GmbH",
            tags: &["Microsoft 365"],
            capacity: Some(40),
            rsvp: Open,
            parties: &[],
        },
    ]
}

/// Fills an empty database with the demo board. Returns `false`, touching nothing, when the
/// database already has events.
pub async fn seed_demo(store: &Store, now: DateTime<Utc>) -> Result<bool, StoreError> {
    if store.event_count().await? > 0 {
        return Ok(false);
    }
    store
        .set_board(&Board { title: "Partner-Community Nord".into(), time_zone: ZONE.into(), locale: Some("de".into()) })
        .await?;
    for demo in demo_events() {
        let starts_at = at(now, demo.days, demo.start.0, demo.start.1);
        let ends_at = at(now, demo.days + demo.end.0, demo.end.1, demo.end.2);
        let event = Event {
            id: demo.id.into(),
            title: demo.title.into(),
            kind: demo.kind,
            starts_at,
            ends_at: Some(ends_at),
            time_zone: ZONE.into(),
            summary: Some(demo.summary.into()),
            description: Some(format!(
                "Fragen beantwortet das Team von {} gern vorab: https://www.example.com/kontakt\n\n\
                 Bitte melden Sie sich an, damit wir planen können; eine Absage ist jederzeit über den Link \
                 in Ihrer Bestätigung möglich.",
                demo.organizer
            )),
            location: Some(Location {
                name: demo.place.map(|p| p.0.into()),
                address: demo.place.map(|p| p.1.into()),
                city: demo.place.map(|p| p.2.into()),
                online_url: demo.online_url.map(Into::into),
            }),
            organizer: Some(Organizer { name: demo.organizer.into(), url: Some(ORGANIZER_URL.into()) }),
            tags: demo.tags.iter().map(|t| (*t).into()).collect(),
            url: Some(format!("https://www.example.com/termine/{}", demo.id)),
            capacity: demo.capacity,
            rsvp: None,
            series: None,
            questions: if demo.kind == Kind::PartnerDay { partner_day_questions() } else { Vec::new() },
        };
        let new = NewEvent {
            event,
            rsvp_enabled: demo.rsvp != DemoRsvp::ReadOnly,
            rsvp_open: true,
            rsvp_closes_at: Some(at(now, demo.days - 1, 12, 0)),
            rsvp_mail_consent: demo.kind == Kind::PartnerDay,
            rsvp_approval: false,
        };
        store.insert_event(&new, now).await?;
        for (n, guests) in demo.parties.iter().enumerate() {
            let request = RsvpRequest {
                name: format!("Demo-Gast {}", n + 1),
                email: format!("gast{}.{}@example.org", n + 1, demo.id),
                guests: *guests,
                consent: true,
                answers: [("position".to_owned(), Answer::Text("Vertrieb".into()))].into(),
                ..RsvpRequest::default()
            };
            let rsvp = request.validate().expect("demo RSVPs are valid");
            let token =
                CancelToken::generate().map_err(|e| StoreError::Database(sqlx::Error::Protocol(e.to_string())))?;
            store.create_rsvp(demo.id, &rsvp, Lang::De, &token.hash, now).await?;
        }
        if demo.rsvp == DemoRsvp::Closed {
            store.set_rsvp_open(demo.id, false).await?;
        }
    }
    Ok(true)
}
