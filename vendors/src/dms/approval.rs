//! Deciding DMS orders: `GetApprovalDetail` (the workflow behind an order), `ApproveOrder`
//! (AGREE / REJECT / CANCEL) and `CloseOrder`, with the generic answer DMS gives to actions
//! that return nothing.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{decode_response, first, rpc_call};
use super::{ACTION_APPROVE_ORDER, ACTION_CLOSE_ORDER, ACTION_GET_APPROVAL_DETAIL, PARAM_COMMENT};
use crate::call::{HttpCall, Problem, VendorError};
use crate::decide::MAX_COMMENT_CHARS;
use crate::lenient;
use crate::validate::Problems;

/// The `ApprovalType` values Ticket Desk sends. DMS also knows TRANSFER and
/// ADD_APPROVAL_NODE, which reshape a workflow: a proxy in front of DMS refuses them.
pub const APPROVAL_TYPES: [&str; 3] = ["AGREE", "REJECT", "CANCEL"];
/// `WorkflowInsCode` of a workflow still waiting for approvers.
pub const WORKFLOW_AUDITING: &str = "AUDITING";

/// A required positive id from the query, named by its wire key.
fn required_id(pairs: &[(String, String)], problems: &mut Problems, key: &str, label: &str) -> i64 {
    match first(pairs, key) {
        Some(text) => problems
            .integer(key, label, text, Some(1), None)
            .unwrap_or_default(),
        None => {
            problems.push(key, crate::tr!("{label} is required.", "{label}为必填项。"));
            0
        }
    }
}

fn workflow_instance_label() -> String {
    crate::tr!("Workflow instance id", "审批流实例 ID")
}

fn order_id_label() -> String {
    crate::tr!("Order id", "工单 ID")
}

fn check_comment(problems: &mut Problems, key: &str, label: &str, text: &str) {
    let length = text.trim().chars().count();
    if length > MAX_COMMENT_CHARS {
        problems.push(
            key,
            crate::tr!(
                "Keep the {label} to {MAX_COMMENT_CHARS} characters (it has {length}).",
                "{label}不能超过 {MAX_COMMENT_CHARS} 个字符（当前 {length} 个）。"
            ),
        );
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetApprovalDetail {
    #[serde(deserialize_with = "lenient::int")]
    pub workflow_instance_id: i64,
}

impl GetApprovalDetail {
    pub fn to_query(&self) -> Vec<(String, String)> {
        vec![(
            "WorkflowInstanceId".into(),
            self.workflow_instance_id.to_string(),
        )]
    }

    pub fn from_query(pairs: &[(String, String)]) -> Result<GetApprovalDetail, Vec<Problem>> {
        let mut problems = Problems::new();
        let workflow_instance_id = required_id(
            pairs,
            &mut problems,
            "WorkflowInstanceId",
            &workflow_instance_label(),
        );
        problems.finish(GetApprovalDetail {
            workflow_instance_id,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetApprovalDetailResponse {
    #[serde(default)]
    pub approval_detail: ApprovalDetail,
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

/// The workflow of one order: who must act now and what each node's approver did.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApprovalDetail {
    #[serde(default, deserialize_with = "lenient::string")]
    pub title: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub description: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub order_type: String,
    /// AUDITING, REJECT, CANCEL or APPROVED (others pass through).
    #[serde(default, deserialize_with = "lenient::string")]
    pub workflow_ins_code: String,
    #[serde(default)]
    pub current_handlers: CurrentHandlers,
    #[serde(default)]
    pub workflow_nodes: WorkflowNodes,
}

impl ApprovalDetail {
    /// Whether the workflow still waits for an approver.
    pub fn is_auditing(&self) -> bool {
        self.workflow_ins_code
            .trim()
            .eq_ignore_ascii_case(WORKFLOW_AUDITING)
    }

    pub fn handlers(&self) -> &[Handler] {
        &self.current_handlers.current_handler
    }

    pub fn nodes(&self) -> &[WorkflowNode] {
        &self.workflow_nodes.workflow_node
    }
}

/// The extra `{"CurrentHandler": [...]}` level of Alibaba's lists.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CurrentHandlers {
    #[serde(rename = "CurrentHandler", default, deserialize_with = "lenient::list")]
    pub current_handler: Vec<Handler>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Handler {
    #[serde(default, deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub nick_name: String,
}

/// The extra `{"WorkflowNode": [...]}` level of Alibaba's lists.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WorkflowNodes {
    #[serde(rename = "WorkflowNode", default, deserialize_with = "lenient::list")]
    pub workflow_node: Vec<WorkflowNode>,
}

/// One approval node; the operator fields stay empty until someone acted on it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WorkflowNode {
    #[serde(default, deserialize_with = "lenient::string")]
    pub node_name: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_int"
    )]
    pub operator_id: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub operate_time: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub operate_comment: Option<String>,
    /// The node's approvers: the SDK types it as comma-separated text; a list is read too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_user_id_list: Option<Value>,
}

impl WorkflowNode {
    /// Whether someone acted on the node.
    pub fn is_done(&self) -> bool {
        self.operate_time
            .as_deref()
            .is_some_and(|time| !time.trim().is_empty())
    }

    /// The approvers' ids as text, whichever way DMS wrote them.
    pub fn audit_user_ids(&self) -> Vec<String> {
        match &self.audit_user_id_list {
            Some(Value::String(text)) => lenient::split_list(text),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(crate::response::text_of)
                .filter(|text| !text.trim().is_empty())
                .collect(),
            Some(Value::Number(number)) => vec![number.to_string()],
            _ => Vec::new(),
        }
    }
}

/// `ApproveOrder` as Ticket Desk sends it: agree, reject or cancel one workflow.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApproveOrder {
    #[serde(deserialize_with = "lenient::int")]
    pub workflow_instance_id: i64,
    /// AGREE, REJECT or CANCEL.
    pub approval_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl ApproveOrder {
    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut query = vec![
            (
                "WorkflowInstanceId".to_string(),
                self.workflow_instance_id.to_string(),
            ),
            ("ApprovalType".to_string(), self.approval_type.clone()),
        ];
        if let Some(comment) = self.comment.as_deref().map(str::trim) {
            if !comment.is_empty() {
                query.push((PARAM_COMMENT.to_string(), comment.to_string()));
            }
        }
        query
    }

    pub fn from_query(pairs: &[(String, String)]) -> Result<ApproveOrder, Vec<Problem>> {
        let mut problems = Problems::new();
        let workflow_instance_id = required_id(
            pairs,
            &mut problems,
            "WorkflowInstanceId",
            &workflow_instance_label(),
        );
        let request = ApproveOrder {
            workflow_instance_id,
            approval_type: first(pairs, "ApprovalType").unwrap_or_default().to_string(),
            comment: first(pairs, PARAM_COMMENT).map(str::to_string),
        };
        let mut validation = request.validate().err().unwrap_or_default();
        validation.retain(|problem| problem.path != "WorkflowInstanceId");
        crate::form::merge_problems(problems.into_vec(), validation).map(|()| request)
    }

    /// A workflow, one of [`APPROVAL_TYPES`], and a reason to reject.
    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Problems::new();
        problems.in_range(
            "WorkflowInstanceId",
            &workflow_instance_label(),
            self.workflow_instance_id,
            Some(1),
            None,
        );
        let approval_type = crate::tr!("Approval type", "审批类型");
        if problems.require("ApprovalType", &approval_type, &self.approval_type) {
            problems.one_of(
                "ApprovalType",
                &approval_type,
                self.approval_type.trim(),
                &APPROVAL_TYPES,
            );
        }
        let comment = self.comment.as_deref().unwrap_or_default();
        if self.approval_type.trim() == "REJECT" && comment.trim().is_empty() {
            problems.push(PARAM_COMMENT, crate::decide::reason_required());
        }
        let label = crate::tr!("comment", "审批意见");
        check_comment(&mut problems, PARAM_COMMENT, &label, comment);
        problems.into_result()
    }
}

