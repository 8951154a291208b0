/* Layout without a PDF: line breaking through the layout_metrics interface (a fake
 * fixed-width font and the real font set through layout/metrics.c), break opportunities for
 * CJK and Korean, long words broken by character. The font set itself: test_font.c. */
#include "harness.h"
#include "doc_build.h"

#include "core/core.h"
#include "layout/box.h"
#include "layout/breaks.h"
#include "font/font_set.h"
#include "layout/hyph.h"
#include "layout/linebreak.h"
#include "offprint/export.h"
#include "offprint/style.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EN_DIC "/usr/share/hyphen/hyph_en_US.dic"

/*** A fake font: every glyph 500/1000 em, space 250, one face ***/

static int fake_face_for(void *ud, int role, uint32_t cp)
{
    (void)ud;
    (void)role;
    return cp > 0xFFFF ? -1 : 0;
}

static int fake_advance(void *ud, int face, uint32_t cp)
{
    (void)ud;
    (void)face;
    return cp == ' ' ? 250 : 500;
}

static int fake_covers(void *ud, int face, uint32_t cp)
{
    (void)ud;
    (void)face;
    return cp <= 0xFFFF;
}

static const layout_metrics fake = {NULL, fake_face_for, fake_advance, fake_covers,
                                    NULL, NULL,          NULL,         NULL};

typedef struct env_fixture {
    layout_doc doc;
    layout_textenv env;
    layout_para para;
    layout_lines lines;
} env_fixture;

static void fx_init(env_fixture *f, const layout_metrics *m)
{
    memset(f, 0, sizeof *f);
    f->doc.arena = op_arena_new();
    f->env.m = m;
    f->env.doc = &f->doc;
    layout_para_init(&f->para, 0);
}

static void fx_free(env_fixture *f)
{
    op_arena_free(f->doc.arena);
    op_free(f->doc.boxes);
    op_free(f->lines.v);
    layout_para_free(&f->para);
}

static float box_width(const layout_metrics *m, const layout_box *b)
{
    float w = 0;
    for (size_t i = 0; i < b->len;) {
        uint32_t cp = op_utf8_next(b->str, b->len, &i);
        w += (float)m->advance(m->ud, b->face, cp) * b->size / 1000.0f;
    }
    return w * (b->hscale > 0 ? b->hscale : 1); /* font expansion */
}

/* Right edge of a line's last text box. */
static float line_right(const env_fixture *f, const layout_line *ln)
{
    float r = 0;
    for (size_t i = ln->first; i < ln->first + ln->count; i++) {
        const layout_box *b = &f->doc.boxes[i];
        if (b->kind == LAYOUT_BOX_TEXT) {
            float e = b->x + box_width(f->env.m, b);
            r = e > r ? e : r;
        }
    }
    return r;
}

static void lay(env_fixture *f, const char *text, float width, layout_align align)
{
    layout_span sp = {.role = FONT_SERIF, .size = 10};
    layout_para_reset(&f->para);
    layout_para_add(&f->para, text, strlen(text), &sp);
    layout_para_fmt fmt = {.width = width, .lh = 14, .base = 10, .align = align};
    f->lines.n = 0;
    INT_EQ(layout_para_lines(&f->env, &f->para, &fmt, &f->lines), OP_OK);
}

/* Lines fit the measure; justified, every line but the last reaches it, unless it is too
 * loose to justify (badness over 10000), when it is set flush left at its natural width. */
static void check_lines(const env_fixture *f, float width, int justified, const char *what)
{
    for (size_t k = 0; k < f->lines.n; k++) {
        const layout_line *ln = &f->lines.v[k];
        float r = line_right(f, ln);
        OK(r <= width + 0.01f, "%s: line %zu overfull: %.3f > %.3f", what, k, r, width);
        if (justified && k + 1 < f->lines.n && ln->bad > 10000)
            OK(fabsf(r - ln->width) < 0.01f, "%s: line %zu (badness %.0f) ends at %.3f, not %.3f",
               what, k, ln->bad, r, ln->width);
        else if (justified && k + 1 < f->lines.n)
            OK(fabsf(r - width) < 0.01f, "%s: line %zu not justified: %.3f", what, k, r);
    }
}

static const char *text_en =
    "The quick brown fox jumps over the lazy dog while the typesetter measures every line "
    "and spreads the remaining space evenly between the words of a justified paragraph.";

/* A CJK line with a space in it is judged as it is set, by the stretch of its gaps between
 * characters, not of its one space: 8 + 10 ideographs with a space (92.5 of 100 pt) before a
 * Latin word that cannot join them. Judged by its space it had badness 9,500, so the line
 * before such a line was made loose instead (a Khmer paragraph's first line). */
static void test_cjk_line_with_space(void)
{
    env_fixture f;
    fx_init(&f, &fake);
    lay(&f,
        "\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587 "
        "\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587"
        "abcdefghij"
        "\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587"
        "\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587",
        100, LAYOUT_JUSTIFY);
    INT_EQ(f.lines.n, 3);
    if (f.lines.n == 3)
        OK(f.lines.v[0].bad < 2000, "line 1 badness %.0f (its gaps stretch, not only its space)",
           f.lines.v[0].bad);
    check_lines(&f, 100, 1, "cjk with a space");
    fx_free(&f);
}

/* Combining marks belong to their letter's word, so Indic words (vowel signs, viramas) and
 * accents written apart are one run for the hyphenation dictionaries. */
static void test_marks_in_words(void)
{
    INT_EQ(layout_cp_class(0x0B95), LAYOUT_CP_LOWER); /* Tamil KA */
    INT_EQ(layout_cp_class(0x0BBF), LAYOUT_CP_LOWER); /* Tamil vowel sign I (Mc) */
    INT_EQ(layout_cp_class(0x0BCD), LAYOUT_CP_LOWER); /* Tamil virama (Mn) */
    INT_EQ(layout_cp_class(0x0301), LAYOUT_CP_LOWER); /* combining acute */
    INT_EQ(layout_cp_class('-'), LAYOUT_CP_OTHER);
    INT_EQ(layout_cp_class(0x0BE7), LAYOUT_CP_DIGIT); /* Tamil digit one */
    OK(layout_cp_is_mark(0x0BCD) && layout_cp_is_mark(0x094D) && !layout_cp_is_mark(0x0B95),
       "marks");
}

static void test_fake_justify(void)
{
    env_fixture f;
    fx_init(&f, &fake);
    lay(&f, text_en, 100, LAYOUT_JUSTIFY); /* 20 glyphs of 5 pt per line at most */
    OK(f.lines.n > 5, "lines: %zu", f.lines.n);
    check_lines(&f, 100, 1, "fake");
    /* each box is one word: no spaces drawn */
    for (size_t i = 0; i < f.doc.nboxes; i++)
        OK(!memchr(f.doc.boxes[i].str, ' ', f.doc.boxes[i].len), "space in a run");
    /* ragged: the last line is not stretched */
    float last = line_right(&f, &f.lines.v[f.lines.n - 1]);
    OK(last < 100, "last line stretched: %.2f", last);
    fx_free(&f);
}

