/* Small text helpers of the EPUB back end: XML-safe text cleaning, URL escaping, language
 * tags, W3CDTF dates (dc:date, dcterms:modified) and UTC calendar fields without gmtime,
 * so nothing here depends on the process time zone. */
#include "epub/epub_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/*** XML-safe text ***/

static int xml_char_ok(uint32_t cp)
{
    if (cp == '\t' || cp == '\n')
        return 1;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp >= 0xFDD0 && cp <= 0xFDEF)
        return 0;
    if ((cp & 0xFFFE) == 0xFFFE)
        return 0;
    return cp <= 0x10FFFF;
}

op_status epub_clean_text(op_buf *out, const char *s, size_t len)
{
    size_t i = 0;
    op_status st = OP_OK;

    while (i < len && st == OP_OK) {
        size_t start = i;
        uint32_t cp = op_utf8_next(s, len, &i);
        if (!xml_char_ok(cp))
            continue;
        if (cp == 0xFFFD && !(i - start == 3 && (unsigned char)s[start] == 0xEF)) {
            char enc[4];
            int n = op_utf8_encode(cp, enc);
            st = op_buf_add(out, enc, (size_t)n);
            continue;
        }
        st = op_buf_add(out, s + start, i - start);
    }
    return st;
}

static void collapse_space(char *s)
{
    char *w = s;
    int space = 0;

    for (char *r = s; *r; r++) {
        if (*r == ' ' || *r == '\t' || *r == '\n') {
            space = w != s;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = 0;
        *w++ = *r;
    }
    *w = '\0';
}

char *epub_clean_dup(const char *s, int collapse)
{
    op_buf b;
    char *out;

    if (!s)
        return NULL;
    op_buf_init(&b, 0);
    if (epub_clean_text(&b, s, strlen(s)) != OP_OK || !b.data)
        op_buf_adds(&b, "");
    out = op_buf_detach(&b, NULL);
    if (!out)
        out = op_strdup("");
    if (collapse)
        collapse_space(out);
    return out;
}

/*** URLs ***/

static int has_scheme(const char *href, const char *scheme)
{
    size_t n = strlen(scheme);
    for (size_t i = 0; i < n; i++) {
        if (tolower((unsigned char)href[i]) != scheme[i])
            return 0;
    }
    return 1;
}

int epub_href_safe(const char *href)
{
    if (!href || !*href)
        return 0;
    if (href[0] == '#')
        return href[1] != '\0';
    return has_scheme(href, "http://") || has_scheme(href, "https://") ||
           has_scheme(href, "mailto:");
}

static int url_char_ok(unsigned char c)
{
    if (c <= 0x20 || c >= 0x7F)
        return 0;
    return strchr("\"<>\\^`{|}", c) == NULL;
}

op_status epub_url_escape(op_buf *out, const char *url)
{
    static const char hex[] = "0123456789ABCDEF";
    op_status st = OP_OK;

    for (const unsigned char *p = (const unsigned char *)url; *p && st == OP_OK; p++) {
        int pct_ok = *p == '%' && isxdigit(p[1]) && isxdigit(p[2]);
        if (url_char_ok(*p) && (*p != '%' || pct_ok)) {
            st = op_buf_addc(out, (char)*p);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            st = op_buf_add(out, e, 3);
        }
    }
    return st;
}

/*** Language tags ***/

int epub_lang_valid(const char *lang)
{
    return op_lang_valid(lang);
}

int epub_lang_rtl(const char *lang)
{
    return op_lang_rtl(lang);
}

/*** Localised labels (the table is in src/core/labels.c, shared with the PDF) ***/

const char *epub_label_text(const char *lang, epub_label which)
{
    return op_label_text(lang, (op_label)which);
}

/*** UTC calendar ***/

void epub_utc_fields(int64_t t, int f[6])
{
    int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    /* Howard Hinnant's civil_from_days */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    f[0] = (int)(yoe + era * 400 + (m <= 2));
    f[1] = (int)m;
    f[2] = (int)d;
    f[3] = (int)(secs / 3600);
    f[4] = (int)(secs / 60 % 60);
    f[5] = (int)(secs % 60);
}

void epub_format_utc(int64_t t, char *out, size_t outsz)
{
    int f[6];
    epub_utc_fields(t, f);
    snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02dZ", f[0], f[1], f[2], f[3], f[4], f[5]);
}

/*** W3CDTF dates ***/

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : dm[m - 1];
}

