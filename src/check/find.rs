//! Finding the relations a table names: change rows and columns, totals and their parts
//! (also within groups), `waarvan` parts, shares that add up to 100, and percentages that
//! follow from two named counts. Only what the labels (or the table's note) name is
//! checked; see the module doc of `check` for the rules.

use super::eval::Rel;
use super::grid::{Axis, Grid, Measure, Node};
use super::rules::{matches, matches_opt, Rules};
use super::{Confidence, Kind};

/// A relation found in a table, before it is evaluated.
#[derive(Debug, Clone)]
pub struct Found {
    pub kind: Kind,
    pub rel: Rel,
    pub confidence: Confidence,
    /// Relations of one family (the same total label, the same ratio rule…) count only when
    /// at least one of them holds: a `Totaal` column beside columns that are not its parts
    /// (`Totaal | Vergunninghouders | Amv's`) never adds up, and is then not a sum at all.
    pub family: Option<String>,
    /// Kept only when the family named here was dropped (the `waarvan` parts that do not
    /// sum to their whole are each checked to be no more than it).
    pub fallback_of: Option<String>,
    /// What the relation is, in the table's words.
    pub what: String,
}

const AXES: [Axis; 2] = [Axis::Rows, Axis::Cols];

/// (row_index, col_index) of a cell.
type At = (usize, usize);

fn lists(nodes: &[Node]) -> Vec<&[Node]> {
    let mut out = vec![nodes];
    for n in nodes {
        if !n.children.is_empty() {
            out.extend(lists(&n.children));
        }
    }
    out
}

fn short(label: &str) -> String {
    let s = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        "(no label)".into()
    } else {
        s
    }
}

struct Ctx<'g, 'a> {
    g: &'g Grid<'a>,
    rules: &'g Rules,
}

impl Ctx<'_, '_> {
    fn is_change(&self, n: &Node) -> bool {
        matches_opt(&self.rules.change, &n.label)
    }

    fn is_total(&self, n: &Node) -> bool {
        matches_opt(&self.rules.total, &n.label)
    }

    fn is_part(&self, n: &Node) -> bool {
        matches_opt(&self.rules.part, &n.label)
    }

    /// The line that stands for a node: a leaf's own line, or the total line of a group.
    fn representative(&self, n: &Node) -> Option<usize> {
        if let Some(l) = n.line {
            return Some(l);
        }
        let mut totals = n
            .children
            .iter()
            .filter(|c| c.is_leaf() && self.is_total(c));
        let t = totals.next()?;
        if totals.next().is_some() {
            return None;
        }
        t.line
    }

    fn positions(&self, a: Axis) -> usize {
        self.g.lines(a.other()).len()
    }

    /// Whether a line holds additive values (counts, money), only other values, or none.
    fn line_measure(&self, a: Axis, line: usize) -> Option<bool> {
        let mut numeric = false;
        for pos in 0..self.positions(a) {
            if let Some(v) = self.g.val(self.g.at(a, line, pos)) {
                match v.measure {
                    Some(Measure::Additive) => return Some(true),
                    Some(_) => numeric = true,
                    None => {}
                }
            }
        }
        numeric.then_some(false)
    }
}

/// The year a label names first (`2024`, `2024-2025`, `eind 2024`).
fn first_year(label: &str) -> Option<&str> {
    let b = label.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        let digits = b[i..i + 4].iter().all(|c| c.is_ascii_digit());
        let before = i == 0 || !b[i - 1].is_ascii_digit();
        let after = i + 4 == b.len() || !b[i + 4].is_ascii_digit();
        if digits && before && after && (b[i] == b'1' || b[i] == b'2') {
            return label.get(i..i + 4);
        }
        i += 1;
    }
    None
}

/// Every relation of the table. `shares` gets, per axis, which lines are shares that add
/// up to 100 (their percentages may be summed by a total).
pub fn find(g: &Grid<'_>, rules: &Rules, text: &str) -> Vec<Found> {
    let cx = Ctx { g, rules };
    let mut out = Vec::new();
    let shares = shares(&cx, text, &mut out);
    changes(&cx, &mut out);
    totals(&cx, &shares, &mut out);
    parts(&cx, &mut out);
    ratios(&cx, &mut out);
    out
}

