//! The ZStack seed: 600 deterministic tickets with one to three real-looking API requests,
//! IAM2 project and virtual id uuids, every status (plus one the app does not know), two-step
//! approval flows and a history entry per status change. About a fifth of the tickets wait for
//! the IAM2 user `demo`; `demo` submitted some open, rejected and cancelled ones, and exactly
//! one of those waiting for them (see [`REFUSED_WAITING_INDEX`]), which they may not decide.

use serde_json::json;
use vendors::zstack::{AccountSystemContext, Ticket, TicketHistory, TicketRequest};

use super::flows::{self, Approvers, Collection};
use super::{user_uuid, zstack_date, StoredTicket, ACCOUNT, IAM2_USER};
use crate::demo::rng::SeedRng;
use crate::time::days_from_civil;

pub const SEED_TICKETS: usize = 600;
const SEED: u64 = 0x25AC_2018_1228;

/// A status ZStack's docs do not list, so the app's unknown-status display gets exercised.
pub const UNKNOWN_STATUS: &str = "Expired";

const STATUSES: [(&str, u32); 6] = [
    ("Pending", 30),
    ("IntermediateApproved", 14),
    ("FinalApproved", 26),
    ("Rejected", 12),
    ("Cancelled", 12),
    (UNKNOWN_STATUS, 6),
];

const APPS: [&str; 8] = [
    "web",
    "api",
    "billing",
    "search",
    "kafka",
    "redis",
    "ci-runner",
    "bastion",
];

/// Weights of the flow collections (by index), so `demo` has a good share to approve.
const COLLECTIONS: [(usize, u32); 4] = [(0, 30), (1, 25), (2, 30), (3, 15)];

/// Of the tickets waiting for `demo`, newest first, the one at this index was submitted by
/// `demo` themselves: ZStack refuses to let a requester approve or reject their own ticket.
pub const REFUSED_WAITING_INDEX: usize = 4;

/// The seeded tickets (creation order) and flow collections.
pub struct Seed {
    pub tickets: Vec<StoredTicket>,
    pub collections: Vec<Collection>,
}

