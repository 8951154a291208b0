/* libpng adapter: decodes every PNG colour type and bit depth to 8-bit gray/RGB plus an
 * alpha plane, encodes 8-bit pixels back to PNG in memory (EPUB, PDF fallbacks), and
 * makes the PNG-predicted Flate streams the PDF embeds (zlib through core/gzip.c, its adapter).
 * libpng errors longjmp back here and are recorded, never printed. */
#include "image/img_codec.h"

#include <png.h>

#include <stdint.h>
#include <string.h>

/*** Decoding ***/

/* Everything the error path must release lives here, not in locals a longjmp could
 * clobber. */
typedef struct dec_state {
    const unsigned char *data;
    size_t len, pos;
    img_err *err;
    png_bytep *rows;
} dec_state;

static void dec_on_error(png_structp png, png_const_charp msg)
{
    dec_state *rd = png_get_error_ptr(png);
    img_err_set(rd->err, "png: %s", msg);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg; /* warnings (bad ancillary chunks) are not worth reporting */
}

static void dec_read_mem(png_structp png, png_bytep dst, size_t n)
{
    dec_state *rd = png_get_io_ptr(png);
    if (n > rd->len - rd->pos)
        png_error(png, "truncated file");
    memcpy(dst, rd->data + rd->pos, n);
    rd->pos += n;
}

/* Sets up the transformations; returns the channel count after them (1..4). */
static int dec_setup_transforms(png_structp png, png_infop info)
{
    png_set_expand(png); /* palette -> RGB, gray < 8 bit -> 8 bit, tRNS -> alpha */
    png_set_strip_16(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    return png_get_channels(png, info);
}

static op_status dec_read_pixels(png_structp png, png_infop info, dec_state *rd, size_t max_px,
                                 img_pixels *out)
{
    png_uint_32 w = 0, h = 0;
    int depth = 0, ctype = 0;
    png_read_info(png, info);
    png_get_IHDR(png, info, &w, &h, &depth, &ctype, NULL, NULL, NULL);
    op_status st = img_check_size(w, h, max_px, rd->err);
    if (st != OP_OK)
        return st;
    int ch = dec_setup_transforms(png, info);
    if (ch < 1 || ch > 4 || png_get_rowbytes(png, info) != (size_t)w * (size_t)ch) {
        img_err_set(rd->err, "png: unexpected row layout");
        return OP_ERR_PARSE;
    }
    int color = ch >= 3 ? 3 : 1;
    /* Read interleaved (GA/RGBA when there is alpha) and split afterwards. */
    img_pixels_alloc(out, (int)w, (int)h, ch, 0);
    rd->rows = op_malloc(sizeof(png_bytep) * h);
    for (png_uint_32 y = 0; y < h; y++)
        rd->rows[y] = out->px + (size_t)y * w * (size_t)ch;
    png_read_image(png, rd->rows);
    out->channels = color;
    if (ch != color)
        img_split_alpha(out);
    return OP_OK;
}

/* Owns the libpng structs; rd and out belong to the caller, so nothing a longjmp could
 * clobber is local to the function that calls setjmp. */
static op_status dec_guarded(dec_state *rd, size_t max_px, img_pixels *out)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, rd, dec_on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        img_err_set(rd->err, "png: cannot create decoder");
        return OP_ERR_NOMEM;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return OP_ERR_PARSE;
    }
    png_set_read_fn(png, rd, dec_read_mem);
    /* Our max_px is the size limit; libpng's default 1M-pixel row cap would only turn a
     * LIMIT into a PARSE error. */
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    /* Text, profiles and the like are never used: don't inflate or check them. */
    static const png_byte skip[] = "iCCP\0zTXt\0iTXt\0tEXt\0sPLT\0eXIf\0";
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, skip, 6);
    op_status st = dec_read_pixels(png, info, rd, max_px, out);
    png_destroy_read_struct(&png, &info, NULL);
    return st;
}

op_status img_png_decode(const unsigned char *data, size_t len, size_t max_px, img_pixels *out,
                         img_err *e)
{
    /* IHDR must come first: check the size before libpng reads any further, so an
     * oversized image is reported as such even when the rest of the file is broken. */
    if (len >= 24 && memcmp(data + 12, "IHDR", 4) == 0) {
        png_uint_32 w = png_get_uint_32(data + 16), h = png_get_uint_32(data + 20);
        op_status st = img_check_size(w, h, max_px, e);
        if (st == OP_ERR_LIMIT)
            return st;
    }
    dec_state rd = {data, len, 0, e, NULL};
    op_status st = dec_guarded(&rd, max_px, out);
    op_free(rd.rows);
    return st;
}

/*** Encoding ***/

typedef struct enc_state {
    op_buf *out;
    op_status st;
    png_bytep row; /* interleaving buffer when there is alpha */
} enc_state;

