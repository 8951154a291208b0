/* Paragraph line breaking for the PDF: styled text -> atoms (one per code point, with
 * the font that covers it and its advance) -> lines over UAX #14 break opportunities
 * (justified text: total fit, the breaks with the least summed demerits as in TeX, with
 * spaces that stretch and shrink a little; ragged text: greedy first fit; a word wider
 * than the measure is broken between characters) -> text runs positioned word by word,
 * so justification needs no PDF word spacing. */
#include "layout/linebreak_int.h"
#include "layout/breaks.h"
#include "layout/hyph.h"

#include <math.h>

#include <string.h>

/*** Building paragraphs ***/

void layout_para_init(layout_para *p, int preserve)
{
    memset(p, 0, sizeof *p);
    op_buf_init(&p->text, 0);
    p->preserve = preserve;
}

void layout_para_free(layout_para *p)
{
    op_buf_free(&p->text);
    op_free(p->spans);
    op_free(p->atoms);
    op_free(p->glyphs);
    memset(p, 0, sizeof *p);
}

void layout_para_reset(layout_para *p)
{
    op_buf_reset(&p->text);
    p->nspans = 0;
    p->natoms = 0;
    p->col = 0;
}

static int span_same(const layout_span *a, const layout_span *b)
{
    return a->role == b->role && a->size == b->size && a->rise == b->rise && a->rgb == b->rgb &&
           a->url == b->url;
}

static void use_span(layout_para *p, const layout_span *sp)
{
    if (p->nspans && span_same(&p->spans[p->nspans - 1].sp, sp))
        return;
    if (p->nspans && p->spans[p->nspans - 1].start == p->text.len) {
        p->spans[p->nspans - 1].sp = *sp; /* the previous span got no text */
        return;
    }
    if (p->nspans == p->capspans) {
        p->capspans = p->capspans ? p->capspans * 2 : 8;
        p->spans = op_realloc(p->spans, p->capspans * sizeof *p->spans);
    }
    p->spans[p->nspans].start = p->text.len;
    p->spans[p->nspans].sp = *sp;
    p->nspans++;
}

static char last_char(const layout_para *p)
{
    return p->text.len ? p->text.data[p->text.len - 1] : '\n';
}

static void add_preserved(layout_para *p, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t') {
            do {
                op_buf_addc(&p->text, ' ');
            } while (++p->col % 4);
        } else if (c == '\n') {
            op_buf_addc(&p->text, '\n');
            p->col = 0;
        } else if (c != '\r') {
            op_buf_addc(&p->text, (char)c);
            if ((c & 0xC0) != 0x80)
                p->col++;
        }
    }
}

void layout_para_add(layout_para *p, const char *s, size_t len, const layout_span *sp)
{
    use_span(p, sp);
    if (p->preserve) {
        add_preserved(p, s, len);
        return;
    }
    size_t i = 0;
    while (i < len) {
        /* a paragraph never starts with blanks, not even no-break spaces (those stay after
         * a line break, where they may indent verse) */
        while (i + 1 < len && p->text.len == 0 && s[i] == '\xC2' && s[i + 1] == '\xA0')
            i += 2;
        size_t j = i;
        while (j < len && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' &&
               s[j] != '\f')
            j++;
        op_buf_add(&p->text, s + i, j - i);
        if (j < len) {
            char lc = last_char(p);
            if (lc != ' ' && lc != '\n')
                op_buf_addc(&p->text, ' ');
            j++;
        }
        i = j;
    }
}

void layout_para_newline(layout_para *p, const layout_span *sp)
{
    use_span(p, sp);
    op_buf_addc(&p->text, '\n');
    p->col = 0;
}

static int is_bold_role(int role)
{
    return role == FONT_SERIF_B || role == FONT_SERIF_BI || role == FONT_SANS_B ||
           role == FONT_SANS_BI || role == FONT_MONO_B;
}

size_t layout_para_lead_line(const layout_para *p, size_t max_bytes)
{
    const char *nl = p->preserve ? NULL : memchr(p->text.data, '\n', p->text.len);
    if (!nl)
        return 0;
    size_t at = (size_t)(nl - p->text.data);
    if (at == 0 || at > max_bytes)
        return 0;
    for (size_t i = 0; i < p->nspans && p->spans[i].start < at; i++) {
        size_t end = i + 1 < p->nspans ? p->spans[i + 1].start : p->text.len;
        int r = p->spans[i].sp.role;
        int bold = is_bold_role(r) && r != FONT_MONO_B; /* a bold run-in head, not code */
        if (end > p->spans[i].start && !bold) {         /* a span with text that is not bold */
            for (size_t k = p->spans[i].start; k < end && k < at; k++)
                if (p->text.data[k] != ' ')
                    return 0;
        }
    }
    for (size_t k = at + 1; k < p->text.len; k++) /* text must follow */
        if (p->text.data[k] != ' ' && p->text.data[k] != '\n')
            return at;
    return 0;
}

