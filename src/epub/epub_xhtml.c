/* Model -> XHTML content document (OEBPS/text/article.xhtml). One walk over the tree with
 * op_iter; render_node switches on every node kind (no default:, so a new kind is a compiler
 * warning here). Headings get unique ids first (epub_collect_headings) so the nav and
 * in-document "#fragment" links can refer to them. Images are embedded as they are met. */
#include "epub/epub_int.h"

#include <stdio.h>
#include <string.h>

typedef struct xstate {
    epub_book *b;
    epub_article *a;
    epub_xw *x;
    size_t next_head;         /* index of the next heading's id in b->heads */
    const op_node *link_open; /* LINK whose <a> is open (links never nest) */
    const op_node *note_open; /* SUP note reference whose <a> is open */
    const op_node **notes;    /* distinct note references, for the footnote asides */
    size_t nnotes;
    int section;    /* open table section: 0 none, 1 thead, 2 tbody */
    int title_page; /* rendering the title page: note references point into the article */
} xstate;

/*** Heading ids ***/

static int id_taken(const epub_book *b, const char *id)
{
    for (size_t i = 0; i < b->narts; i++) {
        if (strcmp(b->arts[i].id, id) == 0) /* the <article> elements' ids */
            return 1;
    }
    for (size_t i = 0; i < b->nheads; i++) {
        if (strcmp(b->heads[i].id, id) == 0)
            return 1;
    }
    return 0;
}

/* ASCII slug of the heading text ("Why it matters" -> "why-it-matters"); "sec-N" when the
 * text has non-ASCII characters (a slug of only its ASCII part would be misleading). The
 * slug before de-duplication goes to *base (op_free). */
static char *make_id(const epub_book *b, const char *text, char **base)
{
    char slug[80], id[80];
    size_t n = 0;
    int dash = 0;

    for (const char *p = text; *p && n < 48; p++) {
        if ((unsigned char)*p >= 0x80) {
            n = 0;
            break;
        }
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && n > 0)
                slug[n++] = '-';
            slug[n++] = c;
            dash = 0;
        } else {
            dash = 1;
        }
    }
    slug[n] = '\0';
    if (n == 0 || (n < 3 && !(slug[0] >= 'a' && slug[0] <= 'z')))
        snprintf(id, sizeof id, "sec-%zu", b->nheads + 1);
    else if (slug[0] >= '0' && slug[0] <= '9')
        snprintf(id, sizeof id, "s-%.60s", slug); /* ids must start with a letter */
    else
        snprintf(id, sizeof id, "%s", slug);
    snprintf(slug, sizeof slug, "%s", id);
    *base = op_strdup(slug);
    for (int k = 2; id_taken(b, id); k++)
        snprintf(id, sizeof id, "%.60s-%d", slug, k);
    return op_strdup(id);
}

static void add_heading(epub_book *b, const op_node *n)
{
    char *raw = op_node_nav_text_new(n, NULL);
    char *text = epub_clean_dup(raw, 1);
    int level = op_node_get_level(n);

    op_free(raw);
    if (b->nheads == b->capheads) {
        b->capheads = b->capheads ? b->capheads * 2 : 16;
        b->heads = op_realloc(b->heads, b->capheads * sizeof *b->heads);
    }
    b->heads[b->nheads].id = make_id(b, text, &b->heads[b->nheads].slug);
    b->heads[b->nheads].text = text;
    b->heads[b->nheads].art = b->cur;
    b->heads[b->nheads].level = level < 1 ? 1 : level > 6 ? 6 : level;
    b->nheads++;
}

op_status epub_collect_headings(epub_book *b)
{
    epub_article *a = EPUB_CUR(b);
    op_iter *it = op_iter_new(op_doc_root(a->doc));
    op_event ev;

    a->first_head = b->nheads;
    while ((ev = op_iter_next(it)) != OP_EVENT_DONE) {
        op_node *n = op_iter_node(it);
        if (ev == OP_EVENT_ENTER && op_node_get_kind(n) == OP_NODE_HEADING) {
            add_heading(b, n);
            op_iter_skip_children(it);
        }
    }
    op_iter_free(it);
    a->nheads = b->nheads - a->first_head;
    return OP_OK;
}

