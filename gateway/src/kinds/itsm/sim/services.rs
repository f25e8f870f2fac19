//! The demo services and their forms (`get_services`, `get_service_detail`), and the check
//! `create_ticket` applies to a ticket's fields against its service's form.

use serde_json::{json, Value};
use vendors::itsm::TicketField;

/// One field of a service form, in `get_service_detail`'s shape.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    pub key: &'static str,
    pub name: &'static str,
    pub field_type: &'static str,
    pub required: bool,
    pub desc: &'static str,
    pub default: &'static str,
    pub choices: &'static [(&'static str, &'static str)],
    pub regex: &'static str,
}

const fn field(key: &'static str, name: &'static str, field_type: &'static str) -> FieldDef {
    FieldDef {
        key,
        name,
        field_type,
        required: false,
        desc: "",
        default: "",
        choices: &[],
        regex: "",
    }
}

const fn required(mut def: FieldDef) -> FieldDef {
    def.required = true;
    def
}

const fn desc(mut def: FieldDef, text: &'static str) -> FieldDef {
    def.desc = text;
    def
}

const fn default(mut def: FieldDef, value: &'static str) -> FieldDef {
    def.default = value;
    def
}

const fn choices(mut def: FieldDef, list: &'static [(&'static str, &'static str)]) -> FieldDef {
    def.choices = list;
    def
}

const fn regex(mut def: FieldDef, pattern: &'static str) -> FieldDef {
    def.regex = pattern;
    def
}

#[derive(Debug, Clone, Copy)]
pub struct Service {
    pub id: i64,
    pub catalog_id: i64,
    pub name: &'static str,
    pub desc: &'static str,
    pub service_type: &'static str,
    pub fields: &'static [FieldDef],
}

const TITLE: FieldDef = required(desc(
    field("title", "Title", "STRING"),
    "A short summary shown in ticket lists.",
));
const APPROVER: FieldDef = required(desc(
    field("APPROVER", "Approvers", "MEMBERS"),
    "Comma-separated user names who approve this ticket.",
));

const VM_REQUEST: &[FieldDef] = &[
    TITLE,
    required(regex(
        desc(
            field("hostname", "Host name", "STRING"),
            "Lower-case letters, digits and dashes; 3 to 31 characters, starting with a letter.",
        ),
        "^[a-z][a-z0-9-]{2,30}$",
    )),
    required(default(
        desc(field("cpu", "vCPUs", "INT"), "Number of virtual CPUs."),
        "2",
    )),
    required(default(
        choices(
            field("memory", "Memory", "SELECT"),
            &[
                ("2G", "2 GiB"),
                ("4G", "4 GiB"),
                ("8G", "8 GiB"),
                ("16G", "16 GiB"),
            ],
        ),
        "4G",
    )),
    default(
        choices(
            field("os", "Operating system", "RADIO"),
            &[
                ("rocky9", "Rocky Linux 9"),
                ("ubuntu2404", "Ubuntu 24.04"),
                ("windows2022", "Windows Server 2022"),
            ],
        ),
        "rocky9",
    ),
    desc(
        choices(
            field("data_disks", "Data disks", "MULTISELECT"),
            &[
                ("100G", "100 GiB SSD"),
                ("500G", "500 GiB HDD"),
                ("1T", "1 TiB HDD"),
            ],
        ),
        "Extra disks to attach.",
    ),
    desc(
        field("needed_by", "Needed by", "DATE"),
        "The date the machine must be ready (YYYY-MM-DD).",
    ),
    field("purpose", "Purpose", "TEXT"),
    APPROVER,
];

const PERMISSION: &[FieldDef] = &[
    TITLE,
    required(choices(
        field("system", "System", "SELECT"),
        &[
            ("gitlab", "GitLab"),
            ("jenkins", "Jenkins"),
            ("grafana", "Grafana"),
            ("mysql-prod", "MySQL (production)"),
        ],
    )),
    required(default(
        choices(
            field("permissions", "Permissions", "CHECKBOX"),
            &[
                ("read", "Read"),
                ("write", "Write"),
                ("admin", "Administer"),
            ],
        ),
        "read",
    )),
    desc(
        field("grantee", "Grantee", "MEMBER"),
        "Who receives the permission; the creator when empty.",
    ),
    desc(
        field("expire_at", "Expires on", "DATE"),
        "Leave empty for permanent access.",
    ),
    required(field("reason", "Reason", "TEXT")),
    APPROVER,
];

