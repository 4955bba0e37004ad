//! The `alb` engine: everything `alb` decides, with no IO.
//!
//! Invariants (see ARCHITECTURE.md):
//! - No IO: no `std::fs`, `std::net`, no clock, no OS randomness. Callers pass file texts in,
//!   and time and chance when a decision needs them.
//! - Loading never fails as a whole: it returns what it could read plus diagnostics.
//! - Output order is deterministic: nothing iterates a hash map on an output path.

pub mod annotations;
pub mod backends;
pub mod chance;
pub mod compile;
pub mod diagnostic;
pub mod digest;
pub mod dispatch;
pub mod exchange;
pub mod limits;
pub mod lint;
pub mod manifest;
pub mod ownership;
pub mod route;
pub mod source;
pub mod yaml;

pub use diagnostic::{Diagnostic, Severity};
pub use source::{FileId, LineCol, SourceFile, SourceMap, Span, Spanned};
