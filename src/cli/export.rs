//! `figuren export`: the database as CSV or JSON files in a folder (see `crate::export`).

use super::lists::{open, select};
use crate::export::{dcat::Publisher, export, Format, Options};
use std::path::Path;
use std::process::ExitCode;

/// Reads `--publisher FILE`; `Err` after one line on standard error.
pub(super) fn publisher(path: Option<&Path>) -> Result<Option<Publisher>, ExitCode> {
    match path {
        None => Ok(None),
        Some(p) => match Publisher::read(p) {
            Ok(p) => Ok(Some(p)),
            Err(e) => {
                eprintln!("error: {e}");
                Err(ExitCode::from(2))
            }
        },
    }
}

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
        Ok(report) => {
            if !quiet {
                for w in &report.written {
                    match w.rows {
                        Some(n) => println!(
                            "{:>9} rows  {}",
                            super::thousands(n as usize),
                            w.path.display()
                        ),
                        None => println!("{:>14}  {}", "", w.path.display()),
                    }
                }
                for n in &report.notes {
                    eprintln!("note: {n}");
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
