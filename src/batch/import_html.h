/* Links of an HTML export (Pocket's ril_export.html, Instapaper's HTML export, Netscape
 * bookmark files), read with the project's HTML parser (parse/html_tree.c): each <a href>
 * in document order with the heading or bookmark folder it sits under. */
#ifndef OP_BATCH_IMPORT_HTML_H
#define OP_BATCH_IMPORT_HTML_H

#include "core/core.h"

typedef struct import_link {
    const char *href;    /* the <a>'s href (lent; never NULL) */
    const char *text;    /* its text, white space collapsed (lent; may be "") */
    const char *heading; /* text of the last <h1>/<h2> before it (lent; NULL when none) */
    const char *folder;  /* Netscape bookmarks: the <H3> folders around it, "Outer/Inner"
                            (lent; NULL at the top level) */
    const char *note;    /* Netscape bookmarks: the <DD> after it (lent; NULL when none) */
    size_t index;        /* 1-based position among the links, for messages */
    const void *node;    /* for import_link_attr */
} import_link;

/** Attribute `name` (lower case) of the link's <a>, lent, or NULL. */
const char *import_link_attr(const import_link *l, const char *name);

typedef op_status (*import_link_fn)(void *ud, const import_link *l);

/** Parses the HTML file at path (at most IMPORT_MAX_FILE bytes) and calls fn for each
 *  <a href>; stops at fn's first non-OK status and returns it. OP_ERR_IO / OP_ERR_LIMIT /
 *  OP_ERR_PARSE with a message to diag when the file cannot be read. */
op_status import_html_links(const char *path, import_link_fn fn, void *ud, op_diag *diag);

#endif
