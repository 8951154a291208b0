/* MHTML (.mhtml/.mht as Chrome saves a page): one multipart/related message whose first
 * text/html part is the page (usually quoted-printable) and whose other parts are its
 * images (usually base64), each named by Content-Location (or Content-ID for cid: links).
 * The page becomes one data item with each image it references rewritten to a data: URI,
 * so the item carries everything and leaves no temporary files behind. The URL comes from
 * Snapshot-Content-Location, the title from Subject (RFC 2047 words decoded), the saved
 * date from Date. */
#include "batch/import.h"

#include <string.h>
#include <strings.h>

#define MHTML_MAX_IMAGE (32u << 20) /* an image part inlined at most */

typedef struct span {
    const char *s;
    size_t len;
} span;

typedef struct part {
    span type, encoding, location, cid, body;
} part;

typedef struct top {
    span type, snapshot, subject, date;
} top;

/*** MIME ***/

static size_t line_end(const char *s, size_t len, size_t i)
{
    const char *nl = memchr(s + i, '\n', len - i);
    return nl ? (size_t)(nl - s) : len;
}

static span trim(const char *s, size_t len)
{
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    return (span){s, len};
}

/* Reads header lines from s[*i] to the blank line (folded lines joined by taking the value
 * up to the next unfolded line), calling back for the names we want. */
static void headers(const char *s, size_t len, size_t *i, part *p, top *t)
{
    while (*i < len) {
        size_t e = line_end(s, len, *i);
        span line = trim(s + *i, e - *i);
        if (line.len == 0) { /* the blank line */
            *i = e < len ? e + 1 : len;
            return;
        }
        size_t end = e; /* fold continuation lines into the value */
        while (end + 1 < len && (s[end + 1] == ' ' || s[end + 1] == '\t'))
            end = line_end(s, len, end + 1);
        const char *colon = memchr(s + *i, ':', e - *i);
        if (colon) {
            span name = trim(s + *i, (size_t)(colon - (s + *i)));
            span v = trim(colon + 1, end - (size_t)(colon + 1 - s));
#define NAME_IS(lit) (name.len == sizeof lit - 1 && !strncasecmp(name.s, lit, name.len))
            if (NAME_IS("content-type"))
                *(p ? &p->type : &t->type) = v;
            else if (p && NAME_IS("content-transfer-encoding"))
                p->encoding = v;
            else if (p && NAME_IS("content-location"))
                p->location = v;
            else if (p && NAME_IS("content-id"))
                p->cid = v;
            else if (t && NAME_IS("snapshot-content-location"))
                t->snapshot = v;
            else if (t && NAME_IS("subject"))
                t->subject = v;
            else if (t && NAME_IS("date"))
                t->date = v;
#undef NAME_IS
        }
        *i = end < len ? end + 1 : len;
    }
}

/* The boundary="..." parameter of a Content-Type into out. */
static int boundary_of(span type, char *out, size_t outsz)
{
    for (size_t i = 0; i + 9 <= type.len; i++)
        if (!strncasecmp(type.s + i, "boundary=", 9)) {
            const char *v = type.s + i + 9, *end = type.s + type.len;
            int q = v < end && *v == '"';
            v += q;
            size_t n = 0;
            while (v + n < end && (q ? v[n] != '"' : !strchr(" \t;\r\n", v[n])))
                n++;
            if (n == 0 || n + 1 > outsz || n > 70)
                return 0;
            memcpy(out, v, n);
            out[n] = '\0';
            return 1;
        }
    return 0;
}

static int starts_ci(span v, const char *lit)
{
    size_t n = strlen(lit);
    return v.len >= n && !strncasecmp(v.s, lit, n);
}

