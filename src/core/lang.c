/* Guessing an article's language when the page declares none (about a third of saved
 * pages and most text dumps), so the PDF is hyphenated with the right dictionary and both
 * outputs carry a language. Two steps, both cheap (some 30 microseconds for the first 8 KB
 * of text, which is all we read):
 *
 *  - the script: Hangul -> ko, kana -> ja, Han alone -> zh, Greek -> el, Hebrew -> he,
 *    Arabic -> ar, Thai -> th (the letters of one script being most of the text);
 *  - Latin and Cyrillic text: the share of the words that are among each language's most
 *    frequent function words. Prose in a language has 20-35 % of them; a guess needs 12 %
 *    and twice the runner-up's share, else the document stays without a language (no
 *    hyphenation, as before) rather than getting a wrong one.
 *
 * A statistical guesser (libexttextcat) was tried: right on the corpus pages but 35-50 ms
 * to load its 160 language models a process, as long as a whole conversion. */
#include "offprint/offprint.h"

#include "core/core.h"

#include <string.h>

#define READ_MAX  8192
#define MIN_WORDS 20

typedef struct lang_words {
    const char *tag;
    const char *words; /* space-separated, lowercase, with spaces at both ends */
} lang_words;

/* The most frequent function words of each language (articles, pronouns, prepositions,
 * conjunctions, common verbs), lowercase. Words two languages share count for both. */
static const lang_words latin[] = {
    {"en", " the of and to in is that for it with as was on are be by this have from or at "
           "not but his they which you he were has had an their been will would there what "
           "who its them than when can also into our we "},
    {"de", " der die und in den von zu das mit sich des auf für ist im dem nicht ein eine "
           "als auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie "
           "einem über so zum war haben nur oder aber vor zur bis mehr durch man "},
    {"fr", " de la le et les des en un du une que est pour qui dans par plus pas au sur ne "
           "se ce il sont avec son cette aux mais ou elle ont leur été comme nous vous sa "
           "ses "},
    {"es", " de la que el en y los del se las por un para con no una su al es lo como más "
           "pero sus le ya o fue este ha sí porque esta son entre cuando muy sin sobre "
           "también me hasta hay donde desde "},
    {"it", " di e il la che in un per non è una del le si della con i al da dei sono anche "
           "come nel alla gli più lo ma ha delle questo nella o sua loro essere "},
    {"pt", " de a o que e do da em um para é com não uma os no se na por mais as dos como "
           "mas foi ao ele das tem à seu sua ou ser quando muito há nos já está também "},
    {"nl", " de van het een en in is dat op te zijn met voor niet aan er die ook als bij "
           "door om maar dan naar wordt nog was hij uit worden tot ze wel kan hebben "},
    {"sv", " och i att det som en på är av för med till den har de inte om ett han var men "
           "så vi sig från kan eller när efter"},
    {"da", " og i at det er en til på af med for som den de ikke har et han var men jeg "
           "om fra så kan eller efter blev også sig når "},
    {"nb", " og i det er på til som en av for med at de ikke den har et han var jeg om "
           "fra så kan eller etter ble også seg når"},
    {"pl", " i w się na nie z do to że jest o jak a po co tak za od ale przez już jego "
           "być może tym dla są jej tylko ich lub był było "},
    {"cs", " a se na v je že to s z o do by i jako ale pro jsou jeho k tak po jak také "
           "bylo byl jen už který která které "},
    {"fi", " ja on ei että se oli hän mutta kun niin myös ovat tai jos kuin ole mitä sen "
           "vain jo nyt tämä sitä joka olla "},
    {"tr", " ve bir bu da de için ile çok ne daha gibi olarak en ama kadar sonra olan var "
           "değil her o mi ya ki "},
    {"id", " yang dan di itu dengan untuk tidak ini dari dalam akan pada juga saya ke "
           "karena tersebut bisa ada mereka oleh lebih sudah "},
    {"ru", " и в не на что с по это как он из а к но за то все его она так от же было "
           "для был только также или уже о бы у мы при "},
    {"uk", " і в не на що з та до це як у він за але його від по для я же так був вона "
           "також або вже ми про при їх "},
};

