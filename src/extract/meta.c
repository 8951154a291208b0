/* Reader mode, the metadata half. One walk over the whole tree (before pruning) collects
 * JSON-LD, <meta> tags, <title>, <html lang>, <time datetime> and byline elements; each
 * field then takes the first source that has it, in this documented precedence:
 *   JSON-LD (Article, NewsArticle, BlogPosting, ... also inside @graph)
 *   > OpenGraph (og:, article:) > Twitter cards > Dublin Core and <meta name=author|date>
 *   > <title> / <time datetime> > byline elements (rel=author, itemprop=author, .byline)
 *   > the lines under the headline.
 * JSON-LD has its own file (jsonld.c), and so do bylines and dates in the text (byline.c). */
#include "core/core.h"
#include "extract/extract_int.h"
#include "parse/html_map.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*** Meta tags and elements ***/

enum mf { MF_TITLE, MF_AUTHOR, MF_DATE, MF_SITE, MF_DESC, MF_IMAGE, MF_URL, MF_MODIFIED, MF_N };
enum tier { T_DC, T_OG, T_TWITTER, T_NAME, T_ELEMENT, T_BYLINE, T_N };

typedef struct msources {
    const char *v[MF_N][T_N];
    unsigned char prop[MF_N][T_N]; /* v came from a property= attribute (RDFa) */
    extract_bylines byl;           /* byline elements, the choice made once the headline is known */
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
    {"article:modified_time", MF_MODIFIED, T_OG},
    {"og:updated_time", MF_MODIFIED, T_OG},
    {"twitter:title", MF_TITLE, T_TWITTER},
    {"twitter:description", MF_DESC, T_TWITTER},
    {"twitter:image", MF_IMAGE, T_TWITTER},
    {"twitter:image:src", MF_IMAGE, T_TWITTER},
    {"twitter:creator", MF_AUTHOR, T_TWITTER},
    {"dc.title", MF_TITLE, T_DC},
    {"dc.creator", MF_AUTHOR, T_DC},
    {"dcterms.creator", MF_AUTHOR, T_DC},
    {"dc.date", MF_DATE, T_DC},
    {"dcterms.date", MF_DATE, T_DC},
    {"dc.date.issued", MF_DATE, T_DC},
    {"dcterms.created", MF_DATE, T_DC},
    {"dcterms.modified", MF_MODIFIED, T_DC},
    {"dc.date.modified", MF_MODIFIED, T_DC},
    {"dc.publisher", MF_SITE, T_DC},
    {"dc.description", MF_DESC, T_DC},
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
    {"last-modified", MF_MODIFIED, T_NAME},
    {"datemodified", MF_MODIFIED, T_NAME},
    {"application-name", MF_SITE, T_NAME},
    {"description", MF_DESC, T_NAME},
};

/* One key of a meta tag; "dc:title" and "DC.title" are the same key (RDFa and HTML forms). */
static void read_meta_key(msources *ms, const char *key, size_t klen, const char *content, int prop)
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
        unsigned char *was_prop = &ms->prop[meta_keys[i].field][meta_keys[i].tier];
        if (!*slot || (prop && !*was_prop)) { /* the first; a property beats a name */
            *slot = content;
            *was_prop = (unsigned char)prop;
        }
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
                read_meta_key(ms, keys, len, content, a == 0);
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
        extract_jsonld_read(v, m);
    }
    if (n->properties)
        extract_byline_element(&ms->byl, n);
}

/*** Title and date ***/

static const char *const title_seps[] = {" | ",  " - ",        " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                         " :: ", " \xC2\xB7 ", " \xC2\xBB ",     " / "};

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
    if (!named && (extract_words(suf, sl) > 4 || extract_words(title, best) < 2 || sl >= best ||
                   islower((unsigned char)suf[0]))) /* "Title - a subtitle" */
        return tl;
    *suffix = suf;
    *suffix_len = sl;
    return best;
}

/* 0001-01-01 (the zero time of Go, .NET and others) is no date at all. */
static int zero_date(const char *iso)
{
    return !strncmp(iso, "0001-01-01", 10) || !strncmp(iso, "0000-", 5);
}

char *extract_iso_date_new(const char *s)
{
    while (s && isspace((unsigned char)*s))
        s++;
    op_date d;
    if (!s || !op_date_read(s, strlen(s), OP_DATE_ANY, &d))
        return NULL;
    char out[64];
    if (d.time)
        snprintf(out, sizeof out, "%04d-%02d-%02dT%.*s", d.year, d.month, d.day, (int)d.time_len,
                 d.time);
    else
        snprintf(out, sizeof out, "%04d-%02d-%02d", d.year, d.month, d.day);
    return op_strdup(out);
}

