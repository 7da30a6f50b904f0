//! Installs what the build and the tests need, once; each check takes milliseconds when the
//! tool is already there. Nothing here downloads a binary outside the package registries.

use std::path::Path;

use anyhow::{bail, Context};

use crate::run::{command, output_line, run, tools_dir};

pub const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `wasm-bindgen` crate pinned in Cargo.toml and `[tools]` in Trunk.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// Must match `[tools] wasm_opt` in Trunk.toml.
pub const BINARYEN_VERSION: &str = "132";
/// The accessibility checker the end-to-end tests run inside the page.
pub const AXE_CORE_VERSION: &str = "4.14.1";

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
/// Firefox's WebDriver; crates.io carries it, Debian does not.
pub const GECKODRIVER_VERSION: &str = "0.37.1";
pub const WEBKITWEBDRIVER: &str = "/usr/bin/WebKitWebDriver";
pub const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const XVFB_RUN: &str = "/usr/bin/xvfb-run";

/// Everything `trunk build` needs: the wasm target, trunk, wasm-bindgen and wasm-opt.
pub fn ensure_widget_tools() -> anyhow::Result<()> {
    ensure_wasm_target()?;
    ensure_cargo_tool("trunk", TRUNK_VERSION, &["install", "--locked", "trunk", "--version", TRUNK_VERSION])?;
    // Without --locked: the registry mirror lacks one of wasm-bindgen-cli's locked dependencies.
    ensure_cargo_tool(
        "wasm-bindgen",
        WASM_BINDGEN_VERSION,
        &["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION],
    )?;
    ensure_wasm_opt()
}

/// rustfmt and clippy come with rustup's default profile, but not with its minimal one.
pub fn ensure_rust_components() -> anyhow::Result<()> {
    if version_line("rustfmt").is_some() && version_line("cargo-clippy").is_some() {
        return Ok(());
    }
    let mut add = command("rustup");
    add.args(["component", "add", "rustfmt", "clippy"]);
    run(add)
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let mut list = command("rustup");
    list.args(["target", "list", "--installed"]);
    let installed = list.output().context("rustup is needed to add the wasm32 target: install Rust with rustup")?;
    if String::from_utf8_lossy(&installed.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    let mut add = command("rustup");
    add.args(["target", "add", "wasm32-unknown-unknown"]);
    run(add)
}

fn version_line(program: impl AsRef<std::ffi::OsStr>) -> Option<String> {
    let mut check = command(program);
    check.arg("--version");
    output_line(check)
}

fn ensure_cargo_tool(binary: &str, version: &str, install_args: &[&str]) -> anyhow::Result<()> {
    let found = version_line(binary);
    if found.as_deref().and_then(|line| line.split_whitespace().nth(1)) == Some(version) {
        return Ok(());
    }
    eprintln!(
        "xtask: installing {binary} {version} (found: {}); this takes a few minutes once",
        found.as_deref().unwrap_or("none")
    );
    let mut install = command("cargo");
    install.args(install_args);
    run(install)
}

/// The path of axe-core's browser bundle, for the end-to-end tests.
pub fn axe_script() -> std::path::PathBuf {
    tools_dir().join("node_modules").join("axe-core").join("axe.min.js")
}

fn axe_is_installed() -> bool {
    npm_package_is(&tools_dir().join("node_modules").join("axe-core"), AXE_CORE_VERSION) && axe_script().is_file()
}

/// ical.js (Mozilla's calendar parser), one of the two outside readers of the server's `.ics`.
pub fn ical_js() -> std::path::PathBuf {
    tools_dir().join("node_modules").join("ical.js")
}

fn npm_package_is(folder: &Path, version: &str) -> bool {
    std::fs::read_to_string(folder.join("package.json"))
        .is_ok_and(|manifest| manifest.contains(&format!("\"version\": \"{version}\"")))
}

/// wasm-opt (binaryen), axe-core and ical.js from npm, into `.tools/`; all in one call, because
/// npm removes what a call does not name.
fn ensure_wasm_opt() -> anyhow::Result<()> {
    let wasm_opt = tools_dir().join("node_modules").join(".bin").join("wasm-opt");
    let wasm_opt_ok = version_line(&wasm_opt).is_some_and(|line| line.contains(&format!("version {BINARYEN_VERSION}")));
    if wasm_opt_ok && axe_is_installed() && npm_package_is(&ical_js(), ICAL_JS_VERSION) {
        return Ok(());
    }
    ensure_debian_packages(&["npm"], &["nodejs", "npm"], "Node.js with npm (for wasm-opt from the binaryen package)")?;
    std::fs::create_dir_all(tools_dir())?;
    let mut install = command("npm");
    install
        .args(["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefix"])
        .arg(tools_dir())
        .arg(format!("binaryen@{BINARYEN_VERSION}"))
        .arg(format!("axe-core@{AXE_CORE_VERSION}"))
        .arg(format!("ical.js@{ICAL_JS_VERSION}"));
    run(install)
}

pub const LIGHTHOUSE_VERSION: &str = "12.2.3";

/// Lighthouse for `cargo xtask bench`, in a folder of its own: npm removes what a call does
/// not name. 12.x runs on Debian's Node 20 with Debian's Chromium.
pub fn ensure_lighthouse() -> anyhow::Result<std::path::PathBuf> {
    let dir = tools_dir().join("lighthouse");
    let binary = dir.join("node_modules").join(".bin").join("lighthouse");
    let manifest = dir.join("node_modules").join("lighthouse").join("package.json");
    let installed =
        std::fs::read_to_string(manifest).is_ok_and(|m| m.contains(&format!("\"version\": \"{LIGHTHOUSE_VERSION}\"")));
    if installed && binary.is_file() {
        return Ok(binary);
    }
    ensure_debian_packages(&["npm"], &["nodejs", "npm"], "Node.js with npm (for Lighthouse)")?;
    std::fs::create_dir_all(&dir)?;
    let mut install = command("npm");
    install
        .args(["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(format!("lighthouse@{LIGHTHOUSE_VERSION}"));
    run(install)?;
    Ok(binary)
}

/// Chromium and its WebDriver for the widget and end-to-end tests.
pub fn ensure_browser() -> anyhow::Result<()> {
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        return Ok(());
    }
    ensure_debian_packages(
        &[],
        &["chromium", "chromium-driver"],
        "Chromium and ChromeDriver (/usr/bin/chromium, /usr/bin/chromedriver)",
    )?;
    if !(Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file()) {
        bail!("Chromium was installed but {CHROMIUM} or {CHROMEDRIVER} is still missing");
    }
    Ok(())
}

/// Firefox ESR and WebKitGTK with their WebDrivers, and Xvfb for WebKit's window: the
/// end-to-end tests run in the engines of Firefox and Safari too.
pub fn ensure_other_engines() -> anyhow::Result<()> {
    let debian = [FIREFOX, WEBKITWEBDRIVER, MINIBROWSER, XVFB_RUN];
    if !debian.iter().all(|path| Path::new(path).is_file()) {
        ensure_debian_packages(
            &[],
            &["firefox-esr", "webkit2gtk-driver", "xvfb", "xauth"],
            "Firefox ESR, WebKitGTK's WebDriver and Xvfb (firefox-esr, WebKitWebDriver, xvfb-run)",
        )?;
        if let Some(missing) = debian.iter().find(|path| !Path::new(path).is_file()) {
            bail!("the browsers were installed but {missing} is still missing");
        }
    }
    ensure_cargo_tool("geckodriver", GECKODRIVER_VERSION, &["install", "geckodriver", "--version", GECKODRIVER_VERSION])
}

/// Wraps `inner` so that it runs with a virtual display of its own, for WebKit's MiniBrowser.
pub fn with_display(inner: std::process::Command) -> std::process::Command {
    let mut wrapped = command(XVFB_RUN);
    wrapped.args(["--auto-servernum", "--server-args=-screen 0 1280x2000x24 -nolisten tcp"]);
    wrapped.arg(inner.get_program()).args(inner.get_args());
    for (key, value) in inner.get_envs() {
        match value {
            Some(value) => wrapped.env(key, value),
            None => wrapped.env_remove(key),
        };
    }
    if let Some(dir) = inner.get_current_dir() {
        wrapped.current_dir(dir);
    }
    wrapped
}

/// Whether xtask runs as root (and may install Debian packages).
pub fn is_root() -> bool {
    let mut id = command("id");
    id.arg("-u");
    output_line(id).as_deref() == Some("0")
}

/// Installs Debian packages when `probe` commands are missing, as root on Debian only;
/// anywhere else it says what to install.
pub fn ensure_debian_packages(probes: &[&str], packages: &[&str], what: &str) -> anyhow::Result<()> {
    if !probes.is_empty() && probes.iter().all(|p| version_line(p).is_some()) {
        return Ok(());
    }
    if !(is_root() && Path::new("/etc/debian_version").exists()) {
        bail!(
            "{what} is missing. Please install it, e.g. on Debian/Ubuntu: sudo apt-get install -y {}",
            packages.join(" ")
        );
    }
    eprintln!("xtask: installing {} from Debian", packages.join(" "));
    let mut update = command("apt-get");
    update.args(["update", "-q"]);
    run(update)?;
    let mut install = command("apt-get");
    install.env("DEBIAN_FRONTEND", "noninteractive").args(["install", "-y", "-q"]).args(packages);
    run(install)
}

pub const SCHEMATHESIS_VERSION: &str = "4.32.5";
pub const SPEC_VALIDATOR_VERSION: &str = "0.9.0";
/// Python's `icalendar`, the other outside reader of the server's `.ics`.
pub const PY_ICALENDAR_VERSION: &str = "7.3.2";
/// Expands recurring events on its own: the corpus test compares our dates with its.
pub const RECURRING_ICAL_EVENTS_VERSION: &str = "3.8.2";
pub const ICAL_JS_VERSION: &str = "2.2.1";
/// Python's Prometheus client: its OpenMetrics parser reads `/metrics` in the tests.
pub const PY_PROMETHEUS_CLIENT_VERSION: &str = "0.26.0";

/// Schemathesis and openapi-spec-validator from PyPI in a venv under `.tools/`, for the
/// property-based API test, `icalendar` to read the server's calendars and `recurring-ical-events`
/// to expand the corpus' series, `prometheus-client` to parse `/metrics`; returns the venv's
/// `bin` folder.
pub fn ensure_schemathesis() -> anyhow::Result<std::path::PathBuf> {
    let venv = tools_dir().join("venv");
    let bin = venv.join("bin");
    let wanted = [
        ("schemathesis", SCHEMATHESIS_VERSION),
        ("openapi_spec_validator", SPEC_VALIDATOR_VERSION),
        ("icalendar", PY_ICALENDAR_VERSION),
        ("recurring_ical_events", RECURRING_ICAL_EVENTS_VERSION),
        ("prometheus_client", PY_PROMETHEUS_CLIENT_VERSION),
    ];
    let installed = |package: &str, version: &str| {
        let mut show = command(bin.join("python"));
        show.args([
            "-c",
            &format!("import importlib.metadata as m; print(m.version('{}'))", package.replace('_', "-")),
        ]);
        output_line(show).as_deref() == Some(version)
    };
    if wanted.iter().all(|(package, version)| installed(package, version)) {
        return Ok(bin);
    }
    ensure_debian_packages(&["python3"], &["python3", "python3-venv"], "Python 3 (for schemathesis)")?;
    let python = if Path::new("/usr/bin/python3").is_file() { "/usr/bin/python3" } else { "python3" };
    let create = || {
        let mut create = command(python);
        create.args(["-m", "venv"]).arg(&venv);
        run(create)
    };
    if create().is_err() {
        // Debian keeps ensurepip, which a venv needs, in a package of its own.
        ensure_debian_packages(&[], &["python3-venv"], "Python's venv module (python3-venv)")?;
        create()?;
    }
    let mut install = command(bin.join("pip"));
    install
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}"))
        .arg(format!("openapi-spec-validator=={SPEC_VALIDATOR_VERSION}"))
        .arg(format!("icalendar=={PY_ICALENDAR_VERSION}"))
        .arg(format!("recurring-ical-events=={RECURRING_ICAL_EVENTS_VERSION}"))
        .arg(format!("prometheus-client=={PY_PROMETHEUS_CLIENT_VERSION}"));
    run(install)?;
    Ok(bin)
}
