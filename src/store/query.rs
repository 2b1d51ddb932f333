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
