//! BlueKing ITSM request and response types (ESB path `/api/c/compapi/v2/itsm/<op>/`).

use crate::lenient;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The ESB's common parameters. The gateway fills them in; the app leaves them `None`, and
/// `None` is not serialized, so the seeds' examples round-trip exactly.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CommonParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bk_app_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bk_app_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bk_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bk_username: Option<String>,
}

/// `{result, code, message, data, request_id?}`; success is `result && code == 0`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    #[serde(default)]
    pub result: bool,
    #[serde(default, deserialize_with = "lenient::int")]
    pub code: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub message: String,
    #[serde(default = "none")]
    pub data: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

fn none<T>() -> Option<T> {
    None
}

impl<T> Envelope<T> {
    pub fn ok(data: T) -> Self {
        Envelope {
            result: true,
            code: 0,
            message: "success".to_string(),
            data: Some(data),
            request_id: None,
        }
    }

    pub fn failure(code: i64, message: impl Into<String>) -> Self {
        Envelope {
            result: false,
            code,
            message: message.into(),
            data: None,
            request_id: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateTicket {
    #[serde(flatten)]
    pub common: CommonParams,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_int"
    )]
    pub service_id: Option<i64>,
    pub creator: String,
    pub fields: Vec<TicketField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fast_approval: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<TicketMeta>,
}

/// One form value; ITSM wants every value as text (member lists comma-separated).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TicketField {
    pub key: String,
    #[serde(deserialize_with = "lenient::string")]
    pub value: String,
}

impl TicketField {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        TicketField {
            key: key.into(),
            value: value.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TicketMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// State id -> comma-separated processors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_processors: Option<BTreeMap<String, String>>,
}

/// `data` of `create_ticket`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreatedTicket {
    #[serde(deserialize_with = "lenient::string")]
    pub sn: String,
    #[serde(default, deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub ticket_url: String,
}

/// `get_tickets` filters. `created_from` is `create_at__gte` ("at or after"; the seed's
/// descriptions of `__gte` and `__lte` are swapped).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GetTickets {
    #[serde(flatten)]
    pub common: CommonParams,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sns: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    #[serde(
        rename = "create_at__gte",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub created_from: Option<String>,
    #[serde(
        rename = "create_at__lte",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub created_to: Option<String>,
    #[serde(
        rename = "end_at__gte",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ended_from: Option<String>,
    #[serde(
        rename = "end_at__lte",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ended_to: Option<String>,
    /// Numbers or numeric strings are accepted (the seed sends `page_size: "10"`); a number
    /// is sent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_uint"
    )]
    pub page: Option<u64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_uint"
    )]
    pub page_size: Option<u64>,
    /// Only the tickets waiting for this user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(
        rename = "service_id__in",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_int_list"
    )]
    pub service_ids: Option<Vec<i64>>,
    #[serde(
        rename = "bk_biz_id__in",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_int_list"
    )]
    pub biz_ids: Option<Vec<i64>>,
    #[serde(
        rename = "current_status__in",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_text_list"
    )]
    pub statuses: Option<Vec<String>>,
}

/// ITSM's documented defaults.
pub const DEFAULT_PAGE_SIZE: u64 = 10;

impl GetTickets {
    pub fn page_or_default(&self) -> u64 {
        self.page.unwrap_or(1)
    }

    pub fn page_size_or_default(&self) -> u64 {
        self.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }
}

/// `data` of `get_tickets`. `next`/`previous` are back-end URLs: page with `page` instead.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TicketList {
    #[serde(default, deserialize_with = "lenient::uint")]
    pub page: u64,
    #[serde(default, deserialize_with = "lenient::uint")]
    pub total_page: u64,
    #[serde(default, deserialize_with = "lenient::uint")]
    pub count: u64,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub previous: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub items: Vec<TicketItem>,
}

/// One ticket of `get_tickets`. Fields the seed shows are always serialized; the ones it
/// leaves out (`current_steps`, `is_biz_need`) only when present.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TicketItem {
    #[serde(default, deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub sn: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub title: String,
    #[serde(default, deserialize_with = "lenient::int")]
    pub catalog_id: i64,
    #[serde(default, deserialize_with = "lenient::int")]
    pub service_id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub service_type: String,
    #[serde(default, deserialize_with = "lenient::int")]
    pub flow_id: i64,
    /// Kept as text: unknown statuses still display.
    #[serde(default, deserialize_with = "lenient::string")]
    pub current_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_steps: Option<Vec<serde_json::Value>>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub comment_id: String,
    #[serde(default)]
    pub is_commented: bool,
    #[serde(default, deserialize_with = "lenient::string")]
    pub updated_by: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub update_at: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub end_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub creator: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub create_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_biz_need: Option<bool>,
    #[serde(default, deserialize_with = "lenient::int")]
    pub bk_biz_id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub ticket_url: String,
}

impl TicketItem {
    /// Names of the current steps, when the vendor sent them as `[{name, ...}]`.
    pub fn current_step_names(&self) -> Vec<String> {
        self.current_steps
            .iter()
            .flatten()
            .filter_map(|step| step.get("name").and_then(|name| name.as_str()))
            .map(str::to_string)
            .collect()
    }
}

/// `get_services` filter (GET query).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetServices {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ServiceInfo {
    #[serde(default, deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub desc: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub service_type: String,
}

/// `data` of `get_service_detail`: the service's form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ServiceDetail {
    #[serde(default, deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub desc: String,
    #[serde(default, deserialize_with = "lenient::list")]
    pub fields: Vec<ServiceField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ServiceField {
    #[serde(default, deserialize_with = "lenient::string")]
    pub key: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    /// STRING, TEXT, INT, DATE, DATETIME, SELECT, MULTISELECT, RADIO, CHECKBOX, MEMBER,
    /// MEMBERS, TABLE, ... kept as text.
    #[serde(rename = "type", default, deserialize_with = "lenient::string")]
    pub field_type: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub desc: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub default: String,
    #[serde(default, deserialize_with = "lenient::list")]
    pub choice: Vec<ServiceChoice>,
    /// REQUIRE or OPTION.
    #[serde(default, deserialize_with = "lenient::string")]
    pub validate_type: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub regex: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub layout: String,
}

impl ServiceField {
    pub fn is_required(&self) -> bool {
        self.validate_type.eq_ignore_ascii_case("REQUIRE")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ServiceChoice {
    #[serde(deserialize_with = "lenient::string")]
    pub key: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
}
