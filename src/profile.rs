//! Document-family profiles: what differs between families (caption grammar, source pattern,
//! running heads, footnote style, letterhead fields) lives in TOML files in `parsers/`,
//! embedded in the binary and overridable with `--parsers DIR`. Adding a family with similar
//! patterns needs a profile, not code.

use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The profiles shipped with figuren.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "staat-van-migratie.toml",
        include_str!("../parsers/staat-van-migratie.toml"),
    ),
    (
        "kamerbrief.toml",
        include_str!("../parsers/kamerbrief.toml"),
    ),
    ("kamerstuk.toml", include_str!("../parsers/kamerstuk.toml")),
    (
        "pbl-cbs-report.toml",
        include_str!("../parsers/pbl-cbs-report.toml"),
    ),
    ("generic.toml", include_str!("../parsers/generic.toml")),
    (
        "aanhangsel.toml",
        include_str!("../parsers/aanhangsel.toml"),
    ),
    (
        "handelingen.toml",
        include_str!("../parsers/handelingen.toml"),
    ),
    (
        "staatsblad.toml",
        include_str!("../parsers/staatsblad.toml"),
    ),
    (
        "staatscourant.toml",
        include_str!("../parsers/staatscourant.toml"),
    ),
];

#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: String,
    family: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    detect: RawDetect,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
    #[serde(default)]
    caption: BTreeMap<String, String>,
    #[serde(default)]
    running: RawRunning,
    #[serde(default)]
    footnotes: BTreeMap<String, String>,
    #[serde(default)]
    sections: BTreeMap<String, String>,
    #[serde(default)]
    letterhead: RawLetterhead,
    /// Parliamentary papers and official publications (`structure::parliament`).
    #[serde(default)]
    parliament: Option<crate::structure::parliament::RawRules>,
    /// The words that name relations in tables (`crate::check`); the generic profile's when
    /// absent.
    #[serde(default)]
    checks: Option<crate::check::RawRules>,
}

/// Only the `[checks]` of a profile file (for the generic profile's defaults).
#[derive(Debug, Deserialize, Default)]
struct ChecksOnly {
    #[serde(default)]
    checks: Option<crate::check::RawRules>,
}

/// The `[checks]` rules of the embedded generic profile: the default of a profile that has
/// none.
fn default_checks() -> Result<crate::check::RawRules, String> {
    let generic = EMBEDDED
        .iter()
        .find(|(f, _)| *f == "generic.toml")
        .map(|(_, t)| *t)
        .unwrap_or("");
    let only: ChecksOnly = toml::from_str(generic).map_err(|e| format!("generic.toml: {e}"))?;
    Ok(only.checks.unwrap_or_default())
}

