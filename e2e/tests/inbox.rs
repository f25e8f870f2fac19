//! The cross-back-end inbox (`/inbox`) in a real browser against the demo gateway: the demo
//! user's waiting tickets of BlueKing ITSM, DMS and ZStack in one list.

mod decide_support;

// Rows are keyed `instance/id` in the inbox.
use decide_support::{batch, rows, tall_window, tick};
use e2e::{itsm, zstack, Session};

/// Every instance known to the inbox: the ITSM user remembered, logged in to ZStack.
async fn known_everywhere(session: &Session) {
    itsm::remember_admin(session).await;
    session.open("/zstack/waiting?limit=20").await;
    zstack::log_in(session).await;
}

/// Opens the inbox at `path` and waits until every instance has answered.
async fn open_inbox(session: &Session, path: &str) {
    session.open(path).await;
    session
        .wait_for_js(
            "document.querySelectorAll('.inbox-source').length > 0 && \
             document.querySelectorAll('.inbox-source[data-state=loading]').length === 0",
        )
        .await;
}

/// The text of `css`, or empty when there is none.
async fn text_of(session: &Session, css: &str) -> String {
    let found = session
        .execute(
            "return document.querySelector(arguments[0])?.textContent ?? '';",
            vec![serde_json::json!(css)],
        )
        .await;
    found.as_str().unwrap_or_default().to_string()
}

