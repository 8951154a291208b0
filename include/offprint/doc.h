/* The document model: metadata plus a tree of block and inline nodes.
 * Every parser produces it and both back ends (PDF, EPUB) read only it.
 *
 * Ownership: the document owns all its nodes and strings (one arena); op_doc_free releases
 * them all at once. Nothing it hands out (nodes, getter strings, op_doc_strdup copies) is
 * ever passed to op_free or outlives the document. What a "_new" function here returns
 * (op_node_text_new, op_doc_dump_new; op_iter_new) belongs to the caller.
 *
 * Threads: an op_doc is not locked. While one thread builds or changes a document (any
 * setter, op_node_new, the tree edits, op_doc_links_apply, op_doc_strdup: they allocate
 * from its arena) no other thread may touch it. A document nobody changes any more may be
 * read by any number of threads at once: the getters, op_doc_check, op_doc_dump_new, the
 * text functions and the back ends (op_pdf_write, op_epub_write, the exports) only read,
 * and nothing keeps a cache in the document. Each thread walks with its own op_iter.
 * Different documents are independent. */
#ifndef OFFPRINT_DOC_H
#define OFFPRINT_DOC_H

#include "offprint.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct op_doc op_doc;
typedef struct op_node op_node;

/* How a back end gets an http(s) resource the document refers to (an image): the caller's
 * loader (op_convert passes its fetcher's when fetching is on) puts the bytes in *data
 * (op_malloc'd; the back end op_frees them) and *len and returns OP_OK, or writes a one-line
 * reason into why (whysz bytes) and returns a failure; the back end then keeps the alt text
 * and warns. A loader that declines an image it was not asked to fetch returns
 * OP_ERR_UNSUPPORTED with why left empty: the back end keeps the alt text without a word,
 * and the loader tells the user once for all of them (op_convert: "11 images are remote and
 * were not fetched"). `doc` is the document that refers to `url` (its source URL is the
 * Referer). It runs on the writing thread. */
typedef op_status (*op_remote_fn)(void *ud, const op_doc *doc, const char *url, char **data,
                                  size_t *len, char *why, size_t whysz);

/*
 * Node kinds and what each may contain (op_doc_check enforces this):
 *   DOCUMENT, BLOCKQUOTE, ITEM   -> blocks
 *   LIST                         -> ITEM only
 *   HEADING, PARAGRAPH, CAPTION  -> inlines
 *   TABLE -> TABLE_ROW -> TABLE_CELL -> inlines
 *   FIGURE -> zero or more IMAGE, then at most one CAPTION (last); never empty
 *   CODE_BLOCK, THEMATIC_BREAK   -> nothing (code text is the literal)
 *   EMPH, STRONG, LINK, SUB, SUP -> inlines
 *   TEXT, CODE, LINE_BREAK, IMAGE -> nothing (leaves)
 * "blocks" = HEADING PARAGRAPH BLOCKQUOTE LIST CODE_BLOCK FIGURE TABLE THEMATIC_BREAK.
 * TEXT literals are never empty; adjacent TEXT siblings are allowed but parsers merge them.
 */
typedef enum op_node_kind {
    OP_NODE_DOCUMENT = 0,
    /* blocks */
    OP_NODE_HEADING,
    OP_NODE_PARAGRAPH,
    OP_NODE_BLOCKQUOTE,
    OP_NODE_LIST,
    OP_NODE_ITEM,
    OP_NODE_CODE_BLOCK,
    OP_NODE_FIGURE,
    OP_NODE_CAPTION,
    OP_NODE_TABLE,
    OP_NODE_TABLE_ROW,
    OP_NODE_TABLE_CELL,
    OP_NODE_THEMATIC_BREAK,
    /* inlines */
    OP_NODE_TEXT,
    OP_NODE_EMPH,
    OP_NODE_STRONG,
    OP_NODE_CODE,
    OP_NODE_LINK,
    OP_NODE_LINE_BREAK,
    OP_NODE_IMAGE,
    OP_NODE_SUB,
    OP_NODE_SUP
} op_node_kind;

#define OP_NODE_KIND_COUNT (OP_NODE_SUP + 1)

/** Returns the kind's lower-case name used by the dump ("paragraph", "text", ...). */
const char *op_node_kind_name(op_node_kind k);
/** 1 for block kinds (incl. ITEM, CAPTION, TABLE_ROW, TABLE_CELL), 0 for inlines. */
int op_node_kind_is_block(op_node_kind k);

/* Metadata fields. All are UTF-8 strings owned by the document (lent by op_doc_get_meta
 * until the field is set again or the document is freed), or NULL. */
