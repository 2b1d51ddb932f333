#!/usr/bin/env python3
"""Damaged copies of the corpus: does figuren read text wherever pdftotext does?

Protocol (deterministic, seed 9 unless --seed): the PDFs of MANIFEST.tsv are taken in order,
round-robin, until --count copies are made. Each copy gets 1 to 24 bytes overwritten with
random values at random positions; one in three is also cut short by up to a quarter of its
length (as a broken download would). pdftotext (`pdftotext -q FILE -`, 60 s limit) "reads
text" when it prints a non-blank character; figuren (`figuren ingest DIR -q --jobs 2`)
"reads text" when it stores at least one word. Files are matched by SHA-256.

Usage: python3 tools/damage.py [--count 1000] [--seed 9] [--keep DIR] [corpus]
Prints the counts, the recovery rate, and each file that pdftotext reads and figuren does not,
with figuren's reason.
"""
import argparse
import collections
import hashlib
import os
import pathlib
import random
import sqlite3
import subprocess
import sys
import tempfile

repo = pathlib.Path(__file__).resolve().parent.parent
ap = argparse.ArgumentParser()
ap.add_argument("corpus", nargs="?", default=str(repo.parent / "shared" / "corpus"))
ap.add_argument("--count", type=int, default=1000)
ap.add_argument("--seed", type=int, default=9)
ap.add_argument("--keep", help="write the damaged copies here and keep them")
ap.add_argument("--figuren", default=str(repo / "target" / "release" / "figuren"))
ap.add_argument("--jobs", default="2")
args = ap.parse_args()

corpus = pathlib.Path(args.corpus)
rows = [l.split("\t") for l in (corpus / "MANIFEST.tsv").read_text().splitlines()[1:]]
pdfs = [corpus / r[0] for r in rows if r and r[0].lower().endswith(".pdf")]
rng = random.Random(args.seed)
out = pathlib.Path(args.keep) if args.keep else pathlib.Path(tempfile.mkdtemp(prefix="damage-"))
out.mkdir(parents=True, exist_ok=True)
copies = []
for i in range(args.count):
    src = pdfs[i % len(pdfs)]
    data = bytearray(src.read_bytes())
    for _ in range(rng.randint(1, 24)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    if rng.random() < 1 / 3:
        del data[len(data) - rng.randrange(len(data) // 4 + 1):]
    name = f"{i:04d}-{src.name}"
    (out / name).write_bytes(data)
    copies.append((name, hashlib.sha256(data).hexdigest(), str(src.relative_to(corpus))))


def poppler_chars(path):
    try:
        r = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return 0
    return sum(1 for c in r.stdout.decode("utf-8", "replace") if not c.isspace())


db = out / "damage.sqlite"
for f in [db, pathlib.Path(str(db) + "-wal"), pathlib.Path(str(db) + "-shm")]:
    if f.exists():
        f.unlink()
r = subprocess.run(
    [args.figuren, "ingest", str(out), "--db", str(db), "-q", "--jobs", args.jobs, "--timeout", "60"],
    capture_output=True,
)
reasons = {}
for line in r.stderr.decode("utf-8", "replace").splitlines():
    if line.startswith("FAILED"):
        body = line[len("FAILED"):].strip()
        path, _, why = body.partition(": ")
        reasons[os.path.basename(path)] = why
con = sqlite3.connect(db)
chars = dict(
    con.execute(
        "SELECT d.sha256, COALESCE((SELECT SUM(LENGTH(REPLACE(w.text, ' ', ''))) FROM words w WHERE w.document_id = d.id), 0) FROM documents d"
    )
)
stats = collections.Counter()
missed = []
for name, sha, src in copies:
    p = poppler_chars(out / name)
    f = chars.get(sha)
    stats["files"] += 1
    stats["figuren refused"] += f is None
    if p > 0:
        stats["pdftotext reads"] += 1
        if f:
            stats["both read"] += 1
            if f >= 0.5 * p:
                stats["figuren >= half of pdftotext's characters"] += 1
        else:
            missed.append((name, src, p, reasons.get(name, "stored, no words")))
    if f:
        stats["figuren reads"] += 1
        if p == 0:
            stats["figuren reads, pdftotext not"] += 1
for k, v in stats.items():
    print(f"{k:45} {v}")
if stats["pdftotext reads"]:
    print(f"{'recovery (both / pdftotext reads)':45} {100 * stats['both read'] / stats['pdftotext reads']:.1f}%")
print(f"figuren failures by reason:")
for why, n in collections.Counter(v.split(";")[0] for v in reasons.values()).most_common():
    print(f"  {n:4}  {why}")
print("pdftotext reads, figuren does not:")
for name, src, p, why in missed:
    print(f"  {name}  ({p} chars)  {why}")
if not args.keep:
    print(f"(copies in {out})", file=sys.stderr)
