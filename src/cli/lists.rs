//! `figuren figures`, `figuren footnotes`, `figuren citations`, `figuren profiles`: what the
//! structure stage found, as tables for the terminal or TSV for other tools.

use crate::store::{Listing, NoSuchDocument, Store};
use rusqlite::types::Value;
use std::path::Path;
use std::process::ExitCode;

pub(super) fn open(db: &Path) -> Result<Store, ExitCode> {
    if !db.exists() {
        eprintln!(
            "error: {}: no such database; create it with `figuren ingest <PDF or folder> --db {}`",
            db.display(),
            db.display()
        );
        return Err(ExitCode::from(2));
    }
    Store::open(db).map_err(|e| {
        eprintln!("error: {}: {e}", db.display());
        ExitCode::from(2)
    })
}

/// The documents a `--document` value selects (all when None), or the exit code after an
/// error was printed.
pub(super) fn select(store: &Store, doc: Option<&str>) -> Result<Vec<(i64, String)>, ExitCode> {
    match store.select_documents(doc) {
        Ok(Ok(d)) => Ok(d),
        Ok(Err(NoSuchDocument(want))) => {
            eprintln!("error: --document {want}: no document with that id, SHA-256 or file name (see `figuren documents`)");
            Err(ExitCode::from(2))
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(ExitCode::from(2))
        }
    }
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => format!("{r}"),
        Value::Text(t) => t.replace(['\t', '\n'], " "),
        Value::Blob(_) => "<blob>".into(),
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n.saturating_sub(1)).collect::<String>() + "…"
    }
}

/// Prints a listing for each selected document: aligned columns (long ones cut to
/// `widths`) on a terminal, or TSV with `tsv`.
fn print_listing(
    db: &Path,
    doc: Option<&str>,
    what: Listing,
    widths: &[usize],
    tsv: bool,
) -> ExitCode {
    let store = match open(db) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let docs = match select(&store, doc) {
        Ok(d) => d,
        Err(c) => return c,
    };
    let mut header_done = false;
    let mut total = 0usize;
    for (id, name) in docs {
        let table = match store.listing(what, id) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        if tsv && !header_done {
            println!("document_id\t{}", table.headers.join("\t"));
            header_done = true;
        }
        if table.rows.is_empty() {
            continue;
        }
        total += table.rows.len();
        if tsv {
            for r in &table.rows {
                println!(
                    "{id}\t{}",
                    r.iter().map(cell).collect::<Vec<_>>().join("\t")
                );
            }
            continue;
        }
        println!("#{id} {name}: {} row(s)", table.rows.len());
        let line: Vec<String> = table
            .headers
            .iter()
            .zip(widths)
            .map(|(h, w)| format!("{:<w$}", truncate(h, *w), w = *w))
            .collect();
        println!("  {}", line.join("  ").trim_end());
        for r in &table.rows {
            let line: Vec<String> = r
                .iter()
                .zip(widths)
                .map(|(v, w)| format!("{:<w$}", truncate(&cell(v), *w), w = *w))
                .collect();
            println!("  {}", line.join("  ").trim_end());
        }
    }
    if !tsv {
        println!("{total} row(s)");
    }
    ExitCode::SUCCESS
}

pub fn figures(db: &Path, doc: Option<&str>, tsv: bool) -> ExitCode {
    print_listing(
        db,
        doc,
        Listing::Figures,
        &[10, 60, 12, 30, 4, 7, 7, 8, 5],
        tsv,
    )
}

pub fn footnotes(db: &Path, doc: Option<&str>, tsv: bool) -> ExitCode {
    print_listing(db, doc, Listing::Footnotes, &[11, 6, 4, 5, 100], tsv)
}

/// The citations of each selected document with the paper each points to (read through
/// `Store::citation_links`).
pub fn citations(db: &Path, doc: Option<&str>, tsv: bool, resolved: bool) -> ExitCode {
    let store = match open(db) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let docs = match select(&store, doc) {
        Ok(d) => d,
        Err(c) => return c,
    };
    let headers = [
        "note",
        "page",
        "kind",
        "identifier",
        "raw",
        "cited_id",
        "cited_file",
        "cited_subject",
        "cited_date",
        "url",
    ];
    let widths = [5, 4, 12, 24, 40, 8, 24, 36, 10, 50];
    if tsv {
        println!("document_id\t{}", headers.join("\t"));
    }
    let mut total = 0usize;
    for (id, name) in docs {
        let rows = match store.citation_links(id, resolved) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        if rows.is_empty() {
            continue;
        }
        total += rows.len();
        let cells = |c: &crate::store::CitationLink| -> Vec<String> {
            let o = |v: &Option<String>| v.clone().unwrap_or_default();
            vec![
                c.footnote_number.map(|n| n.to_string()).unwrap_or_default(),
                c.page.to_string(),
                c.kind.clone(),
                c.identifier.clone(),
                c.raw.clone(),
                c.cited_document_id
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                o(&c.cited_file_name),
                o(&c.cited_subject),
                o(&c.cited_date),
                o(&c.url),
            ]
        };
        if tsv {
            for r in &rows {
                let line: Vec<String> = cells(r)
                    .iter()
                    .map(|c| c.replace(['\t', '\n'], " "))
                    .collect();
                println!("{id}\t{}", line.join("\t"));
            }
            continue;
        }
        println!("#{id} {name}: {} row(s)", rows.len());
        let line: Vec<String> = headers
            .iter()
            .zip(widths)
            .map(|(h, w)| format!("{:<w$}", truncate(h, w), w = w))
            .collect();
        println!("  {}", line.join("  ").trim_end());
        for r in &rows {
            let line: Vec<String> = cells(r)
                .iter()
                .zip(widths)
                .map(|(v, w)| format!("{:<w$}", truncate(&v.replace(['\t', '\n'], " "), w), w = w))
                .collect();
            println!("  {}", line.join("  ").trim_end());
        }
    }
    if !tsv {
        println!("{total} row(s)");
    }
    ExitCode::SUCCESS
}

pub fn profiles(parsers: Option<&Path>) -> ExitCode {
    match crate::profile::load(parsers) {
        Ok(ps) => {
            println!(
                "{:<20} {:<10} {:>8}  description",
                "name", "family", "priority"
            );
            for p in &ps {
                println!(
                    "{:<20} {:<10} {:>8}  {}",
                    p.name, p.family, p.priority, p.description
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
