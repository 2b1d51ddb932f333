#!/usr/bin/env python3
"""Seeds for the cargo-fuzz targets in fuzz/ (read, caption, citation).

  read:     PDFs under 40 KiB from the shared corpus, the samples and the test fixtures
            (tests/fixtures/hostile/ included), copied (not committed: they are large and
            live elsewhere)
  caption:  caption texts of the samples' truth files
  citation: footnote texts of the samples' truth files

Usage: python3 tools/fuzz_seeds.py [../shared/corpus]   (writes fuzz/seeds/{read,caption,citation})
"""
import hashlib
import json
import pathlib
import sys

repo = pathlib.Path(__file__).resolve().parent.parent
corpus = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else repo.parent / "shared" / "corpus"
seeds = repo / "fuzz" / "seeds"


def put(kind, data):
    d = seeds / kind
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


n = 0
for root in [corpus, repo / "samples", repo / "tests" / "fixtures"]:
    for p in sorted(root.rglob("*.pdf")) if root.exists() else []:
        if p.stat().st_size <= 40 * 1024:
            put("read", p.read_bytes())
            n += 1
texts = {"caption": set(), "citation": set()}
for t in sorted((repo / "samples").glob("*.truth.json")):
    d = json.loads(t.read_text())
    for f in d.get("figures", []):
        if isinstance(f, dict) and f.get("caption_text"):
            texts["caption"].add(f["caption_text"])
    notes = d.get("footnotes", {})
    for f in notes.values() if isinstance(notes, dict) else notes:
        if isinstance(f, dict) and f.get("text"):
            texts["citation"].add(f["text"])
for kind, ts in texts.items():
    for s in sorted(ts):
        put(kind, s.encode())
print(f"read: {n} PDFs; caption: {len(texts['caption'])}; citation: {len(texts['citation'])}")
