//! Deciding a ticket, whatever the back-end: the unified detail a ticket page shows, the four
//! decisions a person can take, and what a decision asks of them. Each vendor module maps its
//! own calls into these (`itsm::ticket_detail`, `dms::ticket_detail`, `zstack::ticket_detail`)
//! and builds its decision calls from a [`DecisionRequest`].

use serde::{Deserialize, Serialize};

use crate::call::Problem;
use crate::summary::TicketSummary;
use crate::validate::Problems;

/// Wire path of the reason, so the decision form marks its field.
pub const COMMENT_PATH: &str = "comment";
/// Longest reason accepted; the vendors document none, their consoles cut at about this.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// What a person can do to a ticket from Ticket Desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// As an approver of the current step.
    Approve,
    /// As an approver of the current step; a reason is required.
    Reject,
    /// Your own ticket, before it is decided (ITSM WITHDRAW, DMS CANCEL/CloseOrder, ZStack cancel).
    Withdraw,
    /// A rejected or cancelled ticket of your own, where the back-end allows it (ZStack reopen).
    Reopen,
}

impl Decision {
    pub const ALL: [Decision; 4] = [
        Decision::Approve,
        Decision::Reject,
        Decision::Withdraw,
        Decision::Reopen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
            Decision::Withdraw => "withdraw",
            Decision::Reopen => "reopen",
        }
    }

    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Approve => crate::text!("Approve", "通过"),
            Decision::Reject => crate::text!("Reject", "拒绝"),
            Decision::Withdraw => crate::text!("Withdraw", "撤回"),
            Decision::Reopen => crate::text!("Reopen", "重新打开"),
        }
        .get()
    }

    /// The outcome's words, e.g. "approved".
    pub fn past_tense(self) -> &'static str {
        match self {
            Decision::Approve => crate::text!("approved", "已通过"),
            Decision::Reject => crate::text!("rejected", "已拒绝"),
            Decision::Withdraw => crate::text!("withdrawn", "已撤回"),
            Decision::Reopen => crate::text!("reopened", "已重新打开"),
        }
        .get()
    }

    /// Whether the person must say why: rejecting without a reason helps nobody.
    pub fn needs_reason(self) -> bool {
        match self {
            Decision::Reject => true,
            Decision::Approve | Decision::Withdraw | Decision::Reopen => false,
        }
    }
}

/// One decision as the person asked for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRequest {
    pub decision: Decision,
    /// The reason or remark; may be empty unless the decision [needs one](Decision::needs_reason).
    pub comment: String,
}

impl DecisionRequest {
    pub fn new(decision: Decision, comment: impl Into<String>) -> Self {
        DecisionRequest {
            decision,
            comment: comment.into(),
        }
    }

    /// The reason, trimmed; `None` when there is none.
    pub fn reason(&self) -> Option<&str> {
        Some(self.comment.trim()).filter(|text| !text.is_empty())
    }

    /// A reason where one is needed, and not too long; problems name [`COMMENT_PATH`].
    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Problems::new();
        if self.decision.needs_reason() && self.reason().is_none() {
            problems.push(COMMENT_PATH, reason_required());
        }
        let length = self.comment.trim().chars().count();
        if length > MAX_COMMENT_CHARS {
            problems.push(COMMENT_PATH, reason_too_long(length));
        }
        problems.into_result()
    }
}

/// The message for a rejection without a reason (every back-end's reason field).
pub(crate) fn reason_required() -> String {
    crate::tr!(
        "Say why: a reason is required to reject.",
        "请说明理由：拒绝时必须填写理由。"
    )
}

/// The message for a reason of `length` characters, longer than [`MAX_COMMENT_CHARS`].
pub(crate) fn reason_too_long(length: usize) -> String {
    crate::tr!(
        "Keep the reason to {MAX_COMMENT_CHARS} characters (it has {length}).",
        "理由不能超过 {MAX_COMMENT_CHARS} 个字符（现有 {length} 个）。"
    )
}

/// What a back-end says about a ticket after a decision was taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionOutcome {
    /// The status code now (picks the badge colour), as the back-end reports it.
    pub status: String,
    /// Words for the status when the back-end gives them apart from the code (DMS StatusDesc).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_label: Option<String>,
}

impl DecisionOutcome {
    /// The decision was applied but the status after it could not be read.
    pub fn unknown() -> Self {
        DecisionOutcome {
            status: String::new(),
            status_label: None,
        }
    }

    pub fn is_known(&self) -> bool {
        !self.status.trim().is_empty()
    }
}

/// One value shown on the detail page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetailField {
    pub label: String,
    pub value: String,
    /// Shown as preformatted text (JSON bodies, SQL).
    #[serde(default)]
    pub code: bool,
}

impl DetailField {
    pub fn text(label: impl Into<String>, value: impl Into<String>) -> Self {
        DetailField {
            label: label.into(),
            value: value.into(),
            code: false,
        }
    }

    pub fn code(label: impl Into<String>, value: impl Into<String>) -> Self {
        DetailField {
            label: label.into(),
            value: value.into(),
            code: true,
        }
    }
}

/// Where a workflow step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepState {
    Done,
    Current,
    Waiting,
}

/// One step of the ticket's workflow (ITSM current step, DMS workflow node, ZStack flow).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetailStep {
    pub name: String,
    pub state: StepState,
    /// Who may act on it (ITSM processors, DMS current handlers / audit users, ZStack approver).
    pub handlers: Vec<String>,
}

/// One entry of the ticket's history, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// As the back-end wrote it (`YYYY-MM-DD hh:mm:ss` or similar).
    pub at: String,
    pub who: String,
    /// What happened, e.g. "approved", "Pending → Rejected", ITSM's log message.
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Everything the ticket page shows, whatever the back-end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketDetail {
    /// Id, title, status, creator, times, service and the vendor's own link, as in the list.
    pub summary: TicketSummary,
    pub fields: Vec<DetailField>,
    pub steps: Vec<DetailStep>,
    pub timeline: Vec<TimelineEntry>,
    /// The decisions the back-end says the current user may take now, in [`Decision::ALL`] order.
    pub allowed: Vec<Decision>,
}

impl TicketDetail {
    pub fn may(&self, decision: Decision) -> bool {
        self.allowed.contains(&decision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejecting_needs_a_reason_at_the_comment_field() {
        let problems = DecisionRequest::new(Decision::Reject, "  ")
            .validate()
            .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, COMMENT_PATH);
        assert!(DecisionRequest::new(Decision::Reject, "wrong database")
            .validate()
            .is_ok());
    }

    #[test]
    fn approving_and_withdrawing_need_no_reason() {
        for decision in [Decision::Approve, Decision::Withdraw, Decision::Reopen] {
            assert!(DecisionRequest::new(decision, "").validate().is_ok());
        }
    }

    #[test]
    fn an_overlong_reason_is_refused() {
        let long = "x".repeat(MAX_COMMENT_CHARS + 1);
        let problems = DecisionRequest::new(Decision::Approve, long)
            .validate()
            .unwrap_err();
        assert!(problems[0].message.contains("1000"));
    }
}
