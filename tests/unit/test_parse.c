/* Unit tests for the parse module: the normalising builder, sniffing, charset conversion,
 * and the HTML, plain-text and Markdown parsers. Every parse is followed by op_doc_check. */
#include "harness.h"

#include "core/core.h"
#include "offprint/convert.h"
#include "parse/build.h"
#include "parse/encoding.h"
#include "parse/parse.h"

#include <stdlib.h>

static op_parse_opts opts_base(void)
{
    op_parse_opts o;
    memset(&o, 0, sizeof o);
    o.base_dir = "/base";
    o.filename = "/in/article.html";
    return o;
}

/* Parses with `f`, checks the tree, returns the dump (caller frees) or NULL. */
static char *dump_of(op_format f, const char *src, size_t len, const op_parse_opts *o)
{
    op_parse_opts opts = o ? *o : opts_base();
    op_doc *doc = NULL;
    opts.format = f;
    op_status st = op_read(src, len, &opts, NULL, &doc);
    INT_EQ(st, OP_OK);
    if (st)
        return NULL;
    INT_EQ(op_doc_check(doc, NULL), 0);
    char *d = op_doc_dump_new(doc);
    op_doc_free(doc);
    return d;
}

#define DUMP_EQ(fmt, src, want)                                                                    \
    do {                                                                                           \
        char *d_ = dump_of(fmt, src, strlen(src), NULL);                                           \
        STR_EQ(d_, want);                                                                          \
        op_free(d_);                                                                               \
    } while (0)

#define HTML_EQ(src, want) DUMP_EQ(OP_FORMAT_HTML, src, want)
#define TEXT_EQ(src, want) DUMP_EQ(OP_FORMAT_TEXT, src, want)
#define MD_EQ(src, want)   DUMP_EQ(OP_FORMAT_MARKDOWN, src, want)

/* Substring check on a dump. */
#define HTML_HAS(src, part)                                                                        \
    do {                                                                                           \
        char *d_ = dump_of(OP_FORMAT_HTML, src, strlen(src), NULL);                                \
        OK(d_ &&strstr(d_, part), "dump lacks [%s]:\n%s", part, d_ ? d_ : "(null)");               \
        op_free(d_);                                                                               \
    } while (0)

#define HTML_LACKS(src, part)                                                                      \
    do {                                                                                           \
        char *d_ = dump_of(OP_FORMAT_HTML, src, strlen(src), NULL);                                \
        OK(d_ && !strstr(d_, part), "dump has [%s]:\n%s", part, d_ ? d_ : "(null)");               \
        op_free(d_);                                                                               \
    } while (0)

/*** Builder ***/

static char *build_dump(op_doc *doc, op_build *b)
{
    INT_EQ(op_build_finish(b), OP_OK);
    op_build_free(b);
    INT_EQ(op_doc_check(doc, NULL), 0);
    char *d = op_doc_dump_new(doc);
    op_doc_free(doc);
    return d;
}

static void test_build_auto_paragraph(void)
{
    op_doc *doc = op_doc_new();
    op_build *b = op_build_new(doc, 0, OP_BUILD_COLLAPSE_WS);
    op_build_text(b, "  hello \n  world  ", 18);
    op_build_enter(b, OP_NODE_BLOCKQUOTE);
    op_build_text(b, "quoted", 6);
    op_build_leave(b);
    char *d = build_dump(doc, b);
    STR_EQ(d, "document\n  paragraph\n    text \"hello world\"\n  blockquote\n    paragraph\n"
              "      text \"quoted\"\n");
    op_free(d);
}

static void test_build_block_closes_inline(void)
{
    op_doc *doc = op_doc_new();
    op_build *b = op_build_new(doc, 0, OP_BUILD_COLLAPSE_WS);
    op_build_enter(b, OP_NODE_PARAGRAPH);
    op_build_enter(b, OP_NODE_STRONG);
    op_build_text(b, "a", 1);
    op_build_enter(b, OP_NODE_LIST);
    op_build_text(b, "b", 1); /* stray list content gets an item */
    op_build_leave(b);
    op_build_text(b, "c", 1); /* strong re-opened in a new paragraph */
    op_build_leave(b);
    op_build_leave(b);
    char *d = build_dump(doc, b);
    STR_EQ(d, "document\n  paragraph\n    strong\n      text \"a\"\n  list bullet start=1\n"
              "    item\n      paragraph\n        strong\n          text \"b\"\n  paragraph\n"
              "    strong\n      text \"c\"\n");
    op_free(d);
}

static void test_build_empty_dropped(void)
{
    op_doc *doc = op_doc_new();
    op_build *b = op_build_new(doc, 0, OP_BUILD_COLLAPSE_WS);
    op_build_enter(b, OP_NODE_PARAGRAPH);
    op_build_text(b, "   ", 3);
    op_build_leave(b);
    op_build_enter(b, OP_NODE_LIST);
    op_build_enter(b, OP_NODE_ITEM);
    op_build_enter(b, OP_NODE_EMPH);
    op_build_leave(b);
    op_build_leave(b);
    op_build_leave(b);
    op_build_enter(b, OP_NODE_TABLE);
    op_build_leave(b);
    op_build_enter(b, OP_NODE_CODE_BLOCK);
    op_build_leave(b);
    char *d = build_dump(doc, b);
    STR_EQ(d, "document\n");
    op_free(d);
}

