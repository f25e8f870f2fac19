//! Typed `PluginParam` for the PluginTypes whose shape Alibaba documents. One table per type
//! drives the form, the JSON <-> form conversions (in `plugin_values`) and the validation, so
//! they cannot drift.

use crate::call::Problem;
use crate::form::{join_path, Choice, FieldKind, FieldSpec};
use crate::i18n::Text;
use crate::lenient::int_of;
use crate::response::text_of;
use crate::validate::Problems;
use serde_json::{Map, Value};

/// PluginType values seen in Alibaba's docs, with a label (the full list is unverified).
pub const PLUGIN_TYPES: [(&str, Text); 7] = [
    ("DATA_EXPORT", crate::text!("Data export", "数据导出")),
    ("NDDL", crate::text!("Schema design", "结构设计")),
    ("DC_COMMON", crate::text!("Data change", "数据变更")),
    (
        "DC_CHUNK",
        crate::text!("Batch data change", "批量数据变更"),
    ),
    (
        "DC_CRON_CLEAR",
        crate::text!("Scheduled data cleanup", "定时数据清理"),
    ),
    ("PERM_APPLY", crate::text!("Permission request", "权限申请")),
    ("OWNER_APPLY", crate::text!("Owner request", "Owner 申请")),
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
    pub(super) label: Text,
    pub(super) kind: ParamKind,
    pub(super) required: bool,
    pub(super) default: Option<&'static str>,
    pub(super) help: Option<Text>,
}

