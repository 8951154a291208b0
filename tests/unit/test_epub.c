/* Unit tests for src/epub: helpers (dates, languages, URLs, SHA-1), then whole books built
 * programmatically with every node kind, read back through epub_read_entry (libzip inside
 * src/epub), parsed with libxml2 for well-formedness, checked for reproducibility; in the
 * entry unit_test_epub_epubcheck also run through epubcheck (0 errors and 0 warnings wanted;
 * a reported skip without java or the jar). */
#include "harness.h"
#include "doc_build.h"
#include "epub/epub_int.h"
#include "image/image.h"
#include "offprint/epub.h"
#include "offprint/check.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FIX           OP_TEST_SRC_DIR "/tests/fixtures/epub/"
#define EPUBCHECK_JAR "/usr/share/java/epubcheck.jar"

/*** Diagnostics capture ***/

typedef struct captured {
    char text[8192];
} captured;

static void capture(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    captured *c = ud;
    size_t n = strlen(c->text);
    (void)line;
    snprintf(c->text + n, sizeof c->text - n, "%s: %s: %s\n", file ? file : "-",
             sev == OP_SEV_ERROR     ? "error"
             : sev == OP_SEV_WARNING ? "warning"
                                     : "note",
             msg);
}

/*** Tree building ***/

static op_node *heading(op_doc *d, int level, const char *s)
{
    op_node *h = add(d, op_doc_root(d), OP_NODE_HEADING);
    op_node_set_level(h, level);
    if (s)
        text(d, h, s);
    return h;
}

static op_node *image(op_doc *d, op_node *parent, const char *url, const char *alt)
{
    op_node *n = add(d, parent, OP_NODE_IMAGE);
    op_node_set_url(d, n, url, strlen(url));
    if (alt)
        op_node_set_literal(d, n, alt, strlen(alt));
    return n;
}

static op_node *add_link(op_doc *d, op_node *parent, const char *href, const char *s)
{
    op_node *a = add(d, parent, OP_NODE_LINK);
    op_node_set_url(d, a, href, strlen(href));
    text(d, a, s);
    return a;
}

static void meta(op_doc *d, op_meta_field f, const char *s)
{
    op_doc_set_meta(d, f, s, strlen(s));
}

static char *file_base64(const char *path)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *data = NULL;
    size_t len = 0, o = 0;
    if (op_file_read(path, 0, &data, &len) != OP_OK)
        return op_strdup("");
    char *out = op_malloc(len * 4 / 3 + 8);
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)(unsigned char)data[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)(unsigned char)data[i + 1] << 8;
        if (i + 2 < len)
            v |= (unsigned char)data[i + 2];
        out[o++] = tab[v >> 18];
        out[o++] = tab[(v >> 12) & 63];
        out[o++] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? tab[v & 63] : '=';
    }
    out[o] = '\0';
    op_free(data);
    return out;
}

static void rich_meta(op_doc *d)
{
    meta(d, OP_META_TITLE, "Offprint \xE2\x80\x94 \xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 & <test>");
    meta(d, OP_META_SUBTITLE, "A subtitle with \xCE\xB1\xCE\xB2\xCE\xB3");
    meta(d, OP_META_AUTHOR, "Jane Doe, \xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD");
    meta(d, OP_META_PUBLISHED, "2024-03-05T10:20:30+0900");
    meta(d, OP_META_SITE_NAME, "Example Times");
    meta(d, OP_META_SOURCE_URL, "https://example.com/news/a b?x=1&y=2");
    meta(d, OP_META_LANG, "ko_KR");
    meta(d, OP_META_DESCRIPTION, "Description \"quoted\".");
    meta(d, OP_META_LEAD_IMAGE, FIX "tiny.jpg");
}

static void rich_inlines(op_doc *d, op_node *root)
{
    op_node *p = para(d, root, "Plain \xED\x95\x9C\xEA\xB8\x80 \xD0\x9F\xD1\x80\xD0\xB8 ");
    text(d, add(d, p, OP_NODE_EMPH), "emph");
    text(d, add(d, p, OP_NODE_STRONG), "strong");
    op_node *c = add(d, p, OP_NODE_CODE);
    op_node_set_literal(d, c, "x < y && z", 10);
    add(d, p, OP_NODE_LINE_BREAK);
    text(d, add(d, p, OP_NODE_SUB), "2");
    text(d, add(d, p, OP_NODE_SUP), "n");
    add_link(d, p, "https://example.com/a?b=1&c=\xC3\xA9", "safe link");
    add_link(d, p, "javascript:alert(1)", "evil link");
    add_link(d, p, "#greek-section", "internal");
    add_link(d, p, "#nowhere", "dangling");
    op_node *outer = add_link(d, p, "mailto:a@example.com", "mail ");
    add_link(d, outer, "https://nested.example/", "nested");
    text(d, p, " ctrl\x01\x02\x7f chars \xEF\xBF\xBE end");
    image(d, p, FIX "tiny.gif", "gif inline");
    image(d, p, "https://example.com/remote.png", "remote alt");
    image(d, p, "/nonexistent/missing.png", "missing alt");
    image(d, p,
          "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><g><script>x()</script>"
          "</g></svg>",
          "scripted svg");
    image(d, p,
          "data:image/svg+xml;utf8,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E<image "
          "href='http://x.example/a.png'/></svg>",
          "remote svg");
}

static void rich_blocks(op_doc *d, op_node *root)
{
    op_node *bq = add(d, root, OP_NODE_BLOCKQUOTE);
    para(d, bq, "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9\xCE\xBA\xCE\xAC quote");
    op_node *ol = add(d, root, OP_NODE_LIST);
    op_node_set_list(ol, 1, 3);
    para(d, add(d, ol, OP_NODE_ITEM), "three");
    op_node *item = add(d, ol, OP_NODE_ITEM);
    para(d, item, "four");
    op_node *ul = add(d, item, OP_NODE_LIST);
    op_node_set_list(ul, 0, 1);
    para(d, add(d, ul, OP_NODE_ITEM), "nested");
    add(d, ul, OP_NODE_ITEM); /* empty item */
    op_node *cb = add(d, root, OP_NODE_CODE_BLOCK);
    op_node_set_literal(d, cb, "def f():\n    return 1 < 2\n", 26);
    op_node_set_title(d, cb, "python {.numberLines}", 21);
    add(d, root, OP_NODE_THEMATIC_BREAK);
    para(d, root, NULL); /* empty paragraph must be <p></p> */
}

static void rich_figures(op_doc *d, op_node *root)
{
    char *b64 = file_base64(FIX "tiny.png");
    size_t n = strlen(b64) + 32;
    char *uri = op_malloc(n);
    snprintf(uri, n, "data:image/png;base64,%s", b64);

    op_node *fig = add(d, root, OP_NODE_FIGURE);
    image(d, fig, FIX "tiny.png", "png image");
    text(d, add(d, fig, OP_NODE_CAPTION), "Caption \xED\x95\x9C");
    fig = add(d, root, OP_NODE_FIGURE);
    image(d, fig, FIX "tiny.jpg", "jpeg");
    image(d, fig, "file://" FIX "tiny.jpg", "jpeg again via file URL");
    image(d, fig, uri, "png again via data URI");
    fig = add(d, root, OP_NODE_FIGURE);
    image(d, fig, FIX "tiny.webp", "webp converted");
    image(d, fig, FIX "tiny.svg", "svg");
    fig = add(d, root, OP_NODE_FIGURE);
    image(d, fig, "http://example.com/x.jpg", "only remote");
    op_free(uri);
    op_free(b64);
}

static void rich_table(op_doc *d, op_node *root)
{
    op_node *t = add(d, root, OP_NODE_TABLE);
    op_node *r = add(d, t, OP_NODE_TABLE_ROW);
    for (int i = 0; i < 3; i++) {
        op_node *c = add(d, r, OP_NODE_TABLE_CELL);
        op_node_set_cell(c, 1, i + 1);
        text(d, c, i == 0 ? "Left" : i == 1 ? "Center" : "Right");
    }
    for (int row = 0; row < 2; row++) {
        r = add(d, t, OP_NODE_TABLE_ROW);
        for (int i = 0; i < 3; i++) {
            op_node *c = add(d, r, OP_NODE_TABLE_CELL);
            op_node_set_cell(c, i == 0, i + 1);
            if (!(row == 1 && i == 2))
                text(d, c, row ? "\xD0\x94\xD0\xB0" : "1.5");
        }
    }
}

static op_doc *rich_doc(void)
{
    op_doc *d = op_doc_new();
    op_node *root = op_doc_root(d);

    rich_meta(d);
    heading(d, 1, "Introduction");
    rich_inlines(d, root);
    heading(d, 3, "Skipped level");
    rich_blocks(d, root);
    heading(d, 2, "Greek section");
    rich_figures(d, root);
    heading(d, 2, "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 only");
    rich_table(d, root);
    heading(d, 2, "Introduction"); /* duplicate text -> unique id */
    heading(d, 4, NULL);           /* empty heading: id but no toc entry */
    para(d, root, "The end.");
    return d;
}

/*** Read-back helpers ***/

static char *entry(const char *path, const char *name, size_t *len)
{
    char *data = NULL;
    size_t n = 0;
    op_status st = epub_read_entry(path, name, &data, &n, NULL);
    OK(st == OP_OK, "entry %s missing in %s", name, path);
    if (len)
        *len = n;
    return data;
}

