//! DMS ticket operations for the shared pages: an order's detail (GetOrderBaseInfo, then
//! GetApprovalDetail by its WorkflowInstanceId), one decision (GetOrderBaseInfo for the
//! workflow, one ApproveOrder or CloseOrder, GetOrderBaseInfo for the new status) and the count
//! of orders waiting for the caller (ListOrders AS_HANDLER + RUNNING, one row, TotalCount).
//!
//! Who the caller is: DMS acts as the AccessKey's user, whoever sits at the browser, so that
//! user's DMS id is learned from the vendor: the CommitterId of the orders it committed
//! (ListOrders AS_COMMITTER, one row), once per instance and page load. An AccessKey user that
//! committed nothing yet falls back to the user name remembered for the instance, if any.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::api;
use crate::config::BackendConfig;
use crate::identity;
use crate::ticket_ops::{count_with, status_after, CountFuture, DecideError, OpFuture, TicketOps};
use vendors::decide::{DecisionOutcome, DecisionRequest, TicketDetail};
use vendors::dms::{self, ListOrders, OrderBaseInfo};
use vendors::{tr, Problem, VendorError};

/// Code of the errors raised before anything is sent.
pub const CODE_INVALID: &str = "INVALID";

/// What "waiting for me" lists: the orders the caller must handle that are not finished.
pub fn waiting_request(page_number: Option<u64>, page_size: Option<u64>) -> ListOrders {
    ListOrders {
        order_result_type: Some("AS_HANDLER".into()),
        order_status: Some("RUNNING".into()),
        page_number,
        page_size,
        ..ListOrders::default()
    }
}

/// The order id of a ticket page's address.
pub fn order_id(id: &str) -> Result<i64, VendorError> {
    id.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            VendorError::new(
                0,
                CODE_INVALID,
                tr!(
                    "{id:?} is not a DMS order id: order ids are whole numbers.",
                    "{id:?} 不是 DMS 工单号：工单号是正整数。"
                ),
            )
        })
}

fn refused(problems: Vec<Problem>) -> VendorError {
    let text: Vec<String> = problems.into_iter().map(|p| p.message).collect();
    VendorError::new(0, CODE_INVALID, text.join(" "))
}

/// The status after a decision, as the list shows it (code, and DMS's words when they differ).
pub fn outcome_of(base: &OrderBaseInfo) -> DecisionOutcome {
    let summary = dms::order_summary(vendors::dms::Order {
        status_code: base.status_code.clone(),
        status_desc: base.status_desc.clone(),
        ..vendors::dms::Order::default()
    });
    DecisionOutcome {
        status: summary.status,
        status_label: summary.status_label,
    }
}

