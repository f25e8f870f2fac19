//! Several instances of one kind in one deployment, and config.json entries the app refuses.

use e2e::Session;

/// Two ITSM instances behind the demo's one ITSM proxy, as a production and a staging ITSM.
const TWO_ITSMS: &str = r#"{"backends": [
    {"id": "itsm", "label": "BlueKing ITSM", "base_url": "/proxy/itsm"},
    {"id": "itsm-staging", "kind": "itsm", "label": "ITSM staging", "base_url": "/proxy/itsm"},
    {"id": "dms", "label": "Alibaba Cloud DMS", "base_url": "/proxy/dms"}
]}"#;

const TITLE: &str = "[name='fields[0].value']";

#[tokio::test]
async fn two_instances_of_a_kind_have_their_own_pages_and_drafts() {
    let (session, _dist) = Session::start_with_config(TWO_ITSMS).await;
    session.open("/").await;
    let nav = session.wait_for_text(".backend-nav", "ITSM staging").await;
    assert!(nav.contains("BlueKing ITSM"), "{nav}");
    session
        .find("[data-backend=itsm-staging] a[href='/itsm-staging/new']")
        .await;

    session.open("/itsm/new").await;
    session
        .wait_for_text("h1", "New BlueKing ITSM ticket")
        .await;
    session.fill(TITLE, "Only on production").await;

    session.open("/itsm-staging/new").await;
    session.wait_for_text("h1", "New ITSM staging ticket").await;
    assert_eq!(session.value(TITLE).await, "", "staging has its own draft");
    assert_eq!(session.count(".draft-notice").await, 0);
    session.fill(TITLE, "Only on staging").await;

    session.open("/itsm/new").await;
    session
        .wait_for_text(".draft-notice", "Restored your unsent draft")
        .await;
    assert_eq!(session.value(TITLE).await, "Only on production");
    session.open("/itsm-staging/new").await;
    session
        .wait_for_text(".draft-notice", "Restored your unsent draft")
        .await;
    assert_eq!(session.value(TITLE).await, "Only on staging");

    for list in ["/itsm/tickets", "/itsm-staging/tickets"] {
        session.open(list).await;
        session.wait_for_text(".list-total", "page 1 of").await;
        assert!(session.count(".ticket-row").await > 0, "{list} has rows");
    }
    session.close().await;
}

#[tokio::test]
async fn an_unknown_kind_is_named_on_the_start_up_error_page() {
    let (session, _dist) = Session::start_with_config(
        r#"{"backends": [
            {"id": "itsm", "label": "BlueKing ITSM", "base_url": "/proxy/itsm"},
            {"id": "jira", "kind": "jira", "label": "Jira", "base_url": "/proxy/jira"}
        ]}"#,
    )
    .await;
    session.open("/").await;
    let alert = session
        .wait_for_text("[role=alert]", "Ticket Desk could not start")
        .await;
    assert!(
        alert.contains(r#"backends[1] ("jira"): unknown variant `jira`"#),
        "the entry and its problem are named: {alert}"
    );
    session.close().await;
}
