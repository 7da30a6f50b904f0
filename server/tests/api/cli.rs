//! The command line for scripts: import and export events, export attendees, make a token.

use std::process::{Command, Output};

use serde_json::Value;
use stammtisch_model::Lang;
use stammtisch_server::Store;

use crate::helpers::rsvp_body;

fn cli(database: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stammtisch-server")).args(args).args(["--database", database]).output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Club//Termine//DE\r\n\
BEGIN:VEVENT\r\nUID:rotary-2030-12@club.example\r\nDTSTAMP:20301129T100000Z\r\n\
DTSTART;TZID=Europe/Berlin:20301210T123000\r\nDTEND;TZID=Europe/Berlin:20301210T140000\r\n\
SUMMARY:Rotary-Lunch\\, Dezember\r\nLOCATION:Hotel am Markt\r\nURL:https://club.example/lunch\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:sommerfest@club.example\r\nDTSTART:20300704T163000Z\r\nSUMMARY:Sommerfest\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:ohne-titel@club.example\r\nDTSTART:20300705T163000Z\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[tokio::test]
async fn events_go_in_from_calendar_files_and_feeds_and_come_out_as_a_feed() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("cli.db").display());
    let ics = dir.path().join("club.ics");
    std::fs::write(&ics, CALENDAR).unwrap();

    let first = stdout(&cli(&database, &["events", "import", ics.to_str().unwrap()]));
    assert_eq!(first.trim(), "2 events added, 0 updated, 1 skipped", "a VEVENT without a title is skipped");
    let again = stdout(&cli(&database, &["events", "import", ics.to_str().unwrap()]));
    assert_eq!(again.trim(), "0 events added, 2 updated, 1 skipped", "the same UIDs update, never double");

    let exported: Value = serde_json::from_str(&stdout(&cli(&database, &["events", "export"]))).unwrap();
    let events = exported["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    let lunch = events.iter().find(|e| e["title"] == "Rotary-Lunch, Dezember").expect("the lunch");
    assert_eq!(lunch["starts_at"], "2030-12-10T12:30:00+01:00", "its zone kept");
    assert_eq!(lunch["time_zone"], "Europe/Berlin");
    assert_eq!(lunch["location"]["name"], "Hotel am Markt");
    assert_eq!(lunch["rsvp"]["open"], true);

    // What one board exports, another imports: the feed format goes both ways.
    let feed = dir.path().join("feed.json");
    std::fs::write(&feed, serde_json::to_string(&exported).unwrap()).unwrap();
    let other = format!("sqlite://{}", dir.path().join("other.db").display());
    let imported = stdout(&cli(&other, &["events", "import", feed.to_str().unwrap(), "--read-only"]));
    assert_eq!(imported.trim(), "2 events added, 0 updated, 0 skipped");
    let copy: Value = serde_json::from_str(&stdout(&cli(&other, &["events", "export"]))).unwrap();
    assert_eq!(copy["events"].as_array().unwrap().len(), 2);
    assert!(copy["events"][0].get("rsvp").is_none_or(Value::is_null), "--read-only: no RSVP through the board");

    // A weekly meeting comes in as its dates, all of one series.
    let weekly = dir.path().join("weekly.ics");
    std::fs::write(
        &weekly,
        CALENDAR.replace("DTSTART:20300704T163000Z", "DTSTART:20260107T173000Z\r\nRRULE:FREQ=WEEKLY"),
    )
    .unwrap();
    let weekly_db = format!("sqlite://{}", dir.path().join("weekly.db").display());
    stdout(&cli(&weekly_db, &["events", "import", weekly.to_str().unwrap()]));
    let board: Value = serde_json::from_str(&stdout(&cli(&weekly_db, &["events", "export"]))).unwrap();
    let summer: Vec<&Value> =
        board["events"].as_array().unwrap().iter().filter(|e| e["title"] == "Sommerfest").collect();
    assert!(summer.len() >= 52, "a year of Wednesdays: {}", summer.len());
    assert!(summer.iter().all(|e| e["series"] == summer[0]["series"] && e["series"].is_string()), "{summer:?}");
}

