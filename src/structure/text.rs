//! Text helpers shared by the structure steps: joining lines of a paragraph or note (with
//! line-end hyphens), the document's vocabulary, numbers and Dutch dates.

use crate::layout::{Layout, Zone};
use crate::pdf::model::Document;
use std::collections::HashSet;

/// Every word of the document, lower-cased, and whether its typesetter breaks words at line
/// ends: what a line-end hyphen is checked against.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub words: HashSet<String>,
    /// The typesetter hyphenates: line-end hyphens whose joined word the document also
    /// prints whole outnumber those whose hyphenated form it prints (LaTeX, InDesign); a
    /// word processor with hyphenation off breaks lines only after real hyphens.
    pub hyphenates: bool,
}

impl Vocabulary {
    pub fn contains(&self, w: &str) -> bool {
        self.words.contains(w)
    }
}

fn clean(s: &str) -> String {
    s.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// The document's words and its hyphenation habit (see [`Vocabulary::hyphenates`]).
pub fn vocabulary(doc: &Document, layout: &Layout) -> Vocabulary {
    let words: HashSet<String> = doc
        .pages
        .iter()
        .flat_map(|p| p.words.iter().map(|w| w.text.to_lowercase()))
        .collect();
    let (mut broken, mut real) = (0usize, 0usize);
    for pl in &layout.pages {
        let lines: Vec<&crate::layout::Line> = pl
            .lines
            .iter()
            .filter(|l| matches!(l.zone, Zone::Body | Zone::Note))
            .collect();
        for w in lines.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a.block != b.block || !a.text.ends_with('-') || a.text.ends_with(" -") {
                continue;
            }
            let head = clean(a.text.rsplit(' ').next().unwrap_or(""));
            let tail_raw = b.text.split(' ').next().unwrap_or("");
            if !tail_raw
                .chars()
                .next()
                .map(|c| c.is_lowercase())
                .unwrap_or(false)
            {
                continue;
            }
            let tail = clean(tail_raw);
            if head.is_empty() || tail.is_empty() {
                continue;
            }
            if words.contains(&format!("{head}{tail}")) {
                broken += 1;
            } else if words.contains(&format!("{head}-{tail}")) {
                real += 1;
            }
        }
    }
    Vocabulary {
        words,
        hyphenates: broken >= 2 && broken >= real,
    }
}

/// Lines of one paragraph or note joined: a line-end hyphen is dropped only when the joined
/// word occurs elsewhere in the document (`asiel-` + `zoekers` -> `asielzoekers`); otherwise
/// it is a real hyphen and stays (`EU-` + `landen`).
pub fn join_lines(lines: &[String], vocabulary: &Vocabulary) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        if out.ends_with('-') && !out.ends_with(" -") {
            let head: String = out
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .trim_end_matches('-')
                .to_string();
            let tail: String = l.split(' ').next().unwrap_or("").to_string();
            if !real_hyphen(&clean(&head), &clean(&tail), &head, &tail, vocabulary) {
                out.pop();
            }
            out.push_str(l);
        } else {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(l);
        }
    }
    out
}

/// Is the hyphen at the end of a line (`head-` + `tail`) part of the word, or did the
/// typesetter break the word there? In this order:
/// - the document writes the hyphenated form elsewhere (`niet-ingezetene`): a real hyphen;
/// - it writes the joined word elsewhere (`asielzoekers`): a break;
/// - a capital or digit before it, or a capital after it (`EU-` + `landen`, `2023-` +
///   `2024`, `Noord-` + `Holland`): real;
/// - two vowels meet (`zee-` + `eend`): Dutch spelling writes the hyphen, real;
/// - a prefix that Dutch writes with a hyphen (`niet-`, `oud-`, `ex-`, `anti-`): real;
/// - else a break when the typesetter hyphenates (it breaks far more words than the text
///   has hyphens at line ends), real when it does not (a word processor with hyphenation
///   off breaks lines only after a real hyphen: `uitzendbureau-` + `constructies`).
fn real_hyphen(
    head: &str,
    tail: &str,
    raw_head: &str,
    raw_tail: &str,
    vocabulary: &Vocabulary,
) -> bool {
    if head.is_empty() || tail.is_empty() {
        return true;
    }
    if vocabulary.contains(&format!("{head}-{tail}")) {
        return true;
    }
    if vocabulary.contains(&format!("{head}{tail}")) {
        return false;
    }
    let head_last = raw_head
        .trim_end_matches('-')
        .chars()
        .rev()
        .find(|c| c.is_alphanumeric());
    let tail_first = raw_tail.chars().find(|c| c.is_alphanumeric());
    match (head_last, tail_first) {
        (Some(h), Some(t)) => {
            if h.is_uppercase() || h.is_ascii_digit() || t.is_uppercase() || t.is_ascii_digit() {
                return true;
            }
            let vowel = |c: char| "aeiouyáéíóúäëïöü".contains(c.to_ascii_lowercase());
            if vowel(h) && vowel(t) {
                return true;
            }
        }
        _ => return true,
    }
    const PREFIXES: [&str; 8] = ["niet", "oud", "ex", "anti", "non", "pro", "vice", "semi"];
    PREFIXES.contains(&head) || !vocabulary.hyphenates
}

