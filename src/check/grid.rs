//! A table seen as lines: rows (each running across the columns) or columns (each running
//! down the rows), the tree their label paths make, and the value of a cell as an exact
//! interval (the printed value within half its rounding step).

use super::exact::{Span, Q};
use crate::number::{Status as CellStatus, Unit};
use crate::table::{Table, TableCell};
use std::collections::HashMap;

/// Which lines a relation runs between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// lines are rows; a position is a column
    Rows,
    /// lines are columns; a position is a row
    Cols,
}

impl Axis {
    pub fn name(self) -> &'static str {
        match self {
            Axis::Rows => "row",
            Axis::Cols => "column",
        }
    }

    pub fn other(self) -> Axis {
        match self {
            Axis::Rows => Axis::Cols,
            Axis::Cols => Axis::Rows,
        }
    }
}

/// A node of the label tree of one axis: a line (leaf) or a group of lines.
#[derive(Debug, Clone)]
pub struct Node {
    pub label: String,
    pub line: Option<usize>,
    pub children: Vec<Node>,
}

impl Node {
    pub fn is_leaf(&self) -> bool {
        self.line.is_some()
    }
}

/// What a value is, for deciding which values may be added up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// counts and amounts of money: a total is their sum
    Additive,
    /// a share in percent (`54%`)
    Percent,
    /// a change in percent
    Change,
    /// anything else with a value: averages, durations, ratios (`1,16`, `21 weken`)
    Other,
}

/// A cell's value as an exact interval.
#[derive(Clone, Copy, Debug)]
pub struct Val {
    pub at: (usize, usize),
    /// The printed value (none for `<5`).
    pub point: Option<Q>,
    /// Where the unrounded value lies: the printed value ± half its step, `[0, 5]` for `<5`.
    pub span: Span,
    /// The rounding step assumed (0 for an exact nil `-`).
    pub step: Q,
    /// `Percent` / `Change` / `Additive` / `Other`; `None` for a nil or bounded cell
    /// without a unit (fits any).
    pub measure: Option<Measure>,
}

pub struct Grid<'a> {
    pub table: &'a Table,
    rows: Vec<&'a [String]>,
    cols: Vec<&'a [String]>,
    cells: HashMap<(usize, usize), &'a TableCell>,
    row_step: Vec<Option<i128>>,
    col_step: Vec<Option<i128>>,
    table_step: Option<i128>,
}

/// Tables larger than this are not checked (a runaway region, not a statistical table).
pub const MAX_CELLS: usize = 50_000;
const MAX_LINES: usize = 5_000;

fn measure(u: &Option<Unit>) -> Option<Measure> {
    match u {
        None => None,
        Some(Unit::Count) | Some(Unit::Euro) => Some(Measure::Additive),
        Some(Unit::Percent) => Some(Measure::Percent),
        Some(Unit::PercentChange) => Some(Measure::Change),
        Some(Unit::Number) | Some(Unit::Named(_)) => Some(Measure::Other),
    }
}

/// The rounding step a set of printed whole numbers shows: the largest `10^k` or `5·10^k`
/// dividing the counts of 10 or more (smaller ones are often printed exactly, or as `<5`),
/// from at least three of them; one in ten (at least one) may be off the step, so that a
/// single misread number (a footnote marker glued to it: `8303`) does not hide the step of
/// the others. `None` when there is not enough evidence.
fn shown_step(values: &[i128]) -> Option<i128> {
    let vals: Vec<i128> = values
        .iter()
        .filter_map(|v| v.checked_abs())
        .filter(|v| *v >= 10)
        .collect();
    let n = vals.len();
    if n < 3 {
        return None;
    }
    let off_allowed = (n / 10).max(1);
    let shown = |s: i128| {
        let on = vals.iter().filter(|v| *v % s == 0).count();
        on >= 3 && n - on <= off_allowed
    };
    let mut best = 1i128;
    let mut p = 1i128;
    for _ in 0..30 {
        for s in [p, p.saturating_mul(5)] {
            if s > best && shown(s) {
                best = s;
            }
        }
        let Some(next) = p.checked_mul(10) else { break };
        p = next;
    }
    Some(best)
}