/* Reads exactly `min`..`max` digits. Returns the count read (0 = none/too few). */
static int digits(const char **p, int min, int max, int *val)
{
    int n = 0, v = 0;
    while (n < max && isdigit((unsigned char)(*p)[n])) {
        v = v * 10 + ((*p)[n] - '0');
        n++;
    }
    if (n < min)
        return 0;
    *p += n;
    *val = v;
    return n;
}

typedef struct date_parts {
    int y, m, d;    /* m, d 0 when absent */
    int hh, mi, ss; /* valid when has_time */
    int has_time;   /* 1 with a zone, so a full date-time */
    char zone[16];  /* "Z" or "+09:00" */
} date_parts;

static int parse_zone(const char **p, date_parts *dp)
{
    int zh = 0, zm = 0;
    char sign = **p;

    if (sign == 'Z' || sign == 'z') {
        (*p)++;
        strcpy(dp->zone, "Z");
        return 1;
    }
    if (sign != '+' && sign != '-')
        return 0;
    (*p)++;
    if (!digits(p, 2, 2, &zh))
        return 0;
    if (**p == ':')
        (*p)++;
    if (isdigit((unsigned char)**p) && !digits(p, 2, 2, &zm))
        return 0;
    if (zh > 14 || zm > 59)
        return 0;
    snprintf(dp->zone, sizeof dp->zone, "%c%02d:%02d", sign, zh, zm);
    return 1;
}

/* hh:mm[:ss[.frac]] then an optional zone; no zone means we keep only the date. */
static int parse_time(const char **p, date_parts *dp)
{
    if (!digits(p, 2, 2, &dp->hh) || **p != ':')
        return 0;
    (*p)++;
    if (!digits(p, 2, 2, &dp->mi))
        return 0;
    dp->ss = 0;
    if (**p == ':') {
        (*p)++;
        if (!digits(p, 2, 2, &dp->ss))
            return 0;
        if (**p == '.' || **p == ',') {
            (*p)++;
            int frac;
            if (!digits(p, 1, 9, &frac))
                return 0;
        }
    }
    if (dp->hh > 23 || dp->mi > 59 || dp->ss > 59)
        return 0;
    dp->has_time = parse_zone(p, dp);
    return 1;
}

static int parse_numeric(const char *s, date_parts *dp)
{
    const char *p = s;
    char sep;

    if (digits(&p, 8, 8, &dp->y) && *p == '\0') { /* 20240305 */
        dp->d = dp->y % 100;
        dp->m = dp->y / 100 % 100;
        dp->y /= 10000;
        return 1;
    }
    p = s;
    if (!digits(&p, 4, 4, &dp->y))
        return 0;
    sep = *p;
    if (sep != '-' && sep != '/' && sep != '.')
        return *p == '\0';
    p++;
    if (!digits(&p, 1, 2, &dp->m))
        return 0;
    if (*p == sep) {
        p++;
        if (!digits(&p, 1, 2, &dp->d))
            return 0;
        if ((*p == 'T' || *p == 't' || *p == ' ') && sep == '-') {
            p++;
            if (!parse_time(&p, dp))
                return 0;
        }
    }
    while (*p == ' ')
        p++;
    return *p == '\0';
}

static int month_of(const char *w, size_t n)
{
    static const char *const names[] = {"january",   "february", "march",    "april",
                                        "may",       "june",     "july",     "august",
                                        "september", "october",  "november", "december"};
    for (int i = 0; i < 12; i++) {
        if (n >= 3 && n <= strlen(names[i]) && strncasecmp(w, names[i], n) == 0)
            return i + 1;
    }
    return 0;
}

static int is_weekday(const char *w, size_t n)
{
    static const char *const names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
    for (int i = 0; i < 7; i++) {
        if (n >= 3 && n <= strlen(names[i]) && strncasecmp(w, names[i], n) == 0)
            return 1;
    }
    return 0;
}