#[tokio::test]
async fn attendees_come_out_as_csv_or_json_and_a_token_is_made_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("rsvps.db").display());
    let store = Store::open(&database).await.unwrap();
    store.create_event(&crate::helpers::event("lunch", Some(5)), chrono::Utc::now()).await.unwrap();
    let rsvp = serde_json::from_value::<stammtisch_model::RsvpRequest>(rsvp_body("=Anna", "anna@example.org", 1))
        .unwrap()
        .validate()
        .unwrap();
    store.create_rsvp("lunch", &rsvp, Lang::De, &[7; 32], chrono::Utc::now()).await.unwrap();

    let csv = stdout(&cli(&database, &["rsvps", "export", "lunch"]));
    assert!(csv.starts_with('\u{feff}') && csv.contains("'=Anna;anna@example.org"), "{csv}");
    let json: Value =
        serde_json::from_str(&stdout(&cli(&database, &["rsvps", "export", "lunch", "--format", "json"]))).unwrap();
    assert_eq!(json["rsvps"][0]["name"], "=Anna");
    let missing = cli(&database, &["rsvps", "export", "gibt-es-nicht"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no event with the id"));

    let token = stdout(&cli(&database, &["admin-token", "generate"]));
    assert_eq!(token.trim().len(), 43, "256 bits, base64url");
    assert_ne!(token, stdout(&cli(&database, &["admin-token", "generate"])));
}

#[test]
fn every_command_explains_itself() {
    for args in [
        &["--help"][..],
        &["events", "import", "--help"],
        &["rsvps", "export", "--help"],
        &["admin-token", "--help"],
        &["backup", "--help"],
        &["restore", "--help"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_stammtisch-server")).args(args).output().unwrap();
        let help = String::from_utf8(output.stdout).unwrap();
        assert!(output.status.success() && help.contains("Usage:"), "{args:?}");
    }
    let main = Command::new(env!("CARGO_BIN_EXE_stammtisch-server")).arg("--help").output().unwrap();
    let help = String::from_utf8(main.stdout).unwrap();
    for command in ["events", "rsvps", "admin-token", "backup", "restore"] {
        assert!(help.contains(command), "{command} in --help");
    }
}

#[tokio::test]
async fn an_import_names_each_skipped_event_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("cli.db").display());
    let ics = dir.path().join("exchange.ics");
    std::fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:Microsoft Exchange Server 2010\r\n\
BEGIN:VEVENT\r\nUID:partnertag@exchange.example\r\nDTSTAMP:20301129T100000Z\r\n\
DTSTART;TZID=Eastern Standard Time:20301210T170000\r\nDURATION:PT2H\r\nSUMMARY:Partnertag\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:fern@exchange.example\r\nDTSTAMP:20301129T100000Z\r\n\
DTSTART;TZID=Mars Standard Time:20301211T170000\r\nSUMMARY:Fern\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let output = cli(&database, &["events", "import", ics.to_str().unwrap()]);
    assert_eq!(stdout(&output).trim(), "1 events added, 0 updated, 1 skipped");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("skipped \"fern@exchange.example\" (line 11): its time zone \"Mars Standard Time\" is unknown"),
        "{said}"
    );
    // A file cut off in the middle is refused as a whole, naming where: what it would have
    // held is unknown, and the board keeps what it had.
    let cut_off = dir.path().join("cut.ics");
    std::fs::write(&cut_off, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Halb").unwrap();
    let refused = cli(&database, &["events", "import", cut_off.to_str().unwrap()]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("not a calendar file: line 3: BEGIN:VEVENT has no END:VEVENT: the file is cut off"),
        "{said}"
    );
    let exported: Value = serde_json::from_str(&stdout(&cli(&database, &["events", "export"]))).unwrap();
    let event = &exported["events"][0];
    assert_eq!(event["starts_at"], "2030-12-10T17:00:00-05:00", "Exchange's zone, not the board's");
    assert_eq!(event["ends_at"], "2030-12-10T19:00:00-05:00");
    assert_eq!(event["time_zone"], "America/New_York");
}
