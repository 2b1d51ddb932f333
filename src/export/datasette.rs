//! `figuren datasette`: the files to serve the database with Datasette.
//!
//! - `metadata.yaml` (Datasette 0.65): title, licence and source of the database and of
//!   every table, a description of every column (taken from the column tables of
//!   `schema/README.md`, compiled in), and the table settings and canned queries, which 0.65
//!   reads from the metadata.
//! - `datasette.yaml` (Datasette 1.0): the settings: facets on figure, unit, status and
//!   check_status, an integer sort key for each table (never a label: `Tabel 3.10` sorts
//!   before `Tabel 3.9` as text), `words` and `rules` hidden, the canned queries
//!   `cells_of_figure`, `mismatches`, `footnotes_of_figure`.
//! - `metadata-1.0.yaml`: the descriptions alone, for Datasette 1.0, which reads settings
//!   and canned queries only from `datasette.yaml`.
//! - `datasette-commands.txt`: how to start each version.
//!
//! `tests/package.rs` runs Datasette 0.65.5 on `metadata.yaml`. The 1.0 pair was checked by
//! hand with 1.0a41 (facets, `cells_of_figure` for Figuur 6, the column descriptions); 1.0
//! serves no canned query from `metadata.yaml`, hence the separate `metadata-1.0.yaml`.
//!
//! YAML is written by hand: block mappings and sequences, every string double-quoted with
//! JSON escapes (valid YAML), keys sorted: the same database gives the same bytes.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The documentation of every table and view of the database (`schema/README.md`).
const SCHEMA_README: &str = include_str!("../../schema/README.md");

/// Column descriptions per table or view, from the `| \`column\` | type | meaning |` rows
/// under each `## name` heading of `schema/README.md` (a row may name several columns:
/// `` `x0`, `y0`, `x1`, `y1` ``). The heading `## citations.cited_document_id` adds to
/// `citations`. Sections after `## Export files` (the CSV columns) are not the database's.
pub fn column_docs() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut docs: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut table: Option<String> = None;
    for line in SCHEMA_README.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            if h.starts_with("Export files") {
                break;
            }
            let name = h.split_whitespace().next().unwrap_or("");
            let name = name.split('.').next().unwrap_or(name);
            table = (!name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()))
            .then(|| name.to_string());
            continue;
        }
        let Some(t) = &table else { continue };
        let Some(row) = line.strip_prefix('|') else {
            continue;
        };
        let cells: Vec<&str> = row.split(" | ").map(str::trim).collect();
        if cells.len() < 2 || cells[0].starts_with("---") || cells[0] == "column" {
            continue;
        }
        let names: Vec<&str> = cells[0]
            .split(',')
            .map(|n| n.trim().trim_matches('`'))
            .filter(|n| !n.is_empty() && !n.contains(' '))
            .collect();
        let meaning = cells.last().unwrap_or(&"").trim_end_matches('|').trim();
        let meaning = if cells.len() >= 3 && !cells[1].is_empty() {
            format!("{} ({})", meaning, cells[1])
        } else {
            meaning.to_string()
        };
        for n in names {
            docs.entry(t.clone())
                .or_default()
                .entry(n.to_string())
                .or_insert_with(|| meaning.clone());
        }
    }
    docs
}

/// The first sentence of the paragraph under each table's heading.
fn table_docs() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut table: Option<String> = None;
    let mut para = String::new();
    let mut flush = |table: &Option<String>, para: &mut String| {
        if let Some(t) = table {
            let p = para
                .trim()
                .trim_start_matches("(Version 3.) ")
                .trim_start_matches("(Version 5.) ");
            if !p.is_empty() {
                let first = match p.find(". ") {
                    Some(i) => &p[..=i],
                    None => p,
                };
                out.entry(t.clone()).or_insert_with(|| first.to_string());
            }
        }
        para.clear();
    };
    for line in SCHEMA_README.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            flush(&table, &mut para);
            let name = h.split_whitespace().next().unwrap_or("");
            table = (!name.contains('.')).then(|| name.to_string());
            continue;
        }
        let l = line.trim();
        if l.is_empty() || l.starts_with('|') || l.starts_with("```") {
            if !para.is_empty() {
                flush(&table, &mut para);
                table = None;
            }
            continue;
        }
        para.push_str(l);
        para.push(' ');
    }
    out
}

pub const CELLS_OF_FIGURE: &str = "SELECT document, figure, title, row_index, col_index, row_path, column_path, raw, value_exact, unit, status, page, page_label, check_status
  FROM observations
 WHERE figure = :figure
 ORDER BY document_id, row_index, col_index";

