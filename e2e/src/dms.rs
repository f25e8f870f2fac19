//! Alibaba Cloud DMS steps several test files take: filling an order and finding it in the
//! list. They work in either language (they go by field names and order ids).

use crate::Session;

/// Opens the create page and fills the order's own fields.
pub async fn fill_order(session: &Session, plugin_type: &str, comment: &str) {
    session.open("/dms/new").await;
    session.fill("[name=PluginType]", plugin_type).await;
    session.fill("[name=Comment]", comment).await;
    session.fill("[name=RelatedUserList]", "20001,20002").await;
}

/// Fills the data export order of the CreateOrder document (its masked dbId is a demo
/// database), ready to file.
pub async fn fill_data_export(session: &Session, comment: &str) {
    fill_order(session, "DATA_EXPORT", comment).await;
    session
        .fill("[name='PluginParam.classify']", "Reason")
        .await;
    session.fill("[name='PluginParam.dbId']", "1001").await;
    session
        .fill("[name='PluginParam.exeSQL']", "select 1")
        .await;
    session.fill("[name='PluginParam.affectRows']", "1").await;
}

/// The list, searched for the order id, shows the order with its comment.
pub async fn find_in_list(session: &Session, order_id: &str, comment: &str) {
    session
        .open(&format!("/dms/tickets?SearchContent={order_id}"))
        .await;
    let row = session.wait_for_text(".ticket-row", order_id).await;
    assert!(
        row.contains(comment),
        "the row of order {order_id} shows its comment: {row}"
    );
}
