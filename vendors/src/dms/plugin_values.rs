//! PluginParam JSON <-> form values, driven by the same tables as the typed form. Both
//! directions keep every value: what the form cannot show is kept aside as JSON text.

use super::plugin::{
    plugin_form, table, validate_plugin_param, ParamField, ParamKind, ROOT, UNKNOWN_KEYS,
};
use crate::call::Problem;
use crate::form::{self, join_path, row_count, split_list, FormValues};
use crate::response::text_of;
use crate::validate::Problems;
use serde_json::{Map, Value};

/// Form values of a PluginParam object. Keys the typed form has no field for are kept as JSON
/// text at `PluginParam.__unknown` (and `<row>.__unknown` inside rows).
pub fn plugin_param_to_form(plugin_type: &str, param: &Value) -> FormValues {
    let mut values = FormValues::new();
    if let (Some(fields), Some(object)) = (table(plugin_type), param.as_object()) {
        object_to_form(fields, object, ROOT, &mut values);
    }
    values
}

fn object_to_form(
    fields: &[ParamField],
    object: &Map<String, Value>,
    prefix: &str,
    values: &mut FormValues,
) {
    let mut unknown = Map::new();
    for (key, value) in object {
        let Some(field) = fields.iter().find(|field| field.key == key.as_str()) else {
            unknown.insert(key.clone(), value.clone());
            continue;
        };
        if !fits(field.kind, value) {
            // Kept aside verbatim: the form shows the field empty, and nothing is lost.
            unknown.insert(key.clone(), value.clone());
            continue;
        }
        let path = join_path(prefix, field.key);
        match (field.kind, value) {
            (ParamKind::Rows(children, _), Value::Array(rows)) => {
                for (index, row) in rows.iter().enumerate() {
                    if let Some(row) = row.as_object() {
                        object_to_form(children, row, &format!("{path}[{index}]"), values);
                    }
                }
            }
            (ParamKind::IdList, Value::Array(ids)) => {
                let ids: Vec<String> = ids.iter().filter_map(text_of).collect();
                values.insert(path, ids.join(","));
            }
            (_, value) => {
                values.insert(path, text_of(value).unwrap_or_default());
            }
        }
    }
    if !unknown.is_empty() {
        values.insert(
            join_path(prefix, UNKNOWN_KEYS),
            Value::Object(unknown).to_string(),
        );
    }
}

/// Whether a JSON value converts to the field's form text and back unchanged.
fn fits(kind: ParamKind, value: &Value) -> bool {
    match kind {
        ParamKind::Text | ParamKind::MultiLine | ParamKind::Code | ParamKind::Choice(_) => {
            value.is_string()
        }
        ParamKind::Count | ParamKind::Id => value.as_i64().is_some(),
        ParamKind::Flag => value.is_boolean(),
        // Ids are written back as numbers when they parse, so only lists of whole numbers
        // and of texts that are not numbers keep their exact shape.
        ParamKind::IdList => value.as_array().is_some_and(|ids| {
            ids.iter().all(|id| {
                id.as_i64().is_some()
                    || id.as_str().is_some_and(|text| {
                        text.parse::<i64>().is_err()
                            && !text.contains(',')
                            && text.trim() == text
                            && !text.is_empty()
                    })
            })
        }),
        ParamKind::Rows(..) => value
            .as_array()
            .is_some_and(|rows| rows.iter().all(Value::is_object)),
    }
}

/// The PluginParam object described by form values; every problem at once (form rules, the
/// type's required keys and cross-field rules).
pub fn plugin_param_from_form(
    plugin_type: &str,
    values: &FormValues,
) -> Result<Value, Vec<Problem>> {
    let (Some(fields), Some(specs)) = (table(plugin_type), plugin_form(plugin_type)) else {
        return Err(vec![Problem::new(
            "PluginType",
            crate::tr!(
                "Tickets of type \"{plugin_type}\" have no typed form; write PluginParam as JSON.",
                "类型为“{plugin_type}”的工单没有表单，请以 JSON 填写 PluginParam。"
            ),
        )]);
    };
    let form_problems = form::check(&specs, values);
    let mut problems = Problems::new();
    let param = Value::Object(object_from_form(fields, values, ROOT, &mut problems, false));
    let mut request_problems = problems.into_vec();
    request_problems.extend(validate_plugin_param(plugin_type, &param));
    form::merge_problems(form_problems, request_problems).map(|()| param)
}

/// The PluginParam object the typed form holds right now, valid or not, for the switch to the
/// raw JSON editor: nothing is checked and nothing is dropped (a number that does not parse
/// stays as its text, so the person sees it in the JSON and can fix it there).
pub fn plugin_param_as_typed(plugin_type: &str, values: &FormValues) -> Value {
    let mut ignored = Problems::new();
    match table(plugin_type) {
        Some(fields) => Value::Object(object_from_form(fields, values, ROOT, &mut ignored, true)),
        None => Value::Object(Map::new()),
    }
}

fn object_from_form(
    fields: &[ParamField],
    values: &FormValues,
    prefix: &str,
    problems: &mut Problems,
    keep_unparsed: bool,
) -> Map<String, Value> {
    let unknown_path = join_path(prefix, UNKNOWN_KEYS);
    let mut object = match values.get(&unknown_path) {
        Some(text) if !text.trim().is_empty() => {
            let label = crate::tr!("Other parameters", "其他参数");
            match problems.json_object_text(&unknown_path, &label, text) {
                Some(object) => object,
                // Broken JSON is kept as text under its own key rather than lost.
                None if keep_unparsed => {
                    Map::from_iter([(UNKNOWN_KEYS.to_string(), Value::String(text.clone()))])
                }
                None => Map::new(),
            }
        }
        _ => Map::new(),
    };
    for field in fields {
        let path = join_path(prefix, field.key);
        if let ParamKind::Rows(children, _) = field.kind {
            let rows = row_count(values, &path);
            if rows > 0 {
                let items = (0..rows)
                    .map(|index| {
                        let row_prefix = format!("{path}[{index}]");
                        Value::Object(object_from_form(
                            children,
                            values,
                            &row_prefix,
                            problems,
                            keep_unparsed,
                        ))
                    })
                    .collect();
                object.insert(field.key.to_string(), Value::Array(items));
            }
            continue;
        }
        let Some(text) = values.get(&path) else {
            continue;
        };
        let text = text.trim();
        let value = match field.kind {
            ParamKind::Count | ParamKind::Id => match text.parse::<i64>() {
                Ok(number) => Value::from(number),
                Err(_) if keep_unparsed && !text.is_empty() => Value::String(text.to_string()),
                Err(_) => continue,
            },
            ParamKind::Flag => match text {
                "" => continue,
                _ => Value::Bool(form::value_bool(values, &path).unwrap_or(false)),
            },
            ParamKind::IdList => Value::Array(
                split_list(text)
                    .into_iter()
                    .map(|id| {
                        id.parse::<i64>()
                            .map(Value::from)
                            .unwrap_or(Value::String(id))
                    })
                    .collect(),
            ),
            _ => Value::String(text.to_string()),
        };
        object.insert(field.key.to_string(), value);
    }
    object
}
