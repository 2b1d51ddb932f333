//! What a database says about the figures of one file, for `figuren inspect --db`: each
//! figure's check verdict and its checks (issue 8's `checks` table and
//! `figures.check_status`), when the database has them.
//!
//! The database is opened read-only and never migrated: a database of any schema version
//! (older ones without checks, newer ones with more columns) can be shown. Columns are looked
//! up by name; a database without a `checks` table gives `checks: None` ("unchecked").

use super::{Result, StoreError};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;

/// A figure as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFigure {
    pub id: i64,
    pub label: String,
    pub page: u32,
    /// `figures.check_status` (verified, inconsistent, unchecked), when the column exists.
    pub check_status: Option<String>,
}

/// One stored check of a figure's table.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCheck {
    pub figure_id: i64,
    pub kind: String,
    /// The cells it relates, as (row_index, col_index).
    pub cells: Vec<(u32, u32)>,
    pub expected: Option<String>,
    pub printed: Option<String>,
    /// ok, rounding, mismatch, …
    pub status: String,
    pub confidence: Option<String>,
    pub detail: Option<String>,
}

impl StoredCheck {
    /// A check that failed: the recomputed value does not match the printed one.
    pub fn failed(&self) -> bool {
        self.status == "mismatch"
    }
}

/// The verdicts on one document's figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredVerdicts {
    pub document_id: i64,
    pub figures: Vec<StoredFigure>,
    /// None when the database has no `checks` table (no figure was checked).
    pub checks: Option<Vec<StoredCheck>>,
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let names = st
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(names)
}

fn text(v: Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(f.to_string()),
        Value::Text(s) => Some(s),
        Value::Blob(_) => None,
    }
}

/// Reads the figures and checks of the document with this SHA-256. `Ok(None)` when the
/// database does not hold that file.
pub fn read_verdicts(db: &Path, sha256: &str) -> Result<Option<StoredVerdicts>> {
    if !db.exists() {
        return Err(StoreError::CannotOpen(format!(
            "{}: no such file",
            db.display()
        )));
    }
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let doc: Option<i64> = conn
        .query_row(
            "SELECT id FROM documents WHERE sha256 = ?1",
            [sha256],
            |r| r.get(0),
        )
        .optional()?;
    let Some(document_id) = doc else {
        return Ok(None);
    };
    let fig_cols = columns(&conn, "figures")?;
    let status_col = if fig_cols.iter().any(|c| c == "check_status") {
        "check_status"
    } else {
        "NULL"
    };
    let mut st = conn.prepare(&format!(
        "SELECT id, label, page, {status_col} FROM figures WHERE document_id = ?1 ORDER BY id"
    ))?;
    let figures = st
        .query_map([document_id], |r| {
            Ok(StoredFigure {
                id: r.get(0)?,
                label: r.get(1)?,
                page: r.get::<_, i64>(2)?.clamp(0, u32::MAX as i64) as u32,
                check_status: r.get(3)?,
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let check_cols = columns(&conn, "checks")?;
    let checks = if check_cols.iter().any(|c| c == "figure_id")
        && check_cols.iter().any(|c| c == "status")
    {
        let col = |name: &str| -> String {
            if check_cols.iter().any(|c| c == name) {
                format!("c.{name}")
            } else {
                "NULL".into()
            }
        };
        let sql = format!(
            "SELECT c.figure_id, {}, {}, {}, {}, c.status, {}, {} FROM checks c
               JOIN figures f ON f.id = c.figure_id
              WHERE f.document_id = ?1 ORDER BY c.figure_id, {}",
            col("kind"),
            col("cells"),
            col("expected"),
            col("printed"),
            col("confidence"),
            col("detail"),
            if check_cols.iter().any(|c| c == "id") {
                "c.id"
            } else {
                "c.rowid"
            }
        );
        let mut st = conn.prepare(&sql)?;
        let rows = st
            .query_map([document_id], |r| {
                let cells: Option<String> = text(r.get(2)?);
                Ok(StoredCheck {
                    figure_id: r.get(0)?,
                    kind: text(r.get(1)?).unwrap_or_default(),
                    cells: cells.as_deref().map(parse_cells).unwrap_or_default(),
                    expected: text(r.get(3)?),
                    printed: text(r.get(4)?),
                    status: text(r.get(5)?).unwrap_or_default(),
                    confidence: text(r.get(6)?),
                    detail: text(r.get(7)?),
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Some(rows)
    } else {
        None
    };
    Ok(Some(StoredVerdicts {
        document_id,
        figures,
        checks,
    }))
}

/// `[[3,1],[4,1]]` → [(3,1), (4,1)]; anything else gives no cells.
fn parse_cells(s: &str) -> Vec<(u32, u32)> {
    serde_json::from_str::<Vec<Vec<i64>>>(s)
        .map(|v| {
            v.into_iter()
                .filter_map(|p| match p.as_slice() {
                    [r, c] => Some((u32::try_from(*r).ok()?, u32::try_from(*c).ok()?)),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_of_a_check() {
        assert_eq!(parse_cells("[[3,1],[4,1]]"), vec![(3, 1), (4, 1)]);
        assert_eq!(parse_cells("[[3,1],[-1,2],[1]]"), vec![(3, 1)]);
        assert!(parse_cells("not json").is_empty());
    }

    #[test]
    fn a_database_without_checks_and_one_with() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("v.sqlite");
        {
            let conn = Connection::open(&db).expect("db");
            conn.execute_batch(
                "CREATE TABLE documents (id INTEGER PRIMARY KEY, sha256 TEXT);
                 CREATE TABLE figures (id INTEGER PRIMARY KEY, document_id INTEGER, label TEXT, page INTEGER);
                 INSERT INTO documents VALUES (1, 'abc');
                 INSERT INTO figures VALUES (7, 1, 'Figuur 6', 12);",
            )
            .expect("schema");
        }
        let v = read_verdicts(&db, "abc").expect("reads").expect("document");
        assert_eq!(v.figures.len(), 1);
        assert_eq!(v.figures[0].check_status, None);
        assert!(v.checks.is_none());
        assert!(read_verdicts(&db, "other").expect("reads").is_none());
        {
            let conn = Connection::open(&db).expect("db");
            conn.execute_batch(
                "ALTER TABLE figures ADD COLUMN check_status TEXT;
                 UPDATE figures SET check_status = 'inconsistent';
                 CREATE TABLE checks (id INTEGER PRIMARY KEY, figure_id INTEGER, kind TEXT, cells TEXT,
                   expected REAL, printed REAL, status TEXT, confidence TEXT, detail TEXT);
                 INSERT INTO checks VALUES (1, 7, 'total', '[[2,0],[3,0]]', 1660, 1670, 'mismatch', 'explicit', 'sum');",
            )
            .expect("checks");
        }
        let v = read_verdicts(&db, "abc").expect("reads").expect("document");
        assert_eq!(v.figures[0].check_status.as_deref(), Some("inconsistent"));
        let checks = v.checks.expect("checks");
        assert_eq!(checks.len(), 1);
        assert!(checks[0].failed());
        assert_eq!(checks[0].cells, vec![(2, 0), (3, 0)]);
        assert_eq!(checks[0].printed.as_deref(), Some("1670"));
    }
}
