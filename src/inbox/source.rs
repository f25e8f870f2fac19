//! One instance's part of the inbox: asking it for its waiting tickets (a background refresh
//! holds back an answer that brings new tickets until "Show"), and its line above the table.

use super::columns::parse_time;
use super::rows::{new_keys, rows_of, InboxRow};
use super::PER_INSTANCE_LIMIT;
use crate::app_base;
use crate::config::BackendConfig;
use crate::list::pager::group_thousands;
use crate::ticket_ops::{TicketOps, WaitingCounts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use vendors::{tr, Kind, Page, VendorError};

/// One instance's part of the queue.
#[derive(Debug, Clone, PartialEq)]
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

/// What a background refresh's answer does while rows are on screen: nothing moves under the
/// pointer by itself.
#[derive(Debug, PartialEq)]
enum Background {
    /// The same rows: nothing to do.
    Same,
    /// Other rows (new, gone, changed): kept until "Show".
    Hold(Answer),
    /// The refresh failed: the rows stay, with the error beside them.
    Failed(VendorError),
    /// Nothing was on screen: the answer shows at once.
    Show(Answer),
}

fn background(shown: &Answer, fresh: Answer) -> Background {
    match (shown, fresh) {
        (
            Answer::Loaded { rows, total },
            Answer::Loaded {
                rows: fresh_rows,
                total: fresh_total,
            },
        ) => {
            if *rows == fresh_rows && *total == fresh_total {
                Background::Same
            } else {
                Background::Hold(Answer::Loaded {
                    rows: fresh_rows,
                    total: fresh_total,
                })
            }
        }
        (Answer::Loaded { .. }, Answer::Failed(error)) => Background::Failed(error),
        (_, fresh) => Background::Show(fresh),
    }
}

/// An instance, what it answered, and a background answer held back until "Show".
#[derive(Clone)]
pub struct Source {
    pub backend: BackendConfig,
    pub ops: TicketOps,
    pub answer: RwSignal<Answer>,
    held: RwSignal<Option<Answer>>,
    /// Why the last background refresh failed, while the rows before it stay.
    refresh_failed: RwSignal<Option<VendorError>>,
    /// The navigation's count of this instance (and the tab title's): each answer's total is
    /// reported there, so the shell need not ask again.
    counts: Option<WaitingCounts>,
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
            refresh_failed: RwSignal::new(None),
            counts: use_context::<WaitingCounts>(),
            generation: StoredValue::new(0),
        }
    }

    /// Asks the instance for its waiting tickets. `quiet`: a background refresh, whose new
    /// tickets wait to be shown.
    pub fn load(&self, quiet: bool) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let Some(waiting) = crate::backends::waiting(&self.backend, PER_INSTANCE_LIMIT) else {
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
            source.take(answer, quiet);
        });
    }

    /// Shows `answer`; a background one only where nothing was on screen (see [`background`]).
    fn take(&self, answer: Answer, quiet: bool) {
        // The page may be gone by the time an answer comes.
        let Some(shown) = self.answer.try_get_untracked() else {
            return;
        };
        if let (Answer::Loaded { total, .. }, Some(counts)) = (&answer, &self.counts) {
            counts.set(&self.backend.id, *total);
        }
        let outcome = if quiet {
            background(&shown, answer)
        } else {
            Background::Show(answer)
        };
        match outcome {
            Background::Same => {
                self.held.try_set(None);
                self.refresh_failed.try_set(None);
            }
            Background::Hold(answer) => {
                self.held.try_set(Some(answer));
                self.refresh_failed.try_set(None);
            }
            Background::Failed(error) => {
                self.refresh_failed.try_set(Some(error));
            }
            Background::Show(answer) => {
                self.held.try_set(None);
                self.refresh_failed.try_set(None);
                self.answer.try_set(answer);
            }
        }
    }

    /// Whether a background answer waits for "Show".
    pub fn holds(&self) -> bool {
        self.held.with(Option::is_some)
    }

    /// The held-back answer's rows that are not on screen.
    pub fn new_rows(&self) -> Vec<InboxRow> {
        self.held.with(|held| match (held, &*self.answer.read()) {
            (Some(Answer::Loaded { rows: fresh, .. }), Answer::Loaded { rows: shown, .. }) => {
                let new: std::collections::HashSet<&str> =
                    new_keys(shown, fresh).into_iter().collect();
                fresh
                    .iter()
                    .filter(|row| new.contains(row.row.id.as_str()))
                    .cloned()
                    .collect()
            }
            _ => Vec::new(),
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
    let retry_refresh = source.clone();
    let refresh_failed = source.refresh_failed;
    let refresh_problem = move || {
        refresh_failed.get().map(|error| {
            let said = error.said_by(kind.short_label());
            let retry = retry_refresh.clone();
            view! {
                <span class="source-error" role="alert">
                    <span class="error-message">{tr!("Could not refresh: {said}", "刷新失败：{said}")}</span>
                    " "
                    <button type="button" class="retry" on:click=move |_| retry.load(true)>
                        {tr!("Retry", "重试")}
                    </button>
                </span>
            }
        })
    };
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
            // ITSM wants a user name, ZStack a login; DMS always knows its caller.
            let text = match kind {
                Kind::Itsm => tr!(
                    "Tell Ticket Desk your {label} user name",
                    "告诉 Ticket Desk 您的 {label} 用户名"
                ),
                Kind::Dms | Kind::Zstack => tr!("Log in to see {label}", "登录后查看 {label}"),
            };
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
            {refresh_problem}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbox::rows::key;
    use crate::inbox::rows::tests::summary;

    fn answer(ids: &[&str], status: &str) -> Answer {
        let rows: Vec<InboxRow> = ids
            .iter()
            .map(|id| {
                let mut row = summary(Kind::Dms, &key("dms", id), "", None);
                row.status = status.into();
                InboxRow {
                    row,
                    since_ms: None,
                }
            })
            .collect();
        let total = rows.len() as u64;
        Answer::Loaded {
            rows: Arc::new(rows),
            total,
        }
    }

    #[test]
    fn a_background_answer_never_moves_rows_on_screen() {
        let shown = answer(&["1", "2"], "RUNNING");
        assert_eq!(
            background(&shown, answer(&["1", "2"], "RUNNING")),
            Background::Same
        );
        // New, gone or changed rows all wait for "Show".
        for fresh in [
            answer(&["1", "2", "3"], "RUNNING"),
            answer(&["1"], "RUNNING"),
            answer(&["1", "2"], "FINISHED"),
        ] {
            assert_eq!(background(&shown, fresh.clone()), Background::Hold(fresh));
        }
        let error = VendorError::new(0, "NETWORK", "no answer");
        assert_eq!(
            background(&shown, Answer::Failed(error.clone())),
            Background::Failed(error.clone())
        );
        // With nothing on screen, there is nothing to move: it shows.
        let failed = Answer::Failed(error);
        let fresh = answer(&["1"], "RUNNING");
        assert_eq!(background(&failed, fresh.clone()), Background::Show(fresh));
        assert_eq!(
            background(&Answer::Loading, Answer::UserUnknown),
            Background::Show(Answer::UserUnknown)
        );
    }
}
