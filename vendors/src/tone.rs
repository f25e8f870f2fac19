//! How a status badge looks and reads. Each vendor module lists the statuses it documents in
//! one table of [`Status`]es (code, tone, name), so a new status is one line.

use crate::i18n::Text;
use serde::{Deserialize, Serialize};

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

/// One status a vendor documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// As the vendor sends it (matched without regard to case).
    pub code: &'static str,
    pub tone: Tone,
    /// What a person reads; `None` where the vendor sends its own words (DMS `StatusDesc`).
    pub name: Option<Text>,
}

impl Status {
    /// A status read in English as its code, the way the vendor's console shows it, and by
    /// `chinese` in Chinese.
    pub const fn named(code: &'static str, tone: Tone, chinese: &'static str) -> Status {
        let name = Text {
            en: code,
            zh: chinese,
        };
        Status {
            code,
            tone,
            name: Some(name),
        }
    }

    /// A status whose words the vendor sends with each item (DMS `StatusDesc`).
    pub const fn unnamed(code: &'static str, tone: Tone) -> Status {
        Status {
            code,
            tone,
            name: None,
        }
    }
}

/// The entry of `table` for `status`, whatever its case.
pub fn find<'a>(table: &'a [Status], status: &str) -> Option<&'a Status> {
    let status = status.trim();
    table
        .iter()
        .find(|known| known.code.eq_ignore_ascii_case(status))
}
