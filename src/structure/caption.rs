//! Parsing a caption's text into its parts, driven by the profile's patterns:
//! `Figuur 53 Asielinstroom totaal en uitgesplitst naar type aanvraag, 2023-2024 (Bron: IND)`
//! -> label `Figuur 53`, number `53`, title, period `2023-2024`, source `IND`.
//! Footnote markers are not part of the text here: the caller removes superscript words.

use crate::profile::Profile;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaptionParts {
    pub label: String,
    pub number: String,
    pub title: String,
    pub period: Option<String>,
    pub source: Option<String>,
    pub source_orgs: Vec<String>,
    pub note: Option<String>,
}

/// None when the text does not start like a caption of this profile.
pub fn parse(profile: &Profile, text: &str) -> Option<CaptionParts> {
    let text = text.trim();
    let m = profile.caption_start.captures(text)?;
    let label_word = m.name("label").map(|x| x.as_str()).unwrap_or("");
    let number = m
        .name("number")
        .map(|x| x.as_str().to_string())
        .unwrap_or_default();
    let end = m.get(0).map(|x| x.end()).unwrap_or(0);
    let rest = text.get(end..).unwrap_or("").trim();
    let mut parts = CaptionParts {
        label: format!("{label_word} {number}"),
        number,
        ..Default::default()
    };

    // (Bron: ...): the last opening, to its matching parenthesis
    let (before, source, after) = match profile
        .source_open
        .as_ref()
        .and_then(|r| r.find_iter(rest).last())
    {
        Some(open) if rest.get(..open.start()).is_some() => {
            let inner_start = open.end();
            let mut depth = 1i32;
            let mut close = None;
            for (i, c) in rest[inner_start..].char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(inner_start + i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let (src, after) = match close {
                Some(c) => (&rest[inner_start..c], &rest[c + 1..]),
                None => (&rest[inner_start..], ""),
            };
            (&rest[..open.start()], Some(src.trim().to_string()), after)
        }
        _ => (rest, None, ""),
    };
    let note = after.trim().trim_start_matches(['.', ',', ';', ':']).trim();
    parts.note = if note.is_empty() {
        None
    } else {
        Some(note.to_string())
    };
    let mut before = before.trim().to_string();
    if source.is_none() {
        // no source: a trailing period is not part of the title
        while before.ends_with('.') {
            before.pop();
        }
    }
    let before = before.trim_end_matches([',', ' ']).to_string();
    match profile.period.as_ref().and_then(|r| r.captures(&before)) {
        Some(c) => {
            let whole = c.get(0).map(|x| x.start()).unwrap_or(before.len());
            parts.period = c.name("period").map(|p| p.as_str().trim().to_string());
            parts.title = before[..whole]
                .trim()
                .trim_end_matches(',')
                .trim()
                .to_string();
        }
        None => parts.title = before.trim().to_string(),
    }
    if let Some(src) = &source {
        parts.source_orgs = source_orgs(profile, src);
    }
    parts.source = source.filter(|s| !s.is_empty());
    Some(parts)
}

/// The organisations of a source: the first part always; later parts (split at `;` and `,`)
/// only when they are not notes (`peildatum …`, `laatst bijgewerkt …`) and every word is
/// capitalised, an acronym or a number (`AenM, Eurodac`); of a later part that describes
/// (`CBS microdata`), only its leading acronym.
pub fn source_orgs(profile: &Profile, source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, part) in source
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        let is_note = profile
            .source_note
            .as_ref()
            .map(|r| r.is_match(part))
            .unwrap_or(false);
        // a year or period on its own (`WoON 2015, 2018, en 2021`) names no organisation
        let has_letters = part.split_whitespace().any(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.eq_ignore_ascii_case("en")
        });
        if is_note || !has_letters {
            continue;
        }
        let org_like = part.split_whitespace().all(|w| {
            w.chars()
                .next()
                .map(|c| c.is_uppercase() || c.is_ascii_digit())
                .unwrap_or(false)
        });
        if i == 0 || org_like {
            out.push(part.to_string());
        } else if let Some(first) = part.split_whitespace().next() {
            // `CBS microdata`: an acronym leading a description names the organisation
            let acronym = first.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && first
                    .chars()
                    .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-');
            if acronym {
                out.push(first.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Profile {
        crate::profile::load(None)
            .expect("profiles")
            .into_iter()
            .find(|p| p.name == "staat-van-migratie")
            .expect("report profile")
    }

    fn p(text: &str) -> CaptionParts {
        parse(&report(), text).expect("a caption")
    }

    #[test]
    fn plain_caption() {
        let c = p("Figuur 53 Asielinstroom totaal en uitgesplitst naar type aanvraag, 2023-2024 (Bron: IND)");
        assert_eq!((c.label.as_str(), c.number.as_str()), ("Figuur 53", "53"));
        assert_eq!(
            c.title,
            "Asielinstroom totaal en uitgesplitst naar type aanvraag"
        );
        assert_eq!(c.period.as_deref(), Some("2023-2024"));
        assert_eq!(c.source.as_deref(), Some("IND"));
        assert_eq!(c.source_orgs, vec!["IND"]);
        assert_eq!(c.note, None);
    }

    #[test]
    fn variants_from_the_domain_guide() {
        let c = p("Figuur 5: Landen van herkomst per categorie migratie van buiten de EU, 2023-2024 (Bron: IND)");
        assert_eq!(
            (c.number.as_str(), c.title.as_str()),
            (
                "5",
                "Landen van herkomst per categorie migratie van buiten de EU"
            )
        );
        let c = p("Figuur 43 Eerste asielaanvragen per EU-lidstaat in absolute aantallen, 2024 (Bron: Eurostat, laatst bijgewerkt op 7 april 2025)");
        assert_eq!(
            c.source.as_deref(),
            Some("Eurostat, laatst bijgewerkt op 7 april 2025")
        );
        assert_eq!(c.source_orgs, vec!["Eurostat"]);
        let c = p("Figuur 39 Instroom internationale studenten in het hoger onderwijs, 2023-2024 – 2024-2025 (Bron: DUO)");
        assert_eq!(c.period.as_deref(), Some("2023-2024 – 2024-2025"));
        let c = p("Figuur 50 Top 10 lidstaten met aantal open asielprocedures, eind 2023 en 2024 (Bron: Eurostat, laatst bijgewerkt op 8 april 2025)");
        assert_eq!(
            (c.title.as_str(), c.period.as_deref()),
            (
                "Top 10 lidstaten met aantal open asielprocedures",
                Some("eind 2023 en 2024")
            )
        );
        let c = p("Figuur 40 Studenten in het hoger onderwijs uit de EER-landen naar nationaliteit, top 10, studiejaar 2024-2025 (Bron: CBS, betreft voorlopige cijfers)");
        assert_eq!(
            (c.title.as_str(), c.period.as_deref()),
            (
                "Studenten in het hoger onderwijs uit de EER-landen naar nationaliteit, top 10",
                Some("studiejaar 2024-2025")
            )
        );
        assert_eq!(c.source_orgs, vec!["CBS"]);
        assert_eq!(
            source_orgs(&report(), "WoON 2015, 2018, en 2021"),
            vec!["WoON 2015"]
        );
        assert_eq!(
            source_orgs(&report(), "WoON, 2015-2021, CBS microdata"),
            vec!["WoON", "CBS"]
        );
        let c = p("Figuur 51 Eerste land van Eurodac registratie, 2024 (Bron: AenM, Eurodac)");
        assert_eq!(c.source_orgs, vec!["AenM", "Eurodac"]);
        let c = p("Figuur 20 Sociaal-economische positie, 2022 (Bron: CBS Dashboard Migratiemotieven). Deze cijfers gaan over personen die als ingezetene staan ingeschreven in de BRP.");
        assert_eq!(
            c.note.as_deref(),
            Some(
                "Deze cijfers gaan over personen die als ingezetene staan ingeschreven in de BRP."
            )
        );
        assert_eq!(c.source_orgs, vec!["CBS Dashboard Migratiemotieven"]);
        let c = p("Figuur 31 EU/EFTA-migranten, 2021-2022 (Bron: CBS; Migrantenmonitor 2022 en 2023, peildata mei 2024 en april 2025)");
        assert_eq!(c.source_orgs, vec!["CBS"]);
        let c = p("Figuur 10 Verleende tewerkstellingsvergunningen, 2023-2024 (Bron: UWV).");
        assert_eq!(
            (c.source.as_deref(), c.note.as_deref()),
            (Some("UWV"), None)
        );
        let c =
            p("Figuur 27 Overzicht juridisch kader en registratieplicht EU-burgers in Nederland");
        assert_eq!(
            (c.title.as_str(), c.period.as_deref(), c.source.as_deref()),
            (
                "Overzicht juridisch kader en registratieplicht EU-burgers in Nederland",
                None,
                None
            )
        );
        let c = p("Figuur 8 Instroom van ouders (arrest Chavez-Vilchez), 2023-2024 (Bron: IND)");
        assert_eq!(c.title, "Instroom van ouders (arrest Chavez-Vilchez)");
        let c = p("Figuur 25 Migranten die na 10 jaar vertrokken zijn, 2007-2012 (Bron: CBS Dashboard Migratiemotieven).");
        assert_eq!(c.period.as_deref(), Some("2007-2012"));
    }

    #[test]
    fn not_a_caption() {
        assert!(parse(&report(), "In Figuur 5 is te zien dat").is_none());
        assert!(parse(&report(), "").is_none());
    }
}
