//! The DMS list's filter form: its filters (all but the tab) as field specs, and the way
//! between them and the URL's filters.

use super::{DmsFilters, DATE_TYPE, END, PLUGIN_TYPE, SEARCH, START, STATUS};
use crate::list::{draft_values, filter_state, FilterForm, ListUrl};
use leptos::prelude::*;
use vendors::dms::PLUGIN_TYPES;
use vendors::form::value;
use vendors::{tr, Choice, FieldKind, FieldSpec, FormValues, Problem};

/// The form's fields; without the status where the list fixes it ("waiting for me").
fn specs(with_status: bool) -> Vec<FieldSpec> {
    let statuses = vec![
        Choice::new("ALL", tr!("All", "全部")),
        Choice::new("RUNNING", tr!("Running", "进行中")),
        Choice::new("FINISHED", tr!("Finished", "已结束")),
    ];
    let plugin_types = PLUGIN_TYPES
        .iter()
        .map(|(value, label)| {
            let label = label.get();
            Choice::new(*value, tr!("{label} ({value})", "{label}（{value}）"))
        })
        .collect();
    let date_types = vec![
        Choice::new("CREATE_TIME", tr!("Created", "创建时间")),
        Choice::new("MODIFY_TIME", tr!("Last modified", "最后修改时间")),
    ];
    let mut specs = vec![
        FieldSpec::new(SEARCH, tr!("Search", "搜索"), FieldKind::Text).help(tr!(
            "Words of the comment, or an order id.",
            "描述中的文字，或工单号。"
        )),
        FieldSpec::new(STATUS, tr!("Status", "状态"), FieldKind::Choice(statuses))
            .default_value("ALL"),
        FieldSpec::new(
            PLUGIN_TYPE,
            tr!("Ticket type", "工单类型"),
            FieldKind::Choice(plugin_types),
        )
        .placeholder(tr!("Any type", "全部类型")),
        FieldSpec::new(
            DATE_TYPE,
            tr!("Date", "时间类型"),
            FieldKind::Choice(date_types),
        )
        .default_value("CREATE_TIME"),
        FieldSpec::new(START, tr!("From", "开始时间"), FieldKind::DateTime),
        FieldSpec::new(END, tr!("Until", "结束时间"), FieldKind::DateTime),
    ];
    specs.retain(|spec| with_status || spec.path != STATUS);
    specs
}

fn to_values(filters: &DmsFilters) -> FormValues {
    draft_values([
        (STATUS, filters.status.as_str()),
        (PLUGIN_TYPE, &filters.plugin_type),
        (SEARCH, &filters.search),
        (DATE_TYPE, &filters.date_type),
        (START, &filters.start),
        (END, &filters.end),
    ])
}

/// The form's filters, with the tab of `current`.
fn from_values(values: &FormValues, current: &DmsFilters) -> DmsFilters {
    let (start, end) = (value(values, START), value(values, END));
    // Which date the range applies to only matters once there is a range.
    let has_range = !start.is_empty() || !end.is_empty();
    DmsFilters {
        result_type: current.result_type.clone(),
        status: value(values, STATUS).into(),
        plugin_type: value(values, PLUGIN_TYPE).into(),
        search: value(values, SEARCH).into(),
        date_type: if has_range {
            value(values, DATE_TYPE).into()
        } else {
            String::new()
        },
        start: start.into(),
        end: end.into(),
    }
}

#[component]
pub(super) fn DmsFilterForm(
    url: ListUrl<DmsFilters>,
    problems: Signal<Vec<Problem>>,
    /// False where the list fixes the status ("waiting for me").
    with_status: bool,
) -> impl IntoView {
    let specs = specs(with_status);
    let state = filter_state(url, &specs, to_values, problems);
    let apply = |values: &FormValues, current: &DmsFilters| Some(from_values(values, current));
    // Clearing keeps the tab: it is a scope, not a filter typed into the form.
    let cleared = |current: &DmsFilters| DmsFilters {
        result_type: current.result_type.clone(),
        ..DmsFilters::default()
    };
    view! { <FilterForm url specs state apply cleared /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_survive_the_form_and_the_tab_stays() {
        let filters = DmsFilters {
            result_type: "AS_HANDLER".into(),
            status: "RUNNING".into(),
            date_type: "MODIFY_TIME".into(),
            start: "2025-03-01 00:00:00".into(),
            ..DmsFilters::default()
        };
        let values = to_values(&filters);
        assert_eq!(from_values(&values, &filters), filters);
    }

    #[test]
    fn the_date_kind_is_sent_with_a_range_only() {
        let mut values = FormValues::new();
        values.insert(DATE_TYPE.into(), "CREATE_TIME".into());
        assert_eq!(from_values(&values, &DmsFilters::default()).date_type, "");
    }
}