/// A plain number of one to four digits (a note number, a page number).
pub fn small_number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// `18 oktober 2023` -> `2023-10-18`.
pub fn dutch_date(text: &str) -> Option<String> {
    use std::sync::OnceLock;
    static RE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| regex::Regex::new(r"(?i)\b(\d{1,2})\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+((?:19|20)\d{2})\b").ok())
        .as_ref()?;
    let c = re.captures(text)?;
    let d: u32 = c.get(1)?.as_str().parse().ok()?;
    let m = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(c.get(2).map(|x| x.as_str()).unwrap_or("")))?
        + 1;
    let y = c.get(3)?.as_str();
    let leap = y
        .parse::<u32>()
        .map(|y| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0)
        .unwrap_or(false);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if d == 0 || d > days[m - 1] {
        return None;
    }
    Some(format!("{y}-{m:02}-{d:02}"))
}

/// `2020-21` -> `2020-2021`; `1999-00` -> `1999-2000`.
pub fn full_years(v: &str) -> String {
    match v.split_once('-') {
        Some((a, b)) if a.len() == 4 && b.len() == 2 => {
            match (a.parse::<u32>(), b.parse::<u32>()) {
                (Ok(y), Ok(_)) => format!("{a}-{}", y + 1),
                _ => v.to_string(),
            }
        }
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_years() {
        assert_eq!(full_years("2020-21"), "2020-2021");
        assert_eq!(full_years("1999-00"), "1999-2000");
        assert_eq!(full_years("2020-2021"), "2020-2021");
    }

    #[test]
    fn dates() {
        assert_eq!(
            dutch_date("Den Haag, 18 oktober 2023").as_deref(),
            Some("2023-10-18")
        );
        assert_eq!(dutch_date("3 juni 2024").as_deref(), Some("2024-06-03"));
        assert_eq!(dutch_date("32 juni 2024"), None);
        assert_eq!(dutch_date("31 februari 2024"), None);
        assert_eq!(
            dutch_date("29 februari 2024").as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(dutch_date("juni 2024"), None);
    }

    #[test]
    fn hyphens_at_line_ends() {
        let vocab = Vocabulary {
            words: ["asielzoekers".to_string()].into_iter().collect(),
            hyphenates: true,
        };
        assert_eq!(
            join_lines(&["de asiel-".into(), "zoekers en".into()], &vocab),
            "de asielzoekers en"
        );
        assert_eq!(
            join_lines(&["in de EU-".into(), "landen".into()], &vocab),
            "in de EU-landen"
        );
        assert_eq!(
            join_lines(&["gezinshereniging en -".into(), "vorming".into()], &vocab),
            "gezinshereniging en - vorming"
        );
        assert_eq!(
            join_lines(&["een".into(), "twee".into()], &vocab),
            "een twee"
        );
        // a typesetter that hyphenates broke `vaststel-ling`; `niet-` stays; two vowels meet
        assert_eq!(
            join_lines(&["tot vaststel-".into(), "ling van".into()], &vocab),
            "tot vaststelling van"
        );
        assert_eq!(
            join_lines(&["als niet-".into(), "ingezetene".into()], &vocab),
            "als niet-ingezetene"
        );
        assert_eq!(
            join_lines(&["de zee-".into(), "eend".into()], &vocab),
            "de zee-eend"
        );
        assert_eq!(
            join_lines(&["2023-".into(), "2024".into()], &vocab),
            "2023-2024"
        );
        // one that does not hyphenate broke the line after a real hyphen
        let plain = Vocabulary {
            hyphenates: false,
            ..vocab.clone()
        };
        assert_eq!(
            join_lines(
                &["via uitzendbureau-".into(), "constructies".into()],
                &plain
            ),
            "via uitzendbureau-constructies"
        );
        assert_eq!(
            join_lines(&["de asiel-".into(), "zoekers".into()], &plain),
            "de asielzoekers"
        );
    }
}
