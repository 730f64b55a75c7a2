//! The intermediate representation: the API as Rust will see it.
//!
//! Every stage after lowering works on these types alone. Rust names are already chosen
//! here, so the split, the emitters and the diff never re-derive a name. Nothing in this
//! module knows about `openapiv3`, `proc_macro2` or `quote` (a tidy test checks).
//!
//! One file per part of the model: `types.rs` (the type arena's entries and references),
//! `operation.rs` (operations and what they send and receive), `security.rs` (schemes and
//! requirements), `features.rs` (Cargo features and gates), `webhooks.rs` (deliveries),
//! and `walk.rs` (where the operations and webhooks name types, and what those reach).

mod features;
mod operation;
mod security;
mod types;
mod walk;
mod webhooks;

pub use features::*;
pub use operation::*;
pub use security::*;
pub use types::*;
pub use walk::*;
pub use webhooks::*;

/// A whole API, ready to be emitted.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Server URLs in spec order; the first is the client's default base URL.
    pub servers: Vec<String>,
    /// The security schemes the client can send credentials for, and what operations
    /// need unless they say otherwise.
    pub security: Security,
    /// The type arena: a `TypeId` is an index into it.
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// Old method names kept as deprecated methods that call the new ones: `(old, new)`.
    pub method_aliases: Vec<(String, String)>,
    /// Old type names kept as deprecated type aliases: `(old, new)`.
    pub type_aliases: Vec<(String, String)>,
    /// What receiving the API's webhooks takes; `None` unless the spec has an
    /// `x-heron-codegen-webhooks` extension (then, and only then, the crate gets a `webhooks` module).
    pub webhooks: Option<Webhooks>,
    /// The crate's Cargo features and which of them each module needs (`features.rs`).
    pub features: Features,
}

impl Api {
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        // Ids are handed out only by lowering and the split, each for an entry it pushes.
        #[allow(clippy::indexing_slicing)]
        &self.types[id.index()]
    }
}
