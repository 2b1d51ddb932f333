//! `figuren export`: the database as CSV or JSON files in a folder (see `crate::export`).

use super::lists::{open, select};
use crate::export::{export, Format, Options};
use std::path::Path;
use std::process::ExitCode;

pub fn run(db: &Path, doc: Option<&str>, out: &Path, opts: &Options, quiet: bool) -> ExitCode {
    let store = match open(db) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let docs = match select(&store, doc) {
        Ok(d) => d,
        Err(c) => return c,
    };
    let ids: Vec<i64> = docs.iter().map(|(id, _)| *id).collect();
    match export(&store, out, &ids, opts) {
        Ok(written) => {
            if !quiet {
                for w in &written {
                    println!(
                        "{:>9} rows  {}",
                        super::thousands(w.rows as usize),
                        w.path.display()
                    );
                }
                println!(
                    "{} document(s) exported as {} to {}",
                    docs.len(),
                    match opts.format {
                        Format::Csv => "CSV",
                        Format::Json => "JSON",
                    },
                    out.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
