/* Bytes -> valid UTF-8. Detection order follows the HTML spec's shape (BOM, meta prescan,
 * guess); conversion uses glibc iconv and replaces what it cannot convert with U+FFFD. */
#include "parse/encoding.h"

#include "core/core.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/*** Detection ***/

static size_t bom_length(const char *d, size_t len, const char **cs)
{
    const unsigned char *u = (const unsigned char *)d;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *cs = "UTF-8";
        return 3;
    }
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        *cs = "UTF-16LE";
        return 2;
    }
    if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        *cs = "UTF-16BE";
        return 2;
    }
    return 0;
}

/* WHATWG label -> iconv name for the labels that differ in meaning. */
static const char *map_label(const char *l)
{
    static const char *const map[][2] = {
        {"utf8", "UTF-8"},
        {"utf-16", "UTF-8"},
        {"utf-16le", "UTF-8"},
        {"utf-16be", "UTF-8"},
        {"iso-8859-1", "WINDOWS-1252"},
        {"iso8859-1", "WINDOWS-1252"},
        {"latin1", "WINDOWS-1252"},
        {"l1", "WINDOWS-1252"},
        {"ascii", "WINDOWS-1252"},
        {"us-ascii", "WINDOWS-1252"},
        {"x-user-defined", "WINDOWS-1252"},
        {"iso-8859-9", "WINDOWS-1254"},
        {"tis-620", "WINDOWS-874"},
        {"gb2312", "GBK"},
        {"x-sjis", "SHIFT_JIS"},
        {"sjis", "SHIFT_JIS"},
        {"euc-kr", "CP949"},
        {"ks_c_5601-1987", "CP949"},
        {"x-mac-roman", "MACINTOSH"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcasecmp(l, map[i][0]))
            return map[i][1];
    return NULL;
}

static const char *find_ci(const char *s, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    for (; s + n <= end; s++)
        if (!strncasecmp(s, lit, n))
            return s;
    return NULL;
}

/* Reads the label after "charset" inside one meta tag [p, end). */
static int label_after(const char *p, const char *end, char *cs, size_t cssz)
{
    const char *c = find_ci(p, end, "charset");
    if (!c)
        return 0;
    c += 7;
    while (c < end && (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r'))
        c++;
    if (c >= end || *c != '=')
        return label_after(c, end, cs, cssz);
    c++;
    while (c < end && (*c == ' ' || *c == '"' || *c == '\'' || *c == '\t'))
        c++;
    size_t n = 0;
    while (c + n < end && n + 1 < cssz && (isalnum((unsigned char)c[n]) || strchr("-_.:", c[n])))
        n++;
    if (!n)
        return 0;
    memcpy(cs, c, n);
    cs[n] = 0;
    return 1;
}

static int meta_charset(const char *d, size_t len, char *cs, size_t cssz)
{
    const char *end = d + (len < 4096 ? len : 4096);
    const char *p = d;
    while ((p = find_ci(p, end, "<meta")) != NULL) {
        const char *gt = memchr(p, '>', (size_t)(end - p));
        const char *tend = gt ? gt : end;
        if (label_after(p + 5, tend, cs, cssz))
            return 1;
        p += 5;
    }
    return 0;
}

/* Counts valid multi-byte sequences and invalid bytes. */
static void utf8_stats(const char *d, size_t len, size_t *multi_out, size_t *bad_out)
{
    size_t i = 0, bad = 0, multi = 0;
    while (i < len) {
        i += op_ascii_span(d + i, len - i);
        if (i >= len)
            break;
        size_t start = i;
        uint32_t cp = op_utf8_next(d, len, &i);
        if (cp == 0xFFFD && !(i - start == 3 && !memcmp(d + start, "\xEF\xBF\xBD", 3)))
            bad++;
        else
            multi++;
    }
    *multi_out = multi;
    *bad_out = bad;
}

/* Valid UTF-8, or nearly so (a few bad bytes among many good multi-byte sequences). */
static int looks_utf8(const char *d, size_t len)
{
    size_t multi, bad;
    utf8_stats(d, len, &multi, &bad);
    return bad == 0 || multi > bad * 2;
}

/* Non-ASCII text that is entirely valid UTF-8: a saved page re-encoded to UTF-8 that kept
 * its old <meta charset>. Legacy-encoded text is practically never valid UTF-8 by chance. */
static int surely_utf8(const char *d, size_t len)
{
    size_t multi, bad;
    utf8_stats(d, len, &multi, &bad);
    return bad == 0 && multi > 0;
}

/* A charset label as an iconv name ("latin1" -> its windows-1252 superset, as browsers do). */
static void label_name(char *label, char *cs, size_t cssz)
{
    const char *m = map_label(label);
    if (!m) {
        for (char *c = label; *c; c++)
            *c = (char)toupper((unsigned char)*c);
        m = label;
    }
    snprintf(cs, cssz, "%s", m);
}

void parse_detect_charset(const char *data, size_t len, int html, const char *hint, char *cs,
                          size_t cssz)
{
    const char *bom = NULL;
    char label[64];
    if (cssz < 2)
        return;
    if (bom_length(data, len, &bom)) {
        snprintf(cs, cssz, "%s", bom);
        return;
    }
    if (html && meta_charset(data, len, label, sizeof label) && !surely_utf8(data, len)) {
        label_name(label, cs, cssz);
        return;
    }
    if (hint && *hint && strlen(hint) < sizeof label && !surely_utf8(data, len)) {
        snprintf(label, sizeof label, "%s", hint);
        for (char *c = label; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        label_name(label, cs, cssz);
        return;
    }
    snprintf(cs, cssz, "%s", looks_utf8(data, len) ? "UTF-8" : "WINDOWS-1252");
}

/*** Conversion ***/

static op_status convert(iconv_t cd, const char *data, size_t len, op_buf *b)
{
    char tmp[8192];
    char *in = (char *)data;
    size_t left = len;
    op_status st = OP_OK;
    while (left && st == OP_OK) {
        char *o = tmp;
        size_t room = sizeof tmp;
        size_t r = iconv(cd, &in, &left, &o, &room);
        int err = errno;
        st = op_buf_add(b, tmp, (size_t)(o - tmp));
        if (r != (size_t)-1 || st)
            continue;
        if (err == E2BIG)
            continue;
        st = op_buf_adds(b, "\xEF\xBF\xBD");
        if (err == EINVAL)
            break;
        in++;
        left--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    return st;
}

op_status parse_to_utf8(const char *data, size_t len, const char *charset, size_t max, char **out,
                        size_t *outlen)
{
    char cs[64];
    const char *bom = NULL;
    size_t skip = bom_length(data, len, &bom);
    op_buf raw, clean;
    op_status st = OP_OK;
    op_buf_init(&raw, max ? max * 4 + 16 : 0);
    op_buf_init(&clean, max ? max * 4 + 16 : 0);
    if (!charset) {
        parse_detect_charset(data, len, 1, NULL, cs, sizeof cs);
        charset = cs;
    }
    data += skip;
    len -= skip;
    iconv_t cd = (iconv_t)-1;
    if (strcasecmp(charset, "UTF-8") != 0)
        cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1 && strcasecmp(charset, "UTF-8") != 0 && !looks_utf8(data, len))
        cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd != (iconv_t)-1) {
        st = convert(cd, data, len, &raw);
        iconv_close(cd);
        if (!st)
            st = op_utf8_sanitize(&clean, raw.data ? raw.data : "", raw.len);
    } else {
        st = op_utf8_sanitize(&clean, data, len);
    }
    op_buf_free(&raw);
    if (st) {
        op_buf_free(&clean);
        return st;
    }
    if (!clean.data) {
        *out = op_strdup("");
        *outlen = 0;
        return OP_OK;
    }
    *out = op_buf_detach(&clean, outlen);
    return OP_OK;
}
