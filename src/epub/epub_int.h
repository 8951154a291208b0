/* Private interface of the EPUB back end (src/epub/). op_epub_write (epub_write.c) drives:
 * epub_xhtml.c renders the model to XHTML and collects images and headings, epub_image.c
 * resolves and embeds images, epub_opf.c writes content.opf, nav.xhtml and toc.ncx,
 * epub_xmlw.c wraps libxml2's xmlTextWriter, epub_util.c cleans text, dates and languages,
 * epub_sha1.c hashes content for the identifier. */
#ifndef OP_EPUB_INT_H
#define OP_EPUB_INT_H

#include "core/core.h"
#include "offprint/epub.h"
#include "offprint/style.h"

#include <stdint.h>

/*** Book state shared by the writers ***/

#define EPUB_COVER_HREF      "text/cover.xhtml" /* relative to OEBPS */
#define EPUB_MIN_SHRINK_PX   160                /* --max-size never shrinks images below this */
#define EPUB_KINDLE_MAX_SIZE ((size_t)50 * 1024 * 1024)

/* One embedded image (OEBPS/images/<name>). */
typedef struct epub_image {
    char *name;             /* "img-001.png" */
    const char *media_type; /* static string */
    char *data;             /* file bytes (op_malloc) */
    size_t len;
    uint64_t hash; /* FNV-1a 64 over data, for dedup */
    int w, h;      /* pixel size (0 for SVG) */
    int cover;     /* 1 when this is the cover image (cover-image property) */
} epub_image;

/* One embedded font (OEBPS/fonts/<name>), a subset made by --embed-fonts. */
typedef struct epub_font {
    char *name; /* "CharisSIL-Regular.ttf" */
    char *data; /* font bytes (op_malloc) */
    size_t len;
} epub_font;

/* A source string already resolved (hit or miss), so each image is read only once. Relative
 * sources depend on the article's base folder, so the key is (base, url). */
typedef struct epub_src {
    char *url;
    char *base; /* OP_META_BASE_DIR of the article, or NULL */
    int image;  /* index into images, or -1 when dropped */
} epub_src;

/* A heading that the nav/NCX lists. */
typedef struct epub_heading {
    char *id;   /* XML id unique across the book, e.g. "introduction" or "introduction-2" */
    char *slug; /* the id before de-duplication (what "#fragment" links in the source use) */
    char *text; /* plain text, cleaned; may be "" */
    int level;  /* 1..6 */
    size_t art; /* article index */
} epub_heading;

/* One article = one XHTML content document. */
typedef struct epub_article {
    const op_doc *doc;
    char *title;   /* cleaned title, "Untitled" fallback (op_malloc) */
    char lang[64]; /* BCP 47 tag: the article's, else the book's */
    char href[48]; /* "text/article.xhtml", "text/article-002.xhtml" (relative to OEBPS) */
    char id[32];   /* manifest id: "article", "article-002" */
    op_buf xhtml;
    size_t first_head, nheads;   /* its headings in b->heads */
    size_t title_from, title_to; /* bytes of its title block in xhtml (epub_render_xhtml) */
} epub_article;

/* Settings of one rendering attempt (the --max-size loop lowers them). */
typedef struct epub_settings {
    int max_px;  /* long side cap for raster images; 0 = none */
    int quality; /* JPEG quality of re-encoded images */
} epub_settings;

