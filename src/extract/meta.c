/* Reader mode, the metadata half. One walk over the whole tree (before pruning) collects
 * JSON-LD, <meta> tags, <title>, <html lang>, <time datetime> and byline elements; each
 * field then takes the first source that has it, in this documented precedence:
 *   JSON-LD (Article, NewsArticle, BlogPosting, ... also inside @graph)
 *   > OpenGraph (og:, article:) > Twitter cards > Dublin Core and <meta name=author|date>
 *   > <title> / <time datetime> > byline elements (rel=author, itemprop=author, .byline).
 * JSON-LD is read by a small bounded scanner (depth and size capped), not a JSON library. */
#include "core/core.h"
#include "extract/extract_int.h"
#include "parse/html_map.h"

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

/* Byline elements kept for the choice made once the headline is known. */
#define BYLINE_CANDS 4

enum mf { MF_TITLE, MF_AUTHOR, MF_DATE, MF_SITE, MF_DESC, MF_IMAGE, MF_URL, MF_N };
enum tier { T_DC, T_OG, T_TWITTER, T_NAME, T_ELEMENT, T_BYLINE, T_N };

typedef struct msources {
    const char *v[MF_N][T_N];
    unsigned char prop[MF_N][T_N]; /* v came from a property= attribute (RDFa) */
    struct {
        char *name, *credit; /* new */
        const xmlNode *node;
    } byl[BYLINE_CANDS]; /* byline elements in document order */
    int nbyl, tries;
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
    {"dc.title", MF_TITLE, T_DC},
    {"dc.creator", MF_AUTHOR, T_DC},
    {"dcterms.creator", MF_AUTHOR, T_DC},
    {"dc.date", MF_DATE, T_DC},
    {"dcterms.date", MF_DATE, T_DC},
    {"dc.date.issued", MF_DATE, T_DC},
    {"dcterms.created", MF_DATE, T_DC},
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

/*** Bylines ***/

static size_t words(const char *s, size_t len);

/* An account handle, not a name: "@jane", a profile URL, or one lower-case ASCII word
 * ("mcupdate", "jane_doe"). Names in scripts without case ("山田") are names. */
static int is_handle(const char *s)
{
    s += strspn(s, " \t\r\n");
    if (*s == '@' || !strncasecmp(s, "http", 4))
        return 1;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    int lower = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || isupper(c) || isspace(c))
            return 0;
        lower |= islower(c);
    }
    return lower;
}

/* Text of n with <br> and block boundaries as '\n' (bounded), white space runs folded. */
static void node_lines(const xmlNode *n, op_buf *b, int depth)
{
    static const char *const blocks[] = {"br", "p",  "div", "li", "dd", "dt", "h1",
                                         "h2", "h3", "h4",  "h5", "h6", "tr", "section"};
    for (const xmlNode *c = n->children; c && b->len < 600 && depth < 16; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            for (const char *t = (const char *)c->content; *t; t++) {
                int sp = isspace((unsigned char)*t);
                char last = b->len ? b->data[b->len - 1] : '\n';
                if (!sp)
                    op_buf_addc(b, *t);
                else if (last != ' ' && last != '\n')
                    op_buf_addc(b, ' ');
            }
        } else if (c->type == XML_ELEMENT_NODE) {
            int block = 0;
            for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
                block |= !strcmp((const char *)c->name, blocks[i]);
            if (strcmp((const char *)c->name, "script") && strcmp((const char *)c->name, "style"))
                node_lines(c, b, depth + 1);
            if (block) {
                while (b->len && b->data[b->len - 1] == ' ')
                    b->len--;
                if (b->len && b->data[b->len - 1] != '\n')
                    op_buf_addc(b, '\n');
            }
        }
    }
}

/* Leading decoration of a byline line: "// By", "— By", "• By". */
static size_t skip_decoration(const char *s, size_t len)
{
    size_t k = 0;
    while (k < len) {
        if (strchr(" /-|*:>", s[k]))
            k++;
        else if (k + 3 <= len &&
                 (!strncmp(s + k, "\xE2\x80\x94", 3) || !strncmp(s + k, "\xE2\x80\x93", 3) ||
                  !strncmp(s + k, "\xE2\x80\xA2", 3)))
            k += 3;
        else
            break;
    }
    return k;
}

