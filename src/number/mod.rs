//! Numbers and statistical symbols in table cells: the text of a cell, exactly as printed,
//! into an exact value with its unit, status, bounds and share. Pure: no I/O, no floats in
//! any computed value, no panics on any input (property tests and a cargo-fuzz target hold
//! it to that). This module is self-contained (it uses only `nom` and `std`), so the fuzz
//! target compiles it alone.
//!
//! # Grammar
//!
//! ```text
//! cell      = ws* ( symbol | bound | range | amount )? ws* EOF     nothing at all: empty
//! symbol    = "n.v.t." | "n.v.t" | "nvt"   (any case)               not_applicable
//!           | "-" | "–"                                             nil (CBS "nihil": value 0)
//!           | "."                                                   unknown
//!           | "x"                                                   secret
//! bound     = "<" ws* magnitude                                     below_threshold, upper
//!           | ">" ws* magnitude                                     range, lower only
//! range     = magnitude ws* ( "-" | "–" ) ws* magnitude             range, lower and upper
//! amount    = [ "€" ws* ] [ sign ws* ] [ "€" ws* ] magnitude [ ws* share ] [ ws* stars ]
//! magnitude = numeral [ ws* scale ] [ ws* suffix ]
//! share     = "(" ws* numeral ws* "%" ws* ")"                       7.040 (11,3%)
//! stars     = "*" | "**" | "***"
//! sign      = "+" | "-" | "−" (U+2212) | "–" (U+2013, en dash)
//! numeral   = [ "." | "," ] digit+ { gsep digit+ }                  shape checked when read
//! gsep      = "." | "," | U+2009 | U+202F | U+2007                   (thin, narrow, figure space)
//! scale     = "duizend" | "miljoen" | "mln" ["."] | "miljard" | "mld" ["."] | "mrd" ["."]
//!           | "biljoen"                                             any case
//! suffix    = "%" | "procent" | "‰" | "€" | "euro" | unit-word
//! unit-word = jaar | jaren | maand(en) | week | weken | dag(en) | uur | km | m2 | m² |
//!             km2 | ha | kg | ton | ...                             (grammar::UNIT_WORDS)
//! ws        = any Unicode white space (no-break and thin spaces included)
//! ```
//! Side conditions: at most one euro sign or word in an amount; after a scale word only
//! `€`/`euro` may follow; a range has no scale words, a unit on its lower bound equal to the
//! one on its upper bound (`15 weken – 6 maanden` is text), and lower <= upper. Anything
//! outside the grammar is a text cell: its raw text is kept and it gets no value.
//!
//! # Reading a numeral
//! A numeral is read under a decimal-mark [`Convention`]:
//! - Dutch: `,` is the decimal mark, `.` groups thousands (`1.660` = 1660, `4,35`, `,617`).
//! - English: `.` is the decimal mark, `,` groups thousands (`1,234.5`, `0.25`, `.5`).
//! - A thin space groups thousands in either.
//!
//! The decimal mark occurs at most once, before the last digits; every other separator is the
//! same grouping character; a grouped integer part is 1-3 digits (no leading zero) then groups
//! of exactly 3; an ungrouped integer part is any digits, or none before a decimal mark. At most
//! [`decimal::MAX_DIGITS`] significant digits and as many fraction digits; more is text (never an
//! overflow, never a panic).
//!
//! The shape of a numeral is evidence ([`Evidence`]): `20,2`, `-0,7`, `1.234,5`, `1.234.567`,
//! `,617` read only the Dutch way; `1.5`, `0.25`, `1,234.5`, `1,234,567`, `.5` only the English
//! way; `1.660` and `1,660` read both ways with different values (ambiguous); `1660` reads the
//! same either way. The convention of a table is its own evidence when that is one-sided, the
//! document's when the table has none, and undetermined when the table has both
//! ([`Convention::for_table`]). The document's is its evidence when one-sided, the default of
//! the document family when it has none, and with both kinds that default if its side has the
//! majority, else undetermined ([`Convention::for_document`]). So a lone `1.660` in a Dutch
//! document is 1660, and in a table with `0.25` elsewhere it is 1.66. Under an undetermined
//! convention all numerals of a cell are read under one convention: a cell that only one
//! convention reads, or both read alike, gets its value; an ambiguous one (`1.660`) or a mixed
//! one (`7.0 (11,3%)`) is text: never a guessed number.
//!
//! # Values and units
//! - `value` is exact ([`Decimal`]): `4,35 miljoen` is 4350000, `54%` is 54, `-28%` is -28.
//!   Its canonical text (`value_exact`) has no trailing zeros (`1,00` → `1`); `to_f64` is the
//!   nearest double to that text, for the REAL column.
//! - `decimals` is the printed precision in units of the value: digits after the decimal mark
//!   minus the power of ten of the scale word. `4,35` → 2, `1.660` → 0, `4,35 miljoen` → -4
//!   (known to ten thousands), `314 duizend` → -3. The value is exact to ±½·10^-decimals as
//!   printed. For bounds it is the larger precision of the printed bounds.
//! - Unit, first rule that applies: `%` or `procent` → percent_change when signed (`-28%`,
//!   `+20%`, `+0%`) or in a change row/column ([`Hints::change`]), else percent; `‰` → the
//!   named unit `‰`; `€`/`euro` → euro; a unit word → that word in lower case (`1-2 Jaar` →
//!   `jaar`); the column's or row's unit ([`Hints::unit`]: `(in weken)` → `weken`,
//!   `% verschil` → percent_change, `Inwilligingspercentage` → percent, which a sign or a
//!   change label turns into percent_change); no fraction printed (decimals <= 0) → count;
//!   else number (`1,16`, `1,00`).
//! - Below-threshold and range cells carry the unit of their bounds (`<5` → count).
//! - `nil` (`-`, `–` alone) has value 0 (CBS: nihil) and the header's unit if it names one.
//!
//! # Decisions on other forms
//! - Trailing asterisks are counted in [`Cell::stars`] and kept out of the value. Whether they
//!   mark a provisional figure (CBS: `*` voorlopig, `**` nader voorlopig) or a significance
//!   level (`1,630559***`) is said by the table's note, not by the cell; the table stage knows.
//! - `(...)` around a lone number is text: in the corpus (PBL regression tables) it holds a
//!   standard error, not a negative amount, so no accounting-style negatives.
//! - A share is only `count (share%)`; a parenthesised number without `%` is text.
//! - CBS `0 (0,0)`, "less than half the unit", needs no status of its own: a printed `0` or
//!   `0,0` is value 0 with decimals 0 or 1, and that precision says |x| < ½ or < 0,05.
//! - `<` gives an upper bound, `>` a lower bound; whether the printed bound itself is included
//!   is not recorded (`≤`, `≥` are text). `>` cells are ranges open at the top.
//! - A footnote marker is removed by the table stage before a cell gets here; a letter glued to
//!   a number (`1.660a`) is text.
//! - Euro is the only currency: `$ 71.15` (English fixtures) is text.
//! - `x` is secret only in lower case; `X`, `—` (em dash), `..`, `*` alone are text.
//! - Spaces inside a numeral (`1 660`) are text: two cells may have run together. Thin spaces
//!   group thousands.
//! - A signed number without `%` keeps its unit (count/number): `-5` in a saldo column is a
//!   count; only `%` cells become percent_change by their sign.
//! - `(x 1.000)`-style headers are not applied: the value is what is printed.

