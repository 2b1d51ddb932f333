//! The SQLite store: the only module that uses rusqlite. Migrations are the numbered files
//! in `schema/`, embedded at build time and applied on open; the schema version is kept in
//! `PRAGMA user_version`. Each document is written in one transaction.

use crate::pdf::model::Document;
use crate::pipeline::Reading;
use crate::structure::Structure;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::path::Path;

mod parliament;
pub use parliament::{CitationLink, PersonRow, QuestionRow};

/// Embedded migrations, in order. Append-only: never edit a released one.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init.sql", include_str!("../../schema/0001_init.sql")),
    (
        "0002_structure.sql",
        include_str!("../../schema/0002_structure.sql"),
    ),
    (
        "0003_tables.sql",
        include_str!("../../schema/0003_tables.sql"),
    ),
    (
        "0004_parliament.sql",
        include_str!("../../schema/0004_parliament.sql"),
    ),
];

#[derive(Debug)]
pub enum StoreError {
    Sqlite(rusqlite::Error),
    /// The database was written by a newer figuren.
    TooNew {
        found: i64,
        known: i64,
    },
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Sqlite(e) => write!(f, "database error: {e}"),
            StoreError::TooNew { found, known } => write!(
                f,
                "the database has schema version {found}, but this figuren knows only up to {known}; use a newer figuren"
            ),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    pub conn: Connection,
}

