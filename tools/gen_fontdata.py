#!/usr/bin/env python3
"""Generate src/pdf/fontdata/generated.rs (static font data tables for figuren).

Usage (from the repository root):

    pip install pdfminer.six fonttools reportlab
    python3 tools/gen_fontdata.py

Sources (see NOTICE):
  * fontTools.agl (MIT; embeds the Adobe Glyph List and the ITC Zapf Dingbats
    glyph list, BSD-3-Clause, Copyright 2002-2019 Adobe)
      -> AGL name -> Unicode table, Zapf Dingbats name -> Unicode table
  * reportlab.pdfbase._fontdata (BSD)
      -> the seven base encodings of PDF 32000 Annex D, glyph-name widths of
         the 14 standard fonts (the glyphs reachable through an encoding)
  * pdfminer.fontmetrics (MIT; data from the Adobe Core 14 AFM files)
      -> ascent/descent/cap height/flags and the full 314-glyph width sets
  * pdfminer.latin_enc (MIT) -> cross-check of the Latin encodings

The script cross-checks the sources against each other and fails loudly on
unexpected disagreement. The output is formatted with rustfmt if available.
"""

import os
import shutil
import subprocess
import sys

import fontTools.agl as agl
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.glyphlist import glyphname2unicode as PDFMINER_AGL
from pdfminer.latin_enc import ENCODING as LATIN_ENC
from reportlab.pdfbase import _fontdata as rl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "pdf", "fontdata", "generated.rs")

# (Rust enum variant, Rust static name, reportlab encoding name)
ENCODINGS = [
    ("Standard", "STANDARD", "StandardEncoding"),
    ("WinAnsi", "WIN_ANSI", "WinAnsiEncoding"),
    ("MacRoman", "MAC_ROMAN", "MacRomanEncoding"),
    ("MacExpert", "MAC_EXPERT", "MacExpertEncoding"),
    ("PdfDoc", "PDF_DOC", "PDFDocEncoding"),
    ("Symbol", "SYMBOL", "SymbolEncoding"),
    ("ZapfDingbats", "ZAPF_DINGBATS", "ZapfDingbatsEncoding"),
]

# Known, intentional differences between reportlab (which follows the PDF
# spec's footnotes to Annex D) and pdfminer.latin_enc.
LATIN_ENC_EXCEPTIONS = {
    # pdfminer lists both "space" and "nbspace" here; the spec says space.
    ("WinAnsiEncoding", 0xA0),
    ("MacRomanEncoding", 0xCA),
    # Spec: hyphen is also encoded at 0xAD in WinAnsi (pdfminer says space).
    ("WinAnsiEncoding", 0xAD),
}

FONTS = [
    # name, serif, bold, italic, symbolic, builtin encoding
    ("Courier", True, False, False, False, "Standard"),
    ("Courier-Bold", True, True, False, False, "Standard"),
    ("Courier-Oblique", True, False, True, False, "Standard"),
    ("Courier-BoldOblique", True, True, True, False, "Standard"),
    ("Helvetica", False, False, False, False, "Standard"),
    ("Helvetica-Bold", False, True, False, False, "Standard"),
    ("Helvetica-Oblique", False, False, True, False, "Standard"),
    ("Helvetica-BoldOblique", False, True, True, False, "Standard"),
    ("Times-Roman", True, False, False, False, "Standard"),
    ("Times-Bold", True, True, False, False, "Standard"),
    ("Times-Italic", True, False, True, False, "Standard"),
    ("Times-BoldItalic", True, True, True, False, "Standard"),
    ("Symbol", False, False, False, True, "Symbol"),
    ("ZapfDingbats", False, False, False, True, "ZapfDingbats"),
]


def fail(msg):
    sys.stderr.write("gen_fontdata: " + msg + "\n")
    sys.exit(1)


