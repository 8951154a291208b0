/* Output names of a batch: file-name slugs that fold Latin letters to ASCII but keep other
 * scripts (a Korean title gives a Korean name), the --name template ({date}-{slug}), and a
 * set of names given so far so that no two items of a run share one (-1, -2 in input order). */
#include "batch/batch_int.h"
#include "core/core.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/*** Slugs ***/

/* Latin-1 Supplement and Latin Extended-A letters folded to ASCII (U+00C0..U+017F), "" for
 * the multiplication and division signs. */
static const char *const latin_fold[] = {
    /* C0 */ "a",  "a", "a",  "a",  "a", "a", "ae", "c",
    "e",           "e", "e",  "e",  "i", "i", "i",  "i",
    /* D0 */ "d",  "n", "o",  "o",  "o", "o", "o",  "",
    "o",           "u", "u",  "u",  "u", "y", "th", "ss",
    /* E0 */ "a",  "a", "a",  "a",  "a", "a", "ae", "c",
    "e",           "e", "e",  "e",  "i", "i", "i",  "i",
    /* F0 */ "d",  "n", "o",  "o",  "o", "o", "o",  "",
    "o",           "u", "u",  "u",  "u", "y", "th", "y",
    /* 100 */ "a", "a", "a",  "a",  "a", "a", "c",  "c",
    "c",           "c", "c",  "c",  "c", "c", "d",  "d",
    /* 110 */ "d", "d", "e",  "e",  "e", "e", "e",  "e",
    "e",           "e", "e",  "e",  "g", "g", "g",  "g",
    /* 120 */ "g", "g", "g",  "g",  "h", "h", "h",  "h",
    "i",           "i", "i",  "i",  "i", "i", "i",  "i",
    /* 130 */ "i", "i", "ij", "ij", "j", "j", "k",  "k",
    "k",           "l", "l",  "l",  "l", "l", "l",  "l",
    /* 140 */ "l", "l", "l",  "n",  "n", "n", "n",  "n",
    "n",           "n", "n",  "n",  "o", "o", "o",  "o",
    /* 150 */ "o", "o", "oe", "oe", "r", "r", "r",  "r",
    "r",           "r", "s",  "s",  "s", "s", "s",  "s",
    /* 160 */ "s", "s", "t",  "t",  "t", "t", "t",  "t",
    "u",           "u", "u",  "u",  "u", "u", "u",  "u",
    /* 170 */ "u", "u", "u",  "u",  "w", "w", "y",  "y",
    "y",           "z", "z",  "z",  "z", "z", "z",  "s"};

