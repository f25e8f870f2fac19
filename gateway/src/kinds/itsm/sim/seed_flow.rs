//! The workflow and form values of a seed ticket, drawn from a generator of its own so the
//! seed's other values stay as they were.

use vendors::itsm::{TicketField, TicketItem};

use super::seed::CREATORS;
use super::workflow::{step_message, FlowStep, Log, Workflow, APPROVAL, NORMAL};
use crate::demo::rng::SeedRng;
use crate::time::plain_from_secs;

/// The two approval steps of each seeded service.
pub(super) fn approval_names(service_id: i64) -> (&'static str, &'static str) {
    match service_id {
        1 => ("Leader approval", "Cloud team approval"),
        2 => ("Leader approval", "System owner approval"),
        3 => ("Duty manager approval", "Ops approval"),
        _ => ("Leader approval", "CAB approval"),
    }
}

const REJECT_REASONS: [&str; 4] = [
    "not enough detail",
    "use the staging environment first",
    "duplicate of an earlier request",
    "budget not approved",
];

/// The flow for a seed ticket of `item.current_status`, whose current step waits for
/// `processors`; log times run from creation to the last update.
pub fn flow(
    rng: &mut SeedRng,
    item: &TicketItem,
    processors: Vec<String>,
    created: i64,
    updated: i64,
) -> Workflow {
    let base = item.service_id * 10;
    let creator = item.creator.as_str();
    let (first_name, second_name) = approval_names(item.service_id);
    let mut someone = || rng.pick(&CREATORS).to_string();
    let (first_by, second_by) = (someone(), someone());
    let submit = FlowStep::new(base + 1, "Submit", NORMAL, vec![creator.to_string()]);
    let approval = |state, name, by: &str| FlowStep::new(state, name, APPROVAL, vec![by.into()]);
    let mut steps = vec![
        submit,
        approval(base + 2, first_name, &first_by),
        approval(base + 3, second_name, &second_by),
    ];
    let status = item.current_status.as_str();
    // (current step, what happened after submitting, as (operator, message)).
    let (at, mut events): (Option<usize>, Vec<(String, String)>) = match status {
        "NEW" => (Some(1), vec![]),
        "RUNNING" | "SUSPENDED" | "FINISHED" => {
            let mut events = vec![approved(&first_by, first_name)];
            if status == "FINISHED" {
                events.push(approved(&second_by, second_name));
                events.push(("system".into(), "over".into()));
            }
            (if status == "FINISHED" { None } else { Some(2) }, events)
        }
        "RESOLVED" | "CONFIRMED" => {
            steps.push(approval(base + 4, "Confirm resolution", creator));
            let events = vec![
                approved(&first_by, first_name),
                approved(&second_by, second_name),
            ];
            (Some(3), events)
        }
        "TERMINATED" => {
            let reason = rng.pick(&REJECT_REASONS);
            let message = step_message(&first_by, first_name, "reject", Some(reason));
            let events = vec![
                (first_by.clone(), message),
                ("system".into(), "terminated".into()),
            ];
            (None, events)
        }
        "REVOKED" => (
            None,
            vec![(creator.into(), format!("{creator} withdraw the ticket"))],
        ),
        // Statuses ITSM does not document still wait in the second approval.
        _ => (Some(2), vec![approved(&first_by, first_name)]),
    };
    if let Some(step) = at.and_then(|at| steps.get_mut(at)) {
        step.processors = processors;
    }
    if status == "SUSPENDED" {
        let by = steps[2].processors.first().cloned().unwrap_or_default();
        events.push((by.clone(), format!("{by} suspend the ticket")));
    }
    let mut logs = vec![Log::new(
        creator,
        step_message(creator, "Submit", "submit", None),
        "WEB",
        &plain_from_secs(created),
    )];
    let count = events.len() as i64;
    for (index, (operator, message)) in events.into_iter().enumerate() {
        let at = created + (updated - created) * (index as i64 + 1) / count.max(1);
        let source = if operator == "system" { "SYS" } else { "WEB" };
        logs.push(Log::new(&operator, message, source, &plain_from_secs(at)));
    }
    Workflow {
        steps,
        at,
        claimed_by: None,
        logs,
    }
}

fn approved(by: &str, step: &str) -> (String, String) {
    (by.to_string(), step_message(by, step, "approve", None))
}

/// A few form values per seeded service, so a ticket's page has something to show.
pub fn fields(rng: &mut SeedRng, service_id: i64) -> Vec<TicketField> {
    let pick = |rng: &mut SeedRng, items: &[&str]| rng.pick(items).to_string();
    match service_id {
        1 => vec![
            TicketField::new("hostname", format!("app-{:03}", rng.below(1000))),
            TicketField::new("cpu", (1 << rng.below(4)).to_string()),
            TicketField::new("memory", pick(rng, &["2G", "4G", "8G", "16G"])),
        ],
        2 => vec![
            TicketField::new(
                "system",
                pick(rng, &["gitlab", "jenkins", "grafana", "mysql-prod"]),
            ),
            TicketField::new("permissions", pick(rng, &["read", "read,write", "admin"])),
            TicketField::new(
                "reason",
                pick(rng, &["on-call duty", "new team member", "audit"]),
            ),
        ],
        3 => vec![
            TicketField::new("severity", pick(rng, &["P1", "P2", "P3", "P4"])),
            TicketField::new(
                "description",
                pick(rng, &["alerts fired overnight", "users report errors"]),
            ),
        ],
        _ => vec![
            TicketField::new("risk", pick(rng, &["low", "medium", "high"])),
            TicketField::new(
                "rollback_plan",
                pick(
                    rng,
                    &["restore the snapshot", "redeploy the previous release"],
                ),
            ),
        ],
    }
}