pub const MISMATCHES: &str = "SELECT d.file_name AS document, f.label AS figure, f.page, k.kind, k.confidence, k.printed, k.expected, k.cells, k.detail
  FROM checks k
  JOIN figures f ON f.id = k.figure_id
  JOIN documents d ON d.id = f.document_id
 WHERE k.status = 'mismatch'
 ORDER BY d.id, f.id, k.id";

pub const FOOTNOTES_OF_FIGURE: &str = "SELECT d.file_name AS document, f.label AS figure, n.scope, n.number, n.page, n.text
  FROM figures f
  JOIN documents d ON d.id = f.document_id
  JOIN (SELECT figure_id, scope, footnote_number FROM footnote_refs WHERE figure_id IS NOT NULL
        UNION
        SELECT figure_id, 'document', footnote_number FROM figure_footnotes) r ON r.figure_id = f.id
  JOIN footnotes n ON n.document_id = f.document_id AND n.scope = r.scope AND n.number = r.footnote_number
 WHERE f.label = :figure
 ORDER BY d.id, n.scope, n.number";

/// What the files say about the database.
#[derive(Debug, Clone, Default)]
pub struct Info {
    /// Datasette's name of the database: the file name without extension.
    pub name: String,
    /// The database's tables and views with their columns, in the database's order.
    pub tables: Vec<(String, Vec<String>)>,
    /// The documents read into it (file names).
    pub sources: Vec<String>,
    /// `(URI, title)` from `--publisher`; none without one (never guessed).
    pub licence: Option<(String, String)>,
    pub version: String,
}

fn queries() -> Value {
    json!({
        "cells_of_figure": {
            "title": "Cells of a figure",
            "description": "Every cell of the tables with this label (`Figuur 6`, `Tabel 3.10`), in every document: header paths, the text as printed, the exact value, unit, status, page and the figure's check verdict.",
            "sql": CELLS_OF_FIGURE,
        },
        "mismatches": {
            "title": "Checks that do not add up",
            "description": "Every self-check with outcome mismatch: the figure, the relation, the printed and the recomputed value, the cells and the likely cause.",
            "sql": MISMATCHES,
        },
        "footnotes_of_figure": {
            "title": "Footnotes of a figure",
            "description": "The footnotes cited in the caption or the table of the figure with this label.",
            "sql": FOOTNOTES_OF_FIGURE,
        },
    })
}

/// The table settings: facets, sort keys, hidden tables, label columns.
fn table_settings() -> Value {
    json!({
        "figure_cells": { "facets": ["figure_id", "unit", "status"], "sort": "figure_id" },
        "figures": { "facets": ["check_status", "kind", "document_id"], "sort": "id", "label_column": "label" },
        "checks": { "facets": ["kind", "status", "confidence"], "sort": "id" },
        "observations": { "facets": ["figure", "unit", "status", "check_status"], "sort": "figure_id" },
        "documents": { "sort": "id", "label_column": "file_name" },
        "footnotes": { "sort": "id" },
        "citations": { "sort": "id" },
        "words": { "hidden": true },
        "rules": { "hidden": true },
    })
}

fn descriptive(info: &Info) -> (Map<String, Value>, Value) {
    let docs = column_docs();
    let tdocs = table_docs();
    let source = if info.sources.is_empty() {
        "no documents".to_string()
    } else {
        format!("the PDFs {}", info.sources.join(", "))
    };
    let mut top = Map::new();
    top.insert(
        "title".into(),
        json!("figuren: tables read from Dutch government publications"),
    );
    top.insert(
        "description".into(),
        json!(format!(
            "What figuren {} read from {}: pages, words, figures, their tables as typed cells, self-checks, footnotes and citations. Columns are described in schema/README.md.",
            info.version, source
        )),
    );
    top.insert("source".into(), json!(source));
    if let Some((uri, title)) = &info.licence {
        top.insert("license".into(), json!(title));
        top.insert("license_url".into(), json!(uri));
    }
    let mut tables = Map::new();
    for (t, cols) in &info.tables {
        let mut m = Map::new();
        let d = docs.get(t);
        m.insert(
            "description".into(),
            json!(tdocs
                .get(t)
                .cloned()
                .unwrap_or_else(|| format!("The table {t} (schema/README.md)."))),
        );
        m.insert("source".into(), json!(source));
        if let Some((uri, title)) = &info.licence {
            m.insert("license".into(), json!(title));
            m.insert("license_url".into(), json!(uri));
        }
        let mut c = Map::new();
        for col in cols {
            if let Some(text) = d.and_then(|d| d.get(col)) {
                c.insert(col.clone(), json!(text));
            }
        }
        m.insert("columns".into(), Value::Object(c));
        tables.insert(t.clone(), Value::Object(m));
    }
    let db = json!({
        "title": top["title"],
        "description": top["description"],
        "source": source,
        "tables": Value::Object(tables),
    });
    (top, db)
}