impl<'a> Grid<'a> {
    /// `None` for a table too large to check.
    pub fn new(table: &'a Table) -> Option<Grid<'a>> {
        if table.cells.len() > MAX_CELLS {
            return None;
        }
        let nrows = table
            .cells
            .iter()
            .map(|c| c.row.saturating_add(1))
            .max()
            .unwrap_or(0)
            .max(table.rows.len());
        let ncols = table
            .cells
            .iter()
            .map(|c| c.col.saturating_add(1))
            .max()
            .unwrap_or(0)
            .max(table.columns.len());
        if nrows > MAX_LINES || ncols > MAX_LINES {
            return None;
        }
        let empty: &[String] = &[];
        let rows = (0..nrows)
            .map(|r| table.rows.get(r).map(|p| p.as_slice()).unwrap_or(empty))
            .collect();
        let cols = (0..ncols)
            .map(|c| table.columns.get(c).map(|p| p.as_slice()).unwrap_or(empty))
            .collect();
        let mut cells = HashMap::new();
        for c in &table.cells {
            cells.entry((c.row, c.col)).or_insert(c);
        }
        // rounding steps shown by the whole counts, per row, per column, per table
        let mut by_row: Vec<Vec<i128>> = vec![Vec::new(); nrows];
        let mut by_col: Vec<Vec<i128>> = vec![Vec::new(); ncols];
        let mut all = Vec::new();
        for c in &table.cells {
            let x = &c.cell;
            if x.status != CellStatus::Ok || x.unit != Some(Unit::Count) || x.decimals != Some(0) {
                continue;
            }
            let Some(v) = x.value.filter(|v| v.is_integer()) else {
                continue;
            };
            let m = v.mantissa();
            if let Some(r) = by_row.get_mut(c.row) {
                r.push(m);
            }
            if let Some(k) = by_col.get_mut(c.col) {
                k.push(m);
            }
            all.push(m);
        }
        Some(Grid {
            table,
            rows,
            cols,
            cells,
            row_step: by_row.iter().map(|v| shown_step(v)).collect(),
            col_step: by_col.iter().map(|v| shown_step(v)).collect(),
            table_step: shown_step(&all),
        })
    }

    pub fn lines(&self, a: Axis) -> &[&'a [String]] {
        match a {
            Axis::Rows => &self.rows,
            Axis::Cols => &self.cols,
        }
    }

    /// The (row, column) of a line and a position.
    pub fn at(&self, a: Axis, line: usize, pos: usize) -> (usize, usize) {
        match a {
            Axis::Rows => (line, pos),
            Axis::Cols => (pos, line),
        }
    }

    pub fn cell(&self, at: (usize, usize)) -> Option<&'a TableCell> {
        self.cells.get(&at).copied()
    }

    /// The label of a line: the last element of its path.
    pub fn label(&self, a: Axis, line: usize) -> &str {
        self.lines(a)
            .get(line)
            .and_then(|p| p.last())
            .map(|s| s.as_str())
            .unwrap_or("")
    }

