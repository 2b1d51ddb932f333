//! Parliamentary papers and official publications: Kamervragen with their answers
//! (Aanhangsel van de Handelingen), Kamerstukken, Handelingen, Staatsblad, Staatscourant.
//!
//! **Evidence rule.** A value is read from the place and the label that give it its role,
//! never from the first matching number in the text: the identifier from its own line at the
//! foot of the first page (`ah-tk-20232024-2129`), the chamber from the header line
//! (`Tweede Kamer der Staten-Generaal`), the vergaderjaar from its label, the Aanhangsel
//! number from the line right under the header block that announces it, a Kamerstuk's dossier
//! and number from the left column of its header with the title beside them, dates from their
//! labels (`ingezonden`, `ontvangen`, `Voorgesteld`). Every value that is read is offered as a
//! candidate with its [`Evidence`] (page, box, what was read); where several places print the
//! same value (the header, the running foot, the identifier) they must agree, else the field
//! stays empty and a diagnostic names both readings. A value not found stays empty, with a
//! diagnostic. The official identifier is composed from the fields (officielebekendmakingen
//! scheme) when it is not printed, and checked against them when it is.
//!
//! The patterns (labels, header lines) come from the profile's `[parliament]` table; where
//! things stand (header block, foot, left column, the line under a label) from the layout.

pub mod aanhangsel;
pub mod kamerstuk;
pub mod people;

