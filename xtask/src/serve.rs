use crate::run::{command, run};
use crate::tools;

/// Builds the widget into dist/ and the organizer console into dist/admin/ with Trunk
/// (release profile `wasm-release`, wasm-opt -Oz).
pub fn build_widget() -> anyhow::Result<()> {
    // Trunk runs cargo with --offline so that it never downloads tools; the crates it needs
    // are fetched here first (a no-op when they are already in the cache).
    let mut fetch = command("cargo");
    fetch.args(["fetch", "--locked"]);
    run(fetch)?;
    let mut trunk = command("trunk");
    trunk.args(["build", "--release"]);
    run(trunk)?;
    // The organizer console second: the board's build empties dist/, the console's only
    // dist/admin/ (console/Trunk.toml).
    let mut console = command("trunk");
    console.args(["build", "--release"]).current_dir(crate::root().join("console"));
    run(console)?;
    let dist = crate::root().join("dist");
    crate::compress::precompress(&dist)?;
    crate::compress::precompress(&dist.join("admin"))
}

pub fn serve(addr: &str) -> anyhow::Result<()> {
    tools::ensure_widget_tools()?;
    build_widget()?;
    let mut server = command("cargo");
    server.args(["run", "--release", "--package", "stammtisch-server", "--", "--addr", addr]).args([
        "--database",
        "sqlite://data/stammtisch.db",
        "--seed-demo",
        "--widget-dir",
        "dist",
    ]);
    eprintln!("\nxtask: starting the server; open the URL below. Ctrl-C stops it.");
    // Ctrl-C reaches the server directly (same process group); xtask only waits for it to
    // finish its requests and exit.
    ctrlc::set_handler(|| {}).ok();
    run(server)
}

/// `cargo xtask bench`: release builds of the widget and the server, then the measurements in
/// a separate process.
pub fn bench(groups: &[String]) -> anyhow::Result<()> {
    tools::ensure_widget_tools()?;
    tools::ensure_browser()?;
    build_widget()?;
    let mut build = command("cargo");
    build.args(["build", "--release", "--locked", "--package", "stammtisch-server", "--package", "stammtisch-bench"]);
    run(build)?;
    let root = crate::root();
    let mut bench = command(root.join("target/release/stammtisch-bench"));
    bench.arg(root.join("target/release/stammtisch-server")).arg(root.join("dist")).arg(root.join("bench"));
    bench.args(groups).env("CHROMEDRIVER", tools::CHROMEDRIVER);
    run(bench)
}
