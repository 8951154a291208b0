/* Reader mode, the metadata half. One walk over the whole tree (before pruning) collects
 * JSON-LD, <meta> tags, <title>, <html lang>, <time datetime> and byline elements; each
 * field then takes the first source that has it, in this documented precedence:
 *   JSON-LD (Article, NewsArticle, BlogPosting, ... also inside @graph)
 *   > OpenGraph (og:, article:) > Twitter cards > Dublin Core and <meta name=author|date>
 *   > <title> / <time datetime> > byline elements (rel=author, itemprop=author, .byline).
 * JSON-LD is read by a small bounded scanner (depth and size capped), not a JSON library. */
#include "core/core.h"
#include "extract/extract_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*** JSON-LD scanner ***/

#define JSON_MAX_DEPTH 24
#define JSON_MAX_SIZE  (4u << 20)

enum jf {
    JF_TITLE,
    JF_NAME,
    JF_DATE,
    JF_BODY,
    JF_DESC,
    JF_LANG,
    JF_AUTHOR,
    JF_SITE,
    JF_IMAGE,
    JF_N
};

typedef struct jframe {
    char *f[JF_N];
    char key[24]; /* key this object or array sits under in its parent */
    int article, is_obj;
} jframe;

typedef struct jscan {
    const char *s, *end;
    jframe st[JSON_MAX_DEPTH];
    int depth;
    char *out[JF_N]; /* the first Article-like object's fields */
    int found, bad;
} jscan;

static void skip_ws(jscan *j)
{
    while (j->s < j->end && isspace((unsigned char)*j->s))
        j->s++;
}

static void put_utf8(op_buf *b, unsigned cp)
{
    char tmp[4];
    int n = op_utf8_encode(cp, tmp);
    op_buf_add(b, tmp, (size_t)(n > 0 ? n : 0));
}

static unsigned hex4(const char *p)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int c = p[i];
        v = v * 16 + (unsigned)(isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10) & 15);
    }
    return v;
}

