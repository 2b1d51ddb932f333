//! The self-checks on the three renderings of the report sample against their truth files:
//! every `% verschil` check the truth lists is found, on the same cells, with the same
//! outcome (`ok`, `consistent_with_rounded_inputs` = `rounding`), and no other percent
//! change is reported; the samples are consistent, so nothing at all is a mismatch.

mod common;

use common::*;
use figuren::check::{Kind, Status};
use figuren::pipeline::{read_file, Options};
use std::collections::BTreeMap;

/// score.py's lenient key: no white space, hyphens or case.
fn key<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .flat_map(|s| s.chars())
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{ad}')
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

fn strs(v: &serde_json::Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
        .unwrap_or_default()
}

fn rendering(pdf: std::path::PathBuf) {
    let r = read_file(&pdf, &Options::full()).expect("reads");
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(pdf.with_extension("truth.json")).expect("truth"),
    )
    .expect("json");
    let st = r.structure.as_ref().expect("structure");
    // ours: (figure number, row key, column key) → (printed, status)
    let mut ours = BTreeMap::new();
    let mut by_kind: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    for fc in &r.checks {
        let fig = &st.figures[fc.figure];
        let table = r
            .tables
            .iter()
            .find(|t| t.figure == fc.figure)
            .expect("table");
        for c in &fc.checks {
            *by_kind
                .entry((c.kind.as_str(), c.status.as_str(), c.confidence.as_str()))
                .or_default() += 1;
            assert_ne!(
                c.status,
                Status::Mismatch,
                "{} {}: the sample is consistent: {c:#?}",
                pdf.display(),
                fig.label
            );
            if c.kind != Kind::PercentChange {
                continue;
            }
            let (row, col) = c.cells[0];
            let k = (
                fig.number.clone(),
                key(table.rows[row].iter().map(|s| s.as_str())),
                key(table.columns[col].iter().map(|s| s.as_str())),
            );
            assert!(
                ours.insert(k.clone(), (c.printed.clone(), c.status))
                    .is_none(),
                "{k:?} twice"
            );
        }
    }
    let mut expected = 0;
    for f in truth["figures"].as_array().expect("figures") {
        let Some(checks) = f["table"]["checks"].as_array() else {
            continue;
        };
        let number = match &f["number"] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        for t in checks {
            expected += 1;
            let k = (
                number.clone(),
                key(strs(&t["row"])),
                key(strs(&t["column"])),
            );
            let want = match t["status"].as_str() {
                Some("ok") => Status::Ok,
                Some("consistent_with_rounded_inputs") => Status::Rounding,
                _ => Status::Mismatch,
            };
            let got = ours.get(&k);
            assert_eq!(
                got.map(|(p, s)| (p.as_str(), *s)),
                Some((t["printed"].as_str().expect("printed"), want)),
                "{}: Figuur {} {:?}",
                pdf.display(),
                number,
                t
            );
        }
    }
    assert_eq!(expected, 77, "the truth lists 77 percent_change checks");
    assert_eq!(
        ours.len(),
        expected,
        "no percent_change the truth does not list"
    );
    eprintln!("{}: {by_kind:?}", pdf.display());
}

#[test]
fn libreoffice_rendering_checks_match_the_truth() {
    rendering(sample("staat-van-migratie-2025-h2-h5.pdf"));
}

#[test]
fn latex_rendering_checks_match_the_truth() {
    rendering(sample("staat-van-migratie-2025-h2-h5-latex.pdf"));
}

#[test]
fn pagella_rendering_checks_match_the_truth() {
    rendering(fixture(
        "renderings/staat-van-migratie-2025-h2-h5-pagella.pdf",
    ));
}
