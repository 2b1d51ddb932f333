//! `figuren inspect` (issue 10 parts 4 and 5): the page overlay written as HTML and opened in a
//! real headless Chromium (`--dump-dom`), which runs the page's self-test and leaves its
//! result in `<body data-selftest="…">`:
//! - the SVG (in PDF points) and the raster cover the same box on screen (within 0.5 px);
//! - at least 80% of the word boxes sit on the ink of the raster (ink inside, blank 1-pt
//!   strips left and right, ink in the x-height band);
//! - the same overlay shifted by 2 pt in x, or by 4 pt in y (either way), is aligned for 20%
//!   or less;
//! - the page draws as many cells as the database holds for it after `figuren ingest`.
//!
//! On the LibreOffice sample (page 3) and on a PBL report from the shared corpus (page 10).
//! Without a browser these tests skip with a message, except when `FIGUREN_REQUIRE_BROWSER`
//! or `FIGUREN_CI` is set (CI sets them): then a missing browser or corpus file fails them.

mod common;

use common::*;
use figuren::inspect::browser;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::Command;

const PBL: &str = "learninglion/pbl_verhuismotieven/pbl_2023_verhuismotieven_en_ruimtelijke_verhuisbewegingen-4669.pdf";
const SAMPLE: &str = "staat-van-migratie-2025-h2-h5.pdf";

/// CI sets `FIGUREN_REQUIRE_BROWSER` (and `FIGUREN_CI`, which the export tests read too):
/// there a missing browser or corpus file is a failure, not a skip.
fn required() -> bool {
    ["FIGUREN_REQUIRE_BROWSER", "FIGUREN_CI"]
        .iter()
        .any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty() && v != "0"))
}

/// The browser, or None after saying why the test skips (a failure where one is required).
fn chromium() -> Option<PathBuf> {
    match browser::find() {
        Some(b) => Some(b),
        None if required() => panic!(
            "FIGUREN_REQUIRE_BROWSER or FIGUREN_CI is set but no headless Chromium was found \
             (chromium-headless-shell or chromium on PATH, or $FIGUREN_CHROMIUM)"
        ),
        None => {
            eprintln!(
                "SKIPPED: no headless Chromium (apt-get install chromium-headless-shell, or set \
                 FIGUREN_CHROMIUM); the browser tests of the overlay did not run"
            );
            None
        }
    }
}

fn pbl() -> Option<PathBuf> {
    let p = repo().join("../shared/corpus").join(PBL);
    if p.is_file() {
        Some(p)
    } else if required() {
        panic!(
            "FIGUREN_REQUIRE_BROWSER or FIGUREN_CI is set but {} is missing",
            p.display()
        );
    } else {
        eprintln!("SKIPPED: {} is not present", p.display());
        None
    }
}

