//! The PDF layer: PDF bytes -> pages of positioned words, rules, links, metadata.
//!
//! This is the only module that uses lopdf. Everything it returns is in page coordinates
//! (PDF points, origin top-left of the CropBox, y down, /Rotate applied): see `model`.
//!
//! Stages inside: `objects` (safe object access) -> `lexer` (content tokens) -> `font`/`cmap`
//! (codes -> text and widths) -> `interp` (glyphs, rules) -> `words` (lines, words, scripts,
//! reading order); `meta` reads Info, page labels, outline and link annotations.

pub mod cmap;
pub mod crypt;
pub mod font;
pub mod fontdata;
pub mod fontfile;
pub mod glyphnames;
pub mod interp;
pub mod lexer;
pub mod ligature;
pub mod meta;
pub mod model;
pub mod objects;
pub mod repair;
pub mod words;

use interp::{FontCache, Interp, Limits, M};
use lopdf::{Dictionary, Document as Lopdf, Object, ObjectId};
use model::{Diagnostic, Document, Page, Severity};
use objects::{as_dict, get, get_array, get_num, rect, resolve, stream_data};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Why a file could not be read at all. Problems within a readable file are diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PdfError {
    Io(String),
    Empty,
    NotPdf,
    /// Encrypted with a user password, and none was given.
    Encrypted,
    /// Encrypted, and none of the given passwords opens it.
    WrongPassword,
    /// Encrypted in a way this reader does not implement.
    UnsupportedEncryption(String),
    Damaged(String),
    NoPages,
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::Io(e) => write!(f, "cannot read the file: {e}"),
            PdfError::Empty => write!(f, "the file is empty"),
            PdfError::NotPdf => write!(f, "not a PDF (no %PDF- header in the first 1024 bytes)"),
            PdfError::Encrypted => write!(
                f,
                "the PDF is password-protected; give its password with --password (or --passwords FILE for a batch)"
            ),
            PdfError::WrongPassword => write!(
                f,
                "the PDF is password-protected and the password given is wrong (neither its user nor its owner password)"
            ),
            PdfError::UnsupportedEncryption(e) => {
                write!(f, "the PDF is encrypted with {e}, which figuren cannot decrypt")
            }
            PdfError::Damaged(e) => write!(f, "the PDF is damaged and cannot be read: {e}"),
            PdfError::NoPages => write!(
                f,
                "the PDF is damaged: no page could be found in it (neither through its page tree nor by scanning the file for page objects)"
            ),
        }
    }
}

impl std::error::Error for PdfError {}

pub fn extract_file(path: &Path) -> Result<Document, PdfError> {
    let bytes = std::fs::read(path).map_err(|e| PdfError::Io(e.to_string()))?;
    extract_bytes(&bytes)
}

/// At most this many pages are read from one file.
const MAX_PAGES: usize = 100_000;

struct PageNode<'a> {
    id: ObjectId,
    dict: &'a Dictionary,
    resources: Option<&'a Dictionary>,
    media: Option<[f64; 4]>,
    crop: Option<[f64; 4]>,
    rotate: i64,
}

#[derive(Clone, Copy)]
struct Inherited<'a> {
    resources: Option<&'a Dictionary>,
    media: Option<[f64; 4]>,
    crop: Option<[f64; 4]>,
    rotate: Option<i64>,
}

fn walk_pages<'a>(
    doc: &'a Lopdf,
    node_id: ObjectId,
    inh: Inherited<'a>,
    seen: &mut HashSet<ObjectId>,
    seen_twice: &mut usize,
    out: &mut Vec<PageNode<'a>>,
    depth: usize,
) {
    if depth > 64 || out.len() >= MAX_PAGES {
        return;
    }
    if !seen.insert(node_id) {
        // a loop back up the tree, or /Kids that repeat a node: each page is read once
        *seen_twice += 1;
        return;
    }
    let Some(d) = doc.objects.get(&node_id).and_then(as_dict) else {
        return;
    };
    let inh = Inherited {
        resources: objects::get_dict(doc, d, b"Resources").or(inh.resources),
        media: d
            .get(b"MediaBox")
            .ok()
            .and_then(|o| rect(doc, o))
            .or(inh.media),
        crop: d
            .get(b"CropBox")
            .ok()
            .and_then(|o| rect(doc, o))
            .or(inh.crop),
        rotate: get_num(doc, d, b"Rotate").map(|r| r as i64).or(inh.rotate),
    };
    let is_pages = objects::get_name(doc, d, b"Type") == Some(b"Pages")
        || (d.has(b"Kids") && !d.has(b"Contents"));
    if is_pages {
        for kid in get_array(doc, d, b"Kids").unwrap_or(&[]) {
            if let Object::Reference(id) = kid {
                walk_pages(doc, *id, inh, seen, seen_twice, out, depth + 1);
            }
        }
    } else {
        out.push(PageNode {
            id: node_id,
            dict: d,
            resources: inh.resources,
            media: inh.media,
            crop: inh.crop,
            rotate: inh.rotate.unwrap_or(0),
        });
    }
}