pub fn seed() -> Seed {
    let mut rng = SeedRng::new(SEED);
    let projects: Vec<String> = (0..4).map(|_| rng.hex32()).collect();
    let virtual_ids: Vec<String> = (0..8).map(|_| rng.hex32()).collect();
    let (demo, admin) = (user_uuid(IAM2_USER.0), user_uuid(ACCOUNT.0));
    let (lead, ops) = (rng.hex32(), rng.hex32());
    let approvers = Approvers {
        demo: &demo,
        admin: &admin,
        lead: &lead,
        ops: &ops,
    };
    let collections = flows::collections(&mut rng, &approvers);
    let offerings: Vec<String> = (0..3).map(|_| rng.hex32()).collect();
    let images: Vec<String> = (0..3).map(|_| rng.hex32()).collect();
    let networks: Vec<String> = (0..2).map(|_| rng.hex32()).collect();
    let start = days_from_civil(2024, 1, 1) * 86_400;
    let end = days_from_civil(2026, 11, 1) * 86_400;
    let mut created: Vec<i64> = (0..SEED_TICKETS).map(|_| rng.between(start, end)).collect();
    created.sort_unstable();
    let mut tickets: Vec<StoredTicket> = created
        .into_iter()
        .map(|created| {
            let app = *rng.pick(&APPS);
            let index = rng.below(100);
            let vm = format!("{app}-{index:02}");
            let count = 1 + rng.below(3) as usize;
            let requests: Vec<TicketRequest> = (0..count)
                .map(|step| {
                    let (request_name, api_name, api_body) = match rng.below(6) {
                        0 => (
                            format!("create vm {vm}"),
                            "org.zstack.header.vm.APICreateVmInstanceMsg",
                            json!({"name": vm, "instanceOfferingUuid": rng.pick(&offerings),
                                "imageUuid": rng.pick(&images), "l3NetworkUuids": [rng.pick(&networks)],
                                "strategy": "InstantStart"}),
                        ),
                        1 => (
                            format!("start vm {vm}"),
                            "org.zstack.header.vm.APIStartVmInstanceMsg",
                            json!({"uuid": rng.hex32()}),
                        ),
                        2 => (
                            format!("resize vm {vm}"),
                            "org.zstack.header.vm.APIChangeInstanceOfferingMsg",
                            json!({"vmInstanceUuid": rng.hex32(), "instanceOfferingUuid": rng.pick(&offerings)}),
                        ),
                        3 => (
                            format!("data volume for {vm}"),
                            "org.zstack.header.volume.APICreateDataVolumeMsg",
                            json!({"name": format!("{vm}-data-{step}"), "diskOfferingUuid": rng.hex32()}),
                        ),
                        4 => (
                            format!("attach volume to {vm}"),
                            "org.zstack.header.volume.APIAttachDataVolumeToVmMsg",
                            json!({"volumeUuid": rng.hex32(), "vmInstanceUuid": rng.hex32()}),
                        ),
                        _ => (
                            format!("image for {app}"),
                            "org.zstack.header.image.APIAddImageMsg",
                            json!({"name": format!("{app}-base"), "url": format!("http://images.demo/{app}.qcow2"),
                                "format": "qcow2", "platform": "Linux", "backupStorageUuids": [rng.hex32()]}),
                        ),
                    };
                    TicketRequest {
                        request_name,
                        api_name: api_name.to_string(),
                        execute_times: 1.0,
                        api_body,
                    }
                })
                .collect();
            let status = *rng.weighted(&STATUSES);
            let collection = &collections[*rng.weighted(&COLLECTIONS)];
            let current_flow = match status {
                "Pending" => Some(collection.flows[0].uuid.clone()),
                "IntermediateApproved" => Some(collection.flows[1].uuid.clone()),
                _ => None,
            };
            let last_op = created + rng.between(60, 7 * 86_400);
            let requester = rng.pick(&virtual_ids).clone();
            let ticket = Ticket {
                uuid: rng.hex32(),
                name: title(&requests[0].api_name, &vm, count),
                description: Some(format!("Requested for the {app} service"))
                    .filter(|_| rng.chance(80)),
                status: status.to_string(),
                requests: Some(requests),
                account_system_type: Some("iam2".into()),
                account_system_context: Some(AccountSystemContext {
                    project_uuid: Some(rng.pick(&projects).clone()),
                    virtual_id_uuid: Some(requester.clone()),
                }),
                current_flow_uuid: current_flow,
                flow_collection_uuid: Some(collection.uuid.clone()),
                ticket_type_uuid: None,
                create_date: zstack_date(created),
                last_op_date: zstack_date(last_op),
            };
            let history = history(&mut rng, &ticket, collection, &requester, (created, last_op));
            StoredTicket {
                ticket,
                created,
                last_op,
                history,
            }
        })
        .collect();
    give_demo_their_own(&mut tickets, &collections, &demo);
    Seed {
        tickets,
        collections,
    }
}

const REASONS: [&str; 4] = [
    "not in this quarter's budget",
    "use the shared image instead",
    "wrong zone: file it for the lab project",
    "too large for this project's quota",
];

