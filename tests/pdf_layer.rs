//! The PDF layer on real and hand-made files: words, superscripts, coordinates, links,
//! metadata, rotation, Type 3, damaged files.

mod common;

use common::*;
use figuren::pdf::model::{Document, Script, Word};
use figuren::pdf::{extract_bytes, extract_file, PdfError};

fn page_words(doc: &Document, page: u32) -> &[Word] {
    &doc.pages[(page - 1) as usize].words
}

fn texts(ws: &[Word]) -> Vec<&str> {
    ws.iter().map(|w| w.text.as_str()).collect()
}

#[test]
fn letter_spaced_letter_gives_whole_words() {
    // Poppler prints `Inf rastructuur`, `D en Haag` and `I E NW/BSK-2023/297705` here.
    let doc = extract_file(&fixture("verzamelbrief-luchtvaart.pdf")).expect("reads");
    let w = texts(page_words(&doc, 1));
    assert!(w.contains(&"Infrastructuur"), "{w:?}");
    assert!(w.contains(&"IENW/BSK-2023/297705"), "{w:?}");
    assert!(w.windows(2).any(|p| p == ["Den", "Haag"]), "{w:?}");
    assert!(w.windows(3).any(|p| p == ["2515", "XP", "Den"]), "{w:?}");
    assert!(!w.contains(&"Inf") && !w.contains(&"rastructuur"));
    // footnote marker after `Schiphol` in the body and before the note at the foot
    let ws = page_words(&doc, 1);
    let i = ws
        .iter()
        .position(|w| w.text == "Schiphol")
        .expect("Schiphol");
    assert_eq!(ws[i + 1].text, "1");
    assert_eq!(ws[i + 1].script, Script::Superscript);
    assert_eq!(ws[i + 1].line, ws[i].line);
    let k = ws
        .iter()
        .position(|w| w.text == "Kamerstuk")
        .expect("footnote text");
    assert_eq!(
        (ws[k - 1].text.as_str(), ws[k - 1].script),
        ("1", Script::Superscript)
    );
    assert_eq!(doc.pages.len(), 7);
    assert!(w.contains(&"geïnformeerd"), "diacritics");
}

#[test]
fn report_sample_footnote_markers_are_superscripts() {
    let doc = extract_file(&sample("staat-van-migratie-2025-h2-h5.pdf")).expect("reads");
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(sample("staat-van-migratie-2025-h2-h5.truth.json"))
            .expect("truth"),
    )
    .expect("json");
    // Every footnote's number is printed raised twice: at its reference and before the note at
    // the foot of a page (truth pages are the seed's; Writer moves notes, so any page counts).
    let notes = truth["footnotes"].as_object().expect("footnotes");
    let mut missing = Vec::new();
    for n in notes.keys() {
        let raised: Vec<(u32, f64)> = doc
            .pages
            .iter()
            .flat_map(|p| {
                p.words
                    .iter()
                    .filter(|w| &w.text == n && w.script == Script::Superscript)
                    .map(move |w| (p.number, w.bbox.y0 / p.height))
            })
            .collect();
        let at_foot = raised.iter().any(|r| r.1 > 0.6);
        if raised.len() < 2 || !at_foot {
            missing.push(format!("{n}: {raised:?}"));
        }
    }
    assert!(
        missing.is_empty(),
        "footnote numbers not found raised at reference and foot: {missing:?}"
    );
    // Caption markers: `(Bron: Eurostat)30` -> `(Bron:`, `Eurostat)`, `^30`.
    for f in truth["figures"].as_array().expect("figures") {
        let page = f["page"].as_u64().expect("page") as u32;
        for n in f["footnotes"].as_array().expect("list") {
            let n = n.to_string();
            let ws = page_words(&doc, page);
            let hits = ws
                .iter()
                .filter(|w| w.text == n && w.script == Script::Superscript)
                .count();
            assert!(
                hits >= 2,
                "figure {} marker {n}: {hits} superscript(s) on page {page}",
                f["number"]
            );
        }
    }
    // Figuur 74: `8` followed by footnote 122 (`8122` in a plain text dump)
    let p = truth["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .find(|f| f["number"] == 74)
        .expect("74")["page"]
        .as_u64()
        .expect("p") as u32;
    let ws = page_words(&doc, p);
    let i = ws
        .iter()
        .position(|w| w.text == "122" && w.script == Script::Superscript)
        .expect("122 raised");
    assert!(ws.iter().any(|w| w.text == "8"
        && w.script == Script::Normal
        && (w.bbox.x1 - ws[i].bbox.x0).abs() < 1.0));
}

