/* Stylesheet parser: CSS text -> selectors and typed declarations (style_int.h) for the
 * PDF layout. Our own small parser, safe on any byte string: comments, strings and
 * nesting are tracked with bounded loops, unknown at-rules and selectors we cannot match
 * are skipped, and each unsupported property or unreadable value is reported once. This
 * file reads the rules (selectors, @page, other at-rules) and holds the entry points;
 * style_scan.c the characters, style_decl.c the declarations, style_value.c the values. */
#include "style/style_int.h"

#include <stdio.h>
#include <string.h>

/*** Selectors ***/

/* One compound selector at s[*i] (element name or '*', then .classes). Returns 0 when it
 * holds something we cannot match (#id, [attr], :pseudo), which drops the selector. */
static int compound(style_parser *p, const char *s, size_t n, size_t *i, css_compound *c)
{
    memset(c, 0, sizeof *c);
    size_t j = *i;
    if (j < n && s[j] == '*') {
        j++;
    } else if (j < n && style_is_ident(s[j])) {
        size_t k = j;
        while (k < n && style_is_ident(s[k]))
            k++;
        char *t = op_arena_strndup(p->s->arena, s + j, k - j);
        for (char *x = t; *x; x++)
            *x = style_lower(*x);
        c->tag = t;
        j = k;
    }
    while (j < n && s[j] == '.') {
        size_t k = ++j;
        while (k < n && style_is_ident(s[k]))
            k++;
        if (k == j || c->ncls == STYLE_MAX_CLASSES)
            return 0;
        c->cls[c->ncls++] = op_arena_strndup(p->s->arena, s + j, k - j);
        j = k;
    }
    if (j == *i || (j < n && !style_is_ws(s[j]) && s[j] != '>'))
        return 0;
    *i = j;
    return 1;
}

