//! Footnotes in every common style, on PDFs made for each style by real typesetters
//! (pdfTeX and LibreOffice Writer; `tests/fixtures/footnotes/README.md`). Each fixture's
//! truth lists every note (number, scope, text, page), every marker, the raised numbers that
//! have no note (they must be reported, not stored), and look-alike lines that are not
//! notes. The same rules read all of them: nothing here is tuned per fixture.

mod common;

use common::*;
use figuren::pipeline::{read_file, Options};
use figuren::structure::Structure;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

fn norm(s: &str) -> String {
    s.nfkc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every difference between what figuren reads and the fixture's truth.
fn problems(name: &str) -> (Structure, Vec<String>) {
    let pdf = fixture(&format!("footnotes/{name}.pdf"));
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture(&format!("footnotes/{name}.truth.json"))).expect("truth"),
    )
    .expect("json");
    let reading = read_file(&pdf, &Options::full()).expect("reads");
    let st = reading.structure.expect("structure");
    let mut out = Vec::new();
    let notes = truth["footnotes"].as_array().cloned().unwrap_or_default();
    for t in &notes {
        let n = t["number"].as_u64().unwrap_or(0) as u32;
        let scope = t["scope"].as_str().unwrap_or("document");
        let want = t["text"].as_str().unwrap_or("");
        let page = t["page"].as_u64().unwrap_or(0) as u32;
        match st
            .footnotes
            .iter()
            .find(|f| f.number == n && f.scope.as_text() == scope)
        {
            None => out.push(format!(
                "note {n} ({scope}) not found; read: {:?}",
                st.footnotes
                    .iter()
                    .filter(|f| f.number == n)
                    .map(|f| (f.scope.as_text(), f.page, f.text.clone()))
                    .collect::<Vec<_>>()
            )),
            Some(f) => {
                if norm(&f.text) != norm(want) {
                    out.push(format!(
                        "note {n} ({scope}):\n  got:  {}\n  want: {want}",
                        f.text
                    ));
                }
                if f.page != page {
                    out.push(format!(
                        "note {n} ({scope}): page {} but truth {page}",
                        f.page
                    ));
                }
            }
        }
    }
    if st.footnotes.len() != notes.len() {
        out.push(format!(
            "{} notes read, {} in the truth: {:?}",
            st.footnotes.len(),
            notes.len(),
            st.footnotes
                .iter()
                .map(|f| format!("{} {} p{}", f.scope.as_text(), f.number, f.page))
                .collect::<Vec<_>>()
        ));
    }
    for m in truth["markers"].as_array().cloned().unwrap_or_default() {
        let n = m["number"].as_u64().unwrap_or(0) as u32;
        let scope = m["scope"].as_str().unwrap_or("document");
        let page = m["page"].as_u64().unwrap_or(0) as u32;
        if !st
            .refs
            .iter()
            .any(|r| r.number == n && r.page == page && r.scope.as_text() == scope)
        {
            out.push(format!("marker {n} ({scope}) on page {page} not resolved"));
        }
    }
    for m in truth["unmatched_markers"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let n = m["number"].as_u64().unwrap_or(0) as u32;
        let page = m["page"].as_u64().unwrap_or(0) as u32;
        if st.refs.iter().any(|r| r.number == n && r.page == page) {
            out.push(format!(
                "raised {n} on page {page} has no note but was stored"
            ));
        }
        let reported = st.diagnostics.iter().any(|d| {
            d.page == Some(page)
                && d.message.contains("raised number")
                && d.message.contains(&n.to_string())
        });
        if !reported {
            out.push(format!(
                "raised {n} on page {page} without a note is not reported"
            ));
        }
    }
    for l in truth["not_footnote_lines"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let text = norm(l["text"].as_str().unwrap_or(""));
        if let Some(f) = st.footnotes.iter().find(|f| norm(&f.text).contains(&text)) {
            out.push(format!("{text:?} was read into note {}", f.number));
        }
    }
    (st, out)
}

fn check(name: &str) {
    let (_, p) = problems(name);
    assert!(
        p.is_empty(),
        "{name}: {} problem(s):\n{}",
        p.len(),
        p.join("\n")
    );
}

#[test]
fn raised_numbers_and_a_rule() {
    check("raised-rule");
}

#[test]
fn baseline_numbers_in_a_box_without_rule_or_footer() {
    check("baseline-box");
}

#[test]
fn baseline_numbers_with_a_dot() {
    check("baseline-dot-space");
}

#[test]
fn baseline_numbers_and_a_space_above_a_page_footer() {
    check("baseline-space");
}

#[test]
fn writer_numbers_and_a_tab() {
    check("tab");
}

#[test]
fn writer_numbers_in_a_hanging_indent() {
    check("writer-hanging");
}

#[test]
fn notes_as_large_as_the_body() {
    check("equal-size");
}

#[test]
fn notes_continued_on_the_next_page() {
    check("continued");
}

#[test]
fn notes_under_each_column() {
    check("twocolumn-per-column");
}

#[test]
fn notes_across_a_two_column_page() {
    check("multicol-across");
}

#[test]
fn numbering_per_chapter() {
    check("per-chapter");
}

#[test]
fn numbering_per_section_within_a_page() {
    check("per-section-same-page");
}

#[test]
fn look_alikes_are_not_notes_and_lonely_markers_are_reported() {
    check("distractors");
}
