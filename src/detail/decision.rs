//! The decision form of a ticket page: a reason and one button per decision the back-end
//! allows. One click sends one decision: the buttons are disabled while it is under way and
//! while the ticket loads afresh after it (the buttons on screen belong to the old state), and
//! after an answer that may or may not have been applied (no answer, gateway timeout) nothing is
//! sent again until the ticket has been loaded afresh.

use crate::busy::Busy;
use crate::kept::Kept;
use crate::ticket_ops::{Decide, DecideError, WaitingChanged};
use crate::widgets::focus::{focus_later, input_id};
use crate::widgets::reason::ReasonField;
use leptos::prelude::*;
use vendors::decide::{Decision, DecisionOutcome, DecisionRequest, COMMENT_PATH};
use vendors::{tr, Kind, Problem, VendorError};

/// What the last decision came to, as the form shows it. Held by the page, so it stays on
/// screen when the ticket is loaded afresh after the decision.
#[derive(Debug, Clone, PartialEq)]
pub enum Sent {
    Done(Decision, DecisionOutcome),
    Failed(DecideError),
}

impl Sent {
    /// No clear answer came: it may have been applied.
    pub fn is_unsure(&self) -> bool {
        matches!(self, Sent::Failed(DecideError::Unsure(_)))
    }
}

#[component]
pub fn DecisionForm(
    ticket: String,
    allowed: Vec<Decision>,
    kind: Kind,
    decide: Decide,
    /// Loads the ticket again (new status, new timeline entry, new set of allowed decisions).
    reload: Callback<()>,
    sent: RwSignal<Option<Sent>>,
    /// True while the ticket loads afresh: what is on screen may no longer be decidable.
    refreshing: Signal<bool>,
) -> impl IntoView {
    let outcome = view! {
        <div id="decision-outcome" class="decision-outcome" tabindex="-1" role="status">
            {move || sent.get().map(|answer| outcome_view(answer, kind, reload))}
        </div>
    };
    if allowed.is_empty() {
        return view! {
            <section class="decision-panel" aria-label=tr!("Your decision", "审批操作")>
                {outcome}
                <p class="decision-none muted">
                    {tr!(
                        "There is no decision for you to take on this ticket now.",
                        "此工单目前没有需要您处理的操作。"
                    )}
                </p>
            </section>
        }
        .into_any();
    }
    // Kept across a language switch (which draws the page again); emptied once decided.
    let comment = Kept::text(COMMENT_PATH);
    let problems = RwSignal::new(Vec::<Problem>::new());
    let busy = Busy::from_context();
    let deciding = Action::new_local(move |request: &DecisionRequest| {
        let (decide, ticket, request) = (decide.clone(), ticket.clone(), request.clone());
        // No language switch until the answer is in: the page would forget what was sent.
        let sending = busy.hold();
        async move {
            let _sending = sending;
            let decision = request.decision;
            match decide(ticket, request).await {
                Ok(outcome) => Sent::Done(decision, outcome),
                Err(error) => Sent::Failed(error),
            }
        }
    });
    let pending = deciding.pending();
    Effect::new(move || {
        if let Some(answer) = deciding.value().get() {
            let done = matches!(answer, Sent::Done(..));
            sent.set(Some(answer));
            if done {
                comment.set(String::new());
                reload.run(());
                WaitingChanged::notify();
            }
            focus_later("decision-outcome".to_string());
        }
    });
    // After an unsure answer, deciding again could apply a decision twice.
    let locked = move || {
        pending.get() || refreshing.get() || sent.with(|s| s.as_ref().is_some_and(Sent::is_unsure))
    };

    let take = move |decision: Decision| {
        if locked() {
            return;
        }
        let request = DecisionRequest::new(decision, comment.get_untracked());
        match request.validate() {
            Ok(()) => {
                problems.set(Vec::new());
                sent.set(None);
                deciding.dispatch(request);
            }
            Err(found) => {
                problems.set(found);
                focus_later(input_id(COMMENT_PATH));
            }
        }
    };
    let buttons = allowed
        .iter()
        .map(|&decision| {
            let class = match decision {
                Decision::Approve => "decision approve", // wire
                Decision::Reject => "decision reject",   // wire
                Decision::Withdraw | Decision::Reopen => "decision secondary", // wire
            };
            view! {
                <button type="button" class=class data-decision=decision.as_str()
                    disabled=locked on:click=move |_| take(decision)>
                    {decision.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="decision-panel" aria-labelledby="decision-heading">
            <h2 id="decision-heading">{tr!("Your decision", "审批操作")}</h2>
            <ReasonField
                path=COMMENT_PATH
                text=comment
                problems
                help=tr!(
                    "Sent with your decision; the person who filed the ticket sees it.",
                    "随审批一起发送，提单人可以看到。"
                )
            />
            <div class="decision-buttons">{buttons}</div>
            {move || pending.get().then(|| view! {
                <p role="status"><span class="spinner" aria-hidden="true"></span>{tr!("Sending your decision…", "正在提交审批…")}</p>
            })}
            {outcome}
        </section>
    }
    .into_any()
}

fn outcome_view(answer: Sent, kind: Kind, reload: Callback<()>) -> AnyView {
    let said = |error: &VendorError| error.said_by(kind.short_label());
    match answer {
        Sent::Done(decision, outcome) => {
            let done = decision.past_tense().to_string();
            let text = if outcome.is_known() {
                let now = outcome.status_label.unwrap_or(outcome.status);
                tr!("Ticket {done}. Its status is now {now}.", "工单{done}。当前状态：{now}。")
            } else {
                tr!(
                    "Ticket {done}. Its new status could not be read: reload to see it.",
                    "工单{done}。未能读取新状态：请重新加载查看。"
                )
            };
            view! { <p class="decision-done" data-outcome="done">{text}</p> }.into_any()
        }
        Sent::Failed(DecideError::NotSent(error)) => {
            let said = said(&error);
            view! {
                <p class="error-message" data-outcome="failed">
                    {tr!("Not sent. {said}", "未发送。{said}")}
                </p>
            }
            .into_any()
        }
        Sent::Failed(DecideError::Refused(error)) => {
            let said = said(&error);
            view! {
                <p class="error-message" data-outcome="failed">
                    {tr!("Not applied. {said}", "未生效。{said}")}
                </p>
            }
            .into_any()
        }
        Sent::Failed(DecideError::Unsure(error)) => view! {
            <div class="decision-unsure" data-outcome="uncertain">
                <p>
                    {tr!(
                        "Your decision may have been applied: {error}. It was not sent again. Reload the ticket to check before deciding again.",
                        "您的审批可能已经生效：{error}。系统没有再次发送。请重新加载工单，确认后再操作。"
                    )}
                </p>
                <button type="button" class="secondary" on:click=move |_| reload.run(())>
                    {tr!("Reload the ticket", "重新加载工单")}
                </button>
            </div>
        }
        .into_any(),
    }
}
