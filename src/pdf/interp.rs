//! The content-stream interpreter: runs a page's operators (text state, graphics state,
//! Form XObjects, paths) and emits positioned glyphs, ruling lines and filled rectangles in
//! page coordinates (see `model`). Fonts are loaded once per document and cached.

use super::font::{Code, Font};
use super::lexer::{Lexer, Operand};
use super::model::{BBox, Rule, RuleKind};
use super::objects::{as_dict, get, get_dict, numbers, resolve, stream_data};
use lopdf::{Dictionary, Document as Lopdf, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// An affine matrix `[a b c d e f]`, PDF convention (row vector times matrix).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct M(pub [f64; 6]);

impl M {
    pub const ID: M = M([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    /// `self` then `o`.
    pub fn then(&self, o: &M) -> M {
        let [a, b, c, d, e, f] = self.0;
        let [oa, ob, oc, od, oe, of] = o.0;
        M([
            a * oa + b * oc,
            a * ob + b * od,
            c * oa + d * oc,
            c * ob + d * od,
            e * oa + f * oc + oe,
            e * ob + f * od + of,
        ])
    }
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }
    fn from_operands(ops: &[Operand]) -> Option<M> {
        if ops.len() < 6 {
            return None;
        }
        let mut v = [0.0; 6];
        for (i, o) in ops[ops.len() - 6..].iter().enumerate() {
            v[i] = o.num()?;
        }
        Some(M(v))
    }
    fn finite(&self) -> bool {
        self.0.iter().all(|v| v.is_finite())
    }
}

/// One glyph as drawn, in page coordinates.
#[derive(Debug, Clone)]
pub struct Glyph {
    pub text: String,
    /// Box from the advance width and the font's ascent/descent.
    pub bbox: BBox,
    /// Baseline origin and end of the advance, page coordinates.
    pub origin: (f64, f64),
    pub end: (f64, f64),
    pub size: f64,
    pub font: Rc<str>,
    /// 0, 90, 180 or 270: direction the text runs in (y down; 90 = top to bottom).
    pub dir: u16,
    pub invisible: bool,
    /// The font gives no text for this glyph (stored as U+FFFD unless repaired).
    pub unmapped: bool,
    /// For an unmapped glyph: ligatures whose letters are as wide as the glyph (see `ligature`).
    pub candidates: Vec<&'static str>,
    /// Text run: changes whenever the text position is set anew (BT, Td, TD, Tm, T*, ', ");
    /// glyphs of one run were laid out together by the producer.
    pub run: u32,
}

#[derive(Debug, Default)]
pub struct PageContent {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub image_count: u32,
    /// Where images are drawn (the unit square under the CTM).
    pub images: Vec<BBox>,
    /// Painted paths that are not axis-aligned rules (curves, slanted lines): charts.
    pub shapes: Vec<BBox>,
    pub notes: Vec<String>,
    pub truncated: bool,
}

#[derive(Clone)]
struct GState {
    ctm: M,
    font: Option<Rc<Font>>,
    font_size: f64,
    tc: f64,
    tw: f64,
    th: f64,
    tl: f64,
    rise: f64,
    render: u8,
    line_width: f64,
    fill: Option<[f64; 3]>,
    stroke: Option<[f64; 3]>,
}

#[derive(Hash, PartialEq, Eq, Clone, Copy)]
enum FontKey {
    Id(ObjectId),
    Ptr(usize),
}

/// Fonts shared by all pages of a document.
#[derive(Default)]
pub struct FontCache {
    fonts: HashMap<FontKey, Rc<Font>>,
    names: HashMap<String, Rc<str>>,
    pub notes: Vec<String>,
}

pub struct Limits {
    pub max_ops: u64,
    pub max_glyphs: usize,
    pub max_rules: usize,
    pub max_stream: usize,
    pub max_form_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_ops: 20_000_000,
            max_glyphs: 500_000,
            max_rules: 100_000,
            max_stream: 256 << 20,
            max_form_depth: 16,
        }
    }
}

