//! BlueKing ITSM steps several test files take: remembering the approver, filing a ticket in raw
//! mode and finding it in the list. Both work in either language (they go by field names and ticket numbers).

use crate::Session;

/// Remembers `admin` (the demo's approver) as this browser's ITSM user, as the create form or
/// the waiting page does.
pub async fn remember_admin(session: &Session) {
    session.open("/").await;
    session
        .execute(
            "localStorage.setItem('ticket-desk:identity:itsm', JSON.stringify('admin'));",
            vec![],
        )
        .await;
}

/// Files a ticket in raw mode and returns its sn as the success panel shows it.
pub async fn file_raw_ticket(session: &Session, creator: &str, title: &str) -> String {
    session.open("/itsm/new").await;
    session.fill("[name=creator]", creator).await;
    session.fill("[name='fields[0].value']", title).await;
    session.file_ticket().await
}

/// The list filtered by sn shows exactly that ticket, with its title.
pub async fn find_in_list(session: &Session, sn: &str, title: &str) {
    session.open(&format!("/itsm/tickets?sns={sn}")).await;
    let row = session.wait_for_text(".ticket-row", sn).await;
    assert!(
        row.contains(title),
        "the row of {sn} shows its title: {row}"
    );
}