void layout_para_move_tail(layout_para *p, size_t at, layout_para *dst)
{
    layout_para_reset(dst);
    dst->preserve = p->preserve;
    for (size_t i = 0; i < p->nspans; i++) {
        size_t a = p->spans[i].start, b = i + 1 < p->nspans ? p->spans[i + 1].start : p->text.len;
        a = a < at ? at : a;
        if (b <= a)
            continue;
        use_span(dst, &p->spans[i].sp);
        op_buf_add(&dst->text, p->text.data + a, b - a);
    }
    p->text.len = at;
    if (p->text.data)
        p->text.data[at] = '\0';
    while (p->nspans > 1 && p->spans[p->nspans - 1].start >= at)
        p->nspans--;
}

int layout_para_empty(const layout_para *p)
{
    for (size_t i = 0; i < p->text.len; i++)
        if (p->text.data[i] != ' ' && p->text.data[i] != '\n')
            return 0;
    return 1;
}

/*** Atoms ***/

/* Missing code points are collected and reported together by layout_report_missing. */
static void report_missing(layout_textenv *env, uint32_t cp)
{
    for (int i = 0; i < env->nreported; i++)
        if (env->reported[i] == cp)
            return;
    if (env->nreported == (int)(sizeof env->reported / sizeof env->reported[0])) {
        env->unreported++;
        return;
    }
    env->reported[env->nreported++] = cp;
}

void layout_report_missing(layout_textenv *env)
{
    int n = env->nreported;
    if (n == 0)
        return;
    op_buf b;
    op_buf_init(&b, 0);
    for (int i = 0; i < n && i < 12; i++) {
        char u[8] = {0};
        op_utf8_encode(env->reported[i], u);
        op_buf_printf(&b, "%sU+%04X (%s)", i ? ", " : "", (unsigned)env->reported[i], u);
    }
    int more = n - (n < 12 ? n : 12) + env->unreported;
    if (more)
        op_buf_printf(&b, " and %d more", more);
    const char *script = NULL;
    for (int i = 0; i < n && !script; i++)
        script = layout_noto_script(env->reported[i]);
    op_diag_report(env->diag, OP_SEV_WARNING, NULL, 0,
                   "no font has %d character%s: %s; shown as %s%s%s%s", n + env->unreported,
                   n + env->unreported == 1 ? "" : "s", b.data,
                   n + env->unreported == 1 ? "a replacement mark" : "replacement marks",
                   script ? " (" : "", script ? script : "",
                   script ? " is set in Noto: install the Debian package fonts-noto-core)" : "");
    op_buf_free(&b);
}

static int is_ignorable(uint32_t cp)
{
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) ||
           (cp >= 0x200E && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || cp < 0x20 ||
           (cp >= 0x7F && cp <= 0x9F);
}

/* Size factor and advance of an atom whose face is set. */
static void atom_measure(layout_textenv *env, layout_atom *a, const layout_span *sp)
{
    const layout_metrics *m = env->m;
    a->scale = 1;
    if (m->scale && a->cp < 0x530)
        a->scale = m->scale(m->ud, sp->role, a->face);
    a->adv = (float)m->advance(m->ud, a->face, a->cp) * sp->size * a->scale / 1000.0f;
}

/* The presentation forms of the paragraph's Arabic letters (layout_shape_arabic), per byte;
 * NULL when it has none (op_free). */
static uint32_t *arabic_forms(const char *s, size_t len)
{
    size_t i = 0;
    int found = 0;
    while (i < len && !found)
        found = layout_is_shaped_arabic(op_utf8_next(s, len, &i));
    if (!found)
        return NULL;
    uint32_t *forms = op_malloc(len * sizeof *forms);
    if (!layout_shape_arabic(s, len, forms)) {
        op_free(forms);
        return NULL;
    }
    return forms;
}

/* Classifies cp and finds its face and advance. */
static void atom_fill(layout_textenv *env, layout_atom *a, const layout_span *sp, int preserve)
{
    const layout_metrics *m = env->m;
    uint32_t cp = a->cp;
    a->face = -1;
    if (cp == '\n' || cp == 0x2028) {
        a->flags |= A_NL;
        return;
    }
    if (cp == 0xAD) {
        a->flags |= A_SHY | A_SKIP;
        return;
    }
    if (is_ignorable(cp)) {
        a->flags |= A_SKIP;
        return;
    }
    if (cp == ' ' && !preserve)
        a->flags |= A_SPACE;
    if (layout_is_rtl(cp) && !layout_is_plain_hebrew(cp) && !layout_is_shaped_arabic(cp) &&
        !env->rtl_reported) {
        env->rtl_reported = 1;
        op_diag_report(env->diag, OP_SEV_WARNING, NULL, 0,
                       "right-to-left text (U+%04X) is set without the shaping it needs "
                       "(pointed Hebrew, or a script other than Hebrew and Arabic); it may not "
                       "read correctly",
                       (unsigned)cp);
    }
    int face = m->face_for(m->ud, sp->role, cp);
    if (face < 0) {
        report_missing(env, cp);
        a->cp = 0xFFFD;
        face = m->face_for(m->ud, sp->role, 0xFFFD);
        if (face < 0) {
            a->flags |= A_SKIP;
            return;
        }
    }
    a->face = (int16_t)face;
    atom_measure(env, a, sp);
}

