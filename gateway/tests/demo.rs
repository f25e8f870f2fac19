//! `--demo` end to end: browser-shaped calls through the proxy to each simulator, and the
//! simulators refusing calls that lack the demo credentials.

mod common;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{json, Value};
use ticket_gateway::acs3;
use ticket_gateway::demo::{self, DemoVendors};
use ticket_gateway::proxy::zstack::password_hash;

async fn demo_app() -> (axum::Router, DemoVendors) {
    let vendors = demo::start().await.unwrap();
    (gateway(&vendors.config()), vendors)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

#[tokio::test]
async fn itsm_through_the_proxy_with_demo_credentials() {
    let (app, vendors) = demo_app().await;
    let ticket = json!({"service_id": 1, "creator": "admin",
        "fields": [{"key": "title", "value": "Need VPN"}, {"key": "APPROVER", "value": "a,b"}]});
    let created = post_json(
        &app,
        "/proxy/itsm/api/c/compapi/v2/itsm/create_ticket/",
        ticket,
    )
    .await;
    assert_eq!(created.json()["result"], true, "{}", created.text());
    let sn = created.json()["data"]["sn"].as_str().unwrap().to_string();

    let list = post_json(
        &app,
        "/proxy/itsm/api/c/compapi/v2/itsm/get_tickets/",
        json!({"creator": "admin", "page": 1, "page_size": "10"}),
    )
    .await;
    assert_eq!(list.json()["data"]["count"], 1, "{}", list.text());
    assert_eq!(list.json()["data"]["items"][0]["sn"], sn.as_str());

    let services = get(&app, "/proxy/itsm/api/c/compapi/v2/itsm/get_services/").await;
    assert_eq!(services.json()["result"], true);

    // A bk_token cookie is honoured instead of the demo user.
    let with_token = request(
        Method::GET,
        "/proxy/itsm/api/c/compapi/v2/itsm/get_service_detail/?service_id=2",
    )
    .header("cookie", "bk_token=abcdef123")
    .body(Body::empty())
    .unwrap();
    assert_eq!(
        send(&app, with_token).await.json()["data"]["fields"][1]["type"],
        "SELECT"
    );

    // Straight to the simulator: no secret, or a wrong one, is refused in the BlueKing envelope.
    let url = format!("http://{}/api/c/compapi/v2/itsm/get_tickets/", vendors.itsm);
    for body in [
        json!({"bk_username": "admin"}),
        json!({"bk_app_code": demo::ITSM_APP_CODE, "bk_app_secret": "wrong", "bk_username": "admin"}),
        json!({"bk_app_code": demo::ITSM_APP_CODE, "bk_app_secret": demo::ITSM_APP_SECRET}),
    ] {
        let reply: Value = client()
            .post(&url)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(reply["result"], false, "{reply}");
        assert_ne!(reply["code"], 0);
        assert!(reply["data"].is_null());
        assert!(reply["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn dms_through_the_proxy_is_signed_and_direct_calls_are_refused() {
    let (app, vendors) = demo_app().await;
    let create = request(Method::POST,
        "/proxy/dms/?Comment=export&PluginType=DATA_EXPORT&RelatedUserList=1&PluginParam=%7B%22dbId%22%3A1%7D")
        .header("x-acs-action", "CreateOrder")
        .header("x-acs-version", "2018-11-01")
        .body(Body::empty())
        .unwrap();
    let created = send(&app, create).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text());
    let order_id = created.json()["CreateOrderResult"]["OrderIds"][0]
        .as_i64()
        .unwrap();

    let info = request(Method::POST, &format!("/proxy/dms/?OrderId={order_id}"))
        .header("x-acs-action", "GetOrderBaseInfo")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&app, info).await.json()["OrderBaseInfo"]["OrderId"],
        order_id
    );

    let missing = request(Method::POST, "/proxy/dms/?PluginType=DATA_EXPORT")
        .header("x-acs-action", "CreateOrder")
        .body(Body::empty())
        .unwrap();
    let missing = send(&app, missing).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.json()["Code"], "MissingComment");

    let url = format!("http://{}/?Comment=x", vendors.dms);
    let unsigned = client()
        .post(&url)
        .header("x-acs-action", "CreateOrder")
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 400);
    let body: Value = unsigned.json().await.unwrap();
    assert_eq!(body["Code"], "IncompleteSignature");
    for key in ["RequestId", "Message", "HostId"] {
        assert!(body[key].is_string(), "{key} missing in {body}");
    }

    // Signed with the right id but the wrong secret.
    let query = vec![("Comment".to_string(), "x".to_string())];
    let host = vendors.dms.to_string();
    let signed = acs3::sign(&acs3::SigningInput {
        method: "POST",
        path: "/",
        query: &query,
        host: &host,
        action: "CreateOrder",
        version: "2018-11-01",
        date: "2024-01-01T00:00:00Z",
        nonce: "n1",
        body: b"",
        access_key_id: demo::DMS_ACCESS_KEY_ID,
        access_key_secret: "wrong-secret",
    });
    let mut forged = client().post(&url);
    for (name, value) in &signed.headers {
        forged = forged.header(name.as_str(), value.as_str());
    }
    let forged = forged.send().await.unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(
        forged.json::<Value>().await.unwrap()["Code"],
        "SignatureDoesNotMatch"
    );
}

