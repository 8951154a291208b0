/* PDF back end: writes PDFs of programmatically built documents covering every node kind
 * and checks them with the poppler and qpdf tools when they are installed (qpdf --check,
 * pdftotext incl. Korean/Greek/Cyrillic, pdffonts: all embedded, no Syntax Warning). */
#include "harness.h"
#include "doc_build.h"

#include "offprint/pdf.h"
#include "core/core.h"
#include "image/image.h"
#include "offprint/style.h"

#include <pthread.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* External checks (qpdf, poppler's tools) run only in the "tools" entry, which runs the tests
 * a second time (OP_TEST_GROUP=tools); there a missing tool is a reported skip. */
static int have_tool(const char *name)
{
    return in_group("tools") && need_tool(name);
}

/* Runs a shell command and returns its stdout (+stderr when merge), caller frees. */
static char *run(const char *cmd, int *status)
{
    FILE *fp = popen(cmd, "r");
    if (!fp)
        return NULL;
    op_buf b;
    op_buf_init(&b, 0);
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
        op_buf_add(&b, tmp, n);
    int st = pclose(fp);
    if (status)
        *status = st;
    op_buf_addc(&b, '\0');
    return op_buf_detach(&b, NULL);
}

static void check_tools(const char *pdf, const char *const *want);

/*** Building documents ***/

static op_node *heading(op_doc *d, op_node *parent, int level, const char *s)
{
    op_node *h = add(d, parent, OP_NODE_HEADING);
    op_node_set_level(h, level);
    text(d, h, s);
    return h;
}

static void meta(op_doc *d, op_meta_field f, const char *s)
{
    op_doc_set_meta(d, f, s, strlen(s));
}

static const char *lorem =
    "Typography is the craft of endowing human language with a durable visual form. "
    "Its heart is the text itself, set in a measure the eye can travel comfortably, with "
    "even spacing, no rivers, and a rhythm of lines that lets the reader forget the page. "
    "Good composition is mostly invisible: what remains is the author's voice.";

static void inline_para(op_doc *d, op_node *root)
{
    op_node *p = add(d, root, OP_NODE_PARAGRAPH);
    text(d, p, "Inline styles: ");
    text(d, add(d, p, OP_NODE_EMPH), "emphasis");
    text(d, p, ", ");
    text(d, add(d, p, OP_NODE_STRONG), "strong words");
    text(d, p, ", ");
    op_node *c = add(d, p, OP_NODE_CODE);
    op_node_set_literal(d, c, "op_pdf_write()", 14);
    text(d, p, ", a ");
    op_node *l = add(d, p, OP_NODE_LINK);
    op_node_set_url(d, l, "https://example.org/caf%C3%A9?q=1", 33);
    text(d, l, "link to example.org");
    text(d, p, ", H");
    text(d, add(d, p, OP_NODE_SUB), "2");
    text(d, p, "O and E = mc");
    text(d, add(d, p, OP_NODE_SUP), "2");
    text(d, p, ". A forced");
    add(d, p, OP_NODE_LINE_BREAK);
    text(d, p, "line break, and a non-URL link ");
    op_node *l2 = add(d, p, OP_NODE_LINK);
    op_node_set_url(d, l2, "https://ko.wikipedia.org/wiki/한국어",
                    strlen("https://ko.wikipedia.org/wiki/한국어"));
    text(d, l2, "한국어 위키백과");
    text(d, p, ".");
}

static void list_block(op_doc *d, op_node *root, int ordered)
{
    op_node *list = add(d, root, OP_NODE_LIST);
    op_node_set_list(list, ordered, 1);
    for (int i = 0; i < 3; i++) {
        op_node *item = add(d, list, OP_NODE_ITEM);
        para(d, item, i == 1 ? lorem : "A short list item.");
        if (i == 1) {
            op_node *sub = add(d, item, OP_NODE_LIST);
            op_node_set_list(sub, !ordered, 1);
            for (int k = 0; k < 2; k++)
                para(d, add(d, sub, OP_NODE_ITEM), "Nested item with a few words.");
        }
    }
}

static void table_block(op_doc *d, op_node *root)
{
    static const char *cells[4][3] = {
        {"Language", "Greeting", "Notes"},
        {"Korean", "안녕하세요", "Hangul, drawn with NanumMyeongjo"},
        {"Greek", "Καλημέρα", "Charis has little Greek; Liberation Serif fills in"},
        {"Russian", "Здравствуйте", "Cyrillic in Charis itself"}};
    op_node *t = add(d, root, OP_NODE_TABLE);
    for (int r = 0; r < 4; r++) {
        op_node *row = add(d, t, OP_NODE_TABLE_ROW);
        for (int c = 0; c < 3; c++) {
            op_node *cell = add(d, row, OP_NODE_TABLE_CELL);
            op_node_set_cell(cell, r == 0, 0);
            text(d, cell, cells[r][c]);
        }
    }
}

