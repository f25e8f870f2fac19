//! Shared widgets: every back-end's pages are drawn from these.

pub mod badge;
pub mod field_frame;
pub mod fields;
pub mod focus;
pub mod link;
pub mod reason;
pub mod rows;