static unsigned read_escape(jscan *j)
{
    char c = *j->s++;
    if (c != 'u')
        return c == 'n'               ? '\n'
               : c == 't'             ? '\t'
               : c == 'r'             ? ' '
               : c == 'b' || c == 'f' ? ' '
                                      : (unsigned char)c;
    if (j->end - j->s < 4)
        return j->bad = 1, '?';
    unsigned cp = hex4(j->s);
    j->s += 4;
    if (cp >= 0xD800 && cp < 0xDC00 && j->end - j->s >= 6 && j->s[0] == '\\' && j->s[1] == 'u') {
        unsigned lo = hex4(j->s + 2);
        if (lo >= 0xDC00 && lo < 0xE000) {
            j->s += 6;
            return 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
    }
    return cp >= 0xD800 && cp < 0xE000 ? 0xFFFD : cp;
}

/* A string at *j->s == '"'; new unescaped copy. */
static char *read_string(jscan *j)
{
    op_buf b;
    op_buf_init(&b, 0);
    j->s++;
    while (j->s < j->end && *j->s != '"') {
        if (*j->s == '\\' && j->s + 1 < j->end) {
            j->s++;
            put_utf8(&b, read_escape(j));
        } else {
            op_buf_addc(&b, *j->s++);
        }
    }
    if (j->s >= j->end)
        j->bad = 1;
    j->s++;
    op_buf_addc(&b, 0);
    return op_buf_detach(&b, NULL);
}

static int is_article_type(const char *v)
{
    static const char *const types[] = {"Article", "BlogPosting", "Report", "WebPage"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strstr(v, types[i]))
            return i < 3 ? 2 : 1;
    return 0;
}

static void take(char **slot, char **v)
{
    if (*slot || !*v || !**v)
        return;
    *slot = *v;
    *v = NULL;
}

/* Stores string `v` found under `key` in the innermost object. */
static void on_string(jscan *j, const char *key, char *v)
{
    jframe *f = &j->st[j->depth - 1], *p = j->depth > 1 ? &j->st[j->depth - 2] : NULL;
    while (!f->is_obj && p) { /* array: the object holding it */
        f = p;
        p = f > j->st ? f - 1 : NULL;
    }
    const char *owner = j->st[j->depth - 1].is_obj ? f->key : j->st[j->depth - 1].key;
    if (!strcmp(key, "@type") && f->is_obj) {
        int t = is_article_type(v);
        f->article = f->article > t ? f->article : t;
    } else if (!strcmp(key, "headline")) {
        take(&f->f[JF_TITLE], &v);
    } else if (!strcmp(key, "name")) {
        take(&f->f[JF_NAME], &v);
    } else if (!strcmp(key, "datePublished") || !strcmp(key, "dateCreated")) {
        take(&f->f[JF_DATE], &v);
    } else if (!strcmp(key, "articleBody") || !strcmp(key, "text")) {
        take(&f->f[JF_BODY], &v);
    } else if (!strcmp(key, "description")) {
        take(&f->f[JF_DESC], &v);
    } else if (!strcmp(key, "inLanguage")) {
        take(&f->f[JF_LANG], &v);
    } else if (!strcmp(key, "url") && !strcmp(owner, "image")) {
        take(&f->f[JF_IMAGE], &v);
    } else if (!strcmp(key, "author") || !strcmp(key, "creator")) {
        take(&f->f[JF_AUTHOR], &v);
    } else if (!strcmp(key, "image")) {
        take(&f->f[JF_IMAGE], &v);
    }
    op_free(v);
}

static void append_author(char **slot, const char *name)
{
    if (!*slot) {
        *slot = op_strdup(name);
        return;
    }
    if (strstr(*slot, name))
        return;
    size_t a = strlen(*slot), b = strlen(name);
    char *s = op_malloc(a + b + 3);
    memcpy(s, *slot, a);
    memcpy(s + a, ", ", 2);
    memcpy(s + a + 2, name, b + 1);
    op_free(*slot);
    *slot = s;
}

/* Closing an object: hand its name/url up to the object it belongs to. */
static void close_frame(jscan *j)
{
    jframe *f = &j->st[--j->depth];
    jframe *p = NULL;
    for (int d = j->depth - 1; d >= 0 && !p; d--)
        if (j->st[d].is_obj)
            p = &j->st[d];
    const char *key = f->key;
    if (f->is_obj && p && f->f[JF_NAME]) {
        if (!strcmp(key, "author") || !strcmp(key, "creator"))
            append_author(&p->f[JF_AUTHOR], f->f[JF_NAME]);
        else if (!strcmp(key, "publisher") && !p->f[JF_SITE])
            take(&p->f[JF_SITE], &f->f[JF_NAME]);
    }
    if (f->is_obj && p && !strcmp(key, "image") && f->f[JF_IMAGE])
        take(&p->f[JF_IMAGE], &f->f[JF_IMAGE]);
    if (f->is_obj && f->article > j->found) {
        for (int i = 0; i < JF_N; i++) {
            op_free(j->out[i]);
            j->out[i] = f->f[i];
            f->f[i] = NULL;
        }
        j->found = f->article;
    }
    for (int i = 0; i < JF_N; i++)
        op_free(f->f[i]);
    memset(f, 0, sizeof *f);
}

static void parse_value(jscan *j, const char *key);

static void push_frame(jscan *j, const char *key, int is_obj)
{
    jframe *f = &j->st[j->depth++];
    memset(f, 0, sizeof *f);
    snprintf(f->key, sizeof f->key, "%s", key);
    f->is_obj = is_obj;
}

static void parse_container(jscan *j, const char *key)
{
    int is_obj = *j->s == '{';
    char close = is_obj ? '}' : ']';
    if (j->depth >= JSON_MAX_DEPTH) {
        j->bad = 1;
        return;
    }
    push_frame(j, key, is_obj);
    j->s++;
    while (!j->bad) {
        skip_ws(j);
        if (j->s >= j->end) {
            j->bad = 1;
            break;
        }
        if (*j->s == close) {
            j->s++;
            break;
        }
        if (*j->s == ',') {
            j->s++;
            continue;
        }
        if (!is_obj) {
            parse_value(j, key);
            continue;
        }
        if (*j->s != '"') {
            j->bad = 1;
            break;
        }
        char *k = read_string(j);
        skip_ws(j);
        if (j->s < j->end && *j->s == ':')
            j->s++;
        parse_value(j, k);
        op_free(k);
    }
    close_frame(j);
}

static void parse_value(jscan *j, const char *key)
{
    skip_ws(j);
    if (j->s >= j->end) {
        j->bad = 1;
        return;
    }
    if (*j->s == '{' || *j->s == '[') {
        parse_container(j, key);
    } else if (*j->s == '"') {
        char *v = read_string(j);
        if (j->depth > 0)
            on_string(j, key, v);
        else
            op_free(v);
    } else {
        while (j->s < j->end && !strchr(",}]", *j->s))
            j->s++;
    }
}

/* Reads one <script type=application/ld+json>; fills m's empty fields from its best
 * Article-like object. */
static void jsonld_read(const char *text, extract_meta *m)
{
    jscan j;
    memset(&j, 0, sizeof j);
    size_t len = strlen(text);
    j.s = text;
    j.end = text + (len < JSON_MAX_SIZE ? len : JSON_MAX_SIZE);
    skip_ws(&j); /* a CDATA wrapper ("<![CDATA[ {...} ]]>", "//<![CDATA[") is not JSON */
    if (j.end - j.s >= 2 && !strncmp(j.s, "//", 2))
        j.s += 2;
    if (j.end - j.s >= 9 && !strncmp(j.s, "<![CDATA[", 9))
        j.s += 9;
    while (!j.bad && j.s < j.end) {
        skip_ws(&j);
        if (j.s < j.end && (*j.s == '{' || *j.s == '['))
            parse_value(&j, "");
        else
            break;
    }
    while (j.depth > 0)
        close_frame(&j);
    char **dst[JF_N] = {&m->title, &m->title,  &m->published, &m->body, &m->desc,
                        &m->lang,  &m->author, &m->site,      &m->image};
    if (j.out[JF_TITLE] && j.out[JF_NAME]) {
        if (j.found == 2 && !m->alt_title)
            take(&m->alt_title, &j.out[JF_NAME]);
        op_free(j.out[JF_NAME]);
        j.out[JF_NAME] = NULL;
    }
    for (int i = 0; i < JF_N; i++) {
        if (j.found == 2 || i == JF_BODY)
            take(dst[i], &j.out[i]);
        op_free(j.out[i]);
    }
}

/*** Meta tags and elements ***/

enum mf { MF_TITLE, MF_AUTHOR, MF_DATE, MF_SITE, MF_DESC, MF_IMAGE, MF_URL, MF_N };
enum tier { T_OG, T_TWITTER, T_NAME, T_ELEMENT, T_BYLINE, T_N };

typedef struct msources {
    const char *v[MF_N][T_N];
    char *byline; /* new */
    int tries;
} msources;

static const struct {
    const char *key;
    unsigned char field, tier;
} meta_keys[] = {
    {"og:title", MF_TITLE, T_OG},
    {"og:site_name", MF_SITE, T_OG},
    {"og:description", MF_DESC, T_OG},
    {"og:image", MF_IMAGE, T_OG},
    {"og:image:url", MF_IMAGE, T_OG},
    {"og:url", MF_URL, T_OG},
    {"article:author", MF_AUTHOR, T_OG},
    {"og:article:author", MF_AUTHOR, T_OG},
    {"article:published_time", MF_DATE, T_OG},
    {"og:article:published_time", MF_DATE, T_OG},
    {"twitter:title", MF_TITLE, T_TWITTER},
    {"twitter:description", MF_DESC, T_TWITTER},
    {"twitter:image", MF_IMAGE, T_TWITTER},
    {"twitter:image:src", MF_IMAGE, T_TWITTER},
    {"twitter:creator", MF_AUTHOR, T_TWITTER},
    {"dc.title", MF_TITLE, T_NAME},
    {"dc.creator", MF_AUTHOR, T_NAME},
    {"dcterms.creator", MF_AUTHOR, T_NAME},
    {"dc.date", MF_DATE, T_NAME},
    {"dcterms.date", MF_DATE, T_NAME},
    {"dc.date.issued", MF_DATE, T_NAME},
    {"dcterms.created", MF_DATE, T_NAME},
    {"dc.publisher", MF_SITE, T_NAME},
    {"dc.description", MF_DESC, T_NAME},
    {"author", MF_AUTHOR, T_NAME},
    {"byl", MF_AUTHOR, T_NAME},
    {"sailthru.author", MF_AUTHOR, T_NAME},
    {"parsely-author", MF_AUTHOR, T_NAME},
    {"parsely-title", MF_TITLE, T_NAME},
    {"date", MF_DATE, T_NAME},
    {"pubdate", MF_DATE, T_NAME},
    {"publish-date", MF_DATE, T_NAME},
    {"datepublished", MF_DATE, T_NAME},
    {"sailthru.date", MF_DATE, T_NAME},
    {"parsely-pub-date", MF_DATE, T_NAME},
    {"application-name", MF_SITE, T_NAME},
    {"description", MF_DESC, T_NAME},
};

/* One key of a meta tag; "dc:title" and "DC.title" are the same key (RDFa and HTML forms). */
static void read_meta_key(msources *ms, const char *key, size_t klen, const char *content)
{
    char k[40];
    if (klen >= sizeof k)
        return;
    memcpy(k, key, klen);
    k[klen] = 0;
    if (!strncasecmp(k, "dc:", 3) || !strncasecmp(k, "dcterms:", 8) ||
        !strncasecmp(k, "dcterm:", 7))
        *strchr(k, ':') = '.';
    for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++) {
        if (strcasecmp(k, meta_keys[i].key))
            continue;
        const char **slot = &ms->v[meta_keys[i].field][meta_keys[i].tier];
        if (meta_keys[i].field == MF_AUTHOR &&
            (!strncasecmp(content, "http", 4) || content[0] == '@'))
            return;
        if (!*slot)
            *slot = content;
        return;
    }
}