static int well_formed(const char *data, size_t len)
{
    xmlDocPtr doc = xmlReadMemory(data, (int)len, "entry.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    int ok = doc != NULL;
    xmlFreeDoc(doc);
    return ok;
}

static char *slurp(const char *path, size_t *len)
{
    char *data = NULL;
    if (op_file_read(path, 0, &data, len) != OP_OK)
        return NULL;
    return data;
}

static int file_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* Runs epubcheck on path (0 errors and 0 warnings wanted). Only in the "epubcheck" entry
 * (OP_TEST_GROUP=epubcheck, which runs the tests that call it a second time): there java or
 * the jar missing is a reported skip; the main entry leaves it out. */
static void check_epub(const char *path)
{
    char cmd[1024], line[1024];
    int clean = 0;

    if (!in_group("epubcheck") || !need_file(EPUBCHECK_JAR, "Debian epubcheck") ||
        !need_tool("java"))
        return;
    snprintf(cmd, sizeof cmd, "java -jar %s '%s' 2>&1", EPUBCHECK_JAR, path);
    FILE *f = popen(cmd, "r");
    OK(f != NULL, "cannot run %s", cmd);
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, "No errors or warnings detected"))
            clean = 1;
        if (strncmp(line, "ERROR", 5) == 0 || strncmp(line, "WARNING", 7) == 0 ||
            strncmp(line, "FATAL", 5) == 0)
            fprintf(stderr, "epubcheck: %s", line);
    }
    pclose(f);
    OK(clean, "epubcheck found problems in %s", path);
}

/*** Helper tests ***/

static void test_dates(void)
{
    static const char *const cases[][2] = {
        {"2024", "2024"},
        {"2024-03", "2024-03"},
        {"2024-03-05", "2024-03-05"},
        {" 2024-3-5 ", "2024-03-05"},
        {"2024/03/05", "2024-03-05"},
        {"2024.03.05", "2024-03-05"},
        {"20240305", "2024-03-05"},
        {"2024-03-05T10:20:30Z", "2024-03-05T10:20:30Z"},
        {"2024-03-05T10:20:30.123+09:00", "2024-03-05T10:20:30+09:00"},
        {"2024-03-05 10:20:30+0900", "2024-03-05T10:20:30+09:00"},
        {"2024-03-05T10:20", "2024-03-05"},
        {"March 5, 2024", "2024-03-05"},
        {"Tuesday, Mar. 5th, 2024", "2024-03-05"},
        {"5 September 2023", "2023-09-05"},
        {"Sept 2023", "2023-09"},
        {"2024-02-29", "2024-02-29"},
    };
    static const char *const bad[] = {"",           "yesterday",         "2023-02-29",
                                      "2024-13-01", "2024-03-05x",       "March 40, 2024",
                                      "12:30",      "2024-03-05T25:00Z", "5/3/24"};
    char out[40];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int ok = epub_date_normalize(cases[i][0], out, sizeof out);
        OK(ok, "date '%s' not recognised", cases[i][0]);
        if (ok)
            STR_EQ(out, cases[i][1]);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        OK(!epub_date_normalize(bad[i], out, sizeof out), "date '%s' accepted as %s", bad[i], out);
    epub_format_utc(1700000000, out, sizeof out);
    STR_EQ(out, "2023-11-14T22:13:20Z");
    epub_format_utc(951782400, out, sizeof out); /* 2000-02-29 */
    STR_EQ(out, "2000-02-29T00:00:00Z");
}

static void test_helpers(void)
{
    static const char *const abc_sha1 = "a9993e364706816aba3e25717850c26c9cd0d89d";
    epub_sha1 s;
    unsigned char d[20];
    char hex[41];
    op_buf b;

    OK(epub_lang_valid("en"), "en");
    OK(epub_lang_valid("ko-KR"), "ko-KR");
    OK(epub_lang_valid("zh-Hant-TW"), "zh-Hant-TW");
    OK(!epub_lang_valid("e"), "e");
    OK(!epub_lang_valid("en_US"), "en_US");
    OK(!epub_lang_valid("en-"), "en-");
    OK(!epub_lang_valid("123"), "123");
    OK(epub_href_safe("https://x"), "https");
    OK(epub_href_safe("HTTP://x"), "HTTP");
    OK(epub_href_safe("mailto:a@b"), "mailto");
    OK(epub_href_safe("#frag"), "#frag");
    OK(!epub_href_safe("javascript:x"), "javascript");
    OK(!epub_href_safe("#"), "#");
    OK(!epub_href_safe("ftp://x"), "ftp");
    OK(!epub_href_safe("/local/path"), "path");
    epub_sha1_init(&s);
    epub_sha1_update(&s, "abc", 3);
    epub_sha1_final(&s, d);
    for (int i = 0; i < 20; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    STR_EQ(hex, abc_sha1);
    op_buf_init(&b, 0);
    epub_url_escape(&b, "https://x.org/a b/\xC3\xA9?q=%20&r=%zz");
    STR_EQ(b.data, "https://x.org/a%20b/%C3%A9?q=%20&r=%25zz");
    op_buf_reset(&b);
    epub_clean_text(&b,
                    "a\x01"
                    "b\r\n\xC2\x85"
                    "c\xEF\xBF\xBF"
                    "d\xFF",
                    13);
    STR_EQ(b.data, "ab\nc"
                   "d\xEF\xBF\xBD");
    op_buf_free(&b);
}

/*** Whole books ***/

static void check_mimetype_bytes(const char *path)
{
    size_t len = 0;
    char *raw = slurp(path, &len);
    OK(raw && len > 60, "cannot read %s", path);
    if (!raw || len <= 60)
        return;
    OK(memcmp(raw, "PK\x03\x04", 4) == 0, "local header magic");
    INT_EQ((unsigned char)raw[8] | (unsigned char)raw[9] << 8, 0);   /* stored */
    INT_EQ((unsigned char)raw[26] | (unsigned char)raw[27] << 8, 8); /* name length */
    INT_EQ((unsigned char)raw[28] | (unsigned char)raw[29] << 8, 0); /* no extra field */
    OK(memcmp(raw + 30, "mimetype", 8) == 0, "first entry is mimetype");
    OK(memcmp(raw + 38, "application/epub+zip", 20) == 0, "mimetype content at 38");
    op_free(raw);
}

static void check_entries(const char *path, int nimages)
{
    static const char *const fixed[] = {"mimetype",
                                        "META-INF/container.xml",
                                        "OEBPS/content.opf",
                                        "OEBPS/nav.xhtml",
                                        "OEBPS/toc.ncx",
                                        "OEBPS/style.css",
                                        "OEBPS/text/cover.xhtml",
                                        "OEBPS/text/article.xhtml"};
    char *names = NULL;
    epub_entry_info info;
    char *data = NULL;
    size_t len;

    OK(epub_list_entries(path, &names) == OP_OK, "list %s", path);
    if (!names)
        return;
    op_buf want;
    op_buf_init(&want, 0);
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        op_buf_printf(&want, "%s\n", fixed[i]);
    OK(strncmp(names, want.data, want.len) == 0, "entry order:\n%s", names);
    int count = 0;
    for (const char *p = names; *p; p++)
        count += *p == '\n';
    INT_EQ(count, 8 + nimages);
    op_buf_free(&want);
    op_free(names);
    OK(epub_read_entry(path, "mimetype", &data, &len, &info) == OP_OK, "mimetype");
    INT_EQ(info.index, 0);
    INT_EQ(info.stored, 1);
    STR_EQ(data, "application/epub+zip");
    op_free(data);
    for (size_t i = 1; i < 7; i++) {
        data = entry(path, fixed[i], &len);
        if (data && i != 5)
            OK(well_formed(data, len), "%s is not well-formed XML", fixed[i]);
        op_free(data);
    }
}

/* Every manifest item exists in the zip. */
static void check_manifest(const char *path)
{
    size_t len;
    char *opf = entry(path, "OEBPS/content.opf", &len);
    xmlDocPtr doc = opf ? xmlReadMemory(opf, (int)len, "opf", NULL, XML_PARSE_NONET) : NULL;
    int items = 0;

    OK(doc != NULL, "opf parses");
    for (xmlNodePtr n = doc ? xmlDocGetRootElement(doc)->children : NULL; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "manifest"))
            continue;
        for (xmlNodePtr it = n->children; it; it = it->next) {
            if (it->type != XML_ELEMENT_NODE)
                continue;
            xmlChar *href = xmlGetProp(it, BAD_CAST "href");
            char name[256];
            snprintf(name, sizeof name, "OEBPS/%s", (char *)href);
            op_free(entry(path, name, NULL));
            xmlFree(href);
            items++;
        }
    }
    OK(items >= 4, "manifest has %d items", items);
    xmlFreeDoc(doc);
    op_free(opf);
}

