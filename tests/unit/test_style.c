/* Themes: the CSS subset parser (selectors, specificity and order, units, shorthands,
 * @page, at-rules skipped, garbage), the computed-style lookup over an ancestor chain,
 * one report per unsupported property, and the shipped themes parsing without a word. */
#include "harness.h"

#include "core/core.h"
#include "style/style.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*** Helpers ***/

typedef struct log {
    int n;
    char last[512];
} log_t;

static void on_diag(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    log_t *l = ud;
    (void)sev;
    l->n++;
    snprintf(l->last, sizeof l->last, "%s:%d: %s", file ? file : "-", line, msg);
}

static op_style *parse(const char *css, log_t *l)
{
    op_diag d = {on_diag, l, NULL, 0, 0};
    op_style *s = NULL;
    INT_EQ(op_style_parse(css, strlen(css), "t.css", l ? &d : NULL, &s), OP_OK);
    return s;
}

#define MED 10.0f

/* Computes the style of the last element of a chain given as "name.cls name ..." from
 * html down, each element from its parent. */
static style_computed compute(const op_style *s, const char *path)
{
    style_elem chain[16];
    char names[16][64], classes[16][64];
    size_t n = 0;
    const char *p = path;
    while (*p && n < 16) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        char tok[64];
        snprintf(tok, sizeof tok, "%.*s", (int)(e - p), p);
        char *dot = strchr(tok, '.');
        classes[n][0] = '\0';
        if (dot) {
            *dot = '\0';
            snprintf(classes[n], sizeof classes[n], "%s", dot + 1);
            for (char *x = classes[n]; *x; x++)
                if (*x == '.')
                    *x = ' ';
        }
        snprintf(names[n], sizeof names[n], "%s", tok);
        chain[n].name = names[n];
        chain[n].cls = classes[n][0] ? classes[n] : NULL;
        n++;
        p = e;
    }
    style_computed cur;
    style_root(MED, &cur);
    for (size_t i = 1; i <= n; i++) {
        style_computed next;
        style_compute(s, chain, i, &cur, MED, MED, 300, &next);
        cur = next;
    }
    return cur;
}

static int near(float a, float b)
{
    return fabsf(a - b) < 0.01f;
}

/*** Selectors and cascade ***/

static void test_selectors(void)
{
    op_style *s = parse("p { color: #112233 }\n"
                        "blockquote p { color: #445566 }\n"
                        ".caption { color: #778899 }\n"
                        "figure > figcaption { font-style: normal }\n"
                        "li > p { text-indent: 2em }\n"
                        "a:hover, #x, [href], p + p { color: red }\n",
                        NULL);
    style_computed c = compute(s, "html body article p");
    INT_EQ(c.color, 0x112233);
    c = compute(s, "html body article blockquote div p");
    INT_EQ(c.color, 0x445566);
    c = compute(s, "html body p.caption");
    INT_EQ(c.color, 0x778899); /* a class beats an element */
    c = compute(s, "html body figure figcaption");
    INT_EQ(c.italic, 0);
    c = compute(s, "html body figure div figcaption");
    INT_EQ(c.italic, 1); /* '>' needs the parent: the base sheet's italic stays */
    c = compute(s, "html body ol li p");
    OK(near(c.indent, 20), "indent %f", c.indent);
    c = compute(s, "html body ol li div p");
    OK(near(c.indent, 0), "indent %f", c.indent);
    op_style_free(s);
}

static void test_specificity_order(void)
{
    op_style *s = parse("p.note { color: #000001 }\n"
                        "p { color: #000002 }\n"
                        "body p { color: #000003 }\n"
                        "h2 { color: #000004 }\n"
                        "h2 { color: #000005 }\n"
                        "h3 { color: #000006 !important }\n"
                        "h3 { color: #000007 }\n"
                        "div.a.b { color: #000008 }\n"
                        "div.a { color: #000009 }\n",
                        NULL);
    INT_EQ(compute(s, "html body p.note").color, 0x000001);
    INT_EQ(compute(s, "html body p").color, 0x000003);  /* two elements beat one */
    INT_EQ(compute(s, "html body h2").color, 0x000005); /* later wins */
    INT_EQ(compute(s, "html body h3").color, 0x000006); /* !important wins */
    INT_EQ(compute(s, "html body div.a.b").color, 0x000008);
    INT_EQ(compute(s, "html body div.b.a").color, 0x000008);
    INT_EQ(compute(s, "html body div.a").color, 0x000009);
    op_style_free(s);
}

