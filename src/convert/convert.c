/* The pipeline (convert.h): read each input, parse it, reduce it to its article, apply the
 * caller's metadata overrides, guess a missing language, apply the links policy, render the
 * PDF, EPUB or text export into memory and write it out (convert_out.c). Messages of the
 * reading half name the input, those of the writing half the output. */
#include "convert/convert_int.h"
#include "core/core.h"
#include "offprint/export.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

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

/* A safe file name stem from s[0..n) into b: letters and digits (UTF-8 ones too) kept,
 * runs of anything else one '-', none at either end, at most 80 bytes (whole characters). */
static void add_stem(op_buf *b, const char *s, size_t n)
{
    size_t start = b->len;
    int dash = 0;
    for (size_t i = 0; i < n && b->len - start < 80;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = 1;
        if (c >= 0x80) { /* a whole UTF-8 character, if it is valid */
            size_t j = i;
            op_utf8_next(s, n, &j);
            k = j - i;
            if (!op_utf8_valid(s + i, k) || b->len - start + k > 80)
                break;
        } else if (!isalnum(c) && c != '_') {
            dash = b->len > start;
            i++;
            continue;
        }
        if (dash)
            op_buf_addc(b, '-');
        dash = 0;
        op_buf_add(b, s + i, k);
        i += k;
    }
}

char *op_output_path_for_url_new(const char *url, const char *title, op_output_format to,
                                 const char *dir)
{
    op_buf b;
    op_buf_init(&b, 0);
    if (title)
        add_stem(&b, title, strlen(title));
    const char *p = strstr(url ? url : "", "://");
    p = p ? p + 3 : url ? url : "";
    size_t host = strcspn(p, "/?#"), end = host + strcspn(p + host, "?#");
    while (b.len == 0 && end > host) { /* the last path segment, without its extension */
        size_t seg = end;
        while (seg > host && p[seg - 1] != '/')
            seg--;
        const char *dot = memchr(p + seg, '.', end - seg);
        add_stem(&b, p + seg, dot && dot > p + seg ? (size_t)(dot - (p + seg)) : end - seg);
        end = seg ? seg - 1 : 0;
    }
    if (b.len == 0)
        add_stem(&b, p, host); /* example.org -> example-org */
    if (b.len == 0)
        op_buf_adds(&b, "page");
    op_buf_adds(&b, op_output_format_ext(to));
    char *name = op_buf_detach(&b, NULL);
    if (!dir)
        return name;
    char *joined = op_path_join(dir, name);
    op_free(name);
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

/* What reading an input brought: its bytes and, for a URL, where it ended up and what the
 * server said it is. */
typedef struct loaded {
    char *data;
    size_t len;
    char *url;     /* a URL input: after redirects */
    char *charset; /* a URL input: the Content-Type's charset */
    op_format from;
} loaded;

/* The parse format of a media type; 0 for one that is no article, OP_FORMAT_AUTO (sniff)
 * when there is none or it says nothing. */
static int article_format(const char *type, op_format *f)
{
    static const struct {
        const char *type;
        op_format f;
    } types[] = {
        {"text/html", OP_FORMAT_HTML},         {"application/xhtml+xml", OP_FORMAT_HTML},
        {"text/markdown", OP_FORMAT_MARKDOWN}, {"text/x-markdown", OP_FORMAT_MARKDOWN},
        {"text/plain", OP_FORMAT_AUTO},        {"application/octet-stream", OP_FORMAT_AUTO}};
    *f = OP_FORMAT_AUTO;
    if (!type)
        return 1;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(type, types[i].type) == 0) {
            *f = types[i].f;
            return 1;
        }
    return 0;
}

static op_status fetch_input(const op_input *in, const op_convert_opts *o, op_diag *diag, loaded *l)
{
    if (!o->fetcher) {
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "not fetched: fetching is off (--no-fetch)");
        return OP_ERR_UNSUPPORTED;
    }
    op_fetch_result r;
    op_status st = op_fetch(o->fetcher, in->path, NULL, &r);
    if (st) {
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "cannot fetch: %s", r.error);
    } else if (!article_format(r.content_type, &l->from) && !o->from) {
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "not an article: %s", r.content_type);
        st = OP_ERR_UNSUPPORTED;
    } else {
        l->data = r.data;
        l->len = r.len;
        l->url = r.url;
        l->charset = r.charset;
        r.data = r.url = r.charset = NULL;
    }
    op_fetch_result_free(&r);
    return st;
}

