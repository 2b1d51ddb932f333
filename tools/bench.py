#!/usr/bin/env python3
"""Speed of `figuren ingest` against `pdftotext -layout` (poppler) on the same file, in the
same invocation: alternating runs, medians, the ratio, and peak memory (max RSS of the
process tree). No timing is asserted anywhere; this prints figures.

    python3 tools/bench.py [--runs 7] [--pdf samples/staat-van-migratie-2025-h2-h5.pdf]
                           [--figuren target/release/figuren]

Build first: cargo build --release. The database goes to a temporary folder and is
removed before every run, so each run does the full work (read, interpret, store)."""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

def timed(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode(errors="replace") if p.stderr else ""
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024.0  # MiB (ru_maxrss is KiB on Linux)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--pdf", default="samples/staat-van-migratie-2025-h2-h5.pdf")
    ap.add_argument("--figuren", default="target/release/figuren")
    a = ap.parse_args()
    if not os.path.exists(a.figuren):
        sys.exit(f"{a.figuren} not found: run `cargo build --release` first")
    if not shutil.which("pdftotext"):
        sys.exit("pdftotext not found: install poppler-utils")
    tmp = tempfile.mkdtemp(prefix="figuren-bench-")
    db = os.path.join(tmp, "bench.sqlite")
    fig_t, pop_t, fig_m, pop_m = [], [], [], []
    # one warm-up each (file cache), then alternate
    for warm in (True,) + (False,) * a.runs:
        for f in (db, db + "-wal", db + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        t, m = timed([a.figuren, "ingest", a.pdf, "--db", db, "--quiet"])
        if not warm:
            fig_t.append(t); fig_m.append(m)
        t, m = timed(["pdftotext", "-layout", a.pdf, os.path.join(tmp, "out.txt")])
        if not warm:
            pop_t.append(t); pop_m.append(m)
    shutil.rmtree(tmp, ignore_errors=True)
    f, p = statistics.median(fig_t), statistics.median(pop_t)
    print(f"file: {a.pdf} ({os.path.getsize(a.pdf) / 1024:.0f} KiB), {a.runs} alternating runs, medians")
    print(f"figuren ingest     {f * 1000:8.1f} ms   peak {max(fig_m):6.1f} MiB  (parent + worker + SQLite write)")
    print(f"pdftotext -layout  {p * 1000:8.1f} ms   peak {max(pop_m):6.1f} MiB")
    print(f"ratio figuren / pdftotext: {f / p:.2f}x  (target <= 1.2x (issue 6), goal < 1.0x)")

if __name__ == "__main__":
    main()
