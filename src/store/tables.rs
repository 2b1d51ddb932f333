//! Writing the tables: one `figure_cells` row per body cell, and the table's stub, decimal
//! mark and pages on its figure.

use super::{Counts, Result};
use crate::number::Convention;
use crate::table::Table;
use rusqlite::{params, Transaction};

fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Compact JSON of a path (serde_json's default output, so SQL can compare it as text).
fn path(p: &[String]) -> String {
    serde_json::to_string(p).unwrap_or_else(|_| "[]".into())
}

pub(super) fn insert(
    tx: &Transaction,
    fig_ids: &[i64],
    tables: &[Table],
    c: &mut Counts,
) -> Result<()> {
    let mut cell = tx.prepare(
        "INSERT INTO figure_cells (figure_id, row_index, col_index, row_path, column_path, raw, value, value_exact,
           decimals, unit, status, lower, upper, share, stars, page, x0, y0, x1, y1)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)",
    )?;
    let mut fig = tx.prepare(
        "UPDATE figures SET stub = ?2, decimal_mark = ?3, table_pages = ?4 WHERE id = ?1",
    )?;
    for t in tables {
        let Some(&fid) = fig_ids.get(t.figure) else {
            continue;
        };
        let stub = t
            .stub
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>();
        let stub = match stub.len() {
            0 => None,
            1 => stub.into_iter().next(),
            _ => Some(path(&stub)),
        };
        let mark = match t.convention {
            Convention::Dutch => Some("dutch"),
            Convention::English => Some("english"),
            Convention::Undetermined => None,
        };
        let pages = (t.pages.len() > 1)
            .then(|| serde_json::to_string(&t.pages).unwrap_or_else(|_| "[]".into()));
        fig.execute(params![fid, stub, mark, pages])?;
        for x in &t.cells {
            let v = &x.cell;
            let b = x.bbox;
            cell.execute(params![
                fid,
                x.row as i64,
                x.col as i64,
                path(t.rows.get(x.row).map(|p| p.as_slice()).unwrap_or(&[])),
                path(t.columns.get(x.col).map(|p| p.as_slice()).unwrap_or(&[])),
                v.raw,
                v.value_f64(),
                v.value_exact(),
                v.decimals,
                v.unit.as_ref().map(|u| u.as_str().to_string()),
                v.status.as_str(),
                v.lower.map(|d| d.to_string()),
                v.upper.map(|d| d.to_string()),
                v.share.map(|d| d.to_string()),
                v.stars as i64,
                x.page,
                b.map(|b| r2(b.x0)),
                b.map(|b| r2(b.y0)),
                b.map(|b| r2(b.x1)),
                b.map(|b| r2(b.y1)),
            ])?;
        }
        c.tables += 1;
        c.cells += t.cells.len();
    }
    Ok(())
}
