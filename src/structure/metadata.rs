//! Document metadata: the edition of a report; the letterhead fields of a letter (date,
//! kenmerk, subject, sender: a label and its value to the right or below, in a letterhead
//! column); the header of a printed Kamerstuk (vergaderjaar, dossier, number, identifier);
//! the signatory after the closing. The patterns come from the profile; where the values
//! stand comes from the layout's lines.

use super::parliament::{self, Evidence, Field, Person, Role};
use super::text::{dutch_date, full_years};
use super::{Ctx, DocMeta};
use crate::layout::{Line, Zone};
use crate::pdf::model::{BBox, Diagnostic};

/// The metadata of a document; what could not be read is said in `diags`. Parliamentary
/// papers (profiles with a `[parliament]` table) are read by `structure::parliament`.
pub fn read(cx: &Ctx, diags: &mut Vec<Diagnostic>) -> DocMeta {
    let pages: Vec<&[Line]> = cx.layout.pages.iter().map(|p| p.lines.as_slice()).collect();
    let mut m = metadata(cx, &pages);
    if cx.profile.parliament.is_some() {
        let (read, mut d) = parliament::read(cx, m);
        m = read;
        diags.append(&mut d);
    }
    m
}

fn evidence(m: &mut DocMeta, field: Field, value: &str, page: u32, bbox: BBox, source: String) {
    m.evidence.push(Evidence {
        field,
        value: value.to_string(),
        page,
        bbox,
        source,
    });
}