const INCIDENT: &[FieldDef] = &[
    TITLE,
    required(default(
        desc(
            choices(
                field("severity", "Severity", "RADIO"),
                &[
                    ("P1", "P1 - outage"),
                    ("P2", "P2 - degraded"),
                    ("P3", "P3 - minor"),
                    ("P4", "P4 - cosmetic"),
                ],
            ),
            "P1 pages the on-call engineer.",
        ),
        "P3",
    )),
    required(desc(
        field("occurred_at", "Occurred at", "DATETIME"),
        "When the problem started (YYYY-MM-DD hh:mm:ss).",
    )),
    choices(
        field("affected_systems", "Affected systems", "MULTISELECT"),
        &[
            ("web", "Web front end"),
            ("api", "API"),
            ("db", "Databases"),
            ("network", "Network"),
        ],
    ),
    field("impacted_users", "Impacted users", "INT"),
    required(field("description", "What happened", "TEXT")),
    field("reporter", "Reporter", "MEMBER"),
];

const CHANGE: &[FieldDef] = &[
    TITLE,
    required(desc(
        field("change_window", "Change window start", "DATETIME"),
        "Start of the maintenance window (YYYY-MM-DD hh:mm:ss).",
    )),
    required(default(
        choices(
            field("risk", "Risk", "SELECT"),
            &[("low", "Low"), ("medium", "Medium"), ("high", "High")],
        ),
        "low",
    )),
    required(field("rollback_plan", "Rollback plan", "TEXT")),
    choices(
        field("notify", "Notify", "CHECKBOX"),
        &[("email", "E-mail"), ("sms", "SMS"), ("wechat", "WeCom")],
    ),
    desc(
        field("cab_members", "CAB members", "MEMBERS"),
        "Change advisory board members to inform.",
    ),
    APPROVER,
];

const VM_REQUEST_SERVICE: Service = Service {
    id: 1,
    catalog_id: 2,
    name: "VM request",
    desc: "Request a virtual machine in the private cloud.",
    service_type: "request",
    fields: VM_REQUEST,
};

const PERMISSION_SERVICE: Service = Service {
    id: 2,
    catalog_id: 2,
    name: "Permission application",
    desc: "Apply for access to an internal system.",
    service_type: "request",
    fields: PERMISSION,
};

const INCIDENT_SERVICE: Service = Service {
    id: 3,
    catalog_id: 3,
    name: "Incident report",
    desc: "Report a service outage or malfunction.",
    service_type: "event",
    fields: INCIDENT,
};

const CHANGE_SERVICE: Service = Service {
    id: 4,
    catalog_id: 3,
    name: "Change approval",
    desc: "Get approval for a planned production change.",
    service_type: "change",
    fields: CHANGE,
};

/// BlueKing's built-in approval service: the create_ticket document's example files under it
/// verbatim (`title`, `APPROVER`, `APPROVAL_CONTENT`), and its one approval step waits for
/// the APPROVER list.
pub const BUILTIN_APPROVAL_ID: i64 = 17;
/// The state id of the built-in approval service's approval step.
pub const BUILTIN_APPROVAL_STATE: i64 = 406;

const BUILTIN_APPROVAL: &[FieldDef] = &[
    TITLE,
    APPROVER,
    desc(
        field("APPROVAL_CONTENT", "Approval content", "TEXT"),
        "What the approvers are asked to approve.",
    ),
];

const BUILTIN_APPROVAL_SERVICE: Service = Service {
    id: BUILTIN_APPROVAL_ID,
    catalog_id: 2,
    name: "Built-in approval",
    desc: "BlueKing's built-in approval: one approval step by the listed approvers.",
    service_type: "request",
    fields: BUILTIN_APPROVAL,
};

/// The services seed tickets are filed under.
pub const SEEDED_SERVICES: [Service; 4] = [
    VM_REQUEST_SERVICE,
    PERMISSION_SERVICE,
    INCIDENT_SERVICE,
    CHANGE_SERVICE,
];

pub const SERVICES: [Service; 5] = [
    VM_REQUEST_SERVICE,
    PERMISSION_SERVICE,
    INCIDENT_SERVICE,
    CHANGE_SERVICE,
    BUILTIN_APPROVAL_SERVICE,
];

pub fn find(id: i64) -> Option<&'static Service> {
    SERVICES.iter().find(|service| service.id == id)
}

pub fn catalogs() -> Value {
    json!([{"id": 1, "key": "root", "name": "Root", "level": 0, "children": [
        {"id": 2, "key": "requests", "name": "Service requests", "level": 1, "children": []},
        {"id": 3, "key": "operations", "name": "IT operations", "level": 1, "children": []}]}])
}