/* Gives a word (a run without spaces) whose letters came from several fonts the first of
 * them that has every letter, so a Greek word is not set half in Charis and half in
 * Liberation Serif, and a run of Chinese with kana stays in one CJK font. */
static void unify_word(layout_textenv *env, layout_para *p, size_t a, size_t b)
{
    const layout_metrics *m = env->m;
    int faces[4], nf = 0;
    for (size_t j = a; j < b && nf < 4; j++) {
        int f = p->atoms[j].face, seen = 0;
        for (int k = 0; k < nf; k++)
            seen |= faces[k] == f;
        if (f >= 0 && !seen)
            faces[nf++] = f;
    }
    if (nf < 2 || !m->covers)
        return;
    for (int k = 0; k < nf; k++) {
        size_t j = a;
        while (j < b && (p->atoms[j].face < 0 || m->covers(m->ud, faces[k], p->atoms[j].cp)))
            j++;
        if (j < b)
            continue;
        for (j = a; j < b; j++) {
            layout_atom *at = &p->atoms[j];
            if (at->face < 0 || at->face == faces[k])
                continue;
            at->face = (int16_t)faces[k];
            atom_measure(env, at, &p->spans[at->span].sp);
        }
        return;
    }
}

/* Words end at spaces and style changes; in Chinese and Japanese also where a Latin word or
 * a number meets CJK text without a space, so the Latin keeps its own font. */
static void unify_words(layout_textenv *env, layout_para *p)
{
    size_t a = 0;
    int cjk = layout_autospaced_lang(env->lang);
    for (size_t j = 0; j <= p->natoms; j++) {
        int end = j == p->natoms || (p->atoms[j].flags & (A_SPACE | A_NL)) ||
                  (j > a && p->atoms[j].span != p->atoms[a].span);
        if (!end && cjk && j > a) {
            uint32_t x = p->atoms[j - 1].cp, y = p->atoms[j].cp;
            end = (layout_is_alphabetic(x) && layout_is_cjk(y)) ||
                  (layout_is_cjk(x) && layout_is_alphabetic(y));
        }
        if (!end)
            continue;
        if (j > a + 1)
            unify_word(env, p, a, j);
        a = (j < p->natoms && (p->atoms[j].flags & (A_SPACE | A_NL))) ? j + 1 : j;
    }
}

/* Pair kerning inside runs of one face and one span. */
static void apply_kerning(layout_textenv *env, layout_para *p)
{
    const layout_metrics *m = env->m;
    if (!m->kern || p->preserve)
        return;
    for (size_t j = 0; j + 1 < p->natoms; j++) {
        layout_atom *a = &p->atoms[j], *b = &p->atoms[j + 1];
        if (a->face < 0 || a->face != b->face || a->span != b->span || a->scale != b->scale ||
            ((a->flags | b->flags) & (A_SPACE | A_SKIP | A_NL)) || ((a->level | b->level) & 1) ||
            a->nglyphs || b->nglyphs)
            continue; /* (right-to-left pairs are drawn the other way round: not kerned;
                         shaped clusters are kerned by their font already) */
        int k = m->kern(m->ud, a->face, a->cp, b->cp);
        if (k) {
            a->kern = (float)k * p->spans[a->span].sp.size * a->scale / 1000.0f;
            a->adv += a->kern;
        }
    }
}

/* A paragraph never ends with blanks or line breaks either: `text<br>&nbsp;</p>` from a
 * web editor would otherwise set an empty last line. */
static void trim_end(layout_para *p)
{
    const char *s = p->text.data;
    size_t len = p->text.len;
    for (;;) {
        if (len && (s[len - 1] == ' ' || s[len - 1] == '\n'))
            len--;
        else if (len >= 2 && s[len - 2] == '\xC2' && s[len - 1] == '\xA0')
            len -= 2;
        else if (len >= 3 && memcmp(s + len - 3, "\xE2\x80\xA8", 3) == 0)
            len -= 3; /* U+2028 */
        else
            break;
    }
    p->text.len = len;
    if (p->text.data)
        p->text.data[len] = '\0';
}

/* An initial ("N." of "N. Korean", "J." of "J. R. Smith") is tied to the word after it, as
 * TeX's "J.~Smith": no line ends on it. */
static void tie_initials(layout_para *p)
{
    for (size_t j = 3; j < p->natoms; j++) {
        if (!(p->atoms[j].flags & A_BREAK) || !(p->atoms[j - 1].flags & A_SPACE))
            continue;
        size_t e = j - 1;
        while (e > 0 && (p->atoms[e - 1].flags & A_SPACE))
            e--;
        if (e < 2 || p->atoms[e - 1].cp != '.' ||
            layout_cp_class(p->atoms[e - 2].cp) != LAYOUT_CP_UPPER)
            continue;
        if (e == 2 || (p->atoms[e - 3].flags & A_SPACE) || p->atoms[e - 3].cp == '(')
            p->atoms[j].flags &= (uint8_t)~A_BREAK;
    }
}

