//! Alibaba Cloud DMS orders in a real browser against the demo gateway (which signs every call
//! and whose simulator verifies the signature).

use e2e::dms::{fill_data_export, fill_order, find_in_list};
use e2e::Session;

#[tokio::test]
async fn a_data_export_order_as_in_the_document_is_filed_and_listed() {
    let session = Session::start().await;
    // The PluginParam example of the CreateOrder document.
    fill_data_export(&session, "Export for the quarterly report").await;
    let order_id = session.file_ticket().await;
    assert!(order_id.parse::<i64>().is_ok(), "an order id: {order_id}");
    find_in_list(&session, &order_id, "Export for the quarterly report").await;
    session.close().await;
}

#[tokio::test]
async fn a_schema_design_order_is_filed_and_listed() {
    let session = Session::start().await;
    fill_order(&session, "NDDL", "Add the invoices table").await;
    session.fill("[name='PluginParam.title']", "test").await;
    session
        .fill("[name='PluginParam.description']", "test")
        .await;
    session.fill("[name='PluginParam.dbId']", "1003").await;
    let order_id = session.file_ticket().await;
    find_in_list(&session, &order_id, "Add the invoices table").await;
    session.close().await;
}

#[tokio::test]
async fn a_raw_json_syntax_error_is_shown_at_the_editor_and_nothing_is_sent() {
    let session = Session::start().await;
    fill_order(&session, "DATA_EXPORT", "Broken JSON").await;
    session
        .find(".editor-switch button:nth-of-type(2)")
        .await
        .click()
        .await
        .unwrap();
    session
        .fill(
            "[name=PluginParam]",
            "{\n  \"dbId\": 1001,\n  \"exeSQL\": \"select 1\"\n  \"logic\": false\n}",
        )
        .await;
    // Shown while typing, before any submit: with the line and column of the mistake.
    let error = session
        .wait_for_text("#f-PluginParam-error", "line 4")
        .await;
    assert!(error.contains("column"), "{error}");
    session.submit_form().await;
    session.wait_for_text(".problem-summary", "problem").await;
    assert_eq!(session.requests_to("Comment=").await, 0, "nothing was sent");
    session.close().await;
}

#[tokio::test]
async fn a_rejection_by_dms_is_shown_with_its_code_and_request_id_and_the_form_intact() {
    let session = Session::start().await;
    fill_order(
        &session,
        "DATA_EXPORT",
        "Export from a database that does not exist",
    )
    .await;
    session.fill("[name='PluginParam.dbId']", "99999").await;
    session
        .fill("[name='PluginParam.exeSQL']", "select * from nowhere")
        .await;
    session.submit_form().await;
    let failure = session.wait_for_text(".outcome.failure", "DMS said:").await;
    assert!(failure.contains("99999"), "the vendor's message: {failure}");
    assert!(
        failure.contains("code "),
        "the vendor's error code: {failure}"
    );
    assert!(failure.contains("request id "), "the request id: {failure}");
    assert_eq!(session.value("[name='PluginParam.dbId']").await, "99999");
    assert_eq!(
        session.value("[name='PluginParam.exeSQL']").await,
        "select * from nowhere"
    );
    assert_eq!(
        session.value("[name=Comment]").await,
        "Export from a database that does not exist"
    );
    assert_eq!(session.requests_to("Comment=").await, 1);
    session.close().await;
}

#[tokio::test]
async fn switching_between_typed_and_raw_json_keeps_every_value() {
    let session = Session::start().await;
    fill_order(&session, "DC_COMMON", "Fix the prices").await;
    session.fill("[name='PluginParam.classify']", "fix").await;
    session
        .fill("[name='PluginParam.execSQL']", "update t set price = 1")
        .await;
    session
        .fill("[name='PluginParam.dbItemList[0].dbId']", "1002")
        .await;
    session
        .fill("[name='PluginParam.estimateAffectRows']", "12x")
        .await; // not a number (yet)

    session
        .find(".editor-switch button:nth-of-type(2)")
        .await
        .click()
        .await
        .unwrap();
    let raw = session.value("[name=PluginParam]").await;
    let json: serde_json::Value = serde_json::from_str(&raw).expect("the raw editor holds JSON");
    assert_eq!(json["classify"], "fix");
    assert_eq!(json["dbItemList"][0]["dbId"], 1002);
    assert_eq!(
        json["estimateAffectRows"], "12x",
        "an unfinished value survives: {raw}"
    );

    // An extra key typed in JSON survives the way back to the typed editor, and back again.
    let edited = raw.replacen('{', "{\n  \"futureOption\": true,", 1);
    session.fill("[name=PluginParam]", &edited).await;
    session
        .find(".editor-switch button:nth-of-type(1)")
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(
        session.value("[name='PluginParam.execSQL']").await,
        "update t set price = 1"
    );
    assert_eq!(
        session
            .value("[name='PluginParam.dbItemList[0].dbId']")
            .await,
        "1002"
    );
    let aside = session.value("[name='PluginParam.__unknown']").await;
    assert!(
        aside.contains("futureOption") && aside.contains("12x"),
        "{aside}"
    );

    session
        .find(".editor-switch button:nth-of-type(2)")
        .await
        .click()
        .await
        .unwrap();
    let again: serde_json::Value =
        serde_json::from_str(&session.value("[name=PluginParam]").await).unwrap();
    assert_eq!(again["futureOption"], true);
    assert_eq!(again["estimateAffectRows"], "12x");
    assert_eq!(again["execSQL"], "update t set price = 1");
    session.close().await;
}
