//! What the decision tests share: the "waiting for me" list, ticking rows, batch decisions,
//! and deciding on a ticket's page, driven the way a person would.
// Each test file uses its own part of these.
#![allow(dead_code)]

use e2e::Session;
use serde_json::json;

/// A window tall enough for a 20-row page to be in the DOM whole (the table is windowed).
pub async fn tall_window(session: &Session) {
    session
        .client
        .set_window_size(1280, 1400)
        .await
        .expect("resize the window");
}

/// Waits until the list shows rows with selection boxes, and returns their ticket ids in order.
pub async fn rows(session: &Session) -> Vec<String> {
    session
        .wait_for_js("document.querySelectorAll('.ticket-row .row-select').length > 0")
        .await;
    let ids = session
        .execute(
            "return [...document.querySelectorAll('.ticket-row')].map(r => r.dataset.id);",
            vec![],
        )
        .await;
    serde_json::from_value(ids).unwrap()
}

/// Ticks the row of each ticket id.
pub async fn tick(session: &Session, ids: &[String]) {
    for id in ids {
        session
            .find(&format!(".ticket-row[data-id='{id}'] .row-select"))
            .await
            .click()
            .await
            .unwrap();
    }
}

/// Fills the batch reason, clicks "Approve selected" / "Reject selected" (`decision` is
/// `approve` or `reject`) and waits for the run's summary, which it returns.
pub async fn batch(session: &Session, decision: &str, reason: &str) -> String {
    session.fill("#f-batch-comment", reason).await;
    session
        .find(&format!("[data-batch={decision}]"))
        .await
        .click()
        .await
        .unwrap();
    session
        .wait_for_js("document.querySelector('.batch-summary')?.textContent")
        .await
        .as_str()
        .unwrap()
        .to_string()
}

/// The outcome a row shows (`done`, `failed`, `uncertain`, `pending`) and its words.
pub async fn outcome(session: &Session, id: &str) -> (String, String) {
    let found = session
        .execute(
            "const o = document.querySelector(`.ticket-row[data-id='${arguments[0]}'] .row-outcome`);
             return o ? [o.dataset.outcome, o.textContent] : null;",
            vec![json!(id)],
        )
        .await;
    serde_json::from_value::<Option<(String, String)>>(found)
        .unwrap()
        .unwrap_or_default()
}

/// The status badge text of a row.
pub async fn row_status(session: &Session, id: &str) -> String {
    session
        .find(&format!(".ticket-row[data-id='{id}'] .badge"))
        .await
        .text()
        .await
        .unwrap()
}

/// Opens a ticket's page from its title link in the list and waits for its decisions.
pub async fn open_from_list(session: &Session, id: &str) {
    session
        .find(&format!(".ticket-row[data-id='{id}'] a:not([target])"))
        .await
        .click()
        .await
        .unwrap();
    session.find(".ticket-detail .detail-title").await;
}

/// On a ticket's page: types the reason, clicks the decision's button and waits for the
/// outcome; returns `(data-outcome, words)`.
pub async fn decide(session: &Session, decision: &str, reason: &str) -> (String, String) {
    session.fill("#f-comment", reason).await;
    session
        .find(&format!("[data-decision={decision}]"))
        .await
        .click()
        .await
        .unwrap();
    let found = session
        .wait_for_js(
            "(() => { const o = document.querySelector('#decision-outcome [data-outcome]');
                      return o ? [o.dataset.outcome, o.textContent] : null; })()",
        )
        .await;
    serde_json::from_value(found).unwrap()
}

/// The status badge on a ticket's page.
pub async fn page_status(session: &Session) -> String {
    session
        .find(".detail-status .badge")
        .await
        .text()
        .await
        .unwrap()
}

/// The timeline's entries, oldest first, each as its whole text.
pub async fn timeline(session: &Session) -> Vec<String> {
    let entries = session
        .execute(
            "return [...document.querySelectorAll('.timeline-entry')].map(e => e.textContent);",
            vec![],
        )
        .await;
    serde_json::from_value(entries).unwrap()
}

/// Whether the page offers this decision (`approve`, `reject`, `withdraw`, `reopen`).
pub async fn offers(session: &Session, decision: &str) -> bool {
    session.count(&format!("[data-decision={decision}]")).await > 0
}

/// One back-end's "waiting for me" queue as the decision tests drive it.
pub struct Queue {
    /// The waiting list with 20 rows per page, e.g. `/itsm/waiting?page_size=20`.
    pub waiting: &'static str,
    /// A piece of the URL of every decision call (and of nothing else the page sends).
    pub decision_call: &'static str,
    /// The status words a rejected ticket shows.
    pub rejected: &'static str,
    /// Words of the vendor's refusal of the one seeded ticket the demo user may not approve.
    pub refusal: &'static str,
}

