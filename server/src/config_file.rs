//! The config file: `--config FILE`, else `/etc/stammtisch/config.toml` when it exists. It takes
//! the flags' own names, `key = value` at the top level (`admin-token = "…"`,
//! `allow-origin = ["https://www.example.de"]`, `require-confirmation = true`); a flag or an
//! environment variable wins over the file. Every problem names the file's line.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use crate::Config;

/// Where the Debian package puts it; read when it exists and no `--config` is given.
pub const DEFAULT_PATH: &str = "/etc/stammtisch/config.toml";

/// Settings the file cannot hold: where the file is, and what only makes sense once.
const NOT_IN_FILE: [&str; 2] = ["config", "help"];

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A flag or environment variable is wrong: clap's own message.
    #[error(transparent)]
    Arguments(#[from] clap::Error),
    #[error("{path}: {why}")]
    File { path: String, why: String },
}

impl ConfigError {
    fn file(path: &Path, why: impl Into<String>) -> ConfigError {
        ConfigError::File { path: path.display().to_string(), why: why.into() }
    }
}

/// The configuration and the file it came from, if any.
pub struct Loaded {
    pub config: Config,
    pub file: Option<PathBuf>,
    /// The settings the file gave (its keys), without those a flag or variable overrode.
    pub from_file: Vec<String>,
}

/// Flags, then environment, then the config file, then the defaults.
pub fn load(args: Vec<OsString>) -> Result<Loaded, ConfigError> {
    let command = Config::command();
    let matches = command.clone().try_get_matches_from(&args)?;
    let explicit = matches.get_one::<PathBuf>("config").cloned();
    let file = match explicit {
        Some(path) if path.as_os_str().is_empty() => None,
        Some(path) => Some(path),
        None => Some(PathBuf::from(DEFAULT_PATH)).filter(|path| path.is_file()),
    };
    let Some(path) = file else {
        return Ok(Loaded { config: Config::from_arg_matches(&matches)?, file: None, from_file: Vec::new() });
    };
    let text =
        std::fs::read_to_string(&path).map_err(|error| ConfigError::file(&path, format!("cannot be read: {error}")))?;
    let settings = read_settings(&path, &text)?;

    let program = args.first().cloned().unwrap_or_else(|| "stammtisch-server".into());
    let mut from_file = Vec::new();
    let mut extra: Vec<OsString> = Vec::new();
    for setting in settings {
        let arg = command
            .get_arguments()
            .find(|arg| arg.get_long() == Some(setting.key.as_str()))
            .filter(|_| !NOT_IN_FILE.contains(&setting.key.as_str()))
            .ok_or_else(|| {
                ConfigError::file(
                    &path,
                    format!("line {}: `{}` is not a setting ({})", setting.line, setting.key, known()),
                )
            })?;
        let given_otherwise = matches!(
            matches.value_source(arg.get_id().as_str()),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        );
        if given_otherwise {
            continue;
        }
        let takes_value = arg.get_action().takes_values();
        let words = setting
            .words(takes_value)
            .map_err(|why| ConfigError::file(&path, format!("line {}: {why}", setting.line)))?;
        // Each value on its own, so that a wrong one is blamed on its line.
        let mut alone = vec![program.clone()];
        alone.extend(words.iter().cloned());
        if let Err(error) = Config::command().try_get_matches_from(&alone) {
            let detail = error.to_string();
            let first = detail.lines().next().unwrap_or_default().trim_start_matches("error: ").to_owned();
            return Err(ConfigError::file(&path, format!("line {}: `{}`: {first}", setting.line, setting.key)));
        }
        from_file.push(setting.key.clone());
        extra.extend(words);
    }
    // The file's settings go first: before a subcommand, where the top-level flags belong.
    let mut all = vec![program];
    all.extend(extra);
    all.extend(args.into_iter().skip(1));
    let config = Config::from_arg_matches(&Config::command().try_get_matches_from(all)?)?;
    Ok(Loaded { config, file: Some(path), from_file })
}

fn known() -> String {
    let names: Vec<String> = Config::command()
        .get_arguments()
        .filter_map(|arg| arg.get_long())
        .filter(|long| !NOT_IN_FILE.contains(long))
        .map(str::to_owned)
        .collect();
    format!("known are: {}", names.join(", "))
}

/// One `key = value` of the file.
struct Setting {
    key: String,
    line: usize,
    value: toml::Value,
}

impl Setting {
    /// As command-line words: `--key=value`, one per list item; `--key` for a flag set to true.
    fn words(&self, takes_value: bool) -> Result<Vec<OsString>, String> {
        let key = &self.key;
        let scalar = |value: &toml::Value| match value {
            toml::Value::String(text) => Ok(text.clone()),
            toml::Value::Integer(n) => Ok(n.to_string()),
            toml::Value::Float(x) => Ok(x.to_string()),
            toml::Value::Boolean(b) => Ok(b.to_string()),
            other => Err(format!("`{key}` is a {}; write text, a number or a list of them", other.type_str())),
        };
        match (&self.value, takes_value) {
            (toml::Value::Boolean(true), false) => Ok(vec![format!("--{key}").into()]),
            (toml::Value::Boolean(false), false) => Ok(Vec::new()),
            (_, false) => Err(format!("`{key}` is on or off: write `{key} = true` or `{key} = false`")),
            (toml::Value::Array(items), true) => {
                items.iter().map(|item| scalar(item).map(|v| format!("--{key}={v}").into())).collect()
            }
            (value, true) => Ok(vec![format!("--{key}={}", scalar(value)?).into()]),
        }
    }
}

/// The file's settings in its order, each with its line; `snake_case` names are taken as the
/// flags' `kebab-case`.
fn read_settings(path: &Path, text: &str) -> Result<Vec<Setting>, ConfigError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let spanned = toml::de::DeTable::parse(text).map_err(|error| {
        let line = error.span().map_or(0, |span| line_of(span.start));
        let message = error.message().to_owned();
        ConfigError::file(path, format!("line {line}: not TOML: {message}"))
    })?;
    let values: toml::Table =
        text.parse().map_err(|error: toml::de::Error| ConfigError::file(path, error.to_string()))?;
    let mut settings = Vec::new();
    for (key, _) in spanned.get_ref().iter() {
        let name = key.get_ref().to_string();
        let line = line_of(key.span().start);
        let value = values
            .get(&name)
            .cloned()
            .ok_or_else(|| ConfigError::file(path, format!("line {line}: `{name}` cannot be read")))?;
        if value.is_table() {
            return Err(ConfigError::file(
                path,
                format!("line {line}: `[{name}]`: sections are not used; write `key = value` lines at the top"),
            ));
        }
        settings.push(Setting { key: name.replace('_', "-"), line, value });
    }
    Ok(settings)
}
