/* Font set: reads fonts/fonts.conf, opens TrueType faces with FreeType on first use and
 * answers coverage, advance and kerning queries for layout and the back ends. Advances are
 * cached per face in a 64K table (BMP only) holding libharu's truncated 1/1000 em widths. */
#include "font/font_set.h"
#include "font/font_kern.h"
#include "style/style.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TAGS_H
#include FT_TRUETYPE_TABLES_H
#include FT_ADVANCES_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define ADV_UNKNOWN (-1)
#define ADV_MISSING (-2)
#define MAX_CHAIN   32
#define MAX_LANGS   32 /* language chains in fonts.conf */
#define LANG_KEY    12 /* "zh-hant" and the like */

typedef struct face_rec {
    char *path;
    unsigned index; /* face in a collection (.ttc) */
    int ttc;        /* the file is a collection */
    FT_Face ft;
    int tried;    /* open attempted */
    int16_t *adv; /* 65536 entries, ADV_UNKNOWN until looked up */
    unsigned upem;
    float xh, caph; /* x-height and cap height in em; 0 unknown, -1 not measurable */
} face_rec;

struct op_fontset {
    FT_Library lib;
    face_rec *faces;
    int nfaces, cap;
    int role_face[FONT_ROLE_COUNT];
    int chain[FONT_ROLE_COUNT + 1][MAX_CHAIN]; /* last row: default chain */
    int nchain[FONT_ROLE_COUNT + 1];
    op_diag *diag;
    font_kern *kern;   /* pair kerning, made on first use */
    char *serif_tried; /* first path configured for the body font, for the error message */
    /* chains for one language: `fallback.<role>:<lang>` (role = FONT_ROLE_COUNT: any) */
    struct lang_chain {
        char key[LANG_KEY];
        int role, n;
        int faces[MAX_CHAIN];
        char *missing; /* first file named but not installed, for the warning */
    } lchain[MAX_LANGS];
    int nlchain;
    int lang_row[FONT_ROLE_COUNT]; /* lchain index for the language set, or -1 */
};

static const char *const role_names[FONT_ROLE_COUNT] = {
    "serif",     "serif-bold", "serif-italic", "serif-bolditalic", "sans",
    "sans-bold", "mono",       "mono-bold",    "sans-italic",      "sans-bolditalic"};

/* Where a missing role borrows its font from, in order. */
static const int role_backup[FONT_ROLE_COUNT][3] = {
    {-1, -1, -1},
    {FONT_SERIF, -1, -1},
    {FONT_SERIF, -1, -1},
    {FONT_SERIF_B, FONT_SERIF_I, FONT_SERIF},
    {FONT_SERIF, -1, -1},
    {FONT_SANS, FONT_SERIF_B, FONT_SERIF},
    {FONT_SERIF, -1, -1},
    {FONT_MONO, FONT_SERIF_B, FONT_SERIF},
    {FONT_SANS, FONT_SERIF_I, FONT_SERIF},
    {FONT_SANS_B, FONT_SANS_I, FONT_SANS},
};

/*** Roles ***/

int font_role_of(const style_computed *s)
{
    switch (s->family) {
    case STYLE_SANS:
        return s->bold ? (s->italic ? FONT_SANS_BI : FONT_SANS_B)
                       : (s->italic ? FONT_SANS_I : FONT_SANS);
    case STYLE_MONO:
        return s->bold ? FONT_MONO_B : FONT_MONO;
    default:
        return FONT_SERIF + (s->bold ? 1 : 0) + (s->italic ? 2 : 0);
    }
}

/*** Faces ***/

static int face_index(font_set *f, const char *path, unsigned index)
{
    for (int i = 0; i < f->nfaces; i++)
        if (strcmp(f->faces[i].path, path) == 0 && f->faces[i].index == index)
            return i;
    if (f->nfaces == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->faces = op_realloc(f->faces, (size_t)f->cap * sizeof *f->faces);
    }
    face_rec *r = &f->faces[f->nfaces];
    memset(r, 0, sizeof *r);
    r->path = op_strdup(path);
    r->index = index;
    return f->nfaces++;
}

static int is_truetype(FT_Face ft)
{
    FT_ULong len = 0;
    return FT_Load_Sfnt_Table(ft, TTAG_glyf, 0, NULL, &len) == 0 && len > 0;
}

/* 1 when the file starts with a TrueType collection header. */
static int file_is_ttc(const char *path)
{
    char tag[4] = {0};
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    size_t n = fread(tag, 1, 4, fp);
    fclose(fp);
    return n == 4 && memcmp(tag, "ttcf", 4) == 0;
}

