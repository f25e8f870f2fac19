//! `--demo`: three in-memory vendor simulators on loopback ports, and a config pointing the
//! ordinary proxy at them with demo credentials.

pub mod dms;
pub mod itsm;
pub mod zstack;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;

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

/// Where the simulators listen.
#[derive(Debug, Clone, Copy)]
pub struct DemoVendors {
    pub itsm: SocketAddr,
    pub dms: SocketAddr,
    pub zstack: SocketAddr,
}

/// Binds the three simulators on 127.0.0.1 ephemeral ports and serves them in the background.
pub async fn start() -> std::io::Result<DemoVendors> {
    let itsm = itsm::router(Arc::new(Mutex::new(itsm::ItsmSim::new(
        ITSM_APP_CODE,
        ITSM_APP_SECRET,
    ))));
    let dms = dms::router(Arc::new(Mutex::new(dms::DmsSim::new(
        DMS_ACCESS_KEY_ID,
        DMS_ACCESS_KEY_SECRET,
    ))));
    let zstack = zstack::router(Arc::new(Mutex::new(zstack::ZstackSim::new(
        ZSTACK_ACCOUNT,
        ZSTACK_IAM2_USER,
    ))));
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
