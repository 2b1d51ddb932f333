//! `figuren layout`: the layout stage's view of one page.

use crate::isolate::{read_isolated, StructureOptions, WorkerLimits};
use crate::layout::Zone;
use crate::pdf::model::Script;
use std::path::Path;
use std::process::ExitCode;

pub fn run(pdf: &Path, page: u32, json: bool) -> ExitCode {
    let opts = StructureOptions {
        structure: true,
        keep_layout: true,
        ..Default::default()
    };
    let reading = match read_isolated(pdf, WorkerLimits::default(), &opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}: {e}", pdf.display());
            return ExitCode::from(1);
        }
    };
    let doc = &reading.document;
    let (Some(p), Some(pl)) = (
        doc.pages.iter().find(|p| p.number == page),
        reading
            .layout
            .as_ref()
            .and_then(|l| l.pages.iter().find(|p| p.page == page)),
    ) else {
        eprintln!(
            "error: {}: no page {page}; the file has {} page(s)",
            pdf.display(),
            doc.pages.len()
        );
        return ExitCode::from(2);
    };
    if json {
        match serde_json::to_string(pl) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
        return ExitCode::SUCCESS;
    }
    let body = reading.layout.as_ref().map(|l| l.body_size).unwrap_or(0.0);
    println!(
        "{} page {}{}: {:.1} x {:.1} pt; body size {:.2} pt (document {:.2}), line spacing {:.2} pt",
        pdf.display(),
        page,
        pl.printed
            .as_deref()
            .map(|s| format!(" (printed {s})"))
            .unwrap_or_default(),
        p.width,
        p.height,
        pl.body_size,
        body,
        pl.line_spacing
    );
    println!("columns:");
    for (i, c) in pl.columns.iter().enumerate() {
        let b = &c.bbox;
        println!(
            "  c{i}: band {} column {} of {}  x {:.1}-{:.1}  y {:.1}-{:.1}",
            c.band,
            c.index + 1,
            c.of,
            b.x0,
            b.x1,
            b.y0,
            b.y1
        );
    }
    println!("lines (reading order): zone, column, block, baseline, size, type, text");
    for l in &pl.lines {
        let zone = match l.zone {
            Zone::Head => "HEAD",
            Zone::Foot => "FOOT",
            Zone::PageNumber => "PAGE#",
            Zone::Body => "body",
            Zone::Note => "NOTE",
        };
        let col = if l.column == usize::MAX {
            "-".to_string()
        } else {
            format!("c{}", l.column)
        };
        let mut text = String::new();
        for &w in &l.words {
            let w = &p.words[w];
            if !text.is_empty() {
                text.push(' ');
            }
            if w.script == Script::Superscript {
                text.push('^');
            }
            text.push_str(&w.text);
        }
        let ty = format!(
            "{}{}",
            if l.bold { "B" } else { "" },
            if l.italic { "I" } else { "" }
        );
        let note = l
            .note
            .map(|n| {
                format!(
                    " [note {}{}]",
                    n.number,
                    if n.restart { ", restart" } else { "" }
                )
            })
            .unwrap_or_default();
        println!(
            "  {zone:<5} {col:<3} b{:<3} {:>7.1} {:>5.1} {:<2} x{:>6.1}{note} {}",
            l.block, l.baseline, l.size, ty, l.bbox.x0, text
        );
    }
    ExitCode::SUCCESS
}
