//! What the decision tests share: the "waiting for me" list, ticking rows, batch decisions,
//! and deciding on a ticket's page, driven the way a person would.
// Each test file uses its own part of these.
#![allow(dead_code)]

use e2e::Session;
use serde_json::json;

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
        .wait_for_js("document.querySelector('.batch-summary').textContent")
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
    session
        .count(&format!("[data-decision={decision}]"))
        .await
        > 0
}