static void test_inheritance(void)
{
    op_style *s = parse("body { font-family: Georgia, serif; color: #333; line-height: 1.5;\n"
                        "  margin: 0 5% }\n"
                        "h1 { font-family: 'Helvetica Neue', Arial, sans-serif; font-size: 2em }\n"
                        "pre { font-family: \"Nope\", Menlo, monospace; font-size: 80% }\n"
                        "blockquote { font-style: italic; margin-left: 12pt }\n",
                        NULL);
    style_computed c = compute(s, "html body article blockquote p");
    INT_EQ(c.family, STYLE_SERIF);
    INT_EQ(c.italic, 1);
    INT_EQ(c.color, 0x333333);
    OK(near(c.margin[STYLE_LEFT], 0), "margins are not inherited: %f", c.margin[STYLE_LEFT]);
    OK(near(c.lh, 15), "line-height factor inherited: %f", c.lh);
    c = compute(s, "html body h1");
    INT_EQ(c.family, STYLE_SANS);
    INT_EQ(c.bold, 1);
    OK(near(c.size, 20) && near(c.lh, 24), "h1 %f / %f", c.size, c.lh); /* base: 1.2 */
    c = compute(s, "html body pre");
    INT_EQ(c.family, STYLE_MONO);
    OK(near(c.size, 8), "pre size %f", c.size);
    c = compute(s, "html body");
    OK(near(c.margin[STYLE_LEFT], 15) && near(c.margin[STYLE_TOP], 0), "body margin %f",
       c.margin[STYLE_LEFT]); /* 5% of 300 */
    op_style_free(s);
}

static void test_units(void)
{
    op_style *s = parse("body { font-size: 12pt }\n"
                        "h1 { font-size: 16px; line-height: 20px; margin: 1in 2cm 10mm 1pc }\n"
                        "h2 { font-size: 1.5rem; line-height: 150%; text-indent: -1em }\n"
                        "h3 { font-size: x-large; margin: 0.5em auto }\n"
                        "h4 { font-size: 50%; line-height: normal; padding: 1px 2px 3px }\n"
                        "h5 { font-size: larger; border-left: 2pt solid #ccc }\n"
                        "h6 { border: thin dotted; color: rgb(255, 0, 50%) }\n",
                        NULL);
    style_computed c = compute(s, "html body h1");
    OK(near(c.size, 12) && near(c.lh, 15), "px: %f %f", c.size, c.lh);
    OK(near(c.margin[0], 72) && near(c.margin[1], 56.69f) && near(c.margin[2], 28.35f) &&
           near(c.margin[3], 12),
       "absolute units: %f %f %f %f", c.margin[0], c.margin[1], c.margin[2], c.margin[3]);
    c = compute(s, "html body h2");
    OK(near(c.size, 15) && near(c.lh, 22.5f) && near(c.indent, -15), "rem/%%: %f %f %f", c.size,
       c.lh, c.indent);
    c = compute(s, "html body h3");
    OK(near(c.size, 15) && near(c.margin[0], 7.5f) && near(c.margin[1], 0), "x-large: %f %f",
       c.size, c.margin[0]);
    c = compute(s, "html body h4");
    OK(near(c.size, 6) && near(c.lh, 7.2f), "50%%: %f %f", c.size, c.lh);
    OK(near(c.padding[0], 0.75f) && near(c.padding[1], 1.5f) && near(c.padding[2], 2.25f) &&
           near(c.padding[3], 1.5f),
       "padding %f %f %f %f", c.padding[0], c.padding[1], c.padding[2], c.padding[3]);
    c = compute(s, "html body h5");
    OK(near(c.size, 14.4f), "larger %f", c.size);
    OK(near(c.border[STYLE_LEFT], 2) && c.border_rgb[STYLE_LEFT] == 0xcccccc &&
           c.border[STYLE_TOP] == 0,
       "border-left %f %06x", c.border[STYLE_LEFT], c.border_rgb[STYLE_LEFT]);
    c = compute(s, "html body h6");
    INT_EQ(c.color, 0xff0080);
    OK(near(c.border[STYLE_TOP], 0.75f) && c.border_rgb[STYLE_TOP] == 0xff0080,
       "border takes the colour: %f %06x", c.border[STYLE_TOP], c.border_rgb[STYLE_TOP]);
    op_style_free(s);
}