static void test_build_depth_limit(void)
{
    op_doc *doc = op_doc_new();
    op_build *b = op_build_new(doc, 10, OP_BUILD_COLLAPSE_WS);
    for (int i = 0; i < 1000; i++)
        op_build_enter(b, i % 2 ? OP_NODE_BLOCKQUOTE : OP_NODE_LIST);
    op_build_text(b, "deep", 4);
    for (int i = 0; i < 1000; i++)
        op_build_leave(b);
    op_build_text(b, "after", 5);
    INT_EQ(op_build_finish(b), OP_OK);
    op_build_free(b);
    INT_EQ(op_doc_check(doc, NULL), 0);
    int max = 0;
    op_iter *it = op_iter_new(op_doc_root(doc));
    op_event ev;
    int depth = 0;
    while ((ev = op_iter_next(it)) != OP_EVENT_DONE) {
        op_node *n = op_iter_node(it);
        if (ev == OP_EVENT_EXIT) {
            depth--;
            continue;
        }
        if (depth > max)
            max = depth;
        if (op_node_kind_is_container(op_node_get_kind(n)))
            depth++;
    }
    op_iter_free(it);
    OK(max <= 10, "depth %d", max);
    char *text = op_node_text_new(op_doc_root(doc), NULL);
    OK(text && strstr(text, "deep") && strstr(text, "after"), "text %s", text);
    op_free(text);
    op_doc_free(doc);
}

static void test_build_figure_table(void)
{
    op_doc *doc = op_doc_new();
    op_build *b = op_build_new(doc, 0, OP_BUILD_COLLAPSE_WS);
    op_build_enter(b, OP_NODE_FIGURE);
    op_build_enter(b, OP_NODE_CAPTION);
    op_build_text(b, "cap", 3);
    op_build_leave(b);
    op_node *img = op_build_leaf(b, OP_NODE_IMAGE); /* after the caption: moved before it */
    op_node_set_url(doc, img, "/x.png", 6);
    op_build_leave(b);
    op_build_enter(b, OP_NODE_FIGURE); /* no image: caption becomes a paragraph */
    op_build_enter(b, OP_NODE_CAPTION);
    op_build_text(b, "lonely", 6);
    op_build_leave(b);
    op_build_leave(b);
    op_build_enter(b, OP_NODE_TABLE_CELL); /* cell without table or row */
    op_build_text(b, "c1", 2);
    op_build_enter(b, OP_NODE_PARAGRAPH); /* block in a cell: flattened */
    op_build_text(b, "p", 1);
    op_build_leave(b);
    op_build_leave(b);
    char *d = build_dump(doc, b);
    STR_EQ(d, "document\n  figure\n    image url=\"/x.png\"\n    caption\n      text \"cap\"\n"
              "  paragraph\n    text \"lonely\"\n  table\n    table_row\n      table_cell\n"
              "        text \"c1\"\n        line_break\n        text \"p\"\n");
    op_free(d);
}

static void test_build_random_calls(void)
{
    /* Whatever the call order, the tree must stay valid. */
    unsigned seed = 12345;
    for (int round = 0; round < 300; round++) {
        op_doc *doc = op_doc_new();
        op_build *b = op_build_new(doc, 12, round % 2 ? OP_BUILD_COLLAPSE_WS : 0);
        for (int i = 0; i < 200; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 100;
            if (r < 45)
                op_build_enter(b, (op_node_kind)((seed >> 8) % OP_NODE_KIND_COUNT));
            else if (r < 70)
                op_build_leave(b);
            else if (r < 95)
                op_build_text(b, r % 2 ? " x y " : "\xff\xfez!!", 5);
            else
                op_build_break(b);
        }
        op_build_finish(b);
        op_build_free(b);
        int bad = op_doc_check(doc, NULL);
        OK(bad == 0, "round %d: %d violations", round, bad);
        op_doc_free(doc);
    }
}

/*** Sniffing and encodings ***/

static void test_sniff(void)
{
    INT_EQ(op_sniff_format("x", 1, "a.HTML"), OP_FORMAT_HTML);
    INT_EQ(op_sniff_format("x", 1, "a.htm"), OP_FORMAT_HTML);
    INT_EQ(op_sniff_format("x", 1, "a.xhtml"), OP_FORMAT_HTML);
    INT_EQ(op_sniff_format("x", 1, "a.md"), OP_FORMAT_MARKDOWN);
    INT_EQ(op_sniff_format("x", 1, "a.markdown"), OP_FORMAT_MARKDOWN);
    INT_EQ(op_sniff_format("<html>", 6, "a.txt"), OP_FORMAT_TEXT);
    const char *h = "\n  <!DOCTYPE html><p>x";
    INT_EQ(op_sniff_format(h, strlen(h), NULL), OP_FORMAT_HTML);
    const char *m = "# Title\n\nSome *text* and [a link](http://x).\n\n- one\n- two\n";
    INT_EQ(op_sniff_format(m, strlen(m), "stdin"), OP_FORMAT_MARKDOWN);
    const char *t = "Title\n\nJust words. More words.\n";
    INT_EQ(op_sniff_format(t, strlen(t), NULL), OP_FORMAT_TEXT);
    INT_EQ(op_sniff_format(NULL, 0, NULL), OP_FORMAT_TEXT);
    INT_EQ(op_format_from_name("md"), OP_FORMAT_MARKDOWN);
    INT_EQ(op_format_from_name("TXT"), OP_FORMAT_TEXT);
    INT_EQ(op_format_from_name("html"), OP_FORMAT_HTML);
    INT_EQ(op_format_from_name("pdf"), OP_FORMAT_AUTO);
    STR_EQ(op_format_name(OP_FORMAT_MARKDOWN), "markdown");
    STR_EQ(op_format_name(OP_FORMAT_AUTO), "auto");
}

