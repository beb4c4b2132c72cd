/* xmlpart.h: streams one package part through expat.
 *
 * Namespace-aware: handlers see "URI\x01local" names and compare local
 * names only (xc_xml_local), so any prefix (x:, s:, ns2:) and both the
 * Transitional and Strict namespaces read alike.  A DOCTYPE is refused
 * (no entity is ever expanded, no external file read).  Every user
 * context starts with an xc_xml_base, so a handler can stop the parse
 * with an error through xc_xml_fail. */
#ifndef XC_XMLPART_H
#define XC_XMLPART_H
#include <expat.h>
#include <stdbool.h>

#include "err.h"
#include "zipio.h"

typedef struct {
  XML_Parser parser;
  xc_error *err;
  const char *part;
  xc_err code; /* set by xc_xml_fail */
} xc_xml_base;

typedef struct {
  void (*start)(void *ud, const char *name, const char **attrs);
  void (*end)(void *ud, const char *name);
  void (*text)(void *ud, const char *s, int len); /* may be NULL */
  /* true: no namespace processing; handlers see qualified names ("x:c") and
   * resolve prefixes themselves (the worksheet hot path: about 20% faster). */
  bool qualified_names;
} xc_xml_handlers;

/* Parses part `name` of z; ud must point to a struct starting with xc_xml_base.
 * Returns XC_OK or the error (e filled with part, line and column). */
xc_err xc_xml_parse_part(xc_zip *z, const char *name, const xc_xml_handlers *h, void *ud,
                         xc_error *e);
/* Parses a memory buffer the same way (for fuzzing and unit tests). */
xc_err xc_xml_parse_mem(const char *data, size_t n, const char *name, const xc_xml_handlers *h,
                        void *ud, xc_error *e);

/* The same, fed by the caller piece by piece (ud as above): open, feed until
 * last is true or an error comes back, close.  NULL on out of memory. */
typedef struct xc_xml_stream xc_xml_stream;
xc_xml_stream *xc_xml_open(const char *part, const xc_xml_handlers *h, void *ud, xc_error *e);
xc_err xc_xml_feed(xc_xml_stream *s, const char *data, size_t n, bool last);
void xc_xml_close(xc_xml_stream *s);

/* From a handler: records the error at the current position and stops. */
void xc_xml_fail(void *ud, xc_err code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
bool xc_xml_failed(const void *ud);

/* The local part of an expanded name ("URI\x01local"). */
const char *xc_xml_local(const char *name);
/* The local part of a qualified name ("x:c" -> "c"). */
const char *xc_xml_qlocal(const char *qname);
/* true when the expanded name has a namespace. */
bool xc_xml_has_ns(const char *name);
/* An attribute's value by local name: ns=false wants an unqualified attribute
 * (r, t, s), ns=true a qualified one (r:id).  NULL when absent. */
const char *xc_xml_attr(const char **attrs, const char *local, bool ns);

#endif