#[test]
fn report_sample_links_match_truth() {
    let doc = extract_file(&sample("staat-van-migratie-2025-h2-h5.pdf")).expect("reads");
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(sample("staat-van-migratie-2025-h2-h5.truth.json"))
            .expect("truth"),
    )
    .expect("json");
    let links = truth["link_annotations"].as_array().expect("links");
    let ours: usize = doc.pages.iter().map(|p| p.links.len()).sum();
    assert_eq!(ours, links.len());
    for l in links {
        let page = &doc.pages[(l["page"].as_u64().expect("page") - 1) as usize];
        let r: Vec<f64> = l["rect"]
            .as_array()
            .expect("rect")
            .iter()
            .map(|v| v.as_f64().expect("num"))
            .collect();
        // truth rects are PDF user space (y up); ours are top-left, y down
        let hit = page.links.iter().any(|x| {
            x.uri == l["uri"].as_str().unwrap_or("")
                && (x.bbox.x0 - r[0]).abs() < 0.1
                && (x.bbox.x1 - r[2]).abs() < 0.1
                && (x.bbox.y0 - (page.height - r[3])).abs() < 0.1
                && (x.bbox.y1 - (page.height - r[1])).abs() < 0.1
        });
        assert!(hit, "link {l} not found on page {}", page.number);
    }
    assert!(
        (doc.pages[0].width - 595.28).abs() < 0.05 && (doc.pages[0].height - 841.89).abs() < 0.05
    );
}

#[test]
fn kamerstuk_metadata_and_words() {
    let doc = extract_file(&fixture("kst-32545-143.pdf")).expect("reads");
    assert!(doc.has_text_layer());
    let all: Vec<&str> = doc
        .pages
        .iter()
        .flat_map(|p| p.words.iter().map(|w| w.text.as_str()))
        .collect();
    assert!(
        all.contains(&"32545-143") || all.windows(2).any(|w| w == ["32", "545"]),
        "dossier number"
    );
    assert!(doc.info.producer.is_some() || doc.info.creator.is_some());
}

#[test]
fn type3_and_rotated_and_corrupted_files_read() {
    let t3 = extract_file(&fixture("matplotlib.pdf")).expect("type3 reads");
    assert!(texts(page_words(&t3, 1)).contains(&"8"));
    let rot =
        extract_file(&fixture("zen_of_python_corrupted.pdf")).expect("corrupted xref is repaired");
    assert_eq!(rot.pages[0].rotation, 90);
    // landscape after rotation: width and height swap
    assert!(rot.pages[0].width > rot.pages[0].height);
    let w = texts(page_words(&rot, 1));
    assert!(w.contains(&"Beautiful"), "{w:?}");
    let words = page_words(&rot, 1);
    assert!(words
        .iter()
        .all(|w| w.bbox.x0 >= 0.0 && w.bbox.x1 <= rot.pages[0].width + 1.0));
}

#[test]
fn encrypted_file_is_reported() {
    let e = extract_file(&fixture("encrypted.pdf")).expect_err("needs a password");
    assert_eq!(e, PdfError::Encrypted);
    assert!(e.to_string().contains("password"));
}

#[test]
fn bad_bytes_give_errors_not_panics() {
    assert_eq!(extract_bytes(b"").expect_err("empty"), PdfError::Empty);
    assert_eq!(
        extract_bytes(b"hello, this is text").expect_err("text"),
        PdfError::NotPdf
    );
    let good = std::fs::read(sample("kamerbrief-staat-van-migratie-2024.pdf")).expect("sample");
    for cut in [20, 400, good.len() / 3, good.len() / 2, good.len() - 30] {
        // a truncated file either repairs into something readable or is an error; never a panic
        let _ = extract_bytes(&good[..cut]);
    }
    assert!(matches!(
        extract_bytes(b"%PDF-1.4\n garbage"),
        Err(PdfError::Damaged(_)) | Err(PdfError::NoPages)
    ));
}

