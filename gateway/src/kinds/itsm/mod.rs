//! BlueKing ITSM: config section, proxy and simulator.

pub mod config;
pub mod proxy;
pub mod sim;

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use super::contract::{loopback_url, KindModule, Settings};
use crate::proxy::backend::Backend;
use crate::secret::Secret;
use crate::section::{ConfigError, Env, Section};
pub use config::{ItsmConfig, UserSource};
use vendors::Kind;

pub struct Itsm;

impl KindModule for Itsm {
    fn settings(
        &self,
        section: toml::Table,
        at: &Section<'_>,
    ) -> Result<Arc<dyn Settings>, ConfigError> {
        Ok(Arc::new(ItsmConfig::resolve(at.read(section)?, at)?))
    }

    fn start_simulator(&self, _env: Env<'_>) -> std::io::Result<(SocketAddr, Arc<dyn Settings>)> {
        let sim = sim::ItsmSim::new(sim::APP_CODE, sim::APP_SECRET);
        let addr = crate::demo::serve::serve_on_loopback(sim::router(Arc::new(RwLock::new(sim))))?;
        let settings = ItsmConfig {
            upstream: loopback_url(addr),
            app_code: sim::APP_CODE.to_string(),
            app_secret: Secret::new(sim::APP_SECRET),
            user: UserSource::Cookie {
                fallback: Some(sim::DEMO_USER.to_string()),
            },
        };
        Ok((addr, Arc::new(settings)))
    }
}

impl Settings for ItsmConfig {
    fn kind(&self) -> Kind {
        Kind::Itsm
    }

    fn upstream(&self) -> &reqwest::Url {
        &self.upstream
    }

    fn backend(&self, _id: &str, _client: &reqwest::Client) -> Arc<dyn Backend> {
        Arc::new(proxy::ItsmBackend::new(self.clone()))
    }
}
