//! ITSM ticket operations for the shared pages. Load: `get_ticket_info`, `get_ticket_status`
//! and `get_ticket_logs` at once. Decide: `get_ticket_status` for the step's state id, then
//! exactly one `approve` or `operate_ticket`, then `get_ticket_status` for the new status.
//! The acting user is the user name this browser remembers for the instance.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

use crate::api;
use crate::config::BackendConfig;
use crate::identity;
use crate::ticket_ops::{count_with, status_after, CountFuture, DecideError, OpFuture, TicketOps};
use futures_util::future::join;
use vendors::decide::{DecisionOutcome, DecisionRequest, TicketDetail};
use vendors::itsm::{self, GetTickets};
use vendors::{tr, Page, VendorError};

/// Code of the error when no ITSM user name is remembered for the instance.
pub const CODE_NO_USER: &str = "NO_USER";

/// The remembered user, or the error saying how to set it.
fn acting_user(instance: &str) -> Result<String, VendorError> {
    identity::get(instance).ok_or_else(no_user)
}

fn no_user() -> VendorError {
    VendorError::new(
        0,
        CODE_NO_USER,
        tr!(
            "Ticket Desk does not know your ITSM user name here yet: set it with the list's \
             “Only my to-do” filter (or file a ticket), and it is remembered.",
            "Ticket Desk 还不知道您在此实例的 ITSM 用户名：请在工单列表的“只看我的待办”筛选中\
             设置（或提交一张工单），之后会记住它。"
        ),
    )
}

fn bad_sn(sn: &str) -> Result<(), VendorError> {
    itsm::check_sn(sn).map_err(|problems| {
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        VendorError::new(0, "INVALID", text.join("; "))
    })
}

/// Runs three futures at once and waits for all three (the app has no executor helpers).
async fn join3<A, B, C>(
    a: impl Future<Output = A>,
    b: impl Future<Output = B>,
    c: impl Future<Output = C>,
) -> (A, B, C) {
    let (mut a, mut b, mut c) = (pin!(a), pin!(b), pin!(c));
    let (mut ra, mut rb, mut rc) = (None, None, None);
    poll_fn(move |cx| {
        if ra.is_none() {
            if let Poll::Ready(value) = a.as_mut().poll(cx) {
                ra = Some(value);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(value) = b.as_mut().poll(cx) {
                rb = Some(value);
            }
        }
        if rc.is_none() {
            if let Poll::Ready(value) = c.as_mut().poll(cx) {
                rc = Some(value);
            }
        }
        if ra.is_some() && rb.is_some() && rc.is_some() {
            Poll::Ready((ra.take().unwrap(), rb.take().unwrap(), rc.take().unwrap()))
        } else {
            Poll::Pending
        }
    })
    .await
}

async fn load(base: String, sn: String) -> Result<TicketDetail, VendorError> {
    bad_sn(&sn)?;
    let (info, status, logs) = join3(
        api::call(
            &base,
            &itsm::get_ticket_info_call(&sn),
            itsm::decode_get_ticket_info,
        ),
        api::call(
            &base,
            &itsm::get_ticket_status_call(&sn),
            itsm::decode_get_ticket_status,
        ),
        api::call(
            &base,
            &itsm::get_ticket_logs_call(&sn),
            itsm::decode_get_ticket_logs,
        ),
    )
    .await;
    Ok(itsm::ticket_detail(&info?, &status?, &logs?))
}

async fn decide(
    base: String,
    instance: String,
    sn: String,
    request: DecisionRequest,
) -> Result<DecisionOutcome, DecideError> {
    bad_sn(&sn).map_err(DecideError::NotSent)?;
    let user = acting_user(&instance).map_err(DecideError::NotSent)?;
    let status_call = itsm::get_ticket_status_call(&sn);
    let status = api::call(&base, &status_call, itsm::decode_get_ticket_status)
        .await
        .map_err(DecideError::NotSent)?;
    let decision =
        itsm::decision_call(&sn, &status, &user, &request).map_err(DecideError::NotSent)?;
    // Sent once; never retried here, whatever happens.
    api::call(&base, &decision, itsm::decode_decision)
        .await
        .map_err(DecideError::of_decision_call)?;
    let after = api::call(&base, &status_call, itsm::decode_get_ticket_status).await;
    Ok(status_after(
        after.map(|after| itsm::decision_outcome(&after)),
    ))
}

/// `get_tickets` for the first `limit` tickets waiting for `user`; `count` is their total.
pub fn waiting_request(user: &str, limit: u64) -> GetTickets {
    GetTickets {
        username: Some(user.to_string()),
        page_size: Some(limit),
        ..GetTickets::default()
    }
}

pub fn ticket_ops(backend: &BackendConfig) -> TicketOps {
    let (base, instance) = (backend.base_url.clone(), backend.id.clone());
    let load_base = base.clone();
    TicketOps::new(
        move |sn| load(load_base.clone(), sn),
        move |sn, request| decide(base.clone(), instance.clone(), sn, request),
    )
}

/// How many tickets wait for the remembered user (the total of a one-row page); `None`
/// without one.
pub fn count_waiting(backend: &BackendConfig) -> Option<CountFuture> {
    let user = identity::get(&backend.id)?;
    let call = itsm::get_tickets_call(&waiting_request(&user, 1));
    Some(count_with(
        backend.base_url.clone(),
        call,
        itsm::decode_ticket_count,
    ))
}

/// The first `limit` tickets waiting for the remembered user; `None` without one.
pub fn waiting(backend: &BackendConfig, limit: u64) -> Option<OpFuture<Page>> {
    let user = identity::get(&backend.id)?;
    Some(Box::pin(waiting_for(backend.base_url.clone(), user, limit)))
}

/// The first `limit` tickets waiting for `user`, with the service names asked for at the same
/// time, as the ticket list does (the count asks for no rows: [`count_waiting`]).
async fn waiting_for(base: String, user: String, limit: u64) -> Result<Page, VendorError> {
    let request = waiting_request(&user, limit);
    let call = itsm::get_tickets_call(&request);
    let tickets = api::call(&base, &call, list_decode::itsm_tickets);
    let (names, list) = join(super::list::service_names(&base), tickets).await;
    Ok(itsm::page_from(&request, list?, &names))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::{Context, Waker};

    fn run<T>(future: impl Future<Output = T>) -> T {
        let mut future = pin!(future);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
                return value;
            }
        }
    }

    /// Ready after being polled `n` times, so the three finish in different orders.
    async fn after(n: u32, value: &'static str) -> &'static str {
        let mut left = n;
        poll_fn(|cx| {
            if left == 0 {
                Poll::Ready(value)
            } else {
                left -= 1;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await
    }

    #[test]
    fn join3_waits_for_all_three_in_their_places() {
        assert_eq!(
            run(join3(after(3, "a"), after(0, "b"), after(1, "c"))),
            ("a", "b", "c")
        );
    }

    #[test]
    fn the_waiting_count_asks_for_one_row_of_the_users_to_do() {
        let request = waiting_request("admin", 1);
        assert_eq!(request.username.as_deref(), Some("admin"));
        assert_eq!(request.page_size, Some(1));
        assert!(request.validate().is_ok());
    }

    #[test]
    fn a_bad_ticket_number_and_a_missing_user_say_what_to_do() {
        assert!(bad_sn(" ").unwrap_err().message.contains("sn"));
        assert!(no_user().message.contains("user name"));
    }
}
