//! A throwaway PostgreSQL cluster for `cargo xtask test --postgres`: Debian's server
//! programs, a fresh data folder under the system's temp folder, a free port on 127.0.0.1,
//! run by an unprivileged user, stopped and deleted when the tests are done.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use anyhow::Context;

use crate::run::{command, run};
use crate::tools::{ensure_debian_packages, is_root};

/// The owner of the cluster when xtask runs as root: Debian's package creates it.
const SYSTEM_USER: &str = "postgres";

pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    /// `Some(user)`: commands run through `runuser` as that user.
    user: Option<String>,
    pub port: u16,
}

/// Debian's newest installed server programs (`/usr/lib/postgresql/<version>/bin`).
fn server_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

impl Cluster {
    /// Installs PostgreSQL when missing (as root on Debian), then initialises and starts a
    /// cluster that only this machine's loopback can reach.
    pub fn start() -> anyhow::Result<Cluster> {
        if server_bin().is_none() {
            ensure_debian_packages(&[], &["postgresql"], "PostgreSQL (Debian's postgresql package)")?;
        }
        let bin = server_bin().context("PostgreSQL was installed but no /usr/lib/postgresql/*/bin/initdb is there")?;
        let user = is_root().then(|| SYSTEM_USER.to_owned());
        let data = std::env::temp_dir().join(format!("stammtisch-pg-{}", std::process::id()));
        if data.exists() {
            std::fs::remove_dir_all(&data)?;
        }
        std::fs::create_dir_all(&data)?;
        if let Some(user) = &user {
            // initdb refuses to run as root; the folder belongs to the unprivileged user.
            let mut chown = command("chown");
            chown.arg(format!("{user}:")).arg(&data);
            run(chown)?;
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let cluster = Cluster { bin, data, user, port };
        let pgdata = cluster.data.join("pgdata");
        let mut initdb = cluster.program("initdb");
        initdb.args(["--auth=trust", "--username=postgres", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
        initdb.arg("-D").arg(&pgdata);
        run(initdb).context("initdb failed")?;
        cluster.pg_ctl("start")?;
        Ok(cluster)
    }

    fn program(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        match &self.user {
            Some(user) => {
                let mut runuser = command("runuser");
                runuser.args(["-u", user, "--"]).arg(program);
                runuser
            }
            None => command(program),
        }
    }

    /// `pg_ctl start|stop|restart` on the cluster, waiting until it is done.
    fn pg_ctl(&self, action: &str) -> anyhow::Result<()> {
        let args = self.pg_ctl_command(action);
        let mut pg_ctl = command(&args[0]);
        pg_ctl.args(&args[1..]);
        run(pg_ctl)
    }

    /// The command line of `pg_ctl <action>`, for tests that restart the server themselves.
    pub fn pg_ctl_command(&self, action: &str) -> Vec<String> {
        let mut args = Vec::new();
        if let Some(user) = &self.user {
            args.extend(["runuser".to_owned(), "-u".to_owned(), user.clone(), "--".to_owned()]);
        }
        args.push(self.bin.join("pg_ctl").display().to_string());
        args.extend(["-D".to_owned(), self.data.join("pgdata").display().to_string(), "-w".to_owned()]);
        args.extend(["-l".to_owned(), self.data.join("server.log").display().to_string()]);
        // Loopback only, the socket in the cluster's own folder, room for the tests' many
        // servers, and fast stops (the restart test restarts it under load).
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c max_connections=400",
            self.port,
            self.data.display()
        );
        args.extend(["-o".to_owned(), options, "-m".to_owned(), "fast".to_owned(), action.to_owned()]);
        args
    }

    /// The URL of the cluster's superuser; tests create a database of their own each.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Err(error) = self.pg_ctl("stop") {
            eprintln!("xtask: could not stop the test PostgreSQL: {error:#}");
        }
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