struct Path {
    subpaths: Vec<Vec<(f64, f64)>>,
    rects: Vec<[f64; 4]>,
    current: Vec<(f64, f64)>,
    /// Box of the curve points of the path (curves are not rules, but they are drawing).
    curves: Option<BBox>,
}

pub struct Interp<'a> {
    doc: &'a Lopdf,
    cache: &'a mut FontCache,
    limits: &'a Limits,
    page: M,
    gs: GState,
    stack: Vec<GState>,
    tm: M,
    tlm: M,
    resources: Vec<&'a Dictionary>,
    forms: Vec<ObjectId>,
    path: Path,
    ops: u64,
    out: PageContent,
    codes: Vec<Code>,
    scratch: Vec<(u32, u8)>,
    page_area: f64,
    run: u32,
}

fn gray(v: f64) -> [f64; 3] {
    [v, v, v]
}

fn color_from(ops: &[Operand]) -> Option<[f64; 3]> {
    let n: Vec<f64> = ops.iter().filter_map(|o| o.num()).collect();
    match n.len() {
        1 => Some(gray(n[0])),
        3 => Some([n[0], n[1], n[2]]),
        4 => {
            let k = n[3];
            Some([
                (1.0 - n[0]) * (1.0 - k),
                (1.0 - n[1]) * (1.0 - k),
                (1.0 - n[2]) * (1.0 - k),
            ])
        }
        _ => None,
    }
}

impl<'a> Interp<'a> {
    /// `page` maps default user space to page coordinates (CropBox, rotation, y down).
    pub fn new(
        doc: &'a Lopdf,
        cache: &'a mut FontCache,
        limits: &'a Limits,
        page: M,
        page_area: f64,
    ) -> Self {
        Interp {
            doc,
            cache,
            limits,
            page,
            gs: GState {
                ctm: M::ID,
                font: None,
                font_size: 0.0,
                tc: 0.0,
                tw: 0.0,
                th: 1.0,
                tl: 0.0,
                rise: 0.0,
                render: 0,
                line_width: 1.0,
                fill: Some([0.0; 3]),
                stroke: Some([0.0; 3]),
            },
            stack: Vec::new(),
            tm: M::ID,
            tlm: M::ID,
            resources: Vec::new(),
            forms: Vec::new(),
            path: Path {
                subpaths: Vec::new(),
                rects: Vec::new(),
                current: Vec::new(),
                curves: None,
            },
            ops: 0,
            out: PageContent::default(),
            codes: Vec::new(),
            scratch: Vec::new(),
            page_area,
            run: 0,
        }
    }

    pub fn run_page(mut self, content: &[u8], resources: Option<&'a Dictionary>) -> PageContent {
        if let Some(r) = resources {
            self.resources.push(r);
        }
        self.run(content);
        self.out
    }

    fn ctm_page(&self) -> M {
        self.gs.ctm.then(&self.page)
    }

    fn run(&mut self, content: &[u8]) {
        let mut lx = Lexer::new(content);
        let mut ops: Vec<Operand> = Vec::with_capacity(16);
        while let Some(op) = lx.next_op(&mut ops) {
            self.ops += 1;
            if self.ops > self.limits.max_ops {
                if !self.out.truncated {
                    self.out.truncated = true;
                    self.out.notes.push(format!(
                        "page stopped after {} operators",
                        self.limits.max_ops
                    ));
                }
                return;
            }
            self.op(&op, &ops);
        }
    }