#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
struct RawDetect {
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    priority: i64,
    /// How many patterns must match (default 1).
    #[serde(default)]
    min_matches: usize,
    /// Used when no other profile matches (the generic profile).
    #[serde(default)]
    fallback: bool,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawRunning {
    #[serde(default = "band")]
    top: f64,
    #[serde(default = "band")]
    bottom: f64,
    #[serde(default)]
    page_number: Vec<String>,
}

fn band() -> f64 {
    0.07
}

impl Default for RawRunning {
    fn default() -> Self {
        RawRunning {
            top: band(),
            bottom: band(),
            page_number: Vec::new(),
        }
    }
}

#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
struct RawLetterhead {
    #[serde(default)]
    datum: Vec<String>,
    #[serde(default)]
    kenmerk: Vec<String>,
    #[serde(default)]
    onderwerp: Vec<String>,
    #[serde(default)]
    bijlagen: Vec<String>,
    #[serde(default)]
    signatory: String,
    #[serde(default)]
    closing: String,
    #[serde(default)]
    ministry: String,
}

/// A compiled profile.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub family: String,
    pub description: String,
    pub detect: Vec<Regex>,
    pub priority: i64,
    pub min_matches: usize,
    /// Used when no other profile matches.
    pub fallback: bool,
    pub edition: Option<Regex>,
    pub vergaderjaar: Option<Regex>,
    pub dossier: Option<Regex>,
    pub ondernummer: Option<Regex>,
    pub identifier: Option<Regex>,
    /// Subject of a Kamerstuk: the dossier title next to its number.
    pub subject: Option<Regex>,
    pub caption_start: Regex,
    pub source_open: Option<Regex>,
    pub source_line: Option<Regex>,
    pub note_line: Option<Regex>,
    pub period: Option<Regex>,
    pub source_note: Option<Regex>,
    /// A note printed where a figure is left out (`[Afbeelding niet weergegeven …]`): the
    /// figure is an image that is not in the text.
    pub placeholder: Option<Regex>,
    pub running_top: f64,
    pub running_bottom: f64,
    pub page_number: Vec<Regex>,
    /// "document" or "figure"
    pub footnote_scope: String,
    /// Where the figure stands relative to its caption: "below" (the caption above its
    /// figure, the default) or "above" (the caption under its figure).
    pub caption_position: String,
    pub section_numbered: Option<Regex>,
    pub section_chapter: Option<Regex>,
    pub letter_fields: Vec<(String, Vec<String>)>,
    pub signatory: Option<Regex>,
    pub closing: Option<Regex>,
    pub ministry: Option<Regex>,
    /// `[parliament]`: the header, foot and labels of a parliamentary paper.
    pub parliament: Option<crate::structure::parliament::Rules>,
    /// `[checks]`: what names a change, a total, a part, shares and ratios in a table.
    pub checks: crate::check::Rules,
}

fn re(source: &str, what: &str, profile: &str) -> Result<Option<Regex>, String> {
    if source.is_empty() || source == "^$" {
        return Ok(None);
    }
    Regex::new(source)
        .map(Some)
        .map_err(|e| format!("profile {profile}: {what}: {e}"))
}

