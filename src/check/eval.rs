//! A relation between cells, recomputed exactly: from the printed values (the expected
//! value), and from every value the printed inputs may stand for (an interval). The
//! verdict compares both with what the printed result may stand for.

use super::exact::{Span, Q};
use super::grid::{Grid, Val};
use super::Status;
use crate::number::{parse_cell, CellContext, Hints};

type At = (usize, usize);

/// A relation the table names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rel {
    /// `total` = the sum of `parts`.
    Sum { total: At, parts: Vec<At> },
    /// `part` is never more than `whole` (a `waarvan` part).
    AtMost { part: At, whole: At },
    /// `result` = (new − old) / old × 100 when `relative`, else new − old.
    Change {
        result: At,
        new: At,
        old: At,
        relative: bool,
    },
    /// `result` = numerator / denominator × 100.
    Ratio { result: At, num: At, den: At },
    /// the shares in `parts` add up to 100.
    Shares { parts: Vec<At> },
}

/// The outcome of one evaluation.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    /// From the printed values (none when an input is only bounded, `<5`).
    pub expected: Option<Q>,
    /// Every value the inputs may stand for.
    pub span: Span,
    /// What the printed result stands for (the printed value ± half its step).
    pub printed: Span,
    /// Decimals to show.
    pub digits: i32,
}

fn sum_vals(vals: &[Val]) -> Option<(Option<Q>, Span)> {
    let mut point = Some(Q::ZERO);
    let mut span = Span::point(Q::ZERO);
    for v in vals {
        point = match (point, v.point) {
            (Some(a), Some(b)) => Some(a.checked_add(b)?),
            _ => None,
        };
        span = span.checked_add(v.span)?;
    }
    Some((point, span))
}

/// Decimals that show half a step: `10` → 0, `5` → 1 (2,5), `1` → 1 (0,5).
fn shown(step: Q) -> i32 {
    step.half().map(step_digits).unwrap_or(0)
}

/// Decimals of a step: `1` → 0, `0.1` → 1, `10` → 0.
fn step_digits(step: Q) -> i32 {
    let mut d = 0;
    let mut s = step;
    while !s.is_integer() && d < 12 {
        let Some(next) = s.checked_mul(Q::int(10)) else {
            break;
        };
        s = next;
        d += 1;
    }
    d
}

fn verdict(expected: Option<Q>, span: Span, printed: Span) -> Option<Status> {
    if let Some(e) = expected {
        if printed.contains(&e)? {
            return Some(Status::Ok);
        }
    }
    Some(if span.meets(&printed)? {
        Status::Rounding
    } else {
        Status::Mismatch
    })
}

impl Rel {
    /// The cells involved: the printed result first (the part for `AtMost`), then the
    /// inputs.
    pub fn cells(&self) -> Vec<At> {
        match self {
            Rel::Sum { total, parts } => std::iter::once(*total).chain(parts.clone()).collect(),
            Rel::AtMost { part, whole } => vec![*part, *whole],
            Rel::Change {
                result, new, old, ..
            } => vec![*result, *new, *old],
            Rel::Ratio { result, num, den } => vec![*result, *num, *den],
            Rel::Shares { parts } => parts.clone(),
        }
    }

    /// Recomputes the relation, with `over` standing in for the cell at its place.
    pub fn eval(&self, g: &Grid<'_>, over: Option<&Val>) -> Option<Outcome> {
        let get = |at: At| match over {
            Some(v) if v.at == at => Some(*v),
            _ => g.val(at),
        };
        match self {
            Rel::Sum { total, parts } => {
                let t = get(*total)?;
                let vals = parts.iter().map(|a| get(*a)).collect::<Option<Vec<_>>>()?;
                let (expected, span) = sum_vals(&vals)?;
                let digits = vals
                    .iter()
                    .chain(std::iter::once(&t))
                    .map(|v| shown(v.step))
                    .max()
                    .unwrap_or(0);
                Some(Outcome {
                    status: verdict(expected, span, t.span)?,
                    expected,
                    span,
                    printed: t.span,
                    digits,
                })
            }
            Rel::Shares { parts } => {
                let vals = parts.iter().map(|a| get(*a)).collect::<Option<Vec<_>>>()?;
                let (expected, span) = sum_vals(&vals)?;
                let digits = vals.iter().map(|v| shown(v.step)).max().unwrap_or(0);
                let hundred = Span::point(Q::HUNDRED);
                Some(Outcome {
                    status: verdict(expected, span, hundred)?,
                    expected,
                    span,
                    printed: hundred,
                    digits,
                })
            }
            Rel::AtMost { part, whole } => {
                let p = get(*part)?;
                let w = get(*whole)?;
                let status = match (p.point, w.point) {
                    (Some(a), Some(b)) if a.le(&b)? => Status::Ok,
                    _ if p.span.lo.le(&w.span.hi)? => Status::Rounding,
                    _ => Status::Mismatch,
                };
                Some(Outcome {
                    status,
                    expected: w.point,
                    span: w.span,
                    printed: p.span,
                    digits: shown(w.step).max(shown(p.step)),
                })
            }
            Rel::Change {
                result,
                new,
                old,
                relative,
            } => {
                let r = get(*result)?;
                let b = get(*new)?;
                let a = get(*old)?;
                let digits = step_digits(r.step) + 2;
                if *relative {
                    // a change relative to a base that may be zero or negative is not defined
                    if a.span.lo.numer() <= 0 {
                        return None;
                    }
                    let f = |old: Q, new: Q| {
                        new.checked_sub(old)?
                            .checked_div(old)?
                            .checked_mul(Q::HUNDRED)
                    };
                    let expected = match (a.point, b.point) {
                        (Some(x), Some(y)) => Some(f(x, y)?),
                        _ => None,
                    };
                    let span = a.span.corners(b.span, f)?;
                    Some(Outcome {
                        status: verdict(expected, span, r.span)?,
                        expected,
                        span,
                        printed: r.span,
                        digits,
                    })
                } else {
                    let expected = match (a.point, b.point) {
                        (Some(x), Some(y)) => Some(y.checked_sub(x)?),
                        _ => None,
                    };
                    let span = Span {
                        lo: b.span.lo.checked_sub(a.span.hi)?,
                        hi: b.span.hi.checked_sub(a.span.lo)?,
                    };
                    let digits = shown(r.step).max(shown(a.step)).max(shown(b.step));
                    Some(Outcome {
                        status: verdict(expected, span, r.span)?,
                        expected,
                        span,
                        printed: r.span,
                        digits,
                    })
                }
            }
            Rel::Ratio { result, num, den } => {
                let r = get(*result)?;
                let n = get(*num)?;
                let d = get(*den)?;
                if d.span.lo.numer() <= 0 {
                    return None;
                }
                let f = |d: Q, n: Q| n.checked_div(d)?.checked_mul(Q::HUNDRED);
                let expected = match (d.point, n.point) {
                    (Some(x), Some(y)) => Some(f(x, y)?),
                    _ => None,
                };
                let span = d.span.corners(n.span, f)?;
                Some(Outcome {
                    status: verdict(expected, span, r.span)?,
                    expected,
                    span,
                    printed: r.span,
                    digits: step_digits(r.step) + 2,
                })
            }
        }
    }
}