/* Writes a w x h RGBA gradient PNG; returns its path or NULL. */
static char *make_png_sized(const char *dir, const char *name, int w, int h)
{
    img_pixels px = {.w = w, .h = h, .channels = 3};
    px.px = op_malloc((size_t)w * (size_t)h * 3);
    px.alpha = op_malloc((size_t)w * (size_t)h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned char *p = px.px + ((size_t)y * (size_t)w + (size_t)x) * 3;
            p[0] = (unsigned char)(x * 255 / (w - 1));
            p[1] = (unsigned char)(y * 255 / (h - 1));
            p[2] = 160;
            px.alpha[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)(x < w / 16 ? 0 : 255);
        }
    op_buf out;
    op_buf_init(&out, 0);
    char *path = NULL;
    if (img_encode_png(&px, &out) == OP_OK) {
        path = op_path_join(dir, name);
        FILE *fp = fopen(path, "wb");
        if (fp) {
            fwrite(out.data, 1, out.len, fp);
            fclose(fp);
        }
    }
    op_buf_free(&out);
    op_free(px.px);
    op_free(px.alpha);
    return path;
}

static char *make_png(const char *dir)
{
    return make_png_sized(dir, "gradient.png", 320, 200);
}

static void figure(op_doc *d, op_node *root, const char *path, const char *cap)
{
    op_node *f = add(d, root, OP_NODE_FIGURE);
    op_node *img = add(d, f, OP_NODE_IMAGE);
    op_node_set_url(d, img, path, strlen(path));
    op_node_set_literal(d, img, "alt text of the image", 21);
    if (cap) {
        op_node *c = add(d, f, OP_NODE_CAPTION);
        text(d, c, cap);
    }
}

/* The first heading repeating the title (minus a site suffix) is not set twice. */
static void test_title_dedup(void)
{
    op_doc *d = op_doc_new();
    meta(d, OP_META_TITLE, "Unique Headline Words - Example Site");
    para(d, op_doc_root(d), "Navigation junk before the heading.");
    heading(d, op_doc_root(d), 1, "Unique Headline Words");
    para(d, op_doc_root(d), "Body.");
    heading(d, op_doc_root(d), 2, "Unique Headline Words");
    INT_EQ(op_pdf_write(d, "test_pdf_dedup.pdf", NULL), OP_OK);
    if (have_tool("pdftotext")) {
        char *out = run("pdftotext test_pdf_dedup.pdf - 2>/dev/null", NULL);
        int n = 0;
        for (char *p = out; p && (p = strstr(p, "Unique Headline Words")) != NULL; p++)
            n++;
        INT_EQ(n, 2); /* the title block (from the h1, without the suffix) and the h2 */
        OK(out && !strstr(out, "Example Site"), "title suffix kept");
        op_free(out);
    }
    op_doc_free(d);
}

/* A long table: the header row comes back on each continuation page. */
static void test_long_table(void)
{
    op_doc *d = op_doc_new();
    op_node *t = add(d, op_doc_root(d), OP_NODE_TABLE);
    for (int r = 0; r < 120; r++) {
        op_node *row = add(d, t, OP_NODE_TABLE_ROW);
        for (int c = 0; c < 3; c++) {
            op_node *cell = add(d, row, OP_NODE_TABLE_CELL);
            op_node_set_cell(cell, r == 0, c == 2 ? 3 : 0);
            char buf[64];
            snprintf(buf, sizeof buf, r == 0 ? "Head%d" : "r%dc%d", r == 0 ? c : r, c);
            text(d, cell, buf);
        }
    }
    op_node *wide = add(d, op_doc_root(d), OP_NODE_TABLE); /* 40 columns: 32 shown */
    for (int r = 0; r < 3; r++) {
        op_node *row = add(d, wide, OP_NODE_TABLE_ROW);
        for (int c = 0; c < 40; c++)
            text(d, add(d, row, OP_NODE_TABLE_CELL), "wide cell text");
    }
    INT_EQ(op_pdf_write(d, "test_pdf_table.pdf", NULL), OP_OK);
    check_tools("test_pdf_table.pdf", NULL);
    if (have_tool("pdftotext")) {
        char *out = run("pdftotext test_pdf_table.pdf - 2>/dev/null", NULL);
        int heads = 0;
        for (char *p = out; p && (p = strstr(p, "Head1")) != NULL; p++)
            heads++;
        OK(heads >= 2, "header row repeated %d times", heads);
        OK(out && strstr(out, "r119c2"), "last row missing");
        op_free(out);
    }
    op_doc_free(d);
}

/* A row of a multi-column table taller than a page continues on the next pages (its
 * cells split between lines, the header row repeated) instead of running off the page. */
