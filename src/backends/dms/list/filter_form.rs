//! The DMS list's filter form: a draft of the URL's filters (all but the tab) that applying
//! navigates to.

use super::{DmsFilters, DATE_TYPE, END, PLUGIN_TYPE, SEARCH, START, STATUS};
use crate::list::query::non_empty;
use crate::list::{
    choices, input_to_wire, wire_to_input, FilterForm, ListUrl, SelectFilter, TextFilter,
};
use leptos::prelude::*;
use vendors::dms::PLUGIN_TYPES;
use vendors::Problem;

const ALL_ORDERS: &str = "ALL";
const ORDER_STATUS_CHOICES: [(&str, &str); 3] = [
    ("ALL", "All"),
    ("RUNNING", "Running"),
    ("FINISHED", "Finished"),
];
const DATE_TYPE_CHOICES: [(&str, &str); 2] =
    [("CREATE_TIME", "Created"), ("MODIFY_TIME", "Last modified")];

#[component]
pub(super) fn DmsFilterForm(
    url: ListUrl<DmsFilters>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let plugin_type = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let date_type = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    // The draft follows the URL, so back/forward and shared links refill the form.
    Effect::new(move || {
        let filters = url.filters.get();
        status.set(non_empty(&filters.status).unwrap_or_else(|| ALL_ORDERS.into()));
        plugin_type.set(filters.plugin_type);
        search.set(filters.search);
        date_type
            .set(non_empty(&filters.date_type).unwrap_or_else(|| DATE_TYPE_CHOICES[0].0.into()));
        start.set(wire_to_input(&filters.start));
        end.set(wire_to_input(&filters.end));
    });

    let apply = move || {
        let current = url.filters.get_untracked();
        let (start, end) = (
            input_to_wire(&start.get_untracked()),
            input_to_wire(&end.get_untracked()),
        );
        // Which date the range applies to only matters once there is a range.
        let has_range = !start.is_empty() || !end.is_empty();
        url.set_filters(&DmsFilters {
            status: status.get_untracked(),
            plugin_type: plugin_type.get_untracked(),
            search: search.get_untracked().trim().to_string(),
            date_type: if has_range {
                date_type.get_untracked()
            } else {
                String::new()
            },
            start,
            end,
            ..current
        });
    };
    // Clearing keeps the tab: it is a scope, not a filter typed into the form.
    let clear = move || {
        url.set_filters(&DmsFilters {
            result_type: url.filters.get_untracked().result_type,
            ..DmsFilters::default()
        })
    };
    let plugin_types = PLUGIN_TYPES
        .iter()
        .map(|(value, label)| (value.to_string(), format!("{label} ({value})")))
        .collect();

    view! {
        <FilterForm apply clear>
            <TextFilter
                label="Search"
                name=SEARCH
                value=search
                problems
                hint="Words of the comment, or an order id."
            />
            <SelectFilter
                label="Status"
                name=STATUS
                value=status
                choices=choices(&ORDER_STATUS_CHOICES)
                problems
            />
            <SelectFilter
                label="Ticket type"
                name=PLUGIN_TYPE
                value=plugin_type
                choices=plugin_types
                any="Any type"
                problems
            />
            <SelectFilter
                label="Date"
                name=DATE_TYPE
                value=date_type
                choices=choices(&DATE_TYPE_CHOICES)
                problems
            />
            <TextFilter label="From" name=START value=start problems input_type="datetime-local" />
            <TextFilter label="Until" name=END value=end problems input_type="datetime-local" />
        </FilterForm>
    }
}