fn inspect(pdf: &Path, args: &[&str], out: &Path) -> std::process::Output {
    let o = Command::new(figuren())
        .arg("inspect")
        .arg(pdf)
        .args(args)
        .arg("--html")
        .arg(out)
        .output()
        .expect("figuren runs");
    assert!(
        o.status.success(),
        "figuren inspect failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Cells `figuren ingest` stores for the page.
fn stored_cells(pdf: &Path, page: u32, dir: &Path) -> i64 {
    let db = dir.join("cells.sqlite");
    let o = Command::new(figuren())
        .arg("ingest")
        .arg(pdf)
        .arg("--db")
        .arg(&db)
        .arg("-q")
        .output()
        .expect("figuren runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let conn = Connection::open(&db).expect("db");
    conn.query_row(
        "SELECT count(*) FROM figure_cells c JOIN figures f ON f.id = c.figure_id WHERE c.page = ?1",
        [page],
        |r| r.get(0),
    )
    .expect("count")
}

fn selftest(b: &Path, html: &Path, shift: Option<&str>) -> serde_json::Value {
    let query = shift.map(|s| format!("shift={s}"));
    let url = browser::file_url(html, query.as_deref());
    let dom = browser::dump_dom(b, &url).expect("the browser runs");
    let v = browser::selftest_of(&dom)
        .unwrap_or_else(|| panic!("{url}: no data-selftest in the DOM the browser dumped"));
    eprintln!("{url}: {v}");
    assert!(v.get("error").is_none(), "{url}: self-test error {v}");
    v
}

fn fraction(v: &serde_json::Value) -> f64 {
    v["aligned_fraction"].as_f64().expect("aligned_fraction")
}

/// The whole check of part 5 on one page.
fn overlay_lines_up(pdf: &Path, page: u32) {
    let Some(b) = chromium() else { return };
    let dir = tempdir();
    let out = dir.path().join("html");
    inspect(pdf, &["--pages", &page.to_string()], &out);
    let html = out.join(format!("page-{page:03}.html"));
    assert!(out.join("index.html").is_file());

    let v = selftest(&b, &html, None);
    assert_eq!(v["raster"], true, "{v}");
    let delta = v["box_delta_px"].as_f64().expect("box_delta_px");
    assert!(
        delta <= 0.5,
        "SVG and image boxes differ by {delta} px: {v}"
    );
    let words = v["words"].as_u64().expect("words");
    assert!(words >= 100, "only {words} words measured: {v}");
    assert!(fraction(&v) >= 0.8, "aligned words below 80%: {v}");

    for shift in ["2,0", "0,4", "-2,0", "0,-4"] {
        let s = selftest(&b, &html, Some(shift));
        assert!(
            fraction(&s) <= 0.2,
            "shifted by {shift} pt the overlay still looks aligned: {s}"
        );
    }

    let stored = stored_cells(pdf, page, dir.path());
    assert_eq!(
        v["cells_drawn"].as_i64(),
        Some(stored),
        "cells drawn vs cells stored for page {page}: {v}"
    );
    assert_eq!(v["cells_expected"].as_i64(), Some(stored), "{v}");
}

#[test]
fn sample_page_3_lines_up_in_a_browser() {
    overlay_lines_up(&sample(SAMPLE), 3);
}

#[test]
fn pbl_page_10_lines_up_in_a_browser() {
    let Some(pdf) = pbl() else { return };
    overlay_lines_up(&pdf, 10);
}

/// `--screenshot` leaves a PNG beside the page for a person to look at.
#[test]
fn a_screenshot_for_a_person() {
    if chromium().is_none() {
        return;
    }
    let dir = tempdir();
    let out = dir.path().join("html");
    let o = inspect(
        &sample(SAMPLE),
        &["--figure", "Figuur 6", "--screenshot"],
        &out,
    );
    let text = String::from_utf8_lossy(&o.stdout);
    let png = std::fs::read_dir(&out)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "png"))
        .unwrap_or_else(|| panic!("no screenshot written: {text}"));
    let bytes = std::fs::read(&png).expect("png");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert!(bytes.len() > 10_000, "{} is too small", png.display());
}

/// Same input, same bytes; no address outside the file; the figure's page is chosen by label.
#[test]
fn the_same_bytes_on_every_run_and_no_network() {
    let dir = tempdir();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let pdf = sample(SAMPLE);
    inspect(&pdf, &["--figure", "Figuur 6"], &a);
    inspect(&pdf, &["--figure", "Figuur 6"], &b);
    let mut names: Vec<String> = std::fs::read_dir(&a)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.contains(&"index.html".to_string()), "{names:?}");
    assert!(names.len() >= 2, "{names:?}");
    for n in &names {
        let x = std::fs::read(a.join(n)).expect("a");
        let y = std::fs::read(b.join(n)).expect("b");
        assert!(x == y, "{n} differs between two runs");
        let text = String::from_utf8_lossy(&x);
        for bad in [
            "<link",
            "@import",
            "src=\"http",
            "src=\"//",
            "url(http",
            "fetch(",
        ] {
            assert!(!text.contains(bad), "{n} refers outside itself: {bad}");
        }
    }
    let index = std::fs::read_to_string(a.join("index.html")).expect("index");
    assert!(index.contains("Figuur 6"), "index lists the figure");
    assert!(
        index.contains("unchecked"),
        "no database: figures are unchecked"
    );
    let page = names
        .iter()
        .find(|n| n.starts_with("page-"))
        .expect("a page file");
    let html = std::fs::read_to_string(a.join(page)).expect("page");
    assert!(
        html.contains("data:image/png;base64,"),
        "the raster is inline"
    );
    for layer in [
        "layer-words",
        "layer-blocks",
        "layer-rules",
        "layer-figures",
        "layer-cells",
        "layer-checks",
        "layer-notes",
        "layer-links",
    ] {
        assert!(html.contains(&format!("id=\"{layer}\"")), "{layer} missing");
    }
    assert!(html.contains("class=\"cell ok\""), "cells by status");
    assert!(html.contains(" → "), "tooltips show raw → value");
}