fn page_matrix(crop: [f64; 4], rotate: u16) -> (M, f64, f64) {
    let [cx0, cy0, cx1, cy1] = crop;
    let (w, h) = (cx1 - cx0, cy1 - cy0);
    match rotate {
        90 => (M([0.0, 1.0, 1.0, 0.0, -cy0, -cx0]), h, w),
        180 => (M([-1.0, 0.0, 0.0, 1.0, cx1, -cy0]), w, h),
        270 => (M([0.0, -1.0, -1.0, 0.0, cy1, cx1]), h, w),
        _ => (M([1.0, 0.0, 0.0, -1.0, -cx0, cy1]), w, h),
    }
}

fn page_content(doc: &Lopdf, page: &Dictionary, limit: usize, notes: &mut Vec<String>) -> Vec<u8> {
    let mut data = Vec::new();
    let streams: Vec<&Object> = match page.get(b"Contents").map(|o| resolve(doc, o)) {
        Ok(Object::Array(a)) => a.iter().map(|o| resolve(doc, o)).collect(),
        Ok(o @ Object::Stream(_)) => vec![o],
        _ => Vec::new(),
    };
    for s in streams {
        if let Object::Stream(s) = s {
            match stream_data(doc, s, limit.saturating_sub(data.len())) {
                Ok(d) => {
                    data.extend_from_slice(&d);
                    data.push(b'\n');
                }
                Err(e) => notes.push(format!(
                    "a content stream could not be decoded ({e}); its text is missing"
                )),
            }
        }
    }
    data
}

/// Reads a whole PDF from memory.
pub fn extract_bytes(bytes: &[u8]) -> Result<Document, PdfError> {
    extract_bytes_with(bytes, &[])
}

/// Positions of the trailer key `/Encrypt` (followed by a delimiter, so `/EncryptMetadata`
/// does not count) in the bytes outside streams' data as far as a plain scan can tell.
fn encrypt_keys(bytes: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let key = b"/Encrypt";
    let mut from = 0;
    while let Some(p) = bytes[from..].windows(key.len()).position(|w| w == key) {
        let at = from + p;
        let next = bytes.get(at + key.len()).copied().unwrap_or(b' ');
        if !next.is_ascii_alphanumeric() && !matches!(next, b'_' | b'-' | b'.') {
            out.push(at);
        }
        from = at + key.len();
        if out.len() > 64 {
            break;
        }
    }
    out
}

