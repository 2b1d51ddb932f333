//! Parliamentary papers (issue 11): every paper of `tests/parliament.truth.toml` (the
//! Kamervragen of the corpus, the plooi papers, letters, and papers made for the tests) read
//! and compared value by value with what was read off it by hand; numbers printed near the
//! header that are not the paper's own; citations resolved to ingested papers in both orders
//! of ingest; what the store and `figuren citations --resolved` show.

mod common;

use common::*;
use figuren::pipeline::{read_file, Options, Reading};
use figuren::store::{FileMeta, Store};
use figuren::structure::Structure;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;
use toml::Value;

fn reading(path: &Path) -> Reading {
    read_file(path, &Options::full()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn structure_of(path: &Path) -> Structure {
    reading(path).structure.expect("structure")
}

fn parl(name: &str) -> PathBuf {
    fixture(&format!("parliament/{name}"))
}

/// Where a truth entry's PDF is: the fixture copy when there is one, else the corpus (None,
/// with a message, when the corpus is absent), or a sample.
fn locate(paper: &Value) -> Option<PathBuf> {
    if let Some(f) = paper.get("fixture").and_then(Value::as_str) {
        return Some(fixture(f));
    }
    let file = paper.get("file").and_then(Value::as_str).expect("file");
    if let Some(rest) = file.strip_prefix("fixture:") {
        Some(fixture(rest))
    } else if let Some(rest) = file.strip_prefix("sample:") {
        Some(sample(rest))
    } else if let Some(rest) = file.strip_prefix("corpus:") {
        let c = repo().join("../shared/corpus");
        if c.join("MANIFEST.tsv").is_file() {
            Some(c.join(rest))
        } else {
            eprintln!("SKIPPED {file}: ../shared/corpus is not present");
            None
        }
    } else {
        panic!("{file}: unknown prefix")
    }
}

#[derive(Default, Debug, Clone, Copy)]
struct Tally {
    right: usize,
    absent: usize,
    null: usize,
    known_null: usize,
    wrong: usize,
}

struct Check<'a> {
    file: &'a str,
    known: Vec<String>,
    tally: Tally,
    problems: Vec<String>,
}

impl Check<'_> {
    fn value(&mut self, key: &str, want: Option<&str>, got: Option<&str>) {
        match (want, got) {
            (Some(w), Some(g)) if w == g => self.tally.right += 1,
            (None, None) => self.tally.absent += 1,
            (Some(w), None) => {
                if self.known.iter().any(|k| k == key) {
                    self.tally.known_null += 1;
                } else {
                    self.tally.null += 1;
                    self.problems
                        .push(format!("{}: {key} missing, want {w:?}", self.file));
                }
            }
            (w, g) => {
                self.tally.wrong += 1;
                self.problems
                    .push(format!("{}: {key} WRONG: want {w:?}, got {g:?}", self.file));
            }
        }
    }

    fn list(&mut self, key: &str, want: &[String], got: &[String]) {
        for i in 0..want.len().max(got.len()) {
            let k = format!("{key}[{i}]");
            self.value(
                &k,
                want.get(i).map(String::as_str),
                got.get(i).map(String::as_str),
            );
        }
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn people(st: &Structure, role: &str) -> Vec<String> {
    st.meta
        .people
        .iter()
        .filter(|p| p.role.as_str() == role)
        .map(|p| {
            let name = p.name.clone().unwrap_or_default();
            match role {
                "questioner" => match &p.party {
                    Some(party) => format!("{name} ({party})"),
                    None => name,
                },
                "addressee" => p.office.clone().unwrap_or_default(),
                "submitter" => name,
                _ => match &p.office {
                    Some(o) if !name.is_empty() => format!("{name}, {o}"),
                    Some(o) => o.clone(),
                    None => name,
                },
            }
        })
        .collect()
}

/// Compares one paper with its truth; returns the tally and the problems.
fn check_paper(paper: &Value, st: &Structure) -> (Tally, Vec<String>) {
    let file = paper.get("file").and_then(Value::as_str).unwrap_or("?");
    let known: Vec<String> = strings(paper.get("known_null"))
        .iter()
        .map(|k| k.split(':').next().unwrap_or("").trim().to_string())
        .collect();
    let mut c = Check {
        file,
        known,
        tally: Tally::default(),
        problems: Vec::new(),
    };
    let m = &st.meta;
    let s = |k: &str| paper.get(k).and_then(Value::as_str);
    let fields: [(&str, Option<&String>); 14] = [
        ("family", st.family.as_ref()),
        ("kind", m.kind.as_ref()),
        ("identifier", m.identifier.as_ref()),
        ("chamber", m.chamber.as_ref()),
        ("vergaderjaar", m.vergaderjaar.as_ref()),
        ("number", m.number.as_ref()),
        ("dossier", m.dossier.as_ref()),
        ("ondernummer", m.ondernummer.as_ref()),
        ("subject", m.subject.as_ref()),
        ("submitted_on", m.submitted_on.as_ref()),
        ("answered_on", m.answered_on.as_ref()),
        ("published_on", m.published_on.as_ref()),
        ("kenmerk", m.kenmerk.as_ref()),
        ("sender", m.sender.as_ref()),
    ];
    for (k, got) in fields {
        c.value(k, s(k), got.map(String::as_str));
    }
    for (key, role) in [
        ("questioners", "questioner"),
        ("addressees", "addressee"),
        ("answered_by", "answered_by"),
        ("submitters", "submitter"),
        ("signatories", "signatory"),
    ] {
        c.list(key, &strings(paper.get(key)), &people(st, role));
    }
    if paper.get("questions").is_some() || !st.questions.is_empty() {
        let got_q: Vec<String> = st
            .questions
            .iter()
            .filter(|q| q.question.is_some())
            .map(|q| q.numbers.clone())
            .collect();
        let mut got_a: Vec<String> = Vec::new();
        for q in &st.questions {
            if let Some(a) = &q.answer_numbers {
                if !got_a.contains(a) {
                    got_a.push(a.clone());
                }
            }
        }
        c.list("questions", &strings(paper.get("questions")), &got_q);
        c.list("answers", &strings(paper.get("answers")), &got_a);
    }
    for qa in paper
        .get("qa")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
    {
        let n = qa.get("number").and_then(Value::as_integer).unwrap_or(0) as u32;
        let got = st.questions.iter().find(|q| q.number == n);
        for part in ["question", "answer"] {
            if let Some(w) = qa.get(part).and_then(Value::as_str) {
                let g = got.and_then(|q| {
                    if part == "question" {
                        q.question.as_deref()
                    } else {
                        q.answer.as_deref()
                    }
                });
                c.value(&format!("qa.{n}.{part}"), Some(w), g);
            }
        }
        if let Some(want) = qa.get("question_notes").and_then(Value::as_array) {
            let w: Vec<String> = want
                .iter()
                .filter_map(Value::as_integer)
                .map(|x| x.to_string())
                .collect();
            let g: Vec<String> = got
                .map(|q| q.question_notes.iter().map(|x| x.to_string()).collect())
                .unwrap_or_default();
            let key = format!("qa.{n}.question_notes");
            if w.is_empty() && g.is_empty() {
                c.tally.right += 1;
            } else if g.is_empty() {
                c.value(&key, Some(&w.join(",")), None);
            } else {
                c.value(&key, Some(&w.join(",")), Some(&g.join(",")));
            }
        }
    }
    for id in strings(paper.get("cites")) {
        let found = st.citations.iter().any(|x| x.identifier == id);
        c.value(
            &format!("cites {id}"),
            Some(&id),
            found.then_some(id.as_str()),
        );
    }
    for d in strings(paper.get("diagnostics")) {
        let found = st.diagnostics.iter().any(|x| x.message.contains(&d));
        c.value(
            &format!("diagnostic {d:?}"),
            Some(&d),
            found.then_some(d.as_str()),
        );
    }
    (c.tally, c.problems)
}

fn truth() -> Vec<Value> {
    let text =
        std::fs::read_to_string(repo().join("tests/parliament.truth.toml")).expect("truth file");
    let v: Value = toml::from_str(&text).expect("truth file parses");
    v.get("paper")
        .and_then(Value::as_array)
        .cloned()
        .expect("[[paper]] entries")
}

/// Every paper of the truth file, value by value. Prints a line per paper (right / empty
/// where the paper prints none / missing / known missing / wrong) and fails on any wrong
/// value and any missing value the truth file does not explain.
#[test]
fn papers_match_the_values_read_by_hand() {
    let mut total = Tally::default();
    let mut problems = Vec::new();
    let mut read = 0;
    for paper in truth() {
        let Some(path) = locate(&paper) else { continue };
        let st = structure_of(&path);
        let (t, p) = check_paper(&paper, &st);
        read += 1;
        println!(
            "{:<72} right {:>3}  empty {:>2}  missing {}  known missing {}  wrong {}",
            paper.get("file").and_then(Value::as_str).unwrap_or("?"),
            t.right,
            t.absent,
            t.null,
            t.known_null,
            t.wrong
        );
        total.right += t.right;
        total.absent += t.absent;
        total.null += t.null;
        total.known_null += t.known_null;
        total.wrong += t.wrong;
        problems.extend(p);
    }
    println!(
        "{read} papers: right {}, empty as printed {}, missing {}, known missing {}, wrong {}",
        total.right, total.absent, total.null, total.known_null, total.wrong
    );
    assert!(
        read >= 10,
        "the fixtures alone hold more papers than {read}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Numbers printed near the header that are not the paper's own: the chamber marker `2`, a
/// page number, a cited Aanhangsel (`Zie ook … nr. 403`), a cited Kamerstuk (`21 501-02,
/// nr. 2498`), the ISSN. They never become the paper's number; where the paper prints no
/// number, or two different ones, it stays empty with a diagnostic.
#[test]
fn numbers_near_the_header_are_not_the_papers_number() {
    // real papers: the number under the header, whatever else is printed near it
    let st = structure_of(&parl("ah-tk-20232024-2129.pdf"));
    assert_eq!(st.meta.number.as_deref(), Some("2129"));
    assert!(st
        .citations
        .iter()
        .any(|c| c.identifier == "kst-21501-02-2498"));
    let st = structure_of(&parl("ah-tk-20142015-698.pdf"));
    assert_eq!(st.meta.number.as_deref(), Some("698"));
    assert_eq!(st.meta.identifier.as_deref(), Some("ah-tk-20142015-698"));
    // the evidence names the place: the large line under the header block
    let ev: Vec<&str> = st
        .meta
        .evidence
        .iter()
        .filter(|e| e.field.as_str() == "number")
        .map(|e| e.source.as_str())
        .collect();
    assert!(ev.iter().any(|s| s.contains("under")), "{ev:?}");
    assert!(
        ev.iter().any(|s| s.contains("printed identifier")),
        "{ev:?}"
    );

    // made: no number printed; page number, chamber marker and cited numbers around
    let st = structure_of(&parl("aanhangsel-zonder-nummer.pdf"));
    assert_eq!(st.family.as_deref(), Some("aanhangsel"));
    assert_eq!(st.meta.number, None);
    assert_eq!(st.meta.identifier, None);
    assert!(
        st.diagnostics
            .iter()
            .any(|d| d.message.starts_with("number: not found")),
        "{:?}",
        st.diagnostics
    );
    // made: a small page number between the header block and the number
    let st = structure_of(&parl("aanhangsel-paginanummer.pdf"));
    assert_eq!(st.meta.number.as_deref(), Some("2129"));
    // made: header 2129, foot ah-tk-20232024-2130: neither is stored
    let st = structure_of(&parl("aanhangsel-tegenstrijdig.pdf"));
    assert_eq!(
        (st.meta.number.as_deref(), st.meta.identifier.as_deref()),
        (None, None)
    );
    assert!(st
        .diagnostics
        .iter()
        .any(|d| d.message.contains("prints different values")));
}

fn file_meta(path: &Path, bytes: &[u8]) -> FileMeta {
    FileMeta {
        sha256: format!("{:x}", Sha256::digest(bytes)),
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        file_path: path.display().to_string(),
        file_size: bytes.len() as u64,
    }
}

fn ingest(store: &mut Store, path: &Path) -> i64 {
    let bytes = std::fs::read(path).expect("read");
    ingest_bytes(store, path, &bytes)
}

fn ingest_bytes(store: &mut Store, path: &Path, bytes: &[u8]) -> i64 {
    let r = figuren::pipeline::read(bytes, &Options::full()).expect("reads");
    match store
        .put_document(&file_meta(path, bytes), &r, "2026-01-01T00:00:00Z", false)
        .expect("stored")
    {
        figuren::store::Put::Written(id, _) | figuren::store::Put::AlreadyThere(id) => id,
    }
}

/// A second connection to the test's database, for SQL the store's API does not offer.
fn sql(dir: &tempfile::TempDir) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.path().join("db.sqlite")).expect("db")
}

/// identifier -> cited document id, for one document's citations.
fn links(store: &Store, doc: i64) -> Vec<(String, Option<i64>)> {
    store
        .citation_links(doc, false)
        .expect("links")
        .into_iter()
        .map(|l| (l.identifier, l.cited_document_id))
        .collect()
}

fn cited(store: &Store, doc: i64, identifier: &str) -> Option<i64> {
    links(store, doc)
        .into_iter()
        .find(|(i, _)| i == identifier)
        .unwrap_or_else(|| panic!("no citation {identifier}"))
        .1
}

/// A report and a Kamerstuk brief made for the test cite real papers of the corpus; each
/// citation points to the paper with its identifier whichever is ingested first, and the
/// view leads from the figure through its footnote to the cited paper's subject and date.
#[test]
fn citations_resolve_whichever_paper_is_ingested_first() {
    let report = parl("rapport-verwijzingen.pdf");
    let brief = parl("kamerstuk-brief.pdf");
    let kst = fixture("kst-32545-143.pdf");
    let ah = parl("ah-tk-20202021-3235.pdf");
    for order in [
        [&report, &brief, &kst, &ah],
        [&kst, &ah, &brief, &report],
        [&brief, &kst, &report, &ah],
    ] {
        let dir = tempdir();
        let mut store = Store::open(&dir.path().join("db.sqlite")).expect("db");
        let ids: Vec<i64> = order.iter().map(|p| ingest(&mut store, p)).collect();
        let id_of = |p: &PathBuf| ids[order.iter().position(|q| *q == p).expect("in order")];
        let (r, b, k, a) = (id_of(&report), id_of(&brief), id_of(&kst), id_of(&ah));
        assert_eq!(cited(&store, r, "kst-32545-143"), Some(k), "{order:?}");
        assert_eq!(cited(&store, r, "ah-tk-20202021-3235"), Some(a));
        assert_eq!(cited(&store, r, "kst-36200-VI-12"), Some(b));
        assert_eq!(cited(&store, r, "kst-19637-2608"), None);
        assert_eq!(cited(&store, b, "kst-32545-143"), Some(k));
        assert_eq!(cited(&store, b, "ah-tk-20202021-3235"), Some(a));
        // the figure's caption note cites the motie: figure -> footnote -> citation -> paper
        let row: (String, i64, String, String, String) = sql(&dir)
            .query_row(
                "SELECT figure_label, footnote_number, identifier, cited_subject, cited_date
                   FROM figure_cited_papers WHERE document_id = ?1 AND cited_document_id = ?2",
                [r, k],
                |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?, x.get(4)?)),
            )
            .expect("figure -> cited paper");
        assert_eq!(
            row,
            (
                "Figuur 1".to_string(),
                4,
                "kst-32545-143".to_string(),
                "Wet- en regelgeving financiële markten".to_string(),
                "2021-07-06".to_string()
            )
        );
        // only resolved ones with --resolved
        let resolved = store.citation_links(r, true).expect("links");
        assert_eq!(resolved.len(), 3, "{resolved:?}");
        assert!(resolved
            .iter()
            .all(|l| l.cited_document_id.is_some() && l.cited_subject.is_some()));
        // reading a paper again keeps its id and its links
        let again = ingest(&mut store, &kst);
        assert_eq!(again, k);
        assert_eq!(cited(&store, r, "kst-32545-143"), Some(k));
        // a paper deleted: the citation no longer points anywhere
        sql(&dir)
            .execute("DELETE FROM documents WHERE id = ?1", [k])
            .expect("delete");
        assert_eq!(cited(&store, r, "kst-32545-143"), None);
    }
}

