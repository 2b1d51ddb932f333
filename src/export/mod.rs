//! `figuren export`: the database as open-data files. One file per [`columns::Resource`]
//! (documents, figures, observations — the tidy long table, one row per cell — footnotes,
//! citations, checks), as CSV or JSON.
//!
//! - UTF-8, a dot as the decimal mark, exact decimals (`value` is the canonical text of the
//!   exact value, never a binary float), ISO dates, JSON arrays for header paths: pandas
//!   and R read the files without options.
//! - Streamed: rows go from SQLite to the file one at a time (memory flat in the number of
//!   cells); all files are read in one read transaction (one snapshot of the database).
//! - Deterministic: every query has a total order and nothing depends on the clock; the
//!   same database gives the same bytes.
//! - Atomic per file: each file is written under a temporary name in the target folder,
//!   flushed to disk and renamed over the old one; an interrupted export leaves the old
//!   file (or none), never half a file under the final name.
//! - With CSV, the package descriptions `datapackage.json` and `csv-metadata.json`
//!   ([`package`]); with a publisher file, `dcat.jsonld` ([`dcat`]).

pub mod columns;
pub mod datasette;
pub mod dcat;
pub mod package;

use crate::store::{Field, Store, StoreError};
use columns::{Resource, Type, RESOURCES};
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    pub fn extension(&self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Options {
    pub format: Format,
    /// Start each CSV with a UTF-8 byte-order mark (for Excel; R's `read.csv` then needs
    /// `fileEncoding = "UTF-8-BOM"`).
    pub bom: bool,
    /// The publisher file's content: licence for the package files and `dcat.jsonld`.
    pub publisher: Option<dcat::Publisher>,
}

#[derive(Debug)]
pub enum ExportError {
    Store(StoreError),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Store(e) => write!(f, "{e}"),
            ExportError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for ExportError {}

impl From<StoreError> for ExportError {
    fn from(e: StoreError) -> Self {
        ExportError::Store(e)
    }
}

/// A file written: its path and rows (none for a description).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub rows: Option<u64>,
}

/// What an export wrote, and what it did not write and why (one line each).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub written: Vec<Written>,
    pub notes: Vec<String>,
}

/// Size and SHA-256 (hex) of a file, read in blocks.
fn digest(path: &Path) -> std::io::Result<(u64, String)> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut f = File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            break;
        }
        n += k as u64;
        h.update(&buf[..k]);
    }
    Ok((n, format!("{:x}", h.finalize())))
}

/// Writes `bytes` to `path` atomically.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let io = |e: std::io::Error| ExportError::Io(path.to_path_buf(), e);
    let mut f = AtomicFile::create(path).map_err(io)?;
    f.writer().map_err(io)?.write_all(bytes).map_err(io)?;
    f.commit().map_err(io)
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s.into_bytes()
}

