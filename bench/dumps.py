#!/usr/bin/env python3
"""Text dumps dev set (issue 16): every shared aeb and Readability page dumped the way real dumps
look (`lynx -dump`, `w3m -dump`, Debian `html2text`), each dump read back by offprint as plain
text (`-f text --to txt`, and `--to md` for the title), scored against the page's known article
text (aeb: ground-truth articleBody; Readability: the text of expected.html). Folds A/B as
bench/folds.py splits them (a hash of the page name).

  dumps.py --build build [--shared ../shared] [--tools lynx,w3m,html2text] [--keep DIR] [-v]

Per tool and fold:
  kept      words of the article offprint keeps, of those the dump has (bags of words; the dump's
            own share of the article, what the tool lost, is `in dump`)
  left      boilerplate lines left: dump lines outside the article (fewer than half their words in
            blocks aligned with the article text) whose words mostly reach the output
  caps 2x   captions (the page's <figcaption> text that is in the article) printed more than once
  head      headline once: the title read as metadata, not repeated in the body (pages where it
            is not so are listed with -v)
A tool that is not installed is named and skipped. Needs only the standard library.

With --traf the shared trafilatura pages are dumped the same way and scored by their snippets
(traf_score.py's counting: whitespace-normalised substrings that must appear, "with", and must
not, "without"; precision, recall, F1 per tool and fold, folds by a hash of the page's URL as
folds.py splits them). None of those pages was used to tune the text-dump extraction: that
table is its held-out check.
"""
import argparse, difflib, gzip, hashlib, html, json, os, re, shutil, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

TOOLS = {
    'lynx': (['lynx', '-dump', '-force_html', '-display_charset=UTF-8', '{in}'], 'lynx'),
    'w3m': (['w3m', '-dump', '-T', 'text/html', '-O', 'UTF-8', '{in}'], 'w3m'),
    'html2text': (['html2text', '-utf8', '-nobs', '{in}'], 'html2text'),
}


def fold_of(name):
    return 'A' if hashlib.sha1(name.encode('utf-8')).digest()[0] % 2 == 0 else 'B'


WORD = re.compile(r'[^\W_]+', re.UNICODE)
CJK = re.compile(r'[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]')


def tokens(s):
    out = []
    for w in WORD.findall(s.lower()):
        if CJK.search(w):
            out.extend(c for c in w)  # one token a character: a wrapped line splits runs
        else:
            out.append(w)
    return out


MARK = re.compile(r'\[(\d+|IMG|INLINE|BUTTON|LINK|IFRAME)\]|\[\d+\]')


def dump_lines(text):
    """The dump's lines as token lists (lynx's [12] reference numbers are not words)."""
    return [tokens(MARK.sub(' ', l)) for l in text.split('\n')]


