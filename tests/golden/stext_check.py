#!/usr/bin/env python3
"""Checks on the characters mutool draw -F stext gives with their positions, for the
script tests (pdf_cjk.sh, pdf_rtl.sh). Visual lines are the characters of one block that
share a baseline, in x order. Usage: stext_check.py CHECK FILE.xml [ARG]; exit 1 with a
message per failure. Checks:
  kinsoku      no body line starts with a character kinsoku forbids there, none ends
               with an opening bracket
  justified    every line of a paragraph block but its last reaches both margins
  onefont      the CJK characters of the first block (the title) are in one font
  rtl TEXT     some line read right to left (x descending) spells TEXT (no spaces)
  ltr TEXT     some line read left to right spells TEXT (no spaces)
  rightaligned every line of the page's body ends at the same right margin
"""
import sys
import xml.etree.ElementTree as ET

NO_START = set("、。，．・：；？！ー‐゠–〜～ヽヾゝゞ々〻"
               "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
               ")]}）］｝〕〉》」』】〙〗〟’”｠»,.:;!?")
NO_END = set("([{（［｛〔〈《「『【〘〖〝‘“｟«")


def blocks(path):
    """[[line, ...] per block], a line being [(x0, x1, y, ch, font)] sorted by x."""
    out = []
    for blk in ET.parse(path).getroot().iter("block"):
        rows = {}
        for font in blk.iter("font"):
            for c in font.iter("char"):
                q = [float(v) for v in c.get("quad").split()]
                y = round(float(c.get("y")), 1)
                rows.setdefault(y, []).append((min(q[0], q[4]), max(q[2], q[6]), y,
                                               c.get("c"), font.get("name")))
        lines = [sorted(r) for _, r in sorted(rows.items())]
        lines = [[ch for ch in ln if ch[3].strip()] for ln in lines]
        out.append([ln for ln in lines if ln])
    return out


def is_cjk(ch):
    o = ord(ch)
    return 0x3040 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


def body(path):
    """Blocks of text lines wider than a few characters (no page number, no rule)."""
    return [b for b in blocks(path) if b and sum(len(ln) for ln in b) > 8]


def main():
    check, path = sys.argv[1], sys.argv[2]
    fails = []
    bs = body(path)
    if not bs:
        fails.append("no text")
    if check == "kinsoku":
        for b in bs:
            for ln in b:
                text = "".join(c[3] for c in ln)
                if ln[0][3] in NO_START:
                    fails.append("line starts with %r: %s" % (ln[0][3], text))
                if ln[-1][3] in NO_END:
                    fails.append("line ends with %r: %s" % (ln[-1][3], text))
    elif check in ("justified", "rightaligned"):
        left = min(ln[0][0] for b in bs for ln in b)
        right = max(ln[-1][1] for b in bs for ln in b)
        full = 0
        for b in bs:
            for i, ln in enumerate(b):
                text = "".join(c[3] for c in ln)
                last = i == len(b) - 1
                if check == "justified" and (last or len(b) < 2):
                    continue
                if abs(ln[-1][1] - right) > 0.6:
                    fails.append("line ends at %.2f, not at the margin %.2f: %s"
                                 % (ln[-1][1], right, text))
                if check == "justified" and abs(ln[0][0] - left) > 0.6 and i > 0:
                    fails.append("line starts at %.2f, not at the margin %.2f: %s"
                                 % (ln[0][0], left, text))
                full += 1
        if full < 3:
            fails.append("only %d lines checked" % full)
    elif check == "onefont":
        fonts = {c[4] for ln in bs[0] for c in ln if is_cjk(c[3])}
        if len(fonts) != 1:
            fails.append("title in %d fonts: %s" % (len(fonts), sorted(fonts)))
        print("title font:", ",".join(sorted(fonts)))
    elif check in ("rtl", "ltr"):
        want = sys.argv[3]
        lines = ["".join(c[3] for c in (reversed(ln) if check == "rtl" else ln))
                 for b in bs for ln in b]
        if not any(want in ln for ln in lines):
            fails.append("no line read %s has %r; lines: %s" % (check, want, lines[:8]))
    else:
        fails.append("unknown check " + check)
    for f in fails:
        print("FAIL:", f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
