//! The TOML config file, and its resolution into a checked [`Config`] with secrets read from
//! the environment variables it names. Every error names the file, key or variable at fault.
//!
//! The top-level keys and the instance table live here; each kind's section is read by its own
//! module under [`crate::kinds`], through a [`Section`] that names keys and reads secrets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use vendors::Kind;

use crate::kinds::{self, contract::Settings};
use crate::limits::{Limits, LimitsFile};
pub use crate::section::{host_header_of, ConfigError, Env, Section};

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DEFAULT_DIST: &str = "dist";
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// The top-level keys as written. Kind sections (`[itsm]`, ...) are taken out before this is
/// read, and each `[backends.<id>]` table is read by its kind's module.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub dist: Option<PathBuf>,
    pub upstream_timeout_secs: Option<u64>,
    pub max_body_bytes: Option<usize>,
    /// Honour HTTP(S)_PROXY / NO_PROXY for upstream calls (default true).
    pub use_env_proxy: Option<bool>,
    /// Host names (optionally `name:port`) the gateway answers; default: the listen address,
    /// localhost, 127.0.0.1 and [::1].
    pub allowed_hosts: Option<Vec<String>>,
    /// Origins (`https://desk.example.com`) that may call `/proxy/` from another origin.
    #[serde(default)]
    pub cors_origins: Vec<String>,
    /// `Strict-Transport-Security: max-age=<n>` on every answer (only behind TLS).
    pub hsts_max_age_secs: Option<u64>,
    #[serde(default)]
    pub limits: LimitsFile,
    #[serde(default)]
    pub backends: BTreeMap<String, toml::Table>,
}

/// Checked, ready-to-use configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: String,
    pub dist: PathBuf,
    pub upstream_timeout: Duration,
    pub max_body_bytes: usize,
    pub use_env_proxy: bool,
    /// Configured host names; `None` means the defaults for the listen address.
    pub allowed_hosts: Option<Vec<String>>,
    /// Normalised origins (`scheme://host[:port]`, lower case).
    pub cors_origins: Vec<String>,
    pub hsts_max_age: Option<Duration>,
    pub limits: Limits,
    /// The back-end instances, sorted by id.
    pub backends: Vec<Instance>,
}

impl Config {
    /// Defaults and no back-ends (what an empty file gives).
    pub fn with_backends(backends: Vec<Instance>) -> Self {
        Self {
            listen: DEFAULT_LISTEN.to_string(),
            dist: PathBuf::from(DEFAULT_DIST),
            upstream_timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECS),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            use_env_proxy: true,
            allowed_hosts: None,
            cors_origins: Vec::new(),
            hsts_max_age: None,
            limits: Limits::default(),
            backends,
        }
    }

    pub fn instance(&self, id: &str) -> Option<&Instance> {
        self.backends.iter().find(|instance| instance.id == id)
    }
}

/// One back-end instance: proxied at `/proxy/<id>/`, configured by its kind's settings.
#[derive(Debug, Clone)]
pub struct Instance {
    pub id: String,
    pub settings: Arc<dyn Settings>,
}

impl Instance {
    pub fn kind(&self) -> Kind {
        self.settings.kind()
    }

    /// The settings as their kind's own type (`ItsmConfig`, ...), if they are of that type.
    pub fn settings_as<T: Settings>(&self) -> Option<&T> {
        let settings: &dyn std::any::Any = self.settings.as_ref();
        settings.downcast_ref()
    }
}

/// Reads and resolves a config file, taking secrets from the process environment.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, &text, &|name| std::env::var(name).ok())
}

