//! `backup FILE` and `restore FILE` for SQLite, with SQLite's online backup API (through
//! rusqlite): the copy is taken in one step, inside one read transaction, so it is a consistent
//! picture of the database while the server goes on taking RSVPs (readers do not block writers
//! in WAL mode). A restore writes the same way into the database, under its write lock, so
//! it is safe even while a server has it open. PostgreSQL has `pg_dump` for this
//! (docs/OPERATIONS.md).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::{bail, Context};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use sqlx::sqlite::SqliteConnectOptions;

use crate::store::is_postgres;

/// What a backup or restore copied.
#[derive(Debug)]
pub struct Copied {
    pub events: i64,
    pub rsvps: i64,
    pub bytes: u64,
}

impl Copied {
    /// "12 events, 340 RSVPs, 1.2 MB"
    pub fn describe(&self) -> String {
        format!("{} events, {} RSVPs, {:.1} MB", self.events, self.rsvps, self.bytes as f64 / 1_000_000.0)
    }
}

/// How long a restore waits for a running server's write to finish.
const WAIT_FOR_WRITERS: Duration = Duration::from_secs(30);

fn sqlite_file(database: &str, verb: &str) -> anyhow::Result<PathBuf> {
    if is_postgres(database) {
        match verb {
            "backup" => bail!(
                "PostgreSQL databases are backed up with pg_dump: \
                 pg_dump --format=custom --file=FILE \"$DATABASE_URL\" (docs/OPERATIONS.md)"
            ),
            _ => bail!(
                "PostgreSQL databases are restored with pg_restore: \
                 pg_restore --clean --if-exists --no-owner --dbname=\"$DATABASE_URL\" FILE (docs/OPERATIONS.md)"
            ),
        }
    }
    let options = SqliteConnectOptions::from_str(database)
        .with_context(|| format!("{database} is not a database URL (sqlite://… or postgres://…)"))?;
    Ok(options.get_filename().to_path_buf())
}

/// Copies everything from `from` to `to` in one step.
fn copy(from: &Connection, to: &mut Connection) -> anyhow::Result<()> {
    let backup = Backup::new(from, to)?;
    let deadline = std::time::Instant::now() + WAIT_FOR_WRITERS;
    loop {
        // -1: all pages in one step, so the copy is one moment of the source.
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Another connection holds a lock the copy needs: wait for it, a while.
            _ if std::time::Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => bail!("the database stayed locked for {} s; nothing was copied", WAIT_FOR_WRITERS.as_secs()),
        }
    }
}

/// "ok", or what SQLite found wrong with the file.
fn check(connection: &Connection, file: &Path) -> anyhow::Result<()> {
    let verdict: String = connection.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    if verdict != "ok" {
        bail!("{} is damaged: SQLite's integrity check says {verdict:?}", file.display());
    }
    Ok(())
}

fn counts(connection: &Connection, file: &Path) -> anyhow::Result<Copied> {
    let count = |table: &str| connection.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0));
    Ok(Copied { events: count("events")?, rsvps: count("rsvps")?, bytes: std::fs::metadata(file)?.len() })
}

/// Writes a consistent copy of the live database to `file`, which must not exist yet.
pub fn backup(database: &str, file: &Path) -> anyhow::Result<Copied> {
    let source_file = sqlite_file(database, "backup")?;
    if !source_file.exists() {
        bail!("there is no database at {}", source_file.display());
    }
    if file.exists() {
        bail!("{} exists already; a backup never overwrites a file, choose a new name", file.display());
    }
    let source = Connection::open_with_flags(&source_file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("cannot open the database {}", source_file.display()))?;
    source.busy_timeout(WAIT_FOR_WRITERS)?;
    let mut target =
        Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)
            .with_context(|| format!("cannot write {}", file.display()))?;
    let copied = copy(&source, &mut target).and_then(|()| {
        // A backup is one file: no journal beside it.
        target.pragma_update(None, "journal_mode", "DELETE")?;
        check(&target, file)?;
        counts(&target, file)
    });
    if copied.is_err() {
        drop(target);
        let _ = std::fs::remove_file(file);
    }
    copied
}

/// Puts the backup `file` in place of the database's contents. The file is checked first:
/// SQLite's integrity check, and a schema this server knows (it may be older: the server
/// brings it up to date when it opens the database).
pub fn restore(database: &str, file: &Path, known_migrations: &[i64]) -> anyhow::Result<Copied> {
    let target_file = sqlite_file(database, "restore")?;
    let source = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("cannot open {}", file.display()))?;
    check(&source, file).map_err(|error| {
        // A file that is not SQLite at all fails here too.
        anyhow::anyhow!("{error:#}; nothing was restored")
    })?;
    let versions: Vec<i64> = match source.prepare("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
    {
        Ok(mut query) => query.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?,
        Err(_) => {
            bail!("{} is not a Stammtisch database (it has no schema history); nothing was restored", file.display())
        }
    };
    if let Some(newer) = versions.iter().find(|v| !known_migrations.contains(v)) {
        bail!(
            "{} was made by a newer Stammtisch (schema {newer}); update this server first. Nothing was restored.",
            file.display()
        );
    }
    if let Some(dir) = target_file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut target = Connection::open(&target_file)
        .with_context(|| format!("cannot open the database {}", target_file.display()))?;
    target.busy_timeout(WAIT_FOR_WRITERS)?;
    copy(&source, &mut target)?;
    check(&target, &target_file)?;
    counts(&target, &target_file)
}
