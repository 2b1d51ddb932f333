//! Kamervragen with their answers (Aanhangsel van de Handelingen): the header paragraph
//! (`Vragen van de leden Ceder (ChristenUnie) en Dobbe (SP) aan de Ministers van … over
//! ontwikkelingen in Jemen (ingezonden 5 juni 2024).` / `Antwoord van Minister Bruins Slot
//! (BZ) … (ontvangen 28 juni 2024).`) and the questions and answers under their headings
//! (`Vraag 1`, `Antwoord 3, 4 en 5`).
//!
//! The paragraph is found by its label at the start of a line on page 1; its parts by the
//! words that join them (` aan de `, ` over `, `(ingezonden …)`, `(ontvangen …)`); the
//! answerer's office joins the title and portfolio printed in the answer line with `van` or
//! `voor` as the paper prints it for the same portfolio among the addressees (else `voor`
//! for the profile's ministers without a ministry, else `van`).

use super::people::{self, Office};
use super::{lines_of, union, Evidence, Field, Person, Question, Reader, Role, Rules};
use crate::layout::{Line, Zone};
use crate::pdf::model::{BBox, Diagnostic, Script, Severity};
use crate::structure::{diag, join_lines, Ctx, Footnote};

fn heading(rules: &Rules, text: &str) -> bool {
    [&rules.question, &rules.answer, &rules.notice]
        .iter()
        .any(|r| r.as_ref().is_some_and(|r| r.is_match(text)))
}

/// The header paragraph of page 1, in two parts (asked, answered) with their boxes.
fn paragraph<'a>(r: &Reader, lines: &'a [Line]) -> Option<(Vec<&'a Line>, Vec<&'a Line>)> {
    let rules = r.rules;
    let asked = rules.asked.as_ref()?;
    let start = lines
        .iter()
        .position(|l| l.zone == Zone::Body && asked.is_match(l.text.trim()))?;
    let col = lines[start].column;
    let mut part: Vec<&Line> = Vec::new();
    for l in &lines[start..] {
        if l.zone != Zone::Body || l.column != col || heading(rules, l.text.trim()) {
            break;
        }
        part.push(l);
    }
    let split = rules
        .answered
        .as_ref()
        .and_then(|a| part.iter().position(|l| a.is_match(l.text.trim())))
        .unwrap_or(part.len());
    let (a, b) = part.split_at(split);
    Some((a.to_vec(), b.to_vec()))
}

fn bbox_of(lines: &[&Line]) -> Option<BBox> {
    let first = lines.first()?;
    Some(lines.iter().fold(first.bbox, |b, l| union(b, l.bbox)))
}

/// The office of who answered: title, the connector the paper uses for that portfolio, the
/// portfolio as printed in the answer line.
pub fn office_of(
    title: &str,
    portfolio: Option<&str>,
    addressed: &[Office],
    voor: &[String],
) -> String {
    let Some(p) = portfolio else {
        return title.to_string();
    };
    let main = p
        .split(" – ")
        .next()
        .unwrap_or(p)
        .split(" - ")
        .next()
        .unwrap_or(p)
        .trim()
        .to_string();
    let same = |o: &Office| {
        o.title.eq_ignore_ascii_case(title)
            && o.portfolio
                .as_deref()
                .is_some_and(|q| q == p || q == main.as_str())
    };
    let connector = addressed
        .iter()
        .find(|o| same(o))
        .and_then(|o| o.connector.clone())
        .or_else(|| {
            voor.iter()
                .any(|v| v == p || *v == main)
                .then(|| "voor".to_string())
        })
        .unwrap_or_else(|| "van".to_string());
    format!("{title} {connector} {p}")
}

