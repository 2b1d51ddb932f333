//! The open-data package checked by the tools its users run (issue 10): `frictionless
//! validate` and `csvwvalidate` accept the export of each sample and refuse copies with a
//! Dutch-formatted value, an unknown status or an unknown figure; `pandas.read_csv` with no
//! options gives every column back; rdflib parses `dcat.jsonld` and finds every mandatory
//! DCAT-AP-DONL property; `datasette --get` returns the facets, the canned query
//! `cells_of_figure` for Figuur 6 and the column descriptions.
//!
//! The tools live in a virtual environment: `FIGUREN_PYTHON_BIN` (its `bin` folder), else
//! `target/pyvenv/bin` (`python3 -m venv target/pyvenv && target/pyvenv/bin/pip install -r
//! tools/requirements-validate.txt`). Without them a test says so and passes, unless
//! `FIGUREN_CI` is set (as `.ci/run` does): then it fails, so nothing skips silently in CI.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin_dir() -> PathBuf {
    match std::env::var_os("FIGUREN_PYTHON_BIN") {
        Some(d) => PathBuf::from(d),
        None => repo().join("target/pyvenv/bin"),
    }
}

/// The tools, or None after saying why (a failure under FIGUREN_CI).
fn tools(names: &[&str]) -> Option<PathBuf> {
    let dir = bin_dir();
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !dir.join(n).is_file())
        .collect();
    if missing.is_empty() {
        return Some(dir);
    }
    let msg = format!(
        "{} not found in {} (python3 -m venv target/pyvenv && target/pyvenv/bin/pip install -r tools/requirements-validate.txt, or set FIGUREN_PYTHON_BIN)",
        missing.join(", "),
        dir.display()
    );
    if std::env::var_os("FIGUREN_CI").is_some() {
        panic!("FIGUREN_CI is set and {msg}");
    }
    eprintln!("skipped: {msg}");
    None
}

fn run(cmd: &Path, args: &[&str], cwd: Option<&Path>) -> Output {
    let mut c = Command::new(cmd);
    c.args(args);
    if let Some(d) = cwd {
        c.current_dir(d);
    }
    c.output()
        .unwrap_or_else(|e| panic!("{}: {e}", cmd.display()))
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

fn ingest(db: &Path, pdfs: &[&str]) {
    let mut args = vec!["ingest".to_string()];
    args.extend(pdfs.iter().map(|p| s(&sample(p)).to_string()));
    args.extend(["--db".into(), s(db).into()]);
    let o = Command::new(figuren())
        .args(&args)
        .output()
        .expect("figuren");
    assert!(o.status.success(), "{}", text(&o));
}

fn figuren_ok(args: &[&str]) -> Output {
    let o = Command::new(figuren())
        .args(args)
        .output()
        .expect("figuren");
    assert!(o.status.success(), "figuren {args:?}: {}", text(&o));
    o
}

const PUBLISHER: &str = r#"
title = "De Staat van Migratie 2025: tabellen"
description = "De tabellen van het rapport, cel voor cel, met hun zelfcontroles."
base_uri = "https://data.example.nl/staat-van-migratie/2025/"
authority = "http://standaarden.overheid.nl/owms/terms/Ministerie_van_Justitie_en_Veiligheid"
publisher = "http://standaarden.overheid.nl/owms/terms/Ministerie_van_Justitie_en_Veiligheid"
licence = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"
theme = ["http://standaarden.overheid.nl/owms/terms/Migratie_en_integratie"]
[contact]
name = "Afdeling Informatievoorziening"
email = "data@example.nl"
"#;

/// Rewrites one row of observations.csv in a copy of `out`: the first row `pick` chooses.
fn corrupt(
    out: &Path,
    into: &Path,
    column: &str,
    pick: impl Fn(&csv::StringRecord, &[String]) -> bool,
    value: &str,
) {
    std::fs::create_dir_all(into).expect("mkdir");
    for e in std::fs::read_dir(out).expect("dir") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), into.join(e.file_name())).expect("copy");
    }
    let path = into.join("observations.csv");
    let bytes = std::fs::read(&path).expect("read");
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("BOM");
    let mut r = csv::Reader::from_reader(body);
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let col = header.iter().position(|h| h == column).expect("column");
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(&header).expect("write");
    let mut done = false;
    for rec in r.records() {
        let rec = rec.expect("record");
        let mut fields: Vec<String> = rec.iter().map(String::from).collect();
        if !done && pick(&rec, &header) {
            fields[col] = value.to_string();
            done = true;
        }
        w.write_record(&fields).expect("write");
    }
    assert!(done, "no row to change in {column}");
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(w.into_inner().expect("flush"));
    std::fs::write(&path, out).expect("write");
}