impl Profile {
    pub fn parse(file: &str, text: &str) -> Result<Profile, String> {
        let raw: RawProfile = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        // a misspelt key would silently switch a rule off: name it instead
        let known: [(&str, &BTreeMap<String, String>, &[&str]); 4] = [
            (
                "caption",
                &raw.caption,
                &[
                    "start",
                    "source_open",
                    "source_line",
                    "note_line",
                    "period",
                    "source_note",
                    "placeholder",
                    "position",
                ],
            ),
            (
                "metadata",
                &raw.metadata,
                &[
                    "edition",
                    "vergaderjaar",
                    "dossier",
                    "ondernummer",
                    "identifier",
                    "subject",
                ],
            ),
            ("footnotes", &raw.footnotes, &["scope", "marker"]),
            ("sections", &raw.sections, &["numbered", "chapter"]),
        ];
        for (table, map, keys) in known {
            if let Some(k) = map.keys().find(|k| !keys.contains(&k.as_str())) {
                return Err(format!(
                    "{file}: unknown key `{k}` in [{table}]; known keys: {}",
                    keys.join(", ")
                ));
            }
        }
        let n = raw.name.clone();
        let get = |m: &BTreeMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_default();
        let caption_start = re(&get(&raw.caption, "start"), "caption.start", &n)?
            .ok_or_else(|| format!("{file}: caption.start is required"))?;
        let mut detect = Vec::new();
        for p in &raw.detect.patterns {
            if let Some(r) = re(p, "detect.patterns", &n)? {
                detect.push(r);
            }
        }
        let mut page_number = Vec::new();
        for p in &raw.running.page_number {
            if let Some(r) = re(p, "running.page_number", &n)? {
                page_number.push(r);
            }
        }
        let lh = &raw.letterhead;
        Ok(Profile {
            name: raw.name.clone(),
            family: raw.family.clone(),
            description: raw.description.clone(),
            detect,
            priority: raw.detect.priority,
            min_matches: raw.detect.min_matches.max(1),
            fallback: raw.detect.fallback,
            edition: re(&get(&raw.metadata, "edition"), "metadata.edition", &n)?,
            vergaderjaar: re(
                &get(&raw.metadata, "vergaderjaar"),
                "metadata.vergaderjaar",
                &n,
            )?,
            dossier: re(&get(&raw.metadata, "dossier"), "metadata.dossier", &n)?,
            ondernummer: re(
                &get(&raw.metadata, "ondernummer"),
                "metadata.ondernummer",
                &n,
            )?,
            identifier: re(&get(&raw.metadata, "identifier"), "metadata.identifier", &n)?,
            subject: re(&get(&raw.metadata, "subject"), "metadata.subject", &n)?,
            caption_start,
            source_open: re(&get(&raw.caption, "source_open"), "caption.source_open", &n)?,
            source_line: re(&get(&raw.caption, "source_line"), "caption.source_line", &n)?,
            note_line: re(&get(&raw.caption, "note_line"), "caption.note_line", &n)?,
            period: re(&get(&raw.caption, "period"), "caption.period", &n)?,
            source_note: re(&get(&raw.caption, "source_note"), "caption.source_note", &n)?,
            placeholder: re(&get(&raw.caption, "placeholder"), "caption.placeholder", &n)?,
            running_top: raw.running.top.clamp(0.0, 0.3),
            running_bottom: raw.running.bottom.clamp(0.0, 0.3),
            page_number,
            caption_position: match raw.caption.get("position").map(|s| s.as_str()) {
                None | Some("below") => "below".to_string(),
                Some("above") => "above".to_string(),
                Some(other) => {
                    return Err(format!(
                        "{file}: caption.position must be \"below\" or \"above\", not {other:?}"
                    ))
                }
            },
            footnote_scope: raw
                .footnotes
                .get("scope")
                .cloned()
                .unwrap_or_else(|| "document".into()),
            section_numbered: re(&get(&raw.sections, "numbered"), "sections.numbered", &n)?,
            section_chapter: re(&get(&raw.sections, "chapter"), "sections.chapter", &n)?,
            letter_fields: vec![
                ("datum".into(), lh.datum.clone()),
                ("kenmerk".into(), lh.kenmerk.clone()),
                ("onderwerp".into(), lh.onderwerp.clone()),
                ("bijlagen".into(), lh.bijlagen.clone()),
            ],
            signatory: re(&lh.signatory, "letterhead.signatory", &n)?,
            closing: re(&lh.closing, "letterhead.closing", &n)?,
            ministry: re(&lh.ministry, "letterhead.ministry", &n)?,
            parliament: match &raw.parliament {
                Some(r) => Some(
                    crate::structure::parliament::Rules::compile(r)
                        .map_err(|e| format!("{file}: [parliament] {e}"))?,
                ),
                None => None,
            },
            checks: crate::check::Rules::compile(&match &raw.checks {
                Some(c) => c.clone(),
                None => default_checks()?,
            })
            .map_err(|e| format!("{file}: {e}"))?,
        })
    }
}

/// All profiles: the embedded ones, replaced or extended by `*.toml` files in `dir`.
/// The profile files: the embedded ones, replaced or extended by `*.toml` files in `dir`,
/// as (file, text) in file-name order.
fn sources(dir: Option<&Path>) -> Result<Vec<(String, String)>, String> {
    let mut texts: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (f, t) in EMBEDDED {
        texts.insert(f.to_string(), (f.to_string(), t.to_string()));
    }
    if let Some(dir) = dir {
        let rd = std::fs::read_dir(dir).map_err(|e| format!("--parsers {}: {e}", dir.display()))?;
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().map(|x| x == "toml").unwrap_or(false) {
                let t = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                let key = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                texts.insert(key, (p.display().to_string(), t));
            }
        }
    }
    Ok(texts.into_values().collect())
}

