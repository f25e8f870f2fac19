//! ITSM forms: the raw form (fields as key/value rows) and the form of one service, built
//! from `get_service_detail`.

use super::labels;
use super::types::{CreateTicket, ServiceDetail, ServiceField, TicketField, TicketMeta};
use crate::call::Problem;
use crate::form::{
    self, remap_row_paths, row_count, row_path, split_list, value, value_bool, value_opt, Choice,
    FieldKind, FieldSpec, FormValues,
};
use crate::tr;
use std::collections::BTreeMap;

fn creator_spec() -> FieldSpec {
    FieldSpec::new("creator", labels::creator(), FieldKind::Text)
        .required()
        .help(tr!(
            "User name of the person filing the ticket.",
            "提单人的用户名。"
        ))
}

fn trailing_specs() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new(
            "fast_approval",
            tr!("Fast approval", "快速审批"),
            FieldKind::Boolean,
        )
        .default_value("false")
        .help(tr!(
            "A single-step approval ticket.",
            "只有一步审批的工单。"
        )),
        FieldSpec::new("meta.callback_url", labels::callback_url(), FieldKind::Url)
            .help(tr!(
                "ITSM calls this address when the ticket moves.",
                "工单状态变化时，ITSM 会调用这个地址。"
            ))
            .placeholder("https://"),
        FieldSpec::new(
            "meta.state_processors",
            tr!("State processors", "节点处理人"),
            FieldKind::KeyValue,
        )
        .help(tr!(
            "State id -> comma-separated user names who handle that state.",
            "节点 ID -> 处理该节点的用户名，以逗号分隔。"
        )),
    ]
}

/// The raw form: every ITSM field typed by hand as key and text value.
pub fn create_form() -> Vec<FieldSpec> {
    let mut specs = vec![
        FieldSpec::new(
            "service_id",
            labels::service_id(),
            FieldKind::Integer {
                min: Some(1),
                max: None,
            },
        )
        .help(tr!(
            "The ITSM service to file under; leave empty to let ITSM decide.",
            "工单所属的 ITSM 服务；留空则由 ITSM 决定。"
        )),
        creator_spec(),
        FieldSpec::new("fields", tr!("Fields", "字段"), FieldKind::KeyValue)
            .required()
            .help(tr!(
                "Each ITSM field's key and text value; \"title\" is required. Member lists are comma-separated.",
                "每个 ITSM 字段的键和文本值；\"title\" 为必填。成员列表以逗号分隔。"
            )),
    ];
    specs.extend(trailing_specs());
    specs
}

/// The keys of a service form's rows in order: the service's fields, plus "title" when the
/// service does not declare it (ITSM requires a title on every ticket).
pub fn service_field_keys(detail: &ServiceDetail) -> Vec<String> {
    let mut keys: Vec<String> = detail
        .fields
        .iter()
        .map(|field| field.key.clone())
        .collect();
    if !keys.iter().any(|key| key == "title") {
        keys.push("title".to_string());
    }
    keys
}

/// The form of one service: each service field is `fields[i].value` with its own kind.
pub fn service_form(detail: &ServiceDetail) -> Vec<FieldSpec> {
    let mut specs = vec![creator_spec()];
    for (index, key) in service_field_keys(detail).iter().enumerate() {
        let path = row_path("fields", index, "value");
        let spec = match detail.fields.iter().find(|field| &field.key == key) {
            Some(field) => service_field_spec(path, field),
            None => FieldSpec::new(path, labels::title(), FieldKind::Text).required(),
        };
        specs.push(spec);
    }
    specs.extend(trailing_specs());
    specs
}

fn service_field_spec(path: String, field: &ServiceField) -> FieldSpec {
    let choices = || {
        field
            .choice
            .iter()
            .map(|choice| Choice::new(&choice.key, non_empty_or(&choice.name, &choice.key)))
            .collect::<Vec<_>>()
    };
    let kind = match field.field_type.trim().to_ascii_uppercase().as_str() {
        "TEXT" => FieldKind::MultiLine,
        "INT" => FieldKind::Integer {
            min: None,
            max: None,
        },
        "DATE" => FieldKind::Date,
        "DATETIME" => FieldKind::DateTime,
        "SELECT" | "RADIO" => FieldKind::Choice(choices()),
        "MULTISELECT" | "CHECKBOX" => FieldKind::MultiChoice(choices()),
        "MEMBER" | "MEMBERS" => FieldKind::MemberList,
        _ => FieldKind::Text,
    };
    let mut spec = FieldSpec::new(path, non_empty_or(&field.name, &field.key), kind);
    spec.required = field.is_required() || field.key == "title";
    spec.help = Some(field.desc.clone()).filter(|text| !text.trim().is_empty());
    spec.default = Some(field.default.clone()).filter(|text| !text.is_empty());
    spec.pattern = real_regex(&field.regex);
    spec
}

