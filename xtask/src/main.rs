//! `cargo xtask serve` and `cargo xtask test`: each installs what is missing, then does
//! exactly what a developer or CI needs.

mod compress;
mod fuzz;
mod package;
mod postgres;
mod run;
mod serve;
mod test;
mod tools;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Stammtisch's developer commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the widget and serve the demo board with SQLite and demo data on 127.0.0.1:8080.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
    },
    /// Run every check and test: fmt, clippy (native and wasm32), unit and integration tests,
    /// widget tests in headless Chromium, the end-to-end tests in three engines and
    /// schemathesis against the real server.
    Test {
        /// Also save the end-to-end test's screenshot as docs/screenshot.png.
        #[arg(long)]
        screenshot: bool,
        /// Also run the server's store and API suites on PostgreSQL, and the tests of several
        /// servers on one database: installs PostgreSQL from Debian when missing (as root) and
        /// runs a throwaway cluster on a free port.
        #[arg(long)]
        postgres: bool,
    },
    /// Measure payload sizes, the widget in headless Chromium (render against a vanilla-JS
    /// page, filtering, start-up, memory) and the release server under load; writes
    /// bench/results.json and bench/RESULTS.md. Takes about five minutes plus the release builds.
    Bench {
        /// Measure only these groups (payload, widget, backend, live); the others keep their last figures.
        groups: Vec<String>,
    },
    /// Fuzz the feed reader, RSVP validation, calendar writer and CSV export (cargo-fuzz on
    /// nightly; installs cargo-fuzz when missing). Without TARGET, every target in turn.
    Fuzz {
        /// feed_reader, rsvp_input, ics_writer, csv_export or ics_import.
        target: Option<String>,
        /// How long each target runs.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
    },
    /// Install the toolchain only (wasm target, trunk, wasm-bindgen, wasm-opt, the browsers,
    /// schemathesis).
    Setup,
    /// Build the widget in release mode into dist/.
    BuildWidget,
    /// Build the Debian package (target/package/stammtisch_VERSION_ARCH.deb): the release
    /// server, the widget and console, a sandboxed systemd unit, /etc/stammtisch/config.toml.
    Package,
}

/// The workspace root: xtask lives one level below it.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve { addr } => serve::serve(&addr),
        Command::Test { screenshot, postgres } => test::test(screenshot, postgres),
        Command::Bench { groups } => serve::bench(&groups),
        Command::Fuzz { target, seconds } => fuzz::fuzz(target.as_deref(), seconds),
        Command::Setup => tools::ensure_widget_tools()
            .and_then(|()| tools::ensure_browser())
            .and_then(|()| tools::ensure_other_engines())
            .and_then(|()| tools::ensure_schemathesis().map(drop)),
        Command::BuildWidget => tools::ensure_widget_tools().and_then(|()| serve::build_widget()),
        Command::Package => package::package().map(drop),
    };
    if let Err(error) = result {
        eprintln!("\nxtask: {error:#}");
        std::process::exit(1);
    }
}