static op_status build_atoms(layout_textenv *env, layout_para *p)
{
    if (!p->preserve)
        trim_end(p);
    const char *s = p->text.data;
    size_t len = p->text.len;
    p->natoms = 0;
    if (len == 0)
        return OP_OK;
    unsigned char *brk = op_calloc(len, 1);
    op_status st = layout_breaks(s, len, env->lang, brk);
    if (st == OP_ERR_LIMIT) {
        op_free(brk);
        return st;
    }
    if (p->capatoms < len) {
        op_free(p->atoms);
        p->capatoms = len;
        p->atoms = op_malloc(len * sizeof *p->atoms);
    }
    unsigned char *lv = layout_bidi_para(env, p);
    uint32_t *forms = arabic_forms(s, len);
    size_t si = 0;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        uint32_t cp = op_utf8_next(s, len, &i);
        while (si + 1 < p->nspans && p->spans[si + 1].start <= at)
            si++;
        layout_atom *a = &p->atoms[p->natoms++];
        memset(a, 0, sizeof *a);
        a->cp = cp;
        a->span = (uint32_t)si;
        a->flags = brk[at] == LAYOUT_BRK_SYLLABLE ? A_SYL : brk[at] ? A_BREAK : 0;
        a->level = lv ? lv[at] : 0;
        if (forms && forms[at] == LAYOUT_SHAPE_GONE) { /* drawn by the lam-alef before it */
            a->face = -1;
            a->flags = A_SKIP;
            continue;
        }
        if (forms && forms[at] &&
            env->m->face_for(env->m->ud, p->spans[si].sp.role, forms[at]) >= 0)
            a->cp = forms[at];
        atom_fill(env, a, &p->spans[si].sp, p->preserve);
    }
    op_free(forms);
    op_free(lv);
    op_free(brk);
    tie_initials(p);
    unify_words(env, p);
    layout_shape_runs(env, p);
    apply_kerning(env, p);
    layout_autospace(env, p);
    return OP_OK;
}

/*** Emitting runs ***/

typedef struct run_state {
    layout_textenv *env;
    const layout_para *p;
    float base;
    op_buf buf;
    int face;
    uint32_t span;
    float scale;
    float hs; /* horizontal scale of the line's glyphs (font expansion), 1 = none */
    float x0;
    float dy;        /* raise of the open run (a shaped mark), points */
    int wide;        /* the open run has a glyph with a width of its own */
    const char *url; /* open link area */
    float lx0, lx1;
    float lh;
} run_state;

static void run_flush(run_state *r)
{
    if (r->buf.len) {
        const layout_span *sp = &r->p->spans[r->span].sp;
        layout_doc *d = r->env->doc;
        char *str = op_arena_strndup(d->arena, r->buf.data, r->buf.len);
        layout_box *b = layout_box_push(d, LAYOUT_BOX_TEXT);
        b->x = r->x0;
        b->y = r->base - sp->rise - r->dy;
        b->face = (int16_t)r->face;
        b->size = sp->size * r->scale;
        b->hscale = r->hs;
        b->rgb = sp->rgb;
        b->str = str;
        b->len = (uint32_t)r->buf.len;
        const layout_metrics *m = r->env->m;
        if (is_bold_role(sp->role) && m->bold && !m->bold(m->ud, r->face))
            b->flags |= LAYOUT_BOXF_EMBOLDEN;
        if (!r->wide)
            b->flags |= LAYOUT_BOXF_MARKS;
    }
    r->wide = 0;
    op_buf_reset(&r->buf);
    r->face = -1;
}

static void link_flush(run_state *r)
{
    if (r->url && r->lx1 > r->lx0) {
        layout_box *b = layout_box_push(r->env->doc, LAYOUT_BOX_LINK);
        b->x = r->lx0;
        b->w = r->lx1 - r->lx0;
        b->y = r->lh;
        b->h = r->lh;
        b->str = r->url;
    }
    r->url = NULL;
}

static void run_glyph(run_state *r, const layout_atom *a, uint32_t cp, int face, float scale,
                      float x, float adv)
{
    if (face != r->face || a->span != r->span || scale != r->scale || !r->buf.len) {
        run_flush(r);
        r->face = face;
        r->span = a->span;
        r->scale = scale;
        r->x0 = x;
    }
    char u[4];
    op_buf_add(&r->buf, u, (size_t)op_utf8_encode(cp, u));
    const char *url = r->p->spans[a->span].sp.url;
    if (url != r->url) {
        link_flush(r);
        r->url = url;
        r->lx0 = x;
    }
    r->lx1 = x + adv;
}

/* The glyphs of a shaped cluster: those at the pen continue the run while they sit where
 * the PDF's own advances put them; a glyph with an offset (a mark) or an advance of its own
 * is a run of its own. */