static void test_tall_table_row(void)
{
    if (!have_tool("pdftotext"))
        return;
    op_doc *d = op_doc_new();
    op_node *t = add(d, op_doc_root(d), OP_NODE_TABLE);
    op_node *head = add(d, t, OP_NODE_TABLE_ROW);
    for (int c = 0; c < 2; c++) {
        op_node *cell = add(d, head, OP_NODE_TABLE_CELL);
        op_node_set_cell(cell, 1, 0);
        text(d, cell, c ? "Headright" : "Headleft");
    }
    op_node *row = add(d, t, OP_NODE_TABLE_ROW);
    text(d, add(d, row, OP_NODE_TABLE_CELL), "Short cell");
    op_buf b;
    op_buf_init(&b, 0);
    for (int i = 0; i < 900; i++)
        op_buf_printf(&b, "word%03d ", i);
    text(d, add(d, row, OP_NODE_TABLE_CELL), b.data);
    op_buf_free(&b);
    INT_EQ(op_pdf_write(d, "test_pdf_tallrow.pdf", NULL), OP_OK);
    check_tools("test_pdf_tallrow.pdf", NULL);
    char *out = run("pdftotext test_pdf_tallrow.pdf - 2>/dev/null", NULL);
    int missing = 0, heads = 0;
    for (int i = 0; i < 900 && out; i++) {
        char w[16];
        snprintf(w, sizeof w, "word%03d", i);
        missing += strstr(out, w) == NULL;
    }
    for (char *p = out; p && (p = strstr(p, "Headright")) != NULL; p++)
        heads++;
    OK(out && missing == 0, "%d words of the tall row lost", missing);
    OK(heads >= 2, "header row shown %d times", heads);
    op_free(out);
    op_doc_free(d);
}

/* A list marker is drawn before its item's text, so text extraction (pdftotext -raw, in
 * content order) reads "• item" and "2. item", not the marker on a line of its own. */
static void test_list_marker_order(void)
{
    if (!have_tool("pdftotext"))
        return;
    op_doc *d = op_doc_new();
    list_block(d, op_doc_root(d), 0);
    list_block(d, op_doc_root(d), 1);
    INT_EQ(op_pdf_write(d, "test_pdf_markers.pdf", NULL), OP_OK);
    char *out = run("pdftotext -raw test_pdf_markers.pdf - 2>/dev/null", NULL);
    OK(out && strstr(out, "\xE2\x80\xA2 A short list item."), "bullet not before its item: %s",
       out ? out : "");
    OK(out && strstr(out, "3. A short list item."), "number not before its item: %s",
       out ? out : "");
    op_free(out);
    op_doc_free(d);
}

static op_doc *build_full(const char *png)
{
    op_doc *d = op_doc_new();
    meta(d, OP_META_TITLE, "On the Typography of Offprints: Notes from the Composing Room");
    meta(d, OP_META_SUBTITLE, "Why measure, leading and fallback fonts matter");
    meta(d, OP_META_AUTHOR, "Jane Doe, 김철수");
    meta(d, OP_META_SITE_NAME, "The Example Review");
    meta(d, OP_META_PUBLISHED, "2024-03-05");
    meta(d, OP_META_SOURCE_URL, "https://example.org/articles/typography-of-offprints");
    meta(d, OP_META_LANG, "en-GB");
    op_node *root = op_doc_root(d);
    para(d, root, lorem);
    heading(d, root, 2, "Inline matter");
    inline_para(d, root);
    para(d, root, lorem);
    heading(d, root, 3, "Scripts: 한국어, Ελληνικά, Русский");
    para(d, root,
         "한국어 문장은 어절 단위로 띄어 쓰며, 줄 바꿈은 음절 사이에서도 일어날 수 "
         "있습니다. 이 문단은 나눔명조로 조판되어야 합니다. 대한민국의 수도는 서울이다.");
    para(d, root, "Ἐν ἀρχῇ ἦν ὁ λόγος, καὶ ὁ λόγος ἦν πρὸς τὸν θεόν. Ελληνικά: έψιλον ε, ἥλιος.");
    para(d, root, "Русский текст: съешь же ещё этих мягких французских булок, да выпей чаю.");
    para(d, root, "中文文本测试：人人生而自由，在尊严和权利上一律平等。日本語のテキストも。");
    para(d, root, "Symbols: → ⇒ ∀x ∈ ℝ, ≤ ≥ ≠ ∞ ✓ ☃; emoji 😀 has no font.");
    heading(d, root, 2, "Lists and quotes");
    list_block(d, root, 0);
    list_block(d, root, 1);
    op_node *q = add(d, root, OP_NODE_BLOCKQUOTE);
    para(d, q, lorem);
    para(d, q, "— A second paragraph inside the quotation.");
    heading(d, root, 2, "Code");
    op_node *cb = add(d, root, OP_NODE_CODE_BLOCK);
    const char *code = "int main(void)\n{\n\tprintf(\"hello, world\\n\");  /* two  spaces */\n"
                       "    return 0; // a very long line that must wrap because it is far too "
                       "long for the measure of the page, really\n}\n";
    op_node_set_literal(d, cb, code, strlen(code));
    add(d, root, OP_NODE_THEMATIC_BREAK);
    heading(d, root, 2, "Tables and figures");
    table_block(d, root);
    if (png)
        figure(d, root, png, "Figure 1. A gradient with an alpha edge, scaled to the measure.");
    figure(d, root, "https://example.org/remote.png", "A remote image shows its alt text.");
    for (int i = 0; i < 6; i++)
        para(d, root, lorem);
    heading(d, root, 4, "Level four");
    heading(d, root, 5, "Level five");
    heading(d, root, 6, "Level six");
    para(d, root, lorem);
    return d;
}

