//! The structure stage against a truth file in the format of the samples' `*.truth.json`
//! (`samples/README.md`): every caption (number, title, period, source, organisations,
//! note, footnote markers, page, printed page label), every footnote (text and page), the
//! references (every note cited, every reference resolved), the figure kind (table or not),
//! and the caption links. The tests assert that the report has no problems, with the same
//! thresholds for every rendering; `examples/truth_check.rs` prints it.

use crate::pdf::model::Document;
use crate::structure::{FigureKind, Scope, Structure};
use serde_json::Value;

#[derive(Debug, Default, Clone)]
pub struct Report {
    pub captions: usize,
    pub captions_found: usize,
    pub captions_exact: usize,
    pub footnotes: usize,
    pub footnotes_exact: usize,
    pub notes_cited: usize,
    pub refs: usize,
    pub kinds_right: usize,
    pub caption_links: usize,
    pub caption_links_tied: usize,
    pub problems: Vec<String>,
}

impl Report {
    pub fn summary(&self) -> String {
        format!(
            "captions {}/{} found, {} exact; footnotes {}/{} exact, {} cited; {} references; kinds {}/{}; caption links {}/{}; {} problem(s)",
            self.captions_found,
            self.captions,
            self.captions_exact,
            self.footnotes_exact,
            self.footnotes,
            self.notes_cited,
            self.refs,
            self.kinds_right,
            self.captions,
            self.caption_links_tied,
            self.caption_links,
            self.problems.len()
        )
    }
}

/// Compatibility forms are one text: the ligature `ĳ` (U+0133) and `ij` (a font may map
/// its ij glyph to either).
fn nfkc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().collect()
}

fn s(v: &Value) -> Option<String> {
    v.as_str().map(|x| x.to_string())
}