    fn op(&mut self, op: &[u8], a: &[Operand]) {
        let n = |i: usize| -> f64 { a.get(i).and_then(|o| o.num()).unwrap_or(0.0) };
        match op {
            b"q" => {
                if self.stack.len() < 512 {
                    self.stack.push(self.gs.clone());
                }
            }
            b"Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            b"cm" => {
                if let Some(m) = M::from_operands(a) {
                    let c = m.then(&self.gs.ctm);
                    if c.finite() {
                        self.gs.ctm = c;
                    }
                }
            }
            b"w" => self.gs.line_width = n(0).abs(),
            b"gs" => self.ext_gstate(a),
            b"g" | b"rg" | b"k" => self.gs.fill = color_from(a),
            b"G" | b"RG" | b"K" => self.gs.stroke = color_from(a),
            b"sc" | b"scn" => self.gs.fill = color_from(a),
            b"SC" | b"SCN" => self.gs.stroke = color_from(a),
            b"cs" => self.gs.fill = Some([0.0; 3]),
            b"CS" => self.gs.stroke = Some([0.0; 3]),
            // paths
            b"m" => {
                self.flush_subpath();
                let p = self.ctm_page().apply(n(0), n(1));
                self.path.current.push(p);
            }
            b"l" => {
                let p = self.ctm_page().apply(n(0), n(1));
                self.path.current.push(p);
            }
            b"c" | b"v" | b"y" => {
                // Curves are not rules: keep the end point so later segments connect, and mark
                // the subpath as curved by breaking it.
                let k = if op == b"c" { 4 } else { 2 };
                let m = self.ctm_page();
                let p = m.apply(n(k), n(k + 1));
                let mut bb = BBox {
                    x0: p.0,
                    y0: p.1,
                    x1: p.0,
                    y1: p.1,
                };
                for q in self
                    .path
                    .current
                    .last()
                    .copied()
                    .into_iter()
                    .chain((0..k / 2).map(|j| m.apply(n(2 * j), n(2 * j + 1))))
                {
                    bb = bb.union(&BBox {
                        x0: q.0,
                        y0: q.1,
                        x1: q.0,
                        y1: q.1,
                    });
                }
                self.path.curves = Some(match self.path.curves {
                    Some(c) => c.union(&bb),
                    None => bb,
                });
                self.flush_subpath();
                self.path.current.push(p);
            }
            b"h" => {
                if let Some(&first) = self.path.current.first() {
                    self.path.current.push(first);
                }
            }
            b"re" => {
                self.flush_subpath();
                let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                let m = self.ctm_page();
                let pts = [
                    m.apply(x, y),
                    m.apply(x + w, y),
                    m.apply(x + w, y + h),
                    m.apply(x, y + h),
                ];
                let axis = (pts[0].0 - pts[1].0).abs() < 0.01 || (pts[0].1 - pts[1].1).abs() < 0.01;
                if axis {
                    let xs = pts.iter().map(|p| p.0);
                    let ys = pts.iter().map(|p| p.1);
                    let x0 = xs.clone().fold(f64::INFINITY, f64::min);
                    let x1 = xs.fold(f64::NEG_INFINITY, f64::max);
                    let y0 = ys.clone().fold(f64::INFINITY, f64::min);
                    let y1 = ys.fold(f64::NEG_INFINITY, f64::max);
                    self.path.rects.push([x0, y0, x1, y1]);
                } else {
                    let mut sp = pts.to_vec();
                    sp.push(pts[0]);
                    self.path.subpaths.push(sp);
                }
            }
            b"S" | b"s" => self.paint(true, false, op == b"s"),
            b"f" | b"F" | b"f*" => self.paint(false, true, true),
            b"B" | b"B*" | b"b" | b"b*" => self.paint(true, true, true),
            b"n" => self.clear_path(),
            // text
            b"BT" => {
                self.tm = M::ID;
                self.tlm = M::ID;
                self.run += 1;
            }
            b"ET" => {}
            b"Tc" => self.gs.tc = n(0),
            b"Tw" => self.gs.tw = n(0),
            b"Tz" => self.gs.th = n(0) / 100.0,
            b"TL" => self.gs.tl = n(0),
            b"Ts" => self.gs.rise = n(0),
            b"Tr" => self.gs.render = n(0).clamp(0.0, 7.0) as u8,
            b"Tf" => {
                if let Some(Operand::Name(name)) = a.first() {
                    self.gs.font = self.font(name);
                }
                self.gs.font_size = n(1);
            }
            b"Td" => self.td(n(0), n(1)),
            b"TD" => {
                self.gs.tl = -n(1);
                self.td(n(0), n(1));
            }
            b"Tm" => {
                self.run += 1;
                if let Some(m) = M::from_operands(a) {
                    if m.finite() {
                        self.tm = m;
                        self.tlm = m;
                    }
                }
            }
            b"T*" => self.td(0.0, -self.gs.tl),
            b"Tj" => {
                if let Some(Operand::Str(s)) = a.first() {
                    self.show(s);
                }
            }
            b"'" => {
                self.td(0.0, -self.gs.tl);
                if let Some(Operand::Str(s)) = a.last() {
                    self.show(s);
                }
            }
            b"\"" => {
                self.gs.tw = n(0);
                self.gs.tc = n(1);
                self.td(0.0, -self.gs.tl);
                if let Some(Operand::Str(s)) = a.last() {
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = a.first() {
                    for it in items {
                        match it {
                            Operand::Str(s) => self.show(s),
                            Operand::Num(v) => self.adjust(*v),
                            _ => {}
                        }
                    }
                }
            }
            b"Do" => {
                if let Some(Operand::Name(name)) = a.first() {
                    self.do_xobject(name);
                }
            }
            b"BI" => self.push_image(),
            _ => {}
        }
    }