static void enc_on_error(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void enc_write_mem(png_structp png, png_bytep src, size_t n)
{
    enc_state *wr = png_get_io_ptr(png);
    op_status st = op_buf_add(wr->out, src, n);
    if (st != OP_OK) {
        wr->st = st;
        png_error(png, "output limit");
    }
}

static void enc_flush_mem(png_structp png)
{
    (void)png;
}

static void enc_write_rows(png_structp png, const img_pixels *p, enc_state *wr)
{
    size_t w = (size_t)p->w;
    size_t cc = (size_t)p->channels;
    if (p->alpha)
        wr->row = op_malloc(w * (cc + 1));
    for (int y = 0; y < p->h; y++) {
        const unsigned char *src = p->px + (size_t)y * w * cc;
        if (!p->alpha) {
            png_write_row(png, src);
            continue;
        }
        const unsigned char *a = p->alpha + (size_t)y * w;
        for (size_t x = 0; x < w; x++) {
            memcpy(wr->row + x * (cc + 1), src + x * cc, cc);
            wr->row[x * (cc + 1) + cc] = a[x];
        }
        png_write_row(png, wr->row);
    }
}

static int enc_color_type(const img_pixels *p)
{
    if (p->channels == 1)
        return p->alpha ? PNG_COLOR_TYPE_GRAY_ALPHA : PNG_COLOR_TYPE_GRAY;
    return p->alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB;
}

static op_status enc_guarded(const img_pixels *p, enc_state *wr)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, wr, enc_on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return OP_ERR_NOMEM;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return wr->st != OP_OK ? wr->st : OP_ERR_UNSUPPORTED;
    }
    png_set_write_fn(png, wr, enc_write_mem, enc_flush_mem);
    png_set_IHDR(png, info, (png_uint_32)p->w, (png_uint_32)p->h, 8, enc_color_type(p),
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    enc_write_rows(png, p, wr);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return OP_OK;
}

op_status img_encode_png(const img_pixels *p, op_buf *out)
{
    if (!p || !out || !p->px || p->w <= 0 || p->h <= 0 || p->w > 0x7fffffff / 4 ||
        (p->channels != 1 && p->channels != 3))
        return OP_ERR_USAGE;
    enc_state wr = {out, OP_OK, NULL};
    op_status st = enc_guarded(p, &wr);
    op_free(wr.row);
    return st;
}

/*** Flate streams for PDF ***/

/* PDF's FlateDecode with /Predictor 15 reads exactly what a PNG's IDAT chunks hold: a zlib
 * stream of rows, each led by its filter type. A plain PNG goes into the PDF as it is, and
 * pixels that had to be decoded are filtered and compressed the way a PNG encoder would
 * (smaller, and faster to compress, than raw samples). */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

typedef struct idat_check {
    size_t rows, stride, got;
} idat_check;

/* Each inflated piece: every row starts with a valid filter type (0..4), and no more rows. */
static int idat_piece(void *ud, const unsigned char *p, size_t n)
{
    idat_check *c = ud;
    for (size_t k = 0; k < n; k++, c->got++)
        if (c->got % c->stride == 0 && (c->got / c->stride >= c->rows || p[k] > 4))
            return 1;
    return 0;
}

/* Inflates the IDAT data to the end and checks it holds exactly `rows` rows of
 * `rowbytes` bytes, each with a valid filter type (0..4): what libpng would accept. */
static int idat_valid(const unsigned char *z, size_t zlen, size_t rows, size_t rowbytes)
{
    idat_check c = {.rows = rows, .stride = rowbytes + 1, .got = 0};
    size_t cap = c.stride < 65536 ? 65536 : c.stride;
    return op_inflate_each(z, zlen, cap, idat_piece, &c) == OP_OK && c.got == rows * c.stride;
}

