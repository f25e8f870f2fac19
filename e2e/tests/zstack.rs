//! ZStack tickets in a real browser against the demo gateway: login, the request builder,
//! api-job polling, ZStack's error body, and a session that ends mid-way.

use e2e::zstack::{fill_create_vm, find_in_list, log_in};
use e2e::Session;

#[tokio::test]
async fn the_create_vm_ticket_of_the_document_is_filed_and_listed() {
    // Every create answered directly: the job path has a test of its own.
    let session = Session::start_with_env(&[("TICKET_DESK_DEMO_ZSTACK_ASYNC_EVERY", "0")]).await;
    session.open("/zstack/new").await;
    log_in(&session).await;
    fill_create_vm(&session, "e2e create vm ticket").await;
    session.file_ticket().await;
    let facts = session.find(".outcome.success").await.text().await.unwrap();
    assert!(facts.contains("UUID"), "{facts}");

    let row = find_in_list(&session, "e2e create vm", "e2e create vm ticket").await;
    assert!(row.contains('1'), "one request: {row}");
    session.close().await;
}

#[tokio::test]
async fn a_create_answered_with_a_job_completes_after_polling() {
    let session = Session::start_with_env(&[("TICKET_DESK_DEMO_ZSTACK_ASYNC_EVERY", "1")]).await;
    session.open("/zstack/new").await;
    log_in(&session).await;
    fill_create_vm(&session, "e2e ticket through a job").await;
    session.submit_form().await;
    session
        .wait_for_text(".job-progress", "ZStack accepted the ticket")
        .await;
    session.wait_for_text(".outcome.success", "created").await;
    let polls = session
        .execute(
            "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api-jobs/')).length;",
            vec![],
        )
        .await;
    assert!(
        polls.as_u64().unwrap() >= 2,
        "the job was polled until done: {polls}"
    );
    assert_eq!(
        session.count(".job-progress").await,
        0,
        "the progress note is gone"
    );
    session.close().await;
}

#[tokio::test]
async fn an_api_body_syntax_error_is_shown_and_nothing_is_sent() {
    let session = Session::start().await;
    session.open("/zstack/new").await;
    fill_create_vm(&session, "broken body").await;
    session
        .fill(
            "[name='params.requests[0].apiBody']",
            "{\"name\": \"vm\",, }",
        )
        .await;
    session
        .wait_for_text("#f-params-requests-0-apiBody-error", "line 1")
        .await;
    session.submit_form().await;
    session.wait_for_text(".problem-summary", "problem").await;
    assert_eq!(session.requests_to("/zstack/v1/tickets").await, 0);
    session.close().await;
}

#[tokio::test]
async fn a_zstack_error_body_is_shown_with_the_form_intact() {
    let session = Session::start_with_env(&[("TICKET_DESK_DEMO_ZSTACK_ASYNC_EVERY", "0")]).await;
    session.open("/zstack/new").await;
    log_in(&session).await;
    fill_create_vm(&session, "unknown api").await;
    session
        .fill("[name='params.requests[0].apiName']", "CreateVmPlease")
        .await;
    session.submit_form().await;
    let failure = session
        .wait_for_text(".outcome.failure", "ZStack said:")
        .await;
    assert!(
        failure.contains("code SYS."),
        "ZStack's error code: {failure}"
    );
    assert_eq!(
        session.value("[name='params.requests[0].apiName']").await,
        "CreateVmPlease"
    );
    assert_eq!(session.value("[name='params.name']").await, "unknown api");
    session.close().await;
}

#[tokio::test]
async fn an_ended_session_asks_for_a_new_login_and_keeps_the_form() {
    let session = Session::start_with_env(&[("TICKET_DESK_DEMO_ZSTACK_ASYNC_EVERY", "0")]).await;
    session.open("/zstack/new").await;
    log_in(&session).await;
    fill_create_vm(&session, "ticket across a re-login").await;
    session
        .fill(
            "[name='params.description']",
            "typed before the session ended",
        )
        .await;

    // The session ends on the server (as when it expires); the tab still holds it.
    session.end_zstack_session_on_server().await;
    session.submit_form().await;
    session
        .wait_for_text(".login-form", "ZStack rejected your session")
        .await;
    session
        .wait_for_text(".outcome.failure", "ZStack said:")
        .await;
    assert_eq!(
        session.value("[name='params.description']").await,
        "typed before the session ended"
    );

    log_in(&session).await;
    session.file_ticket().await;
    session.close().await;
}

/// The drafts this tab keeps in localStorage, by key.
async fn saved_drafts(session: &Session) -> u64 {
    let script = "return Object.keys(localStorage).filter(k => k.includes(':draft:')).length;";
    session.execute(script, vec![]).await.as_u64().unwrap()
}

#[tokio::test]
async fn a_ticket_filed_after_the_page_was_left_clears_its_draft() {
    let session = Session::start_with_env(&[("TICKET_DESK_DEMO_ZSTACK_ASYNC_EVERY", "1")]).await;
    session.open("/zstack/new").await;
    log_in(&session).await;
    fill_create_vm(&session, "e2e ticket filed after leaving").await;
    assert_eq!(saved_drafts(&session).await, 1, "the draft is saved");
    session.submit_form().await;
    session
        .wait_for_text(".job-progress", "ZStack accepted the ticket")
        .await;

    // Leave within the app while ZStack still works on the job.
    session
        .find(".backend-nav a[href$='/zstack/tickets']")
        .await
        .click()
        .await
        .unwrap();
    session.wait_for_text(".session-bar", "Logged in").await;
    session
        .wait_until("the filed ticket's draft is gone", || async {
            saved_drafts(&session).await == 0
        })
        .await;

    // The app still works: the list answers and the create page starts empty.
    session.wait_for_text(".list-total", "page 1 of").await;
    session
        .find(".backend-nav a[href$='/zstack/new']")
        .await
        .click()
        .await
        .unwrap();
    session.find("[name='params.name']").await;
    assert_eq!(session.value("[name='params.name']").await, "");
    session.close().await;
}