/// The ways a number with a footnote marker glued to its end may be split: `8122` →
/// (`8`, `122`), (`81`, `22`), (`812`, `2`). A group of three digits after a thousands
/// separator is never split (`1.660` stays whole); a longer last group gives up its extra
/// digits (`1.6601` → `1.660` + `1`).
pub fn marker_splits(raw: &str) -> Vec<(String, String)> {
    let t = raw.trim();
    let run = t.chars().rev().take_while(|c| c.is_ascii_digit()).count();
    if run == 0 || run == t.len() && run < 2 {
        return Vec::new();
    }
    let head = &t[..t.len() - run];
    let grouped = head.ends_with(['.', ',', '\u{2009}', '\u{202f}']);
    let ks: Vec<usize> = if grouped {
        if run > 3 && run - 3 <= 3 {
            vec![run - 3]
        } else {
            Vec::new()
        }
    } else {
        (1..=3.min(run.saturating_sub(1))).collect()
    };
    ks.into_iter()
        .map(|k| {
            let cut = t.len() - k;
            (t[..cut].to_string(), t[cut..].to_string())
        })
        .collect()
}

/// `v` multiplied by `factor` (a digit more or less).
fn scale(v: &Val, p: Q, factor: Q) -> Option<Val> {
    Some(Val {
        point: Some(p.checked_mul(factor)?),
        span: Span {
            lo: v.span.lo.checked_mul(factor)?,
            hi: v.span.hi.checked_mul(factor)?,
        },
        step: v.step.checked_mul(factor)?,
        ..*v
    })
}

/// Why a relation does not hold: a likely extraction error, or the publication's own
/// inconsistency.
pub fn explain(rel: &Rel, g: &Grid<'_>) -> String {
    let holds = |v: &Val| {
        rel.eval(g, Some(v))
            .map(|o| o.status != Status::Mismatch)
            .unwrap_or(false)
    };
    for at in rel.cells() {
        let Some(cell) = g.cell(at) else { continue };
        for (kept, marker) in marker_splits(&cell.cell.raw) {
            let labels = g
                .lines(super::grid::Axis::Rows)
                .get(at.0)
                .into_iter()
                .chain(g.lines(super::grid::Axis::Cols).get(at.1))
                .flat_map(|p| p.iter().map(|s| s.as_str()))
                .collect::<Vec<_>>();
            let ctx = CellContext::new(g.table.convention, Hints::from_labels(labels));
            let parsed = parse_cell(&kept, &ctx);
            let Some(v) = g.val_of(at, &parsed) else {
                continue;
            };
            if holds(&v) {
                return format!(
                    "extraction likely: {} `{}` may be `{kept}` with footnote marker {marker} glued to it; read that way the check holds",
                    g.place(at),
                    cell.cell.raw
                );
            }
        }
    }
    for at in rel.cells() {
        let Some(v) = g.val(at) else { continue };
        let Some(p) = v.point else { continue };
        for (factor, how) in [
            (Q::int(10), "×10"),
            (Q::new(1, 10).unwrap_or(Q::ZERO), "÷10"),
        ] {
            let scaled = scale(&v, p, factor);
            if let Some(s) = scaled {
                if factor != Q::ZERO && holds(&s) {
                    let raw = g.cell(at).map(|c| c.cell.raw.as_str()).unwrap_or("");
                    return format!(
                        "extraction or print error possible: {} `{raw}` fits {how} (a digit lost or added); compare with the PDF",
                        g.place(at)
                    );
                }
            }
        }
    }
    "publication: the printed values themselves do not agree (every cell read as a clean number); a question for the publisher".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_marker_splits() {
        let s = |r: &str| marker_splits(r);
        assert_eq!(
            s("8122"),
            vec![
                ("812".to_string(), "2".to_string()),
                ("81".to_string(), "22".to_string()),
                ("8".to_string(), "122".to_string())
            ]
        );
        assert!(s("1.660").is_empty());
        assert_eq!(s("1.6601"), vec![("1.660".to_string(), "1".to_string())]);
        assert!(s("4,35").is_empty());
        assert!(s("7").is_empty());
        assert!(s("n.v.t.").is_empty());
        assert!(s("").is_empty());
        assert!(s("€").is_empty());
    }
}
