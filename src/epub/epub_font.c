/* --embed-fonts: the theme's fonts, cut down to what the book shows, packed as font
 * resources (OEBPS/fonts/) with @font-face rules appended to style.css.
 *
 * Which font draws which character is decided the way the PDF decides it: every XHTML
 * document of the book (articles, cover, nav) is read back, each element gets its computed
 * style from the theme (the PDF's cascade, style_compute), the style gives a font role
 * (serif, serif bold, ..., mono) and fonts/fonts.conf's chain for that role gives, per code
 * point, the role's own font or the first fallback font that has it. Each font then becomes
 * one subset (font/font_subset.c, hb-subset) holding exactly the code points it draws.
 *
 * Names: a role's own font is declared under its family name as the theme writes it (the
 * theme must name it, or readers would never pick it: it is then left out with a warning).
 * A fallback font is declared under the role font's name as well, with a unicode-range of
 * the characters it stands in for, before the role font's rule (CSS looks at the faces of
 * one family in reverse order, so the role font comes first and the fallback gets what it
 * lacks); when the theme also names the fallback font (default.css lists "Nanum
 * Myeongjo"), it gets a rule of its own name too, for readers without unicode-range. */
#include "epub/epub_int.h"
#include "font/font_set.h"
#include "font/font_subset.h"
#include "style/style.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH    300 /* deeper elements take their parent's style */
#define MAX_RANGES   64  /* unicode-range entries per rule (nearby runs are merged) */
#define FAMILY_BYTES 128

/*** Code points per role and face ***/

typedef struct font_use {
    font_set *fs;
    const op_style *style;
    int nfaces;
    unsigned char **sets; /* [role * nfaces + face]: FONT_CPSET_BYTES bits, or NULL */
    int used_role[FONT_ROLE_COUNT];
} font_use;

static unsigned char *use_set(font_use *u, int role, int face)
{
    unsigned char **s = &u->sets[role * u->nfaces + face];
    if (!*s)
        *s = op_calloc(FONT_CPSET_BYTES, 1);
    return *s;
}

static void use_cp(font_use *u, int role, uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return;
    int face = font_set_face_for(u->fs, role, cp);
    if (face < 0 || face >= u->nfaces)
        return;
    FONT_CPSET_ADD(use_set(u, role, face), cp);
    u->used_role[role] = 1;
}

static void use_text(font_use *u, int role, const char *s, size_t len)
{
    for (size_t k = 0; k < len;)
        use_cp(u, role, op_utf8_next(s, len, &k));
}

/*** Walking the XHTML with the theme's cascade ***/

typedef struct walk {
    font_use *u;
    style_elem chain[MAX_DEPTH];
    style_computed cs[MAX_DEPTH];
} walk;

static int is_el(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The code points of s that the role's own font has. */
static void use_own(font_use *u, int role, const char *s)
{
    int own = font_set_role_face(u->fs, role);
    size_t len = strlen(s);

    for (size_t k = 0; k < len;) {
        uint32_t cp = op_utf8_next(s, len, &k);
        if (font_set_face_for(u->fs, role, cp) == own)
            use_cp(u, role, cp);
    }
}

/* Characters a reader may draw that are not in the text: hyphens where it hyphenates, list
 * numbers and bullets. Only those the role's own font has: a fallback font is never
 * embedded for them alone. */
static void use_extras(font_use *u, int role, xmlNodePtr n)
{
    use_own(u, role, "-\xE2\x80\x90"); /* hyphen-minus, U+2010 */
    if (is_el(n, "li"))
        use_own(u, role, "0123456789.\xE2\x80\xA2\xE2\x97\xA6\xE2\x96\xAA");
}

static int skipped(xmlNodePtr n)
{
    return n->type != XML_ELEMENT_NODE || is_el(n, "head") || xmlHasProp(n, BAD_CAST "hidden");
}

/* Element `el` at `depth` (0 = <html>, the first element of the chain, as in the PDF). Its
 * text takes its style; deeper than MAX_DEPTH, the deepest style. libxml2 refuses documents
 * nested deeper than 256 elements, so the recursion is bounded. */
static void walk_el(walk *w, xmlNodePtr el, size_t depth)
{
    size_t top = depth < MAX_DEPTH ? depth : MAX_DEPTH - 1;
    xmlChar *cls = NULL;

    if (depth < MAX_DEPTH) {
        style_computed root;
        const style_computed *parent = depth ? &w->cs[depth - 1] : NULL;
        if (!parent) {
            style_root(12.0f, &root);
            parent = &root;
        }
        cls = xmlGetProp(el, BAD_CAST "class");
        w->chain[depth] = (style_elem){(const char *)el->name, (const char *)cls};
        style_compute(w->u->style, w->chain, depth + 1, parent, 12.0f, 12.0f, 500.0f,
                      &w->cs[depth]);
        use_extras(w->u, font_role_of(&w->cs[depth]), el);
    }
    int role = font_role_of(&w->cs[top]);
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)c->content;
            use_text(w->u, role, t ? t : "", t ? strlen(t) : 0);
        } else if (!skipped(c)) {
            walk_el(w, c, depth + 1);
        }
    }
    if (depth < MAX_DEPTH)
        w->chain[depth].cls = NULL;
    xmlFree(cls);
}