use super::text::{dutch_date, full_years};
use super::{diag, Ctx, DocMeta};
use crate::layout::Line;
use crate::pdf::model::{BBox, Diagnostic, Severity};
use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The role of a person named on a paper (`document_people.role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// A member who asked the questions (`Vragen van het lid …`).
    Questioner,
    /// An office the questions were put to (`aan de Minister van …`).
    Addressee,
    /// Who answered (`Antwoord van Minister …`).
    AnsweredBy,
    /// Who signed a letter or a Kamerstuk brief.
    Signatory,
    /// Who submitted a motie or amendement (indiener).
    Submitter,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Questioner => "questioner",
            Role::Addressee => "addressee",
            Role::AnsweredBy => "answered_by",
            Role::Signatory => "signatory",
            Role::Submitter => "submitter",
        }
    }
}

/// A person (or an office) named on a paper, as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub role: Role,
    pub name: Option<String>,
    pub party: Option<String>,
    pub office: Option<String>,
    pub page: u32,
}

/// The document fields a value can be evidence for (`document_evidence.field`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Field {
    Identifier,
    Chamber,
    Vergaderjaar,
    Number,
    Dossier,
    Ondernummer,
    Subject,
    Kind,
    SubmittedOn,
    AnsweredOn,
    PublishedOn,
    Kenmerk,
    Sender,
    /// A person; the role says which.
    Person(Role),
    /// The year of a Staatsblad or Staatscourant (only a part of its identifier).
    Year,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Identifier => "identifier",
            Field::Chamber => "chamber",
            Field::Vergaderjaar => "vergaderjaar",
            Field::Number => "number",
            Field::Dossier => "dossier",
            Field::Ondernummer => "ondernummer",
            Field::Subject => "subject",
            Field::Kind => "kind",
            Field::SubmittedOn => "submitted_on",
            Field::AnsweredOn => "answered_on",
            Field::PublishedOn => "published_on",
            Field::Kenmerk => "kenmerk",
            Field::Sender => "sender",
            Field::Person(r) => r.as_str(),
            Field::Year => "year",
        }
    }
}

/// Where a value was read: the page, the box of the line(s) it stands in, and what was read
/// there (`foot of page 1: printed identifier`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub field: Field,
    pub value: String,
    pub page: u32,
    pub bbox: BBox,
    pub source: String,
}

/// One question of a Kamervragen paper and its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// The first number of the heading (`Vraag 3, 4 en 5` -> 3).
    pub number: u32,
    /// The numbers as printed in the heading (`3, 4 en 5`).
    pub numbers: String,
    pub question: Option<String>,
    pub answer: Option<String>,
    /// The numbers of the answer's heading (`5 en 6` when one answer covers two questions).
    pub answer_numbers: Option<String>,
    /// Page of the question's heading (of the answer's when the question was not printed).
    pub page: u32,
    pub answer_page: Option<u32>,
    /// Footnote numbers of the markers in the question and in the answer.
    pub question_notes: Vec<u32>,
    pub answer_notes: Vec<u32>,
}

/// `[parliament]` in a profile, as written.
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    #[serde(default)]
    identifier: String,
    #[serde(default)]
    chamber: String,
    #[serde(default)]
    vergaderjaar: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    footer: Vec<String>,
    #[serde(default)]
    number_label: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    number_size: Option<f64>,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    dated: Vec<String>,
    // Kamervragen
    #[serde(default)]
    asked: String,
    #[serde(default)]
    answered: String,
    #[serde(default)]
    addressed: String,
    #[serde(default)]
    about: String,
    #[serde(default)]
    sent: String,
    #[serde(default)]
    received: String,
    #[serde(default)]
    on_behalf: String,
    #[serde(default)]
    offices: Vec<String>,
    #[serde(default)]
    plural_offices: Vec<Vec<String>>,
    #[serde(default)]
    voor: Vec<String>,
    #[serde(default)]
    question: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    notice: String,
    // Kamerstukken
    #[serde(default)]
    dossier: String,
    #[serde(default)]
    ondernummer: String,
    #[serde(default)]
    kinds: Vec<Vec<String>>,
    #[serde(default)]
    closing: String,
    #[serde(default)]
    submitters: String,
}

/// `[parliament]`, compiled. Every regex is matched against one layout line's trimmed text
/// unless its doc says otherwise; named groups give the values: `c` chamber (`Tweede`,
/// `TK`, `tk`), `v` vergaderjaar (`2023–2024` or `20232024`), `y` year, `n` number, `d`
/// dossier, `s` its sub-part (`VI`, `02`), `o` ondernummer (a Handelingen item), `id` the
/// whole identifier, `date` a date.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The printed identifier, alone on its line at the foot of page 1.
    pub identifier: Option<Regex>,
    /// The chamber line at the top of page 1.
    pub chamber: Option<Regex>,
    /// The vergaderjaar label in the header of page 1.
    pub vergaderjaar: Option<Regex>,
    /// The year label (`Jaargang 2023`).
    pub year: Option<Regex>,
    /// Running-foot lines (any page).
    pub footer: Vec<Regex>,
    /// The header line(s) under which the paper's number stands; `number` is that line.
    pub number_label: Option<Regex>,
    pub number: Option<Regex>,
    /// The number is set large: at least this many times the body size (default 1.25), so
    /// a page number or a body line under the header is never taken for it.
    pub number_size: f64,
    /// The first line of the subject (the rest of its block follows).
    pub subject: Option<Regex>,
    /// Dated labels, groups `submitted`, `answered` or `published` (`Voorgesteld 6 juli 2021`).
    pub dated: Vec<Regex>,
    /// Kamervragen: the start of the header paragraph (`Vragen van het lid`), of the answer's
    /// (`Antwoord van`, group `kind`), the words between the askers and the addressees
    /// (` aan de `), between the addressees and the subject (` over `), the dates (group
    /// `date`), and where the answerers end (`, mede namens`). Matched within the paragraph.
    pub asked: Option<Regex>,
    pub answered: Option<Regex>,
    pub addressed: Option<Regex>,
    pub about: Option<Regex>,
    pub sent: Option<Regex>,
    pub received: Option<Regex>,
    pub on_behalf: Option<Regex>,
    /// Office titles (`Minister`), their plurals (`Ministers` -> `Minister`) and the
    /// portfolios of ministers `voor` (without a ministry of their own).
    pub offices: Vec<String>,
    pub plural_offices: Vec<(String, String)>,
    pub voor: Vec<String>,
    /// Question and answer headings (group `n`: `1`, `3, 4 en 5`) and a notice heading.
    pub question: Option<Regex>,
    pub answer: Option<Regex>,
    pub notice: Option<Regex>,
    /// Kamerstukken: the dossier number and `Nr.` in the header's left column, the kind of
    /// paper from the title beside `Nr.` (regex, kind), and the closing line after which the
    /// submitters of a motie sign.
    pub dossier: Option<Regex>,
    pub ondernummer: Option<Regex>,
    pub kinds: Vec<(Regex, String)>,
    pub closing: Option<Regex>,
    /// The names in a motie's or amendement's title (group `names`: `INGE VAN DIJK EN
    /// GRINWIS`), matched against the title.
    pub submitters: Option<Regex>,
}

fn re(s: &str, what: &str) -> Result<Option<Regex>, String> {
    if s.is_empty() || s == "^$" {
        return Ok(None);
    }
    Regex::new(s).map(Some).map_err(|e| format!("{what}: {e}"))
}

