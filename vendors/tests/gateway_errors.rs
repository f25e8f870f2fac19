//! The gateway's own errors in the app's words, and invalid JSON explained in the reader's
//! language: the gateway's codes are named as the gateway's (not the vendor's), said in plain
//! words about the back-end, with the code and the gateway's English text kept as details.

use std::path::Path;
use vendors::gateway::{gateway_code, GATEWAY_CODES};
use vendors::validate::{parse_json_object, Problems};
use vendors::{dms, i18n, itsm, zstack, Kind, Lang, VendorError};

const TIMEOUT: &str = r#"{"error": {"code": "GATEWAY_TIMEOUT", "message": "the itsm back-end did not answer in time"}}"#;

#[test]
fn a_gateway_timeout_is_the_gateways_in_both_languages() {
    let error = itsm::decode_create_ticket(504, TIMEOUT).unwrap_err();
    assert!(error.from_gateway);
    // Kept as sent, for support.
    assert_eq!(error.code, "GATEWAY_TIMEOUT");
    assert_eq!(error.message, "the itsm back-end did not answer in time");
    assert_eq!(
        error.said_by(Kind::Itsm.short_label()),
        "The gateway: ITSM did not answer in time. (code GATEWAY_TIMEOUT, gateway message: the itsm back-end did not answer in time)"
    );
    assert_eq!(
        error.to_string(),
        "the gateway: the back-end did not answer in time. (code GATEWAY_TIMEOUT, gateway message: the itsm back-end did not answer in time)"
    );

    i18n::set(Lang::Zh);
    let said = error.said_by(Kind::Itsm.short_label());
    let shown = error.to_string();
    i18n::set(Lang::En);
    assert_eq!(
        said,
        "网关：ITSM 没有及时响应。（错误码 GATEWAY_TIMEOUT，网关原文：the itsm back-end did not answer in time）"
    );
    assert_eq!(
        shown,
        "网关：后端没有及时响应。（错误码 GATEWAY_TIMEOUT，网关原文：the itsm back-end did not answer in time）"
    );
}

#[test]
fn every_back_end_reads_the_gateways_errors_whatever_the_status() {
    let too_large = r#"{"error":{"code":"PAYLOAD_TOO_LARGE","message":"request body is larger than 1048576 bytes"}}"#;
    let errors = [
        (
            Kind::Itsm,
            itsm::decode_get_tickets(413, too_large).unwrap_err(),
        ),
        (
            Kind::Dms,
            dms::decode_list_orders(413, too_large).unwrap_err(),
        ),
        (
            Kind::Zstack,
            zstack::decode_create_ticket(413, too_large).unwrap_err(),
        ),
    ];
    i18n::set(Lang::Zh);
    let said: Vec<String> = errors
        .iter()
        .map(|(kind, error)| error.said_by(kind.short_label()))
        .collect();
    i18n::set(Lang::En);
    assert_eq!(
        said[1],
        "网关：发往 DMS 的请求内容过大。（错误码 PAYLOAD_TOO_LARGE，网关原文：request body is larger than 1048576 bytes）"
    );
    for ((kind, error), said) in errors.iter().zip(&said) {
        assert!(error.from_gateway, "{kind}");
        assert_eq!(error.status, 413);
        assert!(said.starts_with("网关："), "{said}");
        assert!(!said.contains("返回："), "not the vendor's words: {said}");
    }
    assert_eq!(
        errors[0].1.said_by("ITSM"),
        "The gateway: the request to ITSM is too large. (code PAYLOAD_TOO_LARGE, gateway message: request body is larger than 1048576 bytes)"
    );
}

#[test]
fn every_known_code_has_words_in_both_languages() {
    for known in GATEWAY_CODES {
        let error = VendorError::by_gateway(known.status, known.code, "as sent");
        let english = error.said_by("ZStack");
        i18n::set(Lang::Zh);
        let chinese = error.said_by("ZStack");
        i18n::set(Lang::En);
        assert!(english.starts_with("The gateway: "), "{english}");
        assert!(chinese.starts_with("网关："), "{chinese}");
        for said in [&english, &chinese] {
            assert!(said.contains(known.code), "{said}");
            assert!(said.contains("as sent"), "{said}");
            assert!(!said.contains("{who}"), "{said}");
        }
        assert!(
            chinese
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{chinese}"
        );
    }
}

#[test]
fn vendor_errors_of_the_same_shape_stay_the_vendors() {
    // ZStack's own error object: `description`, its own codes.
    let zstack_error =
        r#"{"error": {"code": "SYS.1001", "description": "timeout", "details": "after 300s"}}"#;
    let error = zstack::decode_create_ticket(503, zstack_error).unwrap_err();
    assert!(!error.from_gateway);
    assert_eq!(
        error.said_by("ZStack"),
        "ZStack said: timeout: after 300s (code SYS.1001)"
    );
    // A gateway code in a body that is not the gateway's shape.
    let with_description =
        r#"{"error": {"code": "NOT_FOUND", "description": "no such VM", "details": "vm-1"}}"#;
    let error = zstack::decode_create_ticket(404, with_description).unwrap_err();
    assert!(!error.from_gateway);
    // A code the gateway does not make: shown as sent, as today.
    let unknown = itsm::decode_get_tickets(
        403,
        r#"{"error": {"code": "PATH_NOT_ALLOWED", "message": "not allowed"}}"#,
    )
    .unwrap_err();
    assert!(!unknown.from_gateway);
    assert_eq!(
        unknown.said_by("ITSM"),
        "ITSM said: not allowed (code PATH_NOT_ALLOWED)"
    );
    // The app's own error with a code the gateway also uses.
    let own = VendorError::new(404, "NOT_FOUND", "ZStack has no ticket t-1");
    assert_eq!(
        own.said_by("ZStack"),
        "ZStack said: ZStack has no ticket t-1 (code NOT_FOUND)"
    );
}

