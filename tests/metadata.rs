//! Document families and their metadata on real letters and Kamerstukken, with the values
//! read off the documents by hand.

mod common;

use common::*;
use figuren::pipeline::{read_file, Options};
use figuren::structure::Structure;
use std::path::Path;

fn structure_of(path: &Path) -> Structure {
    read_file(path, &Options::full())
        .expect("reads")
        .structure
        .expect("structure")
}

fn o(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn letter_spaced_kamerbrief() {
    let st = structure_of(&fixture("verzamelbrief-luchtvaart.pdf"));
    assert_eq!(st.profile.as_deref(), Some("kamerbrief"));
    assert_eq!(st.family.as_deref(), Some("letter"));
    let m = &st.meta;
    assert_eq!(m.published_on, o("2023-10-18"));
    assert_eq!(m.kenmerk, o("IENW/BSK-2023/297705"));
    assert_eq!(m.subject, o("Verzamelbrief luchtvaart"));
    assert_eq!(m.sender, o("Ministerie van Infrastructuur en Waterstaat"));
    assert_eq!(
        m.signatory,
        o("DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT, Mark Harbers")
    );
    // its footnote cites a Kamerstuk in the compact form
    assert!(
        st.footnotes
            .iter()
            .any(|f| f.number == 1 && f.text == "Kamerstuk 36200-XII-60"),
        "{:?}",
        st.footnotes
    );
    assert!(
        st.citations
            .iter()
            .any(|c| c.footnote_number == Some(1) && c.dossier.as_deref() == Some("36200")),
        "{:?}",
        st.citations
    );
}

#[test]
fn printed_kamerstuk() {
    let st = structure_of(&fixture("kst-32545-143.pdf"));
    assert_eq!(st.profile.as_deref(), Some("kamerstuk"));
    let m = &st.meta;
    assert_eq!(m.vergaderjaar, o("2020-2021"));
    assert_eq!(m.dossier, o("32545"));
    assert_eq!(m.ondernummer, o("143"));
    assert_eq!(m.identifier, o("kst-32545-143"));
    assert_eq!(m.subject, o("Wet- en regelgeving financiële markten"));
    assert_eq!(m.published_on, o("2021-07-06"));
}

#[test]
fn sample_letter_and_nota_and_report() {
    let st = structure_of(&sample("kamerbrief-staat-van-migratie-2024.pdf"));
    assert_eq!(st.family.as_deref(), Some("letter"));
    assert_eq!(st.meta.subject, o("Aanbieding Staat van Migratie 2024"));
    assert_eq!(st.meta.sender, o("Ministerie van Justitie en Veiligheid"));
    assert_eq!(
        st.meta.signatory,
        o("De staatssecretaris van Justitie en Veiligheid, E. van der Burg")
    );
    let st = structure_of(&sample("nota-staat-van-migratie-2024.pdf"));
    assert_eq!(st.family.as_deref(), Some("letter"));
    assert_eq!(st.meta.published_on, o("2024-06-03"));
    assert_eq!(st.meta.kenmerk, None, "Ons kenmerk is empty in the nota");
    let st = structure_of(&sample("staat-van-migratie-2025-h2-h5.pdf"));
    assert_eq!(
        (st.profile.as_deref(), st.meta.edition),
        (Some("staat-van-migratie"), Some(2025))
    );
    // printed page numbers from the running footer `30 | De Staat van Migratie 2025`
    assert_eq!(st.printed_page.first().cloned().flatten(), o("30"));
    assert_eq!(st.printed_page.last().cloned().flatten(), o("78"));
    // numbered sections
    let sec: Vec<(Option<&str>, &str)> = st
        .sections
        .iter()
        .map(|s| (s.number.as_deref(), s.title.as_str()))
        .collect();
    assert!(
        sec.contains(&(Some("2.2.1"), "Immigratie en emigratie")),
        "{sec:?}"
    );
    let child = st
        .sections
        .iter()
        .position(|s| s.number.as_deref() == Some("2.2.1"))
        .expect("2.2.1");
    let parent = st.sections[child]
        .parent
        .map(|p| st.sections[p].number.clone());
    assert_eq!(parent, Some(o("2.2")));
}

#[test]
fn plooi_kamerbrief_and_aanhangsel() {
    let Some(corpus) = corpus() else { return };
    let st = structure_of(&corpus.join("plooi/20110301-draagmoederschap.pdf"));
    assert_eq!(st.family.as_deref(), Some("letter"));
    assert_eq!(st.meta.published_on, o("2011-03-01"));
    assert_eq!(st.meta.kenmerk, o("5687928/11"));
    assert_eq!(st.meta.subject, o("Draagmoederschap"));
    assert_eq!(
        st.meta.signatory,
        o("De Staatssecretaris van Veiligheid en Justitie, F. Teeven")
    );
    // the body cites Kamerstukken II 2009/10, 32 123 XVI, nr. 30
    assert!(
        st.citations
            .iter()
            .any(|c| c.identifier == "kst-32123-XVI-30"),
        "{:?}",
        st.citations
            .iter()
            .map(|c| &c.identifier)
            .collect::<Vec<_>>()
    );
    let st = structure_of(&corpus.join("plooi/ah-tk-20202021-3235.pdf"));
    assert_eq!(st.family.as_deref(), Some("aanhangsel"));
    assert_eq!(st.meta.vergaderjaar, o("2020-2021"));
}

#[test]
fn pbl_report_tables_sources_and_table_notes() {
    let Some(corpus) = corpus() else { return };
    let st = structure_of(&corpus.join("learninglion/pbl_verhuismotieven/pbl_2023_verhuismotieven_en_ruimtelijke_verhuisbewegingen-4669.pdf"));
    assert_eq!(st.profile.as_deref(), Some("pbl-cbs-report"));
    let labels: Vec<&str> = st.figures.iter().map(|f| f.label.as_str()).collect();
    // `Tabel 4.1 toont …` in a paragraph is not a caption
    assert_eq!(
        labels,
        vec![
            "Tabel 3.1",
            "Tabel 3.2",
            "Tabel 4.1",
            "Tabel 4.2",
            "Tabel 4.3",
            "Tabel 4.4",
            "Tabel 4.5",
            "Tabel 4.6"
        ]
    );
    let t45 = st
        .figures
        .iter()
        .find(|f| f.label == "Tabel 4.5")
        .expect("4.5");
    assert_eq!(
        t45.source.as_deref(),
        Some("WoON 2015-2021, CBS microdata, Bewerking: PBL")
    );
    assert_eq!(t45.source_orgs, vec!["WoON 2015-2021", "CBS"]);
    // the table's own note 1, cited in its header `Macroregio¹ (%)`
    let note1 = st
        .footnotes
        .iter()
        .find(|f| f.scope.as_text() == "Tabel 4.5" && f.number == 1)
        .expect("note 1 of Tabel 4.5");
    assert_eq!(note1.text, "Randstad, Intermediaire Zone, Perifere Zone");
    // the unnumbered line under it is the table's own note, not part of note 1
    assert_eq!(
        t45.note.as_deref(),
        Some("Verhuizingen hebben in de periode 2012-2021 plaatsgevonden.")
    );
    assert!(st
        .refs
        .iter()
        .any(|r| r.scope.as_text() == "Tabel 4.5" && r.number == 1 && r.kind.as_str() == "header"));
    // a page footnote of the running series
    assert!(st.footnotes.iter().any(|f| f.scope.as_text() == "document"
        && f.number == 1
        && f.text == "Motief en reden worden in deze studie synoniem gebruikt."));
    // exponents (m², R²) are not references; note 2 is cited once, after `afleiden`
    assert!(!st
        .refs
        .iter()
        .any(|r| r.context.contains("(m2)") || r.context.contains("R2)")));
    let cites2: Vec<&str> = st
        .refs
        .iter()
        .filter(|r| r.scope.as_text() == "document" && r.number == 2)
        .map(|r| r.context.as_str())
        .collect();
    assert_eq!(cites2.len(), 1, "{cites2:?}");
    assert!(st
        .footnotes
        .iter()
        .any(|f| f.scope.as_text() == "document" && f.number == 2 && f.page == 24));
    // printed page numbers from the footer `PBL | 24`
    assert_eq!(
        st.printed_page.get(23).cloned().flatten().as_deref(),
        Some("24")
    );
}
