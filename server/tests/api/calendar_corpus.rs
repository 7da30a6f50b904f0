//! Real calendar files from other projects' test suites (`tests/calendars/`, with their
//! sources and licences): each one gives events that keep the board's rules, or is refused with
//! the line and the problem in words; every event left out says which and why.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};

use stammtisch_server::cli::{event_id, from_calendar, from_calendar_at};

fn corpus() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/calendars");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flat_map(|dir| std::fs::read_dir(dir.unwrap().path()).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "ics"))
        .collect();
    files.sort();
    files
}

/// `folder/file.ics`: file names repeat across the corpus' sources.
fn corpus_name(file: &Path) -> String {
    let folder = file.parent().and_then(Path::file_name).unwrap_or_default().to_string_lossy();
    format!("{folder}/{}", file.file_name().unwrap_or_default().to_string_lossy())
}

fn python(script: &str, files: &[PathBuf]) -> Vec<u8> {
    let venv = std::env::var_os("STAMMTISCH_SCHEMATHESIS").expect(
        "STAMMTISCH_SCHEMATHESIS (the venv with icalendar) is not set: run this test through `cargo xtask test`",
    );
    let run =
        std::process::Command::new(Path::new(&venv).join("python")).args(["-c", script]).args(files).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    run.stdout
}

#[test]
fn every_real_calendar_file_imports_or_is_refused_with_a_line_and_a_reason() {
    let files = corpus();
    assert!(files.len() >= 100, "the corpus is there: {} files", files.len());
    let (mut events, mut skipped, mut refused) = (0, 0, Vec::new());
    for file in &files {
        let name = corpus_name(file);
        match from_calendar(&std::fs::read(file).unwrap(), "Europe/Berlin") {
            Ok(read) => {
                for event in &read.events {
                    assert!(event.problems().is_empty(), "{name}: {:?} breaks {:?}", event.id, event.problems());
                }
                for notice in read.skipped.iter().chain(&read.changed) {
                    assert!(notice.line > 0 && !notice.why.is_empty(), "{name}: {notice}");
                }
                events += read.events.len();
                skipped += read.skipped.len();
            }
            Err(error) => {
                let said = error.to_string();
                assert!(said.starts_with("not a calendar file: line "), "{name}: {said}");
                refused.push(format!("{name}: {said}"));
            }
        }
    }
    println!("{} files: {events} events, {skipped} skipped, {} refused", files.len(), refused.len());
    for refusal in &refused {
        println!("  {refusal}");
    }
    assert!(refused.len() * 5 < files.len(), "most real files are read: {refused:#?}");
}

/// Prints, for each file Python's `icalendar` reads, the UTC start of every single timed event
/// (no recurrence, not floating): `{"file": {"uid": "2026-12-03T18:00:00Z"}}`.
const PYTHON_READER: &str = r#"
import datetime, json, sys, icalendar
starts = {}
for path in sys.argv[1:]:
    try:
        calendars = icalendar.Calendar.from_ical(open(path, "rb").read(), multiple=True)
    except Exception:
        continue
    found = {}
    for calendar in calendars:
        for event in calendar.walk("VEVENT"):
            if any(key in event for key in ("RRULE", "RDATE", "RECURRENCE-ID")) or "UID" not in event:
                continue
            try:
                start = event.decoded("DTSTART")
            except Exception:
                continue
            if isinstance(start, datetime.datetime) and start.tzinfo is not None:
                found[str(event["UID"]).strip()] = start.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    starts["/".join(path.rsplit("/", 2)[-2:])] = found
print(json.dumps(starts))
"#;

#[test]
fn single_event_times_agree_with_python_icalendar() {
    let files = corpus();
    let theirs: BTreeMap<String, BTreeMap<String, String>> =
        serde_json::from_slice(&python(PYTHON_READER, &files)).unwrap();
    let (mut compared, mut disagree, mut skipped, mut unexplained) = (0, Vec::new(), Vec::new(), Vec::new());
    for file in &files {
        let name = corpus_name(file);
        let Some(starts) = theirs.get(&name) else { continue };
        let Ok(ours) = from_calendar(&std::fs::read(file).unwrap(), "Europe/Berlin") else { continue };
        for (uid, start) in starts {
            let id = event_id(uid);
            let Some(event) = ours.events.iter().find(|e| e.id == id) else {
                // An event we left out must say why.
                match ours.skipped.iter().find(|n| n.uid == *uid) {
                    Some(notice) => skipped.push(format!("{name} {notice}")),
                    None => unexplained.push(format!("{name} {uid}")),
                }
                continue;
            };
            compared += 1;
            let mine = event.starts_at.unwrap().to_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string();
            if &mine != start {
                disagree.push(format!("{name} {uid}: ours {mine}, icalendar {start}"));
            }
        }
    }
    println!("{compared} event starts compared with Python icalendar; left out by us: {skipped:#?}");
    assert!(compared >= 40, "enough events compared: {compared}");
    assert!(disagree.is_empty(), "{disagree:#?}");
    assert!(unexplained.is_empty(), "events icalendar reads and we left out without a reason: {unexplained:#?}");
}