static int is_letter_cp(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x52F) ||
           (c >= 0x1E00 && c <= 0x1EFF);
}

/* Lowercase of the ASCII, Latin-1 and Cyrillic capitals (the function words in the lists
 * are lowercase; a capital from Latin Extended-A is rare at a function word's start). */
static uint32_t lower_cp(uint32_t c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
        return c + 32;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    return c;
}

typedef struct script_count {
    size_t hangul, kana, han, greek, hebrew, arabic, thai;
    size_t letters; /* of any script counted, Latin and Cyrillic included */
} script_count;

static void count_script(script_count *sc, uint32_t c)
{
    if (c < 0x250 || (c >= 0x400 && c <= 0x52F)) { /* Latin, Cyrillic */
        sc->letters += is_letter_cp(c) != 0;
        return;
    }
    if (c >= 0x370 && c <= 0x3FF)
        sc->greek++;
    else if (c >= 0x590 && c <= 0x5FF)
        sc->hebrew++;
    else if (c >= 0x600 && c <= 0x6FF)
        sc->arabic++;
    else if (c >= 0xE00 && c <= 0xE7F)
        sc->thai++;
    else if ((c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF))
        sc->hangul++;
    else if (c >= 0x3040 && c <= 0x30FF)
        sc->kana++;
    else if (c >= 0x4E00 && c <= 0x9FFF)
        sc->han++;
    else
        return;
    sc->letters++;
}

/* The script's language when one non-Latin script has most of the letters, else NULL. */
static const char *script_lang(const script_count *sc)
{
    size_t n = sc->letters;
    if (n < MIN_WORDS)
        return NULL;
    if (sc->hangul * 3 > n)
        return "ko";
    if (sc->kana * 10 > n && (sc->kana + sc->han) * 2 > n)
        return "ja";
    if (sc->han * 2 > n)
        return "zh";
    if (sc->greek * 2 > n)
        return "el";
    if (sc->hebrew * 2 > n)
        return "he";
    if (sc->arabic * 2 > n)
        return "ar";
    if (sc->thai * 2 > n)
        return "th";
    return NULL;
}

enum { NL = sizeof latin / sizeof latin[0] };
_Static_assert(NL <= 32, "a word's languages are bits of a uint32_t");

/* Every list's words in one table, built for each guess (some 800 words: microseconds, and
 * nothing shared between threads): a word's bit l is set when list l has it. Looking each
 * word of the text up in every list one by one cost 5 ms an article, half of an EPUB's. */
#define WORD_SLOTS 2048 /* a power of two, over twice the words of all lists */

typedef struct word_slot {
    const char *word; /* in its list, not NUL-terminated; NULL: an empty slot */
    uint32_t len;
    uint32_t langs;
} word_slot;

/* The slot of w (wlen bytes): the one holding it, else the empty one where it would go. */
static word_slot *word_slot_of(word_slot *t, const char *w, size_t wlen)
{
    size_t i = (size_t)op_fnv64(w, wlen) & (WORD_SLOTS - 1);
    while (t[i].word && !(t[i].len == wlen && memcmp(t[i].word, w, wlen) == 0))
        i = (i + 1) & (WORD_SLOTS - 1);
    return &t[i];
}

static void words_index(word_slot *t)
{
    memset(t, 0, WORD_SLOTS * sizeof *t);
    for (size_t l = 0; l < NL; l++) {
        const char *p = latin[l].words;
        while ((p = strchr(p, ' ')) != NULL) {
            const char *q = p + 1, *e = strchr(q, ' ');
            if (!e) /* a word counts when a space closes it */
                break;
            if (e > q) {
                word_slot *sl = word_slot_of(t, q, (size_t)(e - q));
                sl->word = q;
                sl->len = (uint32_t)(e - q);
                sl->langs |= 1u << l;
            }
            p = e;
        }
    }
}