/* "March 5, 2024", "5 Mar. 2024", "Tuesday, March 5, 2024", "March 2024". */
static int parse_words(const char *s, date_parts *dp)
{
    const char *p = s;

    while (*p) {
        size_t n = 0;
        if (strchr(" ,.", *p)) {
            p++;
            continue;
        }
        if (isalpha((unsigned char)*p)) {
            while (isalpha((unsigned char)p[n]))
                n++;
            int m = month_of(p, n);
            if ((m && dp->m) || (!m && !is_weekday(p, n)))
                return 0;
            if (m)
                dp->m = m;
        } else if (isdigit((unsigned char)*p)) {
            int v = 0;
            while (n < 5 && isdigit((unsigned char)p[n]))
                v = v * 10 + (p[n++] - '0');
            if (isdigit((unsigned char)p[n]) || n == 3 || (n == 4 ? dp->y : dp->d) != 0)
                return 0;
            if (n == 4)
                dp->y = v;
            else
                dp->d = v;
            /* ordinal suffixes: 1st 2nd 3rd 5th */
            if (n <= 2 && isalpha((unsigned char)p[n]) &&
                strchr("snrt", tolower((unsigned char)p[n])))
                n += 2;
        } else {
            return 0;
        }
        p += n;
    }
    return dp->y && dp->m;
}

static int parts_valid(const date_parts *dp)
{
    if (dp->y < 1 || dp->y > 9999)
        return 0;
    if (dp->m == 0)
        return dp->d == 0;
    if (dp->m > 12)
        return 0;
    return dp->d == 0 || dp->d <= days_in_month(dp->y, dp->m);
}

int epub_date_normalize(const char *in, char *out, size_t outsz)
{
    date_parts dp;
    char buf[80];
    size_t n;

    if (!in)
        return 0;
    while (isspace((unsigned char)*in))
        in++;
    n = strlen(in);
    while (n > 0 && isspace((unsigned char)in[n - 1]))
        n--;
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, in, n);
    buf[n] = '\0';
    memset(&dp, 0, sizeof dp);
    if (!parse_numeric(buf, &dp)) {
        memset(&dp, 0, sizeof dp);
        if (!parse_words(buf, &dp))
            return 0;
    }
    if (!parts_valid(&dp))
        return 0;
    if (dp.m == 0)
        snprintf(out, outsz, "%04d", dp.y);
    else if (dp.d == 0)
        snprintf(out, outsz, "%04d-%02d", dp.y, dp.m);
    else if (!dp.has_time)
        snprintf(out, outsz, "%04d-%02d-%02d", dp.y, dp.m, dp.d);
    else
        snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d%s", dp.y, dp.m, dp.d, dp.hh, dp.mi,
                 dp.ss, dp.zone);
    return 1;
}

/* Length of the comment or string at css[i], 0 when there is none. */
static size_t css_special(const char *s, size_t n, size_t i)
{
    size_t j = i;
    if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
        for (j = i + 2; j + 1 < n && !(s[j] == '*' && s[j + 1] == '/'); j++)
            ;
        return (j + 1 < n ? j + 2 : n) - i;
    }
    if (s[i] == '"' || s[i] == '\'') {
        for (j = i + 1; j < n && s[j] != s[i] && s[j] != '\n'; j++)
            if (s[j] == '\\' && j + 1 < n)
                j++;
        return (j < n ? j + 1 : n) - i;
    }
    return 0;
}

op_status epub_css_strip_margin_boxes(op_buf *out, const char *css, size_t len)
{
    int depth = 0, in_page = 0; /* in_page: depth of the open @page block, 0 = none */
    size_t i = 0, from = 0;
    op_status st = OP_OK;
    while (i < len && st == OP_OK) {
        size_t k = css_special(css, len, i);
        if (k) {
            i += k;
            continue;
        }
        char c = css[i];
        if (c == '@' && depth == 0 && len - i >= 5 && strncasecmp(css + i, "@page", 5) == 0) {
            in_page = -1; /* its '{' comes next */
        } else if (c == '@' && in_page > 0 && depth == in_page) {
            size_t j = i, end = len; /* a nested at-rule: skip through its block */
            int d = 0;
            while (j < len) {
                size_t m = css_special(css, len, j);
                if (m) {
                    j += m;
                    continue;
                }
                if (css[j] == ';' && d == 0) {
                    end = j + 1;
                    break;
                }
                if (css[j] == '}' && d == 0) { /* the @page block ends: keep its brace */
                    end = j;
                    break;
                }
                d += css[j] == '{';
                if (css[j] == '}' && --d == 0) {
                    end = j + 1;
                    break;
                }
                j++;
            }
            st = op_buf_add(out, css + from, i - from);
            i = from = end;
            continue;
        } else if (c == '{') {
            depth++;
            if (in_page < 0)
                in_page = depth;
        } else if (c == '}') {
            if (depth == in_page)
                in_page = 0;
            if (depth > 0)
                depth--;
        }
        i++;
    }
    if (st == OP_OK)
        st = op_buf_add(out, css + from, len - from);
    return st;
}

