//! Outside tools against the real server binary on loopback.
//! - Property-based API testing from the OpenAPI document: schemathesis (PyPI), organizer API
//!   included. Every answer must be documented: no 5xx, no status code the document does not
//!   list, no body outside its schema, no other content type.
//! - The board's calendar read by two parsers that share no code with ours: Python's
//!   `icalendar` and Mozilla's ical.js.
//!
//! `cargo xtask test` installs them into `.tools/` and sets STAMMTISCH_SCHEMATHESIS (the venv's
//! `bin` folder) and STAMMTISCH_ICAL_JS.

use std::process::Command;

use serde_json::{json, Value};

use stammtisch_e2e::{env_path, start_server};

const TOKEN: &str = "schemathesis-organizer-token-0123456789";

#[tokio::test]
async fn every_operation_answers_as_the_openapi_document_says() {
    let bin = env_path("STAMMTISCH_SCHEMATHESIS");
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("board.db").display());
    // Without the rate limit RSVPs are tried for real, not only answered 429 after ten.
    let (_server, url) = start_server(&database, &["--admin-token", TOKEN, "--rsvp-rate-limit", "0"]);
    let schema = format!("{url}/api/v1/openapi.json");

    let document = dir.path().join("openapi.json");
    let served = reqwest::get(&schema).await.unwrap().text().await.unwrap();
    std::fs::write(&document, served).unwrap();
    let validated = Command::new(bin.join("openapi-spec-validator")).arg(&document).output().unwrap();
    assert!(
        validated.status.success(),
        "the served document is not valid OpenAPI:\n{}{}",
        String::from_utf8_lossy(&validated.stdout),
        String::from_utf8_lossy(&validated.stderr)
    );

    let report = dir.path().join("report");
    let run = Command::new(bin.join("schemathesis"))
        .args(["--no-color", "run", &schema])
        .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance"])
        .args(["--header", &format!("Authorization: Bearer {TOKEN}")])
        // Wrong tokens lock a client out for a minute (documented as 429): generating them
        // would leave the organizer API untested behind that lock. tests/api/admin.rs has it.
        .args(["--generation-with-security-parameters", "false"])
        // A stream never ends: a request for it could only time out.
        .args(["--exclude-path", "/api/v1/feed/stream"])
        .args(["--max-examples", "60", "--seed", "20261202", "--workers", "2", "--request-timeout", "10"])
        // Nothing kept between runs (its crash cache goes to the temporary folder): the seed
        // alone decides what is tried.
        .args(["--generation-database", "none"])
        .current_dir(dir.path())
        .arg("--report-dir")
        .arg(&report)
        .output()
        .unwrap();
    let output = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    println!("{output}");
    assert!(run.status.success(), "schemathesis found failures:\n{output}");
}

/// Prints each VEVENT as JSON: UID, summary, start and end (UTC times, or dates for whole days).
const PYTHON_READER: &str = r#"
import datetime, json, sys, icalendar
def text(value):
    if value is None: return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
print(json.dumps([{"uid": str(e["UID"]), "summary": str(e["SUMMARY"]), "start": text(e.decoded("DTSTART")),
    "end": text(e.decoded("DTEND")) if "DTEND" in e else None} for e in calendar.walk("VEVENT")]))
"#;

/// The same with ical.js.
const NODE_READER: &str = r#"
const [module, file] = process.argv.slice(2);
const ICAL = (await import(module)).default;
const { readFileSync } = await import("node:fs");
const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
const text = (time) => time === null ? null : time.isDate
    ? `${String(time.year).padStart(4, "0")}-${String(time.month).padStart(2, "0")}-${String(time.day).padStart(2, "0")}`
    : time.toJSDate().toISOString().replace(".000Z", "Z");
console.log(JSON.stringify(calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return { uid: event.uid, summary: event.summary, start: text(event.startDate),
        end: vevent.hasProperty("dtend") ? text(event.endDate) : null };
})));
"#;

fn read_with(program: &str, args: &[&str]) -> Value {
    let run = Command::new(program).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{program} could not read the calendar: {}{stdout}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{program} printed {stdout}"))
}

#[tokio::test]
async fn python_icalendar_and_ical_js_read_the_boards_calendar_as_we_meant_it() {
    let python = env_path("STAMMTISCH_SCHEMATHESIS").join("python");
    let ical_js = env_path("STAMMTISCH_ICAL_JS").join("dist").join("ical.js");
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("board.db").display());
    let (_server, url) = start_server(&database, &["--admin-token", TOKEN]);
    let http = reqwest::Client::new();
    let events = [
        json!({"id": "stammtisch-dezember", "title": "IT-Stammtisch; Köln, mit \"Umlauten\"",
            "starts_at": "2030-12-03T19:00:00+01:00", "ends_at": "2030-12-03T22:00:00+01:00", "time_zone": "Europe/Berlin"}),
        json!({"id": "partnertag", "title": "Partnertag (ganztägig)", "starts_at": "2030-07-01T00:00:00+02:00",
            "ends_at": "2030-07-03T00:00:00+02:00", "time_zone": "Europe/Berlin"}),
    ];
    for event in &events {
        let put = http.post(format!("{url}/api/v1/admin/events")).bearer_auth(TOKEN).json(event).send().await.unwrap();
        assert!(put.status().is_success(), "{:?}", put.text().await);
    }
    let calendar = dir.path().join("feed.ics");
    std::fs::write(&calendar, reqwest::get(format!("{url}/api/v1/feed.ics")).await.unwrap().bytes().await.unwrap())
        .unwrap();
    let calendar = calendar.to_str().unwrap();

    let script = dir.path().join("read.mjs");
    std::fs::write(&script, NODE_READER).unwrap();
    let by_python = read_with(python.to_str().unwrap(), &["-c", PYTHON_READER, calendar]);
    let module = format!("file://{}", ical_js.display());
    let by_ical_js = read_with("node", &[script.to_str().unwrap(), &module, calendar]);
    assert_eq!(by_python, by_ical_js, "the two readers disagree");

    let find = |id: &str| {
        by_python
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["uid"].as_str().unwrap().starts_with(&format!("{id}@")))
            .cloned()
    };
    let evening = find("stammtisch-dezember").expect("the timed event");
    assert_eq!(evening["summary"], "IT-Stammtisch; Köln, mit \"Umlauten\"");
    assert_eq!((&evening["start"], &evening["end"]), (&json!("2030-12-03T18:00:00Z"), &json!("2030-12-03T21:00:00Z")));
    let whole_days = find("partnertag").expect("the all-day event");
    assert_eq!(
        (&whole_days["start"], &whole_days["end"]),
        (&json!("2030-07-01"), &json!("2030-07-03")),
        "dates, not 22:00Z"
    );
    let uid = evening["uid"].as_str().unwrap();
    assert!(!uid.contains("127.0.0.1"), "a UID must not change with the server's address: {uid}");
    assert!(by_python.as_array().unwrap().len() > events.len(), "the demo board's events are read too");
}
