//! The table stage: every figure's table as typed cells with header paths.
//!
//! Input: the figure regions the structure stage found (`Figure::region`: the lines of the
//! caption's page and, when the table goes on, of the next), the words of those lines, and
//! the ruling lines and shading drawn there. Output: a [`Table`] per figure whose region
//! holds rows of cells: column header paths, row paths, the stub header, and every body
//! cell with its text as printed (footnote markers taken out and recorded as references
//! with their row and column) and its value read by `crate::number`.
//!
//! Steps (one module each, plain data between them):
//! 1. `tokens`: the words of the region as tokens (markers set apart), stacked page after
//!    page when the table goes on, a repeated header row dropped.
//! 2. `grid`: text rows (tokens on one baseline) and columns: separators from vertical
//!    rules and the edges of shaded header cells where they exist, else from the white
//!    space that (almost) no row crosses; each token goes to the column that holds its
//!    middle.
//! 3. `build`: header rows (above the first row of body cells: set in another type than
//!    the numbers, or without numbers), column paths (a header over several columns is a
//!    level of their paths), stub columns (the leading columns of text), logical rows
//!    (wrapped cells and labels joined, label-only rows as groups), row paths, values.
//!
//! `figuren tables` (any PDF, no caption needed) uses the same grid and build steps on a
//! page area.

pub mod anywhere;
pub mod build;
pub mod detect;
pub mod grid;
pub mod tokens;

use crate::layout::Layout;
use crate::number::{Cell, Convention, Evidence};
use crate::pdf::model::{BBox, Diagnostic, Document, Severity};
use crate::structure::{FigureKind, Structure};
use serde::{Deserialize, Serialize};

/// One body cell of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableCell {
    /// 0-based over the body rows.
    pub row: usize,
    /// 0-based over the value columns (stub columns are row labels, not cells).
    pub col: usize,
    /// The text as printed (markers removed) and what it says.
    pub cell: Cell,
    /// 1-based page.
    pub page: u32,
    pub bbox: Option<BBox>,
}

/// A figure's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Index into `Structure::figures`.
    pub figure: usize,
    /// The header above the row labels (`Rang`), per stub column.
    pub stub: Vec<String>,
    /// The header path of each value column, from the top.
    pub columns: Vec<Vec<String>>,
    /// The label path of each body row, from the outer group in (`[""]` when unlabelled).
    pub rows: Vec<Vec<String>>,
    /// Every body cell, row by row (empty cells included, status `empty`).
    pub cells: Vec<TableCell>,
    pub convention: Convention,
    /// Pages the table is printed on.
    pub pages: Vec<u32>,
}

/// The convention of the document: from the evidence of all its numerals (body text and
/// tables), Dutch when nothing tells.
pub(crate) fn document_convention(doc: &Document) -> Convention {
    let mut ev = Evidence::default();
    for p in &doc.pages {
        for w in &p.words {
            if w.text.chars().any(|c| c.is_ascii_digit()) {
                ev.add(&w.text);
            }
        }
    }
    Convention::for_document(&ev, Convention::Dutch)
}

/// Reads the tables of every figure with rows of cells; sets the row and column of the
/// footnote references in them. Returns the tables and what could not be read.
pub fn read(doc: &Document, layout: &Layout, st: &mut Structure) -> (Vec<Table>, Vec<Diagnostic>) {
    let document = document_convention(doc);
    let mut tables = Vec::new();
    let mut diags = Vec::new();
    for fi in 0..st.figures.len() {
        let f = &st.figures[fi];
        if !matches!(f.kind, FigureKind::Table | FigureKind::List) {
            continue;
        }
        let toks = tokens::collect(doc, layout, st, fi);
        if toks.tokens.is_empty() {
            continue;
        }
        let g = grid::build(&toks);
        match build::table(&g, &toks, document) {
            Some(b) => {
                // the references in the table: their row and column
                for (ri, at) in build::marker_cells(&g, &toks, &b) {
                    if let Some(r) = st.refs.get_mut(ri) {
                        r.row_index = at.0.map(|x| x as u32);
                        r.col_index = at.1.map(|x| x as u32);
                    }
                }
                let mut t = b.table;
                t.figure = fi;
                tables.push(t);
            }
            None => diags.push(Diagnostic {
                page: Some(f.page),
                stage: "table".into(),
                severity: Severity::Warning,
                message: format!(
                    "{}: the region holds rows of text but no table could be read from them",
                    f.label
                ),
            }),
        }
    }
    (tables, diags)
}