static void check_rich_xhtml(const char *path)
{
    char *x = entry(path, "OEBPS/text/article.xhtml", NULL);
    static const char *const want[] = {
        "<!DOCTYPE html>",
        "xmlns:epub=\"http://www.idpf.org/2007/ops\"",
        "lang=\"ko-KR\" xml:lang=\"ko-KR\"",
        ("<h1 class=\"title\">Offprint \xE2\x80\x94 \xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 &amp; "
         "&lt;test&gt;</h1>"),
        "<time datetime=\"2024-03-05T10:20:30+09:00\" class=\"date\">5 March 2024</time>",
        "<h1 id=\"introduction\">",
        "<h3 id=\"skipped-level\">",
        "<h2 id=\"introduction-2\">",
        "<h2 id=\"sec-4\">",
        "<ol start=\"3\">",
        "<li></li>",
        "<p></p>",
        "<code class=\"language-python\">def f():\n    return 1 &lt; 2</code>",
        "<code>x &lt; y &amp;&amp; z</code>",
        "<br/>",
        "<hr/>",
        "<sub>2</sub><sup>n</sup>",
        "<a href=\"https://example.com/a?b=1&amp;c=%C3%A9\">safe link</a>",
        "evil link",
        "<a href=\"#greek-section\">internal</a>",
        "<a href=\"mailto:a@example.com\">mail nested</a>",
        " ctrl chars  end",
        "<figcaption>Caption \xED\x95\x9C</figcaption>",
        "<img src=\"../images/img-001.gif\" alt=\"gif inline\" class=\"inline\"/>",
        "<span class=\"image-alt\">remote alt</span>",
        "<p class=\"image-alt\">only remote</p>",
        "<th scope=\"col\" class=\"align-center\">Center</th>",
        "<td class=\"align-right\"></td>",
        "<tbody>",
        "\xD0\x9F\xD1\x80\xD0\xB8",
    };
    if (!x)
        return;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        OK(strstr(x, want[i]) != NULL, "article.xhtml lacks: %s", want[i]);
    OK(strstr(x, "javascript") == NULL, "unsafe href kept");
    OK(strstr(x, "nowhere") == NULL, "dangling fragment kept");
    OK(strstr(x, "<p/>") == NULL && strstr(x, "<li/>") == NULL, "self-closed non-void");
    OK(strstr(x, "\x01") == NULL && strstr(x, "\x7f") == NULL, "control characters kept");
    op_free(x);
}

static void check_rich_opf(const char *path)
{
    char *opf = entry(path, "OEBPS/content.opf", NULL);
    static const char *const want[] = {
        "<dc:identifier id=\"pub-id\">urn:uuid:",
        "<dc:language>ko-KR</dc:language>",
        "<dc:creator>Jane "
        "Doe</dc:creator>\n<dc:creator>\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD</dc:creator>",
        "<dc:publisher>Example Times</dc:publisher>",
        "<dc:date>2024-03-05T10:20:30+09:00</dc:date>",
        "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>",
        "properties=\"cover-image\"",
        ("<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
         "properties=\"nav\"/>"),
        "href=\"images/img-002.png\" media-type=\"image/png\"",
        "href=\"images/img-004.png\" media-type=\"image/png\"", /* the WebP, converted */
        "href=\"images/img-005.svg\" media-type=\"image/svg+xml\"",
    };
    if (!opf)
        return;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        OK(strstr(opf, want[i]) != NULL, "content.opf lacks: %s", want[i]);
    OK(strstr(opf, "img-006") == NULL, "duplicates were not merged");
    op_free(opf);
}

/* The source date the helpers below give the writer (op_epub_opts.source_date); -1: none. */
static int64_t source_date = -1;

static int write_book(op_doc *d, const char *path, captured *cap)
{
    op_diag diag = {capture, cap, NULL, 0, 0};
    op_epub_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.diag = &diag;
    opts.source_date = source_date;
    opts.source_date_set = source_date >= 0;
    op_status st = op_epub_write(d, path, &opts);
    return st == OP_OK ? diag.warnings : -1;
}

static void test_rich(void)
{
    const char *path = "test_epub_rich.epub";
    captured cap = {""};
    op_doc *d = rich_doc();

    INT_EQ(op_doc_check(d, NULL), 0);
    source_date = 1700000000;
    int warnings = write_book(d, path, &cap);
    OK(warnings >= 3, "warnings: %d\n%s", warnings, cap.text);
    OK(strstr(cap.text, "https://example.com/remote.png") != NULL, "remote not named:\n%s",
       cap.text);
    OK(strstr(cap.text, "/nonexistent/missing.png") != NULL, "missing not named:\n%s", cap.text);
    OK(strstr(cap.text, "test_epub_rich.epub") != NULL, "output file not named:\n%s", cap.text);
    OK(strstr(cap.text, "data:image/svg+xml,<svg") && strstr(cap.text, "SVG with scripts"),
       "scripted SVG not dropped:\n%s", cap.text);
    OK(strstr(cap.text, "data:image/svg+xml;utf8"), "remote SVG not dropped:\n%s", cap.text);
    check_mimetype_bytes(path);
    check_entries(path, 5);
    check_manifest(path);
    check_rich_xhtml(path);
    check_rich_opf(path);
    check_epub(path);
    op_doc_free(d);
}

/* Writes doc under TZ=UTC and under `tz`; returns 1 when the files are byte-identical and the
 * mimetype header carries the expected DOS time and date. */
static int same_bytes(op_doc *d, int64_t date, const char *tz, unsigned dtime, unsigned ddate)
{
    const char *a = "test_epub_repro_a.epub", *b = "test_epub_repro_b.epub";
    captured cap = {""};
    size_t la = 0, lb = 0;
    int same;

    source_date = date;
    setenv("TZ", "UTC", 1);
    tzset();
    OK(write_book(d, a, &cap) >= 0, "write a");
    setenv("TZ", tz, 1);
    tzset();
    OK(write_book(d, b, &cap) >= 0, "write b");
    unsetenv("TZ");
    tzset();
    char *da = slurp(a, &la), *db = slurp(b, &lb);
    same = da && db && la == lb && memcmp(da, db, la) == 0;
    if (da && la > 14) {
        INT_EQ((unsigned char)da[10] | (unsigned char)da[11] << 8, dtime);
        INT_EQ((unsigned char)da[12] | (unsigned char)da[13] << 8, ddate);
    }
    op_free(da);
    op_free(db);
    return same;
}

/* Same doc + same source date = same bytes, whatever the local time zone, even for a
 * time inside New York's 2024 DST gap (02:30 on March 10 does not exist there). */
static void test_reproducible(void)
{
    op_doc *d = rich_doc();

    OK(same_bytes(d, 1710000000, "America/New_York", 16u << 11, (44u << 9) | (3u << 5) | 9u),
       "2024-03-09 16:00 UTC");
    OK(same_bytes(d, 1710037800, "America/New_York", (2u << 11) | (30u << 5),
                  (44u << 9) | (3u << 5) | 10u),
       "2024-03-10 02:30 UTC");
    OK(same_bytes(d, 1710037800, "Asia/Seoul", (2u << 11) | (30u << 5),
                  (44u << 9) | (3u << 5) | 10u),
       "2024-03-10 02:30 UTC in Seoul");
    op_doc_free(d);
}

/* Renders the nav's toc as nested parentheses of link texts. */
static void nav_shape(xmlNodePtr n, op_buf *out)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(n->name, BAD_CAST "ol")) {
            op_buf_addc(out, '(');
            nav_shape(n->children, out);
            op_buf_addc(out, ')');
        } else if (xmlStrEqual(n->name, BAD_CAST "a")) {
            xmlChar *t = xmlNodeGetContent(n);
            op_buf_printf(out, "%s ", (char *)t);
            xmlFree(t);
        } else if (xmlStrEqual(n->name, BAD_CAST "nav")) {
            xmlChar *type = xmlGetProp(n, BAD_CAST "type");
            if (type && xmlStrEqual(type, BAD_CAST "toc"))
                nav_shape(n->children, out);
            xmlFree(type);
        } else {
            nav_shape(n->children, out);
        }
    }
}

static char *toc_shape_new(const char *path)
{
    size_t len;
    char *nav = entry(path, "OEBPS/nav.xhtml", &len);
    xmlDocPtr doc = nav ? xmlReadMemory(nav, (int)len, "nav", NULL, XML_PARSE_NONET) : NULL;
    op_buf out;

    op_buf_init(&out, 0);
    op_buf_adds(&out, "");
    if (doc)
        nav_shape(xmlDocGetRootElement(doc), &out);
    xmlFreeDoc(doc);
    op_free(nav);
    return op_buf_detach(&out, NULL);
}

static void test_nav_nesting(void)
{
    const char *path = "test_epub_nav.epub";
    captured cap = {""};
    op_doc *d = op_doc_new();
    static const int levels[] = {3, 2, 4, 4, 1, 3, 2, 6, 1};
    static const char *const names[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i"};

    meta(d, OP_META_TITLE, "Nesting");
    for (int i = 0; i < 9; i++) {
        heading(d, levels[i], names[i]);
        para(d, op_doc_root(d), "text");
    }
    OK(write_book(d, path, &cap) == 0, "warnings:\n%s", cap.text);
    char *shape = toc_shape_new(path);
    STR_EQ(shape, "(a b (c d )e (f g (h ))i )");
    op_free(shape);
    char *ncx = entry(path, "OEBPS/toc.ncx", NULL);
    OK(ncx && strstr(ncx, "<meta name=\"dtb:depth\" content=\"3\"/>"), "ncx depth");
    OK(ncx && strstr(ncx, "playOrder=\"9\"") && !strstr(ncx, "playOrder=\"10\""), "playOrder");
    op_free(ncx);
    check_epub(path);
    op_doc_free(d);
}

static void test_minimal(void)
{
    const char *path = "test_epub_min.epub";
    captured cap = {""};
    op_doc *d = op_doc_new();

    meta(d, OP_META_LANG, "not a language!");
    meta(d, OP_META_PUBLISHED, "sometime last week");
    meta(d, OP_META_LEAD_IMAGE, FIX "tiny.png"); /* not in the body: packed as cover only */
    source_date = -1;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1); /* the library never reads it: the CLI does */
    OK(write_book(d, path, &cap) == 0, "warnings:\n%s", cap.text);
    unsetenv("SOURCE_DATE_EPOCH");
    char *opf = entry(path, "OEBPS/content.opf", NULL);
    OK(opf && strstr(opf, "dcterms:modified") && !strstr(opf, "2023-11-14T22:13:20Z"),
       "SOURCE_DATE_EPOCH read from the environment");
    OK(opf && strstr(opf, "<dc:title>Untitled</dc:title>"), "Untitled");
    OK(opf && strstr(opf, "<dc:language>en</dc:language>"), "en");
    OK(opf && !strstr(opf, "dc:date"), "invalid date kept");
    OK(opf && !strstr(opf, "dc:creator"), "empty creator");
    OK(opf && strstr(opf, "href=\"images/img-001.png\" media-type=\"image/png\" "
                          "properties=\"cover-image\""),
       "cover image");
    op_free(opf);
    char *shape = toc_shape_new(path);
    STR_EQ(shape, "(Untitled )");
    op_free(shape);
    char *x = entry(path, "OEBPS/text/article.xhtml", NULL);
    OK(x && strstr(x, "<span class=\"date\">sometime last week</span>"), "raw date shown");
    op_free(x);
    check_epub(path);
    op_doc_free(d);
}

