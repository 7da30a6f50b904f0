//! `cargo xtask bench`: what a visitor downloads, what a phone visitor sees when, how fast the board renders in headless
//! Chromium next to a vanilla-JS page, and how the release server holds up under 64
//! concurrent connections from this separate process. Writes bench/results.json and
//! bench/RESULTS.md. Benchmarks are not tests: nothing here fails on a slow figure.

mod feed;
mod load;
mod payload;
mod phone;
mod profile;
mod report;
mod server;
mod streams;
mod widget;

use std::path::PathBuf;

use report::Figure;

const GROUPS: [&str; 5] = ["payload", "phone", "widget", "backend", "live"];

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (server_bin, widget_dir, out_dir) = match (args.next(), args.next(), args.next()) {
        (Some(s), Some(w), Some(o)) => (PathBuf::from(s), PathBuf::from(w), PathBuf::from(o)),
        _ => anyhow::bail!(
            "usage: stammtisch-bench SERVER_BINARY WIDGET_DIR OUT_DIR [GROUP…] (run it through `cargo xtask bench`)"
        ),
    };
    let only: Vec<String> = args.collect();
    if let Some(unknown) = only.iter().find(|g| !GROUPS.contains(&g.as_str())) {
        anyhow::bail!("unknown group {unknown:?}; the groups are {}", GROUPS.join(", "));
    }
    let wanted = |group: &str| only.is_empty() || only.iter().any(|g| g == group);

    let site = tempfile::tempdir()?;
    widget::prepare_site(&widget_dir, &out_dir.join("web"), site.path())?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let mut figures: Vec<Figure> = Vec::new();
    if wanted("payload") {
        figures.extend(payload::measure(&widget_dir)?);
    }
    if wanted("phone") {
        figures.extend(runtime.block_on(phone::measure(&server_bin, site.path()))?);
    }
    if wanted("widget") {
        figures.extend(runtime.block_on(widget::measure(&server_bin, site.path(), &out_dir))?);
    }
    if wanted("backend") {
        figures.extend(runtime.block_on(load::measure(&server_bin, site.path()))?);
    }
    if wanted("live") {
        figures.extend(runtime.block_on(streams::measure(&server_bin, site.path()))?);
    }
    // A partial run keeps the other groups' latest figures.
    let figures = report::merge(report::previous(&out_dir), figures);
    report::write(&out_dir, &figures)?;
    println!("{}", report::table(&figures));
    Ok(())
}
