//! The people of a parliamentary paper's header, from its printed phrases: the members who
//! asked (`Van Weyenberg, Romke de Jong en Kat (allen D66)`), the offices addressed (`de
//! Ministers van Buitenlandse Zaken en voor Buitenlandse Handel en Ontwikkelingssamenwerking`),
//! who answered (`Minister Bruins Slot (BZ)`), the numbers of a question heading (`3, 4 en 5`).
//! Pure functions over one phrase each; names are kept as printed (NFC), never re-cased.

use unicode_normalization::UnicodeNormalization;

/// An office as printed: a title (`Minister`), the word that joins it to its portfolio (`van`,
/// `voor`, or nothing when the paper prints none) and the portfolio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub title: String,
    pub connector: Option<String>,
    pub portfolio: Option<String>,
}

impl Office {
    /// `Minister van Financiën`; the title alone when no portfolio is printed.
    pub fn text(&self) -> String {
        match (&self.connector, &self.portfolio) {
            (Some(c), Some(p)) => format!("{} {c} {p}", self.title),
            // `Minister-President, Minister van Algemene Zaken`
            (None, Some(p)) if p.starts_with(',') => format!("{}{p}", self.title),
            (None, Some(p)) => format!("{} {p}", self.title),
            _ => self.title.clone(),
        }
    }
}

/// Whitespace runs become one space; NFC.
pub fn tidy(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect()
}

/// Splits at top level (outside parentheses) on `, ` and ` en `.
fn split_list(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            if c == ',' {
                parts.push(std::mem::take(&mut cur));
                i += 1;
                continue;
            }
            let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
            if rest == " en " {
                parts.push(std::mem::take(&mut cur));
                i += 4;
                continue;
            }
        }
        cur.push(c);
        i += 1;
    }
    parts.push(cur);
    parts
        .into_iter()
        .map(|p| tidy(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Members with their parties: `Ceder (ChristenUnie) en Dobbe (SP)`, `Bushoff en
/// Patijn(beiden GroenLinks-PvdA)`, `Van Weyenberg, Romke de Jong en Kat (allen D66)`. A
/// party printed as `(beiden X)` / `(allen X)` belongs to every name since the last party.
pub fn members(s: &str) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    let mut pending = 0usize; // names since the last party
    for part in split_list(s) {
        let (name, party) = match (part.find('('), part.rfind(')')) {
            (Some(a), Some(b)) if b > a => (
                tidy(part.get(..a).unwrap_or("")),
                Some(tidy(part.get(a + 1..b).unwrap_or(""))),
            ),
            _ => (tidy(&part), None),
        };
        if name.is_empty() {
            continue;
        }
        out.push((name, None));
        pending += 1;
        if let Some(p) = party {
            let lower = p.to_lowercase();
            let shared = ["beiden ", "beide ", "allen ", "alle "]
                .iter()
                .find(|w| lower.starts_with(*w))
                .map(|w| tidy(p.get(w.len()..).unwrap_or("")));
            let n = out.len();
            match shared {
                Some(party) => {
                    for m in out[n - pending..].iter_mut() {
                        m.1 = Some(party.clone());
                    }
                }
                None => {
                    if let Some(m) = out.last_mut() {
                        m.1 = Some(p);
                    }
                }
            }
            pending = 0;
        }
    }
    out
}

/// Longest title first, matched at the start of `s` and followed by a space or the end.
fn title_at<'a>(s: &str, titles: &'a [String]) -> Option<&'a String> {
    let mut ts: Vec<&String> = titles.iter().collect();
    ts.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    ts.into_iter().find(|t| {
        s.get(..t.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(t) || h == t.as_str())
            && s.get(t.len()..)
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
    })
}

fn connector_split(rest: &str) -> (Option<String>, Option<String>) {
    let rest = rest.trim();
    if rest.is_empty() {
        return (None, None);
    }
    for c in ["van ", "voor "] {
        if let Some(p) = rest.strip_prefix(c) {
            return (Some(c.trim().to_string()), Some(tidy(p)));
        }
    }
    (None, Some(tidy(rest)))
}