/* An initial stays with the word after it: no line ends with "N." of "N. Korean" or the
 * "J." of "J. Smith" (a tie, as TeX's "J.~Smith"), in ragged and justified text. */
static void test_initial_tie(void)
{
    env_fixture f;
    fx_init(&f, &fake);
    const char *texts[] = {"Talks on N. Korean threats go on.", "Talks by J. R. Smith go on."};
    for (int t = 0; t < 2; t++) {
        for (int al = 0; al < 2; al++) {
            lay(&f, texts[t], 55, al ? LAYOUT_LEFT : LAYOUT_JUSTIFY);
            for (size_t k = 0; k + 1 < f.lines.n; k++) {
                const layout_line *ln = &f.lines.v[k];
                const layout_box *b = &f.doc.boxes[ln->first + ln->count - 1];
                OK(!(b->len == 2 && b->str[1] == '.'), "line %zu of \"%s\" ends with \"%.*s\"", k,
                   texts[t], (int)b->len, b->str);
            }
        }
    }
    fx_free(&f);
}

static void test_fake_long_word(void)
{
    env_fixture f;
    fx_init(&f, &fake);
    char word[301];
    memset(word, 'x', 300);
    word[300] = '\0';
    lay(&f, word, 100, LAYOUT_JUSTIFY);
    INT_EQ(f.lines.n, 15); /* 300 glyphs, 20 per line */
    check_lines(&f, 100, 0, "long word");
    const char *url = "see https://example.org/a/very/long/path/that/never/ends/"
                      "and/keeps/going/on/and/on/index.html for details";
    lay(&f, url, 100, LAYOUT_JUSTIFY);
    check_lines(&f, 100, 0, "url");
    OK(f.lines.n >= 4, "url lines %zu", f.lines.n);
    /* the URL's lines end after a slash where one is near */
    int slash_ends = 0;
    for (size_t k = 0; k < f.lines.n; k++) {
        const layout_line *ln = &f.lines.v[k];
        const layout_box *b = &f.doc.boxes[ln->first + ln->count - 1];
        slash_ends += b->len && b->str[b->len - 1] == '/';
    }
    OK(slash_ends >= 2, "lines ending in '/': %d", slash_ends);
    fx_free(&f);
}

static void test_fake_newline_and_spaces(void)
{
    env_fixture f;
    fx_init(&f, &fake);
    layout_span sp = {.role = FONT_SERIF, .size = 10};
    layout_para_reset(&f.para);
    layout_para_add(&f.para, "  one   two\n\tthree ", 19, &sp);
    STR_EQ(f.para.text.data, "one two three ");
    layout_para_reset(&f.para);
    layout_para_add(&f.para, "\xC2\xA0 \xC2\xA0lead", 9, &sp);
    STR_EQ(f.para.text.data, "lead");
    layout_para_newline(&f.para, &sp);
    layout_para_add(&f.para, "four", 4, &sp);
    layout_para_fmt fmt = {.width = 500, .lh = 14, .base = 10, .align = LAYOUT_JUSTIFY};
    f.lines.n = 0;
    INT_EQ(layout_para_lines(&f.env, &f.para, &fmt, &f.lines), OP_OK);
    INT_EQ(f.lines.n, 2);
    /* a line ended by a forced break stays ragged */
    OK(line_right(&f, &f.lines.v[0]) < 100, "forced-break line justified");
    fx_free(&f);
}

/* `text<br>&nbsp;</p>` (a web editor's leftovers) sets no empty last line, nor do
 * trailing breaks; a break inside the paragraph still counts. */
static void test_trailing_breaks(void)
{
    env_fixture f;
    fx_init(&f, &fake);
    layout_span sp = {.role = FONT_SERIF, .size = 10};
    layout_para_fmt fmt = {.width = 500, .lh = 14, .base = 10, .align = LAYOUT_JUSTIFY};
    layout_para_reset(&f.para);
    layout_para_add(&f.para, "Thanks to all.", 14, &sp);
    layout_para_newline(&f.para, &sp);
    layout_para_add(&f.para, "\xC2\xA0", 2, &sp);
    layout_para_newline(&f.para, &sp);
    layout_para_add(&f.para, " ", 1, &sp);
    f.lines.n = 0;
    INT_EQ(layout_para_lines(&f.env, &f.para, &fmt, &f.lines), OP_OK);
    INT_EQ(f.lines.n, 1);
    layout_para_reset(&f.para);
    layout_para_add(&f.para, "one", 3, &sp);
    layout_para_newline(&f.para, &sp);
    layout_para_add(&f.para, "two\xC2\xA0", 5, &sp);
    f.lines.n = 0;
    INT_EQ(layout_para_lines(&f.env, &f.para, &fmt, &f.lines), OP_OK);
    INT_EQ(f.lines.n, 2);
    fx_free(&f);
}

/* Baseline (PDF y) of the first text box whose string starts with `s`, or -1. */
static float text_y(const layout_doc *d, const char *s)
{
    for (size_t i = 0; i < d->nboxes; i++) {
        const layout_box *b = &d->boxes[i];
        if (b->kind == LAYOUT_BOX_TEXT && b->len >= strlen(s) && memcmp(b->str, s, strlen(s)) == 0)
            return b->y;
    }
    return -1;
}

/* A bold phrase alone on a paragraph's first line is set as a subhead: more space under it
 * than between two lines of text; bold words that run on into the text stay in the line. */
static void test_lead_head(void)
{
    op_doc *doc = op_doc_new();
    op_node *root = op_doc_root(doc);
    para(doc, root, text_en);
    op_node *p = add(doc, root, OP_NODE_PARAGRAPH);
    text(doc, add(doc, p, OP_NODE_STRONG), "Leading head");
    add(doc, p, OP_NODE_LINE_BREAK);
    text(doc, p, "Bodytext starts here and runs on for a while.");
    op_node *q = add(doc, root, OP_NODE_PARAGRAPH);
    text(doc, add(doc, q, OP_NODE_STRONG), "Runin:");
    text(doc, q, " words on the same line");
    add(doc, q, OP_NODE_LINE_BREAK);
    text(doc, q, "Secondline after a break in plain text.");
    op_style *sheet = NULL; /* the base sheet alone: h5 { margin: 1.67em 0 } */
    INT_EQ(op_style_parse("", 0, "empty", NULL, &sheet), OP_OK);
    layout_opts o = {.page_w = 595, .page_h = 842, .metrics = &fake, .style = sheet};
    layout_doc *d = NULL;
    INT_EQ(layout_document(doc, &o, &d), OP_OK);
    float head = text_y(d, "Leading"), body = text_y(d, "Bodytext");
    float run = text_y(d, "Runin"), second = text_y(d, "Secondline");
    OK(head > 0 && body > 0 && run > 0 && second > 0, "boxes not found");
    float lh = run - second; /* a forced break inside a paragraph: one line height */
    OK(lh > 0, "line height %.2f", lh);
    OK(head - body > lh + 2, "head %.2f over text %.2f: no space under the head (lh %.2f)", head,
       body, lh);
    layout_doc_free(d);
    op_style_free(sheet);
    op_doc_free(doc);
}

