//! Real calendar files from other projects' test suites (`tests/calendars/`, with their
//! sources and licences): each one gives events that keep the board's rules, or is refused with
//! the line and the problem in words; every event left out says which and why.

use std::path::PathBuf;

use stammtisch_server::cli::from_calendar;

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

#[test]
fn every_real_calendar_file_imports_or_is_refused_with_a_line_and_a_reason() {
    let files = corpus();
    assert!(files.len() >= 100, "the corpus is there: {} files", files.len());
    let (mut events, mut skipped, mut refused) = (0, 0, Vec::new());
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy();
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
    starts[path.rsplit("/", 1)[-1]] = found
print(json.dumps(starts))
"#;

#[test]
fn single_event_times_agree_with_python_icalendar() {
    let venv = std::env::var_os("STAMMTISCH_SCHEMATHESIS").expect(
        "STAMMTISCH_SCHEMATHESIS (the venv with icalendar) is not set: run this test through `cargo xtask test`",
    );
    let files = corpus();
    let run = std::process::Command::new(std::path::Path::new(&venv).join("python"))
        .args(["-c", PYTHON_READER])
        .args(&files)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let theirs: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> =
        serde_json::from_slice(&run.stdout).unwrap();
    let (mut compared, mut disagree, mut skipped, mut unexplained) = (0, Vec::new(), Vec::new(), Vec::new());
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let Some(starts) = theirs.get(&name) else { continue };
        let Ok(ours) = from_calendar(&std::fs::read(file).unwrap(), "Europe/Berlin") else { continue };
        for (uid, start) in starts {
            let id = stammtisch_server::cli::event_id(uid);
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
