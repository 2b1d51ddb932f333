//! A headless Chromium for the overlay: `--screenshot` for a person to look at, and
//! `--dump-dom` for the tests, which read the self-test the page writes on load. The browser
//! is started with the flags that keep it off the network (no background networking,
//! component updates, sync or QUIC; a fresh profile folder) and stopped after a time limit.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The names tried on `PATH`, after `$FIGUREN_CHROMIUM`.
pub const CANDIDATES: &[&str] = &[
    "chromium-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// How long one browser run may take.
pub const TIME_LIMIT: Duration = Duration::from_secs(90);

/// The browser to use: `$FIGUREN_CHROMIUM`, else the first of [`CANDIDATES`] on `PATH`.
pub fn find() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FIGUREN_CHROMIUM") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    for name in CANDIDATES {
        for dir in std::env::split_paths(&path) {
            let f = dir.join(name);
            if f.is_file() {
                return Some(f);
            }
        }
    }
    None
}

/// A `file://` URL of a local file, with an optional query (`shift=2,0`).
pub fn file_url(path: &Path, query: Option<&str>) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut url = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(b as char)
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

static RUN: AtomicUsize = AtomicUsize::new(0);

fn run(browser: &Path, args: &[String]) -> Result<Vec<u8>, String> {
    let profile = std::env::temp_dir().join(format!(
        "figuren-chromium-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-dev-shm-usage",
        "--mute-audio",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", browser.display()))?;
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = std::io::Read::read_to_end(s, &mut buf);
        }
        buf
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = std::fs::remove_dir_all(&profile);
                return Err(format!(
                    "the browser took longer than {} s and was stopped",
                    TIME_LIMIT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    };
    let out = reader.join().unwrap_or_default();
    let _ = std::fs::remove_dir_all(&profile);
    if !status.success() {
        return Err(format!("the browser exited with {status}"));
    }
    Ok(out)
}

/// The DOM of `url` after its load-time scripts ran.
pub fn dump_dom(browser: &Path, url: &str) -> Result<String, String> {
    let out = run(
        browser,
        &[
            "--virtual-time-budget=5000".into(),
            "--dump-dom".into(),
            url.into(),
        ],
    )?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// A PNG of `url` in a window of `width` x `height` CSS pixels.
pub fn screenshot(
    browser: &Path,
    url: &str,
    out: &Path,
    width: u32,
    height: u32,
) -> Result<(), String> {
    let _ = std::fs::remove_file(out);
    run(
        browser,
        &[
            "--virtual-time-budget=5000".into(),
            format!("--window-size={width},{height}"),
            format!("--screenshot={}", out.display()),
            url.into(),
        ],
    )?;
    if out.is_file() {
        Ok(())
    } else {
        Err("the browser wrote no screenshot".into())
    }
}

/// The `data-selftest` JSON of a dumped page (attribute value, HTML entities decoded).
pub fn selftest_of(dom: &str) -> Option<serde_json::Value> {
    let key = "data-selftest=\"";
    let start = dom.find(key)? + key.len();
    let end = start + dom[start..].find('"')?;
    let raw = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    serde_json::from_str(&raw).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_selftest_attribute() {
        assert_eq!(
            file_url(Path::new("/no/such dir/p.html"), Some("shift=2,0")),
            "file:///no/such%20dir/p.html?shift=2,0"
        );
        let dom =
            "<body data-page=\"3\" data-selftest=\"{&quot;words&quot;:5,&quot;aligned&quot;:4}\">";
        let v = selftest_of(dom).expect("json");
        assert_eq!(v["words"], 5);
        assert!(selftest_of("<body>").is_none());
    }
}
