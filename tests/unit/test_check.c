/* Unit tests for op_epub_check (src/epub/epub_check.c): a good book written by op_epub_write
 * is clean; then the book's entries are read back (epub_read_entry) and re-packed by a tiny
 * zip writer below (stored entries, or a deflate "stored block" for a compressed mimetype)
 * with one deliberate fault per variant, and each variant must be flagged by its rule.
 * Damaged and random bytes must never crash the check. */
#include "harness.h"
#include "epub/epub_int.h"
#include "offprint/check.h"
#include "offprint/epub.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIX  OP_TEST_SRC_DIR "/tests/fixtures/epub/"
#define GOOD "check-good.epub"
#define BAD  "check-bad.epub"
#define OPF  "OEBPS/content.opf"
#define ART  "OEBPS/text/article.xhtml"
#define IMG  "OEBPS/images/img-001.png"

/*** Capture ***/

typedef struct captured {
    char text[16384];
} captured;

static void capture(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    captured *c = ud;
    size_t n = strlen(c->text);
    (void)line;
    (void)file;
    snprintf(c->text + n, sizeof c->text - n, "%s %s\n", sev == OP_SEV_ERROR ? "E" : "W", msg);
}

static op_check_counts run_check(const char *path, const op_check_opts *o, captured *cap)
{
    op_diag d = {capture, cap, NULL, 0, 0};
    op_check_counts n = {-1, -1};
    memset(cap->text, 0, sizeof cap->text);
    INT_EQ(op_epub_check(path, o, &d, &n), OP_OK);
    return n;
}

/*** Zip entries in memory and a minimal zip writer ***/

typedef struct ent {
    char name[128];
    char *data;
    size_t len;
    int deflate; /* 1: method 8 with a single stored deflate block */
    int extra;   /* 1: a 4-byte extra field in the local header */
} ent;

typedef struct book {
    ent e[32];
    int n;
} book;