/*** Helpers for complex kinds ***/

/* Ends a block element and starts a new line. */
static void end_block(xstate *s)
{
    epub_xw_end(s->x);
    epub_xw_nl(s->x);
}

static void start_block(xstate *s, const char *name)
{
    epub_xw_start(s->x, name);
    epub_xw_nl(s->x);
}

static void render_heading(xstate *s, const op_node *n)
{
    static const char *const tags[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
    int level = op_node_get_level(n);

    level = level < 1 ? 1 : level > 6 ? 6 : level;
    epub_xw_start(s->x, tags[level - 1]);
    if (s->next_head < s->a->first_head + s->a->nheads)
        epub_xw_attr(s->x, "id", s->b->heads[s->next_head++].id);
}

static void render_heading_exit(xstate *s, const op_node *n)
{
    (void)n;
    epub_xw_end(s->x);
    epub_xw_nl(s->x);
}

static void render_list(xstate *s, const op_node *n)
{
    int ordered = op_node_get_list_ordered(n);
    int start = op_node_get_list_start(n);

    epub_xw_start(s->x, ordered ? "ol" : "ul");
    if (ordered && start != 1)
        epub_xw_attr_int(s->x, "start", start);
    epub_xw_nl(s->x);
}

/* <pre><code class="language-x">literal</code></pre> */
static void render_code_block(xstate *s, const op_node *n)
{
    const char *info = op_node_get_title(n);
    size_t len;
    const char *code = op_node_get_literal(n, &len);
    char cls[48] = "language-";
    size_t k = strlen(cls);

    for (const char *p = info ? info : ""; *p && *p != ' ' && k < sizeof cls - 1; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '-' || c == '+')
            cls[k++] = (char)c;
    }
    cls[k] = '\0';
    if (len > 0 && code[len - 1] == '\n')
        len--;
    epub_xw_start(s->x, "pre");
    epub_xw_start(s->x, "code");
    if (k > strlen("language-"))
        epub_xw_attr(s->x, "class", cls);
    epub_xw_text(s->x, code, len);
    epub_xw_end(s->x);
    epub_xw_end(s->x);
    epub_xw_nl(s->x);
}

/* 1 when an image sits where flow content goes (a <p> fallback is valid there). */
static int is_flow_parent(const op_node *n)
{
    op_node *p = op_node_parent(n);
    op_node_kind k = p ? op_node_get_kind(p) : OP_NODE_DOCUMENT;

    return k == OP_NODE_DOCUMENT || k == OP_NODE_BLOCKQUOTE || k == OP_NODE_ITEM ||
           k == OP_NODE_FIGURE;
}

static void render_image(xstate *s, const op_node *n)
{
    size_t alen;
    const char *alt = op_node_get_literal(n, &alen);
    const char *title = op_node_get_title(n);
    int idx = epub_image_get(s->b, op_node_get_url(n));
    int flow = is_flow_parent(n);
    char src[64];

    if (idx < 0) {
        if (alen == 0)
            return;
        epub_xw_start(s->x, flow ? "p" : "span");
        epub_xw_attr(s->x, "class", "image-alt");
        epub_xw_text(s->x, alt, alen);
        epub_xw_end(s->x);
        if (flow)
            epub_xw_nl(s->x);
        return;
    }
    snprintf(src, sizeof src, "../images/%s", s->b->images[idx].name);
    if (s->b->first_figure < 0 && flow && epub_image_cover_worthy(&s->b->images[idx]))
        s->b->first_figure = idx;
    epub_xw_start(s->x, "img");
    epub_xw_attr(s->x, "src", src);
    epub_xw_attr(s->x, "alt", alt);
    if (title && *title)
        epub_xw_attr(s->x, "title", title);
    if (!flow)
        epub_xw_attr(s->x, "class", "inline");
    epub_xw_end_void(s->x);
    if (flow)
        epub_xw_nl(s->x);
}

