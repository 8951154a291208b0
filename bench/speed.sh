#!/usr/bin/env bash
# Speed on real saved pages, measured side by side (issue 19): offprint and every peer that is
# installed convert the same pages in the same go, a process per page, each without network
# (unshare -n), and the table gives peer / offprint ratios of wall time, CPU time and peak
# memory, with the date and the machine. Ratios, never pass/fail: machines are shared and noisy.
#
#   bash bench/speed.sh [BUILD_DIR]
#
# Sets: the sample article (REPS runs each), every page of ../shared/corpus (readability,
# aeb, trafilatura; PAGES=N takes N of them, evenly spaced), one generated article at SIZES
# ("50K 250K 1M 4M") and BATCH generated articles (default 1000; offprint in batch mode with
# -j JOBS, the peers one by one). TIMEOUT (default 120) seconds per run (WK_TIMEOUT, default
# 60, for wkhtmltopdf, which still waits on some pages for nothing); PEERS (default
# "weasyprint wkhtmltopdf pandoc calibre") limits the peers; KEEP=DIR keeps the raw
# measurements (raw.tsv). Peers: WeasyPrint and wkhtmltopdf (PDF), pandoc and calibre's
# ebook-convert (EPUB). Nothing is installed: the script says which Debian packages it wants.
# Needs python3 (measurements through wait4: CPU and peak RSS of each process tree).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
[ -x "$build/offprint" ] || { echo "speed.sh: build offprint first ($build/offprint)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "speed.sh: needs python3" >&2; exit 2; }
missing=()
for p in weasyprint:weasyprint wkhtmltopdf:wkhtmltopdf pandoc:pandoc ebook-convert:calibre; do
    command -v "${p%%:*}" >/dev/null || missing+=("${p#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "speed.sh: peers not installed (left out): ${missing[*]}"
    echo "          to include them: sudo apt-get install ${missing[*]}"
fi
exec python3 - "$root" "$build" <<'PY'
import os, sys, time, gzip, shutil, subprocess, statistics, tempfile, platform, random

root, build = sys.argv[1], sys.argv[2]
offprint = os.path.join(build, "offprint")
env_int = lambda k, d: int(os.environ.get(k, d))
REPS, PAGES, BATCH = env_int("REPS", 5), env_int("PAGES", 0), env_int("BATCH", 1000)
TIMEOUT, JOBS = env_int("TIMEOUT", 120), env_int("JOBS", 2)
WK_TIMEOUT = env_int("WK_TIMEOUT", 60)  # wkhtmltopdf still waits on some pages for nothing
SIZES = os.environ.get("SIZES", "50K 250K 1M 4M").split()
work = tempfile.mkdtemp(prefix="offprint-speed-")
keep = os.environ.get("KEEP")

# ---- isolation: no network for any run ----
def can(cmd):
    return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
# the namespace's own loopback is brought up (still no way out): wkhtmltopdf's requests then
# fail at once through a closed local proxy port instead of hanging until the timeout
LO = ["sh", "-c", 'ip link set lo up 2>/dev/null; exec "$@"', "sh"]
if can(["unshare", "-n", "true"]):
    iso, iso_note = ["unshare", "-n"] + LO, "each run under unshare -n (no network)"
elif can(["unshare", "-rn", "true"]):
    iso, iso_note = ["unshare", "-rn"] + LO, "each run under unshare -rn (no network, user namespace)"
else:
    iso, iso_note = [], "unshare not permitted here: runs are NOT isolated from the network"

# ---- tools: (name, output format, command for in -> out) ----
PEERS = os.environ.get("PEERS", "weasyprint wkhtmltopdf pandoc calibre").split()
def have(t):
    name = "calibre" if t == "ebook-convert" else t
    return name in PEERS and shutil.which(t) is not None
def resdir(i):
    return os.path.dirname(os.path.abspath(i))
TOOLS = [("offprint", "pdf", lambda i, o: [offprint, "-q", "--timings", i, "-o", o]),
         ("offprint", "epub", lambda i, o: [offprint, "-q", "--timings", i, "-o", o])]
if have("weasyprint"):
    TOOLS.append(("weasyprint", "pdf", lambda i, o: ["weasyprint", "-q", i, o]))
if have("wkhtmltopdf"):
    # local files only from the page's folder: with file access open, a protocol-relative
    # URL (//fonts.example/x.css) becomes file://host/..., which wkhtmltopdf waits on forever;
    # and a proxy on a closed loopback port, without which its requests hang with no network
    TOOLS.append(("wkhtmltopdf", "pdf", lambda i, o: [
        "wkhtmltopdf", "-q", "--disable-javascript", "--load-error-handling", "ignore",
        "--load-media-error-handling", "ignore", "--disable-local-file-access", "--allow",
        resdir(i), "--proxy", "http://127.0.0.1:9", i, o]))
if have("pandoc"):
    TOOLS.append(("pandoc", "epub", lambda i, o: [
        "pandoc", "-f", "html", "-t", "epub3", "--resource-path", resdir(i), i, "-o", o]))
if have("ebook-convert"):
    TOOLS.append(("calibre", "epub", lambda i, o: ["ebook-convert", i, o]))
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=work)

def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except Exception:
        return "?"

# ---- one measured run: wall (monotonic), CPU and peak RSS of the process tree (wait4) ----
raw = []
def run(set_, tool, fmt, page, cmd, out):
    limit = min(TIMEOUT, WK_TIMEOUT) if tool == "wkhtmltopdf" else TIMEOUT
    full = iso + ["timeout", "-k", "5", str(limit)] + cmd
    t0 = time.perf_counter()
    err = open(os.path.join(work, "stderr"), "w+")
    p = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=err, env=ENV, cwd=work)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    stages = {}
    if tool == "offprint":  # --timings: "  tree   12.3 ms   40%  (CPU 11.9 ms)"
        err.seek(0)
        for line in err:
            f = line.split()
            if len(f) >= 6 and f[2] == "ms" and f[4] == "(CPU":
                stages[f[0]] = float(f[5])
    err.close()
    rc = os.waitstatus_to_exitcode(status)
    # wkhtmltopdf exits 1 after load errors it was told to ignore; its PDF is written
    ok = (rc == 0 or (rc == 1 and tool == "wkhtmltopdf")) and os.path.exists(out) and \
        os.path.getsize(out) > 0
    r = dict(set=set_, tool=tool, fmt=fmt, page=page, ok=ok, timeout=rc == 124, wall=wall,
             cpu=ru.ru_utime + ru.ru_stime, rss=ru.ru_maxrss / 1024.0, stages=stages)
    raw.append(r)
    if os.path.exists(out):
        if os.path.isdir(out):
            shutil.rmtree(out, ignore_errors=True)
        else:
            os.unlink(out)
    return r

