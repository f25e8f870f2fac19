//! Alibaba Cloud DMS: CreateOrder with a typed PluginParam editor per PluginType, and ListOrders.

mod create;
mod list;
mod ops;

pub use create::DmsCreate;
pub use list::{first_calls, DmsList};
pub use ops::{count_waiting, ticket_ops, waiting};
