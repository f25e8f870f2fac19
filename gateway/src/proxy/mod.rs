//! `/proxy/<instance id>/<vendor path>`: allowlisted forwarding with credentials added per
//! back-end instance.
//!
//! Each kind implements [`Backend`] in its own module under [`crate::kinds`]; this module does
//! what they share: path checks, body limit, header filtering, timeouts, retries after a
//! session renewal, and masking of secrets in whatever the vendor sends back.

pub mod backend;
pub mod error;
pub mod request;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;

use crate::config::Config;
use crate::guard::{self, Guard};
use crate::health::{self, Health, UpstreamState};
use crate::limits;
use crate::secret;
pub use backend::{execute, Backend, BoxFuture, Outgoing, Reply};
pub use error::ProxyError;

/// One instance as the core forwards to it.
pub struct Route {
    pub id: String,
    pub upstream: reqwest::Url,
    pub backend: Arc<dyn Backend>,
}

#[derive(Clone)]
pub struct ProxyState {
    routes: Arc<HashMap<String, Route>>,
    client: reqwest::Client,
    max_body_bytes: usize,
    body_read_timeout: Duration,
    max_answer_bytes: usize,
    guard: Guard,
    health: Health,
}

impl ProxyState {
    pub fn new(config: &Config) -> Result<Self, reqwest::Error> {
        let mut builder = reqwest::Client::builder()
            .timeout(config.upstream_timeout)
            // Following redirects would let an upstream send the gateway anywhere.
            .redirect(reqwest::redirect::Policy::none());
        if !config.use_env_proxy {
            builder = builder.no_proxy();
        }
        let client = builder.build()?;
        let routes = config
            .backends
            .iter()
            .map(|instance| {
                let route = Route {
                    id: instance.id.clone(),
                    upstream: instance.settings.upstream().clone(),
                    backend: instance.settings.backend(&instance.id, &client),
                };
                (instance.id.clone(), route)
            })
            .collect();
        let routes: HashMap<String, Route> = routes;
        let health = Health::new(routes.keys().map(String::as_str));
        Ok(Self {
            routes: Arc::new(routes),
            client,
            max_body_bytes: config.max_body_bytes,
            body_read_timeout: config.limits.body_read_timeout,
            max_answer_bytes: config.limits.max_upstream_answer_bytes,
            guard: Guard::new(
                config.allowed_hosts.as_deref(),
                &config.listen,
                &config.cors_origins,
            ),
            health,
        })
    }

    /// The ids of the enabled back-end instances, sorted.
    pub fn backend_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.routes.keys().map(String::as_str).collect();
        ids.sort();
        ids
    }

    pub fn guard(&self) -> &Guard {
        &self.guard
    }

    pub fn health(&self) -> &Health {
        &self.health
    }

    /// The `/proxy/` routes with their own layers, outermost first: metrics, origin rules,
    /// CORS (for `cors_origins`), the marker header, the body size limit.
    pub fn router(self) -> Router {
        let limit = self.max_body_bytes;
        let guard = self.guard.clone();
        let health = self.health.clone();
        let router = Router::new()
            .route("/proxy", any(handle))
            .route("/proxy/", any(handle))
            .route("/proxy/{*rest}", any(handle))
            .with_state(self)
            // Outside the handler, so it compresses the body secrets were already masked in.
            .layer(CompressionLayer::new().br(true).gzip(true))
            .layer(RequestBodyLimitLayer::new(limit))
            .layer(from_fn(move |request, next| {
                limits::json_payload_too_large(limit, request, next)
            }))
            .layer(from_fn(guard::check_marker));
        let router = match guard.cors_layer() {
            Some(cors) => router.layer(cors),
            None => router,
        };
        router
            .layer(from_fn_with_state(guard, guard::check_origin))
            .layer(from_fn_with_state(health, health::measure))
    }
}

async fn handle(State(state): State<ProxyState>, request: Request) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let raw_path = request.uri().path().to_string();
    let result = forward(&state, request).await;
    let (backend, vendor_path) =
        request::split_proxy_path(&raw_path).unwrap_or(("-", raw_path.as_str()));
    let response = result.unwrap_or_else(IntoResponse::into_response);
    // Method, vendor path and status only: never the query, a header or a body.
    tracing::info!(
        backend,
        %method,
        path = vendor_path,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "proxied"
    );
    response
}