#[test]
fn hand_made_text_operators() {
    // Tj, TJ with kerning, the ' and " operators, Ts rise, Tz scaling, a Form XObject
    let content = "BT /F1 10 Tf 12 TL 100 700 Td (Hello) Tj [( W) 20 (orld)] TJ (Next line) ' 2 1 (Spaced) \" \
                   ET BT /F1 10 Tf 100 600 Td (EU-11) Tj /F1 6 Tf 4 Ts (3) Tj 0 Ts /F1 10 Tf ( en) Tj ET \
                   BT /F1 10 Tf 50 Tz 100 500 Td (Narrow) Tj ET";
    let bytes = pdf(&[(content, HELVETICA)], "");
    let doc = extract_bytes(&bytes).expect("reads");
    let ws = page_words(&doc, 1);
    assert_eq!(
        texts(ws),
        vec!["Hello", "World", "Next", "line", "Spaced", "EU-11", "3", "en", "Narrow"]
    );
    // Helvetica metrics: `Hello` = H 722 + e 556 + l 222 + l 222 + o 556 = 2278/1000 em
    assert!(
        (ws[0].bbox.x0 - 100.0).abs() < 1e-6 && (ws[0].bbox.x1 - 122.78).abs() < 1e-6,
        "{:?}",
        ws[0].bbox
    );
    assert!((ws[0].baseline - (842.0 - 700.0)).abs() < 1e-6);
    // ascent/descent of Helvetica (718/-207) give the box height
    assert!(
        (ws[0].bbox.y0 - (142.0 - 7.18)).abs() < 1e-6
            && (ws[0].bbox.y1 - (142.0 + 2.07)).abs() < 1e-6
    );
    assert_eq!(
        ws[2].baseline,
        ws[0].baseline + 12.0,
        "' moves to the next line"
    );
    assert_eq!(ws[6].script, Script::Superscript);
    assert_eq!(ws[6].size, 6.0);
    assert_eq!(ws[5].script, Script::Normal);
    // Tz 50: half as wide; Tc 1 (set by the \" operator above) still applies, scaled too
    let narrow = &ws[8];
    let full = 722.0 + 556.0 + 333.0 + 333.0 + 556.0 + 722.0; // N a r r o w
    let expected = full / 1000.0 * 10.0 * 0.5 + 5.0 * 1.0 * 0.5;
    assert!(
        (narrow.bbox.width() - expected).abs() < 1e-6,
        "{}",
        narrow.bbox.width()
    );
}

#[test]
fn rotated_page_coordinates() {
    // /Rotate 90: the page shows landscape; text drawn upright in user space runs downwards.
    let bytes = pdf(
        &[("BT /F1 10 Tf 100 700 Td (Up) Tj ET", HELVETICA)],
        "/Rotate 90",
    );
    let doc = extract_bytes(&bytes).expect("reads");
    let p = &doc.pages[0];
    assert_eq!((p.width, p.height, p.rotation), (842.0, 595.0, 90));
    let w = &p.words[0];
    assert_eq!(w.dir, 90);
    // user (100,700) -> x = 700, y = 100
    assert!((w.bbox.y0 - 100.0).abs() < 1e-6, "{:?}", w.bbox);
    assert!(w.bbox.x0 < 700.0 && w.bbox.x1 > 700.0 - 1e-6);
}

#[test]
fn scanned_page_has_no_text_layer() {
    let doc = extract_bytes(&scanned_pdf()).expect("reads");
    assert!(!doc.has_text_layer());
    assert_eq!(doc.pages[0].image_count, 1);
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.message.contains("no text layer")));
}

#[test]
fn page_labels_from_the_number_tree() {
    let doc = extract_file(&fixture("pagelabels.pdf")).expect("reads");
    let labels: Vec<Option<&str>> = doc.pages.iter().map(|p| p.label.as_deref()).collect();
    // the same as pdfminer's test for this file
    assert_eq!(
        labels,
        vec![Some("iii"), Some("iv"), Some("1"), Some("2"), Some("1")]
    );
}

#[test]
fn outline_of_a_dutch_report() {
    let Some(corpus) = corpus() else { return };
    let f = corpus.join("learninglion/pbl_verhuismotieven/pbl_2023_verhuismotieven_en_ruimtelijke_verhuisbewegingen-4669.pdf");
    let doc = extract_file(&f).expect("reads");
    assert_eq!(doc.outline.len(), 19);
    assert_eq!(doc.outline.iter().map(|o| o.level).max(), Some(2));
    assert!(doc.outline.iter().all(|o| o
        .page
        .map(|p| p >= 1 && p as usize <= doc.pages.len())
        .unwrap_or(false)));
    assert!(doc.info.title.is_some() || doc.info.producer.is_some());
}