static void test_failures(void)
{
    const char *path = "test_epub_fail.epub";
    captured cap = {""};
    op_diag diag = {capture, &cap, NULL, 0, 0};
    op_epub_opts opts;
    op_doc *d = op_doc_new();
    FILE *f;

    memset(&opts, 0, sizeof opts);
    opts.diag = &diag;
    opts.stylesheet = "/nonexistent/style.css";
    f = fopen(path, "w"); /* an old output must not survive a failed write */
    if (f) {
        fputs("old", f);
        fclose(f);
    }
    INT_EQ(op_epub_write(d, path, &opts), OP_ERR_SETUP);
    OK(!file_exists(path), "output left behind");
    OK(strstr(cap.text, "/nonexistent/style.css") && strstr(cap.text, path), "message:\n%s",
       cap.text);
    opts.stylesheet = NULL;
    INT_EQ(op_epub_write(d, "/nonexistent-dir/x/out.epub", &opts), OP_ERR_IO);
    OK(!file_exists("/nonexistent-dir/x/out.epub"), "output in missing dir");
    diag.file = "final-name.epub"; /* the CLI writes to a temporary name and sets this */
    cap.text[0] = '\0';
    opts.stylesheet = "/nonexistent/style.css";
    INT_EQ(op_epub_write(d, path, &opts), OP_ERR_SETUP);
    OK(strstr(cap.text, "final-name.epub: error:") != NULL, "diag->file not used:\n%s", cap.text);
    INT_EQ(op_epub_write(NULL, path, &opts), OP_ERR_USAGE);
    INT_EQ(op_epub_write(d, NULL, NULL), OP_ERR_USAGE);
    op_doc_free(d);
}

/*** Random trees: whatever the content, every XML file must stay well-formed ***/

static unsigned rnd(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7FFF;
}

static void random_text(op_doc *d, op_node *parent, unsigned *r)
{
    static const char *const pieces[] = {
        "a",    " ",    "<&>\"'",       "]]>",          "\x01",
        "\xFF", "\xC3", "\xED\x95\x9C", "\xEF\xBF\xBF", "\n",
        "\r",   "\t",   "\xCE\xB1",     "--",           "\xF0\x9F\x98\x80"};
    char buf[64];
    size_t n = 0;
    for (unsigned k = rnd(r) % 8 + 1; k > 0; k--) {
        const char *p = pieces[rnd(r) % (sizeof pieces / sizeof pieces[0])];
        if (n + strlen(p) < sizeof buf)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", p);
    }
    op_node *t = add(d, parent, OP_NODE_TEXT);
    op_node_set_literal(d, t, buf, n);
}

static void random_inlines(op_doc *d, op_node *parent, unsigned *r, int depth)
{
    static const op_node_kind kinds[] = {OP_NODE_TEXT, OP_NODE_EMPH, OP_NODE_STRONG,
                                         OP_NODE_CODE, OP_NODE_LINK, OP_NODE_LINE_BREAK,
                                         OP_NODE_SUB,  OP_NODE_SUP,  OP_NODE_IMAGE};
    for (unsigned k = rnd(r) % 4 + 1; k > 0; k--) {
        op_node_kind kind = kinds[rnd(r) % (sizeof kinds / sizeof kinds[0])];
        if (kind == OP_NODE_TEXT || depth > 3) {
            random_text(d, parent, r);
            continue;
        }
        op_node *n = add(d, parent, kind);
        if (kind == OP_NODE_CODE)
            op_node_set_literal(d, n, "c\x02<", 4);
        if (kind == OP_NODE_LINK) {
            const char *href = rnd(r) % 2 ? "https://x/\" y" : "#sec-1";
            op_node_set_url(d, n, href, strlen(href));
        }
        if (kind == OP_NODE_IMAGE)
            op_node_set_url(d, n, FIX "tiny.png", strlen(FIX "tiny.png"));
        if (op_node_kind_is_container(kind))
            random_inlines(d, n, r, depth + 1);
    }
}

static void random_blocks(op_doc *d, op_node *parent, unsigned *r, int depth)
{
    for (unsigned k = rnd(r) % 5 + 1; k > 0; k--) {
        unsigned pick = depth > 3 ? 0 : rnd(r) % 7;
        op_node *n;
        if (pick == 0 || pick == 1) {
            n = add(d, parent, pick ? OP_NODE_HEADING : OP_NODE_PARAGRAPH);
            op_node_set_level(n, (int)(rnd(r) % 6) + 1);
            if (rnd(r) % 5)
                random_inlines(d, n, r, 0);
        } else if (pick == 2) {
            random_blocks(d, add(d, parent, OP_NODE_BLOCKQUOTE), r, depth + 1);
        } else if (pick == 3) {
            n = add(d, parent, OP_NODE_LIST);
            op_node_set_list(n, (int)(rnd(r) % 2), (int)(rnd(r) % 5) - 1);
            for (unsigned i = rnd(r) % 3; i > 0; i--)
                random_blocks(d, add(d, n, OP_NODE_ITEM), r, depth + 1);
        } else if (pick == 4) {
            n = add(d, parent, OP_NODE_CODE_BLOCK);
            op_node_set_literal(d, n, "x\x00y\n", 4);
        } else if (pick == 5) {
            n = add(d, add(d, parent, OP_NODE_TABLE), OP_NODE_TABLE_ROW);
            op_node *c = add(d, n, OP_NODE_TABLE_CELL);
            op_node_set_cell(c, (int)(rnd(r) % 2), (int)(rnd(r) % 4));
            random_inlines(d, c, r, 0);
        } else {
            add(d, parent, OP_NODE_THEMATIC_BREAK);
        }
    }
}

static void test_random_trees(void)
{
    static const char *const files[] = {"OEBPS/text/article.xhtml", "OEBPS/nav.xhtml",
                                        "OEBPS/toc.ncx", "OEBPS/content.opf"};
    const char *path = "test_epub_random.epub";
    unsigned r = 12345;

    for (int i = 0; i < 40; i++) {
        captured cap = {""};
        op_doc *d = op_doc_new();
        meta(d, OP_META_TITLE, i % 2 ? "\x01\x02" : "T\xFF<>");
        random_blocks(d, op_doc_root(d), &r, 0);
        OK(write_book(d, path, &cap) >= 0, "random doc %d failed:\n%s", i, cap.text);
        for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
            size_t len = 0;
            char *x = entry(path, files[f], &len);
            OK(x && well_formed(x, len), "random doc %d: %s not well-formed", i, files[f]);
            op_free(x);
        }
        op_doc_free(d);
    }
}

/*** Books of several articles, covers, images, navigation options ***/

#define SAMPLE OP_TEST_SRC_DIR "/tests/fixtures/sample/article_files/"

static int write_opts(const op_doc *const *docs, size_t n, const char *path, op_epub_opts *o,
                      captured *cap)
{
    op_diag diag = {capture, cap, NULL, 0, 0};
    o->diag = &diag;
    if (!o->source_date_set && source_date >= 0) {
        o->source_date = source_date;
        o->source_date_set = 1;
    }
    op_status st = op_epub_write_book(docs, n, path, o);
    o->diag = NULL;
    return st == OP_OK ? diag.warnings : -(int)st;
}

/* Copies src into dir/name (dir created). */
static void copy_to(const char *src, const char *dir, const char *name)
{
    char path[512];
    char *data = NULL;
    size_t len = 0;
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    OK(op_file_read(src, 0, &data, &len) == OP_OK, "read %s", src);
    FILE *f = fopen(path, "wb");
    OK(f && fwrite(data, 1, len, f) == len, "write %s", path);
    if (f)
        fclose(f);
    op_free(data);
}

/* An article with a heading "Introduction", a "#introduction" link, and image `pic.png`
 * relative to base. */
static op_doc *bundle_doc(const char *title, const char *author, const char *site, const char *url,
                          const char *base)
{
    op_doc *d = op_doc_new();
    meta(d, OP_META_TITLE, title);
    meta(d, OP_META_AUTHOR, author);
    meta(d, OP_META_SITE_NAME, site);
    meta(d, OP_META_SOURCE_URL, url);
    meta(d, OP_META_LANG, "en");
    meta(d, OP_META_BASE_DIR, base);
    heading(d, 2, "Introduction");
    op_node *p = para(d, op_doc_root(d), "See ");
    add_link(d, p, "#introduction", "above");
    image(d, add(d, op_doc_root(d), OP_NODE_FIGURE), "pic.png", "a picture");
    heading(d, 3, "Details");
    return d;
}

