//! The ZStack list's filter form: a draft of the URL's filters and order that applying
//! navigates to.

use super::{
    ZstackFilters, CREATED_FROM, CREATED_TO, DEFAULT_SORT_BY, DEFAULT_SORT_DIRECTION, NAME,
    SORT_BY, SORT_DIRECTION, SORT_FIELDS, STATUS, STATUSES,
};
use crate::list::query::non_empty;
use crate::list::{
    choices, input_to_wire, wire_to_input, FilterForm, ListUrl, SelectFilter, TextFilter,
};
use leptos::prelude::*;
use vendors::Problem;

const SORT_DIRECTIONS: [(&str, &str); 2] = [("asc", "Ascending"), ("desc", "Descending")];

#[component]
pub(super) fn ZstackFilterForm(
    url: ListUrl<ZstackFilters>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let created_from = RwSignal::new(String::new());
    let created_to = RwSignal::new(String::new());
    let sort_by = RwSignal::new(String::new());
    let sort_direction = RwSignal::new(String::new());
    // The draft follows the URL, so back/forward and shared links refill the form.
    Effect::new(move || {
        let filters = url.filters.get();
        status.set(filters.status);
        name.set(filters.name);
        created_from.set(wire_to_input(&filters.created_from));
        created_to.set(wire_to_input(&filters.created_to));
        sort_by.set(non_empty(&filters.sort_by).unwrap_or_else(|| DEFAULT_SORT_BY.into()));
        sort_direction.set(
            non_empty(&filters.sort_direction)
                .unwrap_or_else(|| DEFAULT_SORT_DIRECTION.as_str().into()),
        );
    });

    let apply = move || {
        url.set_filters(&ZstackFilters {
            status: status.get_untracked(),
            name: name.get_untracked().trim().to_string(),
            created_from: input_to_wire(&created_from.get_untracked()),
            created_to: input_to_wire(&created_to.get_untracked()),
            sort_by: sort_by.get_untracked(),
            sort_direction: sort_direction.get_untracked(),
        })
    };
    let clear = move || url.set_filters(&ZstackFilters::default());
    let statuses = STATUSES
        .iter()
        .map(|status| (status.to_string(), status.to_string()))
        .collect();

    view! {
        <FilterForm apply clear>
            <TextFilter
                label="Name"
                name=NAME
                value=name
                problems
                hint="Any part of the ticket's name."
            />
            <SelectFilter
                label="Status"
                name=STATUS
                value=status
                choices=statuses
                any="Any status"
                problems
            />
            <TextFilter
                label="Created from"
                name=CREATED_FROM
                value=created_from
                problems
                input_type="datetime-local"
            />
            <TextFilter
                label="Created until"
                name=CREATED_TO
                value=created_to
                problems
                input_type="datetime-local"
            />
            <SelectFilter
                label="Sort by"
                name=SORT_BY
                value=sort_by
                choices=choices(&SORT_FIELDS)
                problems
            />
            <SelectFilter
                label="Order"
                name=SORT_DIRECTION
                value=sort_direction
                choices=choices(&SORT_DIRECTIONS)
                problems
            />
        </FilterForm>
    }
}