/// `% verschil 2024 t.o.v. 2023`: the change between the lines of the two periods it names
/// (or, when it names none, the only two lines beside it). A group stands for its total.
fn changes(cx: &Ctx<'_, '_>, out: &mut Vec<Found>) {
    for a in AXES {
        let tree = cx.g.tree(a);
        for list in lists(&tree) {
            for c in list.iter().filter(|n| n.is_leaf() && cx.is_change(n)) {
                let Some(line) = c.line else { continue };
                let others: Vec<&Node> = list
                    .iter()
                    .filter(|n| !cx.is_change(n) && !cx.is_part(n))
                    .collect();
                let periods = cx.rules.change_periods.as_ref().and_then(|r| {
                    let (spaced, _) = super::rules::forms(&c.label);
                    let m = r.captures(&spaced)?;
                    Some((
                        m.name("new")?.as_str().to_string(),
                        m.name("old")?.as_str().to_string(),
                    ))
                });
                let pick = |year: &str| {
                    let mut hits = others.iter().filter(|n| first_year(&n.label) == Some(year));
                    let first = hits.next().copied();
                    if hits.next().is_some() {
                        None
                    } else {
                        first
                    }
                };
                let (new, old) = match &periods {
                    Some((new, old)) => match (pick(new), pick(old)) {
                        (Some(n), Some(o)) => (n, o),
                        _ => continue,
                    },
                    None => match others.as_slice() {
                        [o, n] => (*n, *o),
                        _ => continue,
                    },
                };
                let (Some(new_line), Some(old_line)) =
                    (cx.representative(new), cx.representative(old))
                else {
                    continue;
                };
                for pos in 0..cx.positions(a) {
                    let result = cx.g.at(a, line, pos);
                    let Some(r) = cx.g.val(result) else { continue };
                    let relative = match r.measure {
                        Some(Measure::Change) | Some(Measure::Percent) => true,
                        Some(Measure::Additive) | Some(Measure::Other) => false,
                        None => continue,
                    };
                    let at_new = cx.g.at(a, new_line, pos);
                    let at_old = cx.g.at(a, old_line, pos);
                    let (Some(nv), Some(ov)) = (cx.g.val(at_new), cx.g.val(at_old)) else {
                        continue;
                    };
                    let input_ok = |m: Option<Measure>| {
                        !matches!(m, Some(Measure::Percent) | Some(Measure::Change))
                    };
                    if !input_ok(nv.measure) || !input_ok(ov.measure) {
                        continue;
                    }
                    if !relative && nv.measure.is_some() && nv.measure != r.measure {
                        continue;
                    }
                    out.push(Found {
                        kind: if relative {
                            Kind::PercentChange
                        } else {
                            Kind::Difference
                        },
                        rel: Rel::Change {
                            result,
                            new: at_new,
                            old: at_old,
                            relative,
                        },
                        confidence: Confidence::Explicit,
                        family: None,
                        fallback_of: None,
                        what: format!(
                            "{} {} “{}”: “{}” against “{}”",
                            if relative {
                                "change in percent"
                            } else {
                                "difference"
                            },
                            a.name(),
                            short(&c.label),
                            short(&new.label),
                            short(&old.label)
                        ),
                    });
                }
            }
        }
    }
}

/// The cells of `lines` at `pos`, when every one has a value that may be added to the
/// total's: all additive in the same unit, or all percentages of a line of shares.
fn addable(
    cx: &Ctx<'_, '_>,
    a: Axis,
    total: usize,
    lines: &[usize],
    pos: usize,
    share_line: bool,
) -> Option<(At, Vec<At>)> {
    let at_t = cx.g.at(a, total, pos);
    let t = cx.g.val(at_t)?;
    let want = match t.measure {
        Some(Measure::Additive) => Measure::Additive,
        Some(Measure::Percent) if share_line => Measure::Percent,
        _ => return None,
    };
    let unit = cx.g.cell(at_t).and_then(|c| c.cell.unit.clone());
    let mut parts = Vec::with_capacity(lines.len());
    for &l in lines {
        let at = cx.g.at(a, l, pos);
        let v = cx.g.val(at)?;
        match v.measure {
            None => {}
            Some(m) if m == want => {
                let u = cx.g.cell(at).and_then(|c| c.cell.unit.clone());
                if want == Measure::Additive && u != unit {
                    return None;
                }
            }
            Some(_) => return None,
        }
        parts.push(at);
    }
    Some((at_t, parts))
}

