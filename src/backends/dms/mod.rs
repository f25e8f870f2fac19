//! Alibaba Cloud DMS: CreateOrder with a typed PluginParam editor per PluginType, and ListOrders.

mod create;

pub use create::DmsCreate;