async fn zstack_put(app: &axum::Router, path: &str, body: Value) -> Reply {
    let put = request(Method::PUT, &format!("/proxy/zstack{path}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, put).await
}

#[tokio::test]
async fn zstack_login_ticket_job_and_list_through_the_proxy() {
    let (app, _) = demo_app().await;
    let anonymous = get(&app, "/proxy/zstack/zstack/v1/tickets").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.json()["error"]["code"], "ID.1001");

    let wrong = zstack_put(
        &app,
        "/zstack/v1/accounts/login",
        json!({"logInByAccount": {"accountName": "admin", "password": password_hash("nope")}}),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let iam2 = zstack_put(
        &app,
        "/zstack/v1/iam2/virtual-ids/login",
        json!({"loginIAM2VirtualID": {"name": "demo", "password": password_hash("password")}}),
    )
    .await;
    assert!(
        iam2.json()["inventory"]["uuid"].is_string(),
        "{}",
        iam2.text()
    );

    let login = zstack_put(
        &app,
        "/zstack/v1/accounts/login",
        json!({"logInByAccount": {"accountName": "admin", "password": password_hash("password")}}),
    )
    .await;
    let session = login.json()["inventory"]["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let authorized = |method: Method, uri: &str, body: Body| {
        request(method, uri)
            .header("authorization", format!("OAuth {session}"))
            .header("content-type", "application/json")
            .body(body)
            .unwrap()
    };

    let ticket = json!({"params": {"name": "new vm", "requests": [{"requestName": "vm",
        "apiName": "org.zstack.header.vm.APICreateVmInstanceMsg", "executeTimes": 1, "apiBody": {}}],
        "accountSystemType": "iam2", "accountSystemContext": {"projectUuid": "p", "virtualIDUuid": "v"}}});
    let accepted = send(
        &app,
        authorized(
            Method::POST,
            "/proxy/zstack/zstack/v1/tickets",
            Body::from(ticket.to_string()),
        ),
    )
    .await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED, "{}", accepted.text());
    let location = accepted.json()["location"].as_str().unwrap().to_string();
    assert!(
        location.starts_with("/proxy/zstack/zstack/v1/api-jobs/"),
        "{location}"
    );
    assert_eq!(accepted.headers["location"], location.as_str());

    let job = send(&app, authorized(Method::GET, &location, Body::empty())).await;
    assert_eq!(job.status, StatusCode::OK, "{}", job.text());
    let uuid = job.json()["inventory"]["uuid"]
        .as_str()
        .unwrap()
        .to_string();

    let one = send(
        &app,
        authorized(
            Method::GET,
            &format!("/proxy/zstack/zstack/v1/tickets/{uuid}"),
            Body::empty(),
        ),
    )
    .await;
    assert_eq!(one.json()["inventories"][0]["name"], "new vm");
    let all = send(
        &app,
        authorized(
            Method::GET,
            "/proxy/zstack/zstack/v1/tickets",
            Body::empty(),
        ),
    )
    .await;
    assert_eq!(all.json()["inventories"].as_array().map(Vec::len), Some(1));
}
