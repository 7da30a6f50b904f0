use anyhow::bail;

use crate::postgres::Cluster;
use crate::root;
use crate::run::{command, run, run_counting, Counts};
use crate::serve::build_widget;
use crate::tools::{self, CHROMEDRIVER};

/// One step of `cargo xtask test`; a step that fails without test counts counts as one failure.
fn step(total: &mut Counts, failures: &mut Vec<String>, name: &str, outcome: (Counts, anyhow::Result<()>)) {
    let (counts, result) = outcome;
    *total += counts;
    if let Err(error) = result {
        if counts.failed == 0 {
            total.failed += 1;
        }
        failures.push(format!("{name}: {error:#}"));
    }
}

fn cargo(args: &[&str]) -> std::process::Command {
    let mut cargo = command("cargo");
    cargo.args(args);
    cargo
}

/// The server's store and API suites again, on a throwaway PostgreSQL, plus the tests that
/// need it (several servers on one database, a database restart under load).
fn on_postgres(python_tools: &std::path::Path) -> (Counts, anyhow::Result<()>) {
    let cluster = match Cluster::start() {
        Ok(cluster) => cluster,
        Err(error) => return (Counts::default(), Err(error)),
    };
    // The same package selection as the native tests, so their build is used again.
    let mut suites = cargo(&[
        "test",
        "--workspace",
        "--locked",
        "--exclude",
        "stammtisch-board",
        "--exclude",
        "stammtisch-console",
        "--exclude",
        "stammtisch-e2e",
        "--test",
        "api",
        "--test",
        "rsvp_model",
        "--test",
        "postgres",
        "--",
        // The tests of several servers are ignored where no PostgreSQL is given.
        "--include-ignored",
    ]);
    let restart = serde_json::to_string(&cluster.pg_ctl_command("restart")).expect("strings serialize");
    suites
        .env("STAMMTISCH_TEST_POSTGRES", cluster.url())
        .env("STAMMTISCH_TEST_PG_RESTART", restart)
        .env("STAMMTISCH_SCHEMATHESIS", python_tools);
    run_counting(suites)
    // The cluster stops and its folder goes here.
}

/// Builds the package and installs, runs and purges it on this machine (`dpkg -i` needs root).
fn package_test() -> (Counts, anyhow::Result<()>) {
    if !tools::is_root() {
        println!("\nDebian package: not installed here, since dpkg -i needs root (CI runs it as root)");
        return (Counts::default(), Ok(()));
    }
    let deb = match crate::package::package() {
        Ok(deb) => deb,
        Err(error) => return (Counts::default(), Err(error)),
    };
    let mut test = cargo(&["test", "--package", "stammtisch-e2e", "--locked", "--test", "package", "--", "--ignored"]);
    test.env("STAMMTISCH_DEB", deb);
    run_counting(test)
}

pub fn test(screenshot: bool, postgres: bool) -> anyhow::Result<()> {
    tools::ensure_rust_components()?;
    tools::ensure_widget_tools()?;
    tools::ensure_browser()?;
    tools::ensure_other_engines()?;
    let schemathesis = tools::ensure_schemathesis()?;

    let mut total = Counts::default();
    let mut failures = Vec::new();
    let no_counts = |result| (Counts::default(), result);

    step(&mut total, &mut failures, "format", no_counts(run(cargo(&["fmt", "--all", "--", "--check"]))));
    step(
        &mut total,
        &mut failures,
        "clippy (native)",
        no_counts(run(cargo(&["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]))),
    );
    step(
        &mut total,
        &mut failures,
        "clippy (wasm32)",
        no_counts(run(cargo(&[
            "clippy",
            "--package",
            "stammtisch-board",
            "--package",
            "stammtisch-model",
            "--package",
            "stammtisch-console",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]))),
    );
    if failures.is_empty() {
        let mut native = cargo(&[
            "test",
            "--workspace",
            "--locked",
            "--exclude",
            "stammtisch-board",
            "--exclude",
            "stammtisch-console",
            "--exclude",
            "stammtisch-e2e",
        ]);
        // The calendar corpus is compared with Python's icalendar from the same venv.
        native.env("STAMMTISCH_SCHEMATHESIS", &schemathesis);
        step(&mut total, &mut failures, "native tests", run_counting(native));
        if postgres {
            step(&mut total, &mut failures, "server suites on PostgreSQL", on_postgres(&schemathesis));
        }
        // The browser takes its time zone from TZ: the widget tests run for viewers in three zones.
        for zone in ["UTC", "Europe/Berlin", "America/New_York"] {
            let mut widget_tests =
                cargo(&["test", "--package", "stammtisch-board", "--target", "wasm32-unknown-unknown", "--locked"]);
            widget_tests
                .env("TZ", zone)
                .env("CHROMEDRIVER", CHROMEDRIVER)
                .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", root().join("webdriver.json"))
                .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
            step(&mut total, &mut failures, &format!("widget tests (Chromium, {zone})"), run_counting(widget_tests));
        }
        // The console shows dates in the events' own zones, never the viewer's: one zone is enough.
        let mut console_tests =
            cargo(&["test", "--package", "stammtisch-console", "--target", "wasm32-unknown-unknown", "--locked"]);
        console_tests
            .env("TZ", "America/New_York")
            .env("CHROMEDRIVER", CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", root().join("webdriver.json"))
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
        step(&mut total, &mut failures, "console tests (Chromium)", run_counting(console_tests));
        step(&mut total, &mut failures, "widget and console build", no_counts(build_widget()));
        step(
            &mut total,
            &mut failures,
            "server build",
            no_counts(run(cargo(&["build", "--package", "stammtisch-server", "--locked"]))),
        );
    }
    if failures.is_empty() {
        let shot =
            if screenshot { root().join("docs/screenshot.png") } else { root().join("target/e2e/screenshot.png") };
        let mut e2e = cargo(&["test", "--package", "stammtisch-e2e", "--locked"]);
        e2e.env("STAMMTISCH_SERVER_BIN", root().join("target/debug/stammtisch-server"))
            .env("STAMMTISCH_WIDGET_DIR", root().join("dist"))
            .env("STAMMTISCH_SCREENSHOT", shot)
            .env("CHROMEDRIVER", CHROMEDRIVER)
            .env("GECKODRIVER", "geckodriver")
            .env("FIREFOX", tools::FIREFOX)
            .env("WEBKITWEBDRIVER", tools::WEBKITWEBDRIVER)
            .env("MINIBROWSER", tools::MINIBROWSER)
            .env("STAMMTISCH_AXE", tools::axe_script())
            .env("STAMMTISCH_SCHEMATHESIS", &schemathesis)
            .env("STAMMTISCH_ICAL_JS", tools::ical_js());
        if screenshot {
            e2e.env("STAMMTISCH_SCREENSHOT_DIR", root().join("docs"));
        }
        let e2e = tools::with_display(e2e);
        step(
            &mut total,
            &mut failures,
            "end-to-end (Chromium, Firefox ESR, WebKitGTK, schemathesis + server)",
            run_counting(e2e),
        );
    }

    if failures.is_empty() {
        step(&mut total, &mut failures, "Debian package", package_test());
    }

    println!();
    for failure in &failures {
        println!("FAILED {failure}");
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    if !failures.is_empty() || total.failed > 0 {
        bail!("{} step(s) failed", failures.len().max(1));
    }
    Ok(())
}
