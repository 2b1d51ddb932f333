//! `figuren verify`: the self-checks of every table, per document: how many figures are
//! verified, inconsistent or unchecked, and every mismatch with its figure, cells, printed
//! and expected values and page. Exit status 1 when an explicit check is a mismatch (a data
//! team can gate a release on it), 0 otherwise, 2 on a usage or database error.

use super::lists::{open, select};
use crate::store::{CheckReport, CheckRow};
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

fn count(rep: &CheckReport, status: &str) -> i64 {
    rep.tables
        .iter()
        .filter(|(s, _)| s == status)
        .map(|(_, n)| n)
        .sum()
}

fn checks_by(rep: &CheckReport, f: impl Fn(&(String, String, String, i64)) -> bool) -> i64 {
    rep.checks.iter().filter(|c| f(c)).map(|c| c.3).sum()
}

fn path_text(json_path: &str) -> String {
    let p: Vec<String> = serde_json::from_str(json_path).unwrap_or_default();
    let p: Vec<String> = p
        .iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect();
    if p.is_empty() {
        "(no label)".into()
    } else {
        p.join(" / ")
    }
}

fn mismatch_json(m: &CheckRow) -> serde_json::Value {
    json!({
        "figure": m.figure,
        "page": m.page,
        "page_label": m.page_label,
        "kind": m.kind,
        "confidence": m.confidence,
        "printed": m.printed,
        "expected": m.expected,
        "cells": m.cells.iter().map(|c| json!({
            "row_index": c.row,
            "col_index": c.col,
            "row_path": serde_json::from_str::<serde_json::Value>(&c.row_path).unwrap_or(serde_json::Value::Null),
            "column_path": serde_json::from_str::<serde_json::Value>(&c.column_path).unwrap_or(serde_json::Value::Null),
            "raw": c.raw,
            "page": c.page,
        })).collect::<Vec<_>>(),
        "detail": m.detail,
    })
}

pub fn run(db: &Path, doc: Option<&str>, as_json: bool) -> ExitCode {
    let store = match open(db) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let docs = match select(&store, doc) {
        Ok(d) => d,
        Err(c) => return c,
    };
    let mut explicit_mismatches = 0usize;
    let mut failing_docs = 0usize;
    let mut out_docs = Vec::new();
    for (id, name) in &docs {
        let rep = match store.check_report(*id) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {}: {e}", db.display());
                return ExitCode::from(2);
            }
        };
        let explicit = rep
            .mismatches
            .iter()
            .filter(|m| m.confidence == "explicit")
            .count();
        explicit_mismatches += explicit;
        failing_docs += usize::from(explicit > 0);
        let (verified, inconsistent, unchecked) = (
            count(&rep, "verified"),
            count(&rep, "inconsistent"),
            count(&rep, "unchecked"),
        );
        let total = checks_by(&rep, |_| true);
        if as_json {
            out_docs.push(json!({
                "document": name,
                "document_id": id,
                "tables": {
                    "verified": verified,
                    "inconsistent": inconsistent,
                    "unchecked": unchecked,
                },
                "figures_without_table": rep.without_table,
                "checks": {
                    "total": total,
                    "ok": checks_by(&rep, |c| c.1 == "ok"),
                    "rounding": checks_by(&rep, |c| c.1 == "rounding"),
                    "mismatch": checks_by(&rep, |c| c.1 == "mismatch"),
                    "explicit": checks_by(&rep, |c| c.2 == "explicit"),
                    "inferred": checks_by(&rep, |c| c.2 == "inferred"),
                    "by_kind": rep.checks.iter().map(|(k, s, c, n)| json!({"kind": k, "status": s, "confidence": c, "count": n})).collect::<Vec<_>>(),
                },
                "explicit_mismatches": explicit,
                "mismatches": rep.mismatches.iter().map(mismatch_json).collect::<Vec<_>>(),
            }));
            continue;
        }
        println!("{name} (#{id})");
        println!(
            "  tables: {verified} verified, {inconsistent} inconsistent, {unchecked} unchecked; {} figures without a table",
            rep.without_table
        );
        println!(
            "  checks: {total} ({} ok, {} rounding, {} mismatch; {} explicit, {} inferred)",
            checks_by(&rep, |c| c.1 == "ok"),
            checks_by(&rep, |c| c.1 == "rounding"),
            checks_by(&rep, |c| c.1 == "mismatch"),
            checks_by(&rep, |c| c.2 == "explicit"),
            checks_by(&rep, |c| c.2 == "inferred"),
        );
        for m in &rep.mismatches {
            let page = match (&m.page, &m.page_label) {
                (Some(p), Some(l)) => format!("page {p} (printed {l})"),
                (Some(p), None) => format!("page {p}"),
                _ => "page ?".into(),
            };
            println!(
                "  MISMATCH {} {page}: {} ({}): printed {}, expected {}",
                m.figure, m.kind, m.confidence, m.printed, m.expected
            );
            for c in &m.cells {
                println!(
                    "    [{},{}] {} × {}: {}",
                    c.row,
                    c.col,
                    path_text(&c.row_path),
                    path_text(&c.column_path),
                    if c.raw.is_empty() { "(empty)" } else { &c.raw }
                );
            }
            println!("    {}", m.detail);
        }
    }
    if as_json {
        let v = json!({
            "documents": out_docs,
            "explicit_mismatches": explicit_mismatches,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into())
        );
    } else if explicit_mismatches > 0 {
        println!(
            "{explicit_mismatches} explicit mismatch(es) in {failing_docs} of {} document(s): exit status 1",
            docs.len()
        );
    } else {
        println!("no explicit mismatch in {} document(s)", docs.len());
    }
    if explicit_mismatches > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