/// Reads the header paragraph: questioners and parties, addressees, subject, the date sent;
/// the kind of reply (answer or notice), who answered, the date received.
pub fn header(r: &mut Reader) {
    let cx = r.cx;
    let rules = r.rules;
    let lines = lines_of(cx, 0);
    let Some((asked_lines, answered_lines)) = paragraph(r, lines) else {
        r.missing(Field::Subject, "no line starting the questions' paragraph");
        return;
    };
    let texts = |ls: &[&Line]| -> String {
        let t: Vec<String> = ls.iter().map(|l| l.text.clone()).collect();
        join_lines(&t, &cx.vocabulary)
    };
    let mut addressed: Vec<Office> = Vec::new();
    if let (Some(bbox), Some(asked)) = (bbox_of(&asked_lines), &rules.asked) {
        let text = texts(&asked_lines);
        let rest = asked
            .find(&text)
            .and_then(|m| text.get(m.end()..))
            .unwrap_or("");
        let src = |what: &str| format!("header paragraph on page 1: {what}");
        // (ingezonden 5 juni 2024)
        let mut cut = rest.len();
        if let Some(c) = rules.sent.as_ref().and_then(|s| s.captures(rest)) {
            if let Some(d) = c.name("date").and_then(|m| super::date_of(m.as_str())) {
                r.offer(Field::SubmittedOn, &d, 0, bbox, src("(ingezonden …)"));
            }
            cut = c.get(0).map_or(cut, |m| m.start());
        } else {
            r.missing(Field::SubmittedOn, "no (ingezonden …) in the paragraph");
        }
        let pre = rest.get(..cut).unwrap_or("");
        let aan = rules.addressed.as_ref().and_then(|a| a.find(pre));
        let split = |text: &'_ str, r: &Option<regex::Regex>| -> Option<(usize, usize)> {
            r.as_ref()
                .and_then(|x| x.find(text))
                .map(|m| (m.start(), m.end()))
        };
        // `Vragen van het lid X (P) aan de Minister van Y over Z`; without `aan`, the
        // members run to ` over `
        let (names, addr, subject) = match aan {
            Some(m) => {
                let after = pre.get(m.end()..).unwrap_or("");
                let (addr, subject) = match split(after, &rules.about) {
                    Some((a, b)) => (after.get(..a).unwrap_or(""), after.get(b..).unwrap_or("")),
                    None => (after, ""),
                };
                (pre.get(..m.start()).unwrap_or(""), addr, subject)
            }
            None => match split(pre, &rules.about) {
                Some((a, b)) => (pre.get(..a).unwrap_or(""), "", pre.get(b..).unwrap_or("")),
                None => (pre, "", ""),
            },
        };
        let subject = subject.trim().trim_end_matches([',', '.']).trim();
        if subject.is_empty() {
            r.missing(Field::Subject, "no ` over …` in the questions' paragraph");
        } else {
            r.offer(Field::Subject, subject, 0, bbox, src("after ` over `"));
        }
        for (name, party) in people::members(names) {
            let value = match &party {
                Some(p) => format!("{name} ({p})"),
                None => name.clone(),
            };
            push_person(
                r,
                Person {
                    role: Role::Questioner,
                    name: Some(name),
                    party,
                    office: None,
                    page: 1,
                },
                &value,
                bbox,
                "header paragraph on page 1: after `Vragen van het lid / de leden`",
            );
        }
        addressed = people::offices(addr, &rules.offices, &rules.plural_offices);
        for o in &addressed {
            let text = o.text();
            push_person(
                r,
                Person {
                    role: Role::Addressee,
                    name: None,
                    party: None,
                    office: Some(text.clone()),
                    page: 1,
                },
                &text,
                bbox,
                "header paragraph on page 1: after ` aan `",
            );
        }
        if names.trim().is_empty() {
            r.missing(Field::Person(Role::Questioner), "no names after the label");
        }
    }
    let (Some(bbox), Some(answered)) = (bbox_of(&answered_lines), &rules.answered) else {
        r.missing(
            Field::AnsweredOn,
            "no line starting the answer's paragraph (Antwoord van …)",
        );
        return;
    };
    let text = texts(&answered_lines);
    let Some(c) = answered.captures(&text) else {
        return;
    };
    let src = |what: &str| format!("answer paragraph on page 1: {what}");
    if let Some(k) = c.name("kind") {
        r.offer(
            Field::Kind,
            &k.as_str().to_lowercase(),
            0,
            bbox,
            src(k.as_str()),
        );
    }
    let rest = c.get(0).and_then(|m| text.get(m.end()..)).unwrap_or("");
    let mut cut = rest.len();
    if let Some(c) = rules.received.as_ref().and_then(|s| s.captures(rest)) {
        if let Some(d) = c.name("date").and_then(|m| super::date_of(m.as_str())) {
            r.offer(Field::AnsweredOn, &d, 0, bbox, src("(ontvangen …)"));
            r.offer(Field::PublishedOn, &d, 0, bbox, src("(ontvangen …)"));
        }
        cut = c.get(0).map_or(cut, |m| m.start());
    } else {
        r.missing(
            Field::AnsweredOn,
            "no (ontvangen …) in the answer's paragraph",
        );
    }
    let mut who = rest.get(..cut).unwrap_or("");
    if let Some(m) = rules.on_behalf.as_ref().and_then(|o| o.find(who)) {
        who = who.get(..m.start()).unwrap_or(who);
    }
    let found = people::answerers(who, &rules.offices);
    if found.is_empty() {
        // `Antwoord van de Minister van Financiën`: an office without a name
        for o in people::offices(who, &rules.offices, &rules.plural_offices) {
            let text = o.text();
            push_person(
                r,
                Person {
                    role: Role::AnsweredBy,
                    name: None,
                    party: None,
                    office: Some(text.clone()),
                    page: 1,
                },
                &text,
                bbox,
                "answer paragraph on page 1: after `Antwoord van`",
            );
        }
    }
    for (title, name, portfolio) in found {
        let office = office_of(&title, portfolio.as_deref(), &addressed, &rules.voor);
        push_person(
            r,
            Person {
                role: Role::AnsweredBy,
                name: Some(name.clone()),
                party: None,
                office: Some(office.clone()),
                page: 1,
            },
            &format!("{name}, {office}"),
            bbox,
            "answer paragraph on page 1: title, name (portfolio) after `Antwoord van`",
        );
    }
}

