//! The inbox's columns: the stock ones over `TicketSummary`, plus the back-end badge and the
//! time waited, and a title linking to the ticket's page on its own instance.

use super::rows::{age_text, since_ms, split_key};
use crate::list::columns::{
    creator_column, service_column, status_column, ticket_href, Column, ColumnWidth,
};
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::HashMap;
use std::sync::Arc;
use vendors::tr;

/// A vendor's time text in ms since the epoch (NaN when unreadable), read as the time columns
/// read it.
pub fn parse_time(text: &str) -> f64 {
    crate::i18n::vendor_time_ms(text)
}

/// The columns; `labels` names each instance in the current language.
pub fn inbox_columns(labels: Arc<HashMap<String, String>>) -> Vec<Column> {
    let badge_labels = labels.clone();
    vec![
        Column::new(tr!("Back-end", "工单系统"), ColumnWidth::Long, move |row| {
            let instance = split_key(&row.id).0;
            let label = badge_labels.get(instance).cloned().unwrap_or_default();
            view! {
                <span class="backend-badge" data-kind=row.kind.as_str() data-instance=instance.to_string()>
                    {label}
                </span>
            }
            .into_any()
        })
        .with_text(move |row| {
            labels
                .get(split_key(&row.id).0)
                .cloned()
                .unwrap_or_default()
        }),
        Column::new(tr!("Title", "标题"), ColumnWidth::Wide, |row| {
            let (instance, id) = split_key(&row.id);
            let href = crate::app_base::href(&ticket_href(instance, id));
            let (text, tooltip) = (row.title.clone(), row.title.clone());
            view! { <A href=href attr:class="cell-text" attr:title=tooltip>{text}</A> }.into_any()
        })
        .with_text(|row| row.title.clone()),
        status_column(),
        service_column(&tr!("Kind", "类型")),
        creator_column().with_width(ColumnWidth::Narrow),
        Column::new(tr!("Waiting", "已等待"), ColumnWidth::Narrow, |row| {
            let waited = waited_text(row);
            let since = row.updated.clone().unwrap_or_else(|| row.created.clone());
            view! { <span class="cell-text waited" title=since>{waited}</span> }.into_any()
        })
        .with_text(waited_text),
    ]
}

fn waited_text(row: &vendors::TicketSummary) -> String {
    match since_ms(row, parse_time) {
        Some(since) => age_text(js_sys::Date::now() - since),
        None => tr!("unknown", "未知"),
    }
}
