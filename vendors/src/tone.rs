//! How a status badge looks; each vendor module maps its own statuses to these.

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
