//! The PDF layer against poppler (`pdftotext -bbox-layout -cropbox`) on the Dutch files in the
//! repository: character agreement (canonical order, whitespace ignored) and box agreement of
//! the words both split alike. Where figuren is right and poppler wrong (letter-spaced text,
//! unmapped ligatures, accents drawn apart), the known differences are asserted too.
//! Skips with a message when pdftotext is not installed (.ci/run installs poppler-utils).
//! The whole-corpus report: `cargo run --release --example poppler_compare -- --manifest
//! ../shared/corpus/MANIFEST.tsv ../shared/corpus` (see docs/poppler-comparison.md).

mod common;

use common::*;
use figuren::eval::poppler::{compare_document, run_pdftotext_bbox};
use figuren::pdf::extract_file;
use std::path::PathBuf;

fn have_pdftotext() -> bool {
    let ok = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if !ok {
        eprintln!("SKIPPED: pdftotext (poppler-utils) is not installed");
    }
    ok
}

#[test]
fn dutch_files_agree_with_poppler() {
    if !have_pdftotext() {
        return;
    }
    let files: Vec<PathBuf> = vec![
        fixture("verzamelbrief-luchtvaart.pdf"),
        fixture("kst-32545-143.pdf"),
        sample("staat-van-migratie-2025-h2-h5.pdf"),
        sample("kamerbrief-staat-van-migratie-2024.pdf"),
        sample("nota-staat-van-migratie-2024.pdf"),
    ];
    let mut report = Vec::new();
    for f in &files {
        let ours = extract_file(f).expect("figuren reads");
        let theirs = run_pdftotext_bbox(f).expect("poppler reads");
        let c = compare_document(&ours, &theirs);
        report.push(format!(
            "{}: chars {:.4} (reading order {:.4}), boxes {:.4} of {} pairs",
            f.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            c.canonical.agreement,
            c.reading.agreement,
            c.boxes.fraction(),
            c.boxes.pairs
        ));
        assert_eq!(c.ours_pages, c.theirs_pages);
        assert!(c.canonical.agreement >= 0.99, "{}", report.join("\n"));
        assert!(c.boxes.fraction() >= 0.98, "{}", report.join("\n"));
    }
    eprintln!("{}", report.join("\n"));
}

#[test]
fn on_letter_spacing_figuren_differs_and_is_right() {
    if !have_pdftotext() {
        return;
    }
    let f = fixture("verzamelbrief-luchtvaart.pdf");
    let theirs = run_pdftotext_bbox(&f).expect("poppler reads");
    let p1: Vec<&str> = theirs[0].words.iter().map(|w| w.text.as_str()).collect();
    // poppler splits the letter-spaced letterhead ...
    assert!(p1.windows(2).any(|w| w == ["Inf", "rastructuur"]), "{p1:?}");
    // ... figuren does not
    let ours = extract_file(&f).expect("reads");
    let o1: Vec<&str> = ours.pages[0]
        .words
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    assert!(o1.contains(&"Infrastructuur") && !o1.contains(&"rastructuur"));
}
