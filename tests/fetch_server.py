#!/usr/bin/env python3
"""A small HTTP server on 127.0.0.1 for the fetch tests (no test touches the internet).

    fetch_server.py --port-file FILE --log FILE [--root DIR]

Binds a free port, writes it to the port file, and logs one JSON line per request (path,
start and end times, User-Agent, Referer, Accept-Encoding, If-None-Match, If-Modified-Since,
the status sent). It stops when its parent process is gone or after 10 minutes, so a test that
dies never leaves it behind. --root is the source tree (images come from tests/fixtures).

Paths:
  /article.html            an article with five images: root-relative, relative, lazy
                           (data-src), srcset, and one behind hotlink protection
  /img/NAME                tests/fixtures/images/NAME (or sample/article_files/NAME), with
                           an ETag (304 on revalidation)
  /guarded/NAME            the same, but 403 unless the Referer is a page of this server
  /redirect/N              302 to /redirect/N-1; /redirect/0 -> /article.html
  /loop                    302 to itself, forever
  /missing                 404
  /forbidden               403
  /busy/KEY                429 with Retry-After: 1 the first time for KEY, then the article
  /busy-long/KEY           429 with Retry-After: 3600 (always)
  /flaky/KEY               500 the first time for KEY, then the article
  /down                    503 always
  /gzip.html               the article, gzip-encoded when the client accepts gzip
  /big                     3 MB of text
  /slow                    sleeps 5 s, then the article
  /etag.html               the article with ETag "v1" and Last-Modified; 304 on revalidation
  /latin1.html             ISO-8859-1 bytes, no charset in the markup, charset in Content-Type
  /doc.pdf                 application/pdf
  /to-file                 302 to file:///etc/passwd
  /page-with-file-img.html a page whose image is file:///etc/hostname
  /md.md                   Markdown (text/markdown) with a relative image
  /delay/N                 sleeps N ms, then a small PNG (for the per-host limit)
  /many.html               a page with six /delay/300 images (per-host limit and delay)
"""
import argparse
import gzip
import zlib
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
LOCK = threading.Lock()
SEEN = {}

ARTICLE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>The Lighthouse Keeper</title>
<meta name="author" content="Ada Fetch"></head>
<body><article>
<h1>The Lighthouse Keeper</h1>
<p>For forty years the keeper climbed the spiral stair each evening to light the lamp, and each
morning he climbed it again to put the lamp out and wipe the salt from the great glass lens.</p>
<figure><img src="/img/rgb8.png" alt="root relative"><figcaption>A root-relative image.</figcaption></figure>
<p>The island had no trees, only grass bent flat by the wind, and a garden behind a stone wall
where he grew potatoes and cabbages that tasted faintly of the sea.</p>
<figure><img src="img/rgb.jpg" alt="relative"><figcaption>A relative image.</figcaption></figure>
<p>Ships passed far out on the horizon. Some nights he counted their lights, and some nights he
counted nothing at all and only listened to the waves below the rocks.</p>
<figure><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-src="/img/opaque.gif" alt="lazy"><figcaption>A lazy-loaded image.</figcaption></figure>
<p>When the supply boat came he asked for news, but mostly he asked for books, and the boatman
brought him whatever the library on the mainland could spare that month.</p>
<figure><img srcset="/img/gray8.png 1x, /img/rgba8.png 2x" alt="srcset"><figcaption>A srcset image.</figcaption></figure>
<p>In winter the storms shook the tower so hard that the lens rang like a bell, and he sat up all
night with the lamp, trimming the wick and listening to the glass sing above his head.</p>
<figure><img src="/guarded/pal8.png" alt="guarded"><figcaption>An image behind hotlink protection.</figcaption></figure>
<p>He kept a log of every ship, every storm and every visitor, and when they automated the light
the log went to a museum, where it sits in a glass case that no salt ever touches.</p>
</article></body></html>
"""

LATIN1 = ("<html><head><title>Caf\u00e9 cr\u00e8me</title></head><body><article>"
          "<h1>Caf\u00e9 cr\u00e8me</h1>" +
          "<p>Le caf\u00e9 \u00e9tait servi tr\u00e8s chaud dans une tasse \u00e9paisse, "
          "et la cr\u00e8me flottait \u00e0 la surface comme un nuage p\u00e2le.</p>" * 6 +
          "</article></body></html>")

FILE_IMG = ARTICLE.replace('/img/rgb8.png', 'file:///etc/hostname')

MARKDOWN = """# Notes from the Harbour

The harbour master keeps a chalkboard by the door with the tides written on it each morning,
and the fishermen read it on their way down to the boats before the sun is up.

![the chalkboard](img/gray8.png)