/* <meta property|name|itemprop=KEYS content=...>; KEYS may list several, space-separated
 * (RDFa: property="og:title dc:title"). */
static void read_meta_tag(msources *ms, const xmlNode *n)
{
    const char *content = extract_attr(n, "content");
    if (!content || !*content)
        return;
    for (int a = 0; a < 3; a++) {
        const char *keys = extract_attr(n, a == 0 ? "property" : a == 1 ? "name" : "itemprop");
        for (int guard = 0; keys && *keys && guard < 8; guard++) {
            keys += strspn(keys, " \t\n\r");
            size_t len = strcspn(keys, " \t\n\r");
            if (len)
                read_meta_key(ms, keys, len, content);
            keys += len;
        }
    }
}

static const char *first_text(const xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content)
            return (const char *)c->content;
    return NULL;
}

/* A class token naming the author's name: "author", "article__author", "post-author",
 * "author-name", "author_name" (not "author__img", "author-bio": a box about the author). */
static int author_class(const char *cls)
{
    for (int guard = 0; *cls && guard < 32; guard++) {
        cls += strspn(cls, " \t\n\r");
        size_t len = strcspn(cls, " \t\n\r");
        const char *end = cls + len;
        if (len >= 6 && !strncasecmp(end - 6, "author", 6) && (len == 6 || strchr("-_", end[-7])))
            return 1;
        if ((len >= 11 &&
             (!strncasecmp(cls, "author-name", 11) || !strncasecmp(cls, "author_name", 11))) ||
            (len >= 10 && !strncasecmp(cls, "authorname", 10)))
            return 1;
        cls = end;
    }
    return 0;
}

