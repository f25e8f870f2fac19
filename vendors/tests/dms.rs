//! Alibaba Cloud DMS: RPC calls, query round trips, decoding, PluginParam forms.

mod common;

use common::{paths, values};

use serde_json::{json, Value};
use vendors::dms::{self, CreateOrder, ListOrders};
use vendors::{FieldKind, Method};

fn export_order() -> CreateOrder {
    CreateOrder {
        tid: Some(3000),
        comment: "monthly report".into(),
        plugin_type: "DATA_EXPORT".into(),
        plugin_param: json!({"dbId": 170000, "exeSQL": "select 1", "logic": false}),
        related_user_list: "user1,user2".into(),
        attachment_key: None,
    }
}

#[test]
fn create_order_call_is_a_post_to_root_with_action_headers_and_query() {
    let call = dms::create_order_call(&export_order());
    assert_eq!((call.method, call.path.as_str()), (Method::Post, "/"));
    assert_eq!(call.header("x-acs-action"), Some("CreateOrder"));
    assert_eq!(call.header("x-acs-version"), Some("2018-11-01"));
    assert_eq!(dms::action_of(&call), Some("CreateOrder"));
    assert!(call.body.is_none());
    let keys: Vec<&str> = call.query.iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "Tid",
            "Comment",
            "PluginType",
            "PluginParam",
            "RelatedUserList"
        ]
    );
    assert_eq!(
        call.query[3].1,
        r#"{"dbId":170000,"exeSQL":"select 1","logic":false}"#
    );
    assert!(call
        .url("/proxy/dms")
        .contains("PluginParam=%7B%22dbId%22%3A170000"));
}

#[test]
fn create_order_query_round_trips() {
    let mut order = export_order();
    order.attachment_key = Some("key/1".into());
    let back = CreateOrder::from_query(&order.to_query()).unwrap();
    assert_eq!(back, order);
}

#[test]
fn create_order_from_query_reports_every_problem() {
    let pairs = vec![
        ("Tid".to_string(), "abc".to_string()),
        ("PluginType".to_string(), "DATA_EXPORT".to_string()),
        ("PluginParam".to_string(), "{\"dbId\": }".to_string()),
    ];
    let problems = CreateOrder::from_query(&pairs).unwrap_err();
    assert_eq!(
        paths(&problems),
        ["Tid", "PluginParam", "Comment", "RelatedUserList"]
    );
    assert!(
        problems[1].message.contains("line 1"),
        "{}",
        problems[1].message
    );
}

#[test]
fn list_orders_query_round_trips_and_validates() {
    let request = ListOrders {
        order_result_type: Some("AS_COMMITTER".into()),
        order_status: Some("ALL".into()),
        page_number: Some(2),
        page_size: Some(50),
        plugin_type: Some("DATA_EXPORT".into()),
        search_content: Some("report".into()),
        search_date_type: Some("CREATE_TIME".into()),
        start_time: Some("2024-01-01 00:00:00".into()),
        end_time: Some("2024-02-01 00:00:00".into()),
        tid: Some(3000),
    };
    let call = dms::list_orders_call(&request);
    assert_eq!(call.header("x-acs-action"), Some("ListOrders"));
    assert_eq!(ListOrders::from_query(&call.query).unwrap(), request);

    let bad = vec![
        ("OrderResultType".to_string(), "AS_EVERYONE".to_string()),
        ("PageNumber".to_string(), "0".to_string()),
        ("PageSize".to_string(), "x".to_string()),
        ("StartTime".to_string(), "2024-01-01".to_string()),
        ("SearchDateType".to_string(), "NOW".to_string()),
    ];
    let problems = ListOrders::from_query(&bad).unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "PageSize",
            "OrderResultType",
            "SearchDateType",
            "PageNumber",
            "StartTime"
        ]
    );
    let too_big = ListOrders {
        page_size: Some(10_001),
        ..Default::default()
    };
    assert_eq!(paths(&too_big.validate().unwrap_err()), ["PageSize"]);
}

