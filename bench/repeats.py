#!/usr/bin/env python3
"""Title block shown twice: counts the pages whose extracted body (`offprint --to txt`, the text
without the title block) still holds, in its first lines, the title or a byline name that the
title block already shows (issue 4: "the byline, dateline and title shown once in the title
block, not again in the body"), and the pages whose first lines include a line that is only the
published date (a dateline left in the body).

    python3 bench/repeats.py OFFPRINT [CORPUS_DIR...] [-v] [--lines N]

CORPUS_DIR defaults to ../shared/corpus/aeb and ../shared/corpus/readability (pages: html/*.html
or html/*.html.gz, or */source.html). A title counts when a line is the title or contains it
(titles of three words or more, the line at most half as long again: a heading with a
kicker, not a paragraph that opens with the title's words); a name counts when a line contains one of the authors (the
model's "Jane Doe, John Roe" split at ", ") in a line of 80 characters or fewer (a byline, a
credit, not a sentence about the writer); a date counts when a line is only a date, or opens with
a dateline ("April 17, 2015 -- ", "WASHINGTON, Nov. 3 -- "). Exit 77 when no corpus is found.
"""
import gzip
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from offprint_meta import unquote  # noqa: E402  (the dump's quoted form)

MONTHS = r'(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?'
DATE_LINE = re.compile(r'^[\W\s]*((\w+day,?\s+)?(' + MONTHS + r'\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+' +
                       MONTHS + r',?\s+\d{4}|\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4})' +
                       r'([\s,]+\d{1,2}[:.]\d\d\s*([ap]\.?m\.?)?\s*\w{0,4})?)[\W\s]*$', re.I)

DATELINE = re.compile(r'^([A-Z .\'-]+, )?(' + MONTHS + r'\s+\d{1,2}(,?\s+\d{4})?)\s+(--|\u2014|\u2013) ',
                      re.I)


def fold(s):
    return ' '.join(s.split()).lower()


def pages(corpus):
    html = os.path.join(corpus, 'html')
    if os.path.isdir(html):
        for name in sorted(os.listdir(html)):
            if name.endswith('.html') or name.endswith('.html.gz'):
                yield name.split('.')[0][:12], os.path.join(html, name)
    else:
        for name in sorted(os.listdir(corpus)):
            p = os.path.join(corpus, name, 'source.html')
            if os.path.exists(p):
                yield name, p


def run(offprint, path, tmp):
    if path.endswith('.gz'):
        with gzip.open(path, 'rb') as f, open(tmp, 'wb') as g:
            g.write(f.read())
        path = tmp
    meta = {}
    dump = subprocess.run([offprint, '-q', '--dump-model', '-f', 'html', path],
                          stdout=subprocess.PIPE, check=False).stdout.decode('utf-8', 'replace')
    for line in dump.splitlines():
        if not line.startswith('meta '):
            break
        _, key, value = line.split(' ', 2)
        meta[key] = unquote(value)
    txt = subprocess.run([offprint, '-q', '-f', 'html', '--to', 'txt', path, '-o', '-'],
                         stdout=subprocess.PIPE, check=False).stdout.decode('utf-8', 'replace')
    return meta, txt


def first_lines(txt, n):
    return [l.strip() for l in txt.splitlines() if l.strip()][:n]


def check(meta, lines):
    """(title line, name line, date line) found in the first lines, or None each."""
    title = fold(meta.get('title', ''))
    names = [fold(a) for a in meta.get('author', '').split(', ') if len(a.strip()) > 2]
    hit_t = hit_n = hit_d = None
    for line in lines:
        f = fold(line)
        if title and hit_t is None and title in f and (f == title or (
                len(title.split()) >= 3 and len(f) <= 1.5 * len(title) + 10)):
            hit_t = line
        if hit_n is None and len(f) <= 80 and any(re.search(r'\b' + re.escape(a) + r'\b', f) for a in names):
            hit_n = line
        if hit_d is None and meta.get('published') and (
                (len(f) <= 60 and DATE_LINE.match(f)) or DATELINE.match(f)):
            hit_d = line
    return hit_t, hit_n, hit_d


def main():
    args = sys.argv[1:]
    verbose = '-v' in args
    n = 5
    if '--lines' in args:
        n = int(args[args.index('--lines') + 1])
        del args[args.index('--lines'):args.index('--lines') + 2]
    args = [a for a in args if a != '-v']
    if not args:
        sys.stderr.write(__doc__)
        return 2
    offprint = args[0]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shared = os.environ.get('SHARED_DIR', os.path.join(root, '..', 'shared'))
    corpora = args[1:] or [os.path.join(shared, 'corpus', c) for c in ('aeb', 'readability')]
    corpora = [c for c in corpora if os.path.isdir(c)]
    if not corpora:
        print('repeats: no corpus found: skipped')
        return 77
    total = [0, 0, 0, 0]
    with tempfile.TemporaryDirectory() as td:
        tmp = os.path.join(td, 'page.html')
        for corpus in corpora:
            counts = [0, 0, 0, 0]
            for name, path in pages(corpus):
                meta, txt = run(offprint, path, tmp)
                hits = check(meta, first_lines(txt, n))
                counts[0] += 1
                for i, h in enumerate(hits):
                    if h is not None:
                        counts[i + 1] += 1
                        if verbose:
                            print('  %-14s %-6s %s' % (name, ('title', 'byline', 'date')[i],
                                                       h[:100]))
            print('%-12s pages %3d   title repeated %3d   byline repeated %3d   date line %3d'
                  % (os.path.basename(corpus.rstrip('/')), *counts))
            total = [a + b for a, b in zip(total, counts)]
    print('%-12s pages %3d   title repeated %3d   byline repeated %3d   date line %3d'
          % ('all', *total))
    return 0


if __name__ == '__main__':
    sys.exit(main())
