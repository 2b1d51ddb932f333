//! Compares figuren's word extraction with poppler's `pdftotext -bbox-layout` on a corpus.
//!
//! ```text
//! cargo run --release --example poppler_compare -- \
//!     [--manifest ../shared/corpus/MANIFEST.tsv] [--markdown OUT.md] \
//!     [--worst N] [--timeout SECS] PATHS...
//! ```
//!
//! PATHS are PDF files or folders (searched recursively for `*.pdf`, any case). Files are
//! grouped into families by the `kind` column of the manifest when one is given (files it
//! does not list go to `other`), else by their top-level folder under the PATH given.
//! Scores are described in `figuren::eval::poppler`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use figuren::eval::poppler::{
    compare_document, run_pdftotext_bbox, BoxScore, CharScore, DiffItem, DiffKind, DocComparison,
};

const USAGE: &str = "usage: poppler_compare [--manifest MANIFEST.tsv] [--markdown OUT.md] \
[--worst N] [--timeout SECS] PATHS...";

const EXTRACT_THREAD: &str = "figuren-extract";

struct Args {
    manifest: Option<PathBuf>,
    markdown: Option<PathBuf>,
    worst: usize,
    timeout: Duration,
    paths: Vec<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        manifest: None,
        markdown: None,
        worst: 15,
        timeout: Duration::from_secs(120),
        paths: Vec::new(),
    };
    let mut it = std::env::args_os().skip(1);
    while let Some(a) = it.next() {
        let flag = a.to_string_lossy().into_owned();
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--manifest" => args.manifest = Some(PathBuf::from(value("--manifest")?)),
            "--markdown" => args.markdown = Some(PathBuf::from(value("--markdown")?)),
            "--worst" => {
                let v = value("--worst")?;
                args.worst = v
                    .to_string_lossy()
                    .parse()
                    .map_err(|_| format!("--worst: not a number: {}", v.to_string_lossy()))?;
            }
            "--timeout" => {
                let v = value("--timeout")?;
                let secs: u64 = v
                    .to_string_lossy()
                    .parse()
                    .map_err(|_| format!("--timeout: not a number: {}", v.to_string_lossy()))?;
                args.timeout = Duration::from_secs(secs.max(1));
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            f if f.starts_with("--") => return Err(format!("unknown flag {f}\n{USAGE}")),
            _ => args.paths.push(PathBuf::from(a)),
        }
    }
    if args.paths.is_empty() {
        return Err(format!("no PATHS given\n{USAGE}"));
    }
    Ok(args)
}

// ---------------------------------------------------------------------------------------------
// Finding files and families
// ---------------------------------------------------------------------------------------------

/// A PDF to compare and the PATH argument it was found under.
struct Input {
    path: PathBuf,
    root: PathBuf,
}

fn is_pdf(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("pdf"))
}

fn collect_pdfs(root: &Path, dir: &Path, out: &mut Vec<Input>, warnings: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warnings.push(format!("cannot read {}: {e}", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect_pdfs(root, &p, out, warnings);
        } else if is_pdf(&p) {
            out.push(Input {
                path: p,
                root: root.to_path_buf(),
            });
        }
    }
}

/// `local_path` (canonical) -> `kind`, from MANIFEST.tsv (paths relative to its folder).
fn read_manifest(path: &Path) -> Result<HashMap<PathBuf, String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read manifest {}: {e}", path.display()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(pc), Some(kc)) = (col("local_path"), col("kind")) else {
        return Err(format!(
            "manifest {} has no local_path and kind columns",
            path.display()
        ));
    };
    let mut map = HashMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        if let (Some(p), Some(k)) = (cells.get(pc), cells.get(kc)) {
            let full = base.join(p.trim());
            let key = full.canonicalize().unwrap_or(full);
            map.insert(key, k.trim().to_string());
        }
    }
    Ok(map)
}