#[test]
fn get_order_base_info_call_and_decoding() {
    let call = dms::get_order_base_info_call(42);
    assert_eq!(call.query, vec![("OrderId".to_string(), "42".to_string())]);
    assert_eq!(
        dms::GetOrderBaseInfo::from_query(&call.query)
            .unwrap()
            .order_id,
        42
    );
    assert_eq!(
        paths(&dms::GetOrderBaseInfo::from_query(&[]).unwrap_err()),
        ["OrderId"]
    );
    let body = json!({"Success": true, "RequestId": "r", "OrderBaseInfo": {"OrderId": "42",
        "StatusCode": "toaudit", "WorkflowInstanceId": 7, "RelatedUserList": {"UserIds": ["1"]}}});
    let info = dms::decode_get_order_base_info(200, &body.to_string()).unwrap();
    assert_eq!(info.order_base_info.order_id, 42);
    assert_eq!(info.order_base_info.workflow_instance_id, Some(7));
}

#[test]
fn decoding_success_reads_order_ids_even_as_strings() {
    let body = r#"{"Success": true, "RequestId": "R1", "CreateOrderResult": {"OrderIds": ["123"]}, "Unknown": 1}"#;
    let response = dms::decode_create_order(200, body).unwrap();
    assert_eq!(response.order_ids(), &[123]);
}

#[test]
fn decoding_failures_keep_code_message_and_request_id() {
    let failed = r#"{"Success": false, "RequestId": "R2", "ErrorCode": "InvalidParam", "ErrorMessage": "dbId is wrong"}"#;
    let error = dms::decode_create_order(200, failed).unwrap_err();
    assert_eq!(
        (
            error.code.as_str(),
            error.message.as_str(),
            error.request_id.as_deref()
        ),
        ("InvalidParam", "dbId is wrong", Some("R2"))
    );
    let gateway = r#"{"RequestId": "R3", "HostId": "dms-enterprise.aliyuncs.com", "Code": "IncompleteSignature",
        "Message": "The request signature does not conform to Aliyun standards.", "Recommend": "https://api.aliyun.com/troubleshoot?q=IncompleteSignature"}"#;
    let error = dms::decode_list_orders(400, gateway).unwrap_err();
    assert_eq!(error.status, 400);
    assert_eq!(error.code, "IncompleteSignature");
    assert_eq!(error.request_id.as_deref(), Some("R3"));
    assert!(error.details.unwrap().contains("troubleshoot"));
    let proxy = dms::decode_list_orders(504, "upstream timed out").unwrap_err();
    assert_eq!(proxy.message, "the proxy answered 504: upstream timed out");
    let bare_error = dms::decode_list_orders(500, "{}").unwrap_err();
    assert_eq!(bare_error.code, "HTTP 500");
}

#[test]
fn list_orders_decoding_keeps_unknown_statuses_and_maps_rows() {
    let body = json!({"Success": true, "RequestId": "R", "TotalCount": "45", "Orders": {"Order": [
        {"OrderId": 9, "Comment": "export", "Committer": "alice", "CommitterId": "12", "CreateTime": "2024-01-01 10:00:00",
         "LastModifyTime": "2024-01-02 10:00:00", "PluginType": "DATA_EXPORT", "StatusCode": "brand_new_state", "StatusDesc": "?"}]}});
    let response = dms::decode_list_orders(200, &body.to_string()).unwrap();
    let row = dms::order_summary(response.orders.order[0].clone());
    assert_eq!(
        (row.id.as_str(), row.title.as_str(), row.status.as_str()),
        ("9", "export", "brand_new_state")
    );
    assert_eq!(row.service.as_deref(), Some("DATA_EXPORT"));
    // The code colours the badge; DMS's own words are what it says.
    assert_eq!(row.status_label.as_deref(), Some("?"));
    let page = dms::page_from(
        &ListOrders {
            page_number: Some(3),
            page_size: Some(20),
            ..Default::default()
        },
        response,
    );
    assert_eq!((page.page, page.total, page.total_pages()), (3, 45, 3));
    let empty =
        dms::decode_list_orders(200, r#"{"Success": true, "Orders": {"Order": null}}"#).unwrap();
    assert!(empty.orders.order.is_empty());
}

#[test]
fn validation_reports_order_fields_and_plugin_keys_together() {
    let order = CreateOrder {
        plugin_type: "NDDL".into(),
        plugin_param: json!({"logic": "no"}),
        ..Default::default()
    };
    let problems = order.validate().unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "Comment",
            "RelatedUserList",
            "PluginParam.title",
            "PluginParam.dbId",
            "PluginParam.logic"
        ]
    );
    let not_object = CreateOrder {
        plugin_param: json!([1]),
        ..export_order()
    };
    assert_eq!(paths(&not_object.validate().unwrap_err()), ["PluginParam"]);
    let unknown_type = CreateOrder {
        plugin_type: "PERM_APPLY".into(),
        plugin_param: json!({"anything": 1}),
        ..export_order()
    };
    assert!(
        unknown_type.validate().is_ok(),
        "undocumented types only need an object"
    );
}

