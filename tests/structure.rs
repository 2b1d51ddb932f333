//! The structure stage on the three renderings of the report sample (LibreOffice, pdfLaTeX,
//! and the pdfLaTeX/Pagella rendering with two-column chapters and baseline note numbers)
//! against their truth files: every caption (number, title, period, source, organisations,
//! note, footnote markers, page, printed page label), every footnote (text and page), every
//! note cited, every reference resolved, the kind of every figure, caption links. One
//! threshold for all renderings: everything exact.

mod common;

use common::*;
use figuren::pipeline::{read, read_file, Options, Reading};
use figuren::structure::{FigureKind, RefKind, Structure};

fn reading(path: &std::path::Path) -> Reading {
    read_file(path, &Options::full()).expect("reads")
}

fn truth(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("truth")).expect("json")
}

fn structure_of_bytes(bytes: &[u8], profile: &str) -> Structure {
    let opts = Options {
        profile: Some(profile.into()),
        ..Options::full()
    };
    read(bytes, &opts)
        .expect("reads")
        .structure
        .expect("structure")
}

/// Checks one rendering against its truth: no problem at all.
fn check_rendering(pdf: std::path::PathBuf) {
    let r = reading(&pdf);
    let t = truth(&pdf.with_extension("truth.json"));
    let st = r.structure.as_ref().expect("structure");
    assert_eq!(st.profile.as_deref(), Some("staat-van-migratie"));
    // the samples' charts are placeholder boxes without data: images
    let report = figuren::eval::truth::compare(&r.document, st, &t, FigureKind::Image);
    eprintln!("{}: {}", pdf.display(), report.summary());
    assert!(
        report.problems.is_empty(),
        "{}: {} problem(s):\n{}",
        pdf.display(),
        report.problems.len(),
        report.problems.join("\n")
    );
    assert!(
        report.caption_links >= 5,
        "only {} caption links",
        report.caption_links
    );
    // links outside every figure region stay unassigned
    let tied = st.link_figures.len();
    let all: usize = r.document.pages.iter().map(|p| p.links.len()).sum();
    assert!(
        tied < all && tied > all / 3,
        "{tied} of {all} links tied to figures"
    );
}

#[test]
fn libreoffice_rendering_matches_its_truth() {
    check_rendering(sample("staat-van-migratie-2025-h2-h5.pdf"));
}

#[test]
fn pdflatex_rendering_matches_its_truth() {
    check_rendering(sample("staat-van-migratie-2025-h2-h5-latex.pdf"));
}

#[test]
fn pagella_two_column_rendering_matches_its_truth() {
    check_rendering(fixture(
        "renderings/staat-van-migratie-2025-h2-h5-pagella.pdf",
    ));
}

#[test]
fn footnote_references_by_kind() {
    for pdf in [
        sample("staat-van-migratie-2025-h2-h5.pdf"),
        sample("staat-van-migratie-2025-h2-h5-latex.pdf"),
        fixture("renderings/staat-van-migratie-2025-h2-h5-pagella.pdf"),
    ] {
        let r = reading(&pdf);
        let st = r.structure.expect("structure");
        let kind_of = |n: u32| {
            st.refs
                .iter()
                .filter(|r| r.number == n)
                .map(|r| (r.kind, r.figure.map(|f| st.figures[f].label.as_str())))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kind_of(30),
            vec![(RefKind::Caption, Some("Figuur 1"))],
            "{}",
            pdf.display()
        );
        assert_eq!(
            kind_of(108),
            vec![(RefKind::Body, None)],
            "{}",
            pdf.display()
        );
        // a marker in a table header (`(maanden)`¹¹¹) and one glued to a number in a cell (`8`¹²²)
        assert_eq!(
            kind_of(111),
            vec![(RefKind::Header, Some("Figuur 66"))],
            "{}",
            pdf.display()
        );
        assert_eq!(
            kind_of(122),
            vec![(RefKind::Cell, Some("Figuur 74"))],
            "{}",
            pdf.display()
        );
        assert_eq!(st.refs.len(), 105, "{}", pdf.display());
    }
}

#[test]
fn citations_in_the_report_footnotes() {
    let st = reading(&sample("staat-van-migratie-2025-h2-h5.pdf"))
        .structure
        .expect("structure");
    let ids: Vec<&str> = st.citations.iter().map(|c| c.identifier.as_str()).collect();
    // footnote 36: Richtlijn 2003/86/EG; footnote 37: Richtlijn (EU) 2016/801
    assert!(
        st.citations
            .iter()
            .any(|c| c.footnote_number == Some(37) && c.identifier == "32016L0801"),
        "{ids:?}"
    );
    assert!(
        st.citations
            .iter()
            .any(|c| c.footnote_number == Some(36) && c.identifier == "32003L0086"),
        "{ids:?}"
    );
    // every Kamerstuk citation has dossier and number
    for c in st
        .citations
        .iter()
        .filter(|c| c.kind == figuren::structure::citations::CitationKind::Kamerstuk)
    {
        assert!(c.dossier.is_some() && c.number.is_some(), "{c:?}");
        assert!(c.identifier.starts_with("kst-"), "{c:?}");
    }
    assert!(
        st.citations
            .iter()
            .any(|c| c.kind == figuren::structure::citations::CitationKind::Ecli),
        "{ids:?}"
    );
}

