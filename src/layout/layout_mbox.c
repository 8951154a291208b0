/* Running header and footer of the PDF: the theme's @page margin boxes (@top-left ...
 * @bottom-right, @page :first for the first page) set on every page after pagination,
 * when the page count is known: strings, counter(page), counter(pages) and the named
 * strings title, author and site. A title too long for its box is shortened with an
 * ellipsis at a line-break opportunity (a word boundary; between characters in Chinese or
 * Japanese, which have no spaces). */
#include "layout/breaks.h"
#include "layout/layout.h"

#include <stdio.h>
#include <string.h>

#define MAX_MBOX_TEXT 600

typedef struct mbox_vals {
    size_t page, pages;
    const char *strs[3]; /* title, author, site */
} mbox_vals;

/* The template expanded into out; named strings cut to `cut` bytes (with an ellipsis) when
 * cut is below their length. Returns the length. */
static size_t expand(const char *tpl, const mbox_vals *v, size_t cut, char *out, size_t outsz)
{
    size_t n = 0;
    for (const char *t = tpl; *t && n + 1 < outsz; t++) {
        char num[24];
        const char *s = NULL;
        size_t len = 0;
        int ell = 0;
        if (*t == STYLE_MB_PAGE || *t == STYLE_MB_PAGES) {
            len =
                (size_t)snprintf(num, sizeof num, "%zu", *t == STYLE_MB_PAGE ? v->page : v->pages);
            s = num;
        } else if (*t >= STYLE_MB_TITLE && *t <= STYLE_MB_SITE) {
            s = v->strs[*t - STYLE_MB_TITLE];
            len = s ? strlen(s) : 0;
            if (len > cut) {
                len = cut;
                while (len > 0 && (s[len] & 0xC0) == 0x80)
                    len--;
                while (len > 0 && s[len - 1] == ' ')
                    len--;
                ell = 1;
            }
        } else {
            s = t;
            len = 1;
        }
        for (size_t i = 0; i < len && n + 1 < outsz; i++)
            out[n++] = (s[i] == '\n' || s[i] == '\t' || s[i] == '\r') ? ' ' : s[i];
        if (ell && n + 4 < outsz) {
            memcpy(out + n, "\xE2\x80\xA6", 3); /* … */
            n += 3;
        }
    }
    out[n] = '\0';
    return n;
}

/* Longest named-string length in the template's values (what shortening works on). */
static size_t longest_str(const char *tpl, const mbox_vals *v)
{
    size_t m = 0;
    for (const char *t = tpl; *t; t++)
        if (*t >= STYLE_MB_TITLE && *t <= STYLE_MB_SITE && v->strs[*t - STYLE_MB_TITLE]) {
            size_t l = strlen(v->strs[*t - STYLE_MB_TITLE]);
            m = l > m ? l : m;
        }
    return m;
}

/* Appends box `pos` of a page to d (PDF coordinates); returns its width, 0 when empty. */
static float mbox_set(layout_ctx *c, const style_mbox *mb, int pos, const mbox_vals *v, float avail)
{
    style_computed s = c->scs[c->nst - 1];
    s.bold = (uint8_t)mb->bold;
    s.italic = (uint8_t)mb->italic;
    if (mb->family >= 0)
        s.family = (uint8_t)mb->family;
    int role = font_role_of(&s);
    char buf[MAX_MBOX_TEXT + 8];
    size_t cut = longest_str(mb->content, v);
    size_t len = expand(mb->content, v, cut, buf, sizeof buf);
    float w = layout_text_width(&c->env, role, mb->size, buf, len);
    unsigned char *brk[3] = {NULL, NULL, NULL};
    while (w > avail && cut > 0) { /* drop the last word of the named strings */
        cut--;
        for (int i = 0; i < 3; i++) {
            const char *str = v->strs[i];
            size_t sl = str ? strlen(str) : 0;
            if (sl > cut) {
                if (!brk[i]) { /* (on an ICU failure, brk marks breaks after spaces) */
                    brk[i] = op_calloc(sl + 1, 1);
                    (void)layout_breaks(str, sl, c->env.lang, brk[i]);
                }
                while (cut > 0 && !brk[i][cut])
                    cut--;
                break;
            }
        }
        len = expand(mb->content, v, cut, buf, sizeof buf);
        w = layout_text_width(&c->env, role, mb->size, buf, len);
    }
    for (int i = 0; i < 3; i++)
        op_free(brk[i]);
    if (len == 0 || w <= 0)
        return 0;
    int col = pos % 3; /* left, center, right */
    float x = col == 0   ? c->margin_l
              : col == 1 ? c->margin_l + (c->measure - w) / 2
                         : c->margin_l + c->measure - w;
    float y = pos < 3 ? c->o->page_h - c->margin_top * 0.5f : c->margin_bottom * 0.5f;
    layout_text_box(&c->env, role, mb->size, mb->color, x, y, buf, len);
    return w;
}

