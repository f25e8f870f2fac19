//! BlueKing ITSM: the create-ticket form and the approvers' ticket list.

mod create;
mod list;
mod ops;

pub use create::ItsmCreate;
pub use list::{first_calls, ItsmList};
pub use ops::{count_waiting, ticket_ops, waiting};
