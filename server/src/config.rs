use std::net::SocketAddr;
use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::Parser;

/// Stammtisch: an event board for partner communities. Serves the event feed, takes RSVPs
/// and serves the embeddable board (`/embed.js`) with a demo page at `/`. With a command, it
/// imports or exports events, exports attendees or makes an admin token instead.
#[derive(Clone, Debug, Parser)]
#[command(name = "stammtisch-server", version)]
pub struct Config {
    /// Without a command, the server runs.
    #[command(subcommand)]
    pub command: Option<crate::cli::Command>,

    /// The config file: the flags' names as `key = value` lines (TOML). Default:
    /// /etc/stammtisch/config.toml when it exists; `--config ''` reads none. Flags and
    /// environment variables win over it.
    #[arg(long, global = true, env = "STAMMTISCH_CONFIG", value_name = "FILE",
        value_parser = clap::builder::OsStringValueParser::new().map(PathBuf::from))]
    pub config: Option<PathBuf>,

    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "STAMMTISCH_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Also serve `GET /metrics` here, without the admin token, for a Prometheus on a private
    /// network (e.g. `127.0.0.1:9464`). On the main address it needs the admin token.
    #[arg(long, env = "STAMMTISCH_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,

    /// Database URL: `sqlite://…` (the file is created when missing) for one server, or
    /// `postgres://user:password@host/db` for several servers sharing one database.
    #[arg(long, global = true, env = "DATABASE_URL", default_value = "sqlite://data/stammtisch.db")]
    pub database: String,

    /// Connections this server keeps to PostgreSQL at most (SQLite: ignored). Keep the sum over
    /// all servers below PostgreSQL's `max_connections`.
    #[arg(long, env = "STAMMTISCH_DATABASE_CONNECTIONS", default_value_t = crate::store::DEFAULT_PG_CONNECTIONS,
        value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub database_connections: u32,

    /// Token for the organizer API (`Authorization: Bearer …`). Without it the organizer API
    /// answers 401.
    #[arg(long, env = "STAMMTISCH_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,

    /// Fill an empty database with the demo board. A database with events is never touched.
    #[arg(long)]
    pub seed_demo: bool,

    /// Origins (scheme://host[:port]) whose pages may embed the board and call the API from the
    /// browser. `*` lets every page read the feed; RSVPs still need a listed origin.
    #[arg(long = "allow-origin", env = "STAMMTISCH_ALLOW_ORIGINS", value_delimiter = ',')]
    pub allow_origins: Vec<String>,

    /// Base of every link the server writes, e.g. cancel links. Default: the listening address.
    #[arg(long, env = "STAMMTISCH_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Proxies (IPs or CIDR ranges) whose `X-Forwarded-For` names the client; from any other
    /// peer that header is ignored.
    #[arg(long = "trusted-proxy", env = "STAMMTISCH_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,

    /// RSVP posts allowed per client per minute; 0 switches the limit off.
    #[arg(long, env = "STAMMTISCH_RSVP_RATE_LIMIT", default_value_t = 10)]
    pub rsvp_rate_limit: u32,

    /// Live update streams (`/api/v1/feed/stream`) one client address may hold at once.
    #[arg(long, env = "STAMMTISCH_MAX_STREAMS_PER_CLIENT", default_value_t = 16)]
    pub max_streams_per_client: usize,

    /// Seconds between keep-alive comments on live update streams.
    #[arg(long, env = "STAMMTISCH_STREAM_HEARTBEAT", default_value_t = 25, value_parser = clap::value_parser!(u64).range(1..))]
    pub stream_heartbeat: u64,

    /// Seconds a client may take to send a request's headers before the connection is closed.
    #[arg(long, env = "STAMMTISCH_HEADER_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,

    /// Seconds a client may take to send a request's body; slower ones get an error.
    #[arg(long, env = "STAMMTISCH_BODY_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout: u64,

    /// Connections served at once; more wait until one closes. Every open board holds one.
    #[arg(long, env = "STAMMTISCH_MAX_CONNECTIONS", default_value_t = 25_000)]
    pub max_connections: usize,

    /// Days after an event ends until its attendees' names, e-mail addresses, companies and
    /// notes are deleted (seat counts stay); 0 keeps them.
    #[arg(long, env = "STAMMTISCH_RETENTION_DAYS", default_value_t = 90)]
    pub retention_days: u32,

    /// Seconds a partner feed may take to answer in full before its fetch counts as failed.
    #[arg(long, env = "STAMMTISCH_SOURCE_TIMEOUT", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub source_timeout: u64,

    /// Largest partner feed taken, in bytes; a larger answer counts as failed.
    #[arg(long, env = "STAMMTISCH_SOURCE_MAX_BYTES", default_value_t = 5_000_000)]
    pub source_max_bytes: u64,

    /// SMTP server for attendee mail: `smtp://host:port` (plain, e.g. a local relay),
    /// `smtp://host:587?tls=required` (STARTTLS) or `smtps://host:465` (TLS), with
    /// `user:password@` before the host when it asks. Without it no mail is sent.
    #[arg(long, env = "STAMMTISCH_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Sender of attendee mail, e.g. "Partner-Community <termine@example.com>". Needed with
    /// --smtp-url.
    #[arg(long, env = "STAMMTISCH_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// Double opt-in: a new RSVP holds its seat for 30 minutes until the link in its mail is
    /// opened; unconfirmed ones are released. Needs --smtp-url.
    #[arg(long, env = "STAMMTISCH_REQUIRE_CONFIRMATION")]
    pub require_confirmation: bool,

    /// Hours before an event's start when every confirmed attendee gets one reminder mail, with
    /// time, place, the calendar file and the cancel link; 0 sends none. Needs --smtp-url.
    #[arg(long, env = "STAMMTISCH_REMINDER_HOURS", default_value_t = 24, value_parser = clap::value_parser!(u32).range(0..=720))]
    pub reminder_hours: u32,

    /// Folder with the built widget (`trunk build --release` writes it to `dist`).
    #[arg(long, env = "STAMMTISCH_WIDGET_DIR", default_value = "dist")]
    pub widget_dir: PathBuf,

    /// Log lines as `text` for people or `json` (one object per line) for log shippers.
    #[arg(long, global = true, env = "STAMMTISCH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How log lines are written to stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One readable line per event.
    Text,
    /// One JSON object per line: `timestamp`, `level`, `target`, the event's fields and its spans.
    Json,
}

impl Config {
    /// The connection limits these flags set.
    pub fn limits(&self) -> crate::Limits {
        crate::Limits {
            header_timeout: std::time::Duration::from_secs(self.header_timeout),
            max_connections: self.max_connections,
            shutdown_grace: std::time::Duration::from_secs(30),
        }
    }
}

/// A URL from a flag (database, SMTP) fit for messages and logs: without the user and
/// password it may carry.
pub fn without_credentials(url: &str) -> String {
    match url.split_once("://").and_then(|(scheme, rest)| Some((scheme, rest.rsplit_once('@')?.1))) {
        Some((scheme, host)) => format!("{scheme}://…@{host}"),
        None => url.to_owned(),
    }
}