/// A page the renderer fails on still gets its overlay, without a raster, and a diagnostic
/// (the failure injected into the rendering worker; debug builds only).
#[test]
fn an_unrenderable_page_gets_an_overlay_without_raster() {
    if !cfg!(debug_assertions) {
        eprintln!("SKIPPED in release builds: the fault injection works in debug builds only");
        return;
    }
    for fault in ["panic", "abort"] {
        let dir = tempdir();
        let out = dir.path().join("html");
        let o = Command::new(figuren())
            .args(["inspect", "--pages", "3", "--html"])
            .arg(&out)
            .arg(sample(SAMPLE))
            .env("FIGUREN_RENDER_FAULT", fault)
            .output()
            .expect("figuren runs");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{fault}: {err}");
        assert!(err.contains("page 3: page not rendered"), "{fault}: {err}");
        let html = std::fs::read_to_string(out.join("page-003.html")).expect("page");
        assert!(!html.contains("id=\"raster\""), "{fault}: no raster");
        assert!(html.contains("page not rendered"), "{fault}: diagnostic");
        assert!(html.contains("id=\"layer-words\""), "{fault}: overlay");
        let index = std::fs::read_to_string(out.join("index.html")).expect("index");
        assert!(index.contains("(no raster)"), "{fault}");
    }
}

/// With a database that holds checks (issue 8's `checks` table and `figures.check_status`),
/// the index shows the verdict and the page draws the cells of a failed check in red.
#[test]
fn failed_checks_from_the_database_are_red() {
    let dir = tempdir();
    let pdf = sample(SAMPLE);
    let db = dir.path().join("v.sqlite");
    let o = Command::new(figuren())
        .arg("ingest")
        .arg(&pdf)
        .arg("--db")
        .arg(&db)
        .arg("-q")
        .output()
        .expect("figuren runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    {
        let conn = Connection::open(&db).expect("db");
        let has_status: bool = conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info('figures') WHERE name = 'check_status'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .expect("pragma")
            > 0;
        if !has_status {
            conn.execute_batch("ALTER TABLE figures ADD COLUMN check_status TEXT")
                .expect("column");
        }
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS checks (id INTEGER PRIMARY KEY, figure_id INTEGER NOT NULL,
               kind TEXT NOT NULL, cells TEXT NOT NULL, expected TEXT NOT NULL, printed TEXT NOT NULL,
               status TEXT NOT NULL, confidence TEXT NOT NULL, detail TEXT NOT NULL);
             DELETE FROM checks;
             UPDATE figures SET check_status = 'verified';",
        )
        .expect("checks table");
        let (fid, row, col): (i64, i64, i64) = conn
            .query_row(
                "SELECT f.id, c.row_index, c.col_index FROM figures f
                   JOIN figure_cells c ON c.figure_id = f.id
                  WHERE f.label = 'Figuur 6' AND c.status = 'ok'
                  ORDER BY c.row_index, c.col_index LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("a cell of Figuur 6");
        conn.execute(
            "INSERT INTO checks (figure_id, kind, cells, expected, printed, status, confidence, detail)
             VALUES (?1, 'total', ?2, '1660', '1670', 'mismatch', 'explicit', 'made by the test')",
            rusqlite::params![fid, format!("[[{row},{col}]]")],
        )
        .expect("check");
        conn.execute(
            "UPDATE figures SET check_status = 'inconsistent' WHERE id = ?1",
            [fid],
        )
        .expect("verdict");
    }
    let out = dir.path().join("html");
    inspect(
        &pdf,
        &["--figure", "Figuur 6", "--db", db.to_str().expect("utf8")],
        &out,
    );
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(index.contains("inconsistent"), "the verdict is shown");
    assert!(index.contains("verified"), "other figures' verdicts too");
    assert!(index.contains("made by the test") || index.contains("printed 1670"));
    let pages: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("page-"))
        })
        .collect();
    let red: usize = pages
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .expect("page")
                .matches("class=\"failed\"")
                .count()
        })
        .sum();
    assert_eq!(red, 1, "one cell of the failed check is drawn red");
}

/// Wrong pages and unknown figures are one clear line and exit status 2, with nothing written.
#[test]
fn wrong_pages_and_figures_are_refused() {
    let dir = tempdir();
    let pdf = sample(SAMPLE);
    for (args, says) in [
        (vec!["--pages", "0"], "is not a page"),
        (vec!["--pages", "5-3"], "is not a page"),
        (vec!["--pages", "99"], "no page 99; the file has 49 page(s)"),
        (
            vec!["--figure", "Figuur 999"],
            "no figure labelled \"Figuur 999\"; it has Figuur 1",
        ),
    ] {
        let out = dir.path().join("html");
        let o = Command::new(figuren())
            .arg("inspect")
            .arg(&pdf)
            .args(&args)
            .arg("--html")
            .arg(&out)
            .output()
            .expect("figuren runs");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!out.exists(), "{args:?}: nothing is written");
    }
}
