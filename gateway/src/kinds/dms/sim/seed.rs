//! The DMS seed: users, the databases orders may name, and 600 deterministic orders of every
//! PluginType and status, committed, handled and related among a few users, each submitted
//! order with its approval workflow.

use serde_json::{json, Value};
use vendors::dms::Order;

use super::workflow::{mark_self_approval, seed_workflow, Workflow};
use super::StoredOrder;
use crate::demo::rng::SeedRng;
use crate::time::{days_from_civil, plain_from_secs};

pub const SEED_ORDERS: usize = 600;
pub(super) const SEED: u64 = 0x00D5_2018_1101;
/// The first seed order's id; later ones count up.
const FIRST_ORDER_ID: i64 = 3_250_001;

/// A DMS user: id and nick name.
#[derive(Debug, Clone, Copy)]
pub struct User {
    pub id: i64,
    pub nick: &'static str,
}

/// The user the demo AccessKey belongs to: every signed demo call acts as this user.
pub const DEMO_USER: User = User {
    id: 20_001,
    nick: "dms_demo",
};

pub const USERS: [User; 6] = [
    DEMO_USER,
    User {
        id: 20_002,
        nick: "alice",
    },
    User {
        id: 20_003,
        nick: "bob",
    },
    User {
        id: 20_004,
        nick: "chen.wei",
    },
    User {
        id: 20_005,
        nick: "dba.li",
    },
    User {
        id: 20_006,
        nick: "ops.zhang",
    },
];

/// The DBA who approves orders nobody else would (a new order on the committer's own database).
pub const DBA: User = USERS[4];

pub fn user(id: i64) -> Option<&'static User> {
    USERS.iter().find(|user| user.id == id)
}

/// A database orders may name; `owner` is the user id for `AS_OWNER`.
#[derive(Debug, Clone, Copy)]
pub struct Database {
    pub id: i64,
    pub name: &'static str,
    pub logic: bool,
    pub owner: i64,
}

pub const DATABASES: [Database; 10] = [
    Database {
        id: 1001,
        name: "orders_db",
        logic: false,
        owner: 20_001,
    },
    Database {
        id: 1002,
        name: "payments_db",
        logic: false,
        owner: 20_005,
    },
    Database {
        id: 1003,
        name: "crm",
        logic: false,
        owner: 20_002,
    },
    Database {
        id: 1004,
        name: "inventory",
        logic: false,
        owner: 20_001,
    },
    Database {
        id: 1005,
        name: "user_center",
        logic: false,
        owner: 20_003,
    },
    Database {
        id: 1006,
        name: "billing",
        logic: false,
        owner: 20_005,
    },
    Database {
        id: 1007,
        name: "analytics",
        logic: false,
        owner: 20_004,
    },
    Database {
        id: 1008,
        name: "audit_log",
        logic: false,
        owner: 20_006,
    },
    Database {
        id: 1009,
        name: "orders_shard",
        logic: true,
        owner: 20_001,
    },
    Database {
        id: 1010,
        name: "events_shard",
        logic: true,
        owner: 20_005,
    },
];

pub fn database(id: i64) -> Option<&'static Database> {
    DATABASES.iter().find(|db| db.id == id)
}

/// StatusCode and StatusDesc as DMS reports them.
pub const STATUSES: [(&str, &str); 7] = [
    ("new", "New"),
    ("toaudit", "Awaiting approval"),
    ("Approved", "Approved"),
    ("reject", "Rejected"),
    ("processing", "Processing"),
    ("success", "Succeeded"),
    ("closed", "Closed"),
];

/// `OrderStatus=FINISHED`; every other status counts as RUNNING.
pub fn is_finished(status_code: &str) -> bool {
    matches!(status_code, "success" | "closed" | "reject")
}

// Two in five await approval, so the demo user's "waiting for me" holds about a hundred.
const STATUS_WEIGHTS: [(usize, u32); 7] =
    [(0, 4), (1, 42), (2, 6), (3, 8), (4, 5), (5, 26), (6, 9)];
const PLUGIN_TYPES: [(&str, u32); 7] = [
    ("DATA_EXPORT", 30),
    ("DC_COMMON", 25),
    ("NDDL", 15),
    ("DC_CHUNK", 10),
    ("PERM_APPLY", 10),
    ("DC_CRON_CLEAR", 5),
    ("OWNER_APPLY", 5),
];
const TABLES: [&str; 6] = [
    "orders",
    "refunds",
    "customers",
    "sku",
    "invoices",
    "events",
];
const REASONS: [&str; 5] = [
    "monthly report",
    "customer complaint",
    "audit request",
    "data repair",
    "capacity review",
];

