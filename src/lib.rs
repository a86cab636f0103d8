#![forbid(unsafe_code)]
#![warn(missing_docs)]
//! placeholder
pub mod case;
pub mod disclosure;
pub mod indicator;
pub mod pseudonym;
pub mod referral;
pub mod types;
pub mod vocab;
