use super::*;

fn calendar(events: &[&str]) -> String {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Test//EN\r\n");
    for (n, event) in events.iter().enumerate() {
        text += &format!(
            "BEGIN:VEVENT\r\nUID:event-{n}@example.com\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Termin {n}\r\n{event}\r\nEND:VEVENT\r\n"
        );
    }
    text + "END:VCALENDAR\r\n"
}

/// A Monday in December 2026, before every date below.
fn now() -> DateTime<Utc> {
    "2026-11-30T00:00:00Z".parse().unwrap()
}

fn read_at(text: &str) -> FromCalendar {
    from_calendar_at(text.as_bytes(), "Europe/Berlin", now()).unwrap()
}

fn starts(events: &[&str]) -> (Vec<String>, Vec<Notice>) {
    let read = read_at(&calendar(events));
    (read.events.iter().map(|i| i.starts_at.unwrap().to_rfc3339()).collect(), read.skipped)
}

#[test]
fn outlook_exchange_thunderbird_and_evolution_zones_keep_their_times() {
    let (times, skipped) = starts(&[
        "DTSTART;TZID=Eastern Standard Time:20301210T170000",
        "DTSTART;TZID=\"(UTC+08:00) Kuala Lumpur, Singapore\":20301210T090000",
        "DTSTART;TZID=/mozilla.org/20070129_1/America/New_York:20301210T170000",
        "DTSTART;TZID=/softwarestudio.org/Tzfile/America/Chicago:20301210T160000",
        "DTSTART;tzid=Europe/London:20301210T120000",
    ]);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(
        times,
        [
            "2030-12-10T17:00:00-05:00",
            "2030-12-10T09:00:00+08:00",
            "2030-12-10T17:00:00-05:00",
            "2030-12-10T16:00:00-06:00",
            "2030-12-10T12:00:00+00:00",
        ]
    );
}

#[test]
fn a_zone_only_the_files_vtimezone_explains_is_read_by_its_rules() {
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Eastern\r\n\
        BEGIN:STANDARD\r\nDTSTART:19501105T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n\
        RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\n\
        BEGIN:DAYLIGHT\r\nDTSTART:19500312T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n\
        RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n\
        BEGIN:VEVENT\r\nUID:notes-1\r\nSUMMARY:Call\r\nDTSTART;TZID=Eastern:20301210T170000\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:notes-2\r\nSUMMARY:Call\r\nDTSTART;TZID=Eastern:20300710T170000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let read = read_at(text);
    let times: Vec<String> = read.events.iter().map(|e| e.starts_at.unwrap().to_rfc3339()).collect();
    assert_eq!(times, ["2030-12-10T17:00:00-05:00", "2030-07-10T17:00:00-04:00"]);
    assert_eq!(read.events[0].time_zone.as_deref(), Some("Europe/Berlin"), "shown in the board's zone");
}

#[test]
fn an_unknown_zone_skips_the_event_with_its_line_and_reason_instead_of_guessing() {
    let (times, skipped) = starts(&["DTSTART;TZID=Mars/Olympus:20301210T170000", "DTSTART:20301210T170000Z"]);
    assert_eq!(times, ["2030-12-10T17:00:00+00:00"]);
    assert_eq!(
        skipped,
        [Notice {
            uid: "event-0@example.com".into(),
            line: 4,
            why: "its time zone \"Mars/Olympus\" is unknown".into()
        }]
    );
    assert_eq!(skipped[0].to_string(), "\"event-0@example.com\" (line 4): its time zone \"Mars/Olympus\" is unknown");
}

#[test]
fn a_start_in_the_spring_gap_is_read_with_the_offset_before_it() {
    let (times, skipped) = starts(&["DTSTART;TZID=Europe/Berlin:20270328T023000"]);
    assert!(skipped.is_empty());
    assert_eq!(times, ["2027-03-28T03:30:00+02:00"], "02:30+01:00, the same moment");
}

#[test]
fn duration_gives_the_end_when_there_is_no_dtend() {
    let read = read_at(&calendar(&[
        "DTSTART;TZID=Europe/Berlin:20301210T123000\r\nDURATION:PT1H30M",
        "DTSTART:20301210T120000Z\r\nDURATION:nonsense",
        "DTSTART:20301210T120000Z\r\nDURATION:P100000000D",
    ]));
    assert_eq!(read.events[0].ends_at.unwrap().to_rfc3339(), "2030-12-10T14:00:00+01:00");
    assert_eq!(read.events[1].ends_at, None, "an unreadable duration leaves the end out, the event stays");
    assert_eq!(read.events[2].ends_at, None, "so does one of 270,000 years");
}