/* One selector [a, b) of a rule's comma list: compounds joined by ' ' or '>'. */
static void selector(style_parser *p, size_t a, size_t b, size_t d0)
{
    const char *s = p->src;
    css_compound tmp[STYLE_MAX_COMPOUNDS];
    int nc = 0, child = 0;
    size_t i = style_skip_ws(s, b, a);
    if (i >= b)
        return;
    while (i < b) {
        if (nc == STYLE_MAX_COMPOUNDS || !compound(p, s, b, &i, &tmp[nc]))
            return;
        tmp[nc++].child = (uint8_t)child;
        i = style_skip_ws(s, b, i);
        child = 0;
        if (i < b && s[i] == '>') {
            child = 1;
            i = style_skip_ws(s, b, i + 1);
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

/*** Rules ***/

/* A rule set: its declarations, then one css_sel per selector of its comma list. */
static void rule(style_parser *p, size_t pre0, size_t pre1, size_t body0, size_t body1)
{
    op_style *st = p->s;
    if (st->nrules >= STYLE_MAX_RULES)
        return;
    size_t d0 = st->ndecl;
    style_declarations(p, body0, body1, 0);
    if (st->ndecl == d0)
        return;
    size_t a = pre0;
    while (a < pre1) {
        size_t e = style_scan_to(p->src, pre1, a, ",", 0);
        selector(p, a, e, d0);
        a = e + 1;
    }
    st->nrules++;
}

/* An @page rule: `@page` or `@page :first` (its selector in [a, e), its block [e+1, end)),
 * declarations and margin boxes (@top-left ... @bottom-right) in any order. */
static void page_rule(style_parser *p, size_t a, size_t e, size_t end)
{
    static const char *const boxes[STYLE_MBOX_COUNT] = {
        "top-left", "top-center", "top-right", "bottom-left", "bottom-center", "bottom-right"};
    const char *s = p->src;
    size_t k = style_skip_ws(s, e, a);
    int first = 0;
    if (k < e) {
        size_t t = e;
        while (t > k && style_is_ws(s[t - 1]))
            t--;
        if (t - k == 6 && style_lower(s[k]) == ':' && style_lower(s[k + 1]) == 'f' &&
            strncmp(s + k + 2, "irst", 4) == 0) {
            first = 1;
        } else {
            char sel[32];
            size_t m = t - k < sizeof sel - 1 ? t - k : sizeof sel - 1;
            memcpy(sel, s + k, m);
            sel[m] = '\0';
            style_report_once(p, k, "@page-selector",
                              "@page %s: only @page and @page :first are read by the PDF output; "
                              "ignored",
                              sel);
            return;
        }
    }
    size_t i = e + 1;
    while ((i = style_skip_ws(s, end, i)) < end) {
        if (s[i] != '@') {
            size_t d = style_scan_to(s, end, i, ";@", 1);
            if (first)
                style_report_once(p, i, "@page:first-decl",
                                  "%s: only margin boxes are read by the PDF output; ignored",
                                  "@page :first");
            else
                style_declarations(p, i, d, 1);
            i = d < end && s[d] == ';' ? d + 1 : d;
            continue;
        }
        size_t j = i + 1;
        char name[24];
        size_t nl = 0;
        while (j < end && style_is_ident(s[j])) {
            if (nl + 1 < sizeof name)
                name[nl++] = style_lower(s[j]);
            j++;
        }
        name[nl] = '\0';
        size_t ob = style_scan_to(s, end, j, "{;", 0);
        if (ob >= end || s[ob] == ';') {
            i = ob + 1;
            continue;
        }
        size_t cb = style_block_end(p, ob + 1);
        if (cb > end)
            cb = end;
        int box = -1;
        for (int b = 0; b < STYLE_MBOX_COUNT; b++)
            if (strcmp(name, boxes[b]) == 0)
                box = b;
        if (box >= 0)
            style_declarations(p, ob + 1, cb, 2 + first * STYLE_MBOX_COUNT + box);
        else
            style_report_once(p, i, name,
                              "@page margin box '@%s' is not supported by the PDF output; ignored",
                              name);
        i = cb + 1;
    }
}

/* @page, @media and the other at-rules; returns where parsing goes on. */
static size_t at_rule(style_parser *p, size_t i)
{
    const char *s = p->src;
    size_t n = p->len, k = i + 1;
    char name[24];
    size_t nl = 0;
    while (k < n && style_is_ident(s[k])) {
        if (nl + 1 < sizeof name)
            name[nl++] = style_lower(s[k]);
        k++;
    }
    name[nl] = '\0';
    size_t e = style_scan_to(s, n, k, "{;", 0);
    if (e >= n)
        return n;
    if (s[e] == ';')
        return e + 1; /* @import, @charset, @namespace: nothing for the PDF */
    size_t end = style_block_end(p, e + 1);
    if (strcmp(name, "page") == 0)
        page_rule(p, k, e, end);
    else if (strcmp(name, "media") == 0)
        style_report_once(p, i, "@media", "%s rules are ignored by the PDF output", "@media");
    return end < n ? end + 1 : n;
}

static void parse_sheet(style_parser *p)
{
    const char *s = p->src;
    size_t n = p->len, i = 0;
    while (i < n && !p->too_deep) {
        i = style_skip_ws(s, n, i);
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
        size_t e = style_scan_to(s, n, i, "{", 0);
        if (e >= n)
            break;
        size_t end = style_block_end(p, e + 1);
        rule(p, i, e, e + 1, end);
        i = end < n ? end + 1 : n;
    }
    if (p->too_deep)
        style_report_once(p, n, "{", "%s: blocks nested too deeply; the rest is ignored",
                          "stylesheet");
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
    style_parser p = {.s = s, .src = style_base_css, .len = strlen(style_base_css), .origin = 0};
    parse_sheet(&p); /* the base sheet never reports */
    style_parser q = {
        .s = s, .src = css ? css : "", .len = len, .name = name, .diag = diag, .origin = 1};
    parse_sheet(&q);
    s->text = op_malloc(len + 1);
    if (len)
        memcpy(s->text, css, len);
    s->text[len] = '\0';
    s->textlen = len;
    s->name = name ? op_strdup(name) : NULL;
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
    op_free(s->text);
    op_free(s->name);
    op_arena_free(s->arena);
    op_free(s);
}

const char *style_text(const op_style *s, size_t *len)
{
    *len = s->textlen;
    return s->text;
}

const char *style_name(const op_style *s)
{
    return s->name;
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

op_status op_style_load_theme(const char *stylesheet, const char *data_dir, op_diag *diag,
                              op_style **out)
{
    *out = NULL;
    char *found = stylesheet ? NULL : op_style_find("default", data_dir);
    const char *path = stylesheet ? stylesheet : found;
    if (!path) {
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0,
                       "stylesheet styles/default.css not found (looked in %s, $OP_DATA_DIR, the "
                       "source tree and the install prefix)",
                       data_dir ? data_dir : "no data folder");
        return OP_ERR_SETUP;
    }
    op_status st = op_style_load(path, diag, out);
    op_free(found);
    return st;
}