/* The id a "#fragment" of article `art` stands for: a heading id of that article, else the
 * first of its headings whose slug (before de-duplication across the book) matches. */
static const char *fragment_id(const epub_book *b, size_t art, const char *frag)
{
    const epub_article *a = &b->arts[art];
    size_t end = a->first_head + a->nheads;

    for (size_t i = a->first_head; i < end; i++) {
        if (strcmp(b->heads[i].id, frag) == 0)
            return b->heads[i].id;
    }
    for (size_t i = a->first_head; i < end; i++) {
        if (strcmp(b->heads[i].slug, frag) == 0)
            return b->heads[i].id;
    }
    return NULL;
}

/* Length of url without a trailing '/' before its end or fragment. */
static size_t url_key_len(const char *url, size_t n)
{
    return n > 0 && url[n - 1] == '/' ? n - 1 : n;
}

/* Index of another article of the book whose source URL is href's (fragment aside), or -1. */
static int article_of_url(const epub_book *b, const char *href)
{
    size_t n = strcspn(href, "#");
    size_t kn = url_key_len(href, n);

    for (size_t i = 0; i < b->narts && b->narts > 1; i++) {
        const char *src = op_doc_get_meta(b->arts[i].doc, OP_META_SOURCE_URL);
        if (src && url_key_len(src, strlen(src)) == kn && kn > 0 && strncmp(src, href, kn) == 0)
            return (int)i;
    }
    return -1;
}

/* Writes into out the href to use for a link inside the book: "#id" in the same article,
 * "article-002.xhtml[#id]" for another article of a bundle; 0 when href is not internal. */
static int internal_href(const xstate *s, const char *href, op_buf *out)
{
    const epub_book *b = s->b;
    const char *id;

    if (href[0] == '#') {
        id = fragment_id(b, b->cur, href + 1);
        return id && op_buf_printf(out, "#%s", id) == OP_OK;
    }
    int art = article_of_url(b, href);
    if (art < 0)
        return 0;
    const char *file = strrchr(b->arts[art].href, '/') + 1; /* both live in text/ */
    const char *hash = strchr(href, '#');
    id = hash ? fragment_id(b, (size_t)art, hash + 1) : NULL;
    if (art == (int)b->cur)
        return op_buf_printf(out, "#%s", id ? id : b->arts[art].id) == OP_OK;
    return op_buf_printf(out, id ? "%s#%s" : "%s", file, id) == OP_OK;
}

static void render_link(xstate *s, const op_node *n)
{
    const char *href = op_node_get_url(n);
    const char *title = op_node_get_title(n);
    op_buf esc;
    int ok;

    if (s->link_open || !epub_href_safe(href))
        return; /* children are written as plain text */
    op_buf_init(&esc, 0);
    if (internal_href(s, href, &esc))
        ok = 1;
    else
        ok = href[0] != '#' && epub_url_escape(&esc, href) == OP_OK;
    if (!ok || op_buf_add(&esc, "", 0) != OP_OK) {
        op_buf_free(&esc);
        return;
    }
    epub_xw_start(s->x, "a");
    epub_xw_attr(s->x, "href", esc.data);
    if (title && *title)
        epub_xw_attr(s->x, "title", title);
    s->link_open = n;
    op_buf_free(&esc);
}

static void render_link_exit(xstate *s, const op_node *n)
{
    if (s->link_open == n) {
        epub_xw_end(s->x);
        s->link_open = NULL;
    }
}

/*** Footnotes (--links footnote): a SUP with a url is a note reference ***/