    fn td(&mut self, tx: f64, ty: f64) {
        self.run += 1;
        self.tlm = M([1.0, 0.0, 0.0, 1.0, tx, ty]).then(&self.tlm);
        self.tm = self.tlm;
    }

    fn adjust(&mut self, v: f64) {
        let vertical = self.gs.font.as_ref().map(|f| f.vertical).unwrap_or(false);
        let d = -v / 1000.0 * self.gs.font_size;
        let t = if vertical {
            M([1.0, 0.0, 0.0, 1.0, 0.0, d])
        } else {
            M([1.0, 0.0, 0.0, 1.0, d * self.gs.th, 0.0])
        };
        self.tm = t.then(&self.tm);
    }

    fn ext_gstate(&mut self, a: &[Operand]) {
        let Some(Operand::Name(name)) = a.first() else {
            return;
        };
        let doc = self.doc;
        for r in self.resources.iter().rev() {
            if let Some(eg) = get_dict(doc, r, b"ExtGState").and_then(|d| get_dict(doc, d, name)) {
                if let Some(lw) = get(doc, eg, b"LW").and_then(super::objects::num) {
                    self.gs.line_width = lw.abs();
                }
                if let Some(Object::Array(f)) = get(doc, eg, b"Font") {
                    if let (Some(Object::Reference(id)), Some(sz)) = (
                        f.first(),
                        f.get(1).and_then(|o| super::objects::num(resolve(doc, o))),
                    ) {
                        let key = FontKey::Id(*id);
                        let font = match self.cache.fonts.get(&key) {
                            Some(f) => Some(f.clone()),
                            None => doc.objects.get(id).and_then(as_dict).map(|d| {
                                let f = Rc::new(Font::load(doc, d));
                                self.cache.fonts.insert(key, f.clone());
                                f
                            }),
                        };
                        if font.is_some() {
                            self.gs.font = font;
                            self.gs.font_size = sz;
                        }
                    }
                }
                return;
            }
        }
    }

    fn font(&mut self, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        for r in self.resources.iter().rev() {
            let Some(fonts) = get_dict(doc, r, b"Font") else {
                continue;
            };
            let Ok(entry) = fonts.get(name) else { continue };
            let key = match entry {
                Object::Reference(id) => FontKey::Id(*id),
                o => FontKey::Ptr(o as *const Object as usize),
            };
            if let Some(f) = self.cache.fonts.get(&key) {
                return Some(f.clone());
            }
            let Some(d) = as_dict(resolve(doc, entry)) else {
                // a damaged or missing font object: its text is still there
                break;
            };
            let f = Rc::new(Font::load(doc, d));
            for note in &f.notes {
                self.cache.notes.push(note.clone());
            }
            self.cache.fonts.insert(key, f.clone());
            return Some(f);
        }
        let n = String::from_utf8_lossy(name).into_owned();
        self.out.notes.push(format!(
            "font /{n} not found in resources or unreadable; Helvetica metrics used"
        ));
        let key = FontKey::Ptr(0);
        let f = self
            .cache
            .fonts
            .entry(key)
            .or_insert_with(|| Rc::new(Font::fallback("unknown")))
            .clone();
        Some(f)
    }

