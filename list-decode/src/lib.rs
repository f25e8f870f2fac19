//! The decoders of list answers, compiled for speed: the root Cargo.toml builds this crate with
//! `opt-level = 3`, the rest of the app for size. A list page may hold 10,000 rows, and decoding
//! them is most of the time between its answer and its rows on screen. Only lazily loaded parts
//! that read lists load this code, so the bigger code costs the first visit nothing.
//!
//! The vendors' decoders are `#[inline]` and generic underneath: their code is generated where
//! they are called, here, and optimized at this crate's level before the link (whose LTO pass
//! and wasm-opt still run for size; measured, decoding takes half the time all the same).

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