/// The digits of "1,244 waiting" as a number (0 for none).
fn number_in(text: &str) -> u64 {
    text.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

/// The queue's count as the page says it.
async fn total(session: &Session) -> u64 {
    number_in(&text_of(session, ".inbox-page .list-total").await)
}

#[tokio::test]
async fn the_inbox_shows_every_back_ends_waiting_tickets_with_their_badges() {
    let session = Session::start().await;
    tall_window(&session).await;
    known_everywhere(&session).await;
    open_inbox(&session, "/inbox").await;
    for (instance, label) in [
        ("itsm", "BlueKing ITSM"),
        ("dms", "Alibaba Cloud DMS"),
        ("zstack", "ZStack"),
    ] {
        let state = text_of(
            &session,
            &format!(".inbox-source[data-instance={instance}]"),
        )
        .await;
        assert!(state.contains("waiting"), "{instance} answered: {state}");
        // The navigation's count, its own one-row call, agrees with the inbox's total.
        let total = state.replace(',', "");
        let total = total
            .split(|c: char| !c.is_ascii_digit())
            .rfind(|w| !w.is_empty());
        let counted = session
            .wait_for_js(&format!(
                "document.querySelector('.backend-nav [data-backend={instance}] .waiting-count')?.textContent"
            ))
            .await;
        assert_eq!(
            number_in(counted.as_str().unwrap()).to_string(),
            total.unwrap(),
            "{instance}: the navigation's count against the inbox's {state}"
        );
        // Narrowed to one back-end, every row carries its badge.
        open_inbox(&session, &format!("/inbox?backend={instance}")).await;
        let badges = session
            .execute(
                "return [...document.querySelectorAll('.ticket-row')].map(r => \
                   [r.dataset.id, r.querySelector('.backend-badge').textContent]);",
                vec![],
            )
            .await;
        let badges: Vec<(String, String)> = serde_json::from_value(badges).unwrap();
        assert!(!badges.is_empty(), "{instance} has waiting rows");
        for (key, badge) in &badges {
            assert!(key.starts_with(&format!("{instance}/")), "{key}");
            assert_eq!(badge, label, "{key}");
        }
    }
    // A back-end or kind this deployment lacks (an old bookmark) filters nothing.
    open_inbox(&session, "/inbox?backend=gone&kind=nope").await;
    assert!(
        !rows(&session).await.is_empty(),
        "unknown values filter nothing"
    );
    // Unfiltered, oldest waiting first, the three back-ends together; the navigation counts all.
    open_inbox(&session, "/inbox").await;
    let keys = rows(&session).await;
    for kind in ["dms/", "zstack/"] {
        assert!(
            keys.iter().any(|k| k.starts_with(kind)),
            "{kind} among {keys:?}"
        );
    }
    let count = text_of(&session, ".inbox-link .waiting-count").await;
    assert!(!count.is_empty(), "the navigation counts the inbox");
    let title = session.execute("return document.title;", vec![]).await;
    assert!(
        title.as_str().unwrap().starts_with(&format!("({count}) ")),
        "the tab title counts too: {title}"
    );
    if let Ok(path) = std::env::var("INBOX_SCREENSHOT") {
        let png = session.client.screenshot().await.unwrap();
        std::fs::write(path, png).unwrap();
    }
    session.close().await;
}

#[tokio::test]
async fn a_batch_across_itsm_and_dms_approves_each_and_they_leave_the_queue() {
    let session = Session::start().await;
    tall_window(&session).await;
    // ZStack stays logged out: its line says so, and holds back no one else's rows.
    itsm::remember_admin(&session).await;
    open_inbox(&session, "/inbox").await;
    let zstack = text_of(&session, ".inbox-source[data-instance=zstack]").await;
    assert!(zstack.contains("Log in to see ZStack"), "{zstack}");
    let before = total(&session).await;
    // Oldest first: DMS orders from 2024 on top, ITSM tickets at the bottom (the newest three
    // of those include the one the simulator lets someone else claim: stay clear of them).
    let top = rows(&session).await;
    let dms: Vec<String> = top
        .iter()
        .filter(|k| k.starts_with("dms/"))
        .take(2)
        .cloned()
        .collect();
    assert_eq!(dms.len(), 2, "{top:?}");
    tick(&session, &dms).await;
    session
        .execute(
            "const v = document.querySelector('.table-viewport'); v.scrollTop = v.scrollHeight;",
            vec![],
        )
        .await;
    let last = before as usize - 1;
    session
        .wait_for_js(&format!(
            "document.querySelector('.ticket-row[data-index=\"{last}\"]')"
        ))
        .await;
    let visible = session
        .execute(
            "const view = document.querySelector('.table-viewport').getBoundingClientRect(); \
             return [...document.querySelectorAll('.ticket-row')] \
               .filter(r => { const b = r.getBoundingClientRect(); \
                              return b.top >= view.top + 48 && b.bottom <= view.bottom; }) \
               .map(r => r.dataset.id).filter(k => k.startsWith('itsm/'));",
            vec![],
        )
        .await;
    let mut itsm: Vec<String> = serde_json::from_value(visible).unwrap();
    // ITSM numbers tickets by creation time: the simulator's claimed ticket is among its three
    // newest, so the two oldest-filed of five or more rows are never it.
    assert!(itsm.len() >= 5, "{itsm:?}");
    itsm.sort();
    itsm.truncate(2);
    tick(&session, &itsm).await;
    session
        .wait_for_text(".batch-count", "4 tickets selected")
        .await;

    let summary = batch(&session, "approve", "").await;
    assert_eq!(summary, "4 approved.");
    session
        .wait_until("the four leave the queue", || async {
            total(&session).await == before - 4
        })
        .await;
    for key in dms.iter().chain(&itsm) {
        assert_eq!(
            session
                .count(&format!(".ticket-row[data-id='{key}']"))
                .await,
            0,
            "{key} left the queue"
        );
    }
    session.close().await;
}

#[tokio::test]
async fn a_back_end_that_does_not_answer_is_named_and_the_others_still_show() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = format!(
        r#"{{"backends": [
            {{ "id": "itsm", "label": "BlueKing ITSM", "base_url": "/proxy/itsm", "enabled": true }},
            {{ "id": "dms", "label": "Alibaba Cloud DMS", "base_url": "/proxy/dms", "enabled": true }},
            {{ "id": "zstack", "label": "ZStack", "base_url": "http://127.0.0.1:{closed}/zstack", "enabled": true }}
        ]}}"#
    );
    let (session, _dist) = Session::start_with_config(&config).await;
    itsm::remember_admin(&session).await;
    // A session from an earlier login, so the inbox asks ZStack (and gets no answer).
    session
        .execute(
            "sessionStorage.setItem('ticket-desk:session:zstack', \
               JSON.stringify({uuid: 'a1b2', name: 'demo', user_uuid: 'c3d4'}));",
            vec![],
        )
        .await;
    open_inbox(&session, "/inbox").await;
    let banner = session
        .wait_for_text(".inbox-source[data-state=failed] [role=alert]", "ZStack")
        .await;
    assert!(banner.contains("Retry"), "{banner}");
    for instance in ["itsm", "dms"] {
        let line = text_of(
            &session,
            &format!(".inbox-source[data-instance={instance}]"),
        )
        .await;
        assert!(line.contains("waiting"), "{instance}: {line}");
    }
    assert!(
        session.count(".ticket-row").await > 0,
        "the others' rows show"
    );
    // Retry asks ZStack alone again: the page's calls to it are counted as they go out.
    session
        .execute(
            &format!(
                "window.zstackCalls = 0; const fetchBefore = window.fetch;
                 window.fetch = (request, ...rest) => {{
                     if (String(request.url ?? request).includes(':{closed}/')) window.zstackCalls += 1;
                     return fetchBefore(request, ...rest);
                 }};"
            ),
            vec![],
        )
        .await;
    let itsm_calls = session.requests_to("/proxy/itsm").await;
    session
        .find(".inbox-source[data-instance=zstack] button.retry")
        .await
        .click()
        .await
        .unwrap();
    session
        .wait_for_js(
            "window.zstackCalls > 0 && \
             document.querySelector('.inbox-source[data-instance=zstack]').dataset.state === 'failed'",
        )
        .await;
    assert_eq!(session.requests_to("/proxy/itsm").await, itsm_calls);
    session.close().await;
}

