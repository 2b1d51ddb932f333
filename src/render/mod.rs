//! Page rasters for `figuren inspect`: the only module that uses hayro (a pure-Rust PDF
//! renderer, MIT/Apache). A page becomes a PNG at a scale (2 raster pixels per point by
//! default) whose pixel grid maps exactly onto the page box in figuren's coordinates (PDF
//! points, origin top-left of the visible page, y down): the horizontal and vertical scales
//! are rounded so that the page's width and height are whole pixels, so an overlay drawn in
//! points lines up with the raster without stretching.
//!
//! This runs in the worker process (`figuren __worker --render PAGES FILE`, see
//! `crate::isolate::render_isolated`): a renderer that crashes, hangs or runs out of memory
//! on a hostile file ends only that process, and the overlay is written without rasters.
//!
//! A page that cannot be rendered (hayro cannot open the file, the page is missing, its
//! content stream cannot be decoded, the renderer panics) gives a [`Diagnostic`] instead of
//! a [`Raster`]. A raster that came out blank is marked so; the caller decides (it knows
//! whether the PDF layer read visible text there).
//!
//! Output is deterministic for the same file, scale and machine: hayro renders single-
//! threaded here (vello_cpu without its `multithreading` feature) and the PNG encoder has no
//! clock or randomness.

use crate::pdf::model::{Diagnostic, Severity};
use hayro::hayro_interpret::{InterpreterSettings, InterpreterWarning};
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

/// Raster pixels per point when nothing else is asked for.
pub const DEFAULT_SCALE: f64 = 2.0;
/// Largest raster of one page, in pixels: a larger page is rendered at a smaller scale (a
/// diagnostic says so). 2x of an A0 poster is 20 million pixels.
pub const MAX_PIXELS: f64 = 24_000_000.0;
/// Largest side of a raster, in pixels (the renderer's sizes are 16-bit).
pub const MAX_SIDE: f64 = 16_000.0;

/// One rendered page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Raster {
    /// 1-based page number.
    pub page: u32,
    /// Size in pixels.
    pub width: u32,
    pub height: u32,
    /// The page box as the renderer sees it, in points (CropBox within MediaBox, /Rotate
    /// applied): `width = round(page_width * x_scale)`.
    pub page_width: f64,
    pub page_height: f64,
    /// Pixels per point, horizontally and vertically (the asked scale, rounded to whole
    /// pixels over the page).
    pub x_scale: f64,
    pub y_scale: f64,
    /// Every pixel is the white background.
    pub blank: bool,
    /// The PNG file (RGB, or grey when the page has no colour).
    pub png: Vec<u8>,
}

/// What rendering some pages of a file gave.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rendered {
    pub rasters: Vec<Raster>,
    /// One per page that has no raster, plus what the renderer warned about.
    pub diagnostics: Vec<Diagnostic>,
}

fn diag(page: Option<u32>, severity: Severity, message: String) -> Diagnostic {
    Diagnostic {
        page,
        stage: "render".into(),
        severity,
        message,
    }
}

/// What became of one asked page: its index in the request, its raster, its diagnostics.
type PageResult = (usize, Option<Raster>, Vec<Diagnostic>);

/// Threads that render at once (each opens the file itself; pages are independent).
pub const MAX_THREADS: usize = 4;

