//! Reading a document in a child process. The same binary runs in a hidden worker mode
//! (`figuren __worker FILE`, replying in bincode on stdout: the PDF layer's document as soon
//! as it is read, then the rest; see [`Worker`]), under a memory limit (RLIMIT_AS) and a time limit enforced by
//! the parent. A crash, an abort, a stack overflow or a runaway allocation in one file ends
//! only that child; the parent reports it and goes on. Only the parent writes the database.

use crate::pdf::PdfError;
use crate::pipeline::Reading;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct WorkerLimits {
    pub timeout: Duration,
    pub memory_mb: u64,
}

impl Default for WorkerLimits {
    fn default() -> Self {
        WorkerLimits {
            timeout: Duration::from_secs(300),
            memory_mb: 4096,
        }
    }
}

pub use crate::pipeline::Options as StructureOptions;

#[derive(Debug, Serialize, Deserialize)]
enum Reply {
    Ok(Box<Reading>),
    Err(PdfError),
    Panic(String),
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Pdf(PdfError),
    Timeout(u64),
    Crashed(String),
    Worker(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Pdf(e) => write!(f, "{e}"),
            ReadError::Timeout(s) => write!(
                f,
                "reading took longer than {s} s and was stopped (raise it with --timeout)"
            ),
            ReadError::Crashed(why) => write!(
                f,
                "the reader crashed on this file ({why}); the file is probably malformed"
            ),
            ReadError::Worker(why) => write!(f, "could not run the reader process: {why}"),
        }
    }
}

/// Runs the worker for `file` and returns what it read.
pub fn read_isolated(
    file: &Path,
    limits: WorkerLimits,
    opts: &StructureOptions,
) -> Result<Reading, ReadError> {
    Worker::start(file, limits, opts)?.finish()
}

/// A worker process reading one file. [`Worker::finish`] waits for its reply; dropping it
/// unfinished stops the process (so a worker started early, while the parent checks the
/// database, costs nothing when the parent then gives up).
///
/// The worker's stdout: the length of the PDF layer's document in bincode (8 bytes, little
/// endian; 0 when there is none), that document, then the reply (bincode), whose reading
/// has an empty document when the document went ahead. [`Worker::document`] hands the
/// document over while the worker still runs the later stages (`figuren ingest` stores
/// the words meanwhile).
pub struct Worker {
    /// The document, as soon as the worker has sent it (None: it sent none).
    early: std::sync::mpsc::Receiver<Option<crate::pdf::model::Document>>,
    /// The document received (kept for [`Worker::finish`] unless taken).
    document: Option<Option<crate::pdf::model::Document>>,
    taken: bool,
    child: Option<std::process::Child>,
    /// The reply, whole, once the worker closed its stdout.
    /// (whether a document went ahead, the reply) once the worker closed its stdout.
    reply: std::sync::mpsc::Receiver<(bool, Vec<u8>)>,
    /// The reply, when [`Worker::wait_for`] received it.
    received: Option<(bool, Vec<u8>)>,
    reader: Option<std::thread::JoinHandle<()>>,
    err_reader: Option<std::thread::JoinHandle<Vec<u8>>>,
    start: Instant,
    limits: WorkerLimits,
}

