//! Comparison of our extraction with poppler's `pdftotext -bbox-layout`.
//!
//! `pdftotext -bbox-layout` writes XHTML with one `<page width height>` per page and
//! `<word xMin yMin xMax yMax>` elements inside `<flow>/<block>/<line>`. Its coordinates use
//! the same convention as [`crate::pdf::model`]: PDF points, origin at the top-left of the
//! CropBox, y down, /Rotate applied. So boxes compare directly.
//!
//! Scores (all pure functions):
//! - [`char_agreement`]: both sides' characters (whitespace removed) concatenated in word
//!   order, aligned as sequences: matched = longest common subsequence (exact, bit-parallel
//!   O(n*m/64) after stripping the common prefix and suffix; an anchored Myers diff with a
//!   multiset fallback only for huge pages); agreement = 2 * matched / (len_ours + len_theirs).
//!   The differing words are listed from an alignment (Myers' O(ND) diff, anchored on
//!   n-grams unique to both sides when the sides are far apart).
//!   [`compare_document`] computes it twice: in the given reading order and with both sides'
//!   words put in one canonical geometric order (lines top to bottom, words left to right),
//!   so reading-order differences can be told apart from character differences.
//! - [`box_agreement`]: words with identical text whose boxes overlap are paired (greedy by
//!   IoU); the fraction of pairs whose four edges are all within [`BOX_TOLERANCE`].
//! - [`diff_words`]: the stretches where the two sides differ (characters or word splits),
//!   with the words around them, for reports.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::pdf::model::Document;

/// Two boxes agree when all four edges are at most this far apart (points).
pub const BOX_TOLERANCE: f64 = 2.0;

/// Default limit for one `pdftotext` run.
pub const PDFTOTEXT_TIMEOUT: Duration = Duration::from_secs(120);

/// Differing stretches kept per page by [`compare_document`].
pub const DIFFS_PER_PAGE: usize = 10;

/// Words kept per side in one [`DiffItem`].
const MAX_SEGMENT_WORDS: usize = 8;

// ---------------------------------------------------------------------------------------------
// Poppler output
// ---------------------------------------------------------------------------------------------

/// One `<word>` of `pdftotext -bbox-layout`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PopplerWord {
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// One `<page>` of `pdftotext -bbox-layout`, words in poppler's order.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct PopplerPage {
    pub width: f64,
    pub height: f64,
    pub words: Vec<PopplerWord>,
}

/// Runs `pdftotext -bbox-layout -enc UTF-8 <pdf> -` with [`PDFTOTEXT_TIMEOUT`] and parses
/// its output.
pub fn run_pdftotext_bbox(pdf: &Path) -> Result<Vec<PopplerPage>, String> {
    run_pdftotext_bbox_with_timeout(pdf, PDFTOTEXT_TIMEOUT)
}

/// As [`run_pdftotext_bbox`], killing `pdftotext` when it runs longer than `timeout`.
pub fn run_pdftotext_bbox_with_timeout(
    pdf: &Path,
    timeout: Duration,
) -> Result<Vec<PopplerPage>, String> {
    // figuren's coordinates start at the CropBox; poppler's default is the MediaBox.
    let mut child = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg("-cropbox")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                "pdftotext not found on PATH: install poppler-utils (e.g. `apt-get install \
                 poppler-utils`)"
                    .to_string()
            } else {
                format!("cannot start pdftotext: {e}")
            }
        })?;

    // Read both pipes on their own threads so a full pipe cannot block the child.
    let stdout = child.stdout.take().map(spawn_reader);
    let stderr = child.stderr.take().map(spawn_reader);

    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "pdftotext took longer than {}s on {}",
                    timeout.as_secs(),
                    pdf.display()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("waiting for pdftotext: {e}")),
        }
    };
    let out = stdout.and_then(|h| h.join().ok()).unwrap_or_default();
    let err = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
    if !status.success() {
        let err = String::from_utf8_lossy(&err);
        let first: Vec<&str> = err
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .collect();
        return Err(format!(
            "pdftotext failed ({}) on {}: {}",
            status,
            pdf.display(),
            first.join(" / ")
        ));
    }
    Ok(parse_bbox_layout(&String::from_utf8_lossy(&out)))
}

fn spawn_reader<R: Read + Send + 'static>(mut r: R) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        buf
    })
}

/// Parses the XHTML of `pdftotext -bbox-layout`. Never fails: anything unreadable is
/// skipped, so garbage gives an empty or partial result. Words before any `<page>` go to an
/// implicit page of size 0 x 0.
pub fn parse_bbox_layout(xhtml: &str) -> Vec<PopplerPage> {
    let mut pages: Vec<PopplerPage> = Vec::new();
    let mut pos = 0;
    while let Some(off) = xhtml.get(pos..).and_then(|s| s.find('<')) {
        let start = pos + off;
        let rest = &xhtml[start..];
        if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(e) => {
                    pos = start + e + 3;
                    continue;
                }
                None => break,
            }
        }
        let Some(end) = find_tag_end(rest) else { break };
        // `rest[1..end]` is the inside of the tag; `<` and `>` are ASCII, so these are
        // char boundaries.
        let inner = &rest[1..end];
        pos = start + end + 1;
        if inner.starts_with(['/', '!', '?']) {
            continue;
        }
        let self_closing = inner.ends_with('/');
        let inner = inner.strip_suffix('/').unwrap_or(inner);
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let (name, attrs) = inner.split_at(name_end);
        match name {
            "page" => pages.push(PopplerPage {
                width: num_attr(attrs, "width"),
                height: num_attr(attrs, "height"),
                words: Vec::new(),
            }),
            "word" => {
                let raw = if self_closing {
                    ""
                } else {
                    let tail = &xhtml[pos..];
                    let len = tail.find('<').unwrap_or(tail.len());
                    pos += len;
                    &tail[..len]
                };
                let (ax0, ay0) = (num_attr(attrs, "xMin"), num_attr(attrs, "yMin"));
                let (ax1, ay1) = (num_attr(attrs, "xMax"), num_attr(attrs, "yMax"));
                if pages.is_empty() {
                    pages.push(PopplerPage::default());
                }
                if let Some(page) = pages.last_mut() {
                    page.words.push(PopplerWord {
                        text: decode_entities(raw),
                        x0: ax0.min(ax1),
                        y0: ay0.min(ay1),
                        x1: ax0.max(ax1),
                        y1: ay0.max(ay1),
                    });
                }
            }
            _ => {}
        }
    }
    pages
}

/// Byte index of the `>` closing the tag that starts `s` (at `<`), skipping quoted values.
fn find_tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in s.as_bytes().iter().enumerate().skip(1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i),
            None => {}
        }
    }
    None
}

