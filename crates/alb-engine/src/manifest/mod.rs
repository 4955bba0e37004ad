//! Typed Kubernetes objects, as written, with spans.
//!
//! Hand-written rather than generated (k8s-openapi) because a linter needs the span of every
//! value and must read objects the API server would reject (wrong types, old API versions)
//! so it can report them. Only the fields some command uses are modelled.

pub mod decode;
mod load;
mod model;

pub use load::{LoadOptions, load};
pub use model::*;