/// The offices addressed: `de Minister van Justitie en Veiligheid en de Staatssecretaris van
/// Infrastructuur en Waterstaat`, `de Staatssecretaris en de Minister van VWS` (both of VWS),
/// `de Ministers van A en van B`, `de Staatssecretarissen van A en van B`. `titles` are the
/// singular titles, `plurals` pairs of (plural, singular).
pub fn offices(s: &str, titles: &[String], plurals: &[(String, String)]) -> Vec<Office> {
    let s = tidy(s);
    let s = s
        .strip_prefix("de ")
        .or_else(|| s.strip_prefix("De "))
        .unwrap_or(&s);
    let mut out: Vec<Office> = Vec::new();
    let plural_titles: Vec<String> = plurals.iter().map(|(p, _)| p.clone()).collect();
    // `de A, de B en de C`: a new office starts at every `de` after `, ` or ` en `
    let phrases: Vec<&str> = s.split(" en de ").flat_map(|p| p.split(", de ")).collect();
    for phrase in phrases {
        let phrase = phrase.trim();
        if let Some(pt) = title_at(phrase, &plural_titles) {
            let single = plurals
                .iter()
                .find(|(p, _)| p == pt)
                .map(|(_, s)| s.clone())
                .unwrap_or_else(|| pt.clone());
            let rest = phrase.get(pt.len()..).unwrap_or("").trim();
            // `van A en van B`, `van A, van B en voor C`
            let mut pieces: Vec<String> = Vec::new();
            let mut cur = String::new();
            for w in rest.split(' ') {
                if (w == "van" || w == "voor") && (cur.ends_with(" en") || cur.ends_with(',')) {
                    let head = cur
                        .trim_end_matches(" en")
                        .trim_end_matches(',')
                        .to_string();
                    pieces.push(head);
                    cur = w.to_string();
                } else {
                    if !cur.is_empty() {
                        cur.push(' ');
                    }
                    cur.push_str(w);
                }
            }
            if !cur.is_empty() {
                pieces.push(cur);
            }
            for p in pieces {
                let (connector, portfolio) = connector_split(&p);
                out.push(Office {
                    title: single.clone(),
                    connector,
                    portfolio,
                });
            }
        } else if let Some(t) = title_at(phrase, titles) {
            let (connector, portfolio) = connector_split(phrase.get(t.len()..).unwrap_or(""));
            out.push(Office {
                title: phrase.get(..t.len()).unwrap_or(t).to_string(),
                connector,
                portfolio,
            });
        } else if !phrase.is_empty() {
            out.push(Office {
                title: tidy(phrase),
                connector: None,
                portfolio: None,
            });
        }
    }
    // `de Staatssecretaris en de Minister van X`: a title without a portfolio shares the next
    // one's
    for i in (0..out.len()).rev() {
        if out[i].portfolio.is_none() && i + 1 < out.len() {
            let (c, p) = (out[i + 1].connector.clone(), out[i + 1].portfolio.clone());
            out[i].connector = c;
            out[i].portfolio = p;
        }
    }
    out
}

