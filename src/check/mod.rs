//! Self-checks: every table recomputes the relations it names from its own printed
//! numbers, so a user knows which numbers to trust, and why not.
//!
//! Input: a [`Table`] (typed cells with header paths) and the text of its caption and note;
//! the `[checks]` rules of the document's profile ([`Rules`]). Output: a [`Check`] per
//! recomputed cell. Pure: no I/O, exact arithmetic ([`exact::Q`], fractions of integers; no
//! binary floating point decides a verdict), no panics (every operation is checked; what does
//! not fit is not checked).
//!
//! # Relations (module `find`)
//! - **percent_change** / **difference**: a row or column whose label matches `change`
//!   (`% verschil 2024 t.o.v. 2023`, `Verschil …`) against the lines of the two periods
//!   `change_periods` names (a line whose label starts with the year: `2024`, `2024-2025`), or
//!   the only two lines beside it; a group of lines (`2023` › `Totaal`, `AA`, …) stands for its
//!   total line. A `%` result is (new − old) / old × 100, a count result new − old. Inputs
//!   that are themselves percentages are not compared (percentage points or percent: the
//!   table does not say).
//! - **total**: a line whose label matches `total` (`Totaal`, `Totale instroom`, `EU/EFTA
//!   totaal`) against the other lines of its group (nested groups stand for their totals),
//!   leaving out change lines, `waarvan` lines and lines of rates or averages; counts and
//!   money only, or percentages along a line of shares. An unlabelled last line is the total
//!   of the lines above it when the profile says so (`unlabelled_total`, inferred).
//!   `waarvan` lines (`part`) are parts of the line before them: each never more than it,
//!   and together equal to it when one names the rest (`complement`: `overig`, `niet-EER`)
//!   or the profile lists them as complementary (`ingewilligd` + `afgewezen`, inferred).
//! - **shares_sum**: a line of percentages adds up to 100 over the top-level lines across
//!   it (a group counts as its total): explicit when the note says so (`shares_rows`,
//!   `shares_columns`) or a printed `Totaal` of 100% closes it; inferred when it follows a
//!   line of counts with the same label, or when three or more shares add up to 100 within
//!   rounding (then only ever `ok` or `rounding`).
//! - **ratio**: a percentage whose header names the two counts it follows from, in the same
//!   group (`ratios` in the profile: `Inwilligingspercentage` = `Inwilliging` / `Totaal
//!   beslissingen`). Inferred: the publisher may divide by something else. The `82%` beside
//!   `Aanvragen` and `Beslissingen` is not checked: no header names its numerator.
//!
//! A relation family (one total label, one ratio rule, one set of `waarvan` parts) counts
//! only when it holds somewhere in the table: a `Totaal` beside columns that are subsets,
//! not parts (`Totaal | Vergunninghouders | Amv's`), never adds up, so it is not a sum and
//! nothing is reported. Complementary `waarvan` parts that never add up fall back to
//! "each no more than the whole".
//!
//! # Rounding (module `grid`)
//! A printed value stands for every value within half its step: the printed precision
//! (`54%` ± 0,5; `4,35 miljoen` ± 5.000), and for whole counts the step the table shows (the
//! largest 10^k or 5·10^k dividing at least three counts of 10 or more in the table, its row
//! or its column: IND rounds to tens, CBS to fives). `<5` stands for [0, 5]; `-` for exactly
//! 0; a count is never negative. Status `ok`: the value recomputed from the printed inputs
//! lies within what the printed result stands for; `rounding`: only some inputs within half
//! a step of the printed ones give the printed result (the sample truth calls this
//! `consistent_with_rounded_inputs`); `mismatch`: none do. `detail` gives both intervals.
//!
//! # Mismatches (module `eval`)
//! `detail` says what is likely: an extraction error when reading one cell another way makes
//! the check hold (a footnote marker glued to a number, `8122` = `8` + note 122; a digit
//! lost or added), else the publication's own numbers disagree.

pub mod eval;
pub mod exact;
mod find;
pub mod grid;
pub mod rules;
#[cfg(test)]
mod tests;

pub use rules::{RawRules, Rules};

use crate::structure::Structure;
use crate::table::Table;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What is recomputed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    PercentChange,
    Difference,
    Total,
    SharesSum,
    Ratio,
}

impl Kind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::PercentChange => "percent_change",
            Kind::Difference => "difference",
            Kind::Total => "total",
            Kind::SharesSum => "shares_sum",
            Kind::Ratio => "ratio",
        }
    }

    pub const ALL: [Kind; 5] = [
        Kind::PercentChange,
        Kind::Difference,
        Kind::Total,
        Kind::SharesSum,
        Kind::Ratio,
    ];
}

/// The verdict of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// the value recomputed from the printed inputs rounds to the printed result
    Ok,
    /// only unrounded inputs (within half a step of the printed ones) give the printed result
    Rounding,
    /// no inputs within rounding give the printed result
    Mismatch,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Rounding => "rounding",
            Status::Mismatch => "mismatch",
        }
    }

    pub const ALL: [Status; 3] = [Status::Ok, Status::Rounding, Status::Mismatch];
}

/// Whether the table names the relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// named by the table: a `% verschil` line, a `Totaal`, `waarvan` parts, a note
    Explicit,
    /// inferred: an unlabelled total line, shares beside counts, a ratio rule
    Inferred,
}

impl Confidence {
    pub fn as_str(&self) -> &'static str {
        match self {
            Confidence::Explicit => "explicit",
            Confidence::Inferred => "inferred",
        }
    }

    pub const ALL: [Confidence; 2] = [Confidence::Explicit, Confidence::Inferred];
}