def run_all(set_, page, path, reps=1):
    for _ in range(reps):
        for tool, fmt, mk in TOOLS:
            out = os.path.join(work, "out." + fmt)
            run(set_, tool, fmt, page, mk(path, out), out)

# ---- inputs ----
corpus = os.path.join(root, "..", "shared", "corpus")
pages = []
for d in sorted(os.listdir(os.path.join(corpus, "readability"))) if os.path.isdir(corpus) else []:
    f = os.path.join(corpus, "readability", d, "source.html")
    if os.path.exists(f):
        pages.append(("readability/" + d, f))
aeb = os.path.join(corpus, "aeb", "html")
if os.path.isdir(aeb):
    os.makedirs(os.path.join(work, "aeb"), exist_ok=True)
    for g in sorted(os.listdir(aeb)):
        if g.endswith(".gz"):
            f = os.path.join(work, "aeb", g[:-3])
            with gzip.open(os.path.join(aeb, g)) as src, open(f, "wb") as dst:
                shutil.copyfileobj(src, dst)
            pages.append(("aeb/" + g[:12], f))
traf = os.path.join(corpus, "trafilatura", "html")
if os.path.isdir(traf):
    for g in sorted(os.listdir(traf)):
        pages.append(("trafilatura/" + g, os.path.join(traf, g)))
if PAGES and PAGES < len(pages):
    pages = [pages[i * len(pages) // PAGES] for i in range(PAGES)]

WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from "
         "at which but have an they you were her she there been one all we their has would when "
         "if so no will more about can said them what out up some into time only could new "
         "people years may first like over than other after also made many two most state city "
         "river market water school report council budget policy research data study found "
         "during between against under while because before through where house world").split()

def article(nbytes, seed, title):
    """A plain saved-article page of about nbytes: a header, nav, one style and script,
    then sections of generated prose."""
    rnd = random.Random(seed)
    head = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title>"
            "<meta name=\"author\" content=\"A. Writer\"><style>body{font:16px serif}"
            ".nav a{margin:0 1em}</style><script>var analytics = {page: 1};</script></head>"
            "<body><nav class=\"nav\"><a href=\"/\">Home</a><a href=\"/news\">News</a></nav>"
            "<article><h1>%s</h1><p class=\"byline\">By A. Writer</p>" % (title, title))
    parts, size, n = [head], len(head), 0
    while size < nbytes - 200:
        if n % 6 == 5:
            s = "<h2>%s</h2>" % " ".join(rnd.choice(WORDS) for _ in range(4)).capitalize()
        else:
            sents = []
            for _ in range(rnd.randint(3, 7)):
                w = [rnd.choice(WORDS) for _ in range(rnd.randint(8, 20))]
                sents.append(" ".join(w).capitalize() + ".")
            s = "<p>" + " ".join(sents) + "</p>\n"
        parts.append(s)
        size += len(s)
        n += 1
    parts.append("</article><footer>Copyright</footer></body></html>\n")
    return "".join(parts)