/* Reads one XHTML document of the book back and records what its text uses. The model is
 * at most OP_PARSE_MAX_DEPTH_DEFAULT deep, plus a few wrappers: XML_PARSE_HUGE lifts
 * libxml2's limit of 256 to 2048 levels, a depth the recursion below takes easily. */
static void use_document(epub_book *b, font_use *u, const op_buf *xhtml, const char *name)
{
    if (!xhtml->len)
        return;
    xmlDocPtr doc =
        xmlReadMemory(xhtml->data, (int)xhtml->len, NULL, "UTF-8",
                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root)
        op_diag_report(b->diag, OP_SEV_WARNING, b->shown, 0,
                       "--embed-fonts: cannot read %s back: its text may lack embedded fonts",
                       name);
    if (root) {
        walk *w = op_calloc(1, sizeof *w);
        w->u = u;
        walk_el(w, root, 0);
        op_free(w);
    }
    xmlFreeDoc(doc);
}

/*** Family names ***/

/* Lower-case letters and digits of s: "Nanum Myeongjo" and "NanumMyeongjo" compare equal. */
static void squash(const char *s, size_t n, char *out, size_t outsz)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < outsz; i++) {
        char ch = s[i];
        if (ch >= 'A' && ch <= 'Z')
            out[o++] = (char)(ch - 'A' + 'a');
        else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (ch & 0x80))
            out[o++] = ch;
    }
    out[o] = '\0';
}

/* Finds `family` among the font-family values of the stylesheet (comments skipped) and
 * copies the stylesheet's spelling into out. Returns 0 when the stylesheet never names it. */
static int theme_names(const op_buf *css, const char *family, char *out, size_t outsz)
{
    char want[FAMILY_BYTES], got[FAMILY_BYTES];
    const char *s = css->data ? css->data : "";
    size_t n = css->len;

    squash(family, strlen(family), want, sizeof want);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
            const char *end = strstr(s + i + 2, "*/");
            i = end ? (size_t)(end - s) + 1 : n;
            continue;
        }
        if (n - i < 12 || strncasecmp(s + i, "font-family", 11) != 0)
            continue;
        size_t p = i + 11;
        while (p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r'))
            p++;
        if (p >= n || s[p] != ':')
            continue;
        for (p++; p < n && s[p] != ';' && s[p] != '}';) {
            while (p < n && strchr(" \t\r\n,\"'", s[p]))
                p++;
            size_t b = p;
            while (p < n && !strchr(",;}\"'", s[p]))
                p++;
            size_t e = p;
            while (e > b && strchr(" \t\r\n", s[e - 1]))
                e--;
            squash(s + b, e - b, got, sizeof got);
            if (*got && strcmp(got, want) == 0 && e - b < outsz) {
                memcpy(out, s + b, e - b);
                out[e - b] = '\0';
                return 1;
            }
            if (p < n && (s[p] == '"' || s[p] == '\''))
                p++;
        }
        i = p;
    }
    return 0;
}

/*** Output: font files and @font-face rules ***/

static const char *const role_weight[FONT_ROLE_COUNT] = {
    "normal", "bold", "normal", "bold", "normal", "bold", "normal", "bold", "normal", "bold"};
static const char *const role_style[FONT_ROLE_COUNT] = {"normal", "normal", "italic", "italic",
                                                        "normal", "normal", "normal", "normal",
                                                        "italic", "italic"};

