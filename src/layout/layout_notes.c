/* Footnotes for `--links footnote`: a note reference is a SUP carrying the note's URL. While
 * inlines are collected each reference is registered under that url pointer, which the
 * reference's link box carries through line breaking; after the walk every note gets its
 * boxes (number and URL, wrapped at URL punctuation) and every slice the list of notes its
 * boxes refer to, so pagination can put each note on the page of its reference. */
#include "layout/layout.h"

#include <stdio.h>
#include <string.h>

#define MAX_NOTE_URL 2000 /* bytes of a URL shown in a note; longer ones end in an ellipsis */

/*** Registry: url pointer -> note ***/

static size_t key_hash(const char *key, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)key;
    h ^= h >> 29;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 17) & (cap - 1);
}

static size_t note_find(const layout_notes *N, const char *key)
{
    if (!N->hcap)
        return 0;
    for (size_t i = key_hash(key, N->hcap);; i = (i + 1) & (N->hcap - 1)) {
        size_t v = N->hash[i];
        if (!v || N->v[v - 1].key == key)
            return v;
    }
}

static void hash_grow(layout_notes *N)
{
    size_t cap = N->hcap ? N->hcap * 2 : 64;
    op_free(N->hash);
    N->hash = op_calloc(cap, sizeof *N->hash);
    N->hcap = cap;
    for (size_t k = 0; k < N->n; k++) {
        size_t i = key_hash(N->v[k].key, cap);
        while (N->hash[i])
            i = (i + 1) & (cap - 1);
        N->hash[i] = k + 1;
    }
}

void layout_note_register(layout_ctx *c, op_node *sup)
{
    layout_notes *N = &c->notes;
    const char *key = op_node_get_url(sup);
    if (!key || note_find(N, key))
        return;
    if (N->n == N->cap) {
        N->cap = N->cap ? N->cap * 2 : 16;
        N->v = op_realloc(N->v, N->cap * sizeof *N->v);
    }
    size_t len = 0;
    char *num = op_node_text_new(sup, &len);
    layout_note *n = &N->v[N->n++];
    memset(n, 0, sizeof *n);
    n->key = key;
    n->num = op_arena_strndup(c->d->arena, num, len > 16 ? 16 : len);
    op_free(num);
    if (N->n * 2 > N->hcap)
        hash_grow(N);
    else {
        size_t i = key_hash(key, N->hcap);
        while (N->hash[i])
            i = (i + 1) & (N->hcap - 1);
        N->hash[i] = N->n;
    }
}

void layout_notes_free(layout_notes *N)
{
    op_free(N->v);
    op_free(N->hash);
    op_free(N->refs);
    memset(N, 0, sizeof *N);
}

/*** Note boxes ***/

/* A URL may break after these, and before the next ones (never inside "scheme://"). */
static int url_break_after(char ch)
{
    return ch && strchr("/?&-_#,;+", ch) != NULL;
}

static int url_break_before(char ch)
{
    return ch && strchr(".=~%", ch) != NULL;
}

/* Bytes of s[0..len) that go on a line of width w: up to the last break opportunity (at or
 * after byte `nobreak`) that fits, else as many characters as fit (at least one). */
static size_t url_fit(layout_ctx *c, int role, float size, const char *s, size_t len,
                      size_t nobreak, float w)
{
    float x = 0;
    size_t last_break = 0, i = 0, fit = 0;
    while (i < len) {
        if (i > 0 && i >= nobreak && url_break_before(s[i]) && !url_break_after(s[i - 1]))
            last_break = i;
        size_t j = i;
        op_utf8_next(s, len, &j);
        x += layout_text_width(&c->env, role, size, s + i, j - i);
        if (x > w)
            break;
        fit = j;
        if (j >= nobreak && url_break_after(s[i]) && (j >= len || !url_break_after(s[j])))
            last_break = j;
        i = j;
    }
    if (fit >= len)
        return len;
    if (last_break > 0)
        return last_break;
    if (fit > 0)
        return fit;
    size_t one = 0;
    op_utf8_next(s, len, &one);
    return one;
}

/* Boxes of note k at x0 with the URL from x0 + indent: the number, then the URL in lines,
 * each line a link to it. y is downwards from the note's top. */
