//! Fuzzes the cell-value parser: no input may panic, and whatever comes out must be
//! consistent (raw kept, value present exactly for the statuses that have one, canonical
//! text reads back, bounds ordered, an undetermined reading agrees with a convention).
//!
//! Run: `cargo +nightly fuzz run number fuzz/corpus/number fuzz/seeds/number`
//! (the seeds are cell texts from the samples' truth files and the PBL report).
#![no_main]

use libfuzzer_sys::fuzz_target;

// The module is self-contained (nom and std only), so it is compiled here on its own
// instead of through the figuren crate with its PDF and SQLite dependencies.
#[allow(dead_code)]
#[path = "../../src/number/mod.rs"]
mod number;

use number::{parse_cell, CellContext, Convention, Decimal, Evidence, Hints, Status, Unit};

fn check(raw: &str, c: &number::Cell) {
    assert_eq!(c.raw, raw);
    match c.status {
        Status::Ok => {
            assert!(c.value.is_some() && c.decimals.is_some() && c.unit.is_some());
            assert!(c.lower.is_none() && c.upper.is_none());
        }
        Status::Nil => assert_eq!(c.value, Some(Decimal::ZERO)),
        Status::BelowThreshold => {
            assert!(c.value.is_none() && c.upper.is_some() && c.lower.is_none());
        }
        Status::Range => {
            assert!(c.value.is_none() && c.lower.is_some());
            if let (Some(lo), Some(hi)) = (c.lower, c.upper) {
                assert!(lo <= hi);
            }
        }
        Status::Text | Status::Empty | Status::NotApplicable | Status::Unknown | Status::Secret => {
            assert!(c.value.is_none() && c.unit.is_none() && c.lower.is_none() && c.upper.is_none());
        }
    }
    if c.status == Status::Empty {
        assert!(raw.trim().is_empty());
    }
    for v in [c.value, c.lower, c.upper, c.share].into_iter().flatten() {
        let text = v.to_string();
        assert_eq!(text.parse::<Decimal>(), Ok(v), "canonical text reads back");
        assert!(v.to_f64().is_finite());
    }
}

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let raw = raw.as_ref();
    let mut evidence = Evidence::default();
    evidence.add(raw);
    let _ = Convention::for_table(&evidence, Convention::Dutch);
    let hints = [
        Hints::default(),
        Hints::from_labels([raw]),
        Hints { change: true, unit: Some(Unit::PercentChange) },
        Hints { change: false, unit: Some(Unit::Named("weken".into())) },
    ];
    for h in &hints {
        let dutch = parse_cell(raw, &CellContext::new(Convention::Dutch, h.clone()));
        let english = parse_cell(raw, &CellContext::new(Convention::English, h.clone()));
        let undetermined = parse_cell(raw, &CellContext::new(Convention::Undetermined, h.clone()));
        for c in [&dutch, &english, &undetermined] {
            check(raw, c);
        }
        // Undetermined never invents: its value is the Dutch or the English one, and when
        // both conventions give different values it gives none.
        if undetermined.status == Status::Ok {
            assert!(undetermined.value == dutch.value || undetermined.value == english.value);
        }
        if dutch.status == Status::Ok && english.status == Status::Ok && dutch.value != english.value {
            assert_eq!(undetermined.status, Status::Text);
        }
        // One-sided evidence means the other convention reads nothing there.
        if evidence.dutch > 0 && evidence.english == 0 && evidence.ambiguous == 0 {
            assert_ne!(english.status, Status::Ok, "{raw:?}");
        }
    }
});
