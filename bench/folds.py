#!/usr/bin/env python3
"""Fold scores for reader mode (issue 16): each shared corpus (aeb, readability, trafilatura) is
split into two folds, A and B, by a hash of the page's name (the first byte of its SHA-1, even = A,
odd = B: fixed, independent of the extractor and of the page's content), scored once with the
shared scorers (../shared/tools/extract_score.py, traf_score.py), and each fold is aggregated the
way the scorer aggregates the whole corpus. A change that raises one fold and lowers the other is
a regression: it learned pages, not articles.

  folds.py --build build [--shared ../shared] [--jobs 2] [--csv-dir DIR] [--corpus aeb,...]
  folds.py --compare OLD_DIR NEW_DIR     per-page differences between two --csv-dir runs

Prints one row per corpus and fold (A, B, all): token and shingle F1 for aeb and readability
(precision / recall as the scorer averages them), snippet F1 for trafilatura, and failing pages.
"""
import argparse, csv, hashlib, os, subprocess, sys

CORPORA = ('aeb', 'readability', 'trafilatura')


def fold_of(name):
    return 'A' if hashlib.sha1(name.encode('utf-8')).digest()[0] % 2 == 0 else 'B'


def num(s):
    return None if s in ('', None) else float(s)


def agg_extract(rows):
    """extract_score.py's aggregate(): P and R are means over the pages where they are defined,
    F1 = 2PR/(P+R) of the means; failing pages count 0."""
    out = {}
    for m in ('tok', 'sh4'):
        ps, rs = [], []
        for r in rows:
            if r['status'] != 'ok':
                ps.append(0.0)
                rs.append(0.0)
                continue
            p, rr = num(r[m + '_p']), num(r[m + '_r'])
            if p is not None:
                ps.append(p)
            if rr is not None:
                rs.append(rr)
        p = sum(ps) / len(ps) if ps else 0.0
        r_ = sum(rs) / len(rs) if rs else 0.0
        out[m] = (p, r_, 2 * p * r_ / (p + r_) if p + r_ else 0.0)
    out['fail'] = sum(1 for r in rows if r['status'] != 'ok')
    return out


def agg_traf(rows):
    tp = sum(int(r['tp']) for r in rows)
    fp = sum(int(r['fp']) for r in rows)
    fn = sum(int(r['fn']) for r in rows)
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    F = 2 * tp / max(1, 2 * tp + fp + fn)
    return {'f1': (P, R, F), 'fail': sum(1 for r in rows if r['status'] != 'ok')}


def key_of(corpus, row):
    return row['url'] if corpus == 'trafilatura' else row['case']


def run(corpus, a, csv_path):
    tools = os.path.join(a.shared, 'tools')
    data = os.path.join(a.shared, 'corpus', corpus)
    off = os.path.join(a.build, 'offprint')
    cmd = '%s -q -f html --to txt {in} -o {out}' % off
    if corpus == 'trafilatura':
        argv = [sys.executable, os.path.join(tools, 'traf_score.py'), '--data', data, '--cmd', cmd,
                '--jobs', str(a.jobs), '--csv', csv_path]
    else:
        argv = [sys.executable, os.path.join(tools, 'extract_score.py'), '--corpus', corpus,
                '--data', data, '--cmd', cmd, '--jobs', str(a.jobs), '--bootstrap', '0',
                '--csv', csv_path]
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)


def load(corpus, csv_path):
    with open(csv_path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def report(corpus, rows):
    by = {'A': [], 'B': []}
    for r in rows:
        by[fold_of(key_of(corpus, r))].append(r)
    by['all'] = rows
    for fold in ('A', 'B', 'all'):
        rs = by[fold]
        if corpus == 'trafilatura':
            g = agg_traf(rs)
            P, R, F = g['f1']
            print('%-12s %-4s %4d   snippet F1 %.4f (P %.4f R %.4f)%27s fail %d'
                  % (corpus, fold, len(rs), F, P, R, '', g['fail']))
        else:
            g = agg_extract(rs)
            print('%-12s %-4s %4d   token F1 %.4f (P %.4f R %.4f)  shingle F1 %.4f  fail %d'
                  % (corpus, fold, len(rs), g['tok'][2], g['tok'][0], g['tok'][1], g['sh4'][2],
                     g['fail']))


def score_of(corpus, r):
    if r['status'] != 'ok':
        return -1.0
    if corpus == 'trafilatura':
        n = int(r['tp']) + int(r['fn']) + int(r['fp']) + int(r['tn'])
        return (int(r['tp']) + int(r['tn'])) / n if n else 1.0
    return num(r['tok_f1']) or 0.0


def compare(old, new):
    for corpus in CORPORA:
        po, pn = os.path.join(old, corpus + '.csv'), os.path.join(new, corpus + '.csv')
        if not (os.path.isfile(po) and os.path.isfile(pn)):
            continue
        o = {key_of(corpus, r): r for r in load(corpus, po)}
        for r in load(corpus, pn):
            k = key_of(corpus, r)
            if k not in o:
                continue
            a, b = score_of(corpus, o[k]), score_of(corpus, r)
            if abs(a - b) > 1e-4:
                print('%-12s %s %-60s %.4f -> %.4f' % (corpus, fold_of(k), k[:60], a, b))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--build', default='build')
    ap.add_argument('--shared', default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                     '..', '..', 'shared'))
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--csv-dir', help='keep per-page CSVs here (for --compare)')
    ap.add_argument('--corpus', default=','.join(CORPORA))
    ap.add_argument('--compare', nargs=2, metavar=('OLD_DIR', 'NEW_DIR'))
    a = ap.parse_args()
    if a.compare:
        compare(*a.compare)
        return 0
    if not os.path.isdir(os.path.join(a.shared, 'corpus')):
        print('folds: %s (corpus and scorers) not found: skipped' % a.shared)
        return 0
    if not os.access(os.path.join(a.build, 'offprint'), os.X_OK):
        print('folds: build offprint first (%s/offprint not found)' % a.build, file=sys.stderr)
        return 2
    tmp = a.csv_dir
    if tmp:
        os.makedirs(tmp, exist_ok=True)
    else:
        import tempfile
        tmp = tempfile.mkdtemp(prefix='folds.')
    for corpus in a.corpus.split(','):
        if not os.path.isdir(os.path.join(a.shared, 'corpus', corpus)):
            print('folds: no %s corpus, skipped' % corpus)
            continue
        path = os.path.join(tmp, corpus + '.csv')
        run(corpus, a, path)
        report(corpus, load(corpus, path))
        sys.stdout.flush()
    if not a.csv_dir:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