static void note_id(const xstate *s, const op_node *sup, char *out, size_t outsz)
{
    char *num = op_node_text_new(sup, NULL);
    char digits[16];
    size_t n = 0;
    for (const char *p = num; *p && n + 1 < sizeof digits; p++)
        if (*p >= '0' && *p <= '9')
            digits[n++] = *p;
    digits[n] = '\0';
    snprintf(out, outsz, "fn-%s-%s", s->a->id, digits);
    op_free(num);
}

/* <a epub:type="noteref" href="#fn-ARTICLE-N"> around the number; the first reference to
 * each note queues its aside. */
static void render_noteref(xstate *s, const op_node *sup)
{
    if (s->link_open)
        return;
    char id[64];
    note_id(s, sup, id, sizeof id);
    int known = 0;
    for (size_t i = 0; i < s->nnotes && !known; i++) {
        char other[64];
        note_id(s, s->notes[i], other, sizeof other);
        known = strcmp(id, other) == 0;
    }
    if (!known) {
        s->notes = op_realloc(s->notes, (s->nnotes + 1) * sizeof *s->notes);
        s->notes[s->nnotes++] = sup;
    }
    const char *file = strrchr(s->a->href, '/');
    char at[128];
    snprintf(at, sizeof at, "%s#%s", s->title_page && file ? file + 1 : "", id);
    epub_xw_start(s->x, "a");
    epub_xw_attr(s->x, "epub:type", "noteref");
    epub_xw_attr(s->x, "href", at);
    s->note_open = sup;
}

/* <aside epub:type="footnote"> per note at the end of the article: its number and URL. */
static void render_footnotes(xstate *s)
{
    for (size_t i = 0; i < s->nnotes; i++) {
        const op_node *sup = s->notes[i];
        const char *url = op_node_get_url(sup);
        char id[64];
        note_id(s, sup, id, sizeof id);
        epub_xw_start(s->x, "aside");
        epub_xw_attr(s->x, "epub:type", "footnote");
        epub_xw_attr(s->x, "id", id);
        epub_xw_attr(s->x, "class", "footnote");
        epub_xw_start(s->x, "p");
        char *num = op_node_text_new(sup, NULL);
        epub_xw_texts(s->x, num);
        epub_xw_texts(s->x, ". ");
        op_free(num);
        op_buf esc;
        op_buf_init(&esc, 0);
        int linked = epub_href_safe(url) && url[0] != '#' && epub_url_escape(&esc, url) == OP_OK &&
                     op_buf_add(&esc, "", 0) == OP_OK;
        if (linked) {
            epub_xw_start(s->x, "a");
            epub_xw_attr(s->x, "href", esc.data);
        }
        epub_xw_texts(s->x, url);
        if (linked)
            epub_xw_end(s->x);
        op_buf_free(&esc);
        epub_xw_end(s->x); /* p */
        end_block(s);      /* aside */
    }
}

/*** Tables: leading all-header rows go into thead, the rest into tbody ***/

static int row_is_header(const op_node *row)
{
    const op_node *c = op_node_first_child(row);
    if (!c)
        return 0;
    for (; c; c = op_node_next(c)) {
        if (!op_node_get_cell_header(c))
            return 0;
    }
    return 1;
}

static void render_row(xstate *s, const op_node *row)
{
    int want = (row_is_header(row) && s->section != 2) ? 1 : 2;

    if (want != s->section) {
        if (s->section)
            end_block(s);
        epub_xw_start(s->x, want == 1 ? "thead" : "tbody");
        epub_xw_nl(s->x);
        s->section = want;
    }
    epub_xw_start(s->x, "tr");
}

static void render_cell(xstate *s, const op_node *cell)
{
    static const char *const align[] = {NULL, "align-left", "align-center", "align-right"};
    int a = op_node_get_cell_align(cell);
    int header = op_node_get_cell_header(cell);

    epub_xw_start(s->x, header ? "th" : "td");
    if (header && s->section == 1)
        epub_xw_attr(s->x, "scope", "col");
    if (a >= 1 && a <= 3)
        epub_xw_attr(s->x, "class", align[a]);
}

