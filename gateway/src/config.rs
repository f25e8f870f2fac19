//! The TOML config file, and its resolution into a checked [`Config`] with secrets read from
//! the environment variables it names. Every error names the file, key or variable at fault.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::secret::Secret;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DEFAULT_DIST: &str = "dist";
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
pub const DEFAULT_SESSION_MAX_AGE_SECS: u64 = 1800;

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

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub dist: Option<PathBuf>,
    pub upstream_timeout_secs: Option<u64>,
    pub max_body_bytes: Option<usize>,
    /// Honour HTTP(S)_PROXY / NO_PROXY for upstream calls (default true).
    pub use_env_proxy: Option<bool>,
    pub itsm: Option<ItsmFile>,
    pub dms: Option<DmsFile>,
    pub zstack: Option<ZstackFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItsmFile {
    pub upstream: String,
    pub app_code: String,
    pub app_secret_env: String,
    pub user: UserFile,
}

/// `{ from = "cookie" [, fallback = "admin"] }`, `{ from = "header", name = "X-Remote-User" }`
/// or `{ fixed = "admin" }`; checked by hand so errors can say which form was meant.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserFile {
    pub from: Option<String>,
    pub name: Option<String>,
    pub fixed: Option<String>,
    pub fallback: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DmsFile {
    pub upstream: String,
    pub access_key_id_env: String,
    pub access_key_secret_env: String,
    pub signing_host: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZstackFile {
    pub upstream: String,
    pub mode: String,
    pub account_name: Option<String>,
    pub password_env: Option<String>,
    /// "account" (accounts/login, default) or "iam2" (iam2/virtual-ids/login).
    pub login: Option<String>,
    pub session_max_age_secs: Option<u64>,
}

/// Checked, ready-to-use configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: String,
    pub dist: PathBuf,
    pub upstream_timeout: Duration,
    pub max_body_bytes: usize,
    pub use_env_proxy: bool,
    pub itsm: Option<ItsmConfig>,
    pub dms: Option<DmsConfig>,
    pub zstack: Option<ZstackConfig>,
}

#[derive(Debug, Clone)]
pub struct ItsmConfig {
    pub upstream: reqwest::Url,
    pub app_code: String,
    pub app_secret: Secret,
    pub user: UserSource,
}

/// Where the BlueKing user identity comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserSource {
    /// The `bk_token` login cookie, sent upstream as `bk_token`; `fallback` is a `bk_username`
    /// used when the cookie is absent (demo).
    Cookie { fallback: Option<String> },
    /// A header set by a trusted authenticating proxy, sent upstream as `bk_username`.
    Header { name: axum::http::HeaderName },
    /// One `bk_username` for everyone (an app on BlueKing's login-exempt whitelist).
    Fixed { username: String },
}

#[derive(Debug, Clone)]
pub struct DmsConfig {
    pub upstream: reqwest::Url,
    pub access_key_id: Secret,
    pub access_key_secret: Secret,
    pub signing_host: String,
}

#[derive(Debug, Clone)]
pub struct ZstackConfig {
    pub upstream: reqwest::Url,
    pub mode: ZstackMode,
}

