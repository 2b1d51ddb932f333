//! Evaluation of the PDF layer against reference extractors.
//!
//! Nothing here is used by the extraction pipeline itself: these are measuring tools for
//! development (see `examples/poppler_compare.rs`). The scoring functions are pure, so they
//! can be unit-tested and reused by other comparisons.
//!
//! - [`truth`]: the structure stage against a truth file in the samples' format.
//! - [`tables`]: the table stage against a truth file, by the shared scorer's rules.
//! - [`poppler`]: runs `pdftotext -bbox-layout` (poppler) on a file, parses its XHTML and
//!   scores our [`crate::pdf::model::Document`] against it: character agreement in reading
//!   order and in a canonical geometric order, box agreement of words both split alike, and
//!   a list of the differing words for reports.

pub mod poppler;
pub mod tables;
pub mod truth;
