//! Attendee lists for spreadsheets. Attendees write their own names and notes, so nothing in
//! a cell may run as a formula when an organizer opens the file.

use stammtisch_model::Lang;

use crate::store::Attendee;

/// A cell that a spreadsheet would run as a formula is made plain text (OWASP's advice).
pub fn inert(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// The attendee list for spreadsheets: UTF-8 with BOM, `;`-separated, headers in `lang`.
pub fn attendees_csv(attendees: &[Attendee], lang: Lang) -> Result<Vec<u8>, csv::Error> {
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
        ],
    };
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(header)?;
    for a in attendees {
        writer.write_record([
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
        ])?;
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
