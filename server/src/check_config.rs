//! `stammtisch-server check-config`: reads flags, environment and the config file as the server
//! would, checks every setting it can without starting, and says in words what is wrong.

use std::time::Duration;

use sqlx::Connection;

use crate::config_file::Loaded;
use crate::cors::AllowedOrigins;
use crate::store::is_postgres;

/// What one check found.
enum Finding {
    Good(String),
    /// Works, but probably not as meant.
    Warning(String),
    Problem(String),
}

/// Prints one line per check; `Ok(false)` when something must be fixed before the server
/// can run as configured.
pub async fn check(loaded: &Loaded) -> bool {
    let config = &loaded.config;
    let mut findings = Vec::new();
    match &loaded.file {
        Some(file) if loaded.from_file.is_empty() => {
            findings.push(Finding::Good(format!("config file {}: no settings taken from it", file.display())))
        }
        Some(file) => {
            findings.push(Finding::Good(format!("config file {}: {}", file.display(), loaded.from_file.join(", "))))
        }
        None if loaded.config.config.is_some() => {
            findings.push(Finding::Good("no config file (--config ''): flags and environment only".into()))
        }
        None => findings.push(Finding::Good(format!(
            "no config file ({} does not exist): flags and environment only",
            crate::config_file::DEFAULT_PATH
        ))),
    }
    findings.push(database(&config.database).await);
    if let Err(error) = AllowedOrigins::parse(&config.allow_origins) {
        findings.push(Finding::Problem(format!("allow-origin: {error}")));
    }
    for proxy in &config.trusted_proxies {
        if let Err(why) = crate::client::parse_proxy(proxy) {
            findings.push(Finding::Problem(format!("trusted-proxy {proxy:?}: {why}")));
        }
    }
    if let Some(url) = &config.public_url {
        if stammtisch_model::web_url(url).is_none() {
            findings.push(Finding::Problem(format!("public-url {url:?} is not an http(s) address")));
        }
    }
    findings.push(mail(config));
    match config.admin_token.as_deref().map(str::trim) {
        None | Some("") => findings.push(Finding::Warning(
            "no admin-token: the console and the organizer API answer 401 (make one with `stammtisch-server admin-token generate`)".into(),
        )),
        Some(token) if token.len() < 16 => {
            findings.push(Finding::Warning("admin-token is shorter than 16 characters: easy to guess".into()))
        }
        Some(_) => findings.push(Finding::Good("admin-token set".into())),
    }
    if !config.widget_dir.join("embed.js").is_file() {
        findings.push(Finding::Warning(format!(
            "widget-dir {}: no embed.js there, so boards will not load",
            config.widget_dir.display()
        )));
    }
    if config.metrics_addr == Some(config.addr) {
        findings.push(Finding::Problem(format!("metrics-addr {} is the same as addr", config.addr)));
    }
    let mut fine = true;
    for finding in findings {
        match finding {
            Finding::Good(text) => println!("ok       {text}"),
            Finding::Warning(text) => println!("warning  {text}"),
            Finding::Problem(text) => {
                fine = false;
                println!("problem  {text}");
            }
        }
    }
    println!("{}", if fine { "The configuration can be used." } else { "Please fix the problems above." });
    fine
}

async fn database(url: &str) -> Finding {
    let shown = crate::config::without_credentials(url);
    if is_postgres(url) {
        let connecting = tokio::time::timeout(Duration::from_secs(5), sqlx::PgConnection::connect(url)).await;
        return match connecting {
            Ok(Ok(connection)) => {
                let _ = connection.close().await;
                Finding::Good(format!("database {shown}: PostgreSQL answers"))
            }
            Ok(Err(error)) => Finding::Problem(format!("database {shown}: cannot connect: {error}")),
            Err(_) => Finding::Problem(format!("database {shown}: no answer within 5 s")),
        };
    }
    let Some(file) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) else {
        return Finding::Problem(format!("database {shown}: neither sqlite://… nor postgres://…"));
    };
    let file = std::path::Path::new(file.split('?').next().unwrap_or(file));
    if file.is_file() {
        return match std::fs::OpenOptions::new().read(true).write(true).open(file) {
            Ok(_) => Finding::Good(format!("database {shown}: the file is there and writable")),
            Err(error) => Finding::Problem(format!("database {shown}: cannot be written: {error}")),
        };
    }
    // The server makes the file, and its folder when missing.
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let mut existing = folder;
    while !existing.exists() {
        match existing.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => existing = parent,
            _ => {
                existing = std::path::Path::new(".");
                break;
            }
        }
    }
    let writable = tempfile_in(existing);
    match writable {
        Ok(()) => Finding::Good(format!("database {shown}: will be created in {}", folder.display())),
        Err(error) => Finding::Problem(format!("database {shown}: {} cannot be written: {error}", existing.display())),
    }
}

/// Whether a file can be made in `folder` (and is removed again).
fn tempfile_in(folder: &std::path::Path) -> std::io::Result<()> {
    let probe = folder.join(format!(".stammtisch-check-{}", std::process::id()));
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(probe)
}

fn mail(config: &crate::Config) -> Finding {
    let Some(smtp) = config.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) else {
        if config.require_confirmation {
            return Finding::Problem("require-confirmation needs smtp-url: confirmations come by mail".into());
        }
        return Finding::Good("no smtp-url: no mail is sent".into());
    };
    let Some(from) = config.mail_from.as_deref() else {
        return Finding::Problem("smtp-url needs mail-from, the sender of attendee mail".into());
    };
    match crate::mail::Mailer::new(smtp, from) {
        Ok(_) => Finding::Good(format!("mail via {} from {from}", crate::config::without_credentials(smtp))),
        Err(error) => Finding::Problem(error.to_string()),
    }
}
