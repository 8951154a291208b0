/* Stylesheet parser: CSS text -> selectors and typed declarations (style_int.h) for the
 * PDF layout. Our own small parser, safe on any byte string: comments, strings and
 * nesting are tracked with bounded loops, unknown at-rules and selectors we cannot match
 * are skipped, and each unsupported property or unreadable value is reported once. */
#include "style/style_int.h"

#include <stdio.h>
#include <string.h>

#define MAX_REPORTS 64
#define MAX_TOKENS  8
#define MAX_TOKEN   64

typedef struct parser {
    op_style *s;
    const char *src;
    size_t len;
    const char *name; /* for diagnostics */
    op_diag *diag;
    uint8_t origin;
    int too_deep;
    char reported[MAX_REPORTS][40];
    int nreported;
} parser;

/*** Characters and scanning ***/

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || (unsigned char)c >= 0x80;
}

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

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n) {
        if (is_ws(s[i])) {
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
static size_t scan_to(const char *s, size_t n, size_t i, const char *stops, int blocks)
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
static size_t block_end(parser *p, size_t i)
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

static int line_of(const parser *p, size_t pos)
{
    int line = 1;
    for (size_t i = 0; i < pos && i < p->len; i++)
        line += p->src[i] == '\n';
    return line;
}

/* Reports once per key (a property name): the first occurrence names the line. */
static void report_once(parser *p, size_t pos, const char *key, const char *fmt, const char *arg)
{
    if (!p->diag)
        return;
    for (int i = 0; i < p->nreported; i++)
        if (strcmp(p->reported[i], key) == 0)
            return;
    if (p->nreported == MAX_REPORTS)
        return;
    snprintf(p->reported[p->nreported++], sizeof p->reported[0], "%s", key);
    op_diag_report(p->diag, OP_SEV_WARNING, p->name, line_of(p, pos), fmt, arg);
}

/*** Storage ***/

/* page: 0 a rule, 1 @page, 2 + first * STYLE_MBOX_COUNT + box an @page margin box. */
static void add_decl(parser *p, int page, const css_decl *d)
{
    op_style *s = p->s;
    if (page >= 2) {
        if (s->nmdecl >= STYLE_MAX_DECLS)
            return;
        if (s->nmdecl == s->capmdecl) {
            s->capmdecl = s->capmdecl ? s->capmdecl * 2 : 16;
            s->mdecl = op_realloc(s->mdecl, s->capmdecl * sizeof *s->mdecl);
        }
        css_mdecl *m = &s->mdecl[s->nmdecl++];
        memset(m, 0, sizeof *m);
        m->box = (uint8_t)((page - 2) % STYLE_MBOX_COUNT);
        m->first = (uint8_t)((page - 2) / STYLE_MBOX_COUNT);
        m->d = *d;
        return;
    }
    css_decl **v = page ? &s->page : &s->decl;
    size_t *nv = page ? &s->npage : &s->ndecl, *cap = page ? &s->cappage : &s->capdecl;
    if (*nv >= STYLE_MAX_DECLS)
        return;
    if (*nv == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *v = op_realloc(*v, *cap * sizeof **v);
    }
    (*v)[(*nv)++] = *d;
}

/*** Values ***/

typedef struct tokens {
    char t[MAX_TOKENS][MAX_TOKEN];
    int n;
    int overflow;
} tokens;

/* Splits a value at whitespace outside parentheses; tokens are lower-cased. */
static void tokenize(const char *v, size_t n, tokens *tk)
{
    tk->n = 0;
    tk->overflow = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && is_ws(v[i]))
            i++;
        if (i >= n)
            break;
        size_t j = i;
        int paren = 0;
        while (j < n && (paren > 0 || !is_ws(v[j]))) {
            paren += v[j] == '(' ? 1 : v[j] == ')' && paren > 0 ? -1 : 0;
            j++;
        }
        if (tk->n == MAX_TOKENS || j - i >= MAX_TOKEN) {
            tk->overflow = 1;
            return;
        }
        for (size_t k = i; k < j; k++)
            tk->t[tk->n][k - i] = lower(v[k]);
        tk->t[tk->n][j - i] = '\0';
        tk->n++;
        i = j;
    }
}

/* A CSS number at the start of s; returns the characters used (0 = none). */
static size_t parse_number(const char *s, float *out)
{
    size_t i = 0;
    float sign = 1, v = 0;
    if (s[i] == '+' || s[i] == '-')
        sign = s[i++] == '-' ? -1.0f : 1.0f;
    size_t digits = 0;
    while (s[i] >= '0' && s[i] <= '9' && digits < 12) {
        v = v * 10 + (float)(s[i++] - '0');
        digits++;
    }
    if (s[i] == '.') {
        i++;
        float scale = 0.1f;
        while (s[i] >= '0' && s[i] <= '9') {
            if (digits < 12)
                v += scale * (float)(s[i] - '0');
            scale *= 0.1f;
            digits++;
            i++;
        }
    }
    if (!digits)
        return 0;
    *out = sign * v;
    return i;
}