    fn font_name(&mut self, name: &str) -> Rc<str> {
        if let Some(n) = self.cache.names.get(name) {
            return n.clone();
        }
        let rc: Rc<str> = Rc::from(name);
        self.cache.names.insert(name.to_string(), rc.clone());
        rc
    }

    fn show(&mut self, s: &[u8]) {
        let Some(font) = self.gs.font.clone() else {
            return;
        };
        let mut codes = std::mem::take(&mut self.codes);
        let mut scratch = std::mem::take(&mut self.scratch);
        font.decode(s, &mut codes, &mut scratch);
        let fs = self.gs.font_size;
        let th = self.gs.th;
        let tc_m = self.tm.then(&self.ctm_page());
        let name = self.font_name(&font.name);
        // The size as drawn: length of the text-space unit y vector, times font size.
        let ysc = {
            let (c, d) = (tc_m.0[2], tc_m.0[3]);
            (c * c + d * d).sqrt()
        };
        // Type 3: text space is in ems as for other fonts, whatever the FontMatrix (`Font::em`).
        let size = (fs * ysc * font.em).abs();
        let (ux, uy) = (tc_m.0[0], tc_m.0[1]);
        let dir = direction(
            ux * fs.signum() * th.signum(),
            uy * fs.signum() * th.signum(),
        );
        let invisible = self.gs.render == 3 || self.gs.render == 7;
        let mut x = 0.0;
        for c in codes.iter() {
            let (w0, adv) = if font.vertical {
                (
                    c.width,
                    -(c.width * fs) + self.gs.tc + if c.word_space { self.gs.tw } else { 0.0 },
                )
            } else {
                (
                    c.width,
                    (c.width * fs + self.gs.tc + if c.word_space { self.gs.tw } else { 0.0 }) * th,
                )
            };
            if self.out.glyphs.len() < self.limits.max_glyphs {
                let (text, unmapped, candidates) = match font.text(c.code, c.len) {
                    Some(t) => (t, false, Vec::new()),
                    None => ("\u{fffd}".to_string(), true, ligature_candidates(&font, w0)),
                };
                let (gx0, gx1, gy0, gy1, ox, oy) = if font.vertical {
                    (-0.5 * fs * th, 0.5 * fs * th, -w0 * fs, 0.0, 0.0, x)
                } else {
                    (
                        x,
                        x + w0 * fs * th,
                        font.descent * fs,
                        font.ascent * fs,
                        x,
                        0.0,
                    )
                };
                let rise = self.gs.rise;
                let p = |u: f64, v: f64| tc_m.apply(u, v + rise);
                let (ax, ay) = if font.vertical {
                    p(0.0, oy)
                } else {
                    p(ox, 0.0)
                };
                let (ex, ey) = if font.vertical {
                    p(0.0, oy + adv)
                } else {
                    p(ox + w0 * fs * th, 0.0)
                };
                let pts = [
                    p(gx0, gy0 + oy),
                    p(gx1, gy0 + oy),
                    p(gx1, gy1 + oy),
                    p(gx0, gy1 + oy),
                ];
                let mut bb = BBox {
                    x0: f64::INFINITY,
                    y0: f64::INFINITY,
                    x1: f64::NEG_INFINITY,
                    y1: f64::NEG_INFINITY,
                };
                for (px, py) in pts {
                    bb.x0 = bb.x0.min(px);
                    bb.x1 = bb.x1.max(px);
                    bb.y0 = bb.y0.min(py);
                    bb.y1 = bb.y1.max(py);
                }
                if bb.x0.is_finite() && bb.y0.is_finite() && bb.x1.is_finite() && bb.y1.is_finite()
                {
                    self.out.glyphs.push(Glyph {
                        text,
                        bbox: bb,
                        origin: (ax, ay),
                        end: (ex, ey),
                        size,
                        font: name.clone(),
                        dir,
                        invisible,
                        unmapped,
                        candidates,
                        run: self.run,
                    });
                }
            } else if !self.out.truncated {
                self.out.truncated = true;
                self.out.notes.push(format!(
                    "page has more than {} glyphs; the rest was skipped",
                    self.limits.max_glyphs
                ));
            }
            x += adv;
        }
        let t = if font.vertical {
            M([1.0, 0.0, 0.0, 1.0, 0.0, x])
        } else {
            M([1.0, 0.0, 0.0, 1.0, x, 0.0])
        };
        self.tm = t.then(&self.tm);
        self.codes = codes;
        self.scratch = scratch;
    }

