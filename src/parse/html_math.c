/* HTML -> model, MathML: math as linear text, what a reader without math layout shows: a
 * fraction as num/den, a root as √base, scripts as SUB/SUP, operators spaced as MathML's
 * operator dictionary spaces them. The rules in full are above parse_html_enter_math. */
#include "core/core.h"
#include "parse/html_int.h"

#include <stdlib.h>
#include <string.h>

int parse_html_is_mathml(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           !strcmp((const char *)n->ns->href, "http://www.w3.org/1998/Math/MathML");
}

static int math_is(const xmlNode *n, const char *name)
{
    return parse_html_is_mathml(n) && !strcmp((const char *)n->name, name);
}

int parse_html_math_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* An element that takes no room in the linear text: mspace, none, an empty token. */
static int math_blank(const xmlNode *n)
{
    if (math_is(n, "mspace") || math_is(n, "none"))
        return 1;
    if (!math_is(n, "mi") && !math_is(n, "mn") && !math_is(n, "mo") && !math_is(n, "mtext"))
        return 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_TEXT_NODE)
            return 0;
        for (const xmlChar *t = c->content; t && *t; t++)
            if (!parse_html_math_ws(*t))
                return 0;
    }
    return 1;
}

/* The previous sibling that takes room, or NULL. */
static const xmlNode *math_prev(const xmlNode *n)
{
    for (n = n->prev; n; n = n->prev)
        if (n->type == XML_ELEMENT_NODE && !math_blank(n))
            return n;
    return NULL;
}

/* Elements whose children are laid out in a row (an explicit or inferred mrow). */
static int math_row(const xmlNode *n)
{
    static const char *const rows[] = {"math",   "mrow",    "mtd",      "msqrt",    "mstyle",
                                       "merror", "mpadded", "mphantom", "menclose", "semantics"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (math_is(n, rows[i]))
            return 1;
    return 0;
}

static int math_scripted(const xmlNode *n)
{
    static const char *const s[] = {"msub",  "msup",       "msubsup",      "munder",
                                    "mover", "munderover", "mmultiscripts"};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        if (math_is(n, s[i]))
            return 1;
    return 0;
}

/* 1 when n sits in a script (not the base) of a scripted element, up to its <math>. */
static int math_in_script(const xmlNode *n)
{
    for (; parse_html_is_mathml(n) && !math_is(n, "math"); n = n->parent)
        if (math_scripted(n->parent) && math_prev(n))
            return 1;
    return 0;
}

/* The text of an <mo>, trimmed, into buf (empty when it does not fit). */
static void math_op_text(const xmlNode *n, char *buf, size_t size)
{
    xmlChar *t = xmlNodeGetContent(n);
    const char *s = t ? (const char *)t : "";
    size_t len = strlen(s);
    while (len && parse_html_math_ws((unsigned char)s[len - 1]))
        len--;
    while (len && parse_html_math_ws((unsigned char)*s)) {
        s++;
        len--;
    }
    if (len >= size)
        len = 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    xmlFree(t);
}

static int math_op_in(const char *op, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(op, set[i]))
            return 1;
    return 0;
}

enum { MO_PLAIN, MO_REL, MO_BIN, MO_SEP };

/* Relations and binary operators (MathML's operator dictionary gives them a thick or
 * medium space on each side), separators (a thin space after). */
static int math_op_class(const char *op)
{
    static const char *const rel[] = {
        "=",      "<",      ">",      ":=",     "\u2260", "\u2264", "\u2265", "\u2248",
        "\u2261", "\u223C", "\u2243", "\u2245", "\u221D", "\u226A", "\u226B", "\u2192",
        "\u2190", "\u2194", "\u21D2", "\u21D0", "\u21D4", "\u21A6", "\u2208", "\u2209",
        "\u220B", "\u2282", "\u2283", "\u2286", "\u2287", "\u22A5", "\u2223", "\u2225"};
    static const char *const bin[] = {"+",      "-",      "\u2212", "\u00B1", "\u2213",
                                      "\u00D7", "\u00F7", "\u22C5", "\u00B7", "\u2217",
                                      "\u2218", "\u2219", "\u222A", "\u2229", "\u2227",
                                      "\u2228", "\u2295", "\u2297", "\u2296", "\u2216"};
    if (math_op_in(op, rel, sizeof rel / sizeof rel[0]))
        return MO_REL;
    if (math_op_in(op, bin, sizeof bin / sizeof bin[0]))
        return MO_BIN;
    if (!strcmp(op, ",") || !strcmp(op, ";"))
        return MO_SEP;
    return MO_PLAIN;
}

/* A binary operator is a prefix one (a sign) at the start of its row or after another
 * operator that is not a closing fence, unless its form says otherwise. */
static int math_prefix(const xmlNode *mo)
{
    const char *form = parse_html_attr(mo, "form");
    if (form)
        return !strcmp(form, "prefix");
    const xmlNode *p = math_prev(mo);
    if (!p)
        return 1;
    if (!math_is(p, "mo"))
        return 0;
    char op[16];
    math_op_text(p, op, sizeof op);
    static const char *const close[] = {")", "]", "}", "|", "\u2016", "\u27E9", "\u232A"};
    return !math_op_in(op, close, sizeof close / sizeof close[0]);
}

/* The number of children that take room; *one gets the last of them. */
static int math_items(const xmlNode *n, const xmlNode **one)
{
    int k = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !math_blank(c)) {
            k++;
            *one = c;
        }
    return k;
}

