/* libxml2 set up once for the process, for every module that uses it (parse/ builds its
 * trees, extract/ walks them, epub/ writes and reads XHTML). See xml_init.c. */
#ifndef OP_XML_INIT_H
#define OP_XML_INIT_H

/* Runs xmlInitParser() once per process (pthread_once): safe from any thread, any number of
 * times. Every entry point that reaches libxml2 calls it first, so a caller who never
 * called op_init() is still safe single-threaded. (Lower snake case: not a libxml2 name.) */
void xml_init_once(void);

#endif
