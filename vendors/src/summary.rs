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

impl TicketSummary {
    pub fn tone(&self) -> Tone {
        status_tone(self.kind, &self.status)
    }

    /// What the status badge says: the back-end's words, or its code.
    pub fn status_text(&self) -> &str {
        self.status_label.as_deref().unwrap_or(&self.status)
    }
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

/// How a status badge should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    /// Filed, not yet being worked on.
    Neutral,
    /// Moving: in approval or being executed.
    Active,
    Success,
    /// Needs attention: suspended, waiting for a person.
    Warning,
    /// Ended badly: rejected, terminated, failed.
    Danger,
    /// A status this build does not know; show the text as it came.
    Unknown,
}

impl Tone {
    /// A CSS class fragment for the badge.
    pub fn css_class(self) -> &'static str {
        match self {
            Tone::Neutral => "neutral",
            Tone::Active => "active",
            Tone::Success => "success",
            Tone::Warning => "warning",
            Tone::Danger => "danger",
            Tone::Unknown => "unknown",
        }
    }
}

/// Classifies a back-end's status text; each vendor module owns its table.
pub fn status_tone(kind: Kind, status: &str) -> Tone {
    match kind {
        Kind::Itsm => crate::itsm::status_tone(status),
        Kind::Dms => crate::dms::status_tone(status),
        Kind::Zstack => crate::zstack::status_tone(status),
    }
}
