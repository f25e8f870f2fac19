//! Deciding ZStack tickets as the demo IAM2 user `demo`: from "waiting for me", on a ticket's
//! page, in a batch, and withdrawing (then reopening) a ticket of one's own.

mod decide_support;

use decide_support::*;
use e2e::zstack::{fill_create_vm, log_in};
use e2e::Session;

const QUEUE: Queue = Queue {
    waiting: "/zstack/waiting?limit=20",
    decision_call: "/actions",
    rejected: "Rejected",
    refusal: "the requester of a ticket cannot approve it",
};

async fn logged_in() -> Session {
    let session = Session::start().await;
    session.open("/zstack/waiting?limit=20").await;
    log_in(&session).await;
    session
}

#[tokio::test]
async fn an_approver_approves_from_the_list_and_rejects_on_the_page_with_a_reason() {
    let session = logged_in().await;
    approve_from_list_and_reject_on_page(&session, &QUEUE).await;
    session.close().await;
}

#[tokio::test]
async fn a_batch_of_twenty_applies_nineteen_and_shows_the_refusal() {
    let session = logged_in().await;
    batch_of_twenty_with_one_refusal(&session, &QUEUE).await;
    session.close().await;
}

#[tokio::test]
async fn the_requester_withdraws_a_ticket_and_reopens_it() {
    let session = logged_in().await;
    session.open("/zstack/new").await;
    fill_create_vm(&session, "withdraw me").await;
    session.file_ticket().await;
    let uuid = session
        .wait_for_js(
            "[...document.querySelectorAll('.outcome.success dt')]
               .find(t => t.textContent === 'UUID')?.nextElementSibling.textContent",
        )
        .await;
    session
        .open(&format!("/zstack/tickets/{}", uuid.as_str().unwrap()))
        .await;
    withdraw(&session, "Cancelled").await;
    session
        .wait_until("reopening is offered", || async {
            offers(&session, "reopen").await
        })
        .await;
    let (kind, words) = decide(&session, "reopen", "").await;
    assert_eq!(kind, "done", "{words}");
    session
        .wait_until("the ticket is pending again", || async {
            page_status(&session).await == "Pending"
        })
        .await;
    session.close().await;
}
