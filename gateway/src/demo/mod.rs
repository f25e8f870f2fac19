//! `--demo`: three in-memory vendor simulators on loopback ports, and a config pointing the
//! ordinary proxy at them with demo credentials.

pub mod dms;
pub mod itsm;
pub mod rng;
pub mod zstack;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::Serialize;

use crate::config::{self, Config, DmsConfig, ItsmConfig, UserSource, ZstackConfig, ZstackMode};
use crate::secret::Secret;

pub const ITSM_APP_CODE: &str = "ticket-desk-demo";
pub const ITSM_APP_SECRET: &str = "demo-itsm-app-secret";
pub const DMS_ACCESS_KEY_ID: &str = "demo-access-key-id";
pub const DMS_ACCESS_KEY_SECRET: &str = "demo-access-key-secret";
/// The ITSM user when no `bk_token` cookie is present.
pub const ITSM_DEMO_USER: &str = "admin";
/// ZStack demo logins (the password travels as its SHA-512 hex).
pub const ZSTACK_ACCOUNT: (&str, &str) = ("admin", "password");
pub const ZSTACK_IAM2_USER: (&str, &str) = ("demo", "password");

/// Every N-th ZStack CreateTicket answers 202 + an API job (1: all, 0: none; default 2).
pub const ENV_ZSTACK_ASYNC_EVERY: &str = "TICKET_DESK_DEMO_ZSTACK_ASYNC_EVERY";
/// Lifetime of a ZStack demo session in seconds (default 7200).
pub const ENV_ZSTACK_SESSION_SECS: &str = "TICKET_DESK_DEMO_ZSTACK_SESSION_SECS";

/// The simulators' knobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    pub zstack_async_every: u32,
    pub zstack_session_lifetime: Duration,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            zstack_async_every: zstack::DEFAULT_ASYNC_EVERY,
            zstack_session_lifetime: zstack::DEFAULT_SESSION_LIFETIME,
        }
    }
}

impl DemoOptions {
    /// The defaults, overridden by [`ENV_ZSTACK_ASYNC_EVERY`] and [`ENV_ZSTACK_SESSION_SECS`].
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let number = |name: &str| -> Result<Option<u64>, String> {
            env(name)
                .map(|text| {
                    text.trim()
                        .parse::<u64>()
                        .map_err(|_| format!("{name}={text:?} is not a whole number >= 0"))
                })
                .transpose()
        };
        let mut options = Self::default();
        if let Some(every) = number(ENV_ZSTACK_ASYNC_EVERY)? {
            options.zstack_async_every = u32::try_from(every)
                .map_err(|_| format!("{ENV_ZSTACK_ASYNC_EVERY}={every} is too large"))?;
        }
        match number(ENV_ZSTACK_SESSION_SECS)? {
            Some(0) => return Err(format!("{ENV_ZSTACK_SESSION_SECS} must be at least 1")),
            Some(secs) => options.zstack_session_lifetime = Duration::from_secs(secs),
            None => {}
        }
        Ok(options)
    }
}

/// Where the simulators listen.
#[derive(Debug, Clone, Copy)]
pub struct DemoVendors {
    pub itsm: SocketAddr,
    pub dms: SocketAddr,
    pub zstack: SocketAddr,
}

/// Starts the simulators with the options of the environment (see [`DemoOptions::from_env`]).
pub async fn start() -> std::io::Result<DemoVendors> {
    let options = DemoOptions::from_env(|name| std::env::var(name).ok())
        .map_err(|why| std::io::Error::new(std::io::ErrorKind::InvalidInput, why))?;
    start_with(options).await
}

