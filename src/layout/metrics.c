/* Layout's metrics adapter: layout_metrics answered from a font set (font/font_set.c),
 * the way the PDF writer measures text; tests fill layout_metrics with fakes instead. */
#include "layout/metrics.h"

static float m_scale(void *ud, int role, int face)
{
    return font_set_scale(ud, role, face);
}

static int m_kern(void *ud, int face, uint32_t a, uint32_t b)
{
    return font_set_kern(ud, face, a, b);
}

static int m_covers(void *ud, int face, uint32_t cp)
{
    return font_set_covers(ud, face, cp);
}

static int m_face_for(void *ud, int role, uint32_t cp)
{
    return font_set_face_for(ud, role, cp);
}

static int m_advance(void *ud, int face, uint32_t cp)
{
    return font_set_advance(ud, face, cp);
}

static int m_bold(void *ud, int face)
{
    return font_set_bold(ud, face);
}

static size_t m_shape(void *ud, int face, const uint32_t *cps, size_t n, int rtl, const char *lang,
                      font_glyph **out)
{
    return font_set_shape(ud, face, cps, n, rtl, lang, out);
}

void layout_metrics_init(font_set *f, layout_metrics *m)
{
    m->ud = f;
    m->face_for = m_face_for;
    m->advance = m_advance;
    m->covers = m_covers;
    m->kern = m_kern;
    m->scale = m_scale;
    m->bold = m_bold;
    m->shape = m_shape;
}
