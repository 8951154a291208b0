/* Images for the PDF: read from local paths (or file:// URLs). A plain PNG (not interlaced,
 * no transparency) goes in as it is: its compressed rows are a FlateDecode stream with PNG
 * predictors. Other images are decoded by src/image, then filtered and compressed the same
 * way (+ an SMask for alpha); libharu only copies the finished streams. PNG never goes
 * through libharu's own loader (it crashes or corrupts the file on several PNG kinds); JPEGs
 * libharu can embed are passed through untouched. Remote or broken images get a warning and the
 * layout shows their alt text. */
#include "pdf/pdf_write.h"
#include "image/image.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_IMAGE_FILE ((size_t)64 << 20)
/* The widest an image is ever drawn is the measure (under 5 in): 1800 px is ~400 dpi. */
#define MAX_IMAGE_DIM 1800

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Local path for url, or NULL for remote/unsupported URLs. New string. */
static char *image_path(pdf_writer *w, const char *url)
{
    if (strncmp(url, "file://", 7) == 0) {
        const char *s = url + 7;
        if (strncmp(s, "localhost/", 10) == 0)
            s += 9;
        char *p = op_malloc(strlen(s) + 1), *o = p;
        for (; *s && *s != '?' && *s != '#'; s++) {
            if (*s == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
                *o++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
                s += 2;
            } else {
                *o++ = *s;
            }
        }
        *o = '\0';
        return p;
    }
    if (strstr(url, "://") || strncmp(url, "//", 2) == 0 || strncmp(url, "data:", 5) == 0)
        return NULL;
    const char *base = w->doc ? op_doc_get_meta(w->doc, OP_META_BASE_DIR) : NULL;
    if (url[0] != '/' && base)
        return op_path_join(base, url);
    return op_strdup(url);
}

/* Box-filters `src` (n channels, sw x sh) down to dw x dh into a new buffer. */
static unsigned char *shrink_plane(const unsigned char *src, int sw, int sh, int n, int dw, int dh)
{
    unsigned char *dst = op_malloc((size_t)dw * (size_t)dh * (size_t)n);
    for (int y = 0; y < dh; y++) {
        int y0 = (int)((long long)y * sh / dh), y1 = (int)((long long)(y + 1) * sh / dh);
        for (int x = 0; x < dw; x++) {
            int x0 = (int)((long long)x * sw / dw), x1 = (int)((long long)(x + 1) * sw / dw);
            for (int c = 0; c < n; c++) {
                unsigned long sum = 0, cnt = 0;
                for (int yy = y0; yy < y1; yy++)
                    for (int xx = x0; xx < x1; xx++, cnt++)
                        sum += src[((size_t)yy * (size_t)sw + (size_t)xx) * (size_t)n + (size_t)c];
                dst[((size_t)y * (size_t)dw + (size_t)x) * (size_t)n + (size_t)c] =
                    (unsigned char)(cnt ? sum / cnt : 0);
            }
        }
    }
    return dst;
}

/* Large images are reduced so no more than MAX_IMAGE_DIM pixels go into the file. */
static void shrink(img_pixels *px)
{
    int big = px->w > px->h ? px->w : px->h;
    if (big <= MAX_IMAGE_DIM)
        return;
    int dw = (int)((long long)px->w * MAX_IMAGE_DIM / big);
    int dh = (int)((long long)px->h * MAX_IMAGE_DIM / big);
    dw = dw < 1 ? 1 : dw;
    dh = dh < 1 ? 1 : dh;
    unsigned char *p = shrink_plane(px->px, px->w, px->h, px->channels, dw, dh);
    op_free(px->px);
    px->px = p;
    if (px->alpha) {
        unsigned char *a = shrink_plane(px->alpha, px->w, px->h, 1, dw, dh);
        op_free(px->alpha);
        px->alpha = a;
    }
    px->w = dw;
    px->h = dh;
}

/* The stream is already compressed, so libharu must copy it as it is (filter NONE) while
 * the dictionary says FlateDecode: write_fn adds that entry as the dictionary is written. */
