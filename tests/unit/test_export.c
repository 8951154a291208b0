/* Unit tests for the Markdown and HTML exports (src/export): escaping of metacharacters,
 * nesting (lists in quotes in lists), tables, figures, the front matter, and round trips:
 * the export read back by offprint's own parsers gives the same model or text. */
#include "harness.h"
#include "doc_build.h"

#include "core/core.h"
#include "offprint/export.h"
#include "offprint/convert.h"

#include <stdlib.h>

static op_doc *parse_as(const char *s, size_t len, op_format f, const char *name)
{
    op_parse_opts o = {0};
    o.format = f;
    o.filename = name;
    op_doc *doc = NULL;
    INT_EQ(op_read(s, len, &o, NULL, &doc), OP_OK);
    if (doc)
        INT_EQ(op_doc_check(doc, NULL), 0);
    return doc;
}

/* The dump without its meta lines (the model's tree only). */
static char *tree_dump(const op_doc *doc)
{
    char *d = op_doc_dump_new(doc), *p = d;
    while (!strncmp(p, "meta ", 5))
        p = strchr(p, '\n') + 1;
    char *out = op_strdup(p);
    op_free(d);
    return out;
}

/* md export of doc, read back: the same tree. */
static void md_round_trip(op_doc *doc, const char *what)
{
    size_t len;
    char *md = op_doc_markdown_new(doc, &len);
    op_doc *back = parse_as(md, len, OP_FORMAT_MARKDOWN, NULL);
    char *a = tree_dump(doc), *b = back ? tree_dump(back) : op_strdup("");
    OK(!strcmp(a, b),
       "%s: tree differs after md round trip\n--- md:\n%s\n--- before:\n%s--- after:\n%s", what, md,
       a, b);
    op_free(a);
    op_free(b);
    op_free(md);
    op_doc_free(back);
}

static void test_md_escaping(void)
{
    static const char *const texts[] = {"# not a heading",
                                        "1. not a list",
                                        "2) nor this",
                                        "- not a bullet",
                                        "+ plus",
                                        "= equals",
                                        "*not emph* and **not strong**",
                                        "a_b_c stays, _x_ escaped",
                                        "[not a link](x) and ![not an image](y)",
                                        "<b>not html</b> & &amp; literal",
                                        "a | b | c",
                                        "`tick` and ``two``",
                                        "back\\slash",
                                        "~~not struck~~",
                                        "> not a quote",
                                        "trailing hash #",
                                        "#hashtag",
                                        "http://example.org/not-auto",
                                        "1999. A year.",
                                        "***",
                                        "---",
                                        "~~~"};
    op_doc *doc = op_doc_new();
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        para(doc, op_doc_root(doc), texts[i]);
    md_round_trip(doc, "escaping");
    char *md = op_doc_markdown_new(doc, NULL);
    OK(strstr(md, "\\# not a heading\n"), "%s", md);
    OK(strstr(md, "1\\. not a list\n"), "%s", md);
    OK(strstr(md, "a_b_c stays, \\_x\\_ escaped"), "%s", md);
    OK(strstr(md, "\\<b\\>not html\\</b\\> & \\&amp; literal"), "%s", md);
    op_free(md);
    op_doc_free(doc);
}

static void test_md_inlines(void)
{
    op_doc *doc = op_doc_new();
    op_node *p = para(doc, op_doc_root(doc), "Plain ");
    op_node *em = add(doc, p, OP_NODE_EMPH);
    text(doc, em, "emph ");
    op_node *st = add(doc, em, OP_NODE_STRONG);
    text(doc, st, "strong");
    text(doc, p, " then ");
    op_node *code = add(doc, p, OP_NODE_CODE);
    op_node_set_literal(doc, code, "a `b` c", 7);
    text(doc, p, " and ");
    op_node *a = add(doc, p, OP_NODE_LINK);
    op_node_set_url(doc, a, "https://example.org/a_(b)", 25);
    op_node_set_title(doc, a, "say \"hi\"", 8);
    text(doc, a, "a [link]");
    text(doc, p, " ");
    a = add(doc, p, OP_NODE_LINK);
    op_node_set_url(doc, a, "https://example.org/x", 21);
    text(doc, a, "https://example.org/x");
    add(doc, p, OP_NODE_LINE_BREAK);
    text(doc, p, "- after a break");
    md_round_trip(doc, "inlines");
    char *md = op_doc_markdown_new(doc, NULL);
    STR_EQ(md, "Plain *emph **strong*** then ``a `b` c`` and [a \\[link\\]]"
               "(<https://example.org/a_(b)> \"say \\\"hi\\\"\") <https://example.org/x>\\\n"
               "\\- after a break\n");
    op_free(md);
    op_doc_free(doc);
}