/*** Checks ***/

typedef struct diag_log {
    int warnings;
    char last[512];
    op_buf all;
} diag_log;

static void on_diag(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    diag_log *l = ud;
    (void)file;
    (void)line;
    if (sev >= OP_SEV_WARNING)
        l->warnings++;
    snprintf(l->last, sizeof l->last, "%s", msg);
    op_buf_adds(&l->all, msg);
    op_buf_addc(&l->all, '\n');
}

static void check_tools(const char *pdf, const char *const *want)
{
    char cmd[1024];
    int status = 0;
    if (have_tool("qpdf")) {
        snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", pdf);
        char *out = run(cmd, &status);
        OK(status == 0, "qpdf --check failed: %s", out ? out : "");
        op_free(out);
    }
    if (have_tool("pdftotext")) {
        snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>&1", pdf);
        char *out = run(cmd, &status);
        OK(status == 0 && out, "pdftotext failed");
        OK(out && !strstr(out, "Syntax Warning"), "poppler warns: %.300s", out ? out : "");
        for (int i = 0; want && want[i] && out; i++)
            OK(strstr(out, want[i]) != NULL, "text '%s' not extracted", want[i]);
        op_free(out);
    }
    if (have_tool("pdffonts")) {
        snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>&1", pdf);
        char *out = run(cmd, &status);
        OK(out && strstr(out, "CID TrueType"), "no CID fonts: %s", out ? out : "");
        /* columns: name type encoding emb sub uni */
        for (char *l = out ? strchr(out, '\n') : NULL; l; l = strchr(l + 1, '\n')) {
            if (strstr(l, "CID TrueType") && strstr(l, " no "))
                OK(0, "font not embedded: %.120s", l + 1);
        }
        op_free(out);
    }
}

static void test_page_size_names(void)
{
    INT_EQ(op_page_size_from_name("A4"), OP_PAGE_A4);
    INT_EQ(op_page_size_from_name("letter"), OP_PAGE_LETTER);
    INT_EQ(op_page_size_from_name("a5"), OP_PAGE_A5);
    INT_EQ(op_page_size_from_name("6in"), OP_PAGE_6IN);
    INT_EQ(op_page_size_from_name("7IN"), OP_PAGE_7IN);
    INT_EQ(op_page_size_from_name("b5"), -1);
    INT_EQ(op_page_size_from_name(NULL), -1);
}

static void test_full_document(void)
{
    char *png = make_png(".");
    op_doc *d = build_full(png);
    diag_log log = {0};
    op_buf_init(&log.all, 0);
    op_diag dg = {.fn = on_diag, .ud = &log};
    op_pdf_opts o = {.diag = &dg};
    op_status st = op_pdf_write(d, "test_pdf_full.pdf", &o);
    INT_EQ(st, OP_OK);
    OK(log.all.data && strstr(log.all.data, "U+1F600"), "emoji not reported: %s",
       log.all.data ? log.all.data : "");
    OK(log.all.data && strstr(log.all.data, "remote.png"), "remote image not reported");
    static const char *const want[] = {
        "한국어 문장은",         "Καλημέρα",     "Здравствуйте", "Ἐν ἀρχῇ", "the Composing Room",
        "alt text of the image", "hello, world", "人人生而自由", NULL};
    check_tools("test_pdf_full.pdf", want);
    if (have_tool("qpdf")) {
        char *out = run("qpdf --qdf --object-streams=disable test_pdf_full.pdf - 2>&1", NULL);
        OK(out && strstr(out, "/Lang (en-GB)"), "no /Lang");
        OK(out && strstr(out, "/DisplayDocTitle true"), "no DisplayDocTitle");
        OK(out && strstr(out, "/PageMode /UseOutlines"), "outline not shown");
        op_free(out);
    }
    if (have_tool("pdfinfo")) {
        char *out = run("pdfinfo -url test_pdf_full.pdf 2>&1", NULL);
        OK(out && strstr(out, "https://example.org/caf%C3%A9?q=1"), "link missing: %s",
           out ? out : "");
        OK(out && strstr(out, "https://ko.wikipedia.org/wiki/%ED%95%9C"), "IRI not encoded");
        op_free(out);
        out = run("pdfinfo test_pdf_full.pdf 2>&1", NULL);
        OK(out && strstr(out, "Jane Doe, 김철수"), "author info: %s", out ? out : "");
        OK(out && strstr(out, "595.28 x 841.89"), "not A4");
        op_free(out);
    }
    op_buf_free(&log.all);
    op_doc_free(d);
    op_free(png);
}

