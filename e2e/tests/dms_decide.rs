//! Deciding DMS orders as the demo AccessKey user `dms_demo`: from "waiting for me", on an
//! order's page, in a batch, and withdrawing an order of one's own.

mod decide_support;

use decide_support::*;
use e2e::Session;

const QUEUE: Queue = Queue {
    waiting: "/dms/waiting?PageSize=20",
    decision_call: "ApprovalType=",
    rejected: "Rejected",
    refusal: "The committer of an order cannot approve or reject it.",
};

#[tokio::test]
async fn an_approver_approves_from_the_list_and_rejects_on_the_page_with_a_reason() {
    let session = Session::start().await;
    approve_from_list_and_reject_on_page(&session, &QUEUE).await;
    session.close().await;
}

#[tokio::test]
async fn a_batch_of_twenty_applies_nineteen_and_shows_the_refusal() {
    let session = Session::start().await;
    batch_of_twenty_with_one_refusal(&session, &QUEUE).await;
    session.close().await;
}

#[tokio::test]
async fn the_committer_withdraws_an_order_awaiting_approval() {
    let session = Session::start().await;
    session
        .open("/dms/tickets?OrderResultType=AS_COMMITTER&OrderStatus=RUNNING&PageSize=20")
        .await;
    let ids = rows(&session).await;
    open_from_list(&session, &ids[0]).await;
    withdraw(&session, "Closed").await;
    session.close().await;
}