/*** Author lists: one dc:creator per name ***/

/* A name's suffix, the part after "Smith," that is no name of its own. */
static int name_suffix(const char *p, size_t n)
{
    static const char *const sfx[] = {"Jr",   "Sr", "II",  "III", "IV",  "PhD",
                                      "Ph.D", "MD", "M.D", "Esq", "DDS", "MBA"};
    while (n && p[n - 1] == '.')
        n--;
    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++)
        if (strlen(sfx[i]) == n && !strncmp(p, sfx[i], n))
            return 1;
    return 0;
}

/* Each word of a name starts with a capital (or a letter without case), but for the
 * particles of names ("van", "de", "al"): "staff", "agencies" or "wire reports" are not
 * names, and a byline holding them is left whole. */
static int looks_like_name(const char *p, size_t n)
{
    static const char *const particles[] = {"van", "von", "der",   "den", "de",  "da",  "di",
                                            "du",  "del", "della", "la",  "le",  "bin", "ibn",
                                            "al",  "el",  "y",     "zu",  "ten", "ter", "dos"};
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n;) {
        size_t w = i;
        while (w < n && p[w] != ' ')
            w++;
        int ok = !islower((unsigned char)p[i]);
        for (size_t k = 0; !ok && k < sizeof particles / sizeof particles[0]; k++)
            ok = strlen(particles[k]) == w - i && !strncmp(p + i, particles[k], w - i);
        if (!ok)
            return 0;
        i = w + 1;
    }
    return 1;
}

/* Length of the list separator at s (", ", ";", "、", " and ", " & "); *comma: a comma. */
static size_t name_sep(const char *s, int *comma)
{
    *comma = s[0] == ',';
    if (s[0] == ',' || s[0] == ';')
        return 1;
    if (!strncmp(s, "\xE3\x80\x81", 3))
        return 3;
    if (!strncasecmp(s, " and ", 5))
        return 5;
    if (!strncmp(s, " & ", 3))
        return 3;
    return 0;
}

size_t epub_split_names(const char *s, char **names, size_t max)
{
    const char *part[32];
    size_t plen[32], n = 0, commas = 0, others = 0;
    int after_comma[32];
    int comma = 0;
    for (const char *p = s ? s : "", *start = p; n < 32; p++) {
        size_t sep = *p ? name_sep(p, &comma) : 0;
        if (*p && !sep)
            continue;
        const char *a = start, *e = p;
        while (a < e && (*a == ' ' || *a == ','))
            a++;
        if (e - a > 4 && (!strncasecmp(a, "and ", 4) || !strncmp(a, "& ", 2))) /* ", and C" */
            a += a[0] == '&' ? 2 : 4;
        while (e > a && e[-1] == ' ')
            e--;
        if (e > a) {
            int joined = n && after_comma[n - 1] && name_suffix(a, (size_t)(e - a));
            if (joined) /* "Smith, Jr.": the suffix stays with its name */
                plen[n - 1] = (size_t)(e - part[n - 1]);
            else {
                part[n] = a;
                plen[n] = (size_t)(e - a);
                after_comma[n++] = 0;
            }
        }
        if (!*p)
            break;
        if (n)
            after_comma[n - 1] = comma;
        commas += comma;
        others += !comma;
        start = p + sep;
        p += sep - 1;
    }
    int whole = n < 2 || n > max;
    for (size_t i = 0; i < n && !whole; i++)
        whole = !looks_like_name(part[i], plen[i]);
    /* "Smith, John": an inverted (Latin-script) name, not two */
    if (!whole && n == 2 && commas == 1 && !others && !memchr(part[0], ' ', plen[0]) &&
        !memchr(part[1], ' ', plen[1]) && isalpha((unsigned char)part[0][0]) &&
        isalpha((unsigned char)part[1][0]))
        whole = 1;
    if (whole) {
        size_t len = s ? strlen(s) : 0;
        while (len && s[len - 1] == ' ')
            len--;
        if (!len || !max)
            return 0;
        names[0] = op_malloc(len + 1);
        memcpy(names[0], s, len);
        names[0][len] = 0;
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        names[i] = op_malloc(plen[i] + 1);
        memcpy(names[i], part[i], plen[i]);
        names[i][plen[i]] = 0;
    }
    return n;
}