    fn flush_subpath(&mut self) {
        if self.path.current.len() >= 2 {
            let sp = std::mem::take(&mut self.path.current);
            self.path.subpaths.push(sp);
        } else {
            self.path.current.clear();
        }
    }

    fn clear_path(&mut self) {
        self.path.subpaths.clear();
        self.path.rects.clear();
        self.path.current.clear();
        self.path.curves = None;
    }

    /// Records an image drawn now: the unit square under the current transformation.
    fn push_image(&mut self) {
        self.out.image_count += 1;
        if self.out.images.len() >= self.limits.max_rules {
            return;
        }
        let m = self.ctm_page();
        let pts = [
            m.apply(0.0, 0.0),
            m.apply(1.0, 0.0),
            m.apply(0.0, 1.0),
            m.apply(1.0, 1.0),
        ];
        if let Some(bb) = bbox_of(&pts) {
            self.out.images.push(bb);
        }
    }

    fn push_shape(&mut self, bb: BBox) {
        if self.out.shapes.len() < self.limits.max_rules
            && bb.x0.is_finite()
            && bb.x1.is_finite()
            && bb.y0.is_finite()
            && bb.y1.is_finite()
        {
            self.out.shapes.push(bb);
        }
    }

    fn push_rule(&mut self, bbox: BBox, kind: RuleKind, color: Option<[f64; 3]>) {
        if self.out.rules.len() >= self.limits.max_rules {
            if !self.out.truncated {
                self.out.truncated = true;
                self.out.notes.push(format!(
                    "page has more than {} rules; the rest was skipped",
                    self.limits.max_rules
                ));
            }
            return;
        }
        if !(bbox.x0.is_finite()
            && bbox.x1.is_finite()
            && bbox.y0.is_finite()
            && bbox.y1.is_finite())
        {
            return;
        }
        let color = color.map(|c| {
            let f = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
            format!("#{:02x}{:02x}{:02x}", f(c[0]), f(c[1]), f(c[2]))
        });
        self.out.rules.push(Rule { bbox, kind, color });
    }