/* The fence an <mo> is: 1 opening, 2 closing, 0 none. */
static int math_fence(const xmlNode *n)
{
    if (!math_is(n, "mo"))
        return 0;
    char op[16];
    math_op_text(n, op, sizeof op);
    static const char *const open[] = {"(", "[", "{", "\u27E8", "\u2329"};
    static const char *const close[] = {")", "]", "}", "\u27E9", "\u232A"};
    return math_op_in(op, open, 5) ? 1 : math_op_in(op, close, 5) ? 2 : 0;
}

/* 1 when the row's items are one fenced group: "(1 - q)", not "(a)(b)". */
static int math_fenced(const xmlNode *n)
{
    const xmlNode *first = NULL, *last = NULL;
    int opens = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !math_blank(c)) {
            first = first ? first : c;
            last = c;
            opens += math_fence(c) == 1;
        }
    return first && first != last && math_fence(first) == 1 && math_fence(last) == 2 && opens == 1;
}

/* A part that needs parentheses as a numerator, denominator or radicand: a row of more
 * than one element (unless already one fenced group), a fraction, a table. */
static int math_compound(const xmlNode *n)
{
    if (math_is(n, "mfrac") || math_is(n, "mtable"))
        return 1;
    if (!math_row(n) || math_is(n, "msqrt"))
        return 0;
    const xmlNode *one = NULL;
    int k = math_items(n, &one);
    return k > 1 ? !math_fenced(n) : k == 1 && math_compound(one);
}

/* An mspace at least as wide as a thick space reads as a space. */
static int math_wide_space(const char *width)
{
    if (!width)
        return 0;
    if (strstr(width, "thickmathspace"))
        return 1;
    char *end = NULL;
    double w = strtod(width, &end);
    return end != width && !strncmp(end, "em", 2) && w >= 0.25;
}

/* MathML as linear text. MathML's white space is not text: token contents are trimmed and
 * the space between elements is ignored, so indented and compact MathML read alike.
 * Relations and infix operators get a space on each side (a prefix minus and operators
 * inside scripts none), separators one after; table cells and rows are separated by a
 * space; a fraction is num/den and a root √base, compound parts in parentheses; the scripts
 * of msub/msup/msubsup and munder/mover/munderover become SUB/SUP (an accent, a lone
 * operator over or under its base, stays inline); annotations (the TeX source, a repeat)
 * are skipped, and display="block" math is a block of its own. */
int parse_html_enter_math(hstate *h, xmlNode *n, rec *r)
{
    const char *name = (const char *)n->name;
    if (!strcmp(name, "annotation") || !strcmp(name, "annotation-xml"))
        return 0;
    if (!strcmp(name, "math")) {
        const char *d = parse_html_attr(n, "display");
        if (d && !strcmp(d, "block")) {
            op_build_break(h->b);
            r->brk = 1;
        }
        return 1;
    }
    xmlNode *p = n->parent;
    const xmlNode *prev = math_prev(n);
    if ((!strcmp(name, "mtd") || !strcmp(name, "mtr") || !strcmp(name, "mlabeledtr")) && prev)
        op_build_text(h->b, " ", 1);
    if (math_is(p, "mfrac") && !math_blank(n)) {
        if (prev) {
            const char *lt = parse_html_attr(p, "linethickness"); /* 0: a binomial, no bar */
            char *end = NULL;
            double t = lt ? strtod(lt, &end) : 1;
            op_build_text(h->b, lt && end != lt && t < 1e-9 ? " " : "/", 1);
        }
        if (math_compound(n)) {
            op_build_text(h->b, "(", 1);
            r->math_after = ")";
        }
    }
    if (!strcmp(name, "msqrt")) {
        op_build_text(h->b, "\u221A", strlen("\u221A"));
        const xmlNode *one = NULL;
        int k = math_items(n, &one);
        if (k > 1 ? !math_fenced(n) : k == 1 && math_compound(one)) {
            op_build_text(h->b, "(", 1);
            r->math_after = ")";
        }
    }
    if (!strcmp(name, "mspace") && math_wide_space(parse_html_attr(n, "width")))
        op_build_text(h->b, " ", 1);
    if (!strcmp(name, "mo") && math_row(p) && !math_in_script(n)) {
        char op[16];
        math_op_text(n, op, sizeof op);
        int cls = math_op_class(op);
        if (cls == MO_REL || (cls == MO_BIN && !math_prefix(n))) {
            op_build_text(h->b, " ", 1);
            r->math_after = " ";
        } else if (cls == MO_SEP && prev) {
            r->math_after = " ";
        }
    }
    if (math_scripted(p) && !math_is(p, "mmultiscripts") && prev) {
        const char *pn = (const char *)p->name;
        int k = 0;
        for (const xmlNode *c = p->children; c && c != n; c = c->next)
            k += c->type == XML_ELEMENT_NODE;
        int under = !strcmp(pn, "munder") || (!strcmp(pn, "munderover") && k == 1);
        int over = !strcmp(pn, "mover") || (!strcmp(pn, "munderover") && k == 2);
        const char *acc = parse_html_attr(p, under ? "accentunder" : "accent");
        int accent = (under || over) && ((acc && !strcmp(acc, "true")) ||
                                         (!strcmp(name, "mo") && strcmp(pn, "munderover")));
        int sup = !strcmp(pn, "msup") || over || (!strcmp(pn, "msubsup") && k == 2);
        if (!accent && k >= 1) {
            op_build_enter(h->b, sup ? OP_NODE_SUP : OP_NODE_SUB);
            r->enters = 1;
        }
    }
    return 1;
}
