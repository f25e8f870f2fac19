//! The ZStack list's filter form: its filters and order as field specs, and the way between
//! them and the URL's filters.

use super::{
    created_from_label, created_to_label, order_label, sort_by_label, ZstackFilters, CREATED_FROM,
    CREATED_TO, DEFAULT_SORT_BY, DEFAULT_SORT_DIRECTION, NAME, SORT_BY, SORT_DIRECTION,
    SORT_FIELDS, STATUS, STATUSES,
};
use crate::list::{draft_values, filter_state, FilterForm, ListUrl};
use leptos::prelude::*;
use vendors::form::value;
use vendors::{tr, Choice, FieldKind, FieldSpec, FormValues, Kind, Problem};

fn specs() -> Vec<FieldSpec> {
    let sort_fields = SORT_FIELDS
        .iter()
        .map(|(field, label)| Choice::new(*field, label.get()))
        .collect();
    let statuses = STATUSES
        .iter()
        .map(|status| Choice::new(*status, vendors::status_name(Kind::Zstack, status)))
        .collect();
    let directions = vec![
        Choice::new("asc", tr!("Ascending", "升序")),
        Choice::new("desc", tr!("Descending", "降序")),
    ];
    vec![
        FieldSpec::new(NAME, tr!("Name", "名称"), FieldKind::Text).help(tr!(
            "Any part of the ticket's name.",
            "工单名称中的任意部分。"
        )),
        FieldSpec::new(STATUS, tr!("Status", "状态"), FieldKind::Choice(statuses))
            .placeholder(tr!("Any status", "全部状态")),
        FieldSpec::new(CREATED_FROM, created_from_label(), FieldKind::DateTime),
        FieldSpec::new(CREATED_TO, created_to_label(), FieldKind::DateTime),
        FieldSpec::new(SORT_BY, sort_by_label(), FieldKind::Choice(sort_fields))
            .default_value(DEFAULT_SORT_BY),
        FieldSpec::new(SORT_DIRECTION, order_label(), FieldKind::Choice(directions))
            .default_value(DEFAULT_SORT_DIRECTION.as_str()),
    ]
}

fn to_values(filters: &ZstackFilters) -> FormValues {
    draft_values([
        (STATUS, filters.status.as_str()),
        (NAME, &filters.name),
        (CREATED_FROM, &filters.created_from),
        (CREATED_TO, &filters.created_to),
        (SORT_BY, &filters.sort_by),
        (SORT_DIRECTION, &filters.sort_direction),
    ])
}

fn from_values(values: &FormValues) -> ZstackFilters {
    ZstackFilters {
        status: value(values, STATUS).into(),
        name: value(values, NAME).into(),
        created_from: value(values, CREATED_FROM).into(),
        created_to: value(values, CREATED_TO).into(),
        sort_by: value(values, SORT_BY).into(),
        sort_direction: value(values, SORT_DIRECTION).into(),
    }
}

#[component]
pub(super) fn ZstackFilterForm(
    url: ListUrl<ZstackFilters>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let specs = specs();
    let state = filter_state(url, &specs, to_values, problems);
    let apply = |values: &FormValues, _: &ZstackFilters| Some(from_values(values));
    view! { <FilterForm url specs state apply /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_survive_the_form() {
        let filters = ZstackFilters {
            status: "Rejected".into(),
            name: "vm".into(),
            created_from: "2026-01-01 00:00:00".into(),
            sort_direction: "asc".into(),
            ..ZstackFilters::default()
        };
        assert_eq!(from_values(&to_values(&filters)), filters);
    }
}