/* The guess (see op_lang_guess); with `declared` (a primary subtag's index into latin[], or
 * -1), *declared_low is set to 1 when under 8% of the words are that language's function
 * words and a quarter of the best language's share (prose has 20-35%; a German article
 * has 4% English ones: in, an, will...). */
static const char *guess(const char *text, size_t len, int declared, int *declared_low)
{
    if (!text)
        return NULL;
    if (len > READ_MAX) {
        len = READ_MAX;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--; /* stop at a code point's start */
    }
    word_slot table[WORD_SLOTS];
    words_index(table);
    size_t hits[NL] = {0}, words = 0;
    script_count sc = {0};
    char w[64];
    size_t wl = 0;
    int too_long = 0;
    for (size_t i = 0; i <= len;) {
        uint32_t c = 0;
        if (i < len)
            c = op_utf8_next(text, len, &i);
        else
            i++;
        count_script(&sc, c);
        if (c && is_letter_cp(c)) {
            char enc[4];
            int k = op_utf8_encode(lower_cp(c), enc);
            if (wl + (size_t)k < sizeof w)
                memcpy(w + wl, enc, (size_t)k), wl += (size_t)k;
            else
                too_long = 1;
            continue;
        }
        if (wl && !too_long) {
            words++;
            uint32_t langs = word_slot_of(table, w, wl)->langs;
            for (size_t l = 0; l < NL; l++)
                hits[l] += (langs >> l) & 1;
        }
        wl = 0;
        too_long = 0;
    }
    if (declared >= 0) {
        size_t top = 0;
        for (size_t l = 0; l < NL; l++)
            top = hits[l] > top ? hits[l] : top;
        *declared_low = hits[declared] * 100 < words * 8 && hits[declared] * 4 < top;
    }
    const char *s = script_lang(&sc);
    if (s)
        return s;
    if (words < MIN_WORDS)
        return NULL;
    size_t best = 0, second = 0;
    for (size_t l = 1; l < NL; l++)
        if (hits[l] > hits[best])
            best = l;
    for (size_t l = 0; l < NL; l++)
        if (l != best && hits[l] > second)
            second = hits[l];
    if (hits[best] * 100 < words * 12 || hits[best] < 2 * second)
        return NULL;
    return latin[best].tag;
}

const char *op_lang_guess(const char *text, size_t len)
{
    return guess(text, len, -1, NULL);
}

/* The index in latin[] of the language of BCP 47 tag `tag` (its primary subtag; Norwegian's
 * no and nn count as nb), or -1. */
static int list_index(const char *tag)
{
    char primary[4];
    size_t n = 0;
    while (tag[n] && tag[n] != '-' && tag[n] != '_' && n < 3) {
        primary[n] = (char)(tag[n] >= 'A' && tag[n] <= 'Z' ? tag[n] + 32 : tag[n]);
        n++;
    }
    if (n < 2 || (tag[n] && tag[n] != '-' && tag[n] != '_'))
        return -1;
    primary[n] = '\0';
    if (!strcmp(primary, "no") || !strcmp(primary, "nn"))
        return list_index("nb");
    for (size_t l = 0; l < NL; l++)
        if (!strcmp(primary, latin[l].tag))
            return (int)l;
    return -1;
}

const char *op_lang_recheck(const char *text, size_t len, const char *declared)
{
    int d = text && declared ? list_index(declared) : -1;
    if (d < 0)
        return NULL; /* a language without a word list: nothing to measure it by */
    int low = 0;
    const char *tag = guess(text, len, d, &low);
    if (!tag || !low || list_index(tag) == d)
        return NULL;
    return tag;
}