static op_status read_input(const op_input *in, const op_convert_opts *o, op_diag *diag, loaded *l)
{
    op_status st;
    char ebuf[128];
    char **data = &l->data;
    size_t *len = &l->len;
    if (in->path && op_url_is_remote(in->path))
        return fetch_input(in, o, diag, l);
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
    size_t max = o->max_input ? o->max_input : OP_PARSE_MAX_SIZE_DEFAULT;
    if (strcmp(in->path, "-") == 0)
        st = op_stream_read(stdin, max, data, len);
    else
        st = op_file_read(in->path, max, data, len);
    if (st == OP_ERR_LIMIT) {
        char lim[32];
        op_size_str(max, lim, sizeof lim);
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "input is over the input size limit of %s",
                       lim);
    } else if (st)
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
 * hyphenation dictionary and /Lang) and the EPUB (dc:language), told as a note; so does a
 * page whose declared language its text is clearly not in (a site template's lang="en"
 * around a German article was hyphenated with English patterns). --lang is never second-
 * guessed. The text outputs show what the page itself says. */
static void guess_lang(op_doc *doc, const op_convert_opts *o, op_diag *diag)
{
    const char *declared = op_doc_get_meta(doc, OP_META_LANG);
    if (declared && o->lang)
        return;
    size_t len;
    char *text = op_doc_text_new(doc, &len);
    const char *tag = declared ? op_lang_recheck(text, len, declared) : op_lang_guess(text, len);
    op_free(text);
    if (!tag)
        return;
    if (declared)
        op_diag_report(diag, OP_SEV_INFO, NULL, 0,
                       "the page declares language '%s' but its text reads as '%s'; set as "
                       "'%s' (--lang chooses)",
                       declared, tag, tag);
    else
        op_diag_report(diag, OP_SEV_INFO, NULL, 0,
                       "no language declared; guessed '%s' from the text", tag);
    op_doc_set_meta(doc, OP_META_LANG, tag, strlen(tag));
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
    loaded l;

    if (!out)
        return OP_ERR_USAGE;
    *out = NULL;
    if (!in || (!in->path && !in->data && in->len))
        return OP_ERR_USAGE;
    memset(&l, 0, sizeof l);
    convert_diag_open(o->diag, input_name(in), &diag);
    op_tick t = op_clock_now();
    op_status st = read_input(in, o, &diag, &l);
    op_timings_add(o->timings, OP_STAGE_READ, t);
    if (st == OP_OK) {
        op_parse_opts po = {0};
        po.format = o->from ? o->from : l.from;
        po.filename = in->path ? (strcmp(in->path, "-") == 0 ? NULL : in->path) : in->name;
        po.diag = &diag;
        po.url = l.url;
        po.base_url = l.url ? NULL : o->base_url;
        po.charset = l.charset;
        po.max_size = o->max_input;
        po.max_depth = o->max_depth;
        po.max_elements = o->max_elements;
        po.timings = o->timings;
        st = op_read(l.data, l.len, &po, o->extract, out);
    }
    t = op_clock_now();
    if (st == OP_OK && (l.url || o->base_url) && !op_doc_get_meta(*out, OP_META_SOURCE_URL)) {
        const char *src = l.url ? l.url : o->base_url; /* where it came from, when it says not */
        op_doc_set_meta(*out, OP_META_SOURCE_URL, src, strlen(src));
    }
    op_free(l.data);
    op_free(l.url);
    op_free(l.charset);
    if (st == OP_OK && !o->allow_empty && !op_node_first_child(op_doc_root(*out))) {
        op_diag_report(&diag, OP_SEV_ERROR, NULL, 0,
                       "no article text found: the input is empty, a login wall, or a page "
                       "that shows its text only with JavaScript");
        op_doc_free(*out);
        *out = NULL;
        st = OP_ERR_NO_ARTICLE;
    }
    if (st == OP_OK) {
        apply_fallbacks(*out, in->meta);
        apply_overrides(*out, o, in_book);
        if (!o->no_lang_guess && !OP_OUT_IS_TEXT(o->to))
            guess_lang(*out, o, &diag);
        op_links_mode lm = o->links;
        if (lm == OP_LINKS_FOOTNOTE && OP_OUT_IS_TEXT(o->to))
            lm = OP_LINKS_ENDNOTE;    /* no pages: the notes go at the end */
        op_doc_links_apply(*out, lm); /* per article: its own notes */
    }
    op_timings_add(o->timings, OP_STAGE_MODEL, t);
    convert_diag_close(o->diag, &diag);
    return st;
}

/*** Rendering ***/