/// What kind a truth figure must have: `table` where the truth has a table (a ranked list
/// counts as a table of text cells), else `image` (the samples' charts are placeholder boxes
/// or pictures: `image_kind` says which kind non-table figures must have).
pub fn compare(doc: &Document, st: &Structure, truth: &Value, image_kind: FigureKind) -> Report {
    let mut r = Report::default();
    let figs = truth["figures"].as_array().cloned().unwrap_or_default();
    r.captions = figs.len();
    for t in &figs {
        let n = match &t["number"] {
            Value::String(x) => x.clone(),
            other => other.to_string(),
        };
        let Some((fi, f)) = st.figures.iter().enumerate().find(|(_, f)| f.number == n) else {
            r.problems.push(format!("Figuur {n}: not found"));
            continue;
        };
        r.captions_found += 1;
        let want_fn: Vec<u32> = t["footnotes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_u64())
                    .map(|x| x as u32)
                    .collect()
            })
            .unwrap_or_default();
        let want_orgs: Vec<String> = t["source_orgs"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let checks = [
            ("title", Some(f.title.clone()), s(&t["title"])),
            ("period", f.period.clone(), s(&t["period"])),
            ("source", f.source.clone(), s(&t["source_text"])),
            (
                "orgs",
                Some(format!("{:?}", f.source_orgs)),
                Some(format!("{want_orgs:?}")),
            ),
            (
                "footnotes",
                Some(format!("{:?}", f.footnotes)),
                Some(format!("{want_fn:?}")),
            ),
            (
                "page",
                Some(f.page.to_string()),
                Some(t["page"].to_string()),
            ),
            ("page_label", f.page_label.clone(), s(&t["page_label"])),
        ];
        let mut exact = true;
        for (what, got, want) in checks {
            if got != want {
                exact = false;
                r.problems
                    .push(format!("Figuur {n} {what}: got {got:?}, want {want:?}"));
            }
        }
        // the note as printed may carry more than the truth's (a plain copy of a marker
        // number is printed text, so it stays); it must start the same
        match (&f.note, s(&t["caption_note"])) {
            (Some(g), Some(w)) if g.starts_with(&w) => {}
            (None, None) => {}
            (g, w) => {
                exact = false;
                r.problems
                    .push(format!("Figuur {n} note: got {g:?}, want {w:?}"))
            }
        }
        r.captions_exact += usize::from(exact);
        let want_kind = if t["table"].is_null() {
            image_kind
        } else {
            FigureKind::Table
        };
        let kind_ok =
            f.kind == want_kind || (want_kind == FigureKind::Table && f.kind == FigureKind::List);
        if kind_ok {
            r.kinds_right += 1;
        } else {
            r.problems.push(format!(
                "Figuur {n} kind: got {}, want {}",
                f.kind.as_str(),
                want_kind.as_str()
            ));
        }
        // the link drawn over the caption itself belongs to the figure
        if let Some(uri) = t["justitieconnect_links_same_seed_page"]
            .as_array()
            .and_then(|a| a.first())
            .and_then(|u| u.as_str())
        {
            if let Some(page) = doc.pages.get((f.page as usize).saturating_sub(1)) {
                for (li, l) in page.links.iter().enumerate() {
                    let on_caption = l.uri == uri
                        && t["link_annotations_on_caption_page"]
                            .as_array()
                            .map(|a| {
                                a.iter().any(|x| {
                                    x["uri"].as_str() == Some(uri)
                                        && x["on_caption"].as_bool().unwrap_or(false)
                                })
                            })
                            .unwrap_or(false);
                    let near = l.bbox.y0 < f.bbox.y0 + 20.0 && l.bbox.y1 > f.bbox.y0;
                    if l.uri == uri && (on_caption || near) {
                        r.caption_links += 1;
                        if st.link_figures.contains(&(f.page, li, fi)) {
                            r.caption_links_tied += 1;
                        } else {
                            r.problems
                                .push(format!("Figuur {n}: caption link {uri} not tied to it"));
                        }
                    }
                }
            }
        }
    }
    if st.figures.len() != figs.len() {
        r.problems.push(format!(
            "{} figures read, {} in the truth",
            st.figures.len(),
            figs.len()
        ));
    }
    let notes = truth["footnotes"].as_object().cloned().unwrap_or_default();
    r.footnotes = notes.len();
    for (n, v) in &notes {
        let Ok(n) = n.parse::<u32>() else { continue };
        let want = v["text"].as_str().unwrap_or("");
        let want_page = v["page"].as_u64().map(|p| p as u32);
        match st
            .footnotes
            .iter()
            .find(|f| f.number == n && f.scope == Scope::Document)
        {
            None => r.problems.push(format!("footnote {n}: not found")),
            Some(f) if nfkc(&f.text) != nfkc(want) => r
                .problems
                .push(format!("footnote {n}:\n  got:  {}\n  want: {want}", f.text)),
            Some(f) if want_page.is_some() && Some(f.page) != want_page => {
                r.problems.push(format!(
                    "footnote {n}: page {} but truth says {:?}",
                    f.page, want_page
                ))
            }
            Some(_) => r.footnotes_exact += 1,
        }
        if st.refs.iter().any(|x| x.number == n) {
            r.notes_cited += 1;
        } else {
            r.problems.push(format!("footnote {n} is never cited"));
        }
    }
    if st.footnotes.len() != notes.len() {
        let extra: Vec<String> = st
            .footnotes
            .iter()
            .filter(|f| !notes.contains_key(&f.number.to_string()))
            .map(|f| format!("{} p{} {:?}", f.number, f.page, f.text))
            .take(10)
            .collect();
        r.problems.push(format!(
            "{} footnotes read, {} in the truth; not in the truth: {}",
            st.footnotes.len(),
            notes.len(),
            extra.join("; ")
        ));
    }
    r.refs = st.refs.len();
    for d in &st.diagnostics {
        if d.message.contains("raised number") {
            r.problems.push(format!("p{:?}: {}", d.page, d.message));
        }
    }
    r
}
