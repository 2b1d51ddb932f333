#!/usr/bin/env python3
"""One-off step: read the block sequence (headings, paragraphs with footnote
markers, figure positions, URL lines) of chapters 2-5 from the LibreOffice
sample, so that the third rendering has exactly the same content and order.

The LibreOffice sample is set without hyphenation, one column, with distinct
font sizes per element, which makes its word stream an exact copy of the seed
text as the other renderings use it.  Words come from the project's own
reader: `figuren words PDF --page N --json` (build with cargo first).

Writes tools/render3/content.json.  Usage:
    python3 tools/render3/extract_content.py [path/to/figuren]
"""
import json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
PDF = os.path.join(ROOT, 'samples', 'staat-van-migratie-2025-h2-h5.pdf')
SEED = os.path.join(ROOT, '..', 'shared', 'seeds', '004_15f56e90b0912a86.txt')
SEED_FLAT = ''
TRUTH = os.path.join(ROOT, 'samples', 'staat-van-migratie-2025-h2-h5.truth.json')


def words(figuren, npages):
    out = []
    for p in range(1, npages + 1):
        r = subprocess.run([figuren, 'words', PDF, '--page', str(p), '--json'],
                           check=True, capture_output=True, text=True)
        for l in r.stdout.splitlines():
            w = json.loads(l)
            w['page'] = p
            out.append(w)
    return out


def lines_of(ws):
    lines = []
    for w in ws:
        if lines and lines[-1]['page'] == w['page'] and lines[-1]['line'] == w['line']:
            lines[-1]['words'].append(w)
        else:
            lines.append({'page': w['page'], 'line': w['line'], 'words': [w]})
    for l in lines:
        first = next((w for w in l['words'] if w['script'] == 'normal'), l['words'][0])
        l['font'] = first['font'].replace('LiberationSans', 'LS')
        l['size'] = first['size']
        l['base'] = first['baseline']
        l['x0'] = l['words'][0]['x0']
        l['x1'] = l['words'][-1]['x1']
        l['text'] = ' '.join(w['text'] for w in l['words'])
        l['kind'] = classify(l)
    return lines


def classify(l):
    f, s, t = l['font'], l['size'], l['text']
    w0 = l['words'][0]
    if f == 'LS' and s == 7.5 and 'De Staat van Migratie 2025' in t:
        return 'footer'
    if w0['script'] == 'superscript' and w0['size'] < 4.5 and w0['font'] == 'LiberationSans':
        return 'footnote'
    if f == 'LS' and s == 7.0:
        return 'footnote'
    if s == 24.0:
        return 'chapter'
    if f == 'LS-Bold' and s in (13.0, 11.0, 10.0):
        return 'h%d' % {13.0: 1, 11.0: 2, 10.0: 3}[s]
    if f == 'LS-BoldItalic' and s == 9.5:
        return 'sub'
    if f == 'LS-Bold' and s == 8.5 and re.match(r'Figuur \d+:?$', ' '.join(t.split()[:2])):
        return 'caption'
    if f == 'LS' and s == 6.5:
        return 'url'
    if f == 'LS' and s == 9.5:
        return 'body'
    if s in (8.5, 8.0) or w0['script'] == 'superscript':
        return 'figpart'
    raise SystemExit('unclassified line: %r' % l)


def text_with_markers(wlist):
    """Words joined by spaces; a raised number becomes {fn:N} glued to the
    word before it when the gap is small, else after a space."""
    s = ''
    prev = None
    for w in wlist:
        if w['script'] == 'superscript' and re.fullmatch(r'\d+', w['text']):
            glue = prev is not None and (w['x0'] - prev['x1']) < 1.0 and w['page'] == prev['page'] \
                and abs(w['baseline'] - prev['baseline']) < 6
            s += ('' if glue or not s else ' ') + '{fn:%s}' % w['text']
        else:
            glue = prev is not None and prev['script'] == 'superscript' and w['page'] == prev['page'] \
                and (w['x0'] - prev['x1']) < 0.8 and abs(w['baseline'] - prev['baseline']) < 6
            if prev is not None and prev['text'].endswith('-') and \
                    (prev['page'], prev['line']) != (w['page'], w['line']):
                # LibreOffice breaks lines after a hard hyphen: EU-|lidstaten
                # is one word, woon- |en two; the seed decides
                a, b = prev['text'], w['text']
                glue = (a + b) in SEED_FLAT and (a + ' ' + b) not in SEED_FLAT
            s += ('' if glue or not s else ' ') + w['text']
        prev = w
    return s