static void test_text_props(void)
{
    op_style *s = parse("p { text-align: justify; hyphens: auto; font-weight: 700 }\n"
                        "p.x { text-align: center; hyphens: none; font-weight: lighter }\n"
                        "pre { background-color: #f0f0f0; max-width: 30em }\n",
                        NULL);
    style_computed c = compute(s, "html body p");
    INT_EQ(c.align, STYLE_ALIGN_JUSTIFY);
    INT_EQ(c.hyphens, STYLE_HYPH_AUTO);
    INT_EQ(c.bold, 1);
    c = compute(s, "html body p.x");
    INT_EQ(c.align, STYLE_ALIGN_CENTER);
    INT_EQ(c.hyphens, STYLE_HYPH_NONE);
    INT_EQ(c.bold, 0);
    c = compute(s, "html body pre");
    OK(c.has_background && c.background == 0xf0f0f0, "background %06x", c.background);
    OK(c.max_width > 0, "max-width %f", c.max_width);
    op_style_free(s);
}

/*** @page and at-rules ***/

static void test_page(void)
{
    op_style *s = parse("@page { size: a5; margin: 20mm 15mm }\n", NULL);
    style_page pg;
    style_page_get(s, MED, &pg);
    OK(near(pg.w, 419.53f) && near(pg.h, 595.28f), "a5: %f x %f", pg.w, pg.h);
    OK(near(pg.margin[0], 56.69f) && near(pg.margin[1], 42.52f) && near(pg.margin[2], 56.69f),
       "margins %f %f", pg.margin[0], pg.margin[1]);
    op_style_free(s);
    s = parse("@page { size: 6in 9in; margin-left: 10% }\n@page { size: letter landscape }", NULL);
    style_page_get(s, MED, &pg);
    OK(near(pg.w, 792) && near(pg.h, 612), "landscape wins (later): %f x %f", pg.w, pg.h);
    OK(pg.margin_pct[STYLE_LEFT] && near(pg.margin[STYLE_LEFT], 10) && pg.margin[0] < 0,
       "percent margin");
    op_style_free(s);
    s = parse("@page { size: 6in 9in }", NULL);
    style_page_get(s, MED, &pg);
    OK(near(pg.w, 432) && near(pg.h, 648), "6in 9in: %f x %f", pg.w, pg.h);
    op_style_free(s);
    s = parse("p { color: #010101 }", NULL);
    style_page_get(s, MED, &pg);
    OK(pg.w < 0 && pg.margin[0] < 0, "no @page");
    op_style_free(s);
}

static void test_at_rules(void)
{
    log_t l = {0};
    op_style *s = parse("@charset \"utf-8\";\n@import url(x.css);\n"
                        "@media screen { p { color: #ff0000 } h1 { color: #ff0000 } }\n"
                        "@font-face { font-family: X; src: url(x.ttf) }\n"
                        "@supports (display: grid) { p { color: #00ff00 } }\n"
                        "p { color: #0000ff }\n",
                        &l);
    INT_EQ(compute(s, "html body p").color, 0x0000ff);
    INT_EQ(compute(s, "html body h1").color, 0x000000);
    INT_EQ(l.n, 1); /* @media: one note */
    OK(strstr(l.last, "@media") != NULL, "%s", l.last);
    op_style_free(s);
}

/* Table borders, padding, border-collapse and border-spacing; the base sheet's rules. */
static void test_table_props(void)
{
    log_t l = {0};
    op_style *s = parse("table { border-collapse: separate; border-spacing: 2pt 4pt;\n"
                        "  border: 1.5pt solid #00ff00 }\n"
                        "td { border: 1pt dashed #f00; padding: 3pt 5pt }\n"
                        "th { border-bottom: 2pt dashed; border-top: none }\n"
                        "tr { border-collapse: banana; border-spacing: 10% }\n",
                        &l);
    style_computed c = compute(s, "html body table");
    OK(c.collapse == 0 && near(c.spacing[0], 2) && near(c.spacing[1], 4), "separate %d %f %f",
       c.collapse, c.spacing[0], c.spacing[1]);
    OK(near(c.border[STYLE_LEFT], 1.5f) && c.border_rgb[STYLE_LEFT] == 0x00ff00, "table border");
    c = compute(s, "html body table tbody tr td");
    OK(c.collapse == 0 && near(c.spacing[1], 4), "inherited %d", c.collapse);
    OK(near(c.border[STYLE_TOP], 1) && c.border_rgb[STYLE_TOP] == 0xff0000, "td border");
    OK(near(c.padding[STYLE_TOP], 3) && near(c.padding[STYLE_LEFT], 5), "td padding");
    c = compute(s, "html body table thead tr th");
    OK(near(c.border[STYLE_BOTTOM], 2) && c.border[STYLE_TOP] == 0, "th border");
    /* dashed drawn solid: said once; the two bad tr values once each */
    INT_EQ(l.n, 3);
    op_style_free(s);
    s = parse("", NULL); /* the base sheet alone: collapsed booktabs rules */
    c = compute(s, "html body table");
    OK(c.collapse == 1 && near(c.border[STYLE_TOP], 0.8f) && near(c.border[STYLE_BOTTOM], 0.8f) &&
           c.border[STYLE_LEFT] == 0,
       "base table %d %f", c.collapse, c.border[STYLE_TOP]);
    c = compute(s, "html body table thead tr th");
    OK(near(c.border[STYLE_BOTTOM], 0.5f) && c.border_rgb[STYLE_BOTTOM] == 0, "base thead th");
    c = compute(s, "html body table tbody tr td");
    OK(near(c.border[STYLE_BOTTOM], 0.3f) && c.border_rgb[STYLE_BOTTOM] == 0xc8c8c8, "base td %f",
       c.border[STYLE_BOTTOM]);
    op_style_free(s);
}

