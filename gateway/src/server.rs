//! Start-up: resolve the config (file or demo), check the dist folder, bind, serve until
//! Ctrl-C or SIGTERM.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::from_fn_with_state;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::cli::Cli;
use crate::config::{self, Config, ConfigError};
use crate::guard;
use crate::limits::{self, Limits};
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
    // The default allowed hosts follow the address actually listened on.
    config.listen = addr.to_string();
    Ok((config, addr))
}

/// The whole app: operator endpoints, proxy routes, static files for everything else.
pub fn app(config: &Config, site: &Site) -> Result<Router, StartError> {
    let proxy = ProxyState::new(config).map_err(StartError::Client)?;
    tracing::info!(backends = ?proxy.backend_ids(), "proxy enabled");
    let guard = proxy.guard().clone();
    let health = proxy.health().clone();
    let served = proxy.router().fallback_service(site.router());
    let checked = served
        .merge(health.metrics())
        .layer(from_fn_with_state(guard, guard::check_host));
    // `/healthz` and `/readyz` answer whatever the Host: probes address the gateway by IP.
    Ok(with_layers(health.probes().merge(checked), config, site))
}

/// The layers every route shares, innermost first. Kept in one place so further layers
/// (e.g. compression) have one spot to go.
fn with_layers(router: Router, config: &Config, site: &Site) -> Router {
    let router = static_files::with_security_headers(router, &site.csp);
    let router = match config.hsts_max_age {
        Some(max_age) => router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_str(&format!("max-age={}", max_age.as_secs()))
                .expect("a number is a valid header value"),
        )),
        None => router,
    };
    let router = limits::with_concurrency_limit(router, config.limits.max_concurrent_requests);
    router.layer(
        TraceLayer::new_for_http()
            .make_span_with(request_span)
            .on_request(())
            .on_response(log_answer),
    )
}

/// One span per request with the method and path only (never the query, which may carry
/// user data, nor headers or bodies).
fn request_span(request: &Request) -> tracing::Span {
    tracing::info_span!("request", method = %request.method(), path = request.uri().path())
}

/// The answer's status and latency, in the request's span.
fn log_answer(response: &axum::response::Response, latency: Duration, _span: &tracing::Span) {
    tracing::debug!(
        status = response.status().as_u16(),
        latency_ms = latency.as_millis() as u64,
        "answered"
    );
}

/// Serves `router` on `listener` until `shutdown` completes, then lets open requests finish.
/// HTTP/1 only (put TLS and HTTP/2 in a terminator in front), with a header read timeout so
/// slow-header clients cannot hold connections.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = auto::Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let service = TowerToHyperService::new(router);
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (builder, service) = (builder.clone(), service.clone());
        let watcher = graceful.watcher();
        let first_byte_timeout = limits.header_read_timeout;
        tokio::spawn(async move {
            // hyper's header timeout starts with the first byte; a client that sends nothing
            // gets the same time to start.
            let mut first = [0u8; 1];
            let started = tokio::time::timeout(first_byte_timeout, stream.peek(&mut first)).await;
            if !matches!(started, Ok(Ok(1))) {
                return;
            }
            let connection = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();
            // Timeouts and resets end connections; nothing to report per connection.
            let _ = watcher.watch(connection).await;
        });
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(30), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("some connections were still open after 30 s; closing them");
    }
    Ok(())
}

pub async fn run(cli: Cli) -> Result<(), StartError> {
    let port = std::env::var("PORT").ok();
    let (config, listener) = if cli.demo {
        // Bind before the simulators take their ephemeral ports, so none can take this one.
        let (_, addr) = apply_overrides(Config::with_backends(Vec::new()), &cli, port.clone())?;
        let listener = bind(addr).await?;
        let vendors = crate::demo::start().await.map_err(StartError::Demo)?;
        for simulator in &vendors.simulators {
            tracing::info!(kind = %simulator.kind, addr = %simulator.addr, "demo vendor listening");
        }
        let (config, _) = apply_overrides(vendors.config(), &cli, port)?;
        (config, listener)
    } else {
        let path: &PathBuf = cli.config.as_ref().ok_or(StartError::NoConfig)?;
        let (config, addr) = apply_overrides(config::load(path)?, &cli, port)?;
        (config, bind(addr).await?)
    };
    let site = Site::load(&config.dist)?;
    let router = app(&config, &site)?;
    let local = listener.local_addr().map_err(StartError::Serve)?;
    tracing::info!(dist = %config.dist.display(), "serving http://{local}/");
    serve(listener, router, &config.limits, shutdown_signal())
        .await
        .map_err(StartError::Serve)?;
    tracing::info!("stopped");
    Ok(())
}

async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, StartError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })
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