def main():
    figuren = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'target', 'release', 'figuren')
    global SEED_FLAT
    seed_path = os.environ.get('SEED', SEED)
    seed = open(seed_path, encoding='utf-8').read().split('\n')[979:4136]
    SEED_FLAT = re.sub(r'[ \t]+', ' ', ' '.join(l.strip() for l in seed))
    truth = json.load(open(TRUTH))
    caps = {f['number']: f for f in truth['figures']}
    ws = words(figuren, truth['pdf_pages'])
    lines = lines_of(ws)
    body_right = max(l['x1'] for l in lines if l['kind'] == 'body')
    blocks = []
    cur = None          # open paragraph: {'type','words':[...], 'last': line}
    in_fig = None
    cap_need = ''
    i = 0

    def close():
        nonlocal cur
        if cur:
            cur['text'] = text_with_markers(cur.pop('words'))
            cur.pop('last', None)
            blocks.append(cur)
            cur = None

    while i < len(lines):
        l = lines[i]
        k = l['kind']
        if k in ('footer', 'footnote'):
            i += 1
            continue
        if k == 'figpart' and in_fig is not None:
            i += 1
            continue
        if k == 'caption' and cap_need:
            pass
        if k == 'body':
            in_fig = None
            starts_item = l['text'].startswith('•')
            new = True
            if cur and cur['type'] in ('para', 'bullet') and not starts_item:
                last = cur['last']
                if last['page'] == l['page']:
                    new = (l['base'] - last['base']) > 16
                else:
                    # first-fit line breaking: the last line on the page was
                    # ended by a paragraph end if the next word would have fit
                    firstw = l['words'][0]
                    room = body_right - last['x1'] - 2.7
                    new = (firstw['x1'] - firstw['x0']) <= room
                    cur.setdefault('page_breaks', []).append({'fit_new_para': new})
            if new:
                close()
                cur = {'type': 'bullet' if starts_item else 'para', 'words': []}
                ws_ = l['words'][1:] if starts_item else l['words']
            else:
                ws_ = l['words']
            cur['words'] += ws_
            cur['last'] = l
            i += 1
            continue
        close()
        if k == 'chapter':
            # 'Hoofdstuk N' then the title line(s)
            m = re.match(r'Hoofdstuk (\d+)$', l['text'])
            if m:
                blocks.append({'type': 'chapter', 'number': int(m.group(1)), 'title': ''})
            else:
                blocks[-1]['title'] = (blocks[-1]['title'] + ' ' + l['text']).strip()
            i += 1
            continue
        if k in ('h1', 'h2', 'h3'):
            ws_ = list(l['words'])
            j = i + 1
            while j < len(lines) and (lines[j]['kind'] == k or (
                    lines[j]['kind'] == 'sub' and text_with_markers(ws_).count('(') > text_with_markers(ws_).count(')'))):
                ws_ += lines[j]['words']
                j += 1
            blocks.append({'type': 'heading', 'level': int(k[1]), 'text': text_with_markers(ws_)})
            i = j
            continue
        if k == 'sub':
            blocks.append({'type': 'subheading', 'text': text_with_markers(l['words'])})
            i += 1
            continue
        if k == 'url':
            if blocks and blocks[-1]['type'] == 'urls':
                blocks[-1]['lines'].append(l['text'])
            else:
                blocks.append({'type': 'urls', 'lines': [l['text']]})
            i += 1
            continue
        if k == 'caption':
            n = int(re.match(r'Figuur (\d+)', l['text']).group(1))
            def norm(x):
                x = re.sub(r'\s', '', x)
                for fn in caps[n]['footnotes']:
                    x = x.replace(str(fn), '')
                return x
            want = norm(caps[n]['caption_text'])
            got = ''
            j = i
            cws = []
            while j < len(lines) and not got.startswith(want):
                got = norm(got + lines[j]['text'])
                cws += lines[j]['words']
                if not (want.startswith(got) or got.startswith(want)):
                    raise SystemExit('caption %d mismatch: %r vs %r' % (n, got, want))
                j += 1
            blocks.append({'type': 'figure', 'number': n, 'printed': text_with_markers(cws)})
            in_fig = n
            i = j
            continue
        if k == 'figpart':
            raise SystemExit('figure part outside a figure: %r' % l['text'])
        raise SystemExit('unhandled %s' % k)
    close()
    json.dump({'source': 'samples/staat-van-migratie-2025-h2-h5.pdf', 'blocks': blocks},
              open(os.path.join(HERE, 'content.json'), 'w'), ensure_ascii=False, indent=1)
    print(len(blocks), 'blocks')


if __name__ == '__main__':
    main()