/// Binds the three simulators on 127.0.0.1 ephemeral ports and serves them in the background.
pub async fn start_with(options: DemoOptions) -> std::io::Result<DemoVendors> {
    let itsm = itsm::router(Arc::new(RwLock::new(itsm::ItsmSim::new(
        ITSM_APP_CODE,
        ITSM_APP_SECRET,
    ))));
    let dms = dms::router(Arc::new(Mutex::new(dms::DmsSim::new(
        DMS_ACCESS_KEY_ID,
        DMS_ACCESS_KEY_SECRET,
    ))));
    let zstack = zstack::router(Arc::new(Mutex::new(
        zstack::ZstackSim::new(ZSTACK_ACCOUNT, ZSTACK_IAM2_USER)
            .with_async_every(options.zstack_async_every)
            .with_session_lifetime(options.zstack_session_lifetime),
    )));
    Ok(DemoVendors {
        itsm: spawn_on_loopback(itsm).await?,
        dms: spawn_on_loopback(dms).await?,
        zstack: spawn_on_loopback(zstack).await?,
    })
}

/// Serves a router on 127.0.0.1 with an ephemeral port until the process ends.
pub async fn spawn_on_loopback(router: Router) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            tracing::error!(%error, "demo vendor stopped");
        }
    });
    Ok(addr)
}

impl DemoVendors {
    /// The built-in demo config: every back-end enabled, demo credentials, ZStack pass-through
    /// so the app's own login is exercised.
    pub fn config(&self) -> Config {
        let url = |addr: SocketAddr| {
            reqwest::Url::parse(&format!("http://{addr}")).expect("loopback URL is valid")
        };
        let dms_url = url(self.dms);
        Config {
            listen: config::DEFAULT_LISTEN.to_string(),
            dist: PathBuf::from(config::DEFAULT_DIST),
            upstream_timeout: Duration::from_secs(config::DEFAULT_TIMEOUT_SECS),
            max_body_bytes: config::DEFAULT_MAX_BODY_BYTES,
            use_env_proxy: false,
            itsm: Some(ItsmConfig {
                upstream: url(self.itsm),
                app_code: ITSM_APP_CODE.to_string(),
                app_secret: Secret::new(ITSM_APP_SECRET),
                user: UserSource::Cookie {
                    fallback: Some(ITSM_DEMO_USER.to_string()),
                },
            }),
            dms: Some(DmsConfig {
                signing_host: config::host_header_of(&dms_url),
                upstream: dms_url,
                access_key_id: Secret::new(DMS_ACCESS_KEY_ID),
                access_key_secret: Secret::new(DMS_ACCESS_KEY_SECRET),
            }),
            zstack: Some(ZstackConfig {
                upstream: url(self.zstack),
                mode: ZstackMode::PassThrough,
            }),
        }
    }
}

/// A random request id in the upper-case dashed form Alibaba uses.
pub fn request_id() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string().to_uppercase()
}

/// A JSON answer serialized straight from borrowed data, without building a `Value` tree:
/// a 10,000-ticket page stays one pass.
pub(crate) fn json_response<T: Serialize>(body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(error) => (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot encode the answer: {error}"),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_come_from_the_environment() {
        let none = |_: &str| None;
        assert_eq!(DemoOptions::from_env(none).unwrap(), DemoOptions::default());
        let env = |name: &str| match name {
            ENV_ZSTACK_ASYNC_EVERY => Some("0".to_string()),
            ENV_ZSTACK_SESSION_SECS => Some("5".to_string()),
            _ => None,
        };
        let options = DemoOptions::from_env(env).unwrap();
        assert_eq!(options.zstack_async_every, 0);
        assert_eq!(options.zstack_session_lifetime, Duration::from_secs(5));
        let bad = |name: &str| (name == ENV_ZSTACK_ASYNC_EVERY).then(|| "half".to_string());
        assert!(DemoOptions::from_env(bad)
            .unwrap_err()
            .contains(ENV_ZSTACK_ASYNC_EVERY));
        let zero = |name: &str| (name == ENV_ZSTACK_SESSION_SECS).then(|| "0".to_string());
        assert!(DemoOptions::from_env(zero).is_err());
    }
}
