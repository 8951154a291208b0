/* The parse stage's shortcut past what no article needs: a scan of the page by the HTML5
 * tokenizer's rules that cuts the content of <script> and <style> elements, whole comments
 * and long attribute values (data: URIs, srcset lists, SVG path outlines) before gumbo walks
 * them character by character (on saved news pages they are most of the bytes). Where a script
 * really ends follows the script data states, escapes
 * (<!-- <script> ... </script> -->) included. html_tree.c checks every cut against gumbo's
 * tree and puts the text back, so nothing downstream sees a difference. */
#include "parse/html_cut.h"

#include <string.h>
#include <strings.h>

enum { CUT_MIN = 16 };  /* shorter content is left alone: not worth a cut */
enum { ATTR_MIN = 64 }; /* attribute values: data: URIs, srcset, SVG outlines... */

static int is_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r'; /* CR reads as LF */
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*** The tokenizer's states, on bytes (every character that decides is ASCII) ***/

typedef struct scan scan;
static void cut(scan *sc, size_t from, size_t to, html_cut_kind kind);

/* After a tag's name at s[i]: the index after its '>' (attributes and their quoted values
 * skipped as the attribute states do), or len when the page ends inside it. *sc: "/>".
 * With `cutter` (a start tag), quoted values of ATTR_MIN bytes or more without character
 * references are cut, unless their name came before (the tree builder drops a repeat). */