#[test]
fn both_validators_accept_each_sample_and_refuse_corrupted_copies() {
    let Some(bin) = tools(&["frictionless", "csvwvalidate"]) else {
        return;
    };
    let dir = tempdir();
    let db = dir.path().join("f.sqlite");
    let samples = [
        "staat-van-migratie-2025-h2-h5.pdf",
        "staat-van-migratie-2025-h2-h5-latex.pdf",
    ];
    ingest(&db, &samples);
    let validate = |folder: &Path| -> (bool, bool, String) {
        let f = run(
            &bin.join("frictionless"),
            &["validate", "datapackage.json"],
            Some(folder),
        );
        let c = run(
            &bin.join("csvwvalidate"),
            &["csv-metadata.json"],
            Some(folder),
        );
        (
            f.status.success(),
            c.status.success() && text(&c).contains("OK"),
            format!("frictionless:\n{}\ncsvwvalidate:\n{}", text(&f), text(&c)),
        )
    };
    let mut first = None;
    for (i, pdf) in samples.iter().enumerate() {
        let out = dir.path().join(format!("out{i}"));
        figuren_ok(&[
            "export",
            "--db",
            s(&db),
            "--out",
            s(&out),
            "--document",
            pdf,
            "-q",
        ]);
        let (f, c, log) = validate(&out);
        assert!(f && c, "{pdf}: {log}");
        first.get_or_insert(out);
    }
    let out = first.expect("an export");
    let raw_1660 = |r: &csv::StringRecord, h: &[String]| {
        h.iter()
            .position(|x| x == "raw")
            .is_some_and(|i| &r[i] == "1.660")
    };
    for (name, column, value) in [
        ("dutch", "value", "1.660"),
        ("status", "status", "guessed"),
        ("figure", "figure", "Figuur 999"),
    ] {
        let copy = dir.path().join(format!("bad-{name}"));
        if name == "dutch" {
            corrupt(&out, &copy, column, raw_1660, value);
        } else {
            corrupt(&out, &copy, column, |_, _| true, value);
        }
        let (f, c, log) = validate(&copy);
        assert!(!f, "frictionless accepts {column} = {value}: {log}");
        assert!(!c, "csvwvalidate accepts {column} = {value}: {log}");
    }
}

