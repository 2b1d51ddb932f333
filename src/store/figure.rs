//! One figure as stored, for `figuren show`: its caption, source and page, its table as
//! typed cells with their header paths, and the footnotes cited in and around it.

use super::{Result, Store, StoreError};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// A figure with its table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureView {
    pub document: String,
    pub document_sha256: String,
    pub label: String,
    pub number: String,
    pub title: String,
    pub period: Option<String>,
    pub source: Option<String>,
    pub source_orgs: Vec<String>,
    pub note: Option<String>,
    pub caption_text: String,
    pub page: i64,
    pub page_label: Option<String>,
    pub kind: String,
    /// The header above the row labels.
    pub stub: Option<String>,
    /// `dutch` or `english`: how the table writes its decimals.
    pub decimal_mark: Option<String>,
    pub table_pages: Vec<i64>,
    /// The header path of each value column (from the cells).
    pub columns: Vec<Vec<String>>,
    /// The label path of each body row (from the cells).
    pub rows: Vec<Vec<String>>,
    pub cells: Vec<CellView>,
    pub notes: Vec<NoteView>,
}

/// One cell as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellView {
    pub row: i64,
    pub col: i64,
    pub raw: String,
    /// The exact decimal, as text.
    pub value: Option<String>,
    pub decimals: Option<i64>,
    pub unit: Option<String>,
    pub status: String,
    pub lower: Option<String>,
    pub upper: Option<String>,
    pub share: Option<String>,
    pub stars: i64,
    pub page: i64,
    pub bbox: Option<[f64; 4]>,
}

/// A footnote cited by the figure: in its caption, a header or a cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteView {
    pub number: i64,
    /// `caption`, `header` or `cell`.
    pub at: String,
    pub row: Option<i64>,
    pub col: Option<i64>,
    pub text: Option<String>,
}

/// How a user names a figure: `Figuur 6`, `figuur6`, `Tabel 3.1`, `6`, `3.1`.
fn figure_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn json_list<T: serde::de::DeserializeOwned>(s: Option<String>) -> Vec<T> {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

impl Store {
    /// The figures of a document a user's name selects: by label (spacing and case aside),
    /// else by number. Returns (figure id, label) pairs: none, one, or several (a report
    /// that numbers `Figuur 4.2` and `Tabel 4.2` alike).
    pub fn find_figures(&self, document_id: i64, name: &str) -> Result<Vec<(i64, String)>> {
        let mut st = self.conn.prepare(
            "SELECT id, label, number FROM figures WHERE document_id = ?1 ORDER BY page, y0",
        )?;
        let all: Vec<(i64, String, String)> = st
            .query_map([document_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let want = figure_key(name);
        let by_label: Vec<(i64, String)> = all
            .iter()
            .filter(|(_, l, _)| figure_key(l) == want)
            .map(|(i, l, _)| (*i, l.clone()))
            .collect();
        if !by_label.is_empty() {
            return Ok(by_label);
        }
        Ok(all
            .into_iter()
            .filter(|(_, _, n)| figure_key(n) == want)
            .map(|(i, l, _)| (i, l))
            .collect())
    }

    /// One figure with its cells and notes.
    pub fn figure_view(&self, figure_id: i64) -> Result<Option<FigureView>> {
        let head = self
            .conn
            .query_row(
                "SELECT d.file_name, d.sha256, f.label, f.number, f.title, f.period, f.source, f.source_orgs,
                        f.note, f.caption_text, f.page, f.page_label, f.kind, f.stub, f.decimal_mark,
                        f.table_pages, f.document_id
                 FROM figures f JOIN documents d ON d.id = f.document_id WHERE f.id = ?1",
                [figure_id],
                |r| {
                    Ok((
                        FigureView {
                            document: r.get(0)?,
                            document_sha256: r.get(1)?,
                            label: r.get(2)?,
                            number: r.get(3)?,
                            title: r.get(4)?,
                            period: r.get(5)?,
                            source: r.get(6)?,
                            source_orgs: json_list(r.get(7)?),
                            note: r.get(8)?,
                            caption_text: r.get(9)?,
                            page: r.get(10)?,
                            page_label: r.get(11)?,
                            kind: r.get(12)?,
                            stub: r.get(13)?,
                            decimal_mark: r.get(14)?,
                            table_pages: json_list(r.get(15)?),
                            columns: Vec::new(),
                            rows: Vec::new(),
                            cells: Vec::new(),
                            notes: Vec::new(),
                        },
                        r.get::<_, i64>(16)?,
                    ))
                },
            )
            .optional()?;
        let Some((mut v, document_id)) = head else {
            return Ok(None);
        };
        if v.table_pages.is_empty() {
            v.table_pages.push(v.page);
        }
        let mut st = self.conn.prepare(
            "SELECT row_index, col_index, row_path, column_path, raw, value_exact, decimals, unit, status,
                    lower, upper, share, stars, page, x0, y0, x1, y1
             FROM figure_cells WHERE figure_id = ?1 ORDER BY row_index, col_index",
        )?;
        let mut rows = st.query([figure_id])?;
        while let Some(r) = rows.next()? {
            let row: i64 = r.get(0)?;
            let col: i64 = r.get(1)?;
            let rp: Vec<String> = json_list(r.get(2)?);
            let cp: Vec<String> = json_list(r.get(3)?);
            for (list, i, p) in [(&mut v.rows, row, rp), (&mut v.columns, col, cp)] {
                let i = usize::try_from(i).unwrap_or(0);
                if list.len() <= i {
                    list.resize(i + 1, Vec::new());
                }
                if list[i].is_empty() {
                    list[i] = p;
                }
            }
            let bbox = match (
                r.get::<_, Option<f64>>(14)?,
                r.get::<_, Option<f64>>(15)?,
                r.get::<_, Option<f64>>(16)?,
                r.get::<_, Option<f64>>(17)?,
            ) {
                (Some(a), Some(b), Some(c), Some(d)) => Some([a, b, c, d]),
                _ => None,
            };
            v.cells.push(CellView {
                row,
                col,
                raw: r.get(4)?,
                value: r.get(5)?,
                decimals: r.get(6)?,
                unit: r.get(7)?,
                status: r.get(8)?,
                lower: r.get(9)?,
                upper: r.get(10)?,
                share: r.get(11)?,
                stars: r.get(12)?,
                page: r.get(13)?,
                bbox,
            });
        }
        let mut st = self.conn.prepare(
            "SELECT r.footnote_number, r.kind, r.row_index, r.col_index, n.text
             FROM footnote_refs r
             LEFT JOIN footnotes n ON n.document_id = r.document_id AND n.scope = r.scope AND n.number = r.footnote_number
             WHERE r.figure_id = ?1 AND r.document_id = ?2 AND r.kind != 'body'
             ORDER BY r.id",
        )?;
        v.notes = st
            .query_map(params![figure_id, document_id], |r| {
                Ok(NoteView {
                    number: r.get(0)?,
                    at: r.get(1)?,
                    row: r.get(2)?,
                    col: r.get(3)?,
                    text: r.get(4)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()
            .map_err(StoreError::from)?;
        Ok(Some(v))
    }
}