/// `Totaal` against the other lines of its group (a group among them stands for its
/// total); an unlabelled last line as the total of the lines above it (inferred).
fn totals(cx: &Ctx<'_, '_>, shares: &[Vec<bool>; 2], out: &mut Vec<Found>) {
    for a in AXES {
        let tree = cx.g.tree(a);
        for list in lists(&tree) {
            let named: Vec<&Node> = list
                .iter()
                .filter(|n| n.is_leaf() && cx.is_total(n))
                .collect();
            let (t, confidence) = match named.as_slice() {
                [t] => (*t, Confidence::Explicit),
                [] if cx.rules.unlabelled_total => {
                    let Some(last) = list.last() else { continue };
                    let labelled = list[..list.len() - 1]
                        .iter()
                        .all(|n| !n.label.trim().is_empty());
                    if !(last.is_leaf() && last.label.trim().is_empty() && labelled)
                        || list.len() < 3
                    {
                        continue;
                    }
                    (last, Confidence::Inferred)
                }
                _ => continue,
            };
            let Some(t_line) = t.line else { continue };
            let part_nodes: Vec<&Node> = list
                .iter()
                .filter(|n| !std::ptr::eq(*n, t) && !cx.is_change(n) && !cx.is_part(n))
                .collect();
            let mut lines = Vec::new();
            let mut usable = true;
            for n in &part_nodes {
                let Some(l) = cx.representative(n) else {
                    usable = false;
                    break;
                };
                match cx.line_measure(a, l) {
                    Some(true) => lines.push(l),
                    // a line of rates or averages beside the counts is not a part
                    Some(false) => {}
                    // a part without any value: the sum cannot be made
                    None => {
                        usable = false;
                        break;
                    }
                }
            }
            if !usable || lines.len() < 2 {
                continue;
            }
            let family = format!(
                "total {} {}",
                a.name(),
                super::rules::forms(&t.label).1.to_lowercase()
            );
            for pos in 0..cx.positions(a) {
                let share_line = shares[match a.other() {
                    Axis::Rows => 0,
                    Axis::Cols => 1,
                }]
                .get(pos)
                .copied()
                .unwrap_or(false);
                let Some((at_t, parts)) = addable(cx, a, t_line, &lines, pos, share_line) else {
                    continue;
                };
                out.push(Found {
                    kind: Kind::Total,
                    rel: Rel::Sum { total: at_t, parts },
                    confidence,
                    family: Some(family.clone()),
                    fallback_of: None,
                    what: format!(
                        "{} “{}” = the sum of the {} {}s of its group",
                        a.name(),
                        short(&t.label),
                        lines.len(),
                        a.name()
                    ),
                });
            }
        }
    }
}

/// `waarvan` parts of the line before them: together equal to it when one of them names the
/// rest (`overig`, `niet-EER`) or the profile knows them to be complementary; else each no
/// more than it.
fn parts(cx: &Ctx<'_, '_>, out: &mut Vec<Found>) {
    for a in AXES {
        let tree = cx.g.tree(a);
        for list in lists(&tree) {
            // (whole, its parts)
            let mut groups: Vec<(&Node, Vec<&Node>)> = Vec::new();
            for n in list {
                if cx.is_part(n) {
                    if let Some(last) = groups.last_mut() {
                        last.1.push(n);
                    }
                } else {
                    groups.push((n, Vec::new()));
                }
            }
            for (whole, ps) in groups {
                if ps.is_empty() || cx.is_change(whole) {
                    continue;
                }
                let Some(w_line) = cx.representative(whole) else {
                    continue;
                };
                let lines: Option<Vec<usize>> = ps.iter().map(|p| cx.representative(p)).collect();
                let Some(lines) = lines else { continue };
                let named_rest = ps
                    .iter()
                    .any(|p| matches_opt(&cx.rules.complement, &p.label));
                let known_set = cx.rules.complementary.iter().any(|set| {
                    set.len() == ps.len()
                        && set
                            .iter()
                            .all(|re| ps.iter().filter(|p| matches(re, &p.label)).count() == 1)
                });
                let complementary = ps.len() >= 2 && (named_rest || known_set);
                let family = format!(
                    "parts {} {} {}",
                    a.name(),
                    super::rules::forms(&whole.label).1.to_lowercase(),
                    ps.len()
                );
                for pos in 0..cx.positions(a) {
                    if complementary {
                        if let Some((at_w, at_ps)) = addable(cx, a, w_line, &lines, pos, false) {
                            out.push(Found {
                                kind: Kind::Total,
                                rel: Rel::Sum {
                                    total: at_w,
                                    parts: at_ps,
                                },
                                confidence: if named_rest {
                                    Confidence::Explicit
                                } else {
                                    Confidence::Inferred
                                },
                                family: Some(family.clone()),
                                fallback_of: None,
                                what: format!(
                                    "{} “{}” = the sum of its {} `waarvan` parts",
                                    a.name(),
                                    short(&whole.label),
                                    ps.len()
                                ),
                            });
                        }
                    }
                    for (p, &l) in ps.iter().zip(&lines) {
                        let Some((at_w, at_p)) = addable(cx, a, w_line, &[l], pos, false) else {
                            continue;
                        };
                        let Some(&at_p) = at_p.first() else { continue };
                        out.push(Found {
                            kind: Kind::Total,
                            rel: Rel::AtMost {
                                part: at_p,
                                whole: at_w,
                            },
                            confidence: Confidence::Explicit,
                            family: None,
                            fallback_of: complementary.then(|| family.clone()),
                            what: format!(
                                "{} “{}” is part of “{}”: never more",
                                a.name(),
                                short(&p.label),
                                short(&whole.label)
                            ),
                        });
                    }
                }
            }
        }
    }
}

