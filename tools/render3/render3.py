#!/usr/bin/env python3
"""Third rendering of De Staat van Migratie 2025, chapters 2-5 ("pagella").

Writes a LaTeX file from tools/render3/content.json (the block sequence of the
other two renderings) and the seed-derived truth of the samples, typesets it
with pdfLaTeX, reads the layout facts back (pages of captions, notes and
tables from a file the typesetter writes at shipout; link rectangles from the
PDF's annotations) and writes the truth file in the samples' format.  Then it
checks every caption and every note against `pdftotext -layout`.

Needs python3, pdflatex (TeX Live with tex-gyre and the Dutch hyphenation
patterns: Debian texlive-fonts-extra or tex-gyre, texlive-lang-european) and
poppler-utils (pdftotext, pdfinfo).  No Python packages.

    python3 tools/render3/render3.py [--out DIR] [--keep]
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
BASE_TRUTH = os.path.join(ROOT, 'samples', 'staat-van-migratie-2025-h2-h5-latex.truth.json')
CONTENT = os.path.join(HERE, 'content.json')
NAME = 'staat-van-migratie-2025-h2-h5-pagella'
OUT_DIR = os.path.join(ROOT, 'tests', 'fixtures', 'renderings')

FIRST_PAGE = 31                    # printed number of PDF page 1
TWO_COLUMN_CHAPTERS = {3, 5}
# captions set as "title, period" / "(Bron: ...)" on a line of their own
SOURCE_ON_OWN_LINE = {6, 11, 19, 32, 54, 56, 69, 73, 78}
# in a two-column chapter, tables wider than this many value columns run
# across the page (the columns end before and start again after them)
MAX_COLS_IN_COLUMN = 3
SOURCE_DATE_EPOCH = '1748736000'   # 2025-06-01

PLACEHOLDER = '[Afbeelding niet weergegeven – de bron bevat voor deze grafiek geen gegevens als tekst]'

# ---------------------------------------------------------------- TeX text

SPECIAL = {'\\': r'\textbackslash{}', '{': r'\{', '}': r'\}', '$': r'\$', '&': r'\&',
           '#': r'\#', '%': r'\%', '_': r'\_', '^': r'\textasciicircum{}', '~': r'\textasciitilde{}',
           '<': r'\textless{}', '>': r'\textgreater{}', '|': r'\textbar{}', '´': r'\textasciiacute{}',
           'ĳ': r'\ij{}'}
URL_RE = re.compile(r'https?://[^\s()]+[^\s().,;]')


def esc(s):
    return ''.join(SPECIAL.get(ch, ch) for ch in s)


def esc_urls(s):
    """Escape, but set URLs with \\url (typewriter: a Type 3 bitmap font)."""
    out, pos = [], 0
    for m in URL_RE.finditer(s):
        out.append(esc(s[pos:m.start()]))
        out.append(r'\url{%s}' % m.group(0))
        pos = m.end()
    out.append(esc(s[pos:]))
    return ''.join(out)


class Notes:
    """Footnote texts with their report numbers."""

    def __init__(self, truth):
        self.text = {int(k): v['text'] for k, v in truth['footnotes'].items()}
        self.used = []

    def body(self, n):
        self.used.append(n)
        return r'\rec{fn:%d}%s' % (n, esc_urls(self.text[n]))

    def note(self, n):
        """A note whose marker is in running text."""
        return r'\footnote[%d]{%s}' % (n, self.body(n))

    def text_only(self, n):
        return r'\footnotetext[%d]{%s}' % (n, self.body(n))


def inline(s, notes, protect=False):
    """Block text with {fn:N} markers."""
    out, pos = [], 0
    for m in re.finditer(r'\{fn:(\d+)\}', s):
        out.append(esc(s[pos:m.start()]))
        out.append((r'\protect' if protect else '') + notes.note(int(m.group(1))))
        pos = m.end()
    out.append(esc(s[pos:]))
    return ''.join(out)


# ---------------------------------------------------------------- figures

def caption_parts(f):
    """Caption text without its note numbers, and the notes to mark after it.

    The seed glues note numbers to the caption ("(Bron: CBS)31"); the other
    renderings print the text without them and a raised marker instead.  In
    Figuur 21 the seed separates the number ("BRP. 57"): there the number stays
    as text and the marker follows (as in the other renderings); in Figuur 45
    it stands before the closing parenthesis, and the marker goes after it.
    """
    text = f['caption_text']
    marks = []
    for n in f['footnotes']:
        s = str(n)
        if text.endswith(' ' + s):
            marks.append(n)
        elif text.endswith(s):
            text = text[:-len(s)]
            marks.append(n)
        elif text.endswith(s + ')'):
            text = text[:-len(s) - 1] + ')'
            marks.append(n)
        else:
            raise SystemExit('caption %d: note %d not at the end' % (f['number'], n))
    return text, marks


def caption_tex(f, link):
    text, marks = caption_parts(f)
    m = re.match(r'(Figuur \d+:?) (.*)$', text, re.S)
    label, rest = m.group(1), m.group(2)
    if f['number'] in SOURCE_ON_OWN_LINE:
        i = rest.index(' (Bron:')
        body = esc(rest[:i]) + r'\newline ' + esc(rest[i + 1:])
    else:
        body = esc(rest)
    inner = r'\textbf{%s} %s' % (esc(label), body)
    if link:
        inner = r'\href{%s}{%s}' % (link.replace('#', r'\#').replace('%', r'\%'), inner)
    markers = ''.join(r'\footnotemark[%d]' % n for n in marks)
    return r'\capt{%d}{%s%s}' % (f['number'], inner, markers), marks


def path_key(p):
    return '/'.join(p)


def table_tex(f, notes, width_in_column):
    tb = f['table']
    cols = tb['columns']
    depth = max(len(c) for c in cols)
    stub = tb['stub']
    stubs = stub if isinstance(stub, list) else [stub or '']
    rows = tb['rows']
    marks = {}
    for m in tb['footnote_markers']:
        marks[m['at']] = m['footnote']
    used_marks = []

    def mark(at, leaf=False):
        if leaf and at not in marks:
            # a marker may name the column by the end of its path
            # ("header:2023/Gemiddelde ..." under "Kinderen (excl. amv's)")
            for key in marks:
                if key.startswith('header:') and ('/' + at[7:]).endswith('/' + key[7:]):
                    at = key
                    break
        if at in marks:
            used_marks.append(marks[at])
            return r'\footnotemark[%d]' % marks[at]
        return ''

    nstub = len(stubs)
    nval = len(cols)
    grouped = nstub == 1 and any(len(r['label']) > 1 for r in rows)
    # widths in \linewidth fractions, from the label lengths (8pt Pagella:
    # about 4.1pt a character; a full line is 459pt, a column 221pt)
    line_w = 221.0 if width_in_column else 459.0
    def need(texts):
        longest_word = max((len(w) for t in texts for w in t.split()), default=4)
        longest = max((len(t) for t in texts), default=4)
        return max(longest_word * 4.3 + 8, min(longest * 4.1 + 8, 0.42 * line_w)) / line_w
    if nstub == 2:
        stub_w = [need([stubs[0]] + [r['label'][0] for r in rows]),
                  need([stubs[1]] + [r['label'][-1] for r in rows])]
    else:
        stub_w = [min(0.45, need([stubs[0]] + [r['label'][-1] + ('  ' if grouped else '') for r in rows]))]
    val_w = (1 - sum(stub_w)) / nval
    val_w = min(val_w, 0.22 if not width_in_column else 0.5)
    colspec = ''.join(r'>{\raggedright\arraybackslash}p{\dimexpr%.3f\linewidth-2\tabcolsep\relax}' % w
                      for w in stub_w)
    colspec += (r'>{\raggedleft\arraybackslash}p{\dimexpr%.3f\linewidth-2\tabcolsep\relax}' % val_w) * nval
    lines = [r'\begin{tabular}{@{}%s@{}}' % colspec]
    # header rows: a label of a shorter path stands in the lowest row
    for lvl in range(depth):
        cells = []
        if lvl == depth - 1:
            cells += [r'\hdr{%s}' % esc(s) for s in stubs]
        else:
            cells += [''] * nstub
        j = 0
        while j < nval:
            c = cols[j]
            off = depth - len(c)          # rows above the path start
            if lvl < off:
                cells.append('')
                j += 1
                continue
            k = lvl - off
            label = c[k]
            if k < len(c) - 1:
                # spanning label: the following columns with the same prefix
                span = 1
                while j + span < nval and depth - len(cols[j + span]) == off \
                        and cols[j + span][:k + 1] == c[:k + 1]:
                    span += 1
                txt = r'\hdr{%s%s}' % (esc(label), mark('header:' + path_key(c[:k + 1])))
                cells.append(r'\multicolumn{%d}{>{\centering\arraybackslash}p{\dimexpr%.3f\linewidth-2\tabcolsep\relax}}{%s}'
                             % (span, span * val_w, txt))
                j += span
            else:
                cells.append(r'\hdr{%s%s}' % (esc(label), mark('header:' + path_key(c), leaf=True)))
                j += 1
        lines.append(' & '.join(cells) + r' \\[1pt]')
    lines[-1] = lines[-1][:-len('[1pt]')] + '[3pt]'
    prev_group = None
    for r in rows:
        lab = r['label']
        vals = []
        for c in r['cells']:
            at = 'row:%s:%s' % (path_key(lab), path_key(c['column']))
            vals.append(esc(c['raw'] or '') + mark(at))
        if nstub == 2:
            g = lab[0] if lab[0] != prev_group else ''
            prev_group = lab[0]
            head = [esc(g), esc(lab[1])]
        elif grouped and len(lab) > 1:
            if lab[0] != prev_group:
                lines.append(r'\grp{%s}' % esc(lab[0]) + ' &' * nval + r' \\')
                prev_group = lab[0]
            head = [r'\hspace*{0.8em}' + esc(lab[1])]
        else:
            prev_group = None
            head = [esc(lab[0]) if lab else '']
        lines.append(' & '.join(head + vals) + r' \\')
    lines.append(r'\end{tabular}')
    if sorted(used_marks) != sorted(marks.values()):
        raise SystemExit('Figuur %d: table markers %s, placed %s' % (f['number'], marks, used_marks))
    return '\n'.join(lines), used_marks


def figure_tex(f, notes, in_column, full_width_in_twocol):
    """The caption above its table or chart, kept in one unbreakable box."""
    link = (f['justitieconnect_links_same_seed_page'] or [None])[0]
    cap, cap_marks = caption_tex(f, link)
    out = [r'\par\addvspace{8pt}\noindent\vbox{\hsize=\linewidth\parindent=0pt']
    out.append(cap)
    tab_marks = []
    if f['table']:
        tt, tab_marks = table_tex(f, notes, in_column)
        out.append(r'\par\vspace{4pt}{\tabfont\rec{tabstart:%d}%s\rec{tabend:%d}}' % (f['number'], tt, f['number']))
    else:
        out.append(r'\par\vspace{4pt}\chartbox')
    out.append(r'\par}')
    out.append(r'\par\nopagebreak')
    for n in cap_marks + tab_marks:
        out.append(notes.text_only(n))
    out.append(r'\par\addvspace{6pt}')
    return '\n'.join(out)


# ---------------------------------------------------------------- document

PREAMBLE = r"""\pdfinfoomitdate=1
\pdftrailerid{}
\pdfsuppressptexinfo=-1
\pdfcompresslevel=9
\pdfobjcompresslevel=0
\documentclass[a4paper,10pt]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[dutch]{babel}
\usepackage{tgpagella}
\usepackage[a4paper,top=27mm,bottom=24mm,left=24mm,right=24mm,headheight=14pt,headsep=7mm,footskip=10pt]{geometry}
\usepackage{array}
\usepackage{multicol}
\usepackage{fancyhdr}
\usepackage[hyphens]{url}
\usepackage[pdfpagelabels,hidelinks,pdfborder={0 0 0}]{hyperref}
\hypersetup{pdftitle={De Staat van Migratie 2025 (hoofdstukken 2 t/m 5)},pdfauthor={Ministerie van Asiel en Migratie},pdfcreator={LaTeX with hyperref}}
\urlstyle{tt}
\pdfstringdefDisableCommands{\def\newline{ }}
\setlength{\columnsep}{16pt}
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt plus 1pt minus 1pt}
\setlength{\emergencystretch}{1.5em}
\interfootnotelinepenalty=10000
\widowpenalty=3000 \clubpenalty=3000
\raggedbottom
% running head: chapter title left, page number right; no footer
\pagestyle{fancy}
\fancyhf{}
\fancyhead[L]{\small\itshape\leftmark}
\fancyhead[R]{\small\thepage}
\renewcommand{\headrulewidth}{0.4pt}
\renewcommand{\footrulewidth}{0pt}
% notes: the number on the baseline in a fixed-width box, no rule above
\makeatletter
\renewcommand\footnoterule{}
\renewcommand\@makefntext[1]{\hsize=\textwidth\parindent=0pt\hangindent=2.2em\hangafter=1\noindent\makebox[2.2em][l]{\normalfont\@thefnmark}#1}
\setlength{\skip\footins}{12pt plus 4pt minus 2pt}
\setlength{\footnotesep}{8pt}
% the page of a caption, note or table, written when its page is shipped out
\newwrite\pagesout
\immediate\openout\pagesout=\jobname.pages
\newcommand\rec[1]{\write\pagesout{#1 \thepage}}
\makeatother
\newcommand\hdr[1]{\textit{\hspace{0pt}#1}}
\newcommand\grp[1]{\textit{#1}}
\newcommand\tabfont{\footnotesize\setlength{\tabcolsep}{3pt}\renewcommand{\arraystretch}{1.12}}
\newcommand\capt[2]{\rec{fig:#1}{\small\raggedright #2\par}}
\newcommand\chartbox{{\centering\fboxsep=0pt\fbox{\parbox[c][2.6cm][c]{\dimexpr\linewidth-12pt\relax}{\centering\footnotesize\itshape @@PH@@\par}}\par}}
\newcommand\hone[1]{\section*{#1}}
\newcommand\htwo[1]{\subsection*{#1}}
\newcommand\hthree[1]{\subsubsection*{#1}}
\newcommand\hsub[1]{\par\addvspace{4pt}\noindent{\bfseries\itshape #1}\par\nopagebreak}
\makeatletter
\renewcommand\section{\@startsection{section}{1}{\z@}{-14pt plus -3pt minus -1pt}{5pt plus 1pt}{\raggedright\normalfont\Large\bfseries}}
\renewcommand\subsection{\@startsection{subsection}{2}{\z@}{-11pt plus -3pt minus -1pt}{4pt plus 1pt}{\raggedright\normalfont\large\bfseries}}
\renewcommand\subsubsection{\@startsection{subsubsection}{3}{\z@}{-9pt plus -2pt minus -1pt}{3pt plus 1pt}{\raggedright\normalfont\normalsize\bfseries}}
\makeatother
\newcommand\urlline{\par\noindent\footnotesize\raggedright}
\newcommand\chapterstart[2]{\clearpage\markboth{#2}{#2}\rec{chap:#1}%
  \noindent{\LARGE\bfseries Hoofdstuk #1\par}\vspace{6pt}%
  \noindent{\huge\bfseries #2\par}\vspace{18pt}}
""".replace('@@PH@@', PLACEHOLDER)


def build_tex(content, truth):
    notes = Notes(truth)
    figs = {f['number']: f for f in truth['figures']}
    out = [PREAMBLE, r'\begin{document}', r'\setcounter{page}{%d}' % FIRST_PAGE]
    chapter = None
    in_cols = False
    in_list = False
    placed = {}

    def cols_on():
        nonlocal in_cols
        if chapter in TWO_COLUMN_CHAPTERS and not in_cols:
            out.append(r'\begin{multicols}{2}\raggedcolumns')
            in_cols = True

    def cols_off():
        nonlocal in_cols
        if in_cols:
            out.append(r'\end{multicols}')
            in_cols = False

    for b in content['blocks']:
        t = b['type']
        if t != 'bullet' and in_list:
            out.append(r'\end{itemize}')
            in_list = False
        if t == 'chapter':
            cols_off()
            chapter = b['number']
            out.append(r'\chapterstart{%d}{%s}' % (chapter, esc(b['title'])))
            cols_on()
        elif t == 'heading':
            out.append(r'\%s{%s}' % ({1: 'hone', 2: 'htwo', 3: 'hthree'}[b['level']],
                                      inline(b['text'], notes, protect=True)))
        elif t == 'subheading':
            out.append(r'\hsub{%s}' % inline(b['text'], notes))
        elif t == 'para':
            out.append(inline(b['text'], notes) + '\n')
        elif t == 'bullet':
            if not in_list:
                out.append(r'\begin{itemize}\setlength{\itemsep}{1pt}\setlength{\parskip}{0pt}')
                in_list = True
            out.append(r'\item ' + inline(b['text'], notes))
        elif t == 'urls':
            for u in b['lines']:
                out.append(r'{\urlline\url{%s}\par}' % u)
        elif t == 'figure':
            f = figs[b['number']]
            wide = f['table'] is not None and len(f['table']['columns']) > MAX_COLS_IN_COLUMN
            if in_cols and wide:
                cols_off()
                out.append(figure_tex(f, notes, False, True))
                cols_on()
                placed[f['number']] = 'full width'
            else:
                out.append(figure_tex(f, notes, in_cols, False))
                placed[f['number']] = 'column' if in_cols else 'one column'
        else:
            raise SystemExit('unknown block ' + t)
    if in_list:
        out.append(r'\end{itemize}')
    cols_off()
    out.append(r'\end{document}')
    missing = sorted(set(notes.text) - set(notes.used))
    if missing or len(notes.used) != len(set(notes.used)):
        raise SystemExit('notes not placed exactly once: missing %s' % missing)
    return '\n'.join(out) + '\n', placed


# ---------------------------------------------------------------- PDF reading

def pdf_objects(data):
    objs = {}
    for m in re.finditer(rb'(\d+) 0 obj\b(.*?)endobj', data, re.S):
        objs[int(m.group(1))] = m.group(2)
    return objs


def page_order(objs):
    """Page object numbers in order, from the /Pages tree."""
    root = None
    for n, o in objs.items():
        if re.search(rb'/Type\s*/Catalog', o):
            root = int(re.search(rb'/Pages\s+(\d+) 0 R', o).group(1))
    pages = []

    def walk(n):
        o = objs[n]
        kids = re.search(rb'/Kids\s*\[([^\]]*)\]', o)
        if re.search(rb'/Type\s*/Pages', o) and kids:
            for k in re.findall(rb'(\d+) 0 R', kids.group(1)):
                walk(int(k))
        else:
            pages.append(n)
    walk(root)
    return pages


def pdf_string(s):
    s = s[1:-1]
    s = re.sub(rb'\\([()\\])', rb'\1', s)
    return s.decode('latin-1')


def link_annotations(pdf):
    data = open(pdf, 'rb').read()
    objs = pdf_objects(data)
    out = []
    for idx, pn in enumerate(page_order(objs), 1):
        o = objs[pn]
        m = re.search(rb'/Annots\s*(\[[^\]]*\]|\d+ 0 R)', o)
        if not m:
            continue
        ref = m.group(1)
        if ref.startswith(b'['):
            refs = re.findall(rb'(\d+) 0 R', ref)
        else:
            refs = re.findall(rb'(\d+) 0 R', objs[int(ref.split()[0])])
        for r in refs:
            a = objs[int(r)]
            if b'/Link' not in a:
                continue
            uri = re.search(rb'/URI\s*(\((?:\\.|[^\\)])*\))', a)
            if not uri:
                continue
            rect = [float(x) for x in re.search(rb'/Rect\s*\[([^\]]*)\]', a).group(1).split()]
            x0, y0, x1, y1 = min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])
            out.append({'page': idx, 'uri': pdf_string(uri.group(1)),
                        'rect': [round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1)]})
    return out


def pdf_pages(pdf):
    info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r'Pages:\s+(\d+)', info).group(1))


# ---------------------------------------------------------------- checks

def squash(s):
    """Compare modulo line breaks, spaces and hyphenation."""
    return re.sub(r'[\s\-\u00ad‐]', '', s)


def page_texts(pdf, page, twocol):
    """pdftotext -layout of the page, and of its left and right halves (a
    two-column page prints the columns side by side)."""
    def run(*crop):
        args = ['pdftotext', '-layout', '-f', str(page), '-l', str(page)]
        if crop:
            x, w = crop
            args += ['-x', str(x), '-y', '0', '-W', str(w), '-H', '842']
        return subprocess.run(args + [pdf, '-'], capture_output=True, text=True, check=True).stdout
    texts = [run()]
    if twocol:
        texts += [run(0, 297), run(297, 299)]
    return [squash(t) for t in texts]


def verify(pdf, truth, twocol_pages):
    cache = {}
    problems = []

    def texts(p):
        if p not in cache:
            cache[p] = page_texts(pdf, p, p in twocol_pages)
        return cache[p]

    for f in truth['figures']:
        text, marks = caption_parts(f)
        want = squash(text) + ''.join(str(n) for n in marks)
        if not any(want in t for t in texts(f['page'])):
            problems.append('caption %d not on page %d' % (f['number'], f['page']))
    for k, v in truth['footnotes'].items():
        want = squash(k + v['text'])
        if not any(want in t for t in texts(v['page'])):
            problems.append('note %s not on page %d' % (k, v['page']))
    return problems


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=OUT_DIR)
    ap.add_argument('--keep', action='store_true', help='keep the build directory')
    ap.add_argument('--tex', help='also copy the generated .tex here')
    args = ap.parse_args()

    base = json.load(open(BASE_TRUTH, encoding='utf-8'))
    content = json.load(open(CONTENT, encoding='utf-8'))
    tex, placed = build_tex(content, base)

    build = tempfile.mkdtemp(prefix='render3-')
    texfile = os.path.join(build, NAME + '.tex')
    open(texfile, 'w', encoding='utf-8').write(tex)
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, FORCE_SOURCE_DATE='1', TZ='UTC')
    prev = None
    for run in range(1, 6):
        r = subprocess.run(['pdflatex', '-interaction=nonstopmode', '-halt-on-error', NAME + '.tex'],
                           cwd=build, env=env, capture_output=True, text=True, errors='replace')
        if r.returncode != 0:
            sys.stderr.write(r.stdout[-4000:])
            raise SystemExit('pdflatex failed (build dir %s)' % build)
        pages_rec = open(os.path.join(build, NAME + '.pages')).read()
        if run >= 2 and pages_rec == prev:
            break
        prev = pages_rec
    log = open(os.path.join(build, NAME + '.log'), encoding='latin-1').read()
    for w in ('Overfull \\hbox', 'Overfull \\vbox'):
        n = log.count(w)
        if n:
            print('note: %d x %s in the log' % (n, w))
    pdf = os.path.join(build, NAME + '.pdf')
    npages = pdf_pages(pdf)

    rec = {}
    for line in pages_rec.splitlines():
        key, label = line.rsplit(' ', 1)
        rec.setdefault(key, []).append(int(label))
    offset = FIRST_PAGE - 1

    def page_of(key):
        labels = rec[key]
        if len(set(labels)) != 1:
            raise SystemExit('%s recorded on several pages %s' % (key, labels))
        return labels[0] - offset

    links = link_annotations(pdf)
    truth = {
        'document': NAME + '.pdf',
        'renderer': 'pdflatex (TeX Gyre Pagella, running head, two-column chapters 3 and 5, no table rules, baseline note numbers)',
        'source_seed': base['source_seed'],
        'seed_lines': base['seed_lines'],
        'pdf_pages': npages,
        'page_label_offset': offset,
        'running_head_or_footer': '"<chapter title>" (running head, left, italic) and "<page>" (running head, right), rule under the head; no footer',
        'figures': [],
        'table_figures': base['table_figures'],
        'footnotes': {},
        'link_annotations': links,
        'conventions': base['conventions'],
    }
    for f in base['figures']:
        g = json.loads(json.dumps(f))
        p = page_of('fig:%d' % f['number'])
        g['page'] = p
        g['page_label'] = str(p + offset)
        g['link_annotations_on_caption_page'] = [a['uri'] for a in links if a['page'] == p]
        if g['table'] is not None:
            ps = page_of('tabstart:%d' % f['number'])
            pe = page_of('tabend:%d' % f['number'])
            g['table']['pages'] = list(range(ps, pe + 1))
            g['table']['split_across_pages'] = pe > ps
        truth['figures'].append(g)
    for k, v in base['footnotes'].items():
        p = page_of('fn:%s' % k)
        truth['footnotes'][k] = {'text': v['text'], 'page': p, 'page_label': str(p + offset)}

    # two-column pages: from the start of chapter 3 to that of chapter 4, and
    # from the start of chapter 5 to the end
    twocol_pages = set(range(page_of('chap:3'), page_of('chap:4'))) | set(range(page_of('chap:5'), npages + 1))
    problems = verify(pdf, truth, twocol_pages)
    if problems:
        print('\n'.join(problems))
        raise SystemExit('%d check(s) failed; build dir %s' % (len(problems), build))

    os.makedirs(args.out, exist_ok=True)
    shutil.copy(pdf, os.path.join(args.out, NAME + '.pdf'))
    with open(os.path.join(args.out, NAME + '.truth.json'), 'w', encoding='utf-8') as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=1)   # as the samples: no final newline
    if args.tex:
        shutil.copy(texfile, args.tex)
    json.dump(placed, open(os.path.join(build, 'placed.json'), 'w'), indent=1)
    print('%d pages, %d captions, %d notes, %d link annotations; all captions and notes found on their pages'
          % (npages, len(truth['figures']), len(truth['footnotes']), len(links)))
    if args.keep:
        print('build dir:', build)
    else:
        shutil.rmtree(build)


if __name__ == '__main__':
    main()
