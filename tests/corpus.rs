//! Every PDF of the shared corpus (about 300 real files: Dutch parliament documents, table
//! benchmarks, corrupted, encrypted, Type 3, CID, rotated, scanned) goes through `figuren
//! ingest` in one batch. Each file must have a sensible outcome; the batch must finish.
//! Skips with a message where ../shared/corpus is absent.

mod common;

use common::*;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};
use std::process::Command;

/// Files that need a password (the corpus README lists them); all others must be read.
const ENCRYPTED: &[&str] = &[
    "camelot/files/health_protected.pdf",
    "pdfminer/encryption/aes-256.pdf",
    "pdfminer/encryption/rc4-128.pdf",
    "pdfplumber/pdfs/password-example.pdf",
    "tabula-java/encrypted.pdf",
];

#[test]
fn whole_corpus_ingests_with_a_sensible_outcome_per_file() {
    let Some(corpus) = corpus() else { return };
    let dir = tempdir();
    let db = dir.path().join("corpus.sqlite");
    let o = Command::new(figuren())
        .args([
            "ingest",
            corpus.to_str().expect("utf8"),
            "--db",
            db.to_str().expect("utf8"),
            "--quiet",
            "--timeout",
            "120",
        ])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&o.stderr);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the encrypted files fail, so the exit code is 1\n{out}\n{err}"
    );

    // failures: exactly the encrypted files, each with one line naming it
    let failed: Vec<&str> = err.lines().filter(|l| l.starts_with("FAILED")).collect();
    for f in &failed {
        assert!(
            ENCRYPTED.iter().any(|e| f.contains(e)) && f.contains("password"),
            "unexpected failure: {f}"
        );
    }
    assert_eq!(failed.len(), ENCRYPTED.len(), "{err}");

    // features of each file, from the corpus index
    let features = std::fs::read_to_string(corpus.join("FEATURES.tsv")).expect("FEATURES.tsv");
    let mut expected: HashMap<String, (i64, i64)> = HashMap::new();
    for line in features.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 6 {
            if let (Ok(pages), Ok(chars)) = (f[1].parse::<i64>(), f[5].parse::<i64>()) {
                expected.insert(f[0].to_string(), (pages, chars));
            }
        }
    }
    let conn = Connection::open(&db).expect("db");
    let mut st = conn.prepare("SELECT file_path, page_count, has_text_layer, (SELECT COUNT(*) FROM words w WHERE w.document_id = d.id) FROM documents d").expect("sql");
    let rows: Vec<(String, i64, i64, i64)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    let prefix = format!("{}/", corpus.display());
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for (path, pages, text, words) in &rows {
        let rel = path.strip_prefix(&prefix).unwrap_or(path).to_string();
        seen.insert(rel.clone());
        let Some(&(want_pages, chars)) = expected.get(&rel) else {
            continue;
        };
        if *pages != want_pages {
            problems.push(format!("{rel}: {pages} pages, poppler counts {want_pages}"));
        }
        if chars > 0 && (*text == 0 || *words == 0) {
            problems.push(format!(
                "{rel}: poppler finds {chars} characters on the first pages, figuren no text layer"
            ));
        }
    }
    for scanned in [
        "plooi/blg-1007826.pdf",
        "woo-vws/woodecision/besluitbrief.pdf",
        "camelot/files/image.pdf",
    ] {
        let text: i64 = conn
            .query_row(
                "SELECT has_text_layer FROM documents WHERE file_path LIKE '%' || ?1",
                [scanned],
                |r| r.get(0),
            )
            .unwrap_or(-1);
        if text != 0 {
            problems.push(format!(
                "{scanned}: a scan without text, has_text_layer = {text}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // every non-encrypted PDF is in the database (byte-identical copies share one row)
    let pdfs = expected
        .keys()
        .filter(|k| !ENCRYPTED.contains(&k.as_str()))
        .count();
    let unchanged = out
        .split(" unchanged")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    assert_eq!(rows.len() + unchanged, pdfs, "{out}");
}
