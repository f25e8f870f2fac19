//! `--demo` DMS: the seed, CreateOrder (success, missing parameters, PluginParam rules, the
//! unknown-database rejection), ListOrders filters and paging, GetOrderBaseInfo, signatures.

mod common;

use std::collections::HashSet;

use axum::http::StatusCode;
use common::demo::*;
use serde_json::Value;
use ticket_gateway::kinds::dms::acs3;
use ticket_gateway::kinds::dms::sim::{self as dms, DmsSim, StoredOrder};
use ticket_gateway::kinds::dms::sim::{
    ACCESS_KEY_ID as DMS_ACCESS_KEY_ID, ACCESS_KEY_SECRET as DMS_ACCESS_KEY_SECRET,
};
use vendors::Kind;

fn seed() -> DmsSim {
    DmsSim::new(DMS_ACCESS_KEY_ID, DMS_ACCESS_KEY_SECRET)
}

const DEMO: i64 = dms::DEMO_USER.id;

fn count_where(sim: &DmsSim, keep: impl Fn(&StoredOrder) -> bool) -> u64 {
    sim.orders().iter().filter(|o| keep(o)).count() as u64
}

async fn total(app: &axum::Router, params: &[(&str, &str)]) -> u64 {
    let reply = dms(app, "ListOrders", params).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["Success"], true);
    reply.json()["TotalCount"].as_u64().unwrap()
}

const EXPORT: &str = r#"{"classify":"report","dbId":1001,"exeSQL":"SELECT id FROM orders","logic":false,"ignoreAffectRows":false,"affectRows":10}"#;

#[test]
fn seed_is_varied_and_the_same_every_time() {
    let (sim, again) = (seed(), seed());
    let orders = sim.orders();
    assert_eq!(orders.len(), dms::SEED_ORDERS);
    assert!(orders.len() >= 500);
    assert!(orders
        .iter()
        .zip(again.orders())
        .all(|(a, b)| a.order == b.order && a.plugin_param == b.plugin_param));
    let kinds: HashSet<&str> = orders
        .iter()
        .map(|o| o.order.plugin_type.as_str())
        .collect();
    for kind in ["DATA_EXPORT", "NDDL", "DC_COMMON", "DC_CHUNK", "PERM_APPLY"] {
        assert!(kinds.contains(kind), "no {kind} order");
    }
    let statuses: HashSet<(&str, &str)> = orders
        .iter()
        .map(|o| (o.order.status_code.as_str(), o.order.status_desc.as_str()))
        .collect();
    for status in [
        ("new", "New"),
        ("toaudit", "Awaiting approval"),
        ("reject", "Rejected"),
        ("success", "Succeeded"),
        ("closed", "Closed"),
        ("processing", "Processing"),
        ("Approved", "Approved"),
    ] {
        assert!(statuses.contains(&status), "no {status:?} order");
    }
    let mine = count_where(&sim, |o| o.order.committer_id == DEMO);
    assert!(
        mine * 4 > orders.len() as u64,
        "the demo user commits a good share"
    );
    for order in orders {
        assert!(vendors::validate::is_date_time(&order.order.create_time));
        assert!(order.order.last_modify_time >= order.order.create_time);
        // Documented PluginParam shapes pass the wire model's own rules.
        assert!(
            vendors::dms::validate_plugin_param(&order.order.plugin_type, &order.plugin_param)
                .is_empty()
        );
    }
    assert!(orders
        .windows(2)
        .all(|p| p[0].order.create_time >= p[1].order.create_time));
}

#[tokio::test]
async fn created_order_lists_first_for_its_committer() {
    let (app, _) = demo_app().await;
    let params = [
        ("Comment", "Export paid orders"),
        ("PluginType", "DATA_EXPORT"),
        ("PluginParam", EXPORT),
        ("RelatedUserList", "20002,20003"),
    ];
    let created = dms(&app, "CreateOrder", &params).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text());
    let body = created.json();
    assert_eq!(body["Success"], true);
    assert!(body["RequestId"].is_string());
    let order_id = body["CreateOrderResult"]["OrderIds"][0].as_i64().unwrap();

    let list = dms(
        &app,
        "ListOrders",
        &[
            ("OrderResultType", "AS_COMMITTER"),
            ("PageNumber", "1"),
            ("PageSize", "5"),
        ],
    )
    .await;
    let list = vendors::dms::decode_list_orders(200, &list.text()).unwrap();
    let first = &list.orders.order[0];
    assert_eq!(first.order_id, order_id);
    assert_eq!(first.comment, "Export paid orders");
    assert_eq!(
        (first.committer_id, first.status_code.as_str()),
        (DEMO, "toaudit")
    );
    assert_eq!(list.orders.order.len(), 5);

    let info = dms(
        &app,
        "GetOrderBaseInfo",
        &[("OrderId", &order_id.to_string())],
    )
    .await;
    let info = vendors::dms::decode_get_order_base_info(200, &info.text())
        .unwrap()
        .order_base_info;
    assert_eq!(info.order_id, order_id);
    assert_eq!(
        info.related_user_nick_list,
        Some(serde_json::json!(["alice", "bob"]))
    );
    let seeded = seed().orders()[10].order.order_id.to_string();
    let info = dms(&app, "GetOrderBaseInfo", &[("OrderId", &seeded)]).await;
    assert_eq!(info.json()["OrderBaseInfo"]["OrderId"].to_string(), seeded);
    let unknown = dms(&app, "GetOrderBaseInfo", &[("OrderId", "42")]).await;
    assert_eq!(
        (unknown.status, unknown.json()["Success"].clone()),
        (StatusCode::OK, Value::Bool(false))
    );

    // Types DMS has beyond the documented ones are accepted with any JSON object.
    let other = [
        ("Comment", "c"),
        ("PluginType", "SQL_REVIEW"),
        ("PluginParam", r#"{"projectName":"x"}"#),
        ("RelatedUserList", "20002"),
    ];
    assert_eq!(
        dms(&app, "CreateOrder", &other).await.json()["Success"],
        true
    );
}

