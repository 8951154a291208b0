#!/usr/bin/env python3
"""Prints offprint's metadata for one HTML page as the JSON object extract_score.py's
--meta-cmd reads, with Readability.js's key names (title, byline, siteName, lang,
publishedTime): runs `offprint --dump-model -f html PAGE` and reads its `meta` lines.

    python3 bench/offprint_meta.py OFFPRINT PAGE.html
"""
import json
import subprocess
import sys

KEYS = {'title': 'title', 'author': 'byline', 'site_name': 'siteName', 'lang': 'lang',
        'published': 'publishedTime', 'description': 'excerpt'}


def unquote(s):
    """The dump's quoted form: \\" \\\\ \\n \\t and \\xNN (bytes) escapes."""
    out = bytearray()
    i = 1
    while i < len(s) - 1:
        c = s[i]
        if c == '\\' and i + 1 < len(s) - 1:
            n = s[i + 1]
            if n == 'x':
                out.append(int(s[i + 2:i + 4], 16))
                i += 4
                continue
            out += {'n': b'\n', 't': b'\t'}.get(n, n.encode())
            i += 2
            continue
        out += c.encode()
        i += 1
    return out.decode('utf-8', 'replace')


def main():
    if len(sys.argv) != 3:
        sys.stderr.write('usage: offprint_meta.py OFFPRINT PAGE.html\n')
        return 2
    res = subprocess.run([sys.argv[1], '-q', '--dump-model', '-f', 'html', sys.argv[2]],
                         stdout=subprocess.PIPE, check=False)
    if res.returncode != 0:
        return 1
    out = {v: None for v in KEYS.values()}
    for line in res.stdout.decode('utf-8', 'replace').splitlines():
        if not line.startswith('meta '):
            break
        _, key, value = line.split(' ', 2)
        if key in KEYS:
            out[KEYS[key]] = unquote(value)
    sys.stdout.write(json.dumps(out) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
