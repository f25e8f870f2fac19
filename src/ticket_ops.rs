//! What the shared ticket pages need from a back-end kind: load one ticket's detail, take a
//! decision on a ticket. Each kind builds one [`TicketOps`] per instance
//! (`backends::ticket_ops`); the detail page, the list's batch decisions and the inbox all go
//! through it, so each runs one way everywhere. The tickets waiting for the current user come
//! from `backends::waiting`, and their number alone from `backends::count_waiting`, kept apart
//! so the navigation's count needs no rows, detail or decision code.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use vendors::decide::{DecisionOutcome, DecisionRequest, TicketDetail};
use vendors::VendorError;

/// An answer still to come; not `Send`, like everything in the browser.
pub type OpFuture<T> = Pin<Box<dyn Future<Output = Result<T, VendorError>>>>;

/// A number still to come, `None` when it could not be had (the pages explain failures).
pub type CountFuture = Pin<Box<dyn Future<Output = Option<u64>>>>;

/// Sends `call` and reads a number from its answer with `decode` (a vendor's count decoder).
pub fn count_with(
    base: String,
    call: vendors::HttpCall,
    decode: fn(u16, &str) -> Option<u64>,
) -> CountFuture {
    Box::pin(async move {
        let (status, body) = crate::api::send(&base, &call).await.ok()?;
        decode(status, &body)
    })
}

pub type LoadDetail = Arc<dyn Fn(String) -> OpFuture<TicketDetail> + Send + Sync>;
pub type DecideFuture = Pin<Box<dyn Future<Output = Result<DecisionOutcome, DecideError>>>>;
pub type Decide = Arc<dyn Fn(String, DecisionRequest) -> DecideFuture + Send + Sync>;

#[derive(Clone)]
pub struct TicketOps {
    /// The detail of the ticket with this id (ITSM sn, DMS order id, ZStack uuid).
    pub load: LoadDetail,
    /// Takes one decision on the ticket with this id and reports its status afterwards. The
    /// kind looks up whatever the call needs (ITSM state id, DMS workflow instance) itself.
    pub decide: Decide,
}

impl TicketOps {
    pub fn new<L, LF, D, DF>(load: L, decide: D) -> Self
    where
        L: Fn(String) -> LF + Send + Sync + 'static,
        LF: Future<Output = Result<TicketDetail, VendorError>> + 'static,
        D: Fn(String, DecisionRequest) -> DF + Send + Sync + 'static,
        DF: Future<Output = Result<DecisionOutcome, DecideError>> + 'static,
    {
        TicketOps {
            load: Arc::new(move |id| Box::pin(load(id))),
            decide: Arc::new(move |id, request| Box::pin(decide(id, request))),
        }
    }
}

/// Why a decision was not (surely) applied. Each kind's `decide` says which, since only it
/// knows whether the decision call itself had been sent.
#[derive(Debug, Clone, PartialEq)]
pub enum DecideError {
    /// Stopped before the decision call went out: a check, or a read it needed, failed.
    /// Nothing was applied; deciding again is safe.
    NotSent(VendorError),
    /// The vendor answered the decision call and refused it.
    Refused(VendorError),
    /// The decision call got no clear answer: it may have been applied. Never sent again by
    /// itself; the person reloads to check.
    Unsure(VendorError),
}

impl DecideError {
    /// The decision call's own failure: a refusal, or, without a clear answer, unsure.
    pub fn of_decision_call(error: VendorError) -> Self {
        if may_have_been_applied(&error) {
            DecideError::Unsure(error)
        } else {
            DecideError::Refused(error)
        }
    }

    pub fn error(&self) -> &VendorError {
        match self {
            DecideError::NotSent(error)
            | DecideError::Refused(error)
            | DecideError::Unsure(error) => error,
        }
    }
}

/// The status read after an applied decision; a failed read leaves the status unknown rather
/// than calling the decision failed.
pub fn status_after(read: Result<DecisionOutcome, VendorError>) -> DecisionOutcome {
    read.unwrap_or_else(|_| DecisionOutcome::unknown())
}

/// Whether a call that failed this way may still have had its effect: no answer came (the
/// executor's network and timeout errors), or the gateway gave up waiting for the vendor.
pub fn may_have_been_applied(error: &VendorError) -> bool {
    let no_answer = error.status == 0
        && (error.code == crate::api::CODE_NETWORK || error.code == crate::api::CODE_TIMEOUT);
    no_answer || matches!(error.status, 502 | 504)
}

/// The number of tickets waiting for the user on each instance, as the navigation shows it.
/// The shell counts on its own; a page that has just read an instance's total anyway (the
/// inbox) reports it here instead of having the shell ask again. The last one written shows.
#[derive(Clone)]
pub struct WaitingCounts(
    pub Arc<std::collections::HashMap<String, leptos::prelude::RwSignal<Option<u64>>>>,
);

impl WaitingCounts {
    /// Says that `total` tickets wait on `instance`.
    pub fn set(&self, instance: &str, total: u64) {
        use leptos::prelude::*;
        if let Some(count) = self.0.get(instance) {
            count.try_set(Some(total));
        }
    }
}

/// Bumped after decisions and when the user becomes known (a user name, a login), so the
/// navigation counts the tickets waiting for the user afresh.
#[derive(Clone, Copy)]
pub struct WaitingChanged(pub leptos::prelude::RwSignal<u32>);

impl WaitingChanged {
    /// Says that a decision was taken somewhere (does nothing outside the shell).
    pub fn notify() {
        use leptos::prelude::*;
        if let Some(changed) = use_context::<WaitingChanged>() {
            changed.0.try_update(|n| *n += 1);
        }
    }
}
