//! The rows of the export files, streamed from SQLite one at a time (memory stays flat
//! whatever the number of cells). One query per file and document; the column names of each
//! query are the columns of its `export::columns::Resource` (a test holds them to that), and
//! every query has a total order, so the same database gives the same bytes.

use super::{Result, Store, StoreError};
use rusqlite::types::ValueRef;

/// One value of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
}

/// The query for one exported file (`export::columns::RESOURCES` by name), for one
/// document (`?1`).
pub fn sql(resource: &str) -> Option<&'static str> {
    Some(match resource {
        "documents" => {
            "SELECT d.file_name AS document, d.sha256 AS document_sha256, d.file_size AS file_size,
                    d.page_count AS page_count, d.family AS family, d.profile AS profile, d.title AS title,
                    d.edition AS edition, d.published_on AS published_on, d.identifier AS identifier,
                    d.kenmerk AS kenmerk, d.dossier AS dossier, d.ondernummer AS ondernummer,
                    d.vergaderjaar AS vergaderjaar, d.tool_version AS tool_version
               FROM documents d WHERE d.id = ?1"
        }
        "figures" => {
            "SELECT d.file_name AS document, d.sha256 AS document_sha256, f.label AS figure, f.kind AS kind,
                    f.title AS title, f.period AS period, f.source AS source, f.source_orgs AS source_orgs,
                    f.note AS note, f.page AS page, f.page_label AS page_label, f.stub AS stub,
                    f.decimal_mark AS decimal_mark, f.table_pages AS table_pages,
                    (SELECT COUNT(*) FROM figure_cells c WHERE c.figure_id = f.id) AS cells,
                    (SELECT COUNT(*) FROM checks k WHERE k.figure_id = f.id) AS checks,
                    (SELECT COUNT(*) FROM checks k WHERE k.figure_id = f.id AND k.status = 'mismatch') AS mismatches,
                    f.check_status AS check_status
               FROM figures f JOIN documents d ON d.id = f.document_id
              WHERE d.id = ?1 ORDER BY f.id"
        }
        "observations" => {
            "SELECT document, document_sha256, family, edition, figure, title, period, source,
                    row_index, col_index, row_path, column_path, raw, value_exact AS value, value_exact,
                    decimals, unit, status, lower, upper, share, stars, page, page_label, check_status
               FROM observations WHERE document_id = ?1 ORDER BY figure_id, row_index, col_index"
        }
        "footnotes" => {
            "SELECT d.file_name AS document, d.sha256 AS document_sha256, n.scope AS scope, n.number AS number,
                    n.page AS page, p.label AS page_label, n.text AS text,
                    (SELECT COUNT(*) FROM footnote_refs r WHERE r.document_id = n.document_id
                        AND r.scope = n.scope AND r.footnote_number = n.number) AS cited
               FROM footnotes n JOIN documents d ON d.id = n.document_id
               LEFT JOIN pages p ON p.document_id = n.document_id AND p.page = n.page
              WHERE d.id = ?1 ORDER BY n.page, n.scope, n.number"
        }
        "citations" => {
            "SELECT d.file_name AS document, d.sha256 AS document_sha256,
                    ROW_NUMBER() OVER (ORDER BY c.id) AS seq, c.footnote_scope AS footnote_scope,
                    c.footnote_number AS footnote_number, c.page AS page, c.kind AS kind, c.raw AS raw,
                    c.identifier AS identifier, c.url AS url, c.chamber AS chamber,
                    c.session_year AS session_year, c.dossier AS dossier, c.number AS number,
                    cd.sha256 AS cited_document_sha256
               FROM citations c JOIN documents d ON d.id = c.document_id
               LEFT JOIN documents cd ON cd.id = c.cited_document_id
              WHERE d.id = ?1 ORDER BY c.id"
        }
        "checks" => {
            "SELECT d.file_name AS document, d.sha256 AS document_sha256, f.label AS figure,
                    ROW_NUMBER() OVER (PARTITION BY k.figure_id ORDER BY k.id) AS seq, k.kind AS kind,
                    k.cells AS cells, k.printed AS printed, k.expected AS expected, k.status AS status,
                    k.confidence AS confidence, k.detail AS detail, c.page AS page, p.label AS page_label
               FROM checks k JOIN figures f ON f.id = k.figure_id JOIN documents d ON d.id = f.document_id
               LEFT JOIN figure_cells c ON c.figure_id = k.figure_id
                    AND c.row_index = json_extract(k.cells, '$[0][0]')
                    AND c.col_index = json_extract(k.cells, '$[0][1]')
               LEFT JOIN pages p ON p.document_id = d.id AND p.page = c.page
              WHERE d.id = ?1 ORDER BY k.figure_id, k.id"
        }
        _ => return None,
    })
}

