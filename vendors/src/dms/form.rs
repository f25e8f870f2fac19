//! The DMS CreateOrder form: the order's own fields, then PluginParam either typed (from the
//! PluginType's table) or raw JSON text at `PluginParam`.

use super::plugin::{plugin_form, plugin_param_raw_field, PLUGIN_TYPES};
use super::plugin_values::plugin_param_from_form;
use super::types::CreateOrder;
use super::{PARAM_COMMENT, PARAM_TID};
use crate::call::Problem;
use crate::form::{
    self, merge_problems, split_list, value, value_opt, FieldKind, FieldSpec, FormValues,
};
use serde_json::Value;

/// The order's own fields; append `plugin_form(type)` or `plugin_param_raw_field()`.
pub fn create_form() -> Vec<FieldSpec> {
    vec![
        // Free text with suggestions: DMS has more ticket types than its docs list, and raw
        // JSON parameters must work for those too.
        FieldSpec::new(
            "PluginType",
            crate::tr!("Ticket type", "工单类型"),
            FieldKind::Suggest(
                PLUGIN_TYPES
                    .iter()
                    .map(|(code, _)| code.to_string())
                    .collect(),
            ),
        )
        .required()
        .default_value("DATA_EXPORT")
        .help(plugin_type_help()),
        FieldSpec::new(
            PARAM_COMMENT,
            crate::tr!("Description", "描述"),
            FieldKind::MultiLine,
        )
        .required()
        .help(crate::tr!("What the ticket is for.", "工单的用途。")),
        FieldSpec::new(
            "RelatedUserList",
            crate::tr!("Stakeholders", "相关人员"),
            FieldKind::MemberList,
        )
        .required()
        .help(crate::tr!(
            "Comma-separated DMS user ids of the people involved.",
            "相关人员的 DMS 用户 ID，以逗号分隔。"
        )),
        FieldSpec::new(
            PARAM_TID,
            crate::tr!("Tenant id", "租户 ID"),
            FieldKind::Integer {
                min: Some(1),
                max: None,
            },
        )
        .help(crate::tr!(
            "Leave empty for your default tenant.",
            "留空则使用默认租户。"
        )),
        FieldSpec::new(
            "AttachmentKey",
            crate::tr!("Attachment key", "附件 Key"),
            FieldKind::Text,
        )
        .help(crate::tr!(
            "The key returned after uploading an attachment.",
            "上传附件后返回的 Key。"
        )),
    ]
}

fn plugin_type_help() -> String {
    let known: Vec<String> = PLUGIN_TYPES
        .iter()
        .map(|(code, label)| {
            let label = label.get().to_lowercase();
            crate::tr!("{code} ({label})", "{code}（{label}）")
        })
        .collect();
    let known = known.join(&crate::tr!(", ", "、"));
    crate::tr!(
        "{known}; any other type DMS supports takes its parameters as JSON.",
        "{known}；DMS 支持的其他类型以 JSON 填写参数。"
    )
}

/// Builds a CreateOrder from form values. PluginParam is raw when the values hold a
/// `PluginParam` entry (or the type has no typed form), typed otherwise.
pub fn create_from_form(values: &FormValues) -> Result<CreateOrder, Vec<Problem>> {
    let base = create_form();
    let values = form::with_defaults(&base, values);
    let plugin_type = value(&values, "PluginType").to_string();
    let typed = plugin_form(&plugin_type).filter(|_| !values.contains_key("PluginParam"));

    let mut form_problems = form::check(&base, &values);
    let plugin_param = match typed {
        Some(specs) => {
            let values = form::with_defaults(&specs, &values);
            match plugin_param_from_form(&plugin_type, &values) {
                Ok(param) => param,
                Err(problems) => {
                    form_problems.extend(problems);
                    Value::Null
                }
            }
        }
        None => {
            let raw = [plugin_param_raw_field()];
            let problems = form::check(&raw, &values);
            let param = if problems.is_empty() {
                serde_json::from_str(value(&values, "PluginParam")).unwrap_or(Value::Null)
            } else {
                Value::Null
            };
            form_problems.extend(problems);
            param
        }
    };

    let order = CreateOrder {
        tid: value(&values, PARAM_TID).parse().ok(),
        comment: value(&values, PARAM_COMMENT).to_string(),
        plugin_type,
        plugin_param,
        related_user_list: split_list(value(&values, "RelatedUserList")).join(","),
        attachment_key: value_opt(&values, "AttachmentKey"),
    };
    let mut request_problems = order.validate().err().unwrap_or_default();
    // PluginParam's own problems were reported above, field by field.
    if order.plugin_param.is_null() {
        request_problems.retain(|problem| problem.path != "PluginParam");
    }
    merge_problems(form_problems, request_problems).map(|()| order)
}