impl Rules {
    pub fn compile(r: &RawRules) -> Result<Rules, String> {
        let mut footer = Vec::new();
        for f in &r.footer {
            footer.extend(re(f, "footer")?);
        }
        let mut dated = Vec::new();
        for d in &r.dated {
            dated.extend(re(d, "dated")?);
        }
        let mut kinds = Vec::new();
        for k in &r.kinds {
            match k.as_slice() {
                [p, kind] => {
                    if let Some(rx) = re(p, "kinds")? {
                        kinds.push((rx, kind.clone()));
                    }
                }
                _ => return Err("kinds: each entry is [pattern, kind]".into()),
            }
        }
        let mut plural_offices = Vec::new();
        for p in &r.plural_offices {
            match p.as_slice() {
                [pl, single] => plural_offices.push((pl.clone(), single.clone())),
                _ => return Err("plural_offices: each entry is [plural, singular]".into()),
            }
        }
        Ok(Rules {
            identifier: re(&r.identifier, "identifier")?,
            chamber: re(&r.chamber, "chamber")?,
            vergaderjaar: re(&r.vergaderjaar, "vergaderjaar")?,
            year: re(&r.year, "year")?,
            footer,
            number_label: re(&r.number_label, "number_label")?,
            number: re(&r.number, "number")?,
            number_size: r.number_size.unwrap_or(1.25),
            subject: re(&r.subject, "subject")?,
            dated,
            asked: re(&r.asked, "asked")?,
            answered: re(&r.answered, "answered")?,
            addressed: re(&r.addressed, "addressed")?,
            about: re(&r.about, "about")?,
            sent: re(&r.sent, "sent")?,
            received: re(&r.received, "received")?,
            on_behalf: re(&r.on_behalf, "on_behalf")?,
            offices: r.offices.clone(),
            plural_offices,
            voor: r.voor.clone(),
            question: re(&r.question, "question")?,
            answer: re(&r.answer, "answer")?,
            notice: re(&r.notice, "notice")?,
            dossier: re(&r.dossier, "dossier")?,
            ondernummer: re(&r.ondernummer, "ondernummer")?,
            kinds,
            closing: re(&r.closing, "closing")?,
            submitters: re(&r.submitters, "submitters")?,
        })
    }
}

/// `Tweede`, `TK`, `tk`, `II` -> `II`; `Eerste`, `EK`, `ek`, `I` -> `I`.
pub fn chamber_of(s: &str) -> Option<String> {
    match s.trim().to_lowercase().as_str() {
        "tweede" | "tk" | "ii" => Some("II".into()),
        "eerste" | "ek" | "i" => Some("I".into()),
        _ => None,
    }
}

/// `2023–2024`, `2023-24`, `20232024` -> `2023-2024`, when the years follow each other.
pub fn vergaderjaar_of(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let v = if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}", digits.get(..4)?, digits.get(4..)?)
    } else {
        full_years(&digits.replace(['–', '—', '/'], "-"))
    };
    let (a, b) = v.split_once('-')?;
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    (b == a + 1 && (1800..2200).contains(&a)).then(|| format!("{a}-{b}"))
}

/// A dossier number as stored: digits without spaces, a numeric sub-dossier attached
/// (`21501-02`), a roman or letter part only in the identifier (as `citations` does).
fn dossier_parts(d: &str, sub: Option<&str>) -> Option<(String, Option<String>)> {
    let base: String = d.chars().filter(|c| !c.is_whitespace()).collect();
    if base.len() < 4 || !base.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match sub.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) if s.bytes().all(|b| b.is_ascii_digit()) => Some((format!("{base}-{s}"), None)),
        Some(s) => Some((base, Some(s.to_string()))),
        None => Some((base, None)),
    }
}

/// The lines of a page.
pub(crate) fn lines_of<'a>(cx: &'a Ctx, pi: usize) -> &'a [Line] {
    cx.layout
        .pages
        .get(pi)
        .map(|p| p.lines.as_slice())
        .unwrap_or(&[])
}

pub(crate) fn page_height(cx: &Ctx, pi: usize) -> f64 {
    cx.doc
        .pages
        .get(pi)
        .map(|p| p.height)
        .filter(|h| *h > 0.0)
        .unwrap_or(842.0)
}