typedef struct epub_book {
    const char *path;  /* output path */
    const char *shown; /* file named in messages: diag->file when set (the CLI writes to a
                          temporary name and sets it to the real output), else path */
    op_diag *diag;
    const op_epub_opts *opts;
    epub_settings set;
    char lang[64]; /* book language (BCP 47), "en" by default */
    int rtl;       /* 1 for ar, he, fa, ur...: page-progression-direction="rtl" */
    char *title;   /* book title (op_malloc) */
    epub_article *arts;
    size_t narts;
    int single; /* one article, not a book of one (opts->book): the article's own title */
    size_t cur; /* article being rendered (images resolve against its base folder) */
    epub_image *images;
    size_t nimages, capimages;
    epub_src *srcs;
    size_t nsrcs, capsrcs;
    epub_heading *heads;
    size_t nheads, capheads;
    int cover;          /* index of the cover image, or -1 (then the cover page is a title page) */
    int first_figure;   /* first image of the book big enough to be a cover, or -1 */
    op_buf css;         /* stylesheet bytes */
    char *css_name;     /* its path, for messages */
    op_buf cover_xhtml; /* OEBPS/text/cover.xhtml */
    op_buf opf, nav, ncx, container;
    /* --embed-fonts (epub_font.c): the font set and the theme's cascade, loaded once; the
     * subsets and their @font-face rules, made by each rendering attempt */
    struct op_fontset *fontset; /* NULL: no fonts embedded */
    int own_fontset;            /* loaded for this call (else lent by the caller) */
    op_style *font_style;
    epub_font *fonts;
    size_t nfonts, capfonts;
    op_buf font_css;   /* @font-face rules, appended to style.css */
    char uuid[48];     /* "urn:uuid:xxxxxxxx-..." */
    char modified[24]; /* CCYY-MM-DDThh:mm:ssZ */
    int64_t mtime;     /* op_epub_opts.source_date (or -1 when unset) */
    op_buf zip;        /* the packed book of the last attempt */
} epub_book;

/** Sets up the book over `ndocs` documents (titles, languages, file names). */
void epub_book_init(epub_book *b, const op_doc *const *docs, size_t ndocs, const char *path,
                    const op_epub_opts *opts);
/** Drops everything a rendering attempt made (images, headings, XHTML, package documents). */
void epub_book_reset(epub_book *b);
void epub_book_free(epub_book *b);
/** The article being rendered. */
#define EPUB_CUR(b) (&(b)->arts[(b)->cur])

/*** Text helpers (epub_util.c) ***/

/** Appends s[0..len) to out as XML-safe UTF-8: invalid sequences become U+FFFD; C0/C1
 *  controls (except tab and newline), CR, noncharacters and U+FFFE/U+FFFF are dropped. */
op_status epub_clean_text(op_buf *out, const char *s, size_t len);
/** Copies a stylesheet to out without the margin boxes (@top-center { ... } and the like)
 *  inside @page rules: they are for the PDF, and epubcheck rejects them (CSS-008). */
op_status epub_css_strip_margin_boxes(op_buf *out, const char *css, size_t len);
/** New cleaned copy (op_free). NULL gives NULL. Whitespace is collapsed when `collapse`. */
char *epub_clean_dup(const char *s, int collapse);
/** 1 when `lang` looks like a BCP 47 tag (alnum subtags of 1..8 chars, first 2..8 letters). */
int epub_lang_valid(const char *lang);
/** Normalises a date to W3CDTF (YYYY, YYYY-MM, YYYY-MM-DD or full date-time with zone) into
 *  out (>= 32 bytes). Accepts ISO 8601 variants, "2024/03/05", "2024.03.05", "March 5, 2024",
 *  "5 March 2024". Returns 1 on success, 0 when the input is not a recognisable date. */
int epub_date_normalize(const char *in, char *out, size_t outsz);
/** Formats t (seconds since 1970, UTC) as CCYY-MM-DDThh:mm:ssZ into out (>= 21 bytes). */
void epub_format_utc(int64_t t, char *out, size_t outsz);
/** Appends url to out with spaces, non-ASCII bytes and characters invalid in URLs
 *  percent-encoded (existing %XX escapes kept). */
op_status epub_url_escape(op_buf *out, const char *url);
/** 1 when the language is written right to left (ar, fa, he, ur, yi, ps, sd, ug, dv, ckb). */
int epub_lang_rtl(const char *lang);