/* Opens a face on first use; returns NULL when it cannot be used (reported once). */
static FT_Face face_open(font_set *f, int i)
{
    face_rec *r = &f->faces[i];
    if (r->tried)
        return r->ft;
    r->tried = 1;
    FT_Face ft = NULL;
    if (FT_New_Face(f->lib, r->path, (FT_Long)r->index, &ft) != 0) {
        op_diag_report(f->diag, OP_SEV_WARNING, NULL, 0, "cannot open font %s (face %u)", r->path,
                       r->index);
        return NULL;
    }
    if (!is_truetype(ft) || !ft->charmap || ft->units_per_EM == 0) {
        op_diag_report(f->diag, OP_SEV_WARNING, NULL, 0,
                       "font %s is not a TrueType font with a Unicode cmap; not used", r->path);
        FT_Done_Face(ft);
        return NULL;
    }
    r->ft = ft;
    r->ttc = file_is_ttc(r->path);
    r->upem = ft->units_per_EM;
    r->adv = op_malloc(65536 * sizeof *r->adv);
    for (size_t k = 0; k < 65536; k++)
        r->adv[k] = ADV_UNKNOWN;
    return ft;
}

/* Width in 1/1000 em (>= 0) or ADV_MISSING. */
static int face_lookup(font_set *f, int i, uint32_t cp)
{
    if (i < 0 || i >= f->nfaces || cp > 0xFFFF)
        return ADV_MISSING;
    FT_Face ft = face_open(f, i);
    if (!ft)
        return ADV_MISSING;
    face_rec *r = &f->faces[i];
    if (r->adv[cp] != ADV_UNKNOWN)
        return r->adv[cp];
    FT_UInt gid = FT_Get_Char_Index(ft, cp);
    int w = ADV_MISSING;
    FT_Fixed adv = 0;
    if (gid != 0 && FT_Get_Advance(ft, gid, FT_LOAD_NO_SCALE, &adv) == 0) {
        long v = (long)adv * 1000 / (long)r->upem; /* libharu truncates the same way */
        w = v > 32000 ? 32000 : (int)v;
    }
    r->adv[cp] = (int16_t)w;
    return w;
}

/*** Config ***/

static char *next_token(char **p)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    if (!*s || *s == '#')
        return NULL;
    char *start = s;
    while (*s && !isspace((unsigned char)*s))
        s++;
    if (*s)
        *s++ = '\0';
    *p = s;
    return start;
}

static int role_of(const char *name)
{
    for (int i = 0; i < FONT_ROLE_COUNT; i++)
        if (strcmp(name, role_names[i]) == 0)
            return i;
    return -2;
}

/* The key a language's chains are found under: the primary subtag, lowercase, except that
 * Chinese is zh-hans or zh-hant (by script subtag, else by region: TW, HK and MO write
 * Traditional). "" for no language. */
static void lang_key(const char *tag, char out[LANG_KEY])
{
    size_t k = 0;
    out[0] = '\0';
    if (!tag)
        return;
    while (tag[k] && isalpha((unsigned char)tag[k]) && k < 8)
        k++;
    if (k < 2 || k > 3)
        return;
    for (size_t i = 0; i < k; i++)
        out[i] = (char)tolower((unsigned char)tag[i]);
    out[k] = '\0';
    if (strcmp(out, "zh") != 0)
        return;
    int hant = 0;
    for (const char *p = tag + k; *p;) {
        while (*p == '-' || *p == '_')
            p++;
        size_t n = 0;
        while (p[n] && p[n] != '-' && p[n] != '_')
            n++;
        if ((n == 4 && strncasecmp(p, "hant", 4) == 0) ||
            (n == 2 && (strncasecmp(p, "tw", 2) == 0 || strncasecmp(p, "hk", 2) == 0 ||
                        strncasecmp(p, "mo", 2) == 0)))
            hant = 1;
        if (n == 4 && strncasecmp(p, "hans", 4) == 0)
            break; /* an explicit script wins over the region */
        p += n;
    }
    memcpy(out, hant ? "zh-hant" : "zh-hans", 8);
}

/* Splits a path token "file#N" (face N of a collection); returns the face index. */
static unsigned path_index(char *tok)
{
    char *hash = strrchr(tok, '#');
    if (!hash || !hash[1] || hash[1] < '0' || hash[1] > '9')
        return 0;
    char *end = NULL;
    unsigned long v = strtoul(hash + 1, &end, 10);
    if (*end || v > 255)
        return 0;
    *hash = '\0';
    return (unsigned)v;
}