fn metadata(cx: &Ctx, pages: &[&[Line]]) -> DocMeta {
    let (doc, profile) = (cx.doc, cx.profile);
    let mut m = DocMeta {
        title: doc.info.title.clone(),
        ..Default::default()
    };
    let first_text: String = pages
        .iter()
        .take(3)
        .map(|lines| {
            lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(r) = &profile.edition {
        let from = m
            .title
            .as_deref()
            .and_then(|t| r.captures(t))
            .or_else(|| r.captures(&first_text));
        m.edition = from
            .and_then(|c| c.name("year"))
            .and_then(|y| y.as_str().parse().ok());
    }
    let grab = |r: &Option<regex::Regex>, name: &str| {
        r.as_ref()
            .and_then(|r| r.captures(&first_text))
            .and_then(|c| c.name(name).map(|x| x.as_str().trim().to_string()))
    };
    m.vergaderjaar = grab(&profile.vergaderjaar, "v")
        .map(|v| full_years(&v.replace(['–', '/'], "-").replace(' ', "")));
    m.dossier = grab(&profile.dossier, "d").map(|d| d.replace(' ', ""));
    m.ondernummer = grab(&profile.ondernummer, "n");
    m.identifier = grab(&profile.identifier, "id");
    m.subject = grab(&profile.subject, "s");
    // letterhead fields: label then value, on the same line or the line below
    if let Some(lines) = pages.first() {
        let all_labels: Vec<String> = profile
            .letter_fields
            .iter()
            .flat_map(|(_, l)| l.iter().cloned())
            .collect();
        for (field, labels) in &profile.letter_fields {
            if labels.is_empty() {
                continue;
            }
            let mut value: Option<(String, BBox, String)> = None;
            for (li, l) in lines.iter().enumerate() {
                let text = l.text.as_str();
                let t = text.trim();
                let Some(label) = labels
                    .iter()
                    .find(|lab| t == lab.as_str() || t.starts_with(&format!("{lab} ")))
                else {
                    continue;
                };
                let rest = t.get(label.len()..).unwrap_or("").trim();
                if !rest.is_empty() {
                    value = Some((
                        rest.to_string(),
                        l.bbox,
                        format!("letterhead of page 1: after the label {label:?}"),
                    ));
                } else {
                    // the value to the right on the same baseline, else the line below in
                    // the same column (a letterhead column)
                    let right = lines
                        .iter()
                        .filter(|n| {
                            (n.baseline - l.baseline).abs() < 0.3 * l.size
                                && n.bbox.x0 > l.bbox.x1
                                && n.bbox.x0 - l.bbox.x1 < 12.0 * l.size
                        })
                        .min_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
                    if let Some(n) = right {
                        value = Some((
                            n.text.trim().to_string(),
                            n.bbox,
                            format!("letterhead of page 1: right of the label {label:?}"),
                        ));
                        break;
                    }
                    // the line below in the same column
                    let below = lines
                        .iter()
                        .enumerate()
                        .filter(|(k, n)| {
                            *k != li
                                && n.baseline > l.baseline
                                && n.baseline - l.baseline < 2.5 * l.size.max(n.size)
                                && (n.bbox.x0 - l.bbox.x0).abs() < 3.0
                        })
                        .min_by(|a, b| a.1.baseline.total_cmp(&b.1.baseline));
                    if let Some((_, n)) = below {
                        let v = &n.text;
                        if !all_labels
                            .iter()
                            .any(|lab| v.trim().starts_with(lab.as_str()))
                        {
                            value = Some((
                                v.trim().to_string(),
                                n.bbox,
                                format!("letterhead of page 1: under the label {label:?}"),
                            ));
                        }
                    }
                }
                if value.is_some() {
                    break;
                }
            }
            let Some((v, bbox, src)) = value else {
                continue;
            };
            match field.as_str() {
                "datum" => {
                    if let Some(d) = dutch_date(&v) {
                        evidence(&mut m, Field::PublishedOn, &d, 1, bbox, src);
                        m.published_on = Some(d);
                    }
                }
                "kenmerk" => {
                    evidence(&mut m, Field::Kenmerk, &v, 1, bbox, src);
                    m.kenmerk = Some(v);
                }
                "onderwerp" => {
                    evidence(&mut m, Field::Subject, &v, 1, bbox, src);
                    m.subject = Some(v);
                }
                _ => {}
            }
        }
        if let Some(r) = &profile.ministry {
            // `Ministerie van` / `Infrastructuur en` / `Waterstaat`: a name broken over the
            // lines of the letterhead column continues while a line ends in a connective
            for (li, l) in lines.iter().enumerate() {
                let t = l.text.as_str();
                let Some(c) = r.captures(t.trim()) else {
                    continue;
                };
                let mut name = c
                    .get(1)
                    .map(|x| x.as_str().trim().to_string())
                    .unwrap_or_default();
                let mut last = l;
                let mut bbox = l.bbox;
                let ends_open = |s: &str| {
                    [" van", " en", " voor", " der", " de"]
                        .iter()
                        .any(|e| s.ends_with(e))
                };
                while ends_open(&name) {
                    let next = lines
                        .iter()
                        .enumerate()
                        .filter(|(k, n)| {
                            *k != li
                                && n.baseline > last.baseline
                                && n.baseline - last.baseline <= 1.7 * last.size
                                && (n.bbox.x0 - last.bbox.x0).abs() < 3.0
                        })
                        .min_by(|a, b| a.1.baseline.total_cmp(&b.1.baseline));
                    let Some((_, n)) = next else { break };
                    name = format!("{name} {}", n.text.trim());
                    last = n;
                    bbox = parliament::union(bbox, n.bbox);
                }
                evidence(
                    &mut m,
                    Field::Sender,
                    &name,
                    1,
                    bbox,
                    "letterhead of page 1: the ministry's name".into(),
                );
                m.sender = Some(name);
                break;
            }
        }
    }
    // signatory: the office line and the name after it, at the end of the letter
    if let Some(r) = &profile.signatory {
        'outer: for (pi, lines) in pages.iter().enumerate().rev() {
            let body: Vec<&Line> = lines.iter().filter(|l| l.zone == Zone::Body).collect();
            let texts: Vec<String> = body.iter().map(|l| l.text.clone()).collect();
            for (k, t) in texts.iter().enumerate().rev() {
                // an office line, not a sentence that names an office: short, and (when the
                // profile knows the closing phrase) after it
                let after_closing = profile
                    .closing
                    .as_ref()
                    .map(|c| {
                        texts[..k].iter().any(|x| c.is_match(x.trim()))
                            || !texts.iter().any(|x| c.is_match(x.trim()))
                    })
                    .unwrap_or(true);
                if r.is_match(t.trim()) && t.split_whitespace().count() <= 12 && after_closing {
                    let mut s = t.trim().to_string();
                    let name = texts
                        .get(k + 1)
                        .map(|n| n.trim())
                        .filter(|n| !n.is_empty() && n.split_whitespace().count() <= 6);
                    if let Some(next) = name {
                        s = format!("{s} {next}");
                    }
                    // the office as printed, without its article and closing comma
                    let office = t
                        .trim()
                        .trim_end_matches(',')
                        .trim()
                        .split_once(' ')
                        .filter(|(a, _)| a.eq_ignore_ascii_case("de"))
                        .map(|(_, o)| o.to_string())
                        .unwrap_or_else(|| t.trim().trim_end_matches(',').to_string());
                    let mut bbox = body.get(k).map(|l| l.bbox);
                    if let (Some(b), Some(n)) = (bbox, body.get(k + 1).filter(|_| name.is_some())) {
                        bbox = Some(parliament::union(b, n.bbox));
                    }
                    if let Some(b) = bbox {
                        evidence(
                            &mut m,
                            Field::Person(Role::Signatory),
                            &s,
                            pi as u32 + 1,
                            b,
                            "the office line after the closing and the name under it".into(),
                        );
                    }
                    m.people.push(Person {
                        role: Role::Signatory,
                        name: name.map(str::to_string),
                        party: None,
                        office: Some(office),
                        page: pi as u32 + 1,
                    });
                    m.signatory = Some(s);
                    break 'outer;
                }
            }
        }
    }
    m
}
