//! The config file beside flags and environment, and `check-config`, through the real binary.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use reqwest::StatusCode;

const BINARY: &str = env!("CARGO_BIN_EXE_stammtisch-server");

fn write(dir: &Path, text: &str) -> String {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// `stammtisch-server --config FILE ARGS…`, with no stray settings from this machine's environment.
fn run(config: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BINARY);
    command.arg("--config").arg(config).args(args).env_remove("STAMMTISCH_ADMIN_TOKEN").env_remove("DATABASE_URL");
    command.envs(env.iter().copied()).output().unwrap()
}

fn serve(config: &str, env: &[(&str, &str)]) -> (Child, String) {
    let mut command = Command::new(BINARY);
    command.args(["--config", config, "--addr", "127.0.0.1:0"]).env_remove("STAMMTISCH_ADMIN_TOKEN");
    let mut child = command.envs(env.iter().copied()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("listening on ").expect("the server started").to_owned();
    (child, url)
}

async fn admin_status(url: &str, token: &str) -> StatusCode {
    reqwest::Client::new().get(format!("{url}/api/v1/admin/events")).bearer_auth(token).send().await.unwrap().status()
}

#[tokio::test]
async fn the_file_sets_what_flags_and_environment_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("from-file.db").display());
    let config = write(
        dir.path(),
        &format!(
            "# Stammtisch\ndatabase = \"{database}\"\nadmin-token = \"token-aus-der-datei-0123456789\"\n\
             seed_demo = true\nallow-origin = [\"https://www.systemhaus.example\", \"https://partner.example\"]\n\
             rsvp-rate-limit = 0\nwidget-dir = \"/nonexistent\"\n"
        ),
    );
    let (mut server, url) = serve(&config, &[]);
    assert_eq!(admin_status(&url, "token-aus-der-datei-0123456789").await, StatusCode::OK, "the file's token");
    let feed: serde_json::Value = reqwest::get(format!("{url}/api/v1/feed")).await.unwrap().json().await.unwrap();
    assert!(feed["events"].as_array().unwrap().len() >= 12, "seed_demo from the file, as seed-demo");
    let cors = reqwest::Client::new()
        .get(format!("{url}/api/v1/feed"))
        .header("origin", "https://partner.example")
        .send()
        .await
        .unwrap();
    assert_eq!(cors.headers()["access-control-allow-origin"], "https://partner.example", "a list's second item");
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(dir.path().join("from-file.db").is_file(), "the file's database");

    // The environment wins over the file, a flag over both.
    let (mut server, url) = serve(&config, &[("STAMMTISCH_ADMIN_TOKEN", "token-aus-der-umgebung-0123")]);
    assert_eq!(admin_status(&url, "token-aus-der-datei-0123456789").await, StatusCode::UNAUTHORIZED);
    assert_eq!(admin_status(&url, "token-aus-der-umgebung-0123").await, StatusCode::OK);
    server.kill().unwrap();
    server.wait().unwrap();
    let exported = run(&config, &["events", "export", "--database", "sqlite::memory:"], &[]);
    assert!(exported.status.success(), "{}", String::from_utf8_lossy(&exported.stderr));
    let empty: serde_json::Value = serde_json::from_slice(&exported.stdout).unwrap();
    assert_eq!(empty["events"].as_array().unwrap().len(), 0, "--database after the command beats the file's");
}

#[test]
fn a_broken_file_is_named_with_its_line_and_nothing_starts() {
    let dir = tempfile::tempdir().unwrap();
    for (text, said) in [
        ("addr = \"127.0.0.1:0\"\n\nadmin_tokn = \"x\"\n", "line 3: `admin-tokn` is not a setting (known are: "),
        ("retention-days = 30\nrsvp-rate-limit = \"viele\"\n", "line 2: `rsvp-rate-limit`: invalid value 'viele'"),
        ("addr = \n", "line 1: not TOML"),
        ("addr = \"127.0.0.1:0\"\n[mail]\nsmtp-url = \"smtp://x\"\n", "line 2: `[mail]`: sections are not used"),
        ("seed-demo = \"ja\"\n", "line 1: `seed-demo` is on or off: write `seed-demo = true` or `seed-demo = false`"),
        ("config = \"/etc/other.toml\"\n", "line 1: `config` is not a setting"),
    ] {
        let config = write(dir.path(), text);
        let output = run(&config, &["check-config"], &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{text:?}: {stderr}");
        assert!(stderr.contains(&format!("{config}: {said}")), "{text:?}: {stderr}");
    }
    let missing = run("/nonexistent/stammtisch.toml", &["check-config"], &[]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/stammtisch.toml: cannot be read"));
    let none = run("", &["check-config", "--database", &format!("sqlite://{}/x.db", dir.path().display())], &[]);
    let said = String::from_utf8_lossy(&none.stdout);
    assert!(
        none.status.success() && said.contains("no config file (--config ''): flags and environment only"),
        "{said}"
    );
}

#[tokio::test]
async fn check_config_says_what_would_go_wrong_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("data/board.db").display());
    let widgets = dir.path().join("dist");
    std::fs::create_dir_all(&widgets).unwrap();
    std::fs::write(widgets.join("embed.js"), "// widget").unwrap();
    let good = write(
        dir.path(),
        &format!(
            "database = \"{database}\"\nadmin-token = \"ein-langes-token-0123456789\"\nwidget-dir = \"{}\"\n",
            widgets.display()
        ),
    );
    let output = run(&good, &["check-config"], &[]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}");
    assert!(said.contains(&format!("ok       config file {good}: database, admin-token, widget-dir")), "{said}");
    assert!(said.contains("will be created in") && said.contains("The configuration can be used."), "{said}");
    assert!(!dir.path().join("data").exists(), "checking creates nothing");

    let bad = write(
        dir.path(),
        "database = \"postgres://stammtisch@127.0.0.1:1/stammtisch\"\nrequire-confirmation = true\n\
         allow-origin = [\"htp:/www.example.de\"]\nadmin-token = \"kurz\"\nwidget-dir = \"/nonexistent\"\n",
    );
    let output = run(&bad, &["check-config"], &[]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{said}");
    for line in [
        "problem  database postgres://…@127.0.0.1:1/stammtisch: cannot connect",
        "problem  allow-origin:",
        "problem  require-confirmation needs smtp-url",
        "warning  admin-token is shorter than 16 characters",
        "warning  widget-dir /nonexistent: no embed.js there",
        "Please fix the problems above.",
    ] {
        assert!(said.contains(line), "{line:?} missing from:\n{said}");
    }
}
