//! Captions: a body line that starts like a caption of the profile (`Figuur 53 …`), with the
//! lines that continue it in its column.
//!
//! A caption continues on the next lines of its column while they are set close below it
//! (at most `PITCH` times the size apart), in about its size, as single lines (not a table
//! row), and the caption is not complete yet: its source is open (`(Bron: CBS` …), or it has
//! no source and the line goes on in the caption's type, starts with the source (`(Bron:
//! IND)` on a line of its own below a short title) or continues a word or sentence (a
//! hyphen, a comma, a lower-case start). A caption whose source has closed takes a next line
//! only when the sentence visibly goes on. Captions in either column of a two-column page
//! stay in their column: the layout gives each line its column.

use super::caption::{self, CaptionParts};
use super::{diag, join_lines, Ctx};
use crate::layout::{Line, PageLayout, Zone};
use crate::pdf::model::{BBox, Diagnostic, Script, Severity, Word};

/// Continuation lines are at most this many sizes below the previous caption line.
const PITCH: f64 = 1.75;

#[derive(Debug, Clone)]
pub struct Caption {
    /// Page index.
    pub page: usize,
    /// Line indices of the caption in its page layout, in reading order.
    pub lines: Vec<usize>,
    pub parts: CaptionParts,
    /// The caption as printed, markers excluded.
    pub text: String,
    /// Numbers of the footnote markers in the caption.
    pub markers: Vec<u32>,
    pub bbox: BBox,
    pub column: usize,
}

/// `Tabel 4.1 toont …` in a paragraph is a sentence, not a caption: a caption's title starts
/// with a capital or a digit, or its type differs from the body's.
fn is_sentence(cx: &Ctx, words: &[Word], l: &Line) -> bool {
    let text = l.text.trim();
    let lower_after = cx
        .profile
        .caption_start
        .find(text)
        .and_then(|m| text[m.end()..].chars().next())
        .map(|c| c.is_lowercase())
        .unwrap_or(false);
    let body_type = (l.size - cx.body).abs() <= 0.03 * cx.body
        && !l
            .words
            .first()
            .map(|&w| crate::layout::is_bold(&words[w].font))
            .unwrap_or(false);
    lower_after && body_type
}

/// A table-of-contents line (`Tabel 3.1 Titel ........ 10`) is not a caption.
fn is_toc(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end()
        .ends_with("....")
        || text.contains("…………")
        || text.contains(". . . .")
}

fn last_font(words: &[Word], l: &Line) -> String {
    l.words
        .iter()
        .rev()
        .map(|&w| &words[w])
        .find(|w| w.script == Script::Normal)
        .map(|w| w.font.clone())
        .unwrap_or_default()
}

/// Is the caption text complete: a source that has closed, and nothing left hanging?
fn complete(cx: &Ctx, text: &str) -> bool {
    let t = text.trim_end();
    let has_source = cx
        .profile
        .source_open
        .as_ref()
        .map(|r| r.is_match(t))
        .unwrap_or(false);
    has_source && t.matches('(').count() <= t.matches(')').count() && !t.ends_with(['-', ','])
}