/// Approves the first waiting ticket from the list, then on the second one's page tries to
/// reject without a reason (stopped at the field, nothing sent), rejects with one, and checks
/// statuses and timelines on both.
pub async fn approve_from_list_and_reject_on_page(session: &Session, queue: &Queue) {
    tall_window(session).await;
    session.open(queue.waiting).await;
    let ids = rows(session).await;
    assert!(ids.len() >= 2, "tickets wait for the demo user: {ids:?}");
    let (approved, rejected) = (ids[0].clone(), ids[1].clone());

    tick(session, std::slice::from_ref(&approved)).await;
    let summary = batch(session, "approve", "").await;
    assert_eq!(summary, "1 approved.");
    assert_eq!(outcome(session, &approved).await.0, "done");
    let listed = row_status(session, &approved).await;

    // Its page shows the status the list shows, read afresh, and the approval in its timeline.
    open_from_list(session, &approved).await;
    assert_eq!(page_status(session).await, listed);
    session
        .wait_until("the approval is in the timeline", || async {
            timeline(session).await.iter().any(|e| e.contains("approv"))
        })
        .await;
    assert!(!offers(session, "approve").await, "approved once is enough");

    session.open(queue.waiting).await;
    rows(session).await;
    open_from_list(session, &rejected).await;
    let before = session.requests_to(queue.decision_call).await;
    session
        .find("[data-decision=reject]")
        .await
        .click()
        .await
        .unwrap();
    session
        .wait_for_text("#f-comment-error", "reason is required")
        .await;
    let focused = session
        .execute("return document.activeElement.id;", vec![])
        .await;
    assert_eq!(focused, "f-comment", "the reason field gets the focus");
    assert_eq!(session.requests_to(queue.decision_call).await, before);

    let reason = "Not this quarter: budget is frozen";
    let (kind, words) = decide(session, "reject", reason).await;
    assert_eq!(kind, "done", "{words}");
    assert_eq!(session.requests_to(queue.decision_call).await, before + 1);
    session
        .wait_until("the page shows the rejection", || async {
            page_status(session).await == queue.rejected
        })
        .await;
    session
        .wait_until("the reason is in the timeline", || async {
            timeline(session).await.iter().any(|e| e.contains(reason))
        })
        .await;
}

/// Approves the first 20 waiting tickets at once: 19 are applied, the one the vendor refuses
/// shows its words, and a second click sends nothing.
pub async fn batch_of_twenty_with_one_refusal(session: &Session, queue: &Queue) {
    tall_window(session).await;
    session.open(queue.waiting).await;
    session
        .wait_for_js("document.querySelectorAll('.ticket-row').length === 20")
        .await;
    let ids = rows(session).await;
    session.find(".select-all").await.click().await.unwrap();
    session
        .wait_for_text(".batch-count", "20 tickets selected")
        .await;
    let before = session.requests_to(queue.decision_call).await;

    let summary = batch(session, "approve", "").await;
    assert_eq!(summary, "19 approved, 1 failed: see its row.");
    let mut refused = Vec::new();
    for id in &ids {
        let (kind, words) = outcome(session, id).await;
        if kind != "done" {
            refused.push((id.clone(), kind, words));
        }
    }
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].1, "failed");
    assert!(
        refused[0].2.contains(queue.refusal),
        "the vendor's words: {}",
        refused[0].2
    );
    let peak = session
        .execute(
            "return Number(document.querySelector('.batch-bar').dataset.peakInFlight);",
            vec![],
        )
        .await;
    assert!(peak.as_u64().unwrap() <= 4, "at most 4 in flight: {peak}");
    let sent = session.requests_to(queue.decision_call).await;
    assert_eq!(sent, before + 20, "one call per ticket");

    session
        .find("[data-batch=approve]")
        .await
        .click()
        .await
        .unwrap();
    session
        .wait_for_text(".batch-summary", "Nothing to send")
        .await;
    assert_eq!(session.requests_to(queue.decision_call).await, sent);
}

/// On the page of a ticket the demo user filed: withdraw it and see the status change.
pub async fn withdraw(session: &Session, withdrawn: &str) {
    session.find(".ticket-detail .detail-title").await;
    session
        .wait_until("withdrawing is offered", || async {
            offers(session, "withdraw").await
        })
        .await;
    let (kind, words) = decide(session, "withdraw", "Filed by mistake").await;
    assert_eq!(kind, "done", "{words}");
    session
        .wait_until("the page shows the withdrawal", || async {
            page_status(session).await == withdrawn
        })
        .await;
}