static void run_glyphs(run_state *r, const layout_atom *a, float x, float hs)
{
    float u = r->p->spans[a->span].sp.size * a->scale / 1000.0f, gx = x;
    for (uint32_t k = a->glyph; k < a->glyph + a->nglyphs; k++) {
        const layout_glyph *g = &r->p->glyphs[k];
        int off = g->dx != 0 || g->dy != 0;
        float adv = (float)g->adv * u * hs;
        if (off) {
            run_flush(r);
            r->dy = (float)g->dy * u;
        }
        run_glyph(r, a, g->cp, a->face, a->scale, gx + (float)g->dx * u * hs, adv);
        gx += adv;
        r->wide |= g->wadv != 0;
        if (off || g->adv != g->wadv) {
            run_flush(r);
            r->dy = 0;
        }
    }
}

/* Draws atom a at x (glyph advances times hs) and returns its advance. */
static float run_atom(run_state *r, const layout_atom *a, float x, float hs)
{
    if (!a->nglyphs) {
        run_glyph(r, a, layout_drawn_cp(r->env, a), a->face, a->scale, x, a->adv * hs);
        r->wide = 1;
    } else {
        run_glyphs(r, a, x, hs);
    }
    if (a->kern != 0)
        run_flush(r); /* the next glyph is drawn at the kerned position */
    return a->adv * hs;
}

/* The hyphen drawn at the end of a line broken at a soft hyphen or a hyphenation point:
 * in the font of the letter before it when that font has one. Sets *face (-1: none) and
 * *scale; returns its advance. */
float layout_hyphen_adv(layout_textenv *env, const layout_para *p, size_t e, int *face,
                        float *scale)
{
    const layout_metrics *m = env->m;
    size_t j = e;
    while (j > 0 && p->atoms[j - 1].face < 0 && (p->atoms[j - 1].flags & A_SKIP))
        j--;
    const layout_atom *a = &p->atoms[j > 0 ? j - 1 : e - 1];
    const layout_span *sp = &p->spans[a->span].sp;
    *scale = 1;
    if (a->face >= 0 && m->covers(m->ud, a->face, '-')) {
        *face = a->face;
        *scale = a->scale;
    } else {
        *face = m->face_for(m->ud, sp->role, '-');
    }
    if (*face < 0)
        return 0;
    return (float)m->advance(m->ud, *face, '-') * sp->size * *scale / 1000.0f;
}

/* 1 when a line whose content ends before atom e, broken before atom k, gets a hyphen. */
int layout_ends_hyphen(const layout_para *p, size_t e, size_t k)
{
    if (e == 0)
        return 0;
    return (p->atoms[e - 1].flags & A_SHY) ||
           (e == k && k < p->natoms && (p->atoms[k].flags & A_HYPH));
}

/*** Line breaking ***/

#define STRETCH 0.5f /* a space grown by half its width has badness 100 */
/* Badness of a line that cannot be justified at all, TeX's "infinitely bad" (spaces over
 * 3.3 times their width): a line with spaces (not Chinese or Japanese) that would be
 * worse is set flush left, as a line before a break is (a few long words, URLs or
 * identifiers on a line): a rag is less glaring than such holes. */
#define OVERLOOSE 10000.0f

typedef struct line_span {
    size_t ls, le; /* atoms [ls, le), trailing spaces trimmed */
    int justify;
    int first;
    int hyph; /* broken at a hyphenation point: a hyphen follows le - 1 */
} line_span;

static float line_natural(layout_textenv *env, const layout_para *p, const line_span *L,
                          float *spaces)
{
    float w = 0, sw = 0;
    for (size_t j = L->ls; j < L->le; j++) {
        w += p->atoms[j].adv;
        if (p->atoms[j].flags & A_SPACE)
            sw += p->atoms[j].adv;
    }
    if (L->le > L->ls)
        w -= p->atoms[L->le - 1].gap; /* no quarter em after a line's last glyph */
    if (L->hyph || (L->le > L->ls && (p->atoms[L->le - 1].flags & A_SHY))) {
        int f;
        float sc;
        w += layout_hyphen_adv(env, p, L->le, &f, &sc);
    }
    if (spaces)
        *spaces = sw;
    return w;
}

/* Font expansion first: the glyphs of a line take up to EXPAND of the adjustment `diff`
 * (glyphs points of glyphs), the spaces the rest, so spaces vary less from line to line. */
static float expansion(float diff, float spaces, float glyphs)
{
    if (spaces <= 0 || glyphs <= 0)
        return 1;
    float e = diff / glyphs;
    return 1 + (e > EXPAND ? EXPAND : e < -EXPAND ? -EXPAND : e);
}

/* Badness of a justified line that must change by `diff` (spaces and glyphs points of
 * spaces and glyphs): 100 r^3 where r is the spaces' change over STRETCH of their width
 * after font expansion took its part (shrinking costs as much as stretching), plus a
 * smaller term for the expansion itself. */
