//! The ITSM seed: 12,000 deterministic tickets over 2024-01-01 .. 2026-11-01, every status
//! (plus one the app does not know), twenty creators, workflows whose current steps have
//! processors (the demo user `admin` among them on about a third), one step claimed.

use std::collections::HashSet;

use vendors::itsm::{TicketField, TicketItem};

use super::services::SEEDED_SERVICES;
use super::workflow;
use super::StoredTicket;
use crate::demo::rng::SeedRng;
use crate::time::{civil, days_from_civil, plain_from_secs};

pub const SEED_TICKETS: usize = 12_000;
const SEED: u64 = 0x1757_2019_0916;

/// Where the demo tickets link to.
pub const SITE: &str = "http://bk-itsm.demo";

pub const CREATORS: [&str; 20] = [
    "admin",
    "alice",
    "bob",
    "chen.wei",
    "david",
    "eve",
    "frank",
    "grace",
    "heidi",
    "ivan",
    "judy",
    "li.na",
    "mallory",
    "niaj",
    "olivia",
    "peggy",
    "rupert",
    "sybil",
    "wang.fang",
    "zhang.san",
];

/// A status ITSM does not document, so the app's unknown-status display gets exercised.
pub const UNKNOWN_STATUS: &str = "DRAFT_REVIEW";
const FINAL_STATUSES: [&str; 3] = ["FINISHED", "TERMINATED", "REVOKED"];

const STATUSES: [(&str, u32); 8] = [
    ("FINISHED", 36),
    ("RUNNING", 20),
    ("NEW", 8),
    ("RESOLVED", 6),
    ("CONFIRMED", 4),
    ("SUSPENDED", 4),
    ("TERMINATED", 10),
    ("REVOKED", 12),
];

const PROJECTS: [&str; 8] = [
    "payments",
    "search",
    "billing",
    "crm",
    "data-lake",
    "mobile-api",
    "sso",
    "monitoring",
];
const SYSTEMS: [&str; 6] = ["GitLab", "Jenkins", "Grafana", "MySQL", "Kafka", "Redis"];
const SYMPTOMS: [&str; 5] = [
    "responds slowly",
    "returns HTTP 502",
    "is unreachable",
    "runs out of disk",
    "drops connections",
];
const CHANGES: [&str; 5] = [
    "Upgrade kernel",
    "Rotate TLS certificates",
    "Resize connection pool",
    "Migrate to new VLAN",
    "Patch OpenSSL",
];
const BUSINESSES: [i64; 4] = [-1, 2, 3, 5];

pub fn is_final(status: &str) -> bool {
    FINAL_STATUSES.contains(&status)
}

/// Seconds of 2024-01-01 00:00:00 and 2026-11-01 00:00:00 (UTC).
pub fn seed_range() -> (i64, i64) {
    (
        days_from_civil(2024, 1, 1) * 86_400,
        days_from_civil(2026, 11, 1) * 86_400,
    )
}

/// `NO` + creation minute (`YYYYMMDDhhmm`) + a 4-digit sequence, as in the seed's
/// "NO2019091610001755"; the sequence is bumped until the number is unused.
pub fn serial_number(created: i64, id: i64, used: &mut HashSet<String>) -> String {
    let c = civil(created);
    let minute = format!(
        "NO{:04}{:02}{:02}{:02}{:02}",
        c.year, c.month, c.day, c.hour, c.minute
    );
    let mut sequence = id % 10_000;
    loop {
        let sn = format!("{minute}{sequence:04}");
        if used.insert(sn.clone()) {
            return sn;
        }
        sequence = (sequence + 1) % 10_000;
    }
}

pub fn ticket_url(id: i64) -> String {
    format!("{SITE}/#/ticket/detail?id={id}")
}

/// Every seed ticket, newest first.
pub fn tickets() -> (Vec<StoredTicket>, HashSet<String>) {
    let mut rng = SeedRng::new(SEED);
    let (start, end) = seed_range();
    let mut created: Vec<i64> = (0..SEED_TICKETS).map(|_| rng.between(start, end)).collect();
    // Ids grow with time, as a database's would.
    created.sort_unstable();
    let mut used = HashSet::with_capacity(SEED_TICKETS + 1024);
    let mut tickets: Vec<StoredTicket> = created
        .iter()
        .enumerate()
        .map(|(index, &created)| ticket(&mut rng, index as i64 + 1, created, &mut used))
        .collect();
    tickets.reverse();
    claim_one_for_the_demo(&mut tickets);
    (tickets, used)
}