/* Authors as the model holds them, one dc:creator each: "A, B and C", "A and B", "A & B"
 * split; a suffix ("Smith, Jr."), an inverted "Last, First" and a collective byline
 * ("Guardian staff and agencies") stay whole. Names joined by "|" in `want`. */
static void split_case(const char *authors, const char *want)
{
    char *names[8], got[512] = "";
    size_t n = epub_split_names(authors, names, 8);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(got, "|");
        strncat(got, names[i], sizeof got - strlen(got) - 2);
        op_free(names[i]);
    }
    STR_EQ(got, want);
}

static void test_split_names(void)
{
    split_case("Jane Doe", "Jane Doe");
    split_case("Jane Doe, John Roe and Ann Poe", "Jane Doe|John Roe|Ann Poe");
    split_case("Jane Doe, John Roe, and Ann Poe", "Jane Doe|John Roe|Ann Poe");
    split_case("Jane Doe and John Roe", "Jane Doe|John Roe");
    split_case("Jane Doe & John Roe", "Jane Doe|John Roe");
    split_case("Jane Doe; John Roe", "Jane Doe|John Roe");
    split_case("Martin Luther King, Jr.", "Martin Luther King, Jr.");
    split_case("John Smith, Jr., Jane Doe and Ann Poe", "John Smith, Jr.|Jane Doe|Ann Poe");
    split_case("Jane Doe, PhD and John Roe III", "Jane Doe, PhD|John Roe III");
    split_case("Smith, John", "Smith, John");
    split_case("Guardian staff and agencies", "Guardian staff and agencies");
    split_case("Staff and wire reports", "Staff and wire reports");
    split_case("Ludwig van Beethoven and Jane Doe", "Ludwig van Beethoven|Jane Doe");
    split_case("\xEA\xB9\x80\xEC\xB2\xA0\xEC\x88\x98, \xEC\x9D\xB4\xEC\x98\x81\xED\x9D\xAC",
               "\xEA\xB9\x80\xEC\xB2\xA0\xEC\x88\x98|\xEC\x9D\xB4\xEC\x98\x81\xED\x9D\xAC");
    split_case("", "");
}

static void test_bundle(void)
{
    const char *path = "test_epub_bundle.epub", *path2 = "test_epub_bundle2.epub";
    captured cap = {""};
    op_epub_opts o;
    copy_to(FIX "tiny.png", "bundle_a", "pic.png");
    copy_to(OP_TEST_SRC_DIR "/tests/fixtures/images/gray8.png", "bundle_b", "pic.png");
    op_doc *d[3] = {
        bundle_doc("Alpha", "Ann Lee", "Site A", "https://a.example/1", "bundle_a"),
        bundle_doc("Beta", "Ann Lee", "Site B", "https://b.example/2/", "bundle_b"),
        bundle_doc("Gamma & <Co>", "Bo Kim", "Site A", "https://a.example/3", "bundle_a")};
    add_link(d[0], para(d[0], op_doc_root(d[0]), "Next: "), "https://b.example/2#introduction",
             "Beta's introduction");
    add_link(d[2], para(d[2], op_doc_root(d[2]), "Back: "), "https://a.example/1/", "Alpha");

    memset(&o, 0, sizeof o);
    source_date = 1700000000;
    INT_EQ(write_opts((const op_doc *const *)d, 3, path, &o, &cap), 0);
    INT_EQ(write_opts((const op_doc *const *)d, 3, path2, &o, &cap), 0);
    size_t la = 0, lb = 0;
    char *da = slurp(path, &la), *db = slurp(path2, &lb);
    OK(da && db && la == lb && memcmp(da, db, la) == 0, "bundle not reproducible");
    op_free(da);
    op_free(db);

    char *opf = entry(path, "OEBPS/content.opf", NULL);
    OK(opf && strstr(opf, "<dc:title>Alpha and 2 more</dc:title>"), "default title:\n%s",
       opf ? opf : "");
    OK(opf && strstr(opf, "<dc:creator>Ann Lee</dc:creator>\n<dc:creator>Bo Kim</dc:creator>\n"
                          "<dc:publisher>Site A</dc:publisher>\n"
                          "<dc:publisher>Site B</dc:publisher>\n"),
       "creators/publishers once each:\n%s", opf ? opf : "");
    OK(opf && strstr(opf, "<itemref idref=\"article-001\"/>\n<itemref idref=\"article-002\"/>\n"
                          "<itemref idref=\"article-003\"/>"),
       "spine");
    OK(opf && strstr(opf, "images/img-001.png") && strstr(opf, "images/img-002.png") &&
           !strstr(opf, "img-003"),
       "two distinct images named pic.png in two folders, the third article shares the first");
    op_free(opf);
    char *shape = toc_shape_new(path);
    STR_EQ(shape, "(Alpha (Introduction (Details ))Beta (Introduction (Details ))Gamma & <Co> "
                  "(Introduction (Details )))");
    op_free(shape);
    char *x1 = entry(path, "OEBPS/text/article-001.xhtml", NULL);
    char *x2 = entry(path, "OEBPS/text/article-002.xhtml", NULL);
    char *x3 = entry(path, "OEBPS/text/article-003.xhtml", NULL);
    OK(x1 && strstr(x1, "<h2 id=\"introduction\">") && strstr(x1, "href=\"#introduction\"") &&
           strstr(x1, "href=\"article-002.xhtml#introduction-2\"") &&
           strstr(x1, "src=\"../images/img-001.png\""),
       "article 1:\n%s", x1 ? x1 : "");
    OK(x2 && strstr(x2, "<h2 id=\"introduction-2\">") && strstr(x2, "href=\"#introduction-2\"") &&
           strstr(x2, "<h3 id=\"details-2\">") && strstr(x2, "src=\"../images/img-002.png\""),
       "article 2 ids unique across the book:\n%s", x2 ? x2 : "");
    OK(x3 && strstr(x3, "href=\"article-001.xhtml\"") && strstr(x3, "id=\"introduction-3\"") &&
           strstr(x3, "<article id=\"article-003\">"),
       "article 3:\n%s", x3 ? x3 : "");
    op_free(x1);
    op_free(x2);
    op_free(x3);
    char *cover = entry(path, "OEBPS/text/cover.xhtml", NULL);
    OK(cover && strstr(cover, "epub:type=\"titlepage\"") && strstr(cover, "Ann Lee, Bo Kim") &&
           strstr(cover, "<a href=\"article-003.xhtml\">Gamma &amp; &lt;Co&gt;</a>"),
       "title page of a bundle (tiny images are no cover):\n%s", cover ? cover : "");
    OK(cover && !strstr(cover, "class=\"title-block\""),
       "a bundle's title page has no article title block");
    op_free(cover);
    x1 = entry(path, "OEBPS/text/article-001.xhtml", NULL);
    OK(x1 && strstr(x1, "<header class=\"title-block\">"),
       "a bundle's article keeps its title block");
    op_free(x1);
    char *bnav = entry(path, "OEBPS/nav.xhtml", NULL);
    OK(bnav && strstr(bnav, "<a epub:type=\"titlepage\" href=\"text/cover.xhtml\">") &&
           !strstr(bnav, "epub:type=\"cover\"") &&
           strstr(bnav, "<a epub:type=\"bodymatter\" href=\"text/article-001.xhtml\">"),
       "a bundle's title page is a titlepage landmark:\n%s", bnav ? bnav : "");
    op_free(bnav);
    check_epub(path);

    o.title = "My reading list";
    o.toc_depth = 1;
    INT_EQ(write_opts((const op_doc *const *)d, 3, path, &o, &cap), 0);
    opf = entry(path, "OEBPS/content.opf", NULL);
    OK(opf && strstr(opf, "<dc:title>My reading list</dc:title>"), "--title");
    op_free(opf);
    shape = toc_shape_new(path);
    STR_EQ(shape, "(Alpha Beta Gamma & <Co> )");
    op_free(shape);
    char *ncx = entry(path, "OEBPS/toc.ncx", NULL);
    OK(ncx && strstr(ncx, "<meta name=\"dtb:depth\" content=\"1\"/>"), "ncx depth 1");
    op_free(ncx);
    o.toc_depth = 2;
    INT_EQ(write_opts((const op_doc *const *)d, 3, path, &o, &cap), 0);
    shape = toc_shape_new(path);
    STR_EQ(shape, "(Alpha (Introduction )Beta (Introduction )Gamma & <Co> (Introduction ))");
    op_free(shape);
    INT_EQ(write_opts((const op_doc *const *)d, 0, path, &o, &cap), -(int)OP_ERR_USAGE);
    for (int i = 0; i < 3; i++)
        op_doc_free(d[i]);
}

/* --toc-depth on one article counts from its top headings. */
static void test_toc_depth(void)
{
    const char *path = "test_epub_depth.epub";
    captured cap = {""};
    op_epub_opts o;
    op_doc *d = op_doc_new();
    static const int levels[] = {2, 3, 4, 2, 3};
    static const char *const names[] = {"a", "b", "c", "d", "e"};

    meta(d, OP_META_TITLE, "Depth");
    for (int i = 0; i < 5; i++)
        heading(d, levels[i], names[i]);
    memset(&o, 0, sizeof o);
    const op_doc *one[1] = {d};
    o.toc_depth = 1;
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    char *shape = toc_shape_new(path);
    STR_EQ(shape, "(a d )");
    op_free(shape);
    o.toc_depth = 2;
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    shape = toc_shape_new(path);
    STR_EQ(shape, "(a (b )d (e ))");
    op_free(shape);
    o.toc_depth = 0;
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    shape = toc_shape_new(path);
    STR_EQ(shape, "(a (b (c ))d (e ))");
    op_free(shape);
    op_doc_free(d);
}