#[test]
fn ignoring_affected_rows_requires_a_reason() {
    let mut order = export_order();
    order.plugin_param = json!({"dbId": 1, "exeSQL": "select 1", "ignoreAffectRows": true, "ignoreAffectRowsReason": ""});
    let problems = order.validate().unwrap_err();
    assert_eq!(paths(&problems), ["PluginParam.ignoreAffectRowsReason"]);
    assert_eq!(
        problems[0].message,
        "A reason for ignoring affected rows is required."
    );
    order.plugin_param["ignoreAffectRowsReason"] = json!("the count is unknown");
    assert!(order.validate().is_ok());
}

#[test]
fn data_change_needs_databases_and_sql_when_sql_is_text() {
    let order = CreateOrder {
        plugin_type: "DC_COMMON".into(),
        plugin_param: json!({"estimateAffectRows": 1, "dbItemList": [{"dbId": 0}], "sqlType": "TEXT"}),
        ..export_order()
    };
    assert_eq!(
        paths(&order.validate().unwrap_err()),
        ["PluginParam.dbItemList[0].dbId", "PluginParam.execSQL"]
    );
    let attachment = CreateOrder {
        plugin_param: json!({"estimateAffectRows": 1, "dbItemList": [{"dbId": 5, "logic": false}], "sqlType": "ATTACHMENT"}),
        ..order
    };
    assert!(attachment.validate().is_ok());
}

#[test]
fn plugin_forms_use_wire_paths_and_kinds() {
    let export = dms::plugin_form("DATA_EXPORT").unwrap();
    let by_path = |path: &str| {
        export
            .iter()
            .find(|spec| spec.path == path)
            .unwrap()
            .clone()
    };
    assert_eq!(
        by_path("PluginParam.dbId").kind,
        FieldKind::Integer {
            min: Some(1),
            max: None
        }
    );
    assert!(by_path("PluginParam.dbId").required);
    assert_eq!(by_path("PluginParam.exeSQL").kind, FieldKind::Code);
    assert_eq!(by_path("PluginParam.logic").kind, FieldKind::Boolean);
    let change = dms::plugin_form("DC_COMMON").unwrap();
    let list = change
        .iter()
        .find(|spec| spec.path == "PluginParam.dbItemList")
        .unwrap();
    assert!(
        matches!(&list.kind, FieldKind::Repeated { fields, min: 1 } if fields[0].path == "dbId")
    );
    assert!(dms::plugin_form("PERM_APPLY").is_none());
    assert_eq!(dms::plugin_param_raw_field().kind, FieldKind::Json);
}

#[test]
fn typed_raw_typed_trip_keeps_every_value_including_unknown_keys() {
    let original = json!({
        "classify": "fix", "estimateAffectRows": 10, "execSQL": "update t set a = 1",
        "dbItemList": [{"dbId": 5, "logic": false, "instanceId": "i-1"}, {"dbId": 6, "logic": true}],
        "sqlType": "TEXT", "rbSQL": "update t set a = 0", "rbSQLType": "TEXT",
        "futureOption": {"nested": [1, 2]}, "dbId": "not-a-number"
    });
    let form = dms::plugin_param_to_form("DC_COMMON", &original);
    assert_eq!(form["PluginParam.dbItemList[1].dbId"], "6");
    assert_eq!(
        form["PluginParam.dbItemList[0].__unknown"],
        r#"{"instanceId":"i-1"}"#
    );
    let aside: Value = serde_json::from_str(&form["PluginParam.__unknown"]).unwrap();
    assert_eq!(
        aside,
        json!({"futureOption": {"nested": [1, 2]}, "dbId": "not-a-number"})
    );
    // typed -> raw (JSON) -> typed again.
    let raw = dms::plugin_param_from_form("DC_COMMON", &form).unwrap();
    assert_eq!(raw, original);
    assert_eq!(dms::plugin_param_to_form("DC_COMMON", &raw), form);
}