impl Worker {
    /// Starts the worker for `file`; it reads while the caller goes on.
    pub fn start(
        file: &Path,
        limits: WorkerLimits,
        opts: &StructureOptions,
    ) -> Result<Worker, ReadError> {
        // /proc/self/exe keeps working when the binary is replaced during a long batch
        let exe = if cfg!(target_os = "linux") && Path::new("/proc/self/exe").exists() {
            std::path::PathBuf::from("/proc/self/exe")
        } else {
            std::env::current_exe().map_err(|e| ReadError::Worker(e.to_string()))?
        };
        let mut cmd = Command::new(exe);
        cmd.arg("__worker")
            .arg("--memory-mb")
            .arg(limits.memory_mb.to_string());
        if opts.structure {
            cmd.arg("--structure");
        }
        if opts.keep_layout {
            cmd.arg("--keep-layout");
        }
        if let Some(d) = &opts.parsers {
            cmd.arg("--parsers").arg(d);
        }
        if let Some(p) = &opts.profile {
            cmd.arg("--profile").arg(p);
        }
        // passwords go through a pipe, not the command line (which `ps` shows to everybody)
        let with_passwords = !opts.passwords.is_empty();
        if with_passwords {
            cmd.arg("--passwords-stdin");
        }
        let mut child = cmd
            .arg(file)
            .stdin(if with_passwords {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| ReadError::Worker(e.to_string()))?;
        let start = Instant::now();
        if let Some(mut stdin) = child.stdin.take() {
            let joined = opts.passwords.join("\0");
            // a worker that died at once closed the pipe; its exit status tells the rest
            let _ = stdin.write_all(joined.as_bytes());
        }
        let (stdout, stderr) = match (child.stdout.take(), child.stderr.take()) {
            (Some(o), Some(e)) => (o, e),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ReadError::Worker("no stdout or stderr".into()));
            }
        };
        let (tx, reply) = std::sync::mpsc::channel();
        let (early_tx, early) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut stdout = stdout;
            let mut buf = Vec::new();
            let mut head = [0u8; 8];
            let (sent, document) = match stdout.read_exact(&mut head) {
                Ok(()) => {
                    let n = u64::from_le_bytes(head);
                    let mut doc = Vec::new();
                    match (&mut stdout).take(n).read_to_end(&mut doc) {
                        Ok(k) if k as u64 == n && n > 0 => (
                            true,
                            bincode::deserialize::<crate::pdf::model::Document>(&doc).ok(),
                        ),
                        _ => (n > 0, None),
                    }
                }
                Err(_) => (false, None),
            };
            let _ = early_tx.send(document);
            let _ = stdout.read_to_end(&mut buf);
            let _ = tx.send((sent, buf));
        });
        let err_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr.take(64 * 1024).read_to_end(&mut buf);
            buf
        });
        Ok(Worker {
            child: Some(child),
            early,
            received: None,
            document: None,
            taken: false,
            reply,
            reader: Some(reader),
            err_reader: Some(err_reader),
            start,
            limits,
        })
    }

    /// The document of the PDF layer, as soon as the worker has it, while it goes on with
    /// the later stages; None when it has none (the reply of [`Worker::finish`] says why).
    /// Once taken, the reading of [`Worker::finish`] has an empty document.
    pub fn document(&mut self) -> Option<crate::pdf::model::Document> {
        self.receive_document();
        let d = self.document.as_mut().and_then(Option::take);
        self.taken |= d.is_some();
        d
    }

    /// Waits (at most until the time limit) for the document or its absence.
    fn receive_document(&mut self) {
        if self.document.is_some() {
            return;
        }
        let left = self.limits.timeout.saturating_sub(self.start.elapsed());
        if let Ok(d) = self.early.recv_timeout(left) {
            self.document = Some(d);
        }
    }

    /// Waits at most `d` (and not past the time limit) for the worker's reply; whether it
    /// came (then [`Worker::finish`] returns at once).
    pub fn wait_for(&mut self, d: Duration) -> bool {
        if self.received.is_none() {
            let left = self.limits.timeout.saturating_sub(self.start.elapsed());
            match self.reply.recv_timeout(d.min(left)) {
                Ok(r) => self.received = Some(r),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => return false,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    self.received = Some((false, Vec::new()))
                }
            }
        }
        true
    }

    /// Waits for the worker (at most the time limit) and returns what it read.
    pub fn finish(mut self) -> Result<Reading, ReadError> {
        let Some(mut child) = self.child.take() else {
            return Err(ReadError::Worker("no worker process".into()));
        };
        // the reply is complete when the worker closes its stdout (at its exit, or before a
        // crash's status is known): wait for that, not in sleeps, up to the time limit
        let mut out = self.received.take();
        let status = loop {
            if out.is_none() {
                let left = self.limits.timeout.saturating_sub(self.start.elapsed());
                match self.reply.recv_timeout(left.max(Duration::from_millis(1))) {
                    Ok(buf) => out = Some(buf),
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    // the reader thread ended without a reply (cannot happen): poll
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                        out = Some((false, Vec::new()))
                    }
                }
            }
            match child.try_wait() {
                Ok(Some(st)) => break st,
                Ok(None) => {
                    if self.start.elapsed() > self.limits.timeout {
                        let _ = child.kill();
                        let _ = child.wait();
                        self.join_readers();
                        return Err(ReadError::Timeout(self.limits.timeout.as_secs()));
                    }
                    if out.is_some() {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                }
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    self.join_readers();
                    return Err(ReadError::Worker(e.to_string()));
                }
            }
        };
        let (rest, err) = self.join_readers();
        // whether the document went ahead of the reply
        let (document, out) = out.unwrap_or(rest);
        if !status.success() && out.is_empty() {
            return Err(ReadError::Crashed(describe_exit(&status, &err)));
        }
        match bincode::deserialize::<Reply>(&out) {
            Ok(Reply::Ok(mut r)) => {
                if document && !self.taken {
                    self.receive_document();
                    match self.document.take().flatten() {
                        Some(d) => r.document = d,
                        None => {
                            return Err(ReadError::Crashed(format!(
                                "{}; reply unreadable: no document",
                                describe_exit(&status, &err)
                            )))
                        }
                    }
                }
                Ok(*r)
            }
            Ok(Reply::Err(e)) => Err(ReadError::Pdf(e)),
            Ok(Reply::Panic(msg)) => Err(ReadError::Crashed(format!("internal error: {msg}"))),
            Err(e) => Err(ReadError::Crashed(format!(
                "{}; reply unreadable: {e}",
                describe_exit(&status, &err)
            ))),
        }
    }

    /// Ends the reader threads (the worker has exited); the reply if not taken yet.
    fn join_readers(&mut self) -> ((bool, Vec<u8>), Vec<u8>) {
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        let out = self.reply.try_recv().unwrap_or_default();
        let err = self
            .err_reader
            .take()
            .and_then(|r| r.join().ok())
            .unwrap_or_default();
        (out, err)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
            self.join_readers();
        }
    }
}