fn merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (a, b) => *a = b.clone(),
    }
}

/// `metadata.yaml` for Datasette 0.65 (descriptions, settings and canned queries).
pub fn metadata_065(info: &Info) -> Value {
    let (mut top, mut db) = descriptive(info);
    let present: Vec<&str> = info.tables.iter().map(|(t, _)| t.as_str()).collect();
    let mut settings = table_settings();
    if let Value::Object(m) = &mut settings {
        m.retain(|k, _| present.contains(&k.as_str()));
    }
    merge(&mut db["tables"], &settings);
    db["queries"] = queries();
    top.insert("databases".into(), json!({ info.name.clone(): db }));
    Value::Object(top)
}

/// `metadata-1.0.yaml`: the descriptions alone.
pub fn metadata_10(info: &Info) -> Value {
    let (mut top, db) = descriptive(info);
    top.insert("databases".into(), json!({ info.name.clone(): db }));
    Value::Object(top)
}

/// `datasette.yaml` for Datasette 1.0: settings and canned queries.
pub fn config_10(info: &Info) -> Value {
    let present: Vec<&str> = info.tables.iter().map(|(t, _)| t.as_str()).collect();
    let mut settings = table_settings();
    if let Value::Object(m) = &mut settings {
        m.retain(|k, _| present.contains(&k.as_str()));
    }
    json!({
        "databases": {
            info.name.clone(): {
                "tables": settings,
                "queries": queries(),
            }
        }
    })
}

/// The commands to serve the database with each version; `db` and `dir` (the folder of the
/// YAML files) as given on the command line, so the commands run where figuren ran.
pub fn commands(db: &str, dir: &str) -> String {
    let q = shell_quote(db);
    let at = |f: &str| shell_quote(&std::path::Path::new(dir).join(f).to_string_lossy());
    format!(
        "# Datasette 0.65 (pip install 'datasette==0.65.5'):\n\
         datasette serve -i {q} -m {}\n\
         # Datasette 1.0 (pip install --pre 'datasette>=1.0a0'): settings and queries in datasette.yaml\n\
         datasette serve -i {q} -m {} -c {}\n\
         # Either, without a server (a test, a check in CI):\n\
         datasette -i {q} -m {} --get '/{}/figure_cells.json?_size=0'\n",
        at("metadata.yaml"),
        at("metadata-1.0.yaml"),
        at("datasette.yaml"),
        at("metadata.yaml"),
        db_name(db)
    )
}

/// Datasette's name of a database file: its file name without the extension.
pub fn db_name(path: &str) -> String {
    let file = std::path::Path::new(path)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string());
    match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => file,
    }
}

fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// A JSON value as block YAML (strings double-quoted with JSON escapes).
pub fn yaml(v: &Value) -> String {
    let mut out = String::new();
    emit(v, 0, &mut out);
    out
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()),
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(o) if o.is_empty() => "{}".into(),
        _ => String::new(),
    }
}

fn is_block(v: &Value) -> bool {
    match v {
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => false,
    }
}

fn emit(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let key = serde_json::to_string(k).unwrap_or_else(|_| "\"\"".into());
                if is_block(x) {
                    out.push_str(&format!("{pad}{key}:\n"));
                    emit(x, indent + 2, out);
                } else {
                    out.push_str(&format!("{pad}{key}: {}\n", scalar(x)));
                }
            }
        }
        Value::Array(a) => {
            for x in a {
                if is_block(x) {
                    out.push_str(&format!("{pad}-\n"));
                    emit(x, indent + 2, out);
                } else {
                    out.push_str(&format!("{pad}- {}\n", scalar(x)));
                }
            }
        }
        x => out.push_str(&format!("{pad}{}\n", scalar(x))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_docs_come_from_the_schema_readme() {
        let d = column_docs();
        assert!(d["figure_cells"]["raw"].contains("exactly as printed"));
        assert!(d["words"].contains_key("x0") && d["words"].contains_key("y1"));
        assert!(d["checks"].contains_key("confidence"));
        assert!(d["citations"].contains_key("cited_document_id"));
        assert!(!d.contains_key("observations.csv"));
    }

    #[test]
    fn yaml_is_block_style_with_quoted_strings() {
        let v = json!({"a": {"b": ["x", "y: z"], "c": 1, "d": true}, "e": "Syrië \"q\"\nx"});
        assert_eq!(
            yaml(&v),
            "\"a\":\n  \"b\":\n    - \"x\"\n    - \"y: z\"\n  \"c\": 1\n  \"d\": true\n\"e\": \"Syrië \\\"q\\\"\\nx\"\n"
        );
        assert_eq!(db_name("/tmp/x/figuren.sqlite"), "figuren");
        assert_eq!(db_name("f.db"), "f");
    }
}