/* A byline element: rel=author, itemprop=author, class "byline" or an author class. */
static void read_byline(msources *ms, xmlNode *n)
{
    if (ms->byline)
        return;
    const char *rel = extract_attr(n, "rel"), *ip = extract_attr(n, "itemprop");
    const char *cls = extract_attr(n, "class");
    int hit = (rel && !strcasecmp(rel, "author")) || (ip && strstr(ip, "author")) ||
              (cls && (strstr(cls, "byline") || author_class(cls)));
    if (!hit || ms->tries++ >= 16) /* bounded: each try reads a subtree */
        return;
    xmlChar *t = xmlNodeGetContent(n);
    size_t len = t ? strlen((const char *)t) : 0;
    if (len > 0 && len < 100) {
        const char *s = (const char *)t;
        while (isspace((unsigned char)*s))
            s++;
        if (!strncasecmp(s, "by ", 3))
            s += 3;
        size_t k = strlen(s);
        while (k && (isspace((unsigned char)s[k - 1]) || strchr("-|,\xE2\x80\x94", s[k - 1])))
            k--;
        if (k)
            ms->byline = op_strndup(s, k);
    }
    xmlFree(t);
}

static void read_element(msources *ms, extract_meta *m, xmlNode *n, const char **title)
{
    const char *name = (const char *)n->name, *v;
    if (!strcmp(name, "meta")) {
        read_meta_tag(ms, n);
    } else if (!strcmp(name, "title") && !*title) {
        *title = first_text(n);
    } else if (!strcmp(name, "html") && !m->lang && (v = extract_attr(n, "lang")) && *v) {
        m->lang = op_strdup(v);
    } else if (!strcmp(name, "link") && (v = extract_attr(n, "rel")) &&
               !strcasecmp(v, "canonical") && !ms->v[MF_URL][T_NAME]) {
        ms->v[MF_URL][T_NAME] = extract_attr(n, "href");
    } else if (!strcmp(name, "time") && !ms->v[MF_DATE][T_ELEMENT]) {
        ms->v[MF_DATE][T_ELEMENT] = extract_attr(n, "datetime");
    } else if (!strcmp(name, "script") && (v = extract_attr(n, "type")) && strstr(v, "ld+json") &&
               (v = first_text(n))) {
        jsonld_read(v, m);
    }
    if (n->properties)
        read_byline(ms, n);
}