/// Collects the candidate values of each field with their evidence, and settles them.
pub struct Reader<'a, 'b> {
    pub cx: &'a Ctx<'b>,
    pub rules: &'a Rules,
    pub meta: DocMeta,
    pub diags: Vec<Diagnostic>,
    cands: BTreeMap<Field, Vec<Evidence>>,
    /// Fields whose readings disagreed, or that were said to be missing.
    conflicts: Vec<Field>,
    reported: Vec<Field>,
    /// The roman or letter part of the dossier (`VI` in `36 200 VI`), for the identifier.
    pub dossier_part: Option<String>,
}

impl<'a, 'b> Reader<'a, 'b> {
    pub fn new(cx: &'a Ctx<'b>, rules: &'a Rules, meta: DocMeta) -> Self {
        Reader {
            cx,
            rules,
            meta,
            diags: Vec::new(),
            cands: BTreeMap::new(),
            conflicts: Vec::new(),
            reported: Vec::new(),
            dossier_part: None,
        }
    }

    /// Offers a value read at `bbox` on page index `pi`.
    pub fn offer(&mut self, field: Field, value: &str, pi: usize, bbox: BBox, source: String) {
        let value = people::tidy(value);
        if value.is_empty() {
            return;
        }
        self.cands.entry(field).or_default().push(Evidence {
            field,
            value,
            page: pi as u32 + 1,
            bbox,
            source,
        });
    }

    /// The settled value of a field: every reading agrees, else None and a diagnostic.
    fn settle(&mut self, field: Field) -> Option<String> {
        let ev = self.cands.get(&field)?;
        let first = ev.first()?.value.clone();
        if ev.iter().all(|e| e.value == first) {
            return Some(first);
        }
        if !self.conflicts.contains(&field) {
            self.conflicts.push(field);
            let readings: Vec<String> = ev
                .iter()
                .map(|e| format!("{} ({}, page {})", e.value, e.source, e.page))
                .collect();
            self.diags.push(diag(
                None,
                Severity::Warning,
                format!(
                    "{}: the paper prints different values: {}; left empty",
                    field.as_str(),
                    readings.join(" / ")
                ),
            ));
        }
        None
    }

    pub(crate) fn missing(&mut self, field: Field, looked: &str) {
        if self.reported.contains(&field) {
            return;
        }
        self.reported.push(field);
        self.diags.push(diag(
            None,
            Severity::Info,
            format!("{}: not found ({looked}); left empty", field.as_str()),
        ));
    }