By noon the board is smudged by sleeves and rain, but nobody minds; by then the boats are out.
"""


def many_page():
    imgs = "".join('<p><img src="/delay/300?i=%d" alt="d%d"> Paragraph %d of a page with many '
                   'images, each served slowly so the per-host limit shows.</p>' % (i, i, i)
                   for i in range(6))
    return ARTICLE.replace("<p>For forty years", imgs + "<p>For forty years")


def first_time(key):
    with LOCK:
        n = SEEN.get(key, 0)
        SEEN[key] = n + 1
    return n == 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fetch-test/1"

    def log_message(self, fmt, *args):  # quiet: the JSON log is the record
        pass

    def send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.status = status
        self.record()  # before the answer goes out: a client that has it finds it logged
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def image(self, name):
        root = ARGS.root
        for d in ("tests/fixtures/images", "tests/fixtures/sample/article_files"):
            p = os.path.join(root, d, os.path.basename(name))
            if os.path.isfile(p):
                with open(p, "rb") as f:
                    data = f.read()
                ext = name.rsplit(".", 1)[-1]
                ctype = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif",
                         "webp": "image/webp"}.get(ext, "application/octet-stream")
                etag = '"%08x"' % (zlib.crc32(data) & 0xFFFFFFFF)
                if self.headers.get("If-None-Match") == etag:
                    return self.send(304, b"", None, [("ETag", etag)])
                return self.send(200, data, ctype, [("ETag", etag)])
        return self.send(404, "no such image")

    def route(self):
        p = self.path.split("?", 1)[0]
        host = "http://%s/" % self.headers.get("Host", "")
        if p == "/article.html":
            return self.send(200, ARTICLE)
        if p.startswith("/img/"):
            return self.image(p[5:])
        if p.startswith("/guarded/"):
            if not (self.headers.get("Referer") or "").startswith(host):
                return self.send(403, "no hotlinking")
            return self.image(p[9:])
        if p.startswith("/redirect/"):
            n = int(p[10:])
            loc = "/article.html" if n <= 0 else "/redirect/%d" % (n - 1)
            return self.send(302, "", None, [("Location", loc)])
        if p == "/loop":
            return self.send(302, "", None, [("Location", "/loop")])
        if p == "/missing":
            return self.send(404, "not here")
        if p == "/forbidden":
            return self.send(403, "go away")
        if p.startswith("/busy/"):
            if first_time(p):
                return self.send(429, "slow down", headers=[("Retry-After", "1")])
            return self.send(200, ARTICLE)
        if p.startswith("/busy-long/"):
            return self.send(429, "slow down", headers=[("Retry-After", "3600")])
        if p.startswith("/flaky/"):
            if first_time(p):
                return self.send(500, "oops")
            return self.send(200, ARTICLE)
        if p == "/down":
            return self.send(503, "down")
        if p == "/gzip.html":
            if "gzip" in (self.headers.get("Accept-Encoding") or ""):
                return self.send(200, gzip.compress(ARTICLE.encode()), headers=[
                    ("Content-Encoding", "gzip")])
            return self.send(200, ARTICLE)
        if p == "/big":
            return self.send(200, "x" * (3 << 20), "text/plain")
        if p == "/slow":
            time.sleep(5)
            return self.send(200, ARTICLE)
        if p == "/etag.html":
            lm = "Wed, 21 Oct 2015 07:28:00 GMT"
            if self.headers.get("If-None-Match") == '"v1"':
                return self.send(304, b"", None, [("ETag", '"v1"')])
            return self.send(200, ARTICLE, headers=[("ETag", '"v1"'), ("Last-Modified", lm)])
        if p == "/latin1.html":
            return self.send(200, LATIN1.encode("iso-8859-1"), "text/html; charset=ISO-8859-1")
        if p == "/doc.pdf":
            return self.send(200, b"%PDF-1.4\n%%EOF\n", "application/pdf")
        if p == "/to-file":
            return self.send(302, "", None, [("Location", "file:///etc/passwd")])
        if p == "/page-with-file-img.html":
            return self.send(200, FILE_IMG)
        if p == "/md.md":
            return self.send(200, MARKDOWN, "text/markdown; charset=utf-8")
        if p.startswith("/delay/"):
            time.sleep(int(p[7:]) / 1000.0)
            return self.image("gray8.png")
        if p == "/many.html":
            return self.send(200, many_page())
        return self.send(404, "unknown path")

    def record(self):
        rec = {"path": self.path, "start": self.start, "end": time.time(), "status": self.status}
        for h in ("User-Agent", "Referer", "Accept-Encoding", "If-None-Match",
                  "If-Modified-Since", "Cookie"):
            rec[h.lower()] = self.headers.get(h)
        with LOCK:
            with open(ARGS.log, "a") as f:
                f.write(json.dumps(rec) + "\n")

    def do_GET(self):
        self.start = time.time()
        self.status = 0
        self.route()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that hangs up early (the size cap, a timeout) is expected


def watch_parent(server, parent):
    deadline = time.time() + 600
    while time.time() < deadline:
        if os.getppid() != parent:
            break
        time.sleep(0.5)
    server.shutdown()


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    ARGS = ap.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, ARGS.port_file)
    threading.Thread(target=watch_parent, args=(server, os.getppid()), daemon=True).start()
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