#[test]
fn events_without_uid_start_or_title_and_cancelled_ones_say_so() {
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Ohne\r\nDTSTART:20301210T120000Z\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:x@example.com\r\nSUMMARY:Ohne Beginn\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:y@example.com\r\nDTSTART:20301210T120000Z\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:z@example.com\r\nSUMMARY:Abgesagt\r\nSTATUS:CANCELLED\r\nDTSTART:20301210T120000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let read = read_at(text);
    assert!(read.events.is_empty());
    let reasons: Vec<String> = read.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        reasons,
        [
            "\"(no UID)\" (line 3): it has no UID",
            "\"x@example.com\" (line 7): it has no DTSTART",
            "\"y@example.com\" (line 11): it has no SUMMARY",
            "\"z@example.com\" (line 15): it is cancelled (STATUS:CANCELLED)",
        ]
    );
}

#[test]
fn a_field_that_breaks_a_rule_is_cut_or_left_out_and_the_event_kept() {
    let long = "Sehr ".repeat(60);
    let text =
        calendar(&["DTSTART:20301210T120000Z\r\nLOCATION:Café am Markt\\nHauptstr. 1\r\nURL:mailto:a@example.com"])
            .replace("SUMMARY:Termin 0", &format!("SUMMARY:{long}"));
    let read = read_at(&text);
    let event = &read.events[0];
    assert_eq!(event.title.chars().count(), 200);
    assert!(event.title.ends_with('…'));
    assert_eq!(event.location.as_ref().unwrap().name.as_deref(), Some("Café am Markt, Hauptstr. 1"));
    assert_eq!(event.url, None);
    assert!(event.problems().is_empty(), "{:?}", event.problems());
    let why: Vec<&str> = read.changed.iter().map(|n| n.why.as_str()).collect();
    assert_eq!(
        why,
        [
            "SUMMARY was cut to 200 characters",
            "LOCATION had line breaks; they became commas",
            "URL is no web address (http or https) and was left out"
        ]
    );
}

#[test]
fn control_characters_leave_a_title_or_place_with_a_notice() {
    // Found by the fuzzer: a NUL inside a SUMMARY made an event the board refuses.
    let text = calendar(&["DTSTART:20301210T120000Z\r\nLOCATION:Caf\u{7}é\tam Markt"])
        .replace("SUMMARY:Termin 0", "SUMMARY:An Ev\u{0}\u{0}ent");
    let read = read_at(&text);
    let event = &read.events[0];
    assert_eq!(event.title, "An Event");
    assert_eq!(event.location.as_ref().unwrap().name.as_deref(), Some("Café am Markt"));
    assert!(event.problems().is_empty(), "{:?}", event.problems());
    let why: Vec<&str> = read.changed.iter().map(|n| n.why.as_str()).collect();
    assert_eq!(
        why,
        ["SUMMARY had control characters; they were left out", "LOCATION had control characters; they were left out"]
    );
}

#[test]
fn a_rule_with_bytes_no_rule_has_skips_its_event() {
    // Found by the fuzzer: the rrule crate panicked on a non-ASCII weekday.
    let (starts, skipped) = starts(&["DTSTART:20301210T120000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,T\u{fffd},FR"]);
    assert!(starts.is_empty());
    assert_eq!(skipped[0].why, "its RRULE (line 9) cannot be read: it holds characters no rule has");
}