    /// Reads what every parliamentary family prints the same way: the identifier at the
    /// foot of page 1, the chamber line, the vergaderjaar and year labels, the running foot,
    /// the number under its label, dated labels, a subject line.
    pub fn read_common(&mut self) {
        let cx = self.cx;
        let rules = self.rules;
        let h = page_height(cx, 0);
        let first = lines_of(cx, 0);
        // the printed identifier, alone on a line in the foot of page 1
        if let Some(r) = &rules.identifier {
            if let Some((l, c)) = first
                .iter()
                .filter(|l| l.baseline > 0.8 * h)
                .find_map(|l| r.captures(l.text.trim()).map(|c| (l, c)))
            {
                let src = format!("foot of page 1: printed identifier {}", l.text.trim());
                if let Some(id) = c.name("id") {
                    self.offer(Field::Identifier, id.as_str(), 0, l.bbox, src.clone());
                }
                self.offer_groups(&c, 0, l.bbox, &src);
            }
        }
        if let Some(r) = &rules.chamber {
            if let Some((l, c)) = first
                .iter()
                .filter(|l| l.baseline < 0.2 * h)
                .find_map(|l| r.captures(l.text.trim()).map(|c| (l, c)))
            {
                let src = format!("header of page 1: {}", l.text.trim());
                self.offer_groups(&c, 0, l.bbox, &src);
            }
        }
        for (r, what) in [(&rules.vergaderjaar, "label"), (&rules.year, "label")] {
            let Some(r) = r else { continue };
            if let Some((l, c)) = first
                .iter()
                .filter(|l| l.baseline < 0.35 * h)
                .find_map(|l| r.captures(l.text.trim()).map(|c| (l, c)))
            {
                let src = format!("header of page 1, {what}: {}", l.text.trim());
                self.offer_groups(&c, 0, l.bbox, &src);
            }
        }
        // the running foot: each pattern on the first page that prints it
        for r in &rules.footer {
            'pages: for pi in 0..cx.layout.pages.len() {
                let h = page_height(cx, pi);
                for l in lines_of(cx, pi).iter().filter(|l| l.baseline > 0.85 * h) {
                    if let Some(c) = r.captures(l.text.trim()) {
                        let src = format!("running foot, page {}: {}", pi + 1, l.text.trim());
                        self.offer_groups(&c, pi, l.bbox, &src);
                        break 'pages;
                    }
                }
            }
        }
        self.number_under_label();
        self.dated();
        if let Some(r) = &rules.subject {
            let body: Vec<(usize, &Line)> = first
                .iter()
                .enumerate()
                .filter(|(_, l)| l.zone == crate::layout::Zone::Body)
                .collect();
            if let Some(k) = body.iter().position(|(_, l)| r.is_match(l.text.trim())) {
                let head = body[k].1;
                let mut texts = vec![head.text.clone()];
                let mut bbox = head.bbox;
                for (_, l) in body.iter().skip(k + 1) {
                    if l.block != head.block {
                        break;
                    }
                    texts.push(l.text.clone());
                    bbox = union(bbox, l.bbox);
                }
                let s = super::join_lines(&texts, &cx.vocabulary);
                self.offer(
                    Field::Subject,
                    &s,
                    0,
                    bbox,
                    "page 1: the title block".into(),
                );
            }
        }
    }

    /// Offers the named groups of a match as candidates.
    pub(crate) fn offer_groups(&mut self, c: &Captures, pi: usize, bbox: BBox, src: &str) {
        if let Some(v) = c.name("c").and_then(|m| chamber_of(m.as_str())) {
            self.offer(Field::Chamber, &v, pi, bbox, src.to_string());
        }
        if let Some(m) = c.name("v") {
            match vergaderjaar_of(m.as_str()) {
                Some(v) => self.offer(Field::Vergaderjaar, &v, pi, bbox, src.to_string()),
                None => self.diags.push(diag(
                    Some(pi as u32 + 1),
                    Severity::Warning,
                    format!("vergaderjaar {:?} is not two consecutive years", m.as_str()),
                )),
            }
        }
        if let Some(m) = c.name("y") {
            self.offer(Field::Year, m.as_str(), pi, bbox, src.to_string());
        }
        if let Some(m) = c.name("n") {
            self.offer(
                Field::Number,
                m.as_str().trim_start_matches('0'),
                pi,
                bbox,
                src.to_string(),
            );
        }
        if let Some(m) = c.name("d") {
            if let Some((d, part)) = dossier_parts(m.as_str(), c.name("s").map(|x| x.as_str())) {
                self.offer(Field::Dossier, &d, pi, bbox, src.to_string());
                if part.is_some() {
                    self.dossier_part = part;
                }
            }
        }
        if let Some(m) = c.name("o") {
            self.offer(Field::Ondernummer, m.as_str(), pi, bbox, src.to_string());
        }
        if let Some(d) = c.name("date").and_then(|m| dutch_date(m.as_str())) {
            self.offer(Field::PublishedOn, &d, pi, bbox, src.to_string());
        }
    }

    /// The number printed right under its label block (the Aanhangsel number under `Vragen
    /// gesteld door de leden der Kamer…`): the nearest large line (`number_size` times the
    /// body) below the block's last line, starting where the label starts, above the
    /// questions' paragraph. If that line is not a number, there is no number: a number
    /// further down (a cited paper's) or a small one in between (a page number) is never
    /// taken.
    fn number_under_label(&mut self) {
        let (Some(label), Some(num)) = (&self.rules.number_label, &self.rules.number) else {
            return;
        };
        let lines = lines_of(self.cx, 0);
        let Some(li) = lines.iter().position(|l| label.is_match(l.text.trim())) else {
            self.missing(Field::Number, "no header line announcing the number");
            return;
        };
        let head = &lines[li];
        let bottom = lines
            .iter()
            .filter(|l| l.block == head.block && l.column == head.column)
            .map(|l| l.baseline)
            .fold(head.baseline, f64::max);
        let floor = self
            .rules
            .asked
            .as_ref()
            .and_then(|a| {
                lines
                    .iter()
                    .filter(|l| l.baseline > bottom && a.is_match(l.text.trim()))
                    .map(|l| l.baseline)
                    .next()
            })
            .unwrap_or(f64::INFINITY);
        let body = self.cx.body.max(1.0);
        let min_size = self.rules.number_size * body;
        let below = lines
            .iter()
            .filter(|l| {
                l.zone == crate::layout::Zone::Body
                    && l.baseline > bottom + 0.5
                    && l.baseline < floor
                    && (l.bbox.x0 - head.bbox.x0).abs() < 3.0
                    && l.size >= min_size
            })
            .min_by(|a, b| a.baseline.total_cmp(&b.baseline));
        match below {
            Some(l) => match num.captures(l.text.trim()) {
                Some(c) => {
                    let src = format!(
                        "header of page 1: the {:.1} pt line under {:?}",
                        l.size,
                        head.text.trim()
                    );
                    self.offer_groups(&c, 0, l.bbox, &src);
                }
                None => self.diags.push(diag(
                    Some(1),
                    Severity::Warning,
                    format!(
                        "number: the line under {:?} is {:?}, not a number; left empty",
                        head.text.trim(),
                        l.text.trim()
                    ),
                )),
            },
            None => self.missing(Field::Number, "nothing printed under its header line"),
        }
    }

    /// Dated labels: the first line on any page matching each pattern.
    fn dated(&mut self) {
        let cx = self.cx;
        let rules = self.rules;
        for r in &rules.dated {
            'found: for pi in 0..cx.layout.pages.len() {
                for l in lines_of(cx, pi) {
                    if l.zone != crate::layout::Zone::Body {
                        continue;
                    }
                    let Some(c) = r.captures(l.text.trim()) else {
                        continue;
                    };
                    let src = format!("page {}: {}", pi + 1, l.text.trim());
                    for (g, fields) in [
                        ("submitted", &[Field::SubmittedOn, Field::PublishedOn][..]),
                        ("answered", &[Field::AnsweredOn, Field::PublishedOn][..]),
                        ("published", &[Field::PublishedOn][..]),
                    ] {
                        if let Some(d) = c.name(g).and_then(|m| date_of(m.as_str())) {
                            for f in fields {
                                self.offer(*f, &d, pi, l.bbox, src.clone());
                            }
                        }
                    }
                    break 'found;
                }
            }
        }
    }

    /// Settles every field into the metadata; composes and checks the identifier.
    pub fn finish(mut self, family: &str) -> (DocMeta, Vec<Diagnostic>) {
        for f in [
            Field::Chamber,
            Field::Vergaderjaar,
            Field::Number,
            Field::Dossier,
            Field::Ondernummer,
            Field::Subject,
            Field::Kind,
            Field::SubmittedOn,
            Field::AnsweredOn,
            Field::PublishedOn,
            Field::Year,
        ] {
            let v = self.settle(f);
            let m = &mut self.meta;
            match f {
                Field::Chamber => m.chamber = v,
                Field::Vergaderjaar => m.vergaderjaar = v,
                Field::Number => m.number = v,
                Field::Dossier => m.dossier = v,
                Field::Ondernummer => m.ondernummer = v,
                Field::Subject => m.subject = v,
                Field::Kind => m.kind = v,
                Field::SubmittedOn => m.submitted_on = v,
                Field::AnsweredOn => m.answered_on = v,
                Field::PublishedOn => m.published_on = v,
                _ => {}
            }
        }
        let year = self.settle(Field::Year);
        // an identifier encodes these fields: where the paper prints them differently, its
        // identifier is as doubtful as they are
        let parts = [
            Field::Chamber,
            Field::Vergaderjaar,
            Field::Number,
            Field::Dossier,
            Field::Ondernummer,
            Field::Year,
        ];
        if let Some(f) = parts.iter().find(|f| self.conflicts.contains(f)) {
            self.reported.push(Field::Identifier);
            if self.cands.remove(&Field::Identifier).is_some() {
                self.diags.push(diag(
                    None,
                    Severity::Warning,
                    format!(
                        "identifier: left empty, since the paper prints its {} differently",
                        f.as_str()
                    ),
                ));
            }
            self.meta.identifier = None;
            return self.close(family, year);
        }
        // the identifier from the fields, checked against the printed one
        if let Some(id) = self.compose(family, year.as_deref()) {
            // the box of the page-1 readings it is composed of
            let bbox = parts
                .iter()
                .filter_map(|f| self.cands.get(f))
                .flatten()
                .filter(|e| e.page == 1)
                .map(|e| e.bbox)
                .reduce(union)
                .unwrap_or(BBox {
                    x0: 0.0,
                    y0: 0.0,
                    x1: 0.0,
                    y1: 0.0,
                });
            self.offer(
                Field::Identifier,
                &id,
                0,
                bbox,
                "composed from the fields read above".into(),
            );
        }
        self.meta.identifier = self.settle(Field::Identifier);
        self.close(family, year)
    }

    /// Says what was not found and keeps the evidence of the settled values.
    fn close(mut self, family: &str, year: Option<String>) -> (DocMeta, Vec<Diagnostic>) {
        // what was not found
        let wanted: &[Field] = match family {
            "aanhangsel" => &[
                Field::Identifier,
                Field::Chamber,
                Field::Vergaderjaar,
                Field::Number,
                Field::Subject,
                Field::SubmittedOn,
                Field::AnsweredOn,
            ],
            "kamerstuk" => &[
                Field::Identifier,
                Field::Chamber,
                Field::Vergaderjaar,
                Field::Dossier,
                Field::Ondernummer,
                Field::Subject,
                Field::Kind,
            ],
            _ => &[Field::Identifier],
        };
        for f in wanted {
            if !self.cands.contains_key(f) && !self.conflicts.contains(f) {
                self.missing(*f, "no printed value with its label or place");
            }
        }
        // evidence of the settled values only
        let settled = |f: &Field, m: &DocMeta| -> bool {
            match f {
                Field::Identifier => m.identifier.is_some(),
                Field::Chamber => m.chamber.is_some(),
                Field::Vergaderjaar => m.vergaderjaar.is_some(),
                Field::Number => m.number.is_some(),
                Field::Dossier => m.dossier.is_some(),
                Field::Ondernummer => m.ondernummer.is_some(),
                Field::Subject => m.subject.is_some(),
                Field::Kind => m.kind.is_some(),
                Field::SubmittedOn => m.submitted_on.is_some(),
                Field::AnsweredOn => m.answered_on.is_some(),
                Field::PublishedOn => m.published_on.is_some(),
                Field::Year => year.is_some(),
                _ => true,
            }
        };
        let mut evidence: Vec<Evidence> = Vec::new();
        for (f, ev) in std::mem::take(&mut self.cands) {
            if settled(&f, &self.meta) {
                evidence.extend(ev);
            }
        }
        self.meta.evidence.extend(evidence);
        (self.meta, self.diags)
    }

    /// The officielebekendmakingen identifier of the fields read, when they are all there.
    fn compose(&self, family: &str, year: Option<&str>) -> Option<String> {
        let m = &self.meta;
        let house = |c: &str| if c == "I" { "ek" } else { "tk" };
        match family {
            "aanhangsel" => Some(format!(
                "ah-{}-{}-{}",
                house(m.chamber.as_deref()?),
                m.vergaderjaar.as_deref()?.replace('-', ""),
                m.number.as_deref()?
            )),
            "handelingen" => Some(format!(
                "h-{}-{}-{}-{}",
                house(m.chamber.as_deref()?),
                m.vergaderjaar.as_deref()?.replace('-', ""),
                m.number.as_deref()?,
                m.ondernummer.as_deref()?
            )),
            "kamerstuk" => {
                let d = m.dossier.as_deref()?;
                let o = m.ondernummer.as_deref()?;
                Some(match &self.dossier_part {
                    Some(p) => format!("kst-{d}-{p}-{o}"),
                    None => format!("kst-{d}-{o}"),
                })
            }
            "staatsblad" => Some(format!("stb-{}-{}", year?, m.number.as_deref()?)),
            "staatscourant" => Some(format!("stcrt-{}-{}", year?, m.number.as_deref()?)),
            _ => None,
        }
    }
}