static void note_boxes(layout_ctx *c, layout_note *n, int role, float size, float lh, float indent)
{
    const char *url = n->key;
    size_t len = strlen(url);
    int cut = len > MAX_NOTE_URL;
    if (cut) {
        len = MAX_NOTE_URL;
        while (len > 0 && (url[len] & 0xC0) == 0x80)
            len--;
    }
    float x0 = c->margin_l, w = (c->measure - indent) * 0.99f;
    float base = (lh + size * 0.7f) / 2;
    n->first = c->d->nboxes;
    char label[24];
    size_t ll = (size_t)snprintf(label, sizeof label, "%s.", n->num);
    float lw = layout_text_width(&c->env, role, size, label, ll);
    layout_text_box(&c->env, role, size, LAYOUT_INK, x0 + indent - size * 0.35f - lw, base, label,
                    ll);
    float y = 0;
    size_t i = 0;
    size_t scheme = 0;
    const char *sep = strstr(url, "://");
    if (sep && (size_t)(sep - url) < 16)
        scheme = (size_t)(sep - url) + 3;
    while (i < len) {
        size_t take = url_fit(c, role, size, url + i, len - i, i < scheme ? scheme - i : 0, w);
        float tw =
            layout_text_box(&c->env, role, size, c->link_rgb, x0 + indent, y + base, url + i, take);
        i += take;
        if (cut && i >= len)
            tw += layout_text_box(&c->env, role, size, c->link_rgb, x0 + indent + tw, y + base,
                                  "\xE2\x80\xA6", 3);
        layout_box *b = layout_box_push(c->d, LAYOUT_BOX_LINK);
        b->x = x0 + indent;
        b->w = tw;
        b->y = y + lh;
        b->h = lh;
        b->str = url;
        y += lh;
    }
    if (y == 0)
        y = lh;
    n->count = c->d->nboxes - n->first;
    n->h = y + lh * 0.15f;
    n->lh = lh;
    n->lines = (size_t)(y / lh + 0.5f);
}

size_t layout_note_line(const layout_note *n, const layout_box *b)
{
    /* text boxes sit on their line's baseline, link areas hang from their line's foot */
    float at = b->kind == LAYOUT_BOX_LINK ? b->y / n->lh - 0.5f : b->y / n->lh;
    return at > 0 ? (size_t)at : 0;
}

/* The notes each slice's link boxes refer to, as ranges in N->refs. */
static void slice_refs(layout_ctx *c)
{
    layout_notes *N = &c->notes;
    for (size_t s = 0; s < c->nsl; s++) {
        layout_slice *sl = &c->sl[s];
        sl->note0 = N->nrefs;
        for (size_t b = sl->first; b < sl->first + sl->count; b++) {
            const layout_box *x = &c->d->boxes[b];
            size_t v = x->kind == LAYOUT_BOX_LINK && x->str ? note_find(N, x->str) : 0;
            if (!v)
                continue;
            int dup = 0;
            for (size_t r = sl->note0; r < N->nrefs; r++)
                dup |= N->refs[r] == v - 1;
            if (dup)
                continue;
            if (N->nrefs == N->caprefs) {
                N->caprefs = N->caprefs ? N->caprefs * 2 : 64;
                N->refs = op_realloc(N->refs, N->caprefs * sizeof *N->refs);
            }
            N->refs[N->nrefs++] = v - 1;
        }
        sl->nnote = N->nrefs - sl->note0;
    }
}

void layout_notes_finish(layout_ctx *c)
{
    layout_notes *N = &c->notes;
    if (!N->n)
        return;
    style_computed s = c->scs[c->nst - 1];
    s.bold = s.italic = 0;
    int role = font_role_of(&s);
    float size = c->size * 0.8f, lh = size * 1.3f;
    float indent = 0;
    for (size_t k = 0; k < N->n; k++) {
        char label[24];
        size_t ll = (size_t)snprintf(label, sizeof label, "%s.", N->v[k].num);
        float lw = layout_text_width(&c->env, role, size, label, ll);
        indent = lw > indent ? lw : indent;
    }
    indent += size * 0.35f;
    if (indent > c->measure / 4)
        indent = c->measure / 4;
    for (size_t k = 0; k < N->n; k++)
        note_boxes(c, &N->v[k], role, size, lh, indent);
    N->gap = c->lh * 0.5f;
    N->sep = N->gap + lh * 0.35f;
    slice_refs(c);
}
