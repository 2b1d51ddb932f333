//! Citations in footnotes and running text: Kamerstukken, Handelingen, Aanhangsel,
//! ECLI case law, EU directives / regulations / decisions, Staatsblad, Staatscourant and URLs.
//!
//! [`find_citations`] is a pure function over a `&str`: it never panics, never slices at a
//! non-char boundary and returns citations in order of appearance with byte offsets into the
//! input. Whitespace between the parts of a citation may be irregular (double spaces, NBSP,
//! a line break inside `30 573`); `\s` in the `regex` crate is Unicode-aware and covers them.
//!
//! Conventions:
//! - Several numbers in one reference (`nrs. 3100 en 3101`, `nr. 1-4`) give one citation per
//!   number; those citations share `raw`, `start` and `end` (the whole reference).
//! - A continuation without its own prefix (`Kamerstukken II 2022/23, 36 200 VI, nr. 12;
//!   29 279, nr. 800`) inherits chamber and session year; its `raw` is just `29 279, nr. 800`.
//! - A citation inside another one (an ECLI inside a URL) is dropped: spans never overlap.

use regex::{Captures, Regex};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CitationKind {
    Kamerstuk,
    Handelingen,
    Aanhangsel,
    Ecli,
    EuDirective,
    EuRegulation,
    EuDecision,
    Staatsblad,
    Staatscourant,
    Url,
}

impl CitationKind {
    /// The name stored in `citations.kind` (schema/README.md).
    pub fn as_str(&self) -> &'static str {
        match self {
            CitationKind::Kamerstuk => "kamerstuk",
            CitationKind::Handelingen => "handelingen",
            CitationKind::Aanhangsel => "aanhangsel",
            CitationKind::Ecli => "ecli",
            CitationKind::EuDirective => "eudirective",
            CitationKind::EuRegulation => "euregulation",
            CitationKind::EuDecision => "eudecision",
            CitationKind::Staatsblad => "staatsblad",
            CitationKind::Staatscourant => "staatscourant",
            CitationKind::Url => "url",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Citation {
    pub kind: CitationKind,
    /// The text as printed (trimmed, no trailing period/comma).
    pub raw: String,
    /// Canonical identifier: `kst-30573-220`, `kst-36200-VI-12`, `ECLI:NL:RVS:2022:1973`,
    /// CELEX `32016L0801`, `stb-2023-123`, `stcrt-2024-5678`, `ah-tk-20232024-1234`,
    /// `h-tk-20232024-45-12`, or the URL (with `https://` added to a bare `www.`).
    pub identifier: String,
    /// Resolvable URL where one exists.
    pub url: Option<String>,
    /// `"I"` (Eerste Kamer) or `"II"` (Tweede Kamer).
    pub chamber: Option<String>,
    /// `"2024-2025"`.
    pub session_year: Option<String>,
    /// Kamerstuk dossier without spaces (`"30573"`); a numeric sub-dossier stays attached
    /// (`"21501-20"`), a roman/letter part (`VI` in `36 200 VI`) only appears in `identifier`.
    pub dossier: Option<String>,
    /// Document number (`"220"`, `"12a"`, `"E"`); for Handelingen the meeting number, for EU
    /// acts the act number, for Staatsblad/Staatscourant the publication number.
    pub number: Option<String>,
    pub start: usize,
    pub end: usize,
}

const OEB: &str = "https://zoek.officielebekendmakingen.nl/";

/// Session year `2024/2025`, `2024/25`, `2024-2025`, `2024–2025`.
const YEAR: &str = r"(?P<y1>[0-9]{4})\s*[/\-–—]\s*(?P<y2>[0-9]{4}|[0-9]{2})\b";
/// Dossier number, 4-5 digits, optionally split as `30 573` (any whitespace).
const DOSSIER: &str = r"[0-9]{1,2}\s*[0-9]{3}\b";
/// Number keyword: `nr.`, `nrs.`, `Nr`, `nummer`, `nummers`, `no.`.
const NR_KW: &str = r"(?i:nrs|nr|nummers|nummer|no)\b\.?";
/// One document number: `220`, `12a`, or a letter (`K`, `E`).
const NUM: &str = r"(?:[0-9]+[a-z]?|[A-Z]{1,2})\b";

struct Res {
    kst: Regex,
    kst_compact: Regex,
    kst_cont: Regex,
    num_ext: Regex,
    hand: Regex,
    ecli: Regex,
    eu: Regex,
    stb: Regex,
    url: Regex,
}

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("constant citation regex must compile")
}

/// Dossier suffix after the digits: `-20`, `-VI`, ` VI`, ` V`, ` A`, ` IXB`.
fn suffix(name: &str) -> String {
    format!(
        r"(?:\s*[-–]\s*(?P<{name}n>[0-9]{{1,3}})\b|\s*[-–]?\s*(?P<{name}r>[IVXL]+[A-Z]?|[A-Z])\b)"
    )
}

fn res() -> &'static Res {
    static RES: OnceLock<Res> = OnceLock::new();
    RES.get_or_init(|| {
        let s1 = suffix("s");
        let kst = format!(
            r"(?x)
            \b(?:
                (?P<kw>(?i:kamerstuk(?:ken)?))(?:\s*,?\s*(?P<ch>II|I|TK|EK)\b)?
              | (?P<house>Tweede|Eerste)\s+Kamer(?:\s+der\s+Staten-Generaal)?
            )
            \s*,?\s*(?:(?i:vergaderjaar)\s+)?
            (?:{YEAR}\s*,?\s*)?
            (?P<d>{DOSSIER})(?:{s1})?
            (?:\s*(?:&|en\b|,)\s*{DOSSIER}(?:{s2})?)*
            (?:
                \s*,?\s*(?P<kwn>{NR_KW})\s*(?P<n>{NUM})
              | \s*,\s*(?P<letter>[A-Z]{{1,2}})\b
            )",
            s2 = suffix("x").replace("?P<xn>", "").replace("?P<xr>", ""),
        );
        let kst_cont = format!(
            r"(?x)
            \A\s*(?:;|,|&|en\b)\s*(?:(?i:ook)\s+)?
            (?P<d>{DOSSIER})(?:{s1})?
            \s*,?\s*(?P<kwn>{NR_KW})\s*(?P<n>{NUM})"
        );
        Res {
            kst: compile(&kst),
            kst_compact: compile(
                r"\b(?i:kamerstuk(?:ken)?)\s+(?P<d>[0-9]{4,5})(?:-(?P<sn>[0-9]{1,3})|-(?P<sr>[IVXL]+[A-Z]?|[A-Z]))?-(?P<n>[0-9]+[a-z]?)\b",
            ),
            kst_cont: compile(&kst_cont),
            num_ext: compile(&format!(
                r"\A\s*(?P<sep>,|&|en\b|t/m|tot\s+en\s+met\b|[-–])\s*(?P<n>{NUM})"
            )),
            hand: compile(&format!(
                r"(?x)
                \b(?P<ah>Aanhangsel\s+(?:(?:van\s+)?de\s+)?)?Handelingen
                (?:\s*,?\s*(?P<ch>II|I|TK|EK)\b)?
                \s*,?\s*(?:(?i:vergaderjaar)\s+)?{YEAR}
                (?:\s*,?\s*(?:
                    {NR_KW}\s*(?P<n>[0-9]+)\b(?:\s*,\s*(?i:item)\s+(?P<item>[0-9]+)\b)?
                  | (?P<n2>[0-9]+)\s*,\s*(?i:item)\s+(?P<item2>[0-9]+)\b
                ))?"
            )),
            ecli: compile(
                r"\bECLI:(?P<c>[A-Z]{2}):[A-Z0-9]{1,7}:[0-9]{4}:[A-Za-z0-9](?:[A-Za-z0-9.]{0,24}[A-Za-z0-9])?",
            ),
            eu: compile(
                r"(?x)
                \b(?P<kind>(?:[Gg]edelegeerde\s+|[Uu]itvoerings)?(?:[Rr]ichtl(?:ij|ĳ)n|[Vv]erordening|[Bb]esluit)|[Kk]aderbesluit)
                \s*(?:\((?P<org>EU|EG|EEG|EGKS|Euratom|EU,\s*Euratom)\)\s*)?
                (?:(?i:nr|no)\.?\s*)?
                (?P<a>[0-9]{2,4})\s*/\s*(?P<b>[0-9]{1,4})\b
                (?:\s*/\s*(?P<suf>EU|EG|EEG|JBZ|GBVB|Euratom)\b)?",
            ),
            stb: compile(
                r"\b(?P<kind>Stb|Staatsblad|Stcrt|Staatscourant)\b\.?\s*,?\s*(?P<y>[0-9]{4})(?:\s*[,/]\s*(?:(?i:nr)\.?\s*)?|\s+(?i:nr)\.?\s*)(?P<n>[0-9]+)\b",
            ),
            url: compile(r#"(?:\bhttps?://|\bwww\.)[^\s<>"“”‘’«»]+"#),
        }
    })
}

/// A reference with its span; several citations when it lists several numbers.
struct Group {
    start: usize,
    end: usize,
    cits: Vec<Citation>,
}

/// All citations in a text (a footnote, or a paragraph), in order of appearance.
pub fn find_citations(text: &str) -> Vec<Citation> {
    let r = res();
    let mut groups: Vec<Group> = Vec::new();
    kamerstukken(text, r, &mut groups);
    compact_kamerstukken(text, r, &mut groups);
    handelingen(text, r, &mut groups);
    eclis(text, r, &mut groups);
    eu_acts(text, r, &mut groups);
    staatsblad(text, r, &mut groups);
    urls(text, r, &mut groups);

    // Earliest first, longest first at the same start; drop anything overlapping a kept span.
    groups.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out = Vec::new();
    let mut last_end = 0usize;
    for g in groups {
        if g.start < last_end || g.cits.is_empty() {
            continue;
        }
        last_end = g.end;
        out.extend(g.cits);
    }
    out
}

fn normalize_session_year(y1: &str, y2: &str) -> Option<String> {
    let a: u32 = y1.parse().ok()?;
    let b_raw: u32 = y2.parse().ok()?;
    let b = if y2.len() == 2 {
        let c = a / 100 * 100 + b_raw;
        if c <= a {
            c + 100
        } else {
            c
        }
    } else {
        b_raw
    };
    (b == a + 1 && (1800..2200).contains(&a)).then(|| format!("{a}-{b}"))
}

fn chamber_of(code: &str) -> Option<String> {
    match code {
        "I" | "EK" | "Eerste" => Some("I".to_string()),
        "II" | "TK" | "Tweede" => Some("II".to_string()),
        _ => None,
    }
}

fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `nrs.` / `nummers` allow a comma-separated list; `nr.` does not.
fn is_plural(keyword: &str) -> bool {
    let k = keyword.to_lowercase();
    k.starts_with("nrs") || k.starts_with("nummers")
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Raw text for a span, trimmed; the span is narrowed to the trimmed text.
fn span(text: &str, start: usize, end: usize) -> (String, usize, usize) {
    let Some(s) = text.get(start..end) else {
        return (String::new(), start, start);
    };
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    (t.to_string(), start + lead, start + lead + t.len())
}

struct KstParts<'a> {
    chamber: Option<String>,
    session_year: Option<String>,
    dossier: String,
    /// Roman or letter part (`VI`), part of the identifier only.
    roman: Option<&'a str>,
}

impl KstParts<'_> {
    fn citation(&self, number: &str, raw: &str, start: usize, end: usize) -> Citation {
        let identifier = match self.roman {
            Some(r) => format!("kst-{}-{}-{}", self.dossier, r, number),
            None => format!("kst-{}-{}", self.dossier, number),
        };
        Citation {
            kind: CitationKind::Kamerstuk,
            raw: raw.to_string(),
            url: Some(format!("{OEB}{identifier}.html")),
            identifier,
            chamber: self.chamber.clone(),
            session_year: self.session_year.clone(),
            dossier: Some(self.dossier.clone()),
            number: Some(number.to_string()),
            start,
            end,
        }
    }
}

