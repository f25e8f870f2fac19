//! Call description, encoding, error display, the shared validation rules, summaries.

use serde_json::json;
use vendors::validate::{is_date, is_date_time, is_http_url, Problems};
use vendors::{
    encode_query, status_tone, HttpCall, Kind, Method, Page, Problem, Tone, VendorError,
};

#[test]
fn url_joins_base_path_and_encoded_query() {
    let mut call = HttpCall::new(Method::Get, "/zstack/v1/tickets");
    call.query = vec![
        ("q".into(), "name~=%vm 1%".into()),
        ("sortBy".into(), "createDate".into()),
    ];
    assert_eq!(
        call.url("https://desk.example/proxy/zstack/"),
        "https://desk.example/proxy/zstack/zstack/v1/tickets?q=name~%3D%25vm%201%25&sortBy=createDate"
    );
    let bare = HttpCall::new(Method::Post, "/");
    assert_eq!(bare.url("/proxy/dms"), "/proxy/dms/");
}

#[test]
fn encoding_keeps_only_rfc3986_unreserved_characters() {
    let pairs = vec![("K-._~".to_string(), "a+b c/é*".to_string())];
    assert_eq!(encode_query(&pairs), "K-._~=a%2Bb%20c%2F%C3%A9%2A");
}

#[test]
fn method_names_and_header_lookup() {
    assert_eq!(Method::Put.as_str(), "PUT");
    let mut call = HttpCall::new(Method::Post, "/");
    call.headers
        .push(("x-acs-action".into(), "CreateOrder".into()));
    assert_eq!(call.header("X-ACS-Action"), Some("CreateOrder"));
    assert_eq!(call.header("missing"), None);
}

#[test]
fn vendor_error_reads_as_a_sentence_with_code_and_request_id() {
    let error = VendorError::new(200, "3900001", "service not found")
        .with_request_id(Some("abc-123".into()));
    assert_eq!(
        error.to_string(),
        "service not found (code 3900001, request id abc-123)"
    );
    assert_eq!(
        error.said_by("ITSM"),
        "ITSM said: service not found (code 3900001, request id abc-123)"
    );
    let bare = VendorError::new(0, "", "");
    assert_eq!(bare.to_string(), "no explanation was given");
    let with_details =
        VendorError::new(503, "SYS.1001", "timeout").with_details(Some("after 300s".into()));
    assert_eq!(
        with_details.to_string(),
        "timeout: after 300s (code SYS.1001)"
    );
}

#[test]
fn vendor_error_and_problem_serialize_for_the_gateway() {
    let error = VendorError::new(400, "X", "bad");
    let value = serde_json::to_value(&error).unwrap();
    assert_eq!(value["status"], json!(400));
    assert_eq!(serde_json::from_value::<VendorError>(value).unwrap(), error);
    assert_eq!(
        Problem::new("creator", "Creator is required.").to_string(),
        "creator: Creator is required."
    );
}

#[test]
fn rule_required_rejects_blank_text() {
    let mut problems = Problems::new();
    assert!(!problems.require("creator", "Creator", "   "));
    assert!(problems.require("title", "Title", "x"));
    assert_eq!(
        problems.as_slice(),
        &[Problem::new("creator", "Creator is required.")]
    );
}

#[test]
fn rule_integer_parses_and_checks_the_range() {
    let mut problems = Problems::new();
    assert_eq!(
        problems.integer("page", "Page", " 3 ", Some(1), None),
        Some(3)
    );
    assert_eq!(
        problems.integer("page", "Page", "three", Some(1), None),
        None
    );
    assert_eq!(
        problems.integer("page_size", "Page size", "0", Some(1), Some(10_000)),
        None
    );
    assert_eq!(problems.integer("n", "N", "11", None, Some(10)), None);
    let messages: Vec<String> = problems.into_vec().into_iter().map(|p| p.message).collect();
    assert_eq!(
        messages,
        [
            "Page must be a whole number, not \"three\".",
            "Page size must be between 1 and 10000; 0 is not.",
            "N must be at most 10; 11 is too large.",
        ]
    );
}

#[test]
fn rule_date_time_and_date_formats() {
    assert!(is_date_time("2024-02-29 23:59:59"));
    assert!(
        !is_date_time("2023-02-29 10:00:00"),
        "2023 is not a leap year"
    );
    assert!(!is_date_time("2024-01-01T10:00:00"));
    assert!(!is_date_time("2024-01-01 24:00:00"));
    assert!(!is_date_time("2024-1-01 10:00:00"));
    assert!(is_date("2024-12-31"));
    assert!(!is_date("2024-13-01"));
    assert!(!is_date("2024-04-31"));
    let mut problems = Problems::new();
    problems.date_time("create_at__gte", "Created from", "yesterday");
    problems.date("d", "Due", "31/12/2024");
    let problems = problems.into_vec();
    assert_eq!(problems[0].path, "create_at__gte");
    assert!(problems[0].message.contains("YYYY-MM-DD hh:mm:ss"));
    assert!(problems[1].message.contains("YYYY-MM-DD"));
}