typedef enum epub_label {
    EPUB_L_CONTENTS = OP_LABEL_CONTENTS, /* nav heading */
    EPUB_L_LANDMARKS = OP_LABEL_LANDMARKS,
    EPUB_L_COVER = OP_LABEL_COVER,
    EPUB_L_TOC = OP_LABEL_TOC,     /* landmark to the table of contents */
    EPUB_L_START = OP_LABEL_START, /* landmark to the body matter */
    EPUB_L_MORE = OP_LABEL_MORE,   /* printf format of a bundle's default title */
    EPUB_L_COUNT = OP_LABEL_COUNT
} epub_label;

/** The label in the book's language: op_label_text (src/core/labels.c). */
const char *epub_label_text(const char *lang, epub_label which);
/** UTC calendar fields of t: year, month 1-12, day, hour, minute, second (no gmtime). */
void epub_utc_fields(int64_t t, int f[6]);
/** 1 when href uses a scheme we keep (http, https, mailto) or is a "#fragment". */
int epub_href_safe(const char *href);
/** Splits an author string as the model holds it ("A, B and C", "A & B", "A; B") into
 *  names[0..max) (each new: op_free), keeping "Smith, Jr." and "Smith, John" together and
 *  leaving a byline that is not a list of names ("Guardian staff and agencies") whole.
 *  Returns the number of names (0 for an empty string). */
size_t epub_split_names(const char *s, char **names, size_t max);

/*** XML writer wrapper (epub_xmlw.c): sticky error, all text cleaned ***/

typedef struct epub_xw epub_xw;

/** Starts an XML document (declaration) writing into `out`. Never NULL. */
epub_xw *epub_xw_new(op_buf *out);
/** Ends the document, copies the bytes into `out`, frees the writer. OP_ERR_EPUB when any
 *  write failed. */
op_status epub_xw_finish(epub_xw *x);
/** Bytes written so far (everything before is flushed; a start tag still open is not
 *  counted). 0 once the writer failed. */
size_t epub_xw_offset(epub_xw *x);
void epub_xw_doctype_html(epub_xw *x);
/** Opens an XHTML content document: the doctype, <html> with the XHTML and EPUB namespaces,
 *  lang/xml:lang (and dir="rtl" for a right-to-left language), <head> with <title> and a
 *  stylesheet link to `css_href`. <head> is left open: the caller adds to it and ends it. */
void epub_xw_xhtml_open(epub_xw *x, const char *lang, const char *title, const char *css_href);
void epub_xw_start(epub_xw *x, const char *name);
void epub_xw_attr(epub_xw *x, const char *name, const char *value);
void epub_xw_attr_int(epub_xw *x, const char *name, long value);
void epub_xw_text(epub_xw *x, const char *s, size_t len);
void epub_xw_texts(epub_xw *x, const char *s);
/** Ends a non-void element with an explicit end tag (never self-closed). */
void epub_xw_end(epub_xw *x);
/** Ends a void element (br, img, hr, link, meta) as <name/>. */
void epub_xw_end_void(epub_xw *x);
/** Writes a raw newline between blocks (outside pre). */
void epub_xw_nl(epub_xw *x);
/** Convenience: <name>text</name>. */
void epub_xw_elem(epub_xw *x, const char *name, const char *text);

/*** Profiles (epub_profile.c) ***/

/** Fills in what opts->profile implies and the caller left at 0 (kindle: max_size). */
void epub_profile_defaults(op_epub_opts *o);
/** Warns about what the profile's readers are known to reject (language, stylesheet). */
void epub_profile_check(epub_book *b);
/** 1 when transparent images are flattened onto white (kobo). */
int epub_profile_flatten_alpha(const epub_book *b);

/*** Images (epub_image.c) ***/

/** Resolves the IMAGE source `url` (absolute path, relative to the doc's base dir, file://,
 *  data:) and embeds it once. Returns the image index, or -1 when dropped (remote,
 *  unreadable, unsupported: a warning names it). */
