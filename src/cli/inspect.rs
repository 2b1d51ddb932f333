//! `figuren inspect`: the page overlay (see `crate::inspect`), written as HTML files.

use crate::inspect::{self, browser, Inputs};
use crate::isolate::{read_isolated, render_isolated, StructureOptions, WorkerLimits};
use crate::pdf::model::{Diagnostic, Severity};
use crate::render::Rendered;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub struct Args {
    pub pdf: PathBuf,
    pub pages: Option<String>,
    pub figure: Option<String>,
    pub html: PathBuf,
    pub screenshot: bool,
    pub db: Option<PathBuf>,
    pub scale: f64,
    pub password: Option<String>,
    pub profile: Option<String>,
    pub limits: WorkerLimits,
}

fn same_label(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

fn sha256_hex(path: &Path) -> Result<String, String> {
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

pub fn run(a: Args) -> ExitCode {
    let passwords: Vec<String> = a.password.iter().cloned().collect();
    let opts = StructureOptions {
        structure: true,
        keep_layout: true,
        profile: a.profile.clone(),
        passwords: passwords.clone(),
        ..Default::default()
    };
    let asked = match a.pages.as_deref().map(super::tables::parse_pages) {
        Some(Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
        Some(Ok(p)) => Some(p),
        None => None,
    };
    // With the pages known, the raster worker runs beside the reading worker.
    let (reading, early) = std::thread::scope(|s| {
        let render = asked.as_ref().map(|pages| {
            let (pdf, pw) = (&a.pdf, &passwords);
            s.spawn(move || render_isolated(pdf, a.limits, pages, a.scale, pw))
        });
        let reading = read_isolated(&a.pdf, a.limits, &opts);
        let early = render.map(|h| {
            h.join()
                .unwrap_or_else(|_| Err(crate::isolate::ReadError::Worker("thread".into())))
        });
        (reading, early)
    });
    let reading = match reading {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}: {e}", a.pdf.display());
            return ExitCode::from(1);
        }
    };
    let doc = &reading.document;
    let count = doc.pages.len() as u32;
    let pages: Vec<u32> = match (&asked, &a.figure) {
        (Some(p), _) => {
            if let Some(&bad) = p.iter().find(|&&p| p > count) {
                eprintln!(
                    "error: {}: no page {bad}; the file has {count} page(s)",
                    a.pdf.display()
                );
                return ExitCode::from(2);
            }
            p.clone()
        }
        (None, Some(label)) => {
            let figs = reading
                .structure
                .as_ref()
                .map(|s| s.figures.as_slice())
                .unwrap_or(&[]);
            let mut pages: Vec<u32> = figs
                .iter()
                .filter(|f| same_label(&f.label, label))
                .flat_map(|f| std::iter::once(f.page).chain(f.region.iter().map(|r| r.page)))
                .collect();
            if pages.is_empty() {
                let known: Vec<&str> = figs.iter().take(12).map(|f| f.label.as_str()).collect();
                eprintln!(
                    "error: {}: no figure labelled {label:?}; {}",
                    a.pdf.display(),
                    if known.is_empty() {
                        "the file has no figures".to_string()
                    } else {
                        format!(
                            "it has {}{}",
                            known.join(", "),
                            if figs.len() > known.len() {
                                ", …"
                            } else {
                                ""
                            }
                        )
                    }
                );
                return ExitCode::from(2);
            }
            pages.sort_unstable();
            pages.dedup();
            pages
        }
        (None, None) => (1..=count).collect(),
    };
    let rendered = match early {
        Some(r) => r,
        None => render_isolated(&a.pdf, a.limits, &pages, a.scale, &passwords),
    };
    let mut rendered = rendered.unwrap_or_else(|e| Rendered {
        rasters: Vec::new(),
        diagnostics: pages
            .iter()
            .map(|&p| Diagnostic {
                page: Some(p),
                stage: "render".into(),
                severity: Severity::Warning,
                message: format!("page not rendered: {e}; the overlay has no raster"),
            })
            .collect(),
    });
    // A blank raster of a page with visible text shows nothing the overlay could be checked
    // against: drop it and say so. A renderer's page box that differs from the PDF layer's
    // would misplace the overlay: say so too.
    let mut extra = Vec::new();
    rendered.rasters.retain(|r| {
        let Some(pg) = doc.pages.iter().find(|p| p.number == r.page) else {
            return false;
        };
        if (r.page_width - pg.width).abs() > 1.0 || (r.page_height - pg.height).abs() > 1.0 {
            extra.push(Diagnostic {
                page: Some(r.page),
                stage: "render".into(),
                severity: Severity::Warning,
                message: format!(
                    "the renderer's page box ({:.1} x {:.1} pt) differs from the PDF layer's ({:.1} x {:.1} pt); the raster is stretched to the page",
                    r.page_width, r.page_height, pg.width, pg.height
                ),
            });
        }
        if r.blank && pg.words.iter().any(|w| !w.invisible) {
            extra.push(Diagnostic {
                page: Some(r.page),
                stage: "render".into(),
                severity: Severity::Warning,
                message: "page not rendered: the renderer drew nothing where the PDF layer reads text; the overlay has no raster".into(),
            });
            return false;
        }
        true
    });
    rendered.diagnostics.extend(extra);

    let verdicts = match &a.db {
        None => None,
        Some(db) => match sha256_hex(&a.pdf)
            .map_err(|e| e.to_string())
            .and_then(|sha| {
                crate::store::verdicts::read_verdicts(db, &sha).map_err(|e| e.to_string())
            }) {
            Ok(Some(v)) => Some(v),
            Ok(None) => {
                eprintln!(
                    "note: {} is not in {}; figures are shown unchecked",
                    a.pdf.display(),
                    db.display()
                );
                None
            }
            Err(e) => {
                eprintln!(
                    "warning: cannot read check verdicts from {}: {e}; figures are shown unchecked",
                    db.display()
                );
                None
            }
        },
    };
    let file_name = a
        .pdf
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let files = inspect::build(&Inputs {
        file_name: &file_name,
        reading: &reading,
        rasters: &rendered.rasters,
        render_diagnostics: &rendered.diagnostics,
        verdicts: verdicts.as_ref(),
        pages: &pages,
    });
    if let Err(e) = std::fs::create_dir_all(&a.html) {
        eprintln!("error: cannot create {}: {e}", a.html.display());
        return ExitCode::from(2);
    }
    for f in &files {
        let path = a.html.join(&f.name);
        if let Err(e) = std::fs::write(&path, f.html.as_bytes()) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        if let Some(s) = &f.summary {
            println!(
                "{}: {} words, {} cells{}{}",
                path.display(),
                s.words,
                s.cells,
                if s.failed_checks > 0 {
                    format!(", {} failed check cell(s)", s.failed_checks)
                } else {
                    String::new()
                },
                if s.raster { "" } else { ", no raster" }
            );
        } else {
            println!("{}", path.display());
        }
    }
    for d in &rendered.diagnostics {
        if d.severity >= Severity::Warning {
            eprintln!(
                "warning: {}{}",
                d.page.map(|p| format!("page {p}: ")).unwrap_or_default(),
                d.message
            );
        }
    }
    if a.screenshot {
        let Some(b) = browser::find() else {
            eprintln!(
                "error: --screenshot needs a headless Chromium (apt-get install chromium-headless-shell, or set FIGUREN_CHROMIUM)"
            );
            return ExitCode::from(2);
        };
        for &p in &pages {
            let Some(pg) = doc.pages.iter().find(|x| x.number == p) else {
                continue;
            };
            let html = a.html.join(inspect::page_file(p));
            let png = html.with_extension("png");
            let w = (pg.width * inspect::ZOOM).ceil() as u32 + 40;
            let h = (pg.height * inspect::ZOOM).ceil() as u32 + 140;
            match browser::screenshot(&b, &browser::file_url(&html, None), &png, w, h) {
                Ok(()) => println!("{}", png.display()),
                Err(e) => {
                    eprintln!("error: screenshot of page {p}: {e}");
                    return ExitCode::from(1);
                }
            }
        }
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_labels() {
        assert!(same_label("Figuur  6", "figuur 6"));
    }
}
