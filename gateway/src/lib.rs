//! Ticket Desk gateway: serves the built app and proxies the vendor APIs it uses, adding the
//! credentials a browser must never hold.

pub mod cli;
pub mod config;
pub mod demo;
pub mod guard;
pub mod health;
pub mod kinds;
pub mod limits;
pub mod logging;
pub mod proxy;
pub mod secret;
pub mod section;
pub mod server;
pub mod static_files;
pub mod time;
