//! A list's filter form: the back-end's filter fields, described as field specs and drawn by
//! the form renderer, editing a draft of the URL's filters; Apply and Clear navigate, so the
//! URL stays the one source of the list's state.

use super::query::{ListUrl, QueryFilters};
use crate::widgets::field_frame::FormState;
use crate::widgets::fields::FieldList;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use vendors::form::with_defaults;
use vendors::{tr, FieldSpec, FormValues, Problem};

/// The filter form's state: a draft that follows the URL's filters (back/forward and shared
/// links refill it), starting from the specs' defaults, and the request's problems moved onto
/// the fields they are about.
pub fn filter_state<F: QueryFilters>(
    url: ListUrl<F>,
    specs: &[FieldSpec],
    to_values: fn(&F) -> FormValues,
    problems: Signal<Vec<Problem>>,
) -> FormState {
    let draft = {
        let specs = specs.to_vec();
        move |filters: &F| with_defaults(&specs, &to_values(filters))
    };
    let values = RwSignal::new(url.filters.with_untracked(&draft));
    Effect::new(move || {
        let next = url.filters.with(&draft);
        if values.with_untracked(|current| *current != next) {
            values.set(next);
        }
    });
    let paths: Vec<String> = specs.iter().map(|spec| spec.path.clone()).collect();
    FormState {
        values,
        problems: Signal::derive(move || problems.with(|found| onto_fields(found, &paths))),
    }
}

/// The draft values of filters given as `(wire path, text)`; blank ones are left out, so the
/// field's default (if any) fills them.
pub fn draft_values<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> FormValues {
    pairs
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect()
}

/// Each problem named by the field it is about: `sns[1]` by `sns`, `PluginParam.dbId` by
/// `PluginParam`. The renderer shows problems at exact paths only (a row group must not repeat
/// its children's), while a filter is one field for all its items.
fn onto_fields(problems: &[Problem], paths: &[String]) -> Vec<Problem> {
    problems
        .iter()
        .map(|problem| {
            let field = paths.iter().find(|path| {
                problem.path == **path
                    || problem
                        .path
                        .strip_prefix(path.as_str())
                        .is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
            });
            match field {
                Some(path) => Problem::new(path.clone(), problem.message.clone()),
                None => problem.clone(),
            }
        })
        .collect()
}

/// A list's filter form: `specs` drawn over `state`, then any widgets the renderer cannot
/// express, then Apply and Clear.
#[component]
pub fn FilterForm<F, Apply>(
    url: ListUrl<F>,
    specs: Vec<FieldSpec>,
    state: FormState,
    /// The filters to go to, from the draft and the URL's filters; `None` stays (the form
    /// shows why).
    apply: Apply,
    /// What "Clear filters" keeps of the URL's filters (a tab, say).
    #[prop(default = |_| F::default())]
    cleared: fn(&F) -> F,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    F: QueryFilters + Default,
    Apply: Fn(&FormValues, &F) -> Option<F> + 'static,
{
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let current = url.filters.get_untracked();
        if let Some(next) = state
            .values
            .with_untracked(|values| apply(values, &current))
        {
            url.set_filters(&next);
        }
    };
    let clear = move |_| url.set_filters(&cleared(&url.filters.get_untracked()));
    view! {
        <form class="list-filters" on:submit=submit aria-label=tr!("Filter tickets", "筛选工单") novalidate=true>
            <FieldList specs state />
            {children.map(|children| children())}
            <div class="filter-actions">
                <button type="submit" class="primary">{tr!("Apply filters", "应用筛选")}</button>
                <button type="button" on:click=clear>{tr!("Clear filters", "清除筛选")}</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_move_onto_the_field_of_their_items_and_members() {
        let problems = vec![
            Problem::new("sns[1]", "Ticket number is required."),
            Problem::new("create_at__gte", "bad date"),
            Problem::new("PluginParam.dbId", "bad id"),
            Problem::new("page", "bad page"),
            Problem::new("creatorship", "not a field"),
        ];
        let paths = ["sns", "create_at__gte", "PluginParam", "creator"].map(String::from);
        let moved: Vec<_> = onto_fields(&problems, &paths)
            .into_iter()
            .map(|problem| problem.path)
            .collect();
        assert_eq!(
            moved,
            [
                "sns",
                "create_at__gte",
                "PluginParam",
                "page",
                "creatorship"
            ]
        );
    }
}
