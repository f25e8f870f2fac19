//! Operator endpoints: `/healthz` (the process is up), `/readyz` (config loaded, each
//! instance's last upstream call), `/metrics` (Prometheus text).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};
use serde_json::json;

use crate::proxy::request::proxy_instance;

/// How an instance's last upstream call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpstreamState {
    /// No call yet since start-up.
    Unknown,
    /// The vendor answered (any status below 500).
    Ok,
    /// No answer, a timeout, an oversized answer or a 5xx.
    Failing,
}

impl UpstreamState {
    fn as_str(self) -> &'static str {
        match self {
            UpstreamState::Unknown => "unknown",
            UpstreamState::Ok => "ok",
            UpstreamState::Failing => "failing",
        }
    }

    fn from_u8(value: u8) -> Self {
        match value {
            1 => UpstreamState::Ok,
            2 => UpstreamState::Failing,
            _ => UpstreamState::Unknown,
        }
    }

    fn as_u8(self) -> u8 {
        match self {
            UpstreamState::Unknown => 0,
            UpstreamState::Ok => 1,
            UpstreamState::Failing => 2,
        }
    }
}

/// Per-instance state and the request metrics, shared by the proxy and these endpoints.
#[derive(Clone)]
pub struct Health {
    states: Arc<BTreeMap<String, AtomicU8>>,
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
}

/// The `instance` label of requests that name no configured instance (keeps labels bounded).
const OTHER_INSTANCE: &str = "-";

impl Health {
    pub fn new<'a>(instance_ids: impl IntoIterator<Item = &'a str>) -> Self {
        let states = instance_ids
            .into_iter()
            .map(|id| {
                (
                    id.to_string(),
                    AtomicU8::new(UpstreamState::Unknown.as_u8()),
                )
            })
            .collect();
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "ticket_gateway_proxy_requests_total",
                "/proxy/ requests by instance and answer status",
            ),
            &["instance", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "ticket_gateway_proxy_request_duration_seconds",
                "/proxy/ request time until the answer's head, by instance",
            )
            .buckets(vec![
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
            ]),
            &["instance"],
        )
        .expect("valid metric");
        registry
            .register(Box::new(requests.clone()))
            .expect("registered once");
        registry
            .register(Box::new(latency.clone()))
            .expect("registered once");
        Self {
            states: Arc::new(states),
            registry,
            requests,
            latency,
        }
    }

    pub fn record_upstream(&self, instance: &str, state: UpstreamState) {
        if let Some(slot) = self.states.get(instance) {
            slot.store(state.as_u8(), Ordering::Relaxed);
        }
    }

    pub fn upstream_state(&self, instance: &str) -> Option<UpstreamState> {
        let slot = self.states.get(instance)?;
        Some(UpstreamState::from_u8(slot.load(Ordering::Relaxed)))
    }

    fn instance_label<'a>(&self, path: &'a str) -> &'a str {
        let id = proxy_instance(path).unwrap_or_default();
        if self.states.contains_key(id) {
            id
        } else {
            OTHER_INSTANCE
        }
    }

    /// `/healthz` and `/readyz`.
    pub fn probes(&self) -> Router {
        Router::new()
            .route("/healthz", get(|| async { Json(json!({"status": "up"})) }))
            .route("/readyz", get(readyz))
            .with_state(self.clone())
    }

    /// `/metrics`.
    pub fn metrics(&self) -> Router {
        Router::new()
            .route("/metrics", get(metrics))
            .with_state(self.clone())
    }
}

/// Counts every `/proxy/` answer (refusals included) by instance and status, with its latency.
pub async fn measure(State(health): State<Health>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let instance = health.instance_label(request.uri().path()).to_string();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    health
        .requests
        .with_label_values(&[instance.as_str(), status.as_str()])
        .inc();
    health
        .latency
        .with_label_values(&[instance.as_str()])
        .observe(started.elapsed().as_secs_f64());
    response
}

/// Always 200 while the gateway serves: the config is loaded by then, and a failing vendor is
/// not fixed by taking the gateway (and the other vendors) out of service. The instances'
/// states are for dashboards and alerts.
async fn readyz(State(health): State<Health>) -> Response {
    let instances: serde_json::Map<String, serde_json::Value> = health
        .states
        .iter()
        .map(|(id, slot)| {
            let state = UpstreamState::from_u8(slot.load(Ordering::Relaxed));
            (id.clone(), json!(state.as_str()))
        })
        .collect();
    Json(json!({"status": "ready", "instances": instances})).into_response()
}

async fn metrics(State(health): State<Health>) -> Response {
    let mut text = Vec::new();
    match TextEncoder::new().encode(&health.registry.gather(), &mut text) {
        Ok(()) => ([(header::CONTENT_TYPE, prometheus::TEXT_FORMAT)], text).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
