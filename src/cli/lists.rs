//! `figuren figures`, `figuren footnotes`, `figuren citations`, `figuren profiles`: what the
//! structure stage found, as tables for the terminal or TSV for other tools.

use crate::store::Store;
use rusqlite::types::Value;
use std::path::Path;
use std::process::ExitCode;

fn open(db: &Path) -> Result<Store, ExitCode> {
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

/// The document ids a `--document` value selects: an id, a SHA-256 (or its start), or a
/// file name; all documents when None.
fn select(store: &Store, doc: Option<&str>) -> Result<Vec<(i64, String)>, ExitCode> {
    let all: Vec<(i64, String, String)> = store
        .conn
        .prepare("SELECT id, file_name, sha256 FROM documents ORDER BY id")
        .and_then(|mut st| {
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect()
        })
        .map_err(|e| {
            eprintln!("error: {e}");
            ExitCode::from(2)
        })?;
    let Some(want) = doc else {
        return Ok(all.into_iter().map(|(i, n, _)| (i, n)).collect());
    };
    let hits: Vec<(i64, String)> = all
        .into_iter()
        .filter(|(id, name, sha)| {
            want.parse::<i64>().ok() == Some(*id)
                || (want.len() >= 8 && sha.starts_with(want))
                || name == want
                || Path::new(want)
                    .file_name()
                    .map(|f| f.to_string_lossy() == name.as_str())
                    .unwrap_or(false)
        })
        .map(|(i, n, _)| (i, n))
        .collect();
    if hits.is_empty() {
        eprintln!("error: --document {want}: no document with that id, SHA-256 or file name (see `figuren documents`)");
        return Err(ExitCode::from(2));
    }
    Ok(hits)
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

/// Runs `sql` (with ?1 = document id) for each selected document and prints the rows:
/// aligned columns (long ones cut to `widths`) on a terminal, or TSV with `tsv`.
fn print_query(
    db: &Path,
    doc: Option<&str>,
    sql: &str,
    headers: &[&str],
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
    if tsv {
        println!("document_id\t{}", headers.join("\t"));
    }
    let mut total = 0usize;
    for (id, name) in docs {
        let rows: Vec<Vec<Value>> = match store.conn.prepare(sql).and_then(|mut st| {
            st.query_map([id], |r| {
                (0..headers.len())
                    .map(|i| r.get::<_, Value>(i))
                    .collect::<Result<Vec<_>, _>>()
            })?
            .collect()
        }) {
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
        if tsv {
            for r in &rows {
                println!(
                    "{id}\t{}",
                    r.iter().map(cell).collect::<Vec<_>>().join("\t")
                );
            }
            continue;
        }
        println!("#{id} {name}: {} row(s)", rows.len());
        let line: Vec<String> = headers
            .iter()
            .zip(widths)
            .map(|(h, w)| format!("{:<w$}", truncate(h, *w), w = *w))
            .collect();
        println!("  {}", line.join("  ").trim_end());
        for r in &rows {
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
    print_query(
        db,
        doc,
        "SELECT label, title, period, source, page, page_label, kind,
                (SELECT group_concat(footnote_number, ',') FROM figure_footnotes ff WHERE ff.figure_id = f.id) AS footnotes,
                (SELECT COUNT(*) FROM links l WHERE l.figure_id = f.id) AS links
         FROM figures f WHERE document_id = ?1 ORDER BY page, y0",
        &["label", "title", "period", "source", "page", "printed", "kind", "notes", "links"],
        &[10, 60, 12, 30, 4, 7, 7, 8, 5],
        tsv,
    )
}

pub fn footnotes(db: &Path, doc: Option<&str>, tsv: bool) -> ExitCode {
    print_query(
        db,
        doc,
        "SELECT scope, number, page,
                (SELECT COUNT(*) FROM footnote_refs r WHERE r.document_id = n.document_id AND r.scope = n.scope AND r.footnote_number = n.number) AS cited,
                text
         FROM footnotes n WHERE document_id = ?1 ORDER BY scope, number",
        &["scope", "number", "page", "cited", "text"],
        &[9, 6, 4, 5, 100],
        tsv,
    )
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
