//! BlueKing ITSM: the create-ticket form and the approvers' ticket list.

mod create;
mod list;

pub use create::ItsmCreate;
pub use list::ItsmList;
