//! The analysis stage: one plain text in, its sentences, time expressions,
//! numbers, places, and field claims (with speakers) out.
//!
//! Entry type: [`Analyser`]. Every offset it returns counts characters
//! (code points) into the text it was given.
#![warn(missing_docs)]

pub mod places;
pub mod times;
