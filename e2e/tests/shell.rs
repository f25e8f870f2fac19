//! The app shell in a real browser, served by the demo gateway.

use e2e::Session;

/// `(id, label)` of every instance the shipped config.json lists, so a new kind is covered too.
/// The label is the English one (a text, or the `en` of texts by language tag): sessions start
/// in English.
fn backends() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(e2e::dist_dir().join("config.json")).unwrap();
    let config: serde_json::Value = serde_json::from_str(&text).unwrap();
    config["backends"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["id"].as_str().unwrap().into(),
                b["label"]
                    .as_str()
                    .or_else(|| b["label"]["en"].as_str())
                    .unwrap()
                    .into(),
            )
        })
        .collect()
}

#[tokio::test]
async fn shell_shows_and_navigates_to_every_backend() {
    let session = Session::start().await;
    session.open("/").await;
    let nav = session.wait_for_text(".backend-nav", "ZStack").await;
    let backends = backends();
    assert!(backends.len() >= 3);
    for (_, label) in &backends {
        assert!(
            nav.contains(label.as_str()),
            "navigation lists {label}: {nav}"
        );
    }

    for (id, label) in &backends {
        session
            .find(&format!("[data-backend={id}] a[href='/{id}/new']"))
            .await
            .click()
            .await
            .unwrap();
        session
            .wait_for_text("h1", &format!("New {label} ticket"))
            .await;
        assert_eq!(session.current_path().await, format!("/{id}/new"));

        session
            .find(&format!("[data-backend={id}] a[href='/{id}/tickets']"))
            .await
            .click()
            .await
            .unwrap();
        session
            .wait_for_text("h1", &format!("{label} tickets"))
            .await;
        assert_eq!(session.current_path().await, format!("/{id}/tickets"));
    }
    session.close().await;
}

#[tokio::test]
async fn deep_links_load_directly_and_unknown_backends_say_not_found() {
    let session = Session::start().await;
    session.open("/zstack/tickets").await;
    session.wait_for_text("h1", "ZStack tickets").await;
    session.open("/jira/new").await;
    session.wait_for_text("main", "does not exist here").await;
    session.close().await;
}

#[tokio::test]
async fn a_broken_config_shows_an_error_page_not_a_blank_screen() {
    let (session, _dist) = Session::start_with_config(r#"{"backends": [ {"id": "itsm""#).await;
    session.open("/").await;
    let alert = session
        .wait_for_text("[role=alert]", "Ticket Desk could not start")
        .await;
    assert!(alert.contains("config.json is not valid"), "{alert}");
    assert!(
        alert.contains("line 1 column"),
        "the message says where: {alert}"
    );
    session.close().await;
}

#[tokio::test]
async fn the_page_says_it_is_loading_before_the_app_and_has_an_icon() {
    let session = Session::start().await;
    session.open("/").await;
    session.wait_for_text(".backend-nav", "ZStack").await;
    // The static page carries the words; once the app is up they are gone (no double line).
    let served = session
        .execute(
            "return fetch('/').then(r => r.text()).then(t => t.includes('Loading Ticket Desk…'));",
            vec![],
        )
        .await;
    assert_eq!(served, true, "index.html says it is loading");
    assert_eq!(session.count("#startup-loading").await, 0);
    // The icon the page names is served, so no page logs a 404 for it.
    let icon = session
        .execute(
            "const href = document.querySelector('link[rel=icon]').getAttribute('href');
             return fetch(href).then(r => [r.status, r.headers.get('content-type')]);",
            vec![],
        )
        .await;
    assert_eq!(icon[0], 200, "{icon}");
    assert!(
        icon[1].as_str().unwrap().starts_with("image/svg+xml"),
        "{icon}"
    );
    session.close().await;
}
