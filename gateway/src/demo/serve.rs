//! What every simulator needs from the demo: a loopback listener and JSON answers. Imports
//! nothing of the kinds, which use it.

use std::net::SocketAddr;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::Serialize;

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

/// A JSON answer serialized straight from borrowed data, without building a `Value` tree:
/// a 10,000-ticket page stays one pass.
pub fn json_response<T: Serialize>(body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(error) => (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot encode the answer: {error}"),
        )
            .into_response(),
    }
}
