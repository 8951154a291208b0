/* Images for the EPUB: resolve an IMAGE node's source (absolute or base-relative path,
 * file:// URL, data: URI), read it once, keep EPUB core media types (PNG, JPEG, GIF, SVG) as
 * they are, convert WebP to PNG, deduplicate by content and name them img-001.<ext>.
 * Remote and unreadable images are dropped with a warning; the caller keeps the alt text. */
#include "epub/epub_int.h"
#include "image/image.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define IMAGE_MAX_BYTES ((size_t)64 * 1024 * 1024)

/*** Decoding sources ***/

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decodes s[0..n) into out. */
static op_status pct_decode(op_buf *out, const char *s, size_t n)
{
    op_status st = OP_OK;
    for (size_t i = 0; i < n && st == OP_OK; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
            (lo = hexval((unsigned char)s[i + 2])) >= 0) {
            st = op_buf_addc(out, (char)(hi * 16 + lo));
            i += 2;
        } else {
            st = op_buf_addc(out, s[i]);
        }
    }
    return st;
}

static int b64val(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

static op_status b64_decode(op_buf *out, const char *s, size_t n)
{
    uint32_t acc = 0;
    int bits = 0;
    op_status st = OP_OK;

    for (size_t i = 0; i < n && st == OP_OK; i++) {
        int v = b64val((unsigned char)s[i]);
        if (s[i] == '=')
            break;
        if (v < 0) {
            if (isspace((unsigned char)s[i]))
                continue;
            return OP_ERR_PARSE;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            st = op_buf_addc(out, (char)((acc >> bits) & 0xFF));
        }
    }
    return st;
}

/* data:[<type>][;base64],<data> */
static op_status load_data_uri(const char *url, op_buf *out)
{
    const char *comma = strchr(url, ',');
    op_buf raw;
    op_status st;

    if (!comma)
        return OP_ERR_PARSE;
    op_buf_init(&raw, IMAGE_MAX_BYTES * 2);
    st = pct_decode(&raw, comma + 1, strlen(comma + 1));
    if (st == OP_OK) {
        size_t hl = (size_t)(comma - url);
        int b64 = hl >= 7 && strncasecmp(comma - 7, ";base64", 7) == 0;
        if (b64)
            st = b64_decode(out, raw.data, raw.len);
        else
            st = op_buf_add(out, raw.data, raw.len);
    }
    op_buf_free(&raw);
    return st;
}

static op_status load_file(const char *path, op_buf *out)
{
    char *data = NULL;
    size_t len = 0;
    op_status st = op_file_read(path, IMAGE_MAX_BYTES, &data, &len);

    if (st == OP_OK)
        st = op_buf_add(out, data, len);
    op_free(data);
    return st;
}

/* file:///abs/path or file://localhost/abs/path */
static op_status load_file_url(const char *url, op_buf *out)
{
    const char *p = url + 7;
    op_buf path;
    op_status st;

    if (strncasecmp(p, "localhost/", 10) == 0)
        p += 9;
    if (*p != '/')
        return OP_ERR_UNSUPPORTED;
    op_buf_init(&path, 0);
    st = pct_decode(&path, p, strcspn(p, "?#"));
    if (st == OP_OK)
        st = load_file(path.data, out);
    op_buf_free(&path);
    return st;
}

static int is_remote(const char *url)
{
    return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0 ||
           strncmp(url, "//", 2) == 0;
}

/* 1 when url starts with a URL scheme ("ftp:", "blob:") that is not a Windows drive letter. */
static int has_other_scheme(const char *url)
{
    size_t n = 0;
    if (!isalpha((unsigned char)url[0]))
        return 0;
    while (isalnum((unsigned char)url[n]) || url[n] == '+' || url[n] == '-' || url[n] == '.')
        n++;
    return url[n] == ':' && n > 1;
}

static const char *cur_base(const epub_book *b)
{
    return op_doc_get_meta(EPUB_CUR(b)->doc, OP_META_BASE_DIR);
}

static op_status load_source(epub_book *b, const char *url, op_buf *out)
{
    const char *base = cur_base(b);
    op_status st;

    if (strncasecmp(url, "data:", 5) == 0)
        return load_data_uri(url, out);
    if (strncasecmp(url, "file://", 7) == 0)
        return load_file_url(url, out);
    if (has_other_scheme(url))
        return OP_ERR_UNSUPPORTED;
    if (url[0] != '/' && base && *base) {
        char *full = op_path_join(base, url);
        st = load_file(full, out);
        op_free(full);
        return st;
    }
    return load_file(url, out);
}

/*** Types ***/

/* 1 when an SVG element or attribute would make epubcheck fail or pull in something we do
 * not pack: scripts, foreignObject (XHTML islands), and hrefs other than "#x" or data:. */
static int svg_node_bad(xmlNodePtr n)
{
    if (xmlStrEqual(n->name, BAD_CAST "script") || xmlStrEqual(n->name, BAD_CAST "foreignObject"))
        return 1;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (!xmlStrEqual(a->name, BAD_CAST "href"))
            continue;
        xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
        int ok = v && (v[0] == '#' || xmlStrncasecmp(v, BAD_CAST "data:", 5) == 0);
        xmlFree(v);
        if (!ok)
            return 1;
    }
    return 0;
}

