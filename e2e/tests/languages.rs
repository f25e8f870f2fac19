//! Simplified Chinese and English in a real browser: the first visit follows the browser's first
//! preferred language, every back-end files and lists tickets with the Chinese interface,
//! validation speaks Chinese at the field, and the top bar's switch changes the language at once
//! (no reload) and for good.

use e2e::prefs::{choose, html_lang, nav_texts, stored, wait_for_lang, wait_for_nav, LANG_KEY};
use e2e::{dms, itsm, zstack, Session};

const CHINESE_NAV: [&str; 3] = ["新建工单", "工单列表", "待我审批"];
const ENGLISH_NAV: [&str; 3] = ["New ticket", "Tickets", "Waiting for me"];

/// A session whose browser prefers Simplified Chinese, on `path`, with the shell in Chinese.
async fn chinese(path: &str) -> Session {
    let session = Session::start_in_language("zh-CN").await;
    session.open(path).await;
    wait_for_lang(&session, "zh-CN").await;
    wait_for_nav(&session, CHINESE_NAV).await;
    session
}

#[tokio::test]
async fn a_chinese_browser_gets_the_chinese_interface() {
    let session = Session::start_in_language("zh-CN").await;
    session.open("/").await;
    let preferred = session
        .execute("return navigator.languages[0];", vec![])
        .await;
    assert_eq!(preferred, "zh-CN", "the browser prefers Chinese");
    wait_for_lang(&session, "zh-CN").await;
    // Every back-end's links, not just the first.
    for id in ["itsm", "dms", "zstack"] {
        for (href, expected) in ["new", "tickets", "waiting"].iter().zip(CHINESE_NAV) {
            let text = session
                .find(&format!("[data-backend={id}] a[href='/{id}/{href}']"))
                .await
                .text()
                .await
                .unwrap();
            assert!(
                text.starts_with(expected),
                "{id}'s {href} link reads {expected}: {text:?}"
            );
        }
    }
    assert_eq!(session.value("select[name=lang]").await, "zh-CN");
    let labels = session.find(".prefs").await.text().await.unwrap();
    assert!(
        labels.contains("语言") && labels.contains("主题"),
        "the switches are labelled in Chinese: {labels:?}"
    );
    session.close().await;
}

#[tokio::test]
async fn the_first_visit_follows_the_first_preferred_language() {
    for (preferred, expected) in [
        ("zh", "zh-CN"),
        ("zh-Hans,en", "zh-CN"),
        ("en-US,en", "en"),
        ("en-GB,zh-CN", "en"),
        ("fr-FR,fr", "en"),
    ] {
        let session = Session::start_in_language(preferred).await;
        session.open("/").await;
        let first = session
            .execute("return navigator.languages[0];", vec![])
            .await;
        assert_eq!(
            first.as_str(),
            preferred.split(',').next(),
            "the browser's first preference"
        );
        wait_for_lang(&session, expected).await;
        let nav = if expected == "en" {
            ENGLISH_NAV
        } else {
            CHINESE_NAV
        };
        wait_for_nav(&session, nav).await;
        assert_eq!(
            session.value("select[name=lang]").await,
            expected,
            "the switch shows the language for a browser preferring {preferred}"
        );
        session.close().await;
    }
}

