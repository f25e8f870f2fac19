//! Start-up: resolve the config (file or demo), check the dist folder, bind, serve until
//! Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;

use crate::cli::Cli;
use crate::config::{self, Config, ConfigError};
use crate::proxy::ProxyState;
use crate::static_files::{self, Site, StaticError};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("no config: pass --config PATH (see gateway/ticket-gateway.example.toml) or --demo")]
    NoConfig,
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Static(#[from] StaticError),
    #[error("listen address {0:?} is not an address like 127.0.0.1:8080")]
    BadListen(String),
    #[error("environment variable PORT={0:?} is not a port number")]
    BadPort(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start the demo vendors: {0}")]
    Demo(std::io::Error),
    #[error("cannot build the HTTP client: {0}")]
    Client(reqwest::Error),
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

/// Applies the command line and `PORT` on top of a config.
pub fn apply_overrides(
    mut config: Config,
    cli: &Cli,
    port: Option<String>,
) -> Result<(Config, SocketAddr), StartError> {
    if let Some(listen) = &cli.listen {
        config.listen = listen.clone();
    }
    if let Some(dist) = &cli.dist {
        config.dist = dist.clone();
    }
    let mut addr: SocketAddr = config
        .listen
        .parse()
        .map_err(|_| StartError::BadListen(config.listen.clone()))?;
    if let Some(port) = port {
        addr.set_port(port.trim().parse().map_err(|_| StartError::BadPort(port))?);
    }
    Ok((config, addr))
}

/// The whole app: proxy routes, static files for everything else, security headers on all.
pub fn app(config: &Config, site: &Site) -> Result<Router, StartError> {
    let proxy = ProxyState::new(config).map_err(StartError::Client)?;
    tracing::info!(backends = ?proxy.backend_ids(), "proxy enabled");
    let router = proxy.router().fallback_service(site.router());
    Ok(static_files::with_security_headers(router, &site.csp))
}

pub async fn run(cli: Cli) -> Result<(), StartError> {
    let config = if cli.demo {
        let vendors = crate::demo::start().await.map_err(StartError::Demo)?;
        for simulator in &vendors.simulators {
            tracing::info!(kind = %simulator.kind, addr = %simulator.addr, "demo vendor listening");
        }
        vendors.config()
    } else {
        let path: &PathBuf = cli.config.as_ref().ok_or(StartError::NoConfig)?;
        config::load(path)?
    };
    let (config, addr) = apply_overrides(config, &cli, std::env::var("PORT").ok())?;
    let site = Site::load(&config.dist)?;
    let router = app(&config, &site)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })?;
    let local = listener.local_addr().map_err(StartError::Serve)?;
    tracing::info!(dist = %config.dist.display(), "serving http://{local}/");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartError::Serve)?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn port_overrides_the_listen_port() {
        let cli = Cli::parse_from(["ticket-gateway", "--listen", "0.0.0.0:1"]);
        let config = config::parse(std::path::Path::new("x"), "", &|_| None).unwrap();
        let (_, addr) = apply_overrides(config.clone(), &cli, Some("9999".into())).unwrap();
        assert_eq!(addr.to_string(), "0.0.0.0:9999");
        let err = apply_overrides(config, &cli, Some("http".into())).unwrap_err();
        assert!(err.to_string().contains("PORT"));
    }

    #[test]
    fn demo_and_config_conflict() {
        assert!(Cli::try_parse_from(["ticket-gateway", "--demo", "--config", "x"]).is_err());
    }
}
