//! `figuren verify` and `figuren export` end to end on the samples: the exit-code rule of
//! verify, the CSV read back with the `csv` crate against the database, the JSON files,
//! same database → same bytes, and atomic replacement (issue 8).

mod common;

use common::*;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(figuren())
        .args(args)
        .output()
        .expect("runs figuren")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

/// The two report renderings ingested into a new database.
fn ingested(dir: &Path) -> PathBuf {
    let db = dir.join("f.sqlite");
    let o = run(&[
        "ingest",
        s(&sample("staat-van-migratie-2025-h2-h5.pdf")),
        s(&sample("staat-van-migratie-2025-h2-h5-latex.pdf")),
        "--db",
        s(&db),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    db
}

fn export(db: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["export", "--db", s(db), "--out", s(out), "--quiet"];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert!(o.status.success(), "{}", text(&o));
    assert!(o.stdout.is_empty(), "--quiet prints nothing: {}", text(&o));
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

#[test]
fn verify_exit_status_follows_explicit_mismatches() {
    let dir = tempdir();
    let db = ingested(dir.path());
    // the samples are consistent
    let o = run(&["verify", "--db", s(&db)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("35 verified, 0 inconsistent, 4 unchecked"),
        "{out}"
    );
    assert!(
        out.contains("no explicit mismatch in 2 document(s)"),
        "{out}"
    );

    // an inferred check that fails does not fail the run
    let c = Connection::open(&db).expect("db");
    let inferred: i64 = c
        .query_row(
            "SELECT k.id FROM checks k JOIN figures f ON f.id = k.figure_id
              WHERE k.confidence = 'inferred' ORDER BY k.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("an inferred check");
    c.execute(
        "UPDATE checks SET status = 'mismatch', detail = 'made up' WHERE id = ?1",
        [inferred],
    )
    .expect("update");
    let o = run(&["verify", "--db", s(&db)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("MISMATCH"), "{}", text(&o));

    // an explicit one does, and is reported with its figure, cells, values and page
    let (id, label): (i64, String) = c
        .query_row(
            "SELECT k.id, f.label FROM checks k JOIN figures f ON f.id = k.figure_id
              WHERE k.confidence = 'explicit' AND k.kind = 'percent_change'
                AND f.document_id = (SELECT id FROM documents WHERE file_name = 'staat-van-migratie-2025-h2-h5.pdf')
              ORDER BY k.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("an explicit check");
    c.execute(
        "UPDATE checks SET status = 'mismatch', expected = '-31.00', detail = 'made up' WHERE id = ?1",
        [id],
    )
    .expect("update");
    c.execute(
        "UPDATE figures SET check_status = 'inconsistent' WHERE id = (SELECT figure_id FROM checks WHERE id = ?1)",
        [id],
    )
    .expect("update");
    drop(c);
    let o = run(&["verify", "--db", s(&db)]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains(&format!("MISMATCH {label} page ")), "{out}");
    assert!(out.contains("expected -31.00"), "{out}");
    assert!(
        out.contains("1 explicit mismatch(es) in 1 of 2 document(s)"),
        "{out}"
    );

    // only the other document: nothing explicit fails there
    let o = run(&[
        "verify",
        "--db",
        s(&db),
        "--document",
        "staat-van-migratie-2025-h2-h5-latex.pdf",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // JSON: the same verdict, the mismatch with its cells
    let o = run(&["verify", "--db", s(&db), "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["explicit_mismatches"], 1);
    let docs = v["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 2);
    let m = docs
        .iter()
        .flat_map(|d| d["mismatches"].as_array().into_iter().flatten())
        .find(|m| m["confidence"] == "explicit")
        .expect("the explicit mismatch");
    assert_eq!(m["figure"], label.as_str());
    assert_eq!(m["expected"], "-31.00");
    assert!(m["page"].as_i64().is_some(), "{m}");
    assert!(m["cells"].as_array().is_some_and(|c| c.len() >= 2), "{m}");
    assert!(m["cells"][0]["row_path"].is_array(), "{m}");

    // a missing database is a usage error
    let o = run(&["verify", "--db", s(&dir.path().join("none.sqlite"))]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

/// A CSV file read with the csv crate: header and records (the BOM removed first).
fn read_csv(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let bytes = std::fs::read(path).expect("read");
    let body = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or_else(|| panic!("{}: starts with a UTF-8 BOM", path.display()));
    let mut r = csv::ReaderBuilder::new().from_reader(body);
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r.records().map(|x| x.expect("record")).collect();
    (header, rows)
}

#[test]
fn csv_export_reads_back_as_the_database() {
    let dir = tempdir();
    let db = ingested(dir.path());
    let out = dir.path().join("out");
    export(&db, &out, &[]);

    let c = Connection::open(&db).expect("db");
    let (header, rows) = read_csv(&out.join("observations.csv"));
    let ix = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name}"))
    };
    // every cell of the database, straight from figure_cells (not through the view)
    let mut st = c
        .prepare(
            "SELECT d.sha256, f.label, c.row_index, c.col_index, c.row_path, c.column_path, c.raw,
                    c.value_exact, c.unit, c.status, c.page, f.check_status, f.title
               FROM figure_cells c JOIN figures f ON f.id = c.figure_id
               JOIN documents d ON d.id = f.document_id",
        )
        .expect("prepare");
    type Row = (
        String,
        Option<String>,
        Option<String>,
        String,
        i64,
        String,
        String,
        String,
        String,
    );
    let mut want: BTreeMap<(String, String, i64, i64), Row> = BTreeMap::new();
    let cells = st
        .query_map([], |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?),
                (
                    r.get::<_, String>(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(12)?,
                ),
            ))
        })
        .expect("query");
    for x in cells {
        let (k, v) = x.expect("row");
        want.insert(k, v);
    }
    assert!(want.len() > 1000, "{} cells", want.len());
    assert_eq!(rows.len(), want.len(), "one row per cell");
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let mut seen = 0;
    for r in &rows {
        let key = (
            r[ix("document_sha256")].to_string(),
            r[ix("figure")].to_string(),
            r[ix("row_index")].parse::<i64>().expect("row_index"),
            r[ix("col_index")].parse::<i64>().expect("col_index"),
        );
        let w = want
            .get(&key)
            .unwrap_or_else(|| panic!("{key:?} not in the database"));
        assert_eq!(r[ix("raw")], w.0, "{key:?}");
        assert_eq!(opt(&r[ix("value")]), w.1, "{key:?}");
        assert_eq!(opt(&r[ix("value_exact")]), w.1, "{key:?}");
        assert_eq!(opt(&r[ix("unit")]), w.2, "{key:?}");
        assert_eq!(r[ix("status")], w.3, "{key:?}");
        assert_eq!(r[ix("page")].parse::<i64>().expect("page"), w.4, "{key:?}");
        assert_eq!(r[ix("check_status")], w.5, "{key:?}");
        assert_eq!(r[ix("row_path")], w.6, "{key:?}");
        assert_eq!(r[ix("column_path")], w.7, "{key:?}");
        assert_eq!(r[ix("title")], w.8, "{key:?}");
        // paths are JSON arrays of strings
        let p: Vec<String> = serde_json::from_str(&r[ix("row_path")]).expect("row_path");
        assert!(!p.is_empty(), "{key:?}");
        seen += 1;
    }
    assert_eq!(seen, want.len());
    // the view is the same long table
    let view: i64 = c
        .query_row("SELECT COUNT(*) FROM observations", [], |r| r.get(0))
        .expect("view");
    assert_eq!(view as usize, rows.len());
    // a Dutch thousands separator is gone from value, kept in raw
    assert!(rows.iter().any(|r| r[ix("raw")].contains('.')
        && !r[ix("value")].contains('.')
        && r[ix("status")] == *"ok"));

    // the other files: one row per database row
    let count = |sql: &str| -> usize {
        c.query_row(sql, [], |r| r.get::<_, i64>(0)).expect("count") as usize
    };
    for (file, sql) in [
        ("documents.csv", "SELECT COUNT(*) FROM documents"),
        ("figures.csv", "SELECT COUNT(*) FROM figures"),
        ("footnotes.csv", "SELECT COUNT(*) FROM footnotes"),
        ("citations.csv", "SELECT COUNT(*) FROM citations"),
        ("checks.csv", "SELECT COUNT(*) FROM checks"),
    ] {
        let (_, rows) = read_csv(&out.join(file));
        assert_eq!(rows.len(), count(sql), "{file}");
    }
    let (h, checks) = read_csv(&out.join("checks.csv"));
    let status = h.iter().position(|x| x == "status").expect("status");
    assert_eq!(
        checks.iter().filter(|r| &r[status] == "mismatch").count(),
        count("SELECT COUNT(*) FROM checks WHERE status = 'mismatch'")
    );
    let (h, figures) = read_csv(&out.join("figures.csv"));
    let fs = h
        .iter()
        .position(|x| x == "check_status")
        .expect("check_status");
    assert_eq!(
        figures.iter().filter(|r| &r[fs] == "verified").count(),
        count("SELECT COUNT(*) FROM figures WHERE check_status = 'verified'")
    );
}

#[test]
fn export_is_deterministic_and_replaces_files_whole() {
    let dir = tempdir();
    let db = ingested(dir.path());
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    export(&db, &a, &[]);
    export(&db, &b, &[]);
    let fa = files(&a);
    assert!(fa.contains_key("observations.csv"), "{:?}", fa.keys());
    assert_eq!(fa, files(&b), "same database, same bytes");
    // into the same folder again: the same files, no temporary file left behind
    std::fs::write(a.join("observations.csv"), "stale").expect("write");
    export(&db, &a, &[]);
    assert_eq!(fa, files(&a));

    // JSON: the same rows, values typed
    let j = dir.path().join("j");
    export(&db, &j, &["--format", "json"]);
    let (_, rows) = read_csv(&a.join("observations.csv"));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(j.join("observations.json")).expect("read"))
            .expect("json");
    let objs = v.as_array().expect("array");
    assert_eq!(objs.len(), rows.len());
    assert!(objs[0]["row_path"].is_array(), "{}", objs[0]);
    assert!(objs.iter().any(|o| o["value"].is_number()));
    assert!(objs.iter().all(|o| o["raw"].is_string()));
    let j2 = dir.path().join("j2");
    export(&db, &j2, &["--format", "json"]);
    assert_eq!(files(&j), files(&j2));

    // without the BOM
    let n = dir.path().join("n");
    export(&db, &n, &["--no-bom"]);
    let bytes = std::fs::read(n.join("observations.csv")).expect("read");
    assert!(bytes.starts_with(b"document,"));
}