def aligned(a, b, min_block):
    """Indices of a that difflib aligns with b in blocks of at least min_block tokens."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    hit = bytearray(len(a))
    for i, _, n in sm.get_matching_blocks():
        if n >= min_block:
            hit[i:i + n] = b'\1' * n
    return hit


def bag_overlap(ref, got):
    from collections import Counter
    r, g = Counter(ref), Counter(got)
    return sum(min(c, g[w]) for w, c in r.items())


def count_seq(hay, needle):
    if not needle:
        return 0
    n, k = 0, len(needle)
    first = needle[0]
    for i in range(len(hay) - k + 1):
        if hay[i] == first and hay[i:i + k] == needle:
            n += 1
    return n


class Page:
    def __init__(self, corpus, name, html_path, ref, title, captions):
        self.corpus, self.name, self.html, self.ref = corpus, name, html_path, ref
        self.title, self.captions = title, captions
        self.fold = fold_of(name)


def text_of_html(s):
    s = re.sub(r'(?is)<(script|style)\b.*?</\1>', ' ', s)
    s = re.sub(r'(?s)<[^>]+>', ' ', s)
    return html.unescape(s)


def figcaptions(s):
    return [' '.join(text_of_html(m).split())
            for m in re.findall(r'(?is)<figcaption\b[^>]*>(.*?)</figcaption>', s)]


def load_pages(shared, tmp):
    pages = []
    rd = os.path.join(shared, 'corpus', 'readability')
    for case in sorted(os.listdir(rd)) if os.path.isdir(rd) else []:
        d = os.path.join(rd, case)
        if not os.path.isfile(os.path.join(d, 'expected.html')):
            continue
        with open(os.path.join(d, 'expected.html'), encoding='utf-8', errors='replace') as f:
            exp = f.read()
        with open(os.path.join(d, 'expected-metadata.json'), encoding='utf-8') as f:
            meta = json.load(f)
        ref = text_of_html(exp)
        caps = [c for c in figcaptions(exp) if len(tokens(c)) >= 3]
        pages.append(Page('readability', case, os.path.join(d, 'source.html'), ref,
                          meta.get('title') or '', caps))
    ad = os.path.join(shared, 'corpus', 'aeb')
    gt_path = os.path.join(ad, 'ground-truth.json')
    if os.path.isfile(gt_path):
        with open(gt_path, encoding='utf-8') as f:
            gt = json.load(f)
        for pid in sorted(gt):
            src = os.path.join(ad, 'html', pid + '.html.gz')
            if not os.path.isfile(src):
                continue
            out = os.path.join(tmp, 'aeb-' + pid + '.html')
            with gzip.open(src, 'rb') as f, open(out, 'wb') as g:
                g.write(f.read())
            with open(out, encoding='utf-8', errors='replace') as f:
                caps = [c for c in figcaptions(f.read()) if len(tokens(c)) >= 3]
            body = gt[pid].get('articleBody') or ''
            caps = [c for c in caps if ' '.join(tokens(c)) in ' '.join(tokens(body))]
            pages.append(Page('aeb', pid, out, body, gt[pid].get('headline') or '', caps))
    return pages


def run(cmd, timeout=60):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           timeout=timeout, check=False)
        return r.returncode, r.stdout.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        return -1, ''


def front_title(md):
    m = re.match(r'---\n(.*?)\n---\n', md, re.S)
    if not m:
        return ''
    for l in m.group(1).split('\n'):
        if l.startswith('title:'):
            v = l[6:].strip()
            if len(v) >= 2 and v[0] == v[-1] and v[0] in '"\'':
                v = v[1:-1].replace('\\"', '"').replace("''", "'")
            return v
    return ''


def score(page, tool, a, keep):
    argv, _ = TOOLS[tool]
    rc, dump = run([x.replace('{in}', page.html) for x in argv])
    if rc != 0 and not dump:
        return None
    fd, path = tempfile.mkstemp(suffix='.txt', prefix='dump-')
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        f.write(dump)
    off = os.path.join(a.build, 'offprint')
    rc, out = run([off, '-q', '-f', 'text', '--to', 'txt', path, '-o', '-'])
    _, md = run([off, '-q', '-f', 'text', '--to', 'md', path, '-o', '-'])
    if keep:
        base = os.path.join(keep, '%s-%s-%s' % (tool, page.corpus, page.name))
        shutil.copy(path, base + '.txt')
        with open(base + '.out', 'w', encoding='utf-8') as f:
            f.write(out)
    os.unlink(path)
    ref = tokens(page.ref)
    lines = dump_lines(dump)
    flat, owner = [], []
    for i, l in enumerate(lines):
        flat.extend(l)
        owner.extend([i] * len(l))
    got = tokens(out) if rc == 0 else []
    in_dump = bag_overlap(ref, flat)
    kept = bag_overlap(ref, got)
    art = aligned(flat, ref, 2)
    reach = aligned(flat, got, 1)
    n_art = [0] * len(lines)
    n_out = [0] * len(lines)
    for k, i in enumerate(owner):
        n_art[i] += art[k]
        n_out[i] += reach[k]
    left = []
    for i, l in enumerate(lines):
        if l and n_art[i] * 2 < len(l) and n_out[i] * 2 > len(l):
            left.append(' '.join(l))
    caps2 = [c for c in page.captions if count_seq(got, tokens(c)) > 1]
    title = front_title(md)
    tt, ours = tokens(page.title), tokens(title)
    # the headline once: the title is the page's (most of its words, not twice as long) and the
    # body does not repeat it more often than the article does; pages with no known title
    # (aeb) are not counted
    same = len(tt) and bag_overlap(tt, ours) >= 0.6 * len(tt) and len(ours) <= 2 * len(tt) + 2
    head_ok = None if not tt else bool(same) and (
        count_seq(got, tt) <= count_seq(tokens(page.ref), tt))
    return {'ok': rc == 0, 'ref': len(ref), 'in_dump': in_dump, 'kept': kept, 'left': left,
            'caps': len(page.captions), 'caps2': caps2, 'head_ok': head_ok, 'title': title,
            'lines': sum(1 for l in lines if l)}


def norm(s):
    return re.sub(r'\s+', ' ', s).strip()


def traf_pages(shared):
    d = os.path.join(shared, 'corpus', 'trafilatura')
    ev_path = os.path.join(d, 'evaldata.json')
    if not os.path.isfile(ev_path):
        return []
    with open(ev_path, encoding='utf-8') as f:
        ev = json.load(f)
    out = []
    for url in sorted(ev):
        path = os.path.join(d, 'html', ev[url]['file'])
        if os.path.isfile(path):
            out.append((url, path, ev[url]['with'], ev[url]['without']))
    return out


def traf_score(item, tool, a):
    url, path, with_, without = item
    argv, _ = TOOLS[tool]
    rc, dump = run([x.replace('{in}', path) for x in argv])
    if rc != 0 and not dump:
        return None
    fd, tmp = tempfile.mkstemp(suffix='.txt', prefix='dump-')
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        f.write(dump)
    rc, out = run([os.path.join(a.build, 'offprint'), '-q', '-f', 'text', '--to', 'txt', tmp,
                   '-o', '-'])
    if a.keep:
        base = os.path.join(a.keep, 'traf-%s-%s' % (tool, hashlib.sha1(url.encode()).hexdigest()[:12]))
        shutil.copy(tmp, base + '.txt')
        with open(base + '.out', 'w', encoding='utf-8') as f:
            f.write(out)
    os.unlink(tmp)
    n = norm(out) if rc == 0 else ''
    tp = sum(1 for w in with_ if norm(w) in n)
    fp = sum(1 for w in without if norm(w) in n)
    return {'tp': tp, 'fn': len(with_) - tp, 'fp': fp, 'tn': len(without) - fp}


def traf_table(a, tools):
    items = traf_pages(a.shared)
    if a.only:
        items = [i for i in items if a.only in i[0]]
    if not items:
        return
    print('\ntrafilatura pages dumped (held out: snippets that must / must not reach the output)')
    print('%-10s %-5s %5s %9s %7s %7s %7s' % ('tool', 'fold', 'pages', 'precision', 'recall',
                                             'F1', 'fp'))
    for tool in tools:
        with ThreadPoolExecutor(a.jobs) as ex:
            res = list(ex.map(lambda i: (i, traf_score(i, tool, a)), items))
        for fold in ('A', 'B', 'all'):
            rs = [r for i, r in res if r and (fold == 'all' or fold_of(i[0]) == fold)]
            tp, fp, fn = (sum(r[k] for r in rs) for k in ('tp', 'fp', 'fn'))
            print('%-10s %-5s %5d %9.4f %7.4f %7.4f %7d' % (
                tool, fold, len(rs), tp / max(1, tp + fp), tp / max(1, tp + fn),
                2 * tp / max(1, 2 * tp + fp + fn), fp))
        if a.csv:
            with open(a.csv, 'a', encoding='utf-8') as f:
                for i, r in res:
                    if r:
                        f.write('traf-%s,%s,%s,%d,%d,%d\n' % (tool, fold_of(i[0]), i[0],
                                                              r['tp'], r['fn'], r['fp']))
        sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--build', default='build')
    ap.add_argument('--shared', default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                     '..', '..', 'shared'))
    ap.add_argument('--tools', default=','.join(TOOLS))
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--keep', help='keep each dump (.txt) and offprint text (.out) here')
    ap.add_argument('--only', help='only pages whose name contains this')
    ap.add_argument('--fold', help='only pages of this fold (A or B): tune on one, report both')
    ap.add_argument('--csv', help='per-page rows (tool, fold, page, kept, left) into this file')
    ap.add_argument('-v', action='store_true', help='list boilerplate lines left, per page')
    ap.add_argument('--traf', action='store_true',
                    help='also the trafilatura pages, scored by their snippets (held out)')
    ap.add_argument('--no-dev', action='store_true', help='skip the aeb and Readability pages')
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.shared, 'corpus')):
        print('dumps: %s (corpus) not found: skipped' % a.shared)
        return 0
    if not os.access(os.path.join(a.build, 'offprint'), os.X_OK):
        print('dumps: build offprint first (%s/offprint not found)' % a.build, file=sys.stderr)
        return 2
    tools = []
    for t in a.tools.split(','):
        if shutil.which(TOOLS[t][1]):
            tools.append(t)
        else:
            print('dumps: %s not installed (Debian package %s): skipped' % (t, t))
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='dumps.')
    try:
        pages = [] if a.no_dev else load_pages(a.shared, tmp)
        if a.only:
            pages = [p for p in pages if a.only in p.name]
        if a.fold:
            pages = [p for p in pages if p.fold == a.fold]
        print('%-10s %-5s %5s %8s %8s %6s %8s %8s %8s' % ('tool', 'fold', 'pages', 'in dump',
                                                          'kept', 'left', 'left/pg', 'caps 2x',
                                                          'head ok'))
        for tool in tools:
            with ThreadPoolExecutor(a.jobs) as ex:
                res = list(ex.map(lambda p: (p, score(p, tool, a, a.keep)), pages))
            for fold in ('A', 'B', 'all'):
                rs = [(p, r) for p, r in res if r and (fold == 'all' or p.fold == fold)]
                if not rs:
                    continue
                ref = sum(r['ref'] for _, r in rs)
                ind = sum(r['in_dump'] for _, r in rs)
                kept = sum(r['kept'] for _, r in rs)
                left = sum(len(r['left']) for _, r in rs)
                caps = sum(r['caps'] for _, r in rs)
                caps2 = sum(len(r['caps2']) for _, r in rs)
                head = sum(1 for _, r in rs if r['head_ok'])
                heads = sum(1 for _, r in rs if r['head_ok'] is not None)
                print('%-10s %-5s %5d %8.4f %8.4f %6d %8.2f %4d/%-3d %4d/%-3d'
                      % (tool, fold, len(rs), ind / max(1, ref), kept / max(1, ind), left,
                         left / len(rs), caps2, caps, head, heads))
            if a.csv:
                with open(a.csv, 'a', encoding='utf-8') as f:
                    for p, r in res:
                        if r:
                            f.write('%s,%s,%s/%s,%.4f,%d,%d\n' % (
                                tool, p.fold, p.corpus, p.name,
                                r['kept'] / max(1, r['in_dump']), len(r['left']),
                                r['in_dump'] - r['kept']))
            if a.v:
                for p, r in res:
                    if not r:
                        print('  %s %s/%s: the tool failed' % (tool, p.corpus, p.name))
                        continue
                    if r['left'] or r['caps2'] or r['head_ok'] is False or \
                            r['kept'] < 0.97 * r['in_dump']:
                        print('  %s %s %s/%s: kept %.3f, title %r%s' % (
                            tool, p.fold, p.corpus, p.name, r['kept'] / max(1, r['in_dump']),
                            r['title'][:60], ' (headline not once)' if r['head_ok'] is False else ''))
                        for l in r['left']:
                            print('      left: %s' % l[:100])
                        for c in r['caps2']:
                            print('      caption twice: %s' % c[:80])
            sys.stdout.flush()
        if a.traf:
            traf_table(a, tools)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