#[test]
fn values_that_do_not_fit_a_field_are_kept_aside_unchanged() {
    let original = json!({"title": "t", "dbId": 1, "logic": "yes", "relatedIds": [7, "ops"]});
    let form = dms::plugin_param_to_form("NDDL", &original);
    assert!(!form.contains_key("PluginParam.logic"));
    assert_eq!(form["PluginParam.relatedIds"], "7,ops");
    // The typed form refuses the odd value, and the raw switch returns it intact.
    let problems = dms::plugin_param_from_form("NDDL", &form).unwrap_err();
    assert_eq!(paths(&problems), ["PluginParam.logic"]);
}

#[test]
fn plugin_param_from_form_reports_form_and_cross_field_problems() {
    let form = values(&[
        ("PluginParam.dbId", "zero"),
        ("PluginParam.ignoreAffectRows", "true"),
        ("PluginParam.__unknown", "{oops"),
    ]);
    let problems = dms::plugin_param_from_form("DATA_EXPORT", &form).unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "PluginParam.dbId",
            "PluginParam.exeSQL",
            "PluginParam.__unknown",
            "PluginParam.ignoreAffectRowsReason"
        ]
    );
    assert_eq!(
        paths(&dms::plugin_param_from_form("OWNER_APPLY", &form).unwrap_err()),
        ["PluginType"]
    );
}

#[test]
fn create_from_form_typed_mode() {
    let order = dms::create_from_form(&values(&[
        ("PluginType", "DATA_EXPORT"),
        ("Comment", "report"),
        ("RelatedUserList", "u1, u2"),
        ("Tid", "3000"),
        ("PluginParam.dbId", "170000"),
        ("PluginParam.exeSQL", "select 1"),
        ("PluginParam.affectRows", "1"),
    ]))
    .unwrap();
    assert_eq!(order.related_user_list, "u1,u2");
    assert_eq!(order.tid, Some(3000));
    assert_eq!(
        order.plugin_param,
        json!({"dbId": 170000, "exeSQL": "select 1", "affectRows": 1, "logic": false, "ignoreAffectRows": false})
    );
}

#[test]
fn create_from_form_raw_mode_and_problems() {
    let raw = dms::create_from_form(&values(&[
        ("PluginType", "PERM_APPLY"),
        ("Comment", "access"),
        ("RelatedUserList", "u1"),
        ("PluginParam", r#"{"any": "shape"}"#),
    ]))
    .unwrap();
    assert_eq!(raw.plugin_param, json!({"any": "shape"}));

    let problems = dms::create_from_form(&values(&[
        ("PluginType", "NDDL"),
        ("Tid", "-1"),
        ("PluginParam", "{\"title\": \"t\"}"),
    ]))
    .unwrap_err();
    assert_eq!(
        paths(&problems),
        ["Comment", "RelatedUserList", "Tid", "PluginParam.dbId"]
    );

    let typed_problems = dms::create_from_form(&values(&[("PluginType", "NDDL")])).unwrap_err();
    assert_eq!(
        paths(&typed_problems),
        [
            "Comment",
            "RelatedUserList",
            "PluginParam.title",
            "PluginParam.dbId"
        ]
    );
}

#[test]
fn create_form_lists_order_fields() {
    let form = dms::create_form();
    let paths: Vec<&str> = form.iter().map(|spec| spec.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "PluginType",
            "Comment",
            "RelatedUserList",
            "Tid",
            "AttachmentKey"
        ]
    );
    assert_eq!(form[2].kind, FieldKind::MemberList);
    assert!(form[2].required && !form[3].required);
}

#[test]
fn the_switch_to_raw_json_keeps_invalid_and_unfinished_values() {
    let form = values(&[
        ("PluginParam.dbId", "12ab"),
        ("PluginParam.exeSQL", "select 1"),
        ("PluginParam.ignoreAffectRows", "true"),
        ("PluginParam.__unknown", "{oops"),
    ]);
    // plugin_param_from_form refuses these values; the switch must still carry all of them.
    assert!(dms::plugin_param_from_form("DATA_EXPORT", &form).is_err());
    let raw = dms::plugin_param_as_typed("DATA_EXPORT", &form);
    assert_eq!(
        raw,
        json!({"dbId": "12ab", "exeSQL": "select 1", "ignoreAffectRows": true, "__unknown": "{oops"})
    );
    // Back to typed: the number that never parsed waits aside, shown as other parameters.
    let back = dms::plugin_param_to_form("DATA_EXPORT", &raw);
    assert_eq!(back["PluginParam.exeSQL"], "select 1");
    let aside: Value = serde_json::from_str(&back["PluginParam.__unknown"]).unwrap();
    assert_eq!(aside, json!({"dbId": "12ab", "__unknown": "{oops"}));
}

