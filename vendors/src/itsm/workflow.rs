//! ITSM's answers about one ticket's workflow (`get_ticket_info`, `get_ticket_status`,
//! `get_ticket_logs`) and the decision calls (`approve`, `operate_ticket`). What the app reads
//! is typed; everything else a real answer carries is kept in `extra`, so the documented
//! examples serialize back as they came.

use crate::lenient;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::CommonParams;

/// `can_operate`: the docs type it as text and show a boolean; absent means allowed (the docs
/// say it is always true in the versions that do not compute it).
fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Bool(flag) => flag,
        Value::String(text) => !matches!(text.trim().to_ascii_lowercase().as_str(), "false" | "0"),
        Value::Number(number) => number.as_i64() != Some(0),
        Value::Null | Value::Array(_) | Value::Object(_) => true,
    })
}

fn yes() -> bool {
    true
}

/// One operation offered on a ticket (`WITHDRAW`, `SUSPEND`, ...) or on a step
/// (`TRANSITION`, `CLAIM`, `DELIVER`, `TERMINATE`, ...).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Operation {
    #[serde(default, deserialize_with = "lenient::string")]
    pub key: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default = "yes", deserialize_with = "flag")]
    pub can_operate: bool,
}

/// One current step, as `get_ticket_info` and `get_ticket_status` report it; the status call
/// adds the step's `operations` and `fields`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Step {
    #[serde(default, deserialize_with = "lenient::int")]
    pub state_id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    /// Comma-separated user names (a list is accepted too).
    #[serde(default, deserialize_with = "processors")]
    pub processors: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub action_type: String,
    /// The step instance's status: WAIT, RUNNING, RECEIVING, SUSPEND, ...
    #[serde(default, deserialize_with = "lenient::string")]
    pub status: String,
    /// The node type (NORMAL, APPROVAL, SIGN, ...), when ITSM sends it.
    #[serde(
        rename = "type",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub node_type: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient::list"
    )]
    pub operations: Vec<Operation>,
    /// The step's own form (approval result, remark); kept as sent.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient::list"
    )]
    pub fields: Vec<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn processors<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => items
            .iter()
            .filter_map(crate::response::text_of)
            .collect::<Vec<_>>()
            .join(","),
        other => crate::response::text_of(&other).unwrap_or_default(),
    })
}

/// Node types that decide by approving or rejecting.
pub const APPROVAL_NODE_TYPES: [&str; 2] = ["APPROVAL", "SIGN"];

impl Step {
    /// The step's processors, one name each.
    pub fn processor_names(&self) -> Vec<String> {
        crate::form::split_list(&self.processors)
    }

    /// An approval step, or one whose type the answer leaves out (the documented
    /// `get_ticket_status` example carries none): only a type known to be something else rules
    /// approving out, and ITSM refuses in its own words where the step is no approval.
    pub fn is_approval(&self) -> bool {
        self.node_type.as_deref().is_none_or(|kind| {
            APPROVAL_NODE_TYPES
                .iter()
                .any(|known| known.eq_ignore_ascii_case(kind.trim()))
        })
    }

    /// Whether the caller may submit (approve or reject) this step now.
    pub fn can_transition(&self) -> bool {
        self.operations
            .iter()
            .any(|operation| operation.key == "TRANSITION" && operation.can_operate)
    }
}

/// One value of the ticket's form.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InfoField {
    #[serde(default, deserialize_with = "lenient::string")]
    pub key: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(rename = "type", default, deserialize_with = "lenient::string")]
    pub field_type: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub value: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub display_value: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `data` of `get_ticket_info`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TicketInfo {
    #[serde(default, deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub sn: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub title: String,
    #[serde(default, deserialize_with = "lenient::int")]
    pub service_id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub service_type: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub current_status: String,
    #[serde(default, deserialize_with = "lenient::list")]
    pub current_steps: Vec<Step>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub creator: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub create_at: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub updated_by: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub update_at: String,
    #[serde(default, deserialize_with = "lenient::list")]
    pub fields: Vec<InfoField>,
    /// `catalog_id`, `flow_id`, `end_at`, `ticket_url`, `bk_biz_id`, ...
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TicketInfo {
    /// Text of an untyped member such as `ticket_url` or `end_at`.
    pub fn extra_text(&self, key: &str) -> Option<String> {
        self.extra
            .get(key)
            .and_then(crate::response::text_of)
            .filter(|text| !text.is_empty())
    }
}

/// `data` of `get_ticket_status`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TicketStatus {
    #[serde(default, deserialize_with = "lenient::string")]
    pub current_status: String,
    /// Ticket-level operations: WITHDRAW, SUSPEND, UNSUSPEND, TERMINATE.
    #[serde(default, deserialize_with = "lenient::list")]
    pub operations: Vec<Operation>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub current_steps: Vec<Step>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TicketStatus {
    pub fn offers(&self, key: &str) -> bool {
        self.operations
            .iter()
            .any(|operation| operation.key == key && operation.can_operate)
    }
}

/// One entry of `get_ticket_logs`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LogEntry {
    #[serde(default, deserialize_with = "lenient::string")]
    pub operator: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub message: String,
    /// WEB, MOBILE, API or SYS.
    #[serde(default, deserialize_with = "lenient::string")]
    pub source: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub operate_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `data` of `get_ticket_logs`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TicketLogs {
    #[serde(default, deserialize_with = "lenient::list")]
    pub logs: Vec<LogEntry>,
    /// `sn`, `title`, `create_at`, `creator`.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `approve` (API gateway stage): one approver's decision on an approval step.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Approve {
    #[serde(flatten)]
    pub common: CommonParams,
    pub sn: String,
    #[serde(deserialize_with = "lenient::int")]
    pub state_id: i64,
    pub approver: String,
    /// `"true"` approves, `"false"` rejects.
    #[serde(deserialize_with = "lenient::string")]
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
}

/// `operate_ticket`: a ticket-level operation by `operator`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OperateTicket {
    #[serde(flatten)]
    pub common: CommonParams,
    pub sn: String,
    pub operator: String,
    /// SUSPEND, UNSUSPEND, WITHDRAW or TERMINATE.
    pub action_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_message: Option<String>,
}