/* The first big enough figure becomes the cover: manifest property, EPUB 2 meta, guide and
 * landmarks; localised labels and right-to-left progression. */
static void test_cover(void)
{
    const char *path = "test_epub_cover.epub";
    captured cap = {""};
    op_epub_opts o;
    op_doc *d = op_doc_new();

    meta(d, OP_META_TITLE, "Hills");
    meta(d, OP_META_LANG, "de");
    image(d, add(d, op_doc_root(d), OP_NODE_FIGURE), FIX "tiny.png", "too small for a cover");
    image(d, add(d, op_doc_root(d), OP_NODE_FIGURE), SAMPLE "hills.jpg", "hills");
    memset(&o, 0, sizeof o);
    const op_doc *one[1] = {d};
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    char *opf = entry(path, "OEBPS/content.opf", NULL);
    OK(opf && strstr(opf, "<meta name=\"cover\" content=\"cover-image\"/>") &&
           strstr(opf, "<item id=\"cover-image\" href=\"images/img-002.jpg\" "
                       "media-type=\"image/jpeg\" properties=\"cover-image\"/>") &&
           strstr(opf, "<reference type=\"cover\" title=\"Titelbild\" "
                       "href=\"text/cover.xhtml\"/>") &&
           strstr(opf, "<itemref idref=\"cover\"/>") && !strstr(opf, "rtl"),
       "cover in the OPF:\n%s", opf ? opf : "");
    op_free(opf);
    char *cover = entry(path, "OEBPS/text/cover.xhtml", NULL);
    OK(cover && strstr(cover, "<img src=\"../images/img-002.jpg\" alt=\"Hills\"/>") &&
           !strstr(cover, "class=\"title-block\""),
       "cover page");
    op_free(cover);
    char *art = entry(path, "OEBPS/text/article.xhtml", NULL);
    OK(art && strstr(art, "<header class=\"title-block\">\n<h1 class=\"title\">Hills</h1>"),
       "a book with a cover image keeps the title block in the article:\n%s", art ? art : "");
    op_free(art);
    char *nav = entry(path, "OEBPS/nav.xhtml", NULL);
    OK(nav && strstr(nav, "<a epub:type=\"cover\" href=\"text/cover.xhtml\">Titelbild</a>") &&
           strstr(nav, "<h1>Inhalt</h1>"),
       "landmarks:\n%s", nav ? nav : "");
    op_free(nav);
    check_epub(path);

    meta(d, OP_META_LANG, "ar");
    meta(d, OP_META_LEAD_IMAGE, FIX "tiny.png"); /* the page's own lead image wins */
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    opf = entry(path, "OEBPS/content.opf", NULL);
    OK(opf && strstr(opf, "<spine toc=\"ncx\" page-progression-direction=\"rtl\">") &&
           strstr(opf, "href=\"images/img-001.png\" media-type=\"image/png\" "
                       "properties=\"cover-image\""),
       "rtl spine, lead image as cover:\n%s", opf ? opf : "");
    op_free(opf);
    char *x = entry(path, "OEBPS/text/article.xhtml", NULL);
    OK(x && strstr(x, "lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\""), "dir=rtl");
    op_free(x);
    op_doc_free(d);
}

/* --max-image-px downscales (JPEG stays JPEG, PNG with alpha stays PNG); --max-size shrinks
 * further with one warning, or fails with OP_ERR_LIMIT and no file. */
/* Occurrences of needle in hay. */
static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay ? strstr(hay, needle) : NULL; p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* One article without a cover image: a generated title page carries its title block (title,
 * subtitle, byline, site, place, date, the source URL as a link) and the article follows
 * without it, so the title shows once; landmarks: titlepage, toc, bodymatter at the text. A
 * bundle keeps its own title page and each article its title block (test_bundle); a cover
 * image leaves the title block in the article (test_cover). */
static void test_title_page(void)
{
    const char *path = "test_epub_title_page.epub";
    captured cap = {""};
    op_doc *d = op_doc_new();

    meta(d, OP_META_TITLE, "A Title Shown Once");
    meta(d, OP_META_SUBTITLE, "And its subtitle");
    meta(d, OP_META_AUTHOR, "Ann Lee");
    meta(d, OP_META_CREDIT, "Wire & Co");
    meta(d, OP_META_SITE_NAME, "Example Times");
    meta(d, OP_META_PLACE, "SEOUL");
    meta(d, OP_META_PUBLISHED, "2024-03-05");
    meta(d, OP_META_SOURCE_URL, "https://example.com/news/a b?x=1&y=2");
    meta(d, OP_META_LANG, "en");
    para(d, op_doc_root(d), "Body text.");
    image(d, add(d, op_doc_root(d), OP_NODE_FIGURE), FIX "tiny.png", "too small for a cover");
    INT_EQ(write_book(d, path, &cap), 0);
    char *names = NULL;
    OK(epub_list_entries(path, &names) == OP_OK && names &&
           strstr(names, "OEBPS/text/cover.xhtml\nOEBPS/text/article.xhtml\n"),
       "title page packed before the article:\n%s", names ? names : "");
    op_free(names);
    char *opf = entry(path, "OEBPS/content.opf", NULL);
    char *nav = entry(path, "OEBPS/nav.xhtml", NULL);
    char *ncx = entry(path, "OEBPS/toc.ncx", NULL);
    char *tp = entry(path, "OEBPS/text/cover.xhtml", NULL);
    char *art = entry(path, "OEBPS/text/article.xhtml", NULL);
    OK(opf && !strstr(opf, "cover-image") && !strstr(opf, "<meta name=\"cover\"") &&
           !strstr(opf, "type=\"cover\"") &&
           strstr(opf, "<spine toc=\"ncx\">\n<itemref idref=\"cover\"/>\n<itemref idref=\"nav\" "
                       "linear=\"no\"/>\n<itemref idref=\"article\"/>") &&
           strstr(opf, "<reference type=\"title-page\" title=\"A Title Shown Once\" "
                       "href=\"text/cover.xhtml\"/>") &&
           strstr(opf, "<reference type=\"text\" title=\"Start of content\" "
                       "href=\"text/article.xhtml\"/>"),
       "title page in spine and guide, no cover image:\n%s", opf ? opf : "");
    OK(nav && !strstr(nav, "epub:type=\"cover\"") &&
           strstr(nav, "<a epub:type=\"titlepage\" href=\"text/cover.xhtml\">A Title Shown "
                       "Once</a>") &&
           strstr(nav, "<a epub:type=\"bodymatter\" href=\"text/article.xhtml\">") &&
           strstr(nav, "<a href=\"text/cover.xhtml\">A Title Shown Once</a>"),
       "landmarks and the title entry (no headings) at the title page:\n%s", nav ? nav : "");
    OK(ncx && strstr(ncx, "<content src=\"text/cover.xhtml\"/>"), "NCX:\n%s", ncx ? ncx : "");
    INT_EQ(count_of(tp, ">A Title Shown Once</h1>"), 1);
    OK(tp && strstr(tp, "epub:type=\"titlepage\"") && strstr(tp, "class=\"title-block\"") &&
           strstr(tp, "<p class=\"subtitle\">And its subtitle</p>") &&
           strstr(tp, "<p class=\"byline\">Ann Lee \xC2\xB7 <span class=\"credit\">Wire &amp; "
                      "Co</span></p>") &&
           strstr(tp, "<span class=\"place\">SEOUL</span>") &&
           strstr(tp, "<time datetime=\"2024-03-05\" class=\"date\">") &&
           strstr(tp, "<p class=\"source-url\"><a href=\"https://example.com/news/a%20b?x=1&amp;"
                      "y=2\">https://example.com/news/a b?x=1&amp;y=2</a></p>"),
       "title page with the title block:\n%s", tp ? tp : "");
    INT_EQ(count_of(art, "A Title Shown Once</h1>"), 0);
    INT_EQ(count_of(art, "title-block"), 0);
    INT_EQ(count_of(art, "Ann Lee"), 0);
    INT_EQ(count_of(art, "Example Times"), 0);
    OK(art && strstr(art, "<article id=\"article\">\n<p>Body text.</p>") &&
           strstr(art, "<title>A Title Shown Once</title>"),
       "article without its title block:\n%s", art ? art : "");
    op_free(opf);
    op_free(nav);
    op_free(ncx);
    op_free(tp);
    op_free(art);
    check_epub(path);

    /* with headings the nav lists them, pointing into the article; reproducible bytes */
    const char *path2 = "test_epub_title_page2.epub";
    heading(d, 2, "Later");
    source_date = 1700000000;
    INT_EQ(write_book(d, path, &cap), 0);
    INT_EQ(write_book(d, path2, &cap), 0);
    size_t l1 = 0, l2 = 0;
    char *b1 = slurp(path, &l1), *b2 = slurp(path2, &l2);
    OK(b1 && b2 && l1 == l2 && memcmp(b1, b2, l1) == 0, "two runs differ");
    op_free(b1);
    op_free(b2);
    nav = entry(path, "OEBPS/nav.xhtml", NULL);
    OK(nav && strstr(nav, "<a href=\"text/article.xhtml#later\">Later</a>") &&
           !strstr(nav, "<a href=\"text/cover.xhtml\">"),
       "headings in the nav:\n%s", nav ? nav : "");
    op_free(nav);
    check_epub(path);
    op_doc_free(d);
}

