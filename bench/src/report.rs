use std::path::Path;

use serde::{Deserialize, Serialize};

/// One measured figure over several runs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Figure {
    pub group: String,
    pub name: String,
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub unit: String,
    pub runs: usize,
}

impl Figure {
    pub fn from_runs(group: &'static str, name: impl Into<String>, unit: &'static str, mut runs: Vec<f64>) -> Figure {
        runs.sort_by(f64::total_cmp);
        let median = if runs.is_empty() { f64::NAN } else { runs[runs.len() / 2] };
        Figure {
            group: group.to_owned(),
            name: name.into(),
            median,
            min: runs.first().copied().unwrap_or(f64::NAN),
            max: runs.last().copied().unwrap_or(f64::NAN),
            unit: unit.to_owned(),
            runs: runs.len(),
        }
    }

    pub fn single(group: &'static str, name: impl Into<String>, unit: &'static str, value: f64) -> Figure {
        Figure::from_runs(group, name, unit, vec![value])
    }
}

fn number(value: f64) -> String {
    if value.is_nan() {
        "–".into()
    } else if value != 0.0 && value.abs() < 0.1 {
        format!("{value:.4}")
    } else if value >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

pub fn table(figures: &[Figure]) -> String {
    let mut out = String::from(
        "| group | figure | median | min | max | unit | runs |\n| --- | --- | ---: | ---: | ---: | --- | ---: |\n",
    );
    for f in figures {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            f.group,
            f.name,
            number(f.median),
            number(f.min),
            number(f.max),
            f.unit,
            f.runs
        ));
    }
    out
}

/// The figures of the last run, if it left any.
pub fn previous(dir: &Path) -> Vec<Figure> {
    let text = std::fs::read_to_string(dir.join("results.json")).unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| serde_json::from_value(v["figures"].clone()).ok())
        .unwrap_or_default()
}

/// The new figures, plus the old ones of every group this run did not measure, in group order.
pub fn merge(old: Vec<Figure>, new: Vec<Figure>) -> Vec<Figure> {
    let measured: Vec<String> = new.iter().map(|f| f.group.clone()).collect();
    let mut all: Vec<Figure> = old.into_iter().filter(|f| !measured.contains(&f.group)).chain(new).collect();
    all.sort_by_key(|f| crate::GROUPS.iter().position(|g| *g == f.group).unwrap_or(usize::MAX));
    all
}

/// Hand-written notes below this line in RESULTS.md (before/after figures) survive new runs.
const HISTORY_MARK: &str = "<!-- history: kept by cargo xtask bench -->";

pub fn write(dir: &Path, figures: &[Figure]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let date = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let json = serde_json::json!({ "date": date, "machine": machine(), "figures": figures });
    std::fs::write(dir.join("results.json"), serde_json::to_string_pretty(&json)? + "\n")?;
    let markdown = format!(
        "# Benchmark results, {date}\n\nMeasured by `cargo xtask bench` on {}. The load client runs in its own process \
         on the same machine, so client and server share its cores.\n\n{}",
        machine(),
        table(figures)
    );
    let old = std::fs::read_to_string(dir.join("RESULTS.md")).unwrap_or_default();
    let history = old.find(HISTORY_MARK).map_or(String::new(), |at| format!("\n{}", &old[at..]));
    std::fs::write(dir.join("RESULTS.md"), markdown + &history)?;
    Ok(())
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    format!("{cores} cores")
}