/// Value of attribute `name` in `attrs` (`a="1" b='2' c=3`), without quotes.
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut s = attrs;
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return None;
        }
        let key_end = s
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(s.len());
        let key = &s[..key_end];
        s = s[key_end..].trim_start();
        let Some(after_eq) = s.strip_prefix('=') else {
            // attribute without value
            if key.is_empty() {
                // a stray character we cannot read: skip it
                let mut chars = s.chars();
                chars.next();
                s = chars.as_str();
            }
            continue;
        };
        s = after_eq.trim_start();
        let value;
        if let Some(q) = s.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = &s[1..];
            let end = body.find(q).unwrap_or(body.len());
            value = &body[..end];
            s = body.get(end + 1..).unwrap_or("");
        } else {
            let end = s.find(char::is_whitespace).unwrap_or(s.len());
            value = &s[..end];
            s = &s[end..];
        }
        if key == name {
            return Some(value);
        }
    }
}

fn num_attr(attrs: &str, name: &str) -> f64 {
    attr(attrs, name)
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
}

/// Decodes `&amp; &lt; &gt; &quot; &apos;` and numeric references; anything else is kept.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest
            .find(';')
            .filter(|&semi| semi <= 12)
            .and_then(|semi| decode_entity(&rest[1..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            char::from_u32(code)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Scores
// ---------------------------------------------------------------------------------------------

/// Character agreement of two word sequences (see [`char_agreement`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct CharScore {
    /// Length of the longest common subsequence of the two character sequences.
    pub matched: usize,
    /// Non-whitespace characters on our side.
    pub len_ours: usize,
    /// Non-whitespace characters on poppler's side.
    pub len_theirs: usize,
    /// 2 * matched / (len_ours + len_theirs); 1.0 when both are empty.
    pub agreement: f64,
    /// Only for very large pages: the exact LCS was too costly, so `matched` comes from an
    /// anchored diff in which stretches too different to diff were scored by the multiset
    /// intersection of their characters (an upper bound of their LCS).
    pub approximate: bool,
}

impl CharScore {
    fn new(matched: usize, len_ours: usize, len_theirs: usize, approximate: bool) -> Self {
        let total = len_ours + len_theirs;
        let agreement = if total == 0 {
            1.0
        } else {
            2.0 * matched as f64 / total as f64
        };
        CharScore {
            matched,
            len_ours,
            len_theirs,
            agreement,
            approximate,
        }
    }

    /// Character-weighted total of several scores.
    pub fn total<'a>(scores: impl IntoIterator<Item = &'a CharScore>) -> CharScore {
        let (mut m, mut a, mut b, mut approx) = (0, 0, 0, false);
        for s in scores {
            m += s.matched;
            a += s.len_ours;
            b += s.len_theirs;
            approx |= s.approximate;
        }
        CharScore::new(m, a, b, approx)
    }
}

/// Box agreement of the words both sides split alike (see [`box_agreement`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct BoxScore {
    /// Word pairs: identical text, overlapping boxes.
    pub pairs: usize,
    /// Pairs whose four edges are all within [`BOX_TOLERANCE`].
    pub within_tolerance: usize,
    /// Sum over pairs of the mean absolute difference of the four edges (points).
    pub edge_error_sum: f64,
    /// Our words without a poppler partner.
    pub ours_unpaired: usize,
    /// Poppler's words without a partner of ours.
    pub theirs_unpaired: usize,
}

impl BoxScore {
    /// Fraction of pairs within tolerance; 1.0 when there are no pairs.
    pub fn fraction(&self) -> f64 {
        if self.pairs == 0 {
            1.0
        } else {
            self.within_tolerance as f64 / self.pairs as f64
        }
    }

    /// Mean absolute edge error over all pairs (points); 0.0 when there are no pairs.
    pub fn mean_edge_error(&self) -> f64 {
        if self.pairs == 0 {
            0.0
        } else {
            self.edge_error_sum / self.pairs as f64
        }
    }

    /// Sum of several scores.
    pub fn total<'a>(scores: impl IntoIterator<Item = &'a BoxScore>) -> BoxScore {
        let mut t = BoxScore::default();
        for s in scores {
            t.pairs += s.pairs;
            t.within_tolerance += s.within_tolerance;
            t.edge_error_sum += s.edge_error_sum;
            t.ours_unpaired += s.ours_unpaired;
            t.theirs_unpaired += s.theirs_unpaired;
        }
        t
    }
}

/// A word for [`box_agreement`]: its text and box `[x0, y0, x1, y1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxWord<'a> {
    pub text: &'a str,
    pub bbox: [f64; 4],
}

/// How a stretch differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffKind {
    /// Same characters, split into words differently (`Infrastructuur` vs `Inf` `rastructuur`).
    Split,
    /// Characters differ (missing, extra, replaced or moved).
    Text,
}

/// One stretch where the two sides differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffItem {
    pub kind: DiffKind,
    /// Our word before the stretch.
    pub before: Option<String>,
    /// Our words in the stretch (at most a few; see `ours_more`).
    pub ours: Vec<String>,
    /// Poppler's words in the stretch.
    pub theirs: Vec<String>,
    /// Our word after the stretch.
    pub after: Option<String>,
    /// Words of the stretch left out of `ours` (a long stretch).
    pub ours_more: usize,
    /// Words of the stretch left out of `theirs`.
    pub theirs_more: usize,
}

/// The differing stretches of a page: the first few and how many there were.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct WordDiff {
    pub items: Vec<DiffItem>,
    pub total: usize,
}

/// Character agreement of two pages given as word lists in some order: whitespace removed,
/// characters concatenated, aligned as sequences.
pub fn char_agreement(ours: &[&str], theirs: &[&str]) -> CharScore {
    let a = CharSeq::new(ours);
    let b = CharSeq::new(theirs);
    let (matched, approximate) = lcs_score(&a.chars, &b.chars);
    CharScore::new(matched, a.chars.len(), b.chars.len(), approximate)
}

/// The stretches where `ours` and `theirs` (word lists in some order) differ: in characters
/// or in word splits, at most `max_items` of them (`total` counts all).
pub fn diff_words(ours: &[&str], theirs: &[&str], max_items: usize) -> WordDiff {
    let a = CharSeq::new(ours);
    let b = CharSeq::new(theirs);
    let al = align(&a.chars, &b.chars, &AlignParams::default());
    diff_from_alignment(ours, theirs, &a, &b, &al, max_items)
}

/// Pairs words with identical text whose boxes overlap (greedy by IoU, each word used once)
/// and measures how close the pairs' edges are.
pub fn box_agreement(ours: &[BoxWord<'_>], theirs: &[BoxWord<'_>]) -> BoxScore {
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, w) in theirs.iter().enumerate() {
        by_text.entry(w.text).or_default().push(j);
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, w) in ours.iter().enumerate() {
        if let Some(js) = by_text.get(w.text) {
            for &j in js {
                let iou = iou(&w.bbox, &theirs[j].bbox);
                if iou > 0.0 {
                    candidates.push((iou, i, j));
                }
            }
        }
    }
    // Highest IoU first; ties in index order so the result is deterministic.
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut used_a = vec![false; ours.len()];
    let mut used_b = vec![false; theirs.len()];
    let mut score = BoxScore::default();
    for (_, i, j) in candidates {
        if used_a[i] || used_b[j] {
            continue;
        }
        used_a[i] = true;
        used_b[j] = true;
        let (p, q) = (&ours[i].bbox, &theirs[j].bbox);
        let errs = [
            (p[0] - q[0]).abs(),
            (p[1] - q[1]).abs(),
            (p[2] - q[2]).abs(),
            (p[3] - q[3]).abs(),
        ];
        score.pairs += 1;
        if errs.iter().all(|e| *e <= BOX_TOLERANCE) {
            score.within_tolerance += 1;
        }
        score.edge_error_sum += errs.iter().sum::<f64>() / 4.0;
    }
    score.ours_unpaired = used_a.iter().filter(|u| !**u).count();
    score.theirs_unpaired = used_b.iter().filter(|u| !**u).count();
    score
}