fn dossier_parts<'a>(c: &Captures<'a>) -> Option<(String, Option<&'a str>)> {
    let base = strip_ws(c.name("d")?.as_str());
    if let Some(n) = c.name("sn") {
        return Some((format!("{base}-{}", n.as_str()), None));
    }
    Some((base, c.name("sr").map(|m| m.as_str())))
}

/// Extends a number list after the first number; returns the numbers and the end offset.
fn number_list(
    text: &str,
    first: &str,
    mut end: usize,
    plural: bool,
    r: &Res,
) -> (Vec<String>, usize) {
    let mut nums = vec![first.to_string()];
    let numeric = is_digits(first);
    while nums.len() < 200 {
        let Some(rest) = text.get(end..) else { break };
        // A continuation (`en 29 279, nr. 800`) is a new reference, not a number.
        if r.kst_cont.is_match(rest) {
            break;
        }
        let Some(c) = r.num_ext.captures(rest) else {
            break;
        };
        let (Some(sep), Some(n), Some(whole)) = (c.name("sep"), c.name("n"), c.get(0)) else {
            break;
        };
        let (sep, n) = (sep.as_str(), n.as_str());
        if is_digits(n) != numeric || (sep == "," && !plural) {
            break;
        }
        let is_range = matches!(sep, "-" | "–" | "t/m") || sep.starts_with("tot");
        if is_range {
            let prev = nums.last().and_then(|p| p.parse::<u64>().ok());
            let next = n.parse::<u64>().ok();
            match (prev, next) {
                (Some(p), Some(q)) if q > p && q - p <= 50 => {
                    nums.extend((p + 1..=q).map(|x| x.to_string()));
                }
                _ => break,
            }
        } else {
            nums.push(n.to_string());
        }
        end += whole.end();
    }
    (nums, end)
}