#[tokio::test]
async fn unknown_database_and_broken_parameters_are_refused_like_dms() {
    let (app, _) = demo_app().await;
    let create = |plugin_type: &'static str, param: &'static str| {
        let app = app.clone();
        async move {
            let params = [
                ("Comment", "c"),
                ("PluginType", plugin_type),
                ("PluginParam", param),
                ("RelatedUserList", "20002"),
            ];
            dms(&app, "CreateOrder", &params).await
        }
    };
    let rejected = create("DATA_EXPORT", r#"{"dbId":99999,"exeSQL":"select 1"}"#).await;
    assert_eq!(rejected.status, StatusCode::OK);
    let body = rejected.json();
    assert_eq!(body["Success"], false);
    assert_eq!(body["ErrorCode"], "InvalidParameter");
    assert_eq!(
        body["ErrorMessage"],
        "The database 99999 does not exist or you have no permission."
    );
    assert!(body["RequestId"].is_string());
    let error = vendors::dms::decode_create_order(200, &rejected.text()).unwrap_err();
    assert_eq!(error.code, "InvalidParameter");

    let rows = create("DC_COMMON", r#"{"estimateAffectRows":1,"execSQL":"delete from t","dbItemList":[{"dbId":1002},{"dbId":4242}]}"#).await;
    assert!(rows.json()["ErrorMessage"]
        .as_str()
        .unwrap()
        .contains("4242"));

    // PluginParam that breaks its type's rules: a business error naming the key.
    let no_sql = create("DATA_EXPORT", r#"{"dbId":1001}"#).await;
    assert_eq!(
        (no_sql.status, no_sql.json()["Success"].clone()),
        (StatusCode::OK, Value::Bool(false))
    );
    assert!(no_sql.json()["ErrorMessage"]
        .as_str()
        .unwrap()
        .contains("PluginParam.exeSQL"));

    // Unreadable parameters: Alibaba's gateway error, 400.
    let not_json = create("DATA_EXPORT", "{dbId:1}").await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(not_json.json()["Code"], "InvalidParameter");
    assert!(not_json.json()["Message"]
        .as_str()
        .unwrap()
        .contains("PluginParam"));

    for (missing, params) in [
        (
            "Comment",
            vec![
                ("PluginType", "DATA_EXPORT"),
                ("PluginParam", EXPORT),
                ("RelatedUserList", "1"),
            ],
        ),
        (
            "RelatedUserList",
            vec![
                ("Comment", "c"),
                ("PluginType", "DATA_EXPORT"),
                ("PluginParam", EXPORT),
            ],
        ),
        (
            "PluginParam",
            vec![
                ("Comment", "c"),
                ("PluginType", "NDDL"),
                ("RelatedUserList", "1"),
            ],
        ),
    ] {
        let reply = dms(&app, "CreateOrder", &params).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text());
        let body = reply.json();
        assert_eq!(body["Code"], format!("Missing{missing}"));
        assert_eq!(
            body["Message"],
            format!("{missing} is mandatory for this action.")
        );
        for key in ["RequestId", "HostId"] {
            assert!(body[key].is_string(), "{key} missing in {body}");
        }
    }
    let missing_id = dms(&app, "GetOrderBaseInfo", &[]).await;
    assert_eq!(missing_id.json()["Code"], "MissingOrderId");
    let bad_page = dms(&app, "ListOrders", &[("PageSize", "0")]).await;
    assert_eq!(
        (bad_page.status, bad_page.json()["Code"].clone()),
        (StatusCode::BAD_REQUEST, Value::from("InvalidParameter"))
    );
    let bad_status = dms(&app, "ListOrders", &[("OrderStatus", "DONE")]).await;
    assert_eq!(bad_status.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn list_orders_filters() {
    let (app, _) = demo_app().await;
    let sim = seed();
    let all = total(&app, &[("OrderResultType", "AS_ADMIN")]).await;
    assert_eq!(all, dms::SEED_ORDERS as u64);
    let mut scope_totals = HashSet::new();
    for (scope, keep) in [
        (
            "AS_COMMITTER",
            Box::new(|o: &StoredOrder| o.order.committer_id == DEMO)
                as Box<dyn Fn(&StoredOrder) -> bool>,
        ),
        (
            "AS_HANDLER",
            Box::new(|o: &StoredOrder| o.handlers.contains(&DEMO)),
        ),
        (
            "AS_OWNER",
            Box::new(|o: &StoredOrder| o.owners.contains(&DEMO)),
        ),
        (
            "AS_Related",
            Box::new(|o: &StoredOrder| o.related_users.contains(&DEMO.to_string())),
        ),
    ] {
        let expected = count_where(&sim, keep);
        assert!(expected > 0 && expected < all, "{scope}");
        assert_eq!(
            total(&app, &[("OrderResultType", scope)]).await,
            expected,
            "{scope}"
        );
        scope_totals.insert(expected);
    }
    assert_eq!(scope_totals.len(), 4, "each scope gives a different set");
    // Without OrderResultType: the caller's own orders.
    assert_eq!(
        total(&app, &[]).await,
        count_where(&sim, |o| o.order.committer_id == DEMO)
    );

    let admin = |extra: &[(&'static str, &'static str)]| {
        let mut params = vec![("OrderResultType", "AS_ADMIN")];
        params.extend_from_slice(extra);
        params
    };
    let finished = total(&app, &admin(&[("OrderStatus", "FINISHED")])).await;
    let running = total(&app, &admin(&[("OrderStatus", "RUNNING")])).await;
    assert_eq!(finished + running, all);
    assert_eq!(
        finished,
        count_where(&sim, |o| ["success", "closed", "reject"]
            .contains(&o.order.status_code.as_str()))
    );
    assert_eq!(total(&app, &admin(&[("OrderStatus", "ALL")])).await, all);

    let exports = count_where(&sim, |o| o.order.plugin_type == "NDDL");
    assert_eq!(
        total(&app, &admin(&[("PluginType", "NDDL")])).await,
        exports
    );

    let word = count_where(&sim, |o| o.order.comment.to_lowercase().contains("refunds"));
    assert!(word > 0);
    assert_eq!(
        total(&app, &admin(&[("SearchContent", "Refunds")])).await,
        word
    );
    let id = sim.orders()[7].order.order_id.to_string();
    let by_id = dms(
        &app,
        "ListOrders",
        &[("OrderResultType", "AS_ADMIN"), ("SearchContent", &id)],
    )
    .await;
    assert_eq!(
        by_id.json()["Orders"]["Order"][0]["OrderId"].to_string(),
        id
    );

    let (start, end) = ("2025-01-01 00:00:00", "2025-06-30 23:59:59");
    let created = count_where(&sim, |o| {
        o.order.create_time.as_str() >= start && o.order.create_time.as_str() <= end
    });
    let modified = count_where(&sim, |o| {
        o.order.last_modify_time.as_str() >= start && o.order.last_modify_time.as_str() <= end
    });
    assert!(created > 0);
    let range = [("StartTime", start), ("EndTime", end)];
    assert_eq!(total(&app, &admin(&range)).await, created);
    let by_create = admin(&[("SearchDateType", "CREATE_TIME"), range[0], range[1]]);
    assert_eq!(total(&app, &by_create).await, created);
    let by_modify = admin(&[("SearchDateType", "MODIFY_TIME"), range[0], range[1]]);
    assert_eq!(total(&app, &by_modify).await, modified);

    // Paging, newest first; Tid is accepted and ignored.
    let page = dms(
        &app,
        "ListOrders",
        &admin(&[("PageNumber", "3"), ("PageSize", "20"), ("Tid", "3001")]),
    )
    .await;
    let ids: Vec<i64> = page.json()["Orders"]["Order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["OrderId"].as_i64().unwrap())
        .collect();
    let expected: Vec<i64> = sim.orders()[40..60]
        .iter()
        .map(|o| o.order.order_id)
        .collect();
    assert_eq!(ids, expected);
}

#[tokio::test]
async fn simulator_refuses_unsigned_and_forged_calls() {
    let (_, vendors) = demo_app().await;
    let url = format!("http://{}/?Comment=x", vendors.addr(Kind::Dms));
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
    let query = vec![("Comment".to_string(), "x".to_string())];
    let host = vendors.addr(Kind::Dms).to_string();
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
        access_key_id: DMS_ACCESS_KEY_ID,
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
