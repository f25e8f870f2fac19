//! The decision form of a ticket page: a reason and one button per decision the back-end
//! allows. One click sends one decision: the buttons are disabled while it is under way, and
//! after an answer that may or may not have been applied (no answer, gateway timeout) nothing is
//! sent again until the ticket has been loaded afresh.

use crate::ticket_ops::{may_have_been_applied, Decide, WaitingChanged};
use crate::widgets::focus::{focus_later, input_id};
use crate::widgets::reason::ReasonField;
use leptos::prelude::*;
use vendors::decide::{Decision, DecisionOutcome, DecisionRequest, COMMENT_PATH};
use vendors::{Kind, Problem, VendorError};

/// What the last decision came to, as the form shows it. Held by the page, so it stays on
/// screen when the ticket is loaded afresh after the decision.
#[derive(Debug, Clone, PartialEq)]
pub enum Sent {
    Done(Decision, DecisionOutcome),
    Refused(VendorError),
    /// No clear answer: it may have been applied.
    Unsure(VendorError),
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
) -> impl IntoView {
    let outcome = view! {
        <div id="decision-outcome" class="decision-outcome" tabindex="-1" role="status">
            {move || sent.get().map(|answer| outcome_view(answer, kind, sent, reload))}
        </div>
    };
    if allowed.is_empty() {
        return view! {
            <section class="decision-panel" aria-label="Your decision">
                {outcome}
                <p class="decision-none muted">"There is no decision for you to take on this ticket now."</p>
            </section>
        }
        .into_any();
    }
    let comment = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let deciding = Action::new_local(move |request: &DecisionRequest| {
        let (decide, ticket, request) = (decide.clone(), ticket.clone(), request.clone());
        async move {
            let decision = request.decision;
            match decide(ticket, request).await {
                Ok(outcome) => Sent::Done(decision, outcome),
                Err(error) if may_have_been_applied(&error) => Sent::Unsure(error),
                Err(error) => Sent::Refused(error),
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
    let locked = move || pending.get() || matches!(sent.get(), Some(Sent::Unsure(_)));

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
                Decision::Approve => "decision approve",
                Decision::Reject => "decision reject",
                Decision::Withdraw | Decision::Reopen => "decision secondary",
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
            <h2 id="decision-heading">"Your decision"</h2>
            <ReasonField
                path=COMMENT_PATH
                text=comment
                problems
                help="Sent with your decision; the person who filed the ticket sees it."
            />
            <div class="decision-buttons">{buttons}</div>
            {move || pending.get().then(|| view! {
                <p role="status"><span class="spinner" aria-hidden="true"></span>"Sending your decision…"</p>
            })}
            {outcome}
        </section>
    }
    .into_any()
}

fn outcome_view(
    answer: Sent,
    kind: Kind,
    sent: RwSignal<Option<Sent>>,
    reload: Callback<()>,
) -> AnyView {
    match answer {
        Sent::Done(decision, outcome) => {
            let now = outcome.status_label.unwrap_or(outcome.status);
            let text = format!("Ticket {}. Its status is now {now}.", decision.past_tense());
            view! { <p class="decision-done" data-outcome="done">{text}</p> }.into_any()
        }
        Sent::Refused(error) => view! {
            <p class="error-message" data-outcome="failed">
                {format!("Not applied. {}", error.said_by(kind.short_label()))}
            </p>
        }
        .into_any(),
        Sent::Unsure(error) => view! {
            <div class="decision-unsure" data-outcome="uncertain">
                <p>
                    {format!(
                        "Your decision may have been applied: {}. It was not sent again. Reload the ticket to check before deciding again.",
                        error
                    )}
                </p>
                <button type="button" class="secondary" on:click=move |_| {
                    sent.set(None);
                    reload.run(());
                }>
                    "Reload the ticket"
                </button>
            </div>
        }
        .into_any(),
    }
}