fn kamerstukken(text: &str, r: &Res, groups: &mut Vec<Group>) {
    for c in r.kst.captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        if c.name("house").is_some() && c.name("y1").is_none() {
            continue; // `Tweede Kamer 36 200, nr. 3` without a session year: too loose
        }
        let chamber = c
            .name("ch")
            .or_else(|| c.name("house"))
            .and_then(|m| chamber_of(m.as_str()));
        let session_year = match (c.name("y1"), c.name("y2")) {
            (Some(a), Some(b)) => normalize_session_year(a.as_str(), b.as_str()),
            _ => None,
        };
        let Some((dossier, roman)) = dossier_parts(&c) else {
            continue;
        };
        let mut parts = KstParts {
            chamber,
            session_year,
            dossier,
            roman,
        };
        let (nums, mut end) = if let Some(l) = c.name("letter") {
            (vec![l.as_str().to_string()], whole.end())
        } else if let Some(n) = c.name("n") {
            let plural = c.name("kwn").is_some_and(|k| is_plural(k.as_str()));
            number_list(text, n.as_str(), whole.end(), plural, r)
        } else {
            continue;
        };
        push_kst_group(text, &parts, &nums, whole.start(), end, groups);

        // Continuations: `; 29 279, nr. 800`, `en 36 200 VII, nr. 3`.
        let mut guard = 0;
        while guard < 100 {
            guard += 1;
            let Some(rest) = text.get(end..) else { break };
            let Some(cc) = r.kst_cont.captures(rest) else {
                break;
            };
            let (Some(d), Some(n), Some(w)) = (cc.name("d"), cc.name("n"), cc.get(0)) else {
                break;
            };
            let Some((dossier, roman)) = dossier_parts(&cc) else {
                break;
            };
            parts = KstParts {
                dossier,
                roman,
                ..parts
            };
            let plural = cc.name("kwn").is_some_and(|k| is_plural(k.as_str()));
            let (nums, new_end) = number_list(text, n.as_str(), end + w.end(), plural, r);
            push_kst_group(text, &parts, &nums, end + d.start(), new_end, groups);
            end = new_end;
        }
    }
}

fn push_kst_group(
    text: &str,
    parts: &KstParts,
    nums: &[String],
    start: usize,
    end: usize,
    groups: &mut Vec<Group>,
) {
    let (raw, s, e) = span(text, start, end);
    if raw.is_empty() {
        return;
    }
    let cits = nums.iter().map(|n| parts.citation(n, &raw, s, e)).collect();
    groups.push(Group {
        start: s,
        end: e,
        cits,
    });
}

fn compact_kamerstukken(text: &str, r: &Res, groups: &mut Vec<Group>) {
    for c in r.kst_compact.captures_iter(text) {
        let (Some(whole), Some(n)) = (c.get(0), c.name("n")) else {
            continue;
        };
        let Some((dossier, roman)) = dossier_parts(&c) else {
            continue;
        };
        let parts = KstParts {
            chamber: None,
            session_year: None,
            dossier,
            roman,
        };
        push_kst_group(
            text,
            &parts,
            &[n.as_str().to_string()],
            whole.start(),
            whole.end(),
            groups,
        );
    }
}

fn single(
    groups: &mut Vec<Group>,
    text: &str,
    start: usize,
    end: usize,
    make: impl FnOnce(String, usize, usize) -> Citation,
) {
    let (raw, s, e) = span(text, start, end);
    if raw.is_empty() {
        return;
    }
    groups.push(Group {
        start: s,
        end: e,
        cits: vec![make(raw, s, e)],
    });
}

fn handelingen(text: &str, r: &Res, groups: &mut Vec<Group>) {
    for c in r.hand.captures_iter(text) {
        let (Some(whole), Some(y1), Some(y2)) = (c.get(0), c.name("y1"), c.name("y2")) else {
            continue;
        };
        let Some(session_year) = normalize_session_year(y1.as_str(), y2.as_str()) else {
            continue;
        };
        let aanhangsel = c.name("ah").is_some();
        let chamber = c.name("ch").and_then(|m| chamber_of(m.as_str()));
        let number_m = c.name("n").or_else(|| c.name("n2"));
        let number = number_m.map(|m| m.as_str().to_string());
        let item = c
            .name("item")
            .or_else(|| c.name("item2"))
            .map(|m| m.as_str());
        let mut id = String::from(if aanhangsel { "ah" } else { "h" });
        match chamber.as_deref() {
            Some("I") => id.push_str("-ek"),
            Some("II") => id.push_str("-tk"),
            _ => {}
        }
        id.push('-');
        id.push_str(&session_year.replace('-', ""));
        if let Some(n) = &number {
            id.push('-');
            id.push_str(n);
        }
        if let (Some(i), false) = (item, aanhangsel) {
            id.push('-');
            id.push_str(i);
        }
        // Only a complete identifier resolves: ah-tk-Y-N, h-tk-Y-N-I.
        let complete = chamber.is_some() && number.is_some() && (aanhangsel || item.is_some());
        let end = if aanhangsel {
            // An `item` after an Aanhangsel number is not part of the identifier.
            number_m.map_or(whole.end(), |m| m.end())
        } else {
            whole.end()
        };
        single(groups, text, whole.start(), end, |raw, start, end| {
            Citation {
                kind: if aanhangsel {
                    CitationKind::Aanhangsel
                } else {
                    CitationKind::Handelingen
                },
                raw,
                url: complete.then(|| format!("{OEB}{id}.html")),
                identifier: id,
                chamber,
                session_year: Some(session_year),
                dossier: None,
                number,
                start,
                end,
            }
        });
    }
}

fn eclis(text: &str, r: &Res, groups: &mut Vec<Group>) {
    for c in r.ecli.captures_iter(text) {
        let (Some(whole), Some(country)) = (c.get(0), c.name("c")) else {
            continue;
        };
        let id = whole.as_str().to_string();
        let url = match country.as_str() {
            "NL" => Some(format!("https://uitspraken.rechtspraak.nl/details?id={id}")),
            "EU" => Some(format!(
                "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=ecli:{id}"
            )),
            _ => None,
        };
        single(
            groups,
            text,
            whole.start(),
            whole.end(),
            |raw, start, end| Citation {
                kind: CitationKind::Ecli,
                raw,
                identifier: id,
                url,
                chamber: None,
                session_year: None,
                dossier: None,
                number: None,
                start,
                end,
            },
        );
    }
}

/// Two-digit years in EU numbering are all from the twentieth century.
fn full_year(s: &str) -> Option<u32> {
    let v: u32 = s.parse().ok()?;
    match s.len() {
        2 => Some(1900 + v),
        4 if (1950..=2099).contains(&v) => Some(v),
        _ => None,
    }
}

