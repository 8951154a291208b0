/* The pipeline (convert.h): read each input, parse it, reduce it to its article, apply the
 * caller's metadata overrides, guess a missing language, apply the links policy, render the
 * PDF, EPUB or text export into memory and write it out (convert_out.c). Messages of the
 * reading half name the input, those of the writing half the output. */
#include "convert/convert_int.h"
#include "core/core.h"
#include "offprint/export.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/*** Formats and names ***/

int op_output_format_from_name(const char *name)
{
    static const struct {
        const char *name;
        op_output_format f;
    } names[] = {{"pdf", OP_OUT_PDF},  {"epub", OP_OUT_EPUB}, {"txt", OP_OUT_TXT},
                 {"text", OP_OUT_TXT}, {"md", OP_OUT_MD},     {"markdown", OP_OUT_MD},
                 {"html", OP_OUT_HTML}};
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0)
            return (int)names[i].f;
    return -1;
}

const char *op_output_format_ext(op_output_format f)
{
    static const char *const exts[] = {".pdf", ".epub", ".txt", ".md", ".html"};
    return (unsigned)f < sizeof exts / sizeof exts[0] ? exts[f] : ".pdf";
}

char *op_output_path_new(const char *input, op_output_format to, const char *dir)
{
    const char *in = !input || strcmp(input, "-") == 0 ? "stdin" : input;
    const char *ext = op_output_format_ext(to);
    const char *base = strrchr(in, '/');
    base = base ? base + 1 : in;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - in) : strlen(in);
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_add(&b, in, stem);
    /* page.html --to html must not overwrite its input: page.offprint.html */
    if (strcmp(in + stem, ext) == 0)
        op_buf_adds(&b, ".offprint");
    op_buf_adds(&b, ext);
    char *out = op_buf_detach(&b, NULL);
    if (!dir)
        return out;
    const char *name = strrchr(out, '/');
    char *joined = op_path_join(dir, name ? name + 1 : out);
    op_free(out);
    return joined;
}

/*** Messages ***/

void convert_diag_open(op_diag *parent, const char *file, op_diag *out)
{
    memset(out, 0, sizeof *out);
    if (parent) {
        out->fn = parent->fn;
        out->ud = parent->ud;
    }
    out->file = file;
}

void convert_diag_close(op_diag *parent, const op_diag *d)
{
    if (!parent)
        return;
    parent->warnings += d->warnings;
    parent->errors += d->errors;
}

/*** Reading ***/

static op_status read_input(const op_input *in, op_diag *diag, char **data, size_t *len)
{
    op_status st;
    char ebuf[128];
    if (!in->path) {
        if (!in->data && in->len)
            return OP_ERR_USAGE;
        *data = op_malloc(in->len + 1);
        if (in->len)
            memcpy(*data, in->data, in->len);
        (*data)[in->len] = '\0';
        *len = in->len;
        return OP_OK;
    }
    if (strcmp(in->path, "-") == 0)
        st = op_stream_read(stdin, OP_PARSE_MAX_SIZE_DEFAULT, data, len);
    else
        st = op_file_read(in->path, OP_PARSE_MAX_SIZE_DEFAULT, data, len);
    if (st == OP_ERR_LIMIT)
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "input is larger than %zu MB",
                       OP_PARSE_MAX_SIZE_DEFAULT >> 20);
    else if (st)
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "cannot read: %s",
                       op_errno_str(errno, ebuf, sizeof ebuf));
    return st;
}

/* What the archive knows fills what the page does not say. */
static void apply_fallbacks(op_doc *doc, const char *const *meta)
{
    for (int f = 0; meta && f < OP_META_FIELD_COUNT; f++)
        if (meta[f] && meta[f][0] && !op_doc_get_meta(doc, (op_meta_field)f))
            op_doc_set_meta(doc, (op_meta_field)f, meta[f], strlen(meta[f]));
}

static void apply_overrides(op_doc *doc, const op_convert_opts *o, int in_book)
{
    if (o->title && !in_book) /* a book's --title is the book's */
        op_doc_set_meta(doc, OP_META_TITLE, o->title, strlen(o->title));
    if (o->author)
        op_doc_set_meta(doc, OP_META_AUTHOR, o->author, strlen(o->author));
    if (o->lang)
        op_doc_set_meta(doc, OP_META_LANG, o->lang, strlen(o->lang));
}

/* A page that declares no language gets one guessed from its text for the PDF (its
 * hyphenation dictionary and /Lang) and the EPUB (dc:language), told as a note. The text
 * outputs show what the page itself says. */
static void guess_lang(op_doc *doc, op_diag *diag)
{
    if (op_doc_get_meta(doc, OP_META_LANG))
        return;
    size_t len;
    char *text = op_doc_text_new(doc, &len);
    const char *tag = op_lang_guess(text, len);
    op_free(text);
    if (!tag)
        return;
    op_doc_set_meta(doc, OP_META_LANG, tag, strlen(tag));
    op_diag_report(diag, OP_SEV_NOTE, NULL, 0, "no language declared; guessed '%s' from the text",
                   tag);
}

static const char *input_name(const op_input *in)
{
    return in->path ? in->path : in->name;
}