/// Parses the file with lopdf, rebuilding a broken cross-reference table, and decrypts it.
/// Notes for the document's diagnostics go to `notes`.
fn load(
    bytes: &[u8],
    passwords: &[String],
    notes: &mut Vec<(Severity, String)>,
) -> Result<Lopdf, PdfError> {
    let options = || lopdf::LoadOptions {
        max_decompressed_size: Some(objects::MAX_OBJECT_STREAM),
        ..Default::default()
    };
    let keys = encrypt_keys(bytes);
    let hidden;
    let input: &[u8] = if keys.is_empty() {
        bytes
    } else {
        // lopdf would keep the objects of an encrypted file to itself without a password it
        // can check; renamed (same length), the objects load as they are and crypt.rs
        // decrypts them.
        let mut h = bytes.to_vec();
        for k in keys {
            h[k + 1..k + 8].copy_from_slice(crypt::HIDDEN_KEY);
        }
        hidden = h;
        &hidden
    };
    let mut doc = match Lopdf::load_mem_with_options(input, options()) {
        Ok(mut d) => {
            // objects lopdf could not parse (a stray byte in a dictionary) are read leniently
            if d.xref_recovery.is_some() || repair::has_missing(&d) || d.catalog().is_err() {
                let added = repair::fill_in(&mut d, input);
                if added > 0 {
                    notes.push((
                        Severity::Warning,
                        format!("{added} damaged object(s) read leniently from a scan of the file (what could not be parsed in them is skipped)"),
                    ));
                }
            }
            d
        }
        Err(e) => match repair::rebuild(input) {
            Some(d) => {
                notes.push((
                    Severity::Warning,
                    format!(
                        "the file's structure could not be read ({}); {} object(s) found by scanning the file and read leniently",
                        plain_load_error(&e),
                        d.objects.len()
                    ),
                ));
                d
            }
            None => return Err(damaged(bytes, &e)),
        },
    };
    match doc.xref_recovery {
        Some(lopdf::xref::XrefRecovery::Reconstructed) => notes.push((
            Severity::Warning,
            "the cross-reference table is damaged or missing; it was rebuilt by scanning the file for objects, so objects may be missing or come from an older revision".into(),
        )),
        Some(lopdf::xref::XrefRecovery::OffsetCorrected) => notes.push((
            Severity::Info,
            "the cross-reference table is not where the file says; the one found nearby was used".into(),
        )),
        Some(_) => notes.push((
            Severity::Info,
            "the cross-reference table was repaired while reading".into(),
        )),
        None => {}
    }
    let enc = doc.trailer.get(crypt::HIDDEN_KEY).ok().cloned();
    let Some(enc) = enc else {
        if doc.trailer.has(b"Encrypt") {
            return Err(PdfError::Encrypted);
        }
        return Ok(doc);
    };
    let encrypt_id = match &enc {
        Object::Reference(id) => Some(*id),
        _ => None,
    };
    let enc_dict = match objects::resolve(&doc, &enc) {
        Object::Dictionary(d) => d.clone(),
        _ => {
            return Err(PdfError::Damaged(
                "the file is encrypted, but its encryption dictionary is missing or unreadable"
                    .into(),
            ))
        }
    };
    let id0 = match doc.trailer.get(b"ID").map(|o| objects::resolve(&doc, o)) {
        Ok(Object::Array(a)) => match a.first().map(|o| objects::resolve(&doc, o)) {
            Some(Object::String(s, _)) => s.clone(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let dec = crypt::open(&doc, &enc_dict, &id0, passwords).map_err(|e| match e {
        crypt::CryptError::Password if passwords.iter().all(|p| p.is_empty()) => {
            PdfError::Encrypted
        }
        crypt::CryptError::Password => PdfError::WrongPassword,
        crypt::CryptError::Unsupported(what) => PdfError::UnsupportedEncryption(what),
    })?;
    doc.trailer.remove(crypt::HIDDEN_KEY);
    let failed = dec.decrypt_document(&mut doc, encrypt_id);
    if let Some(id) = encrypt_id {
        doc.objects.remove(&id);
    }
    let how = match dec.opened_with {
        crypt::Opened::NoPassword => {
            "it has only an owner password (permissions), so it opened without one"
        }
        crypt::Opened::User => "opened with the user password given",
        crypt::Opened::Owner => "opened with the owner password given",
    };
    notes.push((
        Severity::Info,
        format!("the PDF is encrypted ({}); {how}", dec.describe()),
    ));
    if failed > 0 {
        notes.push((
            Severity::Warning,
            format!("{failed} object stream(s) could not be read after decryption; objects in them are missing"),
        ));
    }
    Ok(doc)
}

/// lopdf's reason for not loading a file, in words.
fn plain_load_error(e: &lopdf::Error) -> &'static str {
    match e {
        lopdf::Error::Decompress(_) => "a compressed part of it does not decompress",
        lopdf::Error::Xref(_) | lopdf::Error::InvalidOffset(_) => {
            "its cross-reference table is broken"
        }
        lopdf::Error::Parse(_) => "its trailer or cross-reference table does not parse",
        _ => "it does not follow the PDF syntax",
    }
}

/// A load failure in words: what is wrong with the file, not the parser's message.
fn damaged(bytes: &[u8], e: &lopdf::Error) -> PdfError {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let truncated = !tail.windows(5).any(|w| w == b"%%EOF");
    let has_objects = bytes.windows(4).any(|w| w == b" obj");
    let what = match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => format!(
            "a compressed object stream inflates to more than {} MiB (a compression bomb?)",
            limit >> 20
        ),
        _ if !has_objects => {
            "no PDF objects were found in it (only a header; the rest is missing or not PDF)".to_string()
        }
        _ => "neither its cross-reference table nor a scan of the file for objects leads to the document catalog or any page".to_string(),
    };
    let hint = if truncated {
        "; the file looks truncated (it does not end with %%EOF)"
    } else {
        ""
    };
    PdfError::Damaged(format!("{what}{hint}"))
}

/// Reads a whole PDF from memory, trying `passwords` if it is encrypted (the empty user
/// password is always tried first).
pub fn extract_bytes_with(bytes: &[u8], passwords: &[String]) -> Result<Document, PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    let Some(hpos) = head.windows(5).position(|w| w == b"%PDF-") else {
        return Err(PdfError::NotPdf);
    };
    let version: String = head[hpos + 5..]
        .iter()
        .take(3)
        .take_while(|b| b.is_ascii_digit() || **b == b'.')
        .map(|&b| b as char)
        .collect();
    let mut load_notes = Vec::new();
    let doc = load(bytes, passwords, &mut load_notes)?;
    let mut diagnostics = Vec::new();
    let diag = |page: Option<u32>, severity: Severity, message: String| Diagnostic {
        page,
        stage: "pdf".into(),
        severity,
        message,
    };

    for (severity, message) in load_notes {
        diagnostics.push(diag(None, severity, message));
    }
    let root_pages = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|o| match o {
            Object::Reference(id) => Some(*id),
            _ => None,
        });
    let mut nodes = Vec::new();
    if let Some(root) = root_pages {
        let inh = Inherited {
            resources: None,
            media: None,
            crop: None,
            rotate: None,
        };
        let mut seen_twice = 0;
        walk_pages(
            &doc,
            root,
            inh,
            &mut HashSet::new(),
            &mut seen_twice,
            &mut nodes,
            0,
        );
        if seen_twice > 0 {
            diagnostics.push(diag(
                None,
                Severity::Warning,
                format!("the page tree refers {seen_twice} time(s) to a node already read (a loop, or /Kids repeating a node); each page was read once"),
            ));
        }
        if nodes.len() >= MAX_PAGES {
            diagnostics.push(diag(
                None,
                Severity::Warning,
                format!("the page tree has more than {MAX_PAGES} pages; only the first {MAX_PAGES} were read"),
            ));
        }
    }
    if nodes.is_empty() {
        // Damaged page tree: fall back to lopdf's own page list.
        for id in doc.page_iter() {
            if let Some(d) = doc.objects.get(&id).and_then(as_dict) {
                let resources = objects::get_dict(&doc, d, b"Resources");
                nodes.push(PageNode {
                    id,
                    dict: d,
                    resources,
                    media: d.get(b"MediaBox").ok().and_then(|o| rect(&doc, o)),
                    crop: None,
                    rotate: 0,
                });
            }
        }
        if !nodes.is_empty() {
            diagnostics.push(diag(
                None,
                Severity::Warning,
                "page tree damaged; pages found by lopdf's fallback".into(),
            ));
        }
    }
    if nodes.is_empty() {
        // No page tree at all: every page object in the file, in object-number order (the
        // order writers create them in), with what its /Parent chain still gives.
        for (id, o) in doc.objects.iter() {
            let Some(d) = as_dict(o) else { continue };
            if objects::get_name(&doc, d, b"Type") != Some(b"Page") {
                continue;
            }
            let parent = objects::get_dict(&doc, d, b"Parent");
            let inherited = |k: &[u8]| d.get(k).ok().or_else(|| parent.and_then(|p| p.get(k).ok()));
            nodes.push(PageNode {
                id: *id,
                dict: d,
                resources: objects::get_dict(&doc, d, b"Resources")
                    .or_else(|| parent.and_then(|p| objects::get_dict(&doc, p, b"Resources"))),
                media: inherited(b"MediaBox").and_then(|o| rect(&doc, o)),
                crop: inherited(b"CropBox").and_then(|o| rect(&doc, o)),
                rotate: inherited(b"Rotate")
                    .and_then(|o| objects::num(objects::resolve(&doc, o)))
                    .map(|r| r as i64)
                    .unwrap_or(0),
            });
            if nodes.len() >= MAX_PAGES {
                break;
            }
        }
        if !nodes.is_empty() {
            diagnostics.push(diag(
                None,
                Severity::Warning,
                format!(
                    "the page tree is missing or unreadable; {} page object(s) found by scanning the file, in object order (page order may differ from the original)",
                    nodes.len()
                ),
            ));
        }
    }
    if nodes.is_empty() {
        return Err(PdfError::NoPages);
    }
    let page_ids: HashMap<ObjectId, u32> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id, i as u32 + 1))
        .collect();
    let labels = meta::page_labels(&doc, nodes.len());
    let limits = Limits::default();
    // Pages are independent once the document is parsed: read them on up to four threads
    // (each with its own font cache), then put them back in order.
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(4)
        .min(nodes.len().div_ceil(4))
        .max(1);
    let mut results: Vec<(usize, PageResult)> = Vec::with_capacity(nodes.len());
    let mut font_notes: Vec<String> = Vec::new();
    if threads == 1 {
        let mut cache = FontCache::default();
        for (i, node) in nodes.iter().enumerate() {
            results.push((i, read_page(&doc, node, i, &labels, &mut cache, &limits)));
        }
        font_notes.append(&mut cache.notes);
    } else {
        let nodes_ref = &nodes;
        let (doc_ref, labels_ref, limits_ref) = (&doc, &labels, &limits);
        let outputs: Vec<ThreadOutput> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    scope.spawn(move || {
                        let mut cache = FontCache::default();
                        let mut out = Vec::new();
                        for i in (t..nodes_ref.len()).step_by(threads) {
                            out.push((
                                i,
                                read_page(
                                    doc_ref,
                                    &nodes_ref[i],
                                    i,
                                    labels_ref,
                                    &mut cache,
                                    limits_ref,
                                ),
                            ));
                        }
                        (out, std::mem::take(&mut cache.notes))
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for (mut r, mut n) in outputs {
            results.append(&mut r);
            font_notes.append(&mut n);
        }
        if results.len() != nodes.len() {
            // a page thread panicked: let the worker report it as a crash, as for any panic
            return Err(PdfError::Damaged(
                "a page could not be read (internal error)".into(),
            ));
        }
        results.sort_by_key(|r| r.0);
    }
    let mut pages = Vec::with_capacity(nodes.len());
    let mut repaired_total = 0u32;
    for (_, r) in results {
        repaired_total += r.repaired;
        diagnostics.extend(r.diagnostics);
        pages.push(r.page);
    }
    if repaired_total > 0 {
        diagnostics.push(diag(
            None,
            Severity::Info,
            format!("{repaired_total} unmapped ligature glyph(s) read from their width and the word around them (ti/tt/ft...)"),
        ));
    }
    let mut seen_notes = HashSet::new();
    for n in font_notes {
        if seen_notes.insert(n.clone()) {
            diagnostics.push(diag(None, Severity::Warning, n));
        }
    }
    let outline = meta::outline(&doc, &page_ids);
    let info = meta::info(&doc);
    let _ = get;
    Ok(Document {
        info,
        pdf_version: version,
        pages,
        outline,
        diagnostics,
    })
}

/// What one page thread read: its pages (with their index) and its font notes.
type ThreadOutput = (Vec<(usize, PageResult)>, Vec<String>);

struct PageResult {
    page: Page,
    diagnostics: Vec<Diagnostic>,
    repaired: u32,
}

fn read_page(
    doc: &Lopdf,
    node: &PageNode,
    i: usize,
    labels: &[Option<String>],
    cache: &mut FontCache,
    limits: &Limits,
) -> PageResult {
    let number = i as u32 + 1;
    let diag = |severity: Severity, message: String| Diagnostic {
        page: Some(number),
        stage: "pdf".into(),
        severity,
        message,
    };
    let media = node
        .media
        .filter(|m| m[2] - m[0] > 1.0 && m[3] - m[1] > 1.0)
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop = node
        .crop
        .map(|c| {
            [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ]
        })
        .filter(|c| c[2] - c[0] > 1.0 && c[3] - c[1] > 1.0)
        .unwrap_or(media);
    let rotation = (node.rotate.rem_euclid(360) / 90 * 90) as u16;
    let (pm, width, height) = page_matrix(crop, rotation);
    let mut notes = Vec::new();
    let content = page_content(doc, node.dict, limits.max_stream, &mut notes);
    let pc = Interp::new(doc, cache, limits, pm, width * height).run_page(&content, node.resources);
    notes.extend(pc.notes.iter().cloned());
    let (words, stats) = words::build_words(&pc.glyphs);
    if words.is_empty() && pc.image_count > 0 {
        notes.push(format!(
            "no text layer: the page is {} image(s) only (a scan?); OCR is needed to read it",
            pc.image_count
        ));
    }
    let mut diagnostics = Vec::new();
    if stats.unmapped > 0 {
        diagnostics.push(diag(
            Severity::Warning,
            format!(
                "{} glyph(s) have no Unicode mapping in their font and are stored as U+FFFD",
                stats.unmapped
            ),
        ));
    }
    for n in notes {
        diagnostics.push(diag(Severity::Warning, n));
    }
    let links = meta::links(doc, node.dict, &pm);
    PageResult {
        page: Page {
            number,
            label: labels.get(i).cloned().flatten(),
            width: round2(width),
            height: round2(height),
            rotation,
            words,
            rules: pc.rules,
            links,
            image_count: pc.image_count,
            images: pc.images,
            shapes: pc.shapes,
        },
        diagnostics,
        repaired: stats.repaired,
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
