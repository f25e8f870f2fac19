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

    /// The name a person knows the product by. Product names stay as they are; only the
    /// generic part is said in the reader's language (Alibaba Cloud is 阿里云 in Chinese).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Itsm => crate::text!("BlueKing ITSM", "BlueKing ITSM"),
            Kind::Dms => crate::text!("Alibaba Cloud DMS", "阿里云 DMS"),
            Kind::Zstack => crate::text!("ZStack", "ZStack"),
        }
        .get()
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

    /// Exactly a kind's name, as serde reads it.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| crate::tr!("unknown back-end kind {text:?}", "未知的后端类型 {text:?}"))
    }
}

/// Why `id` cannot name an instance, or `None` when it can. Instance ids are URL segments (the
/// app's `/{id}/new`, the gateway's `/proxy/{id}/`) and storage keys, in config.json and in the
/// gateway's TOML alike.
pub fn instance_id_problem(id: &str) -> Option<&'static str> {
    let plain = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !plain {
        Some(
            crate::text!(
                "must be lower-case letters, digits and dashes (it is a URL segment)",
                "只能由小写字母、数字和短横线组成（它是 URL 的一段）"
            )
            .get(),
        )
    } else if id == "proxy" {
        Some(
            crate::text!(
                "is reserved: the gateway serves /proxy/ itself",
                "是保留名称：网关自己使用 /proxy/"
            )
            .get(),
        )
    } else {
        None
    }
}