/// The positions across which a line's shares are spread: the top-level lines of the other
/// axis, a group standing for its total (or, without one, for its own members); totals,
/// changes and `waarvan` parts are not shares. Returns the positions and the top-level
/// total, if any.
fn partition(cx: &Ctx<'_, '_>, nodes: &[Node]) -> Option<(Vec<usize>, Option<usize>)> {
    let mut out = Vec::new();
    let mut total = None;
    for n in nodes {
        if cx.is_change(n) || cx.is_part(n) {
            continue;
        }
        if n.is_leaf() && cx.is_total(n) {
            if total.is_some() {
                return None;
            }
            total = n.line;
            continue;
        }
        match n.line {
            Some(l) => out.push(l),
            None => match cx.representative(n) {
                Some(l) => out.push(l),
                None => out.extend(partition(cx, &n.children)?.0),
            },
        }
    }
    Some((out, total))
}

/// Lines of percentages that add up to 100: explicit when the note says so (`Rijen tellen
/// op tot 100 procent`) or a printed total of 100% closes the line; inferred when the line
/// follows a line of counts with the same label (the shares of those counts), or when its
/// three or more shares do add up to 100 within rounding. Returns, per axis (rows,
/// columns), which lines are shares.
fn shares(cx: &Ctx<'_, '_>, text: &str, out: &mut Vec<Found>) -> [Vec<bool>; 2] {
    let mut flags = [
        vec![false; cx.g.lines(Axis::Rows).len()],
        vec![false; cx.g.lines(Axis::Cols).len()],
    ];
    for (k, a) in AXES.into_iter().enumerate() {
        let noted = match a {
            Axis::Rows => cx.rules.shares_rows.as_ref(),
            Axis::Cols => cx.rules.shares_columns.as_ref(),
        }
        .map(|r| r.is_match(text))
        .unwrap_or(false);
        let across = cx.g.tree(a.other());
        let Some((positions, total)) = partition(cx, &across) else {
            continue;
        };
        if positions.len() < 2 {
            continue;
        }
        let tree = cx.g.tree(a);
        for list in lists(&tree) {
            for (i, n) in list.iter().enumerate() {
                let Some(line) = n.line else { continue };
                if cx.is_change(n) {
                    continue;
                }
                let cells: Option<Vec<(usize, usize)>> = positions
                    .iter()
                    .map(|&p| {
                        let at = cx.g.at(a, line, p);
                        let v = cx.g.val(at)?;
                        matches!(v.measure, Some(Measure::Percent) | None).then_some(at)
                    })
                    .collect();
                let Some(cells) = cells else { continue };
                if !cells
                    .iter()
                    .any(|at| cx.g.val(*at).and_then(|v| v.measure).is_some())
                {
                    continue;
                }
                let printed_hundred = total
                    .and_then(|t| cx.g.val(cx.g.at(a, line, t)))
                    .filter(|v| v.measure == Some(Measure::Percent))
                    .and_then(|v| v.point)
                    .map(|p| p == super::exact::Q::HUNDRED)
                    .unwrap_or(false);
                let companion = i > 0
                    && list.get(i - 1).is_some_and(|prev| {
                        prev.label == n.label
                            && prev.line.is_some_and(|pl| {
                                positions.iter().all(|&p| {
                                    cx.g.val(cx.g.at(a, pl, p)).is_some_and(|v| {
                                        matches!(v.measure, Some(Measure::Additive) | None)
                                    })
                                })
                            })
                    });
                let rel = Rel::Shares { parts: cells };
                let (confidence, family) = if noted || printed_hundred {
                    (Confidence::Explicit, None)
                } else if companion {
                    (
                        Confidence::Inferred,
                        Some(format!("shares {} after counts", a.name())),
                    )
                } else if positions.len() >= 3 {
                    // inferred from the sum itself: only a line that does add up is one
                    match rel.eval(cx.g, None) {
                        Some(o) if o.status != super::Status::Mismatch => {
                            (Confidence::Inferred, None)
                        }
                        _ => continue,
                    }
                } else {
                    continue;
                };
                if let Some(f) = flags[k].get_mut(line) {
                    *f = true;
                }
                out.push(Found {
                    kind: Kind::SharesSum,
                    rel,
                    confidence,
                    family,
                    fallback_of: None,
                    what: format!(
                        "the shares in {} “{}” add up to 100{}",
                        a.name(),
                        short(&n.label),
                        if noted {
                            " (the note says so)"
                        } else if printed_hundred {
                            " (its total prints 100%)"
                        } else if companion {
                            " (shares of the counts above)"
                        } else {
                            ""
                        }
                    ),
                });
            }
        }
    }
    flags
}

