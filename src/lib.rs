#![cfg_attr(test, allow(clippy::unwrap_used))]
//! figuren: Dutch government publications (De Staat van Migratie, Kamerstukken) into a
//! SQLite database of positioned text, figures and references. See ARCHITECTURE.md.

pub mod check;
pub mod cli;
pub mod eval;
pub mod export;
pub mod inspect;
pub mod isolate;
pub mod layout;
pub mod number;
pub mod pdf;
pub mod pipeline;
pub mod profile;
pub mod render;
pub mod store;
pub mod structure;
pub mod table;
