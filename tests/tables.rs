//! The table stage on the three renderings of the report sample (LibreOffice, pdfLaTeX, and
//! pdfLaTeX/Pagella with two-column chapters) against their truth files, with one threshold
//! for all: at least 99% of the non-empty cells exact (raw text and value at the right row
//! and column path) and no cell whose raw text is right and value wrong.
//!
//! Also: golden files of every cell of the two bundled samples (any change in the tables
//! shows up as a diff; regenerate with `FIGUREN_UPDATE_GOLDEN=1 cargo test --test tables`
//! and review `samples/expected/*.cells.tsv`), and the shared scorer
//! (`../shared/tools/score.py`, where present) run on a database the command line wrote,
//! which must agree with the in-process score.

mod common;

use common::*;
use figuren::eval::tables::{score, TableScore};
use figuren::pipeline::{read_file, Options, Reading};
use std::fmt::Write;
use std::path::PathBuf;

/// One threshold for every rendering.
const MIN_EXACT_PERCENT: f64 = 99.0;

fn renderings() -> Vec<PathBuf> {
    vec![
        sample("staat-van-migratie-2025-h2-h5.pdf"),
        sample("staat-van-migratie-2025-h2-h5-latex.pdf"),
        fixture("renderings/staat-van-migratie-2025-h2-h5-pagella.pdf"),
    ]
}

fn reading(pdf: &std::path::Path) -> Reading {
    read_file(pdf, &Options::full()).expect("reads")
}

fn scored(pdf: &std::path::Path) -> (Reading, TableScore) {
    let r = reading(pdf);
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(pdf.with_extension("truth.json")).expect("truth"),
    )
    .expect("json");
    let st = r.structure.as_ref().expect("structure");
    let s = score(st, &r.tables, &truth);
    (r, s)
}

#[test]
fn every_rendering_reads_its_tables_exactly() {
    let mut failures = Vec::new();
    for pdf in renderings() {
        let (_, s) = scored(&pdf);
        let name = pdf
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        eprintln!("{name}: {}", s.summary());
        for p in &s.problems {
            eprintln!("  {p}");
        }
        assert!(
            s.cells > 500,
            "{name}: the truth has its tables ({})",
            s.cells
        );
        if s.percent() < MIN_EXACT_PERCENT || s.wrong_values > 0 {
            failures.push(format!("{name}: {}", s.summary()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Every cell as a line: figure, row path, column path, raw, exact value, decimals, unit,
/// status, bounds, share, page.
fn cells_tsv(r: &Reading) -> String {
    let st = r.structure.as_ref().expect("structure");
    let mut out = String::from(
        "figure\trow_path\tcolumn_path\traw\tvalue_exact\tdecimals\tunit\tstatus\tlower\tupper\tshare\tpage\n",
    );
    let j = |p: Option<&Vec<String>>| {
        serde_json::to_string(&p.cloned().unwrap_or_default()).unwrap_or_default()
    };
    let o = |d: Option<String>| d.unwrap_or_default();
    for t in &r.tables {
        let label = st
            .figures
            .get(t.figure)
            .map(|f| f.label.as_str())
            .unwrap_or("?");
        if !t.stub.iter().all(|s| s.is_empty()) {
            let _ = writeln!(out, "{label}\tstub {:?}", t.stub);
        }
        for c in &t.cells {
            let v = &c.cell;
            let _ = writeln!(
                out,
                "{label}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                j(t.rows.get(c.row)),
                j(t.columns.get(c.col)),
                v.raw,
                o(v.value_exact()),
                v.decimals.map(|d| d.to_string()).unwrap_or_default(),
                v.unit
                    .as_ref()
                    .map(|u| u.as_str().to_string())
                    .unwrap_or_default(),
                v.status.as_str(),
                o(v.lower.map(|d| d.to_string())),
                o(v.upper.map(|d| d.to_string())),
                o(v.share.map(|d| d.to_string())),
                c.page
            );
        }
    }
    out
}

#[test]
fn sample_cells_match_their_golden_files() {
    let update = std::env::var("FIGUREN_UPDATE_GOLDEN").is_ok();
    let mut failures = Vec::new();
    for name in [
        "staat-van-migratie-2025-h2-h5",
        "staat-van-migratie-2025-h2-h5-latex",
    ] {
        let got = cells_tsv(&reading(&sample(&format!("{name}.pdf"))));
        let path = sample(&format!("expected/{name}.cells.tsv"));
        if update {
            std::fs::write(&path, &got).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            let first = got
                .lines()
                .zip(want.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .map(|(i, (a, b))| format!("line {}:\n  got  {a}\n  want {b}", i + 1))
                .unwrap_or_else(|| {
                    format!("{} lines vs {}", got.lines().count(), want.lines().count())
                });
            failures.push(format!("{name}: {first}"));
        }
    }
    assert!(
        failures.is_empty(),
        "cells differ from samples/expected (FIGUREN_UPDATE_GOLDEN=1 to regenerate, then review the diff):\n{}",
        failures.join("\n")
    );
}

/// The shared scorer on a database written by `figuren ingest` gives the same counts as the
/// in-process score: the store keeps every cell as read.
#[test]
fn the_shared_scorer_agrees_on_the_stored_cells() {
    let dir = tempdir();
    let db = dir.path().join("t.sqlite");
    for pdf in renderings() {
        let Some(line) = shared_score(&db, &pdf, &pdf.with_extension("truth.json")) else {
            return;
        };
        let (_, s) = scored(&pdf);
        eprintln!("{}: {line}", pdf.display());
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
}
