//! The table stage on a real report it was not tuned on: the PBL report *Verhuismotieven en
//! ruimtelijke verhuisbewegingen* (2023, Acrobat PDFMaker from Word), against a truth typed
//! by hand from the printed pages (`tests/fixtures/pbl/pbl-verhuismotieven-2023.truth.json`:
//! Tabel 3.1 to 4.5, 852 non-empty cells, with its conventions and doubts).
//!
//! It asserts that the scorer runs over all seven tables and (in an ignored test until figuren
//! gives bracketed standard errors a value) that no cell has the right raw text with a wrong
//! value; the share of exact cells is printed, not asserted (it is below the 99% the samples
//! are held to).
//!
//! The shared scorer (`../shared/tools/score.py`, where present) is also run on a database
//! the command line wrote, and must agree with the in-process score.

mod common;

use common::*;
use figuren::eval::tables::{score, TableScore};
use figuren::pipeline::{read_file, Options};
use std::path::PathBuf;

fn pdf() -> PathBuf {
    fixture("pbl/pbl_2023_verhuismotieven_en_ruimtelijke_verhuisbewegingen-4669.pdf")
}

fn truth_path() -> PathBuf {
    fixture("pbl/pbl-verhuismotieven-2023.truth.json")
}

fn scored() -> TableScore {
    let r = read_file(&pdf(), &Options::full()).expect("reads");
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(truth_path()).expect("truth")).expect("json");
    let st = r.structure.as_ref().expect("structure");
    score(st, &r.tables, &truth)
}

/// Runs always: the scorer reads all seven tables and every non-empty truth cell is scored.
/// The summary and the first problems are printed (`cargo test --test pbl_tables -- --nocapture`).
#[test]
fn pbl_tables_are_scored() {
    let s = scored();
    eprintln!("pbl-verhuismotieven-2023: {}", s.summary());
    for p in s.problems.iter().take(40) {
        eprintln!("  {p}");
    }
    assert_eq!(s.cells, 852, "the truth's non-empty cells are all scored");
}

/// No cell with the right raw text and a wrong value (the bracketed standard errors of
/// Tabel 4.1, `(0.0979)`, have the value in their brackets).
#[test]
fn pbl_tables_have_no_wrong_values() {
    let s = scored();
    eprintln!("pbl-verhuismotieven-2023: {}", s.summary());
    assert_eq!(
        s.wrong_values,
        0,
        "a cell with the right raw text has a wrong value: {}",
        s.summary()
    );
}

#[test]
fn the_shared_scorer_agrees_on_the_pbl_tables() {
    let dir = tempdir();
    let Some(line) = shared_score(&dir.path().join("pbl.sqlite"), &pdf(), &truth_path()) else {
        return;
    };
    eprintln!("shared scorer: {line}");
    let s = scored();
    assert!(
        line.starts_with(&format!("cells {}/{} ", s.exact, s.cells)),
        "shared scorer: {line}; in process: {}",
        s.summary()
    );
    assert!(
        line.contains(&format!("wrong_values {}", s.wrong_values)),
        "{line}"
    );
}