/* The back ends' loader of http(s) images (op_remote_fn): the fetcher, with the page as
 * Referer, for the documents allowed to fetch. */
typedef struct remote_ctx {
    const op_convert_opts *o;
    const op_doc *const *docs;
    const unsigned char *ok; /* per doc, or NULL: o->fetch_images */
    size_t ndocs;
    struct declined { /* images not fetched: each doc's distinct URLs, told once */
        size_t doc;
        uint64_t url; /* FNV-1a of the URL */
    } * declined;
    size_t ndeclined;
    const op_input *inputs; /* the job's inputs (their files' times date an EPUB), or NULL */
    size_t ninputs;
} remote_ctx;

/* An image of a doc that may not fetch: counted (once per URL) for one summary line. */
static op_status decline(remote_ctx *c, size_t doc, const char *url, char *why)
{
    uint64_t h = op_fnv64(url, strlen(url));
    size_t i = 0;
    while (i < c->ndeclined && !(c->declined[i].doc == doc && c->declined[i].url == h))
        i++;
    if (i == c->ndeclined) {
        c->declined = op_realloc(c->declined, (c->ndeclined + 1) * sizeof *c->declined);
        c->declined[c->ndeclined++] = (struct declined){doc, h};
    }
    why[0] = '\0'; /* the back end says nothing (doc.h) */
    return OP_ERR_UNSUPPORTED;
}

/* The summary of the images not fetched: one line per input that has any, naming it. */
static void tell_declined(const remote_ctx *c, const char *const *names, op_diag *diag)
{
    for (size_t d = 0; d < c->ndocs; d++) {
        size_t n = 0;
        for (size_t i = 0; i < c->ndeclined; i++)
            n += c->declined[i].doc == d;
        if (n == 0)
            continue;
        op_diag_report(diag, OP_SEV_WARNING, names && names[d] ? names[d] : NULL, 0,
                       "%zu image%s remote and %s not fetched (%s)", n, n == 1 ? " is" : "s are",
                       n == 1 ? "was" : "were", c->o->fetcher ? "use --fetch" : "fetching is off");
    }
}

static op_status fetch_remote(void *ud, const op_doc *doc, const char *url, char **data,
                              size_t *len, char *why, size_t whysz)
{
    remote_ctx *c = ud;
    int ok = c->o->fetch_images;
    size_t d = 0;
    while (d < c->ndocs && c->docs[d] != doc)
        d++;
    if (c->ok && d < c->ndocs)
        ok = c->ok[d];
    if (!ok || !c->o->fetcher)
        return decline(c, d, url, why);
    op_fetch_result r;
    op_status st = op_fetch(c->o->fetcher, url, op_doc_get_meta(doc, OP_META_SOURCE_URL), &r);
    if (st == OP_OK) {
        *data = r.data;
        *len = r.len;
        r.data = NULL;
    } else {
        snprintf(why, whysz, "cannot fetch: %s", r.error);
    }
    op_fetch_result_free(&r);
    return st;
}

/* The newest modification time of the inputs that are files (standard input too when it
 * is one), or 0: the EPUB's date when the articles carry none, so that converting the same
 * file again gives the same bytes. */
static int64_t inputs_mtime(const op_input *inputs, size_t ninputs)
{
    int64_t t = 0;
    for (size_t i = 0; i < ninputs; i++) {
        const char *p = inputs[i].path;
        struct stat sb;
        if (!p || op_url_is_remote(p))
            continue;
        if ((strcmp(p, "-") ? stat(p, &sb) : fstat(0, &sb)) == 0 && S_ISREG(sb.st_mode) &&
            (int64_t)sb.st_mtime > t)
            t = (int64_t)sb.st_mtime;
    }
    return t;
}

/* The output file's bytes in memory; images not fetched are counted in *rc. */
static op_status render(const op_doc *const *docs, size_t ndocs, const op_convert_opts *o,
                        remote_ctx *rc, op_diag *diag, char **data, size_t *len)
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
        eo.title = ndocs > 1 || o->book ? o->title : NULL;
        eo.book = eo.book || o->book;
        eo.remote = fetch_remote;
        eo.remote_ud = rc;
        if (eo.fallback_date <= 0)
            eo.fallback_date = inputs_mtime(rc->inputs, rc->ninputs);
        return op_epub_write_book_mem(docs, ndocs, &eo, data, len);
    }
    case OP_OUT_PDF: {
        op_pdf_opts po = o->pdf;
        po.diag = diag;
        po.title = ndocs > 1 || o->book ? o->title : NULL;
        po.book = po.book || o->book;
        po.remote = fetch_remote;
        po.remote_ud = rc;
        po.timings = o->timings;
        return op_pdf_write_book_mem(docs, ndocs, &po, data, len);
    }
    }
    return OP_ERR_USAGE;
}