/* The chain `fallback.<role>:<lang>` (role FONT_ROLE_COUNT: any), made on first use;
 * NULL when there are too many. */
static struct lang_chain *lang_chain_get(font_set *f, int role, const char *lang)
{
    char key[LANG_KEY];
    lang_key(lang, key);
    if (!key[0]) {
        op_diag_report(f->diag, OP_SEV_WARNING, NULL, 0, "fonts.conf: bad language '%s'", lang);
        return NULL;
    }
    for (int i = 0; i < f->nlchain; i++)
        if (f->lchain[i].role == role && strcmp(f->lchain[i].key, key) == 0)
            return &f->lchain[i];
    if (f->nlchain == MAX_LANGS)
        return NULL;
    struct lang_chain *c = &f->lchain[f->nlchain++];
    memcpy(c->key, key, sizeof key);
    c->role = role;
    c->n = 0;
    return c;
}

/* Handles one config line: `key path...`, where key is a role, fallback, fallback.<role>,
 * fallback:<lang> or fallback.<role>:<lang>. */
static void config_line(font_set *f, char *line)
{
    char *p = line;
    char *key = next_token(&p);
    if (!key)
        return;
    const char *found = NULL, *first = NULL;
    unsigned found_index = 0;
    for (char *tok; (tok = next_token(&p)) != NULL;) {
        unsigned index = path_index(tok);
        if (!first)
            first = tok;
        if (!found && access(tok, R_OK) == 0) {
            found = tok;
            found_index = index;
        }
    }
    char *lang = strncmp(key, "fallback", 8) == 0 ? strchr(key, ':') : NULL;
    if (lang)
        *lang++ = '\0';
    if (strcmp(key, "serif") == 0 && first && !f->serif_tried)
        f->serif_tried = op_strdup(first);
    int fallback = strncmp(key, "fallback", 8) == 0;
    int role = -2;
    if (fallback && key[8] == '\0')
        role = FONT_ROLE_COUNT;
    else if (fallback && key[8] == '.')
        role = role_of(key + 9);
    else if (!fallback)
        role = role_of(key);
    if (role == -2) {
        op_diag_report(f->diag, OP_SEV_WARNING, NULL, 0, "fonts.conf: unknown role '%s'", key);
        return;
    }
    struct lang_chain *lc = lang ? lang_chain_get(f, role, lang) : NULL;
    if (lc && !found && !lc->missing && first)
        lc->missing = op_strdup(first);
    if (!found)
        return;
    int face = face_index(f, found, found_index);
    if (lang) {
        if (lc && lc->n < MAX_CHAIN)
            lc->faces[lc->n++] = face;
    } else if (!fallback) {
        f->role_face[role] = face;
    } else if (f->nchain[role] < MAX_CHAIN) {
        f->chain[role][f->nchain[role]++] = face;
    }
}

static void config_parse(font_set *f, char *text)
{
    char *line = text;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        config_line(f, line);
        line = nl ? nl + 1 : NULL;
    }
}

/* Fills roles whose font is missing from their backups. */
static void resolve_roles(font_set *f)
{
    for (int r = 1; r < FONT_ROLE_COUNT; r++) {
        if (f->role_face[r] >= 0)
            continue;
        for (int k = 0; k < 3 && f->role_face[r] < 0; k++) {
            int b = role_backup[r][k];
            if (b >= 0 && f->role_face[b] >= 0)
                f->role_face[r] = f->role_face[b];
        }
        op_diag_report(f->diag, OP_SEV_WARNING, NULL, 0,
                       "font for role '%s' not found; using a substitute", role_names[r]);
    }
}

op_status font_set_load(const char *data_dir, op_diag *diag, font_set **out)
{
    *out = NULL;
    char *conf = op_data_find(data_dir, "fonts/fonts.conf");
    if (!conf) {
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "fonts/fonts.conf not found");
        return OP_ERR_SETUP;
    }
    char *text = NULL;
    size_t len = 0;
    op_status st = op_file_read(conf, 1 << 20, &text, &len);
    if (st) {
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "cannot read %s", conf);
        op_free(conf);
        return OP_ERR_SETUP;
    }
    font_set *f = op_calloc(1, sizeof *f);
    f->diag = diag;
    for (int r = 0; r < FONT_ROLE_COUNT; r++)
        f->role_face[r] = f->lang_row[r] = -1;
    if (FT_Init_FreeType(&f->lib) != 0) {
        op_free(text);
        op_free(conf);
        op_free(f);
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "cannot initialise FreeType");
        return OP_ERR_FONT;
    }
    config_parse(f, text);
    op_free(text);
    if (f->role_face[FONT_SERIF] < 0 || !face_open(f, f->role_face[FONT_SERIF])) {
        op_diag_report(diag, OP_SEV_ERROR, conf, 0,
                       "body font (role 'serif') %s is missing or unusable; install "
                       "fonts-sil-charis or change fonts.conf",
                       f->serif_tried ? f->serif_tried : "(not configured)");
        op_free(conf);
        font_set_free(f);
        return OP_ERR_FONT;
    }
    op_free(conf);
    resolve_roles(f);
    *out = f;
    return OP_OK;
}

