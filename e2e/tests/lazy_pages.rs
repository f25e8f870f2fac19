//! Every page but Home is a lazily loaded part of the wasm (src/pages.rs, scripts/split): the
//! first visit of Home fetches no page part, each route fetches its own when it is first shown,
//! both by a click in the app and by a deep link, and a part that cannot be fetched stops the
//! app with a notice instead of a page that no longer answers.

use e2e::{Session, TempDir};

/// The file names of the page parts the page has fetched so far (`split___create_view…`).
async fn page_parts_fetched(session: &Session) -> Vec<String> {
    let names = session
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)
                .filter(name => /\\/split___[a-z]+_view_/.test(name))
                .map(name => name.replace(/^.*\\/split___([a-z]+)_view_.*$/, '$1'));",
            vec![],
        )
        .await;
    serde_json::from_value(names).unwrap()
}

/// Clicks the link `link`, waits for `text` in `shown`, then checks that the page part `part` was
/// fetched for it, and before it only the parts `before`.
async fn click_to(
    session: &Session,
    link: &str,
    (shown, text): (&str, &str),
    part: &str,
    before: &[&str],
) {
    session.find(link).await.click().await.unwrap();
    session.find(shown).await;
    session.wait_for_text(shown, text).await;
    let mut expected: Vec<String> = before.iter().map(|p| p.to_string()).collect();
    expected.push(part.into());
    let mut fetched = page_parts_fetched(session).await;
    fetched.sort();
    expected.sort();
    assert_eq!(fetched, expected, "page parts fetched after opening {part}");
}

#[tokio::test]
async fn home_fetches_no_page_part_and_each_page_fetches_its_own_once() {
    let session = Session::start().await;
    session.open("/").await;
    session.wait_for_text(".home h1", "Ticket Desk").await;
    // Room for every file this long visit fetches (250 entries by default).
    session
        .execute("performance.setResourceTimingBufferSize(5000);", vec![])
        .await;
    // The navigation's counts come in meanwhile; still no page.
    session.wait_for_text(".backend-nav", "ZStack").await;
    assert_eq!(page_parts_fetched(&session).await, Vec::<String>::new());
    // config.json is read once: the app takes index.html's request instead of asking again.
    assert_eq!(fetches(&session, "config.json").await.len(), 1);

    click_to(
        &session,
        "[data-backend=itsm] a[href='/itsm/new']",
        ("h1", "New BlueKing ITSM ticket"),
        "create",
        &[],
    )
    .await;
    click_to(
        &session,
        "[data-backend=itsm] a[href='/itsm/tickets']",
        ("h1", "BlueKing ITSM tickets"),
        "list",
        &["create"],
    )
    .await;
    click_to(
        &session,
        ".ticket-row a[href^='/itsm/tickets/']",
        (".detail-title", ""),
        "detail",
        &["create", "list"],
    )
    .await;
    click_to(
        &session,
        "[data-backend=dms] a[href='/dms/waiting']",
        ("h1", "Alibaba Cloud DMS: waiting for me"),
        "waiting",
        &["create", "list", "detail"],
    )
    .await;
    click_to(
        &session,
        "a.inbox-link",
        ("h1", "Waiting for me"),
        "inbox",
        &["create", "list", "detail", "waiting"],
    )
    .await;

    // Back to a page seen before: its part is not fetched again, and another kind's create
    // form (same part) shows.
    session
        .find("[data-backend=zstack] a[href='/zstack/new']")
        .await
        .click()
        .await
        .unwrap();
    session.wait_for_text("h1", "New ZStack ticket").await;
    assert_eq!(
        page_parts_fetched(&session).await.len(),
        5,
        "each part fetched once"
    );
    assert_eq!(session.console_errors().await, Vec::<String>::new());
    session.close().await;
}

#[tokio::test]
async fn every_route_loads_by_a_deep_link() {
    let session = Session::start().await;
    for (path, heading, part) in [
        ("/dms/new", "New Alibaba Cloud DMS ticket", "create"),
        ("/zstack/tickets", "ZStack tickets", "list"),
        ("/itsm/waiting", "waiting for me", "waiting"),
        ("/inbox", "Waiting for me", "inbox"),
    ] {
        session.open(path).await;
        session.wait_for_text("h1", heading).await;
        assert_eq!(page_parts_fetched(&session).await, vec![part.to_string()]);
    }
    // A ticket's page: the first ticket of the DMS list, opened by its address.
    session.open("/dms/tickets").await;
    let href = session
        .find(".ticket-row a[href^='/dms/tickets/']")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    session.open(&href).await;
    session.find(".detail-title").await;
    assert_eq!(
        page_parts_fetched(&session).await,
        vec!["detail".to_string()]
    );
    session.close().await;
}