typedef enum op_meta_field {
    OP_META_TITLE = 0,
    OP_META_SUBTITLE,
    OP_META_AUTHOR,    /* byline / authors as displayed: "Jane Doe, John Roe" */
    OP_META_PUBLISHED, /* ISO 8601 date or date-time when known, else as found */
    OP_META_SITE_NAME,
    OP_META_SOURCE_URL,
    OP_META_LANG, /* BCP 47 tag, e.g. "en", "ko-KR" */
    OP_META_DESCRIPTION,
    OP_META_LEAD_IMAGE, /* path or URL of the lead image */
    OP_META_PLACE,      /* dateline place, e.g. "WASHINGTON" */
    OP_META_CREDIT,     /* wire/source credit, e.g. "Yonhap" */
    OP_META_MODIFIED,   /* last modified, ISO 8601 when known (EPUB dcterms:modified) */
    OP_META_BASE_DIR    /* folder relative image paths were resolved against */
} op_meta_field;

#define OP_META_FIELD_COUNT (OP_META_BASE_DIR + 1)

/** Name of a metadata field as used by the dump ("title", "author", ...). */
const char *op_meta_field_name(op_meta_field f);

/* ---- Document ---- */

/** New empty document (root is an empty DOCUMENT node): the caller owns it and frees it with
 *  op_doc_free. Never NULL. */
op_doc *op_doc_new(void);
/** Releases the document, all its nodes and strings (every pointer it lent). NULL is a
 *  no-op. */
void op_doc_free(op_doc *doc);
/** The DOCUMENT root node (lent; lives as long as doc). */
op_node *op_doc_root(const op_doc *doc);
/** Lends a metadata string (valid until field `f` is set again or the doc is freed), or NULL
 *  when unset. */
const char *op_doc_get_meta(const op_doc *doc, op_meta_field f);
/** Copies `len` bytes of `s` into the document as field `f` (replacing any old value).
 *  s == NULL clears the field. Invalid UTF-8 is replaced with U+FFFD; whitespace is trimmed
 *  and collapsed to single spaces; an empty result clears the field. */
void op_doc_set_meta(op_doc *doc, op_meta_field f, const char *s, size_t len);
/** Keeps `heading` (a HEADING the parser took out of the tree because it was the title) as
 *  the title's inline content, for a link on the title: --links treats that link like any
 *  other (op_doc_links_apply) and the title blocks set these inlines in place of the
 *  OP_META_TITLE string. The doc owns it; NULL clears it, and so does setting OP_META_TITLE
 *  (a new title is plain text). */
void op_doc_set_title_node(op_doc *doc, op_node *heading);
/** The title heading kept by op_doc_set_title_node (lent: lives as long as doc), or NULL. */
op_node *op_doc_get_title_node(const op_doc *doc);
/** Copies `len` bytes of `s` into the document's arena, NUL-terminated, and returns the copy.
 *  Unlike other "dup"s the DOCUMENT owns it (like MuPDF's fz_pool_strdup): it lives until
 *  op_doc_free, which releases it; never pass it to op_free. Never NULL. */
char *op_doc_strdup(op_doc *doc, const char *s, size_t len);

/* ---- Nodes ---- */

/** New detached node owned by `doc`: it lives until op_doc_free, attached or not (there is no
 *  op_node_free). Never NULL. */
op_node *op_node_new(op_doc *doc, op_node_kind kind);
op_node_kind op_node_get_kind(const op_node *n);
/* Links between nodes (lent, NULL when there is none): valid as long as the document. */
op_node *op_node_parent(const op_node *n);
op_node *op_node_first_child(const op_node *n);
op_node *op_node_last_child(const op_node *n);
op_node *op_node_next(const op_node *n);
op_node *op_node_prev(const op_node *n);

/** Appends `child` (detached first if attached) as the last child of `parent`.
 *  Does not check the containment rules: op_doc_check does. */
void op_node_append_child(op_node *parent, op_node *child);
/** Inserts `sibling` (detached first) right before `n`, which must have a parent. */
void op_node_insert_before(op_node *n, op_node *sibling);
/** Detaches `n` (with its subtree) from its parent; memory stays in the doc until
 *  op_doc_free, and `n` may be attached again. */
void op_node_unlink(op_node *n);

/* Attributes. Setters copy strings into the doc; getters lend them (valid until the same
 * attribute is set again or the doc is freed). Which kinds use what:
 *   literal: TEXT, CODE (inline code), CODE_BLOCK (code text), IMAGE (alt text)
 *   url:     LINK (href), IMAGE (src: absolute path for local files, or the URL as given),
 *            SUP (a note reference, --links footnote: the URL the note shows)
 *   title:   LINK, IMAGE (title attribute); CODE_BLOCK (info string / language)
 *   level:   HEADING 1..6
 *   list:    LIST ordered flag and start number
 *   header:  TABLE_CELL header flag; align: TABLE_CELL 0 none, 1 left, 2 center, 3 right
 *   noteref: SUP made by --links footnote/endnote (a note number, not part of the text) */