fn family_of(input: &Input, manifest: Option<&HashMap<PathBuf, String>>) -> String {
    if let Some(m) = manifest {
        let key = input
            .path
            .canonicalize()
            .unwrap_or_else(|_| input.path.clone());
        return match m.get(&key).map(String::as_str) {
            Some("dutch-gov") => "dutch-gov".into(),
            Some("table-benchmark") => "table-benchmark".into(),
            _ => "other".into(),
        };
    }
    let root_name = || {
        input
            .root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| input.root.display().to_string())
    };
    match input.path.strip_prefix(&input.root) {
        Ok(rel) if rel.components().count() > 1 => rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_else(root_name),
        Ok(_) if input.path != input.root => root_name(),
        _ => input
            .path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| ".".into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Running both extractors
// ---------------------------------------------------------------------------------------------

enum Outcome {
    Compared(Box<DocComparison>),
    OursError(String),
    OursPanic(String),
    OursTimeout,
    /// poppler cannot read the file: not scored.
    Skipped(String),
}

struct FileResult {
    display: String,
    family: String,
    outcome: Outcome,
    ours_time: Duration,
    poppler_time: Duration,
}

thread_local! {
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Panics on the extraction thread are recorded (and reported per file) instead of printed.
fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some(EXTRACT_THREAD) {
            let mut msg = info.to_string().replace('\n', " ");
            // Panics inside std (slice sort, indexing) name a std location: add the first
            // frame in our own code.
            let bt = std::backtrace::Backtrace::force_capture().to_string();
            let ours = bt.lines().map(str::trim).find(|l| {
                l.starts_with("at ")
                    && !l.contains("/rustc/")
                    && !l.contains("/.cargo/")
                    && !l.contains("examples/poppler_compare.rs")
            });
            if let Some(at) = ours {
                msg = format!("{at} <- {msg}");
            }
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(msg));
        } else {
            default(info);
        }
    }));
}

fn run_ours(
    path: &Path,
    timeout: Duration,
) -> Result<Result<figuren::pdf::model::Document, String>, Option<String>> {
    let (tx, rx) = mpsc::channel();
    let p = path.to_path_buf();
    let spawned = std::thread::Builder::new()
        .name(EXTRACT_THREAD.into())
        .stack_size(256 << 20)
        .spawn(move || {
            let r = std::panic::catch_unwind(|| figuren::pdf::extract_file(&p));
            let r = match r {
                Ok(Ok(doc)) => Ok(Ok(doc)),
                Ok(Err(e)) => Ok(Err(e.to_string())),
                Err(payload) => {
                    let recorded = LAST_PANIC.with(|l| l.borrow_mut().take());
                    let msg = recorded
                        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "panic".into());
                    Err(Some(msg))
                }
            };
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        return Ok(Err(format!("cannot start extraction thread: {e}")));
    }
    // On timeout the thread is left running; the process exits when the run is over.
    rx.recv_timeout(timeout).unwrap_or(Err(None))
}

fn process(input: &Input, family: String, timeout: Duration) -> FileResult {
    let rel = input
        .path
        .strip_prefix(&input.root)
        .ok()
        .filter(|r| !r.as_os_str().is_empty());
    let display = match (rel, input.root.file_name()) {
        (Some(r), Some(root)) => Path::new(root).join(r).display().to_string(),
        _ => input.path.display().to_string(),
    };
    let display = truncate_left(&display, 90);
    let t = Instant::now();
    let poppler = run_pdftotext_bbox(&input.path);
    let poppler_time = t.elapsed();
    let mut result = FileResult {
        display,
        family,
        outcome: Outcome::OursTimeout,
        ours_time: Duration::ZERO,
        poppler_time,
    };
    let poppler = match poppler {
        Ok(p) => p,
        Err(e) => {
            result.outcome = Outcome::Skipped(e);
            return result;
        }
    };
    let t = Instant::now();
    let ours = run_ours(&input.path, timeout);
    result.ours_time = t.elapsed();
    result.outcome = match ours {
        Ok(Ok(doc)) => Outcome::Compared(Box::new(compare_document(&doc, &poppler))),
        Ok(Err(e)) => Outcome::OursError(e),
        Err(Some(msg)) => Outcome::OursPanic(msg),
        Err(None) => Outcome::OursTimeout,
    };
    result
}

// ---------------------------------------------------------------------------------------------
// Aggregation
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct FamilyStats {
    files: usize,
    compared: usize,
    errors: usize,
    panics: usize,
    timeouts: usize,
    skipped: usize,
    pages: usize,
    page_mismatch: usize,
    reading: CharScore,
    canonical: CharScore,
    boxes: BoxScore,
    ours_time: Duration,
    poppler_time: Duration,
}

impl FamilyStats {
    fn add(&mut self, r: &FileResult) {
        self.files += 1;
        self.ours_time += r.ours_time;
        self.poppler_time += r.poppler_time;
        match &r.outcome {
            Outcome::Compared(c) => {
                self.compared += 1;
                self.pages += c.pages.len();
                if c.ours_pages != c.theirs_pages {
                    self.page_mismatch += 1;
                }
                self.reading = CharScore::total([&self.reading, &c.reading]);
                self.canonical = CharScore::total([&self.canonical, &c.canonical]);
                self.boxes = BoxScore::total([&self.boxes, &c.boxes]);
            }
            Outcome::OursError(_) => self.errors += 1,
            Outcome::OursPanic(_) => self.panics += 1,
            Outcome::OursTimeout => self.timeouts += 1,
            Outcome::Skipped(_) => self.skipped += 1,
        }
    }
}