/* Right edge of the text boxes on the baseline y (the fake font's widths). */
static float doc_line_right(const layout_doc *d, float y)
{
    float r = 0;
    for (size_t i = 0; i < d->nboxes; i++) {
        const layout_box *b = &d->boxes[i];
        if (b->kind != LAYOUT_BOX_TEXT || fabsf(b->y - y) > 0.01f)
            continue;
        float w = 0;
        for (size_t k = 0; k < b->len;) {
            uint32_t cp = op_utf8_next(b->str, b->len, &k);
            w += (float)fake_advance(NULL, 0, cp) * b->size / 1000.0f;
        }
        float e = b->x + w * (b->hscale > 0 ? b->hscale : 1);
        r = e > r ? e : r;
    }
    return r;
}

/* A line that cannot be justified at all (three short words before a long one: its two
 * spaces would grow to eight times their width) is set flush left and counted apart by
 * --stats; the paragraph's other lines are still justified. */
static void test_too_loose(void)
{
    env_fixture f;
    fx_init(&f, &fake);
    lay(&f, "Aaaaa Bbbbb Ccccc Ddddddddddd and then a few more short words to fill a line.", 100,
        LAYOUT_JUSTIFY);
    OK(f.lines.n >= 4, "lines: %zu", f.lines.n);
    float r0 = line_right(&f, &f.lines.v[0]);
    OK(fabsf(r0 - 80) < 0.01f, "line 1 ends at %.2f, not flush left at 80", r0);
    OK(f.lines.v[0].bad > 10000, "line 1 badness %.0f", f.lines.v[0].bad);
    INT_EQ(f.env.st_flush, 1);
    INT_EQ(f.env.st_just, f.lines.n - 2); /* all but the flush one and the last */
    check_lines(&f, 100, 1, "too loose");
    fx_free(&f);
}

/* A heading that wraps is justified with its last line ragged, as LaTeX sets one, when
 * its lines can be justified with modest stretch (many short words); one of three long words,
 * the first two with a wide gap between them, cannot be, and stays ragged. */
static void test_heading_justify(void)
{
    op_doc *doc = op_doc_new();
    op_node *root = op_doc_root(doc);
    para(doc, root, text_en);
    op_node *h = add(doc, root, OP_NODE_HEADING);
    op_node_set_level(h, 3);
    text(doc, h,
         "Jaa hab hac had hae haf hag hah hai haj hak hal ham han hao hap haq har has hat "
         "hau hav haw hax Jend");
    op_node *g = add(doc, root, OP_NODE_HEADING);
    op_node_set_level(g, 3);
    text(doc, g,
         "Raaaaaaaaaaaaaaaaaaaaaaaaaaaaa Rbbbbbbbbb "
         "Rccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccend");
    op_style *sheet = NULL;
    INT_EQ(op_style_parse("", 0, "empty", NULL, &sheet), OP_OK);
    layout_opts o = {.page_w = 595, .page_h = 842, .metrics = &fake, .style = sheet};
    layout_doc *d = NULL;
    INT_EQ(layout_document(doc, &o, &d), OP_OK);
    float body = 0; /* the column's right edge: the base sheet sets text ragged */
    for (size_t i = 0; i < d->nboxes && !body; i++)
        if (d->boxes[i].kind == LAYOUT_BOX_TEXT && memcmp(d->boxes[i].str, "The", 3) == 0)
            body = o.page_w - d->boxes[i].x;
    float j1 = text_y(d, "Jaa"), j2 = text_y(d, "Jend");
    float r1 = text_y(d, "Raaa"), r2 = text_y(d, "Rccc");
    OK(body > 0 && j1 > 0 && j2 > 0 && r1 > 0 && r2 > 0, "boxes not found");
    OK(j1 > j2 && r1 > r2, "the headings do not wrap: %.1f %.1f, %.1f %.1f", j1, j2, r1, r2);
    OK(fabsf(doc_line_right(d, j1) - body) < 0.05f, "heading line 1 ends at %.2f, the text at %.2f",
       doc_line_right(d, j1), body);
    OK(doc_line_right(d, j2) < body - 5, "last line justified: %.2f", doc_line_right(d, j2));
    OK(doc_line_right(d, r1) < body - 5, "a two-word line was justified: %.2f (text %.2f)",
       doc_line_right(d, r1), body);
    layout_doc_free(d);
    op_style_free(sheet);
    op_doc_free(doc);
}

/* A heading that can be justified only with a hyphen (twelve short words, then a long
 * one) gets it when its style says `hyphens: auto`, as TeX's second pass would; with the
 * base sheet's `hyphens: manual` (and without dictionaries) it stays ragged and whole. */
static void test_heading_hyphens(void)
{
    if (!need_file(EN_DIC, "Debian hyphen-en-us"))
        return;
    static const char *const css[3] = {"", "h3 { hyphens: auto }", "h3 { hyphens: auto }"};
    for (int t = 0; t < 3; t++) {
        op_doc *doc = op_doc_new();
        op_node *root = op_doc_root(doc);
        para(doc, root, text_en);
        op_node *h = add(doc, root, OP_NODE_HEADING);
        op_node_set_level(h, 3);
        text(doc, h,
             "Jaaaa wordy wordy wordy wordy wordy wordy wordy wordy wordy wordy wordy wordy "
             "recommended and Jend");
        op_style *sheet = NULL;
        INT_EQ(op_style_parse(css[t], strlen(css[t]), "t", NULL, &sheet), OP_OK);
        layout_opts o = {.page_w = 595,
                         .page_h = 842,
                         .metrics = &fake,
                         .style = sheet,
                         .lang = "en",
                         .no_hyphenate = t == 2};
        layout_doc *d = NULL;
        INT_EQ(layout_document(doc, &o, &d), OP_OK);
        float body = 0;
        for (size_t i = 0; i < d->nboxes && !body; i++)
            if (d->boxes[i].kind == LAYOUT_BOX_TEXT && memcmp(d->boxes[i].str, "The", 3) == 0)
                body = o.page_w - d->boxes[i].x;
        float y1 = text_y(d, "Jaaaa"), y2 = text_y(d, "Jend");
        OK(body > 0 && y1 > 0 && y2 > 0 && y1 > y2, "test %d: the heading does not wrap", t);
        int hyph = 0;
        for (size_t i = 0; i < d->nboxes; i++) {
            const layout_box *b = &d->boxes[i];
            if (b->kind == LAYOUT_BOX_TEXT && fabsf(b->y - y1) < 0.01f && b->len &&
                b->str[b->len - 1] == '-')
                hyph = 1;
        }
        float r1 = doc_line_right(d, y1);
        if (t == 1) {
            OK(hyph, "hyphens: auto: line 1 has no hyphen");
            OK(fabsf(r1 - body) < 0.05f, "hyphens: auto: line 1 ends at %.2f, the text at %.2f", r1,
               body);
        } else {
            OK(!hyph, "test %d: a heading hyphenated against its style", t);
            OK(r1 < body - 5, "test %d: line 1 justified without a hyphen: %.2f", t, r1);
        }
        layout_doc_free(d);
        op_style_free(sheet);
        op_doc_free(doc);
    }
}