/* /Lang takes the document's language as the EPUB does: "pt_BR" (og:locale style) becomes
 * pt-BR; a tag that is not BCP 47 is left out. */
static void test_lang_tag(void)
{
    static const char *const in[] = {"pt_BR", "zh-Hant-TW", "en us", "x"};
    static const char *const want[] = {"/Lang (pt-BR)", "/Lang (zh-Hant-TW)", NULL, NULL};
    for (int i = 0; i < 4; i++) {
        op_doc *d = build_full(NULL);
        meta(d, OP_META_LANG, in[i]);
        op_pdf_opts o = {0};
        INT_EQ(op_pdf_write(d, "test_pdf_lang.pdf", &o), OP_OK);
        if (have_tool("qpdf")) {
            char *out = run("qpdf --qdf --object-streams=disable test_pdf_lang.pdf - 2>&1", NULL);
            if (want[i])
                OK(out && strstr(out, want[i]), "%s: no %s", in[i], want[i]);
            else
                OK(out && !strstr(out, "/Lang"), "%s: a /Lang", in[i]);
            op_free(out);
        }
        op_doc_free(d);
    }
}

static void test_page_sizes(void)
{
    static const char *const dims[] = {"595.28 x 841.89", "595.28 x 841.89", "612 x 792",
                                       "419.53 x 595.28", "259.2 x 345.6",   "302.4 x 403.2"};
    for (int ps = 0; ps < 6; ps++) {
        op_doc *d = build_full(NULL);
        op_pdf_opts o = {.page_size = (op_page_size)ps};
        char name[64];
        snprintf(name, sizeof name, "test_pdf_size%d.pdf", ps);
        INT_EQ(op_pdf_write(d, name, &o), OP_OK);
        if (have_tool("pdfinfo")) {
            char cmd[128];
            snprintf(cmd, sizeof cmd, "pdfinfo %s 2>&1", name);
            char *out = run(cmd, NULL);
            OK(out && strstr(out, dims[ps]), "page size %d: %s", ps, out ? out : "");
            op_free(out);
        }
        op_doc_free(d);
    }
}

static void test_huge_string(void)
{
    op_doc *d = op_doc_new();
    size_t n = 70000;
    char *s = op_malloc(n + 1);
    memset(s, 'x', n);
    s[n] = '\0';
    para(d, op_doc_root(d), s);
    op_node *cb = add(d, op_doc_root(d), OP_NODE_CODE_BLOCK);
    op_node_set_literal(d, cb, s, n);
    INT_EQ(op_pdf_write(d, "test_pdf_huge.pdf", NULL), OP_OK);
    if (have_tool("pdftotext")) {
        char *out = run("pdftotext test_pdf_huge.pdf - 2>/dev/null", NULL);
        size_t xs = 0;
        for (char *p = out; p && *p; p++)
            xs += *p == 'x';
        INT_EQ(xs, 2 * n);
        op_free(out);
    }
    op_free(s);
    op_doc_free(d);
}

/* A 3000 px wide image is reduced to 1800 px in the file but keeps its aspect. */
static void test_big_image(void)
{
    char *png = make_png_sized(".", "big_gradient.png", 3000, 1500);
    if (!png)
        return;
    op_doc *d = op_doc_new();
    figure(d, op_doc_root(d), png, "A large image.");
    INT_EQ(op_pdf_write(d, "test_pdf_bigimg.pdf", NULL), OP_OK);
    if (have_tool("pdfimages")) {
        char *out = run("pdfimages -list test_pdf_bigimg.pdf 2>&1", NULL);
        OK(out && strstr(out, " 1800   900 "), "not downsampled: %s", out ? out : "");
        op_free(out);
    }
    check_tools("test_pdf_bigimg.pdf", NULL);
    op_doc_free(d);
    op_free(png);
}

static void test_images(void)
{
    static const char *const files[] = {"rgb8.png",        "rgba8.png",       "pal2_trns_adam7.png",
                                        "rgb16_trns.png",  "gray1_adam7.png", "rgb.jpg",
                                        "progressive.jpg", "cmyk.jpg",        "cmyk_adobe.jpg",
                                        "ycck_adobe.jpg",  "trans.gif",       "lossy_alpha.webp",
                                        "lossless.webp",   "big.png"};
    op_doc *d = op_doc_new();
    int found = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *path = op_path_join(OP_TEST_SRC_DIR "/tests/fixtures/images", files[i]);
        if (access(path, R_OK) == 0) {
            figure(d, op_doc_root(d), path, files[i]);
            found++;
        }
        op_free(path);
    }
    OK(found > 0, "no images in tests/fixtures/images");
    diag_log log = {0};
    op_buf_init(&log.all, 0);
    op_diag dg = {.fn = on_diag, .ud = &log};
    op_pdf_opts o = {.diag = &dg};
    INT_EQ(op_pdf_write(d, "test_pdf_images.pdf", &o), OP_OK);
    check_tools("test_pdf_images.pdf", NULL);
    op_buf_free(&log.all);
    op_doc_free(d);
}