#[test]
fn the_mark_survives_serialization_and_is_left_out_when_false() {
    let error = itsm::decode_create_ticket(504, TIMEOUT).unwrap_err();
    let value = serde_json::to_value(&error).unwrap();
    assert_eq!(value["from_gateway"], true);
    assert_eq!(serde_json::from_value::<VendorError>(value).unwrap(), error);
    let vendor = serde_json::to_value(VendorError::new(400, "X", "bad")).unwrap();
    assert!(vendor.get("from_gateway").is_none(), "{vendor}");
}

/// The table lists every code the gateway makes its error bodies with, at the status it sends
/// (read from the gateway's sources: `StatusCode::X, "CODE"` in `ProxyError::new` calls).
#[test]
fn the_table_lists_every_code_the_gateway_makes() {
    let statuses = [
        ("BAD_REQUEST", 400),
        ("UNAUTHORIZED", 401),
        ("FORBIDDEN", 403),
        ("NOT_FOUND", 404),
        ("REQUEST_TIMEOUT", 408),
        ("PAYLOAD_TOO_LARGE", 413),
        ("UNSUPPORTED_MEDIA_TYPE", 415),
        ("MISDIRECTED_REQUEST", 421),
        ("INTERNAL_SERVER_ERROR", 500),
        ("BAD_GATEWAY", 502),
        ("SERVICE_UNAVAILABLE", 503),
        ("GATEWAY_TIMEOUT", 504),
    ];
    let pattern = regex_lite::Regex::new(r#"StatusCode::(\w+),\s*"([A-Z_]+)""#).unwrap();
    let mut found = Vec::new();
    let mut files = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../gateway/src")];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for capture in pattern.captures_iter(&text) {
                found.push((capture[1].to_string(), capture[2].to_string()));
            }
        }
    }
    assert!(found.len() >= GATEWAY_CODES.len(), "{found:?}");
    for (status_name, code) in &found {
        let known = gateway_code(code).unwrap_or_else(|| panic!("{code} is not in the table"));
        let status = statuses
            .iter()
            .find(|(name, _)| name == status_name)
            .map(|(_, status)| *status);
        assert_eq!(
            status,
            Some(known.status),
            "{code} is sent as {status_name}"
        );
    }
    for known in GATEWAY_CODES {
        assert!(
            found.iter().any(|(_, code)| code == known.code),
            "the gateway no longer makes {}",
            known.code
        );
    }
}

#[test]
fn invalid_json_is_explained_in_the_current_language() {
    let message = |text: &str| {
        let mut problems = Problems::new();
        problems.json_object_text("apiBody", "API body", text);
        problems.as_slice()[0].message.clone()
    };
    // English: serde_json's words, as before.
    assert_eq!(
        message("{\"a\": 1,}"),
        "API body is not valid JSON: trailing comma at line 1, column 9."
    );
    i18n::set(Lang::Zh);
    let cases = [
        (
            "{\"a\": 1,}",
            "API body不是有效的 JSON：多余的逗号（第 1 行，第 9 列）。",
        ),
        (
            "{\"a\" 1}",
            "API body不是有效的 JSON：缺少冒号（:）（第 1 行，第 6 列）。",
        ),
        (
            "{\"a\": 1\n\"b\": 2}",
            "API body不是有效的 JSON：缺少逗号（,）或右花括号（}）（第 2 行，第 1 列）。",
        ),
        (
            "{a: 1}",
            "API body不是有效的 JSON：对象的键必须是带双引号的字符串（第 1 行，第 2 列）。",
        ),
        (
            "{\"a\": tru}",
            "API body不是有效的 JSON：应为 true、false 或 null（第 1 行，第 10 列）。",
        ),
        (
            "{\"a\": [1, 2",
            "API body不是有效的 JSON：内容不完整，在结尾处意外结束（第 1 行，第 11 列）。",
        ),
    ];
    let got: Vec<String> = cases.iter().map(|(text, _)| message(text)).collect();
    let not_object = parse_json_object("[1]").unwrap_err();
    i18n::set(Lang::En);
    for ((text, expected), got) in cases.iter().zip(&got) {
        assert_eq!(got, expected, "for {text:?}");
        assert!(!got.contains("expected"), "no English reason: {got}");
    }
    assert_eq!(not_object, "必须是 JSON 对象（{...}），不能是列表。");
}
