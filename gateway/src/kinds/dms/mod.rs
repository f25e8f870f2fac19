//! Alibaba Cloud DMS: config section, proxy (ACS3 signing), simulator.

pub mod acs3;
pub mod config;
pub mod proxy;
pub mod sim;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use super::contract::{loopback_url, KindModule, Settings};
use crate::proxy::backend::Backend;
use crate::secret::Secret;
use crate::section::{host_header_of, ConfigError, Env, Section};
pub use config::DmsConfig;
use vendors::Kind;

pub struct Dms;

impl KindModule for Dms {
    fn settings(
        &self,
        section: toml::Table,
        at: &Section<'_>,
    ) -> Result<Arc<dyn Settings>, ConfigError> {
        Ok(Arc::new(DmsConfig::resolve(at.read(section)?, at)?))
    }

    fn start_simulator(&self, _env: Env<'_>) -> std::io::Result<(SocketAddr, Arc<dyn Settings>)> {
        let sim = sim::DmsSim::new(sim::ACCESS_KEY_ID, sim::ACCESS_KEY_SECRET);
        let addr = crate::demo::serve::serve_on_loopback(sim::router(Arc::new(Mutex::new(sim))))?;
        let upstream = loopback_url(addr);
        let settings = DmsConfig {
            signing_host: host_header_of(&upstream),
            upstream,
            access_key_id: Secret::new(sim::ACCESS_KEY_ID),
            access_key_secret: Secret::new(sim::ACCESS_KEY_SECRET),
        };
        Ok((addr, Arc::new(settings)))
    }
}

impl Settings for DmsConfig {
    fn kind(&self) -> Kind {
        Kind::Dms
    }

    fn upstream(&self) -> &reqwest::Url {
        &self.upstream
    }

    fn backend(&self, _id: &str, _client: &reqwest::Client) -> Arc<dyn Backend> {
        Arc::new(proxy::DmsBackend::new(self.clone()))
    }
}