static void test_missing_font(void)
{
    char dir[] = "/tmp/op_pdf_fontsXXXXXX";
    if (!mkdtemp(dir))
        return;
    char path[256];
    snprintf(path, sizeof path, "%s/fonts", dir);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
    if (system(cmd) != 0)
        return;
    snprintf(path, sizeof path, "%s/fonts/fonts.conf", dir);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return;
    fputs("serif /nonexistent/CharisSIL-Regular.ttf\n", fp);
    fclose(fp);
    diag_log log = {0};
    op_buf_init(&log.all, 0);
    op_diag dg = {.fn = on_diag, .ud = &log};
    op_pdf_opts o = {.diag = &dg, .data_dir = dir};
    op_doc *d = op_doc_new();
    para(d, op_doc_root(d), "text");
    INT_EQ(op_pdf_write(d, "test_pdf_nofont.pdf", &o), OP_ERR_FONT);
    OK(log.all.data && strstr(log.all.data, "/nonexistent/CharisSIL-Regular.ttf"), "message: %s",
       log.all.data ? log.all.data : "");
    op_doc_free(d);
    op_buf_free(&log.all);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    OK(system(cmd) == 0, "cleanup");
}

/* Regression: with hinting dropped from the subsets, this document's Charis subset came
 * to exactly 4096 bytes in libharu's rewrite and saving failed with 0x1033. */
static void test_regression_4k_font(void)
{
    op_doc *d = op_doc_new();
    meta(d, OP_META_TITLE, "A Markdown Article");
    op_node *root = op_doc_root(d);
    op_node *p = add(d, root, OP_NODE_PARAGRAPH);
    text(d, p, "Some ");
    text(d, add(d, p, OP_NODE_EMPH), "emphasis");
    text(d, p, " and ");
    text(d, add(d, p, OP_NODE_STRONG), "strong");
    text(d, p, " text with a ");
    op_node *l = add(d, p, OP_NODE_LINK);
    op_node_set_url(d, l, "https://example.org", 19);
    text(d, l, "link");
    text(d, p, " and ");
    op_node *c = add(d, p, OP_NODE_CODE);
    op_node_set_literal(d, c, "code", 4);
    text(d, p, ".");
    heading(d, root, 2, "Section Two");
    op_node *list = add(d, root, OP_NODE_LIST);
    para(d, add(d, list, OP_NODE_ITEM), "one");
    para(d, add(d, list, OP_NODE_ITEM), "two");
    para(d, add(d, root, OP_NODE_BLOCKQUOTE), "quoted text");
    INT_EQ(op_pdf_write(d, "test_pdf_4k.pdf", NULL), OP_OK);
    check_tools("test_pdf_4k.pdf", (const char *const[]){"quoted text", NULL});
    op_doc_free(d);
}

/*** Random trees: any kind anywhere (even what op_doc_check rejects) must not crash ***/

static unsigned rnd_state = 12345;

static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 16) % n;
}

static void random_subtree(op_doc *d, op_node *parent, int depth)
{
    static const char *const texts[] = {
        "word",
        " spaced  out ",
        "한국어 텍스트",
        "λόγος",
        "Кириллица",
        "中文字符",
        "😀 emoji",
        "https://example.org/a/very/long/url/without/any/spaces/at/all/index.html",
        "\xC2\xAD soft\xC2\xADhyphen",
        "tab\there",
        "",
        "a\nb"};
    static const char *const urls[] = {
        "https://example.org", "file:///nonexistent.png",    "/nonexistent/img.jpg", "relative.png",
        "javascript:x",        "mailto:someone@example.org", "http://x/ünï"};
    int n = (int)rnd(4) + (depth == 0 ? 3 : 0);
    for (int i = 0; i < n; i++) {
        op_node *c = add(d, parent, (op_node_kind)(1 + rnd(OP_NODE_KIND_COUNT - 1)));
        const char *t = texts[rnd(sizeof texts / sizeof texts[0])];
        switch (rnd(5)) {
        case 0:
            op_node_set_literal(d, c, t, strlen(t));
            break;
        case 1: {
            const char *u = urls[rnd(7)];
            op_node_set_url(d, c, u, strlen(u));
            break;
        }
        case 2:
            op_node_set_level(c, (int)rnd(9));
            break;
        case 3:
            op_node_set_cell(c, (int)rnd(2), (int)rnd(4));
            break;
        default:
            op_node_set_list(c, (int)rnd(2), (int)rnd(1000) - 500);
            break;
        }
        if (depth < 5 && op_node_kind_is_container(op_node_get_kind(c)))
            random_subtree(d, c, depth + 1);
    }
}

