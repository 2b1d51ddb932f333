#!/usr/bin/env python3
"""Builds src/pdf/dutch_trigrams.bin: letter-trigram counts of Dutch government prose,
used to tell which ligature an unmapped glyph is (`func?e` -> `functie`, `ba?erij` ->
`batterij`). Source: the text of De Staat van Migratie 2025 and the letters in
../shared/seeds (Dutch government publications, reusable under Auteurswet art. 15b).

Alphabet: '_' (word boundary) + a..z; diacritics are folded (ë -> e). 27^3 cells, one byte
each: round(16 * log2(1 + count)), capped at 255. Run from the repository root."""
import glob, math, os, sys, unicodedata

def fold(c):
    c = unicodedata.normalize("NFKD", c.lower())
    c = "".join(ch for ch in c if not unicodedata.combining(ch))
    return c if len(c) == 1 and "a" <= c <= "z" else None

seeds = sorted(glob.glob(os.path.join(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds", "*.txt")))
counts = [0] * (27 ** 3)
for path in seeds:
    text = open(path, encoding="utf-8").read()
    for token in text.split():
        letters = [fold(c) for c in token]
        if not letters or any(l is None for l in letters):
            # keep the letter runs of mixed tokens
            runs, cur = [], []
            for l in letters:
                if l is None:
                    if cur: runs.append(cur); cur = []
                else:
                    cur.append(l)
            if cur: runs.append(cur)
        else:
            runs = [letters]
        for run in runs:
            s = [0] + [ord(l) - 96 for l in run] + [0]
            for i in range(len(s) - 2):
                counts[(s[i] * 27 + s[i + 1]) * 27 + s[i + 2]] += 1
out = bytes(min(255, round(16 * math.log2(1 + n))) for n in counts)
open("src/pdf/dutch_trigrams.bin", "wb").write(out)
print(f"{len(seeds)} seed files, {sum(counts)} trigrams, {sum(1 for n in counts if n)} distinct")
