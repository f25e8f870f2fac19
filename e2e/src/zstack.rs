//! ZStack steps several test files take: logging in as the demo IAM2 user, filling the
//! CreateTicket document's "create vm" ticket and finding a ticket in the list. They work in
//! either language (they go by ids, field names and the user's name).

use crate::Session;

/// The demo IAM2 virtual ID of the ZStack simulator.
pub const DEMO_USER: (&str, &str) = ("demo", "password");

/// Logs in as the demo user through the session panel of the page on screen.
pub async fn log_in(session: &Session) {
    // The panel opens by itself when a page needs a session; otherwise its button opens it.
    session
        .wait_for_js("document.querySelector('#zstack-login-name, .session-bar button')")
        .await;
    if session.count("#zstack-login-name").await == 0 {
        session
            .find(".session-bar button")
            .await
            .click()
            .await
            .unwrap();
    }
    session.fill("#zstack-login-name", DEMO_USER.0).await;
    session.fill("#zstack-login-password", DEMO_USER.1).await;
    session
        .find(".login-form button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    // "Logged in to ZStack as demo." in whichever language: the name is the part that is not
    // translated.
    session
        .wait_for_text(".session-bar[role=status] strong", DEMO_USER.0)
        .await;
}

/// The list, searched for `search` (a part of the name), shows the ticket named `name`.
pub async fn find_in_list(session: &Session, search: &str, name: &str) -> String {
    // Spaces as %20: the form encoding's `+` is not a space to every URL reader.
    let search = url::form_urlencoded::byte_serialize(search.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    session
        .open(&format!("/zstack/tickets?name={search}"))
        .await;
    session.wait_for_text(".ticket-row", name).await
}

/// The "create vm" ticket of the CreateTicket document.
pub async fn fill_create_vm(session: &Session, name: &str) {
    session.fill("[name='params.name']", name).await;
    session
        .fill("[name='params.requests[0].requestName']", "create vm")
        .await;
    session
        .fill(
            "[name='params.requests[0].apiName']",
            "org.zstack.header.vm.APICreateVmInstanceMsg",
        )
        .await;
    session
        .fill(
            "[name='params.requests[0].apiBody']",
            r#"{"name": "vm name", "instanceOfferingUuid": "46466abc6c8931fdaab7a8df43e4f175", "imageUuid": "43e997234af63863b28a5e9987e1d122", "l3NetworkUuids": ["8b4ddd66c7ba30598cdc7ab835e04f96"], "strategy": "InstantStart", "timeout": -1.0, "headers": {}}"#,
        )
        .await;
    session
        .fill(
            "[name='params.accountSystemContext.projectUuid']",
            "28c9a199e3e842d28c9805eb89be56cb",
        )
        .await;
    session
        .fill(
            "[name='params.accountSystemContext.virtualIDUuid']",
            "1c255722caf34cb888b57d11a744248c",
        )
        .await;
}
