//! A printed Kamerstuk's header: the left column holds the dossier number (`32 545`) with
//! the dossier's title beside it (the subject), and `Nr. 143` with the paper's title beside
//! it (`MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS`, `BRIEF VAN DE MINISTER VAN …`), which
//! gives its kind. The submitters of a motie or amendement are the names under it, matched
//! against the names in its title.

use super::{lines_of, page_height, union, Evidence, Field, Person, Reader, Role};
use crate::layout::{Line, Zone};
use crate::pdf::model::{BBox, Severity};
use crate::structure::{diag, join_lines};

/// The lines to the right of `l` on its baseline, then the lines under them in the same
/// place and type, until a line beside the left column's next label.
fn beside<'a>(lines: &'a [Line], l: &Line, left_labels: &[&Line]) -> Vec<&'a Line> {
    let Some(first) = lines
        .iter()
        .filter(|n| {
            (n.baseline - l.baseline).abs() < 0.3 * l.size.max(n.size)
                && n.bbox.x0 > l.bbox.x1
                && n.zone == Zone::Body
        })
        .min_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0))
    else {
        return Vec::new();
    };
    let mut out = vec![first];
    let mut last = first;
    loop {
        let next = lines
            .iter()
            .filter(|n| {
                n.zone == Zone::Body
                    && n.baseline > last.baseline + 0.5
                    && n.baseline - last.baseline < 1.8 * last.size.max(n.size)
                    && (n.bbox.x0 - first.bbox.x0).abs() < 2.0
                    && (n.size - first.size).abs() < 0.5
                    && n.bold == first.bold
            })
            .min_by(|a, b| a.baseline.total_cmp(&b.baseline));
        let Some(n) = next else { break };
        if left_labels
            .iter()
            .any(|lab| (lab.baseline - n.baseline).abs() < 0.3 * n.size)
        {
            break;
        }
        out.push(n);
        last = n;
        if out.len() > 8 {
            break;
        }
    }
    out
}

fn text_of(r: &Reader, ls: &[&Line]) -> String {
    let t: Vec<String> = ls.iter().map(|l| l.text.clone()).collect();
    join_lines(&t, &r.cx.vocabulary)
}

fn bbox_of(ls: &[&Line], start: BBox) -> BBox {
    ls.iter().fold(start, |b, l| union(b, l.bbox))
}

fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Reads the dossier, number, subject, kind and submitters from page 1's header.
pub fn header(r: &mut Reader) {
    let cx = r.cx;
    let rules = r.rules;
    let lines = lines_of(cx, 0);
    let h = page_height(cx, 0);
    let top: Vec<&Line> = lines
        .iter()
        .filter(|l| l.zone == Zone::Body && l.baseline < 0.5 * h)
        .collect();
    let Some(left) = top.iter().map(|l| l.bbox.x0).min_by(|a, b| a.total_cmp(b)) else {
        return;
    };
    let at_left = |l: &&&Line| (l.bbox.x0 - left).abs() < 3.0;
    let dossiers: Vec<(&Line, regex::Captures)> = match &rules.dossier {
        Some(d) => top
            .iter()
            .filter(at_left)
            .filter_map(|l| d.captures(l.text.trim()).map(|c| (*l, c)))
            .collect(),
        None => Vec::new(),
    };
    let nrs: Vec<(&Line, regex::Captures)> = match &rules.ondernummer {
        Some(o) => top
            .iter()
            .filter(at_left)
            .filter_map(|l| o.captures(l.text.trim()).map(|c| (*l, c)))
            .collect(),
        None => Vec::new(),
    };
    let labels: Vec<&Line> = dossiers
        .iter()
        .map(|(l, _)| *l)
        .chain(nrs.iter().map(|(l, _)| *l))
        .collect();
    if let Some((l, c)) = dossiers.first() {
        let src = format!("header of page 1, left column: {}", l.text.trim());
        r.offer_groups(c, 0, l.bbox, &src);
        let title = beside(lines, l, &labels);
        if !title.is_empty() {
            let s = text_of(r, &title);
            r.offer(
                Field::Subject,
                &s,
                0,
                bbox_of(&title, l.bbox),
                format!(
                    "header of page 1: the title beside dossier {}",
                    l.text.trim()
                ),
            );
        }
        if dossiers.len() > 1 {
            let others: Vec<&str> = dossiers
                .iter()
                .skip(1)
                .map(|(l, _)| l.text.trim())
                .collect();
            r.diags.push(diag(
                Some(1),
                Severity::Info,
                format!(
                    "the paper belongs to more dossiers ({}); the first is stored",
                    others.join(", ")
                ),
            ));
        }
    }
    let Some((nl, nc)) = nrs.first() else {
        return;
    };
    let src = format!("header of page 1, left column: {}", nl.text.trim());
    r.offer_groups(nc, 0, nl.bbox, &src);
    let title_lines = beside(lines, nl, &labels);
    let title = text_of(r, &title_lines);
    if title.is_empty() {
        return;
    }
    let tb = bbox_of(&title_lines, nl.bbox);
    let kind = rules
        .kinds
        .iter()
        .find(|(rx, _)| rx.is_match(&title))
        .map(|(_, k)| k.clone());
    match &kind {
        Some(k) => r.offer(
            Field::Kind,
            k,
            0,
            tb,
            format!(
                "header of page 1: the title beside {}: {title}",
                nl.text.trim()
            ),
        ),
        None => r.diags.push(diag(
            Some(1),
            Severity::Info,
            format!("kind: the title {title:?} is none of the profile's kinds; left empty"),
        )),
    }
    // a motie or amendement is signed by its submitters: a line naming a minister in its
    // text is no signatory
    if matches!(kind.as_deref(), Some("motie" | "amendement")) {
        r.meta.signatory = None;
        r.meta.people.retain(|p| p.role != Role::Signatory);
        r.meta
            .evidence
            .retain(|e| e.field != Field::Person(Role::Signatory));
    }
    // submitters: the names in the title, as signed under the text
    let Some(names) = rules
        .submitters
        .as_ref()
        .and_then(|s| s.captures(&title))
        .and_then(|c| c.name("names").map(|m| m.as_str().to_string()))
    else {
        return;
    };
    let title_names: Vec<String> = names
        .replace(',', " EN ")
        .split(" EN ")
        .flat_map(|p| p.split(" en "))
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect();
    let signed = signatures(r);
    let all_found = !signed.is_empty()
        && title_names
            .iter()
            .all(|t| signed.iter().any(|(s, _, _)| same_name(s, t)));
    let chosen: Vec<(String, u32, BBox, &str)> = if all_found {
        signed
            .into_iter()
            .map(|(s, p, b)| (s, p, b, "signed under the text"))
            .collect()
    } else {
        if !signed.is_empty() {
            r.diags.push(diag(
                None,
                Severity::Info,
                "submitters: the names under the text do not match the title's; the title's are stored".into(),
            ));
        }
        title_names
            .into_iter()
            .map(|s| (s, 1, tb, "the names in the title"))
            .collect()
    };
    for (name, page, bbox, how) in chosen {
        r.meta.evidence.push(Evidence {
            field: Field::Person(Role::Submitter),
            value: name.clone(),
            page,
            bbox,
            source: format!("submitter: {how}"),
        });
        r.meta.people.push(Person {
            role: Role::Submitter,
            name: Some(name),
            party: None,
            office: None,
            page,
        });
    }
}

/// The names signed at the end: the lines after the closing phrase (`en gaat over tot de
/// orde van de dag.`), or the short lines that end the text of the last page.
fn signatures(r: &Reader) -> Vec<(String, u32, BBox)> {
    let cx = r.cx;
    for (pi, pl) in cx.layout.pages.iter().enumerate().rev() {
        let body: Vec<&Line> = pl
            .lines
            .iter()
            .filter(|l| l.zone == Zone::Body && l.size >= 0.8 * cx.body)
            .collect();
        if body.is_empty() {
            continue;
        }
        let after = r
            .rules
            .closing
            .as_ref()
            .and_then(|c| body.iter().rposition(|l| c.is_match(l.text.trim())));
        let tail: Vec<&Line> = match after {
            Some(k) => body[k + 1..].to_vec(),
            None => {
                let mut t: Vec<&Line> = body
                    .iter()
                    .rev()
                    .take_while(|l| {
                        let s = l.text.trim();
                        s.split_whitespace().count() <= 5
                            && !s.ends_with(['.', ',', ':', ';'])
                            && s.chars().next().is_some_and(|c| c.is_uppercase())
                    })
                    .copied()
                    .collect();
                t.reverse();
                t
            }
        };
        return tail
            .into_iter()
            .filter(|l| l.text.split_whitespace().count() <= 6)
            .take(30)
            .map(|l| (l.text.trim().to_string(), pi as u32 + 1, l.bbox))
            .collect();
    }
    Vec::new()
}