static void render_table_exit(xstate *s)
{
    if (s->section)
        end_block(s);
    s->section = 0;
    epub_xw_end(s->x);
    epub_xw_nl(s->x);
}

/*** The dispatch ***/

static op_status render_node(xstate *s, op_node *n, op_event ev)
{
    int enter = ev == OP_EVENT_ENTER;
    size_t len;
    const char *lit;

    switch (op_node_get_kind(n)) {
    case OP_NODE_DOCUMENT:
        break;
    case OP_NODE_HEADING:
        if (enter)
            render_heading(s, n);
        else
            render_heading_exit(s, n);
        break;
    case OP_NODE_PARAGRAPH:
        if (enter)
            epub_xw_start(s->x, "p");
        else
            end_block(s);
        break;
    case OP_NODE_BLOCKQUOTE:
        if (enter)
            start_block(s, "blockquote");
        else
            end_block(s);
        break;
    case OP_NODE_LIST:
        if (enter)
            render_list(s, n);
        else
            end_block(s);
        break;
    case OP_NODE_ITEM:
        if (enter)
            epub_xw_start(s->x, "li");
        else
            end_block(s);
        break;
    case OP_NODE_CODE_BLOCK:
        render_code_block(s, n);
        break;
    case OP_NODE_FIGURE:
        if (enter)
            start_block(s, "figure");
        else
            end_block(s);
        break;
    case OP_NODE_CAPTION:
        if (enter && op_node_parent(n) && op_node_get_kind(op_node_parent(n)) == OP_NODE_FIGURE) {
            epub_xw_start(s->x, "figcaption");
        } else if (enter) {
            epub_xw_start(s->x, "p");
            epub_xw_attr(s->x, "class", "caption");
        } else {
            end_block(s);
        }
        break;
    case OP_NODE_TABLE:
        if (enter)
            start_block(s, "table");
        else
            render_table_exit(s);
        break;
    case OP_NODE_TABLE_ROW:
        if (enter)
            render_row(s, n);
        else
            end_block(s);
        break;
    case OP_NODE_TABLE_CELL:
        if (enter)
            render_cell(s, n);
        else
            epub_xw_end(s->x);
        break;
    case OP_NODE_THEMATIC_BREAK:
        epub_xw_start(s->x, "hr");
        epub_xw_end_void(s->x);
        epub_xw_nl(s->x);
        break;
    case OP_NODE_TEXT:
        lit = op_node_get_literal(n, &len);
        epub_xw_text(s->x, lit, len);
        break;
    case OP_NODE_EMPH:
        if (enter)
            epub_xw_start(s->x, "em");
        else
            epub_xw_end(s->x);
        break;
    case OP_NODE_STRONG:
        if (enter)
            epub_xw_start(s->x, "strong");
        else
            epub_xw_end(s->x);
        break;
    case OP_NODE_CODE:
        lit = op_node_get_literal(n, &len);
        epub_xw_start(s->x, "code");
        epub_xw_text(s->x, lit, len);
        epub_xw_end(s->x);
        break;
    case OP_NODE_LINK:
        if (enter)
            render_link(s, n);
        else
            render_link_exit(s, n);
        break;
    case OP_NODE_LINE_BREAK:
        epub_xw_start(s->x, "br");
        epub_xw_end_void(s->x);
        break;
    case OP_NODE_IMAGE:
        render_image(s, n);
        break;
    case OP_NODE_SUB:
        if (enter)
            epub_xw_start(s->x, "sub");
        else
            epub_xw_end(s->x);
        break;
    case OP_NODE_SUP:
        if (enter) {
            epub_xw_start(s->x, "sup");
            if (op_node_get_url(n))
                render_noteref(s, n);
        } else {
            if (s->note_open == n)
                epub_xw_end(s->x);
            s->note_open = s->note_open == n ? NULL : s->note_open;
            epub_xw_end(s->x);
        }
        break;
    }
    return OP_OK;
}