/* Characters of other scripts that are not letters or digits: punctuation, symbols, spaces. */
static int is_symbol(uint32_t cp)
{
    return cp < 0x370 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
           (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
           (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xFEFF || cp == 0xFFFD ||
           (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0x1F000;
}

/* Upper-case Greek and Cyrillic to lower case (names differing only in case collide on
 * some file systems anyway). */
static uint32_t lower_other(uint32_t cp)
{
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 0x50;
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
        return cp + 0x20;
    return cp;
}

/* A character in lower case: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic. */
static uint32_t lower_cp(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 0x20;
    if (cp == 0x178)
        return 0xFF;
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
        return cp | 1; /* pairs: upper case even, lower case odd */
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return cp + (cp & 1);       /* pairs: upper case odd */
    if (cp >= 0x388 && cp <= 0x38A) /* accented Greek capitals */
        return cp + 0x25;
    if (cp == 0x386)
        return 0x3AC;
    if (cp == 0x38C)
        return 0x3CC;
    if (cp == 0x38E || cp == 0x38F)
        return cp + 0x3F;
    return lower_other(cp);
}

int batch_key_cmp(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i = 0, j = 0;
    while (i < la && j < lb) {
        uint32_t x = lower_cp(op_utf8_next(a, la, &i)), y = lower_cp(op_utf8_next(b, lb, &j));
        if (x != y)
            return x < y ? -1 : 1;
    }
    return (i < la) - (j < lb);
}

/* Appends one character's slug form; returns 1 when it was a separator. */
static int slug_char(op_buf *b, uint32_t cp)
{
    if (cp < 0x80) {
        if (isalnum((int)cp)) {
            op_buf_addc(b, (char)tolower((int)cp));
            return 0;
        }
        return 1;
    }
    if (cp >= 0xC0 && cp <= 0x17F) {
        const char *f = latin_fold[cp - 0xC0];
        op_buf_adds(b, f);
        return !*f;
    }
    if (is_symbol(cp))
        return 1;
    char u[4];
    op_buf_add(b, u, (size_t)op_utf8_encode(lower_other(cp), u));
    return 0;
}

char *batch_slug_new(const char *s, size_t max)
{
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_adds(&b, "");
    size_t len = s ? strlen(s) : 0, i = 0, last_ok = 0;
    int cut = 0;
    while (i < len) {
        uint32_t cp = op_utf8_next(s, len, &i);
        if (cp == '\'' || cp == 0x2019) /* don't -> dont */
            continue;
        size_t before = b.len;
        if (slug_char(&b, cp)) {
            if (b.len > 0 && b.data[b.len - 1] != '-')
                op_buf_addc(&b, '-');
        } else if (b.len > max) {
            b.len = before; /* cut before the character that does not fit */
            cut = 1;
            break;
        }
        if (b.len <= max)
            last_ok = b.len;
    }
    b.len = last_ok;
    if (cut) { /* at a word's end when one is near */
        size_t w = b.len;
        while (w > max / 2 && b.data[w - 1] != '-')
            w--;
        if (w > max / 2)
            b.len = w;
    }
    while (b.len > 0 && b.data[b.len - 1] == '-')
        b.len--;
    b.data[b.len] = '\0';
    size_t start = b.data[0] == '-' ? 1 : 0;
    char *out = op_strdup(b.data + start);
    op_buf_free(&b);
    return out;
}

/*** Templates ***/

static const char *const fields[] = {"date", "slug", "title", "site", "id", "tag"};

static int field_index(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strlen(fields[i]) == len && strncmp(fields[i], name, len) == 0)
            return (int)i;
    return -1;
}

int batch_template_check(const char *tmpl, char *err, size_t errsz)
{
    if (!tmpl || !*tmpl || tmpl[0] == '/' || strstr(tmpl, "..")) {
        snprintf(err, errsz, "a name template is relative, without '..'");
        return 0;
    }
    for (const char *p = tmpl; *p; p++) {
        if (*p == '}') {
            snprintf(err, errsz, "'}' without '{'");
            return 0;
        }
        if (*p != '{')
            continue;
        const char *end = strchr(p, '}');
        if (!end || field_index(p + 1, (size_t)(end - p - 1)) < 0) {
            snprintf(err, errsz, "unknown field '%.*s' (date, slug, title, site, id, tag)",
                     end ? (int)(end - p + 1) : (int)strlen(p), p);
            return 0;
        }
        p = end;
    }
    return 1;
}

char *batch_url_host_new(const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return NULL;
    p += 3;
    size_t n = strcspn(p, "/?#:");
    if (n > 4 && strncasecmp(p, "www.", 4) == 0) {
        p += 4;
        n -= 4;
    }
    return n ? op_strndup(p, n) : NULL;
}

/* What the slug is made of when the archive gives no title: the file's name without its
 * extension, or its folder's name for an index page (blog/post-1/index.html -> post-1);
 * else the URL's last path segment. */
static char *stem_new(const batch_item *it)
{
    const char *src = it->path ? it->path : it->url ? it->url : it->id;
    if (!src)
        return op_strdup("");
    char *s = op_strdup(src);
    char *q = strpbrk(s, "?#");
    if (!it->path && q)
        *q = '\0';
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/')
        s[--n] = '\0';
    char *base = strrchr(s, '/');
    char *name = base ? base + 1 : s;
    char *dot = strrchr(name, '.');
    if (dot && dot != name && (it->path || strlen(dot) <= 6))
        *dot = '\0';
    static const char *const generic[] = {"index", "default", "readme", "article", "page"};
    for (size_t i = 0; base && i < sizeof generic / sizeof generic[0]; i++) {
        if (strcasecmp(name, generic[i]) != 0)
            continue;
        *base = '\0';
        char *up = strrchr(s, '/');
        if (up || (s[0] && !strstr(s, "://")))
            name = up ? up + 1 : s;
        break;
    }
    char *out = op_strdup(name);
    op_free(s);
    return out;
}

/* One field's text for the name. */
static char *field_new(int f, const batch_item *it)
{
    char date[11];
    switch (f) {
    case 0:
        batch_item_date(it, -1, date);
        return op_strdup(date);
    case 1: {
        char *slug = batch_slug_new(it->title, 80);
        if (!*slug) {
            op_free(slug);
            char *stem = stem_new(it);
            slug = batch_slug_new(stem, 80);
            op_free(stem);
        }
        return slug;
    }
    case 2: { /* the title as it is, minus what file systems refuse */
        const char *t = it->title ? it->title : "";
        char *s = op_strndup(t, strlen(t) > 120 ? 120 : strlen(t));
        for (char *p = s; *p; p++)
            if ((unsigned char)*p < 0x20 || strchr("/\\:*?\"<>|", *p))
                *p = '-';
        return s;
    }
    case 3: {
        char *host = it->site ? NULL : batch_url_host_new(it->url);
        char *s = batch_slug_new(it->site ? it->site : host, 60);
        op_free(host);
        return s;
    }
    case 4:
        return batch_slug_new(it->id, 80);
    default:
        return batch_slug_new(it->ntags ? it->tags[0] : NULL, 40);
    }
}

char *batch_name_new(const char *tmpl, const batch_item *it)
{
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_adds(&b, "");
    for (const char *p = tmpl ? tmpl : "{slug}"; *p; p++) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        int f = end ? field_index(p + 1, (size_t)(end - p - 1)) : -1;
        if (f < 0) {
            op_buf_addc(&b, *p);
            continue;
        }
        char *v = field_new(f, it);
        op_buf_adds(&b, v);
        op_free(v);
        p = end;
    }
    /* fields left empty leave separators at the ends of each path component */
    op_buf out;
    op_buf_init(&out, 0);
    op_buf_adds(&out, "");
    const char *s = b.data;
    while (*s) {
        size_t n = strcspn(s, "/");
        size_t a = 0;
        while (a < n && strchr("-_. ", s[a]))
            a++;
        while (n > a && strchr("-_. ", s[n - 1]))
            n--;
        if (n > a) {
            if (out.len)
                op_buf_addc(&out, '/');
            op_buf_add(&out, s + a, n - a);
        }
        s += strcspn(s, "/");
        if (*s == '/')
            s++;
    }
    op_buf_free(&b);
    if (out.len == 0 || out.data[out.len - 1] == '/')
        op_buf_adds(&out, "article");
    return op_buf_detach(&out, NULL);
}

/*** The names of a run ***/

struct batch_names {
    char **slot; /* open addressing; lower-cased names */
    size_t cap, n;
};

batch_names *batch_names_new(void)
{
    batch_names *n = op_calloc(1, sizeof *n);
    n->cap = 256;
    n->slot = op_calloc(n->cap, sizeof *n->slot);
    return n;
}

void batch_names_free(batch_names *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->cap; i++)
        op_free(n->slot[i]);
    op_free(n->slot);
    op_free(n);
}