/// Parses and resolves config text; `env` looks environment variables up (tests pass a map).
pub fn parse(path: &Path, text: &str, env: Env<'_>) -> Result<Config, ConfigError> {
    let parse_error = |message: String| ConfigError::Parse {
        path: path.to_path_buf(),
        message,
    };
    let mut table: toml::Table =
        toml::from_str(text).map_err(|error| parse_error(error.to_string()))?;
    // A legacy `[itsm]` section is the instance `itsm` of kind itsm.
    let legacy: Vec<(Kind, toml::Value)> = Kind::ALL
        .into_iter()
        .filter_map(|kind| table.remove(kind.as_str()).map(|section| (kind, section)))
        .collect();
    let file: FileConfig = toml::Value::Table(table)
        .try_into()
        .map_err(|error: toml::de::Error| parse_error(error.message().trim().to_string()))?;
    let top = Section::new(path, env, String::new());
    let mut backends = Vec::new();
    for (kind, section) in legacy {
        let id = kind.as_str();
        let at = Section::new(path, env, id.to_string());
        let toml::Value::Table(section) = section else {
            return Err(at.invalid_here(format!("must be a table: [{id}]")));
        };
        if file.backends.contains_key(id) {
            return Err(top.invalid(
                &format!("backends.{id}"),
                format!("is also defined by the section [{id}]; keep one of them"),
            ));
        }
        backends.push(instance(id, kind, section, &at)?);
    }
    for (id, mut section) in file.backends.clone() {
        let at = Section::new(path, env, format!("backends.{id}"));
        if let Some(problem) = vendors::kind::instance_id_problem(&id) {
            return Err(at.invalid_here(format!("is not a valid instance id: it {problem}")));
        }
        let kind = match section.remove("kind") {
            None => Err(format!("is required: one of {}", Kind::names())),
            Some(toml::Value::String(name)) => Kind::deserialize(toml::Value::String(name.clone()))
                .map_err(|_: toml::de::Error| {
                    format!("must be one of {}, got {name:?}", Kind::names())
                }),
            Some(other) => Err(format!("must be one of {}, got {other}", Kind::names())),
        }
        .map_err(|problem| at.invalid("kind", problem))?;
        backends.push(instance(&id, kind, section, &at)?);
    }
    backends.sort_by(|a, b| a.id.cmp(&b.id));
    resolve_top(file, &top, backends)
}

fn instance(
    id: &str,
    kind: Kind,
    section: toml::Table,
    at: &Section<'_>,
) -> Result<Instance, ConfigError> {
    Ok(Instance {
        id: id.to_string(),
        settings: kinds::module(kind).settings(section, at)?,
    })
}

fn resolve_top(
    file: FileConfig,
    top: &Section<'_>,
    backends: Vec<Instance>,
) -> Result<Config, ConfigError> {
    let listen = file.listen.unwrap_or_else(|| DEFAULT_LISTEN.to_string());
    if listen.parse::<std::net::SocketAddr>().is_err() {
        return Err(top.invalid(
            "listen",
            format!("must be an address like {DEFAULT_LISTEN}, got {listen:?}"),
        ));
    }
    let timeout = file.upstream_timeout_secs.unwrap_or(DEFAULT_TIMEOUT_SECS);
    if timeout == 0 {
        return Err(top.invalid("upstream_timeout_secs", "must be at least 1".into()));
    }
    let allowed_hosts = match file.allowed_hosts {
        Some(hosts) if hosts.iter().any(|host| !crate::guard::is_host(host)) => {
            return Err(top.invalid(
                "allowed_hosts",
                format!("must list host names such as \"desk.example.com\" or \"desk.example.com:8443\", got {hosts:?}"),
            ))
        }
        hosts => hosts.map(|hosts| hosts.iter().map(|h| h.to_ascii_lowercase()).collect()),
    };
    let cors_origins = file
        .cors_origins
        .iter()
        .map(|origin| {
            crate::guard::normalise_origin(origin).ok_or_else(|| {
                top.invalid(
                    "cors_origins",
                    format!("must list origins such as \"https://desk.example.com\" (scheme, host, optional port, no path), got {origin:?}"),
                )
            })
        })
        .collect::<Result<_, _>>()?;
    if file.hsts_max_age_secs == Some(0) {
        return Err(top.invalid(
            "hsts_max_age_secs",
            "must be at least 1 (leave it out to send no HSTS header)".into(),
        ));
    }
    let limits = Limits::resolve(file.limits, &top.child("limits"))?;
    Ok(Config {
        listen,
        dist: file.dist.unwrap_or_else(|| PathBuf::from(DEFAULT_DIST)),
        upstream_timeout: Duration::from_secs(timeout),
        max_body_bytes: file.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES),
        use_env_proxy: file.use_env_proxy.unwrap_or(true),
        allowed_hosts,
        cors_origins,
        hsts_max_age: file.hsts_max_age_secs.map(Duration::from_secs),
        limits,
        backends,
    })
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "config_instances_tests.rs"]
mod instances_tests;
