/* UTF-8 decoding, validation and sanitising. Model text is always valid UTF-8;
 * parsers sanitise their input through op_utf8_sanitize. */
#include "core/core.h"

#include <string.h>

uint32_t op_utf8_next(const char *s, size_t len, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = len - *i;
    unsigned c = p[0];
    uint32_t cp, min;
    size_t n;
    if (c < 0x80) {
        *i += 1;
        return c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, cp = c & 0x07, min = 0x10000;
    } else {
        *i += 1;
        return 0xFFFD;
    }
    if (left < n) {
        *i += 1;
        return 0xFFFD;
    }
    for (size_t k = 1; k < n; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            *i += 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *i += 1;
        return 0xFFFD;
    }
    *i += n;
    return cp;
}

int op_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    } else if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    } else if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

int op_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = op_utf8_next(s, len, &i);
        if (cp == 0xFFFD && i - at == 1)
            return 0;
    }
    return 1;
}

size_t op_ascii_span(const char *s, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080u)
            break;
    }
    while (i < len && (unsigned char)s[i] < 0x80)
        i++;
    return i;
}

/* Eight bytes at a time: a word is taken
 * whole when no byte is below 0x20 (the "has less" test, exact) and none is 0x7F or above
 * (the high bit of b or b + 1; a carry makes it miss nothing, only stop early). */
size_t op_printable_span(const char *s, size_t len)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (((w - ones * 0x20) & ~w & highs) || ((w | (w + ones)) & highs))
            break;
    }
    while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
        i++;
    return i;
}

op_status op_utf8_sanitize(op_buf *b, const char *s, size_t len)
{
    size_t i = 0, run = 0;
    op_status st = OP_OK;
    while (i < len && !st) {
        size_t k = op_printable_span(s + i, len - i);
        i += k;
        run += k;
        if (i >= len)
            break;
        if (run)
            st = op_buf_add(b, s + i - run, run);
        run = 0;
        if (st)
            break;
        size_t at = i;
        uint32_t cp = op_utf8_next(s, len, &i);
        if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
            continue;
        if (cp == 0x7F)
            continue;
        if (cp == 0xFFFD && i - at == 1) {
            st = op_buf_add(b, "\xEF\xBF\xBD", 3);
            continue;
        }
        st = op_buf_add(b, s + at, i - at);
    }
    if (!st && run)
        st = op_buf_add(b, s + i - run, run);
    return st;
}

size_t op_utf8_space_at(const char *s, size_t len, size_t i)
{
    if (i < len && s[i] == ' ')
        return 1;
    if (i + 1 < len && s[i] == '\xC2' && s[i + 1] == '\xA0')
        return 2;
    if (i + 2 < len && s[i] == '\xE2' && s[i + 1] == '\x80' &&
        (s[i + 2] == '\x89' || s[i + 2] == '\xAF'))
        return 3;
    return 0;
}

/*** URLs for reading ***/

static int hex_at(const char *s, size_t n, size_t i)
{
    int v = 0;
    if (i + 2 >= n || s[i] != '%')
        return -1;
    for (size_t k = i + 1; k < i + 3; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Characters a displayed URL must not hide behind: C1 controls, zero-width and bidi marks
 * and embeddings, the byte order mark, the replacement character. */
static int hidden_cp(uint32_t cp)
{
    return cp < 0xA0 || cp == 0xAD || cp == 0x61C || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
           cp == 0xFFFD;
}

char *op_url_display_new(const char *url)
{
    op_buf b;
    size_t n = strlen(url);
    op_buf_init(&b, 0);
    for (size_t i = 0; i < n;) {
        char raw[4];
        size_t k = 0, j = i;
        int v;
        while (k < 4 && (v = hex_at(url, n, j)) >= 0x80) { /* one character's bytes */
            raw[k++] = (char)v;
            j += 3;
            size_t at = 0;
            uint32_t cp = op_utf8_next(raw, k, &at);
            if (at == k && cp != 0xFFFD)
                break;
        }
        size_t at = 0;
        uint32_t cp = k ? op_utf8_next(raw, k, &at) : 0xFFFD;
        if (k && at == k && !hidden_cp(cp)) {
            op_buf_add(&b, raw, k);
            i = j;
        } else {
            op_buf_add(&b, url + i, 1);
            i++;
        }
    }
    op_buf_add(&b, "", 0);
    return op_buf_detach(&b, NULL);
}