/*** Title and date ***/

static const char *const title_seps[] = {" | ",  " - ",        " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                         " :: ", " \xC2\xB7 ", " \xC2\xBB ",     " / "};

static size_t words(const char *s, size_t len)
{
    size_t n = 0;
    int in = 0;
    for (size_t i = 0; i < len; i++) {
        int sp = isspace((unsigned char)s[i]);
        n += !sp && !in;
        in = !sp;
    }
    return n;
}

size_t extract_title_split(const char *title, const char *site, const char **suffix,
                           size_t *suffix_len)
{
    size_t tl = strlen(title), best = 0, seplen = 0;
    while (tl && isspace((unsigned char)title[tl - 1]))
        tl--;
    *suffix = NULL;
    *suffix_len = 0;
    for (size_t i = 0; i < sizeof title_seps / sizeof title_seps[0]; i++) {
        size_t n = strlen(title_seps[i]);
        for (size_t k = tl > n ? tl - n : 0; k > 0; k--)
            if (!strncmp(title + k, title_seps[i], n)) {
                if (k > best)
                    best = k, seplen = n;
                break;
            }
    }
    if (!best)
        return tl;
    const char *suf = title + best + seplen;
    size_t sl = tl - best - seplen;
    int named = site && strlen(site) == sl && !strncasecmp(suf, site, sl);
    if (!named && (words(suf, sl) > 4 || words(title, best) < 2 || sl >= best ||
                   islower((unsigned char)suf[0]))) /* "Title - a subtitle" */
        return tl;
    *suffix = suf;
    *suffix_len = sl;
    return best;
}

static int month_of(const char *s)
{
    static const char *const m[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int i = 0; i < 12; i++)
        if (!strncasecmp(s, m[i], 3))
            return i + 1;
    return 0;
}

/* "2019-11-19", "2019/11/19", "2019-11-19T08:00:00Z" (time kept as given). */
static char *iso_numeric(const char *s)
{
    int y, mo, d, n = 0;
    char sep;
    if (sscanf(s, "%4d%c%2d%*c%2d%n", &y, &sep, &mo, &d, &n) < 4 || (sep != '-' && sep != '/') ||
        mo < 1 || mo > 12 || d < 1 || d > 31 || n < 8)
        return NULL;
    char out[64];
    const char *t = s + n;
    if ((*t == 'T' || *t == ' ') && isdigit((unsigned char)t[1]) && isdigit((unsigned char)t[2]) &&
        t[3] == ':') {
        size_t k = strspn(t + 1, "0123456789:.+-Z");
        snprintf(out, sizeof out, "%04d-%02d-%02dT%.*s", y, mo, d, (int)(k < 30 ? k : 30), t + 1);
    } else {
        snprintf(out, sizeof out, "%04d-%02d-%02d", y, mo, d);
    }
    return op_strdup(out);
}

char *extract_iso_date_new(const char *s)
{
    while (s && isspace((unsigned char)*s))
        s++;
    if (!s || !*s)
        return NULL;
    char *r = iso_numeric(s);
    if (r)
        return r;
    int d = 0, y = 0, mo = 0;
    char w[16];
    if (sscanf(s, "%15[A-Za-z]. %d, %d", w, &d, &y) == 3 ||
        sscanf(s, "%15[A-Za-z] %d, %d", w, &d, &y) == 3 ||
        sscanf(s, "%15[A-Za-z] %d %d", w, &d, &y) == 3)
        mo = month_of(w);
    else if (sscanf(s, "%d %15[A-Za-z] %d", &d, w, &y) == 3 ||
             sscanf(s, "%d. %15[A-Za-z] %d", &d, w, &y) == 3)
        mo = month_of(w);
    else if (sscanf(s, "%d/%d/%d", &mo, &d, &y) != 3)
        return NULL;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1000 || y > 9999)
        return NULL;
    char out[16];
    snprintf(out, sizeof out, "%04d-%02d-%02d", y, mo, d);
    return op_strdup(out);
}

