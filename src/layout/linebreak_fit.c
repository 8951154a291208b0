/* Total fit: the line breaks that minimise a paragraph's summed demerits, as TeX chooses
 * them (Knuth and Plass), over the atoms' break opportunities and hyphenation points; for
 * ragged text the rag itself is the badness. */
#include "layout/linebreak_int.h"

#include <math.h>
#include <string.h>

#define TF_MAX_ATOMS 200000
#define TF_INF       1e30
#define TF_HRUN      3 /* states per position: 0, 1 or 2 hyphenated lines just before */

/* Demerits as in TeX: (linepenalty + badness)^2, plus these for hyphenated lines. */
#define HYPH_DEMERITS   40000.0 /* a line ending in a hyphen */
#define DOUBLE_DEMERITS 10000.0 /* ... right after another one */
#define FINAL_DEMERITS  5000.0  /* the paragraph's last full line hyphenated */
#define RUNT_DEMERITS   4000.0  /* a last line of a word or two */
/* a Korean word broken between syllables (as a line of badness 90 costs more than a good one) */
#define SYL_DEMERITS 10000.0

typedef struct tf_node {
    double cost;
    size_t prev; /* node (position * TF_HRUN + run) this node was reached from */
    size_t end;  /* end of that line (exclusive, before trimming) */
    int forced;  /* that line ended the paragraph or a forced break */
} tf_node;

typedef struct tf_state {
    layout_textenv *env;
    const layout_para *p;
    const layout_para_fmt *fmt;
    int ragged;     /* set ragged right: no stretch or shrink; the rag is the badness */
    double *w, *sw; /* prefix sums of advances and of space advances */
    size_t *gaps;   /* prefix counts of gap breaks (layout_gap_break) */
    size_t *nsp;    /* and of spaces */
    tf_node *nd;
} tf_state;

/* Narrowest a line of width w with spaces sw can be set. */
static double tf_min_width(const tf_state *t, double w, double sw)
{
    if (t->ragged)
        return w;
    return w - sw * SHRINK - (sw > 0 ? (w - sw) * EXPAND : 0);
}

/* Ragged lines: the space left at the right is the badness; justified: line_badness. */
static double tf_badness(const tf_state *t, float nat, float spaces, float avail, int last)
{
    double diff = avail - nat;
    if (t->ragged)
        return last ? 0 : fmin(1e6, 100 * pow(diff / (avail * 0.12), 3));
    if (last && diff >= 0)
        return 0;
    return layout_line_badness(diff, spaces, nat - spaces, avail);
}

static void tf_relax(tf_state *t, size_t to, size_t from, size_t end, int forced, double cost)
{
    if (cost < t->nd[to].cost) {
        t->nd[to].cost = cost;
        t->nd[to].prev = from;
        t->nd[to].end = end;
        t->nd[to].forced = forced;
    }
}

/* Tries the line from node q (position s) to the break before atom k. */
static void tf_line(tf_state *t, size_t q, size_t s, size_t k, float avail, int last)
{
    const layout_para *p = t->p;
    size_t e = k, pos = q / TF_HRUN;
    int run = (int)(q % TF_HRUN);
    while (e > s && (p->atoms[e - 1].flags & A_SPACE))
        e--;
    int hy = !last || k < p->natoms ? layout_ends_hyphen(p, e, k) : 0;
    int flagged = hy || (e > s && (p->atoms[e - 1].flags & A_EXHY) && !last);
    if (flagged && run == TF_HRUN - 1)
        return; /* never three hyphenated lines in a row */
    if (last && t->fmt->heading && s > 0 && s == pos && layout_ends_hyphen(p, s, s) &&
        t->sw[e] - t->sw[s] <= 0)
        return; /* a heading's last line is more than the tail of a hyphenated word */
    float nat = (float)(t->w[e] - t->w[s]), spaces = (float)(t->sw[e] - t->sw[s]);
    if (hy) {
        int hf;
        float sc;
        nat += layout_hyphen_adv(t->env, p, e, &hf, &sc);
    }
    if (tf_min_width(t, nat, spaces) > avail + EPS)
        return;
    /* a line whose gaps between characters outnumber its spaces twice is stretched over
     * both when justified (emit_line): judge it by the CJK rule, not by its few spaces (a
     * Khmer or Chinese line with one space was "bad" at any slack, so the line before it
     * was made loose instead) */
    size_t gaps = e > s + 1 ? t->gaps[e] - t->gaps[s + 1] : 0, nsp = t->nsp[e] - t->nsp[s];
    int cjk = gaps > 2 * nsp;
    double bad = tf_badness(t, nat, cjk && nat <= avail ? 0 : spaces, avail, last);
    if (!last && !t->ragged && t->fmt->tolerance > 0 && bad > t->fmt->tolerance)
        return;
    double dm = (10 + bad) * (10 + bad);
    if (flagged)
        dm += t->ragged ? 2 * HYPH_DEMERITS : HYPH_DEMERITS;
    if (flagged && run > 0)
        dm += DOUBLE_DEMERITS;
    if (last && run > 0)
        dm += FINAL_DEMERITS;
    if (last && nat < avail * 0.12f)
        dm += RUNT_DEMERITS;
    if (k < p->natoms && (p->atoms[k].flags & A_SYL))
        dm += SYL_DEMERITS;
    int nl = k < p->natoms && (p->atoms[k].flags & A_NL);
    size_t to = (nl ? k + 1 : k) * TF_HRUN + (size_t)(flagged ? run + 1 : 0);
    tf_relax(t, to, q, k, last, t->nd[q].cost + dm);
}

