//! The list machinery every back-end's ticket list is built from:
//!
//! - [`query`]: filters and paging in the URL query ([`use_list_url`], [`QueryFilters`],
//!   [`PagingSpec`]), so a filtered page is a shareable link and back/forward work;
//! - [`ListView`]: fetch, loading/invalid/error/empty states, count, pager, page size;
//! - [`WindowedTable`](table::WindowedTable): only the visible rows are in the DOM;
//! - [`filters`]: the filter form and its labelled inputs and selects named by wire name, with
//!   their field errors;
//! - [`FilterTabs`]: tabs over one filter, as links;
//! - [`columns`]: column descriptions and the stock columns over `TicketSummary`;
//! - [`fetch_page`]: one list call, with the User Timing marks the benchmark reads.
//!
//! A back-end supplies a filter struct, a request builder and a fetch closure; see
//! `backends::itsm::list` for a complete example.

pub mod columns;
pub mod filters;
pub mod pager;
pub mod perf;
pub mod query;
pub mod table;
pub mod tabs;
mod view;

pub use filters::{
    choices, input_to_wire, problem_at, wire_to_input, FieldError, FilterForm, SelectFilter,
    TextFilter,
};
pub use perf::fetch_page;
pub use query::{
    checked_request, request_problems, use_list_url, ListUrl, PageRequest, PagingSpec, QueryFilters,
};
pub use tabs::{FilterTabs, Tab};
pub use view::ListView;
