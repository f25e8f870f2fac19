//! The DMS order list (ListOrders) in a real browser against the demo gateway's seeded
//! simulator: "whose orders" tabs, the status, ticket type and date filters, paging through
//! the URL and the browser history, and invalid URL values that send nothing.

mod list_support;

use e2e::Session;
use list_support::*;

const LIST: &str = "/dms/tickets";
/// The demo signer, committer of about half the seeded orders.
const DEMO_USER: &str = "dms_demo";
/// StatusDesc of the statuses the simulator counts as FINISHED.
const FINISHED_WORDS: [&str; 3] = ["Succeeded", "Closed", "Rejected"];

async fn tab(session: &Session, label: &str) -> fantoccini::elements::Element {
    let xpath = format!("//a[@role='tab'][contains(., '{label}')]");
    session.find_xpath(&xpath).await
}

async fn is_selected(session: &Session, label: &str) -> bool {
    let selected = tab(session, label).await.attr("aria-selected").await;
    selected.unwrap().as_deref() == Some("true")
}

#[tokio::test]
async fn tabs_change_the_url_and_the_orders_listed() {
    let session = Session::start().await;
    session.open(LIST).await;
    let mine = total(&session).await;
    assert!(is_selected(&session, "My orders").await);
    wait_for_column(&session, "Committer", "every order is mine", |c| {
        c == DEMO_USER
    })
    .await;

    tab(&session, "To handle").await.click().await.unwrap();
    wait_for_query(&session, "OrderResultType", "AS_HANDLER").await;
    let to_handle = total_other_than(&session, mine).await;
    assert!(is_selected(&session, "To handle").await);
    assert!(!is_selected(&session, "My orders").await);

    tab(&session, "All (admin)").await.click().await.unwrap();
    wait_for_query(&session, "OrderResultType", "AS_ADMIN").await;
    let all = total_other_than(&session, to_handle).await;
    assert!(all > mine && all > to_handle, "{all} of all, {mine} mine");

    // Each tab was a page of its own in the history.
    session.client.back().await.unwrap();
    wait_for_query(&session, "OrderResultType", "AS_HANDLER").await;
    loaded(&session, &format!("{to_handle} ticket")).await;
    session.client.back().await.unwrap();
    loaded(&session, &format!("{mine} ticket")).await;
    assert!(is_selected(&session, "My orders").await);
    session.close().await;
}

#[tokio::test]
async fn the_status_filter_lists_finished_or_running_orders_only() {
    let session = Session::start().await;
    session.open(LIST).await;
    let every = total(&session).await;

    choose(&session, "OrderStatus", "FINISHED").await;
    apply_filters(&session).await;
    wait_for_query(&session, "OrderStatus", "FINISHED").await;
    let finished = total_other_than(&session, every).await;
    wait_for_column(&session, "Status", "every order is finished", |s| {
        FINISHED_WORDS.contains(&s)
    })
    .await;

    choose(&session, "OrderStatus", "RUNNING").await;
    apply_filters(&session).await;
    wait_for_query(&session, "OrderStatus", "RUNNING").await;
    let running = total_other_than(&session, finished).await;
    wait_for_column(&session, "Status", "every order is running", |s| {
        !FINISHED_WORDS.contains(&s)
    })
    .await;
    assert_eq!(finished + running, every);
    session.close().await;
}

#[tokio::test]
async fn the_ticket_type_filter_keeps_only_that_type() {
    let session = Session::start().await;
    session.open(LIST).await;
    let every = total(&session).await;
    choose(&session, "PluginType", "NDDL").await;
    apply_filters(&session).await;
    wait_for_query(&session, "PluginType", "NDDL").await;
    let schema_designs = total_other_than(&session, every).await;
    assert!(schema_designs < every);
    wait_for_column(&session, "Ticket type", "every order is NDDL", |t| {
        t == "NDDL"
    })
    .await;

    // A shared link refills the form.
    let url = session.client.current_url().await.unwrap();
    session
        .open(&format!("{}?{}", url.path(), url.query().unwrap()))
        .await;
    loaded(&session, &format!("{schema_designs} ticket")).await;
    assert_eq!(session.value("select[name=PluginType]").await, "NDDL");
    session.close().await;
}

#[tokio::test]
async fn a_date_range_keeps_orders_inside_it_by_creation_or_modification() {
    let session = Session::start().await;
    session.open(LIST).await;
    loaded(&session, "page 1 of").await;
    set_input(&session, "input[name=StartTime]", "2025-03-01T00:00").await;
    set_input(&session, "input[name=EndTime]", "2025-05-31T23:59:59").await;
    apply_filters(&session).await;
    wait_for_query(&session, "StartTime", "2025-03-01 00:00:00").await;
    wait_for_query(&session, "EndTime", "2025-05-31 23:59:59").await;
    wait_for_query(&session, "SearchDateType", "CREATE_TIME").await;
    let inside = |date: &str| ("2025-03-01 00:00:00"..="2025-05-31 23:59:59").contains(&date);
    wait_for_column(
        &session,
        "Created",
        "every order was created inside",
        inside,
    )
    .await;

    choose(&session, "SearchDateType", "MODIFY_TIME").await;
    apply_filters(&session).await;
    wait_for_query(&session, "SearchDateType", "MODIFY_TIME").await;
    wait_for_column(
        &session,
        "Last modified",
        "every order changed inside",
        inside,
    )
    .await;
    session.close().await;
}

#[tokio::test]
async fn paging_follows_the_pager_and_the_browser_history() {
    let session = Session::start().await;
    session.open(&format!("{LIST}?PageSize=10")).await;
    loaded(&session, "page 1 of").await;
    assert_eq!(session.count(".ticket-row").await, 10);
    page_forward_and_back(&session, "PageNumber").await;
    assert_eq!(
        query_value(&session, "PageSize").await.as_deref(),
        Some("10")
    );
    session.close().await;
}

#[tokio::test]
async fn invalid_values_in_the_url_show_at_their_fields_and_send_nothing() {
    let session = Session::start().await;
    session
        .open(&format!(
            "{LIST}?OrderResultType=AS_NOBODY&StartTime=yesterday&PageSize=20000"
        ))
        .await;
    session
        .wait_for_text(".list-invalid", "nothing was sent")
        .await;
    session
        .wait_for_text("#f-StartTime-error", "Start time")
        .await;
    session
        .wait_for_text("#f-OrderResultType-error", "AS_COMMITTER")
        .await;
    session.wait_for_text("#f-PageSize-error", "10000").await;
    // The navigation's waiting count is sent; the invalid list is not.
    assert_eq!(session.requests_to("AS_NOBODY").await, 0);
    session.close().await;
}
