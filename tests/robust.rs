//! Issue 9: nothing lost or refused that can be kept. Passwords, hostile files, several
//! writers on one database, `--jobs`, a database that cannot be written, `kill -9`.

mod common;

use common::*;
use figuren::pdf::{extract_bytes_with, PdfError};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn run(args: &[&str]) -> Output {
    Command::new(figuren())
        .args(args)
        .output()
        .expect("runs figuren")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = Connection::open(db).expect("db");
    c.query_row(sql, [], |r| r.get(0)).expect("query")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8")
}

/// `n` copies of a sample that differ in their bytes (a comment after %%EOF), so each is a
/// different document.
fn copies(dir: &Path, n: usize) -> Vec<PathBuf> {
    let base = std::fs::read(sample("nota-staat-van-migratie-2024.pdf")).expect("sample");
    (0..n)
        .map(|i| {
            let mut b = base.clone();
            b.extend_from_slice(format!("%copy {i}\n").as_bytes());
            write(dir, &format!("copy-{i:02}.pdf"), &b)
        })
        .collect()
}

#[test]
fn encrypted_files_open_with_their_passwords() {
    for m in ["rc4-40", "rc4-128", "aes-128", "aes-256"] {
        let user = std::fs::read(fixture(&format!("encrypted/user-{m}.pdf"))).expect("fixture");
        let owner = std::fs::read(fixture(&format!("encrypted/owner-{m}.pdf"))).expect("fixture");
        assert_eq!(
            extract_bytes_with(&user, &[]).expect_err(m),
            PdfError::Encrypted
        );
        let wrong = extract_bytes_with(&user, &["fout".into()]).expect_err(m);
        assert_eq!(wrong, PdfError::WrongPassword);
        assert!(wrong.to_string().contains("password given is wrong"));
        for pw in ["geheim", "eigenaar"] {
            let d = extract_bytes_with(&user, &[pw.into()]).expect(m);
            let words: Vec<&str> = d.pages[0].words.iter().map(|w| w.text.as_str()).collect();
            assert!(words.contains(&"Kamer"), "{m} {pw}: {words:?}");
            assert!(d
                .diagnostics
                .iter()
                .any(|g| g.message.contains("encrypted")));
        }
        // only an owner password: opens without asking
        let d = extract_bytes_with(&owner, &[]).expect(m);
        assert!(!d.pages[0].words.is_empty());
        assert!(d
            .diagnostics
            .iter()
            .any(|g| g.message.contains("only an owner password")));
    }
    let tabula = std::fs::read(fixture("encrypted.pdf")).expect("fixture");
    let d = extract_bytes_with(&tabula, &["userpassword".into()]).expect("tabula");
    assert!(d.pages[0].words.iter().any(|w| w.text == "Audit"));
}