static size_t tag_end(const char *s, size_t len, size_t i, int *sc, scan *cutter)
{
    size_t names[16][2], nnames = 0; /* the attributes' names so far */
    int cuttable = 0;
    *sc = 0;
    for (;;) {
        while (i < len && is_ws(s[i])) /* before attribute name */
            i++;
        if (i >= len)
            return len;
        if (s[i] == '>')
            return i + 1;
        if (s[i] == '/') { /* self-closing start tag state */
            if (++i < len && s[i] == '>') {
                *sc = 1;
                return i + 1;
            }
            continue;
        }
        size_t name = i++; /* the name's first character, whatever it is */
        while (i < len && !is_ws(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=')
            i++;
        if (cutter) {
            cuttable = nnames < sizeof names / sizeof names[0];
            for (size_t k = 0; k < nnames && cuttable; k++)
                cuttable = names[k][1] != i - name ||
                           strncasecmp(s + names[k][0], s + name, i - name) != 0;
            if (nnames < sizeof names / sizeof names[0])
                names[nnames][0] = name, names[nnames++][1] = i - name;
        }
        while (i < len && is_ws(s[i])) /* after attribute name */
            i++;
        if (i >= len)
            return len;
        if (s[i] != '=')
            continue;
        i++;
        while (i < len && is_ws(s[i])) /* before attribute value */
            i++;
        if (i >= len)
            return len;
        if (s[i] == '"' || s[i] == '\'') {
            const char *q = memchr(s + i + 1, s[i], len - i - 1);
            if (!q)
                return len;
            size_t from = i + 1, to = (size_t)(q - s);
            if (cuttable && to - from >= ATTR_MIN && !memchr(s + from, '&', to - from))
                cut(cutter, from, to, HTML_CUT_ATTR);
            i = to + 1;
        } else if (s[i] == '>') {
            return i + 1;
        } else {
            while (i < len && !is_ws(s[i]) && s[i] != '>')
                i++;
        }
    }
}

/* A tag name from s[i] (not a letter already checked by the caller) up to white space, '/'
 * or '>': its end; the first `sz - 1` bytes lowercased into name. */
static size_t tag_name(const char *s, size_t len, size_t i, char *name, size_t sz)
{
    size_t n = 0;
    for (; i < len && !is_ws(s[i]) && s[i] != '/' && s[i] != '>'; i++)
        if (n + 1 < sz)
            name[n++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    name[n] = 0;
    return i;
}

/* At s[i] == '<' followed by '/': 1 when this is the end tag `name` the raw text or script
 * states accept ("</name" and white space, '/' or '>'); else *next is where to go on
 * (the character after the letters is read again). */
static int end_tag_at(const char *s, size_t len, size_t i, const char *name, size_t *next)
{
    size_t j = i + 2, n = strlen(name);
    if (j >= len || !is_alpha(s[j])) {
        *next = j;
        return 0;
    }
    while (j < len && is_alpha(s[j]))
        j++;
    *next = j;
    return j - (i + 2) == n && !strncasecmp(s + i + 2, name, n) && j < len &&
           (is_ws(s[j]) || s[j] == '/' || s[j] == '>');
}

/* Raw text or RCDATA content from s[i]: where the end tag `name` starts, else len. */
static size_t rawtext_end(const char *s, size_t len, size_t i, const char *name)
{
    for (;;) {
        const char *lt = i < len ? memchr(s + i, '<', len - i) : NULL;
        if (!lt)
            return len;
        i = (size_t)(lt - s);
        size_t next;
        if (i + 1 < len && s[i + 1] == '/') {
            if (end_tag_at(s, len, i, name, &next))
                return i;
            i = next;
        } else {
            i++;
        }
    }
}

/* Letters from s[i] compared with "script" (case-insensitive) and followed by white space,
 * '/' or '>' (consumed): 1 / 0 with *next after it; -1 (no such character after the
 * letters: the state is left, *next at that character). */
static int script_word(const char *s, size_t len, size_t i, size_t *next)
{
    size_t j = i;
    while (j < len && is_alpha(s[j]))
        j++;
    if (j >= len || !(is_ws(s[j]) || s[j] == '/' || s[j] == '>')) {
        *next = j;
        return -1;
    }
    *next = j + 1;
    return j - i == 6 && !strncasecmp(s + i, "script", 6);
}

enum { SD, SD_ESC, SD_ESC_DASH, SD_ESC_DASH2, SD_DBL, SD_DBL_DASH, SD_DBL_DASH2 };

/* The escaped states' '<' at s[i]: returns the new state and *i, or -1 when this is the
 * script's end tag. */
static int escaped_lt(const char *s, size_t len, size_t *i)
{
    size_t at = *i, next;
    if (at + 1 < len && s[at + 1] == '/') {
        if (end_tag_at(s, len, at, "script", &next))
            return -1;
        *i = next;
        return SD_ESC;
    }
    if (at + 1 < len && is_alpha(s[at + 1])) { /* double escape start */
        int w = script_word(s, len, at + 1, &next);
        *i = next;
        return w == 1 ? SD_DBL : SD_ESC;
    }
    *i = at + 1;
    return SD_ESC;
}

/* Script data from s[i]: where its end tag "</script" starts, else len. */
static size_t script_end(const char *s, size_t len, size_t i)
{
    int st = SD;
    while (i < len) {
        char c = s[i];
        size_t next;
        switch (st) {
        case SD: {
            const char *lt = memchr(s + i, '<', len - i);
            if (!lt)
                return len;
            i = (size_t)(lt - s);
            if (i + 1 < len && s[i + 1] == '/') {
                if (end_tag_at(s, len, i, "script", &next))
                    return i;
                i = next;
            } else if (i + 1 < len && s[i + 1] == '!') { /* escape start, start dash */
                i += 2;
                if (i < len && s[i] == '-') {
                    i++;
                    if (i < len && s[i] == '-') {
                        i++;
                        st = SD_ESC_DASH2;
                    }
                }
            } else {
                i++;
            }
            break;
        }
        case SD_ESC:
        case SD_ESC_DASH:
        case SD_ESC_DASH2:
            if (c == '<') {
                st = escaped_lt(s, len, &i);
                if (st < 0)
                    return i;
            } else if (c == '-') {
                st = st == SD_ESC ? SD_ESC_DASH : SD_ESC_DASH2;
                i++;
            } else {
                st = c == '>' && st == SD_ESC_DASH2 ? SD : SD_ESC;
                i++;
            }
            break;
        case SD_DBL:
        case SD_DBL_DASH:
        case SD_DBL_DASH2:
            if (c == '<') { /* double escaped less-than, then maybe double escape end */
                i++;
                st = SD_DBL;
                if (i < len && s[i] == '/') {
                    int w = script_word(s, len, i + 1, &next);
                    i = next;
                    st = w == 1 ? SD_ESC : SD_DBL;
                }
            } else if (c == '-') {
                st = st == SD_DBL ? SD_DBL_DASH : SD_DBL_DASH2;
                i++;
            } else {
                st = c == '>' && st == SD_DBL_DASH2 ? SD : SD_DBL;
                i++;
            }
            break;
        }
    }
    return len;
}

/* A comment's text from s[i] (after "<!--"): the index after its end ("-->", "--!>", or
 * "<!-->" and "<!--->" at once), 0 when the page ends first. */
static size_t comment_end(const char *s, size_t len, size_t i)
{
    enum { C_START, C_START_DASH, C_TEXT, C_END_DASH, C_END, C_BANG, C_DONE };
    int st = C_START;
    for (; i < len; i++) {
        char c = s[i];
        switch (st) {
        case C_START:
            st = c == '-' ? C_START_DASH : c == '>' ? C_DONE : C_TEXT;
            break;
        case C_START_DASH:
            st = c == '-' ? C_END : c == '>' ? C_DONE : C_TEXT;
            break;
        case C_TEXT: {
            const char *d = memchr(s + i, '-', len - i);
            if (!d)
                return 0;
            i = (size_t)(d - s);
            st = C_END_DASH;
            break;
        }
        case C_END_DASH:
            st = c == '-' ? C_END : C_TEXT;
            break;
        case C_END:
            st = c == '>' ? C_DONE : c == '!' ? C_BANG : c == '-' ? C_END : C_TEXT;
            break;
        case C_BANG:
            st = c == '-' ? C_END_DASH : c == '>' ? C_DONE : C_TEXT;
            break;
        }
        if (st == C_DONE)
            return i + 1;
    }
    return 0;
}

/*** The scan ***/

struct scan {
    const char *s;
    size_t len;
    op_buf out;
    size_t copied; /* s[0..copied) is in out */
    html_cuts *c;
    size_t cap;
    char froot[8]; /* inside <svg> or <math>: its name ("" in HTML content) */
    int fdepth;
};

static void cut(scan *sc, size_t from, size_t to, html_cut_kind kind)
{
    op_buf_add(&sc->out, sc->s + sc->copied, from - sc->copied);
    html_cuts *c = sc->c;
    if (c->n == sc->cap) {
        sc->cap = sc->cap ? 2 * sc->cap : 64;
        c->v = op_realloc(c->v, sc->cap * sizeof *c->v);
    }
    c->v[c->n++] = (html_cut){sc->out.len, from, to, kind, 0};
    c->n_attr += kind == HTML_CUT_ATTR;
    if (kind == HTML_CUT_COMMENT)
        op_buf_adds(&sc->out, "<!---->");
    sc->copied = to;
}

/* "<!" at s[i]: a comment (cut when long enough), a CDATA section in foreign content, a
 * DOCTYPE or a bogus comment. Returns where to go on, len at the end of the page. */
static size_t markup_decl(scan *sc, size_t i)
{
    const char *s = sc->s;
    size_t len = sc->len;
    if (i + 3 < len && s[i + 2] == '-' && s[i + 3] == '-') {
        size_t e = comment_end(s, len, i + 4);
        if (!e)
            return len;
        if (e - i >= CUT_MIN)
            cut(sc, i, e, HTML_CUT_COMMENT);
        return e;
    }
    if (sc->fdepth && i + 8 < len && !strncmp(s + i + 2, "[CDATA[", 7)) {
        for (size_t j = i + 9; j + 2 < len; j++)
            if (s[j] == ']' && s[j + 1] == ']' && s[j + 2] == '>')
                return j + 3;
        return len;
    }
    const char *gt = memchr(s + i + 2, '>', len - i - 2);
    return gt ? (size_t)(gt - s) + 1 : len;
}

/* A start tag at s[i]: its end, past the content of raw text elements (cut for script and
 * style); len when the rest of the page is that content. */
static size_t start_tag(scan *sc, size_t i)
{
    static const char *const rawtext[] = {"xmp",      "iframe", "noembed",
                                          "noframes", "title",  "textarea"};
    char name[16];
    int selfclose;
    const char *s = sc->s;
    size_t len = sc->len;
    size_t e = tag_end(s, len, tag_name(s, len, i + 1, name, sizeof name), &selfclose, sc);
    if (e >= len)
        return len;
    if (sc->fdepth) { /* foreign content: no raw text; nested roots counted */
        sc->fdepth += !strcmp(name, sc->froot) && !selfclose;
        return e;
    }
    if (!strcmp(name, "script") || !strcmp(name, "style")) {
        int script = name[1] == 'c';
        size_t b = script ? script_end(s, len, e) : rawtext_end(s, len, e, "style");
        if (b < len && b - e >= CUT_MIN)
            cut(sc, e, b, script ? HTML_CUT_SCRIPT : HTML_CUT_STYLE);
        return b;
    }
    for (size_t k = 0; k < sizeof rawtext / sizeof rawtext[0]; k++)
        if (!strcmp(name, rawtext[k]))
            return rawtext_end(s, len, e, name);
    if (!strcmp(name, "plaintext"))
        return len;
    if ((!strcmp(name, "svg") || !strcmp(name, "math")) && !selfclose) {
        strcpy(sc->froot, name);
        sc->fdepth = 1;
    }
    return e;
}

/* An end tag at s[i] ("</" and a letter): its end; the foreign root's end leaves it. */
static size_t end_tag(scan *sc, size_t i)
{
    char name[16];
    int selfclose;
    size_t e = tag_end(sc->s, sc->len, tag_name(sc->s, sc->len, i + 2, name, sizeof name),
                       &selfclose, NULL);
    if (sc->fdepth && !strcmp(name, sc->froot))
        sc->fdepth--;
    return e;
}

size_t parse_html_cut(const char *s, size_t len, html_cuts *c)
{
    scan sc;
    memset(c, 0, sizeof *c);
    memset(&sc, 0, sizeof sc);
    sc.s = s;
    sc.len = len;
    sc.c = c;
    op_buf_init(&sc.out, 0);
    size_t i = 0;
    while (i + 1 < len) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        char c1 = i + 1 < len ? s[i + 1] : 0;
        if (c1 == '!') {
            i = markup_decl(&sc, i);
        } else if (c1 == '/' && i + 2 < len && is_alpha(s[i + 2])) {
            i = end_tag(&sc, i);
        } else if (c1 == '/' || c1 == '?') { /* "</>" or a bogus comment: up to '>' */
            const char *gt = memchr(s + i + 1, '>', len - i - 1);
            i = gt ? (size_t)(gt - s) + 1 : len;
        } else if (is_alpha(c1)) {
            i = start_tag(&sc, i);
        } else {
            i++;
        }
    }
    if (c->n == 0) {
        op_buf_free(&sc.out);
        return 0;
    }
    op_buf_add(&sc.out, s + sc.copied, len - sc.copied);
    c->text = op_buf_detach(&sc.out, &c->len);
    return c->n;
}

void parse_html_cuts_free(html_cuts *c)
{
    op_free(c->text);
    op_free(c->v);
    memset(c, 0, sizeof *c);
}

html_cut *parse_html_cut_find(const html_cuts *c, size_t at, html_cut_kind kind)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->v[mid].at < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n && c->v[lo].at == at && c->v[lo].kind == kind ? &c->v[lo] : NULL;
}

/* What gumbo's input stream makes of a code point: U+FFFD for controls other than tab, LF,
 * FF and CR, and for non-characters (utf8_is_invalid_code_point); NUL in script data and
 * raw text becomes U+FFFD too. */
static int replaced(uint32_t cp)
{
    return cp == 0 || (cp >= 0x1 && cp <= 0x8) || cp == 0xB || (cp >= 0xE && cp <= 0x1F) ||
           (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
           (cp & 0xFFFF) == 0xFFFE || (cp & 0xFFFF) == 0xFFFF;
}

int parse_html_cut_text(const char *s, const html_cut *k, op_buf *out)
{
    size_t start = out->len, i = k->from, run = i;
    while (i < k->to) {
        i += op_printable_span(s + i, k->to - i);
        if (i >= k->to)
            break;
        unsigned char b = (unsigned char)s[i];
        if (b == '\n' || b == '\t') {
            i++;
            continue;
        }
        op_buf_add(out, s + run, i - run);
        size_t at = i;
        uint32_t cp = op_utf8_next(s, k->to, &i);
        if (cp == 0xFFFD && i - at != 3) { /* invalid bytes: gumbo decides otherwise */
            out->len = start;
            if (out->data)
                out->data[start] = 0;
            return -1;
        }
        if (cp == '\r') {
            op_buf_addc(out, '\n');
            if (i < k->to && s[i] == '\n')
                i++;
        } else if (replaced(cp)) {
            op_buf_adds(out, "\xEF\xBF\xBD");
        } else {
            op_buf_add(out, s + at, i - at);
        }
        run = i;
    }
    op_buf_add(out, s + run, i - run);
    return 0;
}