fn field(v: ValueRef<'_>) -> Field {
    match v {
        ValueRef::Null => Field::Null,
        ValueRef::Integer(i) => Field::Integer(i),
        ValueRef::Real(r) => Field::Real(r),
        ValueRef::Text(t) => Field::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Field::Text(String::from_utf8_lossy(b).into_owned()),
    }
}

impl Store {
    /// The column names of a resource's query (for the test that holds them to the column
    /// table).
    pub fn export_columns(&self, resource: &str) -> Result<Vec<String>> {
        let sql = sql(resource).ok_or_else(|| {
            StoreError::Sqlite(rusqlite::Error::InvalidParameterName(resource.to_string()))
        })?;
        let st = self.conn.prepare(sql)?;
        Ok(st.column_names().iter().map(|s| s.to_string()).collect())
    }

    /// Calls `each` with every row of one exported file for one document, in order; stops
    /// at the first error `each` returns. Returns the number of rows, or that error.
    pub fn export_rows<E>(
        &self,
        resource: &str,
        document_id: i64,
        mut each: impl FnMut(&[Field]) -> std::result::Result<(), E>,
    ) -> Result<std::result::Result<u64, E>> {
        let sql = sql(resource).ok_or_else(|| {
            StoreError::Sqlite(rusqlite::Error::InvalidParameterName(resource.to_string()))
        })?;
        let mut st = self.conn.prepare(sql)?;
        let n = st.column_count();
        let mut rows = st.query([document_id])?;
        let mut count = 0u64;
        let mut buf: Vec<Field> = Vec::with_capacity(n);
        while let Some(r) = rows.next()? {
            buf.clear();
            for i in 0..n {
                buf.push(field(r.get_ref(i)?));
            }
            if let Err(e) = each(&buf) {
                return Ok(Err(e));
            }
            count += 1;
        }
        Ok(Ok(count))
    }
}

/// A document as the package files name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    pub file_name: String,
    pub sha256: String,
    pub identifier: Option<String>,
    pub title: Option<String>,
    pub ingested_at: String,
}

impl Store {
    /// The documents `ids` (in that order) with what the package files say of them.
    pub fn export_sources(&self, ids: &[i64]) -> Result<Vec<SourceRow>> {
        let mut st = self.conn.prepare(
            "SELECT file_name, sha256, identifier, title, ingested_at FROM documents WHERE id = ?1",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = st.query_map([id], |r| {
                Ok(SourceRow {
                    file_name: r.get(0)?,
                    sha256: r.get(1)?,
                    identifier: r.get(2)?,
                    title: r.get(3)?,
                    ingested_at: r.get(4)?,
                })
            })?;
            if let Some(r) = rows.next() {
                out.push(r?);
            }
        }
        Ok(out)
    }

    /// Every table and view (not SQLite's own) with its columns, in name order.
    pub fn schema_columns(&self) -> Result<Vec<(String, Vec<String>)>> {
        let mut st = self.conn.prepare(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')
               AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        let names: Vec<String> = st
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let mut out = Vec::with_capacity(names.len());
        for n in names {
            let mut st = self
                .conn
                .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
            let cols: Vec<String> = st
                .query_map([&n], |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            out.push((n, cols));
        }
        Ok(out)
    }

    /// Writes the write-ahead log into the database file and empties it, so that a reader
    /// that ignores the log (`datasette -i`, a copy of the file) sees every row.
    pub fn checkpoint(&self) -> Result<()> {
        let (busy, _, _): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        if busy != 0 {
            return Err(StoreError::Busy);
        }
        Ok(())
    }
}
