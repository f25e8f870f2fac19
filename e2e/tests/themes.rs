//! Light and dark in a real browser: with no choice the page follows the system's colour scheme
//! (emulated), and the top bar's theme switch overrides it at once and across a reload.

use e2e::prefs::{choose, data_theme, stored, wait_for_nav, wait_for_shade, Shade, THEME_KEY};
use e2e::{ColorScheme, Session};

/// A session whose system prefers `scheme`, on the home page with the shell up.
async fn preferring(scheme: ColorScheme) -> Session {
    let session = Session::start().await;
    session.prefer_color_scheme(scheme).await;
    session.open("/").await;
    wait_for_nav(&session, ["New ticket", "Tickets", "Waiting for me"]).await;
    session
}

/// Waits until `<html data-theme>` is `expected` (`None`: absent).
async fn wait_for_data_theme(session: &Session, expected: Option<&str>) {
    session
        .wait_until(&format!("<html data-theme> is {expected:?}"), || async {
            data_theme(session).await.as_deref() == expected
        })
        .await;
}

#[tokio::test]
async fn a_dark_system_darkens_the_page_until_light_is_chosen() {
    let session = preferring(ColorScheme::Dark).await;
    assert_eq!(data_theme(&session).await, None, "no choice made yet");
    assert_eq!(session.value("select[name=theme]").await, "system");
    wait_for_shade(&session, Shade::Dark).await;

    choose(&session, "theme", "light").await;
    wait_for_data_theme(&session, Some("light")).await;
    wait_for_shade(&session, Shade::Light).await;
    assert_eq!(stored(&session, THEME_KEY).await.as_deref(), Some("light"));

    session.client.refresh().await.unwrap();
    session.find("select[name=theme]").await;
    wait_for_data_theme(&session, Some("light")).await;
    wait_for_shade(&session, Shade::Light).await;
    assert_eq!(session.value("select[name=theme]").await, "light");

    // Back to the system's choice: the attribute goes and the page is dark again.
    choose(&session, "theme", "system").await;
    wait_for_data_theme(&session, None).await;
    wait_for_shade(&session, Shade::Dark).await;
    session.close().await;
}

#[tokio::test]
async fn choosing_dark_on_a_light_system_darkens_the_page() {
    let session = preferring(ColorScheme::Light).await;
    assert_eq!(data_theme(&session).await, None);
    wait_for_shade(&session, Shade::Light).await;

    choose(&session, "theme", "dark").await;
    wait_for_data_theme(&session, Some("dark")).await;
    wait_for_shade(&session, Shade::Dark).await;
    assert_eq!(stored(&session, THEME_KEY).await.as_deref(), Some("dark"));

    session.client.refresh().await.unwrap();
    session.find("select[name=theme]").await;
    wait_for_data_theme(&session, Some("dark")).await;
    wait_for_shade(&session, Shade::Dark).await;
    session.close().await;
}

#[tokio::test]
async fn with_no_choice_the_page_follows_the_system_as_it_changes() {
    let session = preferring(ColorScheme::Light).await;
    wait_for_shade(&session, Shade::Light).await;
    // The system turns dark while the page is open (an evening schedule, say).
    session.prefer_color_scheme(ColorScheme::Dark).await;
    wait_for_shade(&session, Shade::Dark).await;
    assert_eq!(data_theme(&session).await, None);
    session.prefer_color_scheme(ColorScheme::Light).await;
    wait_for_shade(&session, Shade::Light).await;
    session.close().await;
}
