//! `figuren ingest`

use crate::isolate::{ReadError, StructureOptions, Worker, WorkerLimits};
use crate::store::{Existing, FileMeta, Put, Store};
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Files to read: explicit files as given, folders walked for `*.pdf` (any case), sorted.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk(p, &mut found, 0);
                found.sort();
                if found.is_empty() {
                    problems.push(format!("{}: folder has no .pdf files", p.display()));
                }
                files.extend(found);
            }
            Ok(_) => files.push(p.clone()),
            Err(e) => problems.push(format!("{}: {e}", p.display())),
        }
    }
    (files, problems)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 64 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        if ft.is_dir() {
            walk(&path, out, depth + 1);
        } else if (ft.is_file() || ft.is_symlink())
            && path
                .extension()
                .map(|x| x.to_string_lossy().eq_ignore_ascii_case("pdf"))
                .unwrap_or(false)
        {
            out.push(path);
        }
    }
}

/// UTC now as ISO 8601 (no external time crate).
pub fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // civil-from-days (Howard Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Passwords for encrypted files: per file (`--passwords FILE`) and for all (`--password`).
#[derive(Debug, Clone, Default)]
pub struct PasswordBook {
    default: Option<String>,
    /// (name or path as written in the file, password)
    per_file: Vec<(String, String)>,
}

impl PasswordBook {
    pub fn new(default: Option<String>, list: Option<&Path>) -> Result<PasswordBook, String> {
        let mut per_file = Vec::new();
        if let Some(list) = list {
            let text = std::fs::read_to_string(list)
                .map_err(|e| format!("{}: cannot read the password list: {e}", list.display()))?;
            for (n, line) in text.lines().enumerate() {
                let line = line.trim_end_matches('\r');
                if line.trim().is_empty() || line.trim_start().starts_with('#') {
                    continue;
                }
                let Some((name, pw)) = line.split_once('\t') else {
                    return Err(format!(
                        "{}:{}: expected the PDF's name or path, a tab, and its password",
                        list.display(),
                        n + 1
                    ));
                };
                per_file.push((name.trim().to_string(), pw.to_string()));
            }
        }
        Ok(PasswordBook { default, per_file })
    }

    /// The passwords to try on `file`: its own (matched on the path as given, then on a
    /// trailing part of the path, then on the file name), then the default.
    pub fn for_file(&self, file: &Path) -> Vec<String> {
        let path = file.to_string_lossy();
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut out: Vec<String> = Vec::new();
        let rank = |k: &str| {
            if k == path {
                Some(0)
            } else if path.ends_with(&format!("/{k}")) {
                Some(1)
            } else if k == name {
                Some(2)
            } else {
                None
            }
        };
        let mut found: Vec<(u8, &String)> = self
            .per_file
            .iter()
            .filter_map(|(k, pw)| rank(k).map(|r| (r, pw)))
            .collect();
        found.sort_by_key(|f| f.0);
        for (_, pw) in found {
            if !out.contains(pw) {
                out.push(pw.clone());
            }
        }
        if let Some(d) = &self.default {
            if !out.contains(d) {
                out.push(d.clone());
            }
        }
        out
    }
}

/// How to ingest.
#[derive(Debug, Clone)]
pub struct How {
    pub force: bool,
    pub limits: WorkerLimits,
    pub opts: StructureOptions,
    pub quiet: bool,
    /// Files read at once.
    pub jobs: usize,
    pub passwords: PasswordBook,
}

impl How {
    /// Whether a file already stored by this version is skipped: an explicit --profile or
    /// --parsers asks for a new reading of the structure.
    fn skip_same(&self) -> bool {
        !self.force && self.opts.profile.is_none() && self.opts.parsers.is_none()
    }
}

/// What a reader thread hands the writer for one file.
enum Prepared {
    Unchanged,
    Failed(String),
    Read {
        meta: FileMeta,
        reading: Box<crate::pipeline::Reading>,
    },
    /// The PDF layer's document, while the worker still reads the structure and tables:
    /// the writer stores the words meanwhile and then waits for the worker.
    Streaming {
        meta: FileMeta,
        document: Box<crate::pdf::model::Document>,
        worker: Box<Worker>,
        started: Instant,
    },
}