/// A percentage whose header names the two counts it follows from (`Inwilligingspercentage`
/// beside `Inwilliging` and `Totaal beslissingen`): the profile's `ratios`.
fn ratios(cx: &Ctx<'_, '_>, out: &mut Vec<Found>) {
    for a in AXES {
        let tree = cx.g.tree(a);
        for list in lists(&tree) {
            for (k, rule) in cx.rules.ratios.iter().enumerate() {
                let unique = |re: &regex::Regex| {
                    let mut hits = list.iter().filter(|n| n.is_leaf() && matches(re, &n.label));
                    let first = hits.next();
                    if hits.next().is_some() {
                        None
                    } else {
                        first
                    }
                };
                let (Some(p), Some(n), Some(d)) = (
                    unique(&rule.percentage),
                    unique(&rule.numerator),
                    unique(&rule.denominator),
                ) else {
                    continue;
                };
                let (Some(pl), Some(nl), Some(dl)) = (p.line, n.line, d.line) else {
                    continue;
                };
                if pl == nl || pl == dl || nl == dl {
                    continue;
                }
                for pos in 0..cx.positions(a) {
                    let (rp, rn, rd) = (
                        cx.g.at(a, pl, pos),
                        cx.g.at(a, nl, pos),
                        cx.g.at(a, dl, pos),
                    );
                    let (Some(vp), Some(vn), Some(vd)) = (cx.g.val(rp), cx.g.val(rn), cx.g.val(rd))
                    else {
                        continue;
                    };
                    if vp.measure != Some(Measure::Percent)
                        || vn.measure != Some(Measure::Additive)
                        || vd.measure != Some(Measure::Additive)
                    {
                        continue;
                    }
                    out.push(Found {
                        kind: Kind::Ratio,
                        rel: Rel::Ratio {
                            result: rp,
                            num: rn,
                            den: rd,
                        },
                        confidence: Confidence::Inferred,
                        family: Some(format!("ratio {} {k}", a.name())),
                        fallback_of: None,
                        what: format!(
                            "{} “{}” = “{}” / “{}” × 100",
                            a.name(),
                            short(&p.label),
                            short(&n.label),
                            short(&d.label)
                        ),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::first_year;

    #[test]
    fn years_in_labels() {
        assert_eq!(first_year("2024"), Some("2024"));
        assert_eq!(first_year("2023-2024"), Some("2023"));
        assert_eq!(first_year("eind 2024"), Some("2024"));
        assert_eq!(first_year("20245"), None);
        assert_eq!(first_year("Spoor 4 AA"), None);
        assert_eq!(first_year("é2024"), Some("2024"));
    }
}
