//! The structure stage on the report sample against its truth file: every caption (number,
//! title, period, source, organisations, note, footnotes, page) and every footnote text.

mod common;

use common::*;
use figuren::pdf::extract_file;
use figuren::profile;
use figuren::structure::{analyse, Structure};

fn report() -> (Structure, serde_json::Value) {
    let doc = extract_file(&sample("staat-van-migratie-2025-h2-h5.pdf")).expect("reads");
    let ps = profile::load(None).expect("profiles");
    let first = figuren::structure::first_pages_text(&doc, 3);
    let p =
        profile::detect(&ps, doc.info.title.as_deref().unwrap_or(""), &first).expect("a profile");
    assert_eq!(p.name, "staat-van-migratie");
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(sample("staat-van-migratie-2025-h2-h5.truth.json"))
            .expect("truth"),
    )
    .expect("json");
    (analyse(&doc, p), truth)
}

fn s(v: &serde_json::Value) -> Option<String> {
    v.as_str().map(|x| x.to_string())
}

#[test]
fn every_caption_matches_the_truth() {
    let (st, truth) = report();
    let figs = truth["figures"].as_array().expect("figures");
    let mut problems = Vec::new();
    for t in figs {
        let n = t["number"].to_string();
        let Some(f) = st.figures.iter().find(|f| f.number == n) else {
            problems.push(format!("Figuur {n}: not found"));
            continue;
        };
        let want_fn: Vec<u32> = t["footnotes"]
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|x| x.as_u64())
            .map(|x| x as u32)
            .collect();
        let checks = [
            ("title", Some(f.title.clone()), s(&t["title"])),
            ("period", f.period.clone(), s(&t["period"])),
            ("source", f.source.clone(), s(&t["source_text"])),
            (
                "orgs",
                Some(format!("{:?}", f.source_orgs)),
                Some(format!(
                    "{:?}",
                    t["source_orgs"]
                        .as_array()
                        .expect("orgs")
                        .iter()
                        .filter_map(|x| x.as_str())
                        .collect::<Vec<_>>()
                )),
            ),
            (
                "footnotes",
                Some(format!("{:?}", f.footnotes)),
                Some(format!("{want_fn:?}")),
            ),
            (
                "page",
                Some(f.page.to_string()),
                Some(t["page"].to_string()),
            ),
            ("page_label", f.page_label.clone(), s(&t["page_label"])),
        ];
        // the note as printed may carry more than the truth's (Figuur 21 prints `BRP. 57` and a
        // raised 57: the plain copy is printed text, so it stays); it must start the same
        match (&f.note, s(&t["caption_note"])) {
            (Some(g), Some(w)) if g.starts_with(&w) => {}
            (None, None) => {}
            (g, w) => problems.push(format!("Figuur {n} note: got {g:?}, want {w:?}")),
        }
        for (what, got, want) in checks {
            if got != want {
                problems.push(format!("Figuur {n} {what}: got {got:?}, want {want:?}"));
            }
        }
    }
    assert_eq!(st.figures.len(), figs.len(), "{}", problems.join("\n"));
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_footnote_matches_the_truth() {
    let (st, truth) = report();
    let notes = truth["footnotes"].as_object().expect("footnotes");
    let mut problems = Vec::new();
    for (n, v) in notes {
        let n: u32 = n.parse().expect("number");
        let want = v["text"].as_str().unwrap_or("");
        match st.footnotes.iter().find(|f| f.number == n) {
            None => problems.push(format!("{n}: not found")),
            Some(f) if f.text != want => {
                problems.push(format!("{n}:\n  got:  {}\n  want: {want}", f.text))
            }
            _ => {}
        }
    }
    assert_eq!(st.footnotes.len(), notes.len(), "{}", problems.join("\n"));
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn caption_links_belong_to_their_figure() {
    let doc = extract_file(&sample("staat-van-migratie-2025-h2-h5.pdf")).expect("reads");
    let (st, truth) = report();
    let mut checked = 0;
    for t in truth["figures"].as_array().expect("figures") {
        let Some(uri) = t["justitieconnect_links_same_seed_page"]
            .as_array()
            .and_then(|a| a.first())
            .and_then(|u| u.as_str())
        else {
            continue;
        };
        let n = t["number"].to_string();
        let fi = st
            .figures
            .iter()
            .position(|f| f.number == n)
            .expect("figure");
        let f = &st.figures[fi];
        // the link drawn over the caption itself
        let page = &doc.pages[(f.page - 1) as usize];
        let on_caption: Vec<usize> = page
            .links
            .iter()
            .enumerate()
            .filter(|(_, l)| l.uri == uri && l.bbox.y0 < f.bbox.y0 + 20.0 && l.bbox.y1 > f.bbox.y0)
            .map(|(i, _)| i)
            .collect();
        for li in on_caption {
            checked += 1;
            assert!(
                st.link_figures.contains(&(f.page, li, fi)),
                "Figuur {n}: caption link {uri} not tied to it"
            );
        }
    }
    assert!(checked >= 5, "only {checked} caption links checked");
    // links outside every figure region stay unassigned
    let tied: usize = st.link_figures.len();
    let all: usize = doc.pages.iter().map(|p| p.links.len()).sum();
    assert!(tied < all && tied > all / 2, "{tied} of {all}");
}

#[test]
fn footnote_references_by_kind() {
    let (st, truth) = report();
    let kind_of = |n: u32| {
        st.refs
            .iter()
            .filter(|r| r.number == n)
            .map(|r| {
                (
                    r.kind.as_str(),
                    r.figure.map(|f| st.figures[f].label.as_str()),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(kind_of(30), vec![("caption", Some("Figuur 1"))]);
    assert_eq!(kind_of(108), vec![("body", None)]);
    // a marker in a table header (`(maanden)`¹¹¹) and one glued to a number in a cell (`8`¹²²)
    assert_eq!(kind_of(111), vec![("header", Some("Figuur 66"))]);
    assert_eq!(kind_of(122), vec![("cell", Some("Figuur 74"))]);
    // every note is cited, every reference has its note
    let notes = truth["footnotes"].as_object().expect("notes");
    for n in notes.keys() {
        let n: u32 = n.parse().expect("number");
        assert!(
            st.refs.iter().any(|r| r.number == n),
            "footnote {n} is never cited"
        );
    }
    assert_eq!(st.refs.len(), notes.len());
    assert!(st.diagnostics.is_empty(), "{:?}", st.diagnostics);
}

#[test]
fn citations_in_the_report_footnotes() {
    let (st, _) = report();
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
    for c in st.citations.iter().filter(|c| c.kind == "kamerstuk") {
        assert!(c.dossier.is_some() && c.number.is_some(), "{c:?}");
        assert!(c.identifier.starts_with("kst-"), "{c:?}");
    }
    assert!(st.citations.iter().any(|c| c.kind == "ecli"), "{ids:?}");
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
    let doc = figuren::pdf::extract_bytes(&bytes).expect("reads");
    let ps = profile::load(None).expect("profiles");
    let p = ps
        .iter()
        .find(|p| p.name == "staat-van-migratie")
        .expect("profile");
    let st = analyse(&doc, p);
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
    let doc = figuren::pdf::extract_bytes(&bytes).expect("reads");
    let ps = profile::load(None).expect("profiles");
    let p = ps
        .iter()
        .find(|p| p.name == "staat-van-migratie")
        .expect("profile");
    let st = analyse(&doc, p);
    assert_eq!(
        st.printed_page,
        vec![Some("30-31".to_string()), Some("32-33".to_string())]
    );
}

#[test]
fn tables_are_told_from_charts() {
    let (st, truth) = report();
    let mut wrong = Vec::new();
    for t in truth["figures"].as_array().expect("figures") {
        let n = t["number"].to_string();
        let f = st.figures.iter().find(|f| f.number == n).expect("figure");
        let is_table = !t["table"].is_null();
        if is_table != (f.kind == "table") {
            wrong.push(format!(
                "Figuur {n}: kind {} but truth table: {is_table}",
                f.kind
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