#[test]
fn password_list_for_a_batch() {
    let dir = tempdir();
    let d = dir.path();
    for m in ["rc4-40", "aes-256"] {
        std::fs::copy(
            fixture(&format!("encrypted/user-{m}.pdf")),
            d.join(format!("{m}.pdf")),
        )
        .expect("copy");
    }
    std::fs::copy(fixture("encrypted.pdf"), d.join("tabula.pdf")).expect("copy");
    let list = write(
        d,
        "passwords.tsv",
        b"# name<TAB>password\nrc4-40.pdf\tgeheim\ntabula.pdf\tuserpassword\n",
    );
    let db = d.join("db.sqlite");
    let o = run(&[
        "ingest",
        s(d),
        "--db",
        s(&db),
        "--passwords",
        s(&list),
        "--password",
        "eigenaar",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM documents"), 3);
    let o = run(&[
        "ingest",
        s(&d.join("tabula.pdf")),
        "--db",
        s(&d.join("x.sqlite")),
        "--password",
        "nee",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("password given is wrong"), "{}", text(&o));
}

#[test]
fn hostile_files_stay_bounded() {
    let dir = tempdir();
    let db = dir.path().join("db.sqlite");
    let started = Instant::now();
    let o = run(&[
        "ingest",
        s(&repo().join("tests/fixtures/hostile")),
        "--db",
        s(&db),
        "--timeout",
        "120",
        "--memory-mb",
        "1500",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(started.elapsed() < Duration::from_secs(240));
    for (file, diag) in [
        ("bomb.pdf", "compression bomb"),
        ("objstm-bomb.pdf", "found by scanning"),
        ("nested.pdf", "read leniently"),
        ("cycles.pdf", "draws itself"),
        ("cycles.pdf", "page tree refers"),
        ("pages.pdf", "page tree refers"),
        ("operators.pdf", "glyphs; the rest was skipped"),
        ("cmap.pdf", "no Unicode mapping"),
    ] {
        let n = count(
            &db,
            &format!("SELECT COUNT(*) FROM diagnostics g JOIN documents d ON d.id = g.document_id WHERE d.file_name = '{file}' AND g.message LIKE '%{diag}%'"),
        );
        assert!(n > 0, "{file}: no diagnostic like {diag:?}");
        let words = count(&db, &format!("SELECT COUNT(*) FROM words w JOIN documents d ON d.id = w.document_id WHERE d.file_name = '{file}' AND w.text = 'Hostile'"));
        assert_eq!(words, 1, "{file}: its readable text");
    }
}

#[test]
fn damaged_file_is_read_from_a_scan() {
    // a stray byte in the page dictionary and a broken cross-reference table
    let mut b = std::fs::read(sample("nota-staat-van-migratie-2024.pdf")).expect("sample");
    let xref = b.windows(4).rposition(|w| w == b"xref").expect("xref");
    b[xref + 8] = b'#';
    let page = b
        .windows(11)
        .position(|w| w == b"/Type /Page")
        .or_else(|| b.windows(10).position(|w| w == b"/Type/Page"))
        .expect("page");
    b[page + 11] = 0x1e;
    let d = extract_bytes_with(&b, &[]).expect("reads");
    assert!(d.pages.iter().any(|p| !p.words.is_empty()));
    let junk = b"%PDF-1.4\nnothing here at all\n";
    let e = extract_bytes_with(junk, &[]).expect_err("junk");
    assert!(!e.to_string().contains("couldn't parse"), "{e}");
    assert!(e.to_string().contains("no PDF objects"), "{e}");
}

#[test]
fn several_writers_on_a_new_database() {
    let dir = tempdir();
    let files = copies(dir.path(), 6);
    let db = dir.path().join("shared.sqlite");
    let children: Vec<_> = (0..4)
        .map(|_| {
            let mut c = Command::new(figuren());
            c.arg("ingest").arg("--db").arg(&db).arg("-j1").arg("-q");
            c.args(&files);
            c.stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    // a reader at the same time
    let reader = run(&["documents", "--db", s(&db)]);
    for ch in children {
        let o = ch.wait_with_output().expect("wait");
        assert!(o.status.success(), "{}", text(&o));
    }
    let _ = reader;
    assert_eq!(count(&db, "SELECT COUNT(*) FROM documents"), 6);
    assert_eq!(
        count(&db, "SELECT COUNT(DISTINCT sha256) FROM documents"),
        6
    );
    assert_eq!(
        count(&db, "PRAGMA user_version"),
        figuren::store::MIGRATIONS.len() as i64
    );
    let o = run(&["figures", "--db", s(&db)]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn jobs_give_the_same_rows_as_one_job() {
    let dir = tempdir();
    let files = copies(dir.path(), 5);
    let mut digests = Vec::new();
    for jobs in ["1", "3"] {
        let db = dir.path().join(format!("j{jobs}.sqlite"));
        let mut args = vec!["ingest", "--db", s(&db), "-q", "--jobs", jobs];
        args.extend(files.iter().map(|f| s(f)));
        let o = run(&args);
        assert!(o.status.success(), "{}", text(&o));
        let c = Connection::open(&db).expect("db");
        let mut st = c
            .prepare("SELECT d.id, d.file_name, w.page, w.seq, w.text, w.x0, w.y0 FROM words w JOIN documents d ON d.id = w.document_id ORDER BY d.id, w.page, w.seq")
            .expect("sql");
        let rows: Vec<String> = st
            .query_map([], |r| {
                Ok(format!(
                    "{} {} {} {} {} {} {}",
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, f64>(5)?,
                    r.get::<_, f64>(6)?
                ))
            })
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert!(rows.first().is_some_and(|r| r.starts_with("1 copy-00.pdf")));
        digests.push(rows);
    }
    assert_eq!(digests[0], digests[1]);
}

#[test]
fn databases_that_cannot_be_written() {
    let dir = tempdir();
    let d = dir.path();
    let files = copies(d, 2);
    // not SQLite: a clear error, the file untouched
    let notdb = write(d, "notes.sqlite", b"these are my notes, not a database\n");
    let o = run(&["ingest", s(&files[0]), "--db", s(&notdb)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("not a figuren database"), "{}", text(&o));
    assert_eq!(
        std::fs::read(&notdb).expect("read"),
        b"these are my notes, not a database\n"
    );
    // a database with one document
    let db = d.join("db.sqlite");
    assert!(run(&["ingest", s(&files[0]), "--db", s(&db)])
        .status
        .success());
    // written by a newer figuren
    let newer = d.join("newer.sqlite");
    std::fs::copy(&db, &newer).expect("copy");
    Connection::open(&newer)
        .expect("db")
        .pragma_update(None, "user_version", 99)
        .expect("pragma");
    let o = run(&["ingest", s(&files[1]), "--db", s(&newer)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("newer figuren"), "{}", text(&o));
    assert_eq!(count(&newer, "SELECT COUNT(*) FROM documents"), 1);
    // read-only
    let ro = d.join("ro.sqlite");
    std::fs::copy(&db, &ro).expect("copy");
    let mut perm = std::fs::metadata(&ro).expect("meta").permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&ro, perm).expect("chmod");
    let o = run(&["ingest", s(&files[1]), "--db", s(&ro)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("read-only"), "{}", text(&o));
    let o = run(&["documents", "--db", s(&ro)]);
    assert!(o.status.success(), "readers still work: {}", text(&o));
    // a full disk (a file size limit): clear error, what was stored is kept
    let big = std::fs::read(sample("staat-van-migratie-2025-h2-h5.pdf")).expect("sample");
    let bigfile = write(d, "big.pdf", &big);
    let size_kb = std::fs::metadata(&db).expect("meta").len() / 1024 + 64;
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f {}; exec \"$0\" ingest \"$1\" --db \"$2\"",
            size_kb * 2
        ))
        .arg(figuren())
        .arg(&bigfile)
        .arg(&db)
        .output()
        .expect("sh");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("disk is full") || text(&o).contains("operating system refused"),
        "{}",
        text(&o)
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM documents"), 1);
    let c = Connection::open(&db).expect("db");
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(ok, "ok");
}

#[test]
fn kill_9_leaves_a_sound_database() {
    let dir = tempdir();
    let files = copies(dir.path(), 16);
    let db = dir.path().join("db.sqlite");
    let mut child = Command::new(figuren())
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg("-j1")
        .arg("-q")
        .args(&files)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    loop {
        let n = Connection::open(&db)
            .ok()
            .and_then(|c| {
                c.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get::<_, i64>(0))
                    .ok()
            })
            .unwrap_or(0);
        if n >= 2 || started.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let c = Connection::open(&db).expect("db");
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(ok, "ok");
    // no half document: every stored one has all its pages and words
    let half: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM documents d WHERE d.page_count != (SELECT COUNT(*) FROM pages p WHERE p.document_id = d.id)
               OR (SELECT COALESCE(SUM(word_count), 0) FROM pages p WHERE p.document_id = d.id) != (SELECT COUNT(*) FROM words w WHERE w.document_id = d.id)",
            [],
            |r| r.get(0),
        )
        .expect("query");
    assert_eq!(half, 0);
    drop(c);
    let mut args = vec!["ingest", "--db", s(&db), "-q"];
    args.extend(files.iter().map(|f| s(f)));
    let o = run(&args);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM documents"), 16);
}

/// Found by the `read` fuzz target: a page whose text spans more than usize::MAX points made
/// `layout::columns` overflow `(maxx - minx).ceil() as usize + 2` in debug builds (the width
/// is now capped before the cast).
#[test]
fn regression_fuzz_read_columns_overflow() {
    let bytes = std::fs::read(fixture("fuzz/read-columns-overflow.pdf")).expect("fixture");
    let _ = figuren::pipeline::read(&bytes, &figuren::pipeline::Options::full());
}