def rust_str(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        else:
            out.append("\\u{%X}" % o)
    return '"' + "".join(out) + '"'


def rust_char(ch):
    s = rust_str(ch)
    return "'" + s[1:-1].replace("'", "\\'") + "'"


def build_encodings():
    tables = {}
    for _variant, _static, rl_name in ENCODINGS:
        enc = rl.encodings[rl_name]
        if len(enc) != 256:
            fail("%s has %d entries" % (rl_name, len(enc)))
        tables[rl_name] = [n or "" for n in enc]
    # Cross-check Latin encodings with pdfminer.latin_enc.
    cols = {
        "StandardEncoding": 1,
        "MacRomanEncoding": 2,
        "WinAnsiEncoding": 3,
        "PDFDocEncoding": 4,
    }
    for rl_name, col in cols.items():
        for row in LATIN_ENC:
            code = row[col]
            if code is None:
                continue
            if tables[rl_name][code] != row[0] and (rl_name, code) not in LATIN_ENC_EXCEPTIONS:
                fail("%s 0x%02X: reportlab %r vs pdfminer %r" % (rl_name, code, tables[rl_name][code], row[0]))
    return tables


def build_agl():
    agl_map = {}
    for name, uvs in agl.LEGACY_AGL2UV.items():
        agl_map[name] = "".join(chr(u) for u in uvs)
    # Cross-check with pdfminer's copy of the same list.
    for name, text in agl_map.items():
        if PDFMINER_AGL.get(name) != text:
            fail("AGL mismatch for %s" % name)
    for name in agl_map:
        if not name.isascii() or "_" in name or "." in name:
            fail("unexpected AGL name %r" % name)
    return sorted(agl_map.items())


def build_zapf():
    table = agl._AGL_ZAPF_DINGBATS
    out = []
    for gid, ch in enumerate(table):
        if ch != " ":
            out.append(("a%d" % gid, ch))
    names = {n for n, _ in out}
    for n in rl.encodings["ZapfDingbatsEncoding"]:
        if n and n != "space" and n not in names:
            fail("ZapfDingbats encoding name %s has no Unicode mapping" % n)
    return sorted(out)


def build_widths(agl_sorted):
    by_uni = {}
    for name, text in agl_sorted:
        by_uni.setdefault(text, []).append(name)
    pdfminer_by_uni = {}
    for name, text in PDFMINER_AGL.items():
        pdfminer_by_uni.setdefault(text, []).append(name)
    result = {}
    for font, *_ in FONTS:
        widths = {}
        rl_widths = rl.widthsByFontGlyph[font]
        for name, w in rl_widths.items():
            widths[name] = int(w)
        if font not in ("Symbol", "ZapfDingbats"):
            _desc, chars = FONT_METRICS[font]
            for ch, w in chars.items():
                names = set(by_uni.get(ch, [])) | set(pdfminer_by_uni.get(ch, []))
                if not names:
                    fail("%s: no glyph name for %r" % (font, ch))
                for n in names:
                    if n in rl_widths and int(rl_widths[n]) != int(w):
                        fail("%s: width mismatch for %s" % (font, n))
                    widths.setdefault(n, int(w))
        for n, w in widths.items():
            if not (0 <= w <= 65535):
                fail("%s: width out of range for %s" % (font, n))
        result[font] = sorted(widths.items())
    return result


def metrics(font):
    desc, _ = FONT_METRICS[font]
    bbox = desc["FontBBox"]
    ascent = desc.get("Ascent", bbox[3])
    descent = desc.get("Descent", bbox[1])
    cap = desc.get("CapHeight", ascent)
    fixed = bool(desc.get("Flags", 0) & 64)
    return ascent, descent, cap, fixed


def f32(v):
    return "%.1f" % float(v)


def main():
    encodings = build_encodings()
    agl_sorted = build_agl()
    zapf = build_zapf()
    widths = build_widths(agl_sorted)

    lines = []
    w = lines.append
    w("// @generated by tools/gen_fontdata.py -- do not edit by hand.")
    w("// Sources: fontTools.agl (Adobe Glyph List, BSD-3-Clause), reportlab.pdfbase._fontdata (BSD),")
    w("// pdfminer.six fontmetrics/latin_enc (MIT; Adobe Core 14 AFM data). See NOTICE.")
    w("")
    w("use super::{BaseEncoding, StandardFont};")
    w("")
    for _variant, static, rl_name in ENCODINGS:
        w("pub(super) static %s: [&str; 256] = [" % static)
        for code, name in enumerate(encodings[rl_name]):
            w("    %s, // 0x%02X" % (rust_str(name), code))
        w("];")
        w("")
    w("/// Adobe Glyph List (legacy glyphlist.txt), sorted by glyph name.")
    w("pub(super) static AGL: &[(&str, &str)] = &[")
    for name, text in agl_sorted:
        w("    (%s, %s)," % (rust_str(name), rust_str(text)))
    w("];")
    w("")
    w("/// ITC Zapf Dingbats glyph list, sorted by glyph name.")
    w("pub(super) static ZAPF: &[(&str, char)] = &[")
    for name, ch in zapf:
        w("    (%s, %s)," % (rust_str(name), rust_char(ch)))
    w("];")
    w("")
    # Deduplicate identical width tables (e.g. Helvetica / Helvetica-Oblique).
    table_names = {}
    font_table = {}
    for font, *_ in FONTS:
        key = tuple(widths[font])
        if key not in table_names:
            tname = "W_" + font.upper().replace("-", "_")
            table_names[key] = tname
            w("pub(super) static %s: &[(&str, u16)] = &[" % tname)
            for name, width in widths[font]:
                w("    (%s, %d)," % (rust_str(name), width))
            w("];")
            w("")
        font_table[font] = table_names[key]
    w("pub(super) static FONTS: [StandardFont; %d] = [" % len(FONTS))
    for font, serif, bold, italic, symbolic, builtin in FONTS:
        ascent, descent, cap, fixed = metrics(font)
        w("    StandardFont {")
        w("        name: %s," % rust_str(font))
        w("        ascent: %s," % f32(ascent))
        w("        descent: %s," % f32(descent))
        w("        cap_height: %s," % f32(cap))
        w("        fixed_pitch: %s," % str(fixed).lower())
        w("        serif: %s," % str(serif).lower())
        w("        bold: %s," % str(bold).lower())
        w("        italic: %s," % str(italic).lower())
        w("        symbolic: %s," % str(symbolic).lower())
        w("        widths: %s," % font_table[font])
        w("        builtin: BaseEncoding::%s," % builtin)
        w("    },")
    w("];")

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    rustfmt = shutil.which("rustfmt")
    if rustfmt:
        subprocess.run([rustfmt, "--edition", "2021", OUT], check=True)
    else:
        sys.stderr.write("gen_fontdata: rustfmt not found; output left unformatted\n")
    print("wrote %s (%d AGL names, %d Zapf names)" % (OUT, len(agl_sorted), len(zapf)))


if __name__ == "__main__":
    main()