/// Which of the demo user's waiting tickets (newest first, from 0) has its step claimed by
/// another processor: it lists as waiting for `admin`, yet approving it is refused.
pub const CLAIMED_WAITING_INDEX: usize = 2;
/// Who claimed it.
pub const CLAIMER: &str = "wang.fang";

fn claim_one_for_the_demo(tickets: &mut [StoredTicket]) {
    let Some(ticket) = tickets
        .iter_mut()
        .filter(|ticket| workflow::waits_for(ticket, super::DEMO_USER))
        .nth(CLAIMED_WAITING_INDEX)
    else {
        return;
    };
    let flow = &mut ticket.workflow;
    if let Some(step) = flow.at.and_then(|at| flow.steps.get_mut(at)) {
        if !step.processors.iter().any(|p| p == CLAIMER) {
            step.processors.push(CLAIMER.to_string());
        }
    }
    flow.claimed_by = Some(CLAIMER.to_string());
    workflow::sync(ticket);
}

fn ticket(rng: &mut SeedRng, id: i64, created: i64, used: &mut HashSet<String>) -> StoredTicket {
    let service = rng.pick(&SEEDED_SERVICES);
    let creator = *rng.pick(&CREATORS);
    let status = if id % 1000 == 500 {
        UNKNOWN_STATUS
    } else {
        *rng.weighted(&STATUSES)
    };
    let title = match service.id {
        1 => format!(
            "VM for {} ({} vCPU)",
            rng.pick(&PROJECTS),
            1 << rng.below(4)
        ),
        2 => format!("Access to {} for {creator}", rng.pick(&SYSTEMS)),
        3 => format!("{} {}", rng.pick(&SYSTEMS), rng.pick(&SYMPTOMS)),
        _ => format!("{} on {}", rng.pick(&CHANGES), rng.pick(&PROJECTS)),
    };
    let updated = created + rng.between(60, 30 * 86_400);
    let processors: Vec<String> = if is_final(status) {
        Vec::new()
    } else {
        // "admin" is the demo user: give it a good share of to-dos.
        let first = if rng.chance(30) {
            "admin"
        } else {
            *rng.pick(&CREATORS)
        };
        let mut users = vec![first.to_string()];
        if rng.chance(40) {
            let second = *rng.pick(&CREATORS);
            if second != first {
                users.push(second.to_string());
            }
        }
        users
    };
    let updated_by = processors
        .first()
        .map_or_else(|| rng.pick(&CREATORS).to_string(), Clone::clone);
    let is_commented = status == "FINISHED" && rng.chance(30);
    let bk_biz_id = *rng.pick(&BUSINESSES);
    let item = TicketItem {
        id,
        sn: serial_number(created, id, used),
        title: title.clone(),
        catalog_id: service.catalog_id,
        service_id: service.id,
        service_type: service.service_type.to_string(),
        flow_id: service.id * 10 + 1,
        current_status: status.to_string(),
        current_steps: None,
        comment_id: if is_commented {
            id.to_string()
        } else {
            String::new()
        },
        is_commented,
        updated_by,
        update_at: plain_from_secs(updated),
        end_at: is_final(status).then(|| plain_from_secs(updated)),
        creator: creator.to_string(),
        create_at: plain_from_secs(created),
        is_biz_need: Some(bk_biz_id != -1),
        bk_biz_id,
        ticket_url: ticket_url(id),
    };
    // A second generator for what the first never drew, so the seed above stays as it was.
    let mut side = SeedRng::new(SEED ^ (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let flow = super::seed_flow::flow(&mut side, &item, processors, created, updated);
    let mut fields = vec![TicketField::new("title", title)];
    fields.extend(super::seed_flow::fields(&mut side, service.id));
    let mut ticket = StoredTicket {
        item,
        processors: Vec::new(),
        fields,
        workflow: flow,
    };
    workflow::sync(&mut ticket);
    ticket
}
