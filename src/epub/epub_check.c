/* op_epub_check: the EPUB preflight behind `offprint check`. It reads a finished book (ours or
 * anyone's) through epub_zipread.c (libzip) and parses its XML with libxml2, then reports what
 * stores and readers reject. It never extracts anything: entry names are only compared.
 * Hostile input is capped: 64 MB per entry read, 512 MB read per book, libxml2's own limits.
 *
 * Rules (ids are stable; E = error, W = warning):
 *   zip-unreadable E        not a zip, or unreadable         entry-name-unsafe E  ../, /abs, '\'
 *   mimetype-missing E      mimetype-not-first E             mimetype-compressed E
 *   mimetype-extra-field E  mimetype-content E
 *   container-missing E     container-malformed E            container-rootfile E (none/missing)
 *   opf-malformed E         opf-identifier E                 opf-unique-identifier E
 *   opf-title E             opf-language E                   opf-modified E (EPUB 3)
 *   manifest-item E (no href/media-type)  manifest-file-missing E   spine-idref E
 *   file-not-in-manifest W  media-type-noncore E (no fallback)     media-type-mismatch E
 *   nav-missing E (EPUB 3)  xhtml-malformed E                link-broken E   link-fragment E
 *   xhtml-invalid E (root not XHTML <html>, no <body> or one nested, an id used twice)
 *   book-size W             image-size W                     entry-too-large W   check-limit W
 */
#include "epub/epub_check.h"
#include "xml/xml_init.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define ENTRY_MAX  ((size_t)64 * 1024 * 1024)
#define BOOK_READ  ((uint64_t)512 * 1024 * 1024)
#define NS_DC      "http://purl.org/dc/elements/1.1/"
#define NS_XLINK   "http://www.w3.org/1999/xlink"
#define MIMETYPE   "application/epub+zip"
#define XHTML_TYPE "application/xhtml+xml"
#define NS_XHTML   "http://www.w3.org/1999/xhtml"

/*** State ***/

typedef struct chk_entry {
    const char *name; /* arena copy */
    long index;       /* in the archive */
    uint64_t size;
    int in_manifest;
} chk_entry;

typedef struct chk_item {
    const char *id, *href, *path, *type, *props, *fallback; /* arena; path NULL when invalid */
    long entry;                                             /* index into entries, -1 missing */
} chk_item;

typedef struct chk_doc {
    const char *path;
    const char **ids; /* sorted */
    size_t nids;
} chk_doc;

typedef struct chk_link {
    const char *from; /* the document holding the link */
    const char *href, *path, *frag;
} chk_link;

typedef struct chk {
    const char *shown;
    op_diag *diag;
    op_check_counts *counts;
    uint64_t max_size, max_image, budget;
    op_arena *arena;
    epub_zr *zr;
    chk_entry *entries; /* sorted by name */
    size_t nentries;
    const char *opf_path, *opf_dir;
    int epub3;
    chk_item *items;
    size_t nitems;
    chk_doc *docs;
    size_t ndocs, capdocs;
    chk_link *links;
    size_t nlinks, caplinks;
} chk;

/*** Reporting ***/

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static void
report(chk *c, op_severity sev, const char *rule, const char *entry, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (sev == OP_SEV_ERROR)
        c->counts->errors++;
    else
        c->counts->warnings++;
    if (entry)
        op_diag_report(c->diag, sev, c->shown, 0, "%s: %s (%s)", rule, msg, entry);
    else
        op_diag_report(c->diag, sev, c->shown, 0, "%s: %s", rule, msg);
}

/*** Names and paths ***/

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const chk_entry *)a)->name, ((const chk_entry *)b)->name);
}

static chk_entry *find_entry(chk *c, const char *name)
{
    chk_entry key = {name, 0, 0, 0};
    if (!name || !c->nentries)
        return NULL;
    return bsearch(&key, c->entries, c->nentries, sizeof key, cmp_entry);
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Percent-decodes s[0..n) into out (room n + 1). Returns 0 when it would decode to NUL. */
static int pct_decode(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
            (lo = hexval(s[i + 2])) >= 0) {
            if (hi == 0 && lo == 0)
                return 0;
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return 1;
}

/* Removes "." and ".." segments and empty ones in place. Returns 0 when ".." leaves the root. */
static int normalize_path(char *p)
{
    size_t o = 0, depth = 0;
    const char *s = p;
    while (*s) {
        const char *seg = s;
        while (*s && *s != '/')
            s++;
        size_t n = (size_t)(s - seg);
        if (*s)
            s++;
        if (n == 0 || (n == 1 && seg[0] == '.'))
            continue;
        if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            if (depth == 0)
                return 0;
            depth--;
            while (o > 0 && p[o - 1] != '/')
                o--;
            o = o > 0 ? o - 1 : 0;
            continue;
        }
        if (o > 0)
            p[o++] = '/';
        memmove(p + o, seg, n);
        o += n;
        depth++;
    }
    p[o] = '\0';
    return 1;
}

