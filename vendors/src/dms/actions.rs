//! The RPC actions Ticket Desk calls, the API version it speaks, and the query parameters each
//! action may carry: what a proxy in front of DMS lets through and signs.

pub const API_VERSION: &str = "2018-11-01";
pub const ACTION_HEADER: &str = "x-acs-action";
pub const VERSION_HEADER: &str = "x-acs-version";
pub const ACTION_CREATE_ORDER: &str = "CreateOrder";
pub const ACTION_LIST_ORDERS: &str = "ListOrders";
pub const ACTION_GET_ORDER_BASE_INFO: &str = "GetOrderBaseInfo";
pub const ACTION_GET_APPROVAL_DETAIL: &str = "GetApprovalDetail";
pub const ACTION_APPROVE_ORDER: &str = "ApproveOrder";
pub const ACTION_CLOSE_ORDER: &str = "CloseOrder";
/// The actions Ticket Desk calls: what a proxy in front of DMS must let through.
pub const ACTIONS: [&str; 6] = [
    ACTION_CREATE_ORDER,
    ACTION_LIST_ORDERS,
    ACTION_GET_ORDER_BASE_INFO,
    ACTION_GET_APPROVAL_DETAIL,
    ACTION_APPROVE_ORDER,
    ACTION_CLOSE_ORDER,
];
/// The tenant parameter several actions take.
pub const PARAM_TID: &str = "Tid"; // wire
/// The free-text parameter of CreateOrder (the order's description) and ApproveOrder.
pub const PARAM_COMMENT: &str = "Comment"; // wire
/// Every RPC call is a POST to the endpoint's root.
pub const RPC_PATH: &str = "/";

/// The query parameters an action may carry: what its `to_query` writes, so a proxy in front
/// of DMS can refuse anything else. `None` for an action Ticket Desk does not call.
pub fn parameters_of(action: &str) -> Option<&'static [&'static str]> {
    match action {
        ACTION_CREATE_ORDER => Some(&[
            PARAM_TID,
            PARAM_COMMENT,
            "PluginType",
            "PluginParam",
            "RelatedUserList",
            "AttachmentKey",
        ]),
        ACTION_LIST_ORDERS => Some(&[
            "OrderResultType",
            "OrderStatus",
            "PageNumber",
            "PageSize",
            "PluginType",
            "SearchContent",
            "SearchDateType",
            "StartTime",
            "EndTime",
            PARAM_TID,
        ]),
        ACTION_GET_ORDER_BASE_INFO => Some(&["OrderId", PARAM_TID]),
        ACTION_GET_APPROVAL_DETAIL => Some(&["WorkflowInstanceId"]),
        ACTION_APPROVE_ORDER => Some(&["WorkflowInstanceId", "ApprovalType", PARAM_COMMENT]),
        ACTION_CLOSE_ORDER => Some(&["OrderId", "CloseReason"]),
        _ => None,
    }
}
