//! The DMS section: upstream, the variables holding the AccessKey, the host to sign for.

use serde::Deserialize;

use crate::secret::Secret;
use crate::section::{host_header_of, ConfigError, Section};

/// The section as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DmsFile {
    pub upstream: String,
    pub access_key_id_env: String,
    pub access_key_secret_env: String,
    pub signing_host: Option<String>,
}

/// Checked DMS settings.
#[derive(Debug, Clone)]
pub struct DmsConfig {
    pub upstream: reqwest::Url,
    pub access_key_id: Secret,
    pub access_key_secret: Secret,
    pub signing_host: String,
}

impl DmsConfig {
    pub fn resolve(file: DmsFile, at: &Section<'_>) -> Result<Self, ConfigError> {
        let upstream = at.url("upstream", &file.upstream)?;
        let signing_host = match file.signing_host {
            Some(host) => at.non_empty("signing_host", host)?,
            None => host_header_of(&upstream),
        };
        Ok(Self {
            access_key_id: at.secret("access_key_id_env", &file.access_key_id_env)?,
            access_key_secret: at.secret("access_key_secret_env", &file.access_key_secret_env)?,
            upstream,
            signing_host,
        })
    }
}