/* The cue before a writer's name: "by ", "written by ", "posted by ", "words by "...: its
 * length; 0 when the line has no "by" cue; -1 for another role ("Edited by", "Photographs
 * by", "Reviewed by"): that line names someone else. */
static long by_cue(const char *s, size_t len, int text)
{
    /* in a byline element also the cue of other languages (es/pt, fr, de, nl, sv/no) */
    static const char *const foreign[] = {"por ", "par ", "von ", "door ", "av "};
    for (size_t i = 0; i < sizeof foreign / sizeof foreign[0] && !text; i++)
        if (len > strlen(foreign[i]) && !strncasecmp(s, foreign[i], strlen(foreign[i])))
            return (long)strlen(foreign[i]);
    static const char *const writer[] = {"written", "posted",   "words",   "text",
                                         "story",   "reported", "article", "published"};
    if (len > 3 && !strncasecmp(s, "by", 2) && isspace((unsigned char)s[2]))
        return 3;
    size_t w = 0;
    while (w < len && w < 16 && isalpha((unsigned char)s[w]))
        w++;
    if (!w || w + 4 > len || strncasecmp(s + w, " by ", 4))
        return 0;
    for (size_t i = 0; i < sizeof writer / sizeof writer[0]; i++)
        if (strlen(writer[i]) == w && !strncasecmp(s, writer[i], w))
            return (long)w + 4;
    return -1;
}

static char *date_at(const char *s, size_t len);

/* Where a byline's names end: before a date or number, a bullet or bar, " on " / " at " (a
 * date or a place follows), and in running text before a parenthesis. A comma may separate
 * co-authors or start a job title: byline_authors reads on. */
static size_t name_len(const char *s, size_t len, int text)
{
    size_t k = 0;
    for (; k < len; k++) {
        unsigned char c = (unsigned char)s[k];
        if (isdigit(c) || strchr("|;\xC2", c) || (text && c == '('))
            break;
        if (k && s[k - 1] == ' ' && isupper(c)) { /* "Sarah Gooding March 10, 2015" */
            char *d = date_at(s + k, len - k);
            op_free(d);
            if (d)
                break;
        }
        if (c == 0xE2 && k + 2 < len && (unsigned char)s[k + 1] == 0x80 &&
            strchr("\x93\x94\xA2", s[k + 2]))
            break;
        if (c == ' ' && (!strncasecmp(s + k, " on ", 4) || !strncasecmp(s + k, " at ", 4) ||
                         !strncmp(s + k, " - ", 3)))
            break;
    }
    while (k && (isspace((unsigned char)s[k - 1]) || strchr("-,.:", s[k - 1])))
        k--;
    return k;
}

/* A name as running text writes one: 1 to 6 words, the first capitalised (or in a script
 * without case). */
static int name_shape(const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    return len && len <= 60 && words(s, len) <= 6 && (isupper(c) || c >= 0xC0);
}

/* Words of a job or a role, not of a name: "Staff Writer", "Software Engineer". */
static const char *const role_words[] = {
    "writer",    "reporter",   "editor",    "correspondent", "contributor",  "columnist",
    "staff",     "engineer",   "developer", "manager",       "director",     "producer",
    "analyst",   "professor",  "officer",   "president",     "founder",      "ceo",
    "lead",      "head",       "chief",     "senior",        "intern",       "designer",
    "scientist", "researcher", "student",   "fellow",        "specialist",   "consultant",
    "team",      "host",       "critic",    "photographer",  "contributing", "special"};
/* Words of an organisation: a wire or a paper ("Associated Press", "Washington Post"). */
static const char *const org_words[] = {"press",    "news",    "agency",    "wire",      "service",
                                        "times",    "post",    "journal",   "herald",    "tribune",
                                        "daily",    "media",   "network",   "magazine",  "radio",
                                        "newswire", "gazette", "telegraph", "associated"};
/* Lower-case words inside names: "Ursula von der Leyen", "Juan de la Cruz". */
static const char *const particles[] = {"von", "van", "der", "den",   "de",  "da", "di",  "du",
                                        "la",  "le",  "del", "della", "bin", "al", "dos", "ter"};

