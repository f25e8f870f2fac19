//! What the list tests share: reading the count line, a column, the URL, and
//! driving filter inputs and selects the way a person would.
// Each test file uses its own part of these.
#![allow(dead_code)]

use e2e::Session;
use serde_json::json;
use std::cell::Cell;

/// Waits for a loaded page whose count line contains `expected`, and returns the line.
pub async fn loaded(session: &Session, expected: &str) -> String {
    session.wait_for_text(".list-total", expected).await
}

/// `1,234 tickets · page 1 of 62` -> 1234.
pub fn total_of(line: &str) -> u64 {
    let number: String = line
        .split(" ticket")
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    number
        .parse()
        .unwrap_or_else(|_| panic!("no count in {line:?}"))
}

/// The total of the page now shown, once one is.
pub async fn total(session: &Session) -> u64 {
    total_of(&loaded(session, "page ").await)
}

/// Waits until a loaded page's total differs from `before`, and returns it.
pub async fn total_other_than(session: &Session, before: u64) -> u64 {
    let seen = Cell::new(before);
    session
        .wait_until(&format!("a total other than {before}"), || async {
            let line = session
                .find(".list-total")
                .await
                .text()
                .await
                .unwrap_or_default();
            if line.contains("page ") {
                seen.set(total_of(&line));
            }
            seen.get() != before
        })
        .await;
    seen.get()
}

/// The text of one column (by header) in every row now in the DOM; none while no table is
/// shown (the next page loading, say).
pub async fn column(session: &Session, header: &str) -> Vec<String> {
    let script = r#"
        if (!document.querySelector('.header-row')) { return []; }
        const headers = [...document.querySelectorAll('.header-row [role=columnheader]')]
            .map(h => h.textContent.trim());
        const index = headers.indexOf(arguments[0]);
        if (index < 0) { return null; }
        // A cell's tooltip holds the value as the vendor sent it (times are shown formatted).
        return [...document.querySelectorAll('.ticket-row')].map(row => {
            const cell = row.children[index];
            const text = cell.querySelector('.cell-text[title]');
            return (text ? text.getAttribute('title') : cell.textContent).trim();
        });
    "#;
    let value = session.execute(script, vec![json!(header)]).await;
    serde_json::from_value::<Option<Vec<String>>>(value)
        .unwrap()
        .unwrap_or_else(|| panic!("no column {header:?}"))
}

/// Waits until the column has rows and every value satisfies `check`.
pub async fn wait_for_column(
    session: &Session,
    header: &str,
    what: &str,
    check: impl Fn(&str) -> bool,
) {
    session
        .wait_until(what, || async {
            let values = column(session, header).await;
            !values.is_empty() && values.iter().all(|value| check(value))
        })
        .await;
}

pub async fn first_row_id(session: &Session) -> String {
    session
        .find(".ticket-row")
        .await
        .attr("data-id")
        .await
        .unwrap()
        .unwrap_or_default()
}

pub async fn query_value(session: &Session, key: &str) -> Option<String> {
    session
        .current_query()
        .await
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// Waits until the URL's query holds `key=value`.
pub async fn wait_for_query(session: &Session, key: &str, value: &str) {
    session
        .wait_until(&format!("the URL holds {key}={value}"), || async {
            query_value(session, key).await.as_deref() == Some(value)
        })
        .await;
}

/// Sets an input the way typing would, so the app's `input` listeners see it.
pub async fn set_input(session: &Session, css: &str, value: &str) {
    session.find(css).await;
    let script = "const input = document.querySelector(arguments[0]);
        input.value = arguments[1];
        input.dispatchEvent(new Event('input', { bubbles: true }));";
    session
        .execute(script, vec![json!(css), json!(value)])
        .await;
}

/// Chooses `value` in the select named `name`, as picking it with the mouse would.
pub async fn choose(session: &Session, name: &str, value: &str) {
    let css = format!("select[name={name}]");
    session.find(&css).await;
    let script = "const select = document.querySelector(arguments[0]);
        select.value = arguments[1];
        select.dispatchEvent(new Event('change', { bubbles: true }));";
    session
        .execute(script, vec![json!(css), json!(value)])
        .await;
}

pub async fn click(session: &Session, css: &str) {
    session.find(css).await.click().await.unwrap();
}

pub async fn apply_filters(session: &Session) {
    click(session, ".list-filters button[type=submit]").await;
}

pub async fn click_button(session: &Session, text: &str) {
    let xpath = format!("//button[contains(., '{text}')]");
    session.find_xpath(&xpath).await.click().await.unwrap();
}

/// Next page, then browser back and forward: the URL and the rows follow each move.
pub async fn page_forward_and_back(session: &Session, page_key: &str) {
    loaded(session, "page 1 of").await;
    let first_page_top = first_row_id(session).await;
    click_button(session, "Next").await;
    loaded(session, "page 2 of").await;
    assert_eq!(query_value(session, page_key).await.as_deref(), Some("2"));
    let second_page_top = first_row_id(session).await;
    assert_ne!(first_page_top, second_page_top, "page 2 shows other rows");

    session.client.back().await.unwrap();
    loaded(session, "page 1 of").await;
    assert_eq!(query_value(session, page_key).await, None);
    session
        .wait_until("page 1's rows are back", || async {
            first_row_id(session).await == first_page_top
        })
        .await;

    session.client.forward().await.unwrap();
    loaded(session, "page 2 of").await;
    session
        .wait_until("page 2's rows are back", || async {
            first_row_id(session).await == second_page_top
        })
        .await;
}
