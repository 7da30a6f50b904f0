//! Commands for scripts and cron jobs, beside serving: importing and exporting events,
//! exporting attendees, making an admin token. They work on the same database as the server,
//! which may be running at the same time (SQLite in WAL mode).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use chrono::Utc;
use clap::{Subcommand, ValueEnum};
use stammtisch_model::{Feed, Lang, FEED_VERSION};

use crate::event_form::new_event;
/// Public for the fuzzer: calendar files come from outside.
pub use crate::import::{event_id, from_calendar, from_calendar_at};
use crate::import::{from_feed, is_calendar};
use crate::store::{Store, StoreError};

#[derive(Clone, Debug, Subcommand)]
pub enum Command {
    /// Import events from a file, or export them all.
    #[command(subcommand)]
    Events(EventsCommand),
    /// Export an event's attendees.
    #[command(subcommand)]
    Rsvps(RsvpsCommand),
    /// Make a token for the organizer API.
    #[command(subcommand, name = "admin-token")]
    AdminToken(AdminTokenCommand),
    /// Write a consistent copy of the SQLite database to FILE, also while the server runs and
    /// takes RSVPs. PostgreSQL: use pg_dump (docs/OPERATIONS.md).
    Backup {
        /// Where the copy goes; it must not exist yet.
        file: PathBuf,
    },
    /// Read flags, environment and the config file as the server would, check every setting
    /// (the database is opened, nothing is changed) and say what is wrong. Exit code 1 then.
    #[command(name = "check-config")]
    CheckConfig,
    /// Put a copy made by `backup` in place of the SQLite database's contents, after checking
    /// it. Everything written since that backup is replaced. Restart the server afterwards.
    Restore {
        /// The backup to put back.
        file: PathBuf,
    },
}

#[derive(Clone, Debug, Subcommand)]
pub enum EventsCommand {
    /// Add events from a Stammtisch feed (.json, docs/API.md §1) or a calendar file (.ics). An
    /// event whose id exists already is updated; its RSVPs stay. Prints what it did.
    Import {
        /// The file to read.
        file: PathBuf,
        /// List the imported events without RSVP through the board.
        #[arg(long)]
        read_only: bool,
    },
    /// Write every event, with its seat counts, as a Stammtisch feed (JSON) to standard output.
    Export,
}

#[derive(Clone, Debug, Subcommand)]
pub enum RsvpsCommand {
    /// Write an event's attendees and waitlist to standard output.
    Export {
        /// The event's id.
        event_id: String,
        /// `csv` opens in Excel (UTF-8 with BOM, `;`-separated); `json` is for programs.
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

#[derive(Clone, Debug, Subcommand)]
pub enum AdminTokenCommand {
    /// Print a new random token (256 bits). Give it to the server with --admin-token or
    /// STAMMTISCH_ADMIN_TOKEN; it is never stored anywhere by Stammtisch.
    Generate,
}

pub async fn run(command: Command, config: &crate::Config) -> anyhow::Result<()> {
    let database = config.database.as_str();
    if let Command::AdminToken(AdminTokenCommand::Generate) = command {
        let token = crate::token::CancelToken::generate().context("no random numbers available")?;
        println!("{}", token.token);
        eprintln!("Start the server with STAMMTISCH_ADMIN_TOKEN=<this token> (or --admin-token). Keep it secret.");
        return Ok(());
    }
    match &command {
        Command::Backup { file } => {
            let (database, file) = (database.to_owned(), file.clone());
            let copied = tokio::task::spawn_blocking(move || crate::backup::backup(&database, &file)).await??;
            println!("backup written: {}", copied.describe());
            return Ok(());
        }
        Command::Restore { file } => {
            let (target, file) = (database.to_owned(), file.clone());
            let known = crate::store::sqlite_migrations();
            let copied = tokio::task::spawn_blocking(move || crate::backup::restore(&target, &file, &known)).await??;
            // An older backup gets this server's schema now, not at the next start.
            Store::open(database).await.context("the restored database does not open")?;
            println!("restored: {}", copied.describe());
            eprintln!("Restart the server, if one is running, so that it serves the restored data.");
            return Ok(());
        }
        Command::CheckConfig => {
            // The binary's main answers it with what the config file gave; here only the flags.
            let loaded = crate::config_file::Loaded { config: config.clone(), file: None, from_file: Vec::new() };
            return match crate::check_config::check(&loaded).await {
                true => Ok(()),
                false => Err(anyhow::anyhow!("the configuration has problems")),
            };
        }
        _ => {}
    }
    let store = Store::open(database)
        .await
        .with_context(|| format!("cannot open the database {}", crate::config::without_credentials(database)))?;
    match command {
        Command::Events(EventsCommand::Import { file, read_only }) => {
            let mails = import_mail(&store, config);
            import(&store, &file, read_only, mails).await
        }
        Command::Events(EventsCommand::Export) => {
            let now = Utc::now();
            let feed = Feed {
                version: FEED_VERSION,
                board: store.board().await?,
                generated_at: now,
                events: store.events(now).await?,
            };
            println!("{}", serde_json::to_string_pretty(&feed)?);
            Ok(())
        }
        Command::Rsvps(RsvpsCommand::Export { event_id, format }) => {
            let attendees = store.attendees(&event_id).await.map_err(|error| match error {
                StoreError::EventNotFound => anyhow::anyhow!("there is no event with the id {event_id:?}"),
                other => other.into(),
            })?;
            let mut out = std::io::stdout().lock();
            match format {
                Format::Csv => {
                    let questions = store.admin_event(&event_id, chrono::Utc::now()).await?.event.questions;
                    out.write_all(&crate::export::attendees_csv(&attendees, &questions, Lang::De)?)?
                }
                Format::Json => writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&stammtisch_model::AttendeeList { rsvps: attendees })?
                )?,
            }
            Ok(())
        }
        Command::AdminToken(_) | Command::Backup { .. } | Command::Restore { .. } | Command::CheckConfig => {
            unreachable!("answered above")
        }
    }
}