/*** Putting it together ***/

static const char *pick(const msources *ms, int field)
{
    for (int t = 0; t < T_N; t++)
        if (ms->v[field][t] && *ms->v[field][t])
            return ms->v[field][t];
    return NULL;
}

static void set_if(char **slot, const char *v)
{
    if (!*slot && v && *v)
        *slot = op_strdup(v);
}

/* Decodes character references left in a value (a page that escaped twice:
 * content="Anastassiades&amp;#8217; light"): &#N; &#xH; &amp; &lt; &gt; &quot; &apos;
 * &nbsp;. In place: a reference is never shorter than its UTF-8. */
static void unescape_refs(char *s)
{
    static const struct {
        const char *name;
        const char *text;
    } named[] = {{"amp;", "&"},   {"lt;", "<"},   {"gt;", ">"},
                 {"quot;", "\""}, {"apos;", "'"}, {"nbsp;", "\xC2\xA0"}};
    char *w = s;
    for (const char *r = s; *r;) {
        if (*r != '&') {
            *w++ = *r++;
            continue;
        }
        if (r[1] == '#') {
            int hex = r[2] == 'x' || r[2] == 'X';
            char *e;
            unsigned long cp = strtoul(r + 2 + hex, &e, hex ? 16 : 10);
            if (e > r + 2 + hex && *e == ';' && cp > 0 && cp <= 0x10FFFF &&
                (cp < 0xD800 || cp > 0xDFFF)) {
                char u[4];
                int n = op_utf8_encode((uint32_t)cp, u);
                memcpy(w, u, (size_t)n);
                w += n;
                r = e + 1;
                continue;
            }
        }
        size_t i = 0;
        for (; i < sizeof named / sizeof named[0]; i++)
            if (!strncmp(r + 1, named[i].name, strlen(named[i].name)))
                break;
        if (i == sizeof named / sizeof named[0]) {
            *w++ = *r++;
            continue;
        }
        size_t tl = strlen(named[i].text);
        memcpy(w, named[i].text, tl);
        w += tl;
        r += 1 + strlen(named[i].name);
    }
    *w = 0;
}

