//! Document structure over the layout: captions, sections, footnotes and where they are
//! cited, figure regions and kinds, citations, links tied to figures, letter and Kamerstuk
//! metadata. Pure: same document, layout and profile, same `Structure`.
//!
//! The layout stage (`crate::layout`) has decided where things are on the page (zones,
//! columns, blocks, the footnote zone); the profile's patterns decide what the text means.
//! One function per element, each over the layout and testable alone, called in this order by
//! [`analyse`]: `captions::find` → `sections::find` → `footnotes::read` → `regions::build` →
//! `references::find` → `citations` → `metadata::read`.

pub mod caption;
pub mod captions;
pub mod citations;
pub mod footnotes;
pub mod metadata;
pub mod parliament;
pub mod references;
pub mod regions;
pub mod sections;
pub mod text;

pub use text::{dutch_date, join_lines};

use crate::layout::Layout;
use crate::pdf::model::{BBox, Diagnostic, Document, Severity};
use crate::profile::Profile;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DocMeta {
    pub title: Option<String>,
    pub edition: Option<i64>,
    pub published_on: Option<String>,
    pub kenmerk: Option<String>,
    pub dossier: Option<String>,
    pub ondernummer: Option<String>,
    pub vergaderjaar: Option<String>,
    pub subject: Option<String>,
    pub signatory: Option<String>,
    pub sender: Option<String>,
    pub identifier: Option<String>,
    /// Parliamentary papers (`parliament`): `I` or `II`.
    pub chamber: Option<String>,
    /// The Aanhangsel number, the Handelingen meeting, the Staatsblad/-courant number.
    pub number: Option<String>,
    /// Kind of paper: `motie`, `brief`, … for a Kamerstuk; `antwoord` or `mededeling` for
    /// Kamervragen.
    pub kind: Option<String>,
    pub submitted_on: Option<String>,
    pub answered_on: Option<String>,
    pub people: Vec<parliament::Person>,
    /// Where each value above was read.
    pub evidence: Vec<parliament::Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub number: Option<String>,
    pub title: String,
    pub page: u32,
    pub level: u32,
    /// Index into `Structure::sections`.
    pub parent: Option<usize>,
}

/// What a figure holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FigureKind {
    /// Rows of cells in the text layer.
    Table,
    /// A ranked list (top-5 countries) set as a table.
    List,
    /// A drawing: curves, bars, many rules.
    Chart,
    /// A picture, or an empty placeholder box (the chart is not included).
    Image,
    Unknown,
}

impl FigureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Table => "table",
            FigureKind::List => "list",
            FigureKind::Chart => "chart",
            FigureKind::Image => "image",
            FigureKind::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    pub number: String,
    pub title: String,
    pub period: Option<String>,
    pub source: Option<String>,
    pub source_orgs: Vec<String>,
    pub note: Option<String>,
    pub page: u32,
    pub page_label: Option<String>,
    /// The caption and the figure's region below (or above) it.
    pub bbox: BBox,
    pub kind: FigureKind,
    /// The caption as printed, markers excluded.
    pub caption_text: String,
    /// Footnote numbers of the markers in the caption.
    pub footnotes: Vec<u32>,
    /// Where the figure's content is: its region on the caption's page and, when it goes on,
    /// on the next (the table stage reads the cells from these lines).
    pub region: Vec<RegionPart>,
}

/// A piece of a figure's region on one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionPart {
    /// 1-based page number.
    pub page: u32,
    pub bbox: BBox,
    /// Indices into the page layout's lines: the region's content, the caption's excluded,
    /// and the lines the structure read as the figure's source, notes or placeholder.
    pub lines: Vec<usize>,
}

/// The series a footnote number belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    /// One series through the document.
    Document,
    /// Numbering that starts again in each chapter: the chapter's number (or the count of
    /// restarts, when no chapter heading was read).
    Chapter(String),
    /// Numbering that starts again in each section: the section's number.
    Section(String),
    /// Notes numbered per table (PBL, CBS): the figure's label.
    Figure(String),
}