/// Expands, for each file, every recurring event (one with `RRULE` or `RDATE`) in the year after
/// its first start, as `recurring-ical-events` reads it. Whole days and floating times are read
/// in the board's zone, as the board does:
/// `{"file": {"from": "…Z", "series": {"uid": ["…Z", …]}}}`.
const PYTHON_EXPANDER: &str = r#"
import datetime, json, sys, zoneinfo, icalendar, recurring_ical_events
utc, board = datetime.timezone.utc, zoneinfo.ZoneInfo("Europe/Berlin")
def moment(start):
    if not isinstance(start, datetime.datetime):
        start = datetime.datetime.combine(start, datetime.time())
    return (start if start.tzinfo else start.replace(tzinfo=board)).astimezone(utc)
out = {}
for path in sys.argv[1:]:
    try:
        calendar = icalendar.Calendar.from_ical(open(path, "rb").read())
    except Exception:
        continue
    masters, firsts = set(), []
    for event in calendar.walk("VEVENT"):
        if "UID" in event and "RECURRENCE-ID" not in event and ("RRULE" in event or "RDATE" in event):
            try:
                firsts.append(moment(event.decoded("DTSTART")))
            except Exception:
                continue
            masters.add(str(event["UID"]).strip())
    if not masters:
        continue
    begin = min(firsts).replace(microsecond=0)
    try:
        found = recurring_ical_events.of(calendar).between(begin, begin + datetime.timedelta(days=366))
    except Exception:
        continue
    series = {}
    for event in found:
        uid = str(event.get("UID", "")).strip()
        if uid in masters and "DTSTART" in event:
            series.setdefault(uid, []).append(moment(event.get("DTSTART").dt).strftime("%Y-%m-%dT%H:%M:%SZ"))
    out["/".join(path.rsplit("/", 2)[-2:])] = {"from": begin.strftime("%Y-%m-%dT%H:%M:%SZ"), "series": series}
print(json.dumps(out))
"#;

/// Where we read a file otherwise than `recurring-ical-events`, on purpose.
const KNOWN_DIFFERENCES: [(&str, &str); 1] = [(
    "recurring-ical-events/issue_28_rrule_with_UTC_endinginZ.ics",
    "Outlook ends whole-day series with UNTIL at midnight of the last day in its own zone \
     (23:00Z in British summer time); we read that in the board's zone and keep the last day, \
     recurring-ical-events takes UNTIL's UTC date and drops it",
)];

#[derive(serde::Deserialize)]
struct Expanded {
    from: DateTime<Utc>,
    series: BTreeMap<String, Vec<String>>,
}

#[test]
fn recurring_dates_agree_with_recurring_ical_events() {
    let files = corpus();
    let theirs: BTreeMap<String, Expanded> = serde_json::from_slice(&python(PYTHON_EXPANDER, &files)).unwrap();
    let (mut compared, mut dates, mut disagree, mut left_out) = (0, 0, Vec::new(), Vec::new());
    for file in &files {
        let name = corpus_name(file);
        let Some(expanded) = theirs.get(&name) else { continue };
        let Ok(ours) = from_calendar_at(&std::fs::read(file).unwrap(), "Europe/Berlin", expanded.from) else {
            continue;
        };
        // The window's edges are read in each reader's own way (a clock time, a moment); a day
        // inside them both agree on.
        let inside = |start: &DateTime<Utc>| {
            *start > expanded.from + Duration::days(1) && *start < expanded.from + Duration::days(365)
        };
        for (uid, starts) in &expanded.series {
            let series = event_id(uid);
            let mine: BTreeSet<DateTime<Utc>> = ours
                .events
                .iter()
                // A rule we read as none (an empty `RRULE:`) leaves a single event.
                .filter(|e| ours.series.get(&e.id) == Some(&series) || e.id == series)
                .map(|e| e.starts_at.unwrap().to_utc())
                .filter(inside)
                .collect();
            let other: BTreeSet<DateTime<Utc>> =
                starts.iter().map(|s| s.parse::<DateTime<Utc>>().unwrap()).filter(inside).collect();
            if mine.is_empty() && !other.is_empty() {
                match ours.skipped.iter().find(|n| n.uid == *uid) {
                    Some(notice) => left_out.push(format!("{name} {notice}")),
                    None => disagree.push(format!("{name} {uid}: none of its {} dates, no reason", other.len())),
                }
                continue;
            }
            // Both stop at 200 dates; where that cap cuts, the sets end differently.
            if mine.len() >= 199 || other.len() >= 199 {
                continue;
            }
            compared += 1;
            dates += other.len();
            if mine != other {
                let only_ours: Vec<_> = mine.difference(&other).take(3).collect();
                let only_theirs: Vec<_> = other.difference(&mine).take(3).collect();
                disagree.push(format!("{name} {uid}: only ours {only_ours:?}, only theirs {only_theirs:?}"));
            }
        }
    }
    println!("{compared} series ({dates} dates) compared with recurring-ical-events; left out by us: {left_out:#?}");
    assert!(compared >= 100, "enough series compared: {compared}");
    for (file, why) in KNOWN_DIFFERENCES {
        let before = disagree.len();
        disagree.retain(|difference| !difference.starts_with(&format!("{file} ")));
        assert!(disagree.len() < before, "{file} agrees now; take it off the known differences ({why})");
    }
    assert!(disagree.is_empty(), "{} series disagree: {disagree:#?}", disagree.len());
}
