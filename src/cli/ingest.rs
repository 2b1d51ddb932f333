//! `figuren ingest`

use crate::isolate::{read_isolated, ReadError, StructureOptions, WorkerLimits};
use crate::store::{Existing, FileMeta, Store};
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Files to read: explicit files as given, folders walked for `*.pdf` (any case), sorted.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk(p, &mut found, 0);
                found.sort();
                if found.is_empty() {
                    problems.push(format!("{}: folder has no .pdf files", p.display()));
                }
                files.extend(found);
            }
            Ok(_) => files.push(p.clone()),
            Err(e) => problems.push(format!("{}: {e}", p.display())),
        }
    }
    (files, problems)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 64 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        if ft.is_dir() {
            walk(&path, out, depth + 1);
        } else if (ft.is_file() || ft.is_symlink())
            && path
                .extension()
                .map(|x| x.to_string_lossy().eq_ignore_ascii_case("pdf"))
                .unwrap_or(false)
        {
            out.push(path);
        }
    }
}

/// UTC now as ISO 8601 (no external time crate).
pub fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // civil-from-days (Howard Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

enum Outcome {
    Ingested(String),
    Unchanged,
    Failed(String),
}

pub fn run(
    paths: &[PathBuf],
    db: &Path,
    force: bool,
    limits: WorkerLimits,
    opts: &StructureOptions,
    quiet: bool,
) -> ExitCode {
    // check the profiles here, so a bad --parsers folder or --profile name is one clear error
    match crate::profile::load(opts.parsers.as_deref()) {
        Ok(ps) => {
            if let Some(name) = &opts.profile {
                if !ps.iter().any(|p| &p.name == name) {
                    let names: Vec<&str> = ps.iter().map(|p| p.name.as_str()).collect();
                    eprintln!(
                        "error: --profile {name}: no such profile; known: {}",
                        names.join(", ")
                    );
                    return ExitCode::from(2);
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    let (files, problems) = collect(paths);
    let mut failed = 0usize;
    for p in &problems {
        eprintln!("error: {p}");
        failed += 1;
    }
    let mut store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}: {e}", db.display());
            return ExitCode::from(2);
        }
    };
    let tty = std::io::stderr().is_terminal();
    let bar = if tty && files.len() > 1 && !quiet {
        let b = ProgressBar::new(files.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let started = Instant::now();
    let (mut ingested, mut unchanged) = (0usize, 0usize);
    let (mut pages, mut words) = (0usize, 0usize);
    for f in &files {
        bar.set_message(f.display().to_string());
        let t0 = Instant::now();
        let outcome = ingest_one(&mut store, f, force, limits, opts, &mut pages, &mut words);
        let secs = t0.elapsed().as_secs_f64();
        let line = match &outcome {
            Outcome::Ingested(summary) => {
                ingested += 1;
                format!("ok         {}  {summary} ({secs:.2} s)", f.display())
            }
            Outcome::Unchanged => {
                unchanged += 1;
                format!("unchanged  {}  already in the database (same SHA-256 and figuren version; --force reads it again)", f.display())
            }
            Outcome::Failed(why) => {
                failed += 1;
                format!("FAILED     {}: {why}", f.display())
            }
        };
        match outcome {
            Outcome::Failed(_) => bar.suspend(|| eprintln!("{line}")),
            _ if !quiet => bar.suspend(|| println!("{line}")),
            _ => {}
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!(
        "{} file(s): {ingested} ingested, {unchanged} unchanged, {failed} failed; {} pages, {} words in {:.1} s -> {}",
        files.len() + problems.len(),
        super::thousands(pages),
        super::thousands(words),
        started.elapsed().as_secs_f64(),
        db.display()
    );
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn ingest_one(
    store: &mut Store,
    f: &Path,
    force: bool,
    limits: WorkerLimits,
    opts: &StructureOptions,
    pages: &mut usize,
    words: &mut usize,
) -> Outcome {
    let bytes = match std::fs::read(f) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(format!("cannot read the file: {e}")),
    };
    let sha = format!("{:x}", Sha256::digest(&bytes));
    match store.existing(&sha) {
        // an explicit --profile or --parsers asks for a new reading of the structure
        Ok(Existing::Same { .. }) if !force && opts.profile.is_none() && opts.parsers.is_none() => {
            return Outcome::Unchanged
        }
        Ok(_) => {}
        Err(e) => return Outcome::Failed(e.to_string()),
    }
    let meta = FileMeta {
        sha256: sha,
        file_name: f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        file_path: f.display().to_string(),
        file_size: bytes.len() as u64,
    };
    drop(bytes);
    let reading = match read_isolated(f, limits, opts) {
        Ok(r) => r,
        Err(ReadError::Pdf(e)) => return Outcome::Failed(e.to_string()),
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let (doc, structure) = (&reading.document, reading.structure.as_ref());
    match store.put_document(&meta, &reading, &now_iso()) {
        Ok((id, c)) => {
            *pages += c.pages;
            *words += c.words;
            let text = if doc.has_text_layer() {
                String::new()
            } else {
                ", NO TEXT LAYER (scanned?)".to_string()
            };
            let family = structure
                .and_then(|s| s.profile.clone())
                .map(|p| format!(" [{p}]"))
                .unwrap_or_default();
            let found = if c.figures + c.footnotes + c.citations > 0 {
                format!(
                    ", {} figures, {} footnotes, {} citations",
                    c.figures, c.footnotes, c.citations
                )
            } else {
                String::new()
            };
            Outcome::Ingested(format!(
                "#{id}{family}: {} pages, {} words, {} rules, {} links{found}, {} diagnostics{text}",
                c.pages,
                super::thousands(c.words),
                super::thousands(c.rules),
                c.links,
                c.diagnostics
            ))
        }
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_now_shape() {
        let s = super::now_iso();
        assert_eq!(s.len(), 20);
        assert!(s.starts_with("20"));
        assert!(s.ends_with('Z'));
    }
}
