//! Property tests: no input makes the PDF layer, the layout, the profile grammar or the
//! structure stage panic. Damaged files are made by flipping, cutting and splicing the bytes of real ones.

mod common;

use common::*;
use proptest::prelude::*;

fn small_pdfs() -> Vec<Vec<u8>> {
    let content = "BT /F1 10 Tf 12 TL 72 700 Td (Figuur 1 Titel, 2024 \\(Bron: IND\\)) Tj /F1 6 Tf 3 Ts (12) Tj 0 Ts ET \
                   BT /F1 8 Tf 72 90 Td (12 Kamerstukken II 2024/2025, 30 573, nr. 220.) Tj ET 0 0 m 100 0 l S 10 10 50 20 re f";
    vec![
        pdf(&[(content, HELVETICA)], ""),
        pdf(&[(content, HELVETICA), (content, HELVETICA)], "/Rotate 90"),
        std::fs::read(fixture("matplotlib.pdf")).unwrap_or_default(),
        std::fs::read(sample("kamerbrief-staat-van-migratie-2024.pdf")).unwrap_or_default(),
    ]
}

/// One damaged copy: bytes overwritten at `flips`, then up to a quarter cut off the end.
fn damage(base: &[u8], flips: &[(u32, u8)], cut: u32) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for &(pos, val) in flips {
        let i = pos as usize % bytes.len();
        bytes[i] = val;
    }
    let keep = bytes.len() - (cut as usize % (bytes.len() / 4 + 1));
    bytes.truncate(keep);
    bytes
}

/// Reads a damaged file through every stage; whatever was read is well formed.
fn read_all_stages(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(doc) = figuren::pdf::extract_bytes(bytes) {
        for p in &doc.pages {
            for w in &p.words {
                prop_assert!(!w.text.is_empty());
                prop_assert!(w.bbox.x0 <= w.bbox.x1 && w.bbox.y0 <= w.bbox.y1);
                prop_assert!(w.bbox.x0.is_finite() && w.bbox.y1.is_finite() && w.size.is_finite());
            }
        }
        let layout = figuren::layout::analyse(&doc);
        let ps = figuren::profile::load(None).expect("profiles");
        for p in &ps {
            let _ = figuren::structure::analyse(&doc, &layout, p);
        }
    }
    Ok(())
}

/// Found by `damaged_pdfs_never_panic`: a run of unmapped glyphs whose ligature candidates
/// multiplied past usize (src/pdf/ligature.rs).
#[test]
fn regression_ligature_candidates_overflow() {
    let base = &small_pdfs()[3];
    if base.is_empty() {
        return;
    }
    let bytes = damage(base, &[(2027463804, 14)], 216783393);
    read_all_stages(&bytes).expect("well formed");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, .. ProptestConfig::default() })]

    #[test]
    fn damaged_pdfs_never_panic(which in 0usize..4, flips in proptest::collection::vec((any::<u32>(), any::<u8>()), 0..24), cut in any::<u32>()) {
        let base = &small_pdfs()[which];
        prop_assume!(!base.is_empty());
        read_all_stages(&damage(base, &flips, cut))?;
    }

    #[test]
    fn content_stream_garbage_never_panics(content in "[ -~\\n]{0,400}") {
        let bytes = pdf(&[(&content, HELVETICA)], "");
        let _ = figuren::pdf::extract_bytes(&bytes);
    }

    #[test]
    fn caption_grammar_never_panics(text in "\\PC{0,200}") {
        let ps = figuren::profile::load(None).expect("profiles");
        for p in &ps {
            let _ = figuren::structure::caption::parse(p, &format!("Figuur 3 {text}"));
            let _ = figuren::structure::caption::parse(p, &text);
        }
        let _ = figuren::structure::citations::find_citations(&text);
        let _ = figuren::structure::dutch_date(&text);
    }
}