/* A length, percentage or number: "12pt", "1.2em", "50%", "1.4", "0". */
static int parse_len(const char *t, css_decl *d, int allow_num)
{
    static const struct {
        const char *u;
        float pt;
    } abs_units[] = {{"pt", 1.0f},          {"px", 0.75f},         {"in", 72.0f},
                     {"cm", 72.0f / 2.54f}, {"mm", 72.0f / 25.4f}, {"pc", 12.0f},
                     {"q", 18.0f / 25.4f}};
    float v;
    size_t k = parse_number(t, &v);
    if (!k)
        return 0;
    const char *u = t + k;
    d->v = v;
    if (!*u) {
        d->unit = allow_num ? U_NUM : U_PT;
        return allow_num || v == 0;
    }
    if (strcmp(u, "%") == 0) {
        d->unit = U_PCT;
        return 1;
    }
    if (strcmp(u, "em") == 0) {
        d->unit = U_EM;
        return 1;
    }
    if (strcmp(u, "rem") == 0) {
        d->unit = U_REM;
        return 1;
    }
    if (strcmp(u, "ex") == 0 || strcmp(u, "ch") == 0) {
        d->unit = U_EM;
        d->v = v * 0.5f;
        return 1;
    }
    for (size_t i = 0; i < sizeof abs_units / sizeof abs_units[0]; i++) {
        if (strcmp(u, abs_units[i].u) == 0) {
            d->unit = U_PT;
            d->v = v * abs_units[i].pt;
            return 1;
        }
    }
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static int parse_hex(const char *t, uint32_t *rgb)
{
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i++)
        if (hexval(t[i]) < 0)
            return 0;
    if (n == 3 || n == 4) {
        *rgb = 0;
        for (int i = 0; i < 3; i++)
            *rgb = (*rgb << 8) | (uint32_t)(hexval(t[i]) * 17);
        return 1;
    }
    if (n == 6 || n == 8) {
        *rgb = 0;
        for (int i = 0; i < 6; i++)
            *rgb = (*rgb << 4) | (uint32_t)hexval(t[i]);
        return 1;
    }
    return 0;
}

/* rgb(r, g, b) / rgba(...) with numbers or percentages (alpha ignored). */
static int parse_rgb_fn(const char *t, uint32_t *rgb)
{
    const char *p = strchr(t, '(');
    if (!p)
        return 0;
    p++;
    uint32_t out = 0;
    for (int i = 0; i < 3; i++) {
        while (*p == ' ' || *p == ',')
            p++;
        float v;
        size_t k = parse_number(p, &v);
        if (!k)
            return 0;
        p += k;
        if (*p == '%') {
            v = v * 255.0f / 100.0f;
            p++;
        }
        v = v < 0 ? 0 : v > 255 ? 255 : v;
        out = (out << 8) | (uint32_t)(v + 0.5f);
    }
    *rgb = out;
    return 1;
}

static int parse_color(const char *t, uint32_t *rgb)
{
    static const struct {
        const char *name;
        uint32_t rgb;
    } named[] = {{"black", 0x000000},      {"white", 0xffffff},     {"gray", 0x808080},
                 {"grey", 0x808080},       {"silver", 0xc0c0c0},    {"lightgray", 0xd3d3d3},
                 {"lightgrey", 0xd3d3d3},  {"darkgray", 0xa9a9a9},  {"darkgrey", 0xa9a9a9},
                 {"dimgray", 0x696969},    {"dimgrey", 0x696969},   {"gainsboro", 0xdcdcdc},
                 {"whitesmoke", 0xf5f5f5}, {"red", 0xff0000},       {"maroon", 0x800000},
                 {"darkred", 0x8b0000},    {"green", 0x008000},     {"darkgreen", 0x006400},
                 {"blue", 0x0000ff},       {"navy", 0x000080},      {"darkblue", 0x00008b},
                 {"teal", 0x008080},       {"purple", 0x800080},    {"olive", 0x808000},
                 {"orange", 0xffa500},     {"brown", 0xa52a2a},     {"steelblue", 0x4682b4},
                 {"slategray", 0x708090},  {"slategrey", 0x708090}, {"ivory", 0xfffff0},
                 {"beige", 0xf5f5dc},      {"linen", 0xfaf0e6},     {"snow", 0xfffafa}};
    if (t[0] == '#')
        return parse_hex(t + 1, rgb);
    if (strncmp(t, "rgb(", 4) == 0 || strncmp(t, "rgba(", 5) == 0)
        return parse_rgb_fn(t, rgb);
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (strcmp(t, named[i].name) == 0) {
            *rgb = named[i].rgb;
            return 1;
        }
    }
    return 0;
}

/*** font-family ***/

static int family_of_name(const char *name)
{
    static const char *const serif[] = {
        "serif",    "charis sil",       "charis",           "charter",    "georgia",
        "times",    "times new roman",  "liberation serif", "noto serif", "dejavu serif",
        "palatino", "book antiqua",     "garamond",         "ebgaramond", "eb garamond",
        "cambria",  "source serif pro", "nanum myeongjo",   "ui-serif",   "literata",
        "bookerly"};
    static const char *const sans[] = {
        "sans-serif",      "liberation sans", "arial",     "helvetica",     "helvetica neue",
        "dejavu sans",     "noto sans",       "open sans", "roboto",        "inter",
        "verdana",         "segoe ui",        "system-ui", "-apple-system", "ui-sans-serif",
        "source sans pro", "fira sans",       "lato",      "nanum gothic",  "calibri",
        "tahoma"};
    static const char *const mono[] = {
        "monospace",       "liberation mono", "dejavu sans mono", "courier",
        "courier new",     "menlo",           "consolas",         "monaco",
        "source code pro", "fira mono",       "fira code",        "ui-monospace",
        "sfmono-regular",  "noto mono",       "noto sans mono",   "nanum gothic coding"};
    for (size_t i = 0; i < sizeof serif / sizeof serif[0]; i++)
        if (strcmp(name, serif[i]) == 0)
            return STYLE_SERIF;
    for (size_t i = 0; i < sizeof sans / sizeof sans[0]; i++)
        if (strcmp(name, sans[i]) == 0)
            return STYLE_SANS;
    for (size_t i = 0; i < sizeof mono / sizeof mono[0]; i++)
        if (strcmp(name, mono[i]) == 0)
            return STYLE_MONO;
    return -1;
}

/* The first family of the list we know decides: serif, sans-serif or monospace. */
static int parse_family(const char *v, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = scan_to(v, n, i, ",", 0);
        char name[64];
        size_t k = 0;
        int space = 0;
        for (size_t x = i; x < j && k + 2 < sizeof name; x++) {
            char c = v[x];
            if (c == '"' || c == '\'')
                continue;
            if (is_ws(c)) {
                space = k > 0;
                continue;
            }
            if (space)
                name[k++] = ' ';
            space = 0;
            name[k++] = lower(c);
        }
        name[k] = '\0';
        int f = family_of_name(name);
        if (f >= 0)
            return f;
        i = j + 1;
    }
    return -1;
}

