//! Made-up tables with known relations and known errors.

use super::*;
use crate::number::{parse_cell, CellContext, Convention, Hints};
use crate::table::{Table, TableCell};

fn rules() -> Rules {
    crate::profile::load(None)
        .expect("profiles")
        .into_iter()
        .find(|p| p.name == "staat-van-migratie")
        .expect("profile")
        .checks
}

/// A table: column header paths, then rows of (label path, raw cells), read the way the
/// table stage reads them (Dutch marks, hints from the labels).
fn table(cols: &[&[&str]], rows: &[(&[&str], &[&str])]) -> Table {
    let columns: Vec<Vec<String>> = cols
        .iter()
        .map(|p| p.iter().map(|s| s.to_string()).collect())
        .collect();
    let row_paths: Vec<Vec<String>> = rows
        .iter()
        .map(|(p, _)| p.iter().map(|s| s.to_string()).collect())
        .collect();
    let mut cells = Vec::new();
    for (r, (_, raws)) in rows.iter().enumerate() {
        for (c, raw) in raws.iter().enumerate() {
            let labels = row_paths[r]
                .iter()
                .chain(columns.get(c).into_iter().flatten())
                .map(|s| s.as_str());
            let ctx = CellContext::new(Convention::Dutch, Hints::from_labels(labels));
            cells.push(TableCell {
                row: r,
                col: c,
                cell: parse_cell(raw, &ctx),
                page: 1,
                bbox: None,
            });
        }
    }
    Table {
        figure: 0,
        stub: Vec::new(),
        columns,
        rows: row_paths,
        cells,
        convention: Convention::Dutch,
        pages: vec![1],
    }
}

fn run_on(t: &Table) -> Vec<Check> {
    check_table(t, "", &rules())
}

fn run_with_note(t: &Table, note: &str) -> Vec<Check> {
    check_table(t, note, &rules())
}

fn of(checks: &[Check], kind: Kind) -> Vec<&Check> {
    checks.iter().filter(|c| c.kind == kind).collect()
}

/// Figuur 2 of the sample, as printed.
fn figuur_2(emigratie_2023: &str) -> Table {
    table(
        &[
            &["Immigratie"],
            &["Emigratie (incl. administratieve correcties)"],
            &["Migratiesaldo (incl. administratieve correcties)"],
        ],
        &[
            (&["2022"], &["232.190", "49.480", "182.700"]),
            (&["2023"], &["166.290", emigratie_2023, "106.810"]),
            (&["% verschil 2023 t.o.v. 2022"], &["-28%", "+20%", "-42%"]),
        ],
    )
}

#[test]
fn percent_change_rows_as_printed_are_ok() {
    let checks = run_on(&figuur_2("59.480"));
    let pc = of(&checks, Kind::PercentChange);
    assert_eq!(pc.len(), 3, "{checks:#?}");
    assert!(pc.iter().all(|c| c.status == Status::Ok), "{pc:#?}");
    assert!(pc.iter().all(|c| c.confidence == Confidence::Explicit));
    assert_eq!(pc[0].cells, vec![(2, 0), (1, 0), (0, 0)]);
    assert_eq!(pc[0].printed, "-28%");
    assert_eq!(pc[0].expected, "-28.38");
    assert_eq!(verdict(&checks), Verdict::Verified);
}

#[test]
fn a_changed_digit_is_a_mismatch() {
    // 59.480 printed as 69.480: +20% no longer follows
    let checks = run_on(&figuur_2("69.480"));
    let bad: Vec<_> = checks
        .iter()
        .filter(|c| c.status == Status::Mismatch)
        .collect();
    assert_eq!(bad.len(), 1, "{checks:#?}");
    assert_eq!(bad[0].cells, vec![(2, 1), (1, 1), (0, 1)]);
    assert_eq!(bad[0].printed, "+20%");
    assert_eq!(bad[0].expected, "40.42");
    assert!(bad[0].detail.contains("publication"), "{}", bad[0].detail);
    assert_eq!(verdict(&checks), Verdict::Inconsistent);
}

