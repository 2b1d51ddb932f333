//! Plain data produced by the PDF layer. Every later stage reads these types only.
//!
//! Coordinates: PDF points, origin at the top-left corner of the page's visible box
//! (CropBox, clipped to the MediaBox), y growing downwards, page /Rotate applied.
//! `x0 <= x1`, `y0 <= y1` always.

use serde::{Deserialize, Serialize};

/// Where a word sits against the baseline of its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    Normal,
    Superscript,
    Subscript,
}

impl Script {
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Normal => "normal",
            Script::Superscript => "superscript",
            Script::Subscript => "subscript",
        }
    }
}

/// An axis-aligned box in page coordinates (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct BBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BBox {
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    pub fn union(&self, o: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
}

/// One word as printed: glyphs joined by the word builder (`pdf::words`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
    /// Font name without subset prefix (`ABCDEF+Calibri` -> `Calibri`).
    pub font: String,
    /// Font size as drawn: text-space size times the vertical scale of Tm x CTM.
    pub size: f64,
    /// y of the baseline in page coordinates.
    pub baseline: f64,
    pub script: Script,
    /// Index of the text line (in reading order) the word belongs to, 0-based per page.
    pub line: u32,
    /// Text drawn invisibly (render mode 3, e.g. an OCR layer over a scan).
    pub invisible: bool,
    /// Direction of the text: 0 = left-to-right upright, 90/180/270 = rotated text.
    pub dir: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// A stroked line segment (thin box around it).
    Line,
    /// A filled rectangle (shading, a thick rule drawn as a rectangle).
    Rect,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Line => "line",
            RuleKind::Rect => "rect",
        }
    }
}

/// A ruling line or a filled rectangle: the graphics tables are built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub bbox: BBox,
    pub kind: RuleKind,
    /// Fill (rect) or stroke (line) colour as `#rrggbb`, when the colour space is a device one.
    pub color: Option<String>,
}

/// A URI link annotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub uri: String,
    pub bbox: BBox,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// 1-based index of the page in the file.
    pub number: u32,
    /// Page label from /PageLabels (`iv`, `32`), when the file has them.
    pub label: Option<String>,
    pub width: f64,
    pub height: f64,
    /// /Rotate of the page, normalised to 0, 90, 180 or 270.
    pub rotation: u16,
    /// Words in reading order.
    pub words: Vec<Word>,
    pub rules: Vec<Rule>,
    pub links: Vec<Link>,
    /// Number of images drawn on the page (a page with images and no text is a scan).
    pub image_count: u32,
    /// Where the images are drawn.
    #[serde(default)]
    pub images: Vec<BBox>,
    /// Painted paths other than ruling lines (curves, slanted lines): the drawing of charts.
    #[serde(default)]
    pub shapes: Vec<BBox>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DocInfo {
    pub title: Option<String>,
    pub author: Option<String>,
    pub subject: Option<String>,
    pub keywords: Option<String>,
    pub creator: Option<String>,
    pub producer: Option<String>,
    /// ISO 8601 when the PDF date parses, else the raw string.
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineItem {
    /// 1 for top-level entries.
    pub level: u32,
    pub title: String,
    /// 1-based target page, when the destination resolves to a page of this file.
    pub page: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Something a stage could not read, or read with doubt: stored so users see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub page: Option<u32>,
    pub stage: String,
    pub severity: Severity,
    pub message: String,
}

/// Everything the PDF layer read from one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub info: DocInfo,
    pub pdf_version: String,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineItem>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// True when at least one page carries visible or invisible text.
    pub fn has_text_layer(&self) -> bool {
        self.pages.iter().any(|p| !p.words.is_empty())
    }
}
