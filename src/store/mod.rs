//! The SQLite store: the only module that uses rusqlite. Migrations are the numbered files
//! in `schema/`, embedded at build time and applied on open; the schema version is kept in
//! `PRAGMA user_version`. Each document is written in one transaction ([`Store::put_document`],
//! or in two steps within it: [`Store::begin_document`], [`Writing::finish`]).

use crate::pdf::model::Document;
use crate::pipeline::Reading;
use crate::structure::Structure;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::path::Path;

mod checks;
mod figure;
pub use figure::{CellView, FigureView, NoteView};
mod export;
pub mod query;
mod tables;
pub mod verdicts;
pub use export::{Field, SourceRow};
pub use query::{CheckCell, CheckReport, CheckRow, Listing, NoSuchDocument, Table};
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
    (
        "0005_checks.sql",
        include_str!("../../schema/0005_checks.sql"),
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
    /// The file is not a SQLite database (or its header is destroyed).
    NotSqlite,
    /// The file (or its folder) cannot be written: permissions, a read-only mount.
    ReadOnly,
    /// A write failed for lack of space (a full disk, a quota or a file size limit).
    Full,
    /// Another process kept the database locked for longer than the busy timeout.
    Busy,
    /// SQLite found the file damaged.
    Corrupt,
    /// The operating system refused a read or write of the database file.
    Io(String),
    /// The database file cannot be opened or created (missing folder, permissions).
    CannotOpen(String),
}

impl StoreError {
    /// Errors after which no further document can be written: the batch stops (what is
    /// already stored is kept; SQLite rolls back the document that was being written).
    pub fn is_fatal(&self) -> bool {
        !matches!(self, StoreError::Sqlite(_))
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Sqlite(e) => write!(f, "database error: {e}"),
            StoreError::TooNew { found, known } => write!(
                f,
                "the database has schema version {found}, but this figuren knows only up to {known}; it was written by a newer figuren: use that one (nothing was changed)"
            ),
            StoreError::NotSqlite => write!(
                f,
                "not a figuren database: the file is not SQLite (or its header is damaged); give --db a new file name or an existing figuren database (nothing was changed)"
            ),
            StoreError::ReadOnly => write!(
                f,
                "the database is read-only (file or folder permissions, or a read-only disk); make it writable or use another --db"
            ),
            StoreError::Full => write!(
                f,
                "the disk is full (or a quota or file size limit was reached) while writing the database; the document being written was rolled back, everything stored before it is kept"
            ),
            StoreError::Busy => write!(
                f,
                "the database stayed locked by another process for more than {} s; try again when it is done",
                BUSY_TIMEOUT.as_secs()
            ),
            StoreError::Corrupt => write!(
                f,
                "the database file is damaged (SQLite reports corruption); restore it from a copy or start a new one"
            ),
            StoreError::Io(e) => write!(
                f,
                "the operating system refused to read or write the database ({e}); is the disk full, removed or read-only?"
            ),
            StoreError::CannotOpen(e) => write!(
                f,
                "cannot open or create the database file ({e}); does its folder exist and may it be written?"
            ),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::NotADatabase) => StoreError::NotSqlite,
            Some(C::ReadOnly) => StoreError::ReadOnly,
            Some(C::DiskFull) => StoreError::Full,
            Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => StoreError::Busy,
            Some(C::DatabaseCorrupt) => StoreError::Corrupt,
            Some(C::SystemIoFailure) => StoreError::Io(e.to_string()),
            Some(C::CannotOpen) => StoreError::CannotOpen(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}

/// How long a writer waits for another one (a second `figuren ingest` on the same file).
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    conn: Connection,
    read_only: bool,
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
    pub tables: usize,
    pub cells: usize,
    pub checks: usize,
}

pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// What [`Store::put_document`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    /// Written (or replaced, keeping its id).
    Written(i64, Counts),
    /// Another process stored the same file (same SHA-256 and figuren version) while this one
    /// was reading it; nothing was written.
    AlreadyThere(i64),
}

