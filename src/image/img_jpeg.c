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

/*** Encoding (baseline, 4:2:0 for colour, optimised Huffman tables) ***/

#define JPG_OUT_CHUNK 16384

typedef struct jpg_enc {
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr pub;
    struct jpeg_destination_mgr dest;
    jmp_buf jb;
    op_buf *out;
    op_status fail;
    unsigned char chunk[JPG_OUT_CHUNK];
} jpg_enc;

static void jpg_enc_error_exit(j_common_ptr cinfo)
{
    jpg_enc *e = cinfo->client_data;
    if (e->fail == OP_OK)
        e->fail = OP_ERR_UNSUPPORTED;
    longjmp(e->jb, 1);
}

static void jpg_dest_init(j_compress_ptr c)
{
    jpg_enc *e = c->client_data;
    e->dest.next_output_byte = e->chunk;
    e->dest.free_in_buffer = JPG_OUT_CHUNK;
}

static boolean jpg_dest_empty(j_compress_ptr c)
{
    jpg_enc *e = c->client_data;
    op_status st = op_buf_add(e->out, e->chunk, JPG_OUT_CHUNK);
    if (st != OP_OK) {
        e->fail = st;
        longjmp(e->jb, 1);
    }
    jpg_dest_init(c);
    return TRUE;
}

static void jpg_dest_term(j_compress_ptr c)
{
    jpg_enc *e = c->client_data;
    op_status st = op_buf_add(e->out, e->chunk, JPG_OUT_CHUNK - e->dest.free_in_buffer);
    if (st != OP_OK) {
        e->fail = st;
        longjmp(e->jb, 1);
    }
}

static op_status jpg_encode_guarded(jpg_enc *e, const img_pixels *p, int quality)
{
    e->c.err = jpeg_std_error(&e->pub);
    e->pub.error_exit = jpg_enc_error_exit;
    e->pub.output_message = jpg_output_message;
    e->c.client_data = e;
    if (setjmp(e->jb)) {
        jpeg_destroy_compress(&e->c);
        return e->fail;
    }
    jpeg_create_compress(&e->c);
    e->dest.init_destination = jpg_dest_init;
    e->dest.empty_output_buffer = jpg_dest_empty;
    e->dest.term_destination = jpg_dest_term;
    e->c.dest = &e->dest;
    e->c.image_width = (JDIMENSION)p->w;
    e->c.image_height = (JDIMENSION)p->h;
    e->c.input_components = p->channels;
    e->c.in_color_space = p->channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&e->c);
    jpeg_set_quality(&e->c, quality, TRUE);
    e->c.optimize_coding = TRUE;
    jpeg_start_compress(&e->c, TRUE);
    while (e->c.next_scanline < e->c.image_height) {
        JSAMPROW row =
            (JSAMPROW)(p->px + (size_t)e->c.next_scanline * (size_t)p->w * (size_t)p->channels);
        jpeg_write_scanlines(&e->c, &row, 1);
    }
    jpeg_finish_compress(&e->c);
    jpeg_destroy_compress(&e->c);
    return OP_OK;
}

op_status img_encode_jpeg(const img_pixels *p, int quality, op_buf *out)
{
    if (!p || !out || !p->px || p->w <= 0 || p->h <= 0 || p->w > 65500 || p->h > 65500 ||
        (p->channels != 1 && p->channels != 3) || p->alpha)
        return OP_ERR_USAGE;
    jpg_enc *e = op_calloc(1, sizeof *e);
    e->out = out;
    op_status st = jpg_encode_guarded(e, p, quality < 1 ? 1 : quality > 100 ? 100 : quality);
    op_free(e);
    return st;
}