/// Two copies of one paper (same identifier, other bytes): citations point to the one
/// ingested first, and to the other when the first goes.
#[test]
fn two_copies_of_a_paper_the_first_ingested_wins() {
    let dir = tempdir();
    let mut store = Store::open(&dir.path().join("db.sqlite")).expect("db");
    let report = ingest(&mut store, &parl("rapport-verwijzingen.pdf"));
    let kst = fixture("kst-32545-143.pdf");
    let mut copy = std::fs::read(&kst).expect("read");
    copy.extend_from_slice(b"\n% a copy with other bytes\n");
    let first = ingest_bytes(&mut store, &kst, &copy);
    let second = ingest(&mut store, &kst);
    assert!(second > first);
    assert_eq!(
        store.document_by_identifier("kst-32545-143").expect("q"),
        Some(first)
    );
    assert_eq!(cited(&store, report, "kst-32545-143"), Some(first));
    sql(&dir)
        .execute("DELETE FROM documents WHERE id = ?1", [first])
        .expect("delete");
    assert_eq!(cited(&store, report, "kst-32545-143"), Some(second));
}

/// What the store holds for a Kamervragen paper: its fields, people, questions with their
/// footnotes, and evidence.
#[test]
fn store_holds_the_paper() {
    let dir = tempdir();
    let mut store = Store::open(&dir.path().join("db.sqlite")).expect("db");
    let id = ingest(&mut store, &parl("ah-tk-20232024-2129.pdf"));
    let row: (String, String, String, String, String, String, String, String) = sql(&dir)
        .query_row(
            "SELECT identifier, family, chamber, vergaderjaar, number, subject, submitted_on, answered_on
               FROM documents WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .expect("document");
    assert_eq!(
        row,
        (
            "ah-tk-20232024-2129".into(),
            "aanhangsel".into(),
            "II".into(),
            "2023-2024".into(),
            "2129".into(),
            "ontwikkelingen in Jemen".into(),
            "2024-06-05".into(),
            "2024-06-28".into()
        )
    );
    let people = store.document_people(id).expect("people");
    let roles: Vec<(&str, Option<&str>)> = people
        .iter()
        .map(|p| (p.role.as_str(), p.name.as_deref()))
        .collect();
    assert_eq!(
        roles,
        vec![
            ("questioner", Some("Ceder")),
            ("questioner", Some("Dobbe")),
            ("addressee", None),
            ("addressee", None),
            ("answered_by", Some("Bruins Slot")),
            ("answered_by", Some("Schreinemacher")),
        ]
    );
    let qs = store.questions(id).expect("questions");
    assert_eq!(qs.len(), 9);
    assert_eq!(qs[0].question_notes, vec![1]);
    assert_eq!(qs[0].answer.as_deref(), Some("Ja."));
    let n: i64 = sql(&dir)
        .query_row(
            "SELECT COUNT(*) FROM document_evidence WHERE document_id = ?1 AND field = 'number'",
            [id],
            |r| r.get(0),
        )
        .expect("evidence");
    assert_eq!(
        n, 2,
        "the number under the header and in the printed identifier"
    );
}

/// `figuren citations --resolved` lists the citations that point to an ingested paper.
#[test]
fn cli_lists_resolved_citations() {
    let dir = tempdir();
    let db = dir.path().join("db.sqlite");
    let dbs = db.to_str().expect("utf8");
    let files = [
        parl("rapport-verwijzingen.pdf"),
        fixture("kst-32545-143.pdf"),
    ];
    let mut args: Vec<String> = vec!["ingest".into(), "-q".into(), "--db".into(), dbs.into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let o = Command::new(figuren()).args(&args).output().expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = Command::new(figuren())
        .args(["citations", "--db", dbs, "--resolved", "--tsv"])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert!(rows[0].contains("kst-32545-143"), "{out}");
    assert!(rows[0].contains("kst-32545-143.pdf"), "{out}");
    assert!(
        rows[0].contains("Wet- en regelgeving financiële markten"),
        "{out}"
    );
    assert!(rows[0].contains("2021-07-06"), "{out}");
}