static int word_in(const char *w, size_t wl, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == wl && !strncasecmp(w, list[i], wl))
            return 1;
    return 0;
}

enum seg { SEG_PERSON, SEG_ORG, SEG_OTHER };

/* What one part of a byline list names: a person ("John Roe"), an organisation ("Reuters",
 * "AP", "Associated Press"), or something else (a job title, prose). One capitalised word
 * after a comma is a wire's or a paper's name: co-authors are written with their surnames. */
static enum seg segment_kind(const char *s, size_t len)
{
    size_t nw = 0, caps = 0;
    int org = 0;
    for (size_t k = 0; k < len;) {
        k += strspn(s + k, " ");
        size_t wl = 0;
        while (k + wl < len && s[k + wl] != ' ')
            wl++;
        if (!wl)
            break;
        const char *w = s + k;
        size_t bare = wl;
        while (bare && strchr(".,:;", w[bare - 1]))
            bare--;
        unsigned char c = (unsigned char)w[0];
        if (word_in(w, bare, role_words, sizeof role_words / sizeof role_words[0]))
            return SEG_OTHER;
        org |= word_in(w, bare, org_words, sizeof org_words / sizeof org_words[0]);
        if (islower(c) && !word_in(w, bare, particles, sizeof particles / sizeof particles[0]) &&
            !(bare == 3 && !strncmp(w, "the", 3)))
            return SEG_OTHER; /* prose: "on Google Play", "at the paper" */
        caps += isupper(c) || c >= 0x80;
        nw++;
        k += wl;
    }
    if (!nw || nw > 4 || !caps)
        return SEG_OTHER;
    if (org || nw == 1)
        return SEG_ORG;
    return SEG_PERSON;
}

/* The next separator of a byline list at or after k: ", ", " and ", " & " (*sep_len set);
 * len when there is none. */
static size_t next_sep(const char *s, size_t len, size_t k, size_t *sep_len)
{
    for (; k < len; k++) {
        if (s[k] == ',') {
            *sep_len = 1 + strspn(s + k + 1, " ");
            if (!strncasecmp(s + k + *sep_len, "and ", 4))
                *sep_len += 4;
            return k;
        }
        if (s[k] == ' ' && (!strncasecmp(s + k, " and ", 5) || !strncmp(s + k, " & ", 3))) {
            *sep_len = s[k + 1] == '&' ? 3 : 5;
            return k;
        }
    }
    *sep_len = 0;
    return len;
}

/* The authors a byline's names part lists, joined by ", ": "Jane Doe, John Roe and Ann Poe"
 * gives all three; a job title after a comma ends the list ("Jane Doe, Staff Writer"); a wire
 * or a paper at its end ("Jane Doe, Reuters") is the credit (*credit, new), not an author, when
 * a full name precedes it (after "PTI", itself a wire, "Washington" is the place).
 * In running text (`text`) the first name must look like one (name_shape). New, or NULL. */
static char *byline_authors(const char *s, size_t len, int text, char **credit)
{
    op_buf b;
    op_buf_init(&b, 0);
    *credit = NULL;
    for (size_t k = 0, i = 0; k < len; i++) {
        size_t sl, e = next_sep(s, len, k, &sl);
        size_t seg = e - k;
        while (seg && s[k + seg - 1] == ' ')
            seg--;
        enum seg kind = i == 0 ? SEG_PERSON : segment_kind(s + k, seg);
        if (i == 0 && ((text && !name_shape(s + k, seg)) || seg < 2))
            break;
        if (kind == SEG_ORG && e >= len && words(b.data, b.len) >= 2) /* after a full name */
            *credit = op_strndup(s + k, seg);
        if (kind != SEG_PERSON)
            break;
        if (b.len)
            op_buf_add(&b, ", ", 2);
        op_buf_add(&b, s + k, seg);
        k = e + sl;
    }
    if (!b.len) {
        op_buf_free(&b);
        op_free(*credit);
        *credit = NULL;
        return NULL;
    }
    op_buf_addc(&b, 0);
    return op_buf_detach(&b, NULL);
}

char *extract_byline_authors_new(const char *s, size_t len, char **credit)
{
    return byline_authors(s, len, 1, credit);
}