double layout_line_badness(double diff, double spaces, double glyphs, double avail)
{
    double bad;
    if (spaces > 0) {
        double e = glyphs > 0 ? diff / glyphs : 0;
        e = e > EXPAND ? EXPAND : e < -EXPAND ? -EXPAND : e;
        double r = fabs(diff - glyphs * e) / (spaces * STRETCH);
        double re = EXPAND > 0 ? fabs(e) / EXPAND : 0;
        bad = 100 * r * r * r + 50 * re * re * re;
    } else {
        double r = diff >= 0 ? diff / (avail * 0.04) : 100;
        bad = 100 * r * r * r;
    }
    return bad > 1e6 ? 1e6 : bad; /* a line that cannot be justified at all (one word) */
}

/* flushed: a line to justify set flush left instead (too loose) */
static void line_stats(layout_textenv *env, const layout_para *p, const line_span *L, int flushed,
                       double bad)
{
    int hy = L->hyph || (L->le > L->ls && (p->atoms[L->le - 1].flags & (A_SHY | A_EXHY)));
    env->st_lines++;
    env->st_flush += flushed != 0;
    if (L->justify) {
        env->st_just++;
        env->st_bad += bad;
    }
    env->st_hyph += hy;
    env->st_run = hy ? env->st_run + 1 : 0;
    if (env->st_run > env->st_run_max)
        env->st_run_max = env->st_run;
}

void layout_report_stats(layout_textenv *env)
{
    op_diag_report(env->diag, OP_SEV_NOTE, NULL, 0,
                   "lines: %zu, justified %zu with average badness %.1f, hyphenated %zu "
                   "(%.1f%%), at most %d in a row; too loose to justify, set flush left %zu",
                   env->st_lines, env->st_just, env->st_just ? env->st_bad / env->st_just : 0.0,
                   env->st_hyph, env->st_lines ? 100.0 * env->st_hyph / env->st_lines : 0.0,
                   env->st_run_max, env->st_flush);
}

/* Scripts written without spaces between words, whose lines break between characters or
 * dictionary words: Thai, Lao, Tibetan, Myanmar, Khmer, CJK (ideographs, kana, their
 * punctuation, full-width forms). */
static int unspaced_script(uint32_t c)
{
    return layout_is_cjk(c) || (c >= 0x0E00 && c <= 0x0FFF) || (c >= 0x1000 && c <= 0x109F) ||
           (c >= 0x1780 && c <= 0x17FF) || (c >= 0x20000 && c <= 0x3FFFF);
}

int layout_gap_break(const layout_para *p, size_t j)
{
    /* not the breaks ICU allows inside a URL or after a slash in Latin text: a line of them
     * is not stretched between its letters */
    return (p->atoms[j].flags & (A_BREAK | A_HYPH)) == A_BREAK &&
           !(p->atoms[j - 1].flags & (A_SPACE | A_EXHY)) &&
           (unspaced_script(p->atoms[j - 1].cp) || unspaced_script(p->atoms[j].cp));
}

/* Extra space per gap; *cjk set when gaps are break opportunities rather than spaces. */
static float line_stretch(const layout_para *p, const line_span *L, float extra, int *cjk)
{
    int spaces = 0, brks = 0;
    *cjk = 0;
    for (size_t j = L->ls; j < L->le; j++) {
        if (p->atoms[j].flags & A_SPACE)
            spaces++;
        else if (j > L->ls && layout_gap_break(p, j))
            brks++;
    }
    *cjk = brks > 2 * spaces; /* mostly CJK */
    if ((!L->justify && extra >= 0) || (extra <= EPS && extra >= -EPS))
        return 0;
    if (extra < 0) /* the line fitted only with shrunk spaces (and glyphs) */
        return spaces ? extra / (float)spaces : 0;
    if (*cjk) /* spread over the gaps between characters too (only when stretching) */
        return extra / (float)(brks + spaces);
    return spaces ? extra / (float)spaces : 0;
}

