//! `cargo xtask bench`: what a visitor downloads, and how the release server holds up under
//! 64 concurrent connections from this separate process. Writes bench/results.json and
//! bench/RESULTS.md. Benchmarks are not tests: nothing here fails on a slow figure.

mod load;
mod payload;
mod report;
mod server;

use std::path::PathBuf;

use report::Figure;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (server_bin, widget_dir, out_dir) = match (args.next(), args.next(), args.next()) {
        (Some(s), Some(w), Some(o)) => (PathBuf::from(s), PathBuf::from(w), PathBuf::from(o)),
        _ => anyhow::bail!(
            "usage: stammtisch-bench SERVER_BINARY WIDGET_DIR OUT_DIR (run it through `cargo xtask bench`)"
        ),
    };
    let mut figures: Vec<Figure> = payload::measure(&widget_dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    figures.extend(runtime.block_on(load::measure(&server_bin))?);
    report::write(&out_dir, &figures)?;
    println!("{}", report::table(&figures));
    Ok(())
}