static int hexval(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static op_status qp_decode(op_buf *out, span in, int q_word)
{
    op_status st = OP_OK;
    for (size_t i = 0; i < in.len && st == OP_OK; i++) {
        char c = in.s[i];
        if (c == '=' && i + 1 < in.len && (in.s[i + 1] == '\n' || in.s[i + 1] == '\r')) {
            i += in.s[i + 1] == '\r' && i + 2 < in.len && in.s[i + 2] == '\n' ? 2 : 1;
        } else if (c == '=' && i + 2 < in.len && hexval(in.s[i + 1]) >= 0 &&
                   hexval(in.s[i + 2]) >= 0) {
            st = op_buf_addc(out, (char)(hexval(in.s[i + 1]) * 16 + hexval(in.s[i + 2])));
            i += 2;
        } else {
            st = op_buf_addc(out, q_word && c == '_' ? ' ' : c);
        }
    }
    return st;
}

static int b64val(int c)
{
    return c >= 'A' && c <= 'Z'   ? c - 'A'
           : c >= 'a' && c <= 'z' ? c - 'a' + 26
           : c >= '0' && c <= '9' ? c - '0' + 52
           : c == '+'             ? 62
           : c == '/'             ? 63
                                  : -1;
}

static op_status b64_decode(op_buf *out, span in)
{
    uint32_t acc = 0;
    int bits = 0;
    op_status st = OP_OK;
    for (size_t i = 0; i < in.len && st == OP_OK && in.s[i] != '='; i++) {
        int v = b64val((unsigned char)in.s[i]);
        if (v < 0)
            continue; /* line breaks */
        acc = (acc << 6) | (uint32_t)v;
        if ((bits += 6) >= 8) {
            bits -= 8;
            st = op_buf_addc(out, (char)((acc >> bits) & 0xFF));
        }
    }
    return st;
}

static op_status b64_encode(op_buf *out, const unsigned char *p, size_t n)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    op_status st = OP_OK;
    for (size_t i = 0; i < n && st == OP_OK; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        char q[4] = {abc[v >> 18], abc[(v >> 12) & 63], i + 1 < n ? abc[(v >> 6) & 63] : '=',
                     i + 2 < n ? abc[v & 63] : '='};
        st = op_buf_add(out, q, 4);
    }
    return st;
}

static op_status decode_body(const part *p, op_buf *out)
{
    if (starts_ci(p->encoding, "quoted-printable"))
        return qp_decode(out, p->body, 0);
    if (starts_ci(p->encoding, "base64"))
        return b64_decode(out, p->body);
    return op_buf_add(out, p->body.s, p->body.len);
}

/* Subject: "=?utf-8?Q?Caf=C3=A9_notes?=" and B words decoded (UTF-8 and ASCII ones; white
 * space between two encoded words dropped), anything else kept. */
static char *decode_words(span v)
{
    op_buf b;
    op_buf_init(&b, 1u << 16);
    int prev_word = 0;
    for (size_t i = 0; i < v.len;) {
        const char *w = v.s + i, *end = v.s + v.len;
        const char *q1 =
            w + 2 < end && w[0] == '=' && w[1] == '?' ? memchr(w + 2, '?', end - w - 2) : NULL;
        const char *fin = q1 && q1 + 3 < end && q1[2] == '?' ? strstr(q1 + 3, "?=") : NULL;
        if (fin && fin < end && (q1 - w - 2 == 5 || q1 - w - 2 == 8) &&
            (!strncasecmp(w + 2, "utf-8", 5) || !strncasecmp(w + 2, "us-ascii", 8)) &&
            strchr("QqBb", q1[1])) {
            span text = {q1 + 3, (size_t)(fin - q1 - 3)};
            if (q1[1] == 'Q' || q1[1] == 'q')
                qp_decode(&b, text, 1);
            else
                b64_decode(&b, text);
            i = (size_t)(fin + 2 - v.s);
            prev_word = 1;
            continue;
        }
        size_t ws = 0;
        while (i + ws < v.len && (v.s[i + ws] == ' ' || v.s[i + ws] == '\t' ||
                                  v.s[i + ws] == '\r' || v.s[i + ws] == '\n'))
            ws++;
        if (ws && prev_word && i + ws + 1 < v.len && v.s[i + ws] == '=' && v.s[i + ws + 1] == '?') {
            i += ws; /* between two encoded words */
            continue;
        }
        op_buf_addc(&b, ws ? ' ' : v.s[i]);
        i += ws ? ws : 1;
        prev_word = 0;
    }
    char *out = NULL;
    import_set(&out, b.data, b.len);
    op_buf_free(&b);
    return out;
}