/* Inputs that are no article are told by their bytes, whatever their name; gzip is opened. */
static void test_not_articles(void)
{
    static const char zipdoc[] = "PK\x03\x04\x14\0\0\0\x08\0\0\0\0\0[Content_Types].xml..."
                                 "PK\x03\x04\x14\0\0\0\x08\0word/document.xml";
    static const char epub[] = "PK\x03\x04\x0A\0\0\0\0\0\0\0\0\0mimetypeapplication/epub+zip";
    static const char webp[] = "RIFF\x24\0\0\0WEBPVP8 ";
    static const char riff[] = "RIFF\x24\0\0\0WAVEfmt \x10\0\0\0\x01\0\x02\0";
    STR_EQ(op_sniff_binary("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", 15), "a PDF document");
    STR_EQ(op_sniff_binary(zipdoc, sizeof zipdoc - 1), "a Word document");
    STR_EQ(op_sniff_binary(epub, sizeof epub - 1), "an EPUB book");
    STR_EQ(op_sniff_binary("PK\x03\x04junk", 8), "a ZIP archive");
    STR_EQ(op_sniff_binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "a PNG image");
    STR_EQ(op_sniff_binary("\xFF\xD8\xFF\xE0\0\x10JFIF", 10), "a JPEG image");
    STR_EQ(op_sniff_binary(webp, sizeof webp - 1), "a WebP image");
    STR_EQ(op_sniff_binary("\x7F"
                           "ELF\x02\x01\x01",
                           7),
           "a program");
    STR_EQ(op_sniff_binary("\x1F\x8B\x08\0", 4), "a gzip-compressed file");
    char bin[600];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (char)(i * 7 % 256);
    STR_EQ(op_sniff_binary(bin + 1, sizeof bin - 1), "binary data");
    OK(op_sniff_binary(riff, sizeof riff - 1) != NULL, "a RIFF file with NULs: binary");
    /* text: HTML, Latin-1 and Shift_JIS bytes, UTF-16 with its mark, an escape sequence */
    const char *html = "<!doctype html><title>Caf\xE9</title><p>\x82\xA0\x82\xA2 \x1B[1mx</p>\f";
    OK(op_sniff_binary(html, strlen(html)) == NULL, "text is text");
    OK(op_sniff_binary("\xFF\xFE<\0p\0>\0h\0i\0", 12) == NULL, "UTF-16 with a BOM");
    OK(op_sniff_binary("Title\n\nWords.\n", 14) == NULL, "plain text");
    OK(op_sniff_binary(NULL, 0) == NULL, "nothing");
    /* through the parse stage: refused (even with --from html), nothing built */
    op_parse_opts o = opts_base();
    op_doc *doc = NULL;
    o.format = OP_FORMAT_HTML;
    INT_EQ(op_read("%PDF-1.7\n1 0 obj", 16, &o, NULL, &doc), OP_ERR_UNSUPPORTED);
    OK(doc == NULL, "no model");
    /* gzip: the page inside, its format by content or by the name under ".gz" */
    static const char gz_html[] =
        "\x1F\x8B\x08\x00\x00\x00\x00\x00\x02\x03\xB3\x29\xC9\x2C\xC9\x49\xB5\x73\xAF\xB2\xD1"
        "\x87\xB0\x6C\x0A\xEC\x3C\xF3\x8A\x33\x53\x52\x15\x12\x15\xD2\xAB\x32\x0B\x14\xD2\x32"
        "\x73\x52\x75\x80\x9C\x82\xC4\xA2\xC4\xF4\xA2\xC4\x82\x0C\x85\xFC\x34\x85\x92\xD4\x8A"
        "\x12\x3D\x1B\xFD\x02\x3B\x00\xA7\xF3\x3C\x75\x40\x00\x00\x00";
    o = opts_base();
    o.filename = "/in/page.html.gz";
    INT_EQ(op_read(gz_html, sizeof gz_html - 1, &o, NULL, &doc), OP_OK);
    STR_EQ(doc ? op_doc_get_meta(doc, OP_META_TITLE) : NULL, "Gz");
    op_doc_free(doc);
    doc = NULL;
    static const char gz_md[] = "\x1F\x8B\x08\x00\x00\x00\x00\x00\x02\x03\x53\x56\xF0\xCB\x2F"
                                "\x49\x2D\xE6\xE2\x0A\xCE\xCF\x4D\x55\xD0\x2A\x49\xAD\x28\xD1"
                                "\xD2\xE3\x02\x00\x72\x81\xAE\x97\x16\x00\x00\x00";
    o.filename = "/in/notes.md.gz";
    INT_EQ(op_read(gz_md, sizeof gz_md - 1, &o, NULL, &doc), OP_OK);
    char *dump = doc ? op_doc_dump_new(doc) : NULL;
    OK(dump && strstr(dump, "emph"), "Markdown by the name inside: %s", dump ? dump : "-");
    op_free(dump);
    op_doc_free(doc);
    doc = NULL;
    /* cut short, and a small file that expands past the limit */
    INT_EQ(op_read(gz_html, 40, &o, NULL, &doc), OP_ERR_PARSE);
    static const char gz_bomb[] = "\x1F\x8B\x08\x00\x00\x00\x00\x00\x02\x03\x4B\x4C\x1C\x05\xA3"
                                  "\x60\x14\x0C\x77\x00\x00\x03\xDA\x38\x9A\xE8\x03\x00\x00";
    o.max_size = 500;
    INT_EQ(op_read(gz_bomb, sizeof gz_bomb - 1, &o, NULL, &doc), OP_ERR_LIMIT);
    o.max_size = 0;
    char *out = NULL;
    size_t len = 0;
    INT_EQ(op_gunzip_new(gz_bomb, sizeof gz_bomb - 1, 0, &out, &len), OP_OK);
    INT_EQ((int)len, 1000);
    op_free(out);
    /* two members in a row, as cat a.gz b.gz makes */
    char two[2 * sizeof gz_bomb];
    memcpy(two, gz_bomb, sizeof gz_bomb - 1);
    memcpy(two + sizeof gz_bomb - 1, gz_bomb, sizeof gz_bomb - 1);
    INT_EQ(op_gunzip_new(two, 2 * (sizeof gz_bomb - 1), 0, &out, &len), OP_OK);
    INT_EQ((int)len, 2000);
    op_free(out);
}

static void conv(const char *in, size_t len, const char *cs, const char *want)
{
    char *out = NULL;
    size_t olen = 0;
    INT_EQ(parse_to_utf8(in, len, cs, 0, &out, &olen), OP_OK);
    STR_EQ(out, want);
    OK(out && op_utf8_valid(out, olen), "invalid UTF-8");
    op_free(out);
}