/// The status changes that brought a seed ticket to its status, spread over its life.
fn history(
    rng: &mut SeedRng,
    ticket: &Ticket,
    collection: &Collection,
    requester: &str,
    (created, last_op): (i64, i64),
) -> Vec<TicketHistory> {
    let [first, second] = [&collection.flows[0], &collection.flows[1]];
    let approver = |flow: &vendors::zstack::TicketFlow| flow.approver().map(str::to_string);
    // (from, to, operator, flow name, comment)
    type Change = (
        Option<&'static str>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let mut changes: Vec<Change> =
        vec![(None, "Pending".into(), Some(requester.into()), None, None)];
    let step = |from: &'static str,
                to: &str,
                flow: &vendors::zstack::TicketFlow,
                comment: Option<String>| {
        (
            Some(from),
            to.to_string(),
            approver(flow),
            Some(flow.name.clone()),
            comment,
        )
    };
    let status = ticket.status.as_str();
    match status {
        "Pending" => {}
        "IntermediateApproved" => changes.push(step("Pending", status, first, None)),
        "FinalApproved" => {
            changes.push(step("Pending", "IntermediateApproved", first, None));
            changes.push(step(
                "IntermediateApproved",
                status,
                second,
                Some("ok".into()),
            ));
        }
        "Rejected" => {
            let reason = Some(rng.pick(&REASONS).to_string());
            if rng.chance(50) {
                changes.push(step("Pending", "IntermediateApproved", first, None));
                changes.push(step("IntermediateApproved", status, second, reason));
            } else {
                changes.push(step("Pending", status, first, reason));
            }
        }
        "Cancelled" => changes.push((
            Some("Pending"),
            status.into(),
            Some(requester.into()),
            None,
            Some("no longer needed".into()),
        )),
        // A status the app does not know: the system moved it, no one in particular.
        other => changes.push((Some("Pending"), other.into(), None, None, None)),
    }
    let count = changes.len() as i64;
    changes
        .into_iter()
        .enumerate()
        .map(|(index, (from, to, operator, flow_name, comment))| {
            let index = index as i64;
            let at = if count == 1 {
                created
            } else {
                created + (last_op - created) * index / (count - 1)
            };
            TicketHistory {
                uuid: rng.hex32(),
                ticket_uuid: ticket.uuid.clone(),
                from_status: from.map(str::to_string),
                to_status: to,
                comment,
                operator_type: Some(super::operator_type(operator.as_deref()).to_string()),
                operator_uuid: operator,
                flow_name,
                sequence: Some(index + 1),
                operation_context: None,
                create_date: zstack_date(at),
            }
        })
        .collect()
}

/// Whether the ticket waits at a flow `user` approves.
pub fn waits_for(stored: &StoredTicket, collections: &[Collection], user: &str) -> bool {
    stored
        .ticket
        .current_flow_uuid
        .as_deref()
        .and_then(|current| flows::find_flow(collections, current))
        .is_some_and(|(_, flow)| flow.approver() == Some(user))
}

/// Makes `demo` the requester of every fifth open, rejected or cancelled ticket that does not
/// wait for them (newest first), and of exactly one that does.
fn give_demo_their_own(tickets: &mut [StoredTicket], collections: &[Collection], demo: &str) {
    let newest_first: Vec<usize> = (0..tickets.len()).rev().collect();
    let waiting: Vec<usize> = newest_first
        .iter()
        .copied()
        .filter(|&index| waits_for(&tickets[index], collections, demo))
        .collect();
    set_requester(&mut tickets[waiting[REFUSED_WAITING_INDEX]], demo);
    let mut owned = 0;
    for index in newest_first {
        let stored = &tickets[index];
        let decidable = matches!(
            stored.ticket.status.as_str(),
            "Pending" | "IntermediateApproved" | "Rejected" | "Cancelled"
        );
        if !decidable || waits_for(stored, collections, demo) {
            continue;
        }
        if owned % 5 == 0 {
            set_requester(&mut tickets[index], demo);
        }
        owned += 1;
    }
}

/// The ticket's requester becomes `who`, in its context and in the history it wrote.
fn set_requester(stored: &mut StoredTicket, who: &str) {
    let context = stored
        .ticket
        .account_system_context
        .get_or_insert_with(Default::default);
    let old = context.virtual_id_uuid.replace(who.to_string());
    for entry in &mut stored.history {
        if entry.operator_uuid.is_some() && entry.operator_uuid == old {
            entry.operator_uuid = Some(who.to_string());
            entry.operator_type = Some(super::operator_type(Some(who)).to_string());
        }
    }
}

fn title(api_name: &str, vm: &str, count: usize) -> String {
    let action = api_name
        .rsplit('.')
        .next()
        .unwrap_or(api_name)
        .trim_start_matches("API")
        .trim_end_matches("Msg");
    // "CreateVmInstance" -> "Create vm instance".
    let mut words = String::new();
    for (index, c) in action.chars().enumerate() {
        if index > 0 && c.is_ascii_uppercase() {
            words.push(' ');
            words.push(c.to_ascii_lowercase());
        } else {
            words.push(c);
        }
    }
    let more = if count > 1 {
        format!(" (+{} more)", count - 1)
    } else {
        String::new()
    };
    format!("{words} for {vm}{more}")
}
