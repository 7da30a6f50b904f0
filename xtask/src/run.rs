//! Running child processes with the project's tool folders on PATH.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{bail, Context};

use crate::root;

/// Where `npm` puts wasm-opt (binaryen) for this project; ignored by git.
pub fn tools_dir() -> PathBuf {
    root().join(".tools")
}

fn cargo_bin_dir() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|home| home.join("bin"))
}

/// PATH with the project's wasm-opt and cargo-installed tools first.
pub fn path_env() -> std::ffi::OsString {
    let mut dirs = vec![tools_dir().join("node_modules").join(".bin")];
    dirs.extend(cargo_bin_dir());
    dirs.extend(std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default());
    std::env::join_paths(dirs).expect("PATH entries contain no separator")
}

pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command.env("PATH", path_env()).current_dir(root());
    command
}

fn describe(command: &Command) -> String {
    let args: Vec<_> = command.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
    format!("{} {}", command.get_program().to_string_lossy(), args.join(" "))
}

/// Runs to completion, inheriting the terminal; fails on a non-zero exit.
pub fn run(mut command: Command) -> anyhow::Result<()> {
    let shown = describe(&command);
    eprintln!("\n$ {shown}");
    let status = command.status().with_context(|| format!("could not start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// The first line of a command's output, or `None` when it cannot run.
pub fn output_line(mut command: Command) -> Option<String> {
    let output = command.stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or("").to_owned())
}

/// Tests counted from the `test result:` lines of cargo's and wasm-bindgen's runners.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// Reads "test result: ok. 12 passed; 0 failed; 0 ignored; …".
pub fn parse_result_line(line: &str) -> Option<Counts> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let words: Vec<&str> = rest.split(|c: char| c.is_whitespace() || c == ';').filter(|w| !w.is_empty()).collect();
    let number_before = |word: &str| -> Option<u64> {
        let at = words.iter().position(|w| *w == word)?;
        words.get(at.checked_sub(1)?)?.parse().ok()
    };
    Some(Counts { passed: number_before("passed")?, failed: number_before("failed")? })
}

/// Runs a test command, echoing its output and counting its results.
pub fn run_counting(mut command: Command) -> (Counts, anyhow::Result<()>) {
    let shown = describe(&command);
    eprintln!("\n$ {shown}");
    let mut child = match command.stdout(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(error) => return (Counts::default(), Err(error).with_context(|| format!("could not start `{shown}`"))),
    };
    let mut counts = Counts::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(found) = parse_result_line(&line) {
                counts += found;
            }
        }
    }
    let result = match child.wait() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(anyhow::anyhow!("`{shown}` failed ({status})")),
        Err(error) => Err(error.into()),
    };
    (counts, result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_and_wasm_bindgen_result_lines() {
        assert_eq!(
            parse_result_line(
                "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s"
            ),
            Some(Counts { passed: 12, failed: 0 })
        );
        assert_eq!(
            parse_result_line("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            Some(Counts { passed: 3, failed: 2 })
        );
        assert_eq!(parse_result_line("running 3 tests"), None);
    }
}
