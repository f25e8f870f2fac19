//! Alibaba Cloud DMS (API version 2018-11-01) request and response types, with the
//! PascalCase wire names of the RPC API.

use crate::lenient;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateOrder {
    /// Tenant id.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_int"
    )]
    pub tid: Option<i64>,
    pub comment: String,
    pub plugin_type: String,
    /// A JSON object whose shape depends on `plugin_type`; sent as JSON text.
    pub plugin_param: Value,
    /// Comma-separated user ids.
    pub related_user_list: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateOrderResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_order_result: Option<CreateOrderResult>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub request_id: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub error_code: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub error_message: Option<String>,
    #[serde(default)]
    pub success: bool,
}

impl CreateOrderResponse {
    pub fn order_ids(&self) -> &[i64] {
        self.create_order_result
            .as_ref()
            .map(|result| result.order_ids.as_slice())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateOrderResult {
    #[serde(default, deserialize_with = "lenient::int_list")]
    pub order_ids: Vec<i64>,
}

/// `ListOrders` filters; every one optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListOrders {
    /// AS_ADMIN, AS_COMMITTER, AS_HANDLER, AS_OWNER or AS_Related.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_result_type: Option<String>,
    /// ALL, FINISHED, RUNNING (others pass through unchecked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_status: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_uint"
    )]
    pub page_number: Option<u64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_uint"
    )]
    pub page_size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plugin_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_content: Option<String>,
    /// CREATE_TIME or MODIFY_TIME.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_date_type: Option<String>,
    /// "yyyy-MM-dd HH:mm:ss".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_int"
    )]
    pub tid: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListOrdersResponse {
    #[serde(default)]
    pub orders: OrderList,
    #[serde(default, deserialize_with = "lenient::uint")]
    pub total_count: u64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub request_id: String,
    #[serde(default)]
    pub success: bool,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub error_code: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub error_message: Option<String>,
}

/// The extra `{"Order": [...]}` level of Alibaba's list answers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrderList {
    #[serde(rename = "Order", default, deserialize_with = "lenient::list")]
    pub order: Vec<Order>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Order {
    #[serde(default, deserialize_with = "lenient::int")]
    pub order_id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub comment: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub committer: String,
    #[serde(default, deserialize_with = "lenient::int")]
    pub committer_id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub create_time: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub last_modify_time: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub plugin_type: String,
    /// Kept as text (new, toaudit, Approved, reject, processing, success, closed, ...).
    #[serde(default, deserialize_with = "lenient::string")]
    pub status_code: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub status_desc: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetOrderBaseInfo {
    #[serde(deserialize_with = "lenient::int")]
    pub order_id: i64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetOrderBaseInfoResponse {
    #[serde(default)]
    pub order_base_info: OrderBaseInfo,
    #[serde(default, deserialize_with = "lenient::string")]
    pub request_id: String,
    #[serde(default)]
    pub success: bool,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub error_code: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub error_message: Option<String>,
}

/// Details of one order. Fields whose shape the public docs leave open stay raw JSON.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderBaseInfo {
    #[serde(default, deserialize_with = "lenient::int")]
    pub order_id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub comment: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub committer: String,
    #[serde(default, deserialize_with = "lenient::int")]
    pub committer_id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub create_time: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub last_modify_time: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub plugin_type: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub status_code: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub status_desc: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_int"
    )]
    pub workflow_instance_id: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub workflow_status_desc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_user_list: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_user_nick_list: Option<Value>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub attachment_key: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub origin_attachment_name: Option<String>,
}
