//! The list machinery every back-end's ticket list is built from:
//!
//! - [`query`]: filters and paging in the URL query ([`use_list_url`], [`QueryFilters`],
//!   [`PagingSpec`]), so a filtered page is a shareable link and back/forward work;
//! - [`ListView`]: fetch, loading/invalid/error/empty states, count, pager, page size, CSV
//!   download;
//! - [`WindowedTable`](table::WindowedTable): only the visible rows are in the DOM;
//! - [`FilterForm`]: the filter form, whose fields are `vendors` field specs drawn by the form
//!   renderer over a draft of the URL's filters ([`filter_state`]), so they have the forms'
//!   ids (`f-creator`), labels, help and error lines (`f-creator-error`);
//! - [`FilterTabs`]: tabs over one filter, as links;
//! - [`columns`]: column descriptions and the stock columns over `TicketSummary`;
//! - [`csv`]: the list page on screen as a CSV file, made in the browser;
//! - [`fetch_page`]: one list call, with the User Timing marks the benchmark reads.
//!
//! A back-end supplies a filter struct, its filter fields with a `to_values`/`from_values` pair
//! between the struct and the form's values, a request builder and a fetch closure; see
//! `backends::itsm::list` for a complete example.

pub mod batch;
pub mod batch_bar;
pub mod columns;
pub mod csv;
pub mod filters;
pub mod pager;
pub mod perf;
pub mod query;
pub mod table;
pub mod tabs;
mod view;

pub use filters::{draft_values, filter_state, FilterForm};
pub use perf::fetch_page;
pub use query::{
    checked_request, request_problems, use_list_url, ListUrl, PageRequest, PagingSpec, QueryFilters,
};
pub use tabs::{FilterTabs, Tab};
pub use view::ListView;

/// Which tickets a list page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListScope {
    /// Every ticket the filters match.
    All,
    /// Only tickets waiting for the current user's decision ("waiting for me").
    WaitingForMe,
}