/// What happened to one file.
enum Outcome {
    Ingested(String),
    Unchanged(&'static str),
    Failed(String),
}

/// Reader threads put finished files here; the writer takes them in file order.
struct Queue {
    state: std::sync::Mutex<QueueState>,
    changed: std::sync::Condvar,
}

struct QueueState {
    done: std::collections::BTreeMap<usize, (Prepared, f64)>,
    /// The next file index to hand out.
    next: usize,
    /// Files written so far (the writer's position).
    written: usize,
    stop: bool,
}

pub fn run(paths: &[PathBuf], db: &Path, how: &How) -> ExitCode {
    let opts = &how.opts;
    // check the profiles here, so a bad --parsers folder or --profile name is one clear error
    // (the embedded profiles' patterns are known to compile: only a folder's are compiled)
    match crate::profile::names(opts.parsers.as_deref()) {
        Ok(names) => {
            if let Some(name) = &opts.profile {
                if !names.iter().any(|p| p == name) {
                    eprintln!(
                        "error: --profile {name}: no such profile; known: {}",
                        names.join(", ")
                    );
                    return ExitCode::from(2);
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    crate::isolate::ignore_file_size_signal();
    let (files, problems) = collect(paths);
    // The first file's worker starts now and reads while the database is opened (and
    // created and migrated); when the database turns out unusable it is stopped unread.
    let early = std::sync::Mutex::new(files.first().and_then(|f| start_worker(f, how).ok()));
    let mut failed = 0usize;
    for p in &problems {
        eprintln!("error: {p}");
        failed += 1;
    }
    let mut store = match Store::open(db) {
        Ok(s) if s.is_read_only() => {
            eprintln!(
                "error: {}: {}; nothing was read",
                db.display(),
                crate::store::StoreError::ReadOnly
            );
            return ExitCode::from(2);
        }
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}: {e}", db.display());
            return ExitCode::from(2);
        }
    };
    let tty = std::io::stderr().is_terminal();
    let bar = if tty && files.len() > 1 && !how.quiet {
        let b = ProgressBar::new(files.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let started = Instant::now();
    let (mut ingested, mut unchanged) = (0usize, 0usize);
    let (mut pages, mut words) = (0usize, 0usize);
    let jobs = how.jobs.clamp(1, files.len().max(1));
    // readers may run this far ahead of the writer (bounds the readings held in memory)
    let window = 2 * jobs + 2;
    let queue = Queue {
        state: std::sync::Mutex::new(QueueState {
            done: Default::default(),
            next: 0,
            written: 0,
            stop: false,
        }),
        changed: std::sync::Condvar::new(),
    };
    let mut fatal: Option<String> = None;
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| reader_thread(&files, db, how, &queue, window, &early));
        }
        for (i, f) in files.iter().enumerate() {
            // the next file in order, as soon as a reader has it
            let (prepared, mut secs) = {
                let mut st = lock(&queue.state);
                loop {
                    if let Some(x) = st.done.remove(&i) {
                        break x;
                    }
                    st = queue
                        .changed
                        .wait(st)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
            };
            bar.set_message(f.display().to_string());
            let outcome = match prepared {
                Prepared::Unchanged => Outcome::Unchanged("already in the database (same SHA-256 and figuren version; --force reads it again)"),
                Prepared::Failed(why) => Outcome::Failed(why),
                Prepared::Read { meta, reading } => {
                    match write(&mut store, &meta, &reading, how.skip_same(), &mut pages, &mut words) {
                        Ok(o) => o,
                        Err(e) if e.is_fatal() => {
                            fatal = Some(format!("{e}"));
                            Outcome::Failed(format!("not stored: {e}"))
                        }
                        Err(e) => Outcome::Failed(e.to_string()),
                    }
                }
                Prepared::Streaming { meta, document, worker, started } => {
                    let o = match write_streaming(&mut store, &meta, *document, *worker, how.skip_same(), &mut pages, &mut words) {
                        Ok(o) => o,
                        Err(e) if e.is_fatal() => {
                            fatal = Some(format!("{e}"));
                            Outcome::Failed(format!("not stored: {e}"))
                        }
                        Err(e) => Outcome::Failed(e.to_string()),
                    };
                    secs = started.elapsed().as_secs_f64();
                    o
                }
            };
            let line = match &outcome {
                Outcome::Ingested(summary) => {
                    ingested += 1;
                    format!("ok         {}  {summary} ({secs:.2} s)", f.display())
                }
                Outcome::Unchanged(why) => {
                    unchanged += 1;
                    format!("unchanged  {}  {why}", f.display())
                }
                Outcome::Failed(why) => {
                    failed += 1;
                    format!("FAILED     {}: {why}", f.display())
                }
            };
            match outcome {
                Outcome::Failed(_) => bar.suspend(|| eprintln!("{line}")),
                _ if !how.quiet => bar.suspend(|| println!("{line}")),
                _ => {}
            }
            bar.inc(1);
            let mut st = lock(&queue.state);
            st.written = i + 1;
            if fatal.is_some() {
                st.stop = true;
            }
            queue.changed.notify_all();
            drop(st);
            if fatal.is_some() {
                break;
            }
        }
        let mut st = lock(&queue.state);
        st.stop = true;
        queue.changed.notify_all();
    });
    bar.finish_and_clear();
    let total = files.len() + problems.len();
    let done = ingested + unchanged + failed;
    if let Some(e) = &fatal {
        eprintln!(
            "error: {}: {e}\nstopped after {done} of {total} file(s); the {ingested} document(s) stored in this run and everything stored before are kept",
            db.display()
        );
    }
    println!(
        "{total} file(s): {ingested} ingested, {unchanged} unchanged, {failed} failed{}; {} pages, {} words in {:.1} s -> {}",
        if done < total {
            format!(", {} not read", total - done)
        } else {
            String::new()
        },
        super::thousands(pages),
        super::thousands(words),
        started.elapsed().as_secs_f64(),
        db.display()
    );
    if fatal.is_some() {
        ExitCode::from(2)
    } else if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One reader: takes the next file, checks the database, reads it in a worker process and
/// hands the reading to the writer; never more than `window` files ahead of it.
fn reader_thread(
    files: &[PathBuf],
    db: &Path,
    how: &How,
    queue: &Queue,
    window: usize,
    early: &std::sync::Mutex<Option<Worker>>,
) {
    // its own connection, for the "already stored?" look-up
    let store = Store::open(db);
    loop {
        let i = {
            let mut st = lock(&queue.state);
            loop {
                if st.stop || st.next >= files.len() {
                    return;
                }
                if st.next < st.written + window {
                    break;
                }
                st = queue
                    .changed
                    .wait(st)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
            st.next += 1;
            st.next - 1
        };
        let t0 = Instant::now();
        // the worker started early belongs to the first file
        let started = if i == 0 { lock(early).take() } else { None };
        let prepared = match &store {
            Ok(s) => prepare(s, &files[i], how, started),
            Err(e) => Prepared::Failed(e.to_string()),
        };
        let secs = t0.elapsed().as_secs_f64();
        let streaming = matches!(prepared, Prepared::Streaming { .. });
        let mut st = lock(&queue.state);
        st.done.insert(i, (prepared, secs));
        queue.changed.notify_all();
        // its worker still runs: take no other file until the writer is done with it
        // (no more workers at once than readers)
        while streaming && !st.stop && st.written <= i {
            st = queue
                .changed
                .wait(st)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }
}

fn start_worker(f: &Path, how: &How) -> Result<Worker, ReadError> {
    let mut opts = how.opts.clone();
    opts.passwords = how.passwords.for_file(f);
    Worker::start(f, how.limits, &opts)
}

/// Reads one file unless it is stored already; `started` is its worker when one was started
/// early (dropped, and so stopped, when the file needs no reading).
fn prepare(store: &Store, f: &Path, how: &How, started: Option<Worker>) -> Prepared {
    let t0 = Instant::now();
    let bytes = match std::fs::read(f) {
        Ok(b) => b,
        Err(e) => return Prepared::Failed(format!("cannot read the file: {e}")),
    };
    let sha = format!("{:x}", Sha256::digest(&bytes));
    match store.existing(&sha) {
        Ok(Existing::Same { .. }) if how.skip_same() => return Prepared::Unchanged,
        Ok(_) => {}
        Err(e) => return Prepared::Failed(e.to_string()),
    }
    let meta = FileMeta {
        sha256: sha,
        file_name: f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        file_path: f.display().to_string(),
        file_size: bytes.len() as u64,
    };
    drop(bytes);
    let mut worker = match started {
        Some(w) => w,
        None => match start_worker(f, how) {
            Ok(w) => w,
            Err(e) => return Prepared::Failed(e.to_string()),
        },
    };
    if let Some(document) = worker.document() {
        return Prepared::Streaming {
            meta,
            document: Box::new(document),
            worker: Box::new(worker),
            started: t0,
        };
    }
    match worker.finish() {
        Ok(r) => Prepared::Read {
            meta,
            reading: Box::new(r),
        },
        Err(ReadError::Pdf(e)) => Prepared::Failed(e.to_string()),
        Err(e) => Prepared::Failed(e.to_string()),
    }
}

/// How long the writer holds the write lock waiting for a worker's later stages.
const STREAM_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Stores the document while its worker reads on, then the rest; nothing is stored when the
/// worker then fails (the file is reported as failed, as when it fails earlier).
fn write_streaming(
    store: &mut Store,
    meta: &FileMeta,
    document: crate::pdf::model::Document,
    worker: Worker,
    skip_same: bool,
    pages: &mut usize,
    words: &mut usize,
) -> Result<Outcome, crate::store::StoreError> {
    let writing = match store.begin_document(meta, &document, None, &now_iso(), skip_same)? {
        crate::store::Begun::Writing(w) => w,
        crate::store::Begun::AlreadyThere(_) => {
            return Ok(Outcome::Unchanged(
                "stored meanwhile by another figuren run (same SHA-256 and version)",
            ))
        }
    };
    let mut worker = worker;
    // the transaction holds the database's write lock: a worker that takes long over the
    // rest (another process waits for the lock at most BUSY_TIMEOUT) is waited for without
    // it, and the file written at once afterwards
    if !worker.wait_for(STREAM_WAIT) {
        drop(writing);
        let mut reading = match worker.finish() {
            Ok(r) => r,
            Err(e) => return Ok(Outcome::Failed(e.to_string())),
        };
        reading.document = document;
        return write(store, meta, &reading, skip_same, pages, words);
    }
    let mut reading = match worker.finish() {
        Ok(r) => r,
        // dropping `writing` rolls the document back
        Err(e) => return Ok(Outcome::Failed(e.to_string())),
    };
    reading.document = document;
    let put = writing.finish(
        &reading.document,
        reading.structure.as_ref(),
        &reading.tables,
        &reading.checks,
        true,
    )?;
    summary(put, &reading, pages, words)
}

fn write(
    store: &mut Store,
    meta: &FileMeta,
    reading: &crate::pipeline::Reading,
    skip_same: bool,
    pages: &mut usize,
    words: &mut usize,
) -> Result<Outcome, crate::store::StoreError> {
    let put = store.put_document(meta, reading, &now_iso(), skip_same)?;
    summary(put, reading, pages, words)
}

/// The line `figuren ingest` prints for a file written.
fn summary(
    put: Put,
    reading: &crate::pipeline::Reading,
    pages: &mut usize,
    words: &mut usize,
) -> Result<Outcome, crate::store::StoreError> {
    let (doc, structure) = (&reading.document, reading.structure.as_ref());
    let (id, c) = match put {
        Put::Written(id, c) => (id, c),
        Put::AlreadyThere(_) => {
            return Ok(Outcome::Unchanged(
                "stored meanwhile by another figuren run (same SHA-256 and version)",
            ))
        }
    };
    *pages += c.pages;
    *words += c.words;
    let text = if doc.has_text_layer() {
        String::new()
    } else {
        ", NO TEXT LAYER (scanned?)".to_string()
    };
    let family = structure
        .and_then(|s| s.profile.clone())
        .map(|p| format!(" [{p}]"))
        .unwrap_or_default();
    let found = if c.figures + c.footnotes + c.citations > 0 {
        format!(
            ", {} figures, {} footnotes, {} citations",
            c.figures, c.footnotes, c.citations
        )
    } else {
        String::new()
    };
    let mismatches = reading
        .checks
        .iter()
        .flat_map(|f| &f.checks)
        .filter(|c| c.status == crate::check::Status::Mismatch)
        .count();
    let found = if c.tables > 0 {
        format!(
            "{found}, {} tables, {} checks{}",
            c.tables,
            c.checks,
            if mismatches > 0 {
                format!(" ({mismatches} MISMATCH: see `figuren verify`)")
            } else {
                String::new()
            }
        )
    } else {
        found
    };
    Ok(Outcome::Ingested(format!(
        "#{id}{family}: {} pages, {} words, {} rules, {} links{found}, {} diagnostics{text}",
        c.pages,
        super::thousands(c.words),
        super::thousands(c.rules),
        c.links,
        c.diagnostics
    )))
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_now_shape() {
        let s = super::now_iso();
        assert_eq!(s.len(), 20);
        assert!(s.starts_with("20"));
        assert!(s.ends_with('Z'));
    }
}
