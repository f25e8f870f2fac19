//! Approval workflows: each submitted order has one (Submit, then approval nodes) and the
//! current node's approvers are the order's handlers (`AS_HANDLER`). New orders get theirs on
//! submission; seed orders one matching their status.

use vendors::dms::WORKFLOW_AUDITING;

use super::seed::{User, DBA, DEMO_USER, SEED};
use super::StoredOrder;
use crate::demo::rng::SeedRng;
use crate::time::plain_from_secs;

pub const APPROVED: &str = "APPROVED";
pub const REJECT: &str = "REJECT";
pub const CANCEL: &str = "CANCEL";

/// One node; `operator` and `time` are set once someone acted on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub name: &'static str,
    pub auditors: Vec<i64>,
    pub operator: Option<i64>,
    pub time: Option<String>,
    pub comment: String,
}

impl Node {
    pub fn waiting(name: &'static str, auditors: Vec<i64>) -> Self {
        Node {
            name,
            auditors,
            operator: None,
            time: None,
            comment: String::new(),
        }
    }

    pub fn done(mut self, operator: i64, time: String, comment: &str) -> Self {
        self.operator = Some(operator);
        self.time = Some(time);
        self.comment = comment.to_string();
        self
    }
}

/// An order's approval workflow: `code` is DMS's WorkflowInsCode.
#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    pub instance_id: i64,
    pub code: &'static str,
    pub nodes: Vec<Node>,
}

impl Workflow {
    /// The workflow instance of an order (DMS's ids are unrelated; a fixed rule keeps the demo
    /// readable).
    pub fn instance_id_of(order_id: i64) -> i64 {
        order_id * 10 + 7
    }

    pub fn current(&self) -> Option<&Node> {
        (self.code == WORKFLOW_AUDITING)
            .then(|| self.nodes.iter().find(|node| node.operator.is_none()))
            .flatten()
    }

    /// Who must act now: the current node's approvers.
    pub fn current_auditors(&self) -> Vec<i64> {
        self.current()
            .map(|node| node.auditors.clone())
            .unwrap_or_default()
    }

    /// WorkflowStatusDesc.
    pub fn status_desc(&self) -> &'static str {
        match self.code {
            WORKFLOW_AUDITING => "Awaiting approval",
            APPROVED => "Approved",
            REJECT => "Rejected",
            CANCEL => "Cancelled",
            _ => "Unknown",
        }
    }
}

/// A fresh order's workflow: submitted by its committer at `time`, then approved by the owners
/// of its databases other than the committer (a DBA when that leaves nobody).
pub fn submitted(order_id: i64, committer: i64, owners: &[i64], time: &str) -> Workflow {
    let mut approvers: Vec<i64> = owners
        .iter()
        .copied()
        .filter(|id| *id != committer)
        .collect();
    approvers.dedup();
    if approvers.is_empty() {
        approvers.push(DBA.id);
    }
    Workflow {
        instance_id: Workflow::instance_id_of(order_id),
        code: WORKFLOW_AUDITING,
        nodes: vec![
            Node::waiting("Submit", vec![committer]).done(committer, time.to_string(), ""),
            Node::waiting("Owner approval", approvers),
        ],
    }
}

const COMMENTS: [&str; 4] = ["", "ok", "checked the SQL", "fine for this week"];

/// The workflow a seed order in `status_code` has gone through: submitted, approved by the
/// database owner, then by `handler` (the last node, so one approval decides the order).
/// Draws from its own generator, so the seed's other fields do not depend on it.
pub(super) fn seed_workflow(
    order_id: i64,
    status_code: &str,
    committer: User,
    owner: i64,
    handler: User,
    created: i64,
    modified: i64,
) -> Option<Workflow> {
    if status_code == "new" {
        return None;
    }
    let mut rng = SeedRng::new(SEED ^ (order_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let owner = if owner == committer.id { DBA.id } else { owner };
    let mut auditors = vec![handler.id];
    // Often a second approver shares the last node: "waiting for me" gets a good share.
    if handler.id != DEMO_USER.id && committer.id != DEMO_USER.id && rng.chance(90) {
        auditors.push(DEMO_USER.id);
    }
    let at = |step: i64| plain_from_secs(created + (modified - created) * step / 3);
    let mut nodes = vec![
        Node::waiting("Submit", vec![committer.id]).done(committer.id, at(0), ""),
        Node::waiting("Owner approval", vec![owner]),
        Node::waiting("DBA approval", auditors),
    ];
    let mut comment = || *rng.pick(&COMMENTS);
    let code = match status_code {
        "toaudit" => {
            nodes[1] = nodes[1].clone().done(owner, at(3), comment());
            vendors::dms::WORKFLOW_AUDITING
        }
        "reject" => {
            nodes[1] = nodes[1].clone().done(owner, at(2), comment());
            nodes[2] =
                nodes[2]
                    .clone()
                    .done(handler.id, at(3), "too many rows; narrow the WHERE clause");
            REJECT
        }
        "closed" => {
            nodes[1] = nodes[1]
                .clone()
                .done(committer.id, at(3), "no longer needed");
            CANCEL
        }
        _ => {
            nodes[1] = nodes[1].clone().done(owner, at(2), comment());
            nodes[2] = nodes[2].clone().done(handler.id, at(3), comment());
            APPROVED
        }
    };
    Some(Workflow {
        instance_id: Workflow::instance_id_of(order_id),
        code,
        nodes,
    })
}

/// Makes the demo user an approver of exactly one order it committed itself (the simulator
/// refuses self-approval): in `orders`, newest first, its first own order awaiting approval
/// after two others wait for it, so it lists near the top of "waiting for me".
pub(super) fn mark_self_approval(orders: &mut [StoredOrder]) {
    let mut waiting = 0;
    for stored in orders.iter_mut() {
        if stored.order.status_code != "toaudit" {
            continue;
        }
        if stored.handlers.contains(&DEMO_USER.id) {
            waiting += 1;
        } else if waiting >= 2 && stored.order.committer_id == DEMO_USER.id {
            let flow = stored
                .workflow
                .as_mut()
                .expect("orders in approval have one");
            let node = flow
                .nodes
                .iter_mut()
                .find(|node| node.operator.is_none())
                .expect("and a current node");
            node.auditors.push(DEMO_USER.id);
            stored.handlers = flow.current_auditors();
            return;
        }
    }
}
