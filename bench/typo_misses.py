#!/usr/bin/env python3
"""typo_misses.py - which lines typo_metrics.py counts as eligible but not justified, and why.

    python3 bench/typo_misses.py [--tools DIR] FILE.pdf...

typo_metrics.py (the team's shared tool, ../shared/tools by default) gives one number, `just`:
the share of eligible lines that reach their block's right margin. This script re-runs its
block and margin logic (imported from it, so the two cannot drift apart) and prints every
eligible line that misses, one per line:

    page  kind  x1/margin  size  | text  || next line of the block

kind is a guess at the cause, from what the line looks like:
  heading      larger than the body size (a wrapped heading or title, set ragged)
  small        smaller than the body (table cells, captions, title-block lines)
  marker-next  the next "line" is a lone list marker (a marker drawn after its text)
  bold-lead    the line is all bold and the block goes on (a run-in head before a break)
  blank-next   the next line holds nothing but spaces (an empty trailing line)
  short        a body-size line short of a justified block's margin (a forced break, or a
               real justification failure: look at it)
  ragged-block a block of body-size lines none of which reaches a common margin
Prints a count per kind and file at the end. Exits 2 when typo_metrics.py is not found.
"""
import os
import statistics
import sys


def load_tm(argv):
    tools = None
    if len(argv) > 1 and argv[0] == "--tools":
        tools, argv = argv[1], argv[2:]
    here = os.path.dirname(os.path.abspath(__file__))
    for d in ([tools] if tools else []) + [os.path.join(here, "..", "..", "shared", "tools")]:
        if d and os.path.isfile(os.path.join(d, "typo_metrics.py")):
            sys.path.insert(0, d)
            import typo_metrics
            return typo_metrics, argv
    print("typo_misses: typo_metrics.py not found (give --tools DIR)", file=sys.stderr)
    sys.exit(2)


def kind_of(tm, b, i, body, justified_block):
    ln, nxt = b[i], b[i + 1]
    ink = [c for c in ln["chars"] if c[2].strip()] if "chars" in ln else []
    if ln["size"] > body * 1.08:
        return "heading"
    if ln["size"] < body * 0.95:
        return "small"
    if tm.MARKER.match(nxt["text"].strip() or "x"):
        return "marker-next"
    if not nxt["text"].strip():
        return "blank-next"
    if ink and all("bold" in c[4].lower() for c in ink):
        return "bold-lead"
    return "short" if justified_block else "ragged-block"


def misses(tm, pdf):
    blocks = []
    for page, pb in tm.read_pages(pdf):
        for blk in pb:
            if len(blk) >= 2:
                infos = []
                for ln in blk:
                    inf = tm.line_info(ln)
                    inf["chars"] = ln["chars"]
                    infos.append(inf)
                blocks.append((page, infos))
    sizes = [ln["size"] for _, b in blocks for ln in b if len(ln["words"]) >= 4 and not ln["mono"]]
    body = statistics.median(sizes) if sizes else 0.0
    for _, b in blocks:
        for ln in b:
            s, ws = ln["size"], ln["words"]
            ln["em"] = body if body and abs(s - body) <= 0.03 * body else s
            start = 1 if ws and tm.MARKER.match(ws[0][2]) else 0
            ln["gaps"] = [(ws[k + 1][0] - ws[k][1]) / ln["em"] for k in range(start, len(ws) - 1)] if s else []
    info, page_edge = [], {}
    for page, b in blocks:  # the same selection as typo_metrics.analyse
        elig = [i for i, ln in enumerate(b[:-1]) if len(ln["words"]) >= 4 and not ln["mono"] and ln["gaps"]]
        elig = [i for i in elig if not ((max(b[i]["gaps"]) > 1.5 and max(b[i]["gaps"]) > 2.5 * min(b[i]["gaps"]))
                                        or min(b[i]["gaps"]) > 1.0)]
        if not elig:
            continue
        alnum = [b[i]["x1"] for i in elig if b[i]["text"][-1:].isalnum()]
        margin = max(alnum) if alnum else max(b[i]["x1"] for i in elig)
        reach = [i for i in elig if tm.near(b[i], margin)]
        justified = len(elig) >= 2 and len(reach) >= max(2, 0.5 * len(elig))
        if justified:
            page_edge.setdefault(page, []).append(margin)
        info.append((page, b, elig, margin, reach, justified))
    out, n_elig = [], 0
    for page, b, elig, margin, reach, justified in info:
        n_elig += len(elig)
        if len(elig) == 1:
            edges = page_edge.get(page) or [m for ms in page_edge.values() for m in ms]
            margin = statistics.median(edges) if edges else margin
            justified = bool(edges) and tm.near(b[elig[0]], margin)
            reach = elig if justified else []
        for i in elig:
            if justified and i in reach:
                continue
            out.append((page, kind_of(tm, b, i, body, justified), b[i]["x1"], margin, b[i]["size"],
                        b[i]["text"], b[i + 1]["text"]))
    return out, n_elig


def main(argv):
    tm, files = load_tm(argv)
    if not files:
        sys.exit(__doc__)
    for f in files:
        rows, n = misses(tm, f)
        print("== %s: %d of %d eligible lines miss the margin" % (os.path.basename(f), len(rows), n))
        counts = {}
        for page, kind, x1, margin, size, text, nxt in rows:
            counts[kind] = counts.get(kind, 0) + 1
            print("p%-3d %-12s %6.1f/%-6.1f %5.1fpt | %s || %s" % (page, kind, x1, margin, size,
                                                              text[:80], nxt[:30]))
        print("   " + ", ".join("%s %d" % kv for kv in sorted(counts.items())))


if __name__ == "__main__":
    main(sys.argv[1:])