#[test]
fn every_listed_action_builds_an_rpc_call_at_the_rpc_path() {
    for action in vendors::dms::ACTIONS {
        let call = vendors::dms::rpc_call(action, Vec::new());
        assert_eq!(call.path, vendors::dms::RPC_PATH);
        assert_eq!(vendors::dms::action_of(&call), Some(action));
    }
}

#[test]
fn every_parameter_a_call_writes_is_one_its_action_allows() {
    let order = CreateOrder {
        tid: Some(1),
        comment: "c".into(),
        plugin_type: "DATA_EXPORT".into(),
        plugin_param: json!({"dbId": 1}),
        related_user_list: "1".into(),
        attachment_key: Some("k".into()),
    };
    let list = ListOrders {
        order_result_type: Some("AS_ADMIN".into()),
        order_status: Some("ALL".into()),
        page_number: Some(1),
        page_size: Some(20),
        plugin_type: Some("DATA_EXPORT".into()),
        search_content: Some("x".into()),
        search_date_type: Some("CREATE_TIME".into()),
        start_time: Some("2024-01-01 00:00:00".into()),
        end_time: Some("2024-01-02 00:00:00".into()),
        tid: Some(1),
    };
    for call in [
        dms::create_order_call(&order),
        dms::list_orders_call(&list),
        dms::get_order_base_info_call(7),
    ] {
        let action = dms::action_of(&call).unwrap();
        let allowed = dms::parameters_of(action).unwrap();
        for (key, _) in &call.query {
            assert!(allowed.contains(&key.as_str()), "{action} writes {key}");
        }
    }
    assert_eq!(dms::parameters_of("DeleteInstance"), None);
    assert_eq!(
        dms::ACTIONS.map(|a| dms::parameters_of(a).is_some()),
        [true; 6]
    );
}

#[test]
fn forms_and_problems_are_made_in_the_current_language() {
    vendors::i18n::set(vendors::Lang::Zh);
    let export = dms::plugin_form("DATA_EXPORT").unwrap();
    let db_id = export
        .iter()
        .find(|spec| spec.path == "PluginParam.dbId")
        .unwrap();
    assert_eq!(db_id.label, "数据库 ID");
    let create = dms::create_form();
    assert_eq!(create[0].label, "工单类型");
    assert!(create[0]
        .help
        .as_deref()
        .unwrap()
        .contains("DATA_EXPORT（数据导出）"));
    let problems = dms::validate_plugin_param("DATA_EXPORT", &json!({"exeSQL": "select 1"}));
    assert_eq!(paths(&problems), ["PluginParam.dbId"]);
    assert_eq!(problems[0].message, "数据库 ID为必填项。");
    let (_, label) = dms::PLUGIN_TYPES[0];
    assert_eq!(label.get(), "数据导出");
    vendors::i18n::set(vendors::Lang::En);
    assert_eq!(
        dms::validate_plugin_param("DATA_EXPORT", &json!({"exeSQL": "select 1"}))[0].message,
        "Database id is required."
    );
    assert_eq!(label.get(), "Data export");
}

#[test]
fn a_count_reads_the_total_of_a_successful_answer_only() {
    let body = json!({"Success": true, "TotalCount": "45", "Orders": {"Order": [{"OrderId": 9}]}})
        .to_string();
    let full = dms::decode_list_orders(200, &body).unwrap();
    assert_eq!(dms::decode_order_count(200, &body), Some(full.total_count));
    assert_eq!(full.total_count, 45);
    for (status, failed) in [
        (
            200,
            r#"{"Success": false, "ErrorCode": "Forbidden", "TotalCount": 3}"#,
        ),
        (400, r#"{"Code": "InvalidParam", "TotalCount": 3}"#),
        (504, "upstream timed out"),
        // A 2xx that still says error, as the full decoder reads it.
        (
            200,
            r#"{"Code": "Throttling", "Message": "slow down", "TotalCount": 3}"#,
        ),
        (
            200,
            r#"{"error": {"code": "PATH_NOT_ALLOWED", "message": "no"}}"#,
        ),
    ] {
        assert!(dms::decode_list_orders(status, failed).is_err(), "{failed}");
        assert_eq!(dms::decode_order_count(status, failed), None, "{failed}");
    }
}
