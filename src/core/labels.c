/* The document's language for both back ends: its tag checked and normalised (EPUB
 * dc:language and lang attributes, the PDF's /Lang), and the labels written in it (the
 * EPUB's navigation and landmarks, the heading of the PDF's --toc page). One table for
 * both. */
#include "core/core.h"

#include <ctype.h>
#include <string.h>

void op_lang_primary(const char *lang, char *out, size_t outsz)
{
    size_t n = 0;
    for (; lang && lang[n] && lang[n] != '-' && lang[n] != '_' && n + 1 < outsz; n++)
        out[n] = (char)tolower((unsigned char)lang[n]);
    out[n] = '\0';
}

int op_lang_valid(const char *lang)
{
    size_t n = 0, sub = 0;

    if (!lang)
        return 0;
    for (const char *p = lang;; p++) {
        if (*p == '-' || *p == '\0') {
            if (n < (sub == 0 ? 2u : 1u) || n > 8)
                return 0;
            if (*p == '\0')
                return 1;
            sub++;
            n = 0;
        } else if (isalpha((unsigned char)*p) || (sub > 0 && isdigit((unsigned char)*p))) {
            n++;
        } else {
            return 0;
        }
    }
}

void op_lang_tag(const char *lang, char *out, size_t outsz)
{
    size_t n = lang ? strlen(lang) : 0;
    out[0] = '\0';
    if (n == 0 || n >= outsz)
        return;
    memcpy(out, lang, n + 1);
    for (char *p = out; *p; p++) {
        if (*p == '_')
            *p = '-';
    }
    if (!op_lang_valid(out))
        out[0] = '\0';
}

typedef struct label_row {
    const char *lang;
    const char *text[OP_LABEL_COUNT];
} label_row;

/* Contents, Landmarks, Cover, Table of contents, Start of content, "%s and %d more". */
static const label_row labels[] = {
    {"en",
     {"Contents", "Landmarks", "Cover", "Table of contents", "Start of content", "%s and %d more"}},
    {"de",
     {"Inhalt", "Orientierungspunkte", "Titelbild", "Inhaltsverzeichnis", "Textanfang",
      "%s und %d weitere"}},
    {"fr",
     {"Sommaire", "Rep\xC3\xA8res", "Couverture", "Table des mati\xC3\xA8res",
      "D\xC3\xA9"
      "but du texte",
      "%s et %d autres"}},
    {"es",
     {"Contenido", "Puntos de referencia", "Portada", "\xC3\x8Dndice", "Inicio del texto",
      "%s y %d m\xC3\xA1s"}},
    {"it",
     {"Indice", "Punti di riferimento", "Copertina", "Sommario", "Inizio del testo",
      "%s e altri %d"}},
    {"pt",
     {"Conte\xC3\xBA"
      "do",
      "Pontos de refer\xC3\xAAncia", "Capa", "Sum\xC3\xA1rio",
      "In\xC3\xAD"
      "cio do texto",
      "%s e mais %d"}},
    {"nl",
     {"Inhoud", "Ori\xC3\xABntatiepunten", "Omslag", "Inhoudsopgave", "Begin van de tekst",
      "%s en %d meer"}},
    {"ko",
     {"\xEB\xAA\xA9\xEC\xB0\xA8", "\xEC\xA3\xBC\xEC\x9A\x94 \xEC\x9C\x84\xEC\xB9\x98",
      "\xED\x91\x9C\xEC\xA7\x80", "\xEB\xAA\xA9\xEC\xB0\xA8",
      "\xEB\xB3\xB8\xEB\xAC\xB8 \xEC\x8B\x9C\xEC\x9E\x91", "%s \xEC\x99\xB8 %d\xED\x8E\xB8"}},
    {"ru",
     {"\xD0\xA1\xD0\xBE\xD0\xB4\xD0\xB5\xD1\x80\xD0\xB6\xD0\xB0\xD0\xBD\xD0\xB8\xD0\xB5",
      "\xD0\x9E\xD1\x80\xD0\xB8\xD0\xB5\xD0\xBD\xD1\x82\xD0\xB8\xD1\x80\xD1\x8B",
      "\xD0\x9E\xD0\xB1\xD0\xBB\xD0\xBE\xD0\xB6\xD0\xBA\xD0\xB0",
      "\xD0\x9E\xD0\xB3\xD0\xBB\xD0\xB0\xD0\xB2\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xB8\xD0\xB5",
      "\xD0\x9D\xD0\xB0\xD1\x87\xD0\xB0\xD0\xBB\xD0\xBE "
      "\xD1\x82\xD0\xB5\xD0\xBA\xD1\x81\xD1\x82\xD0\xB0",
      "%s \xD0\xB8 \xD0\xB5\xD1\x89\xD1\x91 %d"}},
    {"ja",
     {"\xE7\x9B\xAE\xE6\xAC\xA1",
      "\xE3\x83\xA9\xE3\x83\xB3\xE3\x83\x89\xE3\x83\x9E\xE3\x83\xBC\xE3\x82\xAF",
      "\xE8\xA1\xA8\xE7\xB4\x99", "\xE7\x9B\xAE\xE6\xAC\xA1", "\xE6\x9C\xAC\xE6\x96\x87",
      "%s \xE3\x81\xBB\xE3\x81\x8B%d\xE6\x9C\xAC"}},
    {"zh",
     {"\xE7\x9B\xAE\xE5\xBD\x95", "\xE5\xAF\xBC\xE8\x88\xAA", "\xE5\xB0\x81\xE9\x9D\xA2",
      "\xE7\x9B\xAE\xE5\xBD\x95", "\xE6\xAD\xA3\xE6\x96\x87", "%s \xE7\xAD\x89 %d \xE7\xAF\x87"}},
};

const char *op_label_text(const char *lang, op_label which)
{
    char p[12];
    op_lang_primary(lang, p, sizeof p);
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        if (strcmp(p, labels[i].lang) == 0)
            return labels[i].text[which];
    }
    return labels[0].text[which];
}

int op_lang_rtl(const char *lang)
{
    static const char *const rtl[] = {"ar", "fa", "he", "iw", "ur", "yi",
                                      "ps", "sd", "ug", "dv", "ckb"};
    char p[12];
    op_lang_primary(lang, p, sizeof p);
    for (size_t i = 0; i < sizeof rtl / sizeof rtl[0]; i++) {
        if (strcmp(p, rtl[i]) == 0)
            return 1;
    }
    return 0;
}