/*** Declarations ***/

typedef struct decl_in {
    const char *name; /* lower-cased */
    const char *val;
    size_t vlen;
    int important;
    size_t pos;
    int page;
} decl_in;

static void emit(parser *p, const decl_in *in, int prop, css_decl d)
{
    d.prop = (uint16_t)prop;
    d.important = (uint8_t)in->important;
    add_decl(p, in->page, &d);
}

/* The start of a declaration's value for a message: cut to the buffer, controls and
 * non-ASCII bytes shown as '?'. */
static void value_for_message(const decl_in *in, char *val, size_t cap)
{
    size_t n = in->vlen < cap - 1 ? in->vlen : cap - 1;
    memcpy(val, in->val, n);
    val[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)val[i] < 0x20 || (unsigned char)val[i] >= 0x7f)
            val[i] = '?';
}

static int bad_value(parser *p, const decl_in *in)
{
    char key[40];
    snprintf(key, sizeof key, "=%s", in->name);
    char val[48];
    value_for_message(in, val, sizeof val);
    char msg[160];
    snprintf(msg, sizeof msg, "'%s: %s'", in->name, val);
    report_once(p, in->pos, key, "%s: value not understood by the PDF output; ignored", msg);
    return 0;
}

/* 1-4 lengths for the four sides (margin, padding, border-width, @page margin). */
static int sides(parser *p, const decl_in *in, const tokens *tk, int base, int allow_auto)
{
    static const char *const widths[] = {"thin", "medium", "thick"};
    static const float widthpt[] = {0.75f, 2.25f, 3.75f};
    css_decl v[4];
    if (tk->n < 1 || tk->n > 4 || tk->overflow)
        return bad_value(p, in);
    for (int i = 0; i < tk->n; i++) {
        memset(&v[i], 0, sizeof v[i]);
        if (allow_auto && strcmp(tk->t[i], "auto") == 0) {
            v[i].unit = U_AUTO;
            continue;
        }
        int ok = parse_len(tk->t[i], &v[i], 0);
        for (int k = 0; !ok && base == P_BORDER_W && k < 3; k++) {
            if (strcmp(tk->t[i], widths[k]) == 0) {
                v[i].unit = U_PT;
                v[i].v = widthpt[k];
                ok = 1;
            }
        }
        if (!ok || (v[i].v < 0 && base != P_MARGIN))
            return bad_value(p, in);
    }
    static const int map[4][4] = {{0, 0, 0, 0}, {0, 1, 0, 1}, {0, 1, 2, 1}, {0, 1, 2, 3}};
    for (int side = 0; side < 4; side++)
        emit(p, in, base + side, v[map[tk->n - 1][side]]);
    return 1;
}

static int side_of(const char *suffix)
{
    static const char *const names[4] = {"top", "right", "bottom", "left"};
    for (int i = 0; i < 4; i++)
        if (strcmp(suffix, names[i]) == 0)
            return i;
    return -1;
}

/* none/hidden, solid, or a style the PDF draws as a solid line (reported once each). */
static int border_style_kw(parser *p, const decl_in *in, const char *t)
{
    static const char *const drawn[] = {"dotted", "dashed", "double", "groove",
                                        "ridge",  "inset",  "outset"};
    if (strcmp(t, "none") == 0 || strcmp(t, "hidden") == 0)
        return KW_NONE;
    if (strcmp(t, "solid") == 0)
        return KW_VISIBLE;
    for (size_t i = 0; i < sizeof drawn / sizeof drawn[0]; i++) {
        if (strcmp(t, drawn[i]) == 0) {
            char key[40];
            snprintf(key, sizeof key, "border-style:%s", drawn[i]);
            report_once(p, in->pos, key, "border style '%s' is drawn solid by the PDF output",
                        drawn[i]);
            return KW_VISIBLE;
        }
    }
    return -1;
}

/* border / border-<side>: width, style and colour in any order. */
static int border(parser *p, const decl_in *in, const tokens *tk, int side)
{
    css_decl w = {.unit = U_PT, .v = 2.25f}, s = {.u = KW_NONE}, c = {.u = 0x000000};
    int have_c = 0;
    if (tk->overflow || tk->n > 3)
        return bad_value(p, in);
    for (int i = 0; i < tk->n; i++) {
        const char *t = tk->t[i];
        int kw = border_style_kw(p, in, t);
        css_decl tmp = {0};
        if (kw >= 0) {
            s.u = (uint32_t)kw;
        } else if (parse_len(t, &tmp, 0) && tmp.unit != U_PCT && tmp.v >= 0) {
            w = tmp;
        } else if (strcmp(t, "thin") == 0 || strcmp(t, "medium") == 0 || strcmp(t, "thick") == 0) {
            w.unit = U_PT;
            w.v = t[1] == 'h' && t[2] == 'i' ? 0.75f : t[1] == 'e' ? 2.25f : 3.75f;
        } else if (parse_color(t, &c.u)) {
            have_c = 1;
        } else {
            return bad_value(p, in);
        }
    }
    for (int k = 0; k < 4; k++) {
        if (side >= 0 && k != side)
            continue;
        emit(p, in, P_BORDER_W + k, w);
        emit(p, in, P_BORDER_S + k, s);
        c.unit = have_c ? U_KW : U_AUTO; /* auto: the element's colour */
        emit(p, in, P_BORDER_C + k, c);
    }
    return 1;
}

static int keyword(const char *t, const char *const *names, const int *vals, size_t n, int *out)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(t, names[i]) == 0) {
            *out = vals[i];
            return 1;
        }
    }
    return 0;
}