/* The boxes of one edge (top: 0, bottom: 3) of page pi appended to d; the centre box first,
 * so the side boxes get what room it leaves. */
static void mbox_edge(layout_ctx *c, size_t pi, int edge, const mbox_vals *v)
{
    style_mbox mb[3];
    for (int k = 0; k < 3; k++)
        style_mbox_get(c->style, pi == 0, edge + k, c->medium, &mb[k]);
    float cw = 0;
    if (mb[1].content && mb[1].content[0])
        cw = mbox_set(c, &mb[1], edge + 1, v, c->measure);
    float side = cw > 0 ? (c->measure - cw) / 2 - c->medium : c->measure * 0.48f;
    for (int k = 0; k < 3; k += 2)
        if (mb[k].content && mb[k].content[0] && side > 0)
            mbox_set(c, &mb[k], edge + k, v, side);
}

void layout_margin_boxes(layout_ctx *c)
{
    layout_doc *d = c->d;
    mbox_vals v = {.pages = c->pages ? c->pages : d->npages};
    v.strs[0] = c->title;
    v.strs[1] = c->doc ? op_doc_get_meta(c->doc, OP_META_AUTHOR) : NULL;
    v.strs[2] = c->doc ? op_doc_get_meta(c->doc, OP_META_SITE_NAME) : NULL;
    size_t n0 = d->nboxes;
    layout_box *out = NULL;
    size_t nout = 0, cap = 0;
    for (size_t pi = 0; pi < d->npages; pi++) {
        v.page = c->page0 + pi + 1;
        size_t start = nout;
        int set = pi >= c->mbox_from;
        for (int edge = 0; edge < 2; edge++) {
            size_t before = d->nboxes;
            if (edge == 0 && set)
                mbox_edge(c, pi, 0, &v); /* the header before the page's boxes, */
            size_t extra = d->nboxes - before;
            size_t body = edge == 0 ? 0 : d->pages[pi].count;
            if (edge == 1 && set) {
                mbox_edge(c, pi, 3, &v); /* the footer after them */
                extra = d->nboxes - before;
            }
            if (nout + extra + body > cap) {
                while (nout + extra + body > cap)
                    cap = cap ? cap * 2 : 1024;
                out = op_realloc(out, cap * sizeof *out);
            }
            if (body) {
                memcpy(out + nout, d->boxes + d->pages[pi].first, body * sizeof *out);
                nout += body;
            }
            if (extra) /* (out is still NULL while nothing was copied) */
                memcpy(out + nout, d->boxes + before, extra * sizeof *out);
            nout += extra;
            d->nboxes = before;
        }
        d->pages[pi].first = start;
        d->pages[pi].count = nout - start;
    }
    d->nboxes = n0;
    op_free(d->boxes);
    d->boxes = out;
    d->nboxes = nout;
    d->capboxes = cap;
}