static HPDF_STATUS write_flate_filter(HPDF_Dict obj, HPDF_Stream s)
{
    (void)obj;
    return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

/* An image XObject holding `f` as it is; NULL when libharu fails (error state set). */
static HPDF_Image flate_image(pdf_writer *w, const img_flate *f)
{
    HPDF_Doc pdf = w->pdf;
    HPDF_Dict img = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!img)
        return NULL;
    img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
    HPDF_STATUS ret = HPDF_Dict_AddName(img, "Type", "XObject");
    ret += HPDF_Dict_AddName(img, "Subtype", "Image");
    ret += HPDF_Dict_AddNumber(img, "Width", f->w);
    ret += HPDF_Dict_AddNumber(img, "Height", f->h);
    ret += HPDF_Dict_AddNumber(img, "BitsPerComponent", f->bpc);
    if (f->palette) {
        HPDF_Array cs = HPDF_Array_New(pdf->mmgr);
        if (!cs)
            return NULL;
        ret += HPDF_Dict_Add(img, "ColorSpace", cs);
        ret += HPDF_Array_AddName(cs, "Indexed");
        ret += HPDF_Array_AddName(cs, "DeviceRGB");
        ret += HPDF_Array_AddNumber(cs, f->npalette - 1);
        ret +=
            HPDF_Array_Add(cs, HPDF_Binary_New(pdf->mmgr, f->palette, (HPDF_UINT)f->npalette * 3));
    } else {
        ret += HPDF_Dict_AddName(img, "ColorSpace", f->colors == 1 ? "DeviceGray" : "DeviceRGB");
    }
    HPDF_Dict parms = HPDF_Dict_New(pdf->mmgr);
    if (!parms)
        return NULL;
    ret += HPDF_Dict_Add(img, "DecodeParms", parms);
    ret += HPDF_Dict_AddNumber(parms, "Predictor", 15);
    ret += HPDF_Dict_AddNumber(parms, "Colors", f->colors);
    ret += HPDF_Dict_AddNumber(parms, "BitsPerComponent", f->bpc);
    ret += HPDF_Dict_AddNumber(parms, "Columns", f->w);
    ret += HPDF_Stream_Write(img->stream, f->data, (HPDF_UINT)f->len);
    img->filter = HPDF_STREAM_FILTER_NONE;
    img->write_fn = write_flate_filter;
    return ret == HPDF_OK ? img : NULL;
}

/* Decoded pixels (and their alpha as a soft mask), filtered and compressed here. */
static HPDF_Image load_pixels(pdf_writer *w, const img_pixels *px)
{
    img_flate f;
    if (img_flate_encode(px->px, px->w, px->h, px->channels, &f) != OP_OK)
        return NULL;
    HPDF_Image img = flate_image(w, &f);
    img_flate_free(&f);
    if (!img || !px->alpha)
        return img;
    if (img_flate_encode(px->alpha, px->w, px->h, 1, &f) != OP_OK)
        return img;
    HPDF_Image mask = flate_image(w, &f);
    img_flate_free(&f);
    if (mask && HPDF_Image_AddSMask(img, mask) == HPDF_OK)
        w->smask_used = 1;
    return img;
}

/* A PNG whose data can go into the PDF as it is (see img_png_flate), when it needs no
 * shrinking; NULL otherwise. */
static HPDF_Image load_png_flate(pdf_writer *w, const unsigned char *data, size_t len, int *pw,
                                 int *ph)
{
    img_flate f;
    if (img_png_flate(data, len, &f) != OP_OK)
        return NULL;
    HPDF_Image img = NULL;
    if (f.w <= MAX_IMAGE_DIM && f.h <= MAX_IMAGE_DIM) {
        img = flate_image(w, &f);
        if (img) {
            *pw = f.w;
            *ph = f.h;
        } else {
            pdf_reset_error(w);
        }
    }
    img_flate_free(&f);
    return img;
}

/* Loads image bytes into the document. On failure returns NULL with *why set. */
static HPDF_Image load_bytes(pdf_writer *w, const unsigned char *data, size_t len, int *pw, int *ph,
                             const char **why)
{
    img_type t = img_sniff(data, len);
    if (t == IMG_JPEG) {
        img_jpeg_info ji;
        if (img_jpeg_probe(data, len, &ji) == OP_OK && ji.passthrough_ok) {
            HPDF_Image img = HPDF_LoadJpegImageFromMem(w->pdf, data, (HPDF_UINT)len);
            if (img) {
                *pw = ji.w;
                *ph = ji.h;
                return img;
            }
            pdf_reset_error(w);
        }
    }
    if (t == IMG_PNG) {
        HPDF_Image img = load_png_flate(w, data, len, pw, ph);
        if (img)
            return img;
    }
    if (t == IMG_SVG || t == IMG_UNKNOWN) {
        *why = t == IMG_SVG ? "SVG images are not supported" : "unknown image format";
        return NULL;
    }
    img_pixels px;
    memset(&px, 0, sizeof px);
    op_status st = img_decode(data, len, w->max_image_px, &px);
    if (st) {
        *why = "cannot decode image";
        if (st == OP_ERR_LIMIT) {
            size_t lim = w->max_image_px ? w->max_image_px : IMG_DEFAULT_MAX_PX;
            snprintf(w->why, sizeof w->why, "over the image pixel limit of %.3g million pixels",
                     (double)lim / 1e6);
            *why = w->why;
        }
        return NULL;
    }
    int ow = px.w, oh = px.h;
    shrink(&px);
    HPDF_Image img = load_pixels(w, &px);
    *pw = ow; /* layout sizes the image from its original pixel size */
    *ph = oh;
    img_pixels_free(&px);
    if (!img) {
        pdf_reset_error(w);
        *why = "libharu rejected the image";
    }
    return img;
}