#[tokio::test]
async fn a_ticket_filed_meanwhile_is_announced_as_new_and_notified_and_filters_survive_a_reload() {
    let session = Session::start().await;
    tall_window(&session).await;
    itsm::remember_admin(&session).await;
    open_inbox(&session, "/inbox?backend=itsm&sort=newest").await;
    let before = rows(&session).await;
    let counted = session
        .wait_for_js("document.querySelector('[data-backend=itsm] .waiting-count')?.textContent")
        .await;
    let counted = number_in(counted.as_str().unwrap());
    // The browser's notifications, recorded instead of shown, and a tab out of sight.
    session
        .execute(
            "window.shown = [];
             window.Notification = class {
                 static get permission() { return 'granted'; }
                 static requestPermission() { return Promise.resolve('granted'); }
                 constructor(title) { window.shown.push(title); }
             };
             Object.defineProperty(document, 'hidden', { get: () => true, configurable: true });",
            vec![],
        )
        .await;
    session.find("#inbox-notify").await.click().await.unwrap();
    session
        .wait_for_js("localStorage.getItem('ticket-desk:inbox-notify') === 'on'")
        .await;

    // Filed in another window: the inbox does not move under the pointer...
    let inbox_window = session.client.window().await.unwrap();
    let other = session.client.new_window(false).await.unwrap();
    session.client.switch_to_window(other.handle).await.unwrap();
    // Filed as the inbox's user (the form remembers its creator as this browser's ITSM user).
    let sn = itsm::file_raw_ticket(&session, "admin", "Filed while the inbox was open").await;
    session.client.close_window().await.unwrap();
    session.client.switch_to_window(inbox_window).await.unwrap();
    session.find("button.refresh").await.click().await.unwrap();
    session.wait_for_text(".inbox-new", "1 new").await;
    assert_eq!(rows(&session).await, before, "nothing moved before asked");
    // The navigation counts it too.
    session
        .wait_until("the navigation counts the new ticket", || async {
            number_in(&text_of(&session, "[data-backend=itsm] .waiting-count").await) == counted + 1
        })
        .await;
    let shown = session.execute("return window.shown;", vec![]).await;
    assert_eq!(
        shown,
        serde_json::json!(["1 new ticket waits for you"]),
        "one notification"
    );
    // ...until asked.
    session
        .find(".inbox-new button")
        .await
        .click()
        .await
        .unwrap();
    session
        .wait_for_js(&format!(
            "document.querySelector(\".ticket-row[data-id='itsm/{sn}']\")"
        ))
        .await;
    assert_eq!(session.count(".inbox-new").await, 0);

    // Filters and sort are chosen in the form, land in the address, and a reload keeps them.
    open_inbox(&session, "/inbox").await;
    let choices = [
        ("#inbox-backend", "dms"),
        ("#inbox-age", "7d"),
        ("#inbox-sort", "newest"),
    ];
    for (select, value) in choices {
        session
            .find(select)
            .await
            .select_by_value(value)
            .await
            .unwrap();
        session
            .wait_until("the address follows the form", || async {
                session
                    .current_query()
                    .await
                    .iter()
                    .any(|(_, v)| v == value)
            })
            .await;
    }
    let query = session.current_query().await;
    for (key, value) in [("backend", "dms"), ("age", "7d"), ("sort", "newest")] {
        assert!(
            query.contains(&(key.to_string(), value.to_string())),
            "{query:?}"
        );
    }
    session.client.refresh().await.unwrap();
    session
        .wait_for_js(
            "document.querySelector('.inbox-source[data-instance=dms][data-state=loaded]')",
        )
        .await;
    for (select, value) in choices {
        assert_eq!(session.value(select).await, value, "{select}");
    }
    let keys = rows(&session).await;
    assert!(
        !keys.is_empty() && keys.iter().all(|k| k.starts_with("dms/")),
        "{keys:?}"
    );
    session.close().await;
}