/* A quote holding a list whose second item holds a nested ordered list and a code block. */
/* No-break spaces at the edges of strong text go outside the delimiters (else the ** would
 * not be read as strong). */
static void test_md_nbsp(void)
{
    op_doc *doc = op_doc_new();
    op_node *p = para(doc, op_doc_root(doc), "a");
    op_node *st = add(doc, p, OP_NODE_STRONG);
    text(doc, st,
         "\xC2\xA0"
         "b\xC2\xA0");
    text(doc, p, "c");
    char *md = op_doc_markdown_new(doc, NULL);
    STR_EQ(md, "a\xC2\xA0**b**\xC2\xA0"
               "c\n");
    op_free(md);
    op_doc_free(doc);
}

static void test_md_nesting(void)
{
    const char src[] = "> - one\n"
                       ">\n"
                       "> - two\n"
                       ">\n"
                       ">   3. three\n"
                       ">   4. four\n"
                       ">\n"
                       ">   ```python\n"
                       ">   print(1)\n"
                       ">\n"
                       ">   x = '`'\n"
                       ">   ```\n"
                       "\n"
                       "- a\n"
                       "- b\n"
                       "\n"
                       "* c\n"
                       "\n"
                       "> > deep\n";
    op_doc *doc = parse_as(src, sizeof src - 1, OP_FORMAT_MARKDOWN, NULL);
    md_round_trip(doc, "nesting");
    char *md = op_doc_markdown_new(doc, NULL);
    OK(strstr(md, ">   3. three\n>   4. four\n"), "%s", md);
    OK(strstr(md, ">   ```python\n>   print(1)\n>\n>   x = '`'\n>   ```\n"), "%s", md);
    OK(strstr(md, "- a\n- b\n\n* c\n"), "adjacent lists keep apart: %s", md);
    op_free(md);
    op_doc_free(doc);
}

static void test_md_table_and_figure(void)
{
    const char src[] = "| Name | Count |\n"
                       "| :--- | ---: |\n"
                       "| a \\| b | `1` |\n"
                       "| *c* |  |\n"
                       "\n"
                       "![Alt text](/img/a%20b.png \"The caption\")\n";
    op_doc *doc = parse_as(src, sizeof src - 1, OP_FORMAT_MARKDOWN, NULL);
    md_round_trip(doc, "table");
    char *md = op_doc_markdown_new(doc, NULL);
    OK(strstr(md, "| Name | Count |\n| :--- | ---: |\n| a \\| b | `1` |\n| *c* |   |\n"), "%s", md);
    OK(strstr(md, "![Alt text](</img/a b.png> \"The caption\")\n"), "%s", md);
    op_free(md);
    op_doc_free(doc);
}

/* md export of doc read back: the same --to txt text (where the tree may differ only in
 * where white space or a line break sits). */
static void md_same_text(op_doc *doc, const char *what)
{
    size_t len;
    char *md = op_doc_markdown_new(doc, &len);
    op_doc *back = parse_as(md, len, OP_FORMAT_MARKDOWN, NULL);
    char *ta = op_doc_text_new(doc, NULL), *tb = back ? op_doc_text_new(back, NULL) : NULL;
    OK(tb && !strcmp(ta, tb), "%s: text differs\n--- md:\n%s\n--- before:\n%s\n--- after:\n%s",
       what, md, ta, tb ? tb : "");
    op_free(ta);
    op_free(tb);
    op_free(md);
    op_doc_free(back);
}

static op_node *image_node(op_doc *d, op_node *parent, const char *url, const char *alt)
{
    op_node *img = add(d, parent, OP_NODE_IMAGE);
    op_node_set_url(d, img, url, strlen(url));
    op_node_set_literal(d, img, alt, strlen(alt));
    return img;
}

