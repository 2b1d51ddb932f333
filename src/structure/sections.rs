//! Sections: numbered headings, set larger or bolder than the body, matched by the profile's
//! `[sections]` patterns. A heading wrapped over two lines takes the next line of its column
//! in the same type; chapter titles (a bare number) must be clearly larger than the body.

use super::{join_lines, Ctx, LineRef, Section};
use crate::layout::Zone;
use std::collections::HashSet;

/// Where a heading stands, for what comes after it (the scope of notes numbered per
/// chapter or section).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadingAt {
    pub line: LineRef,
    /// A chapter title (`Hoofdstuk 3`, or set at least 1.6 times the body size), not a
    /// section heading.
    pub chapter: bool,
}

pub fn find(cx: &Ctx, caption_lines: &HashSet<LineRef>) -> (Vec<Section>, Vec<HeadingAt>) {
    let mut out: Vec<Section> = Vec::new();
    let mut at: Vec<HeadingAt> = Vec::new();
    for (pi, pl) in cx.layout.pages.iter().enumerate() {
        if pl.lines.len() > crate::layout::MAX_LINES_PER_PAGE {
            continue;
        }
        let mut skip_next = false;
        for (li, l) in pl.lines.iter().enumerate() {
            if skip_next {
                skip_next = false;
                continue;
            }
            if l.zone != Zone::Body || caption_lines.contains(&(pi, li)) || l.words.len() > 16 {
                continue;
            }
            let text = l.text.trim();
            let larger = l.size >= 1.05 * cx.body;
            if !(larger || l.bold) {
                continue;
            }
            let numbered = cx
                .profile
                .section_numbered
                .as_ref()
                .and_then(|r| r.captures(text));
            let chapter = if l.size >= 1.3 * cx.body {
                cx.profile
                    .section_chapter
                    .as_ref()
                    .and_then(|r| r.captures(text))
            } else {
                None
            };
            let Some(c) = numbered.or(chapter) else {
                continue;
            };
            let number = c.name("number").map(|m| m.as_str().to_string());
            let mut title = c
                .name("title")
                .map(|m| m.as_str().trim().to_string())
                .unwrap_or_default();
            if title.is_empty() {
                // `Hoofdstuk 3` on a line of its own: the title is the next large line
                if !text
                    .chars()
                    .next()
                    .map(|ch| ch.is_alphabetic())
                    .unwrap_or(false)
                {
                    continue;
                }
                let next = pl.lines.get(li + 1).filter(|n| {
                    n.zone == Zone::Body
                        && n.column == l.column
                        && n.size >= 1.1 * cx.body
                        && n.baseline > l.baseline
                        && n.baseline - l.baseline <= 4.0 * l.size
                });
                match next {
                    Some(n) => {
                        title = n.text.trim().to_string();
                        skip_next = true;
                    }
                    None => continue,
                }
                out.push(Section {
                    number,
                    title,
                    page: pl.page,
                    level: 1,
                    parent: None,
                });
                at.push(HeadingAt {
                    line: (pi, li),
                    chapter: true,
                });
                continue;
            }
            // a heading wrapped over two lines: the next line of the column in the same type
            if let Some(n) = pl.lines.get(li + 1).filter(|n| {
                n.zone == Zone::Body
                    && n.column == l.column
                    && n.baseline > l.baseline
                    && n.baseline - l.baseline <= 2.2 * l.size
            }) {
                let same_type = (n.size - l.size).abs() <= 0.03 * l.size && n.font == l.font;
                let ntext = n.text.trim();
                let numbered_too = cx
                    .profile
                    .section_numbered
                    .as_ref()
                    .map(|r| r.is_match(ntext))
                    .unwrap_or(false);
                let open = title.matches('(').count() > title.matches(')').count();
                let close = n.baseline - l.baseline <= 1.6 * l.size;
                if ((same_type && close) || (open && n.bold))
                    && !numbered_too
                    && (n.bbox.x0 - l.bbox.x0).abs() <= 4.0 * l.size
                {
                    title = join_lines(&[title, ntext.to_string()], &cx.vocabulary);
                    skip_next = true;
                }
            }
            let level = number
                .as_deref()
                .map(|n| n.split('.').filter(|s| !s.is_empty()).count() as u32)
                .unwrap_or(1);
            let parent = number.as_deref().and_then(|n| {
                let parts: Vec<&str> = n.split('.').filter(|s| !s.is_empty()).collect();
                (1..parts.len()).rev().find_map(|k| {
                    let prefix = parts[..k].join(".");
                    out.iter()
                        .rposition(|s| s.number.as_deref() == Some(prefix.as_str()))
                })
            });
            let word_first = text
                .chars()
                .next()
                .map(|ch| ch.is_alphabetic())
                .unwrap_or(false);
            at.push(HeadingAt {
                line: (pi, li),
                chapter: level == 1 && (word_first || l.size >= 1.6 * cx.body),
            });
            out.push(Section {
                number,
                title,
                page: pl.page,
                level,
                parent,
            });
        }
    }
    (out, at)
}

/// The chapter (top-level section number) in effect on each page, from the sections.
pub fn chapter_of_pages(sections: &[Section], pages: usize) -> Vec<Option<String>> {
    let mut out = vec![None; pages];
    let mut current: Option<String> = None;
    let mut k = 0;
    let mut sorted: Vec<&Section> = sections.iter().collect();
    sorted.sort_by_key(|s| s.page);
    for (pi, slot) in out.iter_mut().enumerate() {
        while k < sorted.len() && sorted[k].page as usize <= pi + 1 {
            if let Some(n) = &sorted[k].number {
                let top = n.split('.').next().unwrap_or(n).to_string();
                if !top.is_empty() {
                    current = Some(top);
                }
            }
            k += 1;
        }
        *slot = current.clone();
    }
    out
}
