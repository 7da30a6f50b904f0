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
    // The server renders /admin itself, under a strict CSP; Trunk's page with its inline
    // loader must not be reachable beside it.
    std::fs::remove_file(dist.join("admin/index.html"))?;
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
    // The console needs a token; a demo without one gets a fresh one for this run.
    if std::env::var_os("STAMMTISCH_ADMIN_TOKEN").is_none() {
        let token = demo_token()?;
        eprintln!("\nxtask: organizer console at /admin; sign in with the token {token}");
        eprintln!("xtask: (set STAMMTISCH_ADMIN_TOKEN to choose your own)");
        server.env("STAMMTISCH_ADMIN_TOKEN", token);
    }
    eprintln!("\nxtask: starting the server; open the URL below. Ctrl-C stops it.");
    // Ctrl-C reaches the server directly (same process group); xtask only waits for it to
    // finish its requests and exit.
    ctrlc::set_handler(|| {}).ok();
    run(server)
}

/// 128 random bits from the kernel, as hex.
fn demo_token() -> anyhow::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
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
    bench.args(groups).env("CHROMEDRIVER", tools::CHROMEDRIVER).env("LIGHTHOUSE", tools::ensure_lighthouse()?);
    run(bench)
}
