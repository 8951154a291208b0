/* The parse stage's front door: bytes -> a parse_input. gzip is decompressed, inputs that
 * are no article (a PDF, an image...) refused, the format sniffed unless given, the size
 * limit checked, the bytes converted to UTF-8 (encoding.c), then each format takes
 * its first step: HTML becomes a libxml2 tree (html_tree.c), a text dump its lines, and
 * Markdown its model (parse_md.c). Reader mode and the HTML/text model come later (extract/). */
#include "parse/input.h"

#include "core/core.h"
#include "parse/html_tree.h"
#include "parse/parse.h"

#include <string.h>
#include <strings.h>

static op_status read_html(parse_input *in)
{
    size_t max = in->opts.max_elements ? in->opts.max_elements : OP_PARSE_MAX_ELEMENTS_DEFAULT;
    op_status st = parse_html_tree_new(in->utf8, in->ulen, PARSE_HTML_TREE_DEPTH, max, &in->tree);
    if (st == OP_ERR_LIMIT)
        parse_report(&in->opts, OP_SEV_ERROR, "the page is over the element limit of %zu elements",
                     max);
    else if (st)
        parse_report(&in->opts, OP_SEV_ERROR, "the HTML parser failed");
    return st;
}

op_status parse_input_read(parse_input *in, const char *data, size_t len, const op_parse_opts *opts)
{
    memset(in, 0, sizeof *in);
    if (opts)
        in->opts = *opts;
    if (in->opts.filename)
        in->opts.filename = in->filename = op_strdup(in->opts.filename);
    if (in->opts.url)
        in->opts.url = in->url = op_strdup(in->opts.url);
    if (in->opts.base_url)
        in->opts.base_url = in->base_url = op_strdup(in->opts.base_url);
    if (in->opts.charset)
        in->opts.charset = in->charset = op_strdup(in->opts.charset);
    in->format = in->opts.format;
    op_timings *tm = in->opts.timings;
    op_tick t0 = op_clock_now();
    op_stage stage = OP_STAGE_DECODE;
    char *unzipped = NULL;
    op_status st = parse_check_size(len, &in->opts);
    if (st)
        goto out;
    if (op_is_gzip(data, len)) { /* page.html.gz: the page inside */
        st = op_gunzip_new(data, len, parse_max_size(&in->opts), &unzipped, &len);
        char lim[32];
        if (st == OP_ERR_LIMIT)
            parse_report(&in->opts, OP_SEV_ERROR,
                         "input is over the input size limit of %s once decompressed",
                         op_size_str(parse_max_size(&in->opts), lim, sizeof lim));
        else if (st)
            parse_report(&in->opts, OP_SEV_ERROR,
                         "cannot decompress: the gzip data is corrupt or cut short");
        if (st)
            goto out;
        data = unzipped;
    }
    const char *what = op_sniff_binary(data, len);
    if (what) {
        parse_report(&in->opts, OP_SEV_ERROR,
                     "this is %s, not an article (offprint reads HTML, Markdown and plain text)",
                     what);
        st = OP_ERR_UNSUPPORTED;
        goto out;
    }
    if (in->format == OP_FORMAT_AUTO) { /* notes.md.gz: by the name inside */
        char *name = in->filename ? op_strdup(in->filename) : NULL;
        size_t nl = name ? strlen(name) : 0;
        if (unzipped && nl > 3 && strcasecmp(name + nl - 3, ".gz") == 0)
            name[nl - 3] = '\0';
        in->format = op_sniff_format(data, len, name);
        op_free(name);
    }
    if (in->format != OP_FORMAT_HTML && in->format != OP_FORMAT_TEXT &&
        in->format != OP_FORMAT_MARKDOWN) {
        parse_report(&in->opts, OP_SEV_ERROR, "unsupported input format %d", (int)in->format);
        st = OP_ERR_UNSUPPORTED;
        goto out;
    }
    st = parse_prepare(data, len, &in->opts, in->format == OP_FORMAT_HTML, &in->utf8, &in->ulen);
    if (st)
        goto out;
    in->base_dir = parse_base_dir_new(&in->opts);
    if (tm)
        tm->bytes += len;
    t0 = op_timings_add(tm, OP_STAGE_DECODE, t0);
    stage = OP_STAGE_TREE;
    switch (in->format) {
    case OP_FORMAT_HTML:
        st = read_html(in);
        break;
    case OP_FORMAT_TEXT:
        parse_text_lines(in);
        break;
    case OP_FORMAT_MARKDOWN:
        st = parse_markdown(in);
        break;
    case OP_FORMAT_AUTO:
        break;
    }
out:
    op_timings_add(tm, stage, t0);
    op_free(unzipped);
    if (st)
        parse_input_free(in);
    return st;
}

void parse_input_base(parse_input *in, const char *found, const char *base_href, parse_base *b)
{
    b->outside = &in->outside;
    b->confine = in->format != OP_FORMAT_MARKDOWN;
    const char *page = in->opts.url ? in->opts.url : in->opts.base_url ? in->opts.base_url : found;
    b->dir = in->base_dir;
    b->url = parse_base_url_new(page, base_href);
    b->remote = in->opts.url || (in->opts.base_url && !in->filename);
}

void parse_input_report_outside(const parse_input *in)
{
    if (in->outside)
        parse_report(&in->opts, OP_SEV_WARNING,
                     "%zu image%s not read: a page may use files in its own folder and below, "
                     "not absolute paths, file: URLs or ../ outside it",
                     in->outside, in->outside == 1 ? "" : "s");
}

void parse_input_free(parse_input *in)
{
    if (in->tree)
        xmlFreeDoc(in->tree);
    op_doc_free(in->doc);
    op_free(in->text.ls);
    op_free(in->text.bl);
    op_free(in->utf8);
    op_free(in->base_dir);
    op_free(in->filename);
    op_free(in->url);
    op_free(in->base_url);
    op_free(in->charset);
    memset(in, 0, sizeof *in);
}