fn pct(s: &CharScore) -> String {
    format!(
        "{:.2}%{}",
        100.0 * s.agreement,
        if s.approximate { "~" } else { "" }
    )
}

fn box_pct(b: &BoxScore) -> String {
    if b.pairs == 0 {
        "-".into()
    } else {
        format!("{:.2}%", 100.0 * b.fraction())
    }
}

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Keeps the end of `s` (the file name) when it is too long.
fn truncate_left(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        s.to_string()
    } else {
        let tail: String = s.chars().skip(n + 1 - max).collect();
        format!("…{tail}")
    }
}

fn describe_diff(page: u32, d: &DiffItem) -> String {
    let words = |w: &[String], more: usize| {
        let more = if more > 0 {
            format!(" +{more} words")
        } else {
            String::new()
        };
        if w.is_empty() {
            "∅".to_string()
        } else {
            truncate(
                &w.iter()
                    .map(|s| format!("«{s}»"))
                    .collect::<Vec<_>>()
                    .join(" "),
                70,
            ) + &more
        }
    };
    let kind = match d.kind {
        DiffKind::Split => "split",
        DiffKind::Text => "text",
    };
    let ctx = match (&d.before, &d.after) {
        (Some(b), Some(a)) => format!(" [{} … {}]", truncate(b, 20), truncate(a, 20)),
        (Some(b), None) => format!(" [after {}]", truncate(b, 20)),
        (None, Some(a)) => format!(" [before {}]", truncate(a, 20)),
        (None, None) => String::new(),
    };
    format!(
        "p{page} {kind}: ours {} | poppler {}{ctx}",
        words(&d.ours, d.ours_more),
        words(&d.theirs, d.theirs_more)
    )
}

/// Sort key of a file for the "worst" list: failures first, then canonical, reading order,
/// boxes.
fn badness(r: &FileResult) -> Option<(u8, f64, f64, f64)> {
    match &r.outcome {
        Outcome::Compared(c) => Some((
            1,
            c.canonical.agreement,
            c.reading.agreement,
            c.boxes.fraction(),
        )),
        Outcome::OursPanic(_) | Outcome::OursTimeout | Outcome::OursError(_) => {
            Some((0, 0.0, 0.0, 0.0))
        }
        Outcome::Skipped(_) => None,
    }
}