/// All profiles: the embedded ones, replaced or extended by `*.toml` files in `dir`.
pub fn load(dir: Option<&Path>) -> Result<Vec<Profile>, String> {
    sources(dir)?
        .iter()
        .map(|(f, t)| Profile::parse(f, t))
        .collect()
}

/// The names of all profiles, checked as [`load`] checks them when `dir` is given (every
/// pattern compiled, so a bad folder is one clear error); the embedded profiles only
/// parsed for their names (their patterns are known to compile: `embedded_profiles_compile`).
pub fn names(dir: Option<&Path>) -> Result<Vec<String>, String> {
    if dir.is_some() {
        return Ok(load(dir)?.into_iter().map(|p| p.name).collect());
    }
    #[derive(Deserialize)]
    struct NameOnly {
        name: String,
    }
    sources(None)?
        .iter()
        .map(|(f, t)| {
            toml::from_str::<NameOnly>(t)
                .map(|n| n.name)
                .map_err(|e| format!("{f}: {e}"))
        })
        .collect()
}

/// The profile for one document: `forced` by name, else detected as [`detect`] does.
/// Only the detection patterns of every profile are compiled, and the whole of the one
/// chosen (a worker reads one file: compiling every profile's patterns would cost more
/// than reading a short letter). Ok(None) when a forced name does not exist.
pub fn choose(
    dir: Option<&Path>,
    forced: Option<&str>,
    title: &str,
    first_pages: &str,
) -> Result<Option<Profile>, String> {
    let srcs = sources(dir)?;
    if let Some(name) = forced {
        for (f, t) in &srcs {
            let raw: RawProfile = toml::from_str(t).map_err(|e| format!("{f}: {e}"))?;
            if raw.name == name {
                return Profile::parse(f, t).map(Some);
            }
        }
        return Ok(None);
    }
    // (hits, priority, fallback, index)
    let mut best: Option<(usize, i64, usize)> = None;
    let mut fallback: Option<(i64, usize)> = None;
    for (k, (f, t)) in srcs.iter().enumerate() {
        let raw: RawProfile = toml::from_str(t).map_err(|e| format!("{f}: {e}"))?;
        if raw.detect.fallback {
            if fallback
                .map(|(p, _)| raw.detect.priority > p)
                .unwrap_or(true)
            {
                fallback = Some((raw.detect.priority, k));
            }
            continue;
        }
        let mut hits = 0;
        for p in &raw.detect.patterns {
            if let Some(r) = re(p, "detect.patterns", &raw.name)? {
                hits += usize::from(r.is_match(title) || r.is_match(first_pages));
            }
        }
        if hits == 0 || hits < raw.detect.min_matches.max(1) {
            continue;
        }
        let better = best
            .map(|(h, p, _)| hits > h || (hits == h && raw.detect.priority > p))
            .unwrap_or(true);
        if better {
            best = Some((hits, raw.detect.priority, k));
        }
    }
    let pick = best.map(|(_, _, k)| k).or(fallback.map(|(_, k)| k));
    match pick.and_then(|k| srcs.get(k)) {
        Some((f, t)) => Profile::parse(f, t).map(Some),
        None => Ok(None),
    }
}