/* The writers a byline line names (folded, one line): *name and the length of its names part,
 * or 0. `text`: a line of running text, which must start with a "by" cue; otherwise (a byline
 * element's line) a line without a cue is the name itself. */
static size_t byline_of_line(const char *s, size_t len, int text, const char **name)
{
    size_t k = skip_decoration(s, len);
    long cue = by_cue(s + k, len - k, text);
    if (cue < 0 || (text && cue == 0))
        return 0;
    k += (size_t)cue;
    k += strspn(s + k, " ");
    size_t n = name_len(s + k, len - k, text);
    if (n < 2 || (n == 2 && !strncasecmp(s + k, "by", 2)))
        return 0; /* one letter, or the cue alone ("<em class=byline__by>By</em>") */
    *name = s + k;
    return n;
}

/* Needs this many bytes of context around a name; bylines are short. */
#define BYLINE_MAX 100

/* n sits in a comment thread (an ancestor's class or id says "comment"): its bylines are
 * the commenters'. */
static int contains_ci(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, nl))
            return 1;
    return 0;
}

static int in_comments(const xmlNode *n)
{
    for (int d = 0; n && n->type == XML_ELEMENT_NODE && d < 32; d++, n = n->parent)
        for (int a = 0; a < 2; a++) {
            const char *v = extract_attr(n, a ? "id" : "class");
            if (v && (contains_ci(v, "comment") || contains_ci(v, "disqus")))
                return 1;
        }
    return 0;
}

static int byline_hit(const xmlNode *n)
{
    const char *rel = extract_attr(n, "rel"), *ip = extract_attr(n, "itemprop");
    const char *cls = extract_attr(n, "class");
    return (rel && !strcasecmp(rel, "author")) || (ip && strstr(ip, "author")) ||
           (cls && (strstr(cls, "byline") || author_class(cls)));
}

/* A byline element: rel=author, itemprop=author, class "byline" or an author class. Its first
 * line naming a writer gives the name. */
