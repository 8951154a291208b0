/* Values of CSS declarations (style_decl.c reads them): a value split into lower-cased
 * tokens, numbers, lengths with their units, colours (hex, rgb(), names) and the generic
 * family a font-family list comes down to. Pure functions of their strings: the caller
 * reports what they refuse. */
#include "style/style_int.h"

#include <string.h>

/*** Values ***/

/* Splits a value at whitespace outside parentheses; tokens are lower-cased. */
void style_tokenize(const char *v, size_t n, style_tokens *tk)
{
    tk->n = 0;
    tk->overflow = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && style_is_ws(v[i]))
            i++;
        if (i >= n)
            break;
        size_t j = i;
        int paren = 0;
        while (j < n && (paren > 0 || !style_is_ws(v[j]))) {
            paren += v[j] == '(' ? 1 : v[j] == ')' && paren > 0 ? -1 : 0;
            j++;
        }
        if (tk->n == STYLE_MAX_TOKENS || j - i >= STYLE_MAX_TOKEN) {
            tk->overflow = 1;
            return;
        }
        for (size_t k = i; k < j; k++)
            tk->t[tk->n][k - i] = style_lower(v[k]);
        tk->t[tk->n][j - i] = '\0';
        tk->n++;
        i = j;
    }
}

/* A CSS number at the start of s; returns the characters used (0 = none). */
size_t style_parse_number(const char *s, float *out)
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
int style_parse_len(const char *t, css_decl *d, int allow_num)
{
    static const struct {
        const char *u;
        float pt;
    } abs_units[] = {{"pt", 1.0f},          {"px", 0.75f},         {"in", 72.0f},
                     {"cm", 72.0f / 2.54f}, {"mm", 72.0f / 25.4f}, {"pc", 12.0f},
                     {"q", 18.0f / 25.4f}};
    float v;
    size_t k = style_parse_number(t, &v);
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
        size_t k = style_parse_number(p, &v);
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

int style_parse_color(const char *t, uint32_t *rgb)
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
int style_parse_family(const char *v, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = style_scan_to(v, n, i, ",", 0);
        char name[64];
        size_t k = 0;
        int space = 0;
        for (size_t x = i; x < j && k + 2 < sizeof name; x++) {
            char c = v[x];
            if (c == '"' || c == '\'')
                continue;
            if (style_is_ws(c)) {
                space = k > 0;
                continue;
            }
            if (space)
                name[k++] = ' ';
            space = 0;
            name[k++] = style_lower(c);
        }
        name[k] = '\0';
        int f = family_of_name(name);
        if (f >= 0)
            return f;
        i = j + 1;
    }
    return -1;
}