pub fn union(a: BBox, b: BBox) -> BBox {
    BBox {
        x0: a.x0.min(b.x0),
        y0: a.y0.min(b.y0),
        x1: a.x1.max(b.x1),
        y1: a.y1.max(b.y1),
    }
}

/// A date as printed: `6 juli 2021`, or in words as the Staatsblad prints the day of
/// issue (`de eenentwintigste maart 2023`).
pub fn date_of(s: &str) -> Option<String> {
    if let Some(d) = dutch_date(s) {
        return Some(d);
    }
    const ORD: [&str; 31] = [
        "eerste",
        "tweede",
        "derde",
        "vierde",
        "vijfde",
        "zesde",
        "zevende",
        "achtste",
        "negende",
        "tiende",
        "elfde",
        "twaalfde",
        "dertiende",
        "veertiende",
        "vijftiende",
        "zestiende",
        "zeventiende",
        "achttiende",
        "negentiende",
        "twintigste",
        "eenentwintigste",
        "tweeëntwintigste",
        "drieëntwintigste",
        "vierentwintigste",
        "vijfentwintigste",
        "zesentwintigste",
        "zevenentwintigste",
        "achtentwintigste",
        "negenentwintigste",
        "dertigste",
        "eenendertigste",
    ];
    let lower = s.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(k) = ORD.iter().position(|o| o == w) {
            let rest = words.get(i + 1..)?.join(" ");
            return dutch_date(&format!("{} {rest}", k + 1));
        }
    }
    None
}