pub mod decimal;
mod grammar;
mod hints;
mod numeral;

#[cfg(test)]
mod tests;

pub use decimal::Decimal;

use grammar::{Amount, Form, Magnitude, Sign, Suffix, Symbol};
use numeral::Shape;

/// Status of a cell, stored as [`Status::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// a number
    Ok,
    /// `n.v.t.`, `Nvt`
    NotApplicable,
    /// `-` or `–` alone (CBS: nihil, value 0)
    Nil,
    /// `.` (CBS: gegevens ontbreken)
    Unknown,
    /// `x` (CBS: geheim)
    Secret,
    /// `<5`: only an upper bound is known
    BelowThreshold,
    /// `1-2 jaar`, `> 5 jaar`: bounds, no single value
    Range,
    /// not a number: raw text kept, no value
    Text,
    /// nothing printed
    Empty,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::NotApplicable => "not_applicable",
            Status::Nil => "nil",
            Status::Unknown => "unknown",
            Status::Secret => "secret",
            Status::BelowThreshold => "below_threshold",
            Status::Range => "range",
            Status::Text => "text",
            Status::Empty => "empty",
        }
    }
}

/// Unit of a value, stored as [`Unit::as_str`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Unit {
    /// a whole number of things: no fraction printed (`1.660`, `4,35 miljoen`)
    Count,
    /// a number with a printed fraction (`1,16`)
    Number,
    /// a share in percent (`54%`): value 54
    Percent,
    /// a change in percent (`-28%`, `+20%`, any `%` in a `% verschil` row): value -28
    PercentChange,
    /// `€ 1.234,56`
    Euro,
    /// a unit named by the cell or its header, in lower case: `jaar`, `weken`, `km`, `m2`, `‰`
    Named(String),
}

