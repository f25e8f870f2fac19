//! Time, size and concurrency limits (`[limits]` in the config file), and the tower layers
//! that apply them.

use std::time::Duration;

use axum::error_handling::HandleErrorLayer;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{BoxError, Router};
use serde::Deserialize;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::ServiceBuilder;

use crate::proxy::error::ProxyError;
use crate::section::{ConfigError, Section};

pub const DEFAULT_HEADER_READ_TIMEOUT_SECS: u64 = 10;
pub const DEFAULT_BODY_READ_TIMEOUT_SECS: u64 = 30;
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 256;
/// The demo's 10,000-row ITSM page is about 5 MB.
pub const DEFAULT_MAX_UPSTREAM_ANSWER_BYTES: usize = 32 * 1024 * 1024;

/// `[limits]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsFile {
    pub header_read_timeout_secs: Option<u64>,
    pub body_read_timeout_secs: Option<u64>,
    pub max_concurrent_requests: Option<usize>,
    pub max_upstream_answer_bytes: Option<usize>,
}

/// Checked limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// A client must send a request's whole header within this time (slow-header clients).
    pub header_read_timeout: Duration,
    /// A `/proxy/` request's body must arrive within this time (408 otherwise).
    pub body_read_timeout: Duration,
    /// Requests in progress at once; more are refused with 503 rather than queued.
    pub max_concurrent_requests: usize,
    /// A vendor answer larger than this is refused with 502.
    pub max_upstream_answer_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(DEFAULT_HEADER_READ_TIMEOUT_SECS),
            body_read_timeout: Duration::from_secs(DEFAULT_BODY_READ_TIMEOUT_SECS),
            max_concurrent_requests: DEFAULT_MAX_CONCURRENT_REQUESTS,
            max_upstream_answer_bytes: DEFAULT_MAX_UPSTREAM_ANSWER_BYTES,
        }
    }
}

impl Limits {
    pub fn resolve(file: LimitsFile, at: &Section<'_>) -> Result<Self, ConfigError> {
        let at_least_one = |name: &str, value: Option<u64>, default: u64| match value {
            Some(0) => Err(at.invalid(name, "must be at least 1".into())),
            value => Ok(value.unwrap_or(default)),
        };
        let header_read = at_least_one(
            "header_read_timeout_secs",
            file.header_read_timeout_secs,
            DEFAULT_HEADER_READ_TIMEOUT_SECS,
        )?;
        let body_read = at_least_one(
            "body_read_timeout_secs",
            file.body_read_timeout_secs,
            DEFAULT_BODY_READ_TIMEOUT_SECS,
        )?;
        let concurrent = at_least_one(
            "max_concurrent_requests",
            file.max_concurrent_requests.map(|n| n as u64),
            DEFAULT_MAX_CONCURRENT_REQUESTS as u64,
        )?;
        let answer = at_least_one(
            "max_upstream_answer_bytes",
            file.max_upstream_answer_bytes.map(|n| n as u64),
            DEFAULT_MAX_UPSTREAM_ANSWER_BYTES as u64,
        )?;
        Ok(Self {
            header_read_timeout: Duration::from_secs(header_read),
            body_read_timeout: Duration::from_secs(body_read),
            max_concurrent_requests: concurrent as usize,
            max_upstream_answer_bytes: answer as usize,
        })
    }
}

/// Refuses requests beyond `max` in progress with the gateway's 503 JSON error. One semaphore
/// for the whole router (a plain `ConcurrencyLimitLayer` would make one per route).
pub fn with_concurrency_limit(router: Router, max: usize) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(HandleErrorLayer::new(overloaded))
            .load_shed()
            .layer(GlobalConcurrencyLimitLayer::new(max)),
    )
}

async fn overloaded(error: BoxError) -> Response {
    if error.is::<tower::load_shed::error::Overloaded>() {
        ProxyError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "OVERLOADED",
            "the gateway is busy: too many requests in progress, try again shortly",
        )
        .into_response()
    } else {
        ProxyError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            "the request could not be handled",
        )
        .into_response()
    }
}

/// `RequestBodyLimitLayer` answers an oversized declared length with a plain-text 413; the
/// app expects the gateway's JSON error.
pub async fn json_payload_too_large(limit: usize, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json {
        return ProxyError::too_large(limit).into_response();
    }
    response
}
