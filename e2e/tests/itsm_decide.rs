//! Deciding BlueKing ITSM tickets as the demo approver `admin`: from "waiting for me", on a
//! ticket's page, in a batch, and withdrawing a ticket of one's own.

mod decide_support;

use decide_support::*;
use e2e::{itsm, Session};

const QUEUE: Queue = Queue {
    waiting: "/itsm/waiting?page_size=20",
    decision_call: "/itsm/approve/",
    rejected: "TERMINATED",
    refusal: "claimed by wang.fang",
};

#[tokio::test]
async fn an_approver_approves_from_the_list_and_rejects_on_the_page_with_a_reason() {
    let session = Session::start().await;
    itsm::remember_admin(&session).await;
    approve_from_list_and_reject_on_page(&session, &QUEUE).await;
    session.close().await;
}

#[tokio::test]
async fn a_batch_of_twenty_applies_nineteen_and_shows_the_refusal() {
    let session = Session::start().await;
    itsm::remember_admin(&session).await;
    batch_of_twenty_with_one_refusal(&session, &QUEUE).await;
    session.close().await;
}

#[tokio::test]
async fn the_waiting_page_asks_for_the_user_name_and_counts_in_the_navigation() {
    let session = Session::start().await;
    session.open("/itsm/waiting").await;
    session.fill("#itsm-user-name", "admin").await;
    session
        .find("form.ask-user button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let ids = rows(&session).await;
    assert!(!ids.is_empty());
    let count = session
        .wait_for_js("document.querySelector('[data-backend=itsm] .waiting-count')?.textContent")
        .await;
    assert_eq!(count, "1,596", "the seeded tickets waiting for admin");
    session.close().await;
}

#[tokio::test]
async fn the_creator_withdraws_a_ticket_of_the_built_in_approval_service() {
    let session = Session::start().await;
    itsm::remember_admin(&session).await;
    // The create_ticket document's example fields, filed as admin.
    let sn = session
        .execute(
            "return fetch('/proxy/itsm/api/c/compapi/v2/itsm/create_ticket/', {method: 'POST',
               headers: {'Content-Type': 'application/json', 'X-Ticket-Desk': '1'},
               body: JSON.stringify({service_id: 17, creator: 'admin', fields: [
                 {key: 'title', value: 'Withdraw me'}, {key: 'APPROVER', value: 'bob'},
                 {key: 'APPROVAL_CONTENT', value: 'two more seats'}]})})
             .then(r => r.json()).then(j => j.data.sn);",
            vec![],
        )
        .await;
    let sn = sn.as_str().expect("a ticket number").to_string();
    session.open(&format!("/itsm/tickets/{sn}")).await;
    withdraw(&session, "REVOKED").await;
    session.close().await;
}