/// The same binary in its worker mode: `figuren __worker …`.
fn worker_command() -> Result<Command, ReadError> {
    // /proc/self/exe keeps working when the binary is replaced during a long batch
    let exe = if cfg!(target_os = "linux") && Path::new("/proc/self/exe").exists() {
        std::path::PathBuf::from("/proc/self/exe")
    } else {
        std::env::current_exe().map_err(|e| ReadError::Worker(e.to_string()))?
    };
    let mut cmd = Command::new(exe);
    cmd.arg("__worker");
    Ok(cmd)
}

/// What a finished worker left: its exit status, its reply (stdout) and the end of its
/// stderr.
struct Finished {
    status: std::process::ExitStatus,
    out: Vec<u8>,
    err: Vec<u8>,
}

/// Runs a worker command to its end under the time limit, feeding `stdin` (passwords) on a
/// pipe.
fn run_worker(
    mut cmd: Command,
    stdin: Option<Vec<u8>>,
    limits: WorkerLimits,
) -> Result<Finished, ReadError> {
    let mut child = cmd
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ReadError::Worker(e.to_string()))?;
    if let (Some(mut pipe), Some(bytes)) = (child.stdin.take(), stdin) {
        // a worker that died at once closed the pipe; its exit status tells the rest
        let _ = pipe.write_all(&bytes);
    }
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| ReadError::Worker("no stdout".into()))?;
    let mut stderr = child
        .stderr
        .take()
        .ok_or_else(|| ReadError::Worker("no stderr".into()))?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st,
            Ok(None) => {
                if start.elapsed() > limits.timeout {
                    let _ = child.kill();
                    let _ = child.wait();
                    let _ = reader.join();
                    let _ = err_reader.join();
                    return Err(ReadError::Timeout(limits.timeout.as_secs()));
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => return Err(ReadError::Worker(e.to_string())),
        }
    };
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() && out.is_empty() {
        return Err(ReadError::Crashed(describe_exit(&status, &err)));
    }
    Ok(Finished { status, out, err })
}

#[derive(Debug, Serialize, Deserialize)]
enum RenderReply {
    Ok(crate::render::Rendered),
    Err(String),
    Panic(String),
}

