//! Repairing ligature glyphs that a font maps to no text (Calibri's `ti`, `tt`, `ft` in Word
//! exports: `func?e`, `ba?erij`). The interpreter lists the ligatures whose letters are about
//! as wide in the same font as the glyph's advance; this module picks among them with a
//! letter-trigram model of Dutch government prose (`dutch_trigrams.bin`, built by
//! `tools/gen_trigrams.py`). When no candidate is clearly best, the glyph stays U+FFFD.

use std::sync::OnceLock;

static TRIGRAMS: &[u8; 19683] = include_bytes!("dutch_trigrams.bin");

/// Ligatures without a Unicode code point first (the ones producers leave unmapped).
pub const CANDIDATES: [&str; 12] = [
    "ti", "tt", "ft", "tf", "fj", "tti", "fft", "fi", "fl", "ff", "ffi", "ffl",
];

fn index(c: char) -> usize {
    let c = c.to_lowercase().next().unwrap_or(c);
    let folded = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        c => c,
    };
    if folded.is_ascii_lowercase() {
        (folded as u8 - b'a' + 1) as usize
    } else {
        0
    }
}

fn count(v: u8) -> f64 {
    (v as f64 / 16.0).exp2() - 1.0
}

fn bigram_totals() -> &'static Vec<f64> {
    static T: OnceLock<Vec<f64>> = OnceLock::new();
    T.get_or_init(|| {
        (0..27 * 27)
            .map(|ab| (0..27).map(|c| count(TRIGRAMS[ab * 27 + c])).sum())
            .collect()
    })
}

/// log2-probability of a word under the trigram model (higher is more Dutch-like).
pub fn score(word: &str) -> f64 {
    let mut s = vec![0usize];
    s.extend(word.chars().map(index));
    s.push(0);
    let totals = bigram_totals();
    let mut lp = 0.0;
    for w in s.windows(3) {
        let ab = w[0] * 27 + w[1];
        let n = count(TRIGRAMS[ab * 27 + w[2]]);
        lp += ((n + 0.1) / (totals[ab] + 2.7)).log2();
    }
    lp
}

/// One piece of a word: known text, or an unmapped glyph with its width-plausible candidates.
#[derive(Debug, Clone)]
pub enum Piece<'a> {
    Text(&'a str),
    Unknown(&'a [&'static str]),
}

/// The best reading of the word, or None when no candidate is at least 8x (3 bits) more
/// likely than the next, or there is nothing to choose.
pub fn resolve(pieces: &[Piece]) -> Option<String> {
    let unknowns: Vec<&[&'static str]> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Unknown(c) => Some(*c),
            _ => None,
        })
        .collect();
    if unknowns.is_empty() || unknowns.iter().any(|c| c.is_empty()) {
        return None;
    }
    // checked: a long run of unmapped glyphs (a damaged font) would overflow the product
    let combos = unknowns
        .iter()
        .try_fold(1usize, |acc, c| acc.checked_mul(c.len()))
        .filter(|&n| n <= 256)?;
    let mut scored: Vec<(f64, String)> = Vec::with_capacity(combos);
    for k in 0..combos {
        let mut rest = k;
        let mut s = String::new();
        for p in pieces {
            match p {
                Piece::Text(t) => s.push_str(t),
                Piece::Unknown(c) => {
                    s.push_str(c[rest % c.len()]);
                    rest /= c.len();
                }
            }
        }
        scored.push((score(&s), s));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best = scored.first()?;
    let second = scored.get(1).map(|s| s.0).unwrap_or(f64::NEG_INFINITY);
    if best.0 - second >= 3.0 {
        Some(best.1.clone())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_unknowns_do_not_overflow() {
        // a damaged font: 40 unmapped glyphs with 8 candidates each (8^40 overflows usize)
        let c: &[&'static str] = &["ti", "tt", "ft", "fi", "fl", "ff", "ffi", "ffl"];
        let pieces: Vec<Piece> = (0..40).map(|_| Piece::Unknown(c)).collect();
        assert_eq!(resolve(&pieces), None);
    }

    #[test]
    fn dutch_words_win() {
        let all = &CANDIDATES[..5];
        let r = |a, b| resolve(&[Piece::Text(a), Piece::Unknown(all), Piece::Text(b)]);
        assert_eq!(r("func", "e").as_deref(), Some("functie"));
        // the glyph's width already ruled out `ti` here (616 units; t+i = 565 in Calibri)
        let wide = &["tt", "ft", "tf"];
        assert_eq!(
            resolve(&[
                Piece::Text("ba"),
                Piece::Unknown(wide),
                Piece::Text("erijspanning")
            ])
            .as_deref(),
            Some("batterijspanning")
        );
        assert_eq!(r("", "jdelijke").as_deref(), Some("tijdelijke"));
        assert!(score("functie") > score("funcfte"));
    }

    #[test]
    fn nothing_to_choose() {
        assert_eq!(resolve(&[Piece::Text("abc")]), None);
        assert_eq!(resolve(&[Piece::Unknown(&[])]), None);
        assert_eq!(
            resolve(&[Piece::Unknown(&["ti"])]).as_deref(),
            Some("ti"),
            "the width left one candidate"
        );
    }
}
