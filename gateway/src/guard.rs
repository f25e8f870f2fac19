//! Who may call the gateway: the `Host` it answers (against DNS rebinding), and for `/proxy/`
//! the calling page's origin, cross-site fetches and the app's marker header (against CSRF).
//!
//! Requests without `Origin` or `Sec-Fetch-*` headers are not from a browser page (curl,
//! scripts, SDKs) and pass the origin and marker rules unchanged.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::proxy::error::ProxyError;
use crate::proxy::request::RETURNED;

/// The header the app puts on every call (named once, in `vendors`). A page on another site
/// cannot add it without a preflight, which only `cors_origins` pass.
pub const MARKER_HEADER: &str = vendors::call::APP_MARKER_HEADER;
pub const MARKER_VALUE: &str = "1";

/// Request headers a cross-origin app (one of `cors_origins`) may send.
const CORS_REQUEST_HEADERS: [&str; 6] = [
    "content-type",
    MARKER_HEADER,
    "x-acs-action",
    "x-acs-version",
    "authorization",
    "x-requested-with",
];

#[derive(Debug, Clone)]
pub struct Guard {
    /// Lower-case `host` or `host:port`; an entry without a port allows every port.
    allowed_hosts: Arc<[String]>,
    /// Normalised origins.
    cors_origins: Arc<[String]>,
}

impl Guard {
    /// `allowed_hosts` as configured, or the defaults for `listen`.
    pub fn new(allowed_hosts: Option<&[String]>, listen: &str, cors_origins: &[String]) -> Self {
        let allowed_hosts = match allowed_hosts {
            Some(hosts) => hosts.to_vec(),
            None => default_hosts(listen),
        };
        Self {
            allowed_hosts: allowed_hosts.into(),
            cors_origins: cors_origins.into(),
        }
    }

    pub fn allows_host(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let (name, _) = split_host_port(&host);
        self.allowed_hosts
            .iter()
            .any(|allowed| *allowed == host || *allowed == name)
    }

    fn is_cors_origin(&self, origin: &str) -> bool {
        normalise_origin(origin).is_some_and(|origin| self.cors_origins.contains(&origin))
    }

    /// Answers preflights and adds `Access-Control-Allow-*` for `cors_origins` only; `None`
    /// when there are none (the app on the gateway's own origin needs no CORS).
    pub fn cors_layer(&self) -> Option<CorsLayer> {
        if self.cors_origins.is_empty() {
            return None;
        }
        let origins: Vec<_> = self
            .cors_origins
            .iter()
            .filter_map(|origin| origin.parse().ok())
            .collect();
        let named = |names: &[&str]| -> Vec<header::HeaderName> {
            names
                .iter()
                .map(|name| name.parse().expect("valid header name"))
                .collect()
        };
        Some(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
                .allow_headers(named(&CORS_REQUEST_HEADERS))
                // A cross-origin app may read exactly the vendor headers the proxy passes back.
                .expose_headers(named(&RETURNED))
                // The ITSM `bk_token` cookie must reach the gateway from the app's origin.
                .allow_credentials(true),
        )
    }
}

/// The listen address, localhost, 127.0.0.1 and [::1], on any port.
fn default_hosts(listen: &str) -> Vec<String> {
    let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
        .into_iter()
        .map(str::to_string)
        .collect();
    if let Ok(addr) = listen.parse::<SocketAddr>() {
        let ip = match addr {
            SocketAddr::V4(v4) => v4.ip().to_string(),
            SocketAddr::V6(v6) => format!("[{}]", v6.ip()),
        };
        if !hosts.contains(&ip) {
            hosts.push(ip);
        }
    }
    hosts
}

/// `name:port` -> (`name`, Some(`port`)); IPv6 literals keep their brackets.
fn split_host_port(host: &str) -> (&str, Option<&str>) {
    let port_at = match host.rfind(':') {
        Some(at) if !host[at..].contains(']') => at,
        _ => return (host, None),
    };
    let (name, port) = (&host[..port_at], &host[port_at + 1..]);
    if host.starts_with('[') && !name.ends_with(']') {
        return (host, None);
    }
    (name, Some(port))
}

/// Whether `text` is a host name or `name:port` as `allowed_hosts` takes them.
pub fn is_host(text: &str) -> bool {
    let (name, port) = split_host_port(text);
    !name.is_empty()
        && !name.contains(['/', '@', ' ', '*'])
        && port.is_none_or(|port| port.parse::<u16>().is_ok())
}

/// `HTTPS://Desk.Example.com:443/` -> `https://desk.example.com`; `None` unless the text is
/// a plain http(s) origin (no path, query or credentials).
pub fn normalise_origin(text: &str) -> Option<String> {
    let url = reqwest::Url::parse(text).ok()?;
    let plain = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some()
        && url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && !text.trim_end_matches('/').ends_with('?');
    plain.then(|| url.origin().ascii_serialization())
}