/// A weekly Stammtisch on Tuesdays at 19:00 Berlin time, with one date off, one moved, one
/// cancelled and one extra.
const WEEKLY: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
    BEGIN:VEVENT\r\nUID:stammtisch@example.com\r\nSUMMARY:IT-Stammtisch\r\n\
    DTSTART;TZID=Europe/Berlin:20261201T190000\r\nDTEND;TZID=Europe/Berlin:20261201T220000\r\n\
    RRULE:FREQ=WEEKLY;UNTIL=20270330T170000Z\r\nEXDATE;TZID=Europe/Berlin:20261229T190000\r\n\
    RDATE;TZID=Europe/Berlin:20261230T180000\r\nEND:VEVENT\r\n\
    BEGIN:VEVENT\r\nUID:stammtisch@example.com\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261208T190000\r\n\
    SUMMARY:IT-Stammtisch (Weihnachtsfeier)\r\nDTSTART;TZID=Europe/Berlin:20261209T183000\r\n\
    DTEND;TZID=Europe/Berlin:20261209T230000\r\nEND:VEVENT\r\n\
    BEGIN:VEVENT\r\nUID:stammtisch@example.com\r\nRECURRENCE-ID:20261215T180000Z\r\nSUMMARY:IT-Stammtisch\r\n\
    STATUS:CANCELLED\r\nDTSTART;TZID=Europe/Berlin:20261215T190000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn a_weekly_meeting_becomes_its_dates_with_exceptions_moves_and_cancellations() {
    let read = read_at(WEEKLY);
    assert!(read.skipped.is_empty(), "{:?}", read.skipped);
    let dates: Vec<(String, String, String)> =
        read.events.iter().map(|e| (e.id.clone(), e.starts_at.unwrap().to_rfc3339(), e.title.clone())).collect();
    let hash = crate::token::short_hash("stammtisch@example.com");
    let id = |day: &str| format!("stammtisch-example-com-{hash}-{day}");
    assert_eq!(dates[0], (id("20261201"), "2026-12-01T19:00:00+01:00".into(), "IT-Stammtisch".into()));
    assert_eq!(
        dates[1],
        (id("20261208"), "2026-12-09T18:30:00+01:00".into(), "IT-Stammtisch (Weihnachtsfeier)".into())
    );
    let starts: Vec<&str> = dates.iter().map(|(_, start, _)| start.as_str()).collect();
    assert!(!starts.iter().any(|s| s.starts_with("2026-12-15")), "cancelled: {starts:?}");
    assert!(!starts.iter().any(|s| s.starts_with("2026-12-29")), "EXDATE: {starts:?}");
    assert!(starts.contains(&"2026-12-30T18:00:00+01:00"), "RDATE: {starts:?}");
    assert_eq!(starts.last(), Some(&"2027-03-30T19:00:00+02:00"), "UNTIL is a moment; summer time keeps 19:00");
    assert_eq!(starts.len(), 18 - 2 + 1, "18 Tuesdays, one off, one cancelled, one extra date");
    assert_eq!(read.events[0].ends_at.unwrap().to_rfc3339(), "2026-12-01T22:00:00+01:00");
    let series = format!("stammtisch-example-com-{hash}");
    assert!(read.events.iter().all(|e| read.series.get(&e.id) == Some(&series)), "one series: {:?}", read.series);
    assert_eq!(read.series.len(), read.events.len(), "only dates that were taken are in it");
}

#[test]
fn a_single_event_is_no_series() {
    let read = read_at(&calendar(&["DTSTART:20301210T120000Z"]));
    assert_eq!(read.events.len(), 1);
    assert!(read.series.is_empty(), "{:?}", read.series);
}

#[test]
fn the_next_import_finds_the_same_dates_by_their_ids() {
    let first: Vec<String> = read_at(WEEKLY).events.into_iter().map(|e| e.id).collect();
    let later = from_calendar_at(WEEKLY.as_bytes(), "Europe/Berlin", "2026-12-20T00:00:00Z".parse().unwrap()).unwrap();
    let later: Vec<String> = later.events.into_iter().map(|e| e.id).collect();
    assert!(later.len() < first.len(), "past dates are not taken again");
    assert!(later.iter().all(|id| first.contains(id)), "{later:?} ⊄ {first:?}");
}

