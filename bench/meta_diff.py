#!/usr/bin/env python3
"""Where offprint's metadata differs from expected-metadata.json on the Readability test pages,
and why. Those files are Readability.js's own output, so some differences are what offprint's
README (and issue 4) ask for. Every mismatch falls in one class, decided by a general rule on
the two values (never by page name):

  title   suffix stripped        the file's title is ours plus " | Site" / " - Site" (deliberate)
  byline  cue or extra dropped   ours is inside the file's ("By X", "Written by X Edited by Y",
                                 "by X22 Dec 2016") (deliberate: the name only)
          file has a date        the file's byline is a date or time, not a name (file wrong)
          file has none          we found a byline element or line the file does not give
  site    file has none          ours comes from a title suffix, og:site_name or Dublin Core
          other spelling         one contains the other ("Le Monde" / "Le Monde.fr")
  date    file has none          we found a date (meta, JSON-LD, a dateline) the file does not give
          ISO form               the same date and time, ours in ISO 8601 (deliberate)
  any     we have none           the file has a value and we do not (a miss, or a file error)
          different              anything else

    python3 bench/meta_diff.py OFFPRINT CORPUS_DIR [-v]     (CORPUS_DIR: .../corpus/readability)

Prints the per-field match counts, the classes with their counts, and with -v every mismatch.
"""
import json
import os
import re
import subprocess
import sys

FIELDS = ['title', 'byline', 'siteName', 'lang', 'publishedTime']
SEPS = [' | ', ' - ', ' \u2013 ', ' \u2014 ', ' :: ', ' \u00b7 ', ' \u00bb ', ' / ', '_', '\uff08']
MONTHS = r'(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?'


def fold(v):
    return '' if v is None else ' '.join(str(v).split())


def looks_like_date(v):
    v = v.lower()
    return bool(re.search(r'\b(19|20)\d\d\b', v) and
                (re.search(r'\b' + MONTHS + r'\s+\d', v) or re.search(r'\d\d?[:/-]\d\d', v)))


def iso_key(v):
    """'2019-04-28 06:01:07' and '2019-04-28T06:01:07' -> the same key."""
    m = re.match(r'(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d:\d\d(?::\d\d)?))?', v)
    return m and (m.group(1), m.group(2), m.group(3), m.group(4))


def classify(field, exp, got):
    if not got:
        return 'we have none'
    if not exp:
        return 'file has none'
    if field == 'title':
        rest = exp[len(got):] if exp.startswith(got) else None
        if rest and any(rest.startswith(s) for s in SEPS):
            return 'suffix stripped'
    if field == 'byline':
        if looks_like_date(exp) and not looks_like_date(got):
            return 'file has a date'
        if got.lower() in exp.lower():
            return 'cue or extra dropped'
    if field == 'siteName' and (got.lower() in exp.lower() or exp.lower() in got.lower()):
        return 'other spelling'
    if field == 'publishedTime' and iso_key(exp) and iso_key(exp) == iso_key(got):
        return 'ISO form'
    return 'different'


def main():
    args = [a for a in sys.argv[1:] if a != '-v']
    verbose = '-v' in sys.argv[1:]
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    offprint, corpus = args
    meta = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'offprint_meta.py')
    hits = {f: 0 for f in FIELDS}
    classes = {}
    lines = []
    n = 0
    for case in sorted(os.listdir(corpus)):
        d = os.path.join(corpus, case)
        if not os.path.isfile(os.path.join(d, 'expected-metadata.json')):
            continue
        n += 1
        with open(os.path.join(d, 'expected-metadata.json'), encoding='utf-8') as f:
            exp = json.load(f)
        r = subprocess.run([sys.executable, meta, offprint, os.path.join(d, 'source.html')],
                           stdout=subprocess.PIPE, check=False)
        got = json.loads(r.stdout) if r.returncode == 0 else {}
        for fld in FIELDS:
            e, g = fold(exp.get(fld)), fold(got.get(fld))
            if e == g:
                hits[fld] += 1
                continue
            c = classify(fld, e, g)
            classes[(fld, c)] = classes.get((fld, c), 0) + 1
            lines.append('    %-34s %-13s %-20s file %r, offprint %r' % (case, fld, c, e[:70],
                                                                            g[:70]))
    print('offprint metadata matching expected-metadata.json (%d pages): ' % n +
          ', '.join('%s %d' % (f, hits[f]) for f in FIELDS))
    print('the differences, by class:')
    for (fld, c), k in sorted(classes.items()):
        print('    %-13s %-22s %d' % (fld, c, k))
    if verbose:
        print('every difference:')
        print('\n'.join(lines))
    return 0


if __name__ == '__main__':
    sys.exit(main())
