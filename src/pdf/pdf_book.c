/* Several documents into one PDF book: each article laid out on its own (its language for
 * fonts, breaking and hyphenation; its images resolved against its own folder), then the
 * front matter (title page, contents) once the articles' page counts are known, then the
 * running headers and footers numbered across the book, then every page drawn: front
 * matter first, each article's outline entry with its headings one level below. */
#include "layout/layout_book.h"
#include "pdf/pdf_write.h"

#include <string.h>

#define MAX_BOOK_LINE 400 /* bytes of the title page's authors and sites lines */

/* Distinct values of `f` across the documents joined with ", ", cut (with an ellipsis) at
 * MAX_BOOK_LINE bytes; NULL when none has one. New string. */
static char *joined(const op_doc *const *docs, size_t n, op_meta_field f)
{
    op_buf out;
    op_buf_init(&out, 0);
    int cut = 0;
    for (size_t i = 0; i < n && !cut; i++) {
        const char *v = op_doc_get_meta(docs[i], f);
        int seen = !v || !*v;
        for (size_t k = 0; k < i && !seen; k++) {
            const char *u = op_doc_get_meta(docs[k], f);
            seen = u && strcmp(u, v) == 0;
        }
        if (seen)
            continue;
        if (out.len + strlen(v) + 2 > MAX_BOOK_LINE) {
            op_buf_adds(&out, out.len ? ", \xE2\x80\xA6" : "\xE2\x80\xA6");
            cut = 1;
        } else {
            op_buf_printf(&out, "%s%s", out.len ? ", " : "", v);
        }
    }
    if (out.len == 0) {
        op_buf_free(&out);
        return NULL;
    }
    return op_buf_detach(&out, NULL);
}

/* The book's title: opts->title, else "<first title> and N more" in the book's language. */
static char *book_title(const op_pdf_opts *opts, const char *first, size_t n, const char *lang)
{
    if (opts->title && opts->title[0])
        return op_strdup(opts->title);
    if (n == 1) /* a book of one article (opts->book) */
        return op_strdup(first);
    op_buf buf;
    op_buf_init(&buf, 0);
    if (op_buf_printf(&buf, op_label_text(lang, OP_LABEL_MORE), first, (int)n - 1) != OP_OK) {
        op_buf_reset(&buf);
        op_buf_adds(&buf, first);
    }
    return op_buf_detach(&buf, NULL);
}

typedef struct book {
    pdf_writer *w;
    const op_pdf_opts *opts;
    const op_doc *const *docs;
    size_t n;
    layout_metrics m;
    layout_opts *lo;   /* per article */
    layout_doc **arts; /* per article */
    size_t *starts;    /* first page of each article in the book */
    layout_doc *front; /* title page and contents */
} book;

/* Lays out article i with its own language. */
static op_status layout_article(book *b, size_t i, const op_style *theme)
{
    pdf_writer *w = b->w;
    w->doc = b->docs[i];
    w->part = i;
    font_set_set_lang(w->fonts, op_doc_get_meta(w->doc, OP_META_LANG));
    pdf_layout_opts(w, b->opts, theme, &b->lo[i]);
    b->lo[i].metrics = &b->m;
    b->lo[i].book = 1;
    op_tick t = op_clock_now();
    op_status st = layout_document(w->doc, &b->lo[i], &b->arts[i]);
    op_timings_add(b->opts->timings, OP_STAGE_LAYOUT, t);
    return st;
}

