/* One input as the parse stage leaves it: the bytes as valid UTF-8 and, by format, the
 * libxml2 tree of an HTML page, the lines of a text dump, or (Markdown, which needs no
 * reader mode) the finished model. The extract stage holds one in its op_page. */
#ifndef OP_PARSE_INPUT_H
#define OP_PARSE_INPUT_H

#include "core/core.h"
#include "offprint/parse.h"
#include "parse/parse.h"

#include <libxml/tree.h>

/*** Text dumps: lines and blocks (parse_text.c) ***/

typedef struct text_line {
    const char *s; /* into parse_input.utf8 */
    size_t len;
} text_line;

/* What a block is: the structure parse_text_blocks sees (paragraph, list, quote), and what
 * reader mode makes of it (a heading, a caption printed twice, dropped). */
typedef enum text_kind { TB_PARA, TB_HEADING, TB_CAPTION, TB_LIST, TB_QUOTE, TB_SKIP } text_kind;

/* A block is the lines [a, b) of the dump. */
typedef struct text_block {
    size_t a, b;
    text_kind kind;
} text_block;

typedef struct text_dump {
    text_line *ls; /* every line; parse_text_blocks trims those it makes blocks of, and reader
                      mode may shorten them (a dateline or a credit cut off) */
    size_t n;
    text_block *bl; /* NULL until parse_text_blocks */
    size_t nb;
    int refs; /* a lynx dump with its References list: "[12]" link numbers are no text */
} text_dump;

/** 1 when l holds only white space. */
int parse_text_blank(text_line l);
/** l without the white space around it. */
text_line parse_text_trim(text_line l);
/** Code points in l (UTF-8 lead bytes). */
size_t parse_text_code_points(text_line l);
/** Blocks of the lines from `from` on into d->bl (trimming those lines first): blank lines
 *  separate them, list and quote lines make lists and quotes, and when the text is
 *  hard-wrapped (no line over 100 code points, some paragraph on several lines) the lines of
 *  a paragraph are one block. */
void parse_text_blocks(text_dump *d, size_t from);
/** Appends lines [a, b) to out, re-flowed: wrapped lines joined by a space, or directly after
 *  a hyphen ending a word; quote markers dropped when `quote`, the first `skip` bytes of the
 *  first line (a list marker) too. */
void parse_text_join(const text_dump *d, size_t a, size_t b, int quote, size_t skip, op_buf *out);
/** The block's text (re-flowed, quote markers dropped) in out, which is reset first. */
void parse_text_block_text(const text_dump *d, const text_block *k, op_buf *out);
/** Appends the blocks (all but TB_SKIP ones) to doc's body: paragraphs, headings (level 2),
 *  lists, quotes, and captions as image-less figures. */
op_status parse_text_emit(const text_dump *d, op_doc *doc, int max_depth);

/*** The parsed input (input.c) ***/

typedef struct parse_input {
    op_format format;   /* never OP_FORMAT_AUTO */
    op_parse_opts opts; /* the caller's, filename pointing at our copy; diag is lent */
    char *filename;     /* new copy, or NULL (stdin) */
    char *base_dir;     /* absolute folder for relative image paths (parse_base_dir_new) */
    char *url, *base_url, *charset; /* copies of the opts' strings (opts points at them) */
    char *utf8;                     /* the input as valid UTF-8, NUL-terminated */
    size_t ulen;
    xmlDoc *tree;   /* HTML: the whole page */
    text_dump text; /* text dumps: the lines (blocks come later) */
    op_doc *doc;    /* Markdown: the model; whoever takes it sets this to NULL */
    size_t outside; /* local references refused (parse_base.outside) */
} parse_input;

/** Sniffs the format (unless opts->format names one), checks the size limit, converts to
 *  UTF-8 and parses into *in (zeroed first). On failure the reason went to opts->diag and
 *  *in holds nothing to free (parse_input_free is still safe). */
op_status parse_input_read(parse_input *in, const char *data, size_t len,
                           const op_parse_opts *opts);
/** Where the page's references resolve: in->opts.url, else its base_url, else `found` (a URL
 *  the page gives itself: canonical, og:url; may be NULL), with the page's <base href>
 *  `base_href` (may be NULL) on top; images of a fetched page (or of standard input with a
 *  base_url) never resolve to local files. b->url is new or NULL: the caller op_frees it. */
void parse_input_base(parse_input *in, const char *found, const char *base_href, parse_base *b);
/** One warning for the local references the page was refused (none: nothing). */
void parse_input_report_outside(const parse_input *in);
/** Releases what *in holds and zeroes it. */
void parse_input_free(parse_input *in);

/* The first step of each format (parse_text.c, parse_md.c). */
/** Splits in->utf8 into in->text's lines. */
void parse_text_lines(parse_input *in);
/** Markdown -> model (md4c) into in->doc, with front matter metadata and a leading H1 as the
 *  title. OP_ERR_LIMIT over 4 GB. */
op_status parse_markdown(parse_input *in);

#endif
