/* Declarations: each `property: value` of a rule, of @page or of an @page margin box
 * becomes typed css_decls in the sheet (shorthands expanded, margin box content templates
 * built); each unsupported property or unreadable value is reported once. */
#include "style/style_int.h"

#include <stdio.h>
#include <string.h>

/*** Storage ***/

/* page: 0 a rule, 1 @page, 2 + first * STYLE_MBOX_COUNT + box an @page margin box. */
static void add_decl(style_parser *p, int page, const css_decl *d)
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

/*** Declarations ***/

typedef struct decl_in {
    const char *name; /* lower-cased */
    const char *val;
    size_t vlen;
    int important;
    size_t pos;
    int page;
} decl_in;

static void emit(style_parser *p, const decl_in *in, int prop, css_decl d)
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

static int bad_value(style_parser *p, const decl_in *in)
{
    char key[40];
    snprintf(key, sizeof key, "=%s", in->name);
    char val[48];
    value_for_message(in, val, sizeof val);
    char msg[160];
    snprintf(msg, sizeof msg, "'%s: %s'", in->name, val);
    style_report_once(p, in->pos, key, "%s: value not understood by the PDF output; ignored", msg);
    return 0;
}

/* 1-4 lengths for the four sides (margin, padding, border-width, @page margin). */
static int sides(style_parser *p, const decl_in *in, const style_tokens *tk, int base,
                 int allow_auto)
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
        int ok = style_parse_len(tk->t[i], &v[i], 0);
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
static int border_style_kw(style_parser *p, const decl_in *in, const char *t)
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
            style_report_once(p, in->pos, key, "border style '%s' is drawn solid by the PDF output",
                              drawn[i]);
            return KW_VISIBLE;
        }
    }
    return -1;
}

/* border / border-<side>: width, style and colour in any order. */
static int border(style_parser *p, const decl_in *in, const style_tokens *tk, int side)
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
        } else if (style_parse_len(t, &tmp, 0) && tmp.unit != U_PCT && tmp.v >= 0) {
            w = tmp;
        } else if (strcmp(t, "thin") == 0 || strcmp(t, "medium") == 0 || strcmp(t, "thick") == 0) {
            w.unit = U_PT;
            w.v = t[1] == 'h' && t[2] == 'i' ? 0.75f : t[1] == 'e' ? 2.25f : 3.75f;
        } else if (style_parse_color(t, &c.u)) {
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

static int font_size(style_parser *p, const decl_in *in, const style_tokens *tk)
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
    } else if (!style_parse_len(tk->t[0], &d, 0) || d.v <= 0 || d.v > 1000) {
        return bad_value(p, in);
    }
    emit(p, in, P_FONT_SIZE, d);
    return 1;
}

static int font_weight(style_parser *p, const decl_in *in, const style_tokens *tk)
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
    } else if (style_parse_number(tk->t[0], &num) == strlen(tk->t[0]) && num >= 1 && num <= 1000) {
        d.u = num >= 600 ? KW_BOLD : KW_NORMAL;
    } else {
        return bad_value(p, in);
    }
    emit(p, in, P_FONT_WEIGHT, d);
    return 1;
}