static void test_encoding(void)
{
    char cs[64];
    parse_detect_charset("\xEF\xBB\xBFx", 4, 1, NULL, cs, sizeof cs);
    STR_EQ(cs, "UTF-8");
    parse_detect_charset("\xFF\xFEx\0", 4, 1, NULL, cs, sizeof cs);
    STR_EQ(cs, "UTF-16LE");
    const char *m1 = "<meta charset=\"Shift_JIS\">";
    parse_detect_charset(m1, strlen(m1), 1, NULL, cs, sizeof cs);
    STR_EQ(cs, "SHIFT_JIS");
    const char *m2 = "<META http-equiv=Content-Type content='text/html; charset=ISO-8859-1'>";
    parse_detect_charset(m2, strlen(m2), 1, NULL, cs, sizeof cs);
    STR_EQ(cs, "WINDOWS-1252");
    parse_detect_charset(m2, strlen(m2), 0, NULL, cs, sizeof cs);
    STR_EQ(cs, "UTF-8");
    parse_detect_charset("caf\xe9", 4, 1, NULL, cs, sizeof cs);
    STR_EQ(cs, "WINDOWS-1252");
    /* the transport's charset (HTTP Content-Type): after the markup's, before the guess */
    parse_detect_charset("caf\xe9", 4, 1, "ISO-8859-2", cs, sizeof cs);
    STR_EQ(cs, "ISO-8859-2");
    parse_detect_charset(m1, strlen(m1), 1, "ISO-8859-2", cs, sizeof cs);
    STR_EQ(cs, "SHIFT_JIS");
    parse_detect_charset("\xEF\xBB\xBFx", 4, 1, "ISO-8859-2", cs, sizeof cs);
    STR_EQ(cs, "UTF-8");
    conv("caf\xe9 \x93q\x94", 9, "WINDOWS-1252", "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d");
    conv("a\x81z", 3, "WINDOWS-1252", "a\xef\xbf\xbdz");
    conv("ok \xff\xfe end", 10, "UTF-8", "ok \xef\xbf\xbd\xef\xbf\xbd end");
    conv("\xEF\xBB\xBFhi\x01\0!", 8, NULL, "hi!");
    conv("\xFF\xFEh\0i\0", 6, NULL, "hi");
    conv("\x82\xa0", 2, "SHIFT_JIS", "\xe3\x81\x82");
    conv("x", 1, "NO-SUCH-CHARSET", "x");
    HTML_HAS("<meta charset=windows-1252><p>caf\xe9</p>", "text \"caf\xc3\xa9\"");
    /* a page saved as UTF-8 that kept its old meta charset */
    HTML_HAS("<meta charset=gb2312><p>\xe4\xb8\xad\xe6\x96\x87</p>",
             "text \"\xe4\xb8\xad\xe6\x96\x87\"");
}

/*** HTML ***/

static void test_html_basic(void)
{
    HTML_EQ("<p>Hello <b>bold <i>it</i></b> &amp; <code>x  y</code></p>",
            "document\n  paragraph\n    text \"Hello \"\n    strong\n      text \"bold \"\n"
            "      emph\n        text \"it\"\n    text \" & \"\n    code \"x y\"\n");
    HTML_EQ("<div>one</div><div>two<br>three</div>",
            "document\n  paragraph\n    text \"one\"\n  paragraph\n    text \"two\"\n"
            "    line_break\n    text \"three\"\n");
    HTML_EQ("<h2>Sub</h2><hr><blockquote><p>q</p></blockquote>",
            "document\n  heading level=2\n    text \"Sub\"\n  thematic_break\n  blockquote\n"
            "    paragraph\n      text \"q\"\n");
    HTML_EQ("<ol start=3><li>a<li>b<ul><li>c</ul></ol>",
            "document\n  list ordered start=3\n    item\n      paragraph\n        text \"a\"\n"
            "    item\n      paragraph\n        text \"b\"\n      list bullet start=1\n"
            "        item\n          paragraph\n            text \"c\"\n");
    HTML_EQ("<pre><code class=\"language-c\">int x;\n  return;</code></pre>",
            "document\n  code_block title=\"c\" \"int x;\\n  return;\"\n");
    HTML_EQ("<p>H<sub>2</sub>O x<sup>2</sup></p>",
            "document\n  paragraph\n    text \"H\"\n    sub\n      text \"2\"\n    text \"O x\"\n"
            "    sup\n      text \"2\"\n");
    HTML_EQ("<p>a <br> b</p>",
            "document\n  paragraph\n    text \"a\"\n    line_break\n    text \"b\"\n");
    HTML_EQ("<p>a<br><br>b</p>",
            "document\n  paragraph\n    text \"a\"\n  paragraph\n    text \"b\"\n");
}

static void test_html_table(void)
{
    HTML_EQ(
        "<table><caption>Cap</caption><thead><tr><th align=right>H</th></tr></thead>"
        "<tbody><tr><td style=\"text-align: center\">1</td></tr></tbody></table>",
        "document\n  table\n    table_row\n      table_cell header align=3\n        text \"H\"\n"
        "    table_row\n      table_cell align=2\n        text \"1\"\n  paragraph\n"
        "    text \"Cap\"\n");
    HTML_EQ("<a href=\"u\"><div><h2>Card</h2><p>text</p></div></a>",
            "document\n  heading level=2\n    link url=\"u\"\n      text \"Card\"\n  paragraph\n"
            "    link url=\"u\"\n      text \"text\"\n");
    HTML_EQ("<table></table><table><tr></tr></table><p>x</p>",
            "document\n  paragraph\n    text \"x\"\n");
    /* a one-column table whose cells hold paragraphs is page layout, not data: its cells'
     * blocks become the document's (else a whole story in one cell is one unbreakable row) */
    HTML_EQ("<table><tr><td><h2>T</h2><p>One.</p><p>Two.</p></td></tr>"
            "<tr><td><p>Three.</p></td></tr></table>",
            "document\n  heading level=2\n    text \"T\"\n  paragraph\n    text \"One.\"\n"
            "  paragraph\n    text \"Two.\"\n  paragraph\n    text \"Three.\"\n");
    HTML_EQ("<table><thead></thead><tbody><tr><td><p>a</p><table><tr><td>x</td><td>y</td></tr>"
            "</table></td></tr></tbody></table>",
            "document\n  paragraph\n    text \"a\"\n  table\n    table_row\n      table_cell\n"
            "        text \"x\"\n      table_cell\n        text \"y\"\n");
    /* two columns, or one column of plain cells: a data table */
    HTML_EQ("<table><tr><td><p>a</p></td><td>b</td></tr></table>",
            "document\n  table\n    table_row\n      table_cell\n        text \"a\"\n"
            "      table_cell\n        text \"b\"\n");
}