/*** Parts and the rewrite ***/

/* Splits the body after the top headers into parts at the boundary lines. */
static size_t split_parts(const char *s, size_t len, size_t i, const char *boundary, part *parts,
                          size_t max)
{
    size_t bl = strlen(boundary), n = 0;
    const char *cur = NULL; /* start of the current part */
    while (i < len && n < max) {
        size_t e = line_end(s, len, i);
        int delim =
            e - i >= bl + 2 && s[i] == '-' && s[i + 1] == '-' && !memcmp(s + i + 2, boundary, bl);
        if (delim) {
            if (cur) {
                part *p = &parts[n];
                size_t k = (size_t)(cur - s);
                memset(p, 0, sizeof *p);
                headers(s, i, &k, p, NULL);
                p->body = (span){s + k, i > k ? i - k : 0};
                n++;
            }
            if (e - i >= bl + 4 && s[i + 2 + bl] == '-' && s[i + 3 + bl] == '-')
                break; /* the closing delimiter */
            cur = s + (e < len ? e + 1 : len);
        }
        i = e < len ? e + 1 : len;
    }
    return n;
}

typedef struct image {
    span from;  /* as the HTML writes it: a URL, or "cid:..." */
    char *amp;  /* the URL with & written &amp;, as in attributes (NULL if none) */
    char *data; /* data:type;base64,... */
} image;

static int ends_url(char c)
{
    return c == '"' || c == '\'' || c == ')' || c == ' ' || c == ',' || c == '>' || c == '\n' ||
           c == '\t' || c == '\r';
}

/* Copies html into out with every reference to an image replaced by its data: URI. */
static op_status rewrite(op_buf *out, const char *html, size_t len, const image *imgs, size_t nimg)
{
    op_status st = OP_OK;
    for (size_t i = 0; i < len && st == OP_OK;) {
        size_t k = nimg, m = 0;
        /* a URL starts an attribute value, a url( ) or a later srcset candidate (", "): a
         * mention in the text stays as it is */
        char before = i > 0 ? html[i - 1] : 0;
        int opens = before == '"' || before == '\'' || before == '(' ||
                    (before == ' ' && i > 1 && html[i - 2] == ',');
        if (opens && (html[i] == 'h' || html[i] == 'c' || html[i] == 'H' || html[i] == 'C'))
            for (k = 0; k < nimg; k++) {
                const char *forms[2] = {NULL, imgs[k].amp};
                size_t lens[2] = {imgs[k].from.len, imgs[k].amp ? strlen(imgs[k].amp) : 0};
                forms[0] = imgs[k].from.s;
                for (int f = 0; f < 2 && !m; f++)
                    if (forms[f] && lens[f] && i + lens[f] < len &&
                        !memcmp(html + i, forms[f], lens[f]) && ends_url(html[i + lens[f]]))
                        m = lens[f];
                if (m)
                    break;
            }
        if (m) {
            st = op_buf_adds(out, imgs[k].data);
            i += m;
        } else {
            st = op_buf_addc(out, html[i++]);
        }
    }
    return st;
}

static void image_of(const part *p, image *img)
{
    memset(img, 0, sizeof *img);
    op_buf raw, uri;
    op_buf_init(&raw, MHTML_MAX_IMAGE);
    op_buf_init(&uri, 0);
    if (decode_body(p, &raw) != OP_OK || raw.len == 0) {
        op_buf_free(&raw);
        return;
    }
    span type = p->type;
    size_t tl = 0;
    while (tl < type.len && !strchr("; \t", type.s[tl]))
        tl++;
    op_buf_adds(&uri, "data:");
    op_buf_add(&uri, type.s, tl);
    op_buf_adds(&uri, ";base64,");
    b64_encode(&uri, (const unsigned char *)raw.data, raw.len);
    op_buf_free(&raw);
    img->data = op_buf_detach(&uri, NULL);
    if (p->location.len) {
        img->from = p->location;
        if (memchr(p->location.s, '&', p->location.len)) {
            op_buf amp;
            op_buf_init(&amp, 0);
            for (size_t i = 0; i < p->location.len; i++)
                if (p->location.s[i] == '&')
                    op_buf_adds(&amp, "&amp;");
                else
                    op_buf_addc(&amp, p->location.s[i]);
            img->amp = op_buf_detach(&amp, NULL);
        }
    } else if (p->cid.len > 2) { /* "<id>" is linked as "cid:id" */
        op_buf c;
        op_buf_init(&c, 0);
        span id = p->cid.s[0] == '<' ? (span){p->cid.s + 1, p->cid.len - 2} : p->cid;
        op_buf_adds(&c, "cid:");
        op_buf_add(&c, id.s, id.len);
        img->amp = op_buf_detach(&c, NULL); /* the form matched; from stays empty */
    }
}

