//! The words that name a relation in a table (`% verschil`, `Totaal`, `waarvan`, `Rijen
//! tellen op tot 100 procent`): the `[checks]` section of a profile in `parsers/`.
//!
//! A header label is matched as printed (white space collapsed) and with all its white space
//! taken out, so a word broken over two lines of a narrow column (`Inwilligingsp ercentage`)
//! still matches `inwilligings?percentage`.

use regex::Regex;
use serde::Deserialize;

/// `[checks]` as written in a profile.
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    /// A row or column that gives the change between two others (`% verschil 2024 t.o.v.
    /// 2023`).
    #[serde(default)]
    pub change: String,
    /// The two periods a change compares, as named groups `new` and `old`.
    #[serde(default)]
    pub change_periods: String,
    /// A total row or column (`Totaal`, `Totale instroom`, `EU/EFTA totaal`).
    #[serde(default)]
    pub total: String,
    /// A part of the row or column before it (`waarvan`): never more than it.
    #[serde(default)]
    pub part: String,
    /// A part that names the rest (`waarvan overig`, `waarvan niet-EER`): with it, the parts
    /// of one whole sum to it.
    #[serde(default)]
    pub complement: String,
    /// Sets of parts that together make their whole although none names the rest
    /// (`ingewilligd`, `afgewezen`): checked as inferred.
    #[serde(default)]
    pub complementary: Vec<Vec<String>>,
    /// A last row without a label is the total of the rows above it (inferred).
    #[serde(default)]
    pub unlabelled_total: bool,
    /// A note that says every row adds up to 100 percent.
    #[serde(default)]
    pub shares_rows: String,
    /// A note that says every column adds up to 100 percent.
    #[serde(default)]
    pub shares_columns: String,
    /// Percentages that follow from two counts: `[percentage, numerator, denominator]`
    /// header patterns, all three in one group of columns (or rows).
    #[serde(default)]
    pub ratios: Vec<Vec<String>>,
}

/// A ratio rule: the percentage, its numerator and its denominator.
#[derive(Debug, Clone)]
pub struct Ratio {
    pub percentage: Regex,
    pub numerator: Regex,
    pub denominator: Regex,
}

/// Compiled `[checks]` rules. A rule without a pattern is off.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub change: Option<Regex>,
    pub change_periods: Option<Regex>,
    pub total: Option<Regex>,
    pub part: Option<Regex>,
    pub complement: Option<Regex>,
    pub complementary: Vec<Vec<Regex>>,
    pub unlabelled_total: bool,
    pub shares_rows: Option<Regex>,
    pub shares_columns: Option<Regex>,
    pub ratios: Vec<Ratio>,
}

fn re(source: &str, what: &str) -> Result<Option<Regex>, String> {
    if source.is_empty() || source == "^$" {
        return Ok(None);
    }
    Regex::new(source)
        .map(Some)
        .map_err(|e| format!("checks.{what}: {e}"))
}

fn required(source: &str, what: &str) -> Result<Regex, String> {
    re(source, what)?.ok_or_else(|| format!("checks.{what}: an empty pattern"))
}

impl Rules {
    pub fn compile(raw: &RawRules) -> Result<Rules, String> {
        let change_periods = re(&raw.change_periods, "change_periods")?;
        if let Some(r) = &change_periods {
            let names: Vec<&str> = r.capture_names().flatten().collect();
            if !(names.contains(&"new") && names.contains(&"old")) {
                return Err("checks.change_periods: needs the named groups `new` and `old`".into());
            }
        }
        let mut complementary = Vec::new();
        for set in &raw.complementary {
            if set.len() < 2 {
                return Err("checks.complementary: each set needs at least two patterns".into());
            }
            let mut v = Vec::new();
            for p in set {
                v.push(required(p, "complementary")?);
            }
            complementary.push(v);
        }
        let mut ratios = Vec::new();
        for r in &raw.ratios {
            let [p, n, d] = r.as_slice() else {
                return Err(
                    "checks.ratios: each rule is [percentage, numerator, denominator]".into(),
                );
            };
            ratios.push(Ratio {
                percentage: required(p, "ratios")?,
                numerator: required(n, "ratios")?,
                denominator: required(d, "ratios")?,
            });
        }
        Ok(Rules {
            change: re(&raw.change, "change")?,
            change_periods,
            total: re(&raw.total, "total")?,
            part: re(&raw.part, "part")?,
            complement: re(&raw.complement, "complement")?,
            complementary,
            unlabelled_total: raw.unlabelled_total,
            shares_rows: re(&raw.shares_rows, "shares_rows")?,
            shares_columns: re(&raw.shares_columns, "shares_columns")?,
            ratios,
        })
    }
}

/// A label as printed with its white space collapsed, and with all white space (and soft
/// hyphens) removed.
pub fn forms(label: &str) -> (String, String) {
    let spaced = label.split_whitespace().collect::<Vec<_>>().join(" ");
    let compact = label
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .collect();
    (spaced, compact)
}

/// Whether a pattern matches a label in either of its [`forms`].
pub fn matches(re: &Regex, label: &str) -> bool {
    let (spaced, compact) = forms(label);
    re.is_match(&spaced) || re.is_match(&compact)
}

/// Whether an optional pattern matches.
pub fn matches_opt(re: &Option<Regex>, label: &str) -> bool {
    re.as_ref().map(|r| matches(r, label)).unwrap_or(false)
}
