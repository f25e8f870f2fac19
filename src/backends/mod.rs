//! One module per back-end: it wires that back-end's field specs, calls and list columns to the
//! shared widgets. Adding a back-end means one new module here and one arm in `pages.rs`.

pub mod dms;
pub mod itsm;
pub mod zstack;
