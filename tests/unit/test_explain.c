/* Unit tests for --explain (src/extract/explain.c and its hooks in clean.c and score.c): a
 * small page where each rule fires once, the line format, and silence when off. */
#include "harness.h"

#include "core/core.h"
#include "offprint/convert.h"

#include <stdlib.h>

#define FIX OP_TEST_SRC_DIR "/tests/fixtures/extract/"

static void collect(void *ud, const op_explain_rec *r)
{
    char *line = op_explain_line_new(r);
    op_buf_printf(ud, "%s\n", line);
    op_free(line);
}

/* The explain lines of a parse (caller frees), or NULL when the parse failed. */
static char *explain_of(const char *data, size_t len, op_format f, int on)
{
    op_buf b;
    op_buf_init(&b, 0);
    op_extract_opts xo = {0};
    if (on) {
        xo.explain = collect;
        xo.explain_ud = &b;
    }
    op_parse_opts o = {0};
    o.format = f;
    op_doc *doc = NULL;
    INT_EQ(op_read(data, len, &o, &xo, &doc), OP_OK);
    if (doc)
        INT_EQ(op_doc_check(doc, NULL), 0);
    op_doc_free(doc);
    op_buf_add(&b, "", 0);
    return op_buf_detach(&b, NULL);
}

static char *explain_file(const char *path, op_format f)
{
    char *data = NULL;
    size_t len = 0;
    INT_EQ(op_file_read(path, 0, &data, &len), OP_OK);
    char *out = explain_of(data ? data : "", len, f, 1);
    op_free(data);
    return out;
}

#define HAS_LINE(out, part) OK(strstr(out, part), "no line with [%s] in:\n%s", part, out)

static void test_rules(void)
{
    char *out = explain_file(FIX "explain.html", OP_FORMAT_HTML);
    HAS_LINE(out, "dropped | tag <nav> | body > nav | \"Home News\"");
    HAS_LINE(out, "dropped | role=dialog | body > div | \"Cookie notice");
    HAS_LINE(out, "dropped | hidden | div#main.post > p | \"Hidden teaser");
    HAS_LINE(out, "dropped | class/id hint \"sidebar\" | body > div.layout > div.sidebar");
    HAS_LINE(out, "kept    | article: score ");
    HAS_LINE(out, "| div#main.post | \"Tide Mill Restored By Maria Stone");
    HAS_LINE(out, "not chosen | div#other |");
    HAS_LINE(out, "dropped | sibling of the article: not scored | body > div.layout > div.teaser");
    HAS_LINE(out, "dropped | sibling of the article: score 8.0 below threshold 10.3");
    HAS_LINE(out, "dropped | outside the article | div#other > p | \"Another paragraph");
    HAS_LINE(out, "dropped | share/byline/credit widget | div#main.post > p.byline");
    HAS_LINE(out, "dropped | byline/dateline line | div#main.post > p | \"Posted on 12 May");
    HAS_LINE(out, "kept    | passed cleaning | div#main.post > p | \"The old tide mill");
    HAS_LINE(out, "dropped | link density 0.91 > 0.2 | div#main.post > div.links");
    HAS_LINE(out, "dropped | call to action |");
    HAS_LINE(out, "dropped | all-capitals promo link |");
    HAS_LINE(out, "dropped | related/read-more block |");
    HAS_LINE(out, "dropped | form | div#main.post > form | \"Your email\"");
    HAS_LINE(out, "dropped | footer/aside | div#main.post > aside");
    HAS_LINE(out, "dropped | duplicate caption | div#main.post > p.caption");
    HAS_LINE(out, "dropped | heading repeats the title | (title block) | \"Tide Mill Restored\"");
    /* text is cut at 60 code points with an ellipsis */
    HAS_LINE(out, "\"An unrelated paragraph of text that sits far outside the sto\xE2\x80\xA6\"");
    op_free(out);
}