/// Does `next` go on with the caption whose text so far is `text`?
fn continues(cx: &Ctx, words: &[Word], text: &str, last: &Line, next: &Line, first: &Line) -> bool {
    let ntext = next.text.trim();
    if ntext.is_empty() || cx.profile.caption_start.is_match(ntext) {
        return false;
    }
    let tight = next.baseline > last.baseline + 0.3 * last.size
        && next.baseline - last.baseline <= PITCH * last.size.max(next.size);
    let sized = (next.size - first.size).abs() <= 0.15 * first.size;
    if !(tight && sized) {
        return false;
    }
    let t = text.trim_end();
    let lower_start = ntext
        .chars()
        .next()
        .map(|c| c.is_lowercase())
        .unwrap_or(false);
    let word_goes_on = t.ends_with(['-', ',', '(', '–']) || lower_start;
    let source_line = cx
        .profile
        .source_open
        .as_ref()
        .map(|r| r.find(ntext).map(|m| m.start() == 0).unwrap_or(false))
        .unwrap_or(false);
    let same_font = last_font(words, last) == last_font(words, next);
    if complete(cx, t) {
        // after the source a note may follow (`(Bron: CBS). Deze cijfers gaan over …`) in
        // the caption's type; a sentence that has ended after it ends the caption
        let after_source = t.ends_with(')') || t.ends_with(").");
        let open_sentence = !t.ends_with(['.', '!', '?']);
        return word_goes_on || (same_font && (after_source || open_sentence));
    }
    let source_open = cx
        .profile
        .source_open
        .as_ref()
        .map(|r| r.is_match(t))
        .unwrap_or(false);
    if source_open {
        // inside `(Bron: …`: until it closes
        return true;
    }
    word_goes_on || source_line || same_font
}

/// Lines on the same row as line `i`, to its right (a caption split by a wide gap).
fn same_row_after(pl: &PageLayout, i: usize) -> Vec<usize> {
    let l = &pl.lines[i];
    let mut out = Vec::new();
    let mut j = i + 1;
    while let Some(n) = pl.lines.get(j) {
        if n.column != l.column || (n.baseline - l.baseline).abs() > 0.3 * l.size {
            break;
        }
        out.push(j);
        j += 1;
    }
    out
}

pub fn find(cx: &Ctx, diagnostics: &mut Vec<Diagnostic>) -> Vec<Caption> {
    let mut out = Vec::new();
    for (pi, pl) in cx.layout.pages.iter().enumerate() {
        let Some(page) = cx.doc.pages.get(pi) else {
            continue;
        };
        let words = &page.words;
        if pl.lines.len() > crate::layout::MAX_LINES_PER_PAGE {
            diagnostics.push(diag(
                Some(pl.page),
                Severity::Warning,
                format!(
                    "page has {} text lines; captions and headings on it were not read",
                    pl.lines.len()
                ),
            ));
            continue;
        }
        let mut i = 0;
        while i < pl.lines.len() {
            let l = &pl.lines[i];
            let text = l.text.trim();
            if l.zone != Zone::Body
                || !cx.profile.caption_start.is_match(text)
                || is_sentence(cx, words, l)
                || is_toc(text)
            {
                i += 1;
                continue;
            }
            let mut members = vec![i];
            members.extend(same_row_after(pl, i));
            let mut texts: Vec<String> = vec![pl.text_of(&members)];
            let mut j = members.last().copied().unwrap_or(i) + 1;
            while let Some(n) = pl.lines.get(j) {
                if n.zone != Zone::Body || n.column != l.column {
                    break;
                }
                let row = same_row_after(pl, j);
                let so_far = join_lines(&texts, &cx.vocabulary);
                let last = &pl.lines[*members.last().unwrap_or(&i)];
                // a row of several cells is a table row, not a caption line
                if !row.is_empty() || !continues(cx, words, &so_far, last, n, l) {
                    break;
                }
                members.push(j);
                texts.push(n.text.clone());
                j += 1;
            }
            let caption_text = join_lines(&texts, &cx.vocabulary);
            let markers: Vec<u32> = members
                .iter()
                .flat_map(|&m| pl.lines[m].words.iter().copied())
                .filter(|&w| words[w].script == Script::Superscript)
                .filter_map(|w| super::text::small_number(&words[w].text))
                .collect();
            if let Some(parts) = caption::parse(cx.profile, &caption_text) {
                let bbox = crate::layout::blocks::bbox_of(&pl.lines, &members).unwrap_or(l.bbox);
                out.push(Caption {
                    page: pi,
                    lines: members.clone(),
                    parts,
                    text: caption_text,
                    markers,
                    bbox,
                    column: l.column,
                });
                i = j;
                continue;
            }
            i += 1;
        }
    }
    out
}
