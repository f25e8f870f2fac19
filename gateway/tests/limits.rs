//! Time, size and concurrency limits: slow-header clients, body read time, requests in
//! progress, vendor answer size.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{Method, StatusCode};
use axum::Router;
use common::*;
use futures_util::stream::{self, StreamExt};
use ticket_gateway::config::Config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SERVICES: &str = "/proxy/itsm/api/c/compapi/v2/itsm/get_services/";
const CREATE: &str = "/proxy/itsm/api/c/compapi/v2/itsm/create_ticket/";

fn assert_json_error(reply: &Reply, status: StatusCode, code: &str) -> String {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(reply.json()["error"]["code"], code, "{}", reply.text());
    reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The gateway served on a loopback port by the production accept loop.
async fn serve(config: &Config) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = gateway(config);
    let limits = config.limits.clone();
    tokio::spawn(async move {
        ticket_gateway::server::serve(listener, app, &limits, std::future::pending())
            .await
            .unwrap();
    });
    addr
}

/// Reads until the server closes the connection; what it sent before closing.
async fn read_until_closed(stream: &mut tokio::net::TcpStream) -> String {
    let mut seen = Vec::new();
    let _ = stream.read_to_end(&mut seen).await;
    String::from_utf8_lossy(&seen).into_owned()
}

#[tokio::test]
async fn slow_header_clients_are_cut_off_after_the_header_timeout() {
    let (upstream, _) = echo_upstream().await;
    let mut config = itsm_config(upstream, r#"{ fixed = "admin" }"#);
    config.limits.header_read_timeout = Duration::from_millis(300);
    let addr = serve(&config).await;

    // A partial header, then silence.
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    let started = Instant::now();
    let answer = tokio::time::timeout(Duration::from_secs(5), read_until_closed(&mut slow))
        .await
        .expect("the gateway closes a slow-header connection");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(3),
        "cut off after {waited:?}"
    );
    assert!(!answer.contains("200 OK"), "{answer}");

    // A client trickling one header byte every 50 ms: the timeout is for the whole header.
    let mut trickler = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    let trickle = async {
        for byte in
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trickle: aaaaaaaaaaaaaaaaaaaaaaaa".iter()
        {
            if trickler.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        read_until_closed(&mut trickler).await
    };
    let answer = tokio::time::timeout(Duration::from_secs(5), trickle)
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(!answer.contains("200 OK"), "{answer}");

    // A connection that sends nothing at all is closed too.
    let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), read_until_closed(&mut idle))
        .await
        .expect("an idle connection is closed");
    assert!(started.elapsed() < Duration::from_secs(3));

    // A complete request on a fresh connection is still served.
    let mut quick = tokio::net::TcpStream::connect(addr).await.unwrap();
    quick
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut quick).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_408() {
    let (upstream, seen) = echo_upstream().await;
    let mut config = itsm_config(upstream, r#"{ fixed = "admin" }"#);
    config.limits.body_read_timeout = Duration::from_millis(200);
    let app = gateway(&config);
    let stalled = stalled_body();
    let call = request(Method::POST, CREATE)
        .header("content-type", "application/json")
        .body(Body::from_stream(stalled))
        .unwrap();
    let reply = send(&app, call).await;
    assert_json_error(&reply, StatusCode::REQUEST_TIMEOUT, "REQUEST_TIMEOUT");
    assert!(seen.lock().unwrap().is_empty(), "nothing went upstream");
}

/// One chunk of a JSON body, then nothing.
fn stalled_body() -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    stream::once(async { Ok(Bytes::from_static(b"{\"creator\":")) }).chain(stream::pending())
}

#[tokio::test]
async fn requests_beyond_the_concurrency_limit_get_503_json() {
    let upstream = slow_upstream(Duration::from_millis(600)).await;
    let mut config = itsm_config(upstream, r#"{ fixed = "admin" }"#);
    config.limits.max_concurrent_requests = 1;
    let app = gateway(&config);
    let busy = {
        let app = app.clone();
        tokio::spawn(async move { get(&app, SERVICES).await })
    };
    tokio::time::sleep(Duration::from_millis(150)).await;
    let refused = get(&app, SERVICES).await;
    let message = assert_json_error(&refused, StatusCode::SERVICE_UNAVAILABLE, "OVERLOADED");
    assert!(message.contains("busy"), "{message}");
    assert_eq!(busy.await.unwrap().status, StatusCode::OK);
    // Capacity is back once the first request is done.
    assert_eq!(get(&app, SERVICES).await.status, StatusCode::OK);
}

async fn big_upstream(bytes: usize, declare_length: bool) -> SocketAddr {
    let router = Router::new().fallback(move || async move {
        let body = vec![b'x'; bytes];
        if declare_length {
            Body::from(body)
        } else {
            let chunks = body
                .chunks(1000)
                .map(|chunk| Ok::<_, std::io::Error>(Bytes::copy_from_slice(chunk)))
                .collect::<Vec<_>>();
            Body::from_stream(stream::iter(chunks))
        }
    });
    ticket_gateway::demo::serve_on_loopback(router).unwrap()
}

#[tokio::test]
async fn an_upstream_answer_over_the_cap_is_502() {
    for declare_length in [true, false] {
        let upstream = big_upstream(5_000, declare_length).await;
        let mut config = itsm_config(upstream, r#"{ fixed = "admin" }"#);
        config.limits.max_upstream_answer_bytes = 4_096;
        let app = gateway(&config);
        let reply = get(&app, SERVICES).await;
        let message = assert_json_error(&reply, StatusCode::BAD_GATEWAY, "BAD_GATEWAY");
        assert!(
            message.contains("max_upstream_answer_bytes"),
            "{declare_length}: {message}"
        );
        config.limits.max_upstream_answer_bytes = 5_000;
        assert_eq!(
            get(&gateway(&config), SERVICES).await.status,
            StatusCode::OK
        );
    }
}