impl Unit {
    pub fn as_str(&self) -> &str {
        match self {
            Unit::Count => "count",
            Unit::Number => "number",
            Unit::Percent => "percent",
            Unit::PercentChange => "percent_change",
            Unit::Euro => "euro",
            Unit::Named(name) => name,
        }
    }
}

/// Every unit a cell can get ([`Unit::as_str`]): the fixed ones, `‰`, and the unit words
/// (in lower case) a cell or header may name. The export's `unit` column takes these.
pub fn unit_names() -> Vec<String> {
    let mut v: Vec<String> = ["count", "number", "percent", "percent_change", "euro", "‰"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for w in grammar::UNIT_WORDS {
        let w = w.to_lowercase();
        if !v.contains(&w) {
            v.push(w);
        }
    }
    v
}

/// Which character is the decimal mark.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Convention {
    /// `1.234,5`
    Dutch,
    /// `1,234.5`
    English,
    /// not known: only numerals that read one way get a value
    #[default]
    Undetermined,
}

/// What a table's labels say about a cell (see [`Hints::from_labels`]).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Hints {
    /// The row or column is a difference (`Verschil 2024 t.o.v. 2023`): a `%` cell is a
    /// percent change even without a sign (`0%`).
    pub change: bool,
    /// The unit of a bare number in this row or column (`(in weken)` → `Named("weken")`,
    /// `% verschil` → `PercentChange`, `Inwilligingspercentage` → `Percent`).
    pub unit: Option<Unit>,
}

/// Everything the parser needs to know besides the cell's text.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CellContext {
    pub convention: Convention,
    pub hints: Hints,
}

impl CellContext {
    pub fn new(convention: Convention, hints: Hints) -> CellContext {
        CellContext { convention, hints }
    }

    /// Dutch decimal marks, no hints.
    pub fn dutch() -> CellContext {
        CellContext::new(Convention::Dutch, Hints::default())
    }

    /// English decimal marks, no hints.
    pub fn english() -> CellContext {
        CellContext::new(Convention::English, Hints::default())
    }
}

/// A parsed cell. `raw` is always the text as given; every other field follows from it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cell {
    pub raw: String,
    pub status: Status,
    /// the exact value: for `ok`, and 0 for `nil`
    pub value: Option<Decimal>,
    /// printed precision in units of the value (see the module doc): `4,35` → 2,
    /// `4,35 miljoen` → -4
    pub decimals: Option<i32>,
    pub unit: Option<Unit>,
    /// lower bound of a range (`1-2 jaar` → 1, `> 5 jaar` → 5)
    pub lower: Option<Decimal>,
    /// upper bound of a range or below-threshold cell (`<5` → 5)
    pub upper: Option<Decimal>,
    /// the share in percent printed with a count: `7.040 (11,3%)` → 11.3
    pub share: Option<Decimal>,
    /// trailing asterisks, kept out of the value (provisional or significance: the table's
    /// note says which)
    pub stars: u8,
}

impl Cell {
    fn with_status(raw: &str, status: Status) -> Cell {
        Cell {
            raw: raw.to_string(),
            status,
            value: None,
            decimals: None,
            unit: None,
            lower: None,
            upper: None,
            share: None,
            stars: 0,
        }
    }

    /// A text cell: raw kept, nothing else.
    pub fn text(raw: &str) -> Cell {
        Cell::with_status(raw, Status::Text)
    }

    /// The canonical exact text of the value (`value_exact`): `4.35`, `4350000`, `-28`.
    pub fn value_exact(&self) -> Option<String> {
        self.value.map(|v| v.to_string())
    }

    /// The value as the nearest double (`value REAL`).
    pub fn value_f64(&self) -> Option<f64> {
        self.value.map(|v| v.to_f64())
    }
}