/* @page margin boxes: the base sheet's header (title from page 2) and footer ("N / M"),
 * a theme's boxes over them, @page :first over @page, content templates, reports. */
static void test_margin_boxes(void)
{
    style_mbox mb;
    op_style *s = parse("p { color: #010101 }", NULL);
    style_mbox_get(s, 0, STYLE_TOP_CENTER, MED, &mb);
    OK(mb.content && strcmp(mb.content, "\x03") == 0 && mb.italic && mb.color == 0x555555,
       "base header");
    OK(near(mb.size, 8.2f), "0.82em of medium: %f", mb.size);
    style_mbox_get(s, 1, STYLE_TOP_CENTER, MED, &mb);
    OK(mb.content == NULL, "no header on the first page");
    style_mbox_get(s, 1, STYLE_BOTTOM_CENTER, MED, &mb);
    OK(mb.content && strcmp(mb.content, "\x01 / \x02") == 0, "base footer on page 1");
    style_mbox_get(s, 0, STYLE_BOTTOM_LEFT, MED, &mb);
    OK(mb.content == NULL, "no bottom-left box");
    op_style_free(s);

    log_t l = {0};
    s = parse("@page { margin: 10mm;\n"
              "  @top-center { content: none }\n"
              "  @top-right { content: 'p. ' counter(page, decimal) \"\\2014\"; font-size: 8pt;\n"
              "    font-weight: bold; color: #c00000 }\n"
              "  @bottom-center { content: string(site) \" \" string(author) }\n"
              "  @bottom-left { content: attr(x) }\n"
              "  @left-middle { content: 'x' }\n"
              "  @bottom-right { content: 'a'; text-align: left }\n"
              "}\n"
              "@page :first { @top-right { content: 'first' } margin: 0 }\n"
              "@page :left { @top-left { content: 'l' } }\n",
              &l);
    style_page pg;
    style_page_get(s, MED, &pg);
    OK(near(pg.margin[0], 28.35f), "@page margin still read: %f", pg.margin[0]);
    style_mbox_get(s, 0, STYLE_TOP_CENTER, MED, &mb);
    OK(mb.content == NULL, "content: none turns the base header off");
    style_mbox_get(s, 0, STYLE_TOP_RIGHT, MED, &mb);
    OK(mb.content && strcmp(mb.content, "p. \x01\xE2\x80\x94") == 0, "template: %s",
       mb.content ? mb.content : "(null)");
    OK(near(mb.size, 8) && mb.bold && mb.color == 0xc00000, "box font");
    style_mbox_get(s, 1, STYLE_TOP_RIGHT, MED, &mb);
    OK(mb.content && strcmp(mb.content, "first") == 0 && mb.bold, ":first over @page");
    style_mbox_get(s, 0, STYLE_BOTTOM_CENTER, MED, &mb);
    OK(mb.content && strcmp(mb.content, "\x05 \x04") == 0, "named strings");
    OK(mb.color == 0x555555, "the base sheet's colour stays");
    style_mbox_get(s, 0, STYLE_BOTTOM_LEFT, MED, &mb);
    OK(mb.content == NULL, "unsupported content ignored");
    style_mbox_get(s, 0, STYLE_TOP_LEFT, MED, &mb);
    OK(mb.content == NULL, "@page :left ignored");
    INT_EQ(l.n, 5); /* attr(), @left-middle, text-align, :first's margin, :left */
    op_style_free(s);
}

/*** Diagnostics ***/