/* Resolves the relative reference rel[0..n) against dir ("" or ending in '/'): a new arena
 * string, or NULL when it climbs above the container root or decodes to NUL. */
static const char *resolve(chk *c, const char *dir, const char *rel, size_t n)
{
    size_t dl = strlen(dir);
    char *out = op_arena_alloc(c->arena, dl + n + 1);
    if (n > 0 && rel[0] == '/')
        dl = 0; /* absolute: from the container root */
    memcpy(out, dir, dl);
    if (!pct_decode(rel, n, out + dl) || !normalize_path(out))
        return NULL;
    return out;
}

static const char *dir_of(chk *c, const char *path)
{
    const char *slash = strrchr(path, '/');
    return op_arena_strndup(c->arena, path, slash ? (size_t)(slash - path + 1) : 0);
}

/* 1 when href starts with a URL scheme ("http:", "mailto:", "data:") or is network-path. */
static int has_scheme(const char *h)
{
    if (h[0] == '/' && h[1] == '/')
        return 1;
    if (!((h[0] >= 'a' && h[0] <= 'z') || (h[0] >= 'A' && h[0] <= 'Z')))
        return 0;
    for (const char *p = h + 1; *p; p++) {
        if (*p == ':')
            return 1;
        if (!(*p == '+' || *p == '-' || *p == '.' || (*p >= '0' && *p <= '9') ||
              (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            return 0;
    }
    return 0;
}

static int name_unsafe(const char *n)
{
    if (!*n || n[0] == '/' || strchr(n, '\\'))
        return 1;
    for (const char *p = n; *p;) {
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.')
            return 1;
        p += len + (e ? 1 : 0);
    }
    return 0;
}

/*** XML helpers (libxml2) ***/

/* Parses data as XML without network, DTD loading or entity expansion. NULL when it is not
 * well-formed; err then holds "line N: message". */
static xmlDocPtr parse_xml(const char *data, size_t len, char *err, size_t errsz)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    xmlDocPtr doc = NULL;
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

    snprintf(err, errsz, "not well-formed");
    if (!ctxt)
        return NULL;
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL, opts);
    if (!doc || !ctxt->wellFormed) {
        xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
        if (e && e->message) {
            snprintf(err, errsz, "line %d: %s", e->line, e->message);
            err[strcspn(err, "\n")] = '\0';
        }
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

static int is_elem(xmlNodePtr n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

static int in_ns(xmlNodePtr n, const char *ns)
{
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

static xmlNodePtr child_elem(xmlNodePtr parent, const char *local)
{
    for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next) {
        if (is_elem(n, local))
            return n;
    }
    return NULL;
}

/* Attribute value as a new arena string (NULL when absent). */
static const char *attr(chk *c, xmlNodePtr n, const char *name, const char *ns)
{
    xmlChar *v = ns ? xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)ns)
                    : xmlGetNoNsProp(n, (const xmlChar *)name);
    const char *out = NULL;
    if (v) {
        out = op_arena_strndup(c->arena, (const char *)v, strlen((const char *)v));
        xmlFree(v);
    }
    return out;
}

/* 1 when the element has text other than whitespace. */
static int has_text(xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    int any = 0;
    for (const xmlChar *p = t; p && *p && !any; p++)
        any = !(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r');
    xmlFree(t);
    return any;
}

/* Reads entry `e` with the per-entry and per-book caps. NULL (reported) when it cannot. */
static char *read_entry(chk *c, const chk_entry *e, size_t *len)
{
    char *data = NULL;
    op_status st;

    if (e->size > ENTRY_MAX) {
        report(c, OP_SEV_WARNING, "entry-too-large", e->name,
               "not checked: larger than %zu MB uncompressed", ENTRY_MAX >> 20);
        return NULL;
    }
    if (c->budget == 0 || e->size > c->budget) {
        report(c, OP_SEV_WARNING, "check-limit", e->name,
               "not checked: more than %llu MB read from this book",
               (unsigned long long)(BOOK_READ >> 20));
        return NULL;
    }
    st = epub_zr_read(c->zr, e->index, ENTRY_MAX, &data, len);
    if (st == OP_ERR_LIMIT)
        report(c, OP_SEV_WARNING, "entry-too-large", e->name,
               "not checked: larger than %zu MB uncompressed", ENTRY_MAX >> 20);
    else if (st)
        report(c, OP_SEV_ERROR, "zip-unreadable", e->name, "damaged entry (bad data or CRC)");
    if (st)
        return NULL;
    c->budget -= *len < c->budget ? *len : c->budget;
    return data;
}

/*** Container: entries, mimetype, container.xml ***/

static void load_entries(chk *c)
{
    long n = epub_zr_count(c->zr);
    c->entries = op_calloc(n > 0 ? (size_t)n : 1, sizeof *c->entries);
    for (long i = 0; i < n; i++) {
        epub_zr_entry ze;
        if (epub_zr_stat(c->zr, i, &ze) != 0) {
            report(c, OP_SEV_ERROR, "zip-unreadable", NULL, "entry %ld cannot be read", i);
            continue;
        }
        if (name_unsafe(ze.name))
            report(c, OP_SEV_ERROR, "entry-name-unsafe", ze.name,
                   "entry name is absolute, has '..' or a backslash");
        chk_entry *e = &c->entries[c->nentries++];
        e->name = op_arena_strndup(c->arena, ze.name, strlen(ze.name));
        e->index = i;
        e->size = ze.size;
    }
    qsort(c->entries, c->nentries, sizeof *c->entries, cmp_entry);
}

static uint32_t rd16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

/* The OCF rule is about the bytes: the first local header must be an uncompressed entry
 * named "mimetype" with no extra field, so the type sits at offset 38. */
static void check_mimetype_header(chk *c, const char *path)
{
    unsigned char h[38];
    FILE *f = fopen(path, "rb");
    size_t got = f ? fread(h, 1, sizeof h, f) : 0;
    if (f)
        fclose(f);
    if (got < 38 || memcmp(h, "PK\3\4", 4) != 0 || rd16(h + 26) != 8 ||
        memcmp(h + 30, "mimetype", 8) != 0) {
        if (find_entry(c, "mimetype"))
            report(c, OP_SEV_ERROR, "mimetype-not-first", "mimetype",
                   "the first entry of the zip must be mimetype");
        return;
    }
    if (rd16(h + 8) != 0)
        report(c, OP_SEV_ERROR, "mimetype-compressed", "mimetype",
               "mimetype must be stored without compression");
    if (rd16(h + 28) != 0)
        report(c, OP_SEV_ERROR, "mimetype-extra-field", "mimetype",
               "mimetype's local header has an extra field (%u bytes)", (unsigned)rd16(h + 28));
}

static void check_mimetype(chk *c, const char *path)
{
    chk_entry *e = find_entry(c, "mimetype");
    char *data;
    size_t len;

    if (!e) {
        report(c, OP_SEV_ERROR, "mimetype-missing", "mimetype", "no mimetype entry");
        return;
    }
    check_mimetype_header(c, path);
    if (epub_zr_read(c->zr, e->index, 1024, &data, &len) != OP_OK) {
        report(c, OP_SEV_ERROR, "mimetype-content", "mimetype", "cannot read the mimetype entry");
        return;
    }
    if (len != strlen(MIMETYPE) || memcmp(data, MIMETYPE, len) != 0)
        report(c, OP_SEV_ERROR, "mimetype-content", "mimetype",
               "content must be exactly '" MIMETYPE "' (no newline)");
    op_free(data);
}

/* Finds the OPF's path in the rootfile of the right media type (first one). */
static const char *rootfile_path(chk *c, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr rfs = is_elem(root, "container") ? child_elem(root, "rootfiles") : NULL;
    for (xmlNodePtr n = rfs ? rfs->children : NULL; n; n = n->next) {
        if (!is_elem(n, "rootfile"))
            continue;
        const char *type = attr(c, n, "media-type", NULL);
        const char *fp = attr(c, n, "full-path", NULL);
        if (fp && *fp && type && strcmp(type, "application/oebps-package+xml") == 0)
            return fp;
    }
    return NULL;
}

/* Returns the OPF's entry, or NULL (reported). */
static chk_entry *find_opf(chk *c)
{
    const char *cx = "META-INF/container.xml";
    chk_entry *e = find_entry(c, cx);
    char err[512], *data;
    size_t len;
    xmlDocPtr doc;
    const char *fp;

    if (!e) {
        report(c, OP_SEV_ERROR, "container-missing", cx, "no META-INF/container.xml");
        return NULL;
    }
    if ((data = read_entry(c, e, &len)) == NULL)
        return NULL;
    doc = parse_xml(data, len, err, sizeof err);
    op_free(data);
    if (!doc) {
        report(c, OP_SEV_ERROR, "container-malformed", cx, "%s", err);
        return NULL;
    }
    fp = rootfile_path(c, doc);
    xmlFreeDoc(doc);
    if (!fp) {
        report(c, OP_SEV_ERROR, "container-rootfile", cx,
               "no rootfile with media-type application/oebps-package+xml");
        return NULL;
    }
    const char *p = resolve(c, "", fp, strlen(fp));
    if (!p || !(e = find_entry(c, p)))
        report(c, OP_SEV_ERROR, "container-rootfile", cx, "rootfile '%s' is not in the container",
               fp);
    return p ? e : NULL;
}

/*** Package document: metadata ***/

static void check_identifiers(chk *c, xmlNodePtr meta, xmlNodePtr pkg)
{
    const char *uid = attr(c, pkg, "unique-identifier", NULL);
    int found = 0, matched = 0;

    for (xmlNodePtr n = meta ? meta->children : NULL; n; n = n->next) {
        if (!is_elem(n, "identifier") || !in_ns(n, NS_DC))
            continue;
        const char *id = attr(c, n, "id", NULL);
        int full = has_text(n);
        found |= full;
        if (uid && id && strcmp(id, uid) == 0)
            matched = full ? 1 : -1;
    }
    if (!found)
        report(c, OP_SEV_ERROR, "opf-identifier", c->opf_path, "no non-empty dc:identifier");
    else if (!uid || matched != 1)
        report(c, OP_SEV_ERROR, "opf-unique-identifier", c->opf_path,
               "package unique-identifier '%s' names no non-empty dc:identifier",
               uid ? uid : "(missing)");
}

/* Counts elements of `local` in the DC namespace; *filled counts those with text. */
static int count_dc(xmlNodePtr meta, const char *local, int *filled)
{
    int n = 0;
    *filled = 0;
    for (xmlNodePtr e = meta ? meta->children : NULL; e; e = e->next) {
        if (is_elem(e, local) && in_ns(e, NS_DC)) {
            n++;
            *filled += has_text(e);
        }
    }
    return n;
}

static int w3c_datetime_utc(const char *s)
{
    static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
    size_t i = 0;
    while (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')
        s++;
    for (; pat[i]; i++) {
        if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pat[i])
            return 0;
    }
    return s[i] == '\0' || s[i] == ' ' || s[i] == '\n';
}

static void check_modified(chk *c, xmlNodePtr meta)
{
    for (xmlNodePtr n = meta ? meta->children : NULL; n; n = n->next) {
        const char *prop = is_elem(n, "meta") ? attr(c, n, "property", NULL) : NULL;
        if (!prop || strcmp(prop, "dcterms:modified") != 0)
            continue;
        xmlChar *t = xmlNodeGetContent(n);
        int ok = t && w3c_datetime_utc((const char *)t);
        if (!ok)
            report(c, OP_SEV_ERROR, "opf-modified", c->opf_path,
                   "dcterms:modified '%.40s' is not CCYY-MM-DDThh:mm:ssZ", t ? (char *)t : "");
        xmlFree(t);
        return;
    }
    report(c, OP_SEV_ERROR, "opf-modified", c->opf_path,
           "no dcterms:modified (required in EPUB 3)");
}

static void check_metadata(chk *c, xmlNodePtr pkg)
{
    xmlNodePtr meta = child_elem(pkg, "metadata");
    int n, filled;

    check_identifiers(c, meta, pkg);
    n = count_dc(meta, "title", &filled);
    if (!filled)
        report(c, OP_SEV_ERROR, "opf-title", c->opf_path, n ? "dc:title is empty" : "no dc:title");
    n = count_dc(meta, "language", &filled);
    if (!filled)
        report(c, OP_SEV_ERROR, "opf-language", c->opf_path,
               n ? "dc:language is empty" : "no dc:language");
    if (c->epub3)
        check_modified(c, meta);
}

/*** Package document: manifest and spine ***/

/* The EPUB 3.2 core media types (WebP only became core in EPUB 3.3). */
static int core_type(const char *t)
{
    static const char *const core[] = {"image/gif",
                                       "image/jpeg",
                                       "image/png",
                                       "image/svg+xml",
                                       XHTML_TYPE,
                                       "application/x-dtbncx+xml",
                                       "text/css",
                                       "application/javascript",
                                       "text/javascript",
                                       "application/ecmascript",
                                       "application/smil+xml",
                                       "application/pls+xml",
                                       "audio/mpeg",
                                       "audio/mp4",
                                       "font/ttf",
                                       "font/otf",
                                       "font/woff",
                                       "font/woff2",
                                       "application/font-sfnt",
                                       "application/vnd.ms-opentype",
                                       "application/font-woff",
                                       "application/x-font-ttf",
                                       "application/x-font-truetype",
                                       "application/x-font-opentype"};
    size_t n = strcspn(t, "; \t");
    for (size_t i = 0; i < sizeof core / sizeof *core; i++) {
        if (strlen(core[i]) == n && strncasecmp(t, core[i], n) == 0)
            return 1;
    }
    return 0;
}

/* Media type of image bytes, or NULL when unknown. */
static const char *sniff_image(const unsigned char *d, size_t n)
{
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return "image/jpeg";
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
        return "image/gif";
    if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
        return "image/webp";
    for (size_t i = 0; i + 4 <= n; i++) {
        if (memcmp(d + i, "<svg", 4) == 0)
            return "image/svg+xml";
    }
    return NULL;
}

static void check_image(chk *c, const chk_item *it, const chk_entry *e)
{
    unsigned char head[4096];
    size_t got = 0;
    const char *real;

    if (e->size > c->max_image) {
        char a[32], b[32];
        report(c, OP_SEV_WARNING, "image-size", e->name, "image is %s, over %s",
               op_size_str((size_t)e->size, a, sizeof a),
               op_size_str((size_t)c->max_image, b, sizeof b));
    }
    if (epub_zr_read_head(c->zr, e->index, head, sizeof head, &got) != OP_OK)
        return; /* a damaged entry is reported by the reads that check the CRC */
    real = sniff_image(head, got);
    if (!real || strncasecmp(it->type, real, strlen(real)) != 0)
        report(c, OP_SEV_ERROR, "media-type-mismatch", e->name, "declared %s but the bytes are %s",
               it->type, real ? real : "no known image type");
}

static void load_item(chk *c, xmlNodePtr n, chk_item *it)
{
    it->id = attr(c, n, "id", NULL);
    it->href = attr(c, n, "href", NULL);
    it->type = attr(c, n, "media-type", NULL);
    it->props = attr(c, n, "properties", NULL);
    it->fallback = attr(c, n, "fallback", NULL);
    it->entry = -1;
    if (!it->href || !*it->href || !it->type || !*it->type) {
        report(c, OP_SEV_ERROR, "manifest-item", c->opf_path, "item '%s' has no %s",
               it->id ? it->id : "?", it->href && *it->href ? "media-type" : "href");
        it->type = it->type ? it->type : "";
        return;
    }
    if (has_scheme(it->href))
        return; /* remote resource: allowed for some types, not checked here */
    it->path = resolve(c, c->opf_dir, it->href, strcspn(it->href, "#?"));
    chk_entry *e = it->path ? find_entry(c, it->path) : NULL;
    if (!e) {
        report(c, OP_SEV_ERROR, "manifest-file-missing", c->opf_path,
               "item '%s' href '%s' is not in the container", it->id ? it->id : "?", it->href);
        return;
    }
    e->in_manifest = 1;
    it->entry = e - c->entries;
}

static void check_item_type(chk *c, const chk_item *it)
{
    const char *where = it->path ? it->path : c->opf_path;
    if (!*it->type)
        return;
    if (!core_type(it->type) && !(it->fallback && *it->fallback))
        report(c, OP_SEV_ERROR, "media-type-noncore", where,
               "%s is not an EPUB 3 core media type and the item has no fallback", it->type);
    if (it->entry >= 0 && strncasecmp(it->type, "image/", 6) == 0)
        check_image(c, it, &c->entries[it->entry]);
}

static int has_token(const char *list, const char *tok)
{
    size_t n = strlen(tok);
    for (const char *p = list; p && *p;) {
        p += strspn(p, " \t\n\r");
        size_t len = strcspn(p, " \t\n\r");
        if (len == n && strncmp(p, tok, n) == 0)
            return 1;
        p += len;
    }
    return 0;
}

static void check_manifest(chk *c, xmlNodePtr pkg)
{
    xmlNodePtr man = child_elem(pkg, "manifest");
    size_t cap = 0;
    int nav = 0;

    for (xmlNodePtr n = man ? man->children : NULL; n; n = n->next)
        cap += is_elem(n, "item");
    c->items = op_calloc(cap ? cap : 1, sizeof *c->items);
    for (xmlNodePtr n = man ? man->children : NULL; n; n = n->next) {
        if (!is_elem(n, "item"))
            continue;
        chk_item *it = &c->items[c->nitems++];
        load_item(c, n, it);
        check_item_type(c, it);
        nav |= has_token(it->props, "nav");
    }
    if (c->epub3 && !nav)
        report(c, OP_SEV_ERROR, "nav-missing", c->opf_path,
               "no manifest item with properties=\"nav\" (required in EPUB 3)");
}

static void check_spine(chk *c, xmlNodePtr pkg)
{
    xmlNodePtr spine = child_elem(pkg, "spine");
    for (xmlNodePtr n = spine ? spine->children : NULL; n; n = n->next) {
        const char *idref = is_elem(n, "itemref") ? attr(c, n, "idref", NULL) : NULL;
        size_t i = 0;
        if (!idref)
            continue;
        while (i < c->nitems && !(c->items[i].id && strcmp(c->items[i].id, idref) == 0))
            i++;
        if (i == c->nitems)
            report(c, OP_SEV_ERROR, "spine-idref", c->opf_path,
                   "spine itemref '%s' names no manifest item", idref);
    }
}

static void check_unlisted(chk *c)
{
    for (size_t i = 0; i < c->nentries; i++) {
        const chk_entry *e = &c->entries[i];
        size_t n = strlen(e->name);
        if (e->in_manifest || strcmp(e->name, "mimetype") == 0 ||
            strncmp(e->name, "META-INF/", 9) == 0 || (n > 0 && e->name[n - 1] == '/') ||
            (c->opf_path && strcmp(e->name, c->opf_path) == 0))
            continue;
        report(c, OP_SEV_WARNING, "file-not-in-manifest", e->name,
               "file in the container is not listed in the manifest");
    }
}

/*** Content documents: well-formedness, ids, links ***/

static void add_link(chk *c, size_t doc, const char *href)
{
    const char *hash = strchr(href, '#');
    size_t plen = strcspn(href, "#?");
    chk_link *l;

    if (!*href || has_scheme(href))
        return;
    if (c->nlinks == c->caplinks) {
        c->caplinks = c->caplinks ? c->caplinks * 2 : 64;
        c->links = op_realloc(c->links, c->caplinks * sizeof *c->links);
    }
    l = &c->links[c->nlinks++];
    l->from = c->docs[doc].path;
    l->href = op_arena_strndup(c->arena, href, strlen(href));
    l->frag = hash && hash[1] ? op_arena_strndup(c->arena, hash + 1, strlen(hash + 1)) : NULL;
    if (plen == 0)
        l->path = c->docs[doc].path; /* "#frag" or "?q": this document */
    else
        l->path = resolve(c, dir_of(c, c->docs[doc].path), href, plen);
}

static void add_id(chk_doc *d, const char *id, size_t *cap)
{
    if (d->nids == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        d->ids = op_realloc(d->ids, *cap * sizeof *d->ids);
    }
    d->ids[d->nids++] = id;
}

static void scan_attrs(chk *c, size_t doc, xmlNodePtr n, size_t *cap)
{
    static const char *const refs[] = {"href", "src", "poster"};
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        int xlink = a->ns && a->ns->href && strcmp((const char *)a->ns->href, NS_XLINK) == 0;
        if (a->ns && !xlink)
            continue;
        xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
        const char *s = v ? (const char *)v : "";
        if (!a->ns && strcmp(name, "id") == 0)
            add_id(&c->docs[doc], op_arena_strndup(c->arena, s, strlen(s)), cap);
        else if (xlink && strcmp(name, "href") == 0)
            add_link(c, doc, s);
        for (size_t i = 0; !a->ns && i < sizeof refs / sizeof *refs; i++) {
            if (strcmp(name, refs[i]) == 0)
                add_link(c, doc, s);
        }
        xmlFree(v);
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_xhtml(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name) && n->ns &&
           xmlStrEqual(n->ns->href, BAD_CAST NS_XHTML);
}

/* What readers and epubcheck reject in a well-formed content document: a root that is not
 * XHTML's <html>, no <body> or a <body> anywhere but under it (nested), an id used twice
 * (the ids are sorted). */
static void check_structure(chk *c, size_t doc, xmlNodePtr root, size_t bodies, int nested)
{
    const chk_doc *d = &c->docs[doc];

    if (!is_xhtml(root, "html"))
        report(c, OP_SEV_ERROR, "xhtml-invalid", d->path,
               "the root element is <%.40s>, not "
               "XHTML's <html>",
               root ? (const char *)root->name : "");
    else if (bodies == 0 || nested)
        report(c, OP_SEV_ERROR, "xhtml-invalid", d->path, "%s",
               bodies == 0 ? "no <body>" : "a <body> inside another element than <html>");
    for (size_t i = 1; i < d->nids; i++) {
        /* cppcheck-suppress arrayIndexThenCheck ; i < nids; "i < 2" guards ids[i - 2] only */
        if (strcmp(d->ids[i], d->ids[i - 1]) == 0 &&
            (i < 2 || strcmp(d->ids[i], d->ids[i - 2]) != 0))
            report(c, OP_SEV_ERROR, "xhtml-invalid", d->path, "id '%.100s' is used twice",
                   d->ids[i]);
    }
}

/* Walks the tree without recursion, collecting ids and references. */
static void scan_doc(chk *c, size_t doc, xmlDocPtr x)
{
    xmlNodePtr root = xmlDocGetRootElement(x), n = root;
    size_t cap = 0, bodies = 0;
    int nested = 0;
    while (n) {
        if (n->type == XML_ELEMENT_NODE)
            scan_attrs(c, doc, n, &cap);
        if (is_xhtml(n, "body")) {
            bodies++;
            nested |= n->parent != root;
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
        if (n)
            n = n->next;
    }
    chk_doc *d = &c->docs[doc];
    if (d->nids)
        qsort(d->ids, d->nids, sizeof *d->ids, cmp_str);
    check_structure(c, doc, root, bodies, nested);
}

static void check_xhtml(chk *c, const chk_item *it)
{
    const chk_entry *e = &c->entries[it->entry];
    char err[512], *data;
    size_t len;
    xmlDocPtr x;

    if ((data = read_entry(c, e, &len)) == NULL)
        return;
    x = parse_xml(data, len, err, sizeof err);
    op_free(data);
    if (!x) {
        report(c, OP_SEV_ERROR, "xhtml-malformed", e->name, "%s", err);
        return;
    }
    if (c->ndocs == c->capdocs) {
        c->capdocs = c->capdocs ? c->capdocs * 2 : 8;
        c->docs = op_realloc(c->docs, c->capdocs * sizeof *c->docs);
    }
    memset(&c->docs[c->ndocs], 0, sizeof *c->docs);
    c->docs[c->ndocs].path = e->name;
    scan_doc(c, c->ndocs++, x);
    xmlFreeDoc(x);
}

static int cmp_doc(const void *a, const void *b)
{
    return strcmp(((const chk_doc *)a)->path, ((const chk_doc *)b)->path);
}

/* Binary search: the docs are sorted by path before the links are checked. */
static const chk_doc *find_doc(chk *c, const char *path)
{
    chk_doc key;
    memset(&key, 0, sizeof key);
    key.path = path;
    return c->ndocs ? bsearch(&key, c->docs, c->ndocs, sizeof key, cmp_doc) : NULL;
}

static void check_links(chk *c)
{
    if (c->ndocs > 1)
        qsort(c->docs, c->ndocs, sizeof *c->docs, cmp_doc);
    for (size_t i = 0; i < c->nlinks; i++) {
        const chk_link *l = &c->links[i];
        const char *from = l->from;
        if (!l->path || !find_entry(c, l->path)) {
            report(c, OP_SEV_ERROR, "link-broken", from, "'%.200s' points to %s", l->href,
                   l->path ? "a file not in the container" : "outside the container");
            continue;
        }
        const chk_doc *d = l->frag ? find_doc(c, l->path) : NULL;
        if (d && !(d->nids && bsearch(&l->frag, d->ids, d->nids, sizeof *d->ids, cmp_str)))
            report(c, OP_SEV_ERROR, "link-fragment", from, "'%.200s': no id '%.100s' in %s",
                   l->href, l->frag, l->path);
    }
}

/*** Driver ***/

static void check_package(chk *c, chk_entry *opf)
{
    char err[512], *data;
    size_t len;
    xmlDocPtr doc;

    c->opf_path = opf->name;
    c->opf_dir = dir_of(c, opf->name);
    if ((data = read_entry(c, opf, &len)) == NULL)
        return;
    doc = parse_xml(data, len, err, sizeof err);
    op_free(data);
    if (!doc) {
        report(c, OP_SEV_ERROR, "opf-malformed", opf->name, "%s", err);
        return;
    }
    xmlNodePtr pkg = xmlDocGetRootElement(doc);
    const char *version = attr(c, pkg, "version", NULL);
    c->epub3 = !version || version[0] != '2';
    if (!is_elem(pkg, "package"))
        report(c, OP_SEV_ERROR, "opf-malformed", opf->name, "root element is not <package>");
    else {
        check_metadata(c, pkg);
        check_manifest(c, pkg);
        check_spine(c, pkg);
    }
    xmlFreeDoc(doc);
    check_unlisted(c);
    for (size_t i = 0; i < c->nitems; i++) {
        const chk_item *it = &c->items[i];
        if (it->entry >= 0 && strncasecmp(it->type, XHTML_TYPE, strlen(XHTML_TYPE)) == 0)
            check_xhtml(c, it);
    }
    check_links(c);
}

static void chk_free(chk *c)
{
    for (size_t i = 0; i < c->ndocs; i++)
        op_free(c->docs[i].ids);
    op_free(c->docs);
    op_free(c->links);
    op_free(c->items);
    op_free(c->entries);
    epub_zr_close(c->zr);
    op_arena_free(c->arena);
}

static int open_book(chk *c, const char *path)
{
    struct stat sb;
    char err[256];
    op_status st;

    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        report(c, OP_SEV_ERROR, "zip-unreadable", NULL, "cannot read the file");
        return 0;
    }
    if ((uint64_t)sb.st_size > c->max_size) {
        char a[32], b[32];
        report(c, OP_SEV_WARNING, "book-size", NULL, "book is %s, over %s",
               op_size_str((size_t)sb.st_size, a, sizeof a),
               op_size_str((size_t)c->max_size, b, sizeof b));
    }
    st = epub_zr_open(path, &c->zr, err, sizeof err);
    if (st)
        report(c, OP_SEV_ERROR, "zip-unreadable", NULL, "%s: %s",
               st == OP_ERR_IO ? "cannot read the file" : "not a zip archive", err);
    return st == OP_OK;
}

op_status op_epub_check(const char *path, const op_check_opts *opts, op_diag *diag,
                        op_check_counts *counts)
{
    static const op_check_opts defaults;
    chk c;

    xml_init_once();
    if (!path || !counts)
        return OP_ERR_USAGE;
    if (!opts)
        opts = &defaults;
    memset(counts, 0, sizeof *counts);
    memset(&c, 0, sizeof c);
    c.shown = diag && diag->file ? diag->file : path;
    c.diag = diag;
    c.counts = counts;
    c.max_size = opts->max_size ? opts->max_size : OP_CHECK_MAX_SIZE_DEFAULT;
    c.max_image = opts->max_image ? opts->max_image : OP_CHECK_MAX_IMAGE_DEFAULT;
    c.budget = BOOK_READ;
    c.arena = op_arena_new();
    if (open_book(&c, path)) {
        load_entries(&c);
        check_mimetype(&c, path);
        chk_entry *opf = find_opf(&c);
        if (opf)
            check_package(&c, opf);
    }
    chk_free(&c);
    return OP_OK;
}