#[test]
fn a_correctly_rounded_table_is_not_a_mismatch() {
    // Figuur 17 and 18: 15.680 → 22.500 is +43,49%, printed +44% (rounded inputs allow 43,57)
    let t = table(
        &[
            &["Beroep instroom"],
            &["Hoger beroep instroom"],
            &["Hoger beroep afgehandeld"],
        ],
        &[
            (&["2023"], &["15.680", "930", "930"]),
            (&["2024"], &["22.500", "830", "1.000"]),
            (&["Verschil 2024 t.o.v. 2023"], &["+44%", "-10%", "+7%"]),
        ],
    );
    let checks = run_on(&t);
    let pc = of(&checks, Kind::PercentChange);
    assert_eq!(pc.len(), 3);
    assert!(pc.iter().all(|c| c.status == Status::Rounding), "{pc:#?}");
    assert!(pc[0].detail.contains("[43.42, 43.57]"), "{}", pc[0].detail);
    assert_eq!(verdict(&checks), Verdict::Verified);
}

/// Figuur 16: totals within row groups, a column of rates beside the counts.
fn figuur_16(total_2024: &str) -> Table {
    table(
        &[&["Ingediend"], &["Beslissingen"], &["% gegrond"]],
        &[
            (&["2023", "Familie en gezin"], &["4.030", "3.660", "40%"]),
            (&["2023", "Kennis en talent"], &["820", "530", "9%"]),
            (&["2023", "Studenten"], &["10", "10", "50%"]),
            (&["2023", "Arbeid"], &["610", "540", "36%"]),
            (&["2023", "Overig"], &["370", "310", "22%"]),
            (&["2023", "Totaal"], &["5.840", "5.050", "35%"]),
            (&["2024", "Familie en gezin"], &["4.170", "4.030", "30%"]),
            (&["2024", "Kennis en talent"], &["900", "980", "7%"]),
            (&["2024", "Studenten"], &["0", "10", "33%"]),
            (&["2024", "Arbeid"], &["620", "400", "17%"]),
            (&["2024", "Overig"], &["420", "400", "16%"]),
            (&["2024", "Totaal"], &[total_2024, "5.820", "24%"]),
        ],
    )
}

#[test]
fn totals_within_row_groups() {
    let checks = run_on(&figuur_16("6.120"));
    let totals = of(&checks, Kind::Total);
    // two groups × two columns of counts; the rates are not summed
    assert_eq!(totals.len(), 4, "{checks:#?}");
    assert!(totals.iter().all(|c| c.cells[0].1 != 2));
    // 4.170 + 900 + 0 + 620 + 420 = 6.110, printed 6.120: each part rounded to tens
    let t = totals
        .iter()
        .find(|c| c.cells[0] == (11, 0))
        .expect("2024 total");
    assert_eq!(t.status, Status::Rounding);
    assert_eq!(t.expected, "6110");
    assert_eq!(
        t.cells,
        vec![(11, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0)]
    );
}

#[test]
fn a_printed_total_that_is_not_the_sum_of_its_parts_is_the_publications() {
    // the real-publication error: the printed parts add up to 6.110, the total says 6.410
    let checks = run_on(&figuur_16("6.410"));
    let bad: Vec<_> = checks
        .iter()
        .filter(|c| c.status == Status::Mismatch)
        .collect();
    assert_eq!(bad.len(), 1, "{checks:#?}");
    let b = bad[0];
    assert_eq!(b.kind, Kind::Total);
    assert_eq!(b.confidence, Confidence::Explicit);
    assert_eq!(
        b.cells,
        vec![(11, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0)]
    );
    assert_eq!(b.printed, "6.410");
    assert_eq!(b.expected, "6110");
    assert!(b.detail.contains("[6090, 6135]"), "{}", b.detail);
    assert!(b.detail.contains("publication"), "{}", b.detail);
}

