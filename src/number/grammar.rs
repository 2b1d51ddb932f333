//! The cell grammar in nom (see the module doc of `number` for the EBNF). Parsing only
//! recognises the form of a cell; numerals stay text here and are read under a convention
//! afterwards (`numeral::read`).

use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while, take_while1};
use nom::character::complete::{char, digit1, one_of, satisfy};
use nom::combinator::{eof, map, opt, recognize, value};
use nom::error::{Error, ErrorKind};
use nom::multi::{many0_count, many_m_n};
use nom::sequence::{preceded, terminated};
use nom::{IResult, Parser};

use super::numeral::is_group_separator;

/// A sign in front of a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sign {
    Plus,
    Minus,
}

/// A symbol that fills a whole cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Symbol {
    NotApplicable,
    Nil,
    Unknown,
    Secret,
}

/// What follows a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Suffix<'a> {
    /// `%` or the word `procent`
    Percent,
    /// `‰`
    PerMille,
    /// `€` or `euro` after the number
    Euro,
    /// a unit word from [`UNIT_WORDS`], as printed
    Word(&'a str),
}

/// A numeral with its optional scale word (`4,35 miljoen`) and suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Magnitude<'a> {
    pub numeral: &'a str,
    /// power of ten of the scale word (3 for `duizend`, 6 for `miljoen`, ...)
    pub scale: Option<u32>,
    pub suffix: Option<Suffix<'a>>,
}

/// A number as it stands in a cell, with everything around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Amount<'a> {
    pub sign: Option<Sign>,
    /// `€` before the number (before or after the sign)
    pub euro_prefix: bool,
    pub magnitude: Magnitude<'a>,
    /// the numeral of a share in parentheses: `7.040 (11,3%)`
    pub share: Option<&'a str>,
    /// trailing asterisks (provisional figures, or significance levels)
    pub stars: u8,
}

/// The form of a whole cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form<'a> {
    Empty,
    Symbol(Symbol),
    Amount(Amount<'a>),
    /// `<5`, `< 1 jaar`
    Below(Magnitude<'a>),
    /// `> 5 jaar`
    Above(Magnitude<'a>),
    /// `1-2 jaar`, `15 – 20%`
    Range(Magnitude<'a>, Magnitude<'a>),
}

/// Unit words a number may carry in a cell (compared case-insensitively). A word not in this
/// list after a number makes the cell text: `12 Syrië` is not a quantity. Not `m`: after a
/// number it may be metres or (English) million.
pub(crate) const UNIT_WORDS: &[&str] = &[
    "jaar",
    "jaren",
    "jr",
    "maand",
    "maanden",
    "mnd",
    "week",
    "weken",
    "wk",
    "dag",
    "dagen",
    "uur",
    "uren",
    "minuut",
    "minuten",
    "min",
    "seconde",
    "seconden",
    "km",
    "cm",
    "mm",
    "m2",
    "m²",
    "km2",
    "km²",
    "ha",
    "kg",
    "ton",
    "kilometer",
    "meter",
];

/// Scale words and their powers of ten. `mld` and `mrd` are both used for miljard.
const SCALE_WORDS: &[(&str, u32)] = &[
    ("duizend", 3),
    ("miljoen", 6),
    ("mln", 6),
    ("miljard", 9),
    ("mld", 9),
    ("mrd", 9),
    ("biljoen", 12),
];

type Res<'a, T> = IResult<&'a str, T>;

fn fail<T>(i: &str) -> Res<'_, T> {
    Err(nom::Err::Error(Error::new(i, ErrorKind::Verify)))
}

/// Zero or more white-space characters (any Unicode white space: no-break and thin spaces
/// included).
fn ws(i: &str) -> Res<'_, &str> {
    take_while(char::is_whitespace)(i)
}

/// `+`, `-`, `−` (U+2212) or `–` (en dash, U+2013).
fn sign(i: &str) -> Res<'_, Sign> {
    alt((
        value(Sign::Plus, char('+')),
        value(Sign::Minus, one_of("-\u{2212}\u{2013}")),
    ))
    .parse(i)
}

/// `[.,]? digit+ (gsep digit+)*`; the shape is checked when the numeral is read.
fn numeral(i: &str) -> Res<'_, &str> {
    recognize((
        opt(one_of(".,")),
        digit1,
        many0_count((satisfy(is_group_separator), digit1)),
    ))
    .parse(i)
}

/// A word: letters, digits and `²` (`m2`, `m²`), then an optional abbreviation dot.
fn word(i: &str) -> Res<'_, &str> {
    recognize((
        take_while1(|c: char| c.is_alphanumeric() || c == '²'),
        opt(char('.')),
    ))
    .parse(i)
}

fn scale_word(i: &str) -> Res<'_, u32> {
    let (rest, w) = word(i)?;
    let bare = w.strip_suffix('.').unwrap_or(w);
    match SCALE_WORDS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(bare))
    {
        // a dot only after an abbreviation (`mln.`), not after `miljoen`
        Some(&(name, power)) if !(w.ends_with('.') && name.len() > 3) => Ok((rest, power)),
        _ => fail(i),
    }
}