/* The front matter for the laid-out articles; sets b->starts and the running headers. */
static op_status front_matter(book *b, const op_style *theme)
{
    pdf_writer *w = b->w;
    w->doc = NULL;
    font_set_set_lang(w->fonts, w->info_lang);
    layout_opts lo;
    pdf_layout_opts(w, b->opts, theme, &lo);
    lo.metrics = &b->m;
    const char **entries = op_calloc(b->n, sizeof *entries);
    for (size_t i = 0; i < b->n; i++)
        entries[i] = b->arts[i]->title ? b->arts[i]->title : "Untitled";
    char *authors = joined(b->docs, b->n, OP_META_AUTHOR);
    char *sites = joined(b->docs, b->n, OP_META_SITE_NAME);
    layout_book_info bi = {w->info_title, authors, sites, entries, b->n};
    layout_front *f = NULL;
    op_status st = layout_front_new(&bi, &lo, &f);
    if (st == OP_OK) {
        size_t page = layout_front_pages(f);
        for (size_t i = 0; i < b->n; i++) {
            b->starts[i] = page;
            page += b->arts[i]->npages;
        }
        b->front = layout_front_finish(f, b->starts, page);
        for (size_t i = 0; i < b->n; i++) {
            font_set_set_lang(w->fonts, op_doc_get_meta(b->docs[i], OP_META_LANG));
            layout_book_margins(b->docs[i], &b->lo[i], b->arts[i], b->starts[i], page);
        }
    }
    op_free(entries);
    op_free(sites);
    op_free(authors);
    return st;
}

/* Every page, front matter first; then the links between them. */
static op_status draw_book(book *b)
{
    pdf_writer *w = b->w;
    size_t total = b->front->npages;
    for (size_t i = 0; i < b->n; i++)
        total += b->arts[i]->npages;
    op_status st = pdf_check_pages(w, b->opts, total);
    if (st)
        return st;
    HPDF_Page *all = op_calloc(total ? total : 1, sizeof *all);
    pdf_font_collect(w, b->front);
    for (size_t i = 0; i < b->n; i++)
        pdf_font_collect(w, b->arts[i]);
    w->mark_shift = 1;
    w->doc = NULL;
    w->part = (size_t)-1;
    st = pdf_add_pages(w, b->front, all);
    for (size_t i = 0; i < b->n && st == OP_OK; i++) {
        w->doc = b->docs[i];
        w->part = i;
        st = pdf_add_pages(w, b->arts[i], all + b->starts[i]);
    }
    if (st == OP_OK) {
        pdf_add_gotos(w, b->front, all, all, total);
        for (size_t i = 0; i < b->n; i++)
            pdf_add_gotos(w, b->arts[i], all + b->starts[i], all, total);
    }
    op_free(all);
    return st;
}

op_status pdf_book_write(pdf_writer *w, const op_doc *const *docs, size_t ndocs, const char *path,
                         const op_pdf_opts *opts, const op_style *theme)
{
    book b = {.w = w, .opts = opts, .docs = docs, .n = ndocs};
    layout_metrics_init(w->fonts, &b.m);
    b.lo = op_calloc(ndocs, sizeof *b.lo);
    b.arts = op_calloc(ndocs, sizeof *b.arts);
    b.starts = op_calloc(ndocs, sizeof *b.starts);
    /* one set of dictionaries for every article, unless the caller lends one */
    op_pdf_opts o = *opts;
    op_hyph *own_hyph = NULL;
    if (!o.hyph && !o.no_hyphenate)
        o.hyph = own_hyph = op_hyph_new(NULL);
    b.opts = &o;
    for (size_t i = 0; i < ndocs && !w->info_lang; i++)
        w->info_lang = op_doc_get_meta(docs[i], OP_META_LANG);
    op_status st = OP_OK;
    for (size_t i = 0; i < ndocs && st == OP_OK; i++)
        st = layout_article(&b, i, theme);
    char *title = NULL, *authors = NULL;
    if (st == OP_OK) {
        title =
            book_title(opts, b.arts[0]->title ? b.arts[0]->title : "Untitled", ndocs, w->info_lang);
        w->info_title = title;
        st = front_matter(&b, theme);
    }
    if (st == OP_OK)
        st = draw_book(&b);
    if (st == OP_OK) {
        authors = joined(docs, ndocs, OP_META_AUTHOR);
        w->info_author = authors;
        st = pdf_save(w, path);
    }
    for (size_t i = 0; i < ndocs; i++)
        layout_doc_free(b.arts[i]);
    layout_doc_free(b.front);
    op_hyph_free(own_hyph);
    op_free(b.lo);
    op_free(b.arts);
    op_free(b.starts);
    op_free(authors);
    op_free(title);
    w->info_title = w->info_author = w->info_lang = NULL;
    return st;
}