static uint32_t crc32_of(const char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= (unsigned char)p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

static void put16(FILE *f, unsigned v)
{
    fputc((int)(v & 0xFF), f);
    fputc((int)((v >> 8) & 0xFF), f);
}

static void put32(FILE *f, uint32_t v)
{
    put16(f, v & 0xFFFF);
    put16(f, v >> 16);
}

/* Local header (30 bytes + name + extra) then data; returns the bytes written. */
static long write_local(FILE *f, const ent *e)
{
    size_t nl = strlen(e->name), clen = e->len + (e->deflate ? 5 : 0);
    put32(f, 0x04034b50u);
    put16(f, 20);
    put16(f, 0x0800);
    put16(f, e->deflate ? 8 : 0);
    put32(f, 0x00210000u); /* 1980-01-01 00:00 */
    put32(f, crc32_of(e->data, e->len));
    put32(f, (uint32_t)clen);
    put32(f, (uint32_t)e->len);
    put16(f, (unsigned)nl);
    put16(f, e->extra ? 4 : 0);
    fwrite(e->name, 1, nl, f);
    if (e->extra)
        put32(f, 0x0000CAFEu); /* id 0xCAFE, 0 bytes of data */
    if (e->deflate) {
        fputc(1, f); /* final stored block */
        put16(f, (unsigned)e->len);
        put16(f, (unsigned)~e->len & 0xFFFF);
    }
    fwrite(e->data, 1, e->len, f);
    return (long)(30 + nl + (e->extra ? 4 : 0) + clen);
}

static void write_central(FILE *f, const ent *e, long off)
{
    size_t nl = strlen(e->name);
    put32(f, 0x02014b50u);
    put16(f, 20);
    put16(f, 20);
    put16(f, 0x0800);
    put16(f, e->deflate ? 8 : 0);
    put32(f, 0x00210000u);
    put32(f, crc32_of(e->data, e->len));
    put32(f, (uint32_t)(e->len + (e->deflate ? 5 : 0)));
    put32(f, (uint32_t)e->len);
    put16(f, (unsigned)nl);
    put32(f, 0); /* extra length, comment length */
    put32(f, 0); /* disk, internal attributes */
    put32(f, 0); /* external attributes */
    put32(f, (uint32_t)off);
    fwrite(e->name, 1, nl, f);
}

static void write_book(const book *b, const char *path)
{
    FILE *f = fopen(path, "wb");
    long off[32], pos = 0, cd;
    for (int i = 0; i < b->n; i++) {
        off[i] = pos;
        pos += write_local(f, &b->e[i]);
    }
    cd = pos;
    for (int i = 0; i < b->n; i++)
        write_central(f, &b->e[i], off[i]);
    long cd_size = ftell(f) - cd;
    put32(f, 0x06054b50u);
    put32(f, 0);
    put16(f, (unsigned)b->n);
    put16(f, (unsigned)b->n);
    put32(f, (uint32_t)cd_size);
    put32(f, (uint32_t)cd);
    put16(f, 0);
    fclose(f);
}

static void load_book(book *b, const char *path)
{
    char *names = NULL;
    memset(b, 0, sizeof *b);
    OK(epub_list_entries(path, &names) == OP_OK, "list %s", path);
    for (char *p = names, *nl; p && (nl = strchr(p, '\n')) != NULL && b->n < 32; p = nl + 1) {
        ent *e = &b->e[b->n++];
        snprintf(e->name, sizeof e->name, "%.*s", (int)(nl - p), p);
        OK(epub_read_entry(path, e->name, &e->data, &e->len, NULL) == OP_OK, "read %s", e->name);
    }
    op_free(names);
}

static void free_book(book *b)
{
    for (int i = 0; i < b->n; i++)
        op_free(b->e[i].data);
    b->n = 0;
}

static ent *find(book *b, const char *name)
{
    for (int i = 0; i < b->n; i++) {
        if (strcmp(b->e[i].name, name) == 0)
            return &b->e[i];
    }
    return NULL;
}

static void set_data(ent *e, const char *s, size_t len)
{
    op_free(e->data);
    e->data = op_malloc(len + 1);
    memcpy(e->data, s, len);
    e->data[len] = '\0';
    e->len = len;
}

/* Replaces the first `from` in entry `name` with `to`. */
static void edit(book *b, const char *name, const char *from, const char *to)
{
    ent *e = find(b, name);
    char *at = e ? strstr(e->data, from) : NULL;
    OK(at != NULL, "'%s' not found in %s", from, name);
    if (!at)
        return;
    size_t pre = (size_t)(at - e->data), fl = strlen(from), tl = strlen(to);
    char *n = op_malloc(e->len - fl + tl + 1);
    memcpy(n, e->data, pre);
    memcpy(n + pre, to, tl);
    memcpy(n + pre + tl, at + fl, e->len - pre - fl + 1);
    op_free(e->data);
    e->data = n;
    e->len = e->len - fl + tl;
}

static void drop(book *b, const char *name)
{
    ent *e = find(b, name);
    if (!e)
        return;
    op_free(e->data);
    memmove(e, e + 1, (size_t)(b->n - (e - b->e) - 1) * sizeof *e);
    b->n--;
}

static void add(book *b, const char *name, const char *data, size_t len)
{
    ent *e = &b->e[b->n++];
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", name);
    set_data(e, data, len);
}

/*** The good book ***/

static op_node *child(op_doc *d, op_node *parent, op_node_kind k)
{
    op_node *n = op_node_new(d, k);
    op_node_append_child(parent, n);
    return n;
}

static void text(op_doc *d, op_node *parent, const char *s)
{
    op_node_set_literal(d, child(d, parent, OP_NODE_TEXT), s, strlen(s));
}

static int write_good(void)
{
    op_doc *d = op_doc_new();
    op_node *root = op_doc_root(d), *h, *p, *img, *a;
    op_epub_opts o = {0};

    op_doc_set_meta(d, OP_META_TITLE, "Check me", 8);
    op_doc_set_meta(d, OP_META_LANG, "en", 2);
    h = child(d, root, OP_NODE_HEADING);
    op_node_set_level(h, 2);
    text(d, h, "Section");
    p = child(d, root, OP_NODE_PARAGRAPH);
    text(d, p, "Body text with a ");
    a = child(d, p, OP_NODE_LINK);
    op_node_set_url(d, a, "https://example.org/", 20);
    text(d, a, "link");
    img = child(d, child(d, root, OP_NODE_PARAGRAPH), OP_NODE_IMAGE);
    op_node_set_url(d, img, FIX "tiny.png", strlen(FIX "tiny.png"));
    op_node_set_literal(d, img, "alt", 3);
    o.source_date = 1700000000;
    o.source_date_set = 1;
    op_status st = op_epub_write(d, GOOD, &o);
    op_doc_free(d);
    OK(st == OP_OK, "op_epub_write: %s", op_status_str(st));
    return st == OP_OK;
}

/*** Variants: one fault each ***/

typedef void (*mutate_fn)(book *b);

static void m_none(book *b)
{
    (void)b;
}
static void m_mime_deflate(book *b)
{
    find(b, "mimetype")->deflate = 1;
}
static void m_mime_last(book *b)
{
    ent m = b->e[0];
    memmove(&b->e[0], &b->e[1], (size_t)(b->n - 1) * sizeof m);
    b->e[b->n - 1] = m;
}
static void m_mime_extra(book *b)
{
    find(b, "mimetype")->extra = 1;
}
static void m_mime_content(book *b)
{
    set_data(find(b, "mimetype"), "application/epub+zip\n", 21);
}
static void m_mime_missing(book *b)
{
    drop(b, "mimetype");
}
static void m_no_container(book *b)
{
    drop(b, "META-INF/container.xml");
}
static void m_container_bad(book *b)
{
    edit(b, "META-INF/container.xml", "</container>", "</containr>");
}
static void m_rootfile(book *b)
{
    edit(b, "META-INF/container.xml", "content.opf", "missing.opf");
}
static void m_opf_bad(book *b)
{
    edit(b, OPF, "</package>", "</packag");
}
static void m_no_lang(book *b)
{
    edit(b, OPF, "<dc:language>en</dc:language>", "");
}
static void m_empty_lang(book *b)
{
    edit(b, OPF, "<dc:language>en</dc:language>", "<dc:language> </dc:language>");
}
static void m_no_title(book *b)
{
    edit(b, OPF, "<dc:title>Check me</dc:title>", "");
}
static void m_no_ident(book *b)
{
    edit(b, OPF, "<dc:identifier id=\"pub-id\">", "<dc:identifier id=\"pub-id\"/><x>");
    edit(b, OPF, "</dc:identifier>", "</x>");
}
static void m_uid(book *b)
{
    edit(b, OPF, "unique-identifier=\"pub-id\"", "unique-identifier=\"other\"");
}
static void m_no_modified(book *b)
{
    edit(b, OPF, "property=\"dcterms:modified\"", "property=\"dcterms:date\"");
}
static void m_noncore(book *b)
{
    char *webp = NULL;
    size_t len = 0;
    OK(op_file_read(FIX "tiny.webp", 0, &webp, &len) == OP_OK, "read tiny.webp");
    add(b, "OEBPS/images/x.webp", webp, len);
    op_free(webp);
    edit(b, OPF, "</manifest>",
         "<item id=\"w\" href=\"images/x.webp\" media-type=\"image/webp\"/></manifest>");
}
static void m_mismatch(book *b)
{
    static const char jpeg[] = "\xFF\xD8\xFF\xE0 not really a jpeg";
    set_data(find(b, IMG), jpeg, sizeof jpeg - 1);
}
static void m_missing_file(book *b)
{
    drop(b, IMG);
}
static void m_unlisted(book *b)
{
    add(b, "OEBPS/notes.txt", "hello", 5);
}
static void m_no_nav(book *b)
{
    edit(b, OPF, "properties=\"nav\"", "properties=\"scripted\"");
}
static void m_xhtml_bad(book *b)
{
    edit(b, ART, "</body>", "<p>unclosed</body>");
}
static void m_body_nested(book *b)
{
    edit(b, ART, "</body>", "<div><body><p>x</p></body></div></body>");
}
static void m_no_body(book *b)
{
    edit(b, ART, "<body", "<div");
    edit(b, ART, "</body>", "</div>");
}
static void m_root(book *b)
{
    edit(b, ART, "<html xmlns=\"http://www.w3.org/1999/xhtml\"",
         "<html xmlns=\"http://example.org/not-xhtml\"");
}
static void m_dup_id(book *b)
{
    edit(b, ART, "</body>", "<p id=\"section\">again</p></body>");
}
static void m_link_broken(book *b)
{
    edit(b, ART, "</body>", "<p><a href=\"missing.xhtml\">x</a></p></body>");
}
static void m_img_broken(book *b)
{
    edit(b, ART, "</body>", "<p><img src=\"../images/none.png\" alt=\"\"/></p></body>");
}
static void m_link_escape(book *b)
{
    edit(b, ART, "</body>", "<p><a href=\"../../../etc/passwd\">x</a></p></body>");
}
static void m_fragment(book *b)
{
    edit(b, ART, "</body>", "<p><a href=\"#no-such-id\">x</a></p></body>");
}
static void m_spine(book *b)
{
    edit(b, OPF, "</spine>", "<itemref idref=\"ghost\"/></spine>");
}
static void m_unsafe(book *b)
{
    add(b, "../evil.txt", "x", 1);
}
static void m_epub2(book *b)
{
    edit(b, OPF, "version=\"3.0\"", "version=\"2.0\"");
    edit(b, OPF, " properties=\"nav\"", "");
    edit(b, OPF, "property=\"dcterms:modified\"", "name=\"x\" content=\"y\"");
}
static void m_item_nohref(book *b)
{
    edit(b, OPF, "</manifest>", "<item id=\"q\" media-type=\"text/css\"/></manifest>");
}

typedef struct variant {
    const char *what;
    mutate_fn fn;
    const char *rule; /* NULL: clean */
    int error;        /* 1: the rule is an error, 0: a warning */
} variant;

static const variant variants[] = {
    {"re-packed good book", m_none, NULL, 0},
    {"EPUB 2: no nav, no dcterms:modified needed", m_epub2, NULL, 0},
    {"mimetype compressed", m_mime_deflate, "mimetype-compressed", 1},
    {"mimetype not first", m_mime_last, "mimetype-not-first", 1},
    {"mimetype extra field", m_mime_extra, "mimetype-extra-field", 1},
    {"mimetype with newline", m_mime_content, "mimetype-content", 1},
    {"mimetype missing", m_mime_missing, "mimetype-missing", 1},
    {"container.xml missing", m_no_container, "container-missing", 1},
    {"container.xml malformed", m_container_bad, "container-malformed", 1},
    {"rootfile missing", m_rootfile, "container-rootfile", 1},
    {"OPF malformed", m_opf_bad, "opf-malformed", 1},
    {"no dc:language", m_no_lang, "opf-language", 1},
    {"empty dc:language", m_empty_lang, "opf-language", 1},
    {"no dc:title", m_no_title, "opf-title", 1},
    {"no dc:identifier", m_no_ident, "opf-identifier", 1},
    {"unique-identifier mismatch", m_uid, "opf-unique-identifier", 1},
    {"no dcterms:modified", m_no_modified, "opf-modified", 1},
    {"WebP (not core in EPUB 3.2)", m_noncore, "media-type-noncore", 1},
    {"PNG item holding other bytes", m_mismatch, "media-type-mismatch", 1},
    {"manifest file missing", m_missing_file, "manifest-file-missing", 1},
    {"file not in manifest", m_unlisted, "file-not-in-manifest", 0},
    {"no nav", m_no_nav, "nav-missing", 1},
    {"XHTML malformed", m_xhtml_bad, "xhtml-malformed", 1},
    {"nested <body>", m_body_nested, "xhtml-invalid", 1},
    {"no <body>", m_no_body, "xhtml-invalid", 1},
    {"root not XHTML <html>", m_root, "xhtml-invalid", 1},
    {"id used twice", m_dup_id, "xhtml-invalid", 1},
    {"broken link", m_link_broken, "link-broken", 1},
    {"broken img src", m_img_broken, "link-broken", 1},
    {"link out of the container", m_link_escape, "link-broken", 1},
    {"missing fragment id", m_fragment, "link-fragment", 1},
    {"spine idref unknown", m_spine, "spine-idref", 1},
    {"entry name with ..", m_unsafe, "entry-name-unsafe", 1},
    {"item without href", m_item_nohref, "manifest-item", 1},
};

static void test_variants(void)
{
    for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
        const variant *v = &variants[i];
        book b;
        captured cap;
        char want[96];
        load_book(&b, GOOD);
        v->fn(&b);
        write_book(&b, BAD);
        free_book(&b);
        op_check_counts n = run_check(BAD, NULL, &cap);
        if (!v->rule) {
            OK(n.errors == 0 && n.warnings == 0, "%s: %d/%d\n%s", v->what, n.errors, n.warnings,
               cap.text);
            continue;
        }
        snprintf(want, sizeof want, "%s %s: ", v->error ? "E" : "W", v->rule);
        OK(strstr(cap.text, want) != NULL, "%s: no '%s' in:\n%s", v->what, want, cap.text);
        OK(v->error ? n.errors > 0 : n.errors == 0 && n.warnings > 0, "%s: %d errors, %d warnings",
           v->what, n.errors, n.warnings);
    }
}