static int font_size(parser *p, const decl_in *in, const tokens *tk)
{
    static const char *const names[] = {"xx-small", "x-small", "small",    "medium",
                                        "large",    "x-large", "xx-large", "xxx-large"};
    static const float scale[] = {0.6f, 0.75f, 0.89f, 1.0f, 1.2f, 1.5f, 2.0f, 3.0f};
    css_decl d = {0};
    if (tk->n != 1)
        return bad_value(p, in);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(tk->t[0], names[i]) == 0) {
            d.unit = U_MED;
            d.v = scale[i];
            emit(p, in, P_FONT_SIZE, d);
            return 1;
        }
    }
    if (strcmp(tk->t[0], "smaller") == 0 || strcmp(tk->t[0], "larger") == 0) {
        d.unit = U_EM;
        d.v = tk->t[0][0] == 's' ? 0.83f : 1.2f;
    } else if (!parse_len(tk->t[0], &d, 0) || d.v <= 0 || d.v > 1000) {
        return bad_value(p, in);
    }
    emit(p, in, P_FONT_SIZE, d);
    return 1;
}

static int font_weight(parser *p, const decl_in *in, const tokens *tk)
{
    static const char *const names[] = {"normal", "bold", "bolder", "lighter"};
    static const int vals[] = {KW_NORMAL, KW_BOLD, KW_BOLDER, KW_LIGHTER};
    css_decl d = {0};
    int kw;
    float num;
    if (tk->n != 1)
        return bad_value(p, in);
    if (keyword(tk->t[0], names, vals, 4, &kw)) {
        d.u = (uint32_t)kw;
    } else if (parse_number(tk->t[0], &num) == strlen(tk->t[0]) && num >= 1 && num <= 1000) {
        d.u = num >= 600 ? KW_BOLD : KW_NORMAL;
    } else {
        return bad_value(p, in);
    }
    emit(p, in, P_FONT_WEIGHT, d);
    return 1;
}

static int one_keyword(parser *p, const decl_in *in, const tokens *tk, int prop,
                       const char *const *names, const int *vals, size_t n)
{
    css_decl d = {0};
    int kw;
    if (tk->n != 1 || !keyword(tk->t[0], names, vals, n, &kw))
        return bad_value(p, in);
    d.u = (uint32_t)kw;
    emit(p, in, prop, d);
    return 1;
}

static int one_length(parser *p, const decl_in *in, const tokens *tk, int prop, int allow_num,
                      const char *none_kw)
{
    css_decl d = {0};
    if (tk->n == 1 && none_kw && strcmp(tk->t[0], none_kw) == 0) {
        d.unit = U_AUTO;
    } else if (tk->n != 1 || !parse_len(tk->t[0], &d, allow_num) || d.v < -1000 || d.v > 100000 ||
               (prop != P_TEXT_INDENT && d.v < 0)) {
        return bad_value(p, in);
    }
    emit(p, in, prop, d);
    return 1;
}

static int one_color(parser *p, const decl_in *in, const tokens *tk, int prop)
{
    css_decl d = {0};
    if (prop == P_BACKGROUND && tk->n == 1 &&
        (strcmp(tk->t[0], "none") == 0 || strcmp(tk->t[0], "transparent") == 0)) {
        d.unit = U_AUTO;
    } else if (tk->n != 1 || !parse_color(tk->t[0], &d.u)) {
        return bad_value(p, in);
    }
    emit(p, in, prop, d);
    return 1;
}

/* @page size: a keyword (a4, a5, letter...) with an optional orientation, or lengths. */
static int page_size(parser *p, const decl_in *in, const tokens *tk)
{
    static const struct {
        const char *name;
        float w, h;
    } sizes[] = {{"a3", 841.89f, 1190.55f}, {"a4", 595.28f, 841.89f}, {"a5", 419.53f, 595.28f},
                 {"a6", 297.64f, 419.53f},  {"b5", 498.9f, 708.66f},  {"letter", 612, 792},
                 {"legal", 612, 1008},      {"ledger", 792, 1224}};
    float w = -1, h = -1;
    int landscape = 0, nlen = 0;
    if (tk->n < 1 || tk->n > 2 || tk->overflow)
        return bad_value(p, in);
    for (int i = 0; i < tk->n; i++) {
        const char *t = tk->t[i];
        css_decl d = {0};
        int known = 0;
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            if (strcmp(t, sizes[k].name) == 0) {
                w = sizes[k].w;
                h = sizes[k].h;
                known = 1;
            }
        }
        if (known || strcmp(t, "portrait") == 0 || strcmp(t, "auto") == 0)
            continue;
        if (strcmp(t, "landscape") == 0) {
            landscape = 1;
        } else if (parse_len(t, &d, 0) && d.unit == U_PT && d.v >= 72 && d.v <= 14400) {
            if (nlen++ == 0)
                w = h = d.v;
            else
                h = d.v;
        } else {
            return bad_value(p, in);
        }
    }
    if (w < 0)
        return 1; /* auto */
    if (landscape && w < h) {
        float t = w;
        w = h;
        h = t;
    }
    emit(p, in, P_PAGE_W, (css_decl){.unit = U_PT, .v = w});
    emit(p, in, P_PAGE_H, (css_decl){.unit = U_PT, .v = h});
    return 1;
}

/* Properties the layout decides itself (sizes of images and tables, page breaks, widows):
 * accepted without a word, as are vendor-prefixed ones. */