/*** Document frame: head, title block ***/

static void render_head(xstate *s)
{
    epub_xw_xhtml_open(s->x, s->a->lang, s->a->title, "../style.css");
    end_block(s);
}

static void meta_para(xstate *s, op_meta_field f, const char *cls)
{
    const char *v = op_doc_get_meta(s->a->doc, f);
    if (!v)
        return;
    epub_xw_start(s->x, "p");
    epub_xw_attr(s->x, "class", cls);
    epub_xw_texts(s->x, v);
    end_block(s);
}

/* The site, linked to the source URL when it is safe. */
static void render_site(xstate *s, const char *site, const char *url)
{
    op_buf esc;
    op_buf_init(&esc, 0);
    int linked = url && epub_href_safe(url) && url[0] != '#' &&
                 epub_url_escape(&esc, url) == OP_OK && op_buf_add(&esc, "", 0) == OP_OK;
    epub_xw_start(s->x, linked ? "a" : "span");
    if (linked)
        epub_xw_attr(s->x, "href", esc.data);
    epub_xw_attr(s->x, "class", "site");
    char *shown = site ? NULL : op_url_display_new(url);
    epub_xw_texts(s->x, site ? site : shown);
    op_free(shown);
    epub_xw_end(s->x);
    op_buf_free(&esc);
}

static void render_date(xstate *s, const char *pub)
{
    char date[40];
    int valid = epub_date_normalize(pub, date, sizeof date);
    epub_xw_start(s->x, valid ? "time" : "span");
    if (valid)
        epub_xw_attr(s->x, "datetime", date);
    epub_xw_attr(s->x, "class", "date");
    char shown[64];
    op_date_display(valid ? date : pub, shown, sizeof shown); /* as the PDF title block */
    epub_xw_texts(s->x, shown);
    epub_xw_end(s->x);
}

/* "Site · WASHINGTON · 2024-03-05": site, dateline place, date. Without a site name the URL
 * stands for it, unless the URL's own line follows (with_url): the URL is shown once. */
static void render_source_line(xstate *s, int with_url)
{
    const op_doc *d = s->a->doc;
    const char *site = op_doc_get_meta(d, OP_META_SITE_NAME);
    const char *url = with_url && !site ? NULL : op_doc_get_meta(d, OP_META_SOURCE_URL);
    const char *place = op_doc_get_meta(d, OP_META_PLACE);
    const char *pub = op_doc_get_meta(d, OP_META_PUBLISHED);

    if (!site && !pub && !url && !place)
        return;
    epub_xw_start(s->x, "p");
    epub_xw_attr(s->x, "class", "source");
    if (site || url)
        render_site(s, site, url);
    if (place) {
        if (site || url)
            epub_xw_texts(s->x, " \xC2\xB7 ");
        epub_xw_start(s->x, "span");
        epub_xw_attr(s->x, "class", "place");
        epub_xw_texts(s->x, place);
        epub_xw_end(s->x);
    }
    if (pub) {
        if (site || url || place)
            epub_xw_texts(s->x, " \xC2\xB7 ");
        render_date(s, pub);
    }
    end_block(s);
}

/* "Jane Doe · Yonhap": the byline and the wire credit. */
static void render_byline(xstate *s)
{
    const char *author = op_doc_get_meta(s->a->doc, OP_META_AUTHOR);
    const char *credit = op_doc_get_meta(s->a->doc, OP_META_CREDIT);
    if (!author && !credit)
        return;
    epub_xw_start(s->x, "p");
    epub_xw_attr(s->x, "class", "byline");
    if (author)
        epub_xw_texts(s->x, author);
    if (author && credit)
        epub_xw_texts(s->x, " \xC2\xB7 ");
    if (credit) {
        epub_xw_start(s->x, "span");
        epub_xw_attr(s->x, "class", "credit");
        epub_xw_texts(s->x, credit);
        epub_xw_end(s->x);
    }
    end_block(s);
}