    fn paint(&mut self, stroke: bool, fill: bool, close: bool) {
        self.flush_subpath();
        let lw = {
            let m = self.ctm_page();
            let sx = (m.0[0] * m.0[0] + m.0[1] * m.0[1]).sqrt();
            let sy = (m.0[2] * m.0[2] + m.0[3] * m.0[3]).sqrt();
            (self.gs.line_width * (sx + sy) / 2.0).max(0.1)
        };
        let rects = std::mem::take(&mut self.path.rects);
        let subpaths = std::mem::take(&mut self.path.subpaths);
        // curves and slanted segments are drawing (charts), not rules
        let mut shape = self.path.curves.take();
        for sp in &subpaths {
            let slanted = sp
                .windows(2)
                .any(|w| (w[0].0 - w[1].0).abs() >= 0.5 && (w[0].1 - w[1].1).abs() >= 0.5);
            if slanted {
                if let Some(bb) = bbox_of(sp) {
                    shape = Some(shape.map(|s| s.union(&bb)).unwrap_or(bb));
                }
            }
        }
        if let Some(bb) = shape {
            if stroke || fill {
                self.push_shape(bb);
            }
        }
        for r in &rects {
            let bb = BBox {
                x0: r[0],
                y0: r[1],
                x1: r[2],
                y1: r[3],
            };
            if fill {
                let white = self
                    .gs
                    .fill
                    .map(|c| c.iter().all(|v| *v > 0.98))
                    .unwrap_or(false);
                if !(white && bb.width() * bb.height() > 0.5 * self.page_area) {
                    self.push_rule(bb, RuleKind::Rect, self.gs.fill);
                }
            }
            if stroke && !fill {
                let h = lw / 2.0;
                let edges = [
                    BBox {
                        x0: r[0] - h,
                        y0: r[1] - h,
                        x1: r[2] + h,
                        y1: r[1] + h,
                    },
                    BBox {
                        x0: r[0] - h,
                        y0: r[3] - h,
                        x1: r[2] + h,
                        y1: r[3] + h,
                    },
                    BBox {
                        x0: r[0] - h,
                        y0: r[1] - h,
                        x1: r[0] + h,
                        y1: r[3] + h,
                    },
                    BBox {
                        x0: r[2] - h,
                        y0: r[1] - h,
                        x1: r[2] + h,
                        y1: r[3] + h,
                    },
                ];
                for e in edges {
                    self.push_rule(e, RuleKind::Line, self.gs.stroke);
                }
            }
        }
        for sp in &subpaths {
            if fill && sp.len() >= 4 {
                if let Some(bb) = axis_rect(sp) {
                    self.push_rule(bb, RuleKind::Rect, self.gs.fill);
                    continue;
                }
            }
            if stroke {
                let n = sp.len();
                let segs = if close || n < 2 { n } else { n - 1 };
                for i in 0..segs.min(n.saturating_sub(1)) {
                    let (a, b) = (sp[i], sp[i + 1]);
                    let h = lw / 2.0;
                    if (a.1 - b.1).abs() < 0.5 && (a.0 - b.0).abs() > 0.0 {
                        self.push_rule(
                            BBox {
                                x0: a.0.min(b.0),
                                y0: a.1.min(b.1) - h,
                                x1: a.0.max(b.0),
                                y1: a.1.max(b.1) + h,
                            },
                            RuleKind::Line,
                            self.gs.stroke,
                        );
                    } else if (a.0 - b.0).abs() < 0.5 && (a.1 - b.1).abs() > 0.0 {
                        self.push_rule(
                            BBox {
                                x0: a.0.min(b.0) - h,
                                y0: a.1.min(b.1),
                                x1: a.0.max(b.0) + h,
                                y1: a.1.max(b.1),
                            },
                            RuleKind::Line,
                            self.gs.stroke,
                        );
                    }
                }
            }
        }
    }

