//! Attendee lists for spreadsheets. Attendees write their own names and notes, so nothing in
//! a cell may run as a formula when an organizer opens the file.

use stammtisch_model::{Lang, Question};

use crate::store::Attendee;

/// A cell that a spreadsheet would run as a formula is made plain text (OWASP's advice).
pub fn inert(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// The attendee list for spreadsheets: UTF-8 with BOM, `;`-separated, headers in `lang`. After
/// the fixed columns comes one per question, headed by its text; answers to a question the
/// event no longer asks follow under its id, so nothing given is left out.
pub fn attendees_csv(attendees: &[Attendee], questions: &[Question], lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let header = match lang {
        Lang::De => [
            "Name",
            "E-Mail",
            "Firma",
            "Begleitpersonen",
            "Anmerkung",
            "Status",
            "Wartelistenplatz",
            "Sprache",
            "Angemeldet am",
            "Storniert am",
            "Eingecheckt am",
            "Einwilligung Info-Mails am",
        ],
        Lang::En => [
            "Name",
            "E-mail",
            "Company",
            "Guests",
            "Note",
            "Status",
            "Waitlist position",
            "Language",
            "Registered at",
            "Cancelled at",
            "Checked in at",
            "Mail consent at",
        ],
    };
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut answer_ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    for a in attendees {
        for id in a.answers.keys() {
            if !answer_ids.contains(&id.as_str()) {
                answer_ids.push(id);
            }
        }
    }
    let header_of = |id: &str| questions.iter().find(|q| q.id == id).map_or(id.to_owned(), |q| q.label.clone());
    let headers = header.iter().map(|h| (*h).to_owned()).chain(answer_ids.iter().map(|id| header_of(id)));
    writer.write_record(headers.map(|h| inert(&h)))?;
    for a in attendees {
        let answers =
            answer_ids.iter().map(|id| a.answers.get(*id).map(|v| inert(&v.display(lang))).unwrap_or_default());
        let fixed = [
            inert(&a.name),
            inert(&a.email),
            inert(a.company.as_deref().unwrap_or("")),
            a.guests.to_string(),
            inert(a.note.as_deref().unwrap_or("")),
            a.status.as_str().to_owned(),
            a.waitlist_position.map(|p| p.to_string()).unwrap_or_default(),
            a.locale.clone(),
            a.created_at.to_rfc3339(),
            a.cancelled_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            a.checked_in_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            a.mail_consent_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
        ];
        writer.write_record(fixed.into_iter().chain(answers))?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formulas_become_text() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("Müller"), "Müller");
    }
}
