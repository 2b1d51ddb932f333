//! Golden files for the bundled samples: the words of every page, line by line, with
//! superscripts marked `^` and subscripts `_`, plus page geometry, rule and link counts.
//! Any change in the PDF layer's output shows up as a diff here.
//! Regenerate after an intended change with `FIGUREN_UPDATE_GOLDEN=1 cargo test --test golden`
//! and review the diff of `samples/expected/` before committing.

mod common;

use common::*;
use figuren::pdf::extract_file;
use figuren::pdf::model::{Document, Script};
use std::fmt::Write;

fn render(doc: &Document) -> String {
    let mut out = String::new();
    for p in &doc.pages {
        let _ = writeln!(
            out,
            "== page {} label {} {:.2}x{:.2} rot {}: {} words, {} rules, {} links",
            p.number,
            p.label.as_deref().unwrap_or("-"),
            p.width,
            p.height,
            p.rotation,
            p.words.len(),
            p.rules.len(),
            p.links.len()
        );
        let mut line = u32::MAX;
        let mut buf = String::new();
        for w in &p.words {
            if w.line != line {
                if !buf.is_empty() {
                    let _ = writeln!(out, "{buf}");
                }
                buf = format!("[{:.1}] ", w.baseline);
                line = w.line;
            } else {
                buf.push(' ');
            }
            match w.script {
                Script::Superscript => buf.push('^'),
                Script::Subscript => buf.push('_'),
                Script::Normal => {}
            }
            buf.push_str(&w.text);
        }
        if !buf.is_empty() {
            let _ = writeln!(out, "{buf}");
        }
        for l in &p.links {
            let _ = writeln!(
                out,
                "link {:.1} {:.1} {:.1} {:.1} {}",
                l.bbox.x0, l.bbox.y0, l.bbox.x1, l.bbox.y1, l.uri
            );
        }
    }
    for d in &doc.diagnostics {
        let _ = writeln!(
            out,
            "diagnostic p{:?} {}: {}",
            d.page,
            d.severity.as_str(),
            d.message
        );
    }
    out
}

#[test]
fn samples_match_their_golden_files() {
    let update = std::env::var("FIGUREN_UPDATE_GOLDEN").is_ok();
    let mut failures = Vec::new();
    for name in [
        "staat-van-migratie-2025-h2-h5",
        "kamerbrief-staat-van-migratie-2024",
        "nota-staat-van-migratie-2024",
    ] {
        let doc = extract_file(&sample(&format!("{name}.pdf"))).expect("sample reads");
        let got = render(&doc);
        let path = repo()
            .join("samples/expected")
            .join(format!("{name}.words.txt"));
        if update {
            std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
            std::fs::write(&path, &got).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            let first = got
                .lines()
                .zip(want.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b);
            let msg = match first {
                Some((i, (a, b))) => format!("{name}: line {}:\n  got:  {a}\n  want: {b}", i + 1),
                None => format!(
                    "{name}: {} lines, golden has {}",
                    got.lines().count(),
                    want.lines().count()
                ),
            };
            failures.push(msg);
        }
    }
    assert!(
        failures.is_empty(),
        "output differs from samples/expected (FIGUREN_UPDATE_GOLDEN=1 to accept):\n{}",
        failures.join("\n")
    );
}
