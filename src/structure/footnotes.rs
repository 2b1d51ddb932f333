//! Footnotes: the text of each note in the footnote zones the layout found, and the series
//! (scopes) they belong to.
//!
//! A note starts on the line the layout marked with its number (`NoteStart`) and runs to the
//! next start; the number itself is left out. Lines of a zone before its first start (on a
//! page, or in a column) continue the note before them. Lines are joined with the
//! line-end hyphen rule of `text::join_lines`.
//!
//! Scope: when the numbering starts again (the layout marks each restart), the notes form
//! series, one per chapter or section. [`name_series`] names each series after the heading
//! in effect where its first note is cited (`chapter 3`, `section 2.1`), once the markers
//! are resolved; until then a series is `chapter <count>`. Without restarts every note is
//! in `Scope::Document`.

use super::sections::HeadingAt;
use super::{join_lines, Ctx, Footnote, LineRef, Scope, Section, Structure};
use crate::layout::{lines::join, Zone};

/// The notes read from the note zones.
pub struct Notes {
    pub notes: Vec<Footnote>,
    /// Series index of each note (0 when the numbering never restarts).
    pub series: Vec<usize>,
    /// Where each note's first line is.
    pub at: Vec<LineRef>,
    /// The numbering restarts somewhere.
    pub restarts: bool,
}

pub fn read(cx: &Ctx) -> Notes {
    let restarts = cx.layout.pages.iter().any(|p| {
        p.lines
            .iter()
            .any(|l| l.note.map(|n| n.restart).unwrap_or(false))
    });
    let mut series = 0usize;
    // (series, number, page, text lines, position)
    let mut notes: Vec<(usize, u32, u32, Vec<String>, LineRef)> = Vec::new();
    for (pi, pl) in cx.layout.pages.iter().enumerate() {
        let Some(page) = cx.doc.pages.get(pi) else {
            continue;
        };
        let mut last_row: Option<(usize, f64)> = None; // column, baseline of the last note line
        for (li, l) in pl.lines.iter().enumerate() {
            if l.zone != Zone::Note {
                continue;
            }
            let same_row = last_row
                .map(|(c, b)| c == l.column && (l.baseline - b).abs() <= 0.3 * l.size)
                .unwrap_or(false);
            last_row = Some((l.column, l.baseline));
            if let Some(start) = l.note {
                if start.restart {
                    series += 1;
                }
                let rest = l.words.get(start.word + 1..).unwrap_or(&[]);
                let text = join(&page.words, rest, false);
                notes.push((series, start.number, pl.page, vec![text], (pi, li)));
                continue;
            }
            let text = join(&page.words, &l.words, false);
            if let Some(n) = notes.last_mut() {
                match n.3.last_mut() {
                    // a number and its text far apart on one row (a tab stop)
                    Some(piece) if same_row => {
                        if !piece.is_empty() {
                            piece.push(' ');
                        }
                        piece.push_str(&text);
                    }
                    _ => n.3.push(text),
                }
            }
        }
    }
    let mut out = Notes {
        notes: Vec::with_capacity(notes.len()),
        series: Vec::with_capacity(notes.len()),
        at: Vec::with_capacity(notes.len()),
        restarts,
    };
    for (s, number, page, lines, at) in notes {
        out.notes.push(Footnote {
            scope: provisional(restarts, s),
            number,
            text: join_lines(&lines, &cx.vocabulary),
            page,
        });
        out.series.push(s);
        out.at.push(at);
    }
    out
}

fn provisional(restarts: bool, series: usize) -> Scope {
    if restarts {
        Scope::Chapter((series + 1).to_string())
    } else {
        Scope::Document
    }
}

/// Names each series of notes after the heading in effect where its first note is cited
/// (or, uncited, where it is printed): `chapter N` for a chapter title, `section N.N` for a
/// section heading. A series whose heading is not found, or whose name another series
/// already has, keeps its count. Renames the notes and their references.
pub fn name_series(
    st: &mut Structure,
    notes: &Notes,
    note_of_ref: &[Option<usize>],
    ref_at: &[LineRef],
    sections: &[Section],
    headings: &[HeadingAt],
) {
    if !notes.restarts {
        return;
    }
    let count = notes
        .series
        .iter()
        .copied()
        .max()
        .map(|m| m + 1)
        .unwrap_or(0);
    let mut names: Vec<Scope> = (0..count).map(|s| provisional(true, s)).collect();
    // where each series begins: the earliest citation of its first note, else the note
    let starts: Vec<Option<LineRef>> = (0..count)
        .map(|s| {
            let first = (0..notes.notes.len()).find(|&i| notes.series[i] == s)?;
            let cited = (0..note_of_ref.len())
                .filter(|&r| note_of_ref[r] == Some(first))
                .filter_map(|r| ref_at.get(r).copied())
                .min();
            Some(cited.unwrap_or(notes.at[first]))
        })
        .collect();
    let mut taken: Vec<Scope> = Vec::new();
    for s in 0..count {
        let Some(pos) = starts[s] else { continue };
        let from = s.checked_sub(1).and_then(|p| starts[p]);
        // the heading that began the series: the highest-level heading between the start
        // of the series before and this one (a chapter over its first section)
        let heading = headings
            .iter()
            .enumerate()
            .filter(|(_, h)| h.line <= pos && from.map(|f| h.line > f).unwrap_or(true))
            .min_by_key(|(i, h)| {
                let level = sections.get(*i).map(|x| x.level).unwrap_or(9);
                (!h.chapter, level, std::cmp::Reverse(h.line))
            })
            .map(|(i, h)| (i, h.chapter));
        let candidate = heading.and_then(|(i, chapter)| {
            let number = sections.get(i)?.number.clone()?;
            Some(if chapter {
                Scope::Chapter(number.split('.').next().unwrap_or(&number).to_string())
            } else {
                Scope::Section(number)
            })
        });
        if let Some(c) = candidate {
            if !taken.contains(&c) {
                names[s] = c;
            }
        }
        taken.push(names[s].clone());
    }
    for (i, f) in st.footnotes.iter_mut().enumerate() {
        if i < notes.notes.len() {
            if let Some(n) = names.get(notes.series[i]) {
                f.scope = n.clone();
            }
        }
    }
    for (r, note) in st.refs.iter_mut().zip(note_of_ref) {
        if let Some(n) = note {
            if let Some(f) = st.footnotes.get(*n) {
                r.scope = f.scope.clone();
            }
        }
    }
}