fn suffix(i: &str) -> Res<'_, Suffix<'_>> {
    let sign: Res<'_, Suffix<'_>> = alt((
        value(Suffix::Percent, char('%')),
        value(Suffix::PerMille, char('‰')),
        value(Suffix::Euro, char('€')),
    ))
    .parse(i);
    if sign.is_ok() {
        return sign;
    }
    let (rest, w) = word(i)?;
    if w.eq_ignore_ascii_case("procent") {
        Ok((rest, Suffix::Percent))
    } else if w.eq_ignore_ascii_case("euro") {
        Ok((rest, Suffix::Euro))
    } else if !w.ends_with('.') && UNIT_WORDS.iter().any(|u| u.eq_ignore_ascii_case(w)) {
        Ok((rest, Suffix::Word(w)))
    } else {
        fail(i)
    }
}

/// `numeral (ws scale)? (ws suffix)?`; after a scale word only a euro suffix may follow.
fn magnitude(i: &str) -> Res<'_, Magnitude<'_>> {
    let (i, numeral) = numeral(i)?;
    let (i, scale) = opt(preceded(ws, scale_word)).parse(i)?;
    let (rest, suffix) = opt(preceded(ws, suffix)).parse(i)?;
    if scale.is_some() && !matches!(suffix, None | Some(Suffix::Euro)) {
        return fail(i);
    }
    Ok((
        rest,
        Magnitude {
            numeral,
            scale,
            suffix,
        },
    ))
}

fn euro_sign(i: &str) -> Res<'_, char> {
    terminated(char('€'), ws).parse(i)
}

/// `( ws numeral ws % ws )`
fn share(i: &str) -> Res<'_, &str> {
    let (i, _) = (char('('), ws).parse(i)?;
    let (i, n) = numeral(i)?;
    let (i, _) = (ws, char('%'), ws, char(')')).parse(i)?;
    Ok((i, n))
}

/// `€? (sign ws)? €? magnitude (ws share)? ws? stars?`
fn amount(i: &str) -> Res<'_, Amount<'_>> {
    let (i, euro1) = opt(euro_sign).parse(i)?;
    let (i, sign) = opt(terminated(sign, ws)).parse(i)?;
    let (i, euro2) = opt(euro_sign).parse(i)?;
    let (i, magnitude) = magnitude(i)?;
    let (i, share) = opt(preceded(ws, share)).parse(i)?;
    let (i, stars) = opt(preceded(ws, many_m_n(1, 3, char('*')))).parse(i)?;
    let euros = usize::from(euro1.is_some())
        + usize::from(euro2.is_some())
        + usize::from(magnitude.suffix == Some(Suffix::Euro));
    if euros > 1 {
        return fail(i);
    }
    let stars = stars.map_or(0, |s| u8::try_from(s.len()).unwrap_or(u8::MAX));
    Ok((
        i,
        Amount {
            sign,
            euro_prefix: euro1.is_some() || euro2.is_some(),
            magnitude,
            share,
            stars,
        },
    ))
}

fn symbol(i: &str) -> Res<'_, Symbol> {
    alt((
        value(
            Symbol::NotApplicable,
            alt((
                tag_no_case("n.v.t."),
                tag_no_case("n.v.t"),
                tag_no_case("nvt"),
            )),
        ),
        value(Symbol::Nil, one_of("-\u{2013}")),
        value(Symbol::Unknown, char('.')),
        value(Symbol::Secret, char('x')),
    ))
    .parse(i)
}

fn bound(i: &str) -> Res<'_, Form<'_>> {
    let (i, op) = terminated(one_of("<>"), ws).parse(i)?;
    let (i, m) = magnitude(i)?;
    Ok((
        i,
        if op == '<' {
            Form::Below(m)
        } else {
            Form::Above(m)
        },
    ))
}

/// `magnitude ws dash ws magnitude`, both without sign or scale word; a unit on the lower
/// bound must be the same as on the upper one.
fn range(i: &str) -> Res<'_, Form<'_>> {
    let (i, lower) = magnitude(i)?;
    let (i, _) = (ws, one_of("-\u{2013}"), ws).parse(i)?;
    let (i, upper) = magnitude(i)?;
    let same_unit = match (lower.suffix, upper.suffix) {
        (None, _) => true,
        (Some(Suffix::Word(a)), Some(Suffix::Word(b))) => a.eq_ignore_ascii_case(b),
        (a, b) => a == b,
    };
    if lower.scale.is_some() || upper.scale.is_some() || !same_unit {
        return fail(i);
    }
    Ok((i, Form::Range(lower, upper)))
}

fn end(i: &str) -> Res<'_, &str> {
    preceded(ws, eof).parse(i)
}

/// The whole cell: `ws* (symbol | bound | range | amount)? ws* EOF`. Each alternative is
/// tried up to the end of the cell: `alt` only moves on after an error, so a symbol that
/// matched the prefix of a longer cell (`-` of `-5`) must fail inside its own branch.
fn cell(i: &str) -> Res<'_, Form<'_>> {
    let (i, _) = ws(i)?;
    alt((
        value(Form::Empty, eof),
        terminated(map(symbol, Form::Symbol), end),
        terminated(bound, end),
        terminated(range, end),
        terminated(map(amount, Form::Amount), end),
    ))
    .parse(i)
}

/// The form of `raw`, or `None` when it does not follow the grammar (a text cell).
pub(crate) fn parse(raw: &str) -> Option<Form<'_>> {
    cell(raw).ok().map(|(_, form)| form)
}
