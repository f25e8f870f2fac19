//! The registry of back-end kinds: the one place that lists them. Each kind's module owns its
//! config section, its proxy (a [`Backend`](crate::proxy::backend::Backend)) and its demo
//! simulator, implementing [`contract`]; the shared layers
//! ([`crate::config`], [`crate::proxy`], [`crate::demo`]) reach a kind only through
//! [`module`].

pub mod contract;
pub mod dms;
pub mod itsm;
pub mod zstack;

use vendors::Kind;

use contract::KindModule;

/// The kind's module. Adding a kind: one module folder and one arm here.
pub fn module(kind: Kind) -> &'static dyn KindModule {
    match kind {
        Kind::Itsm => &itsm::Itsm,
        Kind::Dms => &dms::Dms,
        Kind::Zstack => &zstack::Zstack,
    }
}
