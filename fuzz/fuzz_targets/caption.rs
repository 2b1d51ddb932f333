//! Fuzzes the caption grammar of every embedded profile: no text may panic or hang.
//!
//! Run: `cargo +nightly fuzz run caption fuzz/corpus/caption fuzz/seeds/caption`
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn profiles() -> &'static [figuren::profile::Profile] {
    static P: OnceLock<Vec<figuren::profile::Profile>> = OnceLock::new();
    P.get_or_init(|| figuren::profile::load(None).unwrap_or_default())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for p in profiles() {
        let _ = figuren::structure::caption::parse(p, &text);
        let _ = figuren::structure::caption::parse(p, &format!("Figuur 3.1 {text}"));
    }
});