op_status img_png_flate(const unsigned char *data, size_t len, img_flate *out)
{
    memset(out, 0, sizeof *out);
    static const unsigned char sig[8] = {137, 'P', 'N', 'G', 13, 10, 26, 10};
    if (len < 8 + 25 || memcmp(data, sig, 8) != 0 || memcmp(data + 12, "IHDR", 4) != 0 ||
        be32(data + 8) != 13)
        return OP_ERR_UNSUPPORTED;
    const unsigned char *ih = data + 16;
    uint32_t w = be32(ih), h = be32(ih + 4);
    int depth = ih[8], ctype = ih[9];
    if (w == 0 || h == 0 || w > 0x7FFFFFF || h > 0x7FFFFFF || ih[10] != 0 || ih[11] != 0 ||
        ih[12] != 0) /* unknown compression/filter method, or interlaced */
        return OP_ERR_UNSUPPORTED;
    int colors = ctype == 2 ? 3 : 1;
    if (!((ctype == 0 || ctype == 2) && depth == 8) &&
        !(ctype == 3 && (depth == 1 || depth == 2 || depth == 4 || depth == 8)))
        return OP_ERR_UNSUPPORTED;
    op_buf z;
    op_buf_init(&z, 0);
    const unsigned char *plte = NULL;
    uint32_t nplte = 0;
    int idat_done = 0, ended = 0;
    op_status st = OP_OK;
    for (size_t pos = 8; pos + 12 <= len && st == OP_OK && !ended;) {
        uint32_t n = be32(data + pos);
        const unsigned char *type = data + pos + 4, *body = data + pos + 8;
        if (n > len - pos - 12 || op_crc32(type, (size_t)n + 4) != be32(body + n)) {
            st = OP_ERR_UNSUPPORTED; /* damaged: let the decoder judge */
            break;
        }
        if (memcmp(type, "IDAT", 4) == 0) {
            if (idat_done)
                st = OP_ERR_UNSUPPORTED;
            else
                st = op_buf_add(&z, body, n);
        } else {
            if (z.len)
                idat_done = 1;
            if (memcmp(type, "PLTE", 4) == 0) {
                plte = body;
                nplte = n / 3;
            } else if (memcmp(type, "tRNS", 4) == 0) {
                st = OP_ERR_UNSUPPORTED; /* transparency: decoded, with a soft mask */
            } else if (memcmp(type, "IEND", 4) == 0) {
                ended = 1;
            }
        }
        pos += 12 + (size_t)n;
    }
    if (st == OP_OK && (!ended || !z.len || (ctype == 3 && (!plte || nplte == 0 || nplte > 256))))
        st = OP_ERR_UNSUPPORTED;
    size_t rowbytes = ((size_t)w * (size_t)colors * (size_t)depth + 7) / 8;
    if (st == OP_OK && !idat_valid((const unsigned char *)z.data, z.len, h, rowbytes))
        st = OP_ERR_UNSUPPORTED;
    if (st != OP_OK) {
        op_buf_free(&z);
        return st;
    }
    out->w = (int)w;
    out->h = (int)h;
    out->colors = colors;
    out->bpc = depth;
    if (ctype == 3) {
        /* indexes past the palette read black, as libpng's zero-filled palette gives */
        out->npalette = 1 << depth;
        out->palette = op_calloc((size_t)out->npalette, 3);
        memcpy(out->palette, plte,
               (size_t)(nplte < (uint32_t)out->npalette ? nplte : (uint32_t)out->npalette) * 3);
    }
    out->data = (unsigned char *)op_buf_detach(&z, &out->len);
    return OP_OK;
}

/* Filters one row into dst[0..n] (type byte first): Up (the difference from the row
 * above), Sub (from the pixel to the left) for the first row. Up alone keeps this a
 * plain subtraction per byte and does about as well as trying every filter on the
 * screenshots, charts and photos articles carry. */
static void filter_row(const unsigned char *row, const unsigned char *prev, size_t n, size_t bpp,
                       unsigned char *dst)
{
    if (prev) {
        dst[0] = 2;
        for (size_t i = 0; i < n; i++)
            dst[1 + i] = (unsigned char)(row[i] - prev[i]);
        return;
    }
    dst[0] = 1;
    for (size_t i = 0; i < n; i++)
        dst[1 + i] = (unsigned char)(row[i] - (i >= bpp ? row[i - bpp] : 0));
}

op_status img_flate_encode(const unsigned char *px, int w, int h, int channels, img_flate *out)
{
    memset(out, 0, sizeof *out);
    if (!px || w <= 0 || h <= 0 || (channels != 1 && channels != 3) ||
        (size_t)w > SIZE_MAX / 4 / (size_t)h)
        return OP_ERR_USAGE;
    size_t n = (size_t)w * (size_t)channels;
    op_deflater *d = op_deflater_new((n + 1) * (size_t)h);
    if (!d)
        return OP_ERR_NOMEM;
    unsigned char *row = op_malloc(n + 1);
    op_status st = OP_OK;
    for (int y = 0; y < h && st == OP_OK; y++) {
        const unsigned char *cur = px + (size_t)y * n;
        filter_row(cur, y ? cur - n : NULL, n, (size_t)channels, row);
        st = op_deflater_add(d, row, n + 1, y + 1 == h);
    }
    op_free(row);
    size_t zlen;
    unsigned char *z = op_deflater_finish(d, &zlen);
    if (st != OP_OK || !z) {
        op_free(z);
        return OP_ERR_NOMEM;
    }
    out->w = w;
    out->h = h;
    out->colors = channels;
    out->bpc = 8;
    out->data = z;
    out->len = zlen;
    return OP_OK;
}

void img_flate_free(img_flate *f)
{
    op_free(f->data);
    op_free(f->palette);
    memset(f, 0, sizeof *f);
}
