//! The attendee export with any names, companies and notes: a CSV reader gets every cell back,
//! and no cell an attendee wrote can start a spreadsheet formula.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use stammtisch_model::{Lang, RsvpStatus};
use stammtisch_server::{attendees_csv, inert, Attendee};

#[derive(Arbitrary, Debug)]
struct Person {
    name: String,
    email: String,
    company: Option<String>,
    note: Option<String>,
    guests: u8,
    waiting: bool,
}

fuzz_target!(|people: Vec<Person>| {
    let attendees: Vec<Attendee> = people
        .iter()
        .enumerate()
        .map(|(n, p)| Attendee {
            id: n as i64,
            name: p.name.clone(),
            email: p.email.clone(),
            company: p.company.clone(),
            guests: u32::from(p.guests % 10),
            note: p.note.clone(),
            status: if p.waiting { RsvpStatus::Waitlisted } else { RsvpStatus::Confirmed },
            waitlist_position: p.waiting.then_some(n as u32 + 1),
            locale: "de".into(),
            created_at: chrono::DateTime::parse_from_rfc3339("2026-11-29T10:00:00+00:00").unwrap(),
            cancelled_at: None,
            personal_data_deleted_at: None,
        })
        .collect();
    let bytes = attendees_csv(&attendees, Lang::De).expect("any text can be written");
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM for Excel");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').has_headers(true).from_reader(body);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV reader reads it")).collect();
    assert_eq!(rows.len(), people.len());
    let none = String::new();
    for (row, person) in rows.iter().zip(&people) {
        let written = [&person.name, &person.email, person.company.as_ref().unwrap_or(&none), person.note.as_ref().unwrap_or(&none)];
        for (cell, original) in [row.get(0), row.get(1), row.get(2), row.get(4)].into_iter().zip(written) {
            let cell = cell.expect("every column");
            assert_eq!(cell, inert(original));
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a formula cell: {cell:?}");
        }
    }
});
