//! What a kind brings to the gateway: its module ([`KindModule`]) and one instance's resolved
//! settings ([`Settings`]). Every kind implements these; the registry in `kinds/mod.rs` only
//! picks the module, so the kinds never import the registry.

use std::any::Any;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use vendors::Kind;

use crate::proxy::backend::Backend;
use crate::section::{ConfigError, Env, Section};

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

/// `http://<addr>`: where a simulator on loopback is reached.
pub fn loopback_url(addr: SocketAddr) -> reqwest::Url {
    reqwest::Url::parse(&format!("http://{addr}")).expect("loopback URL is valid")
}