static int quietly_ignored(const char *name)
{
    static const char *const names[] = {"page-break-before",
                                        "page-break-after",
                                        "page-break-inside",
                                        "break-before",
                                        "break-after",
                                        "break-inside",
                                        "orphans",
                                        "widows",
                                        "display",
                                        "white-space",
                                        "word-wrap",
                                        "overflow-wrap",
                                        "word-break",
                                        "line-break",
                                        "text-rendering",
                                        "vertical-align",
                                        "list-style",
                                        "list-style-type",
                                        "list-style-position",
                                        "width",
                                        "height",
                                        "min-width",
                                        "min-height",
                                        "max-height",
                                        "position",
                                        "top",
                                        "bottom",
                                        "left",
                                        "right",
                                        "overflow",
                                        "object-fit",
                                        "font-kerning",
                                        "font-variant-ligatures",
                                        "font-feature-settings",
                                        "caption-side",
                                        "table-layout",
                                        "quotes",
                                        "src",
                                        "unicode-range",
                                        "font-display"};
    if (name[0] == '-')
        return 1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static int page_decl(parser *p, const decl_in *in, const tokens *tk)
{
    const char *n = in->name;
    if (strcmp(n, "size") == 0)
        return page_size(p, in, tk);
    if (strcmp(n, "margin") == 0)
        return sides(p, in, tk, P_MARGIN, 0);
    if (strncmp(n, "margin-", 7) == 0 && side_of(n + 7) >= 0) {
        tokens one = *tk;
        if (one.n != 1)
            return bad_value(p, in);
        css_decl d = {0};
        if (!parse_len(one.t[0], &d, 0) || d.v < 0)
            return bad_value(p, in);
        emit(p, in, P_MARGIN + side_of(n + 7), d);
        return 1;
    }
    report_once(p, in->pos, n, "@page property '%s' is not supported by the PDF output; ignored",
                n);
    return 0;
}

static int box_decl(parser *p, const decl_in *in, const tokens *tk)
{
    const char *n = in->name;
    if (strcmp(n, "margin") == 0)
        return sides(p, in, tk, P_MARGIN, 1);
    if (strcmp(n, "padding") == 0)
        return sides(p, in, tk, P_PADDING, 0);
    if (strcmp(n, "border") == 0)
        return border(p, in, tk, -1);
    if (strcmp(n, "border-width") == 0)
        return sides(p, in, tk, P_BORDER_W, 0);
    if (strcmp(n, "border-color") == 0 || strcmp(n, "border-style") == 0) {
        if (tk->n != 1)
            return bad_value(p, in);
        css_decl d = {0};
        int kw = border_style_kw(p, in, tk->t[0]);
        int color = n[7] == 'c';
        if (color ? !parse_color(tk->t[0], &d.u) : kw < 0)
            return bad_value(p, in);
        if (!color)
            d.u = (uint32_t)kw;
        for (int k = 0; k < 4; k++)
            emit(p, in, (color ? P_BORDER_C : P_BORDER_S) + k, d);
        return 1;
    }
    if (strcmp(n, "border-collapse") == 0) {
        int coll = tk->n == 1 && strcmp(tk->t[0], "collapse") == 0;
        if (tk->n != 1 || (!coll && strcmp(tk->t[0], "separate") != 0))
            return bad_value(p, in);
        emit(p, in, P_BORDER_COLLAPSE, (css_decl){.u = (uint32_t)coll});
        return 1;
    }
    if (strcmp(n, "border-spacing") == 0) { /* one or two lengths: horizontal, vertical */
        css_decl v[2] = {{0}, {0}};
        if (tk->n < 1 || tk->n > 2 || tk->overflow)
            return bad_value(p, in);
        for (int i = 0; i < tk->n; i++)
            if (!parse_len(tk->t[i], &v[i], 0) || v[i].unit == U_PCT || v[i].v < 0)
                return bad_value(p, in);
        emit(p, in, P_BORDER_SPACING_H, v[0]);
        emit(p, in, P_BORDER_SPACING_V, v[tk->n - 1]);
        return 1;
    }
    int side;
    if (strncmp(n, "margin-", 7) == 0 && (side = side_of(n + 7)) >= 0) {
        css_decl d = {0};
        if (tk->n == 1 && strcmp(tk->t[0], "auto") == 0)
            d.unit = U_AUTO;
        else if (tk->n != 1 || !parse_len(tk->t[0], &d, 0))
            return bad_value(p, in);
        emit(p, in, P_MARGIN + side, d);
        return 1;
    }
    if (strncmp(n, "padding-", 8) == 0 && (side = side_of(n + 8)) >= 0)
        return one_length(p, in, tk, P_PADDING + side, 0, NULL);
    if (strncmp(n, "border-", 7) == 0) {
        char sname[16];
        const char *rest = n + 7, *dash = strchr(rest, '-');
        size_t sl = dash ? (size_t)(dash - rest) : strlen(rest);
        if (sl < sizeof sname) {
            memcpy(sname, rest, sl);
            sname[sl] = '\0';
            side = side_of(sname);
            if (side >= 0 && !dash)
                return border(p, in, tk, side);
            if (side >= 0 && strcmp(dash, "-width") == 0)
                return one_length(p, in, tk, P_BORDER_W + side, 0, NULL);
            if (side >= 0 && strcmp(dash, "-color") == 0)
                return one_color(p, in, tk, P_BORDER_C + side);
            if (side >= 0 && strcmp(dash, "-style") == 0) {
                int kw = tk->n == 1 ? border_style_kw(p, in, tk->t[0]) : -1;
                if (kw < 0)
                    return bad_value(p, in);
                emit(p, in, P_BORDER_S + side, (css_decl){.u = (uint32_t)kw});
                return 1;
            }
        }
    }
    return -1; /* not a box property */
}

static int text_decl(parser *p, const decl_in *in, const tokens *tk)
{
    static const char *const styles[] = {"normal", "italic", "oblique"};
    static const int style_v[] = {KW_NORMAL, KW_ITALIC, KW_ITALIC};
    static const char *const aligns[] = {"left", "start", "right", "end", "center", "justify"};
    static const int align_v[] = {STYLE_ALIGN_LEFT,  STYLE_ALIGN_LEFT,   STYLE_ALIGN_RIGHT,
                                  STYLE_ALIGN_RIGHT, STYLE_ALIGN_CENTER, STYLE_ALIGN_JUSTIFY};
    static const char *const hyph[] = {"none", "manual", "auto"};
    static const int hyph_v[] = {STYLE_HYPH_NONE, STYLE_HYPH_MANUAL, STYLE_HYPH_AUTO};
    const char *n = in->name;
    if (strcmp(n, "font-family") == 0) {
        int f = parse_family(in->val, in->vlen);
        if (f < 0)
            return bad_value(p, in);
        emit(p, in, P_FONT_FAMILY, (css_decl){.u = (uint32_t)f});
        return 1;
    }
    if (strcmp(n, "font-size") == 0)
        return font_size(p, in, tk);
    if (strcmp(n, "font-weight") == 0)
        return font_weight(p, in, tk);
    if (strcmp(n, "font-style") == 0)
        return one_keyword(p, in, tk, P_FONT_STYLE, styles, style_v, 3);
    if (strcmp(n, "line-height") == 0) {
        if (tk->n == 1 && strcmp(tk->t[0], "normal") == 0) {
            emit(p, in, P_LINE_HEIGHT, (css_decl){.unit = U_NUM, .v = 1.2f});
            return 1;
        }
        return one_length(p, in, tk, P_LINE_HEIGHT, 1, NULL);
    }
    if (strcmp(n, "text-indent") == 0)
        return one_length(p, in, tk, P_TEXT_INDENT, 0, NULL);
    if (strcmp(n, "text-align") == 0)
        return one_keyword(p, in, tk, P_TEXT_ALIGN, aligns, align_v, 6);
    if (strcmp(n, "hyphens") == 0)
        return one_keyword(p, in, tk, P_HYPHENS, hyph, hyph_v, 3);
    if (strcmp(n, "color") == 0)
        return one_color(p, in, tk, P_COLOR);
    if (strcmp(n, "background-color") == 0 || strcmp(n, "background") == 0)
        return one_color(p, in, tk, P_BACKGROUND);
    if (strcmp(n, "max-width") == 0)
        return one_length(p, in, tk, P_MAX_WIDTH, 0, "none");
    return -1;
}

/*** @page margin boxes ***/

/* A quoted string at v[*i] (CSS escapes: \\HEX and \\char) appended to out. */
static void content_string(const char *v, size_t n, size_t *i, op_buf *out)
{
    char q = v[(*i)++];
    while (*i < n && v[*i] != q) {
        unsigned char c = (unsigned char)v[*i];
        if (c == '\\' && *i + 1 < n) {
            size_t j = *i + 1, k = 0;
            uint32_t cp = 0;
            while (j < n && k < 6 && strchr("0123456789abcdefABCDEF", v[j]) && v[j]) {
                char h = v[j++];
                cp = cp * 16 + (uint32_t)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                k++;
            }
            if (k) {
                if (j < n && is_ws(v[j]))
                    j++;
                char u[4];
                if (cp >= 0x20 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF))
                    op_buf_add(out, u, (size_t)op_utf8_encode(cp, u));
                *i = j;
                continue;
            }
            c = (unsigned char)v[j];
            *i = j;
        }
        if (c >= 0x20)
            op_buf_addc(out, (char)c);
        (*i)++;
    }
    if (*i < n)
        (*i)++;
}

