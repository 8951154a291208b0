/* giflib adapter: decodes the first frame of a GIF onto its logical screen as RGB plus
 * alpha (the transparent index from the frame's graphics control block; the area the
 * frame does not cover is transparent). Records are walked one by one, so later frames
 * are never read or allocated. */
#include "image/img_codec.h"

#include <gif_lib.h>
#include <string.h>

typedef struct gif_ctx {
    const unsigned char *data;
    size_t len, pos;
    img_err *err;
    GifFileType *gif;
    GifPixelType *line;
    int transparent; /* palette index, or -1 */
} gif_ctx;

static int gif_read_mem(GifFileType *g, GifByteType *dst, int n)
{
    gif_ctx *c = g->UserData;
    size_t avail = c->len - c->pos;
    size_t k = n < 0 ? 0 : (size_t)n;
    if (k > avail)
        k = avail;
    memcpy(dst, c->data + c->pos, k);
    c->pos += k;
    return (int)k;
}

static op_status gif_fail(gif_ctx *c, int code)
{
    const char *s = GifErrorString(code);
    img_err_set(c->err, "gif: %s", s ? s : "decoding failed");
    return OP_ERR_PARSE;
}

static op_status gif_read_extension(gif_ctx *c)
{
    int code = 0;
    GifByteType *ext = NULL;
    if (DGifGetExtension(c->gif, &code, &ext) == GIF_ERROR)
        return gif_fail(c, c->gif->Error);
    if (code == GRAPHICS_EXT_FUNC_CODE && ext && ext[0] == 4) {
        GraphicsControlBlock gcb;
        if (DGifExtensionToGCB(4, ext + 1, &gcb) == GIF_OK)
            c->transparent = gcb.TransparentColor;
    }
    while (ext) {
        if (DGifGetExtensionNext(c->gif, &ext) == GIF_ERROR)
            return gif_fail(c, c->gif->Error);
    }
    return OP_OK;
}

/* Skips to the first image descriptor, remembering the transparency set before it. */
static op_status gif_find_image(gif_ctx *c)
{
    for (;;) {
        GifRecordType t = UNDEFINED_RECORD_TYPE;
        if (DGifGetRecordType(c->gif, &t) == GIF_ERROR)
            return gif_fail(c, c->gif->Error);
        if (t == IMAGE_DESC_RECORD_TYPE) {
            if (DGifGetImageDesc(c->gif) == GIF_ERROR)
                return gif_fail(c, c->gif->Error);
            return OP_OK;
        }
        if (t != EXTENSION_RECORD_TYPE) {
            img_err_set(c->err, "gif: no image");
            return OP_ERR_PARSE;
        }
        op_status st = gif_read_extension(c);
        if (st != OP_OK)
            return st;
    }
}

/* Row of the i-th stored line of an interlaced image (passes of 8, 8, 4, 2 rows). */
static int gif_interlaced_row(int i, int h)
{
    static const int start[4] = {0, 4, 2, 1};
    static const int step[4] = {8, 8, 4, 2};
    for (int p = 0; p < 4; p++) {
        int n = h > start[p] ? (h - start[p] + step[p] - 1) / step[p] : 0;
        if (i < n)
            return start[p] + i * step[p];
        i -= n;
    }
    return 0;
}

static void gif_put_line(gif_ctx *c, const ColorMapObject *cm, img_pixels *out, int y, int x0)
{
    const GifImageDesc *d = &c->gif->Image;
    unsigned char *px = out->px + ((size_t)y * (size_t)out->w + (size_t)x0) * 3;
    unsigned char *a = out->alpha + (size_t)y * (size_t)out->w + (size_t)x0;
    for (int x = 0; x < d->Width; x++, px += 3) {
        int idx = c->line[x];
        if (idx == c->transparent)
            continue; /* stays transparent black */
        if (idx < cm->ColorCount) {
            px[0] = cm->Colors[idx].Red;
            px[1] = cm->Colors[idx].Green;
            px[2] = cm->Colors[idx].Blue;
        }
        a[x] = 255;
    }
}

static op_status gif_read_frame(gif_ctx *c, size_t max_px, img_pixels *out)
{
    GifFileType *g = c->gif;
    const GifImageDesc *d = &g->Image;
    op_status st = img_check_size(d->Width, d->Height, max_px, c->err);
    if (st != OP_OK)
        return st;
    const ColorMapObject *cm = d->ColorMap ? d->ColorMap : g->SColorMap;
    if (!cm || !cm->Colors) {
        img_err_set(c->err, "gif: no colour map");
        return OP_ERR_PARSE;
    }
    /* The frame sits on the logical screen; a frame that does not fit defines it. */
    int fits = g->SWidth > 0 && g->SHeight > 0 && d->Left >= 0 && d->Top >= 0 &&
               d->Width <= g->SWidth - d->Left && d->Height <= g->SHeight - d->Top;
    int cw = fits ? g->SWidth : d->Width, ch = fits ? g->SHeight : d->Height;
    st = img_check_size(cw, ch, max_px, c->err);
    if (st != OP_OK)
        return st;
    /* Zeroed (transparent black) by calloc: a tiny file claiming a big screen costs no
     * page faults before its data runs out. */
    out->w = cw;
    out->h = ch;
    out->channels = 3;
    out->px = op_calloc((size_t)cw * (size_t)ch, 3);
    out->alpha = op_calloc((size_t)cw * (size_t)ch, 1);
    c->line = op_malloc((size_t)d->Width * sizeof(GifPixelType));
    for (int i = 0; i < d->Height; i++) {
        int y = d->Interlace ? gif_interlaced_row(i, d->Height) : i;
        if (DGifGetLine(g, c->line, d->Width) == GIF_ERROR)
            return gif_fail(c, g->Error);
        gif_put_line(c, cm, out, y + (fits ? d->Top : 0), fits ? d->Left : 0);
    }
    return OP_OK;
}

op_status img_gif_decode(const unsigned char *data, size_t len, size_t max_px, img_pixels *out,
                         img_err *e)
{
    gif_ctx c = {data, len, 0, e, NULL, NULL, -1};
    int code = 0;
    c.gif = DGifOpen(&c, gif_read_mem, &code);
    if (!c.gif)
        return gif_fail(&c, code);
    op_status st = gif_find_image(&c);
    if (st == OP_OK)
        st = gif_read_frame(&c, max_px, out);
    DGifCloseFile(c.gif, &code);
    op_free(c.line);
    return st;
}