static void test_html_drop(void)
{
    const char *src = "<body><nav>menu</nav><header>site</header><p>keep</p><script>bad()</script>"
                      "<style>p{}</style><aside>ad</aside><form><input value=v></form>"
                      "<p hidden>h1</p><p aria-hidden=\"true\">h2</p><p style=\"display: none\">h3"
                      "</p><svg><text>s</text></svg><iframe src=x></iframe><button>b</button>"
                      "<template><p>t</p></template><footer>foot</footer><!-- c --></body>";
    HTML_EQ(src, "document\n  paragraph\n    text \"keep\"\n");
    HTML_HAS("<article><header><p>byline</p></header><p>body</p><footer>notes</footer></article>",
             "notes");
}

static void test_html_root(void)
{
    HTML_EQ("<body><p>outside</p><article><p>short one</p></article>"
            "<article><p>the longer article text</p></article></body>",
            "document\n  paragraph\n    text \"the longer article text\"\n");
    HTML_EQ("<body><p>out</p><main><p>in main</p></main></body>",
            "document\n  paragraph\n    text \"in main\"\n");
    HTML_EQ("<body><p>out</p><div itemprop=\"articleBody\"><p>body</p></div></body>",
            "document\n  paragraph\n    text \"body\"\n");
}

static void test_html_meta(void)
{
    const char *src = "<html lang=\"en-GB\"><head><title>Story | Paper</title>"
                      "<meta property=\"og:site_name\" content=\"Paper\">"
                      "<meta name=\"author\" content=\"Jane Doe\">"
                      "<meta property=\"article:published_time\" content=\"2024-05-01T10:00:00Z\">"
                      "<meta name=\"description\" content=\"Short.\">"
                      "<meta property=\"og:image\" content=\"https://x.test/lead.jpg\">"
                      "<link rel=\"canonical\" href=\"https://x.test/story\"></head>"
                      "<body><h1>Story</h1><p>Text.</p></body></html>";
    HTML_EQ(src, "meta title \"Story\"\nmeta author \"Jane Doe\"\n"
                 "meta published \"2024-05-01T10:00:00Z\"\nmeta site_name \"Paper\"\n"
                 "meta source_url \"https://x.test/story\"\nmeta lang \"en-GB\"\n"
                 "meta description \"Short.\"\nmeta lead_image \"https://x.test/lead.jpg\"\n"
                 "document\n  paragraph\n    text \"Text.\"\n");
    HTML_EQ("<title>T</title><meta property=\"og:title\" content=\"OG\"><p>x</p>"
            "<time datetime=\"2020-01-02\">Jan 2</time>",
            "meta title \"OG\"\nmeta published \"2020-01-02\"\ndocument\n  paragraph\n"
            "    text \"x\"\n  paragraph\n    text \"Jan 2\"\n");
    HTML_EQ("<h1>Only heading</h1><p>x</p>",
            "meta title \"Only heading\"\ndocument\n  paragraph\n    text \"x\"\n");
    HTML_HAS("<title>Other</title><h1>Different</h1>", "heading level=1");
}

static void test_html_images(void)
{
    HTML_HAS("<img src=\"pics/a%20b.png?v=1\" alt=\"A\">",
             "image url=\"/base/pics/a b.png\" \"A\"");
    /* a page reads files in its own folder tree only (issue 18) */
    HTML_HAS("<img src=\"sub/../pics/x.png\">", "image url=\"/base/pics/x.png\"");
    HTML_LACKS("<p>x<img src=\"../up.png\" alt=U></p>", "image");
    HTML_LACKS("<p>x<img src=\"file:///abs/f.jpg\" alt=F></p>", "image");
    HTML_LACKS("<p>x<img src=\"/etc/passwd\" alt=P></p>", "image");
    HTML_LACKS("<p>x<img src=\"pics/../../../etc/x.png\" alt=E></p>", "image");
    HTML_HAS("<img src=\"https://cdn.test/x.jpg\">", "url=\"https://cdn.test/x.jpg\"");
    HTML_HAS("<img src=\"//cdn.test/x.jpg\">", "url=\"https://cdn.test/x.jpg\"");
    HTML_HAS("<img src=\"data:image/gif;base64,R0lGOD\">", "url=\"data:image/gif;base64,R0lGOD\"");
    HTML_HAS("<img src=\"data:image/gif;base64,R0\" data-src=\"real.jpg\">",
             "url=\"/base/real.jpg\"");
    HTML_HAS("<img srcset=\"s.jpg 300w, l.jpg 1200w, m.jpg 600w\">", "url=\"/base/l.jpg\"");
    HTML_HAS("<picture><source srcset=\"p1.webp 1x, p2.webp 2x\"><img alt=x></picture>",
             "url=\"/base/p2.webp\"");
    HTML_LACKS("<img src=\"javascript:alert(1)\">", "image");
    HTML_EQ("<figure><a href=\"big.jpg\"><img src=\"a.png\" title=\"T\"></a>"
            "<figcaption>Cap <em>x</em></figcaption></figure>",
            "document\n  figure\n    image url=\"/base/a.png\" title=\"T\"\n    caption\n"
            "      text \"Cap \"\n      emph\n        text \"x\"\n");
    HTML_EQ("<figure><p><a href=x><img src=\"p.png\"></a></p><p>text</p></figure>",
            "document\n  figure\n    image url=\"/base/p.png\"\n    caption\n"
            "      text \"text\"\n");
    HTML_HAS("<div><noscript><img src=\"ns.jpg\"></noscript></div>", "url=\"/base/ns.jpg\"");
    HTML_LACKS("<div><img src=\"lazy.gif\" data-src=\"a.jpg\"><noscript><img src=\"ns.jpg\">"
               "</noscript></div>",
               "ns.jpg");
    op_parse_opts o = opts_base();
    o.base_dir = NULL;
    o.filename = "/docs/page.html";
    char *d = dump_of(OP_FORMAT_HTML, "<img src=i.png>", 15, &o);
    OK(d && strstr(d, "url=\"/docs/i.png\""), "%s", d);
    op_free(d);
}