/// Who answered: `Minister Bruins Slot (BZ) van Minister Schreinemacher (Buitenlandse Handel
/// en Ontwikkelingssamenwerking)` -> (title, name, portfolio) for each; `s` stops before `(ontvangen`
/// and before `mede namens`.
pub fn answerers(s: &str, titles: &[String]) -> Vec<(String, String, Option<String>)> {
    let s = tidy(s);
    let mut out = Vec::new();
    let mut i = 0usize;
    let bytes_len = s.len();
    while i < bytes_len {
        let Some(rest) = s.get(i..) else { break };
        let at_word = i == 0 || s.get(..i).is_some_and(|h| h.ends_with(' '));
        if at_word {
            if let Some(t) = title_at(rest, titles) {
                let after = rest.get(t.len()..).unwrap_or("").trim_start();
                // the name runs to the opening parenthesis of the portfolio
                if let Some(open) = after.find('(') {
                    let name = tidy(after.get(..open).unwrap_or(""));
                    let close = after.get(open..).and_then(|x| x.find(')'));
                    let portfolio = close
                        .and_then(|c| after.get(open + 1..open + c))
                        .map(tidy)
                        .filter(|p| !p.is_empty());
                    if !name.is_empty()
                        && name.split(' ').count() <= 6
                        && !name.contains(',')
                        && title_at(&name, titles).is_none()
                    {
                        out.push((
                            rest.get(..t.len()).unwrap_or(t).to_string(),
                            name,
                            portfolio,
                        ));
                        let consumed = rest.len() - after.len() + close.map_or(open, |c| open + c);
                        i += consumed.max(1);
                        continue;
                    }
                }
            }
        }
        // next char boundary
        i += rest.chars().next().map_or(1, |c| c.len_utf8());
    }
    out
}

