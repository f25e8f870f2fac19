//! The same build in a folder of another server: Debian's nginx serves `dist/` at `/desk/` with
//! the README's config (docs/nginx-desk.conf) and passes `/proxy/` to the demo gateway. The app
//! starts there, its links and navigation stay under `/desk/`, a ticket filed there has a page
//! that survives a reload, and nothing is fetched from outside `/desk/` but the proxied calls.

use e2e::nginx::Nginx;
use e2e::{dist_dir, Session};
use std::collections::BTreeSet;

#[tokio::test]
async fn the_app_files_a_ticket_when_served_under_desk_by_nginx() {
    let session = Session::start().await;
    let nginx = Nginx::serve_desk(&dist_dir(), &session.base);
    let desk = format!("{}/desk", nginx.origin);

    session.open_url(&format!("{desk}/")).await;
    session.wait_for_text(".backend-nav", "ZStack").await;
    let brand = session.find("a.brand").await.attr("href").await.unwrap();
    assert_eq!(brand.as_deref(), Some("/desk/"));
    no_request_outside_desk(&session).await;

    // File a ticket from the navigation's page of it.
    let creator = "subpath-e2e";
    click(&session, "[data-backend=itsm] a[href='/desk/itsm/new']").await;
    session
        .wait_for_text("h1", "New BlueKing ITSM ticket")
        .await;
    assert_eq!(session.current_path().await, "/desk/itsm/new");
    session.fill("[name=creator]", creator).await;
    session
        .fill("[name='fields[0].value']", "Filed under /desk/")
        .await;
    let sn = session.file_ticket().await;

    // Its list, filtered through the form (a navigation to the same path, new query).
    click(&session, "[data-backend=itsm] a[href='/desk/itsm/tickets']").await;
    session.wait_for_text("h1", "BlueKing ITSM tickets").await;
    session.fill("input[name=creator]", creator).await;
    click(&session, ".list-filters button[type=submit]").await;
    session.wait_for_text(".ticket-row", &sn).await;
    assert_eq!(session.current_path().await, "/desk/itsm/tickets");
    assert!(
        session
            .current_query()
            .await
            .contains(&("creator".to_string(), creator.to_string())),
        "the filter is in the URL"
    );

    // The ticket's page, then the same deep link loaded afresh.
    click(&session, ".ticket-row a.cell-text").await;
    session.wait_for_text(".detail-id", &sn).await;
    let ticket_path = format!("/desk/itsm/tickets/{sn}");
    assert_eq!(session.current_path().await, ticket_path);
    session.client.refresh().await.expect("reload");
    session.wait_for_text(".detail-id", &sn).await;
    session
        .wait_for_text(".detail-title", "Filed under /desk/")
        .await;
    let back = session.find(".detail-back a").await.attr("href").await;
    assert_eq!(back.unwrap().as_deref(), Some("/desk/itsm/tickets"));
    no_request_outside_desk(&session).await;
    // The skip link stays on this page (a bare `#main` would mean the start page, by the <base>).
    // (Off screen until focused: clicked from the page.)
    session
        .execute("document.querySelector('a.skip-link').click();", vec![])
        .await;
    session
        .wait_for_js("location.hash === '#main' && document.querySelector('.detail-id')")
        .await;
    assert_eq!(session.current_path().await, ticket_path);

    // index.html by name is the start page; a path that is no page of the app says so.
    session.open_url(&format!("{desk}/index.html")).await;
    session.wait_for_text(".backend-nav", "ZStack").await;
    assert_eq!(session.current_path().await, "/desk/");
    session.open_url(&format!("{desk}/itsm/no-such-page")).await;
    session.wait_for_text("main", "does not exist here").await;
    session.close().await;
}

async fn click(session: &Session, css: &str) {
    session
        .find(css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click `{css}`: {e}"));
}

/// Every request of the page on screen went to a file of `dist/` in `/desk/` (no root path, no
/// file looked for in a route's folder), once (the loader's one fetch of the wasm), or
/// to `/proxy/`, on the page's own server; and the page logged no error.
async fn no_request_outside_desk(session: &Session) {
    let files: BTreeSet<String> = std::fs::read_dir(dist_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    let paths = session
        .execute(
            "return performance.getEntriesByType('resource')
                .map(e => new URL(e.name))
                .map(u => u.origin === location.origin ? u.pathname : u.href);",
            vec![],
        )
        .await;
    let paths: Vec<&str> = paths
        .as_array()
        .unwrap()
        .iter()
        .map(|path| path.as_str().unwrap())
        .collect();
    assert!(
        paths.iter().any(|path| path.ends_with(".wasm")),
        "the page's requests are listed: {paths:?}"
    );
    let outside: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|path| {
            let in_desk = path
                .strip_prefix("/desk/")
                .is_some_and(|file| files.contains(file));
            !in_desk && !path.starts_with("/proxy/")
        })
        .collect();
    assert!(
        outside.is_empty(),
        "requests neither for a file of dist/ in /desk/ nor proxied: {outside:?}"
    );
    let desk_files: Vec<&&str> = paths.iter().filter(|p| p.starts_with("/desk/")).collect();
    let distinct: BTreeSet<&&str> = desk_files.iter().copied().collect();
    assert_eq!(
        desk_files.len(),
        distinct.len(),
        "a file fetched twice: {paths:?}"
    );
    assert_eq!(session.console_errors().await, Vec::<String>::new());
}