static void test_random_trees(void)
{
    for (int k = 0; k < 40; k++) {
        op_doc *d = op_doc_new();
        if (rnd(2))
            meta(d, OP_META_TITLE, "Random");
        random_subtree(d, op_doc_root(d), 0);
        op_status st = op_pdf_write(d, "test_pdf_random.pdf", NULL);
        OK(st == OP_OK, "random doc %d: %s", k, op_status_str(st));
        if (k % 10 == 0)
            check_tools("test_pdf_random.pdf", NULL);
        op_doc_free(d);
    }
}

/* Hostile nesting: quotes, lists and inline spans thousands deep. */
static void test_deep_nesting(void)
{
    op_doc *d = op_doc_new();
    op_node *n = op_doc_root(d);
    for (int i = 0; i < 3000; i++) {
        n = add(d, n, i % 3 == 0 ? OP_NODE_BLOCKQUOTE : i % 3 == 1 ? OP_NODE_LIST : OP_NODE_ITEM);
        if (i % 3 == 1)
            op_node_set_list(n, i % 2, 1);
    }
    op_node *p = para(d, n, "deep paragraph");
    for (int i = 0; i < 3000; i++)
        p = add(d, p, i % 2 ? OP_NODE_EMPH : OP_NODE_LINK);
    text(d, p, "deep inline text");
    INT_EQ(op_pdf_write(d, "test_pdf_deep.pdf", NULL), OP_OK);
    check_tools("test_pdf_deep.pdf", (const char *const[]){"deep inline text", NULL});
    op_doc_free(d);
}

/*** Resources lent across jobs ***/

typedef struct captured {
    char text[8192];
} captured;

static void capture(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    captured *c = ud;
    size_t n = strlen(c->text);
    (void)sev;
    (void)line;
    snprintf(c->text + n, sizeof c->text - n, "%s: %s\n", file ? file : "-", msg);
}

static op_style *load_default_theme(void)
{
    char *path = op_style_find("default", NULL);
    op_style *theme = NULL;
    OK(path && op_style_load(path, NULL, &theme) == OP_OK, "default theme");
    op_free(path);
    return theme;
}

static op_doc *german_doc(void)
{
    op_doc *d = op_doc_new();
    meta(d, OP_META_TITLE, "Silbentrennung");
    meta(d, OP_META_LANG, "de");
    heading(d, op_doc_root(d), 2, "Donaudampfschifffahrt");
    for (int i = 0; i < 4; i++)
        para(d, op_doc_root(d),
             "Die Donaudampfschifffahrtsgesellschaft veröffentlichte ihre Fahrpläne in "
             "außerordentlich umfangreichen Verzeichnissen, deren Übersichtlichkeit den "
             "Reisenden Schwierigkeiten bereitete. Emoji 😀 hat keine Schrift.");
    return d;
}

static op_doc *english_doc(void)
{
    op_doc *d = op_doc_new();
    meta(d, OP_META_TITLE, "Hyphenation");
    meta(d, OP_META_LANG, "en-GB");
    for (int i = 0; i < 4; i++)
        para(d, op_doc_root(d),
             "Characteristically, the typographers' representatives misunderstood the "
             "overwhelmingly bureaucratic responsibilities, notwithstanding considerable "
             "encouragement from internationally acknowledged administrators.");
    return d;
}

static char *pdf_bytes(const char *path, size_t *len)
{
    char *data = NULL;
    *len = 0;
    return op_file_read(path, 0, &data, len) == OP_OK ? data : NULL;
}

static int same_file(const char *a, const char *b)
{
    size_t la = 0, lb = 0;
    char *da = pdf_bytes(a, &la), *db = pdf_bytes(b, &lb);
    int same = da && db && la == lb && memcmp(da, db, la) == 0;
    op_free(da);
    op_free(db);
    return same;
}

/* One font set, one set of dictionaries and one parsed theme lent to four jobs in a row
 * (English, German, another English text, the first again) on 6-inch pages, where many
 * words are hyphenated, give the bytes of fresh loads; each job's warnings go to its own
 * sink and none to the sink of a job before. */
static void test_lent_resources(void)
{
    op_doc *docs[4] = {build_full(NULL), german_doc(), english_doc(), NULL};
    docs[3] = docs[0];
    captured cap[4] = {{""}, {""}, {""}, {""}};
    op_diag diag[4];
    char fresh[4][48], lent[4][48];
    int counts[4];
    op_pdf_opts o = {.page_size = OP_PAGE_6IN};
    for (int k = 0; k < 3; k++) {
        snprintf(fresh[k], sizeof fresh[k], "test_pdf_fresh%d.pdf", k);
        INT_EQ(op_pdf_write(docs[k], fresh[k], &o), OP_OK);
    }
    snprintf(fresh[3], sizeof fresh[3], "%s", fresh[0]);
    o.theme = load_default_theme();
    o.hyph = op_hyph_new(NULL);
    INT_EQ(op_fontset_load(NULL, NULL, &o.fonts), OP_OK);
    for (int k = 0; k < 4; k++) {
        diag[k] = (op_diag){.fn = capture, .ud = &cap[k]};
        o.diag = &diag[k];
        snprintf(lent[k], sizeof lent[k], "test_pdf_lent%d.pdf", k);
        INT_EQ(op_pdf_write(docs[k], lent[k], &o), OP_OK);
        OK(same_file(fresh[k], lent[k]), "job %d: lent resources give other bytes", k);
        counts[k] = diag[k].warnings;
    }
    for (int k = 0; k < 4; k++) /* nothing reached a sink after its job */
        INT_EQ(diag[k].warnings, counts[k]);
    /* no font has the emoji: every job that has one is told, in its own sink only */
    OK(strstr(cap[0].text, "U+1F600") && strstr(cap[1].text, "U+1F600"),
       "first jobs' warnings:\n%s\n%s", cap[0].text, cap[1].text);
    OK(!strstr(cap[2].text, "U+1F600"), "third job got another's warning:\n%s", cap[2].text);
    STR_EQ(cap[3].text, cap[0].text);
    op_fontset_free(o.fonts);
    op_hyph_free(o.hyph);
    op_style_free((op_style *)o.theme);
    for (int k = 0; k < 3; k++)
        op_doc_free(docs[k]);
}

