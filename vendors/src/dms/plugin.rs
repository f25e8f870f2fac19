//! Typed `PluginParam` for the PluginTypes whose shape Alibaba documents. One table per type
//! drives the form, the JSON <-> form conversions (in `plugin_values`) and the validation, so
//! they cannot drift.

use crate::call::Problem;
use crate::form::{join_path, Choice, FieldKind, FieldSpec};
use crate::lenient::int_of;
use crate::response::text_of;
use crate::validate::Problems;
use serde_json::{Map, Value};

/// PluginType values seen in Alibaba's docs, with a label (the full list is unverified).
pub const PLUGIN_TYPES: [(&str, &str); 7] = [
    ("DATA_EXPORT", "Data export"),
    ("NDDL", "Schema design"),
    ("DC_COMMON", "Data change"),
    ("DC_CHUNK", "Batch data change"),
    ("DC_CRON_CLEAR", "Scheduled data cleanup"),
    ("PERM_APPLY", "Permission request"),
    ("OWNER_APPLY", "Owner request"),
];

/// Where the form keeps PluginParam keys it has no field for, as JSON object text, so a
/// typed -> raw -> typed trip loses nothing. Rows keep theirs at `<row>.__unknown`.
pub const UNKNOWN_KEYS: &str = "__unknown";

/// The wire path prefix of every PluginParam field.
pub(super) const ROOT: &str = "PluginParam";

#[derive(Debug, Clone, Copy)]
pub(super) enum ParamKind {
    Text,
    MultiLine,
    Code,
    /// A whole number >= 0.
    Count,
    /// A database or user id: a whole number >= 1.
    Id,
    Flag,
    Choice(&'static [&'static str]),
    /// A list of ids, comma-separated in the form.
    IdList,
    /// A list of objects, at least `min` of them.
    Rows(&'static [ParamField], usize),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct ParamField {
    pub(super) key: &'static str,
    pub(super) label: &'static str,
    pub(super) kind: ParamKind,
    pub(super) required: bool,
    pub(super) default: Option<&'static str>,
    pub(super) help: &'static str,
}

const fn field(key: &'static str, label: &'static str, kind: ParamKind) -> ParamField {
    ParamField {
        key,
        label,
        kind,
        required: false,
        default: None,
        help: "",
    }
}

const fn required(mut field: ParamField) -> ParamField {
    field.required = true;
    field
}

const fn with_default(mut field: ParamField, default: &'static str) -> ParamField {
    field.default = Some(default);
    field
}

const fn with_help(mut field: ParamField, help: &'static str) -> ParamField {
    field.help = help;
    field
}

const SQL_SOURCES: &[&str] = &["TEXT", "ATTACHMENT"];

const SCHEMA_DESIGN: &[ParamField] = &[
    required(field("title", "Title", ParamKind::Text)),
    field("description", "Description", ParamKind::MultiLine),
    required(with_help(
        field("dbId", "Database id", ParamKind::Id),
        "The database to which the schema changes apply.",
    )),
    with_default(field("logic", "Logical database", ParamKind::Flag), "false"),
    with_help(
        field("relatedIds", "Related user ids", ParamKind::IdList),
        "Comma-separated ids of the stakeholders.",
    ),
];

const DATA_EXPORT: &[ParamField] = &[
    with_help(
        field("classify", "Purpose", ParamKind::Text),
        "Why the data is exported.",
    ),
    required(field("dbId", "Database id", ParamKind::Id)),
    required(field("exeSQL", "Export SQL", ParamKind::Code)),
    with_default(field("logic", "Logical database", ParamKind::Flag), "false"),
    with_default(
        field("ignoreAffectRows", "Ignore affected rows", ParamKind::Flag),
        "false",
    ),
    field("affectRows", "Estimated affected rows", ParamKind::Count),
    with_help(
        field(
            "ignoreAffectRowsReason",
            "Reason for ignoring affected rows",
            ParamKind::MultiLine,
        ),
        "Required when affected rows are ignored.",
    ),
];

const DATABASE_ROW: &[ParamField] = &[
    required(field("dbId", "Database id", ParamKind::Id)),
    with_default(field("logic", "Logical database", ParamKind::Flag), "false"),
];

const DATA_CHANGE: &[ParamField] = &[
    with_help(
        field("classify", "Reason", ParamKind::Text),
        "Why the data is changed.",
    ),
    required(field(
        "estimateAffectRows",
        "Estimated affected rows",
        ParamKind::Count,
    )),
    required(field(
        "dbItemList",
        "Databases",
        ParamKind::Rows(DATABASE_ROW, 1),
    )),
    with_default(
        field("sqlType", "SQL source", ParamKind::Choice(SQL_SOURCES)),
        "TEXT",
    ),
    with_help(
        field("execSQL", "SQL to execute", ParamKind::Code),
        "Required when the SQL source is TEXT.",
    ),
    with_default(
        field(
            "rbSQLType",
            "Rollback SQL source",
            ParamKind::Choice(SQL_SOURCES),
        ),
        "TEXT",
    ),
    field("rbSQL", "Rollback SQL", ParamKind::Code),
];

pub(super) fn table(plugin_type: &str) -> Option<&'static [ParamField]> {
    match plugin_type.trim() {
        "NDDL" => Some(SCHEMA_DESIGN),
        "DATA_EXPORT" => Some(DATA_EXPORT),
        "DC_COMMON" => Some(DATA_CHANGE),
        _ => None,
    }
}

