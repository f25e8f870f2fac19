//! ZStack: config section, proxy (sessions, job locations), simulator.

pub mod config;
pub mod proxy;
pub mod sim;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use super::contract::{loopback_url, KindModule, Settings};
use crate::proxy::backend::Backend;
use crate::section::{ConfigError, Env, Section};
pub use config::{LoginKind, ZstackConfig, ZstackMode};
use vendors::Kind;

pub struct Zstack;

impl KindModule for Zstack {
    fn settings(
        &self,
        section: toml::Table,
        at: &Section<'_>,
    ) -> Result<Arc<dyn Settings>, ConfigError> {
        Ok(Arc::new(ZstackConfig::resolve(at.read(section)?, at)?))
    }

    /// Pass-through, so the app's own login is exercised.
    fn start_simulator(&self, env: Env<'_>) -> std::io::Result<(SocketAddr, Arc<dyn Settings>)> {
        let options = sim::SimOptions::from_env(env)
            .map_err(|why| std::io::Error::new(std::io::ErrorKind::InvalidInput, why))?;
        let sim = sim::ZstackSim::new(sim::ACCOUNT, sim::IAM2_USER).with_options(options);
        let addr = crate::demo::serve::serve_on_loopback(sim::router(Arc::new(Mutex::new(sim))))?;
        let settings = ZstackConfig {
            upstream: loopback_url(addr),
            mode: ZstackMode::PassThrough,
        };
        Ok((addr, Arc::new(settings)))
    }
}

impl Settings for ZstackConfig {
    fn kind(&self) -> Kind {
        Kind::Zstack
    }

    fn upstream(&self) -> &reqwest::Url {
        &self.upstream
    }

    fn backend(&self, id: &str, client: &reqwest::Client) -> Arc<dyn Backend> {
        Arc::new(proxy::ZstackBackend::new(id, self.clone(), client.clone()))
    }
}