/* content: strings, counter(page), counter(pages), string(title|author|site), or none.
 * Anything else drops the declaration with a report. */
static int content_decl(parser *p, const decl_in *in)
{
    static const char *const funcs[] = {"counter(page)", "counter(pages)", "string(title)",
                                        "string(author)", "string(site)"};
    static const char codes[] = {STYLE_MB_PAGE, STYLE_MB_PAGES, STYLE_MB_TITLE, STYLE_MB_AUTHOR,
                                 STYLE_MB_SITE};
    const char *v = in->val;
    size_t n = in->vlen, i = 0;
    op_buf out;
    op_buf_init(&out, 1024);
    int ok = 1, none = 0, parts = 0;
    while (ok && (i = skip_ws(v, n, i)) < n) {
        if (v[i] == '"' || v[i] == '\'') {
            content_string(v, n, &i, &out);
        } else {
            char t[48];
            size_t k = 0;
            int paren = 0;
            while (i < n && (paren || !is_ws(v[i])) && v[i] != '"' && v[i] != '\'') {
                char ch = lower(v[i++]);
                paren += ch == '(' ? 1 : ch == ')' ? -1 : 0;
                if (!is_ws(ch) && k + 1 < sizeof t)
                    t[k++] = ch;
                if (ch == ')' && paren <= 0)
                    break;
            }
            t[k] = '\0';
            int f = -1;
            for (int j = 0; j < 5; j++)
                if (strcmp(t, funcs[j]) == 0 ||
                    (j < 2 && strncmp(t, funcs[j], strlen(funcs[j]) - 1) == 0 &&
                     strcmp(t + strlen(funcs[j]) - 1, ",decimal)") == 0))
                    f = j;
            if (f >= 0)
                op_buf_addc(&out, codes[f]);
            else if ((strcmp(t, "none") == 0 || strcmp(t, "normal") == 0) && parts == 0)
                none = 1;
            else
                ok = 0;
        }
        parts++;
    }
    if (!ok || (none && parts > 1)) {
        op_buf_free(&out);
        char key[40];
        snprintf(key, sizeof key, "content=%.30s", in->val);
        char val[48];
        value_for_message(in, val, sizeof val);
        report_once(p, in->pos, key,
                    "margin box content '%s' is not supported by the PDF output (strings, "
                    "counter(page), counter(pages), string(title|author|site), none); ignored",
                    val);
        return 0;
    }
    css_decl d = {.prop = P_CONTENT};
    add_decl(p, in->page, &d);
    p->s->mdecl[p->s->nmdecl - 1].content =
        none ? NULL : op_arena_strndup(p->s->arena, out.data ? out.data : "", out.len);
    op_buf_free(&out);
    return 1;
}

static void mbox_decl(parser *p, const decl_in *in, const tokens *tk)
{
    static const char *const ok[] = {"font-size", "font-style", "font-weight", "font-family",
                                     "color"};
    if (strcmp(in->name, "content") == 0) {
        content_decl(p, in);
        return;
    }
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(in->name, ok[i]) == 0) {
            text_decl(p, in, tk);
            return;
        }
    if (quietly_ignored(in->name))
        return;
    report_once(p, in->pos, in->name,
                "margin box property '%s' is not supported by the PDF output; ignored", in->name);
}