/*** The reader ***/

#define MHTML_MAX_PARTS 4096

static op_status page(const char *path, const char *s, size_t len, batch_item *it, op_diag *diag)
{
    size_t i = 0;
    top t;
    char boundary[80];
    memset(&t, 0, sizeof t);
    headers(s, len, &i, NULL, &t);
    if (!starts_ci(t.type, "multipart/related") ||
        !boundary_of(t.type, boundary, sizeof boundary)) {
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "not an MHTML page (multipart/related)");
        return OP_ERR_PARSE;
    }
    part *parts = op_malloc(MHTML_MAX_PARTS * sizeof *parts);
    size_t np = split_parts(s, len, i, boundary, parts, MHTML_MAX_PARTS), html = np;
    for (size_t k = 0; k < np && html == np; k++)
        if (starts_ci(parts[k].type, "text/html"))
            html = k;
    op_status st = OP_OK;
    if (html == np) {
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "MHTML without an HTML part");
        st = OP_ERR_PARSE;
    } else {
        image *imgs = op_calloc(np, sizeof *imgs);
        size_t ni = 0;
        for (size_t k = 0; k < np; k++)
            if (k != html && starts_ci(parts[k].type, "image/")) {
                image_of(&parts[k], &imgs[ni]);
                ni += imgs[ni].data != NULL;
            }
        op_buf doc, out;
        op_buf_init(&doc, IMPORT_MAX_FILE);
        op_buf_init(&out, IMPORT_MAX_FILE);
        st = decode_body(&parts[html], &doc);
        if (st == OP_OK)
            st = rewrite(&out, doc.data ? doc.data : "", doc.len, imgs, ni);
        if (st == OP_OK)
            it->data = op_buf_detach(&out, &it->len);
        for (size_t k = 0; k < ni; k++) {
            op_free(imgs[k].amp);
            op_free(imgs[k].data);
        }
        op_free(imgs);
        op_buf_free(&doc);
        op_buf_free(&out);
        import_set(&it->url, t.snapshot.s, t.snapshot.len);
        if (!it->url)
            import_set(&it->url, parts[html].location.s, parts[html].location.len);
        it->title = decode_words(t.subject);
        op_date_unix(t.date.s, t.date.len, &it->saved);
    }
    op_free(parts);
    return st;
}

static op_status mhtml_read(const char *path, const batch_caps *caps, batch_emit_fn emit, void *ud,
                            op_diag *diag)
{
    (void)caps; /* no zip */
    char *s = NULL;
    size_t len = 0;
    op_status st = import_file_read(path, &s, &len, diag);
    if (st)
        return st;
    batch_item *it = batch_item_new("mhtml");
    import_source(it, path, NULL, 0);
    st = page(path, s, len, it, diag);
    op_free(s);
    if (st) {
        batch_item_free(it);
        return st;
    }
    return import_emit(it, path, emit, ud, diag);
}

static int mhtml_sniff(const char *path, const char *head, size_t n)
{
    (void)path;
    return import_head_has(head, n, "multipart/related") &&
           (import_head_has(head, n, "MIME-Version:") ||
            import_head_has(head, n, "Snapshot-Content-Location:"));
}

const batch_reader batch_reader_mhtml = {"mhtml", mhtml_sniff, mhtml_read};
