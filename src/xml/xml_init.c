/* Process-wide set-up of libxml2, the one third-party library parse/, extract/ and epub/
 * share: xmlInitParser() exactly once (libxml2 2.9 asks for it "before using any of the
 * API" in a threaded program), reached from op_init() and from each entry point that uses
 * libxml2. */
#include "xml/xml_init.h"
#include "fetch/fetch_int.h"

#include "offprint/offprint.h"

#include <libxml/parser.h>
#include <pthread.h>

/* Error handlers: none is installed, on purpose. In Debian 12's libxml2 2.9.14 (built with
 * LIBXML_THREAD_ENABLED) xmlGenericError and xmlStructuredError are per-thread state and
 * xmlThrDefSet*ErrorFunc sets the default of threads created later for the whole process,
 * the host program's libxml2 use included, which is not a library's to change. Instead each
 * parse passes XML_PARSE_NOERROR | XML_PARSE_NOWARNING (nothing printed) and reads what went
 * wrong from its own parser context (xmlCtxtGetLastError) or its result, so no state is
 * shared between threads. gumbo builds the HTML trees, not libxml2's parser; the
 * xmlTextWriter reports only misuse and out-of-memory through xmlGenericError. */

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
    xmlInitParser();
}

void xml_init_once(void)
{
    pthread_once(&once, init);
}

void op_init(void)
{
    xml_init_once();
    fetch_init_once();
}