async fn forward(state: &ProxyState, request: Request) -> Result<Response, ProxyError> {
    let (parts, body) = request.into_parts();
    let (id, vendor_path) =
        request::split_proxy_path(parts.uri.path()).ok_or_else(ProxyError::not_found)?;
    let route = state.routes.get(id).ok_or_else(ProxyError::not_found)?;
    let backend = &route.backend;
    if !request::is_plain_path(vendor_path)
        || !backend.allows(&parts.method, vendor_path, &parts.headers)
    {
        return Err(ProxyError::not_found());
    }
    if backend.takes_json(&parts.method) && !guard::is_json_content_type(&parts.headers) {
        return Err(ProxyError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "this call takes a JSON body: send Content-Type: application/json",
        ));
    }
    let body = tokio::time::timeout(
        state.body_read_timeout,
        read_body(body, state.max_body_bytes),
    )
    .await
    .map_err(|_| {
        ProxyError::new(
            StatusCode::REQUEST_TIMEOUT,
            "REQUEST_TIMEOUT",
            "the request body did not arrive in time",
        )
    })??;
    let outgoing = Outgoing {
        method: parts.method.clone(),
        path: vendor_path.to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: request::forwardable_request_headers(&parts.headers),
        body,
    };

    let mut attempt = 0;
    let mut reply = loop {
        attempt += 1;
        let mut prepared = outgoing.clone();
        backend.prepare(&parts.headers, &mut prepared).await?;
        let sent = send(&state.client, route, prepared, state.max_answer_bytes).await;
        let upstream_state = match &sent {
            Ok(reply) if !reply.status.is_server_error() => UpstreamState::Ok,
            Ok(_) | Err(_) => UpstreamState::Failing,
        };
        state.health.record_upstream(id, upstream_state);
        let reply = sent?;
        if attempt == 1 && backend.should_retry(vendor_path, &reply).await {
            tracing::info!(backend = id, "retrying once with a renewed session");
            continue;
        }
        break reply;
    };
    backend.rewrite_reply(&mut reply);
    Ok(into_browser_response(reply, &backend.secrets()))
}

/// The declared length is checked earlier (`RequestBodyLimitLayer`); this catches bodies
/// without one.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, ProxyError> {
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ProxyError::too_large(limit))
}

async fn send(
    client: &reqwest::Client,
    route: &Route,
    outgoing: Outgoing,
    max_answer_bytes: usize,
) -> Result<Reply, ProxyError> {
    let url = upstream_url(&route.upstream, &outgoing.path, outgoing.query.as_deref());
    let result = client
        .request(outgoing.method, url)
        .headers(outgoing.headers)
        .body(outgoing.body)
        .send()
        .await;
    let mut response = result.map_err(|error| upstream_error(&route.id, error))?;
    if is_encoded(response.headers()) {
        // The gateway asked for identity; an encoded body could hide a secret from masking.
        tracing::warn!(backend = %route.id, "upstream sent an encoded body");
        return Err(ProxyError::bad_gateway(format!(
            "the {} back-end sent a compressed reply the gateway cannot check",
            route.id
        )));
    }
    let status = response.status();
    let headers = response.headers().clone();
    let too_large = || {
        tracing::warn!(
            backend = route.id,
            max_answer_bytes,
            "upstream answer too large"
        );
        ProxyError::bad_gateway(format!(
            "the {} back-end answered more than {max_answer_bytes} bytes (limits.max_upstream_answer_bytes)",
            route.id
        ))
    };
    if response
        .content_length()
        .is_some_and(|length| length > max_answer_bytes as u64)
    {
        return Err(too_large());
    }
    // Read chunk by chunk so an endless or huge answer stops at the cap.
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| upstream_error(&route.id, error))?
    {
        if body.len() + chunk.len() > max_answer_bytes {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Reply {
        status,
        headers,
        body,
    })
}

fn is_encoded(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::CONTENT_ENCODING)
        .iter()
        .any(|value| !value.as_bytes().eq_ignore_ascii_case(b"identity"))
}

/// Upstream base (which may carry a path prefix) + vendor path + query.
pub fn upstream_url(base: &reqwest::Url, path: &str, query: Option<&str>) -> String {
    let mut url = format!("{}{}", base.as_str().trim_end_matches('/'), path);
    if let Some(query) = query.filter(|query| !query.is_empty()) {
        url.push('?');
        url.push_str(query);
    }
    url
}

fn upstream_error(backend: &str, error: reqwest::Error) -> ProxyError {
    // The URL may carry injected credentials (ITSM GET): log the error without it.
    let error = error.without_url();
    tracing::warn!(backend, error = %error, "upstream call failed");
    if error.is_timeout() {
        ProxyError::timeout(backend)
    } else if error.is_connect() {
        ProxyError::bad_gateway(format!("cannot connect to the {backend} back-end"))
    } else {
        ProxyError::bad_gateway(format!("the {backend} back-end call failed"))
    }
}

fn into_browser_response(reply: Reply, secrets: &[String]) -> Response {
    let mut headers = request::returnable_response_headers(&reply.headers);
    for value in headers.values_mut() {
        if secret::contains_secret(value.as_bytes(), secrets) {
            let masked = secret::redact(value.as_bytes(), secrets);
            *value = axum::http::HeaderValue::from_bytes(&masked)
                .unwrap_or_else(|_| axum::http::HeaderValue::from_static(secret::MASK));
        }
    }
    let body = secret::redact(&reply.body, secrets);
    // Vendor data is per user and changes: no cache may keep it.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = reply.status;
    *response.headers_mut() = headers;
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Method;

    #[test]
    fn outgoing_debug_shows_no_values() {
        let mut headers = HeaderMap::new();
        headers.insert("x-bkapi-authorization", "secret-header".parse().unwrap());
        let outgoing = Outgoing {
            method: Method::POST,
            path: "/api/x/".into(),
            query: Some("bk_app_secret=secret-query".into()),
            headers,
            body: Bytes::from_static(b"{\"bk_app_secret\": \"secret-body\"}"),
        };
        let text = format!("{outgoing:?}");
        assert!(!text.contains("secret-"), "{text}");
        assert!(text.contains("x-bkapi-authorization"), "{text}");
    }
}
