#!/usr/bin/env python3
"""Writes a synthetic archive of N articles into a folder, for bench/batch.sh and the batch
acceptance runs: saved pages (.html, a tenth with a local image in X_files/), Markdown and
text dumps of varied lengths (2 to 60 paragraphs), one in ten in Korean, one in a hundred
broken (empty or binary), one in fifty a duplicate of an earlier one. Each file's
modification time is its "saved" date, spread one every 10 hours back from 2024-06-30, so
--group-by week and --order date have something to work on. Deterministic for a given N.

    python3 bench/gen_archive.py OUT_DIR N [IMAGE.png]
"""
import os
import random
import shutil
import sys

WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from at "
         "which but have an they you were her she there one all we their been has when who will "
         "more no if out so said what up its about into than them can only other new some could "
         "time these two may then do first any my now such like our over man me even most made "
         "after also did many before must through back years where much your way well down "
         "should because each just those people how too little state good very make world still "
         "own see men work long get here between both life being under never day same another "
         "know while last might us great old year off come since against go came right used take "
         "three").split()
KO = ("한국어 기사 문장 조판 시험 페이지 오늘 우리는 새로운 도서관 바다 위에 열었다 시민들 "
      "책을 읽고 이야기를 나누며 저녁 늦게까지 머물렀다 항구 도시 주민 모두 함께").split()


def sentence(rng, korean):
    words = KO if korean else WORDS
    n = rng.randint(8, 22)
    s = " ".join(rng.choice(words) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def paragraph(rng, korean):
    return " ".join(sentence(rng, korean) for _ in range(rng.randint(2, 6)))


def write_article(path, i, rng, image):
    korean = i % 10 == 3
    title = ("기사 %d: 항구의 새 도서관" % i) if korean else "Article %d: %s" % (
        i, " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 7))).title())
    paras = [paragraph(rng, korean) for _ in range(rng.randint(2, 60))]
    kind = i % 3
    if kind == 0 or (image and i % 10 == 7):
        base = path + ".html"
        img = ""
        if image and i % 10 == 7:
            d = path + "_files"
            os.makedirs(d, exist_ok=True)
            shutil.copy(image, os.path.join(d, "figure.png"))
            img = '<figure><img src="%s_files/figure.png" alt="A figure"><figcaption>Figure of article %d</figcaption></figure>' % (
                os.path.basename(path), i)
        body = "".join("<p>%s</p>\n" % p for p in paras[:1]) + img + "".join(
            ("<h2>Section %d</h2>\n" % k if k % 8 == 0 else "") + "<p>%s</p>\n" % p
            for k, p in enumerate(paras[1:], 1))
        with open(base, "w", encoding="utf-8") as f:
            f.write('<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><title>%s</title>'
                    '<meta name="author" content="Writer %d"></head><body><article><h1>%s</h1>\n%s'
                    '</article></body></html>\n' % ("ko" if korean else "en", title, i % 17, title, body))
        return base
    if kind == 1:
        base = path + ".md"
        with open(base, "w", encoding="utf-8") as f:
            f.write("# %s\n\n" % title)
            for k, p in enumerate(paras):
                if k and k % 8 == 0:
                    f.write("## Section %d\n\n" % k)
                f.write(p + "\n\n")
        return base
    base = path + ".txt"
    with open(base, "w", encoding="utf-8") as f:
        f.write(title + "\n\n" + "\n\n".join(paras) + "\n")
    return base


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    image = sys.argv[3] if len(sys.argv) > 3 else None
    rng = random.Random(n)
    os.makedirs(out, exist_ok=True)
    t0 = 1719748800  # 2024-06-30T12:00Z
    written = []
    broken = dups = 0
    for i in range(1, n + 1):
        sub = os.path.join(out, "f%02d" % (i % 20))
        os.makedirs(sub, exist_ok=True)
        path = os.path.join(sub, "a%04d" % i)
        if i % 100 == 50:  # broken: empty, or binary bytes named .html
            p = path + ".html"
            with open(p, "wb") as f:
                f.write(b"" if i % 200 == 50 else bytes(range(256)) * 8)
            broken += 1
        elif i % 50 == 25 and written:  # a duplicate of an earlier article
            src = written[(i * 7) % len(written)]
            p = path + os.path.splitext(src)[1]
            shutil.copy(src, p)
            dups += 1
        else:
            p = write_article(path, i, rng, image)
            written.append(p)
        t = t0 - i * 36000
        os.utime(p, (t, t))
    print("%d files: %d broken, %d duplicates" % (n, broken, dups))


if __name__ == "__main__":
    main()