/// A Handelingen or Aanhangsel citation without a chamber (`Zie ook Aanhangsel Handelingen,
/// vergaderjaar 2014–2015, nr. 403` in a Tweede Kamer paper) is of the citing paper's
/// chamber: its identifier becomes the official one (`ah-tk-20142015-403`). Papers without a
/// chamber of their own (a report) leave such citations as they are.
pub fn complete_citations(
    cits: &mut [super::CitationRow],
    meta: &DocMeta,
    diags: &mut Vec<Diagnostic>,
) {
    use super::citations::CitationKind;
    let Some(chamber) = meta.chamber.as_deref() else {
        return;
    };
    let house = if chamber == "I" { "ek" } else { "tk" };
    let mut done = Vec::new();
    for c in cits.iter_mut() {
        if c.chamber.is_some()
            || !matches!(c.kind, CitationKind::Aanhangsel | CitationKind::Handelingen)
        {
            continue;
        }
        let Some((prefix, rest)) = c.identifier.split_once('-') else {
            continue;
        };
        let id = format!("{prefix}-{house}-{rest}");
        let parts = id.split('-').count();
        let complete = match c.kind {
            CitationKind::Aanhangsel => parts == 4,
            _ => parts == 5,
        };
        c.url = complete.then(|| format!("https://zoek.officielebekendmakingen.nl/{id}.html"));
        c.chamber = Some(chamber.to_string());
        done.push(format!("{} -> {id}", c.raw));
        c.identifier = id;
    }
    if !done.is_empty() {
        diags.push(diag(
            None,
            Severity::Info,
            format!(
                "citations without a chamber are taken to be of this paper's chamber ({chamber}): {}",
                done.join("; ")
            ),
        ));
    }
}