static void emit_line(layout_textenv *env, const layout_para *p, const layout_para_fmt *fmt,
                      const line_span *L, layout_lines *out)
{
    layout_doc *d = env->doc;
    float indent = L->first ? fmt->indent : 0;
    float avail = fmt->width - indent;
    float sw;
    float nat = line_natural(env, p, L, &sw);
    float x = p->rtl ? 0 : indent; /* right to left: the indent is at the right */
    if (fmt->align == LAYOUT_CENTER && nat < avail)
        x += (avail - nat) / 2;
    else if (fmt->align == LAYOUT_RIGHT && nat < avail && !p->rtl)
        x += avail - nat;
    int cjk;
    float hs = 1;
    line_span flush = *L;
    line_stretch(p, L, avail - nat, &cjk);
    /* as the total fit judges it: a CJK line by the CJK rule whatever its few spaces */
    float bad = L->justify ? (float)layout_line_badness(avail - nat, cjk && nat <= avail ? 0 : sw,
                                                        nat - sw, avail)
                           : 0;
    if (bad > OVERLOOSE && sw > 0 && !cjk && nat < avail) {
        flush.justify = 0; /* set flush left like a line before a break */
        L = &flush;
    }
    float stretch = line_stretch(p, L, avail - nat, &cjk);
    /* glyphs take their share of stretching in Latin text, and of shrinking in any line
     * the breaker made fit that way */
    if (!p->preserve && ((L->justify && !cjk) || nat > avail + EPS)) {
        hs = expansion(avail - nat, sw, nat - sw);
        stretch = line_stretch(p, L, avail - sw - (nat - sw) * hs, &cjk);
    }
    /* right to left: ragged and last lines flush right, right-aligned ones flush left */
    if (p->rtl && !L->justify && nat < avail && fmt->align != LAYOUT_CENTER &&
        fmt->align != LAYOUT_RIGHT)
        x += avail - nat;
    line_stats(env, p, L, L == &flush, bad);
    run_state r = {.env = env, .p = p, .base = fmt->base, .face = -1, .lh = fmt->lh, .hs = hs};
    op_buf_init(&r.buf, 0);
    size_t first_box = d->nboxes;
    int32_t *order = p->bidi ? layout_visual_order(p, L->ls, L->le) : NULL;
    for (size_t k = L->ls; k < L->le; k++) {
        size_t j = order ? L->ls + (size_t)order[k - L->ls] : k;
        const layout_atom *a = &p->atoms[j];
        if (a->flags & A_SPACE) {
            run_flush(&r);
            x += a->adv + stretch;
            continue;
        }
        if (cjk && stretch > 0 && j > L->ls && layout_gap_break(p, j)) {
            run_flush(&r);
            x += stretch;
        }
        if (a->flags & (A_SKIP | A_NL))
            continue;
        x += run_atom(&r, a, x, hs);
    }
    op_free(order);
    if (L->hyph || (L->le > L->ls && (p->atoms[L->le - 1].flags & A_SHY))) {
        int hf;
        float hsc, ha = layout_hyphen_adv(env, p, L->le, &hf, &hsc);
        if (hf >= 0)
            run_glyph(&r, &p->atoms[L->le - 1], '-', hf, hsc, x, ha * hs);
        r.wide = 1;
    }
    run_flush(&r);
    link_flush(&r);
    op_buf_free(&r.buf);
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 16;
        out->v = op_realloc(out->v, out->cap * sizeof *out->v);
    }
    layout_line *ln = &out->v[out->n++];
    ln->first = first_box;
    ln->count = d->nboxes - first_box;
    ln->height = fmt->lh;
    ln->base = fmt->base;
    ln->width = nat + indent;
    ln->bad = bad;
}

/* Break before atom j when a word alone overflows; never start a line with a mark. */
static size_t char_break(const layout_para *p, size_t ls, size_t j)
{
    /* URLs and paths: rather break after a separator in the last third of the line */
    for (size_t k = j; k > ls + 1 && k + (j - ls) / 3 > j; k--) {
        uint32_t c = p->atoms[k - 1].cp;
        if (c == '/' || c == '-' || c == '.' || c == '_' || c == '?' || c == '&' || c == '=' ||
            c == '#')
            return k;
    }
    while (j > ls + 1 && p->atoms[j].adv == 0 && !(p->atoms[j].flags & (A_SPACE | A_NL)))
        j--;
    return j;
}

/* Finds the end of the line starting at ls. Sets *next and *forced. `shrink` is the part
 * of each space's width that may be given up to fit one more word (0 when ragged). */
size_t layout_find_break(layout_textenv *env, const layout_para *p, size_t ls, float avail,
                         float shrink, size_t *next, int *forced)
{
    float w = 0, wc = 0, sw = 0, swc = 0;
    size_t best = 0;
    *forced = 0;
    for (size_t j = ls; j < p->natoms; j++) {
        const layout_atom *a = &p->atoms[j];
        if (a->flags & A_NL) {
            *next = j + 1;
            *forced = 1;
            return j;
        }
        if (j > ls && (a->flags & A_BREAK)) {
            float hy = 0, sc;
            int hf;
            if (layout_ends_hyphen(p, j, j))
                hy = layout_hyphen_adv(env, p, j, &hf, &sc);
            if (wc - swc * shrink + hy <= avail + EPS)
                best = j;
        }
        if (a->flags & A_SPACE) {
            w += a->adv;
            sw += a->adv;
            continue;
        }
        if (j > ls && w + a->adv - sw * shrink > avail + EPS) {
            size_t end = best > ls ? best : char_break(p, ls, j);
            *next = end;
            return end;
        }
        w += a->adv;
        wc = w;
        swc = sw;
    }
    *next = p->natoms;
    return p->natoms;
}