/// Renders `pages` (1-based) of the PDF in `bytes` at `scale` pixels per point. An
/// encrypted file is opened with the empty password, then each of `passwords`. Pages are
/// shared out over up to [`MAX_THREADS`] threads; the result is in the order of `pages`
/// whatever the number of threads.
pub fn render_pages(bytes: Vec<u8>, passwords: &[String], pages: &[u32], scale: f64) -> Rendered {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale.clamp(0.1, 16.0)
    } else {
        DEFAULT_SCALE
    };
    let data: Arc<Vec<u8>> = Arc::new(bytes);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, MAX_THREADS)
        .min(pages.len().max(1));
    // page k goes to thread k % threads: neighbouring pages (often alike) spread out
    let mut per_page: Vec<(Option<Raster>, Vec<Diagnostic>)> = Vec::new();
    let parts: Vec<Vec<PageResult>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let data = data.clone();
                let mine: Vec<(usize, u32)> = pages
                    .iter()
                    .copied()
                    .enumerate()
                    .filter(|(k, _)| k % threads == t)
                    .collect();
                s.spawn(move || render_some(data, passwords, &mine, scale))
            })
            .collect();
        handles
            .into_iter()
            .zip(0..threads)
            .map(|(h, t)| {
                h.join().unwrap_or_else(|_| {
                    pages
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| k % threads == t)
                        .map(|(k, &p)| {
                            (
                                k,
                                None,
                                vec![diag(
                                    Some(p),
                                    Severity::Warning,
                                    "page not rendered: the renderer failed on it; the overlay has no raster".into(),
                                )],
                            )
                        })
                        .collect()
                })
            })
            .collect()
    });
    per_page.resize_with(pages.len(), || (None, Vec::new()));
    for (k, raster, diags) in parts.into_iter().flatten() {
        if let Some(slot) = per_page.get_mut(k) {
            *slot = (raster, diags);
        }
    }
    let mut out = Rendered::default();
    for (raster, diags) in per_page {
        out.rasters.extend(raster);
        out.diagnostics.extend(diags);
    }
    out
}

/// Opens the file and renders `pages` ((index in the request, page number)).
fn render_some(
    data: Arc<Vec<u8>>,
    passwords: &[String],
    pages: &[(usize, u32)],
    scale: f64,
) -> Vec<PageResult> {
    let mut pdf = Pdf::new(data.clone());
    for pw in passwords {
        if pdf.is_ok() {
            break;
        }
        pdf = Pdf::new_with_password(data.clone(), pw);
    }
    let pdf = match pdf {
        Ok(p) => p,
        Err(e) => {
            let why = match e {
                hayro::hayro_syntax::LoadPdfError::Decryption(d) => {
                    format!("the file is encrypted and could not be decrypted ({d:?})")
                }
                hayro::hayro_syntax::LoadPdfError::Invalid => {
                    "the renderer could not open the file".to_string()
                }
            };
            return pages
                .iter()
                .map(|&(k, p)| {
                    (
                        k,
                        None,
                        vec![diag(
                            Some(p),
                            Severity::Warning,
                            format!("page not rendered: {why}; the overlay has no raster"),
                        )],
                    )
                })
                .collect();
        }
    };
    let warnings: Arc<Mutex<BTreeSet<&'static str>>> = Arc::default();
    let sink = warnings.clone();
    let settings = InterpreterSettings {
        warning_sink: Arc::new(move |w| {
            let what = match w {
                InterpreterWarning::UnsupportedFont => "a font could not be loaded",
                InterpreterWarning::ImageDecodeFailure => "an image could not be decoded",
                InterpreterWarning::UnresolvedAnnotationAppearance => {
                    "an annotation's appearance could not be loaded"
                }
                _ => "the renderer skipped something it could not read",
            };
            if let Ok(mut set) = sink.lock() {
                set.insert(what);
            }
        }),
        ..Default::default()
    };
    let cache = RenderCache::new();
    let all = pdf.pages();
    let mut out = Vec::new();
    for &(k, number) in pages {
        if let Ok(mut set) = warnings.lock() {
            set.clear();
        }
        let mut diags = Vec::new();
        let raster = render_one(&all[..], &cache, &settings, number, scale, &mut diags);
        if let Ok(set) = warnings.lock() {
            for what in set.iter() {
                diags.push(diag(
                    Some(number),
                    Severity::Info,
                    format!("rendering: {what}; the raster may lack it"),
                ));
            }
        }
        out.push((k, raster, diags));
    }
    out
}