/*** The headline ***/

/* Folded text equality, ASCII case-insensitive: "  How we  Built it " == "how we built it". */
static int same_text(const char *a, const char *b)
{
    a += strspn(a, " \t\r\n");
    b += strspn(b, " \t\r\n");
    while (*a && *b) {
        size_t sa = strspn(a, " \t\r\n"), sb = strspn(b, " \t\r\n");
        if (!sa != !sb)
            return 0;
        a += sa;
        b += sb;
        if (!*a || !*b)
            break;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        a++;
        b++;
    }
    return !*a && !*b;
}

/* The headline element: the first <h1>-<h3> whose text is the title, else the first <h1>,
 * else the first <h2>. */
static xmlNode *headline_of(xmlNode *top, const char *title)
{
    xmlNode *h1 = NULL, *h2 = NULL;
    int seen = 0;
    for (xmlNode *n = top; n && seen < 4096; n = extract_next(n, top, 0)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *nm = (const char *)n->name;
        if (nm[0] != 'h' || nm[1] < '1' || nm[1] > '3' || nm[2])
            continue;
        if (title && seen++ < 64) {
            xmlChar *t = xmlNodeGetContent(n);
            int same = t && same_text((const char *)t, title);
            xmlFree(t);
            if (same)
                return n;
        }
        if (nm[1] == '1' && !h1)
            h1 = n;
        if (nm[1] == '2' && !h2)
            h2 = n;
    }
    return h1 ? h1 : h2;
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
    set_if(&m->site, pick(&ms, MF_SITE));
    if (m->site)
        unescape_refs(m->site);
    finish_title(m, &ms, doc_title);
    xmlNode *h = headline_of(top, m->title);
    int near = -1, far = -1; /* a byline element away from the start: the last resort */
    for (int i = 0; i < ms.byl.n && near < 0; i++) {
        if (!extract_byline_far(top, h, ms.byl.c[i].node))
            near = i;
        else if (far < 0)
            far = i;
    }
    if (near >= 0)
        ms.v[MF_AUTHOR][T_BYLINE] = ms.byl.c[near].name;
    if (m->author && extract_is_handle(m->author)) {
        op_free(m->author);
        m->author = NULL;
    }
    for (int t = 0; t < T_N && !m->author; t++)
        if (ms.v[MF_AUTHOR][t] && !extract_is_handle(ms.v[MF_AUTHOR][t]))
            set_if(&m->author, ms.v[MF_AUTHOR][t]);
    set_if(&m->desc, pick(&ms, MF_DESC));
    if (m->desc)
        unescape_refs(m->desc);
    set_if(&m->image, pick(&ms, MF_IMAGE));
    set_if(&m->url, pick(&ms, MF_URL));
    if (ms.v[MF_URL][T_NAME])
        m->canonical = op_strdup(ms.v[MF_URL][T_NAME]);
    const char *date = m->published ? m->published : pick(&ms, MF_DATE);
    char *iso = extract_iso_date_new(date);
    if (!iso)
        set_if(&iso, date);
    else if (zero_date(iso))
        op_free(iso), iso = NULL;
    op_free(m->published);
    m->published = iso;
    const char *mod = m->modified ? m->modified : pick(&ms, MF_MODIFIED);
    char *miso = extract_iso_date_new(mod);
    if (miso && zero_date(miso))
        op_free(miso), miso = NULL;
    op_free(m->modified);
    m->modified = miso; /* only a date that can be read: it becomes the EPUB's modified time */
    if (!m->author || !m->published)
        extract_text_lines_read(top, h, m, !m->author, !m->published);
    for (int i = 0; i < 2; i++) { /* the byline element's credit goes with its names */
        int c = i ? far : near;
        if (!m->author && i && c >= 0 && extract_byline_names_only(ms.byl.c[c].name))
            set_if(&m->author, ms.byl.c[c].name);
        if (c >= 0 && m->author && !strcmp(m->author, ms.byl.c[c].name))
            set_if(&m->credit, ms.byl.c[c].credit);
    }
    if (m->author) {
        unescape_refs(m->author);
        strip_by(m->author);
    }
    extract_bylines_free(&ms.byl);
}

void extract_meta_free(extract_meta *m)
{
    char **f[] = {&m->title,  &m->author,    &m->published, &m->site, &m->desc,
                  &m->image,  &m->lang,      &m->url,       &m->body, &m->alt_title,
                  &m->credit, &m->canonical, &m->modified};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        op_free(*f[i]);
        *f[i] = NULL;
    }
}
