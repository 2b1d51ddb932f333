//! `figuren words`

use crate::isolate::{read_isolated, StructureOptions, WorkerLimits};
use crate::pdf::model::Script;
use std::path::Path;
use std::process::ExitCode;

pub fn run(pdf: &Path, page: u32, json: bool, rules: bool) -> ExitCode {
    let doc = match read_isolated(pdf, WorkerLimits::default(), &StructureOptions::default()) {
        Ok(r) => r.document,
        Err(e) => {
            eprintln!("error: {}: {e}", pdf.display());
            return ExitCode::from(1);
        }
    };
    let Some(p) = doc.pages.iter().find(|p| p.number == page) else {
        eprintln!(
            "error: {}: no page {page}; the file has {} page(s)",
            pdf.display(),
            doc.pages.len()
        );
        return ExitCode::from(2);
    };
    if json {
        for (seq, w) in p.words.iter().enumerate() {
            let v = serde_json::json!({
                "seq": seq, "line": w.line, "text": w.text,
                "x0": w.bbox.x0, "y0": w.bbox.y0, "x1": w.bbox.x1, "y1": w.bbox.y1,
                "size": w.size, "baseline": w.baseline, "script": w.script.as_str(),
                "font": w.font, "dir": w.dir, "invisible": w.invisible,
            });
            println!("{v}");
        }
        return ExitCode::SUCCESS;
    }
    let label = p
        .label
        .as_deref()
        .map(|l| format!(", label {l}"))
        .unwrap_or_default();
    println!(
        "{} page {}{label}: {:.1} x {:.1} pt, rotation {}, {} words, {} rules, {} links, {} images",
        pdf.display(),
        p.number,
        p.width,
        p.height,
        p.rotation,
        p.words.len(),
        p.rules.len(),
        p.links.len(),
        p.image_count
    );
    println!(
        "{:>5} {:>4} {:>7} {:>7} {:>7} {:>7} {:>6} {:>7} {:<1} {:<24} text",
        "seq", "line", "x0", "y0", "x1", "y1", "size", "base", "s", "font"
    );
    for (seq, w) in p.words.iter().enumerate() {
        let s = match w.script {
            Script::Superscript => "^",
            Script::Subscript => "_",
            Script::Normal => " ",
        };
        let mut font = w.font.clone();
        if font.chars().count() > 24 {
            font = font.chars().take(23).collect::<String>() + "…";
        }
        let flags = match (w.invisible, w.dir) {
            (true, 0) => " [invisible]".to_string(),
            (true, d) => format!(" [invisible, dir {d}]"),
            (false, 0) => String::new(),
            (false, d) => format!(" [dir {d}]"),
        };
        println!(
            "{:>5} {:>4} {:>7.2} {:>7.2} {:>7.2} {:>7.2} {:>6.2} {:>7.2} {:<1} {:<24} {}{flags}",
            seq,
            w.line,
            w.bbox.x0,
            w.bbox.y0,
            w.bbox.x1,
            w.bbox.y1,
            w.size,
            w.baseline,
            s,
            font,
            w.text
        );
    }
    if rules {
        println!(
            "\n{:>5} {:>7} {:>7} {:>7} {:>7} {:<5} color",
            "rule", "x0", "y0", "x1", "y1", "kind"
        );
        for (i, r) in p.rules.iter().enumerate() {
            println!(
                "{:>5} {:>7.2} {:>7.2} {:>7.2} {:>7.2} {:<5} {}",
                i,
                r.bbox.x0,
                r.bbox.y0,
                r.bbox.x1,
                r.bbox.y1,
                r.kind.as_str(),
                r.color.as_deref().unwrap_or("")
            );
        }
    }
    for l in &p.links {
        println!(
            "link {:.2} {:.2} {:.2} {:.2} {}",
            l.bbox.x0, l.bbox.y0, l.bbox.x1, l.bbox.y1, l.uri
        );
    }
    for d in doc
        .diagnostics
        .iter()
        .filter(|d| d.page == Some(page) || d.page.is_none())
    {
        println!("{}: {}", d.severity.as_str(), d.message);
    }
    ExitCode::SUCCESS
}
