//! Writing the self-checks: one `checks` row per recomputed relation, and every figure's
//! verdict in `figures.check_status` (`unchecked` by default).

use super::Result;
use crate::check::FigureChecks;
use rusqlite::{params, Transaction};

/// Compact JSON of the cells: `[[4,0],[2,0],[0,0]]`.
fn cells(c: &[(usize, usize)]) -> String {
    serde_json::to_string(c).unwrap_or_else(|_| "[]".into())
}

pub(super) fn insert(tx: &Transaction, fig_ids: &[i64], checks: &[FigureChecks]) -> Result<usize> {
    let mut row = tx.prepare(
        "INSERT INTO checks (figure_id, kind, cells, expected, printed, status, confidence, detail)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    )?;
    let mut verdict = tx.prepare("UPDATE figures SET check_status = ?2 WHERE id = ?1")?;
    let mut n = 0;
    for fc in checks {
        let Some(&fid) = fig_ids.get(fc.figure) else {
            continue;
        };
        for c in &fc.checks {
            row.execute(params![
                fid,
                c.kind.as_str(),
                cells(&c.cells),
                c.expected,
                c.printed,
                c.status.as_str(),
                c.confidence.as_str(),
                c.detail
            ])?;
        }
        n += fc.checks.len();
        verdict.execute(params![fid, crate::check::verdict(&fc.checks).as_str()])?;
    }
    Ok(n)
}
