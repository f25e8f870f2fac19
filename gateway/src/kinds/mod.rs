//! The registry of back-end kinds: the one place that lists them. Each kind's module owns its
//! config section, its proxy ([`Backend`]) and its demo simulator; the shared layers
//! ([`crate::config`], [`crate::proxy`], [`crate::demo`]) reach a kind only through
//! [`module`].

pub mod dms;
pub mod itsm;
pub mod zstack;

use std::any::Any;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use vendors::Kind;

use crate::config::{ConfigError, Env, Section};
use crate::proxy::Backend;

/// What a kind brings to the gateway.
pub trait KindModule: Sync {
    /// Resolves one instance's TOML section (`[backends.<id>]` without `kind`, or a legacy
    /// `[itsm]`), reading its secrets from the environment.
    fn settings(
        &self,
        section: toml::Table,
        at: &Section<'_>,
    ) -> Result<Arc<dyn Settings>, ConfigError>;

    /// Starts the kind's simulator on a loopback port (knobs from `env`) and returns where it
    /// listens and the settings that point an instance at it. Needs a Tokio runtime.
    fn start_simulator(&self, env: Env<'_>) -> std::io::Result<(SocketAddr, Arc<dyn Settings>)>;
}

/// One instance's resolved settings.
pub trait Settings: fmt::Debug + Send + Sync + Any {
    fn kind(&self) -> Kind;

    /// The vendor's base URL that `/proxy/<id>/<vendor path>` forwards to.
    fn upstream(&self) -> &reqwest::Url;

    /// The proxy for the instance `id` (served at `/proxy/<id>/`). Per-instance state, such as
    /// a service session, lives in the returned value.
    fn backend(&self, id: &str, client: &reqwest::Client) -> Arc<dyn Backend>;
}

/// The kind's module. Adding a kind: one module folder and one arm here.
pub fn module(kind: Kind) -> &'static dyn KindModule {
    match kind {
        Kind::Itsm => &itsm::Itsm,
        Kind::Dms => &dms::Dms,
        Kind::Zstack => &zstack::Zstack,
    }
}

/// `http://<addr>`: where a simulator on loopback is reached.
pub fn loopback_url(addr: SocketAddr) -> reqwest::Url {
    reqwest::Url::parse(&format!("http://{addr}")).expect("loopback URL is valid")
}