pub fn list(catalog_id: Option<i64>) -> Value {
    SERVICES
        .iter()
        .filter(|service| catalog_id.is_none_or(|id| service.catalog_id == id))
        .map(|service| {
            json!({"id": service.id, "name": service.name, "desc": service.desc,
                "service_type": service.service_type, "catalog_id": service.catalog_id})
        })
        .collect()
}

pub fn detail(service: &Service) -> Value {
    let fields: Vec<Value> = service
        .fields
        .iter()
        .enumerate()
        .map(|(index, def)| {
            let choice: Vec<Value> = def
                .choices
                .iter()
                .map(|(key, name)| json!({"key": key, "name": name}))
                .collect();
            let wide = matches!(def.field_type, "TEXT" | "MEMBERS" | "MULTISELECT");
            json!({"id": service.id * 100 + index as i64, "key": def.key, "name": def.name,
                "type": def.field_type, "desc": def.desc, "default": def.default, "choice": choice,
                "validate_type": if def.required { "REQUIRE" } else { "OPTION" },
                "regex": def.regex, "layout": if wide || def.key == "title" { "COL_12" } else { "COL_6" }})
        })
        .collect();
    json!({"id": service.id, "name": service.name, "desc": service.desc,
        "service_type": service.service_type, "catalog_id": service.catalog_id, "fields": fields})
}

/// The first field of `fields` that breaks the service's form, as ITSM's message for it.
pub fn check_fields(service: &Service, fields: &[TicketField]) -> Result<(), String> {
    let value_of = |key: &str| {
        fields
            .iter()
            .find(|field| field.key == key)
            .map(|field| field.value.trim())
            .filter(|value| !value.is_empty())
    };
    for def in service.fields {
        let Some(value) = value_of(def.key) else {
            if def.required {
                return Err(format!(
                    "字段 {key} 为必填项 (field {key} is required)",
                    key = def.key
                ));
            }
            continue;
        };
        if let Some(reason) = invalid_value(def, value) {
            return Err(format!(
                "字段 {key} 的值无效 (field {key}: {reason})",
                key = def.key
            ));
        }
    }
    Ok(())
}

fn invalid_value(def: &FieldDef, value: &str) -> Option<String> {
    let known = |key: &str| def.choices.iter().any(|(choice, _)| *choice == key);
    match def.field_type {
        "INT" if value.parse::<i64>().is_err() => {
            return Some(format!("\"{value}\" is not a whole number"))
        }
        "DATE" if !vendors::validate::is_date(value) => {
            return Some(format!("\"{value}\" is not a date like 2026-05-31"))
        }
        "DATETIME" if !vendors::validate::is_date_time(value) => {
            return Some(format!(
                "\"{value}\" is not a date and time like 2026-05-31 14:30:00"
            ))
        }
        "SELECT" | "RADIO" if !known(value) => {
            return Some(format!("\"{value}\" is not one of the choices"))
        }
        "MULTISELECT" | "CHECKBOX" => {
            if let Some(bad) = value.split(',').map(str::trim).find(|item| !known(item)) {
                return Some(format!("\"{bad}\" is not one of the choices"));
            }
        }
        _ => {}
    }
    let pattern = (!def.regex.is_empty()).then(|| regex_lite::Regex::new(def.regex).ok());
    match pattern.flatten() {
        Some(pattern) if !pattern.is_match(value) => Some(format!(
            "\"{value}\" does not match the pattern {}",
            def.regex
        )),
        _ => None,
    }
}

/// One ticket value in `get_ticket_info`'s shape: the service form's name and type, and the
/// choices' names as the display value.
pub fn info_field(service: Option<&Service>, index: usize, field: &TicketField) -> Value {
    let def = service.and_then(|service| service.fields.iter().find(|def| def.key == field.key));
    let display = match def {
        Some(def) if !def.choices.is_empty() => field
            .value
            .split(',')
            .map(str::trim)
            .map(|key| {
                def.choices
                    .iter()
                    .find(|(choice, _)| *choice == key)
                    .map_or(key, |(_, name)| *name)
            })
            .collect::<Vec<_>>()
            .join(", "),
        _ => field.value.clone(),
    };
    json!({"id": index + 1, "key": field.key,
        "name": def.map_or(field.key.as_str(), |def| def.name),
        "type": def.map_or("STRING", |def| def.field_type),
        "value": field.value, "display_value": display, "desc": def.map_or("", |def| def.desc)})
}