int epub_image_get(epub_book *b, const char *url);
/** Picks the cover image (b->cover): the first article's lead image (meta lead_image) that
 *  resolves locally and is JPEG or PNG, else the first cover-worthy image in the text
 *  (b->first_figure), else none (-1; the cover page is then a title page). */
void epub_image_cover(epub_book *b);
/** 1 for the cover media types every reader takes: JPEG and PNG (Kobo refuses GIF covers,
 *  Kindle SVG ones). */
int epub_image_cover_type(const epub_image *im);
/** 1 when the image can serve as a cover: JPEG or PNG, at least 200 px on its short side and 400
 *  on its long side, aspect within 1:3. */
int epub_image_cover_worthy(const epub_image *im);
/** Extension without dot for a media type ("png", "jpg", "gif", "svg"). */
const char *epub_image_ext(const char *media_type);

/*** Rendering ***/

/** Collects the current article's headings (ids unique across the book) into b->heads. */
op_status epub_collect_headings(epub_book *b);
/** Renders the current article's XHTML into its buffer, embedding images as it goes. */
op_status epub_render_xhtml(epub_book *b);
/** Writes article `art`'s title block (<header class="title-block">: title, subtitle, byline
 *  and credit, site, place and date) to x; `with_url` adds the source URL as a link line. */
void epub_render_title_block(epub_book *b, epub_xw *x, size_t art, int with_url);
/** 1 when the title page carries the article's title block: one article without a cover
 *  image. Its article XHTML then starts without it (the title shows once). */
int epub_title_page_holds_title(const epub_book *b);
/** Renders the book's first page into b->cover_xhtml: the cover image (b->cover) full page;
 *  else a title page: a bundle's (book title, authors, sites, articles), or one article's
 *  title block, which then leaves the article's XHTML. Every book has this page. */
op_status epub_render_cover(epub_book *b);
/** Writes nav.xhtml into b->nav (before the fonts: its text is drawn too). */
op_status epub_write_nav(epub_book *b);
/** Writes container.xml, content.opf and toc.ncx into the book's buffers. */
op_status epub_write_package_docs(epub_book *b);

/*** Embedded fonts (epub_font.c) ***/

/** Media type of the embedded TrueType fonts in the manifest. */
#define EPUB_FONT_TYPE "font/ttf"
/** With b->fontset set: reads the rendered XHTML (articles, cover, nav) with the theme's
 *  cascade, subsets each font its text uses to the code points it draws (b->fonts) and
 *  writes their @font-face rules (b->font_css). A font that cannot be embedded is left out
 *  with a warning. */
op_status epub_fonts_embed(epub_book *b);

/*** Identifier (epub_sha1.c) ***/

typedef struct epub_sha1 {
    uint32_t h[5];
    uint64_t bytes;
    unsigned char block[64];
    size_t fill;
} epub_sha1;

void epub_sha1_init(epub_sha1 *s);
void epub_sha1_update(epub_sha1 *s, const void *data, size_t len);
void epub_sha1_final(epub_sha1 *s, unsigned char digest[20]);
/** Fills b->uuid with a name-based (version 5) urn:uuid over the book's content. */
void epub_make_uuid(epub_book *b);

/*** Read-back (epub_write.c), used by tests ***/

typedef struct epub_entry_info {
    long index; /* position in the central directory */
    int stored; /* 1 when not compressed */
} epub_entry_info;

/** Reads entry `name` of the zip at `zip_path` into a new buffer (op_free). `info` may be
 *  NULL. OP_ERR_IO when the archive cannot be opened, OP_ERR_EPUB when the entry is missing. */
op_status epub_read_entry(const char *zip_path, const char *name, char **data, size_t *len,
                          epub_entry_info *info);
/** Lists entry names in archive order as one '\n'-separated string (op_free). */
op_status epub_list_entries(const char *zip_path, char **names);

#endif