static void finish_title(extract_meta *m, const msources *ms, const char *doc_title)
{
    set_if(&m->title, pick(ms, MF_TITLE));
    set_if(&m->title, doc_title);
    if (!m->title)
        return;
    /* JSON-LD headline and name differ (a description in one of them): the page's <title>
     * says which one is the title, when it holds the name as most of its text (not only as
     * the site suffix). */
    size_t dl = doc_title ? strlen(doc_title) : 0,
           skip = doc_title ? strspn(doc_title, " \t\r\n") : 0;
    while (dl > skip && isspace((unsigned char)doc_title[dl - 1]))
        dl--;
    if (m->alt_title && doc_title && !strstr(doc_title, m->title) &&
        strstr(doc_title, m->alt_title) && 3 * strlen(m->alt_title) >= dl - skip &&
        (!m->site || strcmp(m->site, m->alt_title))) {
        op_free(m->title);
        m->title = m->alt_title;
        m->alt_title = NULL;
    }
    unescape_refs(m->title);
    const char *suf;
    size_t sl, keep = extract_title_split(m->title, m->site, &suf, &sl);
    if (suf && !m->site)
        m->site = op_strndup(suf, sl);
    m->title[keep] = 0;
}

/* "By Jane Doe" -> "Jane Doe": the title block says who wrote it. */
static void strip_by(char *s)
{
    size_t k = strspn(s, " \t\n\r");
    if (!strncasecmp(s + k, "by", 2) && isspace((unsigned char)s[k + 2])) {
        k += 2;
        k += strspn(s + k, " \t\n\r");
        memmove(s, s + k, strlen(s + k) + 1);
    }
}

void extract_meta_read(xmlDoc *doc, extract_meta *m)
{
    msources ms;
    const char *doc_title = NULL;
    memset(&ms, 0, sizeof ms);
    memset(m, 0, sizeof *m);
    xmlNode *top = xmlDocGetRootElement(doc);
    for (xmlNode *n = top; n; n = extract_next(n, top, 0))
        if (n->type == XML_ELEMENT_NODE)
            read_element(&ms, m, n, &doc_title);
    ms.v[MF_AUTHOR][T_BYLINE] = ms.byline;
    set_if(&m->site, pick(&ms, MF_SITE));
    if (m->site)
        unescape_refs(m->site);
    finish_title(m, &ms, doc_title);
    set_if(&m->author, pick(&ms, MF_AUTHOR));
    if (m->author) {
        unescape_refs(m->author);
        strip_by(m->author);
    }
    set_if(&m->desc, pick(&ms, MF_DESC));
    if (m->desc)
        unescape_refs(m->desc);
    set_if(&m->image, pick(&ms, MF_IMAGE));
    set_if(&m->url, pick(&ms, MF_URL));
    const char *date = m->published ? m->published : pick(&ms, MF_DATE);
    char *iso = extract_iso_date_new(date);
    if (!iso)
        set_if(&iso, date);
    op_free(m->published);
    m->published = iso;
    op_free(ms.byline);
}

void extract_meta_free(extract_meta *m)
{
    char **f[] = {&m->title, &m->author, &m->published, &m->site, &m->desc,
                  &m->image, &m->lang,   &m->url,       &m->body, &m->alt_title};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        op_free(*f[i]);
        *f[i] = NULL;
    }
}
