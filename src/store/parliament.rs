//! Rows of parliamentary papers (schema 0004): the document's parliamentary fields, the people
//! it names, where each value was read, the questions and answers of Kamervragen; and the
//! queries over citations resolved to ingested papers. Citations are resolved by the
//! triggers of `schema/0004_parliament.sql`, so the order of ingest does not matter.

use super::{r2, Result, Store};
use crate::structure::Structure;
use rusqlite::{params, Transaction};

/// Writes what `structure::parliament` read; called inside the document's transaction.
pub(super) fn insert(tx: &Transaction, id: i64, st: &Structure) -> Result<()> {
    let m = &st.meta;
    tx.execute(
        "UPDATE documents SET chamber = ?2, number = ?3, kind = ?4, submitted_on = ?5, answered_on = ?6
          WHERE id = ?1",
        params![
            id,
            m.chamber,
            m.number,
            m.kind,
            m.submitted_on,
            m.answered_on
        ],
    )?;
    let mut people = tx.prepare(
        "INSERT INTO document_people (document_id, seq, role, name, party, office, page)
         VALUES (?1,?2,?3,?4,?5,?6,?7)",
    )?;
    for (seq, p) in m.people.iter().enumerate() {
        people.execute(params![
            id,
            seq as i64,
            p.role.as_str(),
            p.name,
            p.party,
            p.office,
            p.page
        ])?;
    }
    let mut ev = tx.prepare(
        "INSERT INTO document_evidence (document_id, seq, field, value, page, x0, y0, x1, y1, source)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    )?;
    for (seq, e) in m.evidence.iter().enumerate() {
        let b = &e.bbox;
        ev.execute(params![
            id,
            seq as i64,
            e.field.as_str(),
            e.value,
            e.page,
            r2(b.x0),
            r2(b.y0),
            r2(b.x1),
            r2(b.y1),
            e.source
        ])?;
    }
    let mut q = tx.prepare(
        "INSERT INTO questions (document_id, number, numbers, question, answer, answer_numbers, page, answer_page)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    )?;
    let mut qf = tx.prepare(
        "INSERT OR IGNORE INTO question_footnotes (document_id, question_number, part, footnote_scope, footnote_number)
         VALUES (?1,?2,?3,?4,?5)",
    )?;
    for x in &st.questions {
        q.execute(params![
            id,
            x.number,
            x.numbers,
            x.question,
            x.answer,
            x.answer_numbers,
            x.page,
            x.answer_page
        ])?;
        for (part, notes) in [("question", &x.question_notes), ("answer", &x.answer_notes)] {
            for n in notes {
                let scope = st
                    .footnotes
                    .iter()
                    .find(|f| f.number == *n)
                    .map(|f| f.scope.as_text())
                    .unwrap_or_else(|| "document".into());
                qf.execute(params![id, x.number, part, scope, n])?;
            }
        }
    }
    Ok(())
}

/// A citation with the ingested paper it points to (`citation_links`).
#[derive(Debug, Clone, PartialEq)]
pub struct CitationLink {
    pub document_id: i64,
    pub footnote_number: Option<i64>,
    pub page: i64,
    pub kind: String,
    pub identifier: String,
    pub raw: String,
    pub url: Option<String>,
    pub cited_document_id: Option<i64>,
    pub cited_file_name: Option<String>,
    pub cited_family: Option<String>,
    pub cited_subject: Option<String>,
    pub cited_date: Option<String>,
}

/// A person named on a paper (`document_people`).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub role: String,
    pub name: Option<String>,
    pub party: Option<String>,
    pub office: Option<String>,
}

/// A question and its answer (`questions`).
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionRow {
    pub number: i64,
    pub numbers: String,
    pub question: Option<String>,
    pub answer: Option<String>,
    pub page: i64,
    /// Footnote numbers cited in the question and in the answer.
    pub question_notes: Vec<i64>,
    pub answer_notes: Vec<i64>,
}

impl Store {
    /// The citations of a document, in page order, with the paper each points to; only those
    /// that point to an ingested paper when `resolved_only`.
    pub fn citation_links(
        &self,
        document_id: i64,
        resolved_only: bool,
    ) -> Result<Vec<CitationLink>> {
        let mut st = self.conn.prepare(
            "SELECT l.document_id, l.footnote_number, l.page, l.kind, l.identifier, l.raw, c.url,
                    l.cited_document_id, l.cited_file_name, l.cited_family, l.cited_subject, l.cited_date
               FROM citation_links l JOIN citations c ON c.id = l.citation_id
              WHERE l.document_id = ?1 AND (?2 = 0 OR l.cited_document_id IS NOT NULL)
              ORDER BY l.page, l.footnote_number, l.citation_id",
        )?;
        let rows = st.query_map(params![document_id, resolved_only as i64], |r| {
            Ok(CitationLink {
                document_id: r.get(0)?,
                footnote_number: r.get(1)?,
                page: r.get(2)?,
                kind: r.get(3)?,
                identifier: r.get(4)?,
                raw: r.get(5)?,
                url: r.get(6)?,
                cited_document_id: r.get(7)?,
                cited_file_name: r.get(8)?,
                cited_family: r.get(9)?,
                cited_subject: r.get(10)?,
                cited_date: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// The people a paper names, in the order printed.
    pub fn document_people(&self, document_id: i64) -> Result<Vec<PersonRow>> {
        let mut st = self.conn.prepare(
            "SELECT role, name, party, office FROM document_people WHERE document_id = ?1 ORDER BY seq",
        )?;
        let rows = st.query_map([document_id], |r| {
            Ok(PersonRow {
                role: r.get(0)?,
                name: r.get(1)?,
                party: r.get(2)?,
                office: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// The questions and answers of a Kamervragen paper, by number.
    pub fn questions(&self, document_id: i64) -> Result<Vec<QuestionRow>> {
        let mut st = self.conn.prepare(
            "SELECT number, numbers, question, answer, page FROM questions WHERE document_id = ?1 ORDER BY number",
        )?;
        let mut out = st
            .query_map([document_id], |r| {
                Ok(QuestionRow {
                    number: r.get(0)?,
                    numbers: r.get(1)?,
                    question: r.get(2)?,
                    answer: r.get(3)?,
                    page: r.get(4)?,
                    question_notes: Vec::new(),
                    answer_notes: Vec::new(),
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut notes = self.conn.prepare(
            "SELECT question_number, part, footnote_number FROM question_footnotes
              WHERE document_id = ?1 ORDER BY question_number, part, footnote_number",
        )?;
        let rows = notes.query_map([document_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (q, part, n) = row?;
            if let Some(x) = out.iter_mut().find(|x| x.number == q) {
                if part == "question" {
                    x.question_notes.push(n);
                } else {
                    x.answer_notes.push(n);
                }
            }
        }
        Ok(out)
    }

    /// The id of the first ingested document with an official identifier.
    pub fn document_by_identifier(&self, identifier: &str) -> Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT MIN(id) FROM documents WHERE identifier = ?1",
                [identifier],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()?
            .flatten())
    }
}