const fn field(key: &'static str, label: Text, kind: ParamKind) -> ParamField {
    ParamField {
        key,
        label,
        kind,
        required: false,
        default: None,
        help: None,
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

const fn with_help(mut field: ParamField, help: Text) -> ParamField {
    field.help = Some(help);
    field
}

const SQL_SOURCES: &[&str] = &["TEXT", "ATTACHMENT"];

const DATABASE_ID: Text = crate::text!("Database id", "数据库 ID");
const LOGICAL_DATABASE: Text = crate::text!("Logical database", "逻辑库");
const AFFECTED_ROWS: Text = crate::text!("Estimated affected rows", "预估影响行数");

const SCHEMA_DESIGN: &[ParamField] = &[
    required(field(
        "title",
        crate::text!("Title", "标题"),
        ParamKind::Text,
    )),
    field(
        "description",
        crate::text!("Description", "描述"),
        ParamKind::MultiLine,
    ),
    required(with_help(
        field("dbId", DATABASE_ID, ParamKind::Id),
        crate::text!(
            "The database to which the schema changes apply.",
            "结构变更所作用的数据库。"
        ),
    )),
    with_default(field("logic", LOGICAL_DATABASE, ParamKind::Flag), "false"),
    with_help(
        field(
            "relatedIds",
            crate::text!("Related user ids", "相关用户 ID"),
            ParamKind::IdList,
        ),
        crate::text!(
            "Comma-separated ids of the stakeholders.",
            "相关人员的 ID，以逗号分隔。"
        ),
    ),
];

const DATA_EXPORT: &[ParamField] = &[
    with_help(
        field("classify", crate::text!("Purpose", "用途"), ParamKind::Text),
        crate::text!("Why the data is exported.", "导出数据的原因。"),
    ),
    required(field("dbId", DATABASE_ID, ParamKind::Id)),
    required(field(
        "exeSQL",
        crate::text!("Export SQL", "导出 SQL"),
        ParamKind::Code,
    )),
    with_default(field("logic", LOGICAL_DATABASE, ParamKind::Flag), "false"),
    with_default(
        field(
            "ignoreAffectRows",
            crate::text!("Ignore affected rows", "忽略影响行数"),
            ParamKind::Flag,
        ),
        "false",
    ),
    field("affectRows", AFFECTED_ROWS, ParamKind::Count),
    with_help(
        field(
            "ignoreAffectRowsReason",
            crate::text!("Reason for ignoring affected rows", "忽略影响行数的原因"),
            ParamKind::MultiLine,
        ),
        crate::text!(
            "Required when affected rows are ignored.",
            "忽略影响行数时必填。"
        ),
    ),
];

const DATABASE_ROW: &[ParamField] = &[
    required(field("dbId", DATABASE_ID, ParamKind::Id)),
    with_default(field("logic", LOGICAL_DATABASE, ParamKind::Flag), "false"),
];

const DATA_CHANGE: &[ParamField] = &[
    with_help(
        field("classify", crate::text!("Reason", "原因"), ParamKind::Text),
        crate::text!("Why the data is changed.", "变更数据的原因。"),
    ),
    required(field("estimateAffectRows", AFFECTED_ROWS, ParamKind::Count)),
    required(field(
        "dbItemList",
        crate::text!("Databases", "数据库"),
        ParamKind::Rows(DATABASE_ROW, 1),
    )),
    with_default(
        field(
            "sqlType",
            crate::text!("SQL source", "SQL 来源"),
            ParamKind::Choice(SQL_SOURCES),
        ),
        "TEXT",
    ),
    with_help(
        field(
            "execSQL",
            crate::text!("SQL to execute", "执行 SQL"),
            ParamKind::Code,
        ),
        crate::text!(
            "Required when the SQL source is TEXT.",
            "SQL 来源为 TEXT 时必填。"
        ),
    ),
    with_default(
        field(
            "rbSQLType",
            crate::text!("Rollback SQL source", "回滚 SQL 来源"),
            ParamKind::Choice(SQL_SOURCES),
        ),
        "TEXT",
    ),
    field(
        "rbSQL",
        crate::text!("Rollback SQL", "回滚 SQL"),
        ParamKind::Code,
    ),
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
    let mut spec = FieldSpec::new(path, field.label.get(), kind);
    spec.required = field.required;
    spec.default = field.default.map(str::to_string);
    spec.help = field.help.map(|help| help.get().to_string());
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
    FieldSpec::new(
        ROOT,
        crate::tr!("Parameters (JSON)", "参数（JSON）"),
        FieldKind::Json,
    )
    .required()
    .help(crate::tr!(
        "The ticket's PluginParam as a JSON object; its shape depends on the ticket type.",
        "工单的 PluginParam，为 JSON 对象；其结构取决于工单类型。"
    ))
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
                &crate::tr!("A reason for ignoring affected rows", "忽略影响行数的原因"),
                &text("ignoreAffectRowsReason"),
            );
        }
        "DC_COMMON" if matches!(text("sqlType").trim(), "" | "TEXT") => {
            problems.require(
                "PluginParam.execSQL",
                &crate::tr!("The SQL to execute", "待执行的 SQL 语句"),
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
        let label = field.label.get();
        let value = object.get(field.key).filter(|value| match value {
            Value::Null => false,
            Value::String(text) => !text.trim().is_empty(),
            _ => true,
        });
        let Some(value) = value else {
            if field.required {
                problems.push(
                    path,
                    crate::tr!("{label} is required.", "{label}为必填项。"),
                );
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
                    None => problems.push(
                        path,
                        crate::tr!("{label} must be a whole number.", "{label}必须是整数。"),
                    ),
                }
            }
            ParamKind::Flag if !value.is_boolean() => {
                problems.push(
                    path,
                    crate::tr!(
                        "{label} must be true or false.",
                        "{label}必须是 true 或 false。"
                    ),
                );
            }
            ParamKind::Choice(allowed) => {
                problems.one_of(&path, label, &text_of(value).unwrap_or_default(), allowed);
            }
            ParamKind::IdList if !(value.is_array() || value.is_string()) => {
                problems.push(
                    path,
                    crate::tr!("{label} must be a list of ids.", "{label}必须是 ID 列表。"),
                );
            }
            ParamKind::Rows(children, min) => match value.as_array() {
                Some(rows) => {
                    if rows.len() < min {
                        problems.push(
                            &path,
                            crate::tr!(
                                "{label} needs at least {min} entry.",
                                "{label}至少需要 {min} 项。"
                            ),
                        );
                    }
                    for (index, row) in rows.iter().enumerate() {
                        let row_path = format!("{path}[{index}]");
                        match row.as_object() {
                            Some(row) => validate_object(children, row, &row_path, problems),
                            None => problems.push(
                                row_path,
                                crate::tr!(
                                    "Each entry of {label} must be an object.",
                                    "{label}的每一项都必须是对象。"
                                ),
                            ),
                        }
                    }
                }
                None => problems.push(
                    path,
                    crate::tr!("{label} must be a list.", "{label}必须是列表。"),
                ),
            },
            ParamKind::Text | ParamKind::MultiLine | ParamKind::Code
                if value.is_object() || value.is_array() =>
            {
                problems.push(
                    path,
                    crate::tr!("{label} must be text.", "{label}必须是文本。"),
                );
            }
            _ => {}
        }
    }
}
