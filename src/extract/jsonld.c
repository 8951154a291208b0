/* Reader mode, metadata from JSON-LD: a small bounded scanner (depth and size capped), not a
 * JSON library, reads each <script type=application/ld+json> and keeps the fields of its
 * best Article-like object (Article, NewsArticle, BlogPosting, Report... also inside @graph;
 * a WebPage when nothing better): headline, name, dates, articleBody, description, language,
 * authors, publisher, image. */
#include "core/core.h"
#include "extract/extract_int.h"

#include <ctype.h>
#include <string.h>

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
    JF_MODIFIED,
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
    /* schema.org's Article and its subtypes (NewsArticle, TechArticle, BlogPosting,
     * SocialMediaPosting, DiscussionForumPosting, APIReference, Report...) */
    static const char *const types[] = {"Article", "Posting", "Report", "APIReference", "WebPage"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strstr(v, types[i]))
            return i < 4 ? 2 : 1;
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
    } else if (!strcmp(key, "dateModified")) {
        take(&f->f[JF_MODIFIED], &v);
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

void extract_jsonld_read(const char *text, extract_meta *m)
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
    char **dst[JF_N] = {&m->title, &m->title,  &m->published, &m->body,  &m->desc,
                        &m->lang,  &m->author, &m->site,      &m->image, &m->modified};
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
