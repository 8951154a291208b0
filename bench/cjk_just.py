#!/usr/bin/env python3
"""cjk_just.py - share of justified lines in the CJK (and Thai, Khmer...) paragraphs of PDFs.

    python3 bench/cjk_just.py FILE.pdf...

typo_metrics.py counts words between spaces, so it sees almost no body lines in Chinese or
Japanese text. This reads `mutool draw -F stext` instead: in each block of two or more lines,
a line of 8 characters or more of which 70% are of a script written without spaces (CJK,
Thai, Lao, Khmer, Myanmar) is eligible unless it is the block's last; it is justified when
its last character ends within 1 pt of the block's right edge (the rightmost line end).
Headings (lines set larger than the document's median line) are left out: they are ragged.
Prints, per PDF, the eligible lines, the justified share, and the lines that fall short.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET


def unspaced(c):
    o = ord(c)
    return (0x0E00 <= o <= 0x0FFF or 0x1000 <= o <= 0x109F or 0x1780 <= o <= 0x17FF
            or 0x3000 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF)


def size_of(line):
    sizes = [float(f.get("size")) for f in line.iter("font") for _ in f.iter("char")]
    return max(set(sizes), key=sizes.count) if sizes else 0.0


def lines_of(block, body):
    for line in block.iter("line"):
        if size_of(line) > body * 1.15:
            continue
        chars = [(c.get("c"), [float(v) for v in c.get("quad").split()]) for c in line.iter("char")]
        text = "".join(c for c, _ in chars)
        solid = text.replace(" ", "")
        if len(text) < 8 or sum(unspaced(c) for c in solid) < 0.7 * len(solid):
            continue
        ends = [q[2] for c, q in chars if c.strip()]
        if ends:
            yield max(ends), text


def main(paths):
    for pdf in paths:
        out = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                             capture_output=True, check=True).stdout
        root = ET.fromstring(out)
        sizes = sorted(size_of(line) for line in root.iter("line"))
        body = sizes[len(sizes) // 2] if sizes else 0.0
        eligible = at = 0
        short = []
        for block in root.iter("block"):
            lines = list(lines_of(block, body))
            if len(lines) < 2:
                continue
            edge = max(r for r, _ in lines)
            for right, text in lines[:-1]:
                eligible += 1
                if edge - right <= 1.0:
                    at += 1
                else:
                    short.append("%.1f pt short: %s" % (edge - right, text[-30:]))
        share = at / eligible if eligible else 0.0
        print("%s: %d eligible lines, justified %.3f" % (pdf, eligible, share))
        for s in short:
            print("  " + s)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