op_status op_convert_load(const op_input *in, const op_convert_opts *opts, int in_book,
                          op_doc **out)
{
    static const op_convert_opts defaults;
    const op_convert_opts *o = opts ? opts : &defaults;
    op_diag diag;
    char *data = NULL;
    size_t len = 0;

    if (!out)
        return OP_ERR_USAGE;
    *out = NULL;
    if (!in || (!in->path && !in->data && in->len))
        return OP_ERR_USAGE;
    convert_diag_open(o->diag, input_name(in), &diag);
    op_status st = read_input(in, &diag, &data, &len);
    if (st == OP_OK) {
        op_parse_opts po = {0};
        po.format = o->from;
        po.filename = in->path ? (strcmp(in->path, "-") == 0 ? NULL : in->path) : in->name;
        po.diag = &diag;
        st = op_read(data, len, &po, o->extract, out);
    }
    op_free(data);
    if (st == OP_OK && !o->allow_empty && !op_node_first_child(op_doc_root(*out))) {
        op_diag_report(&diag, OP_SEV_ERROR, NULL, 0,
                       "no article text found: the input is empty, or a page that shows its text "
                       "only with JavaScript");
        op_doc_free(*out);
        *out = NULL;
        st = OP_ERR_PARSE;
    }
    if (st == OP_OK) {
        apply_fallbacks(*out, in->meta);
        apply_overrides(*out, o, in_book);
        if (!o->no_lang_guess && !OP_OUT_IS_TEXT(o->to))
            guess_lang(*out, &diag);
        op_links_mode lm = o->links;
        if (lm == OP_LINKS_FOOTNOTE && OP_OUT_IS_TEXT(o->to))
            lm = OP_LINKS_ENDNOTE;    /* no pages: the notes go at the end */
        op_doc_links_apply(*out, lm); /* per article: its own notes */
    }
    convert_diag_close(o->diag, &diag);
    return st;
}

/*** Rendering ***/

/* The output file's bytes in memory. */
static op_status render(const op_doc *const *docs, size_t ndocs, const op_convert_opts *o,
                        op_diag *diag, char **data, size_t *len)
{
    const op_doc *doc = docs[0];
    switch (o->to) {
    case OP_OUT_TXT:
        *data = op_doc_text_new(doc, len);
        return OP_OK;
    case OP_OUT_MD:
        *data = op_doc_markdown_new(doc, len);
        return OP_OK;
    case OP_OUT_HTML:
        *data = op_doc_html_new(doc, len);
        return OP_OK;
    case OP_OUT_EPUB: {
        op_epub_opts eo = o->epub;
        eo.diag = diag;
        eo.title = ndocs > 1 ? o->title : NULL;
        return op_epub_write_book_mem(docs, ndocs, &eo, data, len);
    }
    case OP_OUT_PDF: {
        op_pdf_opts po = o->pdf;
        po.diag = diag;
        return op_pdf_write_mem(doc, &po, data, len);
    }
    }
    return OP_ERR_USAGE;
}

op_status convert_write(const op_doc *const *docs, size_t ndocs, const char *output,
                        const op_convert_opts *o, const op_input *inputs, size_t ninputs,
                        char **data, size_t *len)
{
    char *bytes = NULL;
    size_t n = 0;
    op_diag diag;

    if (!docs || ndocs == 0 || (ndocs > 1 && o->to != OP_OUT_EPUB) || (!output && (!data || !len)))
        return OP_ERR_USAGE;
    for (size_t i = 0; i < ndocs; i++)
        if (!docs[i])
            return OP_ERR_USAGE;
    convert_diag_open(o->diag, output, &diag);
    op_status st = render(docs, ndocs, o, &diag, &bytes, &n);
    if (st == OP_OK && output)
        st = convert_save(output, bytes, n, inputs, ninputs, &diag);
    if (st == OP_OK && !output) {
        *data = bytes;
        *len = n;
        bytes = NULL;
    }
    op_free(bytes);
    convert_diag_close(o->diag, &diag);
    return st;
}

op_status op_convert_write(const op_doc *const *docs, size_t ndocs, const char *output,
                           const op_convert_opts *opts, char **data, size_t *len)
{
    static const op_convert_opts defaults;
    return convert_write(docs, ndocs, output, opts ? opts : &defaults, NULL, 0, data, len);
}

/*** The whole job ***/

op_status op_convert(op_job *job, const op_convert_opts *opts)
{
    static const op_convert_opts defaults;
    const op_convert_opts *o = opts ? opts : &defaults;

    if (!job || !job->inputs || job->ninputs == 0 || (job->ninputs > 1 && o->to != OP_OUT_EPUB))
        return OP_ERR_USAGE;
    job->out_data = NULL;
    job->out_len = 0;
    job->nconverted = 0;
    int book = job->ninputs > 1;
    op_doc **docs = op_calloc(job->ninputs, sizeof *docs);
    op_status first = OP_OK, st = OP_OK;
    size_t n = 0;

    for (size_t i = 0; i < job->ninputs; i++) {
        if (o->on_input)
            o->on_input(o->on_input_ud, i, &job->inputs[i]);
        op_status s = op_convert_load(&job->inputs[i], o, book, &docs[n]);
        if (job->input_status)
            job->input_status[i] = s;
        if (s == OP_OK)
            n++;
        else if (first == OP_OK)
            first = s;
    }
    if (n == 0) {
        st = first;
    } else {
        st = convert_write((const op_doc *const *)docs, n, job->output, o, job->inputs,
                           job->ninputs, &job->out_data, &job->out_len);
        if (st == OP_OK)
            job->nconverted = n;
    }
    for (size_t i = 0; i < n; i++)
        op_doc_free(docs[i]);
    op_free(docs);
    return st;
}
