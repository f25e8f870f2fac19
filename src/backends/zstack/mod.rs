//! ZStack: CreateTicket with a request builder, sessions and api-jobs, and QueryTicket.

mod create;
mod list;
mod ops;
mod session;

pub use create::ZstackCreate;
pub use list::ZstackList;
pub use ops::ticket_ops;
