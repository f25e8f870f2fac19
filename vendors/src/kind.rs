//! The back-end kinds this build speaks: one enum, matched exhaustively wherever behaviour
//! depends on the kind. A deployment names *instances* of these (a production and a staging
//! ITSM); the instance's id lives in each layer's config, the kind here.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Itsm,
    Dms,
    Zstack,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Itsm, Kind::Dms, Kind::Zstack];

    /// The kind's name in config files ("itsm", "dms", "zstack"); also the default instance id.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Itsm => "itsm",
            Kind::Dms => "dms",
            Kind::Zstack => "zstack",
        }
    }

    /// The name a person knows the product by.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Itsm => "BlueKing ITSM",
            Kind::Dms => "Alibaba Cloud DMS",
            Kind::Zstack => "ZStack",
        }
    }

    /// The short name used in sentences such as "ITSM said: ...".
    pub fn short_label(self) -> &'static str {
        match self {
            Kind::Itsm => "ITSM",
            Kind::Dms => "DMS",
            Kind::Zstack => "ZStack",
        }
    }

    /// The names of every kind, for messages: "itsm, dms, zstack".
    pub fn names() -> String {
        Kind::ALL.map(Kind::as_str).join(", ")
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| format!("unknown back-end kind {text:?}"))
    }
}