/* File name of an embedded face: the source file's name (letters, digits, '-', '_', '.'),
 * made unique with a number. */
static void font_name(const epub_book *b, const char *path, char *out, size_t outsz)
{
    const char *base = strrchr(path, '/');
    char clean[64];
    size_t o = 0;

    base = base ? base + 1 : path;
    for (size_t i = 0; base[i] && o + 5 < sizeof clean; i++) {
        char ch = base[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '-' || ch == '_';
        if (ch == '.')
            break;
        clean[o++] = ok ? ch : '_';
    }
    clean[o] = '\0';
    snprintf(out, outsz, "%s.ttf", o ? clean : "font");
    for (int k = 2;; k++) {
        int clash = 0;
        for (size_t i = 0; i < b->nfonts && !clash; i++)
            clash = strcmp(b->fonts[i].name, out) == 0;
        if (!clash)
            return;
        snprintf(out, outsz, "%s-%d.ttf", o ? clean : "font", k);
    }
}

/* "U+20-7E, U+A0" for the code points of set (runs closer than `gap` merged). */
static void unicode_range(op_buf *out, const unsigned char *set)
{
    uint32_t gap = 1;
    for (;;) {
        int runs = 0;
        uint32_t last = 0;
        int open = 0;
        for (uint32_t cp = 0; cp < 65536; cp++) {
            if (!FONT_CPSET_HAS(set, cp))
                continue;
            if (!open || cp - last > gap)
                runs++;
            open = 1;
            last = cp;
        }
        if (runs <= MAX_RANGES)
            break;
        gap *= 2;
    }
    uint32_t first = 0, last = 0;
    int open = 0;
    for (uint32_t cp = 0; cp <= 65536; cp++) {
        int in = cp < 65536 && FONT_CPSET_HAS(set, cp);
        if (in && open && cp - last <= gap) {
            last = cp;
            continue;
        }
        if (open && (in || cp == 65536)) {
            op_buf_printf(out, "%sU+%X", out->len && out->data[out->len - 1] != ' ' ? ", " : "",
                          first);
            if (last > first)
                op_buf_printf(out, "-%X", last);
        }
        if (in) {
            first = last = cp;
            open = 1;
        }
    }
}

static void font_face_rule(epub_book *b, const char *family, int role, const char *file,
                           const unsigned char *range)
{
    op_buf *o = &b->font_css;
    op_buf_printf(o,
                  "@font-face {\n    font-family: \"%s\";\n    font-weight: %s;\n"
                  "    font-style: %s;\n",
                  family, role_weight[role], role_style[role]);
    if (range) {
        op_buf_adds(o, "    unicode-range: ");
        unicode_range(o, range);
        op_buf_adds(o, ";\n");
    }
    op_buf_printf(o, "    src: url(\"fonts/%s\") format(\"truetype\");\n}\n", file);
}

/* Subsets face f to `set` and adds it to the book; returns its index in b->fonts or -1 (a
 * warning names the font). */
static int add_font(epub_book *b, font_use *u, int f, const unsigned char *set)
{
    const char *path = font_set_path(u->fs, f);
    char name[80];
    char *data = NULL;
    size_t len = 0;

    if (!font_set_embeddable(u->fs, f)) {
        op_diag_report(b->diag, OP_SEV_WARNING, b->shown, 0,
                       "--embed-fonts: the license bits of font %s do not allow embedding a "
                       "subset; left out",
                       path);
        return -1;
    }
    if (font_subset(path, font_set_face_index(u->fs, f), set, FONT_SUBSET_NO_HINTING, &data,
                    &len) != OP_OK) {
        op_diag_report(b->diag, OP_SEV_WARNING, b->shown, 0,
                       "--embed-fonts: cannot subset font %s; left out", path);
        return -1;
    }
    font_name(b, path, name, sizeof name);
    if (b->nfonts == b->capfonts) {
        b->capfonts = b->capfonts ? b->capfonts * 2 : 8;
        b->fonts = op_realloc(b->fonts, b->capfonts * sizeof *b->fonts);
    }
    epub_font *ef = &b->fonts[b->nfonts];
    ef->name = op_strdup(name);
    ef->data = data;
    ef->len = len;
    return (int)b->nfonts++;
}

/* The role font's family as the theme writes it into out; 0 (warned once per family)
 * when the theme does not name it. */
static int role_family(epub_book *b, font_use *u, int role, char *out, size_t outsz,
                       unsigned char *warned)
{
    int f = font_set_role_face(u->fs, role);
    const char *fam = f >= 0 ? font_set_family(u->fs, f) : NULL;

    if (!fam)
        return 0;
    if (theme_names(&b->css, fam, out, outsz))
        return 1;
    if (!warned[f])
        op_diag_report(b->diag, OP_SEV_WARNING, b->css_name, 0,
                       "--embed-fonts: the stylesheet never names the font family \"%s\" "
                       "(%s), so readers would not use it; not embedded",
                       fam, font_set_path(u->fs, f));
    warned[f] = 1;
    return 0;
}

static void build_fonts(epub_book *b, font_use *u)
{
    int nf = u->nfaces;
    char family[FAMILY_BYTES], own[FAMILY_BYTES];
    unsigned char *warned = op_calloc((size_t)nf, 1);
    int *index = op_malloc((size_t)nf * sizeof *index);
    unsigned char **merged = op_calloc((size_t)nf, sizeof *merged);
    int live[FONT_ROLE_COUNT] = {0};

    /* the faces each live role uses, merged across roles */
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        live[r] = u->used_role[r] && role_family(b, u, r, family, sizeof family, warned);
        for (int f = 0; f < nf && live[r]; f++) {
            const unsigned char *s = u->sets[r * nf + f];
            if (!s)
                continue;
            if (!merged[f])
                merged[f] = op_calloc(FONT_CPSET_BYTES, 1);
            for (size_t k = 0; k < FONT_CPSET_BYTES; k++)
                merged[f][k] |= s[k];
        }
    }
    for (int f = 0; f < nf; f++)
        index[f] = merged[f] ? add_font(b, u, f, merged[f]) : -1;
    /* rules: fallback fonts under their own names, then per role the fallbacks under the
     * role font's name with their ranges, the role font last */
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        int own_face = font_set_role_face(u->fs, r);
        for (int f = 0; f < nf && live[r]; f++) {
            const char *fam = font_set_family(u->fs, f);
            if (f != own_face && index[f] >= 0 && u->sets[r * nf + f] && fam &&
                theme_names(&b->css, fam, own, sizeof own))
                font_face_rule(b, own, r, b->fonts[index[f]].name, NULL);
        }
    }
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        int own_face = font_set_role_face(u->fs, r);
        if (!live[r] || !role_family(b, u, r, family, sizeof family, warned))
            continue;
        for (int f = 0; f < nf; f++) {
            if (f != own_face && index[f] >= 0 && u->sets[r * nf + f])
                font_face_rule(b, family, r, b->fonts[index[f]].name, u->sets[r * nf + f]);
        }
        if (own_face >= 0 && index[own_face] >= 0 && u->sets[r * nf + own_face])
            font_face_rule(b, family, r, b->fonts[index[own_face]].name, NULL);
    }
    for (int f = 0; f < nf; f++)
        op_free(merged[f]);
    op_free(merged);
    op_free(index);
    op_free(warned);
}