static void declaration(parser *p, decl_in *in)
{
    tokens tk;
    tokenize(in->val, in->vlen, &tk);
    if (tk.n == 0)
        return;
    if (tk.n == 1 && (strcmp(tk.t[0], "inherit") == 0 || strcmp(tk.t[0], "unset") == 0 ||
                      strcmp(tk.t[0], "initial") == 0 || strcmp(tk.t[0], "revert") == 0))
        return; /* the default the cascade gives anyway, near enough */
    if (in->page >= 2) {
        mbox_decl(p, in, &tk);
        return;
    }
    if (in->page) {
        page_decl(p, in, &tk);
        return;
    }
    if (box_decl(p, in, &tk) >= 0 || text_decl(p, in, &tk) >= 0 || quietly_ignored(in->name))
        return;
    report_once(p, in->pos, in->name, "property '%s' is not supported by the PDF output; ignored",
                in->name);
}

/* The declarations of a block [a, b). */
static void declarations(parser *p, size_t a, size_t b, int page)
{
    const char *s = p->src;
    while (a < b) {
        size_t e = scan_to(s, b, a, ";", 1);
        size_t colon = scan_to(s, e, a, ":", 1);
        size_t i = skip_ws(s, colon, a);
        char name[40];
        size_t k = 0;
        while (i < colon && is_ident(s[i]) && k + 1 < sizeof name)
            name[k++] = lower(s[i++]);
        name[k] = '\0';
        i = skip_ws(s, colon, i);
        if (k && i == colon && colon < e) {
            decl_in in = {.name = name, .pos = a, .page = page};
            size_t v0 = skip_ws(s, e, colon + 1), v1 = e;
            while (v1 > v0 && is_ws(s[v1 - 1]))
                v1--;
            /* "!important" (any case, blanks allowed after the '!') */
            size_t bang = v1;
            while (bang > v0 && s[bang - 1] != '!')
                bang--;
            if (bang > v0 && v1 - bang <= 20) {
                size_t q = skip_ws(s, v1, bang);
                if (v1 - q == 9) {
                    int imp = 1;
                    for (size_t x = 0; x < 9; x++)
                        imp &= lower(s[q + x]) == "important"[x];
                    if (imp) {
                        in.important = 1;
                        v1 = bang - 1;
                        while (v1 > v0 && is_ws(s[v1 - 1]))
                            v1--;
                    }
                }
            }
            in.val = s + v0;
            in.vlen = v1 - v0;
            if (memchr(in.val, '{', in.vlen) == NULL)
                declaration(p, &in);
        }
        a = e + 1;
    }
}

/*** Selectors ***/

/* One compound selector at s[*i] (element name or '*', then .classes). Returns 0 when it
 * holds something we cannot match (#id, [attr], :pseudo), which drops the selector. */
static int compound(parser *p, const char *s, size_t n, size_t *i, css_compound *c)
{
    memset(c, 0, sizeof *c);
    size_t j = *i;
    if (j < n && s[j] == '*') {
        j++;
    } else if (j < n && is_ident(s[j])) {
        size_t k = j;
        while (k < n && is_ident(s[k]))
            k++;
        char *t = op_arena_strndup(p->s->arena, s + j, k - j);
        for (char *x = t; *x; x++)
            *x = lower(*x);
        c->tag = t;
        j = k;
    }
    while (j < n && s[j] == '.') {
        size_t k = ++j;
        while (k < n && is_ident(s[k]))
            k++;
        if (k == j || c->ncls == STYLE_MAX_CLASSES)
            return 0;
        c->cls[c->ncls++] = op_arena_strndup(p->s->arena, s + j, k - j);
        j = k;
    }
    if (j == *i || (j < n && !is_ws(s[j]) && s[j] != '>'))
        return 0;
    *i = j;
    return 1;
}

/* One selector [a, b) of a rule's comma list: compounds joined by ' ' or '>'. */
static void selector(parser *p, size_t a, size_t b, size_t d0)
{
    const char *s = p->src;
    css_compound tmp[STYLE_MAX_COMPOUNDS];
    int nc = 0, child = 0;
    size_t i = skip_ws(s, b, a);
    if (i >= b)
        return;
    while (i < b) {
        if (nc == STYLE_MAX_COMPOUNDS || !compound(p, s, b, &i, &tmp[nc]))
            return;
        tmp[nc++].child = (uint8_t)child;
        i = skip_ws(s, b, i);
        child = 0;
        if (i < b && s[i] == '>') {
            child = 1;
            i = skip_ws(s, b, i + 1);
            if (i >= b)
                return;
        }
    }
    op_style *st = p->s;
    if (st->nsel == st->capsel) {
        st->capsel = st->capsel ? st->capsel * 2 : 64;
        st->sel = op_realloc(st->sel, st->capsel * sizeof *st->sel);
    }
    css_sel *sel = &st->sel[st->nsel++];
    sel->c = op_arena_alloc(st->arena, (size_t)nc * sizeof *sel->c);
    memcpy(sel->c, tmp, (size_t)nc * sizeof *sel->c);
    sel->n = (uint8_t)nc;
    sel->origin = p->origin;
    sel->order = st->nrules;
    sel->spec = 0;
    for (int k = 0; k < nc; k++)
        sel->spec += (uint32_t)tmp[k].ncls * 256u + (tmp[k].tag ? 1u : 0u);
    sel->d0 = (uint32_t)d0;
    sel->nd = (uint32_t)(st->ndecl - d0);
}

static void style_rule(parser *p, size_t pre0, size_t pre1, size_t body0, size_t body1)
{
    op_style *st = p->s;
    if (st->nrules >= STYLE_MAX_RULES)
        return;
    size_t d0 = st->ndecl;
    declarations(p, body0, body1, 0);
    if (st->ndecl == d0)
        return;
    size_t a = pre0;
    while (a < pre1) {
        size_t e = scan_to(p->src, pre1, a, ",", 0);
        selector(p, a, e, d0);
        a = e + 1;
    }
    st->nrules++;
}

/* An @page rule: `@page` or `@page :first` (its selector in [a, e), its block [e+1, end)),
 * declarations and margin boxes (@top-left ... @bottom-right) in any order. */