/// `3, 4 en 5` -> [3, 4, 5]; `7, 8, 9 10 en 11`; `2 t/m 4` and `2-4` -> [2, 3, 4]. None
/// when anything else is printed.
pub fn numbers(s: &str) -> Option<Vec<u32>> {
    let t = s
        .replace(" tot en met ", " t/m ")
        .replace(['–', '-'], " t/m ")
        .replace(',', " ");
    let mut out: Vec<u32> = Vec::new();
    let mut range = false;
    for w in t.split_whitespace() {
        match w {
            "en" | "&" => {}
            "t/m" => range = true,
            _ => {
                let n: u32 = w.parse().ok()?;
                if n == 0 || n > 10_000 {
                    return None;
                }
                if range {
                    let from = *out.last()?;
                    if n <= from || n - from > 100 {
                        return None;
                    }
                    out.extend(from + 1..=n);
                    range = false;
                } else {
                    out.push(n);
                }
            }
        }
    }
    (!out.is_empty() && !range).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles() -> Vec<String> {
        ["Minister-President", "Minister", "Staatssecretaris"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }
    fn plurals() -> Vec<(String, String)> {
        vec![
            ("Ministers".into(), "Minister".into()),
            ("Staatssecretarissen".into(), "Staatssecretaris".into()),
        ]
    }
    fn o(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn members_and_parties() {
        assert_eq!(
            members("Ceder (ChristenUnie) en Dobbe (SP)"),
            vec![
                ("Ceder".into(), o("ChristenUnie")),
                ("Dobbe".into(), o("SP"))
            ]
        );
        assert_eq!(
            members("Sneller (D66), Chakor (GroenLinks-PvdA) en Van Nispen (SP)"),
            vec![
                ("Sneller".into(), o("D66")),
                ("Chakor".into(), o("GroenLinks-PvdA")),
                ("Van Nispen".into(), o("SP"))
            ]
        );
        assert_eq!(
            members("Bushoff en Patijn(beiden GroenLinks-PvdA)"),
            vec![
                ("Bushoff".into(), o("GroenLinks-PvdA")),
                ("Patijn".into(), o("GroenLinks-PvdA"))
            ]
        );
        assert_eq!(
            members("Van Weyenberg, Romke de Jong en Kat (allen D66)").len(),
            3
        );
        assert_eq!(
            members("Faber-van de Klashorst(PVV)"),
            vec![("Faber-van de Klashorst".into(), o("PVV"))]
        );
        assert_eq!(
            members("Van Haga (Groep Van Haga)"),
            vec![("Van Haga".into(), o("Groep Van Haga"))]
        );
        // NFC: a decomposed ć comes out composed
        assert_eq!(members("Kostic\u{301} (PvdD)")[0].0, "Kostić");
        assert!(members("").is_empty());
    }

    #[test]
    fn offices_addressed() {
        let t = |s: &str| -> Vec<String> {
            offices(s, &titles(), &plurals())
                .iter()
                .map(|o| o.text())
                .collect()
        };
        assert_eq!(
            t("de Ministers van Buitenlandse Zaken en voor Buitenlandse Handel en Ontwikkelingssamenwerking"),
            ["Minister van Buitenlandse Zaken", "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"]
        );
        assert_eq!(
            t("de Staatssecretaris en de Minister van Volksgezondheid, Welzijn en Sport"),
            [
                "Staatssecretaris van Volksgezondheid, Welzijn en Sport",
                "Minister van Volksgezondheid, Welzijn en Sport"
            ]
        );
        assert_eq!(
            t("de Ministers van Binnenlandse Zaken en Koninkrijksrelaties en van Justitie en Veiligheid"),
            ["Minister van Binnenlandse Zaken en Koninkrijksrelaties", "Minister van Justitie en Veiligheid"]
        );
        assert_eq!(
            t("de Minister van Justitie en Veiligheid en de Staatssecretaris van Infrastructuur en Waterstaat"),
            ["Minister van Justitie en Veiligheid", "Staatssecretaris van Infrastructuur en Waterstaat"]
        );
        assert_eq!(
            t("de Minister Justitie en Veiligheid"),
            ["Minister Justitie en Veiligheid"]
        );
        assert_eq!(t("de Minister-President"), ["Minister-President"]);
        assert_eq!(
            t("de Minister-President, Minister van Algemene Zaken"),
            ["Minister-President, Minister van Algemene Zaken"]
        );
        assert_eq!(
            t("de Minister van Defensie, de Minister van Financiën en de Staatssecretaris van Financiën"),
            ["Minister van Defensie", "Minister van Financiën", "Staatssecretaris van Financiën"]
        );
        assert_eq!(
            t("de Ministers van Defensie, van Financiën en voor Klimaat en Energie"),
            [
                "Minister van Defensie",
                "Minister van Financiën",
                "Minister voor Klimaat en Energie"
            ]
        );
        // older papers write the titles in lower case
        assert_eq!(
            t("de minister van Sociale Zaken en Werkgelegenheid"),
            ["minister van Sociale Zaken en Werkgelegenheid"]
        );
    }

    #[test]
    fn who_answered() {
        let a = answerers(
            "Minister Bruins Slot (BZ) van Minister Schreinemacher (Buitenlandse Handel en Ontwikkelingssamenwerking)",
            &titles(),
        );
        assert_eq!(
            a,
            vec![
                ("Minister".into(), "Bruins Slot".into(), o("BZ")),
                (
                    "Minister".into(),
                    "Schreinemacher".into(),
                    o("Buitenlandse Handel en Ontwikkelingssamenwerking")
                )
            ]
        );
        let a = answerers(
            "Staatssecretaris Gräper-van Koolwijk (Onderwijs, Cultuur en Wetenschap)",
            &titles(),
        );
        assert_eq!(a[0].1, "Gräper-van Koolwijk");
        let a = answerers("Minister-President Rutte (Algemene Zaken)", &titles());
        assert_eq!(a[0].0, "Minister-President");
        assert!(answerers("de Minister van Financiën", &titles()).is_empty());
        assert!(answerers("Minister (", &titles()).is_empty());
    }

    #[test]
    fn question_numbers() {
        assert_eq!(numbers("1"), Some(vec![1]));
        assert_eq!(numbers("3, 4 en 5"), Some(vec![3, 4, 5]));
        assert_eq!(numbers("7, 8, 9 10 en 11"), Some(vec![7, 8, 9, 10, 11]));
        assert_eq!(numbers("2 t/m 4"), Some(vec![2, 3, 4]));
        assert_eq!(numbers("2-4"), Some(vec![2, 3, 4]));
        assert_eq!(numbers("2 en"), Some(vec![2]));
        assert_eq!(numbers("twee"), None);
        assert_eq!(numbers("4 t/m 2"), None);
        assert_eq!(numbers(""), None);
    }
}
