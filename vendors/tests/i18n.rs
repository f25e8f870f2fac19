//! Texts made in `vendors` follow the current language: validation messages name the field by
//! its label in that language, status names are the back-end's words for it.

use vendors::decide::Decision;
use vendors::form::{check, initial_values};
use vendors::itsm::{self, ServiceDetail};
use vendors::{i18n, Kind, Lang};

#[test]
fn a_required_field_and_a_status_read_in_chinese_and_back_in_english() {
    i18n::set(Lang::Zh);
    // A service without fields: the form adds the title ITSM requires on every ticket.
    let specs = itsm::service_form(&ServiceDetail::default());
    let problems = check(&specs, &initial_values(&specs));
    let message_at = |path: &str| {
        problems
            .iter()
            .find(|problem| problem.path == path)
            .map(|problem| problem.message.clone())
    };
    assert_eq!(
        message_at("fields[0].value").as_deref(),
        Some("标题为必填项。")
    );
    assert_eq!(message_at("creator").as_deref(), Some("提单人为必填项。"));
    assert_eq!(vendors::status_name(Kind::Itsm, "RUNNING"), "处理中");
    assert_eq!(vendors::status_name(Kind::Itsm, "FINISHED"), "已结束");
    assert_eq!(vendors::status_name(Kind::Zstack, "Pending"), "待审批");
    assert_eq!(Decision::Reject.label(), "拒绝");
    // A status this build does not know shows as it came.
    assert_eq!(vendors::status_name(Kind::Itsm, "ARCHIVED"), "ARCHIVED");

    i18n::set(Lang::En);
    // Labels are made when the form is, so the form is made again after a switch.
    let specs = itsm::service_form(&ServiceDetail::default());
    let problems = check(&specs, &initial_values(&specs));
    assert!(problems
        .iter()
        .any(|problem| problem.message == "Title is required."));
    assert_eq!(vendors::status_name(Kind::Itsm, "RUNNING"), "RUNNING");
    assert_eq!(Decision::Reject.label(), "Reject");
}