/* Rules of a 3 x 2 table (a header row) laid out with `css`: horizontal and vertical
 * ones, those of colour rgb, and the backgrounds of that colour. */
static void table_rules(const char *css, uint32_t rgb, int *hz, int *vt, int *of_rgb, int *rects)
{
    op_doc *doc = op_doc_new();
    op_node *t = add(doc, op_doc_root(doc), OP_NODE_TABLE);
    for (int r = 0; r < 3; r++) {
        op_node *row = add(doc, t, OP_NODE_TABLE_ROW);
        for (int k = 0; k < 2; k++) {
            op_node *cell = add(doc, row, OP_NODE_TABLE_CELL);
            op_node_set_cell(cell, r == 0, 0);
            text(doc, cell, r == 0 ? "Head" : "cell");
        }
    }
    op_style *sheet = NULL;
    INT_EQ(op_style_parse(css, strlen(css), "t.css", NULL, &sheet), OP_OK);
    layout_opts o = {.page_w = 595, .page_h = 842, .metrics = &fake, .style = sheet};
    layout_doc *d = NULL;
    INT_EQ(layout_document(doc, &o, &d), OP_OK);
    *hz = *vt = *of_rgb = *rects = 0;
    for (size_t i = 0; i < d->nboxes; i++) {
        const layout_box *b = &d->boxes[i];
        *rects += b->kind == LAYOUT_BOX_RECT && b->rgb == rgb;
        if (b->kind != LAYOUT_BOX_RULE || b->size <= 0)
            continue;
        *hz += b->w != 0;
        *vt += b->h != 0;
        *of_rgb += b->rgb == rgb;
    }
    layout_doc_free(d);
    op_style_free(sheet);
    op_doc_free(doc);
}

/* Table borders come from the theme: the base sheet's booktabs rules, a full grid (the
 * wider border winning where two meet), none at all, separate boxes per cell. */
static void test_table_borders(void)
{
    int hz, vt, n, r;
    table_rules("", 0x000000, &hz, &vt, &n, &r); /* top, under the head, between, bottom */
    OK(hz == 4 && vt == 0 && n == 3, "booktabs: %d %d %d", hz, vt, n);
    table_rules("table { border: 1pt solid #0000ff } td, th { border: 0.5pt solid #ff0000 }",
                0x0000ff, &hz, &vt, &n, &r);
    /* 4 horizontal (2 of them the table's), 3 vertical per row (2 the table's) */
    OK(hz == 4 && vt == 9 && n == 2 + 6, "grid: %d %d %d", hz, vt, n);
    table_rules("table, td, th { border: none } thead th { background: #eeeeee }", 0xeeeeee, &hz,
                &vt, &n, &r);
    OK(hz == 0 && vt == 0, "none: %d %d", hz, vt);
    INT_EQ(r, 2); /* the header row's two cells painted */
    table_rules("table { border-collapse: separate; border-spacing: 3pt; border: none }\n"
                "td, th { border: 1pt solid #00aa00 }",
                0x00aa00, &hz, &vt, &n, &r);
    OK(hz == 12 && vt == 12 && n == 24, "separate: %d %d %d", hz, vt, n);
}

/* A paragraph and a table of two label columns and a prose column on a page page_w wide
 * with margins of `margin`; returns the layout. */
static layout_doc *prose_table(float page_w, const char *margin, op_doc **docp, op_style **sheetp)
{
    static const char *label = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
    static const char *prose =
        "Prose begins here and the cell runs on for many words of varied length, so that "
        "its column needs a measure of its own: a typesetter would rather set it justified "
        "than leave a ragged edge beside the narrow labels, which wrap without trouble";
    op_doc *doc = op_doc_new();
    para(doc, op_doc_root(doc), "Bodytext above the table.");
    op_node *t = add(doc, op_doc_root(doc), OP_NODE_TABLE);
    op_node *row = add(doc, t, OP_NODE_TABLE_ROW);
    text(doc, add(doc, row, OP_NODE_TABLE_CELL), label);
    text(doc, add(doc, row, OP_NODE_TABLE_CELL), label);
    text(doc, add(doc, row, OP_NODE_TABLE_CELL), prose);
    char css[256];
    snprintf(css, sizeof css, "@page { margin: %s }", margin);
    INT_EQ(op_style_parse(css, strlen(css), "t.css", NULL, sheetp), OP_OK);
    layout_opts o = {.page_w = page_w, .page_h = 842, .metrics = &fake, .style = *sheetp};
    layout_doc *d = NULL;
    INT_EQ(layout_document(doc, &o, &d), OP_OK);
    *docp = doc;
    return d;
}

/* A prose column gets a prose measure (25 em), the table reaching into the margins for
 * it, and its cells are set justified; where the margins have no room for that, the table
 * stays in the text column and the cell ragged (no line's glyphs expanded). */