/// Every seed order, newest first; exactly one order waiting for the demo user is also its
/// own (the simulator refuses to let it approve that one).
pub fn orders() -> Vec<StoredOrder> {
    let mut rng = SeedRng::new(SEED);
    let start = days_from_civil(2024, 1, 1) * 86_400;
    let end = days_from_civil(2026, 11, 1) * 86_400;
    let mut created: Vec<i64> = (0..SEED_ORDERS).map(|_| rng.between(start, end)).collect();
    created.sort_unstable();
    let mut orders: Vec<StoredOrder> = created
        .iter()
        .enumerate()
        .map(|(index, &created)| order(&mut rng, FIRST_ORDER_ID + index as i64, created))
        .collect();
    orders.reverse();
    mark_self_approval(&mut orders);
    orders
}

fn order(rng: &mut SeedRng, order_id: i64, created: i64) -> StoredOrder {
    let plugin_type = *rng.weighted(&PLUGIN_TYPES);
    let (status_code, status_desc) = STATUSES[*rng.weighted(&STATUS_WEIGHTS)];
    // The demo user commits a good share, so "my orders" is never empty.
    let committer = if rng.chance(40) {
        DEMO_USER
    } else {
        *rng.pick(&USERS)
    };
    let db = *rng.pick(&DATABASES);
    let table = *rng.pick(&TABLES);
    let reason = *rng.pick(&REASONS);
    let (comment, plugin_param) = match plugin_type {
        "DATA_EXPORT" => (
            format!("Export {table} from {} for {reason}", db.name),
            json!({"classify": reason, "dbId": db.id, "logic": db.logic,
                "exeSQL": format!("SELECT * FROM {table} WHERE gmt_create >= '2025-01-01'"),
                "ignoreAffectRows": false, "affectRows": rng.between(1, 50_000),
                "ignoreAffectRowsReason": ""}),
        ),
        "NDDL" => (
            format!("Add index on {table}.gmt_modified in {}", db.name),
            json!({"title": format!("Index {table}"), "description": reason, "dbId": db.id,
                "logic": db.logic, "relatedIds": [committer.id]}),
        ),
        "DC_COMMON" | "DC_CHUNK" | "DC_CRON_CLEAR" => (
            format!("Fix {table} rows in {} ({reason})", db.name),
            json!({"classify": reason, "estimateAffectRows": rng.between(1, 2_000),
                "execSQL": format!("UPDATE {table} SET status = 'CLOSED' WHERE id = {}", rng.between(1, 99_999)),
                "dbItemList": [{"dbId": db.id, "logic": db.logic}], "sqlType": "TEXT",
                "rbSQL": "", "rbSQLType": "TEXT"}),
        ),
        _ => (
            format!(
                "Request {} on {} for {}",
                plugin_label(plugin_type),
                db.name,
                committer.nick
            ),
            json!({"dbId": db.id, "logic": db.logic, "permTypes": "QUERY,EXPORT",
                "expireDays": 30, "reason": reason}),
        ),
    };
    let mut handler = if rng.chance(35) {
        DEMO_USER
    } else {
        *rng.pick(&USERS)
    };
    // Nobody approves their own order (but see `mark_self_approval`).
    if handler.id == committer.id {
        handler = if committer.id == DBA.id {
            USERS[1]
        } else {
            DBA
        };
    }
    let mut related = vec![committer.id.to_string()];
    if rng.chance(30) {
        related.push(DEMO_USER.id.to_string());
    }
    let modified = created + rng.between(60, 10 * 86_400);
    let workflow = seed_workflow(
        order_id,
        status_code,
        committer,
        db.owner,
        handler,
        created,
        modified,
    );
    StoredOrder {
        order: Order {
            order_id,
            comment,
            committer: committer.nick.to_string(),
            committer_id: committer.id,
            create_time: plain_from_secs(created),
            last_modify_time: plain_from_secs(modified),
            plugin_type: plugin_type.to_string(),
            status_code: status_code.to_string(),
            status_desc: status_desc.to_string(),
        },
        plugin_param,
        related_users: related,
        handlers: workflow
            .as_ref()
            .map(Workflow::current_auditors)
            .unwrap_or_default(),
        owners: vec![db.owner],
        attachment_key: None,
        workflow,
    }
}

fn plugin_label(plugin_type: &str) -> &'static str {
    match plugin_type {
        "PERM_APPLY" => "query permission",
        _ => "ownership",
    }
}

/// The databases a PluginParam names (`dbId`, `dbItemList[].dbId`), as given.
pub fn database_ids(param: &Value) -> Vec<Value> {
    let mut ids: Vec<Value> = param.get("dbId").into_iter().cloned().collect();
    if let Some(items) = param.get("dbItemList").and_then(Value::as_array) {
        ids.extend(items.iter().filter_map(|item| item.get("dbId")).cloned());
    }
    ids
}
