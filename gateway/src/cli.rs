//! Command line.

use std::path::PathBuf;

use clap::Parser;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "ticket-gateway",
    version,
    about = "Serves Ticket Desk and proxies its vendor APIs with credentials injected"
)]
pub struct Cli {
    /// TOML config file (not needed with --demo).
    #[arg(long, value_name = "PATH", conflicts_with = "demo")]
    pub config: Option<PathBuf>,

    /// Start in-memory vendor simulators on loopback ports and proxy to them.
    #[arg(long)]
    pub demo: bool,

    /// Address to listen on (overrides the config; env PORT overrides its port).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,

    /// Folder with the built app (overrides the config; default `dist`).
    #[arg(long, value_name = "DIR")]
    pub dist: Option<PathBuf>,
}