static void test_table_prose_column(void)
{
    op_doc *doc;
    op_style *sheet;
    layout_doc *d = prose_table(595, "40mm", &doc, &sheet);
    float y1 = text_y(d, "Prose"), x0 = 595, px = 0, size = 0;
    for (size_t i = 0; i < d->nboxes; i++) {
        const layout_box *b = &d->boxes[i];
        if (b->kind != LAYOUT_BOX_TEXT)
            continue;
        x0 = b->x < x0 ? b->x : x0;
        if (b->len >= 5 && memcmp(b->str, "Prose", 5) == 0) {
            px = b->x;
            size = b->size;
        }
    }
    float y2 = y1 - 1, r1 = doc_line_right(d, y1), r2 = 0;
    for (size_t i = 0; i < d->nboxes; i++) /* the prose cell's second line */
        if (d->boxes[i].kind == LAYOUT_BOX_TEXT && d->boxes[i].y < y1 - 1 &&
            d->boxes[i].y > y2 - 100 && (r2 == 0 || d->boxes[i].y > y2))
            y2 = d->boxes[i].y, r2 = 1;
    r2 = doc_line_right(d, y2);
    OK(y1 > 0 && px > 0 && size > 0, "prose cell not found");
    OK(x0 < 40 * 72 / 25.4f - 1, "the table stays in the text column (left %.1f)", x0);
    OK(r1 - px >= 25 * size - 0.5f, "prose measure %.1f, %.1f em", r1 - px, (r1 - px) / size);
    OK(fabsf(r1 - r2) < 0.05f, "prose lines not justified: %.2f %.2f", r1, r2);
    layout_doc_free(d);
    op_style_free(sheet);
    op_doc_free(doc);
    /* a page 130 mm wide has no room for it: the widths stay, the cell is ragged */
    d = prose_table(130 * 72 / 25.4f, "20mm", &doc, &sheet);
    x0 = 595;
    int expanded = 0;
    for (size_t i = 0; i < d->nboxes; i++) {
        const layout_box *b = &d->boxes[i];
        if (b->kind == LAYOUT_BOX_TEXT && b->y > 100 && b->str[0] != 'B') { /* table text */
            x0 = b->x < x0 ? b->x : x0;
            expanded += b->hscale != 0 && b->hscale != 1;
        }
    }
    float bx = 0;
    for (size_t i = 0; i < d->nboxes && !bx; i++)
        if (d->boxes[i].kind == LAYOUT_BOX_TEXT && d->boxes[i].str[0] == 'B')
            bx = d->boxes[i].x;
    OK(x0 > bx, "the table reaches into the margin: %.1f, text at %.1f", x0, bx);
    INT_EQ(expanded, 0);
    layout_doc_free(d);
    op_style_free(sheet);
    op_doc_free(doc);
}

/* A 3-column table on an A5 page whose third column holds `src` (a URL); lays it out with
 * the fake font and returns the layout. */
static layout_doc *url_table(const char *src, op_doc **docp, op_style **sheetp)
{
    static const char *cells[3][2] = {
        {"Name", "Description"},
        {"Alpha project", "A library for parsing documents and extracting content"},
        {"Beta tooling", "Command line utilities for conversion"}};
    op_doc *doc = op_doc_new();
    para(doc, op_doc_root(doc), "Bodytext above the table.");
    op_node *t = add(doc, op_doc_root(doc), OP_NODE_TABLE);
    for (int r = 0; r < 3; r++) {
        op_node *row = add(doc, t, OP_NODE_TABLE_ROW);
        for (int k = 0; k < 3; k++) {
            op_node *cell = add(doc, row, OP_NODE_TABLE_CELL);
            op_node_set_cell(cell, r == 0, 0);
            text(doc, cell, k < 2 ? cells[r][k] : r == 0 ? "Source" : r == 1 ? src : "x.org");
        }
    }
    INT_EQ(op_style_parse("", 0, "t.css", NULL, sheetp), OP_OK);
    layout_opts o = {.page_w = 420, .page_h = 595, .metrics = &fake, .style = *sheetp};
    layout_doc *d = NULL;
    INT_EQ(layout_document(doc, &o, &d), OP_OK);
    *docp = doc;
    return d;
}

/* 1 when s[0, len) is one of the words of the table's first two columns (or of the text). */
static int table_word(const char *s, size_t len)
{
    static const char *words = " Bodytext above the table. Name Description Alpha project A "
                               "library for parsing documents and extracting content Beta "
                               "tooling Command line utilities conversion Source x.org ";
    for (const char *w = strstr(words, " "); w && w[1]; w = strstr(w + 1, " ")) {
        const char *e = strchr(w + 1, ' ');
        if ((size_t)(e - w - 1) == len && memcmp(w + 1, s, len) == 0)
            return 1;
    }
    return 0;
}

/* A long unbreakable run (a 250-character URL) in one cell takes what the other columns
 * leave: their words stay whole, the table keeps its size and the text column, and the
 * URL is broken wherever it must be, every character drawn once. */
