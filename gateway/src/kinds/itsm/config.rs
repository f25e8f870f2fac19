//! The ITSM section: upstream, app code, the variable holding the app secret, and where the
//! BlueKing user comes from.

use serde::Deserialize;

use crate::secret::Secret;
use crate::section::{ConfigError, Section};

/// The section as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItsmFile {
    pub upstream: String,
    pub app_code: String,
    pub app_secret_env: String,
    /// Read as [`UserFile`].
    pub user: toml::Table,
}

/// `user = { from = "cookie" [, fallback = "admin"] }`, `{ from = "header", name = "..." }`
/// or `{ fixed = "admin" }`. Read in two steps (which form, then that form's keys) so an error
/// names the key at fault rather than "did not match any variant".
#[derive(Debug)]
pub enum UserFile {
    From(FromUser),
    Fixed(FixedUser),
}

const USER_FORMS: &str =
    r#"must be { from = "cookie" }, { from = "header", name = "..." } or { fixed = "..." }"#;

#[derive(Debug, Deserialize)]
#[serde(tag = "from", rename_all = "lowercase", deny_unknown_fields)]
pub enum FromUser {
    Cookie { fallback: Option<String> },
    Header { name: String },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedUser {
    pub fixed: String,
}

impl UserFile {
    fn read(table: toml::Table, at: &Section<'_>) -> Result<Self, ConfigError> {
        let at_user = at.child("user");
        match (table.contains_key("from"), table.contains_key("fixed")) {
            (true, false) => at_user.read(table).map(UserFile::From),
            (false, true) => at_user.read(table).map(UserFile::Fixed),
            (true, true) | (false, false) => Err(at.invalid("user", USER_FORMS.into())),
        }
    }
}

/// Checked ITSM settings.
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

impl ItsmConfig {
    pub fn resolve(file: ItsmFile, at: &Section<'_>) -> Result<Self, ConfigError> {
        Ok(Self {
            upstream: at.url("upstream", &file.upstream)?,
            app_code: at.non_empty("app_code", file.app_code)?,
            app_secret: at.secret("app_secret_env", &file.app_secret_env)?,
            user: user_source(UserFile::read(file.user, at)?, at)?,
        })
    }
}

fn user_source(file: UserFile, at: &Section<'_>) -> Result<UserSource, ConfigError> {
    Ok(match file {
        UserFile::From(FromUser::Cookie { fallback }) => UserSource::Cookie {
            fallback: fallback.filter(|name| !name.trim().is_empty()),
        },
        UserFile::From(FromUser::Header { name }) => UserSource::Header {
            name: axum::http::HeaderName::try_from(name.as_str()).map_err(|_| {
                at.invalid("user.name", format!("{name:?} is not a valid header name"))
            })?,
        },
        UserFile::Fixed(FixedUser { fixed }) => UserSource::Fixed {
            username: at.non_empty("user.fixed", fixed)?,
        },
    })
}