fn non_empty_or(text: &str, fallback: &str) -> String {
    if text.trim().is_empty() {
        fallback.to_string()
    } else {
        text.to_string()
    }
}

/// ITSM's `regex` holds either a pattern or the name of a built-in rule ("EMPTY", "NUMBER"...);
/// only a pattern that compiles becomes the field's pattern.
fn real_regex(regex: &str) -> Option<String> {
    let regex = regex.trim();
    let is_rule_name = regex
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if is_rule_name || regex_lite::Regex::new(regex).is_err() {
        None
    } else {
        Some(regex.to_string())
    }
}

/// Builds a `create_ticket` request from form values: the generic form checks, then the
/// request's own validation, every problem named by the form input it concerns.
pub fn create_from_form(
    values: &FormValues,
    service: Option<&ServiceDetail>,
) -> Result<CreateTicket, Vec<Problem>> {
    let specs = match service {
        Some(detail) => service_form(detail),
        None => create_form(),
    };
    let values = form::with_defaults(&specs, values);
    let form_problems = form::check(&specs, &values);

    let (fields, field_rows) = match service {
        Some(detail) => service_fields(detail, &specs, &values),
        None => raw_fields(&values),
    };
    let (state_processors, state_rows) = state_processors(&values);
    let callback_url = value_opt(&values, "meta.callback_url");
    let meta = (callback_url.is_some() || state_processors.is_some()).then_some(TicketMeta {
        callback_url,
        state_processors,
    });
    let request = CreateTicket {
        common: Default::default(),
        service_id: match service {
            Some(detail) => Some(detail.id),
            None => value(&values, "service_id").parse().ok(),
        },
        creator: value(&values, "creator").to_string(),
        fields,
        fast_approval: value_bool(&values, "fast_approval"),
        meta,
    };

    let mut request_problems = request.validate().err().unwrap_or_default();
    remap_row_paths(&mut request_problems, "fields", &field_rows);
    for problem in &mut request_problems {
        if let Some(state) = problem.path.strip_prefix("meta.state_processors.") {
            if let Some(index) = state_rows.get(state) {
                problem.path = row_path("meta.state_processors", *index, "value");
            }
        }
    }
    form::merge_problems(form_problems, request_problems).map(|()| request)
}

/// Service mode: one `{key, value}` per service field that has a value (the title always),
/// with the form row each came from.
fn service_fields(
    detail: &ServiceDetail,
    specs: &[FieldSpec],
    values: &FormValues,
) -> (Vec<TicketField>, Vec<usize>) {
    let mut fields = Vec::new();
    let mut rows = Vec::new();
    for (index, key) in service_field_keys(detail).into_iter().enumerate() {
        let path = row_path("fields", index, "value");
        let is_list = specs.iter().any(|spec| {
            spec.path == path
                && matches!(spec.kind, FieldKind::MultiChoice(_) | FieldKind::MemberList)
        });
        let text = if is_list {
            split_list(value(values, &path)).join(",")
        } else {
            value(values, &path).to_string()
        };
        if !text.is_empty() || key == "title" {
            fields.push(TicketField::new(key, text));
            rows.push(index);
        }
    }
    (fields, rows)
}

/// Raw mode: every row with a key or a value, in order, with the form row each came from.
fn raw_fields(values: &FormValues) -> (Vec<TicketField>, Vec<usize>) {
    let mut fields = Vec::new();
    let mut rows = Vec::new();
    for index in 0..row_count(values, "fields") {
        let key = value(values, &row_path("fields", index, "key"));
        let text = value(values, &row_path("fields", index, "value"));
        if !key.is_empty() || !text.is_empty() {
            fields.push(TicketField::new(key, text));
            rows.push(index);
        }
    }
    (fields, rows)
}

type StateRows = BTreeMap<String, usize>;

fn state_processors(values: &FormValues) -> (Option<BTreeMap<String, String>>, StateRows) {
    let path = "meta.state_processors";
    let mut processors = BTreeMap::new();
    let mut rows = BTreeMap::new();
    for index in 0..row_count(values, path) {
        let state = value(values, &row_path(path, index, "key"));
        if state.is_empty() {
            continue;
        }
        let users = split_list(value(values, &row_path(path, index, "value"))).join(",");
        processors.insert(state.to_string(), users);
        rows.insert(state.to_string(), index);
    }
    ((!processors.is_empty()).then_some(processors), rows)
}