/* The source URL shown and linked (as the PDF's title block shows it), when it is safe. */
static void render_source_url(xstate *s)
{
    const char *url = op_doc_get_meta(s->a->doc, OP_META_SOURCE_URL);
    op_buf esc;

    if (!url || !epub_href_safe(url) || url[0] == '#')
        return;
    op_buf_init(&esc, 0);
    if (epub_url_escape(&esc, url) == OP_OK && op_buf_add(&esc, "", 0) == OP_OK) {
        epub_xw_start(s->x, "p");
        epub_xw_attr(s->x, "class", "source-url");
        epub_xw_start(s->x, "a");
        epub_xw_attr(s->x, "href", esc.data);
        char *shown = op_url_display_new(url);
        epub_xw_texts(s->x, shown);
        op_free(shown);
        epub_xw_end(s->x);
        end_block(s);
    }
    op_buf_free(&esc);
}

/* The title: the inlines of the heading it came from when that had a link (and the note
 * --links gave it), else the text. */
static void render_title(xstate *s)
{
    op_node *h = op_doc_get_title_node(s->a->doc);
    const char *t = op_doc_get_meta(s->a->doc, OP_META_TITLE);
    if (!h || !t || !*t) {
        epub_xw_texts(s->x, s->a->title);
        return;
    }
    op_iter *it = op_iter_new(h);
    for (op_event ev; (ev = op_iter_next(it)) != OP_EVENT_DONE;)
        if (op_iter_node(it) != h)
            render_node(s, op_iter_node(it), ev);
    op_iter_free(it);
}

static void render_title_block(xstate *s, int with_url)
{
    epub_xw_start(s->x, "header");
    epub_xw_attr(s->x, "class", "title-block");
    epub_xw_nl(s->x);
    epub_xw_start(s->x, "h1");
    epub_xw_attr(s->x, "class", "title");
    render_title(s);
    end_block(s);
    meta_para(s, OP_META_SUBTITLE, "subtitle");
    render_byline(s);
    render_source_line(s, with_url);
    if (with_url)
        render_source_url(s);
    end_block(s);
}

void epub_render_title_block(epub_book *b, epub_xw *x, size_t art, int with_url)
{
    xstate s;

    memset(&s, 0, sizeof s);
    s.b = b;
    s.a = &b->arts[art];
    s.x = x;
    s.title_page = 1;
    render_title_block(&s, with_url);
    op_free(s.notes);
}

op_status epub_render_xhtml(epub_book *b)
{
    xstate s;
    op_iter *it;
    op_event ev;
    op_status st = OP_OK;

    memset(&s, 0, sizeof s);
    s.b = b;
    s.a = EPUB_CUR(b);
    s.next_head = s.a->first_head;
    s.x = epub_xw_new(&s.a->xhtml);
    render_head(&s);
    epub_xw_start(s.x, "body");
    epub_xw_attr(s.x, "epub:type", "bodymatter");
    epub_xw_nl(s.x);
    epub_xw_start(s.x, "article");
    epub_xw_attr(s.x, "id", s.a->id);
    epub_xw_nl(s.x);
    /* its bytes are noted: a title page may take the block over (epub_render_cover) */
    s.a->title_from = epub_xw_offset(s.x);
    render_title_block(&s, 0);
    s.a->title_to = epub_xw_offset(s.x);
    it = op_iter_new(op_doc_root(s.a->doc));
    while (st == OP_OK && (ev = op_iter_next(it)) != OP_EVENT_DONE)
        st = render_node(&s, op_iter_node(it), ev);
    op_iter_free(it);
    render_footnotes(&s);
    op_free(s.notes);
    end_block(&s); /* article */
    end_block(&s); /* body */
    end_block(&s); /* html */
    if (st == OP_OK)
        return epub_xw_finish(s.x);
    epub_xw_finish(s.x);
    return st;
}