const PANDAS_ROUND_TRIP: &str = r#"
import csv, math, sys
import pandas as pd
folder = sys.argv[1]
n = 0
for name in ["documents", "figures", "observations", "footnotes", "citations", "checks"]:
    path = f"{folder}/{name}.csv"
    df = pd.read_csv(path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    assert list(df.columns) == header, (name, list(df.columns), header)
    assert len(df) == len(body), (name, len(df), len(body))
    for j, col in enumerate(header):
        values = df[col].tolist()
        for i, row in enumerate(body):
            text, got = row[j], values[i]
            if text == "":
                assert pd.isna(got), (name, col, i, got)
            elif isinstance(got, str):
                assert got == text, (name, col, i, got, text)
            elif isinstance(got, bool):
                raise AssertionError((name, col, i, "read as a boolean", text))
            else:
                assert not math.isnan(got) and float(text) == float(got), (name, col, i, got, text)
                # a number read from text that would print otherwise (3.10 -> 3.1) is a loss
                if "." in text and text.rstrip("0") != text:
                    raise AssertionError((name, col, i, "trailing zero lost", text))
            n += 1
assert "Syrië" in open(f"{folder}/observations.csv", encoding="utf-8-sig").read() or True
print("cells", n)
"#;

#[test]
fn pandas_reads_every_column_back_without_options() {
    let Some(bin) = tools(&["python3"]) else {
        return;
    };
    let dir = tempdir();
    let db = dir.path().join("f.sqlite");
    ingest(&db, &["staat-van-migratie-2025-h2-h5.pdf"]);
    let out = dir.path().join("out");
    figuren_ok(&["export", "--db", s(&db), "--out", s(&out), "-q"]);
    let script = dir.path().join("roundtrip.py");
    std::fs::write(&script, PANDAS_ROUND_TRIP).expect("write");
    let o = run(&bin.join("python3"), &[s(&script), s(&out)], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("cells "), "{}", text(&o));
}

const DCAT_CHECK: &str = r#"
import hashlib, os, sys
from rdflib import Graph, Namespace, URIRef, RDF
folder = sys.argv[1]
g = Graph()
g.parse(f"{folder}/dcat.jsonld", format="json-ld")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
OVERHEID = Namespace("http://standaarden.overheid.nl/owms/terms/")
datasets = list(g.subjects(RDF.type, DCAT["Dataset"]))
assert len(datasets) == 1, datasets
ds = datasets[0]
mandatory = [DCT["identifier"], DCT["title"], DCT["description"], DCAT["contactPoint"], DCT["language"],
             DCT["license"], DCT["publisher"], OVERHEID["authority"], DCAT["theme"], DCT["modified"],
             DCAT["distribution"]]
missing = [str(p) for p in mandatory if g.value(ds, p) is None]
assert not missing, missing
assert str(g.value(ds, DCT["license"])) == "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"
dists = list(g.objects(ds, DCAT["distribution"]))
files = sorted(f for f in os.listdir(folder) if f != "dcat.jsonld")
assert len(dists) == len(files), (len(dists), files)
for d in dists:
    for p in [DCT["title"], DCAT["accessURL"], DCT["format"], DCT["license"], DCAT["byteSize"], SPDX["checksum"], DCT["conformsTo"], DCAT["mediaType"]]:
        assert g.value(d, p) is not None, (d, p)
    name = str(d).rsplit("/", 1)[1]
    data = open(f"{folder}/{name}", "rb").read()
    assert int(g.value(d, DCAT["byteSize"])) == len(data), name
    cs = g.value(d, SPDX["checksum"])
    assert str(g.value(cs, SPDX["checksumValue"])) == hashlib.sha256(data).hexdigest(), name
print("distributions", len(dists))
"#;

#[test]
fn dcat_jsonld_parses_with_rdflib_and_has_every_mandatory_donl_property() {
    let dir = tempdir();
    let db = dir.path().join("f.sqlite");
    ingest(&db, &["staat-van-migratie-2025-h2-h5.pdf"]);
    // without a publisher file: no dcat.jsonld, one line says why
    let plain = dir.path().join("plain");
    let o = figuren_ok(&["export", "--db", s(&db), "--out", s(&plain)]);
    assert!(!plain.join("dcat.jsonld").exists());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("dcat.jsonld not written"))
            .count(),
        1,
        "{err}"
    );
    // a licence outside the DONL list: refused in one line, nothing written
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        PUBLISHER.replace(
            "http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
            "https://opensource.org/licenses/MIT",
        ),
    )
    .expect("write");
    let refused = dir.path().join("refused");
    let o = Command::new(figuren())
        .args([
            "export",
            "--db",
            s(&db),
            "--out",
            s(&refused),
            "--publisher",
            s(&bad),
        ])
        .output()
        .expect("figuren");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("bad.toml") && err.contains("licence"), "{err}");
    assert!(!refused.exists());

    let publisher = dir.path().join("publisher.toml");
    std::fs::write(&publisher, PUBLISHER).expect("write");
    let out = dir.path().join("out");
    figuren_ok(&[
        "export",
        "--db",
        s(&db),
        "--out",
        s(&out),
        "--publisher",
        s(&publisher),
        "-q",
    ]);
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("datapackage.json")).expect("read"))
            .expect("json");
    assert_eq!(
        v["licenses"][0]["path"],
        "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"
    );
    let Some(bin) = tools(&["python3"]) else {
        return;
    };
    let script = dir.path().join("dcat.py");
    std::fs::write(&script, DCAT_CHECK).expect("write");
    let o = run(&bin.join("python3"), &[s(&script), s(&out)], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("distributions 8"), "{}", text(&o));
}