/// The request's host: the `Host` header, or the authority of an absolute URI (HTTP/2).
fn request_host(request: &Request) -> Option<String> {
    request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_string()))
}

/// 421 for a `Host` the gateway does not serve. A request without any host (HTTP/1.0, tests)
/// is not from a browser and passes.
pub async fn check_host(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    match request_host(&request) {
        Some(host) if !guard.allows_host(&host) => ProxyError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "MISDIRECTED_REQUEST",
            "this gateway does not serve that host name (see allowed_hosts in its config)",
        )
        .into_response(),
        _ => next.run(request).await,
    }
}

/// 403 for a `/proxy/` call from a page of another origin (unless it is one of `cors_origins`)
/// or marked `Sec-Fetch-Site: cross-site`. Runs before the CORS layer, so preflights from
/// other origins are refused too.
pub async fn check_origin(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let cors_origin = origin.is_some_and(|origin| guard.is_cors_origin(origin));
    let same_origin = origin.is_some_and(|origin| {
        request_host(&request).is_some_and(|host| is_same_origin(origin, &host))
    });
    let origin_ok = origin.is_none() || same_origin || cors_origin;
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"cross-site"));
    if !origin_ok || (cross_site && !cors_origin) {
        return ProxyError::forbidden(
            "cross-origin call refused: only the Ticket Desk app (its own origin or one of cors_origins) may call /proxy/",
        )
        .into_response();
    }
    next.run(request).await
}

/// `origin` is `http(s)://<host>` for the request's own host (default ports compared as such).
fn is_same_origin(origin: &str, host: &str) -> bool {
    let Some(origin) = normalise_origin(origin) else {
        return false;
    };
    ["http", "https"].iter().any(|scheme| {
        normalise_origin(&format!("{scheme}://{host}")).is_some_and(|own| own == origin)
    })
}

/// A browser call (one with `Origin` or any `Sec-Fetch-*` header) must carry the app's
/// marker header: a plain form or `text/plain` fetch from another page cannot.
pub async fn check_marker(request: Request, next: Next) -> Response {
    if is_browser_call(request.headers()) && !has_marker(request.headers()) {
        return ProxyError::forbidden(
            "browser calls to /proxy/ must carry the Ticket Desk app's X-Ticket-Desk: 1 header",
        )
        .into_response();
    }
    next.run(request).await
}

fn is_browser_call(headers: &HeaderMap) -> bool {
    headers.contains_key(header::ORIGIN)
        || headers
            .keys()
            .any(|name| name.as_str().starts_with("sec-fetch-"))
}

fn has_marker(headers: &HeaderMap) -> bool {
    headers
        .get(MARKER_HEADER)
        .is_some_and(|value| value.as_bytes() == MARKER_VALUE.as_bytes())
}

/// Whether a JSON-bodied call says so: the `Content-Type` essence is `application/json`.
pub fn is_json_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let guard = Guard::new(None, "0.0.0.0:8080", &[]);
        for ok in [
            "localhost",
            "LOCALHOST:8080",
            "127.0.0.1:1",
            "[::1]:8080",
            "0.0.0.0:8080",
        ] {
            assert!(guard.allows_host(ok), "{ok}");
        }
        for bad in [
            "rebind.evil.example",
            "localhost.evil",
            "127.0.0.2",
            "[::2]:8080",
        ] {
            assert!(!guard.allows_host(bad), "{bad}");
        }
        let configured = Guard::new(
            Some(&["desk.example.com".into(), "gw:8443".into()]),
            "",
            &[],
        );
        assert!(configured.allows_host("desk.example.com:443"));
        assert!(configured.allows_host("gw:8443"));
        assert!(!configured.allows_host("gw:8444"));
        assert!(!configured.allows_host("localhost"));
        assert!(is_host("[::1]:80") && is_host("a.b") && !is_host("a/b") && !is_host("a:x"));
    }

    #[test]
    fn origins() {
        assert_eq!(
            normalise_origin("HTTPS://Desk.Example.com:443/").as_deref(),
            Some("https://desk.example.com")
        );
        assert_eq!(normalise_origin("https://desk.example.com/app"), None);
        assert_eq!(normalise_origin("null"), None);
        assert!(is_same_origin("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assert!(is_same_origin(
            "https://desk.example.com",
            "desk.example.com"
        ));
        assert!(!is_same_origin("https://evil.example", "desk.example.com"));
        assert!(!is_same_origin("http://127.0.0.1:8081", "127.0.0.1:8080"));
    }
}
