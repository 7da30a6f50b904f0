//! `cargo xtask package`: the Debian package, built with Debian's own `dpkg-deb` from a staged
//! tree. The release server, the built widget and console, a systemd unit with a sandbox, the
//! config file (a conffile: an upgrade keeps the operator's edits), and maintainer scripts that
//! make the system user and `/var/lib/stammtisch`.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::root;
use crate::run::{command, output_line, run};

const NAME: &str = "stammtisch";

/// The server crate's version, as the package's.
fn version() -> anyhow::Result<String> {
    let manifest = std::fs::read_to_string(root().join("server/Cargo.toml"))?;
    let line = manifest.lines().find(|l| l.starts_with("version")).context("server/Cargo.toml names no version")?;
    Ok(line.split('"').nth(1).context("the version is not quoted")?.to_owned())
}

fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

fn put(stage: &Path, inside: &str, from: &Path, mode: u32) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let target = stage.join(inside);
    std::fs::create_dir_all(target.parent().expect("a file has a folder"))?;
    std::fs::copy(from, &target).with_context(|| format!("copying {}", from.display()))?;
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(mode))?;
    Ok(())
}

/// Builds the widget and the release server, then the package; returns the `.deb`'s path.
pub fn package() -> anyhow::Result<PathBuf> {
    crate::tools::ensure_widget_tools()?;
    crate::serve::build_widget()?;
    let mut build = command("cargo");
    build.args(["build", "--release", "--locked", "--package", "stammtisch-server"]);
    run(build)?;
    let mut arch = command("dpkg");
    arch.arg("--print-architecture");
    let arch = output_line(arch).context("dpkg is needed to build the package (Debian)")?;
    let version = version()?;
    let out = root().join("target/package");
    let stage = out.join(format!("{NAME}_{version}_{arch}"));
    if stage.exists() {
        std::fs::remove_dir_all(&stage)?;
    }
    let packaging = root().join("server/packaging");
    put(&stage, "usr/bin/stammtisch-server", &root().join("target/release/stammtisch-server"), 0o755)?;
    // The release build keeps its symbols for the benchmarks' profiles; the package needs none.
    let mut strip = command("strip");
    strip.arg("--strip-unneeded").arg(stage.join("usr/bin/stammtisch-server"));
    run(strip).context("strip (binutils, which the Rust linker needs anyway) is missing")?;
    copy_tree(&root().join("dist"), &stage.join("usr/share/stammtisch/widget"))?;
    put(&stage, "etc/stammtisch/config.toml", &packaging.join("config.toml"), 0o640)?;
    put(&stage, "lib/systemd/system/stammtisch.service", &packaging.join("stammtisch.service"), 0o644)?;
    for doc in ["README.md", "docs/OPERATIONS.md", "docs/DEPLOYMENT.md", "docs/SECURITY.md", "docs/API.md"] {
        let name = Path::new(doc).file_name().expect("a file name");
        put(&stage, &format!("usr/share/doc/{NAME}/{}", name.to_string_lossy()), &root().join(doc), 0o644)?;
    }
    std::fs::write(
        stage.join(format!("usr/share/doc/{NAME}/copyright")),
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\
         Upstream-Name: stammtisch\n\nFiles: *\nCopyright: The Stammtisch authors\nLicense: MIT or Apache-2.0\n",
    )?;
    for script in ["postinst", "prerm", "postrm"] {
        put(&stage, &format!("DEBIAN/{script}"), &packaging.join(script), 0o755)?;
    }
    std::fs::write(stage.join("DEBIAN/conffiles"), "/etc/stammtisch/config.toml\n")?;
    let installed_kb = dir_size(&stage)? / 1024;
    std::fs::write(
        stage.join("DEBIAN/control"),
        format!(
            "Package: {NAME}\nVersion: {version}\nArchitecture: {arch}\nMaintainer: Stammtisch <stammtisch@localhost>\n\
             Installed-Size: {installed_kb}\nDepends: libc6 (>= 2.34), adduser, init-system-helpers\nSection: web\n\
             Priority: optional\nHomepage: https://github.com/stammtisch\n\
             Description: event board for partner communities, with RSVPs\n \
             Puts a live board of meetups, partner days and club meetings on a company's website with\n \
             one tag, and takes RSVPs that never overbook. Serves the feed, the embeddable widget, the\n \
             organizer console and the pages without scripts, on SQLite or PostgreSQL.\n"
        ),
    )?;
    let deb = out.join(format!("{NAME}_{version}_{arch}.deb"));
    let mut pack = command("dpkg-deb");
    pack.args(["--root-owner-group", "-Zxz", "--build"]).arg(&stage).arg(&deb);
    run(pack)?;
    let size = std::fs::metadata(&deb)?.len();
    println!("{} ({:.1} MB; {} KB installed)", deb.display(), size as f64 / 1e6, installed_kb);
    Ok(deb)
}

fn dir_size(dir: &Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        total += if entry.file_type()?.is_dir() { dir_size(&entry.path())? } else { entry.metadata()?.len() };
    }
    Ok(total)
}