fn worst_files(results: &[&FileResult], n: usize) -> Vec<usize> {
    let mut idx: Vec<(usize, (u8, f64, f64, f64))> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| badness(r).map(|b| (i, b)))
        .filter(|(_, b)| b.0 == 0 || b.1 < 1.0 || b.2 < 1.0 || b.3 < 1.0)
        .collect();
    idx.sort_by(|x, y| {
        (x.1 .0.cmp(&y.1 .0))
            .then(x.1 .1.total_cmp(&y.1 .1))
            .then(x.1 .2.total_cmp(&y.1 .2))
            .then(x.1 .3.total_cmp(&y.1 .3))
            .then(x.0.cmp(&y.0))
    });
    idx.into_iter().take(n).map(|(i, _)| i).collect()
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/// A table rendered either aligned for a terminal or as Markdown.
struct Table {
    header: Vec<&'static str>,
    /// Columns aligned left (text); the others align right (numbers).
    left: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn text(&self) -> String {
        let widths: Vec<usize> = (0..self.header.len())
            .map(|c| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|s| s.chars().count())
                    .chain([self.header[c].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        let mut line = |cells: Vec<&str>| {
            let mut l = String::new();
            for (c, cell) in cells.iter().enumerate() {
                let w = widths.get(c).copied().unwrap_or(0);
                let pad = " ".repeat(w.saturating_sub(cell.chars().count()));
                if c > 0 {
                    l.push_str("  ");
                }
                if self.left.get(c).copied().unwrap_or(false) {
                    l.push_str(cell);
                    l.push_str(&pad);
                } else {
                    l.push_str(&pad);
                    l.push_str(cell);
                }
            }
            out.push_str(l.trim_end());
            out.push('\n');
        };
        line(self.header.clone());
        line(
            widths
                .iter()
                .map(|w| "-".repeat(*w))
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str)
                .collect(),
        );
        for r in &self.rows {
            line(r.iter().map(String::as_str).collect());
        }
        out
    }

    fn markdown(&self) -> String {
        let esc = |s: &str| s.replace('|', "\\|");
        let mut out = format!("| {} |\n|", self.header.join(" | "));
        for c in 0..self.header.len() {
            out.push_str(if self.left.get(c).copied().unwrap_or(false) {
                " --- |"
            } else {
                " ---: |"
            });
        }
        out.push('\n');
        for r in &self.rows {
            let cells: Vec<String> = r.iter().map(|c| esc(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out
    }
}

fn summary_table(families: &BTreeMap<String, FamilyStats>, total: &FamilyStats) -> Table {
    let mut rows = Vec::new();
    for (name, s) in families
        .iter()
        .map(|(n, s)| (n.as_str(), s))
        .chain([("TOTAL", total)])
    {
        rows.push(vec![
            name.to_string(),
            s.files.to_string(),
            s.compared.to_string(),
            format!("{}/{}/{}", s.errors, s.panics, s.timeouts),
            s.skipped.to_string(),
            s.pages.to_string(),
            s.page_mismatch.to_string(),
            s.canonical.len_theirs.to_string(),
            pct(&s.reading),
            pct(&s.canonical),
            box_pct(&s.boxes),
            format!("{:.2}", s.boxes.mean_edge_error()),
            format!("{}/{}", s.boxes.ours_unpaired, s.boxes.theirs_unpaired),
            secs(s.ours_time),
            secs(s.poppler_time),
        ]);
    }
    Table {
        header: vec![
            "family",
            "files",
            "compared",
            "err/panic/t.o.",
            "skipped",
            "pages",
            "pg-count≠",
            "chars (poppler)",
            "chars read-order",
            "chars canonical",
            "boxes ±2pt",
            "edge err pt",
            "unpaired ours/poppler",
            "time ours",
            "time poppler",
        ],
        left: vec![true],
        rows,
    }
}

fn worst_table(results: &[&FileResult], worst: &[usize]) -> (Table, Vec<Vec<String>>) {
    let mut rows = Vec::new();
    let mut details = Vec::new();
    for &i in worst {
        let Some(r) = results.get(i) else { continue };
        let mut detail = Vec::new();
        let row = match &r.outcome {
            Outcome::Compared(c) => {
                for note in &c.notes {
                    detail.push(format!("note: {note}"));
                }
                for p in c.pages.iter().filter(|p| !p.notes.is_empty()).take(2) {
                    for note in &p.notes {
                        detail.push(format!("note p{}: {note}", p.number));
                    }
                }
                let total_diffs: usize = c.pages.iter().map(|p| p.diffs.total).sum();
                for (page, d) in c.first_diffs(3) {
                    detail.push(describe_diff(page, d));
                }
                vec![
                    r.display.clone(),
                    format!("{}/{}", c.ours_pages, c.theirs_pages),
                    pct(&c.reading),
                    pct(&c.canonical),
                    box_pct(&c.boxes),
                    total_diffs.to_string(),
                ]
            }
            other => {
                let (what, msg) = match other {
                    Outcome::OursError(e) => ("error", e.as_str()),
                    Outcome::OursPanic(e) => ("PANIC", e.as_str()),
                    _ => ("timeout", ""),
                };
                if !msg.is_empty() {
                    detail.push(truncate(msg, 300));
                }
                vec![
                    r.display.clone(),
                    "-".into(),
                    what.into(),
                    what.into(),
                    "-".into(),
                    "-".into(),
                ]
            }
        };
        rows.push(row);
        details.push(detail);
    }
    let table = Table {
        header: vec![
            "file",
            "pages ours/poppler",
            "read-order",
            "canonical",
            "boxes ±2pt",
            "diffs",
        ],
        left: vec![true],
        rows,
    };
    (table, details)
}

fn report(results: &[FileResult], worst_n: usize, warnings: &[String], markdown: bool) -> String {
    let mut families: BTreeMap<String, FamilyStats> = BTreeMap::new();
    let mut total = FamilyStats::default();
    for r in results {
        families.entry(r.family.clone()).or_default().add(r);
        total.add(r);
    }
    let mut out = String::new();
    let summary = summary_table(&families, &total);
    if markdown {
        out.push_str("# figuren vs poppler `pdftotext -bbox-layout`\n\n");
        out.push_str(
            "Character agreement = 2·LCS / (chars ours + chars poppler), whitespace removed, \
             character-weighted; *read-order* uses each side's word order, *canonical* sorts \
             both sides' words into lines top to bottom, left to right. `~`: part scored by \
             a character-multiset bound (the exact diff was too costly). Boxes: words with \
             identical text and overlapping boxes, share with all four edges within 2 pt. \
             Failures (err/panic/t.o.) are not in the agreement figures; *skipped*: poppler \
             could not read the file.\n\n",
        );
        out.push_str(&summary.markdown());
    } else {
        out.push_str("figuren vs poppler pdftotext -bbox-layout\n");
        out.push_str(
            "(chars: 2*LCS/(ours+poppler), whitespace removed; ~ = partly a multiset bound; \
             boxes: same-text overlapping words with all edges within 2pt; \
             failures not in agreement)\n\n",
        );
        out.push_str(&summary.text());
    }
    for (name, stats) in &families {
        let members: Vec<&FileResult> = results.iter().filter(|r| &r.family == name).collect();
        let worst = worst_files(&members, worst_n);
        if markdown {
            let _ = writeln!(
                out,
                "\n## {name}: {} files, worst {}\n",
                stats.files,
                worst.len()
            );
        } else {
            let _ = writeln!(
                out,
                "\n== {name}: {} files, worst {} ==",
                stats.files,
                worst.len()
            );
        }
        if worst.is_empty() {
            out.push_str("all compared files agree fully\n");
        } else {
            let (table, details) = worst_table(&members, &worst);
            if markdown {
                let mut t = table;
                t.header.push("first differences");
                for (row, d) in t.rows.iter_mut().zip(&details) {
                    let cell = d
                        .iter()
                        .map(|s| format!("`{}`", s.replace('`', "'")))
                        .collect::<Vec<_>>()
                        .join("<br>");
                    row.push(cell);
                }
                t.left.resize(t.header.len(), false);
                if let Some(l) = t.left.last_mut() {
                    *l = true;
                }
                out.push_str(&t.markdown());
            } else {
                // rows with their details indented underneath
                let text = table.text();
                let mut lines = text.lines();
                for l in lines.by_ref().take(2) {
                    out.push_str(l);
                    out.push('\n');
                }
                for (l, d) in lines.zip(&details) {
                    out.push_str(l);
                    out.push('\n');
                    for s in d {
                        let _ = writeln!(out, "    {s}");
                    }
                }
            }
        }
        let skipped: Vec<&FileResult> = members
            .iter()
            .copied()
            .filter(|r| matches!(r.outcome, Outcome::Skipped(_)))
            .collect();
        if !skipped.is_empty() {
            let _ = writeln!(out, "\nskipped (poppler cannot read):");
            for r in skipped {
                if let Outcome::Skipped(e) = &r.outcome {
                    let _ = writeln!(out, "- {}: {}", r.display, truncate(e, 160));
                }
            }
        }
    }
    if !warnings.is_empty() {
        out.push_str(if markdown {
            "\n## Warnings\n\n"
        } else {
            "\nwarnings:\n"
        });
        for w in warnings {
            let _ = writeln!(out, "- {w}");
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------

fn run() -> Result<ExitCode, String> {
    let args = parse_args()?;
    let manifest = match &args.manifest {
        Some(p) => Some(read_manifest(p)?),
        None => None,
    };
    let mut warnings = Vec::new();
    let mut inputs = Vec::new();
    for p in &args.paths {
        if p.is_dir() {
            collect_pdfs(p, p, &mut inputs, &mut warnings);
        } else if p.is_file() {
            inputs.push(Input {
                path: p.clone(),
                root: p.clone(),
            });
        } else {
            warnings.push(format!("not found: {}", p.display()));
        }
    }
    if inputs.is_empty() {
        return Err("no PDF files found".into());
    }
    install_panic_hook();
    let n = inputs.len();
    let mut results = Vec::with_capacity(n);
    for (k, input) in inputs.iter().enumerate() {
        let family = family_of(input, manifest.as_ref());
        let r = process(input, family, args.timeout);
        let status = match &r.outcome {
            Outcome::Compared(c) => format!(
                "read {} canon {} boxes {}",
                pct(&c.reading),
                pct(&c.canonical),
                box_pct(&c.boxes)
            ),
            Outcome::OursError(e) => format!("ERROR {}", truncate(e, 80)),
            Outcome::OursPanic(e) => format!("PANIC {}", truncate(e, 80)),
            Outcome::OursTimeout => "TIMEOUT".into(),
            Outcome::Skipped(_) => "skipped (poppler cannot read)".into(),
        };
        eprintln!("[{}/{n}] {} … {status}", k + 1, r.display);
        results.push(r);
    }
    println!("\n{}", report(&results, args.worst, &warnings, false));
    if let Some(md) = &args.markdown {
        std::fs::write(md, report(&results, args.worst, &warnings, true))
            .map_err(|e| format!("cannot write {}: {e}", md.display()))?;
        eprintln!("wrote {}", md.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
