//! ITSM ticket operations for the shared pages: detail, decisions, the waiting count.
//! Placeholder while the ITSM calls are being built: every operation reports that it is missing.

use crate::config::BackendConfig;
use crate::ticket_ops::TicketOps;
use vendors::VendorError;

fn missing() -> VendorError {
    VendorError::new(0, "MISSING", "not built yet")
}

pub fn ticket_ops(_backend: &BackendConfig) -> TicketOps {
    TicketOps::new(
        |_id| async { Err(missing()) },
        |_id, _request| async { Err(missing()) },
        || None::<std::future::Ready<Result<u64, VendorError>>>,
    )
}