static void test_html_links(void)
{
    HTML_HAS("<p><a href=\"https://a.test/x\" title=\"t\">A</a></p>",
             "link url=\"https://a.test/x\" title=\"t\"");
    HTML_HAS("<p><a href=\"rel/page\">R</a></p>", "link url=\"rel/page\"");
    HTML_HAS("<base href=\"https://b.test/dir/page.html\"><p><a href=\"../other?q=1#f\">x</a></p>",
             "url=\"https://b.test/other?q=1#f\"");
    HTML_HAS("<base href=\"https://b.test/dir/\"><p><a href=\"/root\">x</a></p>",
             "url=\"https://b.test/root\"");
    HTML_HAS("<base href=\"https://b.test/dir/\"><p><a href=\"#frag\">x</a></p>", "url=\"#frag\"");
    HTML_LACKS("<p><a href=\"javascript:void(0)\">x</a></p>", "link");
}

static void test_html_nasty(void)
{
    size_t n = 100000;
    char *deep = op_malloc(n * 5 + 2);
    for (size_t i = 0; i < n; i++)
        memcpy(deep + i * 5, "<div>", 5);
    memcpy(deep + n * 5, "x", 2);
    char *d = dump_of(OP_FORMAT_HTML, deep, n * 5 + 1, NULL);
    OK(d && strstr(d, "text \"x\""), "deep divs");
    op_free(d);
    for (size_t i = 0; i < n / 2; i++)
        memcpy(deep + i * 5, "<em>x", 5);
    d = dump_of(OP_FORMAT_HTML, deep, n * 5 / 2, NULL);
    OK(d != NULL, "deep em");
    op_free(d);
    op_free(deep);
    HTML_EQ("", "document\n");
    HTML_EQ("<p", "document\n");
    HTML_HAS("<p>a\xff\xfe b</p>", "text");
    d = dump_of(OP_FORMAT_HTML, "<p>a\0b</p>", 10, NULL);
    OK(d && strstr(d, "text \"ab\""), "%s", d);
    op_free(d);
}

/*** Plain text ***/

static void test_text(void)
{
    TEXT_EQ("Headline | Site\n\nHeadline\n\nA hard\nwrapped para-\ngraph here.\n\n\n  Next one.\n",
            "meta title \"Headline\"\nmeta site_name \"Site\"\ndocument\n  paragraph\n"
            "    text \"A hard wrapped para-graph here.\"\n  paragraph\n    text \"Next one.\"\n");
    TEXT_EQ("\n\n  Just a title  \n", "meta title \"Just a title\"\ndocument\n");
    TEXT_EQ("", "document\n");
    char longl[400];
    memset(longl, 'w', sizeof longl);
    for (size_t i = 5; i < sizeof longl; i += 6)
        longl[i] = ' ';
    char src[1000];
    snprintf(src, sizeof src, "T\n\n%.*s\n%.*s\n", 300, longl, 300, longl);
    char *d = dump_of(OP_FORMAT_TEXT, src, strlen(src), NULL);
    const char *p = d ? strstr(d, "paragraph") : NULL;
    OK(p && strstr(p + 1, "paragraph"), "long lines are paragraphs: %s", d);
    op_free(d);
    /* the repeated headline differs only in typography (curly quotes, dashes, spaces): it
     * is dropped, and its typographic quotes and dashes win over the title line's ASCII */
    TEXT_EQ("Allies' Chiefs -- \"Meet\" | Site\n\nAllies\xE2\x80\x99 Chiefs \xE2\x80\x94 "
            "\xE2\x80\x9CMeet\xE2\x80\x9D\n\nBody.\n",
            "meta title \"Allies\xE2\x80\x99 Chiefs \xE2\x80\x94 \xE2\x80\x9CMeet\xE2\x80\x9D\"\n"
            "meta site_name \"Site\"\ndocument\n  paragraph\n    text \"Body.\"\n");
    /* ... but not the other way round: a plainer repeat keeps the title line's typography */
    TEXT_EQ("Allies\xE2\x80\x99 Chiefs | Site\n\nAllies' Chiefs\n\nBody.\n",
            "meta title \"Allies\xE2\x80\x99 Chiefs\"\nmeta site_name \"Site\"\ndocument\n"
            "  paragraph\n    text \"Body.\"\n");
    TEXT_EQ("T\r\n\r\nline one\r\nline two\r\n",
            "meta title \"T\"\ndocument\n  paragraph\n    text \"line one line two\"\n");
}

/*** Markdown ***/