/// A file written under a temporary name in its folder, renamed into place by
/// [`AtomicFile::commit`]; dropped without a commit, the temporary file is removed.
pub struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    out: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(dest: &Path) -> std::io::Result<AtomicFile> {
        let dir = dest.parent().unwrap_or(Path::new("."));
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "export".into());
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        // a leftover of an earlier run of a process with the same id
        let _ = std::fs::remove_file(&tmp);
        let file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        Ok(AtomicFile {
            tmp,
            dest: dest.to_path_buf(),
            out: Some(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    pub fn writer(&mut self) -> std::io::Result<&mut BufWriter<File>> {
        self.out
            .as_mut()
            .ok_or_else(|| std::io::Error::other("file already committed"))
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> std::io::Result<()> {
        let out = self
            .out
            .take()
            .ok_or_else(|| std::io::Error::other("file already committed"))?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.tmp, &self.dest)?;
        // the rename itself on disk
        if let Some(dir) = self.dest.parent() {
            if let Ok(d) = File::open(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            }) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// A CSV field: quoted when it holds a quote, a comma, a line break or leading/trailing
/// white space.
fn csv_field(s: &str, out: &mut String) {
    let needs = s.contains(['"', ',', '\n', '\r'])
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace);
    if needs {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// Whether a text is a canonical exact decimal (`-12.5`, `1660`): what `value_exact` holds.
fn is_decimal(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A field's text as written in CSV (`None`: empty).
fn text_of(f: &Field) -> Option<String> {
    match f {
        Field::Null => None,
        Field::Integer(i) => Some(i.to_string()),
        // REAL columns are not exported; a REAL here is written as Rust's shortest form
        Field::Real(r) => Some(if r.is_finite() {
            format!("{r}")
        } else {
            String::new()
        }),
        Field::Text(t) => Some(t.clone()),
    }
}

/// A field as a JSON value of the column's type.
fn json_of(f: &Field, ty: Type) -> String {
    let string = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "null".into());
    match (f, ty) {
        (Field::Null, _) => "null".into(),
        (Field::Integer(i), _) => i.to_string(),
        (Field::Real(r), _) if r.is_finite() => format!("{r}"),
        (Field::Real(_), _) => "null".into(),
        (Field::Text(t), Type::Decimal) if is_decimal(t) => t.clone(),
        (Field::Text(t), Type::Integer) if t.parse::<i64>().is_ok() => t.clone(),
        (Field::Text(t), Type::Json) => match serde_json::from_str::<serde_json::Value>(t) {
            Ok(v) => serde_json::to_string(&v).unwrap_or_else(|_| string(t)),
            Err(_) => string(t),
        },
        (Field::Text(t), _) => string(t),
    }
}

fn write_header(w: &mut impl Write, r: &Resource, opts: &Options) -> std::io::Result<()> {
    match opts.format {
        Format::Csv => {
            if opts.bom {
                w.write_all("\u{feff}".as_bytes())?;
            }
            let mut line = String::new();
            for (i, c) in r.columns.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                csv_field(c.name, &mut line);
            }
            line.push('\n');
            w.write_all(line.as_bytes())
        }
        Format::Json => w.write_all(b"["),
    }
}

fn write_row(
    w: &mut impl Write,
    r: &Resource,
    fields: &[Field],
    first: bool,
    format: Format,
    line: &mut String,
) -> std::io::Result<()> {
    line.clear();
    match format {
        Format::Csv => {
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                if let Some(t) = text_of(f) {
                    csv_field(&t, line);
                }
            }
            line.push('\n');
        }
        Format::Json => {
            line.push_str(if first { "\n{" } else { ",\n{" });
            for (i, (c, f)) in r.columns.iter().zip(fields).enumerate() {
                if i > 0 {
                    line.push(',');
                }
                line.push_str(&serde_json::to_string(c.name).unwrap_or_default());
                line.push(':');
                line.push_str(&json_of(f, c.ty));
            }
            line.push('}');
        }
    }
    w.write_all(line.as_bytes())
}

fn write_footer(w: &mut impl Write, format: Format, rows: u64) -> std::io::Result<()> {
    match format {
        Format::Csv => Ok(()),
        Format::Json if rows == 0 => w.write_all(b"]\n"),
        Format::Json => w.write_all(b"\n]\n"),
    }
}

/// Writes every file of the export for the documents `ids` (in that order) into `dir`
/// (created when missing), each atomically, then the package descriptions (CSV) and, with a
/// publisher, `dcat.jsonld`.
pub fn export(
    store: &Store,
    dir: &Path,
    ids: &[i64],
    opts: &Options,
) -> Result<Report, ExportError> {
    std::fs::create_dir_all(dir).map_err(|e| ExportError::Io(dir.to_path_buf(), e))?;
    store.read_snapshot(|store| {
        let mut report = Report::default();
        for r in RESOURCES {
            let path = dir.join(format!("{}.{}", r.name, opts.format.extension()));
            let io = |e: std::io::Error| ExportError::Io(path.clone(), e);
            let mut file = AtomicFile::create(&path).map_err(io)?;
            let mut rows = 0u64;
            {
                let w = file.writer().map_err(io)?;
                write_header(w, r, opts).map_err(io)?;
                let mut line = String::new();
                for &id in ids {
                    store
                        .export_rows(r.name, id, |fields| {
                            let first = rows == 0;
                            rows += 1;
                            write_row(w, r, fields, first, opts.format, &mut line)
                        })?
                        .map_err(io)?;
                }
                write_footer(w, opts.format, rows).map_err(io)?;
            }
            file.commit().map_err(io)?;
            report.written.push(Written { path, rows: Some(rows) });
        }
        let sources = store.export_sources(ids)?;
        let info = package::Info {
            sources: sources
                .iter()
                .map(|s| package::Source {
                    file_name: s.file_name.clone(),
                    sha256: s.sha256.clone(),
                    identifier: s.identifier.clone(),
                    title: s.title.clone(),
                })
                .collect(),
            version: crate::store::TOOL_VERSION.to_string(),
            created: sources.iter().map(|s| s.ingested_at.clone()).max(),
            licence: opts
                .publisher
                .as_ref()
                .map(|p| (p.licence.clone(), p.licence_title().to_string())),
            title: match &opts.publisher {
                Some(p) => p.title.clone(),
                None => format!(
                    "Tables read by figuren from {}",
                    sources.iter().map(|s| s.file_name.as_str()).collect::<Vec<_>>().join(", ")
                ),
            },
        };
        match opts.format {
            Format::Csv => {
                for (name, v) in [
                    ("datapackage.json", package::datapackage(&info)),
                    ("csv-metadata.json", package::csvw(&info)),
                ] {
                    let path = dir.join(name);
                    write_whole(&path, &pretty(&v))?;
                    report.written.push(Written { path, rows: None });
                }
                if opts.publisher.is_none() {
                    report.notes.push(
                        "datapackage.json and csv-metadata.json name no licence: none was given (--publisher FILE)".into(),
                    );
                }
            }
            Format::Json => report.notes.push(
                "datapackage.json and csv-metadata.json not written: they describe the CSV files (--format csv)".into(),
            ),
        }
        match &opts.publisher {
            Some(p) => {
                let mut files = Vec::new();
                for w in &report.written {
                    let name = w
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let (bytes, sha256) =
                        digest(&w.path).map_err(|e| ExportError::Io(w.path.clone(), e))?;
                    let description = RESOURCES
                        .iter()
                        .find(|r| name.strip_suffix(&format!(".{}", opts.format.extension())) == Some(r.name))
                        .map(|r| r.description.to_string())
                        .unwrap_or_else(|| match name.as_str() {
                            "datapackage.json" => "Frictionless Tabular Data Package: the columns, types, keys and sources of the CSV files.".to_string(),
                            _ => "CSV on the Web metadata: the columns, types, keys and sources of the CSV files.".to_string(),
                        });
                    files.push(dcat::FileInfo { name, description, bytes, sha256 });
                }
                let path = dir.join("dcat.jsonld");
                let v = dcat::dcat(p, &files, info.created.as_deref(), &info.sources);
                write_whole(&path, &pretty(&v))?;
                report.written.push(Written { path, rows: None });
            }
            None => report.notes.push(
                "dcat.jsonld not written: no --publisher FILE (title, description, base_uri, authority, publisher, licence, theme, contact; see `figuren export --help`)".into(),
            ),
        }
        Ok(report)
    })?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        let f = |s: &str| {
            let mut o = String::new();
            csv_field(s, &mut o);
            o
        };
        assert_eq!(f("Syrië"), "Syrië");
        assert_eq!(
            f("[\"2023\",\"Totaal\"]"),
            "\"[\"\"2023\"\",\"\"Totaal\"\"]\""
        );
        assert_eq!(f("a,b"), "\"a,b\"");
        assert_eq!(f(" x"), "\" x\"");
        assert_eq!(f("a\nb"), "\"a\nb\"");
        assert_eq!(f(""), "");
    }

    #[test]
    fn json_values_by_type() {
        assert_eq!(json_of(&Field::Text("4.35".into()), Type::Decimal), "4.35");
        assert_eq!(json_of(&Field::Text("-28".into()), Type::Decimal), "-28");
        assert_eq!(
            json_of(&Field::Text("1.2.3".into()), Type::Decimal),
            "\"1.2.3\""
        );
        assert_eq!(json_of(&Field::Text("4.35".into()), Type::Text), "\"4.35\"");
        assert_eq!(
            json_of(&Field::Text("[\"2023\", \"x\"]".into()), Type::Json),
            "[\"2023\",\"x\"]"
        );
        assert_eq!(json_of(&Field::Null, Type::Integer), "null");
        assert!(is_decimal("0") && is_decimal("-0.5") && !is_decimal(".5") && !is_decimal("5."));
    }

    #[test]
    fn an_uncommitted_file_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tmp");
        let dest = dir.path().join("x.csv");
        std::fs::write(&dest, "old").expect("old");
        {
            let mut f = AtomicFile::create(&dest).expect("create");
            f.writer().expect("w").write_all(b"half").expect("write");
            // dropped: an interrupted export
        }
        assert_eq!(std::fs::read_to_string(&dest).expect("read"), "old");
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
        let mut f = AtomicFile::create(&dest).expect("create");
        f.writer().expect("w").write_all(b"new").expect("write");
        f.commit().expect("commit");
        assert_eq!(std::fs::read_to_string(&dest).expect("read"), "new");
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
    }
}