fn eu_acts(text: &str, r: &Res, groups: &mut Vec<Group>) {
    for c in r.eu.captures_iter(text) {
        let (Some(whole), Some(kind), Some(a), Some(b)) =
            (c.get(0), c.name("kind"), c.name("a"), c.name("b"))
        else {
            continue;
        };
        let kind_l = kind.as_str().to_lowercase();
        let marked = c.name("org").is_some() || c.name("suf").is_some();
        let (a, b) = (a.as_str(), b.as_str());
        let (ckind, letter) = if kind_l.contains("richtlijn") || kind_l.contains("richtlĳn") {
            (CitationKind::EuDirective, 'L')
        } else if kind_l.contains("verordening") {
            (CitationKind::EuRegulation, 'R')
        } else if kind_l.starts_with("kaderbesluit") {
            (CitationKind::EuDecision, 'F')
        } else {
            (CitationKind::EuDecision, 'D')
        };
        if !marked && (ckind == CitationKind::EuDecision || (a.len() != 4 && b.len() != 4)) {
            continue; // `besluit 12/34` is not an EU act
        }
        let a_year = if a.len() == 4 || (ckind != CitationKind::EuRegulation && a.len() == 2) {
            full_year(a)
        } else {
            None
        };
        // Regulations before 2015 are numbered `604/2013` (number/year), everything else year/number.
        let (year, num) = if ckind == CitationKind::EuRegulation {
            match (a_year, full_year(b)) {
                (Some(y), _) if y >= 2015 => (y, b),
                (_, Some(y)) if y < 2015 => (y, a),
                (Some(y), _) => (y, b),
                _ => continue,
            }
        } else {
            match a_year {
                Some(y) => (y, b),
                None => continue,
            }
        };
        let Ok(num_v) = num.parse::<u32>() else {
            continue;
        };
        if num_v == 0 {
            continue;
        }
        let celex = format!("3{year}{letter}{num_v:04}");
        let number = num_v.to_string();
        single(
            groups,
            text,
            whole.start(),
            whole.end(),
            |raw, start, end| Citation {
                kind: ckind,
                raw,
                url: Some(format!(
                    "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:{celex}"
                )),
                identifier: celex,
                chamber: None,
                session_year: None,
                dossier: None,
                number: Some(number),
                start,
                end,
            },
        );
    }
}

fn staatsblad(text: &str, r: &Res, groups: &mut Vec<Group>) {
    for c in r.stb.captures_iter(text) {
        let (Some(whole), Some(kind), Some(y), Some(n)) =
            (c.get(0), c.name("kind"), c.name("y"), c.name("n"))
        else {
            continue;
        };
        let Ok(year) = y.as_str().parse::<u32>() else {
            continue;
        };
        if !(1800..2200).contains(&year) {
            continue;
        }
        let (ckind, prefix) = if kind.as_str().starts_with("Stb") || kind.as_str() == "Staatsblad" {
            (CitationKind::Staatsblad, "stb")
        } else {
            (CitationKind::Staatscourant, "stcrt")
        };
        let id = format!("{prefix}-{year}-{}", n.as_str());
        let number = n.as_str().to_string();
        single(
            groups,
            text,
            whole.start(),
            whole.end(),
            |raw, start, end| Citation {
                kind: ckind,
                raw,
                url: Some(format!("{OEB}{id}.html")),
                identifier: id,
                chamber: None,
                session_year: None,
                dossier: None,
                number: Some(number),
                start,
                end,
            },
        );
    }
}

/// Drops trailing punctuation and an unbalanced closing bracket.
fn trim_url(s: &str) -> &str {
    let mut t = s;
    let (open_p, mut close_p) = (t.matches('(').count(), t.matches(')').count());
    let (open_b, mut close_b) = (t.matches('[').count(), t.matches(']').count());
    loop {
        let Some(last) = t.chars().next_back() else {
            return t;
        };
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' => true,
            ')' => close_p > open_p,
            ']' => close_b > open_b,
            _ => false,
        };
        if !strip {
            return t;
        }
        match last {
            ')' => close_p -= 1,
            ']' => close_b -= 1,
            _ => {}
        }
        t = &t[..t.len() - last.len_utf8()];
    }
}