#[test]
fn a_note_continued_on_the_next_page_is_whole() {
    use common::{pdf, HELVETICA};
    let body = |y: u32, text: &str| format!("BT /F1 10 Tf 72 {y} Td ({text}) Tj ET ");
    let marker = |x: u32, y: u32, n: &str| format!("BT /F1 5 Tf 3 Ts {x} {y} Td ({n}) Tj 0 Ts ET ");
    let note = |y: u32, text: &str| format!("BT /F1 8 Tf 80 {y} Td ({text}) Tj ET ");
    let mut p1 = String::new();
    for k in 0..20 {
        p1 += &body(
            750 - 14 * k,
            "De Staat van Migratie beschrijft de migratie naar Nederland in het afgelopen jaar.",
        );
    }
    p1 += &body(450, "Een zin met een voetnoot");
    p1 += &marker(189, 450, "1");
    p1 += &marker(72, 100, "1");
    p1 += &note(
        100,
        "Kamerstukken II 2024/2025, 30 573, nr. 220 en de brief die daarop volgde over de",
    );
    let mut p2 = String::new();
    for k in 0..20 {
        p2 += &body(
            750 - 14 * k,
            "De Staat van Migratie beschrijft de migratie naar Nederland in het afgelopen jaar.",
        );
    }
    p2 += &body(450, "Nog een voetnoot");
    p2 += &marker(155, 450, "2");
    p2 += &note(110, "opvang van asielzoekers.");
    p2 += &marker(72, 98, "2");
    p2 += &note(98, "Tweede noot.");
    let bytes = pdf(&[(&p1, HELVETICA), (&p2, HELVETICA)], "");
    let st = structure_of_bytes(&bytes, "staat-van-migratie");
    let notes: Vec<(u32, &str, u32)> = st
        .footnotes
        .iter()
        .map(|f| (f.number, f.text.as_str(), f.page))
        .collect();
    assert_eq!(
        notes,
        vec![
            (1, "Kamerstukken II 2024/2025, 30 573, nr. 220 en de brief die daarop volgde over de opvang van asielzoekers.", 1),
            (2, "Tweede noot.", 2)
        ]
    );
    assert_eq!(
        st.refs
            .iter()
            .map(|r| (r.number, r.page, r.kind.as_str()))
            .collect::<Vec<_>>(),
        vec![(1, 1, "body"), (2, 2, "body")]
    );
    assert!(st
        .citations
        .iter()
        .any(|c| c.footnote_number == Some(1) && c.identifier == "kst-30573-220"));
}

#[test]
fn a_spread_with_two_footers_gets_both_page_numbers() {
    use common::{pdf, HELVETICA};
    let page = |a: u32, b: u32| {
        let mut c = String::new();
        for k in 0..10 {
            c += &format!("BT /F1 10 Tf 72 {} Td (De Staat van Migratie beschrijft de migratie naar Nederland.) Tj ET ", 750 - 14 * k);
        }
        c += &format!("BT /F1 7 Tf 72 30 Td ({a} | De Staat van Migratie 2025) Tj ET ");
        c += &format!("BT /F1 7 Tf 400 30 Td (De Staat van Migratie 2025 | {b}) Tj ET ");
        c
    };
    let (p1, p2) = (page(30, 31), page(32, 33));
    let bytes = pdf(&[(&p1, HELVETICA), (&p2, HELVETICA)], "");
    let st = structure_of_bytes(&bytes, "staat-van-migratie");
    assert_eq!(
        st.printed_page,
        vec![Some("30-31".to_string()), Some("32-33".to_string())]
    );
}

#[test]
fn a_caption_under_its_figure_when_the_profile_says_so() {
    use common::{pdf, HELVETICA};
    // a table of numbers, its caption below it, then running text
    let mut c = String::new();
    for k in 0..6 {
        c += &format!(
            "BT /F1 10 Tf 72 {} Td (De Staat van Migratie beschrijft de migratie naar Nederland in het afgelopen jaar.) Tj ET ",
            760 - 14 * k
        );
    }
    for (k, (label, a, b)) in [
        ("2022", "232.190", "49.480"),
        ("2023", "166.290", "59.480"),
        ("Totaal", "398.480", "108.960"),
    ]
    .iter()
    .enumerate()
    {
        let y = 640 - 14 * k as i32;
        c += &format!("BT /F1 9 Tf 72 {y} Td ({label}) Tj ET BT /F1 9 Tf 300 {y} Td ({a}) Tj ET BT /F1 9 Tf 400 {y} Td ({b}) Tj ET ");
    }
    c += "BT /F1 9 Tf 72 585 Td (Tabel 1: Immigratie en emigratie, 2022-2023) Tj ET ";
    for k in 0..6 {
        c += &format!(
            "BT /F1 10 Tf 72 {} Td (De Staat van Migratie beschrijft de migratie naar Nederland in het afgelopen jaar.) Tj ET ",
            560 - 14 * k
        );
    }
    let bytes = pdf(&[(&c, HELVETICA)], "");
    let dir = tempdir();
    let below = std::fs::read_to_string(repo().join("parsers/pbl-cbs-report.toml"))
        .expect("profile")
        .replace("name = \"pbl-cbs-report\"", "name = \"under\"")
        .replace("position = \"below\"", "position = \"above\"");
    std::fs::write(dir.path().join("under.toml"), below).expect("write");
    let opts = Options {
        profile: Some("under".into()),
        parsers: Some(dir.path().to_path_buf()),
        ..Options::full()
    };
    let st = read(&bytes, &opts)
        .expect("reads")
        .structure
        .expect("structure");
    assert_eq!(st.figures.len(), 1, "{:?}", st.figures);
    let f = &st.figures[0];
    assert_eq!(f.label, "Tabel 1");
    assert_eq!(f.kind, FigureKind::Table);
    // the region runs up from the caption over the table, not down into the text
    assert!(f.bbox.y0 < 842.0 - 640.0 - 5.0, "{:?}", f.bbox);
    assert!(f.bbox.y1 < 842.0 - 560.0, "{:?}", f.bbox);
}