static void test_text_dump(void)
{
    static const char dump[] = "Tide Mill Restored | Valley Post\n"
                               "\n"
                               "Tide Mill Restored\n"
                               "\n"
                               "By Maria Stone\n"
                               "\n"
                               "FALMOUTH, May 12 (Valley Wire) -- The old tide mill turned again "
                               "on Saturday, after four years of work.\n"
                               "\n"
                               "The wheel, rebuilt from oak, in May.\n"
                               "\n"
                               "The wheel, rebuilt from oak, in May.\n"
                               "\n"
                               "Visitors can watch the wheel turn at low tide. (Valley Wire)\n"
                               "\n"
                               "Advertisement\n"
                               "\n"
                               "Leave a Reply\n"
                               "\n"
                               "Your email address will not be published.\n";
    char *out = explain_of(dump, sizeof dump - 1, OP_FORMAT_TEXT, 1);
    HAS_LINE(out, "dropped | headline repeated | line 3 | \"Tide Mill Restored\"");
    HAS_LINE(out, "dropped | byline: becomes the author | line 5 | \"By Maria Stone\"");
    HAS_LINE(out, "kept    | dateline: place \"FALMOUTH\", date \"May 12\", agency \"Valley Wire\" "
                  "| line 7 |");
    HAS_LINE(out, "dropped | duplicate caption (kept once, as a caption) | line");
    HAS_LINE(out, "kept    | wire credit \"Valley Wire\" moved to the title block | line 13 |");
    HAS_LINE(out, "dropped | boilerplate line | line 15 | \"Advertisement\"");
    HAS_LINE(out,
             "dropped | boilerplate marker: it and the rest are cut | line 17 | \"Leave a Reply\"");
    HAS_LINE(out, "dropped | after a boilerplate marker | line 19 | \"Your email address");
    op_free(out);
}

/* A block that passes cleaning and is then dropped with the block around it (or by a later
 * rule) is reported as dropped, naming that block and its rule: never "kept" while absent
 * from the output. */
static void test_kept_then_dropped_with_parent(void)
{
    static const char page[] =
        "<html><body><article>"
        "<p>The council met on Monday, for the third time this month, to discuss the new "
        "budget, which has been delayed since spring, and the mayor asked for a vote.</p>"
        "<div class='more'><p>See also <a href='/a'>the other budget story of the week</a> "
        "and <a href='/b'>the one about the roads and the parks</a></p></div>"
        "<p>The vote, if it passes, will release the money in June, according to the "
        "finance office, which published its figures on Friday, and the parks gain.</p>"
        "</article></body></html>";
    char *out = explain_of(page, sizeof page - 1, OP_FORMAT_HTML, 1);
    HAS_LINE(out, "dropped | passed cleaning; dropped with div > article > div.more (link density");
    OK(!strstr(out, "kept    | passed cleaning | article > div.more > p"), "%s", out);
    HAS_LINE(out, "dropped | link density");
    op_free(out);
}

static void test_off_is_silent(void)
{
    char *data = NULL;
    size_t len = 0;
    INT_EQ(op_file_read(FIX "explain.html", 0, &data, &len), OP_OK);
    char *out = explain_of(data, len, OP_FORMAT_HTML, 0);
    STR_EQ(out, "");
    op_free(out);
    /* NULL extract options work too */
    op_parse_opts o = {0};
    o.format = OP_FORMAT_HTML;
    op_doc *doc = NULL;
    INT_EQ(op_read(data, len, &o, NULL, &doc), OP_OK);
    op_doc_free(doc);
    op_free(data);
}

static void test_line_format(void)
{
    op_explain_rec r = {0, "hidden", "div#a > p.b", "text"};
    char *line = op_explain_line_new(&r);
    STR_EQ(line, "dropped | hidden | div#a > p.b | \"text\"");
    op_free(line);
    r.kept = 1;
    line = op_explain_line_new(&r);
    STR_EQ(line, "kept    | hidden | div#a > p.b | \"text\"");
    op_free(line);
}

int main(void)
{
    RUN(test_rules);
    RUN(test_text_dump);
    RUN(test_kept_then_dropped_with_parent);
    RUN(test_off_is_silent);
    RUN(test_line_format);
    DONE();
}