op_status epub_fonts_embed(epub_book *b)
{
    font_use u = {0};
    op_status st = OP_OK;

    if (!b->fontset || !b->font_style)
        return OP_OK;
    u.fs = b->fontset;
    u.style = b->font_style;
    u.nfaces = font_set_count(b->fontset);
    /* faces open lazily: the chains may add faces while the text is read, so size the
     * table for every face fonts.conf names (face_for only returns configured faces) */
    u.sets = op_calloc((size_t)FONT_ROLE_COUNT * (size_t)u.nfaces, sizeof *u.sets);
    for (size_t i = 0; i < b->narts; i++)
        use_document(b, &u, &b->arts[i].xhtml, b->arts[i].href);
    use_document(b, &u, &b->cover_xhtml, EPUB_COVER_HREF);
    use_document(b, &u, &b->nav, "nav.xhtml");
    op_buf_adds(&b->font_css, "\n/* offprint --embed-fonts: subsets of the theme's fonts */\n");
    build_fonts(b, &u);
    if (b->nfonts == 0)
        op_buf_reset(&b->font_css);
    for (size_t i = 0; i < (size_t)FONT_ROLE_COUNT * (size_t)u.nfaces; i++)
        op_free(u.sets[i]);
    op_free(u.sets);
    return st;
}