fn spec_of(field: &ParamField, path: String) -> FieldSpec {
    let kind = match field.kind {
        ParamKind::Text => FieldKind::Text,
        ParamKind::MultiLine => FieldKind::MultiLine,
        ParamKind::Code => FieldKind::Code,
        ParamKind::Count => FieldKind::Integer {
            min: Some(0),
            max: None,
        },
        ParamKind::Id => FieldKind::Integer {
            min: Some(1),
            max: None,
        },
        ParamKind::Flag => FieldKind::Boolean,
        ParamKind::Choice(values) => FieldKind::Choice(Choice::plain(values)),
        ParamKind::IdList => FieldKind::MemberList,
        ParamKind::Rows(children, min) => FieldKind::Repeated {
            fields: children
                .iter()
                .map(|child| spec_of(child, child.key.to_string()))
                .collect(),
            min,
        },
    };
    let mut spec = FieldSpec::new(path, field.label, kind);
    spec.required = field.required;
    spec.default = field.default.map(str::to_string);
    spec.help = Some(field.help.to_string()).filter(|help| !help.is_empty());
    spec
}

/// The typed form of a PluginType's PluginParam (paths `PluginParam.dbId`, ...), or `None`
/// when the type has no documented shape and must be written as raw JSON.
pub fn plugin_form(plugin_type: &str) -> Option<Vec<FieldSpec>> {
    table(plugin_type).map(|fields| {
        fields
            .iter()
            .map(|field| spec_of(field, join_path(ROOT, field.key)))
            .collect()
    })
}

/// The raw form of PluginParam: one JSON object text at `PluginParam`.
pub fn plugin_param_raw_field() -> FieldSpec {
    FieldSpec::new(ROOT, "Parameters (JSON)", FieldKind::Json)
        .required()
        .help("The ticket's PluginParam as a JSON object; its shape depends on the ticket type.")
        .placeholder("{}")
}

/// The type's rules applied to a PluginParam object (typed or raw), paths `PluginParam.<key>`.
/// Types without a documented shape only need to be an object.
pub fn validate_plugin_param(plugin_type: &str, param: &Value) -> Vec<Problem> {
    let mut problems = Problems::new();
    if !problems.json_object(ROOT, "PluginParam", param) {
        return problems.into_vec();
    }
    let (Some(fields), Some(object)) = (table(plugin_type), param.as_object()) else {
        return problems.into_vec();
    };
    validate_object(fields, object, ROOT, &mut problems);
    let flag = |key: &str| object.get(key).and_then(Value::as_bool).unwrap_or(false);
    let text = |key: &str| object.get(key).and_then(text_of).unwrap_or_default();
    match plugin_type.trim() {
        "DATA_EXPORT" if flag("ignoreAffectRows") => {
            problems.require(
                "PluginParam.ignoreAffectRowsReason",
                "A reason for ignoring affected rows",
                &text("ignoreAffectRowsReason"),
            );
        }
        "DC_COMMON" if matches!(text("sqlType").trim(), "" | "TEXT") => {
            problems.require(
                "PluginParam.execSQL",
                "The SQL to execute",
                &text("execSQL"),
            );
        }
        _ => {}
    }
    problems.into_vec()
}

fn validate_object(
    fields: &[ParamField],
    object: &Map<String, Value>,
    prefix: &str,
    problems: &mut Problems,
) {
    for field in fields {
        let path = join_path(prefix, field.key);
        let label = field.label;
        let value = object.get(field.key).filter(|value| match value {
            Value::Null => false,
            Value::String(text) => !text.trim().is_empty(),
            _ => true,
        });
        let Some(value) = value else {
            if field.required {
                problems.push(path, format!("{label} is required."));
            }
            continue;
        };
        match field.kind {
            ParamKind::Count | ParamKind::Id => {
                let min = if matches!(field.kind, ParamKind::Id) {
                    1
                } else {
                    0
                };
                match int_of(value) {
                    Some(number) => {
                        problems.in_range(&path, label, number, Some(min), None);
                    }
                    None => problems.push(path, format!("{label} must be a whole number.")),
                }
            }
            ParamKind::Flag if !value.is_boolean() => {
                problems.push(path, format!("{label} must be true or false."));
            }
            ParamKind::Choice(allowed) => {
                problems.one_of(&path, label, &text_of(value).unwrap_or_default(), allowed);
            }
            ParamKind::IdList if !(value.is_array() || value.is_string()) => {
                problems.push(path, format!("{label} must be a list of ids."));
            }
            ParamKind::Rows(children, min) => match value.as_array() {
                Some(rows) => {
                    if rows.len() < min {
                        problems.push(&path, format!("{label} needs at least {min} entry."));
                    }
                    for (index, row) in rows.iter().enumerate() {
                        let row_path = format!("{path}[{index}]");
                        match row.as_object() {
                            Some(row) => validate_object(children, row, &row_path, problems),
                            None => problems.push(
                                row_path,
                                format!("Each entry of {label} must be an object."),
                            ),
                        }
                    }
                }
                None => problems.push(path, format!("{label} must be a list.")),
            },
            ParamKind::Text | ParamKind::MultiLine | ParamKind::Code
                if value.is_object() || value.is_array() =>
            {
                problems.push(path, format!("{label} must be text."));
            }
            _ => {}
        }
    }
}
