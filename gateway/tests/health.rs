//! `/healthz`, `/readyz` and `/metrics`.

mod common;

use axum::http::StatusCode;
use common::*;

const SERVICES: &str = "/proxy/itsm/api/c/compapi/v2/itsm/get_services/";

#[tokio::test]
async fn healthz_readyz_and_metrics_answer() {
    let (upstream, _) = echo_upstream().await;
    let mut config = itsm_config(upstream, r#"{ fixed = "admin" }"#);
    let down = zstack_config(closed_port().await, false);
    config.backends.extend(down.backends);
    let app = gateway(&config);

    let health = get(&app, "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json()["status"], "up");

    let ready = get(&app, "/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.json()["instances"]["itsm"], "unknown");
    assert_eq!(ready.json()["instances"]["zstack"], "unknown");

    assert_eq!(get(&app, SERVICES).await.status, StatusCode::OK);
    let failed = get(&app, "/proxy/zstack/zstack/v1/tickets").await;
    assert_eq!(failed.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        get(&app, "/proxy/nowhere/x").await.status,
        StatusCode::NOT_FOUND
    );

    // A failing vendor does not make the gateway unready: it still serves the others.
    let ready = get(&app, "/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.json()["instances"]["itsm"], "ok");
    assert_eq!(ready.json()["instances"]["zstack"], "failing");

    let metrics = get(&app, "/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    let text = metrics.text();
    for line in [
        r#"ticket_gateway_proxy_requests_total{instance="itsm",status="200"} 1"#,
        r#"ticket_gateway_proxy_requests_total{instance="zstack",status="502"} 1"#,
        r#"ticket_gateway_proxy_requests_total{instance="-",status="404"} 1"#,
        r#"ticket_gateway_proxy_request_duration_seconds_count{instance="itsm"} 1"#,
    ] {
        assert!(text.contains(line), "{line} missing from\n{text}");
    }
    assert!(text.contains("ticket_gateway_proxy_request_duration_seconds_bucket"));
}