/* The slot of `key` (lower case): where it is, or the empty one where it would go. */
static size_t find_slot(const batch_names *n, const char *key)
{
    size_t i = (size_t)batch_hash(key, strlen(key)) & (n->cap - 1);
    while (n->slot[i] && strcmp(n->slot[i], key) != 0)
        i = (i + 1) & (n->cap - 1);
    return i;
}

static void names_grow(batch_names *n)
{
    char **old = n->slot;
    size_t oldcap = n->cap;
    n->cap *= 2;
    n->slot = op_calloc(n->cap, sizeof *n->slot);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i])
            n->slot[find_slot(n, old[i])] = old[i];
    op_free(old);
}

char *batch_names_claim(batch_names *n, const char *base, const char *ext)
{
    for (unsigned k = 0;; k++) {
        char *name = op_malloc(strlen(base) + strlen(ext) + 16);
        if (k == 0)
            sprintf(name, "%s%s", base, ext);
        else
            sprintf(name, "%s-%u%s", base, k, ext);
        char *key = op_strdup(name);
        for (char *p = key; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        size_t i = find_slot(n, key);
        if (!n->slot[i]) {
            n->slot[i] = key;
            if (++n->n * 2 > n->cap)
                names_grow(n);
            return name;
        }
        op_free(key);
        op_free(name);
    }
}
