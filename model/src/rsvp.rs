//! RSVP input and its rules (docs/API.md §2), checked the same way in the board and the server.

use serde::{Deserialize, Serialize};

use crate::questions::Answers;
use crate::Lang;

pub const MAX_GUESTS: u8 = 9;
pub const MAX_NAME: usize = 100;
pub const MAX_EMAIL: usize = 254;
pub const MAX_COMPANY: usize = 100;
pub const MAX_NOTE: usize = 500;

/// What a person sends. Missing fields read as empty so that validation, not the JSON reader,
/// names the field that is wrong.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsvpRequest {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default)]
    pub guests: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub consent: bool,
    /// Answers to the event's own questions, by question id (CONTRACT §8).
    #[serde(default, skip_serializing_if = "Answers::is_empty")]
    pub answers: Answers,
    /// Yes to mail about future events, where the event asks; never ticked in advance.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mail_consent: bool,
    /// A field people never see: only bots fill it in. See [`RsvpRequest::is_bot`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// An RSVP that passed every rule, trimmed, with the e-mail in its comparable form.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidRsvp {
    pub name: String,
    pub email: String,
    /// Trimmed and lower-cased: one RSVP per address and event.
    pub email_normalized: String,
    pub company: Option<String>,
    pub guests: u8,
    pub note: Option<String>,
    /// As sent: checked against the event's questions by [`crate::check_answers`] where the
    /// RSVP is stored, which knows the event's questions at that moment.
    pub answers: Answers,
    pub mail_consent: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Email,
    Company,
    Guests,
    Note,
    Consent,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::Company => "company",
            Field::Guests => "guests",
            Field::Note => "note",
            Field::Consent => "consent",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        [Field::Name, Field::Email, Field::Company, Field::Guests, Field::Note, Field::Consent]
            .into_iter()
            .find(|f| f.as_str() == name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    /// Control characters or line breaks where one line is expected.
    NotOneLine,
    NotAnEmail,
    TooManyGuests,
    ConsentMissing,
    InvalidId,
    EndsBeforeStart,
    NotAUrl,
    TooMany {
        max: usize,
    },
    TooLarge {
        max: usize,
    },
    UnknownTimeZone,
    TooShort {
        min: usize,
    },
    /// A webhook event name outside the contract's list.
    UnknownEvent,
    /// The same value twice where each must be unique.
    Duplicate,
    /// A value outside the offered choices.
    NotAnOption,
    /// Text where yes or no is asked, or the other way round.
    WrongType,
    /// Two fields that say the same thing say different things.
    Contradicts,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn message(&self, lang: Lang) -> String {
        match (self.problem, lang) {
            (Problem::Required, Lang::De) => match self.field {
                Field::Email => "Bitte geben Sie Ihre E-Mail-Adresse an.".into(),
                _ => "Bitte geben Sie Ihren Namen an.".into(),
            },
            (Problem::Required, Lang::En) => match self.field {
                Field::Email => "Please enter your e-mail address.".into(),
                _ => "Please enter your name.".into(),
            },
            (Problem::TooLong { max }, Lang::De) => format!("Bitte höchstens {max} Zeichen."),
            (Problem::TooLong { max }, Lang::En) => format!("Please use at most {max} characters."),
            (Problem::NotOneLine, Lang::De) => "Bitte nur eine Zeile ohne Steuerzeichen.".into(),
            (Problem::NotOneLine, Lang::En) => "Please use a single line without control characters.".into(),
            (Problem::NotAnEmail, Lang::De) => "Bitte prüfen Sie die E-Mail-Adresse, z. B. name@firma.de.".into(),
            (Problem::NotAnEmail, Lang::En) => "Please check the e-mail address, e.g. name@company.com.".into(),
            (Problem::TooManyGuests, Lang::De) => format!("Sie können 0 bis {MAX_GUESTS} Gäste mitbringen."),
            (Problem::TooManyGuests, Lang::En) => format!("You can bring 0 to {MAX_GUESTS} guests."),
            (Problem::ConsentMissing, Lang::De) => "Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu.".into(),
            (Problem::ConsentMissing, Lang::En) => "Please agree to the processing of your details.".into(),
            (_, Lang::De) => "Dieser Wert ist nicht zulässig.".into(),
            (_, Lang::En) => "This value is not allowed.".into(),
        }
    }
}

impl RsvpRequest {
    /// Every broken rule, in the order the form shows its fields.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut fail = |field, problem| errors.push(FieldError { field, problem });

        let name = self.name.trim();
        if name.is_empty() {
            fail(Field::Name, Problem::Required);
        } else if name.chars().count() > MAX_NAME {
            fail(Field::Name, Problem::TooLong { max: MAX_NAME });
        } else if name.chars().any(char::is_control) {
            fail(Field::Name, Problem::NotOneLine);
        }

        let email = self.email.trim();
        if email.is_empty() {
            fail(Field::Email, Problem::Required);
        } else if email.chars().count() > MAX_EMAIL {
            fail(Field::Email, Problem::TooLong { max: MAX_EMAIL });
        } else if !is_plausible_email(email) {
            fail(Field::Email, Problem::NotAnEmail);
        }

        let company = self.company.as_deref().unwrap_or("").trim();
        if company.chars().count() > MAX_COMPANY {
            fail(Field::Company, Problem::TooLong { max: MAX_COMPANY });
        } else if company.chars().any(char::is_control) {
            fail(Field::Company, Problem::NotOneLine);
        }

        if self.guests > MAX_GUESTS {
            fail(Field::Guests, Problem::TooManyGuests);
        }