static void test_image_limits(void)
{
    const char *path = "test_epub_limits.epub";
    captured cap = {""};
    op_epub_opts o;
    op_doc *d = op_doc_new();
    char *data;
    size_t len;
    int w = 0, h = 0;

    meta(d, OP_META_TITLE, "Limits");
    image(d, add(d, op_doc_root(d), OP_NODE_FIGURE), SAMPLE "hills.jpg", "800x450");
    image(d, add(d, op_doc_root(d), OP_NODE_FIGURE), SAMPLE "chart.png", "600x300, alpha");
    memset(&o, 0, sizeof o);
    const op_doc *one[1] = {d};
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0); /* default 1600: untouched */
    data = entry(path, "OEBPS/images/img-001.jpg", &len);
    INT_EQ(len, 17743);
    op_free(data);
    o.max_image_px = 400;
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    data = entry(path, "OEBPS/images/img-001.jpg", &len);
    OK(data && img_probe_size((unsigned char *)data, len, &w, &h) == OP_OK, "probe");
    INT_EQ(w, 400);
    INT_EQ(h, 225);
    op_free(data);
    data = entry(path, "OEBPS/images/img-002.png", &len);
    img_pixels px;
    memset(&px, 0, sizeof px);
    OK(data && img_decode((unsigned char *)data, len, 0, &px) == OP_OK, "decode png");
    INT_EQ(px.w, 400);
    INT_EQ(px.h, 200);
    OK(px.alpha != NULL, "alpha kept");
    img_pixels_free(&px);
    op_free(data);

    o.max_image_px = 0;
    o.max_size = 16 * 1024; /* the book is ~25 KB with these images at full size */
    cap.text[0] = '\0';
    INT_EQ(write_opts(one, 1, path, &o, &cap), 1);
    OK(strstr(cap.text, "over the 16 KB cap") || strstr(cap.text, "downscaled to 400 px"),
       "one warning naming the settings:\n%s", cap.text);
    size_t fl = 0;
    data = slurp(path, &fl);
    OK(fl > 0 && fl <= 16 * 1024, "book is %zu bytes", fl);
    op_free(data);
    o.max_size = 2048; /* the text alone is larger */
    cap.text[0] = '\0';
    INT_EQ(write_opts(one, 1, path, &o, &cap), -(int)OP_ERR_LIMIT);
    OK(strstr(cap.text, "--max-size"), "error names the option:\n%s", cap.text);
    OK(!file_exists(path), "no book left behind");
    o.max_size = 0;
    o.profile = OP_EPUB_KINDLE;
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0); /* 50 MB: fits */
    op_doc_free(d);
}

/* --profile: kobo flattens transparency; kindle and kobo warn about languages and CSS. */
static void test_profiles(void)
{
    const char *path = "test_epub_profile.epub", *css = "test_epub_profile.css";
    captured cap = {""};
    op_epub_opts o;
    op_doc *d = op_doc_new();
    img_pixels px;
    size_t len;

    meta(d, OP_META_TITLE, "Profiles");
    meta(d, OP_META_LANG, "ko");
    image(d, add(d, op_doc_root(d), OP_NODE_FIGURE), SAMPLE "chart.png", "600x300, alpha");
    memset(&o, 0, sizeof o);
    const op_doc *one[1] = {d};
    o.profile = OP_EPUB_KOBO;
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    char *data = entry(path, "OEBPS/images/img-001.png", &len);
    memset(&px, 0, sizeof px);
    OK(data && img_decode((unsigned char *)data, len, 0, &px) == OP_OK, "decode");
    OK(px.w == 600 && px.alpha == NULL, "kobo: flattened, same size");
    img_pixels_free(&px);
    op_free(data);
    o.profile = OP_EPUB_GENERIC;
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    data = entry(path, "OEBPS/images/img-001.png", &len);
    OK(data && img_decode((unsigned char *)data, len, 0, &px) == OP_OK && px.alpha,
       "generic: alpha kept");
    img_pixels_free(&px);
    op_free(data);

    o.profile = OP_EPUB_KINDLE;
    cap.text[0] = '\0';
    INT_EQ(write_opts(one, 1, path, &o, &cap), 1);
    OK(strstr(cap.text, "language 'ko'"), "kindle language warning:\n%s", cap.text);
    FILE *f = fopen(css, "w");
    if (f) {
        fputs("/* max(a) in a comment is fine */\np { margin: 0; }\nimg { width: min(100%, 30em); "
              "}\n",
              f);
        fclose(f);
    }
    meta(d, OP_META_LANG, "en");
    o.stylesheet = css;
    cap.text[0] = '\0';
    INT_EQ(write_opts(one, 1, path, &o, &cap), 1);
    OK(strstr(cap.text, "test_epub_profile.css: warning: kindle profile: 'min('") ||
           strstr(cap.text, "'min('"),
       "css warning:\n%s", cap.text);
    o.profile = OP_EPUB_APPLE;
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    INT_EQ(op_epub_profile_from_name("Kobo"), OP_EPUB_KOBO);
    INT_EQ(op_epub_profile_from_name("nook"), -1);
    op_doc_free(d);
}

/*** --embed-fonts ***/

#define DEFAULT_CSS OP_TEST_SRC_DIR "/styles/default.css"

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* numGlyphs of an sfnt font (its 'maxp' table), or -1 when it is not one. */
static long sfnt_glyphs(const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    if (!p || len < 12 || (be32(p) != 0x00010000u && memcmp(p, "true", 4) != 0))
        return -1;
    unsigned n = (unsigned)p[4] << 8 | p[5];
    for (unsigned i = 0; i < n && 12 + 16 * (size_t)(i + 1) <= len; i++) {
        const unsigned char *r = p + 12 + 16 * i;
        size_t off = be32(r + 8);
        if (memcmp(r, "maxp", 4) == 0 && off + 6 <= len)
            return (long)p[off + 4] << 8 | p[off + 5];
    }
    return -1;
}

