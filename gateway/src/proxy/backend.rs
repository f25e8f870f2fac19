//! What a kind plugs into the forwarding core: the [`Backend`] trait and the request and reply
//! it works on, plus [`execute`] for calls the gateway makes on its own behalf. Imports nothing
//! of the core or of the kinds.

use std::future::Future;
use std::pin::Pin;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode};

use super::error::ProxyError;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A request on its way upstream. `path` is the vendor path (`/zstack/v1/tickets`), `query`
/// the raw query string as the browser sent it. `Debug` shows the method, path and header
/// names only: once prepared, the query, headers and body carry credentials.
#[derive(Clone)]
pub struct Outgoing {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl std::fmt::Debug for Outgoing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let header_names: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("Outgoing")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &header_names)
            .field("body_bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// A vendor reply on its way back to the browser.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// What a kind adds to forwarding, for one instance behind `/proxy/<id>/`. The id and the
/// upstream are the core's ([`Route`]).
pub trait Backend: Send + Sync + 'static {
    /// Whether the app uses this call; everything else is a 404.
    fn allows(&self, method: &Method, path: &str, headers: &HeaderMap) -> bool;

    /// Adds credentials (and whatever else the vendor needs) to `outgoing`. `incoming` holds
    /// the browser's original headers, cookies included.
    fn prepare<'a>(
        &'a self,
        incoming: &'a HeaderMap,
        outgoing: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), ProxyError>>;

    /// Values to mask in replies: the gateway's secrets as they stand now.
    fn secrets(&self) -> Vec<String>;

    /// After a reply: whether to send the request once more (e.g. a service session expired and
    /// was dropped, so `prepare` will log in again).
    fn should_retry<'a>(&'a self, _path: &'a str, _reply: &'a Reply) -> BoxFuture<'a, bool> {
        Box::pin(async { false })
    }

    /// Last changes to the reply before it goes to the browser.
    fn rewrite_reply(&self, _reply: &mut Reply) {}

    /// Whether calls with this method carry a JSON body, which must then be declared as
    /// `Content-Type: application/json` (a cross-site form or `text/plain` fetch cannot).
    fn takes_json(&self, _method: &Method) -> bool {
        false
    }
}

/// Sends a call the gateway makes on its own behalf (a `vendors` call description, e.g. a
/// ZStack login) and returns the status and body text.
pub async fn execute(
    client: &reqwest::Client,
    base: &reqwest::Url,
    call: &vendors::HttpCall,
) -> Result<(StatusCode, String), reqwest::Error> {
    let method = Method::from_bytes(call.method.as_str().as_bytes())
        .expect("vendors methods are valid HTTP methods");
    let mut request = client.request(method, call.url(base.as_str()));
    for (name, value) in &call.headers {
        request = request.header(name, value);
    }
    if let Some(body) = &call.body {
        request = request.json(body);
    }
    let response = request.send().await?;
    let status = response.status();
    Ok((status, response.text().await?))
}
