//! Backups as docs/OPERATIONS.md tells operators to make them: `stammtisch-server backup` for
//! SQLite, `pg_dump` for PostgreSQL. A copy taken while RSVPs keep coming holds every RSVP
//! acknowledged before it started, passes the database's own check, and serves once restored.

use std::collections::HashSet;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::database::{fresh_database, postgres_server};
use crate::helpers::{event, rsvp_body, spawn_app, spawn_app_on};

fn server(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stammtisch-server")).args(args).output().unwrap()
}

fn words(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Makes a backup of `database` in `file` the documented way.
fn back_up(database: &str, file: &str) -> Output {
    match postgres_server() {
        None => server(&["backup", file, "--database", database]),
        Some(_) => Command::new("pg_dump").args(["--format=custom", "--file", file, database]).output().unwrap(),
    }
}

/// Puts the backup `file` into the empty database `database` the documented way.
fn restore(database: &str, file: &str) -> Output {
    match postgres_server() {
        None => server(&["restore", file, "--database", database]),
        Some(_) => Command::new("pg_restore")
            .args(["--clean", "--if-exists", "--no-owner", "--dbname", database, file])
            .output()
            .unwrap(),
    }
}

/// The e-mail addresses of the RSVPs a database holds for `event_id`.
async fn emails_in(database: &str, event_id: &str) -> HashSet<String> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(database).await.unwrap();
    let rows: Vec<(String,)> = sqlx::query_as("SELECT email_normalized FROM rsvps WHERE event_id = $1")
        .bind(event_id)
        .fetch_all(&pool)
        .await
        .unwrap();
    rows.into_iter().map(|(email,)| email).collect()
}

#[tokio::test]
async fn a_backup_taken_during_an_rsvp_storm_holds_every_acknowledged_rsvp_and_serves_once_restored() {
    let app = spawn_app().await;
    app.add_event(event("sturm", None)).await;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.backup").display().to_string();

    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::<(String, Instant)>::new()));
    let mut senders = Vec::new();
    for sender in 0..8 {
        let (stop, acknowledged, client, url) =
            (stop.clone(), acknowledged.clone(), app.client.clone(), app.url("/api/v1/events/sturm/rsvps"));
        senders.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let email = format!("gast-{sender}-{n}@example.org");
                let sent = client.post(&url).json(&rsvp_body("Gast", &email, 0)).send().await;
                if sent.is_ok_and(|response| response.status() == reqwest::StatusCode::CREATED) {
                    acknowledged.lock().unwrap().push((email, Instant::now()));
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    let (database, file) = (app.database.clone(), copy.clone());
    let made = tokio::task::spawn_blocking(move || back_up(&database, &file)).await.unwrap();
    let finished = Instant::now();
    // The storm goes on for a while after the backup, as it would in production.
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for sender in senders {
        sender.await.unwrap();
    }
    assert!(made.status.success(), "the backup failed: {}", words(&made));

    let acknowledged = acknowledged.lock().unwrap().clone();
    let before: Vec<&String> = acknowledged.iter().filter(|(_, at)| *at < started).map(|(email, _)| email).collect();
    let after = acknowledged.iter().filter(|(_, at)| *at > finished).count();
    eprintln!(
        "backup during a storm: {} RSVPs acknowledged before it, {after} after it, {} in all; it took {} ms",
        before.len(),
        acknowledged.len(),
        (finished - started).as_millis()
    );
    assert!(before.len() >= 20 && after > 0, "a storm before ({}) and after ({after}) the backup", before.len());

    // Restored into a new database, the backup serves.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored_database = fresh_database(restored_dir.path()).await;
    let put_back = restore(&restored_database, &copy);
    assert!(put_back.status.success(), "the restore failed: {}", words(&put_back));
    let restored = spawn_app_on(restored_dir, restored_database.clone(), &[]).await;
    let in_backup = emails_in(&restored_database, "sturm").await;
    let missing: Vec<&&String> = before.iter().filter(|email| !in_backup.contains(email.as_str())).collect();
    assert!(missing.is_empty(), "{} RSVPs acknowledged before the backup are missing: {missing:?}", missing.len());
    assert!(in_backup.len() < acknowledged.len(), "RSVPs after the backup are not in it");
    let event = restored.feed_event("sturm").await;
    assert_eq!(event["id"], "sturm", "the restored board serves its feed");
    let more = restored.post_rsvp("sturm", &rsvp_body("Nach der Rücksicherung", "neu@example.org", 0)).await;
    assert_eq!(more.status(), reqwest::StatusCode::CREATED, "and takes RSVPs again");

    if postgres_server().is_none() {
        let integrity: (String,) = sqlx::query_as("PRAGMA integrity_check").fetch_one(&restored.raw).await.unwrap();
        assert_eq!(integrity.0, "ok");
        assert!(
            words(&made).contains(&format!("{} RSVPs", in_backup.len())),
            "it says what it copied: {}",
            words(&made)
        );
    }
}

#[tokio::test]
async fn a_backup_never_overwrites_and_a_restore_refuses_what_is_not_a_backup() {
    if postgres_server().is_some() {
        return; // pg_dump and pg_restore have their own checks; these are Stammtisch's words.
    }
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("already.db");
    std::fs::write(&existing, "do not touch").unwrap();
    let refused = server(&["backup", existing.to_str().unwrap(), "--database", &app.database]);
    assert!(!refused.status.success());
    assert!(words(&refused).contains("never overwrites"), "{}", words(&refused));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "do not touch");

    let target = format!("sqlite://{}", dir.path().join("target.db").display());
    let not_sqlite = server(&["restore", existing.to_str().unwrap(), "--database", &target]);
    assert!(!not_sqlite.status.success());
    assert!(words(&not_sqlite).contains("nothing was restored"), "{}", words(&not_sqlite));

    let other = dir.path().join("other.db");
    let other_url = format!("sqlite://{}?mode=rwc", other.display());
    let pool = sqlx::SqlitePool::connect(&other_url).await.unwrap();
    sqlx::query("CREATE TABLE notes (text TEXT)").execute(&pool).await.unwrap();
    pool.close().await;
    let foreign = server(&["restore", other.to_str().unwrap(), "--database", &target]);
    assert!(!foreign.status.success());
    assert!(words(&foreign).contains("not a Stammtisch database"), "{}", words(&foreign));

    let postgres = server(&["backup", "x.dump", "--database", "postgres://stammtisch@localhost/board"]);
    assert!(!postgres.status.success());
    assert!(words(&postgres).contains("pg_dump"), "PostgreSQL is pointed to pg_dump: {}", words(&postgres));
}