/* One font set and one set of dictionaries per worker, reused across documents, and one
 * theme for all workers; workers run at the same time. */
static const op_style *shared_theme;

static void *worker(void *arg)
{
    int id = *(int *)arg, *ok = arg;
    op_pdf_opts o;
    memset(&o, 0, sizeof o);
    *ok = 0;
    if (op_fontset_load(NULL, NULL, &o.fonts) != OP_OK)
        return NULL;
    o.hyph = op_hyph_new(NULL);
    o.theme = shared_theme;
    int good = 1;
    for (int k = 0; k < 3; k++) {
        op_doc *d = build_full(NULL);
        char name[64];
        snprintf(name, sizeof name, "test_pdf_thread%d_%d.pdf", id, k);
        good &= op_pdf_write(d, name, &o) == OP_OK;
        op_doc_free(d);
    }
    op_hyph_free(o.hyph);
    op_fontset_free(o.fonts);
    *ok = good;
    return NULL;
}

static void test_threads(void)
{
    pthread_t t[4];
    int arg[4];
    op_style *theme = load_default_theme();
    shared_theme = theme;
    for (int i = 0; i < 4; i++) {
        arg[i] = i;
        OK(pthread_create(&t[i], NULL, worker, &arg[i]) == 0, "thread %d", i);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        OK(arg[i] == 1, "worker %d failed", i);
    }
    if (have_tool("cmp")) /* same input, same bytes, whichever thread wrote it */
        OK(system("cmp -s test_pdf_thread0_2.pdf test_pdf_thread3_0.pdf") == 0, "threads differ");
    op_style_free(theme);
}

static void test_empty_and_io(void)
{
    op_doc *d = op_doc_new();
    INT_EQ(op_pdf_write(d, "test_pdf_empty.pdf", NULL), OP_OK);
    check_tools("test_pdf_empty.pdf", NULL);
    /* fonts are pre-subset: a page with only a page number stays small */
    FILE *fp = fopen("test_pdf_empty.pdf", "rb");
    long size = -1;
    if (fp && fseek(fp, 0, SEEK_END) == 0)
        size = ftell(fp);
    if (fp)
        fclose(fp);
    OK(size > 0 && size < 30000, "empty PDF is %ld bytes", size);
    INT_EQ(op_pdf_write(d, "/nonexistent-dir/x.pdf", NULL), OP_ERR_IO);
    op_doc_free(d);
}

int main(void)
{
    RUN(test_page_size_names);
    RUN(test_full_document);
    RUN(test_page_sizes);
    RUN(test_lang_tag);
    RUN(test_huge_string);
    RUN(test_images);
    RUN(test_missing_font);
    RUN(test_title_dedup);
    RUN(test_long_table);
    RUN(test_big_image);
    RUN(test_regression_4k_font);
    RUN(test_random_trees);
    RUN(test_deep_nesting);
    RUN(test_lent_resources);
    RUN(test_threads);
    RUN(test_empty_and_io);
    /* the same with qpdf and poppler checking the files: an entry that skips without them */
    RUN_NEEDS("tools", test_full_document);
    RUN_NEEDS("tools", test_page_sizes);
    RUN_NEEDS("tools", test_lang_tag);
    RUN_NEEDS("tools", test_huge_string);
    RUN_NEEDS("tools", test_images);
    RUN_NEEDS("tools", test_title_dedup);
    RUN_NEEDS("tools", test_long_table);
    RUN_NEEDS("tools", test_list_marker_order);
    RUN_NEEDS("tools", test_tall_table_row);
    RUN_NEEDS("tools", test_big_image);
    RUN_NEEDS("tools", test_regression_4k_font);
    RUN_NEEDS("tools", test_random_trees);
    RUN_NEEDS("tools", test_deep_nesting);
    RUN_NEEDS("tools", test_threads);
    RUN_NEEDS("tools", test_empty_and_io);
    DONE();
}
