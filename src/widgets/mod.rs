//! Shared widgets: every back-end's pages are drawn from these.

pub mod badge;
pub mod fields;
pub mod link;
pub mod rows;