#[test]
fn a_footnote_marker_glued_to_a_number_is_named_as_the_likely_cause() {
    // Figuur 74: `8` + note 122 read as `8122` in the text layer
    let t = table(
        &[&["Instroom"], &["Beslissingen"]],
        &[
            (&["2023", "Totaal"], &["22.410", "19.400"]),
            (&["2023", "AA"], &["4.300", "3.530"]),
            (&["2023", "VA"], &["10.450", "8.670"]),
            (&["2023", "Dublin"], &["7.670", "7.200"]),
            (&["2023", "Overig"], &["8122", "0"]),
        ],
    );
    let checks = run_on(&t);
    let bad: Vec<_> = checks
        .iter()
        .filter(|c| c.status == Status::Mismatch)
        .collect();
    assert_eq!(bad.len(), 1, "{checks:#?}");
    assert!(
        bad[0].detail.contains("extraction likely")
            && bad[0].detail.contains("`8` with footnote marker 122"),
        "{}",
        bad[0].detail
    );
    // and in a change row: `830` + note 3
    let t = table(
        &[
            &["Hoger beroep instroom"],
            &["Hoger beroep afgehandeld"],
            &["Doorlooptijd (weken)"],
        ],
        &[
            (&["2023"], &["930", "930", "44"]),
            (&["2024"], &["8303", "1.000", "44"]),
            (&["Verschil 2024 t.o.v. 2023"], &["-10%", "+7%", ""]),
        ],
    );
    let checks = run_on(&t);
    let bad: Vec<_> = checks
        .iter()
        .filter(|c| c.status == Status::Mismatch)
        .collect();
    assert_eq!(bad.len(), 1, "{checks:#?}");
    assert!(
        bad[0].detail.contains("`830` with footnote marker 3"),
        "{}",
        bad[0].detail
    );
}

#[test]
fn a_totaal_beside_subsets_is_not_a_sum() {
    // Figuur 60: `Totaal | Vergunninghouders | Amv's` are not parts of the total
    let t = table(
        &[
            &["Bezetting opvang (31 december)", "Totaal"],
            &["Bezetting opvang (31 december)", "Vergunninghouders"],
            &["Bezetting opvang (31 december)", "Amv’s"],
        ],
        &[
            (&["2023"], &["64.410", "15.360", "5.270"]),
            (&["2024"], &["72.500", "18.730", "4.730"]),
        ],
    );
    let checks = run_on(&t);
    assert!(of(&checks, Kind::Total).is_empty(), "{checks:#?}");
    assert_eq!(verdict(&checks), Verdict::Unchecked);
}

#[test]
fn a_percentage_beside_two_counts_is_not_their_ratio() {
    // Figuur 8: the 82% is not Beslissingen / Aanvragen, and no header names its numerator
    let t = table(
        &[
            &["Aanvragen"],
            &["Beslissingen"],
            &["Inwilligingspercentage"],
        ],
        &[
            (&["2023"], &["4.770", "4.160", "82%"]),
            (&["waarvan vernieuwingsaanvragen"], &["1.340", "1.550", ""]),
            (&["2024"], &["5.920", "5.060", ""]),
            (
                &["waarvan vernieuwingsaanvragen"],
                &["2.130", "2.070", "80%"],
            ),
        ],
    );
    let checks = run_on(&t);
    assert!(of(&checks, Kind::Ratio).is_empty(), "{checks:#?}");
    // the waarvan rows: never more than the year above them
    let parts = of(&checks, Kind::Total);
    assert_eq!(parts.len(), 4, "{checks:#?}");
    assert!(parts.iter().all(|c| c.status == Status::Ok));
    assert!(parts.iter().all(|c| c.expected.starts_with("<= ")));
}

#[test]
fn a_waarvan_part_larger_than_its_whole_is_a_mismatch() {
    let t = table(
        &[&["Aanvragen"], &["Beslissingen"]],
        &[
            (&["2023"], &["4.770", "4.160"]),
            (&["waarvan vernieuwingsaanvragen"], &["5.340", "1.550"]),
        ],
    );
    let checks = run_on(&t);
    let bad: Vec<_> = checks
        .iter()
        .filter(|c| c.status == Status::Mismatch)
        .collect();
    assert_eq!(bad.len(), 1, "{checks:#?}");
    assert_eq!(bad[0].cells, vec![(1, 0), (0, 0)]);
    assert_eq!(bad[0].expected, "<= 4770");
}

#[test]
fn complementary_waarvan_parts_sum_to_their_whole() {
    // Figuur 39 and 31: `waarvan … niet-EER` / `waarvan overig …` name the rest
    let t = table(
        &[
            &["Totale instroom"],
            &["Waarvan uit de EER"],
            &["Waarvan uit de niet-EER"],
        ],
        &[
            (&["2023-2024"], &["42.000", "28.910", "13.090"]),
            (&["2024-2025"], &["40.310", "27.290", "13.020"]),
            (&["% verschil 2024 t.o.v. 2023"], &["-4%", "-6%", "-1%"]),
        ],
    );
    let checks = run_on(&t);
    let sums: Vec<_> = of(&checks, Kind::Total);
    assert_eq!(sums.len(), 2, "{checks:#?}");
    assert!(sums
        .iter()
        .all(|c| c.status == Status::Ok && c.cells.len() == 3));
    // the study-year rows are found from the years the change names
    let pc = of(&checks, Kind::PercentChange);
    assert_eq!(pc.len(), 3);
    assert!(pc.iter().all(|c| c.status != Status::Mismatch), "{pc:#?}");
}