fn push_person(r: &mut Reader, p: Person, value: &str, bbox: BBox, source: &str) {
    r.meta.evidence.push(Evidence {
        field: Field::Person(p.role),
        value: value.to_string(),
        page: p.page,
        bbox,
        source: source.to_string(),
    });
    r.meta.people.push(p);
}

struct Part {
    numbers: Vec<u32>,
    printed: String,
    lines: Vec<String>,
    notes: Vec<u32>,
    page: u32,
}

/// The questions and answers under their headings, on every page, in the body text (notes,
/// running lines and the small print of the foot left out), with the footnote markers in
/// each.
pub fn questions(cx: &Ctx, notes: &[Footnote]) -> (Vec<Question>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Some(rules) = cx
        .profile
        .parliament
        .as_ref()
        .filter(|_| cx.profile.family == "aanhangsel")
    else {
        return (Vec::new(), diags);
    };
    let (Some(qr), Some(ar)) = (&rules.question, &rules.answer) else {
        return (Vec::new(), diags);
    };
    #[derive(Clone, Copy)]
    enum Cur {
        None,
        Q(usize),
        A(usize),
        Notice,
    }
    let mut qs: Vec<Part> = Vec::new();
    let mut ans: Vec<Part> = Vec::new();
    let mut cur = Cur::None;
    for (pi, pl) in cx.layout.pages.iter().enumerate() {
        let words = cx
            .doc
            .pages
            .get(pi)
            .map(|p| p.words.as_slice())
            .unwrap_or(&[]);
        let body = if pl.body_size > 0.0 {
            pl.body_size
        } else {
            cx.body
        };
        for l in &pl.lines {
            let t = l.text.trim();
            // a heading at the top of a page repeats from page to page (digits aside), so
            // the layout may take it for a running head; lines smaller than the body (the
            // small print of the foot, notes outside the note zone) are no part of a text
            let head_heading = l.zone == Zone::Head && heading(rules, t);
            if (l.zone != Zone::Body && !head_heading) || l.size < 0.9 * body {
                continue;
            }
            let heading_of = |r: &regex::Regex| {
                r.captures(t).and_then(|c| {
                    let printed = c.name("n")?.as_str().trim().to_string();
                    people::numbers(&printed).map(|n| (n, printed))
                })
            };
            let new = |(numbers, printed): (Vec<u32>, String)| Part {
                numbers,
                printed,
                lines: Vec::new(),
                notes: Vec::new(),
                page: pl.page,
            };
            if let Some(h) = heading_of(qr) {
                qs.push(new(h));
                cur = Cur::Q(qs.len() - 1);
                continue;
            }
            if let Some(h) = heading_of(ar) {
                ans.push(new(h));
                cur = Cur::A(ans.len() - 1);
                continue;
            }
            if rules.notice.as_ref().is_some_and(|n| n.is_match(t)) {
                cur = Cur::Notice;
                continue;
            }
            let part = match cur {
                Cur::Q(i) => qs.get_mut(i),
                Cur::A(i) => ans.get_mut(i),
                Cur::None | Cur::Notice => None,
            };
            let Some(part) = part else { continue };
            part.lines.push(l.text.clone());
            for &wi in &l.words {
                let Some(w) = words.get(wi) else { continue };
                if w.script != Script::Superscript {
                    continue;
                }
                for piece in w.text.split(',') {
                    let Ok(n) = piece.trim().parse::<u32>() else {
                        continue;
                    };
                    if notes.iter().any(|f| f.number == n) && !part.notes.contains(&n) {
                        part.notes.push(n);
                    }
                }
            }
        }
    }
    let text = |p: &Part| {
        let s = join_lines(&p.lines, &cx.vocabulary);
        (!s.trim().is_empty()).then_some(s)
    };
    let mut out: Vec<Question> = Vec::new();
    let mut members: Vec<Vec<u32>> = Vec::new();
    for q in &qs {
        let Some(&first) = q.numbers.first() else {
            continue;
        };
        if out.iter().any(|o| o.number == first) {
            diags.push(diag(
                Some(q.page),
                Severity::Warning,
                format!("question {} printed twice; the first is kept", q.printed),
            ));
            continue;
        }
        out.push(Question {
            number: first,
            numbers: q.printed.clone(),
            question: text(q),
            answer: None,
            answer_numbers: None,
            page: q.page,
            answer_page: None,
            question_notes: q.notes.clone(),
            answer_notes: Vec::new(),
        });
        members.push(q.numbers.clone());
    }
    for a in &ans {
        let targets: Vec<usize> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.iter().any(|n| a.numbers.contains(n)))
            .map(|(i, _)| i)
            .collect();
        if targets.is_empty() {
            let Some(&first) = a.numbers.first() else {
                continue;
            };
            if out.iter().any(|o| o.number == first) {
                continue;
            }
            diags.push(diag(
                Some(a.page),
                Severity::Info,
                format!(
                    "answer {} has no question printed under that number",
                    a.printed
                ),
            ));
            out.push(Question {
                number: first,
                numbers: a.printed.clone(),
                question: None,
                answer: text(a),
                answer_numbers: Some(a.printed.clone()),
                page: a.page,
                answer_page: Some(a.page),
                question_notes: Vec::new(),
                answer_notes: a.notes.clone(),
            });
            members.push(a.numbers.clone());
            continue;
        }
        for i in targets {
            let Some(q) = out.get_mut(i) else { continue };
            if q.answer_numbers.is_some() {
                diags.push(diag(
                    Some(a.page),
                    Severity::Warning,
                    format!(
                        "question {} is answered twice (Antwoord {}); the first is kept",
                        q.numbers, a.printed
                    ),
                ));
                continue;
            }
            q.answer = text(a);
            q.answer_numbers = Some(a.printed.clone());
            q.answer_page = Some(a.page);
            q.answer_notes = a.notes.clone();
        }
    }
    (out, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn off(title: &str, connector: &str, portfolio: &str) -> Office {
        Office {
            title: title.into(),
            connector: Some(connector.into()),
            portfolio: Some(portfolio.into()),
        }
    }

    #[test]
    fn answerer_offices() {
        let addressed = vec![
            off("Minister", "van", "Buitenlandse Zaken"),
            off(
                "Minister",
                "voor",
                "Buitenlandse Handel en Ontwikkelingssamenwerking",
            ),
            off(
                "Staatssecretaris",
                "van",
                "Volksgezondheid, Welzijn en Sport",
            ),
        ];
        let voor = vec!["Rechtsbescherming".to_string()];
        assert_eq!(
            office_of(
                "Minister",
                Some("Buitenlandse Handel en Ontwikkelingssamenwerking"),
                &addressed,
                &voor
            ),
            "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"
        );
        assert_eq!(
            office_of(
                "Staatssecretaris",
                Some("Volksgezondheid, Welzijn en Sport – Jeugd, Preventie en Sport"),
                &addressed,
                &voor
            ),
            "Staatssecretaris van Volksgezondheid, Welzijn en Sport – Jeugd, Preventie en Sport"
        );
        assert_eq!(
            office_of("Minister", Some("Rechtsbescherming"), &[], &voor),
            "Minister voor Rechtsbescherming"
        );
        assert_eq!(
            office_of("Minister", Some("Financiën"), &[], &voor),
            "Minister van Financiën"
        );
        assert_eq!(office_of("Minister", None, &[], &voor), "Minister");
    }
}
