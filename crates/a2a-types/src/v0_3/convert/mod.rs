//! Conversions between the v0.3 types and the v1.0 types; the decisions are listed in the
//! [`v0_3`](crate::v0_3) module docs.
//!
//! Sources are destructured field by field, so that a field added to either schema breaks
//! the build here until someone decides how it converts.

mod card;
mod data;
mod requests;
mod security;
