//! The wire model of Ticket Desk's three ticketing back-ends, sans I/O.
//!
//! For each back-end: serde types for the requests and responses, validation that names the
//! failing field by its wire path, form descriptions ("forms are data"), and per operation two
//! pure functions: one builds an [`HttpCall`] description, one decodes `(status, body)` into
//! `Result<T, VendorError>`. Nothing here touches the network or the clock, so the crate builds
//! for the host and for wasm32 alike.

pub mod call;
pub mod decide;
pub mod dms;
pub mod form;
pub mod gateway;
pub mod i18n;
pub mod itsm;
pub mod kind;
mod lenient;
pub mod response;
pub mod summary;
pub mod tone;
pub mod validate;
pub mod zstack;

pub use call::{
    encode_component, encode_query, HttpCall, Method, Problem, VendorError, RFC3986_ENCODE_SET,
};
pub use form::{Choice, FieldKind, FieldSpec, FormValues};
pub use i18n::Lang;
pub use kind::Kind;
pub use summary::{Page, TicketSummary};
pub use tone::Tone;

/// The statuses a back-end documents: one table per vendor module.
pub fn statuses(kind: Kind) -> &'static [tone::Status] {
    match kind {
        Kind::Itsm => &itsm::STATUSES,
        Kind::Dms => &dms::STATUSES,
        Kind::Zstack => &zstack::STATUSES,
    }
}

/// Classifies a back-end's status text for its badge (`Unknown` when not documented).
pub fn status_tone(kind: Kind, status: &str) -> Tone {
    tone::find(statuses(kind), status).map_or(Tone::Unknown, |known| known.tone)
}

/// The words for a back-end's status code in the current language: ITSM's and ZStack's
/// documented statuses are named (the code itself in English); DMS's words come from the
/// vendor (`StatusDesc`), and any unknown status shows as sent.
pub fn status_name(kind: Kind, status: &str) -> String {
    match tone::find(statuses(kind), status).and_then(|known| known.name) {
        Some(name) => name.get().to_string(),
        None => status.to_string(),
    }
}