thread_local! {
    /// The AccessKey user's DMS id per instance, once learned.
    static CALLERS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

async fn caller(base: &str, instance: &str) -> Option<String> {
    if let Some(known) = CALLERS.with(|callers| callers.borrow().get(instance).cloned()) {
        return Some(known);
    }
    let request = ListOrders {
        order_result_type: Some("AS_COMMITTER".into()),
        page_number: Some(1),
        page_size: Some(1),
        ..ListOrders::default()
    };
    let learned = api::call(
        base,
        &dms::list_orders_call(&request),
        list_decode::dms_orders,
    )
    .await
    .ok()
    .and_then(|answer| answer.orders.order.first().map(|o| o.committer_id))
    .filter(|id| *id > 0)
    .map(|id| id.to_string());
    match learned {
        Some(id) => {
            CALLERS.with(|callers| {
                callers
                    .borrow_mut()
                    .insert(instance.to_string(), id.clone())
            });
            Some(id)
        }
        None => identity::get(instance),
    }
}

async fn base_info(base: &str, order_id: i64) -> Result<OrderBaseInfo, VendorError> {
    let call = dms::get_order_base_info_call(order_id);
    Ok(api::call(base, &call, dms::decode_get_order_base_info)
        .await?
        .order_base_info)
}

async fn load(base: String, instance: String, id: String) -> Result<TicketDetail, VendorError> {
    let info = base_info(&base, order_id(&id)?).await?;
    let approval = match info.workflow_instance_id.filter(|id| *id > 0) {
        Some(workflow) => {
            let call = dms::get_approval_detail_call(workflow);
            let answer = api::call(&base, &call, dms::decode_get_approval_detail).await?;
            Some(answer.approval_detail)
        }
        None => None,
    };
    let caller = caller(&base, &instance).await;
    Ok(dms::ticket_detail(
        &info,
        approval.as_ref(),
        caller.as_deref(),
    ))
}

async fn decide(
    base: String,
    id: String,
    request: DecisionRequest,
) -> Result<DecisionOutcome, DecideError> {
    request
        .validate()
        .map_err(|problems| DecideError::NotSent(refused(problems)))?;
    let order_id = order_id(&id).map_err(DecideError::NotSent)?;
    let before = base_info(&base, order_id)
        .await
        .map_err(DecideError::NotSent)?;
    let call = dms::decision_call(&before, &request)
        .map_err(|problems| DecideError::NotSent(refused(problems)))?;
    // Sent once; a failure is reported, never retried here.
    api::call(&base, &call, dms::decode_generic)
        .await
        .map_err(DecideError::of_decision_call)?;
    // A decision may lead to another approval node: the status is read, never guessed.
    let after = base_info(&base, order_id).await;
    Ok(status_after(after.map(|after| outcome_of(&after))))
}

/// How many orders wait for the caller (the total of a one-row page).
pub fn count_waiting(backend: &BackendConfig) -> Option<CountFuture> {
    let call = dms::list_orders_call(&waiting_request(Some(1), Some(1)));
    Some(count_with(
        backend.base_url.clone(),
        call,
        dms::decode_order_count,
    ))
}

/// The first `limit` orders waiting for the caller. DMS always knows its caller (the
/// AccessKey's user): the list is always there.
pub fn waiting(backend: &BackendConfig, limit: u64) -> Option<OpFuture<vendors::Page>> {
    Some(Box::pin(waiting_for(backend.base_url.clone(), limit)))
}

async fn waiting_for(base: String, limit: u64) -> Result<vendors::Page, VendorError> {
    let request = waiting_request(Some(1), Some(limit));
    let call = dms::list_orders_call(&request);
    let answer = api::call(&base, &call, list_decode::dms_orders).await?;
    Ok(dms::page_from(&request, answer))
}

pub fn ticket_ops(backend: &BackendConfig) -> TicketOps {
    let (load_base, decide_base) = (backend.base_url.clone(), backend.base_url.clone());
    let instance = backend.id.clone();
    TicketOps::new(
        move |id| load(load_base.clone(), instance.clone(), id),
        move |id, request| decide(decide_base.clone(), id, request),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use vendors::decide::Decision;

    #[test]
    fn order_ids_are_whole_positive_numbers() {
        assert_eq!(order_id(" 3250012 ").unwrap(), 3_250_012);
        for bad in ["", "abc", "0", "-3", "1.5"] {
            let error = order_id(bad).unwrap_err();
            assert_eq!(error.code, CODE_INVALID);
            assert!(error.message.contains("not a DMS order id"), "{bad}");
        }
    }

    #[test]
    fn waiting_is_the_handlers_running_orders() {
        let request = waiting_request(Some(1), Some(1));
        assert_eq!(request.order_result_type.as_deref(), Some("AS_HANDLER"));
        assert_eq!(request.order_status.as_deref(), Some("RUNNING"));
        assert!(request.validate().is_ok());
        let query = request.to_query();
        assert!(query.contains(&("PageSize".to_string(), "1".to_string())));
    }

    #[test]
    fn outcomes_show_the_code_and_dms_words() {
        let after = OrderBaseInfo {
            status_code: "reject".into(),
            status_desc: "Rejected".into(),
            ..OrderBaseInfo::default()
        };
        assert_eq!(
            outcome_of(&after),
            DecisionOutcome {
                status: "reject".into(),
                status_label: Some("Rejected".into())
            }
        );
    }

    #[test]
    fn a_rejection_without_reason_is_refused_before_sending() {
        let problems = DecisionRequest::new(Decision::Reject, "")
            .validate()
            .unwrap_err();
        let error = refused(problems);
        assert_eq!(error.code, CODE_INVALID);
        assert!(
            error.message.contains("reason is required"),
            "{}",
            error.message
        );
    }
}
