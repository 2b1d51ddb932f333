//! Reading one numeral (digits with `.`, `,` or thin-space separators, as matched by the
//! grammar) under the Dutch and the English convention, and what its shape says about the
//! convention.

use super::decimal::Decimal;
use super::Convention;

/// A numeral read under one convention: its exact unsigned value and the number of digits
/// printed after the decimal mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reading {
    pub value: Decimal,
    pub frac_digits: u32,
}

/// What a numeral's shape tells about the decimal-mark convention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Reads the same either way (`1660`, `0`, `1 234` with thin spaces).
    Neutral,
    /// Only the Dutch reading is valid (`20,2`, `-0,7`, `,617`, `1.234,5`, `1.234.567`).
    Dutch,
    /// Only the English reading is valid (`1.5`, `0.25`, `1,234.5`, `1,234,567`, `.5`).
    English,
    /// Both readings are valid and differ (`1.660`, `1,660`).
    Ambiguous,
    /// Neither reading is valid (`1.23.4`, `12.3456,7`), or more than `MAX_DIGITS`
    /// significant digits.
    Invalid,
}

/// Characters the grammar accepts between digit groups. Thin space, narrow no-break space
/// and figure space group thousands in either convention (SI style); `.` and `,` depend on
/// the convention.
pub(crate) fn is_group_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{2009}' | '\u{202F}' | '\u{2007}')
}

fn is_thin(c: char) -> bool {
    matches!(c, '\u{2009}' | '\u{202F}' | '\u{2007}')
}

/// Reads `s` with `decimal` as the decimal mark and `group` as the thousands separator.
/// Rules: the decimal mark occurs at most once and only before the last group of digits;
/// every other separator is the same grouping character (`group` or one kind of thin
/// space); a grouped integer part starts with 1-3 digits, not a leading zero, followed by
/// groups of exactly 3; an ungrouped integer part is any run of digits, or empty before a
/// decimal mark (`,5`).
fn read_as(s: &str, decimal: char, group: char) -> Option<Reading> {
    let mut groups: Vec<&str> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if !c.is_ascii_digit() {
            groups.push(&s[start..i]);
            seps.push(c);
            start = i + c.len_utf8();
        }
    }
    groups.push(&s[start..]);

    if groups.iter().all(|g| g.is_empty()) {
        return None;
    }
    // the fraction, if the last separator is the decimal mark
    let (int_groups, int_seps, frac) = match seps.last() {
        Some(&c) if c == decimal => (
            &groups[..groups.len() - 1],
            &seps[..seps.len() - 1],
            *groups.last()?,
        ),
        _ => (&groups[..], &seps[..], ""),
    };
    if frac.is_empty() && seps.last() == Some(&decimal) {
        return None;
    }
    if let Some(&first) = int_seps.first() {
        // grouped integer part: one grouping character throughout
        if !(first == group || is_thin(first)) || int_seps.iter().any(|&c| c != first) {
            return None;
        }
        let lead = int_groups.first()?;
        if lead.is_empty() || lead.len() > 3 || lead.starts_with('0') {
            return None;
        }
        if int_groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    } else {
        // ungrouped: any digits; empty only before a fraction
        let lead = int_groups.first()?;
        if lead.is_empty() && frac.is_empty() {
            return None;
        }
    }
    // only the first group may be empty (a leading decimal mark)
    if groups[1..].iter().any(|g| g.is_empty()) {
        return None;
    }
    let int: String = int_groups.concat();
    let value = Decimal::from_parts(false, &int, frac)?;
    Some(Reading {
        value,
        frac_digits: u32::try_from(frac.len()).ok()?,
    })
}

/// The Dutch reading (`,` decimal mark, `.` thousands).
pub(crate) fn read_dutch(s: &str) -> Option<Reading> {
    read_as(s, ',', '.')
}

/// The English reading (`.` decimal mark, `,` thousands).
pub(crate) fn read_english(s: &str) -> Option<Reading> {
    read_as(s, '.', ',')
}

/// What the numeral's shape says about the convention.
pub(crate) fn shape(s: &str) -> Shape {
    match (read_dutch(s), read_english(s)) {
        (Some(d), Some(e)) if d == e => Shape::Neutral,
        (Some(_), Some(_)) => Shape::Ambiguous,
        (Some(_), None) => Shape::Dutch,
        (None, Some(_)) => Shape::English,
        (None, None) => Shape::Invalid,
    }
}

/// The numeral's value under `convention`. [`Convention::Undetermined`] reads nothing: a
/// cell's numerals are read together under one convention (`parse_cell` tries both).
pub(crate) fn read(s: &str, convention: Convention) -> Option<Reading> {
    match convention {
        Convention::Dutch => read_dutch(s),
        Convention::English => read_english(s),
        Convention::Undetermined => None,
    }
}