    /// `row “2024” × column “Aanvragen”`: where a cell is, in the table's own words.
    pub fn place(&self, at: (usize, usize)) -> String {
        let join = |p: Option<&&[String]>| {
            p.map(|p| {
                p.iter()
                    .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
            .unwrap_or_default()
        };
        format!(
            "row “{}” × column “{}”",
            join(self.rows.get(at.0)),
            join(self.cols.get(at.1))
        )
    }

    /// The rounding step of a whole count at `at`: the largest step its table, row or
    /// column shows (1 when none shows one).
    fn count_step(&self, at: (usize, usize)) -> i128 {
        [
            self.table_step,
            self.row_step.get(at.0).copied().flatten(),
            self.col_step.get(at.1).copied().flatten(),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(1)
    }

    /// The value of the cell at `at`, or `None` when it has none (text, empty, `n.v.t.`,
    /// `.`, `x`, a range).
    pub fn val(&self, at: (usize, usize)) -> Option<Val> {
        let c = self.cell(at)?;
        self.val_of(at, &c.cell)
    }

    /// The value of a parsed cell standing at `at` (also for a cell read another way, when
    /// a mismatch is explained).
    pub fn val_of(&self, at: (usize, usize), x: &crate::number::Cell) -> Option<Val> {
        let m = measure(&x.unit);
        match x.status {
            CellStatus::Ok => {
                let v = Q::from_decimal(x.value?)?;
                let decimals = x.decimals.unwrap_or(0);
                let mut step = Q::pow10(-decimals)?;
                if m == Some(Measure::Additive) && decimals <= 0 && x.unit == Some(Unit::Count) {
                    step = step.max(Q::int(self.count_step(at)))?;
                }
                let mut span = Span::around(v, step.half()?)?;
                // a count is never negative: `0` rounded to tens is [0, 5]
                if m == Some(Measure::Additive) && !v.numer().is_negative() && span.lo.numer() < 0 {
                    span.lo = Q::ZERO;
                }
                Some(Val {
                    at,
                    point: Some(v),
                    span,
                    step,
                    measure: m,
                })
            }
            CellStatus::Nil => Some(Val {
                at,
                point: Some(Q::ZERO),
                span: Span::point(Q::ZERO),
                step: Q::ZERO,
                measure: m,
            }),
            CellStatus::BelowThreshold => {
                let upper = Q::from_decimal(x.upper?)?;
                if upper.numer() <= 0 {
                    return None;
                }
                Some(Val {
                    at,
                    point: None,
                    span: Span {
                        lo: Q::ZERO,
                        hi: upper,
                    },
                    step: Q::ZERO,
                    measure: m,
                })
            }
            _ => None,
        }
    }

    /// The label tree of an axis: consecutive lines that share a path prefix form a group.
    pub fn tree(&self, a: Axis) -> Vec<Node> {
        let mut roots: Vec<Node> = Vec::new();
        for (i, p) in self.lines(a).iter().enumerate() {
            let path: Vec<&str> = if p.is_empty() {
                vec![""]
            } else {
                p.iter().map(|s| s.as_str()).collect()
            };
            insert(&mut roots, &path, i);
        }
        roots
    }
}

fn insert(list: &mut Vec<Node>, path: &[&str], line: usize) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        list.push(Node {
            label: first.to_string(),
            line: Some(line),
            children: Vec::new(),
        });
        return;
    }
    let reuse = matches!(list.last(), Some(n) if !n.is_leaf() && n.label == *first);
    if !reuse {
        list.push(Node {
            label: first.to_string(),
            line: None,
            children: Vec::new(),
        });
    }
    if let Some(n) = list.last_mut() {
        insert(&mut n.children, rest, line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_shown_by_the_counts() {
        assert_eq!(shown_step(&[232190, 49480, 182700]), Some(10));
        assert_eq!(shown_step(&[117660, 128865, 27735]), Some(5));
        assert_eq!(shown_step(&[29079, 9170, 8087]), Some(1));
        assert_eq!(shown_step(&[3700, 3500]), None);
        assert_eq!(shown_step(&[3700, 3500, 2600, 4, 0]), Some(100));
        // one value off the step in ten is allowed, not in three
        assert_eq!(shown_step(&[930, 930, 1000, 8303]), Some(10));
        assert_eq!(shown_step(&[930, 1000, 8303]), Some(1));
        assert_eq!(shown_step(&[i128::MIN, 10, 20, 30]), Some(10));
    }
}