        let note = self.note.as_deref().unwrap_or("").trim();
        if note.chars().count() > MAX_NOTE {
            fail(Field::Note, Problem::TooLong { max: MAX_NOTE });
        } else if note.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            fail(Field::Note, Problem::NotOneLine);
        }

        if !self.consent {
            fail(Field::Consent, Problem::ConsentMissing);
        }
        errors
    }

    /// The honeypot is filled: answer like a success, store nothing.
    pub fn is_bot(&self) -> bool {
        self.website.as_deref().is_some_and(|w| !w.trim().is_empty())
    }

    /// The first broken rule, or the cleaned-up RSVP.
    pub fn validate(&self) -> Result<ValidRsvp, FieldError> {
        if let Some(first) = self.problems().into_iter().next() {
            return Err(first);
        }
        let non_empty = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        let email = self.email.trim().to_owned();
        Ok(ValidRsvp {
            name: self.name.trim().to_owned(),
            email_normalized: email.to_lowercase(),
            email,
            company: non_empty(&self.company),
            guests: self.guests,
            note: non_empty(&self.note),
            answers: self.answers.clone(),
            mail_consent: self.mail_consent,
        })
    }
}

/// A plausible address: something@domain.tld with no spaces, quotes or brackets. Whether it
/// exists only a mail can tell.
fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else { return false };
    let forbidden = |c: char| c.is_whitespace() || c.is_control() || "\"(),:;<>@[\\]".contains(c);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.chars().any(forbidden)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let tld_ok = labels.last().is_some_and(|tld| tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()));
    local_ok && labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> RsvpRequest {
        RsvpRequest {
            name: "  Anna Schmidt ".into(),
            email: " Anna.Schmidt@Systemhaus-Nord.de ".into(),
            company: Some("  ".into()),
            guests: 2,
            note: Some("Vegetarisch,\nbitte.".into()),
            consent: true,
            website: None,
            ..RsvpRequest::default()
        }
    }

    #[test]
    fn a_valid_rsvp_is_trimmed_and_normalized() {
        let rsvp = valid().validate().unwrap();
        assert_eq!(rsvp.name, "Anna Schmidt");
        assert_eq!(rsvp.email, "Anna.Schmidt@Systemhaus-Nord.de");
        assert_eq!(rsvp.email_normalized, "anna.schmidt@systemhaus-nord.de");
        assert_eq!(rsvp.company, None, "a blank company is no company");
        assert_eq!(rsvp.note.as_deref(), Some("Vegetarisch,\nbitte."));
    }

    #[test]
    fn each_rule_names_its_field() {
        let cases: Vec<(RsvpRequest, Field, Problem)> = vec![
            (RsvpRequest { name: " ".into(), ..valid() }, Field::Name, Problem::Required),
            (RsvpRequest { name: "x".repeat(101), ..valid() }, Field::Name, Problem::TooLong { max: 100 }),
            (RsvpRequest { name: "Anna\nBcc: x".into(), ..valid() }, Field::Name, Problem::NotOneLine),
            (RsvpRequest { email: "".into(), ..valid() }, Field::Email, Problem::Required),
            (RsvpRequest { email: "anna@".into(), ..valid() }, Field::Email, Problem::NotAnEmail),
            (RsvpRequest { company: Some("x".repeat(101)), ..valid() }, Field::Company, Problem::TooLong { max: 100 }),
            (RsvpRequest { guests: 10, ..valid() }, Field::Guests, Problem::TooManyGuests),
            (RsvpRequest { note: Some("x".repeat(501)), ..valid() }, Field::Note, Problem::TooLong { max: 500 }),
            (RsvpRequest { consent: false, ..valid() }, Field::Consent, Problem::ConsentMissing),
        ];
        for (request, field, problem) in cases {
            assert_eq!(request.validate(), Err(FieldError { field, problem }), "{request:?}");
        }
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let name = "Ö".repeat(100);
        assert!(RsvpRequest { name, ..valid() }.validate().is_ok());
    }

    #[test]
    fn all_problems_are_listed_in_form_order() {
        let fields: Vec<_> = RsvpRequest::default().problems().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::Name, Field::Email, Field::Consent]);
    }

    #[test]
    fn plausible_emails() {
        for ok in ["a@b.de", "anna.schmidt+events@systemhaus-nord.de", "x@bücher.de", "a_b@sub.example.co.uk"] {
            assert!(is_plausible_email(ok), "{ok}");
        }
        for bad in [
            "plain",
            "@b.de",
            "a@b",
            "a@.de",
            "a@b..de",
            "a b@c.de",
            "a@b.d",
            "a@-b.de",
            "a@b.123",
            "a@b@c.de",
            ".a@b.de",
            "a..b@c.de",
            "<a@b.de>",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
        let long_local = format!("{}@b.de", "a".repeat(65));
        assert!(!is_plausible_email(&long_local));
    }

    #[test]
    fn the_email_limit_is_254() {
        let email = format!("{}@{}.de", "a".repeat(60), "b".repeat(200));
        assert_eq!(
            RsvpRequest { email, ..valid() }.validate(),
            Err(FieldError { field: Field::Email, problem: Problem::TooLong { max: 254 } })
        );
    }

    #[test]
    fn messages_exist_in_both_languages() {
        let error = FieldError { field: Field::Email, problem: Problem::NotAnEmail };
        assert!(error.message(Lang::De).contains("E-Mail-Adresse"));
        assert!(error.message(Lang::En).contains("e-mail address"));
    }

    #[test]
    fn field_names_round_trip() {
        for field in [Field::Name, Field::Email, Field::Company, Field::Guests, Field::Note, Field::Consent] {
            assert_eq!(Field::from_name(field.as_str()), Some(field));
        }
        assert_eq!(Field::from_name("bogus"), None);
    }
}
