//! The store's read API for the command line: which documents a `--document` value selects,
//! and the listings (`figures`, `footnotes`, `citations`) as tables of values. The SQL lives
//! here, next to the schema it reads; the command line only prints.

use super::{Result, Store, StoreError};
use rusqlite::types::Value;
use std::path::Path;

/// A listing the command line can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Figures,
    Footnotes,
    Citations,
}

/// Rows of a listing: column names and values, one row per item.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
}

impl Listing {
    fn sql(self) -> (&'static str, Vec<&'static str>) {
        match self {
            Listing::Figures => (
                "SELECT label, title, period, source, page, page_label, kind,
                        (SELECT group_concat(footnote_number, ',') FROM figure_footnotes ff WHERE ff.figure_id = f.id) AS footnotes,
                        (SELECT COUNT(*) FROM links l WHERE l.figure_id = f.id) AS links
                 FROM figures f WHERE document_id = ?1 ORDER BY page, y0",
                vec![
                    "label", "title", "period", "source", "page", "printed", "kind", "notes",
                    "links",
                ],
            ),
            Listing::Footnotes => (
                "SELECT scope, number, page,
                        (SELECT COUNT(*) FROM footnote_refs r WHERE r.document_id = n.document_id AND r.scope = n.scope AND r.footnote_number = n.number) AS cited,
                        text
                 FROM footnotes n WHERE document_id = ?1 ORDER BY page, scope, number",
                vec!["scope", "number", "page", "cited", "text"],
            ),
            Listing::Citations => (
                "SELECT footnote_number, page, kind, identifier, raw, url FROM citations WHERE document_id = ?1 ORDER BY page, footnote_number, id",
                vec!["note", "page", "kind", "identifier", "raw", "url"],
            ),
        }
    }
}

/// A `--document` value that selects nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchDocument(pub String);

impl Store {
    /// The documents a `--document` value selects: an id, a SHA-256 (or its first 8+
    /// characters) or a file name (with or without a folder); all documents when None.
    /// Returns (id, file name) in id order.
    pub fn select_documents(
        &self,
        selector: Option<&str>,
    ) -> Result<std::result::Result<Vec<(i64, String)>, NoSuchDocument>> {
        let mut st = self
            .conn
            .prepare("SELECT id, file_name, sha256 FROM documents ORDER BY id")?;
        let all: Vec<(i64, String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let Some(want) = selector else {
            return Ok(Ok(all.into_iter().map(|(i, n, _)| (i, n)).collect()));
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
        Ok(if hits.is_empty() {
            Err(NoSuchDocument(want.to_string()))
        } else {
            Ok(hits)
        })
    }

    /// One listing of one document.
    pub fn listing(&self, what: Listing, document_id: i64) -> Result<Table> {
        let (sql, headers) = what.sql();
        let mut st = self.conn.prepare(sql)?;
        let n = headers.len();
        let rows = st
            .query_map([document_id], |r| {
                (0..n)
                    .map(|i| r.get::<_, Value>(i))
                    .collect::<std::result::Result<Vec<_>, _>>()
            })?
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(StoreError::from)?;
        Ok(Table { headers, rows })
    }
}

/// A cell a check names, with its labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckCell {
    pub row: i64,
    pub col: i64,
    /// Compact JSON arrays, as stored.
    pub row_path: String,
    pub column_path: String,
    pub raw: String,
    pub page: i64,
}

/// One stored check with its figure and cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    pub figure: String,
    pub page: Option<i64>,
    pub page_label: Option<String>,
    pub kind: String,
    pub status: String,
    pub confidence: String,
    pub cells: Vec<CheckCell>,
    pub printed: String,
    pub expected: String,
    pub detail: String,
}

/// What `figuren verify` reports for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Figures with a table (cells), by verdict: (check_status, count).
    pub tables: Vec<(String, i64)>,
    /// Figures without cells.
    pub without_table: i64,
    /// Checks by (kind, status, confidence).
    pub checks: Vec<(String, String, String, i64)>,
    /// Every check with outcome `mismatch`, in figure order.
    pub mismatches: Vec<CheckRow>,
}

impl Store {
    /// The self-checks of one document: verdicts, counts and every mismatch with its cells.
    pub fn check_report(&self, document_id: i64) -> Result<CheckReport> {
        let mut rep = CheckReport::default();
        let mut st = self.conn.prepare(
            "SELECT f.check_status, COUNT(*) FROM figures f
              WHERE f.document_id = ?1 AND EXISTS (SELECT 1 FROM figure_cells c WHERE c.figure_id = f.id)
              GROUP BY f.check_status ORDER BY f.check_status",
        )?;
        rep.tables = st
            .query_map([document_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        rep.without_table = self.conn.query_row(
            "SELECT COUNT(*) FROM figures f WHERE f.document_id = ?1
               AND NOT EXISTS (SELECT 1 FROM figure_cells c WHERE c.figure_id = f.id)",
            [document_id],
            |r| r.get(0),
        )?;
        let mut st = self.conn.prepare(
            "SELECT k.kind, k.status, k.confidence, COUNT(*) FROM checks k JOIN figures f ON f.id = k.figure_id
              WHERE f.document_id = ?1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        )?;
        rep.checks = st
            .query_map([document_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<std::result::Result<_, _>>()?;
        let mut st = self.conn.prepare(
            "SELECT f.id, f.label, k.kind, k.status, k.confidence, k.cells, k.printed, k.expected, k.detail
               FROM checks k JOIN figures f ON f.id = k.figure_id
              WHERE f.document_id = ?1 AND k.status = 'mismatch' ORDER BY f.id, k.id",
        )?;
        type Raw = (
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
        );
        let rows: Vec<Raw> = st
            .query_map([document_id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            })?
            .collect::<std::result::Result<_, _>>()?;
        let mut cell = self.conn.prepare(
            "SELECT c.row_path, c.column_path, c.raw, c.page FROM figure_cells c
              WHERE c.figure_id = ?1 AND c.row_index = ?2 AND c.col_index = ?3",
        )?;
        for (fid, figure, kind, status, confidence, cells, printed, expected, detail) in rows {
            let at: Vec<(i64, i64)> = serde_json::from_str(&cells).unwrap_or_default();
            let mut out = Vec::with_capacity(at.len());
            for (row, col) in at {
                let found = cell
                    .query_map(rusqlite::params![fid, row, col], |r| {
                        Ok(CheckCell {
                            row,
                            col,
                            row_path: r.get(0)?,
                            column_path: r.get(1)?,
                            raw: r.get(2)?,
                            page: r.get(3)?,
                        })
                    })?
                    .next()
                    .transpose()?;
                if let Some(c) = found {
                    out.push(c);
                }
            }
            let page = out.first().map(|c| c.page);
            let page_label: Option<String> = match page {
                Some(p) => self
                    .conn
                    .query_row(
                        "SELECT label FROM pages WHERE document_id = ?1 AND page = ?2",
                        rusqlite::params![document_id, p],
                        |r| r.get(0),
                    )
                    .unwrap_or(None),
                None => None,
            };
            rep.mismatches.push(CheckRow {
                figure,
                page,
                page_label,
                kind,
                status,
                confidence,
                cells: out,
                printed,
                expected,
                detail,
            });
        }
        Ok(rep)
    }
}