/* render, its time told as the writer's stage: for PDF what layout and setup (timed by the
 * writer itself) leave. */
static op_status timed_render(const op_doc *const *docs, size_t ndocs, const op_convert_opts *o,
                              remote_ctx *rc, op_diag *diag, char **data, size_t *len)
{
    op_timings *tm = o->timings, before;
    if (tm)
        before = *tm;
    op_tick t = op_clock_now();
    op_status st = render(docs, ndocs, o, rc, diag, data, len);
    if (!tm)
        return st;
    op_stage s = o->to == OP_OUT_PDF    ? OP_STAGE_PDF
                 : o->to == OP_OUT_EPUB ? OP_STAGE_EPUB
                                        : OP_STAGE_EXPORT;
    op_timings_add(tm, s, t);
    for (int k = OP_STAGE_SETUP; k <= OP_STAGE_LAYOUT; k++) { /* timed inside the writer */
        tm->seconds[s] -= tm->seconds[k] - before.seconds[k];
        tm->cpu_seconds[s] -= tm->cpu_seconds[k] - before.cpu_seconds[k];
    }
    return st;
}

op_status convert_write(const op_doc *const *docs, size_t ndocs, const char *output,
                        const op_convert_opts *o, const op_input *inputs, size_t ninputs,
                        const unsigned char *fetch_ok, const char *const *names, char **data,
                        size_t *len)
{
    char *bytes = NULL;
    size_t n = 0;
    op_diag diag;

    if (!docs || ndocs == 0 || (ndocs > 1 && OP_OUT_IS_TEXT(o->to)) || (!output && (!data || !len)))
        return OP_ERR_USAGE;
    for (size_t i = 0; i < ndocs; i++)
        if (!docs[i])
            return OP_ERR_USAGE;
    convert_diag_open(o->diag, output, &diag);
    remote_ctx rc = {o, docs, fetch_ok, ndocs, NULL, 0, inputs, ninputs};
    op_status st = timed_render(docs, ndocs, o, &rc, &diag, &bytes, &n);
    tell_declined(&rc, names, &diag);
    op_free(rc.declined);
    op_tick t = op_clock_now();
    if (st == OP_OK && output)
        st = convert_save(output, bytes, n, inputs, ninputs, &diag);
    op_timings_add(o->timings, OP_STAGE_SAVE, t);
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
    return convert_write(docs, ndocs, output, opts ? opts : &defaults, NULL, 0, NULL, NULL, data,
                         len);
}

/*** The whole job ***/

op_status op_convert(op_job *job, const op_convert_opts *opts)
{
    static const op_convert_opts defaults;
    const op_convert_opts *o = opts ? opts : &defaults;

    if (!job || !job->inputs || job->ninputs == 0 || (job->ninputs > 1 && OP_OUT_IS_TEXT(o->to)))
        return OP_ERR_USAGE;
    job->out_data = NULL;
    job->out_len = 0;
    job->nconverted = 0;
    int book = job->ninputs > 1 || o->book;
    op_doc **docs = op_calloc(job->ninputs, sizeof *docs);
    unsigned char *fetch_ok = op_calloc(job->ninputs, 1); /* a URL input's images always */
    const char **names = op_calloc(job->ninputs, sizeof *names);
    op_status first = OP_OK, st = OP_OK;
    size_t n = 0;

    for (size_t i = 0; i < job->ninputs; i++) {
        if (o->on_input)
            o->on_input(o->on_input_ud, i, &job->inputs[i]);
        op_status s = op_convert_load(&job->inputs[i], o, book, &docs[n]);
        if (job->input_status)
            job->input_status[i] = s;
        if (s == OP_OK) {
            names[n] = input_name(&job->inputs[i]);
            fetch_ok[n++] = o->fetch_images || op_url_is_remote(job->inputs[i].path);
        } else if (first == OP_OK)
            first = s;
    }
    if (n == 0) {
        st = first;
    } else {
        st = convert_write((const op_doc *const *)docs, n, job->output, o, job->inputs,
                           job->ninputs, fetch_ok, names, &job->out_data, &job->out_len);
        if (st == OP_OK)
            job->nconverted = n;
    }
    for (size_t i = 0; i < n; i++)
        op_doc_free(docs[i]);
    op_free(docs);
    op_free(fetch_ok);
    op_free(names);
    return st;
}