    fn do_xobject(&mut self, name: &[u8]) {
        let doc = self.doc;
        let mut found: Option<(&'a Object, Option<ObjectId>)> = None;
        for r in self.resources.iter().rev() {
            if let Some(xo) = get_dict(doc, r, b"XObject") {
                if let Ok(entry) = xo.get(name) {
                    let id = match entry {
                        Object::Reference(id) => Some(*id),
                        _ => None,
                    };
                    found = Some((resolve(doc, entry), id));
                    break;
                }
            }
        }
        let Some((Object::Stream(s), id)) = found else {
            return;
        };
        match super::objects::get_name(doc, &s.dict, b"Subtype") {
            Some(b"Image") => self.push_image(),
            Some(b"Form") => {
                if self.forms.len() >= self.limits.max_form_depth {
                    self.out
                        .notes
                        .push("Form XObjects nested too deeply; inner ones skipped".into());
                    return;
                }
                if let Some(id) = id {
                    if self.forms.contains(&id) {
                        self.out
                            .notes
                            .push("Form XObject draws itself; cycle cut".into());
                        return;
                    }
                    self.forms.push(id);
                } else {
                    return;
                }
                let data = match stream_data(self.doc, s, self.limits.max_stream) {
                    Ok(d) => d,
                    Err(e) => {
                        self.out
                            .notes
                            .push(format!("Form XObject content unreadable: {e}"));
                        self.forms.pop();
                        return;
                    }
                };
                let saved = self.gs.clone();
                let saved_stack = self.stack.len();
                let (saved_tm, saved_tlm) = (self.tm, self.tlm);
                if let Some(m) = super::objects::get_array(doc, &s.dict, b"Matrix") {
                    let v = numbers(doc, m);
                    if v.len() == 6 {
                        let fm = M([v[0], v[1], v[2], v[3], v[4], v[5]]);
                        let c = fm.then(&self.gs.ctm);
                        if c.finite() {
                            self.gs.ctm = c;
                        }
                    }
                }
                let own = get_dict(doc, &s.dict, b"Resources");
                if let Some(r) = own {
                    self.resources.push(r);
                }
                // Paths do not carry over into a form.
                self.flush_subpath();
                self.run(&data);
                if own.is_some() {
                    self.resources.pop();
                }
                self.stack.truncate(saved_stack);
                self.gs = saved;
                self.tm = saved_tm;
                self.tlm = saved_tlm;
                self.forms.pop();
            }
            _ => {}
        }
    }
}

fn direction(ux: f64, uy: f64) -> u16 {
    if ux.abs() >= uy.abs() {
        if ux >= 0.0 {
            0
        } else {
            180
        }
    } else if uy > 0.0 {
        90
    } else {
        270
    }
}

/// An axis-aligned rectangle drawn as a closed 4-point (or 5-point) polygon.
/// The box around some points; None when there are none or they are not finite.
fn bbox_of(pts: &[(f64, f64)]) -> Option<BBox> {
    let mut it = pts.iter().filter(|p| p.0.is_finite() && p.1.is_finite());
    let first = it.next()?;
    let mut bb = BBox {
        x0: first.0,
        y0: first.1,
        x1: first.0,
        y1: first.1,
    };
    for p in it {
        bb.x0 = bb.x0.min(p.0);
        bb.x1 = bb.x1.max(p.0);
        bb.y0 = bb.y0.min(p.1);
        bb.y1 = bb.y1.max(p.1);
    }
    Some(bb)
}

fn axis_rect(sp: &[(f64, f64)]) -> Option<BBox> {
    let pts: &[(f64, f64)] =
        if sp.len() == 5 && (sp[0].0 - sp[4].0).abs() < 0.01 && (sp[0].1 - sp[4].1).abs() < 0.01 {
            &sp[..4]
        } else {
            sp
        };
    if pts.len() != 4 {
        return None;
    }
    for i in 0..4 {
        let (a, b) = (pts[i], pts[(i + 1) % 4]);
        if (a.0 - b.0).abs() > 0.01 && (a.1 - b.1).abs() > 0.01 {
            return None;
        }
    }
    let x0 = pts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let x1 = pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let y0 = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let y1 = pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    Some(BBox { x0, y0, x1, y1 })
}

/// Ligatures an unmapped glyph may be: those whose letters, in the same font, are as wide as
/// the glyph's advance or up to 15% wider (a ligature is kerned tighter than its letters).
fn ligature_candidates(font: &Font, w0: f64) -> Vec<&'static str> {
    if w0 <= 0.0 {
        return Vec::new();
    }
    super::ligature::CANDIDATES
        .iter()
        .copied()
        .filter(|cand| {
            font.width_of_text(cand)
                .map(|w| w0 >= 0.85 * w && w0 <= 1.03 * w)
                .unwrap_or(false)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_order() {
        let t = M([1.0, 0.0, 0.0, 1.0, 10.0, 0.0]);
        let s = M([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        // translate then scale: (1,0) -> (11,0) -> (22,0)
        assert_eq!(t.then(&s).apply(1.0, 0.0), (22.0, 0.0));
        assert_eq!(s.then(&t).apply(1.0, 0.0), (12.0, 0.0));
    }

    #[test]
    fn dirs() {
        assert_eq!(direction(1.0, 0.0), 0);
        assert_eq!(direction(0.0, 1.0), 90);
        assert_eq!(direction(-1.0, 0.1), 180);
        assert_eq!(direction(0.0, -2.0), 270);
    }

    #[test]
    fn rect_detection() {
        assert!(axis_rect(&[(0.0, 0.0), (5.0, 0.0), (5.0, 1.0), (0.0, 1.0), (0.0, 0.0)]).is_some());
        assert!(axis_rect(&[(0.0, 0.0), (5.0, 1.0), (5.0, 2.0), (0.0, 1.0)]).is_none());
    }
}