/// Parses one cell. Never fails: what does not follow the grammar, or reads as an ambiguous
/// or overlong number, is a [`Status::Text`] cell with its raw text.
pub fn parse_cell(raw: &str, ctx: &CellContext) -> Cell {
    let Some(form) = grammar::parse(raw) else {
        return Cell::text(raw);
    };
    let read = |convention| interpret(raw, form, convention, &ctx.hints);
    let cell = match ctx.convention {
        Convention::Dutch | Convention::English => read(ctx.convention),
        // All numerals of one cell are read under one convention (`7.0 (11,3%)` is text,
        // not 7 with a Dutch share); the cell has a value when only one convention reads
        // it, or both read it the same.
        Convention::Undetermined => match (read(Convention::Dutch), read(Convention::English)) {
            (Some(dutch), Some(english)) => (dutch == english).then_some(dutch),
            (dutch, english) => dutch.or(english),
        },
    };
    cell.unwrap_or_else(|| Cell::text(raw))
}

/// A magnitude read under a convention: exact value (unsigned) and printed precision.
fn quantity(m: &Magnitude<'_>, convention: Convention) -> Option<(Decimal, i32)> {
    let reading = numeral::read(m.numeral, convention)?;
    let scale = m.scale.unwrap_or(0);
    let value = reading.value.checked_mul_pow10(scale)?;
    let decimals = i32::try_from(reading.frac_digits).ok()? - i32::try_from(scale).ok()?;
    Some((value, decimals))
}

/// The unit of a number (module doc, "Values and units").
fn unit_of(
    m: &Magnitude<'_>,
    signed: bool,
    euro_prefix: bool,
    decimals: i32,
    hints: &Hints,
) -> Unit {
    let change = signed || hints.change;
    match m.suffix {
        Some(Suffix::Percent) if change => Unit::PercentChange,
        Some(Suffix::Percent) => Unit::Percent,
        Some(Suffix::PerMille) => Unit::Named("‰".to_string()),
        Some(Suffix::Euro) => Unit::Euro,
        Some(Suffix::Word(w)) => Unit::Named(w.to_lowercase()),
        None if euro_prefix => Unit::Euro,
        None => match &hints.unit {
            Some(Unit::Percent) if change => Unit::PercentChange,
            Some(u) => u.clone(),
            None if decimals <= 0 => Unit::Count,
            None => Unit::Number,
        },
    }
}

/// The cell of a parsed form with its numerals read under `conv` (Dutch or English).
fn interpret(raw: &str, form: Form<'_>, conv: Convention, hints: &Hints) -> Option<Cell> {
    let cell = match form {
        Form::Empty => Cell::with_status(raw, Status::Empty),
        Form::Symbol(Symbol::NotApplicable) => Cell::with_status(raw, Status::NotApplicable),
        Form::Symbol(Symbol::Unknown) => Cell::with_status(raw, Status::Unknown),
        Form::Symbol(Symbol::Secret) => Cell::with_status(raw, Status::Secret),
        Form::Symbol(Symbol::Nil) => Cell {
            value: Some(Decimal::ZERO),
            unit: hints.unit.clone(),
            ..Cell::with_status(raw, Status::Nil)
        },
        Form::Amount(a) => amount(raw, &a, conv, hints)?,
        Form::Below(m) => {
            let (upper, decimals) = quantity(&m, conv)?;
            Cell {
                upper: Some(upper),
                decimals: Some(decimals),
                unit: Some(unit_of(&m, false, false, decimals, hints)),
                ..Cell::with_status(raw, Status::BelowThreshold)
            }
        }
        Form::Above(m) => {
            let (lower, decimals) = quantity(&m, conv)?;
            Cell {
                lower: Some(lower),
                decimals: Some(decimals),
                unit: Some(unit_of(&m, false, false, decimals, hints)),
                ..Cell::with_status(raw, Status::Range)
            }
        }
        Form::Range(lo, hi) => {
            let (lower, lower_decimals) = quantity(&lo, conv)?;
            let (upper, upper_decimals) = quantity(&hi, conv)?;
            if lower > upper {
                return None;
            }
            let decimals = lower_decimals.max(upper_decimals);
            Cell {
                lower: Some(lower),
                upper: Some(upper),
                decimals: Some(decimals),
                unit: Some(unit_of(&hi, false, false, decimals, hints)),
                ..Cell::with_status(raw, Status::Range)
            }
        }
    };
    Some(cell)
}