/// Reads the metadata of a parliamentary paper with the profile's `[parliament]` rules.
pub fn read(cx: &Ctx, meta: DocMeta) -> (DocMeta, Vec<Diagnostic>) {
    let Some(rules) = &cx.profile.parliament else {
        return (meta, Vec::new());
    };
    let family = cx.profile.family.as_str();
    let mut r = Reader::new(cx, rules, meta);
    r.read_common();
    match family {
        "aanhangsel" => aanhangsel::header(&mut r),
        "kamerstuk" => kamerstuk::header(&mut r),
        _ => {}
    }
    r.finish(family)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chambers_and_years() {
        assert_eq!(chamber_of("Tweede").as_deref(), Some("II"));
        assert_eq!(chamber_of("ek").as_deref(), Some("I"));
        assert_eq!(chamber_of("Derde"), None);
        assert_eq!(vergaderjaar_of("2023–2024").as_deref(), Some("2023-2024"));
        assert_eq!(vergaderjaar_of("20142015").as_deref(), Some("2014-2015"));
        assert_eq!(vergaderjaar_of("1999-00").as_deref(), Some("1999-2000"));
        assert_eq!(vergaderjaar_of("2023-2025"), None);
        assert_eq!(vergaderjaar_of("x"), None);
    }

    #[test]
    fn dossiers() {
        assert_eq!(dossier_parts("32 545", None), Some(("32545".into(), None)));
        assert_eq!(
            dossier_parts("21 501", Some("02")),
            Some(("21501-02".into(), None))
        );
        assert_eq!(
            dossier_parts("36 200", Some("VI")),
            Some(("36200".into(), Some("VI".into())))
        );
        assert_eq!(dossier_parts("12", None), None);
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(date_of("6 juli 2021").as_deref(), Some("2021-07-06"));
        assert_eq!(
            date_of("Uitgegeven de eenentwintigste maart 2023").as_deref(),
            Some("2023-03-21")
        );
        assert_eq!(date_of("de dertigste februari 2023"), None);
        assert_eq!(date_of("geen datum"), None);
    }
}