/// `CloseOrder`: ends an order that is no longer in approval.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CloseOrder {
    #[serde(deserialize_with = "lenient::int")]
    pub order_id: i64,
    pub close_reason: String,
}

impl CloseOrder {
    pub fn to_query(&self) -> Vec<(String, String)> {
        vec![
            ("OrderId".into(), self.order_id.to_string()),
            ("CloseReason".into(), self.close_reason.trim().to_string()),
        ]
    }

    pub fn from_query(pairs: &[(String, String)]) -> Result<CloseOrder, Vec<Problem>> {
        let mut problems = Problems::new();
        let order_id = required_id(pairs, &mut problems, "OrderId", &order_id_label());
        let request = CloseOrder {
            order_id,
            close_reason: first(pairs, "CloseReason").unwrap_or_default().to_string(),
        };
        let mut validation = request.validate().err().unwrap_or_default();
        validation.retain(|problem| problem.path != "OrderId");
        crate::form::merge_problems(problems.into_vec(), validation).map(|()| request)
    }

    /// An order and a reason (DMS keeps it with the order).
    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Problems::new();
        problems.in_range("OrderId", &order_id_label(), self.order_id, Some(1), None);
        let reason = crate::tr!("Reason to close", "关闭理由");
        problems.require("CloseReason", &reason, &self.close_reason);
        let label = crate::tr!("reason", "理由");
        check_comment(&mut problems, "CloseReason", &label, &self.close_reason);
        problems.into_result()
    }
}

/// What DMS answers to actions that return nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GenericResponse {
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

pub fn get_approval_detail_call(workflow_instance_id: i64) -> HttpCall {
    rpc_call(
        ACTION_GET_APPROVAL_DETAIL,
        GetApprovalDetail {
            workflow_instance_id,
        }
        .to_query(),
    )
}

pub fn decode_get_approval_detail(
    status: u16,
    body: &str,
) -> Result<GetApprovalDetailResponse, VendorError> {
    decode_response(status, body)
}

pub fn approve_order_call(request: &ApproveOrder) -> HttpCall {
    rpc_call(ACTION_APPROVE_ORDER, request.to_query())
}

pub fn close_order_call(request: &CloseOrder) -> HttpCall {
    rpc_call(ACTION_CLOSE_ORDER, request.to_query())
}

/// Decodes ApproveOrder's and CloseOrder's answer (`Success: false` becomes the error).
pub fn decode_generic(status: u16, body: &str) -> Result<GenericResponse, VendorError> {
    decode_response(status, body)
}