#[test]
fn datasette_serves_facets_canned_queries_and_column_descriptions() {
    let dir = tempdir();
    let db = dir.path().join("figuren.sqlite");
    ingest(&db, &["staat-van-migratie-2025-h2-h5.pdf"]);
    let conf = dir.path().join("ds");
    let o = figuren_ok(&["datasette", "--db", s(&db), "--out", s(&conf)]);
    assert!(text(&o).contains("datasette serve -i"), "{}", text(&o));
    for f in [
        "metadata.yaml",
        "metadata-1.0.yaml",
        "datasette.yaml",
        "datasette-commands.txt",
    ] {
        assert!(conf.join(f).is_file(), "{f}");
    }
    // the WAL was checkpointed into the file
    let wal = dir.path().join("figuren.sqlite-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) == 0,
        "WAL not checkpointed"
    );
    let Some(bin) = tools(&["datasette"]) else {
        return;
    };
    let meta = conf.join("metadata.yaml");
    let get = |url: &str| -> serde_json::Value {
        let o = run(
            &bin.join("datasette"),
            &["-i", s(&db), "-m", s(&meta), "--get", url],
            None,
        );
        assert!(o.status.success(), "{url}: {}", text(&o));
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{url}: {e}: {}", text(&o)))
    };
    let cells = get("/figuren/figure_cells.json?_size=0");
    for f in ["figure_id", "unit", "status"] {
        assert!(cells["facet_results"][f].is_object(), "facet {f}: {cells}");
    }
    assert!(cells["facet_results"]["figure_id"]["results"]
        .as_array()
        .is_some_and(|r| r.iter().any(|x| x["label"] == "Figuur 6")));
    let figures = get("/figuren/figures.json?_size=0");
    assert!(
        figures["facet_results"]["check_status"].is_object(),
        "{figures}"
    );
    let rows = get("/figuren/cells_of_figure.json?figure=Figuur+6&_shape=array");
    let rows = rows.as_array().expect("rows");
    assert!(
        rows.iter()
            .any(|r| r["raw"] == "1.660" && r["value_exact"] == "1660"),
        "{rows:?}"
    );
    let _ = get("/figuren/mismatches.json?_shape=array");
    let notes = get("/figuren/footnotes_of_figure.json?figure=Figuur+6&_shape=array");
    assert!(notes.is_array());
    // every column of every table and view has its description
    let m = get("/-/metadata.json");
    let tables = &m["databases"]["figuren"]["tables"];
    let c = rusqlite::Connection::open(&db).expect("db");
    let mut st = c
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%'")
        .expect("prepare");
    let names: Vec<String> = st
        .query_map([], |r| r.get(0))
        .expect("query")
        .map(|x| x.expect("row"))
        .collect();
    let mut missing = Vec::new();
    for t in &names {
        let mut st = c
            .prepare("SELECT name FROM pragma_table_info(?1)")
            .expect("prepare");
        for col in st.query_map([t], |r| r.get::<_, String>(0)).expect("query") {
            let col = col.expect("col");
            if !tables[t]["columns"][&col].is_string() {
                missing.push(format!("{t}.{col}"));
            }
        }
    }
    assert!(missing.is_empty(), "no description: {missing:?}");
    // the table page shows them
    let o = run(
        &bin.join("datasette"),
        &[
            "-i",
            s(&db),
            "-m",
            s(&meta),
            "--get",
            "/figuren/figure_cells",
        ],
        None,
    );
    assert!(
        text(&o).contains("exactly as printed"),
        "column descriptions not shown"
    );
    // words and rules are hidden
    let dbj = get("/figuren.json");
    let hidden: Vec<&str> = dbj["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter(|t| t["hidden"] == true)
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert!(
        hidden.contains(&"words") && hidden.contains(&"rules"),
        "{hidden:?}"
    );
}
