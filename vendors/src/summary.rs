//! The unified list row and page that every back-end's list maps into.

use serde::{Deserialize, Serialize};

use crate::kind::Kind;

/// One row of a ticket list, whatever the back-end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketSummary {
    pub kind: Kind,
    /// The identifier a person quotes: ITSM `sn`, DMS `OrderId`, ZStack `uuid`.
    pub id: String,
    pub title: String,
    /// The back-end's own status code, unknown values included; it picks the badge colour.
    pub status: String,
    /// Words for the status when the back-end gives them apart from the code (DMS StatusDesc).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_label: Option<String>,
    pub creator: String,
    pub created: String,
    pub updated: Option<String>,
    /// What kind of ticket: ITSM service, DMS PluginType, ZStack request count.
    pub service: Option<String>,
    pub link: Option<String>,
}

/// One page of rows; `page` counts from 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub items: Vec<TicketSummary>,
    pub page: u64,
    pub page_size: u64,
    pub total: u64,
}

impl Page {
    /// Number of pages holding `total` rows (0 when there are none).
    pub fn total_pages(&self) -> u64 {
        if self.page_size == 0 {
            0
        } else {
            self.total.div_ceil(self.page_size)
        }
    }

    pub fn has_next(&self) -> bool {
        self.page < self.total_pages()
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }
}
