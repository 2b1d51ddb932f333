#!/usr/bin/env python3
"""Score `figuren tables --json` on the ICDAR 2013 table competition set.

Runs figuren on every competition PDF twice: with each truth table's region given
(`--pages P --area x0,y0,x1,y1`) and on whole pages (the pages that hold truth tables,
tables found by figuren), writes the predictions as <stem>.jsonl, and scores both with the
shared scorer (../shared/tools/icdar2013/score_icdar.py, the competition's adjacency
relations). Prints one line per mode and writes the full result as JSON.

usage: tools/icdar.py [--figuren target/release/figuren] [--out DIR] [--docs a,b]
                      [--all-pages] [--json OUT.json]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
SCORER = os.path.join(SHARED, "tools", "icdar2013", "score_icdar.py")
TRUTH = os.path.join(SHARED, "tools", "icdar2013", "truth")
DATA = os.path.join(SHARED, "corpus", "tabula-java", "icdar2013-dataset")


def pdf_of(stem):
    for sub in ("competition-dataset-eu", "competition-dataset-us"):
        p = os.path.join(DATA, sub, stem + ".pdf")
        if os.path.exists(p):
            return p
    return None


def run(fig, args):
    r = subprocess.run([fig, "tables", "--json"] + args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write("figuren tables %s: %s\n" % (" ".join(args), r.stderr.strip()))
        return []
    return [json.loads(l) for l in r.stdout.splitlines() if l.strip()]


def truth_tables(stem):
    out = []
    for path in sorted(glob.glob(os.path.join(TRUTH, stem + ".jsonl"))):
        with open(path) as f:
            out += [json.loads(l) for l in f if l.strip()]
    return out


def predict(fig, stem, mode, all_pages):
    pdf = pdf_of(stem)
    if pdf is None:
        return stem, None
    tables = truth_tables(stem)
    preds = []
    if mode == "region":
        for t in tables:
            regs = [r for r in (t.get("regions") or [{"page": t["page"], "bbox": t["bbox"]}])
                    if r.get("bbox")]
            # a table printed in several regions (over a page break) is one table: the
            # parts read in each region are stacked
            merged = None
            for reg in regs:
                b = reg["bbox"]
                # a point of margin: the truth boxes touch the outer glyphs
                area = "%g,%g,%g,%g" % (b[0] - 1, b[1] - 1, b[2] + 1, b[3] + 1)
                for p in run(fig, [pdf, "--pages", str(reg["page"]), "--area", area]):
                    if merged is None:
                        merged = p
                        continue
                    off = max((c["row"] + c.get("row_span", 1) for c in merged["cells"]), default=0)
                    for c in p["cells"]:
                        c["row"] += off
                    merged["cells"] += p["cells"]
            if merged is not None:
                preds.append(merged)
    else:
        if all_pages:
            preds = run(fig, [pdf])
        else:
            pages = sorted({int(t["page"]) for t in tables})
            preds = run(fig, [pdf, "--pages", ",".join(map(str, pages))])
    return stem, preds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--figuren", default=os.path.join(ROOT, "target", "release", "figuren"))
    ap.add_argument("--out", default=None, help="folder for the predictions (default: a temp dir)")
    ap.add_argument("--docs", default="")
    ap.add_argument("--all-pages", action="store_true",
                    help="whole-page mode reads every page of each PDF, not only those with truth tables")
    ap.add_argument("--json", help="write the scorer's full results here")
    ap.add_argument("--per-doc", action="store_true")
    a = ap.parse_args()
    stems = sorted({os.path.basename(p)[:-6].split(".alt-")[0]
                    for p in glob.glob(os.path.join(TRUTH, "*.jsonl"))})
    if a.docs:
        stems = [s for s in stems if s in set(a.docs.split(","))]
    out = a.out or tempfile.mkdtemp(prefix="figuren-icdar-")
    results = []
    for mode in ("region", "page"):
        d = os.path.join(out, mode)
        os.makedirs(d, exist_ok=True)
        for f in glob.glob(os.path.join(d, "*.jsonl")):
            os.remove(f)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
            for stem, preds in ex.map(lambda s: predict(a.figuren, s, mode, a.all_pages), stems):
                if preds is None:
                    continue
                with open(os.path.join(d, stem + ".jsonl"), "w") as f:
                    for p in preds:
                        f.write(json.dumps(p) + "\n")
        cmd = [sys.executable, SCORER, d, "--label", "figuren-" + mode,
               "--match", "official" if mode == "page" else "all"]
        if a.docs:
            cmd += ["--docs", a.docs]
        if a.per_doc:
            cmd += ["--per-doc"]
        js = os.path.join(out, mode + ".json")
        cmd += ["--json", js]
        subprocess.run(cmd, check=True)
        with open(js) as f:
            results.append({"mode": mode, "results": json.load(f)})
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    print("predictions in", out)


if __name__ == "__main__":
    main()