/// Renders `pages` of `file` at `scale` pixels per point in a worker process (hayro,
/// `crate::render`), under the same time and memory limits as reading.
pub fn render_isolated(
    file: &Path,
    limits: WorkerLimits,
    pages: &[u32],
    scale: f64,
    passwords: &[String],
) -> Result<crate::render::Rendered, ReadError> {
    let mut cmd = worker_command()?;
    let list = pages
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(",");
    cmd.arg("--memory-mb")
        .arg(limits.memory_mb.to_string())
        .arg("--render")
        .arg(list)
        .arg("--scale")
        .arg(scale.to_string());
    let stdin = (!passwords.is_empty()).then(|| passwords.join("\0").into_bytes());
    if stdin.is_some() {
        cmd.arg("--passwords-stdin");
    }
    cmd.arg(file);
    let f = run_worker(cmd, stdin, limits)?;
    match bincode::deserialize::<RenderReply>(&f.out) {
        Ok(RenderReply::Ok(r)) => Ok(r),
        Ok(RenderReply::Err(e)) => Err(ReadError::Worker(e)),
        Ok(RenderReply::Panic(msg)) => Err(ReadError::Crashed(format!("internal error: {msg}"))),
        Err(e) => Err(ReadError::Crashed(format!(
            "{}; reply unreadable: {e}",
            describe_exit(&f.status, &f.err)
        ))),
    }
}

fn describe_exit(status: &std::process::ExitStatus, stderr: &[u8]) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            let name = match sig {
                libc::SIGSEGV => "segmentation fault or stack overflow",
                libc::SIGABRT => "abort, e.g. out of memory",
                libc::SIGKILL => "killed, e.g. by the out-of-memory killer",
                libc::SIGBUS => "bus error",
                _ => "signal",
            };
            return format!("{name}, signal {sig}");
        }
    }
    let msg = String::from_utf8_lossy(stderr);
    let last = msg
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if last.contains("memory allocation") {
        return "out of memory (the --memory-mb limit)".into();
    }
    format!(
        "exit status {}{}",
        status.code().unwrap_or(-1),
        if last.is_empty() {
            String::new()
        } else {
            format!(": {last}")
        }
    )
}

/// Test hook (debug builds only): `FIGUREN_WORKER_FAULT=abort|overflow|hang|alloc|panic`
/// makes the worker fail the way a hostile file could, so the tests can show the batch
/// survives it; with a `late-` prefix, after the worker has sent its document (the parent
/// is writing it then). Release builds ignore the variable.
fn inject_fault(late: bool) {
    if !cfg!(debug_assertions) {
        return;
    }
    let fault = std::env::var("FIGUREN_WORKER_FAULT").unwrap_or_default();
    let fault = match (late, fault.strip_prefix("late-")) {
        (true, Some(f)) => f.to_string(),
        (false, None) => fault,
        _ => return,
    };
    match fault.as_str() {
        "abort" => std::process::abort(),
        "overflow" => {
            #[allow(unconditional_recursion, clippy::only_used_in_recursion)]
            fn recurse(n: u64, v: &mut Vec<u64>) -> u64 {
                let big = [n; 512];
                v.push(big[(n % 512) as usize]);
                recurse(n + 1, v) + big[0]
            }
            let mut v = Vec::new();
            let _ = recurse(0, &mut v);
        }
        "hang" => loop {
            std::thread::sleep(Duration::from_secs(1));
        },
        "alloc" => {
            let mut hog: Vec<Vec<u8>> = Vec::new();
            loop {
                hog.push(vec![1u8; 64 << 20]);
            }
        }
        "panic" => panic!("injected panic"),
        _ => {}
    }
}

/// A write past a file size limit (`ulimit -f`, a quota) then fails with an error SQLite
/// reports ("disk is full"), instead of the signal that would kill the process mid-batch.
pub fn ignore_file_size_signal() {
    #[cfg(unix)]
    {
        // SAFETY: setting a signal's disposition to SIG_IGN installs no handler code.
        #[allow(unsafe_code)]
        unsafe {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        }
    }
}

fn limit_memory(mb: u64) {
    #[cfg(unix)]
    {
        let bytes = mb.saturating_mul(1024 * 1024) as libc::rlim_t;
        let lim = libc::rlimit {
            rlim_cur: bytes,
            rlim_max: bytes,
        };
        // SAFETY: setrlimit only reads the struct we pass.
        #[allow(unsafe_code)]
        unsafe {
            libc::setrlimit(libc::RLIMIT_AS, &lim);
        }
    }
}

