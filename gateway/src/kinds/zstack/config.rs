//! The ZStack section: upstream and `mode`, either the browser's own session or a service
//! account the gateway logs in.

use std::time::Duration;

use serde::Deserialize;

use crate::secret::Secret;
use crate::section::{ConfigError, Section};

pub const DEFAULT_SESSION_MAX_AGE_SECS: u64 = 1800;

/// The section as written: `mode` says which keys belong.
#[derive(Debug, Deserialize)]
#[serde(tag = "mode", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ZstackFile {
    PassThrough {
        upstream: String,
    },
    ServiceAccount {
        upstream: String,
        account_name: String,
        password_env: String,
        #[serde(default)]
        login: LoginKind,
        session_max_age_secs: Option<u64>,
    },
}

/// Which login call the service account uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoginKind {
    /// `accounts/login`.
    #[default]
    Account,
    /// `iam2/virtual-ids/login`.
    Iam2,
}

/// Checked ZStack settings.
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

impl ZstackConfig {
    pub fn resolve(file: ZstackFile, at: &Section<'_>) -> Result<Self, ConfigError> {
        match file {
            ZstackFile::PassThrough { upstream } => Ok(Self {
                upstream: at.url("upstream", &upstream)?,
                mode: ZstackMode::PassThrough,
            }),
            ZstackFile::ServiceAccount {
                upstream,
                account_name,
                password_env,
                login,
                session_max_age_secs,
            } => Ok(Self {
                upstream: at.url("upstream", &upstream)?,
                mode: ZstackMode::ServiceAccount {
                    login,
                    account_name: at.non_empty("account_name", account_name)?,
                    password: at.secret("password_env", &password_env)?,
                    session_max_age: Duration::from_secs(
                        session_max_age_secs
                            .unwrap_or(DEFAULT_SESSION_MAX_AGE_SECS)
                            .max(1),
                    ),
                },
            }),
        }
    }
}