op_status op_fontset_load(const char *data_dir, op_diag *diag, op_fontset **out)
{
    op_status st = font_set_load(data_dir, diag, out);
    if (st == OP_OK)
        font_set_set_diag(*out, NULL); /* each job sets its own */
    return st;
}

void op_fontset_free(op_fontset *fs)
{
    font_set_free(fs);
}

void font_set_set_diag(font_set *f, op_diag *diag)
{
    f->diag = diag;
}

void font_set_set_lang(font_set *f, const char *lang)
{
    char key[LANG_KEY];
    lang_key(lang, key);
    const char *missing = NULL;
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        f->lang_row[r] = -1;
        for (int pass = 0; pass < 2 && key[0] && f->lang_row[r] < 0; pass++) {
            int want = pass == 0 ? r : FONT_ROLE_COUNT; /* the role's own, else any role's */
            for (int i = 0; i < f->nlchain; i++) {
                const struct lang_chain *c = &f->lchain[i];
                if (c->role != want || strcmp(c->key, key) != 0)
                    continue;
                if (c->n > 0)
                    f->lang_row[r] = i;
                else if (!missing)
                    missing = c->missing;
            }
        }
    }
    if (missing && key[0])
        op_diag_report(f->diag, OP_SEV_WARNING, NULL, 0,
                       "fonts.conf: no font for language '%s' is installed (%s); its text is set "
                       "in the general fallback fonts",
                       lang, missing);
}

void font_set_free(font_set *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->nfaces; i++) {
        if (f->faces[i].ft)
            FT_Done_Face(f->faces[i].ft);
        op_free(f->faces[i].adv);
        op_free(f->faces[i].path);
    }
    op_free(f->faces);
    font_kern_free(f->kern);
    op_free(f->serif_tried);
    for (int i = 0; i < f->nlchain; i++)
        op_free(f->lchain[i].missing);
    if (f->lib)
        FT_Done_FreeType(f->lib);
    op_free(f);
}

/*** Queries ***/

int font_set_face_for(font_set *f, int role, uint32_t cp)
{
    if (role < 0 || role >= FONT_ROLE_COUNT || cp > 0xFFFF)
        return -1;
    int prim = f->role_face[role];
    if (face_lookup(f, prim, cp) >= 0)
        return prim;
    if (f->lang_row[role] >= 0) {
        const struct lang_chain *c = &f->lchain[f->lang_row[role]];
        for (int k = 0; k < c->n; k++)
            if (face_lookup(f, c->faces[k], cp) >= 0)
                return c->faces[k];
    }
    int row = f->nchain[role] ? role : FONT_ROLE_COUNT;
    for (int k = 0; k < f->nchain[row]; k++)
        if (face_lookup(f, f->chain[row][k], cp) >= 0)
            return f->chain[row][k];
    return -1;
}

int font_set_advance(font_set *f, int face, uint32_t cp)
{
    int w = face_lookup(f, face, cp);
    return w >= 0 ? w : 0; /* layout never draws a glyph its face lacks */
}

int font_set_covers(font_set *f, int face, uint32_t cp)
{
    return face_lookup(f, face, cp) >= 0;
}

int font_set_kern(font_set *f, int face, uint32_t a, uint32_t b)
{
    if (face < 0 || face >= f->nfaces || !f->faces[face].ft)
        return 0;
    if (!f->kern)
        f->kern = font_kern_new();
    return font_kern_pair(f->kern, face, f->faces[face].path, f->faces[face].index, a, b);
}

size_t font_set_shape(font_set *f, int face, const uint32_t *cps, size_t n, int rtl,
                      const char *lang, font_glyph **out)
{
    *out = NULL;
    if (face < 0 || face >= f->nfaces || !face_open(f, face))
        return 0;
    if (!f->kern)
        f->kern = font_kern_new();
    return font_shape_run(f->kern, face, f->faces[face].path, f->faces[face].index, cps, n, rtl,
                          lang, out);
}

