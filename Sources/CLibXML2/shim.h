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

#include <libxml/parserInternals.h>
#include <string.h>

// Parses HTML bytes with SAX callbacks and builds no tree (the tree costs more than the parse).
// Mirrors htmlReadMemory: the named encoding, when libxml2 knows it, overrides any declaration.
// Returns -1 when no parser context could be made.
static inline int dyad_htmlSAXParse(const char *buffer, int size, const char *encoding, int options, void *user,
                                    startElementSAXFunc start, endElementSAXFunc end, charactersSAXFunc characters) {
    xmlInitParser();
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(buffer, size);
    if (ctxt == NULL) return -1;
    htmlSAXHandler handler;
    memset(&handler, 0, sizeof handler);
    handler.startElement = start;
    handler.endElement = end;
    handler.characters = characters;
    handler.cdataBlock = characters;
    handler.ignorableWhitespace = characters;
    xmlSAXHandlerPtr own = ctxt->sax;
    ctxt->sax = (xmlSAXHandlerPtr)&handler;
    ctxt->userData = user;
    htmlCtxtUseOptions(ctxt, options);
    if (encoding != NULL) {
        xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(encoding);
        if (h != NULL) xmlSwitchToEncoding(ctxt, h);
    }
    htmlParseDocument(ctxt);
    ctxt->sax = own;
    htmlFreeParserCtxt(ctxt);
    return 0;
}

#endif