/* Well-formed, root <svg> in the SVG namespace, and self-contained (svg_node_bad). Walks
 * the tree without recursion. */
static const char *svg_problem(const char *data, size_t len)
{
    xmlDocPtr d = xmlReadMemory(data, (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNodePtr root = d ? xmlDocGetRootElement(d) : NULL, n = root;
    const char *why = NULL;

    if (!root || !xmlStrEqual(root->name, BAD_CAST "svg") || !root->ns ||
        !xmlStrEqual(root->ns->href, BAD_CAST "http://www.w3.org/2000/svg"))
        why = "not a well-formed SVG image";
    while (!why && n) {
        if (n->type == XML_ELEMENT_NODE && svg_node_bad(n)) {
            why = "SVG with scripts, foreignObject or external references";
        } else if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next)
            n = n->parent;
        n = (n && n != root) ? n->next : NULL;
    }
    xmlFreeDoc(d);
    return why;
}

/* Converts a WebP (not a core media type in EPUB 3.2) to PNG in place. */
static op_status webp_to_png(op_buf *data, size_t max_px)
{
    img_pixels px;
    op_buf png;
    op_status st;

    memset(&px, 0, sizeof px);
    st = img_decode((const unsigned char *)data->data, data->len, max_px, &px);
    if (st)
        return st;
    op_buf_init(&png, 0);
    st = img_encode_png(&px, &png);
    img_pixels_free(&px);
    if (st == OP_OK) {
        op_buf_free(data);
        *data = png;
    } else {
        op_buf_free(&png);
    }
    return st;
}

/* Checks and converts the bytes; returns the media type or NULL (with *why set). */
static const char *settle_type(op_buf *data, size_t max_px, const char **why)
{
    img_type t = img_sniff((const unsigned char *)data->data, data->len);

    switch (t) {
    case IMG_PNG:
    case IMG_JPEG:
    case IMG_GIF:
        return img_media_type(t);
    case IMG_SVG:
        *why = svg_problem(data->data, data->len);
        return *why ? NULL : img_media_type(t);
    case IMG_WEBP:
        if (webp_to_png(data, max_px) == OP_OK)
            return img_media_type(IMG_PNG);
        *why = "WebP image could not be converted to PNG";
        return NULL;
    case IMG_UNKNOWN:
        break;
    }
    *why = "not a PNG, JPEG, GIF, SVG or WebP image";
    return NULL;
}

/*** Downscaling and recompression ***/

/* Distinct colours among up to 64K sampled pixels reach `limit` (a photograph rather than a
 * drawing, screenshot or chart, which stay PNG). */
static int many_colours(const img_pixels *p, size_t limit)
{
    enum { SLOTS = 1 << 15 };
    uint32_t *set = op_calloc(SLOTS, sizeof *set);
    size_t n = (size_t)p->w * (size_t)p->h, step = n / 65536 + 1, found = 0;

    for (size_t i = 0; i < n && found < limit; i += step) {
        const unsigned char *q = p->px + i * (size_t)p->channels;
        uint32_t v = p->channels == 3 ? (uint32_t)q[0] << 16 | (uint32_t)q[1] << 8 | q[2] : q[0];
        uint32_t key = v + 1, h = (key * 2654435761u) >> 17;
        while (set[h] && set[h] != key)
            h = (h + 1) & (SLOTS - 1);
        if (!set[h]) {
            set[h] = key;
            found++;
        }
    }
    op_free(set);
    return found >= limit;
}

/* Composites the pixels onto white and drops the alpha plane. */
static void flatten_white(img_pixels *p)
{
    size_t n = (size_t)p->w * (size_t)p->h, c = (size_t)p->channels;

    for (size_t i = 0; i < n; i++) {
        unsigned a = p->alpha[i];
        for (size_t k = 0; k < c; k++) {
            unsigned char *v = &p->px[i * c + k];
            *v = (unsigned char)((*v * a + 255u * (255u - a) + 127u) / 255u);
        }
    }
    op_free(p->alpha);
    p->alpha = NULL;
}

/* Downscales a raster image whose long side is over the cap (b->set.max_px) with area
 * averaging, and flattens transparency onto white when the profile asks for it (kobo), then
 * re-encodes: JPEG stays JPEG (b->set.quality), anything else becomes PNG, except that opaque
 * photographs become JPEG too once the --max-size loop has started lowering the quality.
 * Returns the (possibly new) media type; keeps the bytes and warns when the image cannot be
 * decoded. *w, *h are the final size. */
static const char *fit_image(epub_book *b, op_buf *data, const char *type, int *w, int *h)
{
    int flatten = epub_profile_flatten_alpha(b) && strcmp(type, "image/jpeg") != 0;
    img_pixels px, small;
    int ow, oh, jpeg, resize;
    op_buf enc;
    op_status st;

    img_fit_size(*w, *h, b->set.max_px, &ow, &oh);
    resize = ow != *w || oh != *h;
    if (!resize && !flatten)
        return type;
    memset(&px, 0, sizeof px);
    memset(&small, 0, sizeof small);
    st = img_decode((const unsigned char *)data->data, data->len, b->opts->max_image_pixels, &px);
    if (st == OP_OK && !resize && !px.alpha) {
        img_pixels_free(&px); /* opaque already: nothing to flatten */
        return type;
    }
    if (st == OP_OK && flatten && px.alpha)
        flatten_white(&px);
    if (st == OP_OK && resize) {
        st = img_downscale(&px, ow, oh, &small);
        img_pixels_free(&px);
    } else {
        small = px;
    }
    jpeg = st == OP_OK && !small.alpha &&
           (strcmp(type, "image/jpeg") == 0 || (b->set.quality < 85 && many_colours(&small, 8192)));
    op_buf_init(&enc, data->max);
    if (st == OP_OK)
        st = jpeg ? img_encode_jpeg(&small, b->set.quality, &enc) : img_encode_png(&small, &enc);
    img_pixels_free(&small);
    if (st != OP_OK) {
        size_t lim = b->opts->max_image_pixels ? b->opts->max_image_pixels : IMG_DEFAULT_MAX_PX;
        char why[64];
        if (st == OP_ERR_LIMIT)
            snprintf(why, sizeof why, "over the image pixel limit of %.3g million pixels",
                     (double)lim / 1e6);
        else
            snprintf(why, sizeof why, "%s", op_status_str(st));
        op_diag_report(b->diag, OP_SEV_WARNING, b->shown, 0,
                       "a %dx%d image could not be %s (%s); embedded as it is", *w, *h,
                       resize ? "downscaled" : "flattened", why);
        op_buf_free(&enc);
        return type;
    }
    op_buf_free(data);
    *data = enc;
    *w = ow;
    *h = oh;
    return jpeg ? "image/jpeg" : "image/png";
}

int epub_image_cover_type(const epub_image *im)
{
    return strcmp(im->media_type, "image/jpeg") == 0 || strcmp(im->media_type, "image/png") == 0;
}

int epub_image_cover_worthy(const epub_image *im)
{
    int lo = im->w < im->h ? im->w : im->h, hi = im->w < im->h ? im->h : im->w;
    return epub_image_cover_type(im) && lo >= 200 && hi >= 400 && hi <= lo * 3;
}

const char *epub_image_ext(const char *media_type)
{
    if (strcmp(media_type, "image/png") == 0)
        return "png";
    if (strcmp(media_type, "image/jpeg") == 0)
        return "jpg";
    if (strcmp(media_type, "image/gif") == 0)
        return "gif";
    return "svg";
}

/*** Registry ***/

static int find_same(const epub_book *b, const op_buf *data, uint64_t h)
{
    for (size_t i = 0; i < b->nimages; i++) {
        const epub_image *im = &b->images[i];
        if (im->hash == h && im->len == data->len && memcmp(im->data, data->data, im->len) == 0)
            return (int)i;
    }
    return -1;
}

static int add_image(epub_book *b, op_buf *data, const char *media_type, int w, int h)
{
    uint64_t hash = op_fnv64(data->data, data->len);
    int idx = find_same(b, data, hash);
    char name[32];

    if (idx >= 0)
        return idx;
    if (b->nimages == b->capimages) {
        b->capimages = b->capimages ? b->capimages * 2 : 8;
        b->images = op_realloc(b->images, b->capimages * sizeof *b->images);
    }
    epub_image *im = &b->images[b->nimages];
    memset(im, 0, sizeof *im);
    snprintf(name, sizeof name, "img-%03zu.%s", b->nimages + 1, epub_image_ext(media_type));
    im->name = op_strdup(name);
    im->media_type = media_type;
    im->len = data->len;
    im->data = op_buf_detach(data, NULL);
    im->hash = hash;
    im->w = w;
    im->h = h;
    return (int)b->nimages++;
}

static void remember(epub_book *b, const char *url, int idx)
{
    if (b->nsrcs == b->capsrcs) {
        b->capsrcs = b->capsrcs ? b->capsrcs * 2 : 8;
        b->srcs = op_realloc(b->srcs, b->capsrcs * sizeof *b->srcs);
    }
    b->srcs[b->nsrcs].url = op_strdup(url);
    b->srcs[b->nsrcs].base = cur_base(b) ? op_strdup(cur_base(b)) : NULL;
    b->srcs[b->nsrcs].image = idx;
    b->nsrcs++;
}

static void warn_dropped(epub_book *b, const char *url, const char *why)
{
    char shown[96];
    size_t n = strlen(url);

    if (n < sizeof shown) {
        memcpy(shown, url, n + 1);
    } else {
        memcpy(shown, url, 80);
        strcpy(shown + 80, "...");
    }
    op_diag_report(b->diag, OP_SEV_WARNING, b->shown, 0, "image '%s' dropped (alt text kept): %s",
                   shown, why);
}

/* An http(s) image through the caller's loader (op_epub_opts.remote); *why on failure. */
static op_status load_remote(epub_book *b, const char *url, op_buf *out, char *why, size_t n)
{
    char *data = NULL;
    size_t len = 0;
    if (!b->opts->remote) {
        snprintf(why, n, "remote image not fetched (fetching is off)");
        return OP_ERR_UNSUPPORTED;
    }
    why[0] = '\0';
    op_status st = b->opts->remote(b->opts->remote_ud, EPUB_CUR(b)->doc, url, &data, &len, why, n);
    if (st == OP_OK)
        st = op_buf_add(out, data, len);
    else if (!why[0] && st != OP_ERR_UNSUPPORTED) /* declined: no word (doc.h) */
        snprintf(why, n, "cannot be fetched");
    op_free(data);
    return st;
}

/* Loads and registers url; `quiet` suppresses the warning (lead image). */
static int resolve(epub_book *b, const char *url, int quiet)
{
    op_buf data;
    const char *why = NULL, *type = NULL;
    char fetch_why[256];
    int idx = -1, remote = is_remote(url), w = 0, h = 0;

    op_buf_init(&data, IMAGE_MAX_BYTES);
    op_status st = remote ? load_remote(b, url, &data, fetch_why, sizeof fetch_why)
                          : load_source(b, url, &data);
    if (st == OP_OK && data.len > 0)
        type = settle_type(&data, b->opts->max_image_pixels, &why);
    else if (remote)
        why = st == OP_OK ? "empty" : fetch_why;
    else
        why = st == OP_ERR_LIMIT         ? "larger than 64 MB"
              : st == OP_ERR_UNSUPPORTED ? "unsupported URL scheme"
                                         : "cannot be read";
    if (type && strcmp(type, "image/svg+xml") != 0 &&
        img_probe_size((const unsigned char *)data.data, data.len, &w, &h) == OP_OK)
        type = fit_image(b, &data, type, &w, &h);
    if (type)
        idx = add_image(b, &data, type, w, h);
    op_buf_free(&data);
    if (idx < 0 && !quiet && !(remote && why && !why[0]))
        warn_dropped(b, url, why);
    return idx;
}

/* 1 when src is url as the current article would resolve it. */
static int src_same(const epub_book *b, const epub_src *src, const char *url)
{
    const char *base = cur_base(b);
    if (strcmp(src->url, url) != 0)
        return 0;
    return (!base && !src->base) || (base && src->base && strcmp(base, src->base) == 0);
}

int epub_image_get(epub_book *b, const char *url)
{
    int idx;

    if (!url || !*url) {
        op_diag_report(b->diag, OP_SEV_WARNING, b->shown, 0,
                       "image without a source dropped (alt text kept)");
        return -1;
    }
    for (size_t i = 0; i < b->nsrcs; i++) {
        if (src_same(b, &b->srcs[i], url))
            return b->srcs[i].image;
    }
    idx = resolve(b, url, 0);
    remember(b, url, idx);
    return idx;
}

/* The lead image of the current article, as an image index, or -1. */
static int lead_image(epub_book *b)
{
    const char *url = op_doc_get_meta(EPUB_CUR(b)->doc, OP_META_LEAD_IMAGE);
    int idx;

    if (!url || is_remote(url))
        return -1;
    for (size_t i = 0; i < b->nsrcs; i++) {
        if (src_same(b, &b->srcs[i], url))
            return b->srcs[i].image;
    }
    idx = resolve(b, url, 1);
    remember(b, url, idx);
    return idx;
}

void epub_image_cover(epub_book *b)
{
    int idx = -1;

    for (b->cur = 0; b->cur < b->narts && idx < 0; b->cur++) {
        idx = lead_image(b);
        if (idx >= 0 && !epub_image_cover_type(&b->images[idx]))
            idx = -1;
    }
    b->cur = 0;
    if (idx < 0)
        idx = b->first_figure;
    b->cover = idx;
    if (idx >= 0)
        b->images[idx].cover = 1;
}