fn iou(p: &[f64; 4], q: &[f64; 4]) -> f64 {
    let w = (p[2].min(q[2]) - p[0].max(q[0])).max(0.0);
    let h = (p[3].min(q[3]) - p[1].max(q[1])).max(0.0);
    let inter = w * h;
    let area = |b: &[f64; 4]| (b[2] - b[0]).max(0.0) * (b[3] - b[1]).max(0.0);
    let union = area(p) + area(q) - inter;
    if inter > 0.0 && union > 0.0 {
        inter / union
    } else if w > 0.0 || h > 0.0 {
        // Degenerate boxes (zero width or height) that still touch: count as a weak overlap
        // so empty-height glyph boxes can pair.
        if p[0] <= q[2] && q[0] <= p[2] && p[1] <= q[3] && q[1] <= p[3] {
            f64::MIN_POSITIVE
        } else {
            0.0
        }
    } else {
        0.0
    }
}

/// A new line starts in [`canonical_order`] where the vertical centres of consecutive words
/// (sorted by centre) jump by more than this share of the page's median word height. A gap,
/// not a distance to the line's first word, so small box differences between the two
/// extractors rarely move a word to another line.
const LINE_GAP: f64 = 0.3;

/// Indices of `boxes` in a canonical reading order: words sorted by vertical centre and cut
/// into lines where the centres jump (top to bottom), each line left to right. Applied to
/// both sides so that only characters and word splits, not reading order, make them differ.
pub fn canonical_order(boxes: &[[f64; 4]]) -> Vec<usize> {
    let cy = |b: &[f64; 4]| (b[1] + b[3]) / 2.0;
    let mut heights: Vec<f64> = boxes.iter().map(|b| b[3] - b[1]).collect();
    heights.sort_by(f64::total_cmp);
    let median = heights.get(heights.len() / 2).copied().unwrap_or(0.0);
    let gap = (LINE_GAP * median).max(1.0);
    let mut idx: Vec<usize> = (0..boxes.len()).collect();
    idx.sort_by(|&i, &j| {
        cy(&boxes[i])
            .total_cmp(&cy(&boxes[j]))
            .then(boxes[i][0].total_cmp(&boxes[j][0]))
            .then(i.cmp(&j))
    });
    let mut out = Vec::with_capacity(boxes.len());
    let mut line: Vec<usize> = Vec::new();
    let mut last_cy = f64::NEG_INFINITY;
    let flush = |line: &mut Vec<usize>, out: &mut Vec<usize>| {
        line.sort_by(|&i, &j| boxes[i][0].total_cmp(&boxes[j][0]).then(i.cmp(&j)));
        out.append(line);
    };
    for i in idx {
        let c = cy(&boxes[i]);
        // NaN centres start lines instead of joining them
        let same_line = (c - last_cy).partial_cmp(&gap) != Some(std::cmp::Ordering::Greater)
            && (c - last_cy).is_finite();
        if !same_line {
            flush(&mut line, &mut out);
        }
        line.push(i);
        last_cy = c;
    }
    flush(&mut line, &mut out);
    out
}

// ---------------------------------------------------------------------------------------------
// Document comparison
// ---------------------------------------------------------------------------------------------

/// Scores of one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageComparison {
    /// 1-based page index.
    pub number: u32,
    pub ours_words: usize,
    pub theirs_words: usize,
    /// Character agreement with words in each side's own reading order.
    pub reading: CharScore,
    /// Character agreement with both sides in [`canonical_order`].
    pub canonical: CharScore,
    pub boxes: BoxScore,
    /// The first differing stretches, in canonical order.
    pub diffs: WordDiff,
    /// Page size differences and the like.
    pub notes: Vec<String>,
}

/// Scores of one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocComparison {
    pub ours_pages: usize,
    pub theirs_pages: usize,
    /// The pages both sides have (the first `min(ours_pages, theirs_pages)`).
    pub pages: Vec<PageComparison>,
    /// Character-weighted totals over `pages`.
    pub reading: CharScore,
    pub canonical: CharScore,
    pub boxes: BoxScore,
    pub notes: Vec<String>,
}

impl DocComparison {
    /// The first differing stretches of the file, with their page numbers.
    pub fn first_diffs(&self, n: usize) -> Vec<(u32, &DiffItem)> {
        self.pages
            .iter()
            .flat_map(|p| p.diffs.items.iter().map(move |d| (p.number, d)))
            .take(n)
            .collect()
    }
}

/// Compares our document with poppler's pages, page by page (by index).
pub fn compare_document(ours: &Document, poppler: &[PopplerPage]) -> DocComparison {
    let mut notes = Vec::new();
    if ours.pages.len() != poppler.len() {
        notes.push(format!(
            "page count differs: ours {}, poppler {}; comparing the first {}",
            ours.pages.len(),
            poppler.len(),
            ours.pages.len().min(poppler.len())
        ));
    }
    let mut pages = Vec::new();
    for (i, (op, pp)) in ours.pages.iter().zip(poppler).enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut page_notes = Vec::new();
        if op.number != number {
            page_notes.push(format!("our page {} is at index {}", op.number, number));
        }
        if (op.width - pp.width).abs() > 1.0 || (op.height - pp.height).abs() > 1.0 {
            page_notes.push(format!(
                "page size differs: ours {:.1} x {:.1}, poppler {:.1} x {:.1}",
                op.width, op.height, pp.width, pp.height
            ));
        }
        let ours_text: Vec<&str> = op.words.iter().map(|w| w.text.as_str()).collect();
        let theirs_text: Vec<&str> = pp.words.iter().map(|w| w.text.as_str()).collect();
        let ours_boxes: Vec<[f64; 4]> = op
            .words
            .iter()
            .map(|w| [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1])
            .collect();
        let theirs_boxes: Vec<[f64; 4]> =
            pp.words.iter().map(|w| [w.x0, w.y0, w.x1, w.y1]).collect();

        let reading = char_agreement(&ours_text, &theirs_text);

        let oc: Vec<&str> = canonical_order(&ours_boxes)
            .into_iter()
            .map(|i| ours_text[i])
            .collect();
        let tc: Vec<&str> = canonical_order(&theirs_boxes)
            .into_iter()
            .map(|i| theirs_text[i])
            .collect();
        let a = CharSeq::new(&oc);
        let b = CharSeq::new(&tc);
        let (matched, approximate) = lcs_score(&a.chars, &b.chars);
        let canonical = CharScore::new(matched, a.chars.len(), b.chars.len(), approximate);
        let al = align(&a.chars, &b.chars, &AlignParams::default());
        let diffs = diff_from_alignment(&oc, &tc, &a, &b, &al, DIFFS_PER_PAGE);

        let boxes = box_agreement(
            &box_words(&ours_text, &ours_boxes),
            &box_words(&theirs_text, &theirs_boxes),
        );
        pages.push(PageComparison {
            number,
            ours_words: op.words.len(),
            theirs_words: pp.words.len(),
            reading,
            canonical,
            boxes,
            diffs,
            notes: page_notes,
        });
    }
    DocComparison {
        ours_pages: ours.pages.len(),
        theirs_pages: poppler.len(),
        reading: CharScore::total(pages.iter().map(|p| &p.reading)),
        canonical: CharScore::total(pages.iter().map(|p| &p.canonical)),
        boxes: BoxScore::total(pages.iter().map(|p| &p.boxes)),
        pages,
        notes,
    }
}