static void test_markdown(void)
{
    MD_EQ("# The Title\n\nSome *em* and **strong** and `code` and [l](http://x \"t\").\n",
          "meta title \"The Title\"\ndocument\n  paragraph\n    text \"Some \"\n    emph\n"
          "      text \"em\"\n    text \" and \"\n    strong\n      text \"strong\"\n"
          "    text \" and \"\n    code \"code\"\n    text \" and \"\n"
          "    link url=\"http://x\" title=\"t\"\n      text \"l\"\n    text \".\"\n");
    /* an image alone is a figure; its title is the caption (two lines: a line break), its
     * alt text stays the alt text */
    MD_EQ("![Alt *x*](img/p.png)\n",
          "document\n  figure\n    image url=\"/base/img/p.png\" \"Alt x\"\n");
    MD_EQ("![Alt](img/p.png \"Cap one\nline two\")\n",
          "document\n  figure\n    image url=\"/base/img/p.png\" \"Alt\"\n    caption\n      text "
          "\"Cap one\"\n      line_break\n      text \"line two\"\n");
    /* inline <em>, <strong>, <sub>, <sup>; a stray end tag is ignored; links do not nest */
    MD_EQ("a<em>.</em>b<sup>2</sup></strong> [x <y@e.org>](http://z)\n",
          "document\n  paragraph\n    text \"a\"\n    emph\n      text \".\"\n    text \"b\"\n"
          "    sup\n      text \"2\"\n    text \" \"\n    link url=\"http://z\"\n"
          "      text \"x y@e.org\"\n");
    MD_EQ("text ![a](b.png) more\n",
          "document\n  paragraph\n    text \"text \"\n    image url=\"/base/b.png\" \"a\"\n"
          "    text \" more\"\n");
    MD_EQ("| a | b |\n|:--|--:|\n| 1 | 2 |\n",
          "document\n  table\n    table_row\n      table_cell header align=1\n        text \"a\"\n"
          "      table_cell header align=3\n        text \"b\"\n    table_row\n"
          "      table_cell align=1\n        text \"1\"\n      table_cell align=3\n"
          "        text \"2\"\n");
    MD_EQ("~~gone~~ &copy; <span>in</span>line<br>x\n",
          "document\n  paragraph\n    text \"gone \xc2\xa9 inline\"\n    line_break\n    text "
          "\"x\"\n");
    MD_EQ("<div>\n<p>raw</p>\n</div>\n\n<script>\nx()\n</script>\n",
          "document\n  paragraph\n    text \"raw\"\n");
    MD_EQ("```js\nlet a;\n\n```\n", "document\n  code_block title=\"js\" \"let a;\"\n");
    MD_EQ("---\ntitle: 'FM'\nauthor: A. B.\ndate: 2024-01-02\n---\n# FM\n\nx\n",
          "meta title \"FM\"\nmeta author \"A. B.\"\nmeta published \"2024-01-02\"\ndocument\n"
          "  paragraph\n    text \"x\"\n");
    MD_EQ("5. five\n6. six\n\n- [x] done\n",
          "document\n  list ordered start=5\n    item\n      paragraph\n        text \"five\"\n"
          "    item\n      paragraph\n        text \"six\"\n  list bullet start=1\n    item\n"
          "      paragraph\n        text \"[x] done\"\n");
    char deep[3000];
    for (int i = 0; i < 1000; i++)
        memcpy(deep + i * 2, "> ", 2);
    memcpy(deep + 2000, "x\n", 3);
    char *d = dump_of(OP_FORMAT_MARKDOWN, deep, strlen(deep), NULL);
    OK(d && strstr(d, "text \"x\""), "deep quotes");
    op_free(d);
}

/*** op_read ***/

static int diag_count;
static char diag_last[512];

static void diag_fn(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    (void)ud;
    (void)line;
    (void)sev;
    diag_count++;
    snprintf(diag_last, sizeof diag_last, "%s: %s", file ? file : "?", msg);
}

static void test_parse_limits(void)
{
    op_diag diag;
    memset(&diag, 0, sizeof diag);
    diag.fn = diag_fn;
    op_parse_opts o = opts_base();
    o.diag = &diag;
    o.max_size = 10;
    o.filename = "big.txt";
    op_doc *doc = (op_doc *)&o;
    INT_EQ(op_read("01234567890", 11, &o, NULL, &doc), OP_ERR_LIMIT);
    OK(doc == NULL, "doc not NULL");
    INT_EQ(diag.errors, 1);
    OK(strstr(diag_last, "big.txt") && strstr(diag_last, "limit"), "%s", diag_last);
    o.max_size = 0;
    o.format = OP_FORMAT_AUTO;
    o.filename = "x.md";
    INT_EQ(op_read("# T\n\nx", 7, &o, NULL, &doc), OP_OK);
    STR_EQ(op_doc_get_meta(doc, OP_META_TITLE), "T");
    STR_EQ(op_doc_get_meta(doc, OP_META_BASE_DIR), "/base");
    INT_EQ(op_doc_check(doc, NULL), 0);
    op_doc_free(doc);
}

static void test_random_bytes(void)
{
    unsigned seed = 99;
    char buf[600];
    static const char *const frags[] = {"<p>",  "</p>", "<ul>",  "<li>",     "<table>",
                                        "<td>", "<b>",  "</b>",  "<figure>", "<img src=a>",
                                        "\n\n", "# ",   "> ",    "- ",       "```",
                                        "|a|",  "\xff", "<pre>", "*"};
    for (int round = 0; round < 400; round++) {
        size_t len = 0;
        while (len < sizeof buf - 20) {
            seed = seed * 1103515245u + 12345u;
            const char *f = frags[(seed >> 16) % (sizeof frags / sizeof frags[0])];
            memcpy(buf + len, f, strlen(f));
            len += strlen(f);
            if ((seed >> 8) % 3 == 0)
                buf[len++] = (char)(seed >> 24);
        }
        for (op_format f = OP_FORMAT_HTML; f <= OP_FORMAT_MARKDOWN; f++) {
            op_parse_opts o = opts_base();
            o.format = f;
            o.max_depth = round % 20 + 1;
            op_doc *doc = NULL;
            if (op_read(buf, len, &o, NULL, &doc) == OP_OK) {
                int bad = op_doc_check(doc, NULL);
                OK(bad == 0, "round %d format %d: %d violations", round, (int)f, bad);
            }
            op_doc_free(doc);
        }
    }
}

/* Image sources and the page's base URL (issue 15): a root-relative source resolves against
 * the site when the page knows it, never against this machine's root; a fetched page's
 * references never become local files. */