static void page_rule(parser *p, size_t a, size_t e, size_t end)
{
    static const char *const boxes[STYLE_MBOX_COUNT] = {
        "top-left", "top-center", "top-right", "bottom-left", "bottom-center", "bottom-right"};
    const char *s = p->src;
    size_t k = skip_ws(s, e, a);
    int first = 0;
    if (k < e) {
        size_t t = e;
        while (t > k && is_ws(s[t - 1]))
            t--;
        if (t - k == 6 && lower(s[k]) == ':' && lower(s[k + 1]) == 'f' &&
            strncmp(s + k + 2, "irst", 4) == 0) {
            first = 1;
        } else {
            char sel[32];
            size_t m = t - k < sizeof sel - 1 ? t - k : sizeof sel - 1;
            memcpy(sel, s + k, m);
            sel[m] = '\0';
            report_once(p, k, "@page-selector",
                        "@page %s: only @page and @page :first are read by the PDF output; "
                        "ignored",
                        sel);
            return;
        }
    }
    size_t i = e + 1;
    while ((i = skip_ws(s, end, i)) < end) {
        if (s[i] != '@') {
            size_t d = scan_to(s, end, i, ";@", 1);
            if (first)
                report_once(p, i, "@page:first-decl",
                            "%s: only margin boxes are read by the PDF output; ignored",
                            "@page :first");
            else
                declarations(p, i, d, 1);
            i = d < end && s[d] == ';' ? d + 1 : d;
            continue;
        }
        size_t j = i + 1;
        char name[24];
        size_t nl = 0;
        while (j < end && is_ident(s[j])) {
            if (nl + 1 < sizeof name)
                name[nl++] = lower(s[j]);
            j++;
        }
        name[nl] = '\0';
        size_t ob = scan_to(s, end, j, "{;", 0);
        if (ob >= end || s[ob] == ';') {
            i = ob + 1;
            continue;
        }
        size_t cb = block_end(p, ob + 1);
        if (cb > end)
            cb = end;
        int box = -1;
        for (int b = 0; b < STYLE_MBOX_COUNT; b++)
            if (strcmp(name, boxes[b]) == 0)
                box = b;
        if (box >= 0)
            declarations(p, ob + 1, cb, 2 + first * STYLE_MBOX_COUNT + box);
        else
            report_once(p, i, name,
                        "@page margin box '@%s' is not supported by the PDF output; ignored", name);
        i = cb + 1;
    }
}

/* @page, @media and the other at-rules; returns where parsing goes on. */
static size_t at_rule(parser *p, size_t i)
{
    const char *s = p->src;
    size_t n = p->len, k = i + 1;
    char name[24];
    size_t nl = 0;
    while (k < n && is_ident(s[k])) {
        if (nl + 1 < sizeof name)
            name[nl++] = lower(s[k]);
        k++;
    }
    name[nl] = '\0';
    size_t e = scan_to(s, n, k, "{;", 0);
    if (e >= n)
        return n;
    if (s[e] == ';')
        return e + 1; /* @import, @charset, @namespace: nothing for the PDF */
    size_t end = block_end(p, e + 1);
    if (strcmp(name, "page") == 0)
        page_rule(p, k, e, end);
    else if (strcmp(name, "media") == 0)
        report_once(p, i, "@media", "%s rules are ignored by the PDF output", "@media");
    return end < n ? end + 1 : n;
}

static void parse_sheet(parser *p)
{
    const char *s = p->src;
    size_t n = p->len, i = 0;
    while (i < n && !p->too_deep) {
        i = skip_ws(s, n, i);
        if (i >= n)
            break;
        if (s[i] == '}' || s[i] == ';') {
            i++;
            continue;
        }
        if (s[i] == '@') {
            i = at_rule(p, i);
            continue;
        }
        size_t e = scan_to(s, n, i, "{", 0);
        if (e >= n)
            break;
        size_t end = block_end(p, e + 1);
        style_rule(p, i, e, e + 1, end);
        i = end < n ? end + 1 : n;
    }
    if (p->too_deep)
        report_once(p, n, "{", "%s: blocks nested too deeply; the rest is ignored", "stylesheet");
}

/*** Entry points ***/

op_status op_style_parse(const char *css, size_t len, const char *name, op_diag *diag,
                         op_style **out)
{
    *out = NULL;
    if (len > OP_STYLE_MAX_BYTES || (!css && len))
        return OP_ERR_LIMIT;
    op_style *s = op_calloc(1, sizeof *s);
    s->arena = op_arena_new();
    parser p = {.s = s, .src = style_base_css, .len = strlen(style_base_css), .origin = 0};
    parse_sheet(&p); /* the base sheet never reports */
    parser q = {.s = s, .src = css ? css : "", .len = len, .name = name, .diag = diag, .origin = 1};
    parse_sheet(&q);
    *out = s;
    return OP_OK;
}

op_status op_style_load(const char *path, op_diag *diag, op_style **out)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    op_status st = op_file_read(path, OP_STYLE_MAX_BYTES, &data, &len);
    if (st) {
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "cannot read the stylesheet: %s",
                       st == OP_ERR_LIMIT ? "larger than 1 MB" : "no such file or unreadable");
        return OP_ERR_SETUP;
    }
    st = op_style_parse(data, len, path, diag, out);
    op_free(data);
    return st == OP_OK ? OP_OK : OP_ERR_SETUP;
}

void op_style_free(op_style *s)
{
    if (!s)
        return;
    op_free(s->sel);
    op_free(s->decl);
    op_free(s->page);
    op_free(s->mdecl);
    op_arena_free(s->arena);
    op_free(s);
}

char *op_style_find(const char *name_or_file, const char *data_dir)
{
    const char *name = name_or_file ? name_or_file : "default";
    FILE *f = strchr(name, '/') || strstr(name, ".css") ? fopen(name, "rb") : NULL;
    if (f) {
        fclose(f);
        return op_strdup(name);
    }
    if (strchr(name, '/') || !name[0] || strlen(name) > 64)
        return NULL;
    char rel[96];
    size_t nl = strlen(name);
    int has_ext = nl > 4 && strcmp(name + nl - 4, ".css") == 0;
    snprintf(rel, sizeof rel, "styles/%s%s", name, has_ext ? "" : ".css");
    return op_data_find(data_dir, rel);
}