impl Scope {
    /// The text stored in `footnotes.scope`: `document`, `chapter 3`, or the figure label.
    pub fn as_text(&self) -> String {
        match self {
            Scope::Document => "document".into(),
            Scope::Chapter(c) => format!("chapter {c}"),
            Scope::Section(c) => format!("section {c}"),
            Scope::Figure(l) => l.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Footnote {
    pub scope: Scope,
    pub number: u32,
    pub text: String,
    pub page: u32,
}

/// Where a footnote marker stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefKind {
    Body,
    Caption,
    Header,
    Cell,
}

impl RefKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RefKind::Body => "body",
            RefKind::Caption => "caption",
            RefKind::Header => "header",
            RefKind::Cell => "cell",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FootnoteRef {
    pub scope: Scope,
    pub number: u32,
    pub page: u32,
    pub kind: RefKind,
    /// Index into `Structure::figures`.
    pub figure: Option<usize>,
    pub row_index: Option<u32>,
    pub col_index: Option<u32>,
    pub context: String,
    /// The marker's word: index into its page's words.
    pub word: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// A citation as stored: where it was found, and the parsed reference without its byte
/// offsets (`citations::Citation` holds those, for the text it was parsed from).
pub struct CitationRow {
    /// Scope of the note it is in; None for body text.
    pub footnote_scope: Option<Scope>,
    pub footnote_number: Option<u32>,
    pub page: u32,
    pub kind: citations::CitationKind,
    pub raw: String,
    pub identifier: String,
    pub url: Option<String>,
    pub chamber: Option<String>,
    pub session_year: Option<String>,
    pub dossier: Option<String>,
    pub number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Structure {
    pub profile: Option<String>,
    pub family: Option<String>,
    pub meta: DocMeta,
    /// Printed page number per page (from running heads/footers), where one is printed.
    pub printed_page: Vec<Option<String>>,
    pub sections: Vec<Section>,
    pub figures: Vec<Figure>,
    pub footnotes: Vec<Footnote>,
    pub refs: Vec<FootnoteRef>,
    pub citations: Vec<CitationRow>,
    /// Kamervragen: the questions and their answers.
    pub questions: Vec<parliament::Question>,
    /// (page, index of the link on its page, index into `figures`)
    pub link_figures: Vec<(u32, usize, usize)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A line of the layout: (page index, line index).
pub type LineRef = (usize, usize);

/// What every step reads.
pub struct Ctx<'a> {
    pub doc: &'a Document,
    pub layout: &'a Layout,
    pub profile: &'a Profile,
    pub vocabulary: text::Vocabulary,
    pub body: f64,
}

impl<'a> Ctx<'a> {
    pub fn new(doc: &'a Document, layout: &'a Layout, profile: &'a Profile) -> Ctx<'a> {
        Ctx {
            doc,
            layout,
            profile,
            vocabulary: text::vocabulary(doc, layout),
            body: layout.body_size,
        }
    }
}

pub(crate) fn diag(page: Option<u32>, severity: Severity, message: String) -> Diagnostic {
    Diagnostic {
        page,
        stage: "structure".into(),
        severity,
        message,
    }
}

/// The text of the first `n` pages, one line per text line, in reading order: what profiles
/// are detected on.
pub fn first_pages_text(layout: &Layout, n: usize) -> String {
    let mut out = String::new();
    for p in layout.pages.iter().take(n) {
        for l in &p.lines {
            out.push_str(&l.text);
            out.push('\n');
        }
    }
    out
}

/// Recovers the structure of a document with a profile, over its layout.
pub fn analyse(doc: &Document, layout: &Layout, profile: &Profile) -> Structure {
    let cx = Ctx::new(doc, layout, profile);
    let mut st = Structure {
        profile: Some(profile.name.clone()),
        family: (!profile.family.is_empty()).then(|| profile.family.clone()),
        printed_page: printed_pages(&cx),
        ..Default::default()
    };
    let mut caps = captions::find(&cx, &mut st.diagnostics);
    dedupe_labels(&mut caps, &mut st.diagnostics);
    let caption_lines: HashSet<LineRef> = caps
        .iter()
        .flat_map(|c| c.lines.iter().map(move |&l| (c.page, l)))
        .collect();
    let (sections, headings) = sections::find(&cx, &caption_lines);
    st.sections = sections;
    let notes = footnotes::read(&cx);
    st.footnotes = notes.notes.clone();
    let regs = regions::build(&cx, caps, &st.printed_page);
    st.figures = regs.figures;
    st.link_figures = regs.link_figures;
    st.footnotes.extend(regs.figure_notes);
    st.diagnostics.extend(regs.diagnostics);
    let resolved = references::find(
        &cx,
        &mut st,
        &caption_lines,
        &regs.regions,
        &regs.figure_note_lines,
    );
    let sections = st.sections.clone();
    footnotes::name_series(
        &mut st,
        &notes,
        &resolved.note_of_ref,
        &resolved.at,
        &sections,
        &headings,
    );
    st.citations = citations_of(&cx, &st.footnotes);
    st.meta = metadata::read(&cx, &mut st.diagnostics);
    let (questions, mut qdiags) = parliament::aanhangsel::questions(&cx, &st.footnotes);
    st.questions = questions;
    st.diagnostics.append(&mut qdiags);
    parliament::complete_citations(&mut st.citations, &st.meta, &mut st.diagnostics);
    dedupe_notes(&mut st);
    st
}

/// The printed page numbers: the layout's (the number that follows the page sequence in
/// running lines), else the profile's page-number patterns on the running lines.
fn printed_pages(cx: &Ctx) -> Vec<Option<String>> {
    cx.layout
        .pages
        .iter()
        .map(|pl| {
            pl.printed.clone().or_else(|| {
                pl.lines
                    .iter()
                    .filter(|l| l.zone.is_running())
                    .find_map(|l| {
                        cx.profile.page_number.iter().find_map(|r| {
                            r.captures(l.text.trim())
                                .and_then(|c| c.name("n").map(|n| n.as_str().to_string()))
                        })
                    })
            })
        })
        .collect()
}

fn citations_of(cx: &Ctx, notes: &[Footnote]) -> Vec<CitationRow> {
    let mut out = Vec::new();
    for f in notes {
        for c in citations::find_citations(&f.text) {
            out.push(citation_row(
                Some(f.scope.clone()),
                Some(f.number),
                f.page,
                c,
            ));
        }
    }
    for pl in &cx.layout.pages {
        let text: Vec<String> = pl
            .lines
            .iter()
            .filter(|l| l.zone == crate::layout::Zone::Body)
            .map(|l| l.text.clone())
            .collect();
        for c in citations::find_citations(&join_lines(&text, &cx.vocabulary)) {
            out.push(citation_row(None, None, pl.page, c));
        }
    }
    out
}

fn citation_row(
    scope: Option<Scope>,
    footnote: Option<u32>,
    page: u32,
    c: citations::Citation,
) -> CitationRow {
    CitationRow {
        footnote_scope: scope,
        footnote_number: footnote,
        page,
        kind: c.kind,
        raw: c.raw,
        identifier: c.identifier,
        url: c.url,
        chamber: c.chamber,
        session_year: c.session_year,
        dossier: c.dossier,
        number: c.number,
    }
}

/// Labels are unique per document: a second `Figuur 5` becomes `Figuur 5 (2)`, with a
/// diagnostic.
fn dedupe_labels(caps: &mut [captions::Caption], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in caps.iter_mut() {
        let n = seen.entry(c.parts.label.clone()).or_default();
        *n += 1;
        if *n > 1 {
            let new = format!("{} ({})", c.parts.label, n);
            diags.push(diag(
                Some(c.page as u32 + 1),
                Severity::Warning,
                format!(
                    "caption label {} appears again; stored as {new}",
                    c.parts.label
                ),
            ));
            c.parts.label = new;
        }
    }
}

/// Footnotes are unique per (scope, number): a second note 12 is dropped, with a diagnostic.
fn dedupe_notes(st: &mut Structure) {
    let mut keys = HashSet::new();
    let mut dropped = Vec::new();
    st.footnotes.retain(|f| {
        let fresh = keys.insert((f.scope.clone(), f.number));
        if !fresh {
            dropped.push((f.page, f.number));
        }
        fresh
    });
    for (page, n) in dropped {
        st.diagnostics.push(diag(
            Some(page),
            Severity::Warning,
            format!("footnote {n} found again on page {page}; the first one is kept"),
        ));
    }
}