#[derive(Debug, Clone)]
pub enum ZstackMode {
    /// Forward the browser's own `Authorization: OAuth <session>`.
    PassThrough,
    /// Log in as one account and renew its session as needed.
    ServiceAccount {
        login: LoginKind,
        account_name: String,
        password: Secret,
        session_max_age: Duration,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginKind {
    Account,
    Iam2,
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
pub fn parse(
    path: &Path,
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Config, ConfigError> {
    let file: FileConfig = toml::from_str(text).map_err(|error| ConfigError::Parse {
        path: path.to_path_buf(),
        message: error.to_string(),
    })?;
    Resolver { path, env }.resolve(file)
}

struct Resolver<'a> {
    path: &'a Path,
    env: &'a dyn Fn(&str) -> Option<String>,
}

impl Resolver<'_> {
    fn resolve(&self, file: FileConfig) -> Result<Config, ConfigError> {
        let listen = file.listen.unwrap_or_else(|| DEFAULT_LISTEN.to_string());
        if listen.parse::<std::net::SocketAddr>().is_err() {
            return Err(self.invalid(
                "listen",
                format!("must be an address like {DEFAULT_LISTEN}, got {listen:?}"),
            ));
        }
        let timeout = file.upstream_timeout_secs.unwrap_or(DEFAULT_TIMEOUT_SECS);
        if timeout == 0 {
            return Err(self.invalid("upstream_timeout_secs", "must be at least 1".into()));
        }
        Ok(Config {
            listen,
            dist: file.dist.unwrap_or_else(|| PathBuf::from(DEFAULT_DIST)),
            upstream_timeout: Duration::from_secs(timeout),
            max_body_bytes: file.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES),
            use_env_proxy: file.use_env_proxy.unwrap_or(true),
            itsm: file.itsm.map(|itsm| self.itsm(itsm)).transpose()?,
            dms: file.dms.map(|dms| self.dms(dms)).transpose()?,
            zstack: file.zstack.map(|zstack| self.zstack(zstack)).transpose()?,
        })
    }

    fn itsm(&self, file: ItsmFile) -> Result<ItsmConfig, ConfigError> {
        if file.app_code.trim().is_empty() {
            return Err(self.invalid("itsm.app_code", "must not be empty".into()));
        }
        Ok(ItsmConfig {
            upstream: self.url("itsm.upstream", &file.upstream)?,
            app_code: file.app_code,
            app_secret: self.secret("itsm.app_secret_env", &file.app_secret_env)?,
            user: self.user(file.user)?,
        })
    }

    fn user(&self, file: UserFile) -> Result<UserSource, ConfigError> {
        let forms = r#"must be { from = "cookie" }, { from = "header", name = "..." } or { fixed = "..." }"#;
        match (file.from.as_deref(), file.name, file.fixed, file.fallback) {
            (Some("cookie"), None, None, fallback) => Ok(UserSource::Cookie {
                fallback: fallback.filter(|name| !name.trim().is_empty()),
            }),
            (Some("header"), Some(name), None, None) => {
                let name = axum::http::HeaderName::try_from(name.as_str()).map_err(|_| {
                    self.invalid(
                        "itsm.user.name",
                        format!("{name:?} is not a valid header name"),
                    )
                })?;
                Ok(UserSource::Header { name })
            }
            (Some("header"), None, None, None) => Err(self.invalid(
                "itsm.user.name",
                "is required with from = \"header\" (e.g. \"X-Remote-User\")".into(),
            )),
            (None, None, Some(username), None) if !username.trim().is_empty() => {
                Ok(UserSource::Fixed { username })
            }
            (None, None, Some(_), None) => {
                Err(self.invalid("itsm.user.fixed", "must not be empty".into()))
            }
            (Some(other), _, _, _) if other != "cookie" && other != "header" => Err(self.invalid(
                "itsm.user.from",
                format!("must be \"cookie\" or \"header\", got {other:?}"),
            )),
            _ => Err(self.invalid("itsm.user", forms.into())),
        }
    }

    fn dms(&self, file: DmsFile) -> Result<DmsConfig, ConfigError> {
        let upstream = self.url("dms.upstream", &file.upstream)?;
        let signing_host = match file.signing_host {
            Some(host) if host.trim().is_empty() => {
                return Err(self.invalid("dms.signing_host", "must not be empty".into()))
            }
            Some(host) => host,
            None => host_header_of(&upstream),
        };
        Ok(DmsConfig {
            access_key_id: self.secret("dms.access_key_id_env", &file.access_key_id_env)?,
            access_key_secret: self
                .secret("dms.access_key_secret_env", &file.access_key_secret_env)?,
            upstream,
            signing_host,
        })
    }

    fn zstack(&self, file: ZstackFile) -> Result<ZstackConfig, ConfigError> {
        let upstream = self.url("zstack.upstream", &file.upstream)?;
        let mode = match file.mode.as_str() {
            "pass-through" => ZstackMode::PassThrough,
            "service-account" => {
                let account_name = file
                    .account_name
                    .filter(|name| !name.trim().is_empty())
                    .ok_or_else(|| {
                        self.invalid(
                            "zstack.account_name",
                            "is required with mode = \"service-account\"".into(),
                        )
                    })?;
                let password_env = file.password_env.ok_or_else(|| {
                    self.invalid(
                        "zstack.password_env",
                        "is required with mode = \"service-account\"".into(),
                    )
                })?;
                let login = match file.login.as_deref() {
                    None | Some("account") => LoginKind::Account,
                    Some("iam2") => LoginKind::Iam2,
                    Some(other) => {
                        return Err(self.invalid(
                            "zstack.login",
                            format!("must be \"account\" or \"iam2\", got {other:?}"),
                        ))
                    }
                };
                ZstackMode::ServiceAccount {
                    login,
                    account_name,
                    password: self.secret("zstack.password_env", &password_env)?,
                    session_max_age: Duration::from_secs(
                        file.session_max_age_secs
                            .unwrap_or(DEFAULT_SESSION_MAX_AGE_SECS)
                            .max(1),
                    ),
                }
            }
            other => {
                return Err(self.invalid(
                    "zstack.mode",
                    format!("must be \"pass-through\" or \"service-account\", got {other:?}"),
                ))
            }
        };
        Ok(ZstackConfig { upstream, mode })
    }

    fn url(&self, key: &str, text: &str) -> Result<reqwest::Url, ConfigError> {
        let url = reqwest::Url::parse(text)
            .map_err(|error| self.invalid(key, format!("is not a URL ({error}): {text:?}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(self.invalid(
                key,
                format!("must be an http(s) URL with a host, got {text:?}"),
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(self.invalid(
                key,
                format!("must not have a query or fragment, got {text:?}"),
            ));
        }
        Ok(url)
    }

    fn secret(&self, key: &str, var: &str) -> Result<Secret, ConfigError> {
        if var.trim().is_empty() {
            return Err(self.invalid(key, "must name an environment variable".into()));
        }
        match (self.env)(var) {
            Some(value) if !value.is_empty() => Ok(Secret::new(value)),
            _ => Err(ConfigError::MissingEnv {
                path: self.path.to_path_buf(),
                key: key.to_string(),
                var: var.to_string(),
            }),
        }
    }

    fn invalid(&self, key: &str, problem: String) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.to_path_buf(),
            key: key.to_string(),
            problem,
        }
    }
}

/// The `host` header value for a URL: host, plus the port when it is not the default.
pub fn host_header_of(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
