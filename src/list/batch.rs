//! Batch decisions from a list (the bar and cells are in `batch_bar`): which rows are selected (checkboxes, select all on the page,
//! shift-click ranges), one reason for all, and a run that sends at most [`MAX_IN_FLIGHT`]
//! decisions at a time, can be cancelled, and leaves each row its own outcome. A row that has
//! an outcome in this list is never sent again, so a second click sends nothing twice.

use crate::busy::BusyGuard;
use crate::perf::mark;
use crate::ticket_ops::{Decide, DecideError, WaitingChanged};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use vendors::decide::{Decision, DecisionOutcome, DecisionRequest};
use vendors::{tr, Page, TicketSummary};

/// Decisions under way at once: enough to finish a batch quickly, few enough not to crowd out
/// the vendor (or the gateway's concurrency limit) for everyone else.
pub const MAX_IN_FLIGHT: usize = 4;

pub const MARK_BATCH_START: &str = "batch:start";
pub const MARK_BATCH_END: &str = "batch:end";

/// What became of one row's decision.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    Sending,
    Done(Decision, DecisionOutcome),
    /// Stopped before the decision call: nothing applied, a later run may send it.
    NotSent(String),
    Refused(String),
    /// No clear answer: it may have been applied; reload to check.
    Unsure(String),
}

impl RowOutcome {
    fn of(decision: Decision, answer: Result<DecisionOutcome, DecideError>) -> Self {
        match answer {
            Ok(after) => RowOutcome::Done(decision, after),
            Err(DecideError::NotSent(error)) => {
                RowOutcome::NotSent(tr!("Not sent: {error}", "未发送：{error}"))
            }
            Err(DecideError::Refused(error)) => RowOutcome::Refused(error.to_string()),
            Err(DecideError::Unsure(error)) => RowOutcome::Unsure(tr!(
                "May have been applied ({error}); reload to check",
                "可能已生效（{error}），请重新加载确认"
            )),
        }
    }

    pub fn data_value(&self) -> &'static str {
        match self {
            RowOutcome::Sending => "pending",
            RowOutcome::Done(..) => "done",
            RowOutcome::NotSent(_) | RowOutcome::Refused(_) => "failed",
            RowOutcome::Unsure(_) => "uncertain",
        }
    }

    /// Whether a later run may send this row: only when nothing was sent for it.
    fn may_send_again(&self) -> bool {
        matches!(self, RowOutcome::NotSent(_))
    }
}

/// Progress of the current (or last) run.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RunProgress {
    pub decision: Option<Decision>,
    pub total: usize,
    pub finished: usize,
    pub in_flight: usize,
    pub peak_in_flight: usize,
    pub done: usize,
    pub failed: usize,
    pub cancelled: bool,
    pub running: bool,
}

/// Selection and outcomes of one list. Outcomes are keyed by ticket id, so they survive paging.
#[derive(Clone, Copy)]
pub struct BatchState {
    /// One flag per row of the page on screen.
    pub selected: RwSignal<Vec<bool>>,
    anchor: StoredValue<Option<usize>>,
    pub outcomes: RwSignal<HashMap<String, RowOutcome>>,
    pub progress: RwSignal<RunProgress>,
}

impl BatchState {
    pub fn new() -> Self {
        BatchState {
            selected: RwSignal::new(Vec::new()),
            anchor: StoredValue::new(None),
            outcomes: RwSignal::new(HashMap::new()),
            progress: RwSignal::new(RunProgress::default()),
        }
    }

    /// A new page is on screen: nothing of it is selected yet.
    pub fn reset_selection(&self, rows: usize) {
        self.selected.set(vec![false; rows]);
        self.anchor.set_value(None);
    }

    pub fn is_selected(&self, index: usize) -> bool {
        self.selected
            .with(|s| s.get(index).copied().unwrap_or(false))
    }

    pub fn selected_count(&self) -> usize {
        self.selected.with(|s| s.iter().filter(|on| **on).count())
    }

    /// A click on row `index`'s checkbox; with Shift, every row from the last clicked one
    /// takes the same state.
    pub fn click(&self, index: usize, on: bool, shift: bool) {
        let anchor = self.anchor.get_value();
        self.selected.update(|s| {
            let range = match anchor {
                Some(from) if shift => from.min(index)..=from.max(index),
                _ => index..=index,
            };
            for i in range {
                if let Some(flag) = s.get_mut(i) {
                    *flag = on;
                }
            }
        });
        self.anchor.set_value(Some(index));
    }