fn box_words<'a>(texts: &[&'a str], boxes: &[[f64; 4]]) -> Vec<BoxWord<'a>> {
    texts
        .iter()
        .zip(boxes)
        .map(|(text, bbox)| BoxWord {
            text: text.trim(),
            bbox: *bbox,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Alignment
// ---------------------------------------------------------------------------------------------

/// The non-whitespace characters of a word list and the word each one belongs to.
struct CharSeq {
    chars: Vec<char>,
    /// Index into the original word list, per character.
    word: Vec<usize>,
}

impl CharSeq {
    fn new(words: &[&str]) -> Self {
        let mut chars = Vec::new();
        let mut word = Vec::new();
        for (i, w) in words.iter().enumerate() {
            for c in w.chars().filter(|c| !c.is_whitespace()) {
                chars.push(c);
                word.push(i);
            }
        }
        CharSeq { chars, word }
    }

    /// A word starts at char `i` (or `i` is the end).
    fn starts_word(&self, i: usize) -> bool {
        i == 0 || i >= self.word.len() || self.word.get(i) != self.word.get(i - 1)
    }
}

/// Work limit (64-bit word operations) of the exact LCS; beyond it the score comes from
/// [`align`]. 100M operations take well under a second.
const BITPARALLEL_MAX_OPS: usize = 100_000_000;

/// Length of the longest common subsequence of `a` and `b`, and whether it is approximate:
/// exact (bit-parallel) unless the input is too large, then from [`align`].
fn lcs_score(a: &[char], b: &[char]) -> (usize, bool) {
    let p = common_prefix(a, b);
    let s = common_suffix(&a[p..], &b[p..]);
    let (ma, mb) = (&a[p..a.len() - s], &b[p..b.len() - s]);
    if ma.is_empty() || mb.is_empty() {
        return (p + s, false);
    }
    let (short, long) = if ma.len() <= mb.len() {
        (ma, mb)
    } else {
        (mb, ma)
    };
    let ops = (short.len() / 64 + 1).saturating_mul(long.len());
    if ops <= BITPARALLEL_MAX_OPS {
        (p + s + lcs_bitparallel(short, long), false)
    } else {
        let al = align(ma, mb, &AlignParams::default());
        (p + s + al.matched, al.approximate)
    }
}

/// LCS length in O(|a| * |b| / 64) (Hyyrö's bit-vector algorithm: V' = (V + (V & M)) | (V & !M),
/// the LCS is the number of zero bits of V over `a`).
fn lcs_bitparallel(a: &[char], b: &[char]) -> usize {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let words = a.len().div_ceil(64);
    let mut masks: HashMap<char, Vec<u64>> = HashMap::new();
    for (i, c) in a.iter().enumerate() {
        let m = masks.entry(*c).or_insert_with(|| vec![0u64; words]);
        if let Some(w) = m.get_mut(i / 64) {
            *w |= 1u64 << (i % 64);
        }
    }
    let mut v = vec![u64::MAX; words];
    for c in b {
        let Some(m) = masks.get(c) else { continue };
        let mut carry = false;
        for (vk, &mk) in v.iter_mut().zip(m) {
            let old = *vk;
            let (s1, c1) = old.overflowing_add(old & mk);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            carry = c1 || c2;
            *vk = s2 | (old & !mk);
        }
    }
    let mut zeros = 0usize;
    for (k, vk) in v.iter().enumerate() {
        let bits = (a.len() - k * 64).min(64);
        let mask = if bits == 64 {
            u64::MAX
        } else {
            (1u64 << bits) - 1
        };
        zeros += (!vk & mask).count_ones() as usize;
    }
    zeros
}

/// `a[a..a+len] == b[b..b+len]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    a: usize,
    b: usize,
    len: usize,
}

#[derive(Debug, Default)]
struct Alignment {
    /// Matching runs, increasing in both sequences, not overlapping.
    runs: Vec<Run>,
    /// Sum of run lengths plus the multiset bounds of stretches scored approximately.
    matched: usize,
    approximate: bool,
}

struct AlignParams {
    /// Edit distance tried on the whole input before anchoring.
    first_max_d: usize,
    /// Edit distance allowed per stretch between anchors before falling back.
    gap_max_d: usize,
    /// Length of the character n-grams used as anchors.
    anchor_k: usize,
}

impl Default for AlignParams {
    fn default() -> Self {
        AlignParams {
            first_max_d: 500,
            gap_max_d: 2000,
            anchor_k: 10,
        }
    }
}

/// Aligns two character sequences: common prefix and suffix, then Myers' O(ND) diff; when
/// the edit distance exceeds `first_max_d`, anchors on n-grams unique to both sides (in
/// patience order) and diffs between anchors, each stretch within `gap_max_d` or else
/// scored by its multiset intersection (marked approximate).
fn align(a: &[char], b: &[char], params: &AlignParams) -> Alignment {
    let mut al = Alignment::default();
    let p = common_prefix(a, b);
    push_run(&mut al.runs, 0, 0, p);
    let s = common_suffix(&a[p..], &b[p..]);
    let (ma, mb) = (&a[p..a.len() - s], &b[p..b.len() - s]);
    match myers(ma, mb, params.first_max_d) {
        Some(runs) => {
            for r in runs {
                push_run(&mut al.runs, r.a + p, r.b + p, r.len);
            }
        }
        None => anchored(ma, mb, p, p, params, &mut al),
    }
    push_run(&mut al.runs, a.len() - s, b.len() - s, s);
    al.matched += al.runs.iter().map(|r| r.len).sum::<usize>();
    al
}

fn push_run(runs: &mut Vec<Run>, a: usize, b: usize, len: usize) {
    if len == 0 {
        return;
    }
    if let Some(last) = runs.last_mut() {
        if last.a + last.len == a && last.b + last.len == b {
            last.len += len;
            return;
        }
    }
    runs.push(Run { a, b, len });
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[char], b: &[char]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn anchored(
    a: &[char],
    b: &[char],
    oa: usize,
    ob: usize,
    params: &AlignParams,
    al: &mut Alignment,
) {
    let anchors = unique_anchors(a, b, params.anchor_k.max(1));
    let (mut ca, mut cb) = (0, 0);
    for (pa, pb) in anchors {
        if pa < ca || pb < cb {
            continue;
        }
        align_gap(&a[ca..pa], &b[cb..pb], oa + ca, ob + cb, params, al);
        let len = common_prefix(&a[pa..], &b[pb..]);
        push_run(&mut al.runs, oa + pa, ob + pb, len);
        ca = pa + len;
        cb = pb + len;
    }
    align_gap(&a[ca..], &b[cb..], oa + ca, ob + cb, params, al);
}

fn align_gap(
    a: &[char],
    b: &[char],
    oa: usize,
    ob: usize,
    params: &AlignParams,
    al: &mut Alignment,
) {
    if a.is_empty() || b.is_empty() {
        return;
    }
    let p = common_prefix(a, b);
    push_run(&mut al.runs, oa, ob, p);
    let s = common_suffix(&a[p..], &b[p..]);
    let (ma, mb) = (&a[p..a.len() - s], &b[p..b.len() - s]);
    match myers(ma, mb, params.gap_max_d) {
        Some(runs) => {
            for r in runs {
                push_run(&mut al.runs, r.a + oa + p, r.b + ob + p, r.len);
            }
        }
        None => {
            al.matched += multiset_intersection(ma, mb);
            al.approximate = true;
        }
    }
    push_run(&mut al.runs, oa + a.len() - s, ob + b.len() - s, s);
}

fn multiset_intersection(a: &[char], b: &[char]) -> usize {
    let mut counts: HashMap<char, usize> = HashMap::new();
    for c in a {
        *counts.entry(*c).or_default() += 1;
    }
    let mut n = 0;
    for c in b {
        if let Some(k) = counts.get_mut(c) {
            if *k > 0 {
                *k -= 1;
                n += 1;
            }
        }
    }
    n
}

/// Positions of the `k`-grams that occur exactly once in `a` and once in `b`, as the longest
/// chain increasing in both (patience diff).
fn unique_anchors(a: &[char], b: &[char], k: usize) -> Vec<(usize, usize)> {
    if a.len() < k || b.len() < k {
        return Vec::new();
    }
    // gram -> (count in a, position in a, count in b, position in b)
    let mut grams: HashMap<&[char], (u32, usize, u32, usize)> = HashMap::new();
    for (i, g) in a.windows(k).enumerate() {
        let e = grams.entry(g).or_insert((0, i, 0, 0));
        e.0 = e.0.saturating_add(1);
    }
    for (j, g) in b.windows(k).enumerate() {
        if let Some(e) = grams.get_mut(g) {
            e.2 = e.2.saturating_add(1);
            e.3 = j;
        }
    }
    let mut pairs: Vec<(usize, usize)> = grams
        .values()
        .filter(|e| e.0 == 1 && e.2 == 1)
        .map(|e| (e.1, e.3))
        .collect();
    pairs.sort_unstable();
    longest_increasing_by_b(&pairs)
}

/// The longest subsequence of `pairs` (sorted by `.0`, distinct `.0`) increasing in `.1`.
fn longest_increasing_by_b(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[l] = index into pairs of the smallest tail of an increasing run of length l+1
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (i, &(_, b)) in pairs.iter().enumerate() {
        let l = tails.partition_point(|&t| pairs[t].1 < b);
        if l > 0 {
            prev[i] = Some(tails[l - 1]);
        }
        if l == tails.len() {
            tails.push(i);
        } else {
            tails[l] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        out.push(pairs[i]);
        cur = prev[i];
    }
    out.reverse();
    out
}

/// Myers' greedy O(ND) diff. Returns the matching runs of a shortest edit script (so their
/// total length is the LCS), or `None` when the edit distance exceeds `max_d`.
/// Memory is O(D^2) for the trace.
fn myers(a: &[char], b: &[char], max_d: usize) -> Option<Vec<Run>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    if n == 0 || m == 0 {
        return if (n + m) as usize <= max_d {
            Some(Vec::new())
        } else {
            None
        };
    }
    let limit = ((n + m) as usize).min(max_d) as isize;
    let off = limit + 1;
    let mut v = vec![0isize; (2 * limit + 3) as usize];
    // trace of v before step d, diagonals -d..=d, stored at d*d + (k + d)
    let mut trace: Vec<isize> = Vec::new();
    for d in 0..=limit {
        trace.extend_from_slice(&v[(off - d) as usize..=(off + d) as usize]);
        let mut k = -d;
        while k <= d {
            let down = k == -d || (k != d && v[(off + k - 1) as usize] < v[(off + k + 1) as usize]);
            let mut x = if down {
                v[(off + k + 1) as usize]
            } else {
                v[(off + k - 1) as usize] + 1
            };
            let mut y = x - k;
            while x < n && y < m && x >= 0 && y >= 0 && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[(off + k) as usize] = x;
            if x >= n && y >= m {
                return myers_backtrack(&trace, a, b, d);
            }
            k += 2;
        }
    }
    None
}

fn myers_backtrack(trace: &[isize], a: &[char], b: &[char], d_end: isize) -> Option<Vec<Run>> {
    let (mut x, mut y) = (a.len() as isize, b.len() as isize);
    let mut runs = Vec::new();
    for d in (0..=d_end).rev() {
        let k = x - y;
        let base = d * d + d; // index of diagonal 0 in the snapshot of step d
        let at = |kk: isize| -> Option<isize> {
            if kk < -d || kk > d {
                return None;
            }
            trace.get((base + kk) as usize).copied()
        };
        let (mid_x, mid_y, px, py);
        if d == 0 {
            (mid_x, mid_y, px, py) = (0, 0, 0, 0);
        } else {
            let down = k == -d || (k != d && at(k - 1)? < at(k + 1)?);
            let pk = if down { k + 1 } else { k - 1 };
            px = at(pk)?;
            py = px - pk;
            if down {
                (mid_x, mid_y) = (px, py + 1);
            } else {
                (mid_x, mid_y) = (px + 1, py);
            }
        }
        let len = x - mid_x;
        if len < 0 || y - mid_y != len || mid_x < 0 || mid_y < 0 {
            return None;
        }
        if len > 0 {
            runs.push(Run {
                a: mid_x as usize,
                b: mid_y as usize,
                len: len as usize,
            });
        }
        x = px;
        y = py;
    }
    runs.reverse();
    // Guard against any inconsistency: every run must be in range and equal.
    let ok = runs.iter().all(
        |r| match (a.get(r.a..r.a + r.len), b.get(r.b..r.b + r.len)) {
            (Some(p), Some(q)) => p == q,
            _ => false,
        },
    );
    ok.then_some(runs)
}

/// Splits the aligned sequences at points where both sides start a word on a matched
/// character; every piece that is not one identical word on each side is a difference.
fn diff_from_alignment(
    ours: &[&str],
    theirs: &[&str],
    a: &CharSeq,
    b: &CharSeq,
    al: &Alignment,
    max_items: usize,
) -> WordDiff {
    let (n, m) = (a.chars.len(), b.chars.len());
    // Sync points: both sides at a word boundary next to a matched char; plus the ends.
    let mut syncs: Vec<(usize, usize)> = vec![(0, 0)];
    let mut match_a: Vec<usize> = vec![usize::MAX; n];
    for r in &al.runs {
        for t in 0..r.len {
            let (i, j) = (r.a + t, r.b + t);
            if let Some(slot) = match_a.get_mut(i) {
                *slot = j;
            }
            // A word boundary on both sides right before or right after a matched char.
            for (si, sj) in [(i, j), (i + 1, j + 1)] {
                if a.starts_word(si) && b.starts_word(sj) && syncs.last() != Some(&(si, sj)) {
                    syncs.push((si, sj));
                }
            }
        }
    }
    if syncs.last() != Some(&(n, m)) {
        syncs.push((n, m));
    }

    let mut out = WordDiff::default();
    for win in syncs.windows(2) {
        let ((i0, j0), (i1, j1)) = (win[0], win[1]);
        if i1 < i0 || j1 < j0 || (i0 == i1 && j0 == j1) {
            continue;
        }
        let words_a = word_range(a, i0, i1);
        let words_b = word_range(b, j0, j1);
        let all_matched =
            i1 - i0 == j1 - j0 && (i0..i1).all(|i| match_a.get(i) == Some(&(j0 + (i - i0))));
        if all_matched && words_a.len() == 1 && words_b.len() == 1 {
            continue;
        }
        out.total += 1;
        if out.items.len() >= max_items {
            continue;
        }
        let text = |words: &[&str], r: &std::ops::Range<usize>| -> Vec<String> {
            r.clone()
                .take(MAX_SEGMENT_WORDS)
                .filter_map(|w| words.get(w).map(|s| s.to_string()))
                .collect()
        };
        let before = i0
            .checked_sub(1)
            .and_then(|i| a.word.get(i))
            .and_then(|&w| ours.get(w))
            .map(|s| s.to_string());
        let after = a
            .word
            .get(i1)
            .and_then(|&w| ours.get(w))
            .map(|s| s.to_string());
        out.items.push(DiffItem {
            kind: if all_matched {
                DiffKind::Split
            } else {
                DiffKind::Text
            },
            before,
            ours: text(ours, &words_a),
            theirs: text(theirs, &words_b),
            after,
            ours_more: words_a.len().saturating_sub(MAX_SEGMENT_WORDS),
            theirs_more: words_b.len().saturating_sub(MAX_SEGMENT_WORDS),
        });
    }
    out
}

/// Range of word indices covering characters `i0..i1` of `s` (empty when `i0 == i1`).
fn word_range(s: &CharSeq, i0: usize, i1: usize) -> std::ops::Range<usize> {
    if i1 <= i0 {
        return 0..0;
    }
    match (s.word.get(i0), s.word.get(i1 - 1)) {
        (Some(&w0), Some(&w1)) if w1 >= w0 => w0..w1 + 1,
        _ => 0..0,
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::model::{BBox, Page, Script, Word};

    const SAMPLE: &str = r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml">
<head>
<title>A &amp; B</title>
<meta name="Producer" content="x > y"/>
</head>
<body>
<doc>
  <page width="595.303937" height="841.889764">
    <flow>
      <block xMin="68.2" yMin="64.47" xMax="279.42" yMax="76.82">
        <line xMin="68.2" yMin="64.47" xMax="279.42" yMax="76.82">
          <word xMin="68.200000" yMin="64.475764" xMax="73.738500" yMax="76.825764">&gt;</word>
          <word xMin="76.389000" yMin="64.475764" xMax="128.572500" yMax="76.825764">Smit &amp; Zn&apos;s</word>
          <word xMin="131.2" yMin="64.4" xMax="165.5" yMax="76.8">&lt;a&quot;&#233;&#x20AC;&bogus;&amp</word>
        </line>
      </block>
    </flow>
  </page>
  <page width="100" height="200">
  </page>
  <page width='300' height='400'><flow><block><line><word yMax="9" xMin="3" yMin="4" xMax="1">x</word></line></block></flow></page>
</doc>
</body>
</html>
"#;

    #[test]
    fn parses_sample_with_entities() {
        let pages = parse_bbox_layout(SAMPLE);
        assert_eq!(pages.len(), 3);
        assert!((pages[0].width - 595.303937).abs() < 1e-9);
        assert!((pages[0].height - 841.889764).abs() < 1e-9);
        let texts: Vec<&str> = pages[0].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, vec![">", "Smit & Zn's", "<a\"é€&bogus;&amp"]);
        let w = &pages[0].words[1];
        assert_eq!(
            (w.x0, w.y0, w.x1, w.y1),
            (76.389, 64.475764, 128.5725, 76.825764)
        );
        assert!(pages[1].words.is_empty());
        assert_eq!((pages[1].width, pages[1].height), (100.0, 200.0));
        assert_eq!((pages[2].width, pages[2].height), (300.0, 400.0));
        // attributes in any order; swapped x edges normalised
        let w = &pages[2].words[0];
        assert_eq!((w.x0, w.y0, w.x1, w.y1), (1.0, 4.0, 3.0, 9.0));
    }

    #[test]
    fn parser_survives_garbage() {
        let inputs = [
            "",
            "<",
            "<<<>>>",
            "<word",
            "<word>",
            "<word xMin=\"1",
            "<page width=\"abc\" height=\"-inf\"><word xMin=1 yMin=2 xMax=3 yMax=4>a&#xFFFFFFFF;&#;&",
            "<!-- unterminated",
            "<page/><word/><word xMin=\"NaN\">é&",
            "\u{0}<\u{1F600} =\"'>",
            "<page width=\"1\" =\"2\" = height=\"3\">",
        ];
        for s in inputs {
            let _ = parse_bbox_layout(s);
        }
        let p = parse_bbox_layout("<page width=\"abc\" height=\"5\"><word xMin=1 yMin=2 xMax=3 yMax=4>a&#xFFFFFFFF;&#;&</word>");
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].width, p[0].height), (0.0, 5.0));
        assert_eq!(p[0].words[0].text, "a&#xFFFFFFFF;&#;&");
        assert_eq!(p[0].words[0].x1, 3.0);
        let p = parse_bbox_layout("<page/><word/><word xMin=\"NaN\">é&");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].words.len(), 2);
        assert_eq!(p[0].words[1].text, "é&");
        assert_eq!(p[0].words[1].x0, 0.0);
        // Every byte prefix of the sample must parse without panicking.
        for (i, _) in SAMPLE.char_indices() {
            let _ = parse_bbox_layout(&SAMPLE[..i]);
        }
    }

    #[test]
    fn identical_is_one() {
        let w = ["De", "Staat", "van", "Migratie"];
        let s = char_agreement(&w, &w);
        assert_eq!(s.matched, 18);
        assert_eq!(s.agreement, 1.0);
        assert!(!s.approximate);
        assert_eq!(char_agreement(&[], &[]).agreement, 1.0);
        assert_eq!(char_agreement(&[" "], &[]).agreement, 1.0);
        assert_eq!(char_agreement(&["a"], &[]).agreement, 0.0);
        // whitespace and word splits do not count
        assert_eq!(
            char_agreement(&["Infrastructuur"], &["Inf", "rastruc tuur"]).agreement,
            1.0
        );
    }

    #[test]
    fn one_char_difference() {
        // 10 vs 9 chars, 9 matched: 2*9/19
        let s = char_agreement(&["abcde", "fghij"], &["abcde", "fgij"]);
        assert_eq!((s.matched, s.len_ours, s.len_theirs), (9, 10, 9));
        assert!((s.agreement - 18.0 / 19.0).abs() < 1e-12);
        // substitution: 10 vs 10, 9 matched
        let s = char_agreement(&["abcdefghij"], &["abcdeXghij"]);
        assert_eq!(s.matched, 9);
        assert!((s.agreement - 0.9).abs() < 1e-12);
    }

    fn word(text: &str, x0: f64, y0: f64, x1: f64, y1: f64) -> Word {
        Word {
            text: text.to_string(),
            bbox: BBox { x0, y0, x1, y1 },
            font: "F".into(),
            size: 10.0,
            baseline: y1 - 2.0,
            script: Script::Normal,
            line: 0,
            invisible: false,
            dir: 0,
        }
    }

    fn pword(text: &str, x0: f64, y0: f64, x1: f64, y1: f64) -> PopplerWord {
        PopplerWord {
            text: text.to_string(),
            x0,
            y0,
            x1,
            y1,
        }
    }

    fn doc(words: Vec<Word>) -> Document {
        Document {
            info: Default::default(),
            pdf_version: "1.7".into(),
            pages: vec![Page {
                number: 1,
                label: None,
                width: 600.0,
                height: 800.0,
                rotation: 0,
                words,
                rules: vec![],
                links: vec![],
                image_count: 0,
                images: vec![],
                shapes: vec![],
            }],
            outline: vec![],
            diagnostics: vec![],
        }
    }

    #[test]
    fn reorder_only_is_canonical_one() {
        // Two columns; we read left column first, poppler reads row by row.
        let ours = doc(vec![
            word("Links", 50.0, 100.0, 80.0, 110.0),
            word("boven", 50.0, 120.0, 80.0, 130.0),
            word("Rechts", 300.0, 100.0, 340.0, 110.0),
            word("onder", 300.0, 120.0, 340.0, 130.0),
        ]);
        let theirs = vec![PopplerPage {
            width: 600.0,
            height: 800.0,
            words: vec![
                pword("Links", 50.0, 100.0, 80.0, 110.0),
                pword("Rechts", 300.0, 100.0, 340.0, 110.0),
                pword("boven", 50.0, 120.0, 80.0, 130.0),
                pword("onder", 300.0, 120.0, 340.0, 130.0),
            ],
        }];
        let c = compare_document(&ours, &theirs);
        assert_eq!(c.pages.len(), 1);
        assert!(c.reading.agreement < 1.0, "{:?}", c.reading);
        assert_eq!(c.canonical.agreement, 1.0);
        assert_eq!(c.pages[0].diffs.total, 0);
        assert_eq!(c.boxes.pairs, 4);
        assert_eq!(c.boxes.within_tolerance, 4);
        assert!(c.notes.is_empty());
    }

    #[test]
    fn box_pairing() {
        let ours = [
            BoxWord {
                text: "de",
                bbox: [10.0, 10.0, 20.0, 20.0],
            },
            BoxWord {
                text: "de",
                bbox: [100.0, 10.0, 110.0, 20.0],
            },
            BoxWord {
                text: "kat",
                bbox: [30.0, 10.0, 50.0, 20.0],
            },
            BoxWord {
                text: "Inf",
                bbox: [60.0, 10.0, 70.0, 20.0],
            },
        ];
        let theirs = [
            // second "de" first in order, slightly off: pairs by overlap, not by order
            BoxWord {
                text: "de",
                bbox: [101.0, 11.0, 111.0, 21.0],
            },
            BoxWord {
                text: "de",
                bbox: [10.0, 10.0, 20.0, 23.0],
            },
            // same text, no overlap: not a pair
            BoxWord {
                text: "kat",
                bbox: [300.0, 10.0, 320.0, 20.0],
            },
            BoxWord {
                text: "Infra",
                bbox: [60.0, 10.0, 80.0, 20.0],
            },
        ];
        let s = box_agreement(&ours, &theirs);
        assert_eq!(s.pairs, 2);
        // first "de": bottom edge 3 pt off -> outside tolerance; second: 1 pt everywhere
        assert_eq!(s.within_tolerance, 1);
        assert!((s.fraction() - 0.5).abs() < 1e-12);
        // mean of per-pair mean edge errors: (3/4 + 1) / 2
        assert!((s.mean_edge_error() - (0.75 + 1.0) / 2.0).abs() < 1e-12);
        assert_eq!((s.ours_unpaired, s.theirs_unpaired), (2, 2));

        // greedy by IoU: the better-overlapping candidate wins
        let ours = [BoxWord {
            text: "a",
            bbox: [0.0, 0.0, 10.0, 10.0],
        }];
        let theirs = [
            BoxWord {
                text: "a",
                bbox: [5.0, 0.0, 15.0, 10.0],
            },
            BoxWord {
                text: "a",
                bbox: [1.0, 0.0, 11.0, 10.0],
            },
        ];
        let s = box_agreement(&ours, &theirs);
        assert_eq!((s.pairs, s.within_tolerance, s.theirs_unpaired), (1, 1, 1));
    }

    #[test]
    fn diff_reports_splits_and_text() {
        let ours = ["De", "Infrastructuur", "van", "het", "land"];
        let theirs = ["De", "Inf", "rastructuur", "van", "hat", "land"];
        let d = diff_words(&ours, &theirs, 10);
        assert_eq!(d.total, 2, "{d:?}");
        assert_eq!(d.items[0].kind, DiffKind::Split);
        assert_eq!(d.items[0].ours, vec!["Infrastructuur"]);
        assert_eq!(d.items[0].theirs, vec!["Inf", "rastructuur"]);
        assert_eq!(d.items[0].before.as_deref(), Some("De"));
        assert_eq!(d.items[0].after.as_deref(), Some("van"));
        assert_eq!(d.items[1].kind, DiffKind::Text);
        assert_eq!(d.items[1].ours, vec!["het"]);
        assert_eq!(d.items[1].theirs, vec!["hat"]);
        // capped
        let d = diff_words(&ours, &theirs, 1);
        assert_eq!((d.items.len(), d.total), (1, 2));
        // a word missing in the middle: only that word
        let d = diff_words(&["a", "bb", "c"], &["a", "c"], 10);
        assert_eq!(d.total, 1);
        assert_eq!(d.items[0].ours, vec!["bb"]);
        assert!(d.items[0].theirs.is_empty());
        assert_eq!(d.items[0].before.as_deref(), Some("a"));
        assert_eq!(d.items[0].after.as_deref(), Some("c"));
        // identical: nothing
        assert_eq!(diff_words(&ours, &ours, 10).total, 0);
        // missing word at the end
        let d = diff_words(&["a", "b"], &["a"], 10);
        assert_eq!(d.total, 1);
        assert_eq!(d.items[0].ours, vec!["b"]);
        assert!(d.items[0].theirs.is_empty());
    }

    /// Deterministic pseudo-random generator for the property tests below.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
        fn string(&mut self, max_len: u64, alphabet: u64) -> Vec<char> {
            let len = self.next() % (max_len + 1);
            (0..len)
                .map(|_| char::from(b'a' + (self.next() % alphabet) as u8))
                .collect()
        }
    }

    fn lcs_dp(a: &[char], b: &[char]) -> usize {
        let mut prev = vec![0usize; b.len() + 1];
        for x in a {
            let mut cur = vec![0usize; b.len() + 1];
            for (j, y) in b.iter().enumerate() {
                cur[j + 1] = if x == y {
                    prev[j] + 1
                } else {
                    prev[j + 1].max(cur[j])
                };
            }
            prev = cur;
        }
        prev[b.len()]
    }

    fn check_runs(a: &[char], b: &[char], runs: &[Run]) {
        let (mut ea, mut eb) = (0, 0);
        for r in runs {
            assert!(r.len > 0);
            assert!(r.a >= ea && r.b >= eb, "runs overlap: {runs:?}");
            assert_eq!(&a[r.a..r.a + r.len], &b[r.b..r.b + r.len]);
            ea = r.a + r.len;
            eb = r.b + r.len;
        }
    }

    #[test]
    fn myers_matches_dp_lcs() {
        let mut rng = Lcg(42);
        for _ in 0..3000 {
            let alphabet = 2 + rng.next() % 4;
            let a = rng.string(30, alphabet);
            let b = rng.string(30, alphabet);
            let runs = myers(&a, &b, usize::MAX / 4).expect("no cap");
            check_runs(&a, &b, &runs);
            let total: usize = runs.iter().map(|r| r.len).sum();
            assert_eq!(total, lcs_dp(&a, &b), "{a:?} {b:?}");
            let al = align(&a, &b, &AlignParams::default());
            check_runs(&a, &b, &al.runs);
            assert_eq!(al.matched, lcs_dp(&a, &b));
            assert!(!al.approximate);
        }
    }

    #[test]
    fn bitparallel_matches_dp_lcs() {
        let mut rng = Lcg(99);
        for round in 0..600 {
            let alphabet = 2 + rng.next() % 5;
            let max = if round % 2 == 0 { 20 } else { 300 };
            let a = rng.string(max, alphabet);
            let b = rng.string(max, alphabet);
            assert_eq!(lcs_bitparallel(&a, &b), lcs_dp(&a, &b), "{a:?} {b:?}");
            let (m, approx) = lcs_score(&a, &b);
            assert_eq!(m, lcs_dp(&a, &b));
            assert!(!approx);
        }
    }

    #[test]
    fn anchored_path_is_valid() {
        let mut rng = Lcg(7);
        for round in 0..500 {
            let base = rng.string(200, 6);
            // mutate: a few edits and possibly a moved block
            let mut a = base.clone();
            let mut b = base.clone();
            for _ in 0..(rng.next() % 8) {
                if !b.is_empty() {
                    let i = (rng.next() as usize) % b.len();
                    b.remove(i);
                }
                let i = (rng.next() as usize) % (a.len() + 1);
                a.insert(i, 'z');
            }
            if round % 3 == 0 && a.len() > 20 {
                let block: Vec<char> = a.drain(0..10).collect();
                a.extend(block);
            }
            let params = AlignParams {
                first_max_d: 0,
                gap_max_d: if round % 2 == 0 { 3 } else { 1000 },
                anchor_k: 4,
            };
            let al = align(&a, &b, &params);
            check_runs(&a, &b, &al.runs);
            let lcs = lcs_dp(&a, &b);
            let in_runs: usize = al.runs.iter().map(|r| r.len).sum();
            assert!(in_runs <= lcs);
            if !al.approximate {
                assert_eq!(al.matched, in_runs);
            }
            assert!(al.matched <= a.len().min(b.len()));
        }
    }

    #[test]
    fn large_pages_are_fast_and_exact_when_close() {
        // ~12k chars with a handful of edits: exact via prefix/suffix + Myers.
        let mut rng = Lcg(3);
        let words: Vec<String> = (0..2000)
            .map(|_| rng.string(9, 26).into_iter().collect::<String>())
            .collect();
        let ours: Vec<&str> = words.iter().map(|s| s.as_str()).collect();
        let mut theirs = ours.clone();
        theirs.remove(500);
        theirs.insert(1500, "extra");
        let s = char_agreement(&ours, &theirs);
        assert!(!s.approximate);
        let removed = ours[500].chars().count();
        assert_eq!(s.matched, s.len_ours - removed);
        // Swapped halves: far apart, goes through the anchors, still a valid score.
        let mut swapped = ours[1000..].to_vec();
        swapped.extend_from_slice(&ours[..1000]);
        let s = char_agreement(&ours, &swapped);
        assert!(s.agreement > 0.4 && s.agreement < 0.6, "{s:?}");
        assert!(!s.approximate);
        // The anchored alignment behind the diff list stays valid on such input.
        let (a, b) = (CharSeq::new(&ours), CharSeq::new(&swapped));
        let al = align(&a.chars, &b.chars, &AlignParams::default());
        check_runs(&a.chars, &b.chars, &al.runs);
        assert!(al.matched >= s.matched / 2);
    }

    #[test]
    fn canonical_order_groups_lines() {
        let boxes = [
            [300.0, 100.0, 340.0, 110.0], // right, line 1
            [50.0, 121.0, 80.0, 131.0],   // left, line 2 (slightly lower)
            [50.0, 100.5, 80.0, 110.5],   // left, line 1 (slightly lower than right)
            [300.0, 120.0, 340.0, 130.0], // right, line 2
        ];
        assert_eq!(canonical_order(&boxes), vec![2, 0, 1, 3]);
    }

    #[test]
    fn page_count_mismatch_is_noted() {
        let ours = doc(vec![word("a", 0.0, 0.0, 5.0, 5.0)]);
        let theirs = vec![
            PopplerPage {
                width: 600.0,
                height: 800.0,
                words: vec![pword("a", 0.0, 0.0, 5.0, 5.0)],
            },
            PopplerPage::default(),
        ];
        let c = compare_document(&ours, &theirs);
        assert_eq!(c.pages.len(), 1);
        assert_eq!((c.ours_pages, c.theirs_pages), (1, 2));
        assert_eq!(c.notes.len(), 1);
        assert_eq!(c.canonical.agreement, 1.0);
    }
}
