//! `--demo`: one simulator of each kind on a loopback port, and a config pointing the ordinary
//! proxy at them with demo credentials. Each instance's id is its kind's name (`/proxy/itsm`,
//! `/proxy/dms`, `/proxy/zstack`), which the app's `public/config.json` and the e2e tests use.

pub mod recent;
pub mod rng;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::Serialize;
use vendors::Kind;

use crate::config::{Config, Env, Instance};
use crate::kinds::{self, Settings};

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

/// Serves a router on 127.0.0.1 with an ephemeral port until the process ends. Needs a Tokio
/// runtime.
pub fn serve_on_loopback(router: Router) -> std::io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            tracing::error!(%error, "demo vendor stopped");
        }
    });
    Ok(addr)
}

/// [`serve_on_loopback`] for async callers (tests' stub upstreams).
pub async fn spawn_on_loopback(router: Router) -> std::io::Result<SocketAddr> {
    serve_on_loopback(router)
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