    pub fn select_all(&self, on: bool) {
        self.selected
            .update(|s| s.iter_mut().for_each(|flag| *flag = on));
    }

    pub fn outcome_of(&self, id: &str) -> Option<RowOutcome> {
        self.outcomes.with(|o| o.get(id).cloned())
    }
}

impl Default for BatchState {
    fn default() -> Self {
        Self::new()
    }
}

/// The row as it should be drawn: with its new status once a decision was applied.
pub fn row_after(row: &TicketSummary, outcome: Option<&RowOutcome>) -> Option<TicketSummary> {
    match outcome {
        Some(RowOutcome::Done(_, after)) if after.is_known() => Some(TicketSummary {
            status: after.status.clone(),
            status_label: after.status_label.clone(),
            ..row.clone()
        }),
        _ => None,
    }
}

/// The ids of the selected rows that have no outcome yet (or whose decision was never sent),
/// in page order.
pub fn ids_to_send(
    page: &Page,
    selected: &[bool],
    outcomes: &HashMap<String, RowOutcome>,
) -> Vec<String> {
    page.items
        .iter()
        .zip(selected)
        .filter(|(row, on)| **on && outcomes.get(&row.id).is_none_or(RowOutcome::may_send_again))
        .map(|(row, _)| row.id.clone())
        .collect()
}

/// Sends `request` for every id, at most [`MAX_IN_FLIGHT`] at a time, writing each outcome as
/// it comes. Signals are written with `try_` so a list left mid-run is no trouble. The workers
/// share `busy` and the last one to end (or be dropped) releases it, so the language stays
/// until the whole run is over.
pub(super) fn run(
    state: BatchState,
    ids: Vec<String>,
    decide: Decide,
    request: DecisionRequest,
    busy: BusyGuard,
) {
    let total = ids.len();
    state.progress.set(RunProgress {
        decision: Some(request.decision),
        total,
        running: true,
        ..RunProgress::default()
    });
    mark(MARK_BATCH_START);
    let queue = Rc::new(RefCell::new(VecDeque::from(ids)));
    // Read now: the workers run outside the component tree.
    let changed = use_context::<WaitingChanged>();
    let workers = Rc::new(RefCell::new(MAX_IN_FLIGHT.min(total)));
    let busy = Rc::new(busy);
    for _ in 0..MAX_IN_FLIGHT.min(total) {
        let (queue, workers, decide, request, busy) = (
            queue.clone(),
            workers.clone(),
            decide.clone(),
            request.clone(),
            busy.clone(),
        );
        spawn_local(async move {
            let _running = busy;
            loop {
                let cancelled = state
                    .progress
                    .try_with_untracked(|p| p.cancelled)
                    .unwrap_or(true);
                let next = if cancelled {
                    None
                } else {
                    queue.borrow_mut().pop_front()
                };
                let Some(id) = next else { break };
                state.outcomes.try_update(|o| {
                    o.insert(id.clone(), RowOutcome::Sending);
                });
                state.progress.try_update(|p| {
                    p.in_flight += 1;
                    p.peak_in_flight = p.peak_in_flight.max(p.in_flight);
                });
                let answer = decide(id.clone(), request.clone()).await;
                let outcome = RowOutcome::of(request.decision, answer);
                let done = matches!(outcome, RowOutcome::Done(..));
                state.outcomes.try_update(|o| {
                    o.insert(id, outcome);
                });
                state.progress.try_update(|p| {
                    p.in_flight -= 1;
                    p.finished += 1;
                    if done {
                        p.done += 1;
                    } else {
                        p.failed += 1;
                    }
                });
            }
            let last = {
                let mut left = workers.borrow_mut();
                *left -= 1;
                *left == 0
            };
            if last {
                state.progress.try_update(|p| p.running = false);
                mark(MARK_BATCH_END);
                if let Some(changed) = changed {
                    changed.0.try_update(|n| *n += 1);
                }
            }
        });
    }
}

