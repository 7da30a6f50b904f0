//! Commands for scripts and cron jobs, beside serving: importing and exporting events,
//! exporting attendees, making an admin token. They work on the same database as the server,
//! which may be running at the same time (SQLite in WAL mode).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use clap::{Subcommand, ValueEnum};
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventLike};
use stammtisch_model::{is_valid_event_id, parse_feed, EventInput, Feed, Lang, Location, FEED_VERSION};

use crate::event_form::new_event;
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
}

#[derive(Clone, Debug, Subcommand)]
pub enum EventsCommand {
    /// Add events from a Stammtisch feed (.json, CONTRACT §1) or a calendar file (.ics). An
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

pub async fn run(command: Command, database: &str) -> anyhow::Result<()> {
    if let Command::AdminToken(AdminTokenCommand::Generate) = command {
        let token = crate::token::CancelToken::generate().context("no random numbers available")?;
        println!("{}", token.token);
        eprintln!("Start the server with STAMMTISCH_ADMIN_TOKEN=<this token> (or --admin-token). Keep it secret.");
        return Ok(());
    }
    let store = Store::open(database).await.with_context(|| format!("cannot open the database {database}"))?;
    match command {
        Command::Events(EventsCommand::Import { file, read_only }) => import(&store, &file, read_only).await,
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
                Format::Csv => out.write_all(&crate::export::attendees_csv(&attendees, Lang::De)?)?,
                Format::Json => {
                    writeln!(out, "{}", serde_json::to_string_pretty(&serde_json::json!({ "rsvps": attendees }))?)?
                }
            }
            Ok(())
        }
        Command::AdminToken(_) => unreachable!("answered above"),
    }
}

async fn import(store: &Store, file: &std::path::Path, read_only: bool) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let board_zone = store.board().await?.time_zone;
    let is_calendar =
        file.extension().is_some_and(|e| e.eq_ignore_ascii_case("ics")) || text.starts_with("BEGIN:VCALENDAR");
    let (inputs, mut skipped) = if is_calendar { from_calendar(&text, &board_zone)? } else { from_feed(&text)? };
    let (mut added, mut updated) = (0, 0);
    let now = Utc::now();
    for mut input in inputs {
        if read_only {
            input.rsvp_enabled = false;
        }
        let id = input.id.clone();
        let new = match new_event(input, &board_zone) {
            Ok(new) => new,
            Err(problem) => {
                eprintln!("skipped {id:?}: {} ({})", problem.message(Lang::En), problem.field);
                skipped += 1;
                continue;
            }
        };
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
    Ok(())
}

/// A Stammtisch feed: its events as the organizer API takes them; RSVP settings from `rsvp`.
fn from_feed(text: &str) -> anyhow::Result<(Vec<EventInput>, usize)> {
    let parsed = parse_feed(text).map_err(|error| anyhow::anyhow!("not a Stammtisch feed: {error}"))?;
    let inputs = parsed
        .feed
        .events
        .into_iter()
        .map(|event| {
            let rsvp = event.rsvp.clone();
            let mut input: EventInput =
                serde_json::from_value(serde_json::to_value(&event).expect("an event serializes")).unwrap_or_default();
            input.rsvp_enabled = rsvp.is_some();
            input.rsvp_open = rsvp.as_ref().is_none_or(|r| r.open);
            input.rsvp_closes_at = rsvp.and_then(|r| r.closes_at);
            input
        })
        .collect();
    Ok((inputs, parsed.skipped))
}

/// A calendar's VEVENTs. Times with a TZID keep their zone; floating times and whole days are
/// read in the board's zone. Public for the fuzzer: calendar files come from outside.
pub fn from_calendar(text: &str, board_zone: &str) -> anyhow::Result<(Vec<EventInput>, usize)> {
    let calendar: icalendar::Calendar =
        text.parse().map_err(|error| anyhow::anyhow!("not a calendar file: {error}"))?;
    let board: chrono_tz::Tz = board_zone.parse().unwrap_or(chrono_tz::Europe::Berlin);
    let mut inputs = Vec::new();
    let mut skipped = 0;
    for event in calendar.components.iter().filter_map(|c| c.as_event()) {
        let (Some(uid), Some(start)) = (event.get_uid(), event.get_start()) else {
            skipped += 1;
            continue;
        };
        let Some((starts_at, zone)) = moment(&start, board) else {
            skipped += 1;
            continue;
        };
        let ends_at = event.get_end().and_then(|end| moment(&end, board)).map(|(end, _)| end);
        let text = |value: Option<&str>| value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        inputs.push(EventInput {
            id: event_id(uid),
            title: event.get_summary().unwrap_or_default().trim().to_owned(),
            starts_at: Some(starts_at),
            ends_at,
            time_zone: Some(zone),
            description: text(event.get_description()),
            location: text(event.get_location()).map(|name| Location { name: Some(name), ..Location::default() }),
            url: text(event.get_url()),
            rsvp_enabled: true,
            rsvp_open: true,
            ..EventInput::default()
        });
    }
    if inputs.is_empty() && skipped == 0 {
        bail!("the calendar file holds no events");
    }
    Ok((inputs, skipped))
}

fn moment(value: &DatePerhapsTime, board: chrono_tz::Tz) -> Option<(DateTime<FixedOffset>, String)> {
    let local = |naive: NaiveDateTime, zone: chrono_tz::Tz| {
        zone.from_local_datetime(&naive).earliest().map(|t| (t.fixed_offset(), zone.name().to_owned()))
    };
    match value {
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(utc)) => Some((utc.fixed_offset(), board.name().to_owned())),
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
            local(*date_time, tzid.parse().unwrap_or(board))
        }
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(naive)) => local(*naive, board),
        DatePerhapsTime::Date(day) => local(day.and_hms_opt(0, 0, 0)?, board),
    }
}

/// A calendar UID as a board id (`[a-z0-9][a-z0-9-]{0,63}`): the same UID gives the same id,
/// so importing a calendar again updates its events instead of doubling them.
fn event_id(uid: &str) -> String {
    let mut id = String::new();
    for c in uid.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' => id.push(c),
            _ if !id.ends_with('-') && !id.is_empty() => id.push('-'),
            _ => {}
        }
    }
    let id: String = id.trim_end_matches('-').chars().take(48).collect();
    let id = id.trim_end_matches('-');
    // Different UIDs can fold to the same letters; a short hash of the whole UID keeps them apart.
    let hash = crate::token::hash(uid);
    let candidate =
        format!("{}{}{:02x}{:02x}{:02x}", id, if id.is_empty() { "ics-" } else { "-" }, hash[0], hash[1], hash[2]);
    debug_assert!(is_valid_event_id(&candidate));
    candidate
}
