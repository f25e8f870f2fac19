//! Fetching one page of a list, with User Timing marks the benchmark (`e2e` `bench_list`) reads:
//! `list:response` when the answer's body has arrived, `list:decoded` once the vendor's JSON is
//! decoded (turning it into rows after that only moves its texts), and `list:rendered` one
//! animation frame after its rows are in the DOM.

use crate::api;
use crate::perf::mark;
use vendors::{HttpCall, VendorError};

pub const MARK_RESPONSE: &str = "list:response";
pub const MARK_DECODED: &str = "list:decoded";
pub const MARK_RENDERED: &str = "list:rendered";

/// Sends a list call to a back-end's proxy and decodes the answer: into a [`Page`], or into the
/// vendor's own list when the caller still has to join it with another answer.
pub async fn fetch_page<T>(
    base: &str,
    call: &HttpCall,
    decode: impl FnOnce(u16, &str) -> Result<T, VendorError>,
) -> Result<T, VendorError> {
    let (status, body) = api::send(base, call).await?;
    mark(MARK_RESPONSE);
    let page = decode(status, &body);
    mark(MARK_DECODED);
    page
}
