//! ITSM create_ticket: pick a service and fill in the form its definition describes, or type
//! the fields as free key/value rows (raw mode, works for any service). The chosen service is in
//! the URL (`/itsm/new?service=3`, per instance), so the form can be bookmarked and shared.

use crate::api;
use crate::config::BackendConfig;
use crate::form::{Draft, Filed, TicketForm};
use crate::identity;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use vendors::form::{initial_values, row_path};
use vendors::itsm::{self, GetServices, ServiceDetail};
use vendors::{tr, FormValues, Kind};

const KIND: Kind = Kind::Itsm;

#[component]
pub fn ItsmCreate(backend: BackendConfig) -> impl IntoView {
    let (base, instance) = (backend.base_url, backend.id);
    let query = use_query_map();
    let service_id =
        Memo::new(move |_| query.with(|q| q.get("service").and_then(|s| s.parse::<i64>().ok())));
    let services = api::load(
        base.clone(),
        itsm::get_services_call(&GetServices::default()),
        itsm::decode_get_services,
    );
    let navigate = use_navigate();
    let pick = {
        let instance = instance.clone();
        move |ev| {
            let chosen = event_target_value(&ev);
            let route = if chosen.is_empty() {
                format!("/{instance}/new")
            } else {
                format!("/{instance}/new?service={chosen}")
            };
            // The router puts the app's folder before a route it navigates to.
            navigate(&route, Default::default());
        }
    };

    let service_options = move || match services.get() {
        None => {
            view! { <option disabled=true>{tr!("Loading services…", "正在加载服务…")}</option> }
                .into_any()
        }
        Some(Err(_)) => ().into_any(),
        Some(Ok(list)) => list
            .into_iter()
            .map(|s| {
                let selected = service_id.get() == Some(s.id);
                view! { <option value=s.id.to_string() selected=selected>{s.name}</option> }
            })
            .collect_view()
            .into_any(),
    };
    let services_error = move || {
        services.get().and_then(|r| r.err()).map(|e| {
            let said = e.said_by(KIND.short_label());
            view! {
                <p class="field-error">
                    {tr!(
                        "Services could not be loaded ({said}). Raw mode still works.",
                        "服务加载失败（{said}）。原始字段模式仍可使用。"
                    )}
                </p>
            }
        })
    };

    let form = move || match service_id.get() {
        None => view! { <ItsmForm base=base.clone() instance=instance.clone() service=None /> }
            .into_any(),
        Some(id) => {
            view! { <ServiceForm base=base.clone() instance=instance.clone() id /> }.into_any()
        }
    };

    view! {
        <div class="field service-picker">
            <label for="service-picker">{tr!("Service", "服务")}</label>
            <select id="service-picker" name="service" on:change=pick>
                <option value="" selected=move || service_id.get().is_none()>
                    {tr!("Raw fields (any service)", "原始字段（任意服务）")}
                </option>
                {service_options}
            </select>
            <p class="help">
                {tr!(
                    "A service draws its own form; raw mode lets you type any fields as key and value.",
                    "选择服务后按该服务的表单填写；原始字段模式可按键和值填写任意字段。"
                )}
            </p>
            {services_error}
        </div>
        {form}
    }
}

/// Loads one service's definition, then shows its form.
#[component]
fn ServiceForm(base: String, instance: String, id: i64) -> impl IntoView {
    let detail = api::load(
        base.clone(),
        itsm::get_service_detail_call(id),
        itsm::decode_get_service_detail,
    );
    move || {
        match detail.get() {
        None => view! {
            <p class="loading" role="status">{tr!("Loading the service's form…", "正在加载服务表单…")}</p>
        }
        .into_any(),
        Some(Err(error)) => {
            let said = error.said_by(KIND.short_label());
            view! {
                <div class="outcome failure" role="alert">
                    <p>{tr!("The service's form could not be loaded: {said}", "服务表单加载失败：{said}")}</p>
                    <button type="button" on:click=move |_| detail.refetch()>{tr!("Retry", "重试")}</button>
                </div>
            }
            .into_any()
        }
        Some(Ok(service)) => view! { <ItsmForm base=base.clone() instance=instance.clone() service=Some(service) /> }.into_any(),
    }
    }
}

/// The form itself, in raw mode (`service` None) or for one service.
#[component]
fn ItsmForm(base: String, instance: String, service: Option<ServiceDetail>) -> impl IntoView {
    let specs = match &service {
        Some(detail) => itsm::service_form(detail),
        None => itsm::create_form(),
    };
    let draft_key = match &service {
        // Keyed by the service's fields too: rows are positional, so a changed form starts afresh.
        Some(detail) => format!(
            "{instance}:service:{}:{}",
            detail.id,
            itsm::service_field_keys(detail).join(",")
        ),
        None => format!("{instance}:raw"),
    };
    let draft = Draft::load(draft_key, {
        let (specs, raw, instance) = (specs.clone(), service.is_none(), instance.clone());
        move || starting_values(&specs, raw, &instance)
    });
    let prepare = {
        let service = service.clone();
        move |values: &FormValues| itsm::create_from_form(values, service.as_ref())
    };
    let send = move |request: itsm::CreateTicket| {
        let (base, instance) = (base.clone(), instance.clone());
        async move {
            let created = api::call(
                &base,
                &itsm::create_ticket_call(&request),
                itsm::decode_create_ticket,
            )
            .await?;
            identity::set(&instance, &request.creator);
            let sn = &created.sn;
            Ok(Filed {
                headline: tr!("Ticket {sn} filed", "工单 {sn} 已提交"),
                facts: vec![
                    (tr!("SN", "工单号"), created.sn.clone()),
                    ("ID".into(), created.id.to_string()),
                ],
                link: Some(created.ticket_url).filter(|url| !url.is_empty()),
            })
        }
    };
    view! { <TicketForm kind=KIND draft specs=Signal::stored(specs) prepare send /> }
}

/// Defaults of the specs, the remembered creator, and in raw mode a first row for the title.
fn starting_values(specs: &[vendors::FieldSpec], raw: bool, instance: &str) -> FormValues {
    let mut values = initial_values(specs);
    if let Some(me) = identity::get(instance) {
        values.insert("creator".into(), me);
    }
    if raw {
        values.insert(row_path("fields", 0, "key"), "title".into());
        values.insert(row_path("fields", 0, "value"), String::new());
    }
    values
}
