//! The ZStack seed: 600 deterministic tickets with one to three real-looking API requests,
//! IAM2 project and virtual id uuids, and every status (plus one the app does not know).

use serde_json::json;
use vendors::zstack::{AccountSystemContext, Ticket, TicketRequest};

use super::{zstack_date, StoredTicket};
use crate::demo::rng::SeedRng;
use crate::time::days_from_civil;

pub const SEED_TICKETS: usize = 600;
const SEED: u64 = 0x25AC_2018_1228;

/// A status ZStack's docs do not list, so the app's unknown-status display gets exercised.
pub const UNKNOWN_STATUS: &str = "Expired";

const STATUSES: [(&str, u32); 6] = [
    ("Pending", 24),
    ("IntermediateApproved", 10),
    ("FinalApproved", 36),
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

/// Every seed ticket in creation order.
pub fn tickets() -> Vec<StoredTicket> {
    let mut rng = SeedRng::new(SEED);
    let projects: Vec<String> = (0..4).map(|_| rng.hex32()).collect();
    let virtual_ids: Vec<String> = (0..8).map(|_| rng.hex32()).collect();
    let flows: Vec<String> = (0..2).map(|_| rng.hex32()).collect();
    let offerings: Vec<String> = (0..3).map(|_| rng.hex32()).collect();
    let images: Vec<String> = (0..3).map(|_| rng.hex32()).collect();
    let networks: Vec<String> = (0..2).map(|_| rng.hex32()).collect();
    let start = days_from_civil(2024, 1, 1) * 86_400;
    let end = days_from_civil(2026, 11, 1) * 86_400;
    let mut created: Vec<i64> = (0..SEED_TICKETS).map(|_| rng.between(start, end)).collect();
    created.sort_unstable();
    created
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
            let open = matches!(status, "Pending" | "IntermediateApproved");
            let flow = rng.pick(&flows).clone();
            let last_op = created + rng.between(60, 7 * 86_400);
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
                    virtual_id_uuid: Some(rng.pick(&virtual_ids).clone()),
                }),
                current_flow_uuid: open.then(|| rng.hex32()),
                flow_collection_uuid: Some(flow),
                create_date: zstack_date(created),
                last_op_date: zstack_date(last_op),
            };
            StoredTicket {
                ticket,
                created,
                last_op,
            }
        })
        .collect()
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