impl Store {
    /// Opens (creating if needed) and migrates a database. Any number of processes may
    /// do this at once: the migrations run under an exclusive lock and are checked again
    /// inside it, writers wait for each other (busy timeout), and WAL journaling lets readers
    /// go on while a document is written. A file without write permission is opened
    /// read-only (root included, so `chmod a-w` means the same for everybody).
    pub fn open(path: &Path) -> Result<Store> {
        use rusqlite::OpenFlags;
        let read_only = std::fs::metadata(path)
            .map(|m| m.permissions().readonly())
            .unwrap_or(false);
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::default()
        };
        let conn = Connection::open_with_flags(path, flags)?;
        Store::init(conn, read_only)
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, false)
    }

    fn init(conn: Connection, read_only: bool) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // reading the header first turns "not a database" into one clear error
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if !read_only && !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            // Changing the journal mode needs a moment alone with the file; the busy
            // handler does not cover it, so wait here while another process has it.
            let started = std::time::Instant::now();
            loop {
                match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
                    Ok(_) => break,
                    Err(e) => {
                        let err = StoreError::from(e);
                        if !matches!(err, StoreError::Busy) || started.elapsed() > BUSY_TIMEOUT {
                            return Err(err);
                        }
                        std::thread::sleep(std::time::Duration::from_millis(20));
                    }
                }
            }
        }
        if !read_only {
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        let mut store = Store { conn, read_only };
        store.migrate()?;
        Ok(store)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Applies the missing migrations. Checked without a lock first (readers of an
    /// up-to-date database never wait), then again under an exclusive lock, so that of
    /// several processes opening a new database at once exactly one creates the tables.
    fn migrate(&mut self) -> Result<()> {
        let known = MIGRATIONS.len() as i64;
        let current = self.schema_version()?;
        if current > known {
            return Err(StoreError::TooNew {
                found: current,
                known,
            });
        }
        if current == known {
            return Ok(());
        }
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if current > known {
            return Err(StoreError::TooNew {
                found: current,
                known,
            });
        }
        for (_, sql) in MIGRATIONS.iter().skip(current as usize) {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "user_version", known)?;
        tx.commit()?;
        Ok(())
    }

    /// Runs `f` inside one read transaction: everything it reads comes from one snapshot of
    /// the database, whatever other processes write meanwhile.
    pub fn read_snapshot<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T> {
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let out = f(self);
        self.conn.execute_batch("COMMIT")?;
        Ok(out)
    }

    /// Whether the database was opened read-only (the file has no write permission).
    pub fn is_read_only(&self) -> bool {
        self.read_only
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
    ///
    /// With `keep_same`, a row of the same file by the same figuren version that appeared
    /// while the file was being read (another process stored it) is kept and nothing is
    /// written. The transaction takes the write lock when it begins (IMMEDIATE), so two
    /// writers queue on the busy timeout instead of one failing with "database is locked".
    pub fn put_document(
        &mut self,
        meta: &FileMeta,
        reading: &Reading,
        ingested_at: &str,
        keep_same: bool,
    ) -> Result<Put> {
        let doc = &reading.document;
        let structure = reading.structure.as_ref();
        match self.begin_document(meta, doc, structure, ingested_at, keep_same)? {
            Begun::AlreadyThere(id) => Ok(Put::AlreadyThere(id)),
            Begun::Writing(w) => w.finish(doc, structure, &reading.tables, &reading.checks, false),
        }
    }

    /// The first half of [`Store::put_document`]: begins the transaction and writes the
    /// document with its pages, words, rules, links, outline and diagnostics, before the
    /// later stages are known (`figuren ingest` writes them while the worker reads on).
    /// `labels_from` gives the printed page numbers when known already; otherwise
    /// [`Writing::finish`] with `relabel` sets them. Nothing is stored unless it finishes.
    pub fn begin_document<'a>(
        &'a mut self,
        meta: &FileMeta,
        doc: &Document,
        labels_from: Option<&Structure>,
        ingested_at: &str,
        keep_same: bool,
    ) -> Result<Begun<'a>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
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
        if let (true, Some(id)) = (keep_same, old) {
            let version: String = tx.query_row(
                "SELECT tool_version FROM documents WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            if version == TOOL_VERSION {
                return Ok(Begun::AlreadyThere(id));
            }
        }
        if let Some(id) = old {
            tx.execute("DELETE FROM documents WHERE id = ?1", [id])?;
        }
        let id = insert_document(&tx, old, meta, doc, ingested_at)?;
        let counts = insert_contents(&tx, id, doc, labels_from)?;
        Ok(Begun::Writing(Writing { tx, id, counts }))
    }
}

/// What [`Store::begin_document`] did.
pub enum Begun<'a> {
    /// The document is being written: [`Writing::finish`] completes and commits it.
    Writing(Writing<'a>),
    /// Stored meanwhile by another process (same file, same figuren version): nothing
    /// written.
    AlreadyThere(i64),
}

/// A document half written, in its open transaction (rolled back when dropped).
pub struct Writing<'a> {
    tx: Transaction<'a>,
    id: i64,
    counts: Counts,
}

impl Writing<'_> {
    /// Writes the later stages (structure, tables, checks) and commits. With `relabel`,
    /// pages without a /PageLabels label take the number printed on them (as
    /// [`Store::put_document`] writes them at once).
    pub fn finish(
        self,
        doc: &Document,
        structure: Option<&Structure>,
        tables: &[crate::table::Table],
        checks: &[crate::check::FigureChecks],
        relabel: bool,
    ) -> Result<Put> {
        let Writing { tx, id, mut counts } = self;
        if let Some(st) = structure {
            if relabel {
                let mut label =
                    tx.prepare("UPDATE pages SET label = ?3 WHERE document_id = ?1 AND page = ?2")?;
                for p in doc.pages.iter().filter(|p| p.label.is_none()) {
                    let printed = st
                        .printed_page
                        .get((p.number as usize).wrapping_sub(1))
                        .cloned()
                        .flatten();
                    if let Some(l) = printed {
                        label.execute(params![id, p.number, l])?;
                    }
                }
            }
            let fig_ids = insert_structure(&tx, id, doc, st, &mut counts)?;
            tables::insert(&tx, &fig_ids, tables, &mut counts)?;
            counts.checks = checks::insert(&tx, &fig_ids, checks)?;
        }
        tx.commit()?;
        Ok(Put::Written(id, counts))
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
) -> Result<Vec<i64>> {
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
    Ok(fig_ids)
}