def size_bytes(s):
    m = {"K": 1000, "M": 1000 * 1000}
    return int(float(s[:-1]) * m[s[-1]]) if s[-1] in m else int(s)

# ---- runs ----
print("offprint speed, side by side: %s" % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
cpu = "?"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
print("machine: %s %s, %s, %d CPUs, %.0f GB RAM, load %.1f at start" % (
    platform.system(), platform.release(), cpu, os.cpu_count(), mem, os.getloadavg()[0]))
print("network: %s; timeout %d s a run (wkhtmltopdf %d s)" % (iso_note, TIMEOUT,
                                                               min(TIMEOUT, WK_TIMEOUT)))
seen = set()
for tool, fmt, mk in TOOLS:
    if tool in seen:
        continue
    seen.add(tool)
    cmd = {"offprint": [offprint, "--version"], "weasyprint": ["weasyprint", "--version"],
           "wkhtmltopdf": ["wkhtmltopdf", "--version"], "pandoc": ["pandoc", "--version"],
           "calibre": ["ebook-convert", "--version"]}[tool]
    print("  %-12s %s" % (tool, version(cmd)))
sys.stdout.flush()

sample = os.path.join(root, "tests", "fixtures", "sample", "article.html")
run_all("sample", "article.html", sample, REPS)
for k, (name, path) in enumerate(pages):
    print("\r  corpus page %d of %d" % (k + 1, len(pages)), end="", file=sys.stderr, flush=True)
    run_all("corpus", name, path)
print(file=sys.stderr)
for s in SIZES:
    print("  scaling: %s" % s, file=sys.stderr, flush=True)
    f = os.path.join(work, "scale-%s.html" % s)
    with open(f, "w") as out:
        out.write(article(size_bytes(s), 1, "One article at %s" % s))
    run_all("scale " + s, os.path.basename(f), f)
batch_times = {}
if BATCH > 0:
    bdir = os.path.join(work, "batch")
    os.makedirs(bdir)
    files = []
    for k in range(BATCH):
        f = os.path.join(bdir, "article-%04d.html" % k)
        with open(f, "w") as out:
            out.write(article(random.Random(k).randint(6000, 20000), k + 100, "Article %d" % k))
        files.append(f)
    for fmt in ("pdf", "epub"):
        outdir = os.path.join(work, "batch-out-" + fmt)
        r = run("batch", "offprint -j%d" % JOBS, fmt, "batch", [
            offprint, "-q", "--batch", "-j", str(JOBS), "--to", fmt, "-o", outdir] + files,
            outdir)
        batch_times[("offprint", fmt)] = (r["wall"], r["cpu"], r["ok"])
    for tool, fmt, mk in TOOLS:
        if tool == "offprint":
            continue
        print("  batch: %s one by one" % tool, file=sys.stderr, flush=True)
        t0, c, okn = time.perf_counter(), 0.0, 0
        for f in files:
            out = os.path.join(work, "b." + fmt)
            r = run("batch-each", tool, fmt, os.path.basename(f), mk(f, out), out)
            c += r["cpu"]
            okn += r["ok"]
        batch_times[(tool, fmt)] = (time.perf_counter() - t0, c, okn == len(files))

# ---- the table ----
def med(v):
    return statistics.median(v) if v else float("nan")
def p90(v):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(0.9 * (len(v) - 1))))] if v else float("nan")
def rows(set_, tool, fmt):
    return [r for r in raw if r["set"] == set_ and r["tool"] == tool and r["fmt"] == fmt]

