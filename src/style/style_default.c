/* The base sheet under every theme, like a browser's user-agent sheet: a theme that only
 * sets the body font still gets bold headings, italic captions, monospace code and
 * indented lists and quotes. Themes override it rule by rule. */
#include "style/style.h"

const char style_base_css[] =
    "body { line-height: 1.3; text-align: left; hyphens: auto; color: #000 }\n"
    "h1, h2, h3, h4, h5, h6 { font-weight: bold; line-height: 1.2; hyphens: manual;\n"
    "  text-align: left; text-indent: 0 }\n"
    "h1 { font-size: 2em; margin: 0.67em 0 }\n"
    "h2 { font-size: 1.5em; margin: 0.83em 0 }\n"
    "h3 { font-size: 1.17em; margin: 1em 0 }\n"
    "h4 { margin: 1.33em 0 }\n"
    "h5 { font-size: 0.83em; margin: 1.67em 0 }\n"
    "h6 { font-size: 0.67em; margin: 2.33em 0 }\n"
    "p { margin: 1em 0 }\n"
    "blockquote { margin: 1em 0 1em 2.5em }\n"
    "figure { margin: 1em 0 }\n"
    "figcaption, .caption { font-style: italic; text-align: center; text-indent: 0 }\n"
    "ul, ol { margin: 1em 0; padding-left: 2.5em }\n"
    "li ul, li ol { margin: 0 }\n"
    "pre, code { font-family: monospace; hyphens: none }\n"
    "pre { margin: 1em 0; text-align: left; text-indent: 0 }\n"
    "table { margin: 1em 0; text-indent: 0 }\n"
    "th { font-weight: bold }\n"
    "td, th { padding: 0.2em 0.4em }\n"
    "hr { margin: 0.5em 0; border-top: 1px solid #808080 }\n"
    "a { color: #1a4a8a }\n"
    "em, i { font-style: italic }\n"
    "strong, b { font-weight: bold }\n"
    "header.title-block { margin-bottom: 1.5em }\n"
    "h1.title { margin: 0 0 0.3em; line-height: 1.15 }\n"
    ".subtitle { font-style: italic; font-size: 1.2em }\n"
    ".byline, .source { font-size: 0.9em; text-align: left; text-indent: 0 }\n";