#[test]
fn rule_http_url_needs_a_scheme_and_host() {
    assert!(is_http_url("https://example.com/hook?x=1"));
    assert!(is_http_url("HTTP://example.com"));
    assert!(!is_http_url("ftp://example.com"));
    assert!(!is_http_url("https://"));
    assert!(!is_http_url("https://exa mple.com"));
    // A multi-byte character where the scheme would end: no scheme, and no panic.
    assert!(!is_http_url("httpé://example.com"));
    assert!(!is_http_url("日本://example.com"));
    // Any whitespace, ASCII or not, anywhere: the ASCII-only fast path must agree with Unicode.
    for space in [
        '\t', '\n', '\u{0B}', '\u{0C}', '\r', ' ', '\u{85}', '\u{A0}', '\u{3000}',
    ] {
        assert!(
            !is_http_url(&format!("https://example.com/a{space}b")),
            "{space:?}"
        );
        assert!(
            !is_http_url(&format!("https://例子.com/{space}")),
            "{space:?}"
        );
    }
    for byte in 0..=0x7F_u8 {
        let text = format!("https://example.com/{}", byte as char);
        assert_eq!(
            is_http_url(&text),
            !(byte as char).is_whitespace(),
            "{byte:#x}"
        );
    }
    assert!(is_http_url("https://例子.com/工单"));
    let mut problems = Problems::new();
    problems.http_url("meta.callback_url", "Callback URL", "javascript:alert(1)");
    assert!(problems.as_slice()[0]
        .message
        .contains("http:// or https://"));
}

#[test]
fn rule_zstack_uuid_is_32_hex_digits() {
    assert!(vendors::zstack::is_uuid("28c9a199e3e842d28c9805eb89be56cb"));
    assert!(!vendors::zstack::is_uuid(
        "28c9a199-e3e8-42d2-8c98-05eb89be56cb"
    ));
    assert!(!vendors::zstack::is_uuid(
        "28c9a199e3e842d28c9805eb89be56cg"
    ));
}

#[test]
fn rule_json_object_names_line_and_column() {
    let mut problems = Problems::new();
    assert!(problems
        .json_object_text("apiBody", "API body", "{\"a\": 1}")
        .is_some());
    assert!(problems
        .json_object_text("apiBody", "API body", "{\n  \"a\": 1,\n}")
        .is_none());
    assert!(problems
        .json_object_text("apiBody", "API body", "[1]")
        .is_none());
    assert!(!problems.json_object("PluginParam", "PluginParam", &json!("text")));
    let problems = problems.into_vec();
    assert!(
        problems[0]
            .message
            .starts_with("API body is not valid JSON"),
        "{}",
        problems[0].message
    );
    assert!(
        problems[0].message.contains("line 3, column 1"),
        "{}",
        problems[0].message
    );
    assert_eq!(
        problems[1].message,
        "API body must be a JSON object ({...}), not a list."
    );
    assert_eq!(
        problems[2].message,
        "PluginParam must be a JSON object ({...}), not text."
    );
}

#[test]
fn rule_pattern_and_choice() {
    let mut problems = Problems::new();
    assert!(problems.matches("phone", "Phone", "12345", "^[0-9]+$"));
    assert!(!problems.matches("phone", "Phone", "12a45", "^[0-9]+$"));
    assert!(!problems.one_of("sqlType", "SQL source", "FILE", &["TEXT", "ATTACHMENT"]));
    let problems = problems.into_vec();
    assert_eq!(problems.len(), 2);
    assert_eq!(
        problems[1].message,
        "SQL source must be one of TEXT, ATTACHMENT, not \"FILE\"."
    );
}

#[test]
fn kind_names_labels_and_serde() {
    assert_eq!(serde_json::to_value(Kind::Zstack).unwrap(), json!("zstack"));
    assert_eq!("dms".parse::<Kind>(), Ok(Kind::Dms));
    assert!("DMS".parse::<Kind>().is_err(), "exactly as serde reads it");
    assert!("jira".parse::<Kind>().is_err());
    assert_eq!(Kind::Itsm.label(), "BlueKing ITSM");
    assert_eq!(Kind::Itsm.as_str(), "itsm");
}

#[test]
fn status_tones_classify_known_statuses_and_keep_unknown_ones_unknown() {
    assert_eq!(status_tone(Kind::Itsm, "RUNNING"), Tone::Active);
    assert_eq!(status_tone(Kind::Itsm, "TERMINATED"), Tone::Danger);
    assert_eq!(status_tone(Kind::Itsm, "FINISHED"), Tone::Success);
    assert_eq!(status_tone(Kind::Dms, "toaudit"), Tone::Warning);
    assert_eq!(status_tone(Kind::Dms, "success"), Tone::Success);
    assert_eq!(
        status_tone(Kind::Zstack, "IntermediateApproved"),
        Tone::Active
    );
    assert_eq!(status_tone(Kind::Zstack, "Rejected"), Tone::Danger);
    assert_eq!(status_tone(Kind::Zstack, "SomethingNew"), Tone::Unknown);
}

#[test]
fn page_counts_pages() {
    let page = |total, page_size| Page {
        items: vec![],
        page: 1,
        page_size,
        total,
    };
    assert_eq!(page(0, 10).total_pages(), 0);
    assert_eq!(page(10, 10).total_pages(), 1);
    assert_eq!(page(10_001, 10_000).total_pages(), 2);
    assert_eq!(page(5, 0).total_pages(), 0);
    assert!(page(11, 10).has_next());
    assert!(!page(10, 10).has_next());
}

#[test]
fn instance_ids_are_plain_url_segments_and_not_the_proxy() {
    use vendors::kind::instance_id_problem;
    for good in ["itsm", "itsm-staging", "dms-2"] {
        assert_eq!(instance_id_problem(good), None, "{good}");
    }
    for bad in ["", "Prod", "itsm staging", "a/b", "itsm_prod"] {
        assert!(
            instance_id_problem(bad).unwrap().contains("lower-case"),
            "{bad}"
        );
    }
    assert!(instance_id_problem("proxy").unwrap().contains("reserved"));
}
