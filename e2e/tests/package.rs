//! The Debian package on this machine: `dpkg -i`, the system user and folders, the systemd
//! unit checked by systemd itself, the server started as the package's user with the package's
//! config, its feed, widget and console read, and `dpkg --purge` leaving nothing behind.
//! `cargo xtask test` builds the package and runs this as root.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn sh(program: &str, args: &[&str]) -> Output {
    Command::new(program).args(args).output().unwrap_or_else(|error| panic!("{program} runs: {error}"))
}

fn ok(program: &str, args: &[&str]) -> String {
    let output = sh(program, args);
    assert!(
        output.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

/// Purges the package however the test ends, so that no config file stays for other tests.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = sh("dpkg", &["--purge", "stammtisch"]);
    }
}

fn owner_and_mode(path: &str) -> (String, String, u32) {
    let meta = std::fs::metadata(path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let name = |id: u32, database: &str| {
        ok("getent", &[database, &id.to_string()]).split(':').next().unwrap_or_default().to_owned()
    };
    (name(meta.uid(), "passwd"), name(meta.gid(), "group"), meta.permissions().mode() & 0o7777)
}

#[tokio::test]
#[ignore = "installs a package as root: `cargo xtask test` builds it and runs this"]
async fn the_package_installs_serves_as_its_user_and_purges_cleanly() {
    let deb = std::env::var("STAMMTISCH_DEB").expect("STAMMTISCH_DEB names the .deb (cargo xtask test)");
    assert!(Path::new(&deb).is_file(), "{deb}");
    let _ = sh("dpkg", &["--purge", "stammtisch"]);
    ok("dpkg", &["-i", &deb]);
    let installed = Installed;

    let status = ok("dpkg-query", &["-W", "-f=${Status} ${Version}", "stammtisch"]);
    assert!(status.starts_with("install ok installed"), "{status}");
    let user = ok("getent", &["passwd", "stammtisch"]);
    assert!(user.contains(":/var/lib/stammtisch:") && user.trim_end().ends_with("/usr/sbin/nologin"), "{user}");
    assert_eq!(owner_and_mode("/var/lib/stammtisch"), ("stammtisch".into(), "stammtisch".into(), 0o750));
    assert_eq!(owner_and_mode("/etc/stammtisch/config.toml"), ("root".into(), "stammtisch".into(), 0o640));
    assert_eq!(owner_and_mode("/var/backups/stammtisch"), ("stammtisch".into(), "stammtisch".into(), 0o750));
    assert!(std::fs::read_dir("/usr/share/stammtisch/widget/admin").is_ok(), "the console is packaged");

    // systemd reads the unit, and rates its sandbox.
    let unit = "/lib/systemd/system/stammtisch.service";
    ok("systemd-analyze", &["verify", unit]);
    let security = ok("systemd-analyze", &["security", "--offline=yes", unit]);
    let exposure: f64 = security
        .lines()
        .find_map(|line| line.split("Overall exposure level for stammtisch.service: ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|number| number.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in:\n{security}"));
    eprintln!("systemd-analyze security: exposure {exposure}");
    assert!(exposure <= 2.0, "the sandbox leaves too much open ({exposure}):\n{security}");

    // As the package's user, with the package's config, as the unit starts it.
    let checked = Command::new("runuser")
        .args(["-u", "stammtisch", "--", "/usr/bin/stammtisch-server", "check-config"])
        .current_dir("/")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.status.success(), "{said}");
    assert!(said.contains("config file /etc/stammtisch/config.toml: addr, database, widget-dir"), "{said}");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // The user's ids straight, not through runuser, so that SIGTERM reaches the server itself.
    let ids = |flag: &str| ok("id", &[flag, "stammtisch"]).trim().parse::<u32>().unwrap();
    let mut server = Command::new("/usr/bin/stammtisch-server")
        .args(["--config", "/etc/stammtisch/config.toml"])
        .uid(ids("-u"))
        .gid(ids("-g"))
        .env("STAMMTISCH_ADDR", format!("127.0.0.1:{port}"))
        .current_dir("/var/lib/stammtisch")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert_eq!(line.trim(), format!("listening on http://127.0.0.1:{port}"));
    let url = format!("http://127.0.0.1:{port}");
    let feed: serde_json::Value = reqwest::get(format!("{url}/api/v1/feed")).await.unwrap().json().await.unwrap();
    assert_eq!(feed["version"], 1, "{feed}");
    assert!(feed["events"].as_array().is_some());
    for (path, kind) in [("/embed.js", "javascript"), ("/admin", "text/html")] {
        let response = reqwest::get(format!("{url}{path}")).await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().contains(kind), "{path}");
    }
    assert_eq!(owner_and_mode("/var/lib/stammtisch/stammtisch.db").0, "stammtisch", "the database is the user's");
    ok("kill", &["-TERM", &server.id().to_string()]);
    let stopped = server.wait().unwrap();
    assert!(stopped.success(), "{stopped:?}");

    drop(installed);
    let gone =
        ["/usr/bin/stammtisch-server", "/etc/stammtisch/config.toml", "/var/lib/stammtisch", "/var/backups/stammtisch"];
    for gone in gone.into_iter().chain([unit]) {
        assert!(!Path::new(gone).exists(), "{gone} is left after --purge");
    }
}