/* Tries every feasible line starting at node q. */
static void tf_from(tf_state *t, size_t q)
{
    const layout_para *p = t->p;
    size_t pos = q / TF_HRUN, n = p->natoms, s = layout_skip_spaces(p, pos);
    float avail = t->fmt->width - (pos == 0 ? t->fmt->indent : 0);
    if (s >= n) {
        tf_relax(t, n * TF_HRUN, q, n, 1, t->nd[q].cost);
        return;
    }
    size_t reached = 0;
    for (size_t k = s; k <= n; k++) {
        int nl = k < n && (p->atoms[k].flags & A_NL);
        int brk = k < n && k > s &&
                  ((p->atoms[k].flags & A_BREAK) || (!t->ragged && (p->atoms[k].flags & A_SYL)));
        if (k == n || nl || brk) {
            size_t e = k;
            while (e > s && (p->atoms[e - 1].flags & A_SPACE))
                e--;
            if (tf_min_width(t, t->w[e] - t->w[s], t->sw[e] - t->sw[s]) > avail + EPS)
                break;
            tf_line(t, q, s, k, avail, k == n || nl);
            reached = k;
            if (k == n || nl)
                break;
        } else if (k > s && !(p->atoms[k].flags & A_SPACE) &&
                   tf_min_width(t, t->w[k + 1] - t->w[s], t->sw[k + 1] - t->sw[s]) > avail + EPS) {
            break;
        }
    }
    if (!reached) { /* the first word alone is too wide: break inside it */
        size_t next;
        int forced;
        size_t end = layout_find_break(t->env, p, s, avail, t->ragged ? 0 : SHRINK, &next, &forced);
        tf_relax(t, next * TF_HRUN, q, end, forced || next >= n, t->nd[q].cost + 100);
    }
}

/* Emits the lines along the best path; returns -1 when the end is unreachable. */
static int tf_emit(tf_state *t, layout_lines *out)
{
    size_t n = t->p->natoms, count = 0, best = n * TF_HRUN;
    for (size_t h = 1; h < TF_HRUN; h++)
        if (t->nd[n * TF_HRUN + h].cost < t->nd[best].cost)
            best = n * TF_HRUN + h;
    if (t->nd[best].cost >= TF_INF)
        return -1;
    for (size_t v = best; v >= TF_HRUN; v = t->nd[v].prev)
        count++;
    size_t *path = op_malloc((count + 1) * sizeof *path);
    size_t k = count;
    for (size_t v = best; v >= TF_HRUN; v = t->nd[v].prev)
        path[--k] = v;
    size_t q = 0;
    for (size_t i = 0; i < count; i++) {
        const tf_node *nd = &t->nd[path[i]];
        size_t s = layout_skip_spaces(t->p, q);
        if (s < nd->end)
            layout_emit_span(t->env, t->p, t->fmt, s, nd->end, path[i] / TF_HRUN, nd->forced,
                             q == 0, out);
        q = path[i] / TF_HRUN;
    }
    op_free(path);
    return 0;
}

int layout_total_fit(layout_textenv *env, layout_para *p, const layout_para_fmt *fmt, int ragged,
                     layout_lines *out)
{
    size_t n = p->natoms;
    if (n == 0 || n > TF_MAX_ATOMS || p->preserve)
        return -1;
    tf_state t = {.env = env, .p = p, .fmt = fmt, .ragged = ragged};
    t.w = op_malloc((n + 1) * sizeof *t.w);
    t.sw = op_malloc((n + 1) * sizeof *t.sw);
    t.gaps = op_malloc((n + 1) * sizeof *t.gaps);
    t.nsp = op_malloc((n + 1) * sizeof *t.nsp);
    t.nd = op_malloc((n + 1) * TF_HRUN * sizeof *t.nd);
    t.w[0] = t.sw[0] = 0;
    t.gaps[0] = t.nsp[0] = 0;
    for (size_t i = 0; i < n; i++) {
        int space = (p->atoms[i].flags & A_SPACE) != 0;
        t.w[i + 1] = t.w[i] + p->atoms[i].adv;
        t.sw[i + 1] = t.sw[i] + (space ? p->atoms[i].adv : 0);
        t.nsp[i + 1] = t.nsp[i] + (size_t)space;
        t.gaps[i + 1] = t.gaps[i] + (size_t)(i > 0 && layout_gap_break(p, i));
    }
    for (size_t i = 0; i < (n + 1) * TF_HRUN; i++)
        t.nd[i].cost = TF_INF;
    t.nd[0].cost = 0;
    for (size_t q = 0; q < n * TF_HRUN; q++)
        if (t.nd[q].cost < TF_INF)
            tf_from(&t, q);
    int rc = tf_emit(&t, out);
    op_free(t.w);
    op_free(t.sw);
    op_free(t.gaps);
    op_free(t.nsp);
    op_free(t.nd);
    return rc;
}