static void test_resolve_urls(void)
{
    char *u;
#define RESOLVED(b, src, want)                                                                     \
    do {                                                                                           \
        u = parse_resolve_image_new(b, src, strlen(src));                                          \
        if (want)                                                                                  \
            STR_EQ(u, (const char *)want);                                                         \
        else                                                                                       \
            OK(u == NULL, "%s resolved to %s", src, u);                                            \
        op_free(u);                                                                                \
    } while (0)
    size_t refused = 0;
    parse_base local = {"/saved", NULL, 0, &refused, 1};
    RESOLVED(&local, "/img/a.png", NULL); /* no site known: never this machine's root */
    RESOLVED(&local, "../other/a.png", NULL);
    RESOLVED(&local, "a_files/../../a.png", NULL);
    RESOLVED(&local, "file:///etc/hostname", NULL);
    RESOLVED(&local, "a_files/./b/../a.png", "/saved/a_files/a.png");
    INT_EQ((int)refused, 4);
    parse_base notes = {"/notes", NULL, 0, &refused, 0}; /* the user's own Markdown */
    RESOLVED(&notes, "/home/me/pic.png", "/home/me/pic.png");
    RESOLVED(&notes, "../pics/a.png", "/pics/a.png");
    RESOLVED(&notes, "file:///home/me/pic.png", "/home/me/pic.png");
    INT_EQ((int)refused, 4);
    RESOLVED(&local, "a_files/a.png", "/saved/a_files/a.png");
    RESOLVED(&local, "//cdn.example/a.png", "https://cdn.example/a.png");
    parse_base site = {"/saved", "http://example.org/blog/post.html", 0, NULL, 1};
    RESOLVED(&site, "/img/a.png", "http://example.org/img/a.png");
    RESOLVED(&site, "a_files/a.png", "/saved/a_files/a.png"); /* a saved page's own folder */
    RESOLVED(&site, "//cdn.example/a.png", "http://cdn.example/a.png");
    RESOLVED(&site, "file:///etc/hostname", NULL); /* file: URLs are never followed */
    parse_base remote = {"/cwd", "https://example.org/blog/post.html", 1, NULL, 1};
    RESOLVED(&remote, "/img/a.png", "https://example.org/img/a.png");
    RESOLVED(&remote, "img/a.png", "https://example.org/blog/img/a.png");
    RESOLVED(&remote, "../a.png?x=1", "https://example.org/a.png?x=1");
    RESOLVED(&remote, "file:///etc/hostname", NULL); /* never from inside a fetched page */
    RESOLVED(&remote, "ftp://x/a.png", NULL);
    RESOLVED(&remote, "#frag", NULL);
    RESOLVED(&remote, "data:image/gif;base64,R0lG", "data:image/gif;base64,R0lG");
    parse_base nowhere = {"/cwd", NULL, 1, NULL, 1};
    RESOLVED(&nowhere, "img/a.png", NULL);
#undef RESOLVED
    u = parse_base_url_new("https://example.org/a/b.html", "/c/");
    STR_EQ(u, "https://example.org/c/");
    op_free(u);
    u = parse_base_url_new(NULL, "https://other.example/x/");
    STR_EQ(u, "https://other.example/x/");
    op_free(u);
    u = parse_base_url_new("https://example.org/a/b.html", NULL);
    STR_EQ(u, "https://example.org/a/b.html");
    op_free(u);
    OK(parse_base_url_new(NULL, "/relative/") == NULL, "no absolute base");
    OK(parse_base_url_new("file:///x.html", NULL) == NULL, "only http(s)");
}

/* Where a page says it lives (canonical) and where it was fetched from: links and images. */
static void test_page_urls(void)
{
    const char *page = "<html><head><link rel=canonical href='https://example.org/blog/post'>"
                       "</head><body><article><p>A paragraph long enough to be the article, "
                       "with a <a href='/about'>link</a> and a picture.</p>"
                       "<img src='/img/a.png' alt=a><img src='pic.png' alt=b></article></body>"
                       "</html>";
    op_parse_opts o = {0};
    o.format = OP_FORMAT_HTML;
    o.base_dir = "/base";
    op_doc *doc = NULL;
    INT_EQ(op_read(page, strlen(page), &o, NULL, &doc), OP_OK);
    char *d = doc ? op_doc_dump_new(doc) : NULL;
    OK(d && strstr(d, "link url=\"https://example.org/about\""), "%s", d);
    OK(d && strstr(d, "image url=\"https://example.org/img/a.png\""), "%s", d);
    OK(d && strstr(d, "image url=\"/base/pic.png\""), "%s", d);
    op_free(d);
    op_doc_free(doc);
    o.url = "http://fetched.example/x/y.html"; /* fetched: everything against the URL */
    INT_EQ(op_read(page, strlen(page), &o, NULL, &doc), OP_OK);
    d = doc ? op_doc_dump_new(doc) : NULL;
    OK(d && strstr(d, "image url=\"http://fetched.example/x/pic.png\""), "%s", d);
    OK(d && strstr(d, "link url=\"http://fetched.example/about\""), "%s", d);
    op_free(d);
    op_doc_free(doc);
}

int main(void)
{
    RUN(test_build_auto_paragraph);
    RUN(test_build_block_closes_inline);
    RUN(test_build_empty_dropped);
    RUN(test_build_depth_limit);
    RUN(test_build_figure_table);
    RUN(test_build_random_calls);
    RUN(test_sniff);
    RUN(test_not_articles);
    RUN(test_encoding);
    RUN(test_resolve_urls);
    RUN(test_page_urls);
    RUN(test_html_basic);
    RUN(test_html_table);
    RUN(test_html_drop);
    RUN(test_html_root);
    RUN(test_html_meta);
    RUN(test_html_images);
    RUN(test_html_links);
    RUN(test_html_nasty);
    RUN(test_text);
    RUN(test_markdown);
    RUN(test_parse_limits);
    RUN(test_random_bytes);
    DONE();
}
