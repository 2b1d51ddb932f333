//! Footnote references: the raised numbers in body lines (`layout::notes::is_marker`: not a
//! line's first word, not an exponent such as m²) that point to a note. A marker points to
//! the note with its number; where several series have that number (numbering per chapter
//! or section), to the one printed on its own page (the k-th marker `1` of a page to the
//! k-th note `1` there), else on the next page, else the nearest before it. The
//! kind says where the marker stands: in a caption, a table header, a table cell (a line
//! with numbers, inside a figure's region) or the body text. A raised number with no note in
//! its scope is not stored as a reference: it is reported, page by page, with what the foot
//! of the page holds, so that the next unseen layout shows why.

use super::regions::Region;
use super::{diag, Ctx, FootnoteRef, LineRef, RefKind, Scope, Structure};
use crate::layout::lines::join;
use crate::layout::notes::page_markers;
use crate::pdf::model::{Script, Severity};
use std::collections::{BTreeMap, HashSet};

/// Which note each reference points to (None for notes scoped to a figure), and where
/// each reference stands.
pub struct Resolved {
    pub note_of_ref: Vec<Option<usize>>,
    pub at: Vec<LineRef>,
}

/// The note a marker with number `n` on page `page` points to; `k` counts the markers with
/// that number before it on the page.
fn note_for(st: &Structure, n: u32, page: u32, k: usize) -> Option<usize> {
    let cands: Vec<usize> = (0..st.footnotes.len())
        .filter(|&i| {
            let f = &st.footnotes[i];
            f.number == n && !matches!(f.scope, Scope::Figure(_))
        })
        .collect();
    match cands.len() {
        0 => return None,
        1 => return cands.first().copied(),
        _ => {}
    }
    let on = |p: u32| -> Vec<usize> {
        cands
            .iter()
            .copied()
            .filter(|&i| st.footnotes[i].page == p)
            .collect()
    };
    let here = on(page);
    if let Some(&i) = here.get(k).or(here.last()) {
        return Some(i);
    }
    if let Some(&i) = on(page + 1).first() {
        return Some(i);
    }
    cands.iter().copied().min_by_key(|&i| {
        let p = st.footnotes[i].page;
        // the nearest before the page, then after it
        if p <= page {
            (0, page - p)
        } else {
            (1, p - page)
        }
    })
}

pub fn find(
    cx: &Ctx,
    st: &mut Structure,
    caption_lines: &HashSet<LineRef>,
    regions: &[Region],
    figure_note_lines: &HashSet<LineRef>,
) -> Resolved {
    let figure_keys: HashSet<(Scope, u32)> = st
        .footnotes
        .iter()
        .filter(|f| matches!(f.scope, Scope::Figure(_)))
        .map(|f| (f.scope.clone(), f.number))
        .collect();
    let mut resolved = Resolved {
        note_of_ref: Vec::new(),
        at: Vec::new(),
    };
    let mut seen_on_page: std::collections::HashMap<(u32, u32), usize> =
        std::collections::HashMap::new();
    let mut unmatched: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    for (pi, pl) in cx.layout.pages.iter().enumerate() {
        let Some(page) = cx.doc.pages.get(pi) else {
            continue;
        };
        let words = &page.words;
        for (li, k, n) in page_markers(words, pl) {
            let l = &pl.lines[li];
            if figure_note_lines.contains(&(pi, li)) {
                continue;
            }
            {
                let w = &words[l.words[k]];
                let figure = regions
                    .iter()
                    .position(|r| r.holds_line(pi, li) || r.holds_box(pi, &w.bbox));
                let kind = if caption_lines.contains(&(pi, li)) {
                    RefKind::Caption
                } else if figure.is_some() {
                    let numeric = l.words.iter().any(|&x| {
                        words[x].script == Script::Normal
                            && words[x].text.chars().any(|c| c.is_ascii_digit())
                    });
                    if numeric {
                        RefKind::Cell
                    } else {
                        RefKind::Header
                    }
                } else {
                    RefKind::Body
                };
                let from = k.saturating_sub(6);
                let to = (k + 6).min(l.words.len());
                let context = join(words, &l.words[from..to], false);
                let k_on_page = {
                    let e = seen_on_page.entry((pl.page, n)).or_default();
                    *e += 1;
                    *e - 1
                };
                let figure_scope = match figure {
                    Some(fi) if cx.profile.footnote_scope == "figure" && kind != RefKind::Body => {
                        Some(Scope::Figure(st.figures[fi].label.clone()))
                    }
                    _ => None,
                };
                let (scope, note) = match figure_scope {
                    Some(sc) if figure_keys.contains(&(sc.clone(), n)) => (Some(sc), None),
                    _ => match note_for(st, n, pl.page, k_on_page) {
                        Some(i) => (Some(st.footnotes[i].scope.clone()), Some(i)),
                        None => (None, None),
                    },
                };
                match scope {
                    Some(scope) => {
                        st.refs.push(FootnoteRef {
                            scope,
                            number: n,
                            page: pl.page,
                            kind,
                            figure: if kind == RefKind::Body { None } else { figure },
                            row_index: None,
                            col_index: None,
                            context,
                            word: Some(l.words[k]),
                        });
                        resolved.note_of_ref.push(note);
                        resolved.at.push((pi, li));
                    }
                    None => unmatched.entry(pl.page).or_default().push((n, context)),
                }
            }
        }
    }
    // A raised number with no note in its scope is not a marker we can resolve (an exponent
    // we did not recognise, or a note we could not read): it stays text in `words` and is
    // reported per page, with what the page's foot holds.
    for (page, list) in unmatched {
        let pi = (page as usize).saturating_sub(1);
        let notes_on_page = st.footnotes.iter().filter(|f| f.page == page).count();
        let foot = cx
            .layout
            .pages
            .get(pi)
            .map(|pl| {
                let body: Vec<&crate::layout::Line> =
                    pl.lines.iter().filter(|l| !l.zone.is_running()).collect();
                body.iter()
                    .rev()
                    .take(2)
                    .rev()
                    .map(|l| {
                        format!(
                            "{:?} ({:.1} pt, {})",
                            truncate(&l.text, 50),
                            l.size,
                            l.zone.as_str()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
            .unwrap_or_default();
        let nums: Vec<String> = list.iter().map(|(n, _)| n.to_string()).collect();
        let example = list.first().map(|(_, c)| c.clone()).unwrap_or_default();
        st.diagnostics.push(diag(
            Some(page),
            Severity::Info,
            format!(
                "{} raised number(s) without a footnote in their scope ({}), e.g. {:?}; {} note(s) read on this page; the page ends with: {}",
                list.len(),
                nums.join(", "),
                example,
                notes_on_page,
                foot
            ),
        ));
    }
    resolved
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).collect::<String>() + "…"
    }
}
