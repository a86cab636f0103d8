#![forbid(unsafe_code)]
#![warn(missing_docs)]
//! placeholder
pub mod disclosure;
pub mod pseudonym;
pub mod types;
pub mod vocab;