/* What a script comparing --to txt with the --to md export read back found on the corpus:
 * an image's alt text or tooltip read back as a caption, line breaks in headings, cells
 * and captions, and emphasis that did not read back. */
static void test_md_images_and_breaks(void)
{
    op_doc *doc = op_doc_new();
    op_node *fig = add(doc, op_doc_root(doc), OP_NODE_FIGURE); /* alt text, no caption */
    image_node(doc, fig, "https://e.org/a.png", "Illustration for the article");
    op_node *p = para(doc, op_doc_root(doc), NULL); /* an image with a tooltip, alone */
    op_node *img = image_node(doc, p, "https://e.org/b.png", "Glass cloche");
    op_node_set_title(doc, img, "Glass cloche", 12);
    fig = add(doc, op_doc_root(doc), OP_NODE_FIGURE); /* a caption of two lines */
    image_node(doc, fig, "https://e.org/c.png", "");
    op_node *cap = add(doc, fig, OP_NODE_CAPTION);
    text(doc, cap, "Can you spot the anomaly?");
    add(doc, cap, OP_NODE_LINE_BREAK);
    text(doc, cap, "Photo by Ricardo");
    md_same_text(doc, "images");
    char *md = op_doc_markdown_new(doc, NULL);
    OK(!strstr(md, "\"Glass cloche\""), "a tooltip is no caption: %s", md);
    op_free(md);
    op_doc_free(doc);

    doc = op_doc_new();
    fig = add(doc, op_doc_root(doc), OP_NODE_FIGURE);
    image_node(doc, fig, "https://e.org/a.png", "Illustration");
    fig = add(doc, op_doc_root(doc), OP_NODE_FIGURE);
    image_node(doc, fig, "https://e.org/c.png", "Alt");
    cap = add(doc, fig, OP_NODE_CAPTION);
    text(doc, cap, "1Password scans QR codes.");
    add(doc, cap, OP_NODE_LINE_BREAK);
    text(doc, cap, "(Picture: maker)");
    op_node *h = add(doc, op_doc_root(doc), OP_NODE_HEADING);
    op_node_set_level(h, 2);
    text(doc, h, "Designed to");
    add(doc, h, OP_NODE_LINE_BREAK);
    text(doc, h, "be redesigned");
    op_node *t = add(doc, op_doc_root(doc), OP_NODE_TABLE);
    op_node *r = add(doc, t, OP_NODE_TABLE_ROW);
    op_node *c = add(doc, r, OP_NODE_TABLE_CELL);
    op_node_set_cell(c, 1, 0);
    text(doc, c, "Patch Size");
    add(doc, c, OP_NODE_LINE_BREAK);
    text(doc, c, "(% vs original)");
    c = add(doc, r, OP_NODE_TABLE_CELL);
    op_node_set_cell(c, 1, 0);
    text(doc, c, "Size");
    md_round_trip(doc, "breaks"); /* the same tree */
    op_doc_free(doc);
}

