//! Filing BlueKing ITSM tickets in a real browser against the demo gateway: raw mode, a service
//! form, validation at the field, vendor errors, drafts across a reload, one ticket per click.

use e2e::itsm::{file_raw_ticket, find_in_list};
use e2e::Session;
use serde_json::json;

#[tokio::test]
async fn raw_mode_files_a_ticket_that_the_list_finds() {
    let session = Session::start().await;
    let sn = file_raw_ticket(&session, "alice", "Raw mode e2e ticket").await;
    assert!(sn.starts_with("NO"), "an ITSM sn: {sn}");
    assert_eq!(session.requests_to("/itsm/create_ticket/").await, 1);
    // The draft is gone and the form is back to its start, creator remembered.
    assert_eq!(session.value("[name='fields[0].value']").await, "");
    assert_eq!(session.value("[name=creator]").await, "alice");
    find_in_list(&session, &sn, "Raw mode e2e ticket").await;
    session.close().await;
}

#[tokio::test]
async fn a_service_form_files_a_ticket_that_the_list_finds() {
    let session = Session::start().await;
    session.open("/itsm/new").await;
    // The first service the simulator offers (they load after the page).
    let first_service = session
        .find("#service-picker option[value]:not([value=''])")
        .await;
    let service_id = first_service.attr("value").await.unwrap().unwrap();
    session
        .find("#service-picker")
        .await
        .select_by_value(&service_id)
        .await
        .unwrap();
    // The service's own form replaces raw mode, and the URL says which service it is.
    session.find("[name='fields[0].value']").await;
    let url = session.client.current_url().await.unwrap();
    assert!(url.query().unwrap_or("").starts_with("service="), "{url}");

    // Fill every required field the service declares, each with a value of its kind.
    session
        .execute(
            "const form = document.querySelector('form.ticket-form');
             const set = (el, v) => { el.value = v; el.dispatchEvent(new Event(
                 el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true })); };
             for (const el of form.querySelectorAll('[aria-required=true]')) {
                 if (el.value) continue;
                 if (el.tagName === 'SELECT') set(el, el.options[1].value);
                 else if (el.type === 'date') set(el, '2026-12-01');
                 else if (el.type === 'datetime-local') set(el, '2026-12-01T10:00:00');
                 else if (el.inputMode === 'numeric') set(el, '4');
                 else set(el, el.name === 'creator' ? 'bob' : 'svc-e2e-value');
             }
             for (const group of form.querySelectorAll('fieldset.choice-group')) {
                 if (group.querySelector('.required') && !group.querySelector('input:checked'))
                     group.querySelector('input').click();
             }",
            vec![],
        )
        .await;
    let sn = session.file_ticket().await;
    find_in_list(&session, &sn, "svc-e2e-value").await;
    session.close().await;
}

#[tokio::test]
async fn a_missing_required_field_is_shown_at_the_field_and_nothing_is_sent() {
    let session = Session::start().await;
    session.open("/itsm/new").await;
    session
        .fill("[name='fields[0].value']", "No creator here")
        .await;
    session.submit_form().await;

    let error = session.wait_for_text("#f-creator-error", "required").await;
    assert!(error.contains("Creator"), "{error}");
    let invalid = session
        .find("[name=creator]")
        .await
        .attr("aria-invalid")
        .await
        .unwrap();
    assert_eq!(invalid.as_deref(), Some("true"));
    session
        .wait_for_text(".problem-summary", "There is 1 problem")
        .await;
    // Focus went to the first field in error, so the user can type straight away.
    let focused = session
        .client
        .execute("return document.activeElement.name;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, json!("creator"));
    assert_eq!(
        session.requests_to("/itsm/create_ticket/").await,
        0,
        "nothing was sent"
    );
    session.close().await;
}

#[tokio::test]
async fn a_vendor_error_is_shown_in_plain_words_with_the_form_intact() {
    let session = Session::start().await;
    session.open("/itsm/new").await;
    // Raw mode knows nothing of service 1's required fields: ITSM itself refuses the ticket.
    session.fill("[name=service_id]", "1").await;
    session.fill("[name=creator]", "carol").await;
    session
        .fill("[name='fields[0].value']", "Missing the service's fields")
        .await;
    session.submit_form().await;

    let failure = session
        .wait_for_text(".outcome.failure", "ITSM said:")
        .await;
    assert!(
        failure.contains("code"),
        "the vendor's code is shown: {failure}"
    );
    assert_eq!(session.value("[name=creator]").await, "carol");
    assert_eq!(
        session.value("[name='fields[0].value']").await,
        "Missing the service's fields"
    );
    assert_eq!(session.value("[name=service_id]").await, "1");
    session.close().await;
}

#[tokio::test]
async fn a_reload_keeps_the_draft_and_discard_clears_it() {
    let session = Session::start().await;
    session.open("/itsm/new").await;
    session.fill("[name=creator]", "dave").await;
    session
        .fill("[name='fields[0].value']", "Half-written ticket")
        .await;
    session.find("button.add-row").await.click().await.unwrap();
    session.fill("[name='fields[1].key']", "APPROVER").await;

    session.client.refresh().await.unwrap();
    session
        .wait_for_text(".draft-notice", "Restored your unsent draft")
        .await;
    assert_eq!(
        session.value("[name='fields[0].value']").await,
        "Half-written ticket"
    );
    assert_eq!(session.value("[name='fields[1].key']").await, "APPROVER");

    session
        .find(".draft-notice button")
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(session.value("[name='fields[0].value']").await, "");
    session.client.refresh().await.unwrap();
    session.find("[name='fields[0].value']").await;
    assert_eq!(session.value("[name='fields[0].value']").await, "");
    session.close().await;
}

#[tokio::test]
async fn a_double_click_files_one_ticket() {
    let session = Session::start().await;
    session.open("/itsm/new").await;
    session.fill("[name=creator]", "erin").await;
    session
        .fill("[name='fields[0].value']", "Clicked twice")
        .await;
    // Two clicks in the same task, before any answer can arrive, then Enter in a field.
    session
        .client
        .execute(
            "const b = document.querySelector('form.ticket-form button[type=submit]'); b.click(); b.click();",
            vec![],
        )
        .await
        .unwrap();
    session.wait_for_text(".outcome.success", "filed").await;
    assert_eq!(session.requests_to("/itsm/create_ticket/").await, 1);
    session.close().await;
}
