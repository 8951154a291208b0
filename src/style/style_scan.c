/* CSS text at the level of characters, for the stylesheet parser (style_load.c and the
 * files it uses): comments and strings skipped, scanning to a stop character outside
 * nesting, the end of a block with a depth cap, and warnings reported once per key. */
#include "style/style_int.h"

#include <stdio.h>
#include <string.h>

/*** Characters and scanning ***/

/* Length of the comment or string starting at s[i], or 0 when there is none. */
static size_t skip_special(const char *s, size_t n, size_t i)
{
    if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
        size_t j = i + 2;
        while (j + 1 < n && !(s[j] == '*' && s[j + 1] == '/'))
            j++;
        return (j + 1 < n ? j + 2 : n) - i;
    }
    if (s[i] == '"' || s[i] == '\'') {
        size_t j = i + 1;
        while (j < n && s[j] != s[i] && s[j] != '\n') {
            if (s[j] == '\\' && j + 1 < n)
                j++;
            j++;
        }
        return (j < n ? j + 1 : n) - i;
    }
    return 0;
}

size_t style_skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n) {
        if (style_is_ws(s[i])) {
            i++;
        } else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
            i += skip_special(s, n, i);
        } else if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            i += 4;
        } else if (n - i >= 3 && memcmp(s + i, "-->", 3) == 0) {
            i += 3;
        } else {
            break;
        }
    }
    return i;
}

/* First index in [i, n) holding one of `stops` outside comments, strings, parentheses
 * and (when `blocks`) braces; n when there is none. */
size_t style_scan_to(const char *s, size_t n, size_t i, const char *stops, int blocks)
{
    int paren = 0, brace = 0;
    while (i < n) {
        size_t k = skip_special(s, n, i);
        if (k) {
            i += k;
            continue;
        }
        char c = s[i];
        if (paren == 0 && brace == 0 && strchr(stops, c) && c)
            return i;
        if (c == '(')
            paren++;
        else if (c == ')' && paren > 0)
            paren--;
        else if (blocks && c == '{')
            brace++;
        else if (blocks && c == '}' && brace > 0)
            brace--;
        i++;
    }
    return n;
}

/* Index of the '}' closing the block whose '{' is just before i (n when unclosed). */
size_t style_block_end(style_parser *p, size_t i)
{
    const char *s = p->src;
    size_t n = p->len;
    int depth = 1;
    while (i < n) {
        size_t k = skip_special(s, n, i);
        if (k) {
            i += k;
            continue;
        }
        if (s[i] == '{' && ++depth > STYLE_MAX_DEPTH) {
            p->too_deep = 1;
            return n;
        }
        if (s[i] == '}' && --depth == 0)
            return i;
        i++;
    }
    return n;
}

/*** Diagnostics ***/

static int line_of(const style_parser *p, size_t pos)
{
    int line = 1;
    for (size_t i = 0; i < pos && i < p->len; i++)
        line += p->src[i] == '\n';
    return line;
}

/* Reports once per key (a property name): the first occurrence names the line. */
void style_report_once(style_parser *p, size_t pos, const char *key, const char *fmt,
                       const char *arg)
{
    if (!p->diag)
        return;
    for (int i = 0; i < p->nreported; i++)
        if (strcmp(p->reported[i], key) == 0)
            return;
    if (p->nreported == STYLE_MAX_REPORTS)
        return;
    snprintf(p->reported[p->nreported++], sizeof p->reported[0], "%s", key);
    op_diag_report(p->diag, OP_SEV_WARNING, p->name, line_of(p, pos), fmt, arg);
}