static void test_md_emphasis_edges(void)
{
    op_doc *doc = op_doc_new();
    /* a run opener between a letter and punctuation: raw <em> */
    op_node *p = para(doc, op_doc_root(doc), NULL);
    text(doc, add(doc, p, OP_NODE_EMPH), "ever run on");
    text(doc, p, " Kotaku");
    op_node *em = add(doc, p, OP_NODE_EMPH);
    text(doc, em, ". ");
    text(doc, add(doc, em, OP_NODE_STRONG), "Warning #1:");
    text(doc, em, " this one");
    /* a closer between punctuation and a letter */
    p = para(doc, op_doc_root(doc), "Taylor wrote. ");
    text(doc, add(doc, p, OP_NODE_STRONG), "\"");
    text(doc, p, "The course");
    /* emphasis right after a link to a URL (md4c's autolink scan ate the delimiter) and a
     * mail address in a link's text (it autolinked inside the link) */
    p = para(doc, op_doc_root(doc), "Follow him on ");
    op_node *a = add(doc, p, OP_NODE_LINK);
    op_node_set_url(doc, a, "http://twitter.com/lucasnolan_", 30);
    text(doc, add(doc, a, OP_NODE_EMPH), "@LucasNolan_");
    text(doc, add(doc, p, OP_NODE_EMPH), "or email him at");
    text(doc, p, " ");
    a = add(doc, p, OP_NODE_LINK);
    op_node_set_url(doc, a, "http://www.e.org/blank", 22);
    text(doc, add(doc, a, OP_NODE_EMPH), "lnolan@e.org");
    /* sub/superscripts as raw tags */
    p = para(doc, op_doc_root(doc), "H");
    text(doc, add(doc, p, OP_NODE_SUB), "2");
    text(doc, p, "O");
    md_round_trip(doc, "emphasis edges");
    op_doc_free(doc);

    doc = op_doc_new();
    /* two emphasis runs side by side are one run */
    p = para(doc, op_doc_root(doc), NULL);
    text(doc, add(doc, p, OP_NODE_EMPH), "b");
    text(doc, add(doc, p, OP_NODE_EMPH), "y Your Name");
    /* a blank opening nested emphasis keeps its place */
    p = para(doc, op_doc_root(doc), "their work");
    text(doc, add(doc, add(doc, p, OP_NODE_STRONG), OP_NODE_EMPH), " Starry Night");
    text(doc, p, " in");
    /* a line break ending strong text */
    p = para(doc, op_doc_root(doc), NULL);
    op_node *st = add(doc, p, OP_NODE_STRONG);
    text(doc, st, "At-least once execution");
    add(doc, st, OP_NODE_LINE_BREAK);
    text(doc, p, "The system guarantees it.");
    md_same_text(doc, "emphasis runs");
    op_doc_free(doc);
}

/* --to txt: a block without text (an image alone in a paragraph) adds nothing, as a figure
 * without caption adds nothing: a list item starting with one reads the same either way. */
static void test_txt_empty_block(void)
{
    op_doc *doc = op_doc_new();
    op_node *l = add(doc, op_doc_root(doc), OP_NODE_LIST);
    op_node_set_list(l, 0, 1);
    op_node *it = add(doc, l, OP_NODE_ITEM);
    op_node *p = para(doc, it, NULL);
    image_node(doc, p, "https://e.org/a.png", "Alt");
    para(doc, it, "Caption text.");
    char *t = op_doc_text_new(doc, NULL);
    STR_EQ(t, "- Caption text.\n");
    op_free(t);
    op_doc_free(doc);
    /* a table row shorter than the others: the md export pads it (GFM), the text is the same */
    doc = op_doc_new();
    op_node *tb = add(doc, op_doc_root(doc), OP_NODE_TABLE);
    op_node *r = add(doc, tb, OP_NODE_TABLE_ROW);
    text(doc, add(doc, r, OP_NODE_TABLE_CELL), "Logo");
    r = add(doc, tb, OP_NODE_TABLE_ROW);
    text(doc, add(doc, r, OP_NODE_TABLE_CELL), "Industry");
    text(doc, add(doc, r, OP_NODE_TABLE_CELL), "Software");
    r = add(doc, tb, OP_NODE_TABLE_ROW);
    add(doc, r, OP_NODE_TABLE_CELL);
    text(doc, add(doc, r, OP_NODE_TABLE_CELL), "Right");
    t = op_doc_text_new(doc, NULL);
    STR_EQ(t, "Logo\nIndustry\tSoftware\n\tRight\n");
    op_free(t);
    md_same_text(doc, "short row");
    op_doc_free(doc);
}

static void test_md_front_matter(void)
{
    op_doc *doc = op_doc_new();
    op_doc_set_meta(doc, OP_META_TITLE, "A \"quoted\" title: yes", 21);
    op_doc_set_meta(doc, OP_META_AUTHOR, "Jane Doe", 8);
    op_doc_set_meta(doc, OP_META_PLACE, "SEOUL", 5);
    para(doc, op_doc_root(doc), "Body.");
    char *md = op_doc_markdown_new(doc, NULL);
    STR_EQ(md, "---\ntitle: \"A \\\"quoted\\\" title: yes\"\nauthor: \"Jane Doe\"\n"
               "place: \"SEOUL\"\n---\n\nBody.\n");
    op_doc *back = parse_as(md, strlen(md), OP_FORMAT_MARKDOWN, NULL);
    STR_EQ(op_doc_get_meta(back, OP_META_TITLE), "A \"quoted\" title: yes");
    STR_EQ(op_doc_get_meta(back, OP_META_PLACE), "SEOUL");
    op_doc_free(back);
    op_free(md);
    op_doc_free(doc);
}