void op_node_set_literal(op_doc *doc, op_node *n, const char *s, size_t len);
const char *op_node_get_literal(const op_node *n, size_t *len); /* "" when unset */
void op_node_set_url(op_doc *doc, op_node *n, const char *s, size_t len);
const char *op_node_get_url(const op_node *n); /* NULL when unset */
void op_node_set_title(op_doc *doc, op_node *n, const char *s, size_t len);
const char *op_node_get_title(const op_node *n); /* NULL when unset */
void op_node_set_level(op_node *n, int level);
int op_node_get_level(const op_node *n);
void op_node_set_list(op_node *n, int ordered, int start);
int op_node_get_list_ordered(const op_node *n);
int op_node_get_list_start(const op_node *n);
void op_node_set_cell(op_node *n, int header, int align);
int op_node_get_cell_header(const op_node *n);
int op_node_get_cell_align(const op_node *n);
void op_node_set_noteref(op_node *n, int noteref);
int op_node_get_noteref(const op_node *n);

/** Appends the plain text of `n`'s subtree (TEXT and CODE literals, LINE_BREAK as "\n",
 *  IMAGE alt) to a new NUL-terminated string. Caller frees with op_free. */
char *op_node_text_new(const op_node *n, size_t *len);
/** The same without note references (op_node_get_noteref): the words of a heading as
 *  navigation shows them (PDF outline, --toc entries, EPUB nav and ids). */
char *op_node_nav_text_new(const op_node *n, size_t *len);

/* ---- Iteration (cmark style): ENTER then EXIT for containers, ENTER only for leaves ----
 *
 * Changing the tree during a walk (more than cmark allows, which is "only after an EXIT, or
 * the ENTER of a leaf"): between events any change is fine except unlinking or moving the
 * current node or one of its ancestors, which would lose the walk (collect such nodes and
 * change them after op_iter_free, as op_doc_links_apply does). Each op_iter_next follows
 * the links as they are when it reads them, and reads only the current node's: after the
 * ENTER of a container its first child, otherwise its next sibling or, after the last, its
 * parent. So children added to a container just entered, or siblings inserted after the
 * current node, are visited; nodes unlinked ahead of the walk are not; attributes may be
 * changed on any node at any time.
 * An op_iter is one thread's: several threads walk one unchanging document with one
 * iterator each. */

typedef enum op_event { OP_EVENT_NONE = 0, OP_EVENT_DONE, OP_EVENT_ENTER, OP_EVENT_EXIT } op_event;
typedef struct op_iter op_iter;

/** New iterator over the subtree rooted at `root` (which must outlive it): the caller frees
 *  it with op_iter_free. Never NULL. */
op_iter *op_iter_new(op_node *root);
void op_iter_free(op_iter *it);
/** Advances; returns ENTER/EXIT for the next node, or DONE at the end. */
op_event op_iter_next(op_iter *it);
/** The node of the last event (lent: owned by the document). */
op_node *op_iter_node(const op_iter *it);
/** After an ENTER: skip the node's children; the next event is its EXIT. */
void op_iter_skip_children(op_iter *it);
/** 1 when the node kind gets an EXIT event (containers), 0 for leaves. */
int op_node_kind_is_container(op_node_kind k);

/* ---- Model transforms ---- */

/* --links: how link URLs appear in every output. */
typedef enum op_links_mode {
    OP_LINKS_KEEP = 0, /* clickable where the format allows, URL not shown (the default) */
    OP_LINKS_INLINE,   /* " (URL)" after the link text, when the text is not the URL already */
    OP_LINKS_FOOTNOTE, /* a superscript number after the link: a SUP whose url is the note's
                          URL (a note reference); PDF sets the note at the foot of the page,
                          EPUB as a footnote aside. Pageless exports use ENDNOTE instead. */
    OP_LINKS_ENDNOTE,  /* a superscript number after the link, a numbered "Links" list at the end */
    OP_LINKS_NONE      /* plain text: no URL, not clickable */
} op_links_mode;

/** "keep", "inline", "footnote", "endnote", "none" -> the mode; -1 for anything else. */
int op_links_mode_from_name(const char *name);
/** Rewrites the document's links for `mode` (see op_links_mode). Links stay clickable
 *  except with OP_LINKS_NONE; in-document (#fragment) and script links get no URL shown.
 *  Changes the document: not while another thread reads it. */
void op_doc_links_apply(op_doc *doc, op_links_mode mode);

/* ---- Checks and dump ---- */

/** Checks tree invariants (containment rules, parent/sibling links, heading levels,
 *  non-empty TEXT, valid UTF-8). Each violation is reported to `diag` as an error.
 *  Returns the number of violations (0 = valid). Reads only. */
int op_doc_check(const op_doc *doc, op_diag *diag);

/** Stable text form of the model, used by tests and `offprint --dump-model`:
 *    meta title "..."            (one line per set field, in enum order)
 *    document
 *      paragraph
 *        text "Hello \"world\""
 *        emph
 *          text "x"
 *  Two spaces of indent per level; attributes after the kind (level=2, url="...", ...).
 *  Returns a new NUL-terminated string; caller frees with op_free. */
char *op_doc_dump_new(const op_doc *doc);

#ifdef __cplusplus
}
#endif
#endif
