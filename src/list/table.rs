//! A windowed table: however many rows a page holds, only those in the scroll viewport (plus a
//! few above and below) are in the DOM. Rows have a fixed height, a spacer as tall as all rows
//! keeps the scrollbar honest, and the slice changes at most once per animation frame.
//! Positions are set through CSSOM (`style:` directives), which the gateway's CSP allows;
//! inline `style="..."` attributes it forbids.

use super::batch::{row_after, BatchState};
use super::batch_bar::{outcome_cell, select_all_cell, select_cell};
use super::columns::Column;
use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use std::ops::Range;
use std::sync::Arc;
use vendors::{tr, Page, TicketSummary};

/// Height of every body row; set on the rows themselves so CSS cannot disagree with the maths.
pub const ROW_HEIGHT_PX: f64 = ROW_HEIGHT as f64;
/// The same in whole pixels, for the styles.
const ROW_HEIGHT: usize = 40;
/// Rows rendered beyond each edge of the viewport, so fast scrolling shows no blank band.
const OVERSCAN_ROWS: usize = 6;
/// Viewport height assumed until the element has been measured.
const FALLBACK_VIEWPORT_PX: f64 = 600.0;

/// The rows that cover `[scroll_top, scroll_top + viewport)` plus the overscan.
pub fn visible_rows(scroll_top: f64, viewport: f64, row_count: usize) -> Range<usize> {
    let first = (scroll_top.max(0.0) / ROW_HEIGHT_PX).floor() as usize;
    let last = ((scroll_top.max(0.0) + viewport.max(0.0)) / ROW_HEIGHT_PX).ceil() as usize;
    let start = first.saturating_sub(OVERSCAN_ROWS).min(row_count);
    let end = (last + OVERSCAN_ROWS).min(row_count);
    start..end
}

/// The CSS height of `rows` rows: whole pixels, formatted as integers (no float formatter in
/// the download).
fn rows_height(rows: usize) -> String {
    format!("{}px", rows * ROW_HEIGHT)
}

#[component]
pub fn WindowedTable(
    /// Shared with the list's state: a 10,000-row page is never copied to be drawn.
    page: Arc<Page>,
    columns: Arc<Vec<Column>>,
    /// What the table holds, e.g. "ITSM tickets"; names the table and its scroll region.
    label: String,
    /// Given, rows get a selection checkbox and an outcome cell, and draw their new status
    /// once a decision on them was applied.
    batch: Option<BatchState>,
) -> impl IntoView {
    let viewport = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let viewport_height = RwSignal::new(FALLBACK_VIEWPORT_PX);
    let frame_pending = StoredValue::new(false);
    let row_count = page.items.len();

    // Also runs from animation frames, which may come after the table was replaced (a list
    // that redraws as answers arrive): then it does nothing.
    let measure = move || {
        if let Some(element) = viewport.try_get_untracked().flatten() {
            scroll_top.try_set(f64::from(element.scroll_top()));
            // Zero before the first layout: keep the assumed height until there is one.
            let height = element.client_height();
            if height > 0 {
                viewport_height.try_set(f64::from(height));
            }
        }
    };
    Effect::new(move || {
        if viewport.get().is_some() {
            // In the next frame, not now: reading the scroll position of a table just built
            // makes the browser lay the page out at once (a forced layout, 6-15 ms for a list
            // in a profile), and again in the frame after the rest of the page is drawn. A new
            // table starts at the top anyway; the frame's read brings the real height, so a
            // tall viewport does not stay filled to the assumed one until the first scroll.
            request_animation_frame(measure);
        }
    });
    // Scroll events come many times per frame; the slice is worked out once per frame.
    let on_scroll = move |_| {
        if !frame_pending.get_value() {
            frame_pending.set_value(true);
            request_animation_frame(move || {
                frame_pending.try_set_value(false);
                measure();
            });
        }
    };
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // A memo, so rows are added and removed only when the slice's ends move.
    let window =
        Memo::new(move |_| visible_rows(scroll_top.get(), viewport_height.get(), row_count));

    let headers = columns
        .iter()
        .map(|column| {
            let class = format!("cell {}", column.width.css_class());
            view! { <div role="columnheader" class=class>{column.header.clone()}</div> }
        })
        .collect_view();
    let headers = view! {
        {batch.map(select_all_cell)}
        {headers}
        {batch.map(|_| view! { <div role="columnheader" class="cell col-outcome">{tr!("Outcome", "结果")}</div> })}
    };
    let row_view = move |index: usize| {
        let row = &page.items[index];
        let cells = match batch {
            None => cells(&columns, row).into_any(),
            Some(state) => {
                let (columns, page, id) = (columns.clone(), page.clone(), row.id.clone());
                let drawn = move || {
                    let row = &page.items[index];
                    let outcome = state.outcomes.with(|o| o.get(&row.id).cloned());
                    match row_after(row, outcome.as_ref()) {
                        Some(after) => cells(&columns, &after),
                        None => cells(&columns, row),
                    }
                };
                view! {
                    {select_cell(state, index, &row.id)}
                    {drawn}
                    {outcome_cell(state, id)}
                }
                .into_any()
            }
        };
        view! {
            <div
                role="row"
                class="ticket-row"
                class:odd=index % 2 == 1
                data-id=row.id.clone()
                data-index=index
                aria-rowindex=index + 2
                style:height=rows_height(1)
                style:transform=format!("translateY({})", rows_height(index))
            >
                {cells}
            </div>
        }
    };

    let region_label = tr!(
        "{label}: scroll with the arrow, Page Up/Down, Home and End keys",
        "{label}：可用方向键、Page Up/Down、Home 和 End 键滚动"
    );
    view! {
        <div
            class="table-viewport"
            node_ref=viewport
            tabindex="0"
            role="region"
            aria-label=region_label
            on:scroll=on_scroll
        >
            <div role="table" class="list-table" aria-label=label aria-rowcount=row_count + 1>
                <div role="rowgroup" class="table-head">
                    <div role="row" class="header-row" aria-rowindex="1">
                        {headers}
                    </div>
                </div>
                <div
                    role="rowgroup"
                    class="table-body"
                    style:height=rows_height(row_count)
                >
                    <For each=move || window.get() key=|index| *index children=row_view />
                </div>
            </div>
        </div>
    }
}

fn cells(columns: &[Column], row: &TicketSummary) -> AnyView {
    columns
        .iter()
        .map(|column| {
            let class = format!("cell {}", column.width.css_class());
            view! { <div role="cell" class=class>{(column.render)(row)}</div> }
        })
        .collect_view()
        .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_covers_the_viewport_plus_overscan() {
        assert_eq!(visible_rows(0.0, 400.0, 10_000), 0..10 + OVERSCAN_ROWS);
        let middle = visible_rows(40_000.0, 400.0, 10_000);
        assert_eq!(middle, 1000 - OVERSCAN_ROWS..1010 + OVERSCAN_ROWS);
    }

    #[test]
    fn slice_stops_at_the_last_row() {
        let end = visible_rows(10_000.0 * ROW_HEIGHT_PX, 400.0, 10_000);
        assert_eq!(end.end, 10_000);
        assert_eq!(visible_rows(0.0, 400.0, 3), 0..3);
        assert_eq!(visible_rows(0.0, 400.0, 0), 0..0);
    }
}