#[test]
fn complementary_parts_that_never_sum_fall_back_to_no_more_than_the_whole() {
    // `ingewilligd` + `afgewezen` are complementary only where there is no third outcome
    let t = table(
        &[
            &["Beslissingen"],
            &["waarvan ingewilligd"],
            &["waarvan afgewezen"],
        ],
        &[
            (&["2023"], &["10.000", "5.000", "3.000"]),
            (&["2024"], &["12.000", "6.000", "4.000"]),
        ],
    );
    let checks = run_on(&t);
    let totals = of(&checks, Kind::Total);
    assert_eq!(totals.len(), 4, "{checks:#?}");
    assert!(totals.iter().all(|c| c.expected.starts_with("<= ")));
    assert!(totals.iter().all(|c| c.status == Status::Ok));
}

#[test]
fn bounded_parts_widen_the_interval() {
    // Figuur 65: two `<5` parts
    let t = table(
        &[
            &["Amv’s", "2023", "Aantal verhuisbewegingen"],
            &["Amv’s", "2023", "Gemiddeld"],
        ],
        &[
            (&["Doorstroom"], &["1.390", "1,04"]),
            (&["Eigen verzoek bewoner"], &["<5", "1,00"]),
            (&["Plaatsing EBTL/HTL"], &["<5", "1,00"]),
            (&["Onderlinge Overplaatsing"], &["480", "1,03"]),
            (&["Sluiten centrum/ modaliteit"], &["540", "1,00"]),
            (&["Veiligheid"], &["50", "1,02"]),
            (&[""], &["2.460", "1,03"]),
        ],
    );
    let checks = run_on(&t);
    let totals = of(&checks, Kind::Total);
    assert_eq!(totals.len(), 1, "the averages are not summed: {checks:#?}");
    assert_eq!(totals[0].status, Status::Rounding);
    assert_eq!(totals[0].confidence, Confidence::Inferred);
    assert_eq!(totals[0].expected, "[2440, 2490]");
}

#[test]
fn shares_named_by_the_note_are_explicit() {
    let t = table(
        &[&["Man"], &["Vrouw"], &["Onbekend"]],
        &[
            (&["2023"], &["48%", "51%", "1%"]),
            (&["2024"], &["47%", "43%", "1%"]),
        ],
    );
    let checks = run_with_note(&t, "Rijen tellen op tot 100 procent.");
    let shares = of(&checks, Kind::SharesSum);
    assert_eq!(shares.len(), 2, "{checks:#?}");
    assert!(shares.iter().all(|c| c.confidence == Confidence::Explicit));
    assert_eq!(shares[0].status, Status::Ok);
    assert_eq!(shares[1].status, Status::Mismatch);
    assert_eq!(shares[1].expected, "91");
    // without the note only a line that adds up is taken for shares
    let checks = run_on(&t);
    let shares = of(&checks, Kind::SharesSum);
    assert_eq!(shares.len(), 1, "{checks:#?}");
    assert_eq!(shares[0].confidence, Confidence::Inferred);
    assert_eq!(shares[0].status, Status::Ok);
}

#[test]
fn shares_beside_their_counts_and_a_total_over_shares() {
    // Figuur 62: counts and their shares in alternating rows, a total column in a group
    let t = table(
        &[
            &["< 15 weken"],
            &["15 weken of langer", "Totaal 15 weken of langer"],
            &["15 weken of langer", "15 weken – 6 maanden"],
            &["15 weken of langer", "6 maanden – 1 jaar"],
            &["15 weken of langer", "> 1 jaar"],
        ],
        &[
            (&["2023"], &["6.230", "9.130", "3.390", "3.610", "2.130"]),
            (&["2023"], &["41%", "59%", "22%", "24%", "14%"]),
        ],
    );
    let checks = run_on(&t);
    let shares = of(&checks, Kind::SharesSum);
    assert_eq!(shares.len(), 1, "{checks:#?}");
    assert_eq!(shares[0].cells, vec![(1, 0), (1, 1)]);
    let totals = of(&checks, Kind::Total);
    assert_eq!(totals.len(), 2, "{checks:#?}");
    assert!(totals.iter().all(|c| c.status != Status::Mismatch));
}