static void test_table_long_run(void)
{
    char url[251] = "https://example.org/";
    for (size_t i = strlen(url); i < 250; i++)
        url[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789"[(i * 7) % 46];
    url[250] = 0;
    op_doc *doc;
    op_style *sheet;
    layout_doc *d = url_table("https://x.org/a", &doc, &sheet);
    float size = 0; /* the table's text size without the long URL */
    for (size_t i = 0; i < d->nboxes && !size; i++)
        if (d->boxes[i].kind == LAYOUT_BOX_TEXT && d->boxes[i].str[0] == 'N')
            size = d->boxes[i].size;
    layout_doc_free(d);
    op_style_free(sheet);
    op_doc_free(doc);

    d = url_table(url, &doc, &sheet);
    char got[512] = "";
    float bx = -1, x0 = 420, x1 = 0;
    int broken = 0;
    for (size_t i = 0; i < d->nboxes; i++) {
        const layout_box *b = &d->boxes[i];
        if (b->kind != LAYOUT_BOX_TEXT || b->str[0] == '1')
            continue; /* the folio, "1 / 1" */
        if (bx < 0)
            bx = b->x; /* "Bodytext": the text column's left edge */
        float w = 0;
        for (size_t k = 0; k < b->len;) {
            uint32_t cp = op_utf8_next(b->str, b->len, &k);
            w += (float)fake_advance(NULL, 0, cp) * b->size / 1000.0f;
        }
        x0 = b->x < x0 ? b->x : x0;
        x1 = b->x + w > x1 ? b->x + w : x1;
        for (size_t a = 0, e; a < b->len; a = e + 1) { /* its words */
            const char *sp = memchr(b->str + a, ' ', b->len - a);
            e = sp ? (size_t)(sp - b->str) : b->len;
            if (e == a || table_word(b->str + a, e - a))
                continue;
            if (strlen(got) + (e - a) < sizeof got)
                strncat(got, b->str + a, e - a);
            else
                broken++;
            if (b->str[a] != 'h' && b->str[a] != 'e' && strchr(url + 19, b->str[a]) == NULL)
                broken++;
        }
        OK(b->str[0] == 'B' || b->size == size, "text size %.2f, without the URL %.2f", b->size,
           size);
    }
    STR_EQ(got, url);
    INT_EQ(broken, 0);
    OK(x0 >= bx - 0.01f && x1 <= 420 - bx + 0.01f, "table from %.1f to %.1f, text from %.1f", x0,
       x1, bx);
    layout_doc_free(d);
    op_style_free(sheet);
    op_doc_free(doc);
}

/*** Hyphenation in the breaker ***/

/* 1 when line k ends in a hyphen the breaker added (its last box ends in '-'). */
static int line_hyphenated(const env_fixture *f, size_t k)
{
    const layout_line *ln = &f->lines.v[k];
    for (size_t i = ln->first + ln->count; i > ln->first; i--) {
        const layout_box *b = &f->doc.boxes[i - 1];
        if (b->kind == LAYOUT_BOX_TEXT)
            return b->len && b->str[b->len - 1] == '-';
    }
    return 0;
}

/* Longest run of consecutive hyphenated lines; *total gets their number. */
static int hyphen_run(const env_fixture *f, int *total)
{
    int run = 0, best = 0;
    *total = 0;
    for (size_t k = 0; k < f->lines.n; k++) {
        int h = line_hyphenated(f, k);
        *total += h;
        run = h ? run + 1 : 0;
        best = run > best ? run : best;
    }
    return best;
}

static const char *text_long_words =
    "Internationalization representatives characteristically misunderstood "
    "responsibilities, notwithstanding extraordinary institutionalization, "
    "and telecommunications organizations overwhelmingly recommended "
    "comprehensive reconsideration of unquestionably counterproductive "
    "administrative regulations concerning environmental considerations.";

static void test_hyphen_limit(void)
{
    if (!need_file(EN_DIC, "Debian hyphen-en-us"))
        return;
    env_fixture f;
    fx_init(&f, &fake);
    layout_hyph *h = layout_hyph_new(NULL);
    f.env.hyph = h;
    f.env.lang = "en";
    int total, best = 0, any_two = 0;
    /* long words in narrow measures: hyphens are worth a lot, yet never three in a row */
    for (float width = 80; width <= 200; width += 7.5f) {
        lay(&f, text_long_words, width, LAYOUT_JUSTIFY);
        check_lines(&f, width, 0, "long words"); /* one-word lines cannot be justified */
        int run = hyphen_run(&f, &total);
        OK(run <= 2, "width %.1f: %d hyphenated lines in a row", width, run);
        best = total > best ? total : best;
        any_two |= run == 2;
        OK(!line_hyphenated(&f, f.lines.n - 1), "last line ends in a hyphen");
    }
    OK(best >= 3, "at most %d hyphenated lines in any measure", best);
    OK(any_two, "never two hyphenated lines in a row: the limit was not tested");
    /* the pieces put back together give the text */
    lay(&f, text_long_words, 110, LAYOUT_JUSTIFY);
    op_buf b;
    op_buf_init(&b, 0);
    for (size_t k = 0; k < f.lines.n; k++) {
        const layout_line *ln = &f.lines.v[k];
        for (size_t i = ln->first; i < ln->first + ln->count; i++) {
            const layout_box *bx = &f.doc.boxes[i];
            if (bx->kind != LAYOUT_BOX_TEXT)
                continue;
            size_t len = bx->len;
            if (i + 1 == ln->first + ln->count && line_hyphenated(&f, k))
                len--; /* the added hyphen */
            if (b.len && i != ln->first)
                op_buf_addc(&b, ' ');
            else if (b.len && !line_hyphenated(&f, k - 1))
                op_buf_addc(&b, ' ');
            op_buf_add(&b, bx->str, len);
        }
    }
    STR_EQ(b.data, text_long_words);
    op_buf_free(&b);
    /* without dictionaries no line ends in a hyphen */
    f.env.hyph = NULL;
    lay(&f, text_long_words, 110, LAYOUT_JUSTIFY);
    hyphen_run(&f, &total);
    INT_EQ(total, 0);
    layout_hyph_free(h);
    fx_free(&f);
}

/* A heading (fmt.heading) never ends on the tail of a hyphenated word alone ("Declut- /
 * tering"), in any measure: total fit finds other breaks or, when none is within the
 * tolerance, reports that it fell back to first fit. Body text may end so. */
static void test_heading_tail(void)
{
    if (!need_file(EN_DIC, "Debian hyphen-en-us"))
        return;
    env_fixture f;
    fx_init(&f, &fake);
    layout_hyph *h = layout_hyph_new(NULL);
    f.env.hyph = h;
    f.env.lang = "en";
    const char *t = "Make a List of Everything You Own and Do Some Decluttering";
    layout_span sp = {.role = FONT_SERIF, .size = 10};
    int tails[2] = {0, 0}, fits = 0;
    for (int heading = 0; heading < 2; heading++) {
        for (float width = 60; width <= 300; width += 0.5f) {
            layout_para_reset(&f.para);
            layout_para_add(&f.para, t, strlen(t), &sp);
            layout_para_fmt fmt = {.width = width,
                                   .lh = 14,
                                   .base = 10,
                                   .align = LAYOUT_JUSTIFY,
                                   .tolerance = 100,
                                   .heading = heading};
            f.lines.n = 0;
            INT_EQ(layout_para_lines(&f.env, &f.para, &fmt, &f.lines), OP_OK);
            size_t n = f.lines.n;
            if (f.lines.first_fit) {
                fits += heading;
                continue;
            }
            if (n >= 2 && line_hyphenated(&f, n - 2) && f.lines.v[n - 1].count == 1)
                tails[heading]++;
        }
    }
    OK(tails[0] > 0, "no measure ends body text on a word's tail: the rule was not tested");
    INT_EQ(tails[1], 0);
    OK(fits > 0, "the heading always found breaks: first_fit was not tested");
    layout_hyph_free(h);
    fx_free(&f);
}

/* Text boxes of a laid-out document that end in a hyphen the breaker added (a word split
 * by the dictionary: a letter before the hyphen). */
static int doc_hyphens(const layout_doc *d)
{
    int n = 0;
    for (size_t i = 0; i < d->nboxes; i++) {
        const layout_box *b = &d->boxes[i];
        n += b->kind == LAYOUT_BOX_TEXT && b->len >= 2 && b->str[b->len - 1] == '-' &&
             b->str[b->len - 2] >= 'a' && b->str[b->len - 2] <= 'z';
    }
    return n;
}

/* Layout never guesses a language: a document that declares none is not hyphenated. The
 * pipeline guesses one first (op_convert: op_lang_guess on op_doc_text_new): English text
 * then gets the hyphens of lang "en", Latin filler (which the English dictionary would
 * split) none, on a page narrow enough for hyphens. */
static void test_guess_lang(void)
{
    if (!need_file(EN_DIC, "Debian hyphen-en-us"))
        return;
    static const char *const texts[2] = {
        "It is the responsibility of the representatives to discuss the extraordinary "
        "institutionalization of the administrative regulations, and it was with considerable "
        "hesitation that they were recommending the comprehensive reconsideration of an "
        "unquestionably counterproductive arrangement. This is what we have from them, and "
        "it is not what the organizations had in mind for the international conferences. ",
        "Consectetur adipiscing elit sed eiusmod tempor incididunt labore dolore magna "
        "aliqua enim minim veniam quisnostrud exercitation ullamco laboris nisialiquip "
        "commodo consequat duis aute irure dolor reprehenderit voluptate velit esse cillum "
        "dolore fugiatnulla pariatur excepteur sint occaecat cupidatat proident sunt culpa "
        "officia deserunt mollit anim laborum perspiciatis unde omnis natus error sit "};
    op_style *sheet = NULL;
    const char *css = "body { text-align: justify }";
    INT_EQ(op_style_parse(css, strlen(css), "t", NULL, &sheet), OP_OK);
    enum { NONE, GUESSED, DECLARED };
    int hy[2][3];
    for (int t = 0; t < 2; t++) {
        for (int how = NONE; how <= DECLARED; how++) {
            op_doc *doc = op_doc_new();
            op_node *root = op_doc_root(doc);
            for (int k = 0; k < 3; k++)
                para(doc, root, texts[t]);
            size_t len = 0;
            char *text = op_doc_text_new(doc, &len);
            layout_opts o = {.page_w = 250, .page_h = 842, .metrics = &fake, .style = sheet};
            o.lang = how == DECLARED ? "en" : how == GUESSED ? op_lang_guess(text, len) : NULL;
            layout_doc *d = NULL;
            INT_EQ(layout_document(doc, &o, &d), OP_OK);
            hy[t][how] = doc_hyphens(d);
            layout_doc_free(d);
            op_free(text);
            op_doc_free(doc);
        }
    }
    OK(hy[0][DECLARED] > 0 && hy[1][DECLARED] > 0, "lang en: %d and %d hyphens: nothing to test",
       hy[0][DECLARED], hy[1][DECLARED]);
    INT_EQ(hy[0][NONE], 0);
    INT_EQ(hy[1][NONE], 0);
    INT_EQ(hy[0][GUESSED], hy[0][DECLARED]);
    INT_EQ(hy[1][GUESSED], 0);
    op_style_free(sheet);
}

/* Numbers, URLs, acronyms, CamelCase, code and words with hyphens keep their letters. */
static void test_hyphen_exclusions(void)
{
    if (!need_file(EN_DIC, "Debian hyphen-en-us"))
        return;
    env_fixture f;
    fx_init(&f, &fake);
    layout_hyph *h = layout_hyph_new(NULL);
    f.env.hyph = h;
    f.env.lang = "en";
    const char *texts[] = {
        "internationalization2024 representatives1999 responsibilities42 comprehensive7",
        "INTERNATIONALIZATION REPRESENTATIVES RESPONSIBILITIES COMPREHENSIVENESS",
        "InternationalizationManager RepresentativeFactory ResponsibilityChain",
        "www.internationalization.org representatives@example.com "
        "responsibilities/comprehensive/considerations",
        "well-intentioned-representatives self-responsibilities"};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        for (float width = 60; width <= 160; width += 10) {
            lay(&f, texts[t], width, LAYOUT_JUSTIFY);
            int total;
            hyphen_run(&f, &total);
            for (size_t k = 0; k + 1 < f.lines.n && t < 4; k++)
                OK(!line_hyphenated(&f, k), "text %zu width %.0f line %zu hyphenated", t, width, k);
            if (t == 4) /* only the explicit hyphens end lines */
                for (size_t k = 0; k < f.doc.nboxes; k++)
                    OK(f.doc.boxes[k].len < 2 ||
                           memcmp(f.doc.boxes[k].str + f.doc.boxes[k].len - 2, "l-", 2) != 0 ||
                           strstr(texts[t], f.doc.boxes[k].str) != NULL,
                       "added hyphen in %.*s", (int)f.doc.boxes[k].len, f.doc.boxes[k].str);
        }
    }
    /* code is never hyphenated */
    layout_span sp = {.role = FONT_MONO, .size = 10};
    layout_para_reset(&f.para);
    layout_para_add(&f.para, text_long_words, strlen(text_long_words), &sp);
    layout_para_fmt fmt = {.width = 110, .lh = 14, .base = 10, .align = LAYOUT_JUSTIFY};
    f.lines.n = 0;
    INT_EQ(layout_para_lines(&f.env, &f.para, &fmt, &f.lines), OP_OK);
    int total;
    hyphen_run(&f, &total);
    INT_EQ(total, 0);
    layout_hyph_free(h);
    fx_free(&f);
}