#[tokio::test]
async fn a_page_part_that_cannot_be_fetched_stops_the_app_with_a_reload_link() {
    let dist = TempDir::new("dist-no-create");
    e2e::copy_dir(&e2e::dist_dir(), &dist.0);
    let mut removed = 0;
    for entry in std::fs::read_dir(&dist.0).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("split___create_view_") {
            std::fs::remove_file(&path).unwrap();
            removed += 1;
        }
    }
    assert!(removed > 0, "the build has a create page part");
    let session = Session::start_with_dist(&dist.0).await;
    session.open("/").await;
    session.wait_for_text(".home h1", "Ticket Desk").await;
    session
        .find("[data-backend=itsm] a[href='/itsm/new']")
        .await
        .click()
        .await
        .unwrap();
    let notice = session
        .wait_for_text("#app-stopped[role=alert]", "could not be loaded")
        .await;
    assert!(notice.contains("Reload the page"), "{notice}");
    // The router changes the address once the page's part is there: the link reloads the page
    // the person was on, past the router that still listens to clicks.
    let reload = session.find("#app-stopped a").await;
    let href = reload.attr("href").await.unwrap().unwrap();
    let here = session.execute("return location.href;", vec![]).await;
    assert_eq!(here.as_str(), Some(href.as_str()));
    session.execute("window.beforeReload = true;", vec![]).await;
    reload.click().await.unwrap();
    session
        .wait_for_js("window.beforeReload === undefined && !!document.querySelector('.home h1')")
        .await;
    assert_eq!(session.count("#app-stopped").await, 0, "a fresh app");
    session.close().await;
}

/// Start and end of the fetches whose URL contains `part_of_url`, in the order they started.
async fn fetches(session: &Session, part_of_url: &str) -> Vec<(f64, f64)> {
    let found = session
        .execute(
            "return performance.getEntriesByType('resource')
                .filter(e => e.name.includes(arguments[0]))
                .map(e => [e.startTime, e.responseEnd]);",
            vec![part_of_url.into()],
        )
        .await;
    serde_json::from_value(found).unwrap()
}

/// When the first lazily loaded part (any `chunk_*` or `split_*` wasm) was asked for.
async fn first_part_asked(session: &Session) -> f64 {
    let started = session
        .execute(
            "return Math.min(...performance.getEntriesByType('resource')
                .filter(e => /\\/(chunk|split)_[^\\/]*\\.wasm$/.test(new URL(e.name).pathname))
                .map(e => e.startTime));",
            vec![],
        )
        .await;
    started.as_f64().expect("a lazily loaded part was fetched")
}

#[tokio::test]
async fn a_list_opened_by_its_address_asks_for_its_page_while_its_part_loads_and_only_once() {
    let session = Session::start().await;
    // The path, the part it loads, what shows once the page has its answer, and the calls
    // (parts of their URLs) each expected once.
    for (path, part, shown, calls) in [
        (
            "/itsm/tickets?page_size=1000",
            "split___list_view_",
            ".ticket-row",
            &["get_tickets", "get_services"][..],
        ),
        (
            "/dms/waiting",
            "split___waiting_view_",
            ".ticket-row",
            // Not the navigation's count of the same orders (one row).
            &["PageSize=20&"][..],
        ),
        // The demo's ZStack wants the user's session: its answer opens the login form.
        (
            "/zstack/tickets",
            "split___list_view_",
            ".login-form",
            &["/zstack/v1/tickets?"][..],
        ),
    ] {
        session.open(path).await;
        session.find(shown).await;
        let part_loaded = fetches(&session, part).await[0].1;
        // Before the first of the page's parts was asked for: the browser has six connections
        // to the host, and a call sent after a dozen part downloads waits behind them.
        let first_part_asked = first_part_asked(&session).await;
        for call in calls {
            let sent = fetches(&session, call).await;
            assert_eq!(sent.len(), 1, "{path}: {call} sent once: {sent:?}");
            assert!(
                sent[0].0 < part_loaded,
                "{path}: {call} sent at {} ms, before the page's part was there at {part_loaded} ms",
                sent[0].0
            );
            assert!(
                sent[0].0 <= first_part_asked,
                "{path}: {call} sent at {} ms, after the first part was asked for at {first_part_asked} ms",
                sent[0].0
            );
        }
    }
    // A filtered list is checked by its page before anything is sent: nothing goes early.
    session.open("/dms/tickets?SearchContent=x").await;
    session.find(".ticket-row, .list-empty").await;
    let part_loaded = fetches(&session, "split___list_view_").await[0].1;
    let sent = fetches(&session, "SearchContent=x").await;
    assert_eq!(sent.len(), 1, "the filtered list sent once: {sent:?}");
    assert!(sent[0].0 > part_loaded, "sent by the page: {sent:?}");
    // The browser logs ZStack's 401 itself; nothing else went wrong.
    let errors = session.console_errors().await;
    let others: Vec<_> = errors
        .iter()
        .filter(|e| !e.contains("(Unauthorized)"))
        .collect();
    assert_eq!(others, Vec::<&String>::new());
    session.close().await;
}
