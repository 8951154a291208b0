/* libjpeg adapter: decodes gray, YCbCr/RGB and CMYK/YCCK JPEGs to 8-bit gray or RGB.
 * CMYK is converted here; an Adobe APP14 marker means the samples are stored inverted
 * (Photoshop convention). libjpeg errors longjmp back here and are recorded, never
 * printed; a truncated file is an error rather than a grey-padded picture. */
#include "image/img_codec.h"

#include <setjmp.h>
#include <stdio.h> /* jpeglib.h needs FILE */
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>

/* More scans than any real progressive JPEG has; a crafted file can otherwise keep the
 * decoder busy for minutes (libjpeg-turbo's TJPARAM_SCANLIMIT does the same). */
#define JPG_MAX_SCANS 1000

/* Heap-allocated so a longjmp cannot clobber anything the cleanup needs. */
typedef struct jpg_ctx {
    struct jpeg_decompress_struct d;
    struct jpeg_error_mgr pub;
    struct jpeg_progress_mgr prog;
    jmp_buf jb;
    img_err *err;
    op_status fail;     /* status for the longjmp path */
    unsigned char *row; /* CMYK scanline */
} jpg_ctx;

static void jpg_error_exit(j_common_ptr cinfo)
{
    jpg_ctx *c = cinfo->client_data;
    char buf[JMSG_LENGTH_MAX];
    cinfo->err->format_message(cinfo, buf);
    img_err_set(c->err, "jpeg: %s", buf);
    switch (cinfo->err->msg_code) {
    case JERR_BAD_PRECISION:   /* 12-bit */
    case JERR_SOF_UNSUPPORTED: /* lossless, hierarchical */
    case JERR_CONVERSION_NOTIMPL:
    case JERR_NOT_COMPILED:
        c->fail = OP_ERR_UNSUPPORTED;
        break;
    default:
        c->fail = OP_ERR_PARSE;
    }
    longjmp(c->jb, 1);
}

static void jpg_emit_message(j_common_ptr cinfo, int level)
{
    if (level >= 0)
        return; /* trace messages */
    if (cinfo->err->msg_code == JWRN_JPEG_EOF)
        jpg_error_exit(cinfo); /* truncated: fail instead of padding with grey */
    cinfo->err->num_warnings++;
}

static void jpg_output_message(j_common_ptr cinfo)
{
    (void)cinfo; /* never print */
}

static void jpg_progress(j_common_ptr cinfo)
{
    j_decompress_ptr d = (j_decompress_ptr)cinfo;
    if (d->input_scan_number > JPG_MAX_SCANS) {
        jpg_ctx *c = cinfo->client_data;
        img_err_set(c->err, "jpeg: more than %d scans", JPG_MAX_SCANS);
        c->fail = OP_ERR_LIMIT;
        longjmp(c->jb, 1);
    }
}

/* Inverted CMYK (255 = no ink) to RGB: r = (1-c)(1-k) in 0..255 arithmetic. */
static void jpg_cmyk_row(const unsigned char *src, unsigned char *dst, size_t w, int inverted)
{
    for (size_t x = 0; x < w; x++, src += 4, dst += 3) {
        unsigned v[4];
        for (int i = 0; i < 4; i++)
            v[i] = inverted ? src[i] : 255u - src[i];
        for (int i = 0; i < 3; i++)
            dst[i] = (unsigned char)((v[i] * v[3] + 127) / 255);
    }
}

/* Picks the output colour space and allocates the pixels; returns the expected number
 * of output components, or 0 when unsupported. */
static int jpg_out_components(j_decompress_ptr d)
{
    switch (d->jpeg_color_space) {
    case JCS_GRAYSCALE:
        d->out_color_space = JCS_GRAYSCALE;
        return 1;
    case JCS_YCbCr:
    case JCS_RGB:
        d->out_color_space = JCS_RGB;
        return 3;
    case JCS_CMYK:
    case JCS_YCCK:
        d->out_color_space = JCS_CMYK;
        return 4;
    default:
        return 0;
    }
}

static op_status jpg_read(jpg_ctx *c, size_t max_px, img_pixels *out)
{
    j_decompress_ptr d = &c->d;
    jpeg_read_header(d, TRUE);
    op_status st = img_check_size(d->image_width, d->image_height, max_px, c->err);
    if (st != OP_OK)
        return st;
    int comps = jpg_out_components(d);
    if (comps == 0) {
        img_err_set(c->err, "jpeg: unsupported colour space (%d components)", d->num_components);
        return OP_ERR_UNSUPPORTED;
    }
    jpeg_start_decompress(d);
    if (d->output_components != comps || d->output_width != d->image_width ||
        d->output_height != d->image_height) {
        img_err_set(c->err, "jpeg: unexpected output layout");
        return OP_ERR_PARSE;
    }
    size_t w = d->output_width;
    img_pixels_alloc(out, (int)w, (int)d->output_height, comps == 4 ? 3 : comps, 0);
    if (comps == 4)
        c->row = op_malloc(w * 4);
    while (d->output_scanline < d->output_height) {
        unsigned char *dst = out->px + (size_t)d->output_scanline * w * (size_t)out->channels;
        JSAMPROW row = comps == 4 ? c->row : dst;
        if (jpeg_read_scanlines(d, &row, 1) != 1) {
            img_err_set(c->err, "jpeg: no scanline");
            return OP_ERR_PARSE;
        }
        if (comps == 4)
            jpg_cmyk_row(c->row, dst, w, d->saw_Adobe_marker);
    }
    return OP_OK;
}

static op_status jpg_decode_guarded(jpg_ctx *c, const unsigned char *data, size_t len,
                                    size_t max_px, img_pixels *out)
{
    c->d.err = jpeg_std_error(&c->pub);
    c->pub.error_exit = jpg_error_exit;
    c->pub.emit_message = jpg_emit_message;
    c->pub.output_message = jpg_output_message;
    c->d.client_data = c; /* kept by jpeg_create_decompress, which may already fail */
    if (setjmp(c->jb)) {
        jpeg_destroy_decompress(&c->d);
        return c->fail;
    }
    jpeg_create_decompress(&c->d);
    c->prog.progress_monitor = jpg_progress;
    c->d.progress = &c->prog;
    jpeg_mem_src(&c->d, data, (unsigned long)len);
    op_status st = jpg_read(c, max_px, out);
    jpeg_destroy_decompress(&c->d);
    return st;
}

op_status img_jpeg_decode(const unsigned char *data, size_t len, size_t max_px, img_pixels *out,
                          img_err *e)
{
    jpg_ctx *c = op_calloc(1, sizeof *c);
    c->err = e;
    op_status st = jpg_decode_guarded(c, data, len, max_px, out);
    op_free(c->row);
    op_free(c);
    return st;
}
