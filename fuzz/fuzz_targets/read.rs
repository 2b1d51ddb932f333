//! Fuzzes the whole reading of one PDF: bytes to everything the pipeline returns (the PDF
//! layer, layout, profile detection and structure). No input may panic, hang or allocate
//! without bound; whatever is read must be well formed.
//!
//! Run: `cargo +nightly fuzz run read fuzz/corpus/read fuzz/seeds/read -- -rss_limit_mb=4096 -timeout=30`
//! (seeds: small PDFs from the shared corpus, the samples and the hostile fixtures;
//! `tools/fuzz_seeds.py` makes them).
#![no_main]

use figuren::pipeline::{read, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = read(data, &Options::full()) {
        for p in &r.document.pages {
            assert!(p.width.is_finite() && p.height.is_finite());
            for w in &p.words {
                assert!(!w.text.is_empty());
                assert!(w.bbox.x0 <= w.bbox.x1 && w.bbox.y0 <= w.bbox.y1, "{w:?}");
                assert!(w.size.is_finite() && w.baseline.is_finite());
            }
        }
    }
});