fn urls(text: &str, r: &Res, groups: &mut Vec<Group>) {
    for m in r.url.find_iter(text) {
        let t = trim_url(m.as_str());
        let body = t
            .strip_prefix("https://")
            .or_else(|| t.strip_prefix("http://"))
            .or_else(|| t.strip_prefix("www."))
            .unwrap_or("");
        // Needs a host with a dot, or at least something after the scheme.
        if body.is_empty()
            || body.starts_with(['.', '/'])
            || (!body.contains('.') && !t.starts_with("http"))
        {
            continue;
        }
        let url = if t.starts_with("www.") {
            format!("https://{t}")
        } else {
            t.to_string()
        };
        let start = m.start();
        single(groups, text, start, start + t.len(), |raw, start, end| {
            Citation {
                kind: CitationKind::Url,
                raw,
                identifier: url.clone(),
                url: Some(url),
                chamber: None,
                session_year: None,
                dossier: None,
                number: None,
                start,
                end,
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `kind|identifier|chamber|session|dossier|number` for compact comparisons.
    fn brief(c: &Citation) -> String {
        format!(
            "{:?}|{}|{}|{}|{}|{}",
            c.kind,
            c.identifier,
            c.chamber.as_deref().unwrap_or("-"),
            c.session_year.as_deref().unwrap_or("-"),
            c.dossier.as_deref().unwrap_or("-"),
            c.number.as_deref().unwrap_or("-"),
        )
    }

    fn briefs(text: &str) -> Vec<String> {
        find_citations(text).iter().map(brief).collect()
    }

    fn ids(text: &str) -> Vec<String> {
        find_citations(text)
            .into_iter()
            .map(|c| c.identifier)
            .collect()
    }

    fn check_invariants(text: &str) {
        let cits = find_citations(text);
        let mut last = 0;
        for c in &cits {
            assert!(c.start <= c.end && c.end <= text.len(), "{c:?} in {text:?}");
            assert_eq!(
                text.get(c.start..c.end),
                Some(c.raw.as_str()),
                "{c:?} in {text:?}"
            );
            assert!(
                c.start >= last || cits.iter().any(|o| o.start == c.start),
                "order {text:?}"
            );
            last = c.start;
            assert!(!c.raw.is_empty());
            assert!(!c.raw.ends_with('.') && !c.raw.ends_with(','), "{c:?}");
        }
    }

    #[test]
    fn kamerstuk_basic() {
        let t = "118 Kamerstukken II 2024/2025, 30 573, nr. 220.";
        let c = find_citations(t);
        assert_eq!(c.len(), 1);
        let c = &c[0];
        assert_eq!(c.kind, CitationKind::Kamerstuk);
        assert_eq!(c.raw, "Kamerstukken II 2024/2025, 30 573, nr. 220");
        assert_eq!(c.identifier, "kst-30573-220");
        assert_eq!(
            c.url.as_deref(),
            Some("https://zoek.officielebekendmakingen.nl/kst-30573-220.html")
        );
        assert_eq!(c.chamber.as_deref(), Some("II"));
        assert_eq!(c.session_year.as_deref(), Some("2024-2025"));
        assert_eq!(c.dossier.as_deref(), Some("30573"));
        assert_eq!(c.number.as_deref(), Some("220"));
        assert_eq!(&t[c.start..c.end], c.raw);
        check_invariants(t);
    }

    #[test]
    fn kamerstuk_several_numbers() {
        let t = "Kamerstukken II 2023/24, 19 637, nrs. 3100 en 3101";
        assert_eq!(
            briefs(t),
            [
                "Kamerstuk|kst-19637-3100|II|2023-2024|19637|3100",
                "Kamerstuk|kst-19637-3101|II|2023-2024|19637|3101"
            ]
        );
        let c = find_citations(t);
        assert_eq!(c[0].raw, t);
        assert_eq!(c[1].raw, t);
        assert_eq!(
            ids("Kamerstukken II 2023/24, 19 637, nrs. 3100, 3101 en 3102."),
            ["kst-19637-3100", "kst-19637-3101", "kst-19637-3102"]
        );
        // A comma after a singular `nr.` does not start a list.
        assert_eq!(
            ids("Kamerstukken II 2023/24, 30 573, nr. 220, 3 juli 2024."),
            ["kst-30573-220"]
        );
        // Ranges.
        assert_eq!(
            ids("Kamerstukken II 2022/2023, 36 414, nr. 1-4."),
            ["kst-36414-1", "kst-36414-2", "kst-36414-3", "kst-36414-4"]
        );
        assert_eq!(
            ids("Kamerstukken II 2022/23, 36 414, nrs. 5 t/m 7"),
            ["kst-36414-5", "kst-36414-6", "kst-36414-7"]
        );
        check_invariants(t);
    }

    #[test]
    fn kamerstuk_several_references() {
        let t =
            "Kamerstukken II 2022/23, 36 200 VI, nr. 12; Kamerstukken II 2023/24, 29 279, nr. 800.";
        assert_eq!(
            briefs(t),
            [
                "Kamerstuk|kst-36200-VI-12|II|2022-2023|36200|12",
                "Kamerstuk|kst-29279-800|II|2023-2024|29279|800"
            ]
        );
        let c = find_citations(t);
        assert_eq!(
            c[0].url.as_deref(),
            Some("https://zoek.officielebekendmakingen.nl/kst-36200-VI-12.html")
        );
        assert_eq!(c[1].raw, "Kamerstukken II 2023/24, 29 279, nr. 800");
        // A continuation without its own prefix inherits chamber and session year.
        let t2 =
            "Kamerstukken II 2022/23, 36 200 VI, nr. 12; 29 279, nr. 800 en 36 200 VII, nr. 3.";
        assert_eq!(
            briefs(t2),
            [
                "Kamerstuk|kst-36200-VI-12|II|2022-2023|36200|12",
                "Kamerstuk|kst-29279-800|II|2022-2023|29279|800",
                "Kamerstuk|kst-36200-VII-3|II|2022-2023|36200|3"
            ]
        );
        assert_eq!(find_citations(t2)[1].raw, "29 279, nr. 800");
        check_invariants(t);
        check_invariants(t2);
    }

    #[test]
    fn kamerstuk_dossier_variants() {
        assert_eq!(
            briefs("Kamerstukken II 2023/24, 21 501-20, nr. 2000"),
            ["Kamerstuk|kst-21501-20-2000|II|2023-2024|21501-20|2000"]
        );
        assert_eq!(
            briefs("Kamerstukken II 2024/25, 32 317, nr. 907"),
            ["Kamerstuk|kst-32317-907|II|2024-2025|32317|907"]
        );
        assert_eq!(
            briefs("Kamerstukken II 2023/24, 36 200-XII, nr. 5"),
            ["Kamerstuk|kst-36200-XII-5|II|2023-2024|36200|5"]
        );
        assert_eq!(
            ids("Kamerstukken II 2023/24, 36 200 IXB, nr. 5"),
            ["kst-36200-IXB-5"]
        );
        assert_eq!(
            ids("Kamerstukken II 2023/24, 36 200 A, nr. 5"),
            ["kst-36200-A-5"]
        );
        // Compact form, as in a letter: chamber and session unknown.
        assert_eq!(
            briefs("zie Kamerstuk 36200-XII-60."),
            ["Kamerstuk|kst-36200-XII-60|-|-|36200|60"]
        );
        assert_eq!(
            briefs("(Kamerstuk 21501-20-1234)"),
            ["Kamerstuk|kst-21501-20-1234|-|-|21501-20|1234"]
        );
        assert_eq!(
            briefs("Kamerstuk 29 861, nr. 126"),
            ["Kamerstuk|kst-29861-126|-|-|29861|126"]
        );
        // Eerste Kamer letters.
        assert_eq!(
            briefs("Kamerstukken I 2023/24, 36 007, E."),
            ["Kamerstuk|kst-36007-E|I|2023-2024|36007|E"]
        );
        assert_eq!(
            ids("Kamerstukken II 2024/2025, 35 612, nr. K."),
            ["kst-35612-K"]
        );
        assert_eq!(
            ids("Kamerstukken II 2023/24, 36 200, nr. 12a"),
            ["kst-36200-12a"]
        );
        // Joint dossiers: the first one names the document.
        assert_eq!(
            briefs("Kamerstukken II 2024/2025, 29861 & 27859, nr. 159."),
            ["Kamerstuk|kst-29861-159|II|2024-2025|29861|159"]
        );
        assert_eq!(
            ids("Kamerstukken II 2024/2025, 29 861 en 27 859, nr. 159."),
            ["kst-29861-159"]
        );
    }

    #[test]
    fn kamerstuk_spelling_variants() {
        for t in [
            "Kamerstuk II 2024/2025, 30 573, nr. 220",
            "Kamerstukken II, 2024/2025, 30 573, nr. 220",
            "Kamerstukken II 2024/25, 30573, nr 220",
            "Kamerstukken II 2024-2025, 30 573, Nr. 220",
            "Kamerstukken II 2024–2025, 30 573, nummer 220",
            "Kamerstukken  II\u{a0}2024/2025,\u{a0}30\u{a0}573,  nr.\u{a0}220",
            "Kamerstukken II 2024/2025, 30\n573, nr.\n220",
            "kamerstukken II 2024/2025, 30 573, nr. 220",
            "Tweede Kamer, vergaderjaar 2024-2025, 30 573, nr. 220",
            "Kamerstukken TK 2024/2025, 30 573, nr. 220",
        ] {
            assert_eq!(
                briefs(t),
                ["Kamerstuk|kst-30573-220|II|2024-2025|30573|220"],
                "{t:?}"
            );
            check_invariants(t);
        }
        assert_eq!(
            find_citations("Kamerstukken II 1999/2000, 26 732, nr. 7")[0]
                .session_year
                .as_deref(),
            Some("1999-2000")
        );
        assert_eq!(
            find_citations("Kamerstukken II 2009/10, 19 637, nr. 1")[0]
                .session_year
                .as_deref(),
            Some("2009-2010")
        );
        assert_eq!(
            find_citations("Kamerstukken II 1999/00, 26 732, nr. 7")[0]
                .session_year
                .as_deref(),
            Some("1999-2000")
        );
        // An impossible session year is dropped, the reference kept.
        assert_eq!(
            briefs("Kamerstukken II 2024/2027, 30 573, nr. 220"),
            ["Kamerstuk|kst-30573-220|II|-|30573|220"]
        );
        // A printed Kamerstuk's own header.
        assert_eq!(
            briefs("Tweede Kamer der Staten-Generaal\nVergaderjaar 2020–2021\n32 545\nNr. 143"),
            ["Kamerstuk|kst-32545-143|II|2020-2021|32545|143"]
        );
    }

    #[test]
    fn handelingen_and_aanhangsel() {
        let t = "Handelingen II 2023/24, nr. 45, item 12.";
        let c = find_citations(t);
        assert_eq!(
            briefs(t),
            ["Handelingen|h-tk-20232024-45-12|II|2023-2024|-|45"]
        );
        assert_eq!(c[0].raw, "Handelingen II 2023/24, nr. 45, item 12");
        assert_eq!(
            c[0].url.as_deref(),
            Some("https://zoek.officielebekendmakingen.nl/h-tk-20232024-45-12.html")
        );
        assert_eq!(
            briefs("Handelingen I 2022/2023, nr. 35, item 4."),
            ["Handelingen|h-ek-20222023-35-4|I|2022-2023|-|35"]
        );
        // Parts not printed are omitted; an incomplete identifier has no URL.
        let c = find_citations("Handelingen II 2023/24, nr. 45");
        assert_eq!(c[0].identifier, "h-tk-20232024-45");
        assert_eq!(c[0].url, None);
        let t = "Aanhangsel Handelingen II 2023/24, nr. 1234.";
        let c = find_citations(t);
        assert_eq!(
            briefs(t),
            ["Aanhangsel|ah-tk-20232024-1234|II|2023-2024|-|1234"]
        );
        assert_eq!(c[0].raw, "Aanhangsel Handelingen II 2023/24, nr. 1234");
        assert_eq!(
            c[0].url.as_deref(),
            Some("https://zoek.officielebekendmakingen.nl/ah-tk-20232024-1234.html")
        );
        // Without `nr.` the number counts only when an item follows.
        assert_eq!(
            ids("Handelingen II 2023/24, 45, item 12"),
            ["h-tk-20232024-45-12"]
        );
        assert_eq!(ids("Handelingen II 2023/24, 2 november"), ["h-tk-20232024"]);
        assert_eq!(
            ids("Kamerstukken II 2023/24, 36 200, nummers 3, 4 en 5"),
            ["kst-36200-3", "kst-36200-4", "kst-36200-5"]
        );
        // Trailing brackets: unbalanced ones go, balanced ones stay.
        assert_eq!(ids("(zie https://x.nl/a_(b)))."), ["https://x.nl/a_(b)"]);
        assert_eq!(ids("[https://x.nl/a]"), ["https://x.nl/a"]);
        assert_eq!(
            ids("Aanhangsel van de Handelingen I 2023/2024, nr. 12"),
            ["ah-ek-20232024-12"]
        );
        check_invariants(t);
    }

    #[test]
    fn ecli() {
        let t = "Afdeling bestuursrechtspraak van de Raad van State, 13 juli 2022, ECLI:NL:RVS:2022:1973.";
        let c = find_citations(t);
        assert_eq!(briefs(t), ["Ecli|ECLI:NL:RVS:2022:1973|-|-|-|-"]);
        assert_eq!(c[0].raw, "ECLI:NL:RVS:2022:1973");
        assert_eq!(
            c[0].url.as_deref(),
            Some("https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RVS:2022:1973")
        );
        let c = find_citations("HvJ EU 12 december 2019, C-519/18, ECLI:EU:C:2019:1070.");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].identifier, "ECLI:EU:C:2019:1070");
        assert_eq!(
            c[0].url.as_deref(),
            Some("https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=ecli:ECLI:EU:C:2019:1070")
        );
        assert_eq!(ids("ECLI:EU:C:2023:123"), ["ECLI:EU:C:2023:123"]);
        assert_eq!(
            ids("EHRM ECLI:CE:ECHR:2014:1104JUD002921712."),
            ["ECLI:CE:ECHR:2014:1104JUD002921712"]
        );
        assert_eq!(
            find_citations("ECLI:CE:ECHR:2014:1104JUD002921712")[0].url,
            None
        );
    }

    #[test]
    fn eu_acts() {
        let cases = [
            (
                "Richtlijn (EU) 2016/801",
                "EuDirective|32016L0801|-|-|-|801",
            ),
            ("Richtlijn 2013/32/EU", "EuDirective|32013L0032|-|-|-|32"),
            ("Richtlijn 2011/95/EU", "EuDirective|32011L0095|-|-|-|95"),
            ("Richtlijn (EG) 2009/50", "EuDirective|32009L0050|-|-|-|50"),
            ("Richtlijn 96/71/EG", "EuDirective|31996L0071|-|-|-|71"),
            (
                "Richtlijn (EU) 2021/1883",
                "EuDirective|32021L1883|-|-|-|1883",
            ),
            (
                "Verordening (EU) 2024/1351",
                "EuRegulation|32024R1351|-|-|-|1351",
            ),
            (
                "Verordening (EU) nr. 604/2013",
                "EuRegulation|32013R0604|-|-|-|604",
            ),
            (
                "Verordening (EG) nr. 1560/2003",
                "EuRegulation|32003R1560|-|-|-|1560",
            ),
            (
                "Verordening (EG) 810/2009",
                "EuRegulation|32009R0810|-|-|-|810",
            ),
            (
                "Verordening (EG) nr. 2007/2004",
                "EuRegulation|32004R2007|-|-|-|2007",
            ),
            (
                "Verordening (EEG) nr. 1612/68",
                "EuRegulation|31968R1612|-|-|-|1612",
            ),
            (
                "Uitvoeringsverordening (EU) 2024/2345",
                "EuRegulation|32024R2345|-|-|-|2345",
            ),
            ("Besluit (EU) 2015/1523", "EuDecision|32015D1523|-|-|-|1523"),
            ("Besluit 2008/615/JBZ", "EuDecision|32008D0615|-|-|-|615"),
            (
                "Kaderbesluit 2002/584/JBZ",
                "EuDecision|32002F0584|-|-|-|584",
            ),
        ];
        for (t, want) in cases {
            assert_eq!(briefs(t), [want], "{t:?}");
            check_invariants(t);
        }
        // the ij ligature character, as printed in the report's footnote 36
        let c = find_citations("Richtl\u{133}n 2003/86/EG van 22 september 2003");
        assert_eq!(
            (c[0].raw.as_str(), c[0].identifier.as_str()),
            ("Richtl\u{133}n 2003/86/EG", "32003L0086")
        );
        let c = find_citations("Richtlijn (EU) 2016/801 betreffende");
        assert_eq!(c[0].raw, "Richtlijn (EU) 2016/801");
        assert_eq!(
            c[0].url.as_deref(),
            Some("https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32016L0801")
        );
        // A national `besluit` with a number is not an EU act; nor is a bare phrase.
        assert!(find_citations("het besluit 12/34 van de gemeente").is_empty());
        assert!(find_citations("op grond van de richtlijn vrij verkeer (2004/38).").is_empty());
    }

    #[test]
    fn staatsblad_and_staatscourant() {
        let cases = [
            ("Stb. 2023, 123", "Staatsblad|stb-2023-123|-|-|-|123"),
            ("Staatsblad 2023, 123.", "Staatsblad|stb-2023-123|-|-|-|123"),
            ("Stb. 2023, nr. 123", "Staatsblad|stb-2023-123|-|-|-|123"),
            (
                "Stcrt. 2024, 5678",
                "Staatscourant|stcrt-2024-5678|-|-|-|5678",
            ),
            (
                "Staatscourant 2024, 5678",
                "Staatscourant|stcrt-2024-5678|-|-|-|5678",
            ),
        ];
        for (t, want) in cases {
            assert_eq!(briefs(t), [want], "{t:?}");
            check_invariants(t);
        }
        let c = find_citations("Stb. 2023, 123");
        assert_eq!(
            c[0].url.as_deref(),
            Some("https://zoek.officielebekendmakingen.nl/stb-2023-123.html")
        );
        assert!(
            find_citations("De regeling is begin april in de Staatscourant gepubliceerd.")
                .is_empty()
        );
    }

    #[test]
    fn urls() {
        let t = "op dit moment nader uitgewerkt (https://www.coa.nl/nl/noodopvang-en-tijdelijke-gemeentelijke-opvang).";
        let c = find_citations(t);
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].raw,
            "https://www.coa.nl/nl/noodopvang-en-tijdelijke-gemeentelijke-opvang"
        );
        assert_eq!(c[0].identifier, c[0].raw);
        assert_eq!(c[0].url.as_deref(), Some(c[0].raw.as_str()));
        check_invariants(t);
        let c = find_citations("bereiken is via www.postedworkers.nl. Ook moeten");
        assert_eq!(c[0].raw, "www.postedworkers.nl");
        assert_eq!(c[0].url.as_deref(), Some("https://www.postedworkers.nl"));
        assert_eq!(c[0].identifier, "https://www.postedworkers.nl");
        // Balanced parentheses stay.
        assert_eq!(
            ids("zie https://nl.wikipedia.org/wiki/Foo_(bar), en"),
            ["https://nl.wikipedia.org/wiki/Foo_(bar)"]
        );
        assert_eq!(
            ids("http://www.unhcr.org/mid-year-trends"),
            ["http://www.unhcr.org/mid-year-trends"]
        );
        // An ECLI inside a URL is part of the URL.
        assert_eq!(
            briefs("https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RVS:2022:1973"),
            ["Url|https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RVS:2022:1973|-|-|-|-"]
        );
        assert!(find_citations("https:// en http://. en www.").is_empty());
    }

    #[test]
    fn order_of_appearance() {
        let t = "Zie https://ind.nl/x, Stb. 2023, 12, ECLI:NL:RVS:2022:1973 en Kamerstukken II 2023/24, 19 637, nr. 1 \
                 en Richtlijn 2013/32/EU.";
        let c = find_citations(t);
        let kinds: Vec<_> = c.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                CitationKind::Url,
                CitationKind::Staatsblad,
                CitationKind::Ecli,
                CitationKind::Kamerstuk,
                CitationKind::EuDirective
            ]
        );
        check_invariants(t);
    }

    /// Real footnotes from De Staat van Migratie 2025 (seed 004) with their expected parses.
    #[test]
    fn real_footnotes() {
        let table: &[(&str, &[&str])] = &[
            ("118 Kamerstukken II 2024/2025, 30 573, nr. 220.", &["Kamerstuk|kst-30573-220|II|2024-2025|30573|220"]),
            ("4 Kamerstukken II 2024/2025, 35 612, nr. K.", &["Kamerstuk|kst-35612-K|II|2024-2025|35612|K"]),
            (
                "5 Afdeling bestuursrechtspraak van de Raad van State, 13 juli 2022, ECLI:NL:RVS:2022:1973.",
                &["Ecli|ECLI:NL:RVS:2022:1973|-|-|-|-"],
            ),
            ("7 Kamerstukken II 2023/2024, 29861, nr. 126.", &["Kamerstuk|kst-29861-126|II|2023-2024|29861|126"]),
            ("9 Staatsblad 2024, 150.", &["Staatsblad|stb-2024-150|-|-|-|150"]),
            (
                "10 Kamerstukken II 2023/2024, 36 418, nr. 145. Zie voor de evaluatie: Kunde, Kosten en Keuzes | Rapport | \nRijksoverheid.nl.",
                &["Kamerstuk|kst-36418-145|II|2023-2024|36418|145"],
            ),
            (
                "21 Kamerstukken II 2022/2023, 36 414, nr. 1-4.",
                &[
                    "Kamerstuk|kst-36414-1|II|2022-2023|36414|1",
                    "Kamerstuk|kst-36414-2|II|2022-2023|36414|2",
                    "Kamerstuk|kst-36414-3|II|2022-2023|36414|3",
                    "Kamerstuk|kst-36414-4|II|2022-2023|36414|4",
                ],
            ),
            ("27 Kamerstukken II, 2023/2024, 32 824, nr. 412.", &["Kamerstuk|kst-32824-412|II|2023-2024|32824|412"]),
            (
                "34 Richtlijn (EU) 2014/66 betreffende de voorwaarden voor toegang en verblijf van onderdanen van derde landen ",
                &["EuDirective|32014L0066|-|-|-|66"],
            ),
            (
                "48 Richtlijn (EU) 2021/1883 betreffende de voorwaarden voor toegang en verblijf van onderdanen van derde \nlanden met het oog op een hooggekwalificeerde baan, en tot intrekking van Richtlijn 2009/50/EG van de Raad.",
                &["EuDirective|32021L1883|-|-|-|1883", "EuDirective|32009L0050|-|-|-|50"],
            ),
            (
                "63 Kamerstukken II 2024/2025, 29861 & 27859, nr. 159. Jaarrapportage Arbeidsmigranten 2024 \n(IPA jaarrapportage 2024 | Kamerstuk | Rijksoverheid.nl).",
                &["Kamerstuk|kst-29861-159|II|2024-2025|29861|159"],
            ),
            (
                "74 Richtlijn (EU) 2014/67 inzake de handhaving van Richtlijn 96/71/EG betreffende de terbeschikkingstelling van \nwerknemers met het oog op het verrichten van diensten en tot wijziging van Verordening (EU) 1024/2012 \nbetreffende de administratieve samenwerking via het Informatiesysteem interne markt (de ‘IMI-verordening’).",
                &["EuDirective|32014L0067|-|-|-|67", "EuDirective|31996L0071|-|-|-|71", "EuRegulation|32012R1024|-|-|-|1024"],
            ),
            ("79 Richtlijn (EG) 96/71 betreffende de terbeschikkingstelling van werknemers", &["EuDirective|31996L0071|-|-|-|71"]),
            ("86 Kamerstukken II 2022/2023, 36 200 V, nr. 27.", &["Kamerstuk|kst-36200-V-27|II|2022-2023|36200|27"]),
            (
                "92 Kamerstukken II 2019/2020, 19 637, nr. 2608. Zie ook Staat van Migratie 2023.",
                &["Kamerstuk|kst-19637-2608|II|2019-2020|19637|2608"],
            ),
            (
                "93 https://reporting.unhcr.org/unhcr-projected-global-resettlement-needs-2024 ",
                &["Url|https://reporting.unhcr.org/unhcr-projected-global-resettlement-needs-2024|-|-|-|-"],
            ),
            (
                "102 Verordening (EG) nr. 1560/2003 houdende uitvoeringsbepalingen van Verordening (EG) nr. 343/2003 van de ",
                &["EuRegulation|32003R1560|-|-|-|1560", "EuRegulation|32003R0343|-|-|-|343"],
            ),
            (
                "106 HvJ EU 12 december 2019, C-519/18, ECLI:EU:C:2019:1070.",
                &["Ecli|ECLI:EU:C:2019:1070|-|-|-|-"],
            ),
            ("127 Kamerstukken I 2023/2024, 36 394, nr. 190.", &["Kamerstuk|kst-36394-190|I|2023-2024|36394|190"]),
            ("137 Verordening (EU) 2024/1359, onderdeel van het Migratiepact.", &["EuRegulation|32024R1359|-|-|-|1359"]),
            (
                "140 Artikel 3 van Verordening (EG) 810/2009 tot vaststelling van een gemeenschappelijke visumcode.",
                &["EuRegulation|32009R0810|-|-|-|810"],
            ),
            (
                "165 Kamerstukken II 2023/2024, 19 637, nr. 3174 en Kamerstukken II 2023/2024, 27 062, nr. 138.",
                &["Kamerstuk|kst-19637-3174|II|2023-2024|19637|3174", "Kamerstuk|kst-27062-138|II|2023-2024|27062|138"],
            ),
            (
                "168 Kamerstukken II 2022/2023, 32 847, nr. 1038 en Tweede Kamer, vergaderjaar 2023-2024, 32 847, nr. 1135. ",
                &["Kamerstuk|kst-32847-1038|II|2022-2023|32847|1038", "Kamerstuk|kst-32847-1135|II|2023-2024|32847|1135"],
            ),
            ("173 Kamerstuk II 2022/2023, 26 130, nr. 28. ", &["Kamerstuk|kst-26130-28|II|2022-2023|26130|28"]),
            ("180 Handelingen I 2022/2023, nr. 35, item 4.", &["Handelingen|h-ek-20222023-35-4|I|2022-2023|-|35"]),
            (
                "https://repository.wodc.nl/bitstream/handle/20.500.12832/3417/3433-over-komen-en-gaan-eindrapport.pdf?sequence=1&isAllowed=y",
                &["Url|https://repository.wodc.nl/bitstream/handle/20.500.12832/3417/3433-over-komen-en-gaan-eindrapport.pdf?sequence=1&isAllowed=y|-|-|-|-"],
            ),
            // Not citations.
            ("167 Gemengde doelgroep kan ook arbeidsmigranten, studenten en vluchtelingen omvatten, maar ook alle andere ", &[]),
            (
                "73 Onder de EU-11 vallen Bulgarije, Estland, Hongarije, Kroatië, Letland, Litouwen, Polen, Roemenië, Slovenië, \nSlowakije en Tsjechië. ",
                &[],
            ),
            ("De werking van de Richtlijn Tijdelijke Bescherming (RTB) loopt nu tot en met 4 maart 2026. ", &[]),
            ("De bekostigingsregeling doorstroomlocaties is begin april in de Staatscourant gepubliceerd. Een ", &[]),
            (
                "op grond van de richtlijn vrij verkeer (2004/38). Voor werknemers is daarnaast ook Verordening (EU) 492/2011 ",
                &["EuRegulation|32011R0492|-|-|-|492"],
            ),
            ("Figuur 53 Asielinstroom totaal en uitgesplitst naar type aanvraag, 2023-2024 (Bron: IND)", &[]),
            ("32 | De Staat van Migratie 2025", &[]),
            ("Het kabinet heeft de vijfde editie van de ‘Staat van Migratie’ aan de Tweede Kamer gezonden.", &[]),
        ];
        for (text, want) in table {
            assert_eq!(briefs(text), *want, "{text:?}");
            check_invariants(text);
        }
    }

    /// Every line of the 2025 report that mentions a citation keyword parses without panicking
    /// and with consistent spans (runs only where the seeds are present).
    #[test]
    fn seed_lines_if_present() {
        let Ok(dir) = std::fs::read_dir("/work/shared/seeds") else {
            return;
        };
        for entry in dir.flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            check_invariants(&text);
            for line in text.lines() {
                check_invariants(line);
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        const PIECES: &[&str] = &[
            "Kamerstukken",
            "Kamerstuk",
            " II ",
            " I ",
            "2024/2025",
            "2024/25",
            "1999/00",
            "2024-",
            ", ",
            ",",
            " ",
            "\u{a0}",
            "\n",
            "30 573",
            "36200",
            "-",
            "–",
            "VI",
            "nr.",
            "nrs.",
            " en ",
            "&",
            "t/m",
            "3100",
            "12a",
            "K",
            "E",
            ";",
            "Handelingen",
            "Aanhangsel",
            "item",
            "ECLI:",
            "NL:",
            "RVS:",
            "2022:",
            "1973",
            ".",
            "Richtlijn",
            "(EU)",
            "(EG)",
            "Verordening",
            "Besluit",
            "/EU",
            "/",
            "Stb.",
            "Staatsblad",
            "Stcrt.",
            "https://",
            "http://",
            "www.",
            "(",
            ")",
            "é",
            "€",
            "ü",
            "٣",
            "𝟙",
            "\u{200b}",
            "\u{feff}",
            "x",
            "999999999999999999999999",
            "Tweede Kamer",
            "vergaderjaar",
            "nummer",
            "0",
            "9",
            "ĳ",
            "日本",
            "🙂",
            "[",
            "]",
            "Kaderbesluit",
            "nr. 1-99999999999999999999",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..10_000 {
            let len = (next() % 24) as usize;
            let mut s = String::new();
            for _ in 0..len {
                let r = next();
                if r % 5 == 0 {
                    // A random scalar value, including non-ASCII.
                    if let Some(ch) = char::from_u32((r >> 8) as u32 % 0x11_0000) {
                        s.push(ch);
                    }
                } else {
                    s.push_str(PIECES[(r >> 8) as usize % PIECES.len()]);
                }
            }
            check_invariants(&s);
        }
    }

    #[test]
    fn serializes() {
        let c = find_citations("Stb. 2023, 123");
        let json = serde_json::to_string(&c).unwrap_or_default();
        assert!(json.contains("\"kind\":\"Staatsblad\""), "{json}");
    }
}