#[test]
fn an_endless_rule_gives_a_year_of_dates_at_most_two_hundred() {
    let read = read_at(&calendar(&[
        "DTSTART;TZID=Europe/Berlin:20200107T120000\r\nRRULE:FREQ=MONTHLY;BYDAY=2TU",
        "DTSTART:20261201T080000Z\r\nRRULE:FREQ=DAILY",
        "DTSTART:20261201T080000Z\r\nRRULE:FREQ=HOURLY",
        "DTSTART:20261201T080000Z\r\nRRULE:FREQ=SOMETIMES",
    ]));
    let of = |n: usize| read.events.iter().filter(|e| e.title == format!("Termin {n}")).count();
    assert_eq!(of(0), 12, "every second Tuesday of the next twelve months");
    assert_eq!(of(1), 200);
    assert_eq!(of(2), 200);
    assert!(read.events.iter().all(|e| e.starts_at.unwrap() >= now()));
    assert_eq!(read.skipped.len(), 1);
    assert!(read.skipped[0].why.starts_with("its RRULE (line 30) cannot be read"), "{:?}", read.skipped);
    let hourly: Vec<&str> = read.events.iter().filter(|e| e.title == "Termin 2").map(|e| e.id.as_str()).collect();
    assert!(hourly[0].ends_with("-20261201t0800") && hourly[1].ends_with("-20261201t0900"), "{hourly:?}");
}

#[test]
fn several_calendars_in_one_file_are_all_read() {
    let one = calendar(&["DTSTART:20301210T120000Z"]);
    let two = one.replace("event-0", "other-0");
    let read =
        from_calendar_at(format!("\u{feff}{one}{two}trailing text\r\n").as_bytes(), "Europe/Berlin", now()).unwrap();
    assert_eq!(read.events.len(), 2);
}

/// One UID in several components, as Google and Thunderbird write a series and its changes.
fn versions(parts: &[&str]) -> String {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for part in parts {
        text += &format!("BEGIN:VEVENT\r\nUID:lunch@example.com\r\nSUMMARY:Lunch\r\n{part}\r\nEND:VEVENT\r\n");
    }
    text + "END:VCALENDAR\r\n"
}

fn utc_starts(read: &FromCalendar) -> Vec<String> {
    read.events.iter().map(|e| e.starts_at.unwrap().to_utc().format("%m-%d %H:%M").to_string()).collect()
}

#[test]
fn a_change_of_this_and_future_dates_moves_every_later_one() {
    let read = read_at(&versions(&[
        "DTSTART:20261201T120000Z\r\nDTEND:20261201T130000Z\r\nRRULE:FREQ=WEEKLY;COUNT=4",
        "RECURRENCE-ID;RANGE=THISANDFUTURE:20261215T120000Z\r\nDTSTART:20261215T090000Z\r\nDTEND:20261215T110000Z\r\nDESCRIPTION:Jetzt um 10 Uhr",
    ]));
    assert_eq!(utc_starts(&read), ["12-01 12:00", "12-08 12:00", "12-15 09:00", "12-22 09:00"]);
    let last = read.events.last().unwrap();
    assert_eq!(last.description.as_deref(), Some("Jetzt um 10 Uhr"), "the change's fields hold for later dates too");
    assert_eq!(last.ends_at.unwrap() - last.starts_at.unwrap(), Duration::hours(2));
}

#[test]
fn the_higher_sequence_holds_and_an_exdate_beats_a_change_left_in_the_file() {
    let read = read_at(&versions(&[
        "SEQUENCE:1\r\nDTSTART:20261201T120000Z\r\nRRULE:FREQ=WEEKLY;COUNT=4",
        "SEQUENCE:1\r\nRECURRENCE-ID:20261215T120000Z\r\nDTSTART:20261216T120000Z",
        "SEQUENCE:2\r\nDTSTART:20261201T120000Z\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE:20261215T120000Z",
    ]));
    assert_eq!(utc_starts(&read), ["12-01 12:00", "12-08 12:00", "12-22 12:00"]);
    assert_eq!(read.skipped.len(), 1, "{:?}", read.skipped);
    assert_eq!(read.skipped[0].why, "the version at line 17 replaces it (same UID, a higher SEQUENCE)");
}

#[test]
fn a_whole_day_series_finds_its_changed_dates_by_the_date() {
    // Outlook: a whole-day series whose changed date is named as midnight in a zone of its own.
    let read = read_at(&versions(&[
        "DTSTART;VALUE=DATE:20261203\r\nRRULE:FREQ=WEEKLY;COUNT=3",
        "RECURRENCE-ID;TZID=GMT Standard Time:20261210T000000\r\nDTSTART;VALUE=DATE:20261211",
    ]));
    let days: Vec<String> = read.events.iter().map(|e| e.starts_at.unwrap().date_naive().to_string()).collect();
    assert_eq!(days, ["2026-12-03", "2026-12-11", "2026-12-17"]);
}