#[test]
fn ratio_named_by_both_headers() {
    // Figuur 69: Inwilligingspercentage = Inwilliging / Totaal beslissingen (a broken header)
    let t = table(
        &[
            &["Inwilliging"],
            &["Afwijzing"],
            &["Overig"],
            &["Totaal beslissingen"],
            &["Inwilligingperc entage"],
        ],
        &[
            (&["2023"], &["14.040", "10.830", "990", "25.860", "54%"]),
            (&["2024"], &["15.650", "12.420", "920", "28.990", "64%"]),
        ],
    );
    let checks = run_on(&t);
    let ratios = of(&checks, Kind::Ratio);
    assert_eq!(ratios.len(), 2, "{checks:#?}");
    assert!(ratios.iter().all(|c| c.confidence == Confidence::Inferred));
    assert_eq!(ratios[0].status, Status::Ok);
    assert_eq!(ratios[1].status, Status::Mismatch);
    assert_eq!(of(&checks, Kind::Total).len(), 2);
}

#[test]
fn change_columns_and_differences() {
    let t = table(
        &[&["2023"], &["2024"], &["Verschil"], &["% verschil"]],
        &[
            (&["Aanvragen"], &["1.010", "1.220", "210", "+21%"]),
            (&["Beslissingen"], &["810", "590", "-300", "-27%"]),
        ],
    );
    let checks = run_on(&t);
    let diffs = of(&checks, Kind::Difference);
    assert_eq!(diffs.len(), 2, "{checks:#?}");
    assert_eq!(diffs[0].status, Status::Ok);
    assert_eq!(diffs[1].status, Status::Mismatch);
    let pc = of(&checks, Kind::PercentChange);
    assert_eq!(pc.len(), 2);
    assert!(pc.iter().all(|c| c.status == Status::Ok), "{pc:#?}");
}

#[test]
fn odd_tables_give_no_checks_and_no_panic() {
    let t = table(&[], &[]);
    assert!(run_on(&t).is_empty());
    let t = table(
        &[&["Totaal"], &["Totaal"]],
        &[(&["% verschil"], &["x", "-"]), (&[""], &["n.v.t.", "<0"])],
    );
    let _ = run_on(&t);
    // a change against a zero base is not defined
    let t = table(
        &[&["A"]],
        &[
            (&["2023"], &["0"]),
            (&["2024"], &["10"]),
            (&["% verschil 2024 t.o.v. 2023"], &["n.v.t."]),
        ],
    );
    assert!(run_on(&t).is_empty());
    // huge numbers: no verdict rather than an overflow
    let t = table(
        &[&["A"], &["B"], &["Totaal"]],
        &[
            (&["1"], &["99999999999999999999999999999999999", "1", "1"]),
            (&["2"], &["99999999999999999999999999999999999", "1", "1"]),
        ],
    );
    let _ = run_on(&t);
}

#[test]
fn rules_come_from_the_profile_and_bad_ones_are_named() {
    let raw = RawRules {
        change_periods: "(?P<new>\\d{4})".into(),
        ..Default::default()
    };
    let e = Rules::compile(&raw).expect_err("needs old");
    assert!(e.contains("change_periods"), "{e}");
    let raw = RawRules {
        ratios: vec![vec!["a".into(), "b".into()]],
        ..Default::default()
    };
    assert!(Rules::compile(&raw).expect_err("two").contains("ratios"));
    // a profile without [checks] gets the generic profile's
    let p = crate::profile::Profile::parse(
        "x.toml",
        "name = 'x'\nfamily = 'y'\n[caption]\nstart = 'a'\n",
    )
    .expect("profile");
    assert!(p.checks.total.is_some());
    // a profile may switch a rule off
    let p = crate::profile::Profile::parse(
        "x.toml",
        "name = 'x'\nfamily = 'y'\n[caption]\nstart = 'a'\n[checks]\ntotal = ''\n",
    )
    .expect("profile");
    assert!(p.checks.total.is_none() && p.checks.change.is_none());
    let e = crate::profile::Profile::parse(
        "x.toml",
        "name = 'x'\nfamily = 'y'\n[caption]\nstart = 'a'\n[checks]\ntotl = 'x'\n",
    )
    .expect_err("typo");
    assert!(e.contains("totl"), "{e}");
}
