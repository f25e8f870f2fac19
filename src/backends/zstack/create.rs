//! ZStack CreateTicket: a list of API requests with JSON bodies, the account context and tags.
//! ZStack may answer 202 with a job to poll; the page shows the wait and gives up with a clear
//! message after a while. A rejected session opens the login panel and keeps the form.

use super::job::wait_for_job;
use super::session::{SessionPanel, ZstackSession};
use crate::api;
use crate::config::BackendConfig;
use crate::form::{Draft, Filed, TicketForm, CODE_MAYBE_FILED};
use leptos::prelude::*;
use std::time::Duration;
use vendors::form::initial_values;
use vendors::zstack::{self, Reply, TicketCreated};
use vendors::{tr, FormValues, Kind, VendorError};

const KIND: Kind = Kind::Zstack;

#[component]
pub fn ZstackCreate(backend: BackendConfig) -> impl IntoView {
    let base = backend.base_url;
    let session = ZstackSession::load(&backend.id);
    let progress = RwSignal::new(None::<String>);
    let draft = Draft::load(format!("{}:ticket", backend.id), || {
        initial_values(&zstack::create_form())
    });
    let prepare = |v: &FormValues| zstack::create_from_form(v);
    let send = {
        let base = base.clone();
        move |request: zstack::CreateTicket| {
            let base = base.clone();
            async move {
                let token = session.token();
                let call = zstack::create_ticket_call(&request, token.as_deref());
                let reply = api::call(&base, &call, zstack::decode_create_ticket).await;
                let created = match reply.map_err(|e| session.check(&token, e))? {
                    Reply::Done(created) => created,
                    Reply::Pending { job_path } => {
                        let say = |waited: Duration| {
                            let seconds = waited.as_secs();
                            progress.set(Some(tr!(
                                "ZStack accepted the ticket and is creating it… ({seconds} s)",
                                "ZStack 已受理工单，正在创建…（{seconds} 秒）"
                            )))
                        };
                        let result =
                            wait_for_job::<TicketCreated>(&base, &job_path, token.as_deref(), say)
                                .await;
                        progress.set(None);
                        // ZStack accepted the ticket: whatever went wrong since, it may exist.
                        result.map_err(|e| maybe_filed(session.check(&token, e)))?
                    }
                };
                Ok(filed(&request, created))
            }
        }
    };
    view! {
        <SessionPanel base session />
        {move || progress.get().map(|text| view! { <p class="notice job-progress" role="status">{text}</p> })}
        <TicketForm kind=KIND draft specs=Signal::stored(zstack::create_form()) prepare send />
    }
}

/// An error after ZStack accepted the ticket: the user must look before sending it again.
fn maybe_filed(error: VendorError) -> VendorError {
    VendorError {
        code: CODE_MAYBE_FILED.to_string(),
        message: tr!(
            "ZStack accepted the ticket, then {error}",
            "ZStack 已受理工单，但随后出错：{error}"
        ),
        ..error
    }
}

fn filed(request: &zstack::CreateTicket, created: TicketCreated) -> Filed {
    let name = &request.params.name;
    let mut facts = vec![(tr!("Name", "名称"), name.clone())];
    if let Some(ticket) = created.inventory {
        facts.push(("UUID".into(), ticket.uuid));
        facts.push((tr!("Status", "状态"), ticket.status));
    }
    Filed {
        headline: tr!("Ticket \"{name}\" created", "工单“{name}”已创建"),
        facts,
        link: None,
    }
}
