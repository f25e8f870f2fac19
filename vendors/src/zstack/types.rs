//! ZStack ticket, query and login types (camelCase wire names).

use crate::lenient;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateTicket {
    pub params: CreateTicketParams,
    #[serde(
        rename = "systemTags",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub system_tags: Option<Vec<String>>,
    #[serde(rename = "userTags", default, skip_serializing_if = "Option::is_none")]
    pub user_tags: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTicketParams {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub requests: Vec<TicketRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_collection_uuid: Option<String>,
    /// "iam2" for IAM2 projects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_system_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_system_context: Option<AccountSystemContext>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_uuid: Option<String>,
}

/// One API message the ticket runs once approved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketRequest {
    #[serde(default, deserialize_with = "lenient::string")]
    pub request_name: String,
    /// The API message class, e.g. `org.zstack.header.vm.APICreateVmInstanceMsg`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub api_name: String,
    /// A JSON number; the document sends `1.0`, so it stays a float on the wire.
    #[serde(default = "one")]
    pub execute_times: f64,
    /// The API message's parameters: a JSON object.
    #[serde(default)]
    pub api_body: Value,
}

fn one() -> f64 {
    1.0
}

impl Default for TicketRequest {
    fn default() -> Self {
        TicketRequest {
            request_name: String::new(),
            api_name: String::new(),
            execute_times: one(),
            api_body: Value::Object(Default::default()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AccountSystemContext {
    #[serde(
        rename = "projectUuid",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub project_uuid: Option<String>,
    #[serde(
        rename = "virtualIDUuid",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub virtual_id_uuid: Option<String>,
}

/// A ticket as ZStack reports it. Statuses stay text (Pending, IntermediateApproved, ...).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    #[serde(default, deserialize_with = "lenient::string")]
    pub uuid: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub status: String,
    /// The query metadata names this field `request`; answers seen carry `requests`.
    #[serde(default, alias = "request", skip_serializing_if = "Option::is_none")]
    pub requests: Option<Vec<TicketRequest>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub ticket_type_uuid: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub account_system_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_system_context: Option<AccountSystemContext>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub flow_collection_uuid: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub current_flow_uuid: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub create_date: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub last_op_date: String,
}

/// The answer to CreateTicket: the document promises `{}`; newer releases add the inventory.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TicketCreated {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory: Option<Ticket>,
}

/// The answer to QueryTicket; `total` only with `replyWithCount=true`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TicketInventories {
    #[serde(default, deserialize_with = "lenient::list")]
    pub inventories: Vec<Ticket>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_uint"
    )]
    pub total: Option<u64>,
}

/// Body of `PUT /zstack/v1/accounts/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountLoginBody {
    #[serde(rename = "logInByAccount")]
    pub log_in_by_account: AccountLogin,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountLogin {
    pub account_name: String,
    /// SHA-512 hex of the plain password.
    pub password: String,
}

/// Body of `PUT /zstack/v1/iam2/virtual-ids/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VirtualIdLoginBody {
    #[serde(rename = "loginIAM2VirtualID")]
    pub login_iam2_virtual_id: VirtualIdLogin,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VirtualIdLogin {
    pub name: String,
    /// SHA-512 hex of the plain password.
    pub password: String,
}

/// A session; its `uuid` goes into `Authorization: OAuth <uuid>`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    #[serde(deserialize_with = "lenient::string")]
    pub uuid: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub account_uuid: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub user_uuid: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub expired_date: Option<String>,
}

/// `{inventory: Session}` of both login calls.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SessionReply {
    pub inventory: Session,
}

/// ZStack's error answer: `{"error": {code, description, details}}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ErrorReply {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ErrorDetail {
    #[serde(deserialize_with = "lenient::string")]
    pub code: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub description: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub details: Option<String>,
}
