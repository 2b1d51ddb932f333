//! `figuren tables`: tables on pages of any PDF, no database.

use crate::isolate::{read_isolated, StructureOptions, WorkerLimits};
use crate::pdf::model::BBox;
use crate::table::anywhere::{self, GridCell, PageTable};
use std::path::Path;
use std::process::ExitCode;

/// `3`, `3-5`, `1,4,7-9` as a sorted list of pages.
pub(super) fn parse_pages(s: &str) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = || format!("--pages {s:?}: {part:?} is not a page or a range like 3-5");
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let a: u32 = a.parse().map_err(|_| bad())?;
        let b: u32 = b.parse().map_err(|_| bad())?;
        if a == 0 || b < a || b - a > 100_000 {
            return Err(bad());
        }
        out.extend(a..=b);
    }
    if out.is_empty() {
        return Err(format!("--pages {s:?}: no page given"));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// `x0,y0,x1,y1` in points.
pub(super) fn parse_area(s: &str) -> Result<BBox, String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("--area {s:?}: four numbers expected, x0,y0,x1,y1 in points"))?;
    match v[..] {
        [x0, y0, x1, y1] if v.iter().all(|x| x.is_finite()) && x1 > x0 && y1 > y0 => {
            Ok(BBox { x0, y0, x1, y1 })
        }
        [_, _, _, _] => Err(format!(
            "--area {s:?}: x1 must be right of x0 and y1 below y0 (origin top-left, y downwards)"
        )),
        _ => Err(format!(
            "--area {s:?}: four numbers expected, x0,y0,x1,y1 in points"
        )),
    }
}

pub fn run(pdf: &Path, pages: Option<&str>, area: Option<&str>, json: bool) -> ExitCode {
    let pages = match pages.map(parse_pages).transpose() {
        Ok(p) => p.unwrap_or_default(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let area = match area.map(parse_area).transpose() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
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
    let Some(layout) = reading.layout.as_ref() else {
        eprintln!("error: {}: the layout could not be read", pdf.display());
        return ExitCode::from(1);
    };
    let n = reading.document.pages.len() as u32;
    if let Some(p) = pages.iter().find(|&&p| p > n) {
        eprintln!(
            "error: {}: no page {p}; the file has {n} page(s)",
            pdf.display()
        );
        return ExitCode::from(2);
    }
    // the table code is pure computation on what the worker read; a fault in it is
    // reported, not a crash
    let found = match std::panic::catch_unwind(|| {
        anywhere::read(&reading.document, layout, &pages, area)
    }) {
        Ok(f) => f,
        Err(_) => {
            eprintln!(
                "error: {}: reading the tables failed (a bug in figuren; please report it with the file)",
                pdf.display()
            );
            return ExitCode::from(1);
        }
    };
    if json {
        for t in &found {
            match serde_json::to_string(&json_of(t)) {
                Ok(s) => println!("{s}"),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        return ExitCode::SUCCESS;
    }
    if found.is_empty() {
        println!("{}: no table found", pdf.display());
    }
    for t in &found {
        print_table(t);
    }
    ExitCode::SUCCESS
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn json_of(t: &PageTable) -> serde_json::Value {
    serde_json::json!({
        "page": t.page,
        "bbox": [round1(t.bbox.x0), round1(t.bbox.y0), round1(t.bbox.x1), round1(t.bbox.y1)],
        "detected": t.detected,
        "cells": t.cells,
        "stub": t.table.stub,
        "columns": t.table.columns,
        "rows": t.table.rows,
    })
}

/// The printed grid as lines of text, columns padded (long cells cut at 28 characters).
fn print_table(t: &PageTable) {
    let nrows = t
        .cells
        .iter()
        .map(|c| c.row + c.row_span)
        .max()
        .unwrap_or(0);
    let ncols = t
        .cells
        .iter()
        .map(|c| c.col + c.col_span)
        .max()
        .unwrap_or(0);
    println!(
        "page {}, [{:.1}, {:.1}, {:.1}, {:.1}]{}: {} rows x {} columns",
        t.page,
        t.bbox.x0,
        t.bbox.y0,
        t.bbox.x1,
        t.bbox.y1,
        if t.detected { " (found)" } else { "" },
        nrows,
        ncols
    );
    let mut grid: Vec<Vec<String>> = vec![vec![String::new(); ncols]; nrows];
    let cut = |s: &str| -> String {
        let s = s.replace('\n', " ");
        if s.chars().count() > 28 {
            let mut x: String = s.chars().take(27).collect();
            x.push('…');
            x
        } else {
            s
        }
    };
    for c in &t.cells {
        if let Some(slot) = grid.get_mut(c.row).and_then(|r| r.get_mut(c.col)) {
            *slot = cut(&c.text);
        }
    }
    let width: Vec<usize> = (0..ncols)
        .map(|c| grid.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let header_rows = t
        .cells
        .iter()
        .filter(|c: &&GridCell| c.header)
        .map(|c| c.row + c.row_span)
        .max()
        .unwrap_or(0);
    for (r, row) in grid.iter().enumerate() {
        if r == header_rows && r > 0 {
            let total: usize = width.iter().sum::<usize>() + 2 * ncols.saturating_sub(1);
            println!("  {}", "─".repeat(total));
        }
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| format!("{s:<w$}", w = width[c]))
            .collect();
        println!("  {}", line.join("  ").trim_end());
    }
    println!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_areas() {
        assert_eq!(parse_pages("3").unwrap(), vec![3]);
        assert_eq!(parse_pages("3-5").unwrap(), vec![3, 4, 5]);
        assert_eq!(parse_pages("7-8,1, 3").unwrap(), vec![1, 3, 7, 8]);
        assert!(parse_pages("0").is_err());
        assert!(parse_pages("5-3").is_err());
        assert!(parse_pages("x").is_err());
        assert!(parse_pages(",").is_err());
        let a = parse_area("10,20.5,300,400").unwrap();
        assert_eq!((a.x0, a.y0, a.x1, a.y1), (10.0, 20.5, 300.0, 400.0));
        assert!(parse_area("1,2,3").is_err());
        assert!(parse_area("10,20,5,40").is_err());
        assert!(parse_area("a,b,c,d").is_err());
    }
}