fn amount(raw: &str, a: &Amount<'_>, conv: Convention, hints: &Hints) -> Option<Cell> {
    let (magnitude, decimals) = quantity(&a.magnitude, conv)?;
    let value = match a.sign {
        Some(Sign::Minus) => -magnitude,
        _ => magnitude,
    };
    let share = match a.share {
        None => None,
        Some(_) if matches!(a.magnitude.suffix, Some(Suffix::Percent | Suffix::PerMille)) => {
            return None
        }
        Some(n) => Some(numeral::read(n, conv)?.value),
    };
    Some(Cell {
        value: Some(value),
        decimals: Some(decimals),
        unit: Some(unit_of(
            &a.magnitude,
            a.sign.is_some(),
            a.euro_prefix,
            decimals,
            hints,
        )),
        share,
        stars: a.stars,
        ..Cell::with_status(raw, Status::Ok)
    })
}

/// Counts of numerals whose shape fits only one convention, over a set of cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// numerals that read only the Dutch way (`20,2`, `1.234,5`, `1.234.567`)
    pub dutch: u32,
    /// numerals that read only the English way (`1.5`, `1,234.5`, `0.25`)
    pub english: u32,
    /// numerals that read both ways with different values (`1.660`): no evidence, counted
    /// for diagnostics
    pub ambiguous: u32,
}

impl Evidence {
    /// Adds the numerals of one cell.
    pub fn add(&mut self, raw: &str) {
        let Some(form) = grammar::parse(raw) else {
            return;
        };
        let numerals: [Option<&str>; 2] = match form {
            Form::Amount(a) => [Some(a.magnitude.numeral), a.share],
            Form::Below(m) | Form::Above(m) => [Some(m.numeral), None],
            Form::Range(lo, hi) => [Some(lo.numeral), Some(hi.numeral)],
            Form::Empty | Form::Symbol(_) => [None, None],
        };
        for n in numerals.into_iter().flatten() {
            match numeral::shape(n) {
                Shape::Dutch => self.dutch = self.dutch.saturating_add(1),
                Shape::English => self.english = self.english.saturating_add(1),
                Shape::Ambiguous => self.ambiguous = self.ambiguous.saturating_add(1),
                Shape::Neutral | Shape::Invalid => {}
            }
        }
    }

    /// Evidence from a set of cells (a table, or a whole document).
    pub fn from_raws<'a>(raws: impl IntoIterator<Item = &'a str>) -> Evidence {
        let mut e = Evidence::default();
        for raw in raws {
            e.add(raw);
        }
        e
    }

    /// Adds another set's counts.
    pub fn merge(&mut self, other: &Evidence) {
        self.dutch = self.dutch.saturating_add(other.dutch);
        self.english = self.english.saturating_add(other.english);
        self.ambiguous = self.ambiguous.saturating_add(other.ambiguous);
    }

    /// The one convention the evidence supports, if it is one-sided.
    pub fn one_sided(&self) -> Option<Convention> {
        match (self.dutch > 0, self.english > 0) {
            (true, false) => Some(Convention::Dutch),
            (false, true) => Some(Convention::English),
            _ => None,
        }
    }
}

impl Convention {
    /// A table's convention: its own evidence when one-sided; the document's convention when
    /// the table has no evidence; undetermined when the table has both kinds (then only
    /// numerals that read one way get a value).
    pub fn for_table(table: &Evidence, document: Convention) -> Convention {
        match table.one_sided() {
            Some(c) => c,
            None if table.dutch == 0 && table.english == 0 => document,
            None => Convention::Undetermined,
        }
    }

    /// A document's convention, the fallback for its tables without evidence: its evidence
    /// when one-sided; `default` (the document family's, Dutch for Dutch government
    /// publications) when there is none; when both kinds occur (a Dutch report with an
    /// English-format regression table), `default` if its side has the majority, else
    /// undetermined.
    pub fn for_document(document: &Evidence, default: Convention) -> Convention {
        if let Some(c) = document.one_sided() {
            return c;
        }
        if document.dutch == 0 && document.english == 0 {
            return default;
        }
        let majority = match document.dutch.cmp(&document.english) {
            std::cmp::Ordering::Greater => Convention::Dutch,
            std::cmp::Ordering::Less => Convention::English,
            std::cmp::Ordering::Equal => Convention::Undetermined,
        };
        if majority == default {
            default
        } else {
            Convention::Undetermined
        }
    }
}

/// A table's convention from its cells' raw texts, with the document's as the fallback
/// (shorthand for [`Evidence::from_raws`] and [`Convention::for_table`]).
pub fn decide_convention<'a>(
    table_raws: impl IntoIterator<Item = &'a str>,
    document: Convention,
) -> Convention {
    Convention::for_table(&Evidence::from_raws(table_raws), document)
}
