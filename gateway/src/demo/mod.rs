//! `--demo`: one simulator of each kind on a loopback port, and a config pointing the ordinary
//! proxy at them with demo credentials. Each instance's id is its kind's name (`/proxy/itsm`,
//! `/proxy/dms`, `/proxy/zstack`), which the app's `public/config.json` and the e2e tests use.

pub mod recent;
pub mod rng;
pub mod serve;

pub use serve::{json_response, serve_on_loopback};

use std::net::SocketAddr;
use std::sync::Arc;

use vendors::Kind;

use crate::config::{Config, Env, Instance};
use crate::kinds::{self, contract::Settings};

/// The running simulators, one per kind.
#[derive(Debug, Clone)]
pub struct DemoVendors {
    pub simulators: Vec<Simulator>,
}

#[derive(Debug, Clone)]
pub struct Simulator {
    pub kind: Kind,
    pub addr: SocketAddr,
    pub settings: Arc<dyn Settings>,
}

/// Starts the simulators with the knobs of the process environment.
pub async fn start() -> std::io::Result<DemoVendors> {
    start_with(&|name| std::env::var(name).ok()).await
}

/// Binds one simulator of each kind on 127.0.0.1 ephemeral ports and serves them in the
/// background; each reads its knobs from `env`.
pub async fn start_with(env: Env<'_>) -> std::io::Result<DemoVendors> {
    let simulators = Kind::ALL
        .into_iter()
        .map(|kind| {
            let (addr, settings) = kinds::module(kind).start_simulator(env)?;
            Ok(Simulator {
                kind,
                addr,
                settings,
            })
        })
        .collect::<std::io::Result<_>>()?;
    Ok(DemoVendors { simulators })
}

impl DemoVendors {
    /// Where the simulator of `kind` listens.
    pub fn addr(&self, kind: Kind) -> SocketAddr {
        self.simulators
            .iter()
            .find(|simulator| simulator.kind == kind)
            .map(|simulator| simulator.addr)
            .expect("the demo runs one simulator of every kind")
    }

    /// The built-in demo config: one instance per kind, named after it, with demo credentials.
    pub fn config(&self) -> Config {
        let backends = self
            .simulators
            .iter()
            .map(|simulator| Instance {
                id: simulator.kind.as_str().to_string(),
                settings: simulator.settings.clone(),
            })
            .collect();
        Config {
            use_env_proxy: false,
            ..Config::with_backends(backends)
        }
    }
}