static int one_keyword(style_parser *p, const decl_in *in, const style_tokens *tk, int prop,
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

static int one_length(style_parser *p, const decl_in *in, const style_tokens *tk, int prop,
                      int allow_num, const char *none_kw)
{
    css_decl d = {0};
    if (tk->n == 1 && none_kw && strcmp(tk->t[0], none_kw) == 0) {
        d.unit = U_AUTO;
    } else if (tk->n != 1 || !style_parse_len(tk->t[0], &d, allow_num) || d.v < -1000 ||
               d.v > 100000 || (prop != P_TEXT_INDENT && d.v < 0)) {
        return bad_value(p, in);
    }
    emit(p, in, prop, d);
    return 1;
}

static int one_color(style_parser *p, const decl_in *in, const style_tokens *tk, int prop)
{
    css_decl d = {0};
    if (prop == P_BACKGROUND && tk->n == 1 &&
        (strcmp(tk->t[0], "none") == 0 || strcmp(tk->t[0], "transparent") == 0)) {
        d.unit = U_AUTO;
    } else if (tk->n != 1 || !style_parse_color(tk->t[0], &d.u)) {
        return bad_value(p, in);
    }
    emit(p, in, prop, d);
    return 1;
}

/* @page size: a keyword (a4, a5, letter...) with an optional orientation, or lengths. */
static int page_size(style_parser *p, const decl_in *in, const style_tokens *tk)
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
        } else if (style_parse_len(t, &d, 0) && d.unit == U_PT && d.v >= 72 && d.v <= 14400) {
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

static int page_decl(style_parser *p, const decl_in *in, const style_tokens *tk)
{
    const char *n = in->name;
    if (strcmp(n, "size") == 0)
        return page_size(p, in, tk);
    if (strcmp(n, "margin") == 0)
        return sides(p, in, tk, P_MARGIN, 0);
    if (strncmp(n, "margin-", 7) == 0 && side_of(n + 7) >= 0) {
        style_tokens one = *tk;
        if (one.n != 1)
            return bad_value(p, in);
        css_decl d = {0};
        if (!style_parse_len(one.t[0], &d, 0) || d.v < 0)
            return bad_value(p, in);
        emit(p, in, P_MARGIN + side_of(n + 7), d);
        return 1;
    }
    style_report_once(p, in->pos, n,
                      "@page property '%s' is not supported by the PDF output; ignored", n);
    return 0;
}

static int box_decl(style_parser *p, const decl_in *in, const style_tokens *tk)
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
        if (color ? !style_parse_color(tk->t[0], &d.u) : kw < 0)
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
            if (!style_parse_len(tk->t[i], &v[i], 0) || v[i].unit == U_PCT || v[i].v < 0)
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
        else if (tk->n != 1 || !style_parse_len(tk->t[0], &d, 0))
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

static int text_decl(style_parser *p, const decl_in *in, const style_tokens *tk)
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
        int f = style_parse_family(in->val, in->vlen);
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
                if (j < n && style_is_ws(v[j]))
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
static int content_decl(style_parser *p, const decl_in *in)
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
    while (ok && (i = style_skip_ws(v, n, i)) < n) {
        if (v[i] == '"' || v[i] == '\'') {
            content_string(v, n, &i, &out);
        } else {
            char t[48];
            size_t k = 0;
            int paren = 0;
            while (i < n && (paren || !style_is_ws(v[i])) && v[i] != '"' && v[i] != '\'') {
                char ch = style_lower(v[i++]);
                paren += ch == '(' ? 1 : ch == ')' ? -1 : 0;
                if (!style_is_ws(ch) && k + 1 < sizeof t)
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
        style_report_once(
            p, in->pos, key,
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

static void mbox_decl(style_parser *p, const decl_in *in, const style_tokens *tk)
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
    style_report_once(p, in->pos, in->name,
                      "margin box property '%s' is not supported by the PDF output; ignored",
                      in->name);
}

static void declaration(style_parser *p, decl_in *in)
{
    style_tokens tk;
    style_tokenize(in->val, in->vlen, &tk);
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
    style_report_once(p, in->pos, in->name,
                      "property '%s' is not supported by the PDF output; ignored", in->name);
}

/* The declarations of a block [a, b). */
void style_declarations(style_parser *p, size_t a, size_t b, int page)
{
    const char *s = p->src;
    while (a < b) {
        size_t e = style_scan_to(s, b, a, ";", 1);
        size_t colon = style_scan_to(s, e, a, ":", 1);
        size_t i = style_skip_ws(s, colon, a);
        char name[40];
        size_t k = 0;
        while (i < colon && style_is_ident(s[i]) && k + 1 < sizeof name)
            name[k++] = style_lower(s[i++]);
        name[k] = '\0';
        i = style_skip_ws(s, colon, i);
        if (k && i == colon && colon < e) {
            decl_in in = {.name = name, .pos = a, .page = page};
            size_t v0 = style_skip_ws(s, e, colon + 1), v1 = e;
            while (v1 > v0 && style_is_ws(s[v1 - 1]))
                v1--;
            /* "!important" (any case, blanks allowed after the '!') */
            size_t bang = v1;
            while (bang > v0 && s[bang - 1] != '!')
                bang--;
            if (bang > v0 && v1 - bang <= 20) {
                size_t q = style_skip_ws(s, v1, bang);
                if (v1 - q == 9) {
                    int imp = 1;
                    for (size_t x = 0; x < 9; x++)
                        imp &= style_lower(s[q + x]) == "important"[x];
                    if (imp) {
                        in.important = 1;
                        v1 = bang - 1;
                        while (v1 > v0 && style_is_ws(s[v1 - 1]))
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