fn render_one<'a>(
    all: &'a [hayro::hayro_syntax::page::Page<'a>],
    cache: &RenderCache<'a>,
    settings: &InterpreterSettings,
    number: u32,
    scale: f64,
    diags: &mut Vec<Diagnostic>,
) -> Option<Raster> {
    let Some(page) = number.checked_sub(1).and_then(|i| all.get(i as usize)) else {
        diags.push(diag(
            Some(number),
            Severity::Warning,
            format!(
                "page not rendered: the renderer finds {} page(s) in the file; the overlay has no raster",
                all.len()
            ),
        ));
        return None;
    };
    if page.raw().contains_key(b"Contents") && page.page_stream().is_none() {
        diags.push(diag(
            Some(number),
            Severity::Warning,
            "page not rendered: its content stream cannot be decoded; the overlay has no raster"
                .into(),
        ));
        return None;
    }
    let (w, h) = page.render_dimensions();
    let (w, h) = (f64::from(w), f64::from(h));
    if !(w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0) {
        diags.push(diag(
            Some(number),
            Severity::Warning,
            format!("page not rendered: its page box ({w} x {h} pt) is empty; the overlay has no raster"),
        ));
        return None;
    }
    let mut s = scale;
    if w * h * s * s > MAX_PIXELS || w.max(h) * s > MAX_SIDE {
        s = (MAX_PIXELS / (w * h)).sqrt().min(MAX_SIDE / w.max(h));
        diags.push(diag(
            Some(number),
            Severity::Info,
            format!(
                "page of {w:.0} x {h:.0} pt rendered at {s:.3} pixels per point instead of {scale} (at most {MAX_PIXELS} pixels)"
            ),
        ));
    }
    let px_w = (w * s).round().max(1.0);
    let px_h = (h * s).round().max(1.0);
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        hayro::render(
            page,
            cache,
            settings,
            &RenderSettings::default(),
            &PixmapSettings {
                x_scale: (px_w / w) as f32,
                y_scale: (px_h / h) as f32,
                bg_color: WHITE,
            },
        )
    }));
    let Ok(pixmap) = rendered else {
        diags.push(diag(
            Some(number),
            Severity::Warning,
            "page not rendered: the renderer failed on it; the overlay has no raster".into(),
        ));
        return None;
    };
    let (pw, ph) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    match encode_png(pixmap.data_as_u8_slice(), pw, ph) {
        Ok((png, blank)) => Some(Raster {
            page: number,
            width: pw,
            height: ph,
            page_width: w,
            page_height: h,
            x_scale: f64::from(pw) / w,
            y_scale: f64::from(ph) / h,
            blank,
            png,
        }),
        Err(e) => {
            diags.push(diag(
                Some(number),
                Severity::Warning,
                format!("page not rendered: PNG encoding failed ({e}); the overlay has no raster"),
            ));
            None
        }
    }
}

/// Encodes premultiplied RGBA on a white background (so opaque) as PNG: grey when every
/// pixel is grey, else RGB. Returns the file and whether the page is blank (all white).
fn encode_png(rgba: &[u8], width: u32, height: u32) -> Result<(Vec<u8>, bool), String> {
    let n = (width as usize) * (height as usize);
    if rgba.len() < n * 4 {
        return Err("raster smaller than its size".into());
    }
    let rgba = &rgba[..n * 4];
    let grey = rgba.chunks_exact(4).all(|p| p[0] == p[1] && p[1] == p[2]);
    let blank = rgba
        .chunks_exact(4)
        .all(|p| p[0] == 255 && p[1] == 255 && p[2] == 255);
    let (color, pixels): (png::ColorType, Vec<u8>) = if grey {
        (
            png::ColorType::Grayscale,
            rgba.chunks_exact(4).map(|p| p[0]).collect(),
        )
    } else {
        (
            png::ColorType::Rgb,
            rgba.chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect(),
        )
    };
    let mut out = Vec::with_capacity(pixels.len() / 8);
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(color);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok((out, blank))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_of_a_grey_and_a_colour_raster() {
        let white = vec![255u8; 4 * 6];
        let (png, blank) = encode_png(&white, 3, 2).expect("encodes");
        assert!(blank);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let mut red = white.clone();
        red[0] = 200;
        red[1] = 0;
        red[2] = 0;
        let (png2, blank2) = encode_png(&red, 3, 2).expect("encodes");
        assert!(!blank2);
        assert_ne!(png, png2);
        assert!(encode_png(&white, 4, 2).is_err());
    }

    #[test]
    fn not_a_pdf_gives_a_diagnostic_per_page() {
        let r = render_pages(b"not a pdf".to_vec(), &[], &[1, 2], 2.0);
        assert!(r.rasters.is_empty());
        assert_eq!(r.diagnostics.len(), 2);
        assert!(r.diagnostics[0].message.contains("could not open"));
    }
}
