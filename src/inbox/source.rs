//! One instance's part of the inbox: asking it for its waiting tickets (a background refresh
//! holds back an answer that brings new tickets until "Show"), and its line above the table.

use super::columns::parse_time;
use super::rows::{new_keys, rows_of, InboxRow};
use super::PER_INSTANCE_LIMIT;
use crate::app_base;
use crate::config::BackendConfig;
use crate::list::pager::group_thousands;
use crate::ticket_ops::TicketOps;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use vendors::{tr, Page, VendorError};

/// One instance's part of the queue.
#[derive(Debug, Clone)]
pub enum Answer {
    Loading,
    /// The user is not known there yet (no ITSM user name, no ZStack session).
    UserUnknown,
    Loaded {
        rows: Arc<Vec<InboxRow>>,
        total: u64,
    },
    Failed(VendorError),
}

/// An instance, what it answered, and an answer held back because it brings new tickets.
#[derive(Clone)]
pub struct Source {
    pub backend: BackendConfig,
    pub ops: TicketOps,
    pub answer: RwSignal<Answer>,
    held: RwSignal<Option<Answer>>,
    /// Which load is the latest; an older one's answer is dropped.
    generation: StoredValue<u32>,
}

impl Source {
    pub fn new(backend: &BackendConfig) -> Self {
        Source {
            ops: crate::backends::ticket_ops(backend),
            backend: backend.clone(),
            answer: RwSignal::new(Answer::Loading),
            held: RwSignal::new(None),
            generation: StoredValue::new(0),
        }
    }

    /// Asks the instance for its waiting tickets. `quiet`: a background refresh, whose new
    /// tickets wait to be shown.
    pub fn load(&self, quiet: bool) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let Some(waiting) = (self.ops.waiting)(PER_INSTANCE_LIMIT) else {
            self.answer.set(Answer::UserUnknown);
            return;
        };
        if !quiet {
            self.answer.set(Answer::Loading);
        }
        let (source, instance) = (self.clone(), self.backend.id.clone());
        spawn_local(async move {
            let result = waiting.await;
            if source.generation.try_get_value() != Some(generation) {
                return;
            }
            let answer = match result {
                Ok(page) => loaded(&instance, page),
                Err(error) => Answer::Failed(error),
            };
            source.take(answer);
        });
    }

    /// Shows `answer`, unless it brings tickets not on screen while rows are: then it waits
    /// for "show".
    fn take(&self, answer: Answer) {
        // The page may be gone by the time an answer comes.
        let Some(shown) = self.answer.try_get_untracked() else {
            return;
        };
        let brings_new = match (&answer, shown) {
            (Answer::Loaded { rows: fresh, .. }, Answer::Loaded { rows: shown, .. }) => {
                !new_keys(&shown, fresh).is_empty()
            }
            _ => false,
        };
        if brings_new {
            self.held.try_set(Some(answer));
        } else {
            self.held.try_set(None);
            self.answer.try_set(answer);
        }
    }

    /// How many held-back tickets are new.
    pub fn new_count(&self) -> usize {
        self.held.with(|held| match (held, &*self.answer.read()) {
            (Some(Answer::Loaded { rows: fresh, .. }), Answer::Loaded { rows: shown, .. }) => {
                new_keys(shown, fresh).len()
            }
            _ => 0,
        })
    }

    pub fn show_held(&self) {
        if let Some(answer) = self.held.get_untracked() {
            self.held.set(None);
            self.answer.set(answer);
        }
    }
}

fn loaded(instance: &str, page: Page) -> Answer {
    let total = page.total;
    Answer::Loaded {
        rows: Arc::new(rows_of(instance, page, parse_time)),
        total,
    }
}
/// What one instance said: loading, its count, why it is missing (with a Retry for it alone),
/// or how to let it know who you are.
#[component]
pub fn SourceLine(source: Source) -> impl IntoView {
    let (id, label) = (
        source.backend.id.clone(),
        source.backend.label().to_string(),
    );
    let waiting_href = app_base::instance_href(&id, "waiting");
    let kind = source.backend.kind;
    let retry = source.clone();
    let line = move || match source.answer.get() {
        Answer::Loading => view! {
            <span class="source-loading" role="status">
                <span class="spinner" aria-hidden="true"></span>
                {tr!("Loading…", "正在加载…")}
            </span>
        }
        .into_any(),
        Answer::Loaded { rows, total } => {
            let (shown, all) = (group_thousands(rows.len() as u64), group_thousands(total));
            let text = if rows.len() as u64 >= total {
                tr!("{all} waiting", "{all} 条待审批")
            } else {
                tr!(
                    "first {shown} of {all} waiting",
                    "{all} 条待审批，显示前 {shown} 条"
                )
            };
            view! { <span class="source-count">{text}</span> }.into_any()
        }
        Answer::UserUnknown => {
            let text = tr!("Log in to see {label}", "登录后查看 {label}");
            view! { <a class="source-login" href=waiting_href.clone()>{text}</a> }.into_any()
        }
        Answer::Failed(error) => {
            let said = error.said_by(kind.short_label());
            let retry = retry.clone();
            view! {
                <span class="source-error" role="alert">
                    <span class="error-message">{said}</span>
                    " "
                    <button type="button" class="retry" on:click=move |_| retry.load(false)>
                        {tr!("Retry", "重试")}
                    </button>
                </span>
            }
            .into_any()
        }
    };
    let state = move || match source.answer.get() {
        Answer::Loading => "loading",
        Answer::UserUnknown => "unknown-user",
        Answer::Loaded { .. } => "loaded",
        Answer::Failed(_) => "failed",
    };
    view! {
        <li class="inbox-source" data-instance=id data-state=state>
            <span class="backend-badge" data-kind=kind.as_str()>{source.backend.label().to_string()}</span>
            " "
            {line}
        </li>
    }
}