/// Switches mail on for an import as the server does, so that an event whose time or place
/// changes tells its attendees like the same change through the API. The mails go into the
/// outbox; the server's sender delivers them (now, or when it next runs).
fn import_mail(store: &Store, config: &crate::Config) -> bool {
    if config.smtp_url.as_deref().is_none_or(|url| url.trim().is_empty()) {
        return false;
    }
    // As the server does: without --public-url its links point at the address it listens on.
    let public_url = config
        .public_url
        .as_deref()
        .map_or_else(|| format!("http://{}", config.addr), |url| url.trim_end_matches('/').to_owned());
    store.enable_mail(crate::mail::MailSettings {
        uid_host: crate::calendar::uid_host(config.public_url.as_deref(), &config.database),
        public_url,
        require_confirmation: config.require_confirmation,
    });
    true
}

async fn import(store: &Store, file: &std::path::Path, read_only: bool, mails: bool) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let board_zone = store.board().await?.time_zone;
    let text = String::from_utf8_lossy(&bytes);
    let calendar = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("ics")) || is_calendar(&text);
    let (inputs, mut skipped, series) = if calendar {
        let read =
            from_calendar(&bytes, &board_zone).with_context(|| format!("{} was not imported", file.display()))?;
        for changed in &read.changed {
            eprintln!("changed {changed}");
        }
        for skip in &read.skipped {
            eprintln!("skipped {skip}");
        }
        let skipped = read.skipped.len();
        (read.events, skipped, read.series)
    } else {
        let (inputs, skipped) = from_feed(&text)?;
        (inputs, skipped, Default::default())
    };
    if inputs.is_empty() && skipped == 0 {
        anyhow::bail!("{} holds no events", file.display());
    }
    let (mut added, mut updated) = (0, 0);
    let now = Utc::now();
    for mut input in inputs {
        if read_only {
            input.rsvp_enabled = false;
        }
        let id = input.id.clone();
        let mut new = match new_event(input, &board_zone) {
            Ok(new) => new,
            Err(problem) => {
                eprintln!("skipped {id:?}: {} ({})", problem.message(Lang::En), problem.field);
                skipped += 1;
                continue;
            }
        };
        new.event.series = series.get(&id).cloned();
        match store.create_event(&new, now).await {
            Ok(()) => added += 1,
            Err(StoreError::EventExists) => match store.update_event(&new, now).await {
                Ok(()) => updated += 1,
                Err(error) => {
                    eprintln!("skipped {id:?}: {error}");
                    skipped += 1;
                }
            },
            Err(error) => return Err(error.into()),
        }
    }
    println!("{added} events added, {updated} updated, {skipped} skipped");
    if updated > 0 && !mails {
        eprintln!(
            "Mail is off (no --smtp-url or STAMMTISCH_SMTP_URL): attendees of events whose time or place \
             changed were not told."
        );
    }
    Ok(())
}