#[tokio::test]
async fn in_chinese_an_itsm_ticket_is_filed_and_listed() {
    let session = chinese("/itsm/new").await;
    let submit = session
        .find("form.ticket-form button[type=submit]")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(submit, "提交工单");
    let title = "中文工单：数据库扩容（华东 2 区）";
    let sn = itsm::file_raw_ticket(&session, "li.lei", title).await;
    itsm::find_in_list(&session, &sn, title).await;
    assert_eq!(html_lang(&session).await, "zh-CN");
    let csv = session
        .find("button.download-csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv, "下载 CSV");
    session.close().await;
}

/// The form's field labels as shown.
async fn labels(session: &Session) -> Vec<String> {
    // The form's page part may still be on its way.
    session.find("form.ticket-form label").await;
    let script = "return [...document.querySelectorAll('form.ticket-form label')]
        .map(label => label.textContent.trim());";
    serde_json::from_value(session.execute(script, vec![]).await).unwrap()
}

/// Sends the form as it is and waits for a Chinese "required" message at some field.
async fn a_chinese_required_message(session: &Session) -> String {
    session.submit_form().await;
    let script = "return [...document.querySelectorAll('form.ticket-form .field-error')]
        .map(error => error.textContent.trim()).find(text => text.endsWith('为必填项。')) || '';";
    let message = || async {
        let found = session.execute(script, vec![]).await;
        found.as_str().unwrap_or_default().to_string()
    };
    session
        .wait_until("a field says it is required, in Chinese", || async {
            !message().await.is_empty()
        })
        .await;
    message().await
}

#[tokio::test]
async fn in_chinese_a_dms_order_is_filed_and_listed() {
    let session = chinese("/dms/new").await;
    assert!(
        labels(&session)
            .await
            .iter()
            .any(|label| label.starts_with("工单类型")),
        "DMS labels in Chinese: {:?}",
        labels(&session).await
    );
    let message = a_chinese_required_message(&session).await;
    assert!(!message.is_ascii(), "{message}");
    let comment = "季度报表导出（中文备注）";
    dms::fill_data_export(&session, comment).await;
    let order_id = session.file_ticket().await;
    dms::find_in_list(&session, &order_id, comment).await;
    assert_eq!(nav_texts(&session).await, CHINESE_NAV);
    session.close().await;
}

#[tokio::test]
async fn in_chinese_a_zstack_ticket_is_filed_and_listed() {
    let session = chinese("/zstack/new").await;
    zstack::log_in(&session).await;
    assert!(
        labels(&session)
            .await
            .iter()
            .any(|label| label.starts_with("API 消息")),
        "ZStack request rows in Chinese: {:?}",
        labels(&session).await
    );
    let message = a_chinese_required_message(&session).await;
    assert!(!message.is_ascii(), "{message}");
    let name = "e2e-zh-zstack 创建云主机";
    zstack::fill_create_vm(&session, name).await;
    session.file_ticket().await;
    zstack::find_in_list(&session, "e2e-zh-zstack", name).await;
    assert_eq!(nav_texts(&session).await, CHINESE_NAV);
    session.close().await;
}

#[tokio::test]
async fn in_chinese_a_missing_required_field_is_named_at_the_field() {
    let session = chinese("/itsm/new").await;
    session.fill("[name='fields[0].value']", "没有提单人").await;
    session.submit_form().await;
    let error = session
        .wait_for_text("#f-creator-error", "为必填项。")
        .await;
    let label = error.trim().trim_end_matches("为必填项。");
    assert!(
        !label.trim().is_empty() && !label.is_ascii(),
        "the message names the field in Chinese: {error:?}"
    );
    let invalid = session
        .find("[name=creator]")
        .await
        .attr("aria-invalid")
        .await
        .unwrap();
    assert_eq!(invalid.as_deref(), Some("true"));
    assert_eq!(
        session.requests_to("/itsm/create_ticket/").await,
        0,
        "nothing was sent"
    );
    session.close().await;
}

#[tokio::test]
async fn switching_to_english_redraws_without_a_reload_and_is_remembered() {
    let session = chinese("/itsm/new").await;
    session
        .fill("[name='fields[0].value']", "typed before the switch")
        .await;
    // The draft is saved on every change; wait for it so the switch has something to keep.
    session
        .wait_for_js("Object.keys(localStorage).some(k => k.includes(':draft:itsm'))")
        .await;
    session
        .execute("window.e2eSameDocument = true;", vec![])
        .await;

    choose(&session, "lang", "en").await;
    wait_for_lang(&session, "en").await;
    wait_for_nav(&session, ENGLISH_NAV).await;
    let same_document = session
        .execute("return window.e2eSameDocument === true;", vec![])
        .await;
    assert_eq!(same_document, true, "the switch did not reload the page");
    session
        .wait_for_text("form.ticket-form button[type=submit]", "File ticket")
        .await;
    assert_eq!(
        session.value("[name='fields[0].value']").await,
        "typed before the switch",
        "the form keeps what was typed"
    );
    assert_eq!(stored(&session, LANG_KEY).await.as_deref(), Some("en"));

    session.client.refresh().await.unwrap();
    wait_for_nav(&session, ENGLISH_NAV).await;
    assert_eq!(html_lang(&session).await, "en");
    assert_eq!(session.value("select[name=lang]").await, "en");
    let same_document = session
        .execute("return window.e2eSameDocument === true;", vec![])
        .await;
    assert_eq!(same_document, false, "this was a fresh page");

    // And back: the Chinese browser's own language is one pick away.
    choose(&session, "lang", "zh-CN").await;
    wait_for_nav(&session, CHINESE_NAV).await;
    assert_eq!(stored(&session, LANG_KEY).await.as_deref(), Some("zh-CN"));
    session.close().await;
}
