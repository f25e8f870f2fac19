//! DMS CreateOrder: the order's fields, then PluginParam either in the typed editor of its
//! PluginType or as raw JSON (any PluginType, known or not). Switching keeps every value both ways.

use crate::api;
use crate::config::BackendConfig;
use crate::form::{Draft, Filed, TicketForm};
use crate::widgets::focus::input_id;
use leptos::prelude::*;
use vendors::dms::{self, UNKNOWN_KEYS};
use vendors::form::{initial_values, value};
use vendors::{tr, FieldKind, FieldSpec, FormValues, Kind};

const KIND: Kind = Kind::Dms;
/// Raw mode is "the values hold PluginParam as one JSON text" (as `dms::create_from_form` reads it).
const RAW_PATH: &str = "PluginParam";
const TYPED_PREFIX: &str = "PluginParam.";

#[component]
pub fn DmsCreate(backend: BackendConfig) -> impl IntoView {
    let base = backend.base_url;
    let draft = Draft::load(format!("{}:order", backend.id), starting_values);
    let values = draft.values;
    let specs = Memo::new(move |_| values.with(form_specs));
    let raw = Memo::new(move |_| values.with(|v| v.contains_key(RAW_PATH)));
    let plugin_type = Memo::new(move |_| values.with(|v| value(v, "PluginType").to_string()));
    let has_typed = Memo::new(move |_| dms::plugin_form(&plugin_type.get()).is_some());
    let switch_problem = RwSignal::new(None::<String>);

    let to_raw = move |_| {
        // Already raw (or the type has only the raw editor): rebuilding would wipe the JSON.
        if raw.get_untracked() {
            return;
        }
        switch_problem.set(None);
        values.update(|v| {
            let param = dms::plugin_param_as_typed(&plugin_type.get_untracked(), v);
            v.retain(|key, _| !key.starts_with(TYPED_PREFIX));
            v.insert(
                RAW_PATH.into(),
                serde_json::to_string_pretty(&param).unwrap_or_default(),
            );
        });
    };
    let to_typed = move |_| {
        let text = values.with_untracked(|v| value(v, RAW_PATH).to_string());
        let parsed = if text.is_empty() {
            Ok(serde_json::json!({}))
        } else {
            serde_json::from_str(&text)
        };
        match parsed {
            Err(e) => {
                let (line, column) = (e.line(), e.column());
                switch_problem.set(Some(tr!(
                    "The JSON has an error at line {line}, column {column}: fix it before switching to the typed editor.",
                    "JSON 第 {line} 行第 {column} 列有错误：请先改正，再切换到表单编辑器。"
                )))
            }
            Ok(param) => {
                switch_problem.set(None);
                let typed = dms::plugin_param_to_form(&plugin_type.get_untracked(), &param);
                values.update(|v| {
                    v.remove(RAW_PATH);
                    // The JSON is the whole truth now: older typed values must not come back.
                    v.retain(|key, _| !key.starts_with(TYPED_PREFIX));
                    v.extend(typed);
                });
            }
        }
    };

    let prepare = |v: &FormValues| dms::create_from_form(v);
    let send = move |order: dms::CreateOrder| {
        let base = base.clone();
        async move {
            let answer = api::call(
                &base,
                &dms::create_order_call(&order),
                dms::decode_create_order,
            )
            .await?;
            let ids: Vec<String> = answer.order_ids().iter().map(i64::to_string).collect();
            let ids = ids.join(", ");
            let mut facts = vec![(tr!("Order IDs", "工单号"), ids.clone())];
            if !answer.request_id.is_empty() {
                facts.push((tr!("Request ID", "请求 ID"), answer.request_id.clone()));
            }
            Ok(Filed {
                headline: tr!("Order {ids} filed", "工单 {ids} 已提交"),
                facts,
                link: None,
            })
        }
    };

    view! {
        <div class="editor-switch" role="group" aria-label=tr!("PluginParam editor", "PluginParam 编辑器")>
            <span class="switch-label">{tr!("Parameters editor:", "参数编辑方式：")}</span>
            <button type="button" class="secondary small" aria-pressed=move || (!raw.get()).to_string()
                disabled=move || !has_typed.get() on:click=to_typed>{tr!("Typed fields", "表单字段")}</button>
            <button type="button" class="secondary small" aria-pressed=move || raw.get().to_string()
                on:click=to_raw>{tr!("Raw JSON", "原始 JSON")}</button>
            {move || (!has_typed.get()).then(|| view! {
                <span class="help">
                    {tr!(
                        "This ticket type has no typed editor: write its parameters as JSON.",
                        "此工单类型没有表单编辑器：请以 JSON 填写参数。"
                    )}
                </span>
            })}
            <p class="field-error" id=format!("{}-switch", input_id(RAW_PATH)) aria-live="polite">{move || switch_problem.get()}</p>
        </div>
        <TicketForm kind=KIND draft specs=specs prepare send submit_label=tr!("File order", "提交工单") />
    }
}

/// The order's fields, then PluginParam typed (when the type has a typed editor and the user has
/// not switched to JSON) or raw.
fn form_specs(values: &FormValues) -> Vec<FieldSpec> {
    let mut specs = dms::create_form();
    let typed =
        dms::plugin_form(value(values, "PluginType")).filter(|_| !values.contains_key(RAW_PATH));
    match typed {
        Some(mut typed) => {
            // "Ignore affected rows" makes its reason required: show the marker as soon as it is ticked.
            let ignoring = value(values, "PluginParam.ignoreAffectRows") == "true";
            for spec in typed.iter_mut() {
                if spec.path == "PluginParam.ignoreAffectRowsReason" && ignoring {
                    spec.required = true;
                }
            }
            specs.extend(typed);
            // Keys the typed editor has no field for stay visible and editable.
            let aside = format!("{TYPED_PREFIX}{UNKNOWN_KEYS}");
            if values
                .get(&aside)
                .is_some_and(|text| !text.trim().is_empty())
            {
                specs.push(
                    FieldSpec::new(
                        aside,
                        tr!("Other parameters (JSON)", "其他参数（JSON）"),
                        FieldKind::Json,
                    )
                    .help(tr!(
                        "Keys from the JSON that the typed editor has no field for; they are sent as they are.",
                        "JSON 中表单编辑器没有对应字段的键，将按原样发送。"
                    )),
                );
            }
        }
        None => specs.push(dms::plugin_param_raw_field()),
    }
    specs
}

fn starting_values() -> FormValues {
    let mut values = initial_values(&dms::create_form());
    let plugin_type = value(&values, "PluginType").to_string();
    if let Some(typed) = dms::plugin_form(&plugin_type) {
        values.extend(initial_values(&typed));
    }
    values
}
