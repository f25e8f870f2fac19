//! What a person sees of batch decisions: the bar above the table (count, reason, Approve /
//! Reject selected, progress, Cancel, summary) and the selection and outcome cells of the rows.

use super::batch::{ids_to_send, run, summary_text, BatchState, RowOutcome};
use crate::busy::Busy;
use crate::kept::Kept;
use crate::ticket_ops::Decide;
use crate::widgets::focus::{focus_later, input_id};
use crate::widgets::reason::ReasonField;
use leptos::prelude::*;
use std::sync::Arc;
use vendors::decide::{Decision, DecisionRequest};
use vendors::{tr, Page, Problem};

const BATCH_COMMENT_PATH: &str = "batch-comment";

/// The bar above a list's table: selection count, reason, Approve/Reject selected, progress,
/// Cancel, and the run's summary.
#[component]
pub fn BatchBar(
    state: BatchState,
    /// The rows on screen, in the order of `state.selected`; read when a run starts, so a bar
    /// that stays while its list changes (the inbox) sends what is ticked now.
    #[prop(into)]
    page: Signal<Arc<Page>>,
    decide: Decide,
) -> impl IntoView {
    // Kept across a language switch, which draws the list again.
    let comment = Kept::text(BATCH_COMMENT_PATH);
    let busy = Busy::from_context();
    let problems = RwSignal::new(Vec::<Problem>::new());
    let notice = RwSignal::new(None::<String>);
    let running = move || state.progress.with(|p| p.running);
    let count = move || state.selected_count();
    let start = Callback::new(move |decision: Decision| {
        if running() {
            return;
        }
        let request = DecisionRequest::new(decision, comment.get_untracked());
        if let Err(found) = request.validate() {
            problems.set(found);
            focus_later(input_id(BATCH_COMMENT_PATH));
            return;
        }
        problems.set(Vec::new());
        let ids = state.selected.with_untracked(|s| {
            let page = page.get_untracked();
            state.outcomes.with_untracked(|o| ids_to_send(&page, s, o))
        });
        if ids.is_empty() {
            notice.set(Some(tr!(
                "Nothing to send: every selected ticket already has an outcome here. Reload the list to try failed ones again.",
                "没有可发送的工单：所选工单在这里都已有结果。如需重试失败的工单，请重新加载列表。"
            )));
            return;
        }
        notice.set(None);
        // No language switch until the run is over: it would lose the rows' outcomes.
        run(state, ids, decide.clone(), request, busy.hold());
    });
    let button = move |decision: Decision, text: String| {
        view! {
            <button type="button" class=format!("decision {}", decision.as_str())
                data-batch=decision.as_str()
                disabled=move || running() || count() == 0
                on:click=move |_| start.run(decision)>
                {text}
            </button>
        }
    };
    view! {
        <div class="batch-bar" role="region" aria-label=tr!("Batch decisions", "批量审批")
            data-peak-in-flight=move || state.progress.with(|p| p.peak_in_flight)>
            <p class="batch-count" aria-live="polite">
                {move || match count() {
                    1 => tr!("1 ticket selected", "已选 1 条工单"),
                    n => tr!("{n} tickets selected", "已选 {n} 条工单"),
                }}
            </p>
            <ReasonField path=BATCH_COMMENT_PATH text=comment problems rows=1 />
            <div class="batch-buttons">
                {button(Decision::Approve, tr!("Approve selected", "通过所选"))}
                {button(Decision::Reject, tr!("Reject selected", "拒绝所选"))}
            </div>
            {move || running().then(|| {
                let (finished, total) = state.progress.with(|p| (p.finished, p.total));
                view! {
                    <div class="batch-running">
                        <progress class="batch-progress" max=total value=finished
                            aria-label=tr!("Decisions sent", "已发送的审批")></progress>
                        <span>{tr!("{finished} of {total}", "{finished}/{total}")}</span>
                        <button type="button" class="secondary batch-cancel"
                            disabled=move || state.progress.with(|p| p.cancelled)
                            on:click=move |_| state.progress.update(|p| p.cancelled = true)>
                            {tr!("Cancel", "取消")}
                        </button>
                    </div>
                }
            })}
            <p class="batch-summary" role="status">
                {move || notice.get().or_else(|| state.progress.with(summary_text))}
            </p>
        </div>
    }
}

/// The checkbox cell of one row.
pub fn select_cell(state: BatchState, index: usize, id: &str) -> impl IntoView {
    let label = tr!("Select ticket {id}", "选择工单 {id}");
    view! {
        <div role="cell" class="cell col-select">
            <input type="checkbox" class="row-select" aria-label=label
                prop:checked=move || state.is_selected(index)
                on:click=move |ev| {
                    let on = event_target_checked(&ev);
                    let shift = ev.shift_key();
                    state.click(index, on, shift);
                } />
        </div>
    }
}

/// The header cell: select (or clear) every row of the page.
pub fn select_all_cell(state: BatchState) -> impl IntoView {
    let all = move || {
        state
            .selected
            .with(|s| !s.is_empty() && s.iter().all(|on| *on))
    };
    let some = move || state.selected.with(|s| s.iter().any(|on| *on));
    view! {
        <div role="columnheader" class="cell col-select">
            <input type="checkbox" class="select-all" aria-label=tr!("Select every ticket on this page", "选择本页全部工单")
                prop:checked=all
                prop:indeterminate=move || some() && !all()
                on:click=move |ev| state.select_all(event_target_checked(&ev)) />
        </div>
    }
}

/// The outcome cell of one row: nothing until a decision was sent for it.
pub fn outcome_cell(state: BatchState, id: String) -> impl IntoView {
    view! {
        <div role="cell" class="cell col-outcome">
            {move || state.outcome_of(&id).map(|outcome| {
                let text = match &outcome {
                    RowOutcome::Sending => tr!("Sending…", "正在提交…"),
                    RowOutcome::Done(decision, _) => format!("✓ {}", decision.past_tense()),
                    RowOutcome::NotSent(message)
                    | RowOutcome::Refused(message)
                    | RowOutcome::Unsure(message) => message.clone(),
                };
                let tooltip = text.clone();
                view! {
                    <span class="row-outcome cell-text" data-outcome=outcome.data_value() title=tooltip>
                        {text}
                    </span>
                }
            })}
        </div>
    }
}