static void read_byline(msources *ms, xmlNode *n)
{
    if (ms->nbyl == BYLINE_CANDS)
        return;
    if (!byline_hit(n) || ms->tries++ >= 16 || in_comments(n)) /* bounded: reads a subtree */
        return;
    int visits = 0; /* a byline element inside this one names the writer more precisely */
    for (xmlNode *d = extract_next(n, n, 0); d && visits < 256; d = extract_next(d, n, 0), visits++)
        if (d->type == XML_ELEMENT_NODE && d->properties && byline_hit(d))
            return;
    op_buf b;
    op_buf_init(&b, 0);
    node_lines(n, &b, 0);
    for (size_t a = 0; a < b.len && b.len <= 2 * BYLINE_MAX;) {
        size_t e = a;
        while (e < b.len && b.data[e] != '\n')
            e++;
        const char *nm;
        size_t nl = e - a < BYLINE_MAX ? byline_of_line(b.data + a, e - a, 0, &nm) : 0;
        char *credit = NULL, *v = nl ? byline_authors(nm, nl, 0, &credit) : NULL;
        a = e + 1;
        if (v && !is_handle(v)) {
            ms->byl[ms->nbyl].name = v;
            ms->byl[ms->nbyl].credit = credit;
            ms->byl[ms->nbyl++].node = n;
            break;
        }
        op_free(v);
        op_free(credit);
    }
    op_buf_free(&b);
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

/*** Bylines and dates in the text ***/

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

/* Reads a date at s when one starts there (see extract_iso_date_new); "Nov. 3" alone has no
 * year and is not read. */
static char *date_at(const char *s, size_t len)
{
    char tmp[64];
    if (len >= sizeof tmp)
        len = sizeof tmp - 1;
    memcpy(tmp, s, len);
    tmp[len] = 0;
    unsigned char c = (unsigned char)tmp[0];
    return isdigit(c) || isalpha(c) ? extract_iso_date_new(tmp) : NULL;
}

/* The first date at a word start in s (after a byline's name). */
static char *date_in(const char *s, size_t len)
{
    for (size_t k = 0; k < len; k++)
        if (k == 0 || s[k - 1] == ' ') {
            char *d = date_at(s + k, len - k);
            if (d)
                return d;
        }
    return NULL;
}

/* A dash separating a news dateline from the story: " -- ", " — ", " – ", " - ". */
static size_t dateline_dash(const char *s, size_t len)
{
    static const char *const dashes[] = {" -- ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " - "};
    for (size_t k = 0; k < len && k < 48; k++)
        for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++)
            if (!strncmp(s + k, dashes[i], strlen(dashes[i])))
                return k;
    return 0;
}

/* A date a line gives as the article's: "Published on 3 May 2021", "Posted: 2021-05-03", a
 * line that is a date ("Nov 11, 2020"), a dateline opening a paragraph ("April 17, 2015 --
 * Imagine", "WASHINGTON, Nov. 3, 2015 -- "). "Updated ..." is another date. */
static char *date_of_line(const char *s, size_t len)
{
    static const char *const cues[] = {"first published", "published", "posted", "dated", "date"};
    static const char *const other[] = {"updated", "last updated", "modified", "last modified",
                                        "edited"};
    size_t k = skip_decoration(s, len);
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (!strncasecmp(s + k, other[i], strlen(other[i])))
            return NULL;
    for (size_t i = 0; i < sizeof cues / sizeof cues[0]; i++) {
        size_t cl = strlen(cues[i]);
        if (len - k > cl && !strncasecmp(s + k, cues[i], cl) &&
            !isalpha((unsigned char)s[k + cl])) {
            k += cl;
            k += strspn(s + k, " :");
            if (len - k > 3 && !strncasecmp(s + k, "on ", 3))
                k += 3;
            return date_at(s + k, len - k);
        }
    }
    if (len - k <= 40) /* a line that is a date, perhaps with a time */
        return date_at(s + k, len - k);
    size_t dash = dateline_dash(s + k, len - k);
    if (!dash)
        return NULL;
    char *d = date_at(s + k, dash);
    const char *comma = memchr(s + k, ',', dash);
    if (!d && comma && words(s + k, (size_t)(comma - (s + k))) <= 3 && isupper((unsigned char)s[k]))
        d = date_at(comma + 2, dash - (size_t)(comma + 2 - (s + k)));
    return d;
}

static int skipped_subtree(const xmlNode *n)
{
    static const char *const tags[] = {"script", "style",  "noscript", "template",
                                       "nav",    "aside",  "footer",   "form",
                                       "button", "select", "figure",   "figcaption"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (extract_is(n, tags[i]))
            return 1;
    return parse_html_hidden(n);
}

static int has_own_text(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content &&
            ((const char *)c->content)[strspn((const char *)c->content, " \t\r\n\xC2\xA0")])
            return 1;
    return 0;
}

/* The lines right after the headline, up to the first paragraph of the story (100 bytes or
 * more, read for a dateline) or the tenth line: a byline ("By Name", "Posted by Name, job")
 * and a published date there fill what no other source gave. */
static void read_text_lines(xmlNode *top, xmlNode *h, extract_meta *m, int want_author,
                            int want_date)
{
    if (!h)
        return;
    op_buf b;
    op_buf_init(&b, 0);
    int lines = 0;
    for (xmlNode *n = extract_next(h, top, 1); n && lines < 10 && (want_author || want_date);) {
        if (n->type != XML_ELEMENT_NODE || skipped_subtree(n)) {
            n = extract_next(n, top, 1);
            continue;
        }
        if (has_own_text(n)) {
            lines++;
            op_buf_reset(&b);
            node_lines(n, &b, 0);
            size_t len = 0;
            while (len < b.len && b.data[len] != '\n') /* its first line */
                len++;
            const char *nm;
            size_t nl = len < 2 * BYLINE_MAX ? byline_of_line(b.data, len, 1, &nm) : 0;
            char *credit = NULL, *names = nl ? byline_authors(nm, nl, 1, &credit) : NULL;
            if (!names)
                nl = 0;
            if (nl) {
                if (want_author && !is_handle(names)) {
                    m->author = names;
                    names = NULL;
                    if (!m->credit) {
                        m->credit = credit;
                        credit = NULL;
                    }
                    want_author = 0;
                }
                char *d = want_date ? date_in(nm + nl, len - (size_t)(nm + nl - b.data)) : NULL;
                if (d) {
                    m->published = d;
                    want_date = 0;
                }
            } else if (want_date) {
                char *d = date_of_line(b.data, len);
                if (d) {
                    m->published = d;
                    want_date = 0;
                }
            }
            op_free(names);
            op_free(credit);
            if (b.len >= 100) /* the story has begun */
                break;
            n = extract_next(n, top, 1); /* its inline children are part of this line */
            continue;
        }
        n = extract_next(n, top, 0);
    }
    op_buf_free(&b);
}

/*** Which byline element ***/

/* Text bytes (white space not counted) from `from` (its subtree skipped) on to `to`, stopping
 * at `max`; `max` when `to` is not reached by then. */
static size_t text_between(const xmlNode *top, const xmlNode *from, const xmlNode *to, size_t max)
{
    size_t sum = 0;
    int visits = 0;
    for (const xmlNode *n = extract_next((xmlNode *)from, top, 1); n && sum < max && visits < 20000;
         visits++) {
        if (n == to)
            return sum;
        if (n->type == XML_ELEMENT_NODE && (extract_is(n, "script") || extract_is(n, "style"))) {
            n = extract_next((xmlNode *)n, top, 1);
            continue;
        }
        if (n->type == XML_TEXT_NODE && n->content)
            for (const char *t = (const char *)n->content; *t; t++)
                sum += !isspace((unsigned char)*t);
        n = extract_next((xmlNode *)n, top, 0);
    }
    return max;
}

static int is_ancestor(const xmlNode *a, const xmlNode *n)
{
    for (; n; n = n->parent)
        if (n == a)
            return 1;
    return 0;
}

/* A byline element away from the article's start: in a footer (<footer>, a "footer"
 * class or id), or with a story's worth of text between it and the headline (after the
 * body: a blog's "Posted by Team" footer line). Such a byline ranks below the lines under
 * the headline, which name the writer of this article. */
#define BYLINE_NEAR 600

static int byline_far(const xmlNode *top, const xmlNode *h, const xmlNode *n)
{
    for (const xmlNode *a = n; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
        const char *cls = extract_attr(a, "class"), *id = extract_attr(a, "id");
        if (extract_is(a, "footer") || (cls && contains_ci(cls, "footer")) ||
            (id && contains_ci(id, "footer")))
            return 1;
    }
    if (!h || is_ancestor(n, h) || is_ancestor(h, n))
        return 0;
    return text_between(top, h, n, BYLINE_NEAR) >= BYLINE_NEAR &&
           text_between(top, n, h, BYLINE_NEAR) >= BYLINE_NEAR;
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
    for (int i = 0; i < ms.nbyl && near < 0; i++) {
        if (!byline_far(top, h, ms.byl[i].node))
            near = i;
        else if (far < 0)
            far = i;
    }
    if (near >= 0)
        ms.v[MF_AUTHOR][T_BYLINE] = ms.byl[near].name;
    if (m->author && is_handle(m->author)) {
        op_free(m->author);
        m->author = NULL;
    }
    for (int t = 0; t < T_N && !m->author; t++)
        if (ms.v[MF_AUTHOR][t] && !is_handle(ms.v[MF_AUTHOR][t]))
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
    op_free(m->published);
    m->published = iso;
    if (!m->author || !m->published)
        read_text_lines(top, h, m, !m->author, !m->published);
    for (int i = 0; i < 2; i++) { /* the byline element's credit goes with its names */
        int c = i ? far : near;
        if (!m->author && i && c >= 0)
            set_if(&m->author, ms.byl[c].name);
        if (c >= 0 && m->author && !strcmp(m->author, ms.byl[c].name))
            set_if(&m->credit, ms.byl[c].credit);
    }
    if (m->author) {
        unescape_refs(m->author);
        strip_by(m->author);
    }
    for (int i = 0; i < ms.nbyl; i++) {
        op_free(ms.byl[i].name);
        op_free(ms.byl[i].credit);
    }
}

void extract_meta_free(extract_meta *m)
{
    char **f[] = {&m->title, &m->author, &m->published, &m->site,      &m->desc,   &m->image,
                  &m->lang,  &m->url,    &m->body,      &m->alt_title, &m->credit, &m->canonical};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        op_free(*f[i]);
        *f[i] = NULL;
    }
}