/* --no-justify: body text ragged right, lines never overfull, still hyphenated sparingly. */
static void test_ragged_body(void)
{
    env_fixture f;
    fx_init(&f, &fake);
    f.env.ragged = 1;
    lay(&f, text_en, 100, LAYOUT_JUSTIFY);
    check_lines(&f, 100, 0, "ragged");
    int short_lines = 0;
    for (size_t k = 0; k + 1 < f.lines.n; k++)
        short_lines += line_right(&f, &f.lines.v[k]) < 99;
    OK(short_lines >= 2, "ragged lines reaching the margin: %d short", short_lines);
    for (size_t i = 0; i < f.doc.nboxes; i++)
        OK(f.doc.boxes[i].hscale == 0 || f.doc.boxes[i].hscale == 1, "expanded ragged line");
    fx_free(&f);
}

/* Lines of Japanese with Latin words that fit only by shrinking: the glyphs shrink with
 * the spaces (font expansion), words never overlap (a bug once squeezed the spaces away). */
static void test_mixed_cjk_no_overlap(void)
{
    env_fixture f;
    fx_init(&f, &fake);
    const char *text = "\xE5\x85\xAC\xE8\xA1\x86\xE7\x84\xA1\xE7\xB7\x9A LAN "
                       "\xE3\x82\x92\xE5\xAE\x89\xE5\x85\xA8\xE3\x81\xAB "
                       "\xE3\x80\x8CTrend Micro Smart Protection Network\xE3\x80\x8D"
                       "\xEF\xBC\x88SPN\xEF\xBC\x89\xE3\x81\x8C\xE9\x80\xA3\xE6\x90\xBA"
                       "\xE3\x81\x99\xE3\x82\x8B\xE3\x81\x93\xE3\x81\xA8\xE3\x81\xA7 "
                       "\xE5\x85\xAC\xE8\xA1\x86\xE7\x84\xA1\xE7\xB7\x9A Wi-Fi "
                       "\xE3\x82\x92\xE5\xAE\x89\xE5\x85\xA8\xE3\x81\xAB";
    for (float width = 60; width <= 240; width += 3.7f) {
        lay(&f, text, width, LAYOUT_JUSTIFY);
        check_lines(&f, width, 0, "mixed");
        for (size_t k = 0; k < f.lines.n; k++) {
            const layout_line *ln = &f.lines.v[k];
            for (size_t i = ln->first; i + 1 < ln->first + ln->count; i++) {
                const layout_box *a = &f.doc.boxes[i], *b = &f.doc.boxes[i + 1];
                if (a->kind != LAYOUT_BOX_TEXT || b->kind != LAYOUT_BOX_TEXT)
                    continue;
                float gap = b->x - (a->x + box_width(f.env.m, a));
                OK(gap > -0.01f, "width %.1f line %zu: '%.*s' overlaps '%.*s' by %.2f", width, k,
                   (int)a->len, a->str, (int)b->len, b->str, -gap);
                if (a->len && a->str[a->len - 1] >= 'a' && a->str[a->len - 1] <= 'z' &&
                    b->str[0] >= 'A' && b->str[0] <= 'Z')
                    OK(gap > 1.0f, "width %.1f: no space between '%.*s' and '%.*s'", width,
                       (int)a->len, a->str, (int)b->len, b->str);
            }
        }
    }
    fx_free(&f);
}

