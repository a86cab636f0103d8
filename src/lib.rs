#![forbid(unsafe_code)]
#![warn(missing_docs)]
//! placeholder
pub mod case;
pub mod disclosure;
mod error;
pub mod indicator;
pub mod pseudonym;
pub mod record;
pub mod referral;
pub mod types;
pub mod validate;
pub mod vocab;

pub use error::{Error, Result};
pub use record::{Limits, Record, RecordType};