/*** Whole files ***/

static void test_good(void)
{
    captured cap;
    op_check_counts n = run_check(GOOD, NULL, &cap);
    OK(n.errors == 0 && n.warnings == 0, "good book: %d/%d\n%s", n.errors, n.warnings, cap.text);
}

static void test_sizes(void)
{
    captured cap;
    op_check_opts o = {0};
    o.max_size = 1024;
    o.max_image = 16;
    op_check_counts n = run_check(GOOD, &o, &cap);
    OK(strstr(cap.text, "W book-size: ") != NULL, "%s", cap.text);
    OK(strstr(cap.text, "W image-size: ") != NULL && strstr(cap.text, "(" IMG ")"), "%s", cap.text);
    INT_EQ(n.errors, 0);
    INT_EQ(n.warnings, 2);
}

static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, len, f);
    fclose(f);
}

static void test_not_a_zip(void)
{
    captured cap;
    op_check_counts n;
    write_bytes(BAD, "<html>not a zip</html>", 22);
    n = run_check(BAD, NULL, &cap);
    OK(n.errors == 1 && strstr(cap.text, "E zip-unreadable: "), "%s", cap.text);
    write_bytes(BAD, "", 0);
    n = run_check(BAD, NULL, &cap);
    OK(n.errors == 1 && strstr(cap.text, "E zip-unreadable: "), "%s", cap.text);
    n = run_check("no-such-file.epub", NULL, &cap);
    OK(n.errors == 1 && strstr(cap.text, "E zip-unreadable: "), "%s", cap.text);
    n = run_check(".", NULL, &cap);
    INT_EQ(n.errors, 1);
    INT_EQ(op_epub_check(NULL, NULL, NULL, &n), OP_ERR_USAGE);
}

/* Flips random bytes of the good book: the check may report anything but must not crash. */
static void test_damaged(void)
{
    char *data = NULL;
    size_t len = 0;
    unsigned seed = 12345;
    OK(op_file_read(GOOD, 0, &data, &len) == OP_OK, "read good");
    for (int round = 0; round < 300 && data; round++) {
        char *copy = op_malloc(len);
        memcpy(copy, data, len);
        for (int k = 0; k < 1 + round % 8; k++) {
            seed = seed * 1103515245u + 12345u;
            copy[(seed >> 8) % len] = (char)(seed >> 3);
        }
        size_t cut = round % 5 == 4 ? (seed >> 4) % len : len;
        write_bytes(BAD, copy, cut);
        op_check_counts n;
        INT_EQ(op_epub_check(BAD, NULL, NULL, &n), OP_OK);
        op_free(copy);
    }
    op_free(data);
}

int main(void)
{
    if (!write_good())
        DONE();
    RUN(test_good);
    RUN(test_variants);
    RUN(test_sizes);
    RUN(test_not_a_zip);
    RUN(test_damaged);
    unlink(BAD);
    unlink(GOOD);
    DONE();
}