/// What is known about the file besides its contents.
#[derive(Debug, Clone)]
pub struct FileMeta {
    pub sha256: String,
    pub file_name: String,
    pub file_path: String,
    pub file_size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    None,
    /// Same sha256 and same tool version: nothing to do.
    Same {
        id: i64,
    },
    /// Same sha256, ingested by another tool version.
    Other {
        id: i64,
        tool_version: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub pages: usize,
    pub words: usize,
    pub rules: usize,
    pub links: usize,
    pub diagnostics: usize,
    pub figures: usize,
    pub footnotes: usize,
    pub citations: usize,
    pub sections: usize,
}

pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        Store::init(conn)
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let mut store = Store { conn };
        store.migrate()?;
        Ok(store)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<()> {
        let current = self.schema_version()?;
        let known = MIGRATIONS.len() as i64;
        if current > known {
            return Err(StoreError::TooNew {
                found: current,
                known,
            });
        }
        for (i, (_, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn existing(&self, sha256: &str) -> Result<Existing> {
        let row: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT id, tool_version FROM documents WHERE sha256 = ?1",
                [sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match row {
            None => Existing::None,
            Some((id, v)) if v == TOOL_VERSION => Existing::Same { id },
            Some((id, v)) => Existing::Other {
                id,
                tool_version: v,
            },
        })
    }

    /// Writes one document in one transaction, replacing any earlier version of the same
    /// file (same sha256), whose id it keeps. Returns the id.
    pub fn put_document(
        &mut self,
        meta: &FileMeta,
        reading: &Reading,
        ingested_at: &str,
    ) -> Result<(i64, Counts)> {
        let doc = &reading.document;
        let structure = reading.structure.as_ref();
        let tx = self.conn.transaction()?;
        // Checked once at commit instead of per row: per-row checks make SQLite keep a
        // statement journal for every INSERT, which halves the write speed.
        tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        let old: Option<i64> = tx
            .query_row(
                "SELECT id FROM documents WHERE sha256 = ?1",
                [&meta.sha256],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = old {
            tx.execute("DELETE FROM documents WHERE id = ?1", [id])?;
        }
        let id = insert_document(&tx, old, meta, doc, ingested_at)?;
        let mut counts = insert_contents(&tx, id, doc, structure)?;
        if let Some(st) = structure {
            insert_structure(&tx, id, doc, st, &mut counts)?;
        }
        tx.commit()?;
        Ok((id, counts))
    }
}

fn insert_document(
    tx: &Transaction,
    id: Option<i64>,
    meta: &FileMeta,
    doc: &Document,
    ingested_at: &str,
) -> Result<i64> {
    let i = &doc.info;
    tx.execute(
        "INSERT INTO documents (id, sha256, file_name, file_path, file_size, title, author, info_subject, keywords, creator,
           producer, created_at, modified_at, pdf_version, family, page_count, has_text_layer, ingested_at, tool_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, NULL, ?15, ?16, ?17, ?18)",
        params![
            id,
            meta.sha256,
            meta.file_name,
            meta.file_path,
            meta.file_size as i64,
            i.title,
            i.author,
            i.subject,
            i.keywords,
            i.creator,
            i.producer,
            i.created_at,
            i.modified_at,
            doc.pdf_version,
            doc.pages.len() as i64,
            doc.has_text_layer() as i64,
            ingested_at,
            TOOL_VERSION,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn insert_contents(
    tx: &Transaction,
    id: i64,
    doc: &Document,
    st: Option<&Structure>,
) -> Result<Counts> {
    let mut c = Counts {
        pages: doc.pages.len(),
        ..Default::default()
    };
    let mut pages = tx.prepare("INSERT INTO pages (document_id, page, label, width, height, rotation, image_count, word_count) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)")?;
    let mut words = tx.prepare(
        "INSERT INTO words (document_id, page, seq, text, x0, y0, x1, y1, font, size, baseline, script, line, dir, invisible)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
    )?;
    let mut rules = tx.prepare("INSERT INTO rules (document_id, page, seq, x0, y0, x1, y1, kind, color) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)")?;
    let mut links = tx.prepare(
        "INSERT INTO links (document_id, page, uri, x0, y0, x1, y1) VALUES (?1,?2,?3,?4,?5,?6,?7)",
    )?;
    for p in &doc.pages {
        // a /PageLabels label, else the number printed in the running head or footer
        let label = p.label.clone().or_else(|| {
            st.and_then(|s| {
                s.printed_page
                    .get((p.number - 1) as usize)
                    .cloned()
                    .flatten()
            })
        });
        pages.execute(params![
            id,
            p.number,
            label,
            p.width,
            p.height,
            p.rotation,
            p.image_count,
            p.words.len() as i64
        ])?;
        for (seq, w) in p.words.iter().enumerate() {
            let b = &w.bbox;
            words.execute(params![
                id,
                p.number,
                seq as i64,
                w.text,
                r2(b.x0),
                r2(b.y0),
                r2(b.x1),
                r2(b.y1),
                w.font,
                w.size,
                r2(w.baseline),
                w.script.as_str(),
                w.line,
                w.dir,
                w.invisible as i64
            ])?;
        }
        c.words += p.words.len();
        for (seq, r) in p.rules.iter().enumerate() {
            let b = &r.bbox;
            rules.execute(params![
                id,
                p.number,
                seq as i64,
                r2(b.x0),
                r2(b.y0),
                r2(b.x1),
                r2(b.y1),
                r.kind.as_str(),
                r.color
            ])?;
        }
        c.rules += p.rules.len();
        for l in &p.links {
            let b = &l.bbox;
            links.execute(params![
                id,
                p.number,
                l.uri,
                r2(b.x0),
                r2(b.y0),
                r2(b.x1),
                r2(b.y1)
            ])?;
        }
        c.links += p.links.len();
    }
    let mut outline = tx.prepare(
        "INSERT INTO outline (document_id, seq, level, title, page) VALUES (?1,?2,?3,?4,?5)",
    )?;
    for (seq, o) in doc.outline.iter().enumerate() {
        outline.execute(params![id, seq as i64, o.level, o.title, o.page])?;
    }
    let mut diags = tx.prepare("INSERT INTO diagnostics (document_id, page, stage, severity, message) VALUES (?1,?2,?3,?4,?5)")?;
    for d in &doc.diagnostics {
        diags.execute(params![id, d.page, d.stage, d.severity.as_str(), d.message])?;
    }
    c.diagnostics = doc.diagnostics.len();
    Ok(c)
}

/// One row of `figuren documents`.
#[derive(Debug, Clone)]
pub struct DocumentRow {
    pub id: i64,
    pub file_name: String,
    pub title: Option<String>,
    pub family: Option<String>,
    pub page_count: i64,
    pub words: i64,
    pub has_text_layer: bool,
    pub diagnostics: i64,
    pub ingested_at: String,
    pub tool_version: String,
    pub sha256: String,
}

impl Store {
    pub fn documents(&self) -> Result<Vec<DocumentRow>> {
        let mut st = self.conn.prepare(
            "SELECT d.id, d.file_name, d.title, d.family, d.page_count,
                    (SELECT COALESCE(SUM(word_count), 0) FROM pages p WHERE p.document_id = d.id),
                    d.has_text_layer,
                    (SELECT COUNT(*) FROM diagnostics g WHERE g.document_id = d.id),
                    d.ingested_at, d.tool_version, d.sha256
             FROM documents d ORDER BY d.id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(DocumentRow {
                id: r.get(0)?,
                file_name: r.get(1)?,
                title: r.get(2)?,
                family: r.get(3)?,
                page_count: r.get(4)?,
                words: r.get(5)?,
                has_text_layer: r.get::<_, i64>(6)? != 0,
                diagnostics: r.get(7)?,
                ingested_at: r.get(8)?,
                tool_version: r.get(9)?,
                sha256: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }
}

fn insert_structure(
    tx: &Transaction,
    id: i64,
    doc: &Document,
    st: &Structure,
    c: &mut Counts,
) -> Result<()> {
    let m = &st.meta;
    tx.execute(
        "UPDATE documents SET family = ?2, profile = ?3, title = COALESCE(title, ?4), edition = ?5, published_on = ?6,
           kenmerk = ?7, dossier = ?8, ondernummer = ?9, vergaderjaar = ?10, subject = ?11, signatory = ?12,
           sender = ?13, identifier = ?14 WHERE id = ?1",
        params![
            id,
            st.family,
            st.profile,
            m.title,
            m.edition,
            m.published_on,
            m.kenmerk,
            m.dossier,
            m.ondernummer,
            m.vergaderjaar,
            m.subject,
            m.signatory,
            m.sender,
            m.identifier
        ],
    )?;
    let mut fig = tx.prepare(
        "INSERT INTO figures (document_id, label, number, title, period, source, source_orgs, note, caption_text, page,
           page_label, x0, y0, x1, y1, kind) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
    )?;
    let mut fig_fn = tx.prepare(
        "INSERT OR IGNORE INTO figure_footnotes (figure_id, footnote_number) VALUES (?1, ?2)",
    )?;
    let mut fig_ids = Vec::with_capacity(st.figures.len());
    for f in &st.figures {
        let orgs = serde_json::to_string(&f.source_orgs).unwrap_or_else(|_| "[]".into());
        let b = &f.bbox;
        fig.execute(params![
            id,
            f.label,
            f.number,
            f.title,
            f.period,
            f.source,
            orgs,
            f.note,
            f.caption_text,
            f.page,
            f.page_label,
            r2(b.x0),
            r2(b.y0),
            r2(b.x1),
            r2(b.y1),
            f.kind.as_str()
        ])?;
        let fid = tx.last_insert_rowid();
        for n in &f.footnotes {
            fig_fn.execute(params![fid, n])?;
        }
        fig_ids.push(fid);
    }
    c.figures = st.figures.len();
    // links inside a figure's region
    let mut link_ids: std::collections::HashMap<u32, Vec<i64>> = std::collections::HashMap::new();
    {
        let mut q =
            tx.prepare("SELECT id, page FROM links WHERE document_id = ?1 ORDER BY page, id")?;
        let rows = q.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?)))?;
        for row in rows {
            let (lid, page) = row?;
            link_ids.entry(page).or_default().push(lid);
        }
    }
    let mut upd = tx.prepare("UPDATE links SET figure_id = ?2 WHERE id = ?1")?;
    for (page, li, fi) in &st.link_figures {
        if let (Some(lid), Some(fid)) = (
            link_ids.get(page).and_then(|v| v.get(*li)),
            fig_ids.get(*fi),
        ) {
            upd.execute(params![lid, fid])?;
        }
    }
    let mut sec = tx.prepare("INSERT INTO sections (document_id, seq, number, title, level, page, parent_id) VALUES (?1,?2,?3,?4,?5,?6,?7)")?;
    let mut sec_ids: Vec<i64> = Vec::with_capacity(st.sections.len());
    for (seq, s) in st.sections.iter().enumerate() {
        let parent = s.parent.and_then(|p| sec_ids.get(p).copied());
        sec.execute(params![
            id, seq as i64, s.number, s.title, s.level, s.page, parent
        ])?;
        sec_ids.push(tx.last_insert_rowid());
    }
    c.sections = st.sections.len();
    let mut note = tx.prepare(
        "INSERT INTO footnotes (document_id, scope, number, text, page) VALUES (?1,?2,?3,?4,?5)",
    )?;
    for f in &st.footnotes {
        note.execute(params![id, f.scope.as_text(), f.number, f.text, f.page])?;
    }
    c.footnotes = st.footnotes.len();
    let mut refs = tx.prepare(
        "INSERT INTO footnote_refs (document_id, scope, footnote_number, page, kind, figure_id, row_index, col_index, context)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    )?;
    for r in &st.refs {
        let fid = r.figure.and_then(|f| fig_ids.get(f).copied());
        refs.execute(params![
            id,
            r.scope.as_text(),
            r.number,
            r.page,
            r.kind.as_str(),
            fid,
            r.row_index,
            r.col_index,
            r.context
        ])?;
    }
    let mut cit = tx.prepare(
        "INSERT INTO citations (document_id, footnote_scope, footnote_number, page, kind, raw, identifier, url, chamber, session_year, dossier, number)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
    )?;
    for x in &st.citations {
        cit.execute(params![
            id,
            x.footnote_scope.as_ref().map(|s| s.as_text()),
            x.footnote_number,
            x.page,
            x.kind.as_str(),
            x.raw,
            x.identifier,
            x.url,
            x.chamber,
            x.session_year,
            x.dossier,
            x.number
        ])?;
    }
    c.citations = st.citations.len();
    let mut diags = tx.prepare("INSERT INTO diagnostics (document_id, page, stage, severity, message) VALUES (?1,?2,?3,?4,?5)")?;
    for d in &st.diagnostics {
        diags.execute(params![id, d.page, d.stage, d.severity.as_str(), d.message])?;
    }
    c.diagnostics += st.diagnostics.len();
    parliament::insert(tx, id, st)?;
    let _ = doc;
    Ok(())
}