/// "19 approved, 1 failed: see its row." once a run has ended.
pub fn summary_text(progress: &RunProgress) -> Option<String> {
    let decision = progress.decision?;
    if progress.running {
        return None;
    }
    let (done, how) = (progress.done, decision.past_tense().to_string());
    let mut text = tr!("{done} {how}", "{how} {done} 条");
    let failed = progress.failed;
    if failed > 0 {
        text.push_str(&if failed == 1 {
            tr!(
                ", {failed} failed: see its row",
                "，{failed} 条失败：请查看该行"
            )
        } else {
            tr!(
                ", {failed} failed: see their rows",
                "，{failed} 条失败：请查看对应的行"
            )
        });
    }
    let skipped = progress.total - progress.finished;
    if progress.cancelled && skipped > 0 {
        text.push_str(&tr!(
            ", {skipped} not sent (cancelled)",
            "，{skipped} 条未发送（已取消）"
        ));
    }
    text.push_str(&tr!(".", "。"));
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vendors::Kind;

    fn page(ids: &[&str]) -> Page {
        Page {
            items: ids
                .iter()
                .map(|id| TicketSummary {
                    kind: Kind::Itsm,
                    id: id.to_string(),
                    title: String::new(),
                    status: "RUNNING".into(),
                    status_label: None,
                    creator: String::new(),
                    created: String::new(),
                    updated: None,
                    service: None,
                    link: None,
                })
                .collect(),
            page: 1,
            page_size: 10,
            total: ids.len() as u64,
        }
    }

    #[test]
    fn rows_with_an_outcome_are_not_sent_again() {
        let page = page(&["a", "b", "c"]);
        let mut outcomes = HashMap::new();
        outcomes.insert("b".to_string(), RowOutcome::Refused("no".into()));
        let ids = ids_to_send(&page, &[true, true, false], &outcomes);
        assert_eq!(ids, ["a"]);
    }

    #[test]
    fn shift_click_ticks_the_range_from_the_last_clicked_row() {
        let state = BatchState::new();
        state.reset_selection(10);
        state.click(2, true, false);
        state.click(6, true, true);
        let ticked: Vec<usize> = (0..10).filter(|&i| state.is_selected(i)).collect();
        assert_eq!(ticked, [2, 3, 4, 5, 6]);
        // Shift-unticking goes back down to the new anchor.
        state.click(4, false, true);
        let ticked: Vec<usize> = (0..10).filter(|&i| state.is_selected(i)).collect();
        assert_eq!(ticked, [2, 3]);
        state.select_all(true);
        assert_eq!(state.selected_count(), 10);
        state.reset_selection(3);
        assert_eq!(state.selected_count(), 0);
    }

    #[test]
    fn an_applied_decision_redraws_the_row_with_its_new_status() {
        let page = page(&["a"]);
        let done = RowOutcome::Done(
            Decision::Approve,
            DecisionOutcome {
                status: "FINISHED".into(),
                status_label: None,
            },
        );
        let after = row_after(&page.items[0], Some(&done)).unwrap();
        assert_eq!(after.status, "FINISHED");
        assert!(row_after(&page.items[0], Some(&RowOutcome::Refused("no".into()))).is_none());
    }

    #[test]
    fn summary_counts_each_outcome() {
        let progress = RunProgress {
            decision: Some(Decision::Approve),
            total: 20,
            finished: 20,
            done: 19,
            failed: 1,
            ..RunProgress::default()
        };
        assert_eq!(
            summary_text(&progress).unwrap(),
            "19 approved, 1 failed: see its row."
        );
        let cancelled = RunProgress {
            total: 10,
            finished: 4,
            done: 4,
            failed: 0,
            cancelled: true,
            ..progress
        };
        assert_eq!(
            summary_text(&cancelled).unwrap(),
            "4 approved, 6 not sent (cancelled)."
        );
    }

    #[test]
    fn summary_speaks_chinese() {
        use vendors::i18n::{self, Lang};
        let progress = RunProgress {
            decision: Some(Decision::Reject),
            total: 10,
            finished: 7,
            done: 4,
            failed: 3,
            cancelled: true,
            ..RunProgress::default()
        };
        i18n::set(Lang::Zh);
        let text = summary_text(&progress);
        i18n::set(Lang::En);
        assert_eq!(
            text.unwrap(),
            "已拒绝 4 条，3 条失败：请查看对应的行，3 条未发送（已取消）。"
        );
    }
}
