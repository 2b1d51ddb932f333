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

/// One page showing `shown` (a PDF string) in a Type 3 font; `font` is the rest of the font
/// dictionary, `extra` more objects from number 6 on (5 is the content stream).
fn type3_pdf(font: &str, shown: &str, extra: &[&str]) -> Vec<u8> {
    let content = format!("BT /T3 12 Tf 72 700 Td {shown} Tj ET");
    let mut objs = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /T3 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        format!(
            "<< /Type /Font /Subtype /Type3 /FontMatrix [0.001 0 0 0.001 0 0] \
             /FontBBox [0 -200 800 800] /CharProcs << >> {font} >>"
        ),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len() + 1),
    ];
    objs.extend(extra.iter().map(|s| s.to_string()));
    assemble(&objs)
}

fn page_text(pdf: &[u8]) -> String {
    let doc = figuren::pdf::extract_bytes(pdf).expect("reads");
    words(&doc).join(" ")
}

#[test]
fn tounicode_still_wins_and_unknown_names_stay_unknown() {
    let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
                1 begincodespacerange <00> <FF> endcodespacerange \
                1 beginbfchar <41> <005A> endbfchar endcmap end end";
    let tounicode = format!(
        "<< /Length {} >>\nstream\n{cmap}\nendstream",
        cmap.len() + 1
    );
    let font = "/Encoding << /Differences [65 /a65 /a66 /a67] >> /FirstChar 65 /LastChar 67 \
                /Widths [500 500 500] /ToUnicode 6 0 R";
    // A has a ToUnicode entry (Z); B and C fall back to their TeX names.
    assert_eq!(page_text(&type3_pdf(font, "(ABC)", &[&tounicode])), "ZBC");
    // Without ToUnicode, names whose numbers are not their codes (glyph numbers) stay unknown
    let font = "/Encoding << /Differences [65 /g3 /g4] >> /FirstChar 65 /LastChar 66 \
                /Widths [500 500]";
    assert_eq!(page_text(&type3_pdf(font, "(AB)", &[])), "\u{fffd}\u{fffd}");
}

#[test]
fn renumbered_codes_take_the_number_as_the_character() {
    // Codes 1, 2, 3 in order of use; the names keep the character (poppler's numeric names).
    let font = "/Encoding << /Differences [1 /c72 /c105 /c33] >> /FirstChar 1 /LastChar 3 \
                /Widths [600 300 300]";
    assert_eq!(page_text(&type3_pdf(font, "<010203>", &[])), "Hi!");
    let font = "/Encoding << /Differences [1 /G48 /G69 /G2E] >> /FirstChar 1 /LastChar 3 \
                /Widths [600 300 300]";
    assert_eq!(page_text(&type3_pdf(font, "<010203>", &[])), "Hi.");
    // ZapfDingbats names are not read in a font that is not Dingbats
    let font = "/Encoding << /Differences [33 /a1] >> /FirstChar 33 /LastChar 33 /Widths [600]";
    assert_eq!(page_text(&type3_pdf(font, "(!)", &[])), "\u{fffd}");
}
