//! What the labels of a cell's column and row (its header paths) say about its unit.

use super::grammar::UNIT_WORDS;
use super::{Hints, Unit};

/// Labels that mark a difference between two periods: `% verschil 2024 t.o.v. 2023`,
/// `Verschil 2024 t.o.v. 2023`, `Verandering ...`, `Mutatie`, `2024 t.o.v. 2023`. A bare
/// `t.o.v.` is not enough: `Leeftijd (t.o.v. 18-24 jaar)` names a reference category.
fn is_change_label(lower: &str) -> bool {
    if ["verschil", "verandering", "mutatie", "toename", "afname"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return true;
    }
    // `<year> t.o.v. <year>`
    lower.match_indices("t.o.v.").any(|(at, pat)| {
        let before = lower[..at].trim_end();
        let after = lower[at + pat.len()..].trim_start();
        let year_before = before.len() >= 4
            && before.is_char_boundary(before.len() - 4)
            && before[before.len() - 4..]
                .bytes()
                .all(|b| b.is_ascii_digit());
        let year_after = after.len() >= 4
            && after.is_char_boundary(4)
            && after[..4].bytes().all(|b| b.is_ascii_digit());
        year_before && year_after
    })
}

fn is_percent_label(lower: &str) -> bool {
    lower.contains('%') || lower.contains("procent") || lower.contains("percentage")
}

/// The unit named in parentheses: `(in weken)`, `(weken)`, `(km)`, `(m2)`, `(%)`, `(€)`,
/// `(in euro's)`. Only known unit words count: `(31 december)` or `(incl. ...)` name none.
fn parenthesised_unit(label: &str) -> Option<Unit> {
    let mut found = None;
    let mut rest = label;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(')') else { break };
        let inner = after[..close].trim();
        let bare = inner
            .strip_prefix("in ")
            .or_else(|| inner.strip_prefix("In "))
            .unwrap_or(inner)
            .trim();
        let lower = bare.to_lowercase();
        let unit = if lower == "%" || lower == "procent" {
            Some(Unit::Percent)
        } else if ["€", "euro", "euro's", "euros", "eur"].contains(&lower.as_str()) {
            Some(Unit::Euro)
        } else if UNIT_WORDS.iter().any(|u| u.eq_ignore_ascii_case(bare)) {
            Some(Unit::Named(bare.to_lowercase()))
        } else {
            None
        };
        if unit.is_some() {
            found = unit;
        }
        rest = &after[close + 1..];
    }
    found
}

impl Hints {
    /// The unit a caption names for its whole table, in parentheses at its end:
    /// `Verdeling stedelijkheidsgraad ..., WoON 2015-2021 (%)` → percent, `(in weken)` →
    /// weken. A word in the title (`Inwilligingspercentage en beslissingen`) names none: it
    /// may be about one column only.
    pub fn title_unit(title: &str) -> Option<Unit> {
        let t = title.trim_end_matches(['.', ' ']);
        if !t.ends_with(')') {
            return None;
        }
        let open = t.rfind('(')?;
        parenthesised_unit(&t[open..])
    }

    /// Hints from the labels of a cell's column path and row path, as a table stage has
    /// them. `change` when any label marks a difference; the unit for bare numbers:
    /// percent_change when a label marks a difference in percent (`% verschil`,
    /// `Verandering ... (%)`), else percent when a label is about percentages
    /// (`Inwilligingspercentage`, `% gegrond`), else the last unit named in parentheses.
    pub fn from_labels<'a>(labels: impl IntoIterator<Item = &'a str>) -> Hints {
        let mut change = false;
        let mut percent_change = false;
        let mut percent = false;
        let mut named: Option<Unit> = None;
        for label in labels {
            let lower = label.to_lowercase();
            let is_change = is_change_label(&lower);
            change |= is_change;
            if is_percent_label(&lower) {
                if is_change {
                    percent_change = true;
                } else {
                    percent = true;
                }
            }
            if let Some(u) = parenthesised_unit(label) {
                if u != Unit::Percent {
                    named = Some(u);
                }
            }
        }
        let unit = if percent_change {
            Some(Unit::PercentChange)
        } else if percent {
            Some(Unit::Percent)
        } else {
            named
        };
        Hints { change, unit }
    }
}
