//! ZStack: CreateTicket with a request builder, sessions and api-jobs, and QueryTicket.

mod create;
mod session;

pub use create::ZstackCreate;