/// The profile that fits a document best: most detection patterns matching the title and
/// the first pages' text (at least the profile's `min_matches`), ties broken by priority.
/// When nothing matches, the fallback profile (`generic`), if there is one.
pub fn detect<'a>(profiles: &'a [Profile], title: &str, first_pages: &str) -> Option<&'a Profile> {
    profiles
        .iter()
        .map(|p| {
            let hits = p
                .detect
                .iter()
                .filter(|r| r.is_match(title) || r.is_match(first_pages))
                .count();
            (hits, p.priority, p)
        })
        .filter(|(hits, _, p)| *hits > 0 && *hits >= p.min_matches && !p.fallback)
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)))
        .map(|(_, _, p)| p)
        .or_else(|| {
            profiles
                .iter()
                .filter(|p| p.fallback)
                .max_by_key(|p| p.priority)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_profiles_compile() {
        let ps = load(None).expect("profiles");
        let names: Vec<&str> = ps.iter().map(|p| p.name.as_str()).collect();
        for n in [
            "staat-van-migratie",
            "kamerbrief",
            "kamerstuk",
            "pbl-cbs-report",
        ] {
            assert!(names.contains(&n), "{names:?}");
        }
    }

    #[test]
    fn detection() {
        let ps = load(None).expect("profiles");
        let d = |t: &str, text: &str| detect(&ps, t, text).map(|p| p.name.clone());
        assert_eq!(
            d("De Staat van Migratie 2025", "").as_deref(),
            Some("staat-van-migratie")
        );
        assert_eq!(
            d(
                "",
                "Tweede Kamer der Staten-Generaal\nVergaderjaar 2020–2021\n32 545 Nr. 143"
            )
            .as_deref(),
            Some("kamerstuk")
        );
        assert_eq!(
            d(
                "",
                "Datum 18 oktober 2023\nBetreft Verzamelbrief luchtvaart\nGeachte voorzitter,"
            )
            .as_deref(),
            Some("kamerbrief")
        );
        assert_eq!(
            d("", "Tabel 3.1: Verhuismotieven\nBron: PBL").as_deref(),
            Some("pbl-cbs-report")
        );
        // no family fits: the generic fallback (footnotes, captions, sections only)
        assert_eq!(d("", "nothing here").as_deref(), Some("generic"));
        // one generic label is not a letter
        assert_eq!(d("", "Datum: NAD-83 survey").as_deref(), Some("generic"));
    }

    #[test]
    fn choose_compiles_only_the_profile_it_picks_and_agrees_with_detect() {
        let ps = load(None).expect("profiles");
        for (title, text) in [
            (
                "",
                "Tweede Kamer der Staten-Generaal\nVergaderjaar 2020–2021\n32 545 Nr. 143",
            ),
            (
                "",
                "Datum 18 oktober 2023\nBetreft Verzamelbrief luchtvaart\nGeachte voorzitter,",
            ),
            ("", "Tabel 3.1: Verhuismotieven\nBron: PBL"),
            ("De Staat van Migratie 2025", ""),
            ("", "nothing here"),
        ] {
            let a = detect(&ps, title, text).map(|p| p.name.clone());
            let b = choose(None, None, title, text).expect("ok").map(|p| p.name);
            assert_eq!(a, b, "{text}");
        }
        assert_eq!(
            choose(None, Some("kamerstuk"), "", "")
                .expect("ok")
                .map(|p| p.name)
                .as_deref(),
            Some("kamerstuk")
        );
        assert!(choose(None, Some("no-such"), "", "").expect("ok").is_none());
    }

    #[test]
    fn bad_profile_is_a_clear_error() {
        let e = Profile::parse("x.toml", "name = 'x'\nfamily = 'y'\n[caption]\nstart = '('")
            .expect_err("bad regex");
        assert!(e.contains("caption.start"), "{e}");
        let e = Profile::parse(
            "x.toml",
            "name = 'x'\nfamily = 'y'\n[caption]\nstart = 'a'\nsorce_open = 'b'\n",
        )
        .expect_err("typo");
        assert!(e.contains("unknown key `sorce_open` in [caption]"), "{e}");
        let e = Profile::parse(
            "x.toml",
            "name = 'x'\nfamily = 'y'\n[running]\nbotom = 0.1\n",
        )
        .expect_err("typo");
        assert!(e.contains("botom"), "{e}");
        let e = Profile::parse("x.toml", "name = 'x'\nfamily = 'y'\n").expect_err("missing start");
        assert!(e.contains("caption.start is required"), "{e}");
    }
}
