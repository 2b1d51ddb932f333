#!/usr/bin/env python3
"""Score `figuren tables` on the Camelot test fixtures (../shared/corpus/camelot), whose
expected output is the DataFrame Camelot's own tests assert (one CSV per table).

For every fixture of GROUND_TRUTH.tsv whose truth is a Camelot CSV and whose options are the
plain modes (no hand-given columns, areas or text tweaks: those test Camelot's options, not
table finding), figuren reads the page with no area (tables found), and each truth table is
compared with the found table that shares most relations. Measure: the ICDAR 2013
adjacency relations (each non-empty cell to its nearest non-empty neighbour right and below),
computed by the shared scorer's own functions, white space removed. Prints per fixture and
the totals (micro P/R/F1, and the number of tables read exactly).

usage: tools/camelot_fixtures.py [--figuren target/release/figuren]
"""
import argparse
import csv
import importlib.util
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus"))
SCORER = os.path.normpath(os.path.join(ROOT, "..", "shared", "tools", "icdar2013", "score_icdar.py"))


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_icdar", SCORER)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def csv_cells(path):
    cells = []
    with open(path, encoding="utf-8") as f:
        for r, row in enumerate(csv.reader(f)):
            for c, text in enumerate(row):
                cells.append({"row": r, "col": c, "text": text})
    return cells


PLAIN = {'flavor="stream"', 'flavor="lattice"', 'flavor="network"', 'flavor="hybrid"', ""}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--figuren", default=os.path.join(ROOT, "target", "release", "figuren"))
    a = ap.parse_args()
    sc = load_scorer()
    seen = set()
    jobs = []
    with open(os.path.join(CORPUS, "GROUND_TRUTH.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            t = row["truth_file"]
            if not t.startswith("camelot/truth/") or not row["pdf"]:
                continue
            opts = row["options"].strip().rstrip(",").strip()
            if opts not in PLAIN:
                continue
            key = (t, row["pdf"], row["pages"])
            if key in seen:
                continue
            seen.add(key)
            jobs.append(key)
    tot_c = tot_d = tot_t = exact = 0
    for truth, pdf, pages in sorted(jobs):
        page = (pages or "1").split(",")[0].split("-")[0]
        p = subprocess.run([a.figuren, "tables", os.path.join(CORPUS, pdf), "--pages", page, "--json"],
                           capture_output=True, text=True)
        found = [json.loads(l) for l in p.stdout.splitlines() if l.strip()] if p.returncode == 0 else []
        g = sc.relations(csv_cells(os.path.join(CORPUS, truth)))
        best = (0, 0)
        for t in found:
            pr = sc.relations(t["cells"])
            c = sc.n_correct(g, pr)
            if c > best[0] or (c == best[0] and best[1] == 0):
                best = (c, len(pr))
        c, d = best
        tot_c, tot_d, tot_t = tot_c + c, tot_d + d, tot_t + len(g)
        ok = c == len(g) == d
        exact += ok
        pr, rc, f1 = sc.prf(c, d, len(g))
        print("%-48s p%-3s %-44s tables %d  P %.3f R %.3f F1 %.3f%s" % (
            os.path.basename(truth), page, pdf, len(found), pr, rc, f1, "  exact" if ok else ""))
    pr, rc, f1 = sc.prf(tot_c, tot_d, tot_t)
    print("TOTAL %d fixtures: micro P %.4f R %.4f F1 %.4f; %d read exactly (correct %d / detected %d / truth %d)"
          % (len(jobs), pr, rc, f1, exact, tot_c, tot_d, tot_t))


if __name__ == "__main__":
    main()
