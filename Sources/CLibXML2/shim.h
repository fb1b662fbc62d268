// The parts of libxml2 Dyad's HTML extractor uses: the tolerant HTML parser and the tree.
#ifndef DYAD_CLIBXML2_SHIM_H
#define DYAD_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, whose headers clash with Foundation's copy of ICU in the same
// Swift module. Dyad never touches the ICU converter fields, so hide them.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

// `xmlFree` is a global function pointer, which Swift 6 refuses to call (not concurrency-safe);
// this wrapper frees what libxml2 allocated.
static inline void dyad_xmlFree(void *p) { if (p) xmlFree(p); }

#endif
