#!/usr/bin/env python3
"""Generates the hostile PDFs in tests/fixtures/hostile/ (tests/hostile.rs reads them).

Each file is small on disk and built to make a reader spend unbounded time or memory:

  bomb.pdf         a page content stream under two FlateDecode filters that inflates to 2 GiB
  objstm-bomb.pdf  an object stream that inflates to 1 GiB (the page is outside it)
  nested.pdf       arrays and dictionaries nested 50,000 deep, in the page dictionary and
                   in the content stream
  cycles.pdf       reference cycles: an object that is a reference to itself, /Kids that
                   lead back to the root, a Form XObject that draws itself, a /Parent loop
  pages.pdf        a page tree of 1,000,000 leaves (/Kids repeat the same node 10 times at 6
                   levels) and a loop back to the root
  operators.pdf    a content stream of 6,000,000 operators (path pieces and text)
  cmap.pdf         a font whose ToUnicode CMap has 100,000 bfranges, shown on 200,000 glyphs

Usage: python3 tools/hostile.py   (deterministic; writes the files and prints their sizes)
"""
import pathlib
import zlib

out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "hostile"
out.mkdir(parents=True, exist_ok=True)


def pdf(objects, root=1, trailer_extra=b""):
    """objects: {num: bytes of the object body}; returns a PDF with a correct xref."""
    data = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(data)
        data += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        if n in offsets:
            data += b"%010d 00000 n \n" % offsets[n]
        else:
            data += b"0000000000 00000 f \n"
    data += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root, trailer_extra, xref)
    return bytes(data)


def stream(dict_body, content):
    return b"<< %s /Length %d >>\nstream\n" % (dict_body, len(content)) + content + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
TEXT = b"BT /F1 12 Tf 72 720 Td (Hostile file, readable text) Tj ET\n"


def simple(content_obj, extra_page=b"", extra_objs=None):
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R %s >>" % extra_page,
        4: content_obj,
        5: FONT,
    }
    objs.update(extra_objs or {})
    return pdf(objs)


def deflate_zeros(n):
    c = zlib.compressobj(9)
    chunk = b"\0" * (1 << 24)
    parts = []
    for _ in range(n // len(chunk)):
        parts.append(c.compress(chunk))
    parts.append(c.flush())
    return b"".join(parts)


def write(name, data):
    (out / name).write_bytes(data)
    print(f"{name:18} {len(data):>9} bytes")


# 2 GiB of spaces (white space to a content lexer) behind two Flate stages: ~2 MB after
# the first, a few KiB on disk.
once = deflate_zeros(2 << 30)  # NUL is white space to a content lexer
twice = zlib.compress(once, 9)
write("bomb.pdf", simple(stream(b"/Filter [/FlateDecode /FlateDecode]", twice),
                         extra_page=b"/Annots []", extra_objs={6: stream(b"", TEXT)}).replace(
    b"/Contents 4 0 R /Annots []", b"/Contents [6 0 R 4 0 R]  "))

big = deflate_zeros(1 << 30)
write("objstm-bomb.pdf", simple(stream(b"/Filter /FlateDecode", zlib.compress(TEXT)),
                                extra_objs={7: stream(b"/Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode]", zlib.compress(big, 9))}))

depth = 50_000
nested_arr = b"[" * depth + b"1" + b"]" * depth
nested_dict = b"<< /A " * depth + b"1" + b" >>" * depth
content = TEXT + b"q " + b"[" * depth + b" 1 " + b"]" * depth + b" Tj Q\n" + b"<< /X " * depth + b"\n"
write("nested.pdf", simple(stream(b"", content),
                           extra_page=b"/Deep " + nested_arr + b" /Deeper " + nested_dict))

write("cycles.pdf", pdf({
    1: b"<< /Type /Catalog /Pages 2 0 R /Outlines 9 0 R >>",
    2: b"<< /Type /Pages /Kids [3 0 R 2 0 R 8 0 R] /Count 3 /Parent 8 0 R >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox 10 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Me 6 0 R >> >> /Contents 4 0 R >>",
    4: stream(b"", TEXT + b"/Me Do\n"),
    5: FONT,
    6: stream(b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /Me 6 0 R >> /Font << /F1 5 0 R >> >>",
              b"BT /F1 10 Tf 72 600 Td (inside the form) Tj ET /Me Do\n"),
    7: b"7 0 R",
    8: b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>",
    9: b"<< /First 11 0 R /Last 11 0 R /Count 1 >>",
    10: b"10 0 R",
    11: b"<< /Title (loop) /Parent 9 0 R /Next 11 0 R /Prev 11 0 R /First 11 0 R >>",
}))

pages = {
    1: b"<< /Type /Catalog /Pages 2 0 R >>",
    2: b"<< /Type /Pages /Kids [3 0 R 3 0 R 3 0 R 3 0 R 3 0 R 3 0 R 3 0 R 3 0 R 3 0 R 3 0 R 2 0 R] /Count 1000000 /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> >>",
    5: FONT,
    10: stream(b"", TEXT),
}
# levels 3..8: each a /Pages node whose /Kids repeat the next level ten times
for i, num in enumerate([3, 21, 22, 23, 24, 25]):
    nxt = [21, 22, 23, 24, 25, 26][i]
    pages[num] = b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % nxt for _ in range(10)), 10 ** (6 - i))
pages[26] = b"<< /Type /Page /Parent 25 0 R /Contents 10 0 R >>"
write("pages.pdf", pdf(pages))

ops = b"0 0 m 1 1 l S\n" * 3_000_000 + b"BT /F1 1 Tf (x) Tj ET\n" * 1_000_000
write("operators.pdf", simple(stream(b"/Filter /FlateDecode", zlib.compress(TEXT + ops, 9))))

ranges = b"".join(b"<%04X> <%04X> <%04X>\n" % (i % 65536, i % 65536, 0x41 + i % 26) for i in range(100_000))
cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + b"".join(b"100 beginbfrange\n" + ranges[i * 21 * 100:(i + 1) * 21 * 100] + b"endbfrange\n" for i in range(1000))
        + b"endcmap CMapName currentdict /CMap defineresource pop end end\n")
shown = b"BT /F2 8 Tf 72 700 Td <" + b"".join(b"%04X" % (i % 60000) for i in range(200_000)) + b"> Tj ET\n"
write("cmap.pdf", pdf({
    1: b"<< /Type /Catalog /Pages 2 0 R >>",
    2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>",
    4: stream(b"/Filter /FlateDecode", zlib.compress(TEXT + shown, 9)),
    5: FONT,
    6: b"<< /Type /Font /Subtype /Type0 /BaseFont /Huge /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 8 0 R >>",
    7: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Huge /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
    8: stream(b"/Filter /FlateDecode", zlib.compress(cmap, 9)),
}))
