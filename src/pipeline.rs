//! The pipeline: one function from a PDF's bytes (and options) to everything figuren reads
//! from it. The worker process, the tests, the examples and `figuren layout` all call
//! [`read`]; the store writes the [`Reading`] it returns.
//!
//! ```text
//! bytes ─► pdf::extract_bytes ─► Document (words, rules, links, images, metadata)
//!       ─► layout::analyse    ─► Layout   (zones, columns, blocks, footnote zone)
//!       ─► profile::detect    ─► Profile  (parsers/*.toml, or --profile)
//!       ─► structure::analyse ─► Structure (captions, footnotes, references, sections, …)
//!       ─► table::read        ─► Vec<Table> (cells with header paths and values)
//!       ─► check::run         ─► Vec<FigureChecks> (each table's relations recomputed)
//! ```

use crate::check::FigureChecks;
use crate::layout::Layout;
use crate::pdf::model::{Diagnostic, Document, Severity};
use crate::pdf::PdfError;
use crate::profile::Profile;
use crate::structure::Structure;
use crate::table::Table;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What to read besides the PDF layer.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Run the layout and structure stages.
    pub structure: bool,
    /// `--parsers DIR`: profiles that replace or extend the embedded ones.
    pub parsers: Option<PathBuf>,
    /// `--profile NAME`: force a profile instead of detecting one.
    pub profile: Option<String>,
    /// Return the layout in the reading (for `figuren layout` and tests; the store does not
    /// need it).
    pub keep_layout: bool,
    /// Passwords to try on an encrypted file (after the empty user password).
    pub passwords: Vec<String>,
}

impl Options {
    /// Everything, with the embedded profiles.
    pub fn full() -> Options {
        Options {
            structure: true,
            keep_layout: true,
            ..Default::default()
        }
    }
}

/// Everything read from one PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub document: Document,
    pub layout: Option<Layout>,
    pub structure: Option<Structure>,
    /// The tables of the figures (`table::Table::figure` indexes `structure.figures`).
    pub tables: Vec<Table>,
    /// The self-checks of every table (`FigureChecks::figure` indexes `structure.figures`).
    pub checks: Vec<FigureChecks>,
}

/// Reads a PDF from its bytes.
pub fn read(bytes: &[u8], opts: &Options) -> Result<Reading, PdfError> {
    let document = crate::pdf::extract_bytes_with(bytes, &opts.passwords)?;
    Ok(analyse(document, opts))
}

/// Reads a PDF file.
pub fn read_file(path: &Path, opts: &Options) -> Result<Reading, PdfError> {
    let bytes = std::fs::read(path).map_err(|e| PdfError::Io(e.to_string()))?;
    read(&bytes, opts)
}

/// The stages after the PDF layer, on a document already read.
pub fn analyse(document: Document, opts: &Options) -> Reading {
    if !opts.structure {
        return Reading {
            document,
            layout: None,
            structure: None,
            tables: Vec::new(),
            checks: Vec::new(),
        };
    }
    let mut layout = crate::layout::analyse(&document);
    let mut tables = Vec::new();
    let mut checks = Vec::new();
    let structure = match choose_profile(&document, &layout, opts) {
        Ok(p) => {
            let mut st = crate::structure::analyse(&document, &layout, &p);
            let (t, mut diags) = crate::table::read(&document, &layout, &mut st);
            checks = crate::check::run(&t, &st, &p.checks);
            tables = t;
            st.diagnostics.append(&mut diags);
            st.diagnostics.append(&mut layout.diagnostics);
            st
        }
        Err(d) => {
            let mut st = Structure::default();
            st.diagnostics.push(d);
            st.diagnostics.append(&mut layout.diagnostics);
            st
        }
    };
    Reading {
        document,
        layout: opts.keep_layout.then_some(layout),
        structure: Some(structure),
        tables,
        checks,
    }
}

/// The forced profile, or the detected one; a diagnostic when none fits.
fn choose_profile(doc: &Document, layout: &Layout, opts: &Options) -> Result<Profile, Diagnostic> {
    let diag = |severity, message: String| Diagnostic {
        page: None,
        stage: "structure".into(),
        severity,
        message,
    };
    let first = crate::structure::first_pages_text(layout, 3);
    let found = crate::profile::choose(
        opts.parsers.as_deref(),
        opts.profile.as_deref(),
        doc.info.title.as_deref().unwrap_or(""),
        &first,
    )
    .map_err(|e| diag(Severity::Error, e))?;
    match found {
        Some(p) => Ok(p),
        None => Err(diag(
            Severity::Info,
            match &opts.profile {
                Some(name) => format!("no profile named {name:?} (see `figuren profiles`)"),
                None => "no document-family profile matches this file; captions and footnotes were not read (force one with --profile)".into(),
            },
        )),
    }
}
