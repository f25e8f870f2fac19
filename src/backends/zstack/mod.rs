//! ZStack: CreateTicket with a request builder, sessions and api-jobs, QueryTicket, the ticket
//! page and decisions (ChangeTicketStatus), "waiting for me".

mod create;
mod detail;
mod job;
mod list;
mod ops;
mod session;

pub use create::ZstackCreate;
pub use detail::ZstackDetail;
pub use list::{first_calls, ZstackList};
pub use ops::{count_waiting, ticket_ops, waiting};