static long file_size_of(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* A Korean article with bold, italic, code and a heading. */
static op_doc *fonts_doc(const char *lang, const char *body)
{
    op_doc *d = op_doc_new();
    meta(d, OP_META_TITLE, "Fonts");
    meta(d, OP_META_LANG, lang);
    heading(d, 2, "Heading");
    op_node *p = para(d, op_doc_root(d), body);
    text(d, add(d, p, OP_NODE_STRONG), " bold");
    text(d, add(d, p, OP_NODE_EMPH), " italic");
    text(d, add(d, p, OP_NODE_CODE), " code()");
    return d;
}

/* Checks every font of the manifest: packed, subset (few glyphs, much smaller than the
 * source file); returns how many there are. */
static int check_fonts_subset(const char *path, const char *opf)
{
    int n = 0;
    for (const char *p = opf ? strstr(opf, "href=\"fonts/") : NULL; p;
         p = strstr(p + 1, "href=\"fonts/")) {
        char name[128], full[160], src[512];
        size_t len = 0;
        const char *b = p + 12, *e = strchr(b, '"');
        snprintf(name, sizeof name, "%.*s", (int)(e - b), b);
        OK(strncmp(e, "\" media-type=\"font/ttf\"", 23) == 0, "media type of %s", name);
        snprintf(full, sizeof full, "OEBPS/fonts/%s", name);
        char *data = entry(path, full, &len);
        long glyphs = sfnt_glyphs(data, len);
        OK(glyphs > 0 && glyphs < 200, "%s: %ld glyphs, not a subset", name, glyphs);
        /* the source file: Charis, Liberation, Nanum, DejaVu or Droid */
        snprintf(src, sizeof src, "find /usr/share/fonts* -name '%s' -size +100k | grep -q .",
                 name);
        OK(system(src) == 0, "%s is not a Debian font file name", name);
        OK(len < 60000, "%s: %zu bytes", name, len);
        op_free(data);
        n++;
    }
    return n;
}

static void test_embed_fonts(void)
{
    const char *path = "test_epub_fonts.epub", *path2 = "test_epub_fonts2.epub";
    captured cap = {""};
    op_epub_opts o;
    op_doc *d = fonts_doc("ko", "한국어 문장 and Latin text");
    const op_doc *one[1] = {d};
    size_t len = 0, len2 = 0, theme_len = 0;

    memset(&o, 0, sizeof o);
    o.embed_fonts = 1;
    source_date = 1700000000;
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    OK(!*cap.text, "warnings:\n%s", cap.text);
    char *opf = entry(path, "OEBPS/content.opf", NULL);
    char *css = entry(path, "OEBPS/style.css", NULL);
    OK(opf && strstr(opf, "<item id=\"font-01\" href=\"fonts/"), "font items:\n%s", opf ? opf : "");
    /* body, bold, italic, code, the heading and title (sans bold), Korean in the body: and
     * nothing else (no sans italic, no mono bold, no Chinese fallback) */
    INT_EQ(check_fonts_subset(path, opf), 7);
    static const char *const want[] = {"CharisSIL-Regular.ttf",      "CharisSIL-Bold.ttf",
                                       "CharisSIL-Italic.ttf",       "LiberationSans-Bold.ttf",
                                       "LiberationMono-Regular.ttf", "NanumMyeongjo.ttf"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        OK(opf && strstr(opf, want[i]), "%s not embedded", want[i]);
    OK(opf && !strstr(opf, "Droid") && !strstr(opf, "LiberationSans-Italic"), "unused font");
    /* the theme's own text first, then the rules: family names the theme uses, relative URLs,
     * the Korean font under its own name and as a unicode-range part of the body family */
    char *theme = slurp(DEFAULT_CSS, &theme_len);
    OK(css && theme && strncmp(css, theme, theme_len) == 0, "theme first");
    OK(css && strstr(css, "font-family: \"Charis SIL\";\n    font-weight: bold;\n    "
                          "font-style: normal;\n    src: url(\"fonts/CharisSIL-Bold.ttf\")"),
       "bold rule:\n%s", css ? css + theme_len : "");
    OK(css && strstr(css, "font-family: \"Nanum Myeongjo\";"), "own-name rule");
    OK(css && strstr(css, "font-family: \"Charis SIL\";\n    font-weight: normal;\n    "
                          "font-style: normal;\n    unicode-range: U+AD6D, U+BB38, U+C5B4, "
                          "U+C7A5, U+D55C;\n    src: url(\"fonts/NanumMyeongjo.ttf\")"),
       "unicode-range rule:\n%s", css ? css + theme_len : "");
    OK(css && !strstr(css, "http") && !strstr(css, "url(/"), "no remote or absolute font URL");
    op_free(opf);
    op_free(css);

    /* reproducible; offprint check and epubcheck accept it */
    INT_EQ(write_opts(one, 1, path2, &o, &cap), 0);
    char *a = slurp(path, &len), *b = slurp(path2, &len2);
    OK(a && b && len == len2 && memcmp(a, b, len) == 0, "two runs differ");
    op_free(a);
    op_free(b);
    op_check_counts counts = {0, 0};
    OK(op_epub_check(path, NULL, NULL, &counts) == OP_OK && counts.errors == 0 &&
           counts.warnings == 0,
       "offprint check: %d errors, %d warnings", counts.errors, counts.warnings);
    check_epub(path);

    /* without the option: no fonts, the theme as it is */
    o.embed_fonts = 0;
    INT_EQ(write_opts(one, 1, path2, &o, &cap), 0);
    char *names = NULL;
    OK(epub_list_entries(path2, &names) == OP_OK && names && !strstr(names, "fonts/"),
       "fonts without --embed-fonts:\n%s", names ? names : "");
    op_free(names);
    css = entry(path2, "OEBPS/style.css", &len);
    OK(css && theme && len == theme_len && memcmp(css, theme, len) == 0, "style.css changed");
    op_free(css);
    op_free(theme);
    op_doc_free(d);
}

/* Korean fonts only when the text needs them; the profiles; a theme naming none of the
 * fonts; --max-size leaves the fonts out before it fails. */
static void test_embed_fonts_options(void)
{
    const char *path = "test_epub_fonts3.epub", *cssfile = "test_epub_fonts.css";
    captured cap = {""};
    op_epub_opts o;
    op_doc *d = fonts_doc("en", "Only Latin text here");
    const op_doc *one[1] = {d};

    memset(&o, 0, sizeof o);
    o.embed_fonts = 1;
    o.profile = OP_EPUB_KINDLE;
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    char *opf = entry(path, "OEBPS/content.opf", NULL);
    OK(opf && strstr(opf, "CharisSIL-Regular.ttf") && !strstr(opf, "Nanum"), "no Korean font");
    op_free(opf);
    char *names = NULL;
    OK(epub_list_entries(path, &names) == OP_OK && names && !strstr(names, "com.apple"),
       "display options outside the apple profile");
    op_free(names);
    long with_fonts = file_size_of(path);

    o.profile = OP_EPUB_APPLE;
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    char *opts = entry(path, "META-INF/com.apple.ibooks.display-options.xml", NULL);
    OK(opts && strstr(opts, "<option name=\"specified-fonts\">true</option>"), "apple options");
    op_free(opts);

    /* a theme that names none of fonts.conf's families: nothing embedded, one warning each */
    FILE *f = fopen(cssfile, "w");
    if (f) {
        fputs("body { font-family: Georgia, serif; }\n", f);
        fclose(f);
    }
    o.profile = OP_EPUB_GENERIC;
    o.stylesheet = cssfile;
    cap.text[0] = '\0';
    OK(write_opts(one, 1, path, &o, &cap) > 0, "no warning");
    OK(strstr(cap.text, "never names the font family \"Charis SIL\""), "warning:\n%s", cap.text);
    char *css = entry(path, "OEBPS/style.css", NULL);
    STR_EQ(css ? css : "", "body { font-family: Georgia, serif; }\n");
    op_free(css);
    o.stylesheet = NULL;

    /* --max-size between the book without and with fonts: the fonts go, with a warning */
    o.embed_fonts = 0;
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    long without = file_size_of(path);
    OK(without > 0 && with_fonts > without + 2048, "sizes %ld, %ld", without, with_fonts);
    o.embed_fonts = 1;
    o.max_size = (size_t)without + 1024;
    cap.text[0] = '\0';
    INT_EQ(write_opts(one, 1, path, &o, &cap), 1);
    OK(strstr(cap.text, "fonts left out"), "max-size warning:\n%s", cap.text);
    OK(file_size_of(path) == without, "book without fonts: %ld, %ld", file_size_of(path), without);
    unlink(cssfile);
    op_doc_free(d);

    /* text 400 levels deep (past libxml2's default limit of 256) still gets its font */
    d = fonts_doc("en", "Top");
    one[0] = d;
    op_node *q = op_doc_root(d);
    for (int i = 0; i < 400; i++)
        q = add(d, q, OP_NODE_BLOCKQUOTE);
    para(d, q, "깊은 곳");
    o.max_size = 0;
    cap.text[0] = '\0';
    INT_EQ(write_opts(one, 1, path, &o, &cap), 0);
    opf = entry(path, "OEBPS/content.opf", NULL);
    OK(opf && strstr(opf, "NanumMyeongjo"), "deep Korean text without its font:\n%s", cap.text);
    op_free(opf);
    op_doc_free(d);
}

/* One font set and one parsed theme lent to several books in a row give the bytes of fresh
 * loads, also after a book whose fonts the --max-size cap left out (the lent set is not
 * freed with them); a theme parsed from memory is embedded as its text. */
static void test_lent_resources(void)
{
    const char *const fresh[2] = {"test_epub_fresh_ko.epub", "test_epub_fresh_en.epub"};
    const char *const lent[2] = {"test_epub_lent_ko.epub", "test_epub_lent_en.epub"};
    captured cap = {""};
    op_doc *d[2] = {fonts_doc("ko", "한국어 문장 and Latin text"), fonts_doc("en", "Latin only")};
    op_epub_opts o;
    size_t la = 0, lb = 0;

    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    memset(&o, 0, sizeof o);
    o.embed_fonts = 1;
    for (int k = 0; k < 2; k++)
        INT_EQ(write_opts((const op_doc *const *)&d[k], 1, fresh[k], &o, &cap), 0);
    char *path = op_style_find("default", NULL);
    op_style *theme = NULL;
    OK(path && op_style_load(path, NULL, &theme) == OP_OK, "default theme");
    o.theme = theme;
    INT_EQ(op_fontset_load(NULL, NULL, &o.fonts), OP_OK);
    for (int round = 0; round < 2; round++) {
        for (int k = 0; k < 2; k++) {
            INT_EQ(write_opts((const op_doc *const *)&d[k], 1, lent[k], &o, &cap), 0);
            char *a = slurp(fresh[k], &la), *b = slurp(lent[k], &lb);
            OK(a && b && la == lb && memcmp(a, b, la) == 0, "round %d, book %d differs", round, k);
            op_free(a);
            op_free(b);
        }
        /* a cap the fonts do not fit under: they are left out, the set stays the caller's */
        o.max_size = (size_t)file_size_of(fresh[1]) - 2048;
        cap.text[0] = '\0';
        INT_EQ(write_opts((const op_doc *const *)&d[1], 1, lent[1], &o, &cap), 1);
        OK(strstr(cap.text, "fonts left out"), "max-size warning:\n%s", cap.text);
        o.max_size = 0;
    }
    op_style_free(theme);

    /* a theme parsed from memory: its text is what the book embeds */
    const char *css = "body { font-family: Georgia, serif; }\n";
    OK(op_style_parse(css, strlen(css), NULL, NULL, &theme) == OP_OK, "parse");
    o.theme = theme;
    o.embed_fonts = 0;
    INT_EQ(write_opts((const op_doc *const *)&d[1], 1, lent[1], &o, &cap), 0);
    char *got = entry(lent[1], "OEBPS/style.css", NULL);
    STR_EQ(got ? got : "", css);
    op_free(got);
    op_style_free(theme);
    op_fontset_free(o.fonts);
    op_free(path);
    op_doc_free(d[0]);
    op_doc_free(d[1]);
}

int main(void)
{
    RUN(test_dates);
    RUN(test_helpers);
    RUN(test_rich);
    RUN(test_reproducible);
    RUN(test_nav_nesting);
    RUN(test_minimal);
    RUN(test_failures);
    RUN(test_random_trees);
    RUN(test_bundle);
    RUN(test_toc_depth);
    RUN(test_cover);
    RUN(test_title_page);
    RUN(test_split_names);
    RUN(test_image_limits);
    RUN(test_profiles);
    RUN(test_embed_fonts);
    RUN(test_embed_fonts_options);
    RUN(test_lent_resources);
    /* the books these write, again through epubcheck: an entry of its own, which skips
     * without java or the jar */
    RUN_NEEDS("epubcheck", test_rich);
    RUN_NEEDS("epubcheck", test_nav_nesting);
    RUN_NEEDS("epubcheck", test_minimal);
    RUN_NEEDS("epubcheck", test_bundle);
    RUN_NEEDS("epubcheck", test_cover);
    RUN_NEEDS("epubcheck", test_title_page);
    RUN_NEEDS("epubcheck", test_embed_fonts);
    xmlCleanupParser();
    DONE();
}
