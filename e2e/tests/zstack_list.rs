//! The ZStack ticket list (QueryTicket) in a real browser against the demo gateway, which
//! passes the user's own session through: logging in loads the list, name search, the status
//! filter, sorting, paging through the URL and the history, and a session that ends.

mod list_support;

use e2e::Session;
use list_support::*;

const LIST: &str = "/zstack/tickets";
/// The demo IAM2 virtual ID of the ZStack simulator.
const DEMO_USER: (&str, &str) = ("demo", "password");
/// What the login panel says when this tab never had a session.
const FIRST_VISIT: &str = "ZStack needs you to log in";

/// Logs in with the panel the list opened when ZStack refused to answer; `why` is what the
/// panel says about the reason.
async fn log_in(session: &Session, why: &str) {
    session.wait_for_text(".login-form", why).await;
    session.fill("#zstack-login-name", DEMO_USER.0).await;
    session.fill("#zstack-login-password", DEMO_USER.1).await;
    click(session, ".login-form button[type=submit]").await;
    session
        .wait_for_text(".session-bar", "Logged in to ZStack as demo")
        .await;
}

/// The list, logged in, at `path`.
async fn open_logged_in(path: &str) -> Session {
    let session = Session::start().await;
    session.open(path).await;
    log_in(&session, FIRST_VISIT).await;
    loaded(&session, "page 1 of").await;
    session
}

#[tokio::test]
async fn logging_in_loads_the_list_with_a_total() {
    let session = Session::start().await;
    session.open(LIST).await;
    // The demo proxy adds no session of its own, so ZStack refuses and the panel alone asks:
    // no list, no error box under it for the same cause.
    session
        .wait_for_text(
            ".login-form p.notice[role=alert]",
            "ZStack needs you to log in",
        )
        .await;
    for absent in [".list-error", ".list-view", ".list-filters"] {
        assert_eq!(session.count(absent).await, 0, "{absent} without a session");
    }
    log_in(&session, FIRST_VISIT).await;
    let all = total(&session).await;
    assert!(all >= 600, "the seeded tickets: {all}");
    assert_eq!(session.count(".list-error").await, 0);
    // The table may window its rows; its row count (header included) is the page's.
    let rows = session
        .find(".list-table")
        .await
        .attr("aria-rowcount")
        .await;
    assert_eq!(rows.unwrap().as_deref(), Some("21"), "default limit of 20");
    let created = column(&session, "Created").await;
    assert!(created[0].ends_with('M'), "ZStack's own dates: {created:?}");
    session.close().await;
}

#[tokio::test]
async fn a_name_search_lists_matching_tickets_only() {
    let session = open_logged_in(LIST).await;
    let all = total(&session).await;
    set_input(&session, "#f-name", "instance offering").await;
    apply_filters(&session).await;
    wait_for_query(&session, "name", "instance offering").await;
    let matching = total_other_than(&session, all).await;
    assert!(matching > 0 && matching < all, "{matching} of {all}");
    wait_for_column(&session, "Name", "every name matches", |name| {
        name.to_lowercase().contains("instance offering")
    })
    .await;
    session.close().await;
}

#[tokio::test]
async fn the_status_filter_keeps_only_that_status() {
    let session = open_logged_in(LIST).await;
    let all = total(&session).await;
    choose(&session, "status", "Rejected").await;
    apply_filters(&session).await;
    wait_for_query(&session, "status", "Rejected").await;
    total_other_than(&session, all).await;
    wait_for_column(&session, "Status", "every badge says Rejected", |s| {
        s == "Rejected"
    })
    .await;
    session.close().await;
}

#[tokio::test]
async fn sorting_by_name_ascending_orders_the_rows() {
    let session = open_logged_in(LIST).await;
    choose(&session, "sortBy", "name").await;
    choose(&session, "sortDirection", "asc").await;
    apply_filters(&session).await;
    wait_for_query(&session, "sortBy", "name").await;
    wait_for_query(&session, "sortDirection", "asc").await;
    session
        .wait_until("the first rows are in name order", || async {
            let names = column(&session, "Name").await;
            names.len() >= 10 && names.windows(2).all(|pair| pair[0] <= pair[1])
        })
        .await;
    session.close().await;
}

#[tokio::test]
async fn paging_follows_the_pager_and_the_browser_history() {
    let session = open_logged_in(&format!("{LIST}?limit=10")).await;
    assert_eq!(session.count(".ticket-row").await, 10);
    page_forward_and_back(&session, "page").await;
    assert_eq!(query_value(&session, "limit").await.as_deref(), Some("10"));
    session.close().await;
}

#[tokio::test]
async fn an_ended_session_asks_for_a_login_and_the_list_comes_back() {
    let session = open_logged_in(LIST).await;
    // The session ends on the server (as when it expires); the tab still holds it.
    let status = session.end_zstack_session_on_server().await;
    assert_eq!(status, 200, "logged out on the server");

    session.client.refresh().await.unwrap();
    session
        .wait_for_text(
            ".login-form p.notice[role=alert]",
            "ZStack rejected your session",
        )
        .await;
    assert_eq!(
        session.count(".list-error").await,
        0,
        "no error box under the panel"
    );
    log_in(&session, "ZStack rejected your session").await;
    let all = total(&session).await;
    assert!(all >= 600, "the list is back: {all}");
    session.close().await;
}
