//! Helpers shared by the integration tests: a tiny PDF writer for hand-made fixtures,
//! and the path of the shared corpus (tests that need it skip with a message when absent).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A PDF with one page per content stream; `fonts` are the page resources' /Font entries
/// as raw dictionary text (e.g. `/F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>`).
pub fn pdf(pages: &[(&str, &str)], extra_page_keys: &str) -> Vec<u8> {
    let mut objs: Vec<String> = Vec::new();
    // 1: catalog, 2: pages, then per page: page, content
    let n = pages.len();
    objs.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 3 + 2 * i)).collect();
    objs.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        n
    ));
    for (i, (content, fonts)) in pages.iter().enumerate() {
        objs.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << {fonts} >> >> /Contents {} 0 R {extra_page_keys} >>",
            4 + 2 * i
        ));
        objs.push(format!(
            "<< /Length {} >>\nstream\n{}\nendstream",
            content.len() + 1,
            content
        ));
    }
    assemble(&objs)
}

/// Objects 1..n (1 is the catalog) with a cross-reference table and trailer.
pub fn assemble(objs: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{}\nendobj\n", i + 1, o).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    let trailer = format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n",
        objs.len() + 1,
        xref
    );
    out.extend_from_slice(trailer.as_bytes());
    out
}

pub const HELVETICA: &str =
    "/F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// An image-only page (what a scan looks like): one image XObject, no text.
pub fn scanned_pdf() -> Vec<u8> {
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
        "<< /Length 32 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\n\nendstream".to_string(),
        "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\u{7f}\nendstream".to_string(),
    ];
    assemble(&objs)
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

pub fn sample(name: &str) -> PathBuf {
    repo().join("samples").join(name)
}

/// `../shared/corpus`, or None (with a message) when this checkout has no shared folder.
pub fn corpus() -> Option<PathBuf> {
    let p = repo().join("../shared/corpus");
    if p.join("MANIFEST.tsv").is_file() {
        Some(p)
    } else {
        eprintln!(
            "SKIPPED: ../shared/corpus is not present next to this checkout; corpus tests need it"
        );
        None
    }
}

pub fn figuren() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_figuren"))
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

/// Ingests `pdf` with the `figuren` binary into `db` and scores it with the shared scorer
/// (`../shared/tools/score.py`) against `truth`: its summary line (`cells 596/597 … wrong_values
/// 0 …`). None, with a printed SKIPPED, when the scorer or python3 is not there.
pub fn shared_score(db: &Path, pdf: &Path, truth: &Path) -> Option<String> {
    use std::process::Command;
    let scorer = repo().join("../shared/tools/score.py");
    if !scorer.exists() {
        eprintln!("SKIPPED: {} is not present", scorer.display());
        return None;
    }
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("SKIPPED: python3 is not installed");
        return None;
    }
    let o = Command::new(env!("CARGO_BIN_EXE_figuren"))
        .arg("ingest")
        .arg(pdf)
        .arg("--db")
        .arg(db)
        .arg("-q")
        .output()
        .expect("runs figuren");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = Command::new("python3")
        .arg(&scorer)
        .arg(db)
        .arg(truth)
        .arg(pdf)
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    Some(text.lines().last().unwrap_or("").to_string())
}