/*** Breaks ***/

static void test_breaks_cjk(void)
{
    const char *ko = "대한민국의 수도는 서울이다";
    size_t len = strlen(ko);
    unsigned char *brk = calloc(len, 1);
    INT_EQ(layout_breaks(ko, len, "ko", brk), OP_OK);
    int n = 0, syl = 0;
    for (size_t i = 0; i < len; i++) {
        n += brk[i] == LAYOUT_BRK_ALLOWED;
        syl += brk[i] == LAYOUT_BRK_SYLLABLE;
    }
    INT_EQ(n, 2); /* keep-all: Korean breaks at spaces, ... */
    /* ... and between syllables only as a fallback, two syllables at least on each side:
     * 대한|민국의 대한민|국의 서울|이다 */
    INT_EQ(syl, 3);
    INT_EQ(brk[6], LAYOUT_BRK_SYLLABLE);
    INT_EQ(brk[3], 0);
    free(brk);
    const char *ko2 = "2023년 12,000톤 OECD가 ok"; /* digits and Latin stay with Hangul */
    len = strlen(ko2);
    brk = calloc(len, 1);
    INT_EQ(layout_breaks(ko2, len, "ko", brk), OP_OK);
    n = 0;
    for (size_t i = 0; i < len; i++)
        n += brk[i] != 0;
    INT_EQ(n, 3);
    free(brk);
    /* brackets and quotes stay with the word they are written in: 단어(UAX #14)가 and
     * “인용”과 break only at their spaces */
    const char *ko3 = "긴 단어(UAX #14)가 “인용”과 끝";
    len = strlen(ko3);
    brk = calloc(len, 1);
    INT_EQ(layout_breaks(ko3, len, "ko", brk), OP_OK);
    n = 0;
    for (size_t i = 0; i < len; i++)
        n += brk[i] == LAYOUT_BRK_ALLOWED;
    INT_EQ(n, 4); /* after the spaces: before 단어(UAX, #14)가, “인용”과 and 끝 */
    OK(brk[strstr(ko3, "(") - ko3] == 0, "no break before an opening bracket after Hangul");
    OK(brk[strstr(ko3, "가") - ko3] == 0, "no break before a particle after a bracket");
    OK(brk[strstr(ko3, "과") - ko3] == 0, "no break before a particle after a quote");
    free(brk);
    const char *zh = "人人生而自由在尊严和权利上一律平等";
    len = strlen(zh);
    brk = calloc(len, 1);
    INT_EQ(layout_breaks(zh, len, NULL, brk), OP_OK);
    n = 0;
    for (size_t i = 0; i < len; i++)
        n += brk[i] != 0;
    OK(n >= 10, "Chinese breaks between ideographs: %d", n);
    free(brk);
    const char *en = "Hello world, line\nnext";
    len = strlen(en);
    brk = calloc(len, 1);
    INT_EQ(layout_breaks(en, len, "en", brk), OP_OK);
    INT_EQ(brk[6], LAYOUT_BRK_ALLOWED); /* before "world" */
    INT_EQ(brk[2], 0);
    INT_EQ(brk[18], LAYOUT_BRK_HARD); /* after the newline */
    free(brk);
}

/*** Real fonts ***/

static font_set *load_fonts(void)
{
    font_set *fonts = NULL;
    op_status st = font_set_load(NULL, NULL, &fonts);
    OK(st == OP_OK, "fonts: %s", op_status_str(st));
    return fonts;
}

static void test_real_lines(void)
{
    font_set *fonts = load_fonts();
    if (!fonts)
        return;
    layout_metrics m;
    layout_metrics_init(fonts, &m);
    env_fixture f;
    fx_init(&f, &m);
    lay(&f, text_en, 200, LAYOUT_JUSTIFY);
    check_lines(&f, 200, 1, "latin");
    lay(&f,
        "한국어 문장은 어절 단위로 띄어 쓰며, 줄 바꿈은 음절 사이에서도 일어날 수 있습니다. "
        "이 문단은 나눔명조로 조판되어야 합니다.",
        120, LAYOUT_JUSTIFY);
    OK(f.lines.n >= 3, "Korean lines %zu", f.lines.n);
    check_lines(&f, 120, 1, "korean");
    lay(&f, "人人生而自由在尊严和权利上一律平等人人生而自由在尊严和权利上一律平等", 100,
        LAYOUT_JUSTIFY);
    OK(f.lines.n >= 3, "CJK lines %zu", f.lines.n);
    check_lines(&f, 100, 1, "cjk");
    /* a Greek word is set in one font even though Charis has some of its letters */
    lay(&f, "λόγος", 500, LAYOUT_LEFT);
    INT_EQ(f.doc.nboxes > 0 ? f.doc.boxes[f.doc.nboxes - 1].len : 0, strlen("λόγος"));
    OK(f.doc.nboxes &&
           strstr(font_set_path(fonts, f.doc.boxes[f.doc.nboxes - 1].face), "LiberationSerif"),
       "Greek word face");
    fx_free(&f);
    font_set_free(fonts);
}

int main(void)
{
    RUN(test_fake_justify);
    RUN(test_marks_in_words);
    RUN(test_cjk_line_with_space);
    RUN(test_initial_tie);
    RUN(test_fake_long_word);
    RUN(test_fake_newline_and_spaces);
    RUN(test_trailing_breaks);
    RUN(test_lead_head);
    RUN(test_too_loose);
    RUN(test_heading_justify);
    RUN(test_table_borders);
    RUN(test_table_prose_column);
    RUN(test_table_long_run);
    RUN(test_ragged_body);
    RUN(test_mixed_cjk_no_overlap);
    RUN(test_breaks_cjk);
    RUN(test_real_lines);
    /* with Debian's English dictionary: an entry of its own, which skips without it */
    RUN_NEEDS("hyph_en", test_heading_hyphens);
    RUN_NEEDS("hyph_en", test_hyphen_limit);
    RUN_NEEDS("hyph_en", test_heading_tail);
    RUN_NEEDS("hyph_en", test_guess_lang);
    RUN_NEEDS("hyph_en", test_hyphen_exclusions);
    DONE();
}