/*** Round trips of whole fixtures ***/

static op_doc *parse_file(const char *rel)
{
    char path[512], *data = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%s", OP_TEST_SRC_DIR, rel);
    INT_EQ(op_file_read(path, 0, &data, &len), OP_OK);
    op_doc *doc = parse_as(data ? data : "", len, OP_FORMAT_AUTO, path);
    op_free(data);
    return doc;
}

static void same_text(const op_doc *a, const op_doc *b, const char *what)
{
    char *ta = op_doc_text_new(a, NULL), *tb = op_doc_text_new(b, NULL);
    OK(!strcmp(ta, tb), "%s: text differs\n--- before:\n%s\n--- after:\n%s", what, ta, tb);
    STR_EQ(op_doc_get_meta(b, OP_META_TITLE), op_doc_get_meta(a, OP_META_TITLE));
    op_free(ta);
    op_free(tb);
}

static void test_fixture_round_trips(void)
{
    static const char *const files[] = {
        "tests/fixtures/sample/article.html",  "tests/fixtures/extract/news.html",
        "tests/fixtures/epub/features.html",   "tests/fixtures/golden/notes.md",
        "tests/fixtures/golden/wire-dump.txt", "tests/fixtures/text/lighthouse-dump.txt"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        op_doc *doc = parse_file(files[i]);
        if (!doc)
            continue;
        size_t len;
        char *md = op_doc_markdown_new(doc, &len);
        op_doc *back = parse_as(md, len, OP_FORMAT_MARKDOWN, NULL);
        if (back)
            same_text(doc, back, files[i]);
        op_doc_free(back);
        op_free(md);
        char *html = op_doc_html_new(doc, &len);
        back = parse_as(html, len, OP_FORMAT_HTML, NULL);
        if (back)
            same_text(doc, back, files[i]);
        op_doc_free(back);
        op_free(html);
        op_doc_free(doc);
    }
}

/*** HTML ***/

static void test_html_page(void)
{
    op_doc *doc = op_doc_new();
    op_doc_set_meta(doc, OP_META_TITLE, "Fish & <Chips>", 14);
    op_doc_set_meta(doc, OP_META_LANG, "ko", 2);
    op_doc_set_meta(doc, OP_META_AUTHOR, "A \"B\"", 5);
    op_doc_set_meta(doc, OP_META_SOURCE_URL, "https://e.org/a?b=1&c=2", 23);
    op_node *fig = add(doc, op_doc_root(doc), OP_NODE_FIGURE);
    op_node *img = add(doc, fig, OP_NODE_IMAGE);
    op_node_set_url(doc, img, "/tmp/a b.png", 12);
    op_node_set_literal(doc, img, "alt \"x\"", 7);
    op_node *cap = add(doc, fig, OP_NODE_CAPTION);
    text(doc, cap, "Cap <1>");
    op_node *p = para(doc, op_doc_root(doc), "see ");
    op_node *a = add(doc, p, OP_NODE_LINK);
    op_node_set_url(doc, a, "javascript:alert(1)", 19);
    text(doc, a, "this");
    char *h = op_doc_html_new(doc, NULL);
    OK(strstr(h, "<!DOCTYPE html>\n<html lang=\"ko\">\n"), "%s", h);
    OK(strstr(h, "<title>Fish &amp; &lt;Chips&gt;</title>"), "%s", h);
    OK(strstr(h, "<meta name=\"author\" content=\"A &quot;B&quot;\" />"), "%s", h);
    OK(strstr(h, "<meta name=\"source\" content=\"https://e.org/a?b=1&amp;c=2\" />"), "%s", h);
    OK(strstr(h, "<figure><img src=\"file:///tmp/a%20b.png\" alt=\"alt &quot;x&quot;\" />"
                 "<figcaption>Cap &lt;1&gt;</figcaption>\n</figure>"),
       "%s", h);
    OK(strstr(h, "<p>see this</p>"), "script links are not links: %s", h);
    OK(strstr(h, "<article>") && strstr(h, "</article>\n</body>\n</html>\n"), "%s", h);
    op_free(h);
    op_doc_free(doc);
}

