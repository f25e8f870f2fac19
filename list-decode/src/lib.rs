//! The decoders of list answers, compiled for speed: the root Cargo.toml builds this crate with
//! `opt-level = 3`, the rest of the app for size. A list page may hold 10,000 rows, and decoding
//! them is most of the time between its answer and its rows on screen. Only the pages that
//! decode lists load this code (lazily), so the bigger code costs the first visit nothing.
//!
//! The vendors' decoders are `#[inline]` and generic underneath: their code is generated where
//! they are called, here, and so compiled with this crate's settings.

use vendors::{dms, itsm, zstack, VendorError};

/// ITSM `get_tickets`.
pub fn itsm_tickets(status: u16, body: &str) -> Result<itsm::TicketList, VendorError> {
    itsm::decode_get_tickets(status, body)
}

/// DMS `ListOrders`.
pub fn dms_orders(status: u16, body: &str) -> Result<dms::ListOrdersResponse, VendorError> {
    dms::decode_list_orders(status, body)
}

/// ZStack's ticket query.
pub fn zstack_tickets(status: u16, body: &str) -> Result<zstack::TicketInventories, VendorError> {
    zstack::decode_query_tickets(status, body)
}
