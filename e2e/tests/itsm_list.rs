//! The ITSM ticket list in a real browser against the demo gateway's seeded simulator:
//! count, filters in the URL, paging (pager and browser history), a 10,000-row page that stays
//! windowed, invalid URL values that send nothing, and a gateway error with Retry.

mod list_support;

use e2e::Session;
use fantoccini::key::Key;
use list_support::*;

const LIST: &str = "/itsm/tickets";

#[tokio::test]
async fn the_list_loads_with_a_total_count_and_safe_links() {
    let session = Session::start().await;
    session.open(LIST).await;
    let line = loaded(&session, "page 1 of").await;
    let total = total_of(&line);
    assert!(total >= 10, "the seeded list has tickets: {line}");
    assert_eq!(session.count(".ticket-row").await, 10, "default page size");
    assert_eq!(
        session.count(".ticket-row .badge").await,
        10,
        "a badge per row"
    );
    let link = session.find(".ticket-row a[target=_blank]").await;
    assert_eq!(
        link.attr("rel").await.unwrap().as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(
        link.attr("target").await.unwrap().as_deref(),
        Some("_blank")
    );
    assert!(link
        .attr("href")
        .await
        .unwrap()
        .unwrap()
        .starts_with("http"));
    session.close().await;
}

#[tokio::test]
async fn filtering_by_creator_puts_it_in_the_url_and_every_row_matches() {
    let session = Session::start().await;
    session.open(LIST).await;
    let everyone = total_of(&loaded(&session, "page 1 of").await);
    set_input(&session, "input[name=creator]", "alice").await;
    click(&session, ".list-filters button[type=submit]").await;

    session
        .wait_until("the URL holds creator=alice", || async {
            query_value(&session, "creator").await.as_deref() == Some("alice")
        })
        .await;
    session
        .wait_until("every row is alice's", || async {
            let creators = column(&session, "Creator").await;
            !creators.is_empty() && creators.iter().all(|c| c == "alice")
        })
        .await;
    let alices = total_of(&loaded(&session, "page 1 of").await);
    assert!(alices < everyone, "{alices} of {everyone}");

    // The filtered page is a link: opening it afresh shows the same filter.
    let url = session.client.current_url().await.unwrap();
    session
        .open(&format!("{}?{}", url.path(), url.query().unwrap()))
        .await;
    loaded(&session, &format!("{alices} ticket")).await;
    let field = session.find("input[name=creator]").await;
    assert_eq!(field.prop("value").await.unwrap().as_deref(), Some("alice"));
    session.close().await;
}

#[tokio::test]
async fn filtering_by_date_range_keeps_rows_inside_it() {
    let session = Session::start().await;
    session.open(LIST).await;
    loaded(&session, "page 1 of").await;
    set_input(&session, "input[name=create_at__gte]", "2025-03-01T00:00").await;
    set_input(
        &session,
        "input[name=create_at__lte]",
        "2025-03-31T23:59:59",
    )
    .await;
    click(&session, ".list-filters button[type=submit]").await;

    session
        .wait_until("the URL holds the range in wire format", || async {
            query_value(&session, "create_at__gte").await.as_deref() == Some("2025-03-01 00:00:00")
                && query_value(&session, "create_at__lte").await.as_deref()
                    == Some("2025-03-31 23:59:59")
        })
        .await;
    session
        .wait_until("every row was created in March 2025", || async {
            let created = column(&session, "Created").await;
            !created.is_empty()
                && created.iter().all(|c| {
                    c.as_str() >= "2025-03-01 00:00:00" && c.as_str() <= "2025-03-31 23:59:59"
                })
        })
        .await;
    session.close().await;
}

#[tokio::test]
async fn paging_follows_the_pager_and_the_browser_history() {
    let session = Session::start().await;
    session.open(LIST).await;
    loaded(&session, "page 1 of").await;
    let first_page_top = first_row_id(&session).await;
    let first = session.find(".pager button").await;
    assert_eq!(
        first.attr("disabled").await.unwrap().as_deref(),
        Some("true")
    );

    click_button(&session, "Next").await;
    loaded(&session, "page 2 of").await;
    assert_eq!(query_value(&session, "page").await.as_deref(), Some("2"));
    let second_page_top = first_row_id(&session).await;
    assert_ne!(first_page_top, second_page_top);

    session.client.back().await.unwrap();
    loaded(&session, "page 1 of").await;
    assert_ne!(query_value(&session, "page").await.as_deref(), Some("2"));
    session
        .wait_until("page 1's rows are back", || async {
            first_row_id(&session).await == first_page_top
        })
        .await;

    session.client.forward().await.unwrap();
    loaded(&session, "page 2 of").await;
    session
        .wait_until("page 2's rows are back", || async {
            first_row_id(&session).await == second_page_top
        })
        .await;

    click_button(&session, "Previous").await;
    loaded(&session, "page 1 of").await;
    assert_eq!(query_value(&session, "page").await.as_deref(), Some("1"));
    session.close().await;
}

#[tokio::test]
async fn a_ten_thousand_row_page_stays_windowed_while_scrolling_to_the_end() {
    let session = Session::start().await;
    session.open(&format!("{LIST}?page_size=10000")).await;
    loaded(&session, "page 1 of").await;
    let rows = session.count(".ticket-row").await;
    assert!(
        (1..100).contains(&rows),
        "{rows} rows in the DOM at the top"
    );
    assert_eq!(session.count(".ticket-row[data-index='9999']").await, 0);

    // Keyboard scrolling is the browser's own, on the focusable viewport.
    let viewport = session.find(".table-viewport").await;
    viewport.send_keys(&Key::End.to_string()).await.unwrap();
    session
        .wait_until("the last row is rendered", || async {
            session.count(".ticket-row[data-index='9999']").await == 1
        })
        .await;
    let rows = session.count(".ticket-row").await;
    assert!(rows < 100, "{rows} rows in the DOM at the end");

    viewport.send_keys(&Key::Home.to_string()).await.unwrap();
    session
        .wait_until("the first row is back", || async {
            session.count(".ticket-row[data-index='0']").await == 1
        })
        .await;
    session.close().await;
}

#[tokio::test]
async fn invalid_values_in_the_url_show_at_their_fields_and_send_nothing() {
    let session = Session::start().await;
    session
        .open(&format!("{LIST}?page_size=20000&create_at__gte=yesterday"))
        .await;
    session
        .wait_for_text(".list-invalid", "nothing was sent")
        .await;
    let size_error = session
        .wait_for_text("#f-page_size-error", "Page size")
        .await;
    assert!(size_error.contains("10000"), "{size_error}");
    session
        .wait_for_text("#f-create_at__gte-error", "YYYY-MM-DD hh:mm:ss")
        .await;
    let select = session.find("select[name=page_size]").await;
    assert_eq!(
        select.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(
        session.requests_to("/get_tickets/").await,
        0,
        "no get_tickets request"
    );
    session.close().await;
}

#[tokio::test]
async fn a_gateway_error_shows_the_message_and_retry_asks_again() {
    let session = Session::start().await;
    session.open(LIST).await;
    loaded(&session, "page 1 of").await;
    // A creator longer than the gateway's 1 MiB body limit: the gateway refuses it (413). It is
    // typed into the form, since a server would refuse a URL that long before the app loads.
    set_input(&session, "input[name=creator]", &"x".repeat(1_100_000)).await;
    click(&session, ".list-filters button[type=submit]").await;
    let error = session
        .wait_for_text(
            ".list-error",
            "The gateway: the request to ITSM is too large.",
        )
        .await;
    assert!(
        error.contains("code PAYLOAD_TOO_LARGE") && error.contains("larger than"),
        "the gateway's code and own words: {error}"
    );
    assert!(error.contains("Retry"), "{error}");
    let before = session.requests_to("/get_tickets/").await;
    assert!(before >= 1);

    click_button(&session, "Retry").await;
    session
        .wait_until("Retry sent the request again", || async {
            session.requests_to("/get_tickets/").await > before
        })
        .await;
    session.wait_for_text(".list-error", "The gateway:").await;
    session.close().await;
}