/*** --links ***/

/* A paragraph: "see [docs](https://e.org/docs), [https://e.org](https://e.org/),
 * [docs again](https://e.org/docs) and [top](#top)." after links_apply(mode). */
static op_doc *links_doc(op_links_mode mode)
{
    static const char *const urls[] = {"https://e.org/docs", "https://e.org/", "https://e.org/docs",
                                       "#top"};
    static const char *const texts[] = {"docs", "https://e.org", "docs again", "top"};
    op_doc *doc = op_doc_new();
    op_node *p = para(doc, op_doc_root(doc), "see ");
    for (int i = 0; i < 4; i++) {
        op_node *a = add(doc, p, OP_NODE_LINK);
        op_node_set_url(doc, a, urls[i], strlen(urls[i]));
        text(doc, a, texts[i]);
        text(doc, p, i < 3 ? ", " : ".");
    }
    op_doc_links_apply(doc, mode);
    INT_EQ(op_doc_check(doc, NULL), 0);
    return doc;
}

static void test_links(void)
{
    INT_EQ(op_links_mode_from_name("inline"), OP_LINKS_INLINE);
    INT_EQ(op_links_mode_from_name("FOOTNOTE"), OP_LINKS_FOOTNOTE);
    INT_EQ(op_links_mode_from_name("bogus"), -1);
    op_doc *doc = links_doc(OP_LINKS_KEEP);
    char *t = op_doc_text_new(doc, NULL);
    STR_EQ(t, "see docs, https://e.org, docs again, top.\n");
    op_free(t);
    op_doc_free(doc);
    doc = links_doc(OP_LINKS_INLINE);
    t = op_doc_text_new(doc, NULL);
    STR_EQ(t, "see docs (https://e.org/docs), https://e.org, docs again (https://e.org/docs), "
              "top.\n");
    op_free(t);
    op_doc_free(doc);
    doc = links_doc(OP_LINKS_ENDNOTE);
    t = op_doc_text_new(doc, NULL);
    STR_EQ(t, "see docs1, https://e.org, docs again1, top.\n\nLinks\n\n"
              "1. https://e.org/docs\n");
    op_free(t);
    char *h = op_doc_html_new(doc, NULL);
    OK(strstr(h, "<a href=\"https://e.org/docs\">docs</a><sup>1</sup>"), "%s", h);
    OK(strstr(h, "<h2>Links</h2>\n<ol>\n<li><p><a href=\"https://e.org/docs\">"), "%s", h);
    op_free(h);
    op_doc_free(doc);
    /* footnote: the same numbers as note references (SUP with the URL), no list */
    doc = links_doc(OP_LINKS_FOOTNOTE);
    t = op_doc_text_new(doc, NULL);
    STR_EQ(t, "see docs1, https://e.org, docs again1, top.\n");
    op_free(t);
    char *dump = op_doc_dump_new(doc);
    OK(strstr(dump, "sup url=\"https://e.org/docs\""), "note reference: %s", dump);
    op_free(dump);
    op_doc_free(doc);
    doc = links_doc(OP_LINKS_NONE);
    char *d = op_doc_dump_new(doc);
    OK(!strstr(d, "link"), "no links left: %s", d);
    op_free(d);
    t = op_doc_text_new(doc, NULL);
    STR_EQ(t, "see docs, https://e.org, docs again, top.\n");
    op_free(t);
    op_doc_free(doc);
}

int main(void)
{
    RUN(test_links);
    RUN(test_md_escaping);
    RUN(test_md_inlines);
    RUN(test_md_nbsp);
    RUN(test_md_nesting);
    RUN(test_md_table_and_figure);
    RUN(test_md_images_and_breaks);
    RUN(test_md_emphasis_edges);
    RUN(test_txt_empty_block);
    RUN(test_md_front_matter);
    RUN(test_fixture_round_trips);
    RUN(test_html_page);
    DONE();
}
