/* The book's first page (OEBPS/text/cover.xhtml), first in the spine: the cover image scaled
 * to the screen when the book has one (epub_image_cover picked it); else a title page: a
 * bundle's shows the book title, the authors, the sites and the list of its articles; one
 * article's carries the article's title block (title, subtitle, byline, site, place, date,
 * the source URL as a link), which then leaves the article's XHTML so the title shows once.
 * No SVG wrapper (Kindle does not take SVG covers): a plain <img> sized by a small inline
 * style. The title page keeps the theme's classes (h1.title, p.byline...), so the theme's
 * fonts apply; the inline rules only centre and space it. */
#include "epub/epub_int.h"

#include <stdio.h>
#include <string.h>

static const char cover_css[] =
    "body.cover-page { margin: 0; padding: 0; max-width: none; text-align: center; }\n"
    "div.cover { height: 100%; margin: 0; padding: 0; text-align: center; }\n"
    "div.cover img { height: 100%; max-width: 100%; object-fit: contain; }\n"
    "section.title-page { margin: 25% 8% 0 8%; text-align: center; hyphens: none; "
    "-epub-hyphens: none; }\n"
    "section.title-page h1 { font-size: 1.8em; margin-bottom: 1em; }\n"
    "section.title-page ol { text-align: left; }\n"
    "section.title-page header.title-block { margin: 0; padding: 0; border: none; }\n"
    "section.title-page h1.title { font-size: 2.2em; line-height: 1.2; margin: 0 0 0.6em 0; }\n"
    "section.title-page h1, section.title-page p { text-align: center; text-indent: 0; }\n"
    "section.title-page p.subtitle { margin: 0 0 2.5em 0; }\n"
    "section.title-page p.byline { margin: 2.5em 0 0.4em 0; font-size: 1.05em; }\n"
    "section.title-page p.source-url { margin-top: 2.5em; overflow-wrap: break-word; "
    "word-wrap: break-word; }\n";

static void head(epub_book *b, epub_xw *x)
{
    epub_xw_xhtml_open(x, b->lang, b->title, "../style.css");
    epub_xw_start(x, "style");
    epub_xw_attr(x, "type", "text/css");
    epub_xw_texts(x, cover_css);
    epub_xw_end(x);
    epub_xw_nl(x);
    epub_xw_end(x);
    epub_xw_nl(x);
}

static void para(epub_xw *x, const char *cls, const char *text)
{
    if (!text || !*text)
        return;
    epub_xw_start(x, "p");
    epub_xw_attr(x, "class", cls);
    epub_xw_texts(x, text);
    epub_xw_end(x);
    epub_xw_nl(x);
}

/* Distinct values of field f across the articles joined with ", " (op_free), or NULL. */
static char *joined(const epub_book *b, op_meta_field f)
{
    op_buf out;
    op_buf_init(&out, 64 * 1024);
    for (size_t i = 0; i < b->narts; i++) {
        const char *v = op_doc_get_meta(b->arts[i].doc, f);
        int seen = 0;
        for (size_t k = 0; k < i && v && !seen; k++) {
            const char *w = op_doc_get_meta(b->arts[k].doc, f);
            seen = w && strcmp(v, w) == 0;
        }
        if (v && !seen)
            op_buf_printf(&out, "%s%s", out.len ? ", " : "", v);
    }
    if (out.len == 0) {
        op_buf_free(&out);
        return NULL;
    }
    return op_buf_detach(&out, NULL);
}

/* A bundle's title page: book title, authors, sites, the list of its articles. */
static void title_page(epub_book *b, epub_xw *x)
{
    char *authors = joined(b, OP_META_AUTHOR), *sites = joined(b, OP_META_SITE_NAME);

    epub_xw_start(x, "section");
    epub_xw_attr(x, "epub:type", "titlepage");
    epub_xw_attr(x, "class", "title-page");
    epub_xw_nl(x);
    epub_xw_elem(x, "h1", b->title);
    epub_xw_nl(x);
    para(x, "byline", authors);
    para(x, "site", sites);
    epub_xw_start(x, "ol");
    epub_xw_attr(x, "class", "articles");
    epub_xw_nl(x);
    for (size_t i = 0; i < b->narts; i++) {
        epub_xw_start(x, "li");
        epub_xw_start(x, "a");
        epub_xw_attr(x, "href", strrchr(b->arts[i].href, '/') + 1);
        epub_xw_texts(x, b->arts[i].title);
        epub_xw_end(x);
        epub_xw_end(x);
        epub_xw_nl(x);
    }
    epub_xw_end(x);
    epub_xw_nl(x);
    epub_xw_end(x);
    epub_xw_nl(x);
    op_free(authors);
    op_free(sites);
}

/* One article's title page: its title block, taken out of the article's XHTML. */
static void article_title_page(epub_book *b, epub_xw *x)
{
    epub_article *a = &b->arts[0];

    epub_xw_start(x, "section");
    epub_xw_attr(x, "epub:type", "titlepage");
    epub_xw_attr(x, "class", "title-page");
    epub_xw_nl(x);
    epub_render_title_block(b, x, 0, 1);
    epub_xw_end(x);
    epub_xw_nl(x);
    if (a->title_from < a->title_to && a->title_to <= a->xhtml.len) {
        memmove(a->xhtml.data + a->title_from, a->xhtml.data + a->title_to,
                a->xhtml.len - a->title_to + 1); /* with the NUL */
        a->xhtml.len -= a->title_to - a->title_from;
        a->title_to = a->title_from;
    }
}

static void cover_image(epub_book *b, epub_xw *x)
{
    char src[64];

    snprintf(src, sizeof src, "../images/%s", b->images[b->cover].name);
    epub_xw_start(x, "div");
    epub_xw_attr(x, "class", "cover");
    epub_xw_attr(x, "epub:type", "cover");
    epub_xw_nl(x);
    epub_xw_start(x, "img");
    epub_xw_attr(x, "src", src);
    epub_xw_attr(x, "alt", b->title);
    epub_xw_end_void(x);
    epub_xw_nl(x);
    epub_xw_end(x);
    epub_xw_nl(x);
}

int epub_title_page_holds_title(const epub_book *b)
{
    return b->cover < 0 && b->single;
}

op_status epub_render_cover(epub_book *b)
{
    epub_xw *x = epub_xw_new(&b->cover_xhtml);

    head(b, x);
    epub_xw_start(x, "body");
    epub_xw_attr(x, "class", "cover-page");
    epub_xw_nl(x);
    if (b->cover >= 0)
        cover_image(b, x);
    else if (epub_title_page_holds_title(b))
        article_title_page(b, x);
    else
        title_page(b, x);
    epub_xw_end(x); /* body */
    epub_xw_nl(x);
    epub_xw_end(x); /* html */
    epub_xw_nl(x);
    return epub_xw_finish(x);
}