/// A figure's verdict (`figures.check_status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verdict {
    /// every check ok or rounding
    Verified,
    /// at least one mismatch
    Inconsistent,
    /// nothing to check
    Unchecked,
}

impl Verdict {
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Verified => "verified",
            Verdict::Inconsistent => "inconsistent",
            Verdict::Unchecked => "unchecked",
        }
    }

    pub const ALL: [Verdict; 3] = [Verdict::Verified, Verdict::Inconsistent, Verdict::Unchecked];
}

/// One recomputed relation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub kind: Kind,
    /// (row_index, col_index) of the cells: the printed result first (for a `waarvan` part
    /// the part, then its whole; for shares the shares), then the inputs.
    pub cells: Vec<(usize, usize)>,
    /// The value recomputed from the printed inputs (dot decimal), or the interval when an
    /// input is only bounded (`<5`), or `<= whole` for a part.
    pub expected: String,
    /// The result as printed (`-28%`); `100` for shares.
    pub printed: String,
    pub status: Status,
    pub confidence: Confidence,
    /// The relation in the table's words, the intervals, and for a mismatch its likely cause.
    pub detail: String,
}

/// The checks of one figure's table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureChecks {
    /// Index into `Structure::figures`.
    pub figure: usize,
    pub checks: Vec<Check>,
}

/// The verdict over a figure's checks.
pub fn verdict(checks: &[Check]) -> Verdict {
    if checks.is_empty() {
        Verdict::Unchecked
    } else if checks.iter().any(|c| c.status == Status::Mismatch) {
        Verdict::Inconsistent
    } else {
        Verdict::Verified
    }
}

/// Checks every table of a document; `st` gives each table's caption and note.
pub fn run(tables: &[Table], st: &Structure, rules: &Rules) -> Vec<FigureChecks> {
    tables
        .iter()
        .map(|t| {
            let text = st
                .figures
                .get(t.figure)
                .map(|f| format!("{}\n{}", f.caption_text, f.note.as_deref().unwrap_or("")))
                .unwrap_or_default();
            FigureChecks {
                figure: t.figure,
                checks: check_table(t, &text, rules),
            }
        })
        .collect()
}

/// The checks of one table. `text`: its caption and notes (a note may say that rows add
/// up to 100 percent).
pub fn check_table(table: &Table, text: &str, rules: &Rules) -> Vec<Check> {
    let Some(g) = grid::Grid::new(table) else {
        return Vec::new();
    };
    let found = find::find(&g, rules, text);
    // evaluate; then drop families that hold nowhere
    let mut evaluated = Vec::new();
    for f in found {
        if let Some(o) = f.rel.eval(&g, None) {
            evaluated.push((f, o));
        }
    }
    let mut families: BTreeSet<&str> = BTreeSet::new();
    let mut holding: BTreeSet<&str> = BTreeSet::new();
    for (f, o) in &evaluated {
        if let Some(fam) = &f.family {
            families.insert(fam);
            if o.status != Status::Mismatch {
                holding.insert(fam);
            }
        }
    }
    let dropped: BTreeSet<String> = families
        .difference(&holding)
        .map(|s| s.to_string())
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (f, o) in &evaluated {
        if f.family.as_ref().is_some_and(|fam| dropped.contains(fam)) {
            continue;
        }
        if f.fallback_of
            .as_ref()
            .is_some_and(|fam| !dropped.contains(fam))
        {
            continue;
        }
        // the same cells in the same relation once (a group total found from both sides)
        if !seen.insert((f.kind.as_str(), f.rel.cells())) {
            continue;
        }
        out.push(make(&g, f, o));
    }
    out
}

fn raw(g: &grid::Grid<'_>, at: (usize, usize)) -> String {
    g.cell(at)
        .map(|c| c.cell.raw.trim().to_string())
        .unwrap_or_default()
}

fn make(g: &grid::Grid<'_>, f: &find::Found, o: &eval::Outcome) -> Check {
    let cells = f.rel.cells();
    let d = o.digits;
    let (printed, expected) = match &f.rel {
        eval::Rel::Shares { .. } => (
            "100".to_string(),
            o.expected
                .map(|e| e.to_short_text(d))
                .unwrap_or_else(|| o.span.to_text(d)),
        ),
        eval::Rel::AtMost { part, .. } => (
            raw(g, *part),
            format!(
                "<= {}",
                o.expected
                    .map(|e| e.to_short_text(d))
                    .unwrap_or_else(|| o.span.hi.to_short_text(d))
            ),
        ),
        _ => (
            cells.first().map(|a| raw(g, *a)).unwrap_or_default(),
            o.expected
                .map(|e| e.to_short_text(d))
                .unwrap_or_else(|| o.span.to_text(d)),
        ),
    };
    let mut detail = match &f.rel {
        eval::Rel::AtMost { .. } => format!(
            "{}; the whole stands for {}, the part for {}",
            f.what,
            o.span.to_text(d),
            o.printed.to_text(d)
        ),
        _ => format!(
            "{}; from the printed values {}; with every input within half its rounding step {}; the printed {} stands for {}",
            f.what,
            o.expected
                .map(|e| e.to_short_text(d))
                .unwrap_or_else(|| "(an input is only bounded)".into()),
            o.span.to_text(d),
            printed,
            o.printed.to_text(d)
        ),
    };
    if o.status == Status::Mismatch {
        detail.push_str("; ");
        detail.push_str(&eval::explain(&f.rel, g));
    }
    Check {
        kind: f.kind,
        cells,
        expected,
        printed,
        status: o.status,
        confidence: f.confidence,
        detail,
    }
}
