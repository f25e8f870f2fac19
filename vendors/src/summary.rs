//! The unified list row and page that every back-end's list maps into.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Itsm,
    Dms,
    Zstack,
}

impl Backend {
    pub const ALL: [Backend; 3] = [Backend::Itsm, Backend::Dms, Backend::Zstack];

    /// The stable identifier used in routes, config and proxy paths ("itsm", "dms", "zstack").
    pub fn id(self) -> &'static str {
        match self {
            Backend::Itsm => "itsm",
            Backend::Dms => "dms",
            Backend::Zstack => "zstack",
        }
    }

    /// The name a person knows the product by.
    pub fn label(self) -> &'static str {
        match self {
            Backend::Itsm => "BlueKing ITSM",
            Backend::Dms => "Alibaba Cloud DMS",
            Backend::Zstack => "ZStack",
        }
    }

    /// The short name used in sentences such as "ITSM said: ...".
    pub fn short_label(self) -> &'static str {
        match self {
            Backend::Itsm => "ITSM",
            Backend::Dms => "DMS",
            Backend::Zstack => "ZStack",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Backend {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Backend::ALL
            .into_iter()
            .find(|backend| backend.id().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| format!("unknown back-end {text:?}"))
    }
}

/// One row of a ticket list, whatever the back-end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketSummary {
    pub backend: Backend,
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
        status_tone(self.backend, &self.status)
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

/// Classifies a back-end's status text; statuses are matched case-insensitively.
pub fn status_tone(backend: Backend, status: &str) -> Tone {
    let status = status.trim().to_ascii_uppercase();
    match backend {
        Backend::Itsm => match status.as_str() {
            "NEW" => Tone::Neutral,
            "RUNNING" => Tone::Active,
            "RESOLVED" | "CONFIRMED" | "FINISHED" => Tone::Success,
            "SUSPENDED" => Tone::Warning,
            "TERMINATED" => Tone::Danger,
            "REVOKED" => Tone::Neutral,
            _ => Tone::Unknown,
        },
        Backend::Dms => match status.as_str() {
            "NEW" => Tone::Neutral,
            "TOAUDIT" => Tone::Warning,
            "APPROVED" | "PROCESSING" | "RUNNING" => Tone::Active,
            "SUCCESS" | "FINISHED" => Tone::Success,
            "REJECT" | "FAIL" | "FAILED" => Tone::Danger,
            "CLOSED" => Tone::Neutral,
            _ => Tone::Unknown,
        },
        Backend::Zstack => match status.as_str() {
            "PENDING" => Tone::Warning,
            "INTERMEDIATEAPPROVED" => Tone::Active,
            "FINALAPPROVED" | "DONE" => Tone::Success,
            "REJECTED" | "FAILED" => Tone::Danger,
            "CANCELLED" | "CANCELED" => Tone::Neutral,
            _ => Tone::Unknown,
        },
    }
}
