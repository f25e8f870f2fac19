//! BlueKing ITSM: the create-ticket form and the approvers' ticket list.

mod create;
mod list;
mod ops;

pub use create::ItsmCreate;
pub use list::ItsmList;
pub use ops::{ticket_ops, waiting};