/// The worker side: read one file, write the reply to stdout (bincode: a 49-page report is
/// 6 MB and 30 ms as JSON, 1.5 MB and 3 ms in bincode).
pub fn worker_main(
    file: &Path,
    memory_mb: u64,
    opts: &StructureOptions,
    passwords_stdin: bool,
) -> ExitCode {
    limit_memory(memory_mb);
    let mut opts = opts.clone();
    if passwords_stdin {
        let mut buf = String::new();
        let _ = std::io::stdin().take(1 << 20).read_to_string(&mut buf);
        opts.passwords = buf.split('\0').map(str::to_string).collect();
    }
    let opts = &opts;
    // Panics become a reply, not a dump on stderr.
    std::panic::set_hook(Box::new(|_| {}));
    let stdout = std::io::stdout();
    let mut lock = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let panic_msg = |p: Box<dyn std::any::Any + Send>| {
        p.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".into())
    };
    // the PDF layer first: its document goes out at once (the parent starts storing it),
    // then the later stages
    let document = match std::panic::catch_unwind(|| {
        inject_fault(false);
        let bytes = std::fs::read(file).map_err(|e| PdfError::Io(e.to_string()))?;
        crate::pdf::extract_bytes_with(&bytes, &opts.passwords)
    }) {
        Ok(Ok(d)) => Ok(d),
        Ok(Err(e)) => Err(Reply::Err(e)),
        Err(p) => Err(Reply::Panic(panic_msg(p))),
    };
    let reply = match document {
        Err(reply) => {
            if lock.write_all(&0u64.to_le_bytes()).is_err() {
                return ExitCode::from(3);
            }
            reply
        }
        Ok(document) => {
            let sent = bincode::serialized_size(&document)
                .map_err(|_| ())
                .and_then(|n| lock.write_all(&n.to_le_bytes()).map_err(|_| ()))
                .and_then(|_| bincode::serialize_into(&mut lock, &document).map_err(|_| ()))
                .and_then(|_| lock.flush().map_err(|_| ()));
            if sent.is_err() {
                return ExitCode::from(3);
            }
            match std::panic::catch_unwind(|| {
                inject_fault(true);
                crate::pipeline::analyse(document, opts)
            }) {
                Ok(mut r) => {
                    // sent already
                    r.document = empty_document();
                    Reply::Ok(Box::new(r))
                }
                Err(p) => Reply::Panic(panic_msg(p)),
            }
        }
    };
    if bincode::serialize_into(&mut lock, &reply).is_err() || lock.flush().is_err() {
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}

fn empty_document() -> crate::pdf::model::Document {
    crate::pdf::model::Document {
        info: Default::default(),
        pdf_version: String::new(),
        pages: Vec::new(),
        outline: Vec::new(),
        diagnostics: Vec::new(),
    }
}

/// The same for the rendering worker alone: `FIGUREN_RENDER_FAULT=abort|hang|panic|…`
/// (so a test can have a file read but not rendered). Release builds ignore it.
fn inject_render_fault() {
    if !cfg!(debug_assertions) {
        return;
    }
    match std::env::var("FIGUREN_RENDER_FAULT").as_deref() {
        Ok("abort") => std::process::abort(),
        Ok("hang") => loop {
            std::thread::sleep(Duration::from_secs(1));
        },
        Ok("panic") => panic!("injected panic"),
        _ => {}
    }
}

/// The worker side of [`render_isolated`]: render the pages, write the rasters to stdout.
pub fn render_worker_main(
    file: &Path,
    memory_mb: u64,
    pages: &[u32],
    scale: f64,
    passwords_stdin: bool,
) -> ExitCode {
    limit_memory(memory_mb);
    let passwords = if passwords_stdin {
        passwords_from_stdin()
    } else {
        Vec::new()
    };
    std::panic::set_hook(Box::new(|_| {}));
    let reply = match std::fs::read(file) {
        Err(e) => RenderReply::Err(format!("cannot read {}: {e}", file.display())),
        Ok(bytes) => match std::panic::catch_unwind(|| {
            inject_render_fault();
            crate::render::render_pages(bytes, &passwords, pages, scale)
        }) {
            Ok(r) => RenderReply::Ok(r),
            Err(p) => RenderReply::Panic(panic_message(p.as_ref())),
        },
    };
    write_reply(&reply)
}

fn passwords_from_stdin() -> Vec<String> {
    let mut buf = String::new();
    let _ = std::io::stdin().take(1 << 20).read_to_string(&mut buf);
    buf.split('\0').map(str::to_string).collect()
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

fn write_reply<T: Serialize>(reply: &T) -> ExitCode {
    let stdout = std::io::stdout();
    let mut lock = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    if bincode::serialize_into(&mut lock, reply).is_err() || lock.flush().is_err() {
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}