int font_set_bold(font_set *f, int face)
{
    if (face < 0 || face >= f->nfaces)
        return 0;
    FT_Face ft = face_open(f, face);
    if (!ft)
        return 0;
    const TT_OS2 *os2 = FT_Get_Sfnt_Table(ft, FT_SFNT_OS2);
    if (os2 && os2->version != 0xFFFF && os2->usWeightClass >= 600)
        return 1;
    return (ft->style_flags & FT_STYLE_FLAG_BOLD) != 0;
}

/* Height of glyph `cp` above the baseline in em, or -1. */
static float glyph_top(FT_Face ft, uint32_t cp)
{
    FT_UInt gid = FT_Get_Char_Index(ft, cp);
    if (!gid || FT_Load_Glyph(ft, gid, FT_LOAD_NO_SCALE) != 0)
        return -1;
    float v = (float)ft->glyph->metrics.horiBearingY / (float)ft->units_per_EM;
    return v > 0.1f ? v : -1;
}

static void face_heights(font_set *f, int i)
{
    face_rec *r = &f->faces[i];
    FT_Face ft = face_open(f, i);
    if (r->xh != 0)
        return;
    r->xh = ft ? glyph_top(ft, 'x') : -1;
    r->caph = ft ? glyph_top(ft, 'H') : -1;
}

float font_set_scale(font_set *f, int role, int face)
{
    if (role < 0 || role >= FONT_ROLE_COUNT || face < 0 || face >= f->nfaces)
        return 1;
    int prim = f->role_face[role];
    if (face == prim || prim < 0)
        return 1;
    face_heights(f, prim);
    face_heights(f, face);
    const face_rec *a = &f->faces[prim], *b = &f->faces[face];
    if (a->xh <= 0 || b->xh <= 0 || a->caph <= 0 || b->caph <= 0)
        return 1;
    float s = (a->xh / b->xh + a->caph / b->caph) / 2;
    return s < 0.92f ? 0.92f : s > 1.12f ? 1.12f : s;
}

int font_set_count(const font_set *f)
{
    return f->nfaces;
}

const char *font_set_path(const font_set *f, int face)
{
    return face >= 0 && face < f->nfaces ? f->faces[face].path : NULL;
}

unsigned font_set_face_index(const font_set *f, int face)
{
    return face >= 0 && face < f->nfaces ? f->faces[face].index : 0;
}

int font_set_is_collection(font_set *f, int face)
{
    return face >= 0 && face < f->nfaces && face_open(f, face) && f->faces[face].ttc;
}

int font_set_role_face(const font_set *f, int role)
{
    return role >= 0 && role < FONT_ROLE_COUNT ? f->role_face[role] : -1;
}

int font_set_components(font_set *f, int face, unsigned gid, unsigned *out, int max)
{
    if (face < 0 || face >= f->nfaces)
        return 0;
    FT_Face ft = face_open(f, face);
    if (!ft || gid >= (unsigned)ft->num_glyphs)
        return 0;
    if (FT_Load_Glyph(ft, gid, FT_LOAD_NO_RECURSE | FT_LOAD_NO_SCALE) != 0)
        return 0;
    FT_GlyphSlot g = ft->glyph;
    if (g->format != FT_GLYPH_FORMAT_COMPOSITE)
        return 0;
    int n = 0;
    for (FT_UInt k = 0; k < g->num_subglyphs && n < max; k++) {
        FT_Int idx = 0, a1 = 0, a2 = 0;
        FT_UInt flags = 0;
        FT_Matrix mx;
        if (FT_Get_SubGlyph_Info(g, k, &idx, &flags, &a1, &a2, &mx) == 0 && idx >= 0)
            out[n++] = (unsigned)idx;
    }
    return n;
}

unsigned font_set_num_glyphs(font_set *f, int face)
{
    if (face < 0 || face >= f->nfaces)
        return 0;
    FT_Face ft = face_open(f, face);
    return ft ? (unsigned)ft->num_glyphs : 0;
}

const char *font_set_family(font_set *f, int face)
{
    FT_Face ft = face >= 0 && face < f->nfaces ? face_open(f, face) : NULL;
    return ft && ft->family_name && *ft->family_name ? ft->family_name : NULL;
}

int font_set_embeddable(font_set *f, int face)
{
    FT_Face ft = face >= 0 && face < f->nfaces ? face_open(f, face) : NULL;
    if (!ft)
        return 0;
    FT_UShort fs = FT_Get_FSType_Flags(ft);
    return !(fs & (FT_FSTYPE_RESTRICTED_LICENSE_EMBEDDING | FT_FSTYPE_NO_SUBSETTING |
                   FT_FSTYPE_BITMAP_EMBEDDING_ONLY));
}