/* An http(s) image through the caller's loader; NULL data (warned) when it cannot be had. */
static void remote_read(pdf_writer *w, const char *url, char **data, size_t *len)
{
    char why[256] = "";
    if (!w->remote) {
        op_diag_report(w->diag, OP_SEV_WARNING, NULL, 0,
                       "image %s is not a local file and fetching is off; its alt text is shown",
                       url);
        return;
    }
    op_status st = w->remote(w->remote_ud, w->doc, url, data, len, why, sizeof why);
    if (st != OP_OK) {
        op_free(*data);
        *data = NULL;
        if (st == OP_ERR_UNSUPPORTED && !why[0])
            return; /* declined: the loader tells the user (doc.h) */
        op_diag_report(w->diag, OP_SEV_WARNING, NULL, 0, "image %s: %s; its alt text is shown", url,
                       why[0] ? why : "cannot be fetched");
    }
}

static void image_load(pdf_writer *w, pdf_image_entry *e)
{
    char *path = image_path(w, e->url);
    char *data = NULL;
    size_t len = 0;
    if (!path &&
        (strncasecmp(e->url, "http://", 7) == 0 || strncasecmp(e->url, "https://", 8) == 0)) {
        remote_read(w, e->url, &data, &len);
        if (!data)
            return;
        path = op_strdup(e->url);
    } else if (!path) {
        op_diag_report(w->diag, OP_SEV_WARNING, NULL, 0,
                       "image %s is not a local file; its alt text is shown", e->url);
        return;
    } else if (op_file_read(path, MAX_IMAGE_FILE, &data, &len) != OP_OK) {
        op_diag_report(w->diag, OP_SEV_WARNING, NULL, 0,
                       "cannot read image %s; its alt text is shown", path);
        op_free(path);
        return;
    }
    const char *why = NULL;
    e->img = load_bytes(w, (const unsigned char *)data, len, &e->w, &e->h, &why);
    if (!e->img)
        op_diag_report(w->diag, OP_SEV_WARNING, NULL, 0, "%s: %s; its alt text is shown", path,
                       why ? why : "cannot load image");
    op_free(data);
    op_free(path);
}

static pdf_image_entry *image_entry(pdf_writer *w, const char *url)
{
    for (size_t i = 0; i < w->nimages; i++)
        if (w->images[i].part == w->part && strcmp(w->images[i].url, url) == 0)
            return &w->images[i];
    if (w->nimages == w->capimages) {
        w->capimages = w->capimages ? w->capimages * 2 : 8;
        w->images = op_realloc(w->images, w->capimages * sizeof *w->images);
    }
    pdf_image_entry *e = &w->images[w->nimages++];
    memset(e, 0, sizeof *e);
    e->url = op_strdup(url);
    e->part = w->part;
    image_load(w, e);
    return e;
}

int pdf_image_size(void *ud, const char *url, int *px_w, int *px_h)
{
    pdf_image_entry *e = image_entry(ud, url);
    if (!e->img)
        return -1;
    *px_w = e->w;
    *px_h = e->h;
    return 0;
}

HPDF_Image pdf_image_get(pdf_writer *w, const char *url)
{
    for (size_t i = 0; i < w->nimages; i++)
        if (w->images[i].part == w->part && strcmp(w->images[i].url, url) == 0)
            return w->images[i].img;
    return NULL;
}

void pdf_image_free(pdf_writer *w)
{
    for (size_t i = 0; i < w->nimages; i++)
        op_free(w->images[i].url);
    op_free(w->images);
    w->images = NULL;
    w->nimages = w->capimages = 0;
}
