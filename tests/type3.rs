//! Type 3 fonts: TeX's bitmap (pk) fonts, whose glyph names carry the character code
//! (`/a97` from pdfTeX, `/x61` from dvipdfmx), come out as text in TeX's T1 encoding; the
//! size of Type 3 text is its font size in ems, whatever the FontMatrix; and on the corpus
//! files with Type 3 fonts figuren agrees with `pdftotext`.

mod common;

use common::*;
use figuren::eval::poppler::{compare_document, run_pdftotext_bbox};
use figuren::pdf::extract_file;
use figuren::pdf::model::Document;

fn words(doc: &Document) -> Vec<&str> {
    doc.pages
        .iter()
        .flat_map(|p| p.words.iter().map(|w| w.text.as_str()))
        .collect()
}

const URL: &str = "https://justitieconnect.nl/gmk/9c39f27c-896e-4c5f-8622-aafb8dec986e";
const URL2: &str = "https://example.nl/~beheer/zoek_resultaat?q=100%25&r=a#deel-2";

#[test]
fn tex_bitmap_fonts_read_as_text() {
    // tools/fixtures/type3-pk.tex, by pdfTeX and by latex + dvipdfmx; both fonts (ecrm1000,
    // ectt1000) are 600 dpi pk bitmaps in Type 3 fonts without ToUnicode.
    for name in ["type3-pk.pdf", "type3-pk-dvipdfmx.pdf"] {
        let doc = extract_file(&fixture(name)).expect("reads");
        let w = words(&doc);
        let want = [
            URL,
            URL2,
            // T1 accented letters, in the roman and in the typewriter font
            "Oekraïense",
            "België",
            "café",
            // T1 ligatures (fi at 28, ffi at 30), quotes (16, 17) and the en dash (21)
            "financiën",
            "officiële",
            "“opvangplan”",
            "–",
        ];
        for s in want {
            assert!(w.contains(&s), "{name}: {s} not in {w:?}");
        }
        assert_eq!(
            w.iter().filter(|s| **s == "Oekraïense").count(),
            2,
            "{name}"
        );
        assert!(!w.iter().any(|s| s.contains('\u{fffd}')), "{name}: {w:?}");
        assert!(
            !doc.diagnostics
                .iter()
                .any(|d| d.message.contains("Unicode")),
            "{name}: {:?}",
            doc.diagnostics
        );
        // \documentclass[10pt]: Tf 9.9626, FontMatrix 0.011 (1/ppem at 600 dpi)
        for wd in &doc.pages[0].words {
            assert!((wd.size - 9.96).abs() < 0.05, "{name}: {wd:?}");
        }
        // the URL is one line, in reading order after the text before it
        let i = w.iter().position(|s| *s == URL).expect("url");
        assert_eq!(w[i - 1], "dossier:", "{name}");
    }
}

#[test]
fn type3_text_space_in_ems() {
    // 2b.pdf: FontMatrix 0.01 with letters 100 units wide. At 10x the size (the FontMatrix
    // taken as 1/1000 of an em) the second o of Booked was dropped as a fake-bold copy,
    // words ran together (Bokedand) and `date` was read as a superscript.
    let Some(c) = corpus() else { return };
    let doc = extract_file(&c.join("pdfminer/contrib/2b.pdf")).expect("reads");
    let w = words(&doc);
    for s in [
        "Booked",
        "and",
        "Text",
        "interest",
        "date",
        "01/14/2016",
        "Transfer",
        "Amount",
        "in",
        "EUR",
        "balance",
        "1,406,164.00",
        "1,406,246.50",
    ] {
        assert!(w.contains(&s), "{s} not in {w:?}");
    }
    assert_eq!(w.iter().filter(|s| **s == "Booked").count(), 2, "{w:?}");
    for wd in &doc.pages[0].words {
        // Tf 25 at 0.24
        assert!((wd.size - 6.0).abs() < 0.01, "{wd:?}");
        assert_eq!(wd.script, figuren::pdf::model::Script::Normal, "{wd:?}");
    }
}

#[test]
fn type3_files_agree_with_pdftotext() {
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: pdftotext (poppler-utils) is not installed");
        return;
    }
    // (file, least character agreement in canonical order). Where they differ on purpose:
    // poppler drops the unmapped T1 ligatures and quotes of the pk fixture (`nanciën`,
    // `ociële`) and reads the TikZ `/Bullet` of GeoTopo as `b`; it takes Google Docs' emoji
    // from /ActualText, which figuren does not read.
    let mut files = vec![
        (fixture("type3-pk.pdf"), 0.97),
        (fixture("type3-pk-dvipdfmx.pdf"), 0.97),
        (fixture("matplotlib.pdf"), 0.995),
    ];
    match corpus() {
        Some(c) => files.extend([
            (c.join("pdfminer/contrib/2b.pdf"), 0.995),
            (
                c.join("py-pdf-sample-files/009-pdflatex-geotopo/GeoTopo-komprimiert.pdf"),
                0.975,
            ),
            (
                c.join("py-pdf-sample-files/011-google-doc-document/google-doc-document.pdf"),
                0.99,
            ),
        ]),
        None => eprintln!("the corpus Type 3 files are skipped"),
    }
    let mut report = Vec::new();
    let mut failed = false;
    for (f, least) in &files {
        let ours = extract_file(f).expect("figuren reads");
        let theirs = run_pdftotext_bbox(f).expect("poppler reads");
        let c = compare_document(&ours, &theirs);
        let bad = c.canonical.agreement < *least;
        failed |= bad;
        report.push(format!(
            "{}{}: chars {:.4} (least {least}), reading order {:.4}",
            if bad { "FAIL " } else { "" },
            f.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            c.canonical.agreement,
            c.reading.agreement,
        ));
    }
    eprintln!("{}", report.join("\n"));
    assert!(!failed, "{}", report.join("\n"));
}