print("\nRatios are peer / offprint for the same output (PDF peers against offprint's PDF, EPUB")
print("peers against its EPUB): the median over pages of each page's ratio, pages both converted.")
hdr = "| set | output | tool | ok | wall median | wall p90 | CPU median | peak RSS | wall x | CPU x | RSS x |"
print(hdr)
print("|" + "---|" * (hdr.count("|") - 1))
sets = ["sample", "corpus"] + ["scale " + s for s in SIZES]
for set_ in sets:
    for fmt in ("pdf", "epub"):
        base_by_page = {}
        for r in rows(set_, "offprint", fmt):
            base_by_page.setdefault(r["page"], []).append(r)
        for tool in dict.fromkeys(t for t, f, _ in TOOLS if f == fmt):
            rs = rows(set_, tool, fmt)
            if not rs:
                continue
            good = [r for r in rs if r["ok"]]
            wall = [r["wall"] for r in good]
            cpu_ = [r["cpu"] for r in good]
            rss = [r["rss"] for r in good]
            ratios = {"wall": [], "cpu": [], "rss": []}
            if tool != "offprint":
                for r in good:
                    b = [x for x in base_by_page.get(r["page"], []) if x["ok"]]
                    if not b:
                        continue
                    for k in ratios:
                        bv = med([x[k] for x in b])
                        if bv > 0:
                            ratios[k].append(r[k] / bv)
            def rat(k):
                return "%.1f" % med(ratios[k]) if ratios[k] else ""
            tos = sum(r["timeout"] for r in rs)
            okcol = "%d/%d%s" % (len(good), len(rs), " (%d timed out)" % tos if tos else "")
            print("| %s | %s | %s | %s | %.0f ms | %.0f ms | %.0f ms | %.0f MB | %s | %s | %s |" % (
                set_, fmt.upper(), tool, okcol, med(wall) * 1e3, p90(wall) * 1e3,
                med(cpu_) * 1e3, med(rss), rat("wall"), rat("cpu"), rat("rss")))

print("\nWhere offprint's time goes (--timings: CPU per stage, summed over the set's runs)")
for set_ in sets:
    for fmt in ("pdf", "epub"):
        tot = {}
        for r in rows(set_, "offprint", fmt):
            for k, v in r["stages"].items():
                tot[k] = tot.get(k, 0.0) + v
        whole = sum(v for k, v in tot.items() if k != "total")
        if whole > 0:
            print("  %-10s %-4s %s" % (set_, fmt.upper(), ", ".join(
                "%s %.0f%%" % (k, 100 * v / whole) for k, v in tot.items()
                if k != "total" and v / whole >= 0.005)))

if len(SIZES) > 1:
    print("\nScaling (offprint): time and memory per MB of HTML, relative to the smallest size")
    print("(CPU time: on a busy machine wall time mostly measures the others)")
    for fmt in ("pdf", "epub"):
        first = None
        for s in SIZES:
            rs = [r for r in rows("scale " + s, "offprint", fmt) if r["ok"]]
            if not rs:
                continue
            mb = size_bytes(s) / 1e6
            per = (rs[0]["wall"] / mb, rs[0]["cpu"] / mb)
            first = first or per
            print("  %s %5s: wall %7.0f ms, CPU %7.0f ms, %6.1f MB peak; per MB %.2f x (wall), "
                  "%.2f x (CPU) that of %s" % (fmt.upper(), s, rs[0]["wall"] * 1e3,
                                               rs[0]["cpu"] * 1e3, rs[0]["rss"], per[0] / first[0],
                                               per[1] / first[1], SIZES[0]))

if batch_times:
    print("\nBatch of %d generated articles: articles a second (offprint in batch mode with -j%d,"
          % (BATCH, JOBS))
    print("the peers one process an article)")
    for (tool, fmt), (wall, c, ok) in batch_times.items():
        print("  %-12s %-4s %8.1f articles/s  (%.1f s wall, %.1f s CPU%s)" % (
            tool, fmt.upper(), BATCH / wall, wall, c, "" if ok else ", some failed"))
    op = batch_times.get(("offprint", "pdf")), batch_times.get(("offprint", "epub"))
    wp, pa = batch_times.get(("weasyprint", "pdf")), batch_times.get(("pandoc", "epub"))
    if op[0] and op[1] and wp and pa:
        print("  WeasyPrint + pandoc one by one / offprint PDF + EPUB batches: %.1f x" % (
            (wp[0] + pa[0]) / (op[0][0] + op[1][0])))

if keep:
    os.makedirs(keep, exist_ok=True)
    with open(os.path.join(keep, "raw.tsv"), "w") as f:
        f.write("set\ttool\tfmt\tpage\tok\ttimeout\twall\tcpu\trss_mb\n")
        for r in raw:
            f.write("%s\t%s\t%s\t%s\t%d\t%d\t%.4f\t%.4f\t%.1f\n" % (
                r["set"], r["tool"], r["fmt"], r["page"], r["ok"], r["timeout"], r["wall"],
                r["cpu"], r["rss"]))
shutil.rmtree(work, ignore_errors=True)
PY
