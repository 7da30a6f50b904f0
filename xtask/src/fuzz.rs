//! `cargo xtask fuzz [TARGET] [--seconds N]`: the cargo-fuzz targets in `fuzz/`, each for N
//! seconds, on the nightly toolchain. New inputs collect in `fuzz/corpus/` (not committed);
//! the seeds in `fuzz/seeds/` start every run (and `tests/calendars/` the calendar reader's). A crash stops the run and leaves its input in
//! `fuzz/artifacts/TARGET/`; turn it into a regression test before fixing it.

use anyhow::{bail, Context};

use crate::root;
use crate::run::{command, run};

pub const TARGETS: [&str; 5] = ["feed_reader", "rsvp_input", "ics_writer", "csv_export", "ics_import"];

/// The calendar reader starts from the real files of the corpus test, too.
fn extra_seeds(target: &str) -> anyhow::Result<Vec<std::path::PathBuf>> {
    if target != "ics_import" {
        return Ok(Vec::new());
    }
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(root().join("tests/calendars"))? {
        let path = entry?.path();
        if path.is_dir() {
            folders.push(path);
        }
    }
    folders.sort();
    Ok(folders)
}

fn ensure_cargo_fuzz() -> anyhow::Result<()> {
    let nightly = command("rustup").args(["toolchain", "list"]).output().context("rustup is needed")?;
    if !String::from_utf8_lossy(&nightly.stdout).contains("nightly") {
        let mut install = command("rustup");
        install.args(["toolchain", "install", "nightly", "--profile", "minimal"]);
        run(install)?;
    }
    let installed = command("cargo").args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !installed {
        let mut install = command("cargo");
        install.args(["install", "cargo-fuzz", "--locked"]);
        run(install)?;
    }
    Ok(())
}

pub fn fuzz(target: Option<&str>, seconds: u64) -> anyhow::Result<()> {
    let targets: Vec<&str> = match target {
        Some(t) if TARGETS.contains(&t) => vec![t],
        Some(t) => bail!("no fuzz target {t:?}; the targets are {}", TARGETS.join(", ")),
        None => TARGETS.to_vec(),
    };
    ensure_cargo_fuzz()?;
    let fuzz_dir = root().join("fuzz");
    for target in targets {
        let corpus = fuzz_dir.join("corpus").join(target);
        std::fs::create_dir_all(&corpus)?;
        eprintln!("\nxtask: fuzzing {target} for {seconds} s");
        let mut fuzz = command("cargo");
        fuzz.current_dir(root())
            .args(["+nightly", "fuzz", "run", target])
            .arg(&corpus)
            .arg(fuzz_dir.join("seeds").join(target))
            .args(extra_seeds(target)?)
            .args(["--", &format!("-max_total_time={seconds}"), "-max_len=65536"]);
        run(fuzz).with_context(|| format!("fuzz target {target} found a problem; see fuzz/artifacts/{target}/"))?;
    }
    Ok(())
}
