//! Reading one section of the TOML file: errors that name the file, the key and the environment
//! variable, and secrets taken from the variables a key names. Shared by the top-level config and
//! every kind's own section, so it imports neither.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::secret::Secret;

/// Looks an environment variable up (tests pass a map).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("config file {path}: key `{key}` {problem}")]
    Invalid {
        path: PathBuf,
        key: String,
        problem: String,
    },
    #[error("config file {path}: key `{key}` names environment variable {var}, which is not set or empty")]
    MissingEnv {
        path: PathBuf,
        key: String,
        var: String,
    },
}

/// One place in the file (`backends.itsm-prod`, `itsm`, or the top level): names its keys in
/// errors and reads the secrets its keys name.
pub struct Section<'a> {
    path: &'a Path,
    env: Env<'a>,
    prefix: String,
}

impl<'a> Section<'a> {
    pub fn new(path: &'a Path, env: Env<'a>, prefix: String) -> Self {
        Self { path, env, prefix }
    }

    /// A table inside this section (`user = { ... }`), read with its own keys.
    pub fn child(&self, name: &str) -> Section<'a> {
        Section::new(self.path, self.env, self.key(name))
    }

    /// The full name of a key of this section: `backends.itsm-prod.app_code`.
    pub fn key(&self, name: &str) -> String {
        match (self.prefix.is_empty(), name.is_empty()) {
            (true, _) => name.to_string(),
            (false, true) => self.prefix.clone(),
            (false, false) => format!("{}.{name}", self.prefix),
        }
    }

    /// Reads the section into its kind's file type. serde's messages are turned into errors
    /// that name the key at fault.
    pub fn read<T: DeserializeOwned>(&self, table: toml::Table) -> Result<T, ConfigError> {
        let error = match toml::Value::Table(table.clone()).try_into() {
            Ok(file) => return Ok(file),
            Err(error) => error,
        };
        let (key, problem) = explain_serde_error(error.message().trim(), &table);
        Err(self.invalid(&key, problem))
    }

    pub fn url(&self, name: &str, text: &str) -> Result<reqwest::Url, ConfigError> {
        let url = reqwest::Url::parse(text)
            .map_err(|error| self.invalid(name, format!("is not a URL ({error}): {text:?}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(self.invalid(
                name,
                format!("must be an http(s) URL with a host, got {text:?}"),
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(self.invalid(
                name,
                format!("must not have a query or fragment, got {text:?}"),
            ));
        }
        Ok(url)
    }

    pub fn secret(&self, name: &str, var: &str) -> Result<Secret, ConfigError> {
        if var.trim().is_empty() {
            return Err(self.invalid(name, "must name an environment variable".into()));
        }
        match (self.env)(var) {
            Some(value) if !value.is_empty() => Ok(Secret::new(value)),
            _ => Err(ConfigError::MissingEnv {
                path: self.path.to_path_buf(),
                key: self.key(name),
                var: var.to_string(),
            }),
        }
    }

    /// A non-empty text value, or an error naming the key.
    pub fn non_empty(&self, name: &str, text: String) -> Result<String, ConfigError> {
        if text.trim().is_empty() {
            return Err(self.invalid(name, "must not be empty".into()));
        }
        Ok(text)
    }

    pub fn invalid(&self, name: &str, problem: String) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.to_path_buf(),
            key: self.key(name),
            problem,
        }
    }

    /// An error about the section itself.
    pub fn invalid_here(&self, problem: String) -> ConfigError {
        self.invalid("", problem)
    }
}

/// serde's message -> (key relative to the section, problem). toml says where a nested error
/// is ("... in `user`"); for an unknown enum value it does not, so the key holding that value
/// is looked up in the section.
fn explain_serde_error(message: &str, table: &toml::Table) -> (String, String) {
    let (message, within) = match message.rsplit_once("\nin `") {
        Some((message, place)) => (message.trim(), place.trim_end_matches('`')),
        None => (message, ""),
    };
    let join = |name: &str| match (within.is_empty(), name.is_empty()) {
        (true, _) => name.to_string(),
        (false, true) => within.to_string(),
        (false, false) => format!("{within}.{name}"),
    };
    let quoted_after = |marker: &str| {
        let rest = &message[message.find(marker)? + marker.len()..];
        rest.split_once('`')
    };
    if let Some((field, _)) = quoted_after("missing field `") {
        return (join(field), "is required".into());
    }
    if let Some((field, rest)) = quoted_after("unknown field `") {
        let expected = rest.trim_start_matches(',').trim();
        let problem = if expected.is_empty() {
            "is not a setting of this section".to_string()
        } else {
            format!("is not a setting of this section ({expected})")
        };
        return (join(field), problem);
    }
    if let Some((value, rest)) = quoted_after("unknown variant `") {
        let expected = rest
            .trim_start_matches(',')
            .trim()
            .trim_start_matches("expected")
            .trim();
        let key = if within.is_empty() {
            key_holding(table, value).unwrap_or_default()
        } else {
            within.to_string()
        };
        return (key, format!("must be {expected}, got {value:?}"));
    }
    (within.to_string(), message.to_string())
}

/// The dotted key whose string value is `value` (searching inline tables too).
fn key_holding(table: &toml::Table, value: &str) -> Option<String> {
    table.iter().find_map(|(key, held)| match held {
        toml::Value::String(text) if text == value => Some(key.clone()),
        toml::Value::Table(inner) => key_holding(inner, value).map(|name| format!("{key}.{name}")),
        _ => None,
    })
}

/// The `host` header value for a URL: host, plus the port when it is not the default.
pub fn host_header_of(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}