static void test_unsupported_once(void)
{
    log_t l = {0};
    op_style *s = parse("p { text-shadow: 1px 1px red }\n"
                        "h1 { text-shadow: none; color: #123456 }\n"
                        "h2 { text-shadow: 2px 2px blue; page-break-after: avoid; -webkit-x: 1;\n"
                        "     orphans: 2 }\n",
                        &l);
    INT_EQ(l.n, 1);
    OK(strstr(l.last, "t.css:1:") && strstr(l.last, "text-shadow"), "%s", l.last);
    INT_EQ(compute(s, "html body h1").color, 0x123456); /* the rest of the rule stays */
    op_style_free(s);
    l.n = 0;
    s = parse("p { font-size: banana; color: #00000g }\nh1 { font-size: huge }\n", &l);
    INT_EQ(l.n, 2); /* one per property with a bad value */
    OK(strstr(l.last, "color") != NULL, "%s", l.last);
    op_style_free(s);
}

/*** Robustness ***/

static void test_garbage(void)
{
    static const char *const bad[] = {"",
                                      "{",
                                      "}}}}",
                                      "p {",
                                      "p { color",
                                      "p { color: ",
                                      "p { color: #fff",
                                      "/* unterminated",
                                      "p { content: \"unterminated }",
                                      "@media",
                                      "@media {",
                                      "@page { size: 0in 0in; margin: -5mm }",
                                      "p { font-size: -3em; line-height: 999999999999999999 }",
                                      ":::: { }",
                                      "p,,, { color: red }",
                                      "p > { color: red }",
                                      "> p { color: red }",
                                      "p { color: rgb( }",
                                      "p { margin: 1 2 3 4 5 }",
                                      "p { font-family: , , ; }",
                                      "\xff\xfe\x00p{color:red}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        op_style *s = NULL;
        size_t len = i + 1 == sizeof bad / sizeof bad[0] ? 16 : strlen(bad[i]);
        INT_EQ(op_style_parse(bad[i], len, "g.css", NULL, &s), OP_OK);
        OK(s != NULL, "case %zu", i);
        style_computed c = compute(s, "html body p");
        OK(c.size > 0 && c.lh > 0, "case %zu: size %f", i, c.size);
        op_style_free(s);
    }
    /* deep nesting, a long selector, many rules */
    op_buf b;
    op_buf_init(&b, 0);
    for (int i = 0; i < 5000; i++)
        op_buf_adds(&b, "@media x {");
    op_buf_adds(&b, "p { color: red }");
    op_style *s = NULL;
    INT_EQ(op_style_parse(b.data, b.len, "deep.css", NULL, &s), OP_OK);
    op_style_free(s);
    op_buf_reset(&b);
    for (int i = 0; i < 100; i++)
        op_buf_adds(&b, "div ");
    op_buf_adds(&b, "p { color: red }");
    INT_EQ(op_style_parse(b.data, b.len, "long.css", NULL, &s), OP_OK);
    INT_EQ(compute(s, "html body p").color, 0); /* too many compounds: dropped */
    op_style_free(s);
    op_buf_free(&b);
    char *big = op_malloc(OP_STYLE_MAX_BYTES + 2);
    memset(big, ' ', OP_STYLE_MAX_BYTES + 1);
    INT_EQ(op_style_parse(big, OP_STYLE_MAX_BYTES + 1, "big.css", NULL, &s), OP_ERR_LIMIT);
    op_free(big);
}

/*** Shipped themes ***/

static void test_shipped_themes(void)
{
    static const char *const names[] = {"default", "sans", "large"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *path = op_style_find(names[i], OP_TEST_SRC_DIR);
        OK(path != NULL, "theme %s not found", names[i]);
        if (!path)
            continue;
        log_t l = {0};
        op_diag d = {on_diag, &l, NULL, 0, 0};
        op_style *s = NULL;
        INT_EQ(op_style_load(path, &d, &s), OP_OK);
        OK(l.n == 0, "%s: %d reports, last: %s", names[i], l.n, l.last);
        style_computed p = compute(s, "html body article p");
        OK(p.size >= MED && p.lh > p.size, "%s: body %f/%f", names[i], p.size, p.lh);
        style_computed pre = compute(s, "html body article pre");
        INT_EQ(pre.family, STYLE_MONO);
        op_style_free(s);
        op_free(path);
    }
    OK(op_style_find("no-such-theme", OP_TEST_SRC_DIR) == NULL, "unknown name");
}

int main(void)
{
    RUN(test_selectors);
    RUN(test_specificity_order);
    RUN(test_inheritance);
    RUN(test_units);
    RUN(test_text_props);
    RUN(test_table_props);
    RUN(test_page);
    RUN(test_at_rules);
    RUN(test_margin_boxes);
    RUN(test_unsupported_once);
    RUN(test_garbage);
    RUN(test_shipped_themes);
    DONE();
}