/* Emits the line from atom i to `end`; the next line starts at `next`. */
void layout_emit_span(layout_textenv *env, const layout_para *p, const layout_para_fmt *fmt,
                      size_t i, size_t end, size_t next, int forced, int first, layout_lines *out)
{
    line_span L = {.ls = i, .le = end, .first = first};
    while (L.le > L.ls && (p->atoms[L.le - 1].flags & A_SPACE))
        L.le--;
    L.hyph = !forced && L.le == end && end < p->natoms && (p->atoms[end].flags & A_HYPH);
    L.justify = fmt->align == LAYOUT_JUSTIFY && !forced && next < p->natoms;
    if (L.justify) { /* nothing but spaces may follow: then this is the last line */
        size_t k = next;
        while (k < p->natoms && (p->atoms[k].flags & (A_SPACE | A_SKIP)))
            k++;
        L.justify = k < p->natoms;
    }
    emit_line(env, p, fmt, &L, out);
}

size_t layout_skip_spaces(const layout_para *p, size_t i)
{
    while (i < p->natoms && (p->atoms[i].flags & A_SPACE))
        i++;
    return i;
}

static void greedy(layout_textenv *env, layout_para *p, const layout_para_fmt *fmt,
                   layout_lines *out)
{
    size_t i = 0;
    int first = 1;
    while (i < p->natoms) {
        if (!p->preserve || !first)
            i = layout_skip_spaces(p, i);
        if (i >= p->natoms)
            break;
        float avail = fmt->width - (first ? fmt->indent : 0);
        size_t next;
        int forced;
        float shrink = fmt->align == LAYOUT_JUSTIFY ? SHRINK : 0;
        size_t end = layout_find_break(env, p, i, avail, shrink, &next, &forced);
        layout_emit_span(env, p, fmt, i, end, next, forced, first, out);
        i = next;
        first = 0;
    }
}

op_status layout_para_lines(layout_textenv *env, layout_para *p, const layout_para_fmt *fmt,
                            layout_lines *out)
{
    op_status st = build_atoms(env, p);
    if (st)
        return st;
    out->first_fit = 0;
    if (fmt->align != LAYOUT_JUSTIFY && !(fmt->body && fmt->align == LAYOUT_LEFT)) {
        greedy(env, p, fmt, out);
        return OP_OK;
    }
    /* body text: hyphenated, justified or (--no-justify, a ragged theme) ragged right */
    if (!p->preserve) {
        layout_hyph *h = env->hyph;
        if (fmt->no_hyphens)
            env->hyph = NULL;
        layout_hyphenate(env, p);
        env->hyph = h;
    }
    int ragged = env->ragged || fmt->align != LAYOUT_JUSTIFY;
    layout_para_fmt rag = *fmt;
    rag.align = LAYOUT_LEFT;
    const layout_para_fmt *f = ragged ? &rag : fmt;
    if (layout_total_fit(env, p, f, ragged, out) == 0)
        return OP_OK;
    out->first_fit = 1;
    greedy(env, p, f, out);
    return OP_OK;
}

op_status layout_para_measure(layout_textenv *env, layout_para *p, float *minw, float *maxw)
{
    *minw = *maxw = 0;
    op_status st = build_atoms(env, p);
    if (st)
        return st;
    float word = 0, line = 0, line_nonspace = 0;
    for (size_t j = 0; j < p->natoms; j++) {
        const layout_atom *a = &p->atoms[j];
        if ((a->flags & (A_BREAK | A_SPACE | A_NL)) || j == 0) {
            if (word > *minw)
                *minw = word;
            word = 0;
        }
        if (a->flags & A_NL) {
            if (line_nonspace > *maxw)
                *maxw = line_nonspace;
            line = line_nonspace = 0;
            continue;
        }
        line += a->adv;
        if (!(a->flags & A_SPACE)) {
            word += a->adv;
            line_nonspace = line;
        }
    }
    if (word > *minw)
        *minw = word;
    if (line_nonspace > *maxw)
        *maxw = line_nonspace;
    return OP_OK;
}

/*** Single strings ***/

float layout_text_width(layout_textenv *env, int role, float size, const char *s, size_t len)
{
    float w = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = op_utf8_next(s, len, &i);
        int face = env->m->face_for(env->m->ud, role, cp);
        if (face >= 0)
            w += (float)env->m->advance(env->m->ud, face, cp) * size / 1000.0f;
    }
    return w;
}

float layout_text_box(layout_textenv *env, int role, float size, uint32_t rgb, float x, float y,
                      const char *s, size_t len)
{
    layout_para p;
    layout_para_init(&p, 1);
    layout_span sp = {.role = (uint8_t)role, .size = size, .rgb = rgb};
    layout_para_add(&p, s, len, &sp);
    float w = 0;
    if (build_atoms(env, &p) == OP_OK) {
        run_state r = {.env = env, .p = &p, .base = y, .face = -1, .hs = 1};
        op_buf_init(&r.buf, 0);
        int32_t *order = p.bidi ? layout_visual_order(&p, 0, p.natoms) : NULL;
        for (size_t k = 0; k < p.natoms; k++) {
            const layout_atom *a = &p.atoms[order ? (size_t)order[k] : k];
            if (a->flags & (A_SKIP | A_NL))
                continue;
            w += run_atom(&r, a, x + w, 1);
        }
        op_free(order);
        run_flush(&r);
        r.url = NULL;
        op_buf_free(&r.buf);
    }
    layout_para_free(&p);
    return w;
}
