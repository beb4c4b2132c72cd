/* xmlpart.c: expat driver with DTD refusal and precise error positions. */
#include "xmlpart.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "numtext.h"

#define NS_SEP '\x01'

const char *xc_xml_local(const char *name) {
  const char *p = strrchr(name, NS_SEP);
  return p ? p + 1 : name;
}

const char *xc_xml_qlocal(const char *q) {
  for (const char *p = q; *p; p++)
    if (*p == ':') return p + 1;
  return q;
}

bool xc_xml_has_ns(const char *name) { return strchr(name, NS_SEP) != NULL; }

const char *xc_xml_attr(const char **attrs, const char *local, bool ns) {
  for (size_t i = 0; attrs[i]; i += 2) {
    const char *sep = strrchr(attrs[i], NS_SEP);
    if (ns ? (sep && strcmp(sep + 1, local) == 0) : (!sep && strcmp(attrs[i], local) == 0))
      return attrs[i + 1];
  }
  return NULL;
}

static void record_position(xc_xml_base *b) {
  if (!b->err) return;
  b->err->line = (unsigned long)XML_GetCurrentLineNumber(b->parser);
  b->err->col = (unsigned long)XML_GetCurrentColumnNumber(b->parser) + 1;
}

void xc_xml_fail(void *ud, xc_err code, const char *fmt, ...) {
  xc_xml_base *b = ud;
  if (b->code != XC_OK) return;
  b->code = code;
  if (b->err && b->err->code == XC_OK) {
    char detail[sizeof b->err->detail] = "";
    if (fmt) {
      va_list ap;
      va_start(ap, fmt);
      vsnprintf(detail, sizeof detail, fmt, ap);
      va_end(ap);
    }
    xc_fail(b->err, code, b->part, "%s", detail);
    record_position(b);
  }
  XML_StopParser(b->parser, XML_FALSE);
}

bool xc_xml_failed(const void *ud) { return ((const xc_xml_base *)ud)->code != XC_OK; }

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset) {
  (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
  xc_xml_fail(ud, XC_ERR_DTD, "<!DOCTYPE>");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param,
                              const XML_Char *value, int value_len, const XML_Char *base,
                              const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation) {
  (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid, (void)pubid,
      (void)notation;
  xc_xml_fail(ud, XC_ERR_DTD, "<!ENTITY %s>", name);
}

typedef struct {
  xc_xml_base *base;
  const xc_xml_handlers *h;
  void *ud;
} driver;

static void XMLCALL on_start(void *d, const XML_Char *name, const XML_Char **attrs) {
  driver *dr = d;
  if (dr->base->code == XC_OK) dr->h->start(dr->ud, name, attrs);
}
static void XMLCALL on_end(void *d, const XML_Char *name) {
  driver *dr = d;
  if (dr->base->code == XC_OK) dr->h->end(dr->ud, name);
}
static void XMLCALL on_text(void *d, const XML_Char *s, int len) {
  driver *dr = d;
  if (dr->base->code == XC_OK) dr->h->text(dr->ud, s, len);
}
static void XMLCALL on_doctype_d(void *d, const XML_Char *name, const XML_Char *sysid,
                                 const XML_Char *pubid, int has_internal_subset) {
  on_doctype(((driver *)d)->ud, name, sysid, pubid, has_internal_subset);
}
static void XMLCALL on_entity_d(void *d, const XML_Char *name, int is_param,
                                const XML_Char *value, int value_len, const XML_Char *base,
                                const XML_Char *sysid, const XML_Char *pubid,
                                const XML_Char *notation) {
  on_entity(((driver *)d)->ud, name, is_param, value, value_len, base, sysid, pubid, notation);
}

/* After an expat error: was it invalid UTF-8 at the error position? */
static bool bad_utf8_here(XML_Parser p) {
  int offset = 0, size = 0;
  const char *ctx = XML_GetInputContext(p, &offset, &size);
  if (!ctx || offset < 0 || offset >= size) return false;
  const unsigned char *s = (const unsigned char *)ctx + offset;
  size_t avail = (size_t)(size - offset);
  if (s[0] < 0x80) return false;
  size_t n = avail < 4 ? avail : 4;
  for (size_t k = 1; k <= n; k++)
    if (xc_utf8_valid((const char *)s, k)) return false;
  return true;
}

static xc_err feed(driver *dr, const char *data, size_t n, bool last) {
  xc_xml_base *b = dr->base;
  while (n > 0 || last) {
    int piece = n > (1u << 30) ? (1 << 30) : (int)n;
    bool final = last && (size_t)piece == n;
    if (XML_Parse(b->parser, data, piece, final) == XML_STATUS_ERROR) {
      if (b->code != XC_OK) return b->code;
      enum XML_Error xe = XML_GetErrorCode(b->parser);
      xc_err code = xe == XML_ERROR_NO_MEMORY ? XC_ERR_NOMEM
                    : (xe == XML_ERROR_INVALID_TOKEN || xe == XML_ERROR_PARTIAL_CHAR) && bad_utf8_here(b->parser)
                        ? XC_ERR_UTF8
                        : XC_ERR_XML;
      if (b->err && b->err->code == XC_OK) {
        xc_fail(b->err, code, b->part, "%s", XML_ErrorString(xe));
        b->err->line = (unsigned long)XML_GetCurrentLineNumber(b->parser);
        b->err->col = (unsigned long)XML_GetCurrentColumnNumber(b->parser) + 1;
      }
      b->code = code;
      return code;
    }
    if (b->code != XC_OK) return b->code;
    data += piece;
    n -= (size_t)piece;
    if (final) break;
  }
  return XC_OK;
}

static xc_err sink(void *ctx, const char *data, size_t n, bool last) {
  return feed(ctx, data, n, last);
}

static XML_Parser make_parser(driver *dr) {
  XML_Parser p = dr->h->qualified_names ? XML_ParserCreate(NULL) : XML_ParserCreateNS(NULL, NS_SEP);
  if (!p) return NULL;
  XML_SetUserData(p, dr);
  XML_SetElementHandler(p, on_start, on_end);
  if (dr->h->text) XML_SetCharacterDataHandler(p, on_text);
  XML_SetStartDoctypeDeclHandler(p, on_doctype_d);
  XML_SetEntityDeclHandler(p, on_entity_d);
  XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
  return p;
}

struct xc_xml_stream {
  driver dr;
};

xc_xml_stream *xc_xml_open(const char *part, const xc_xml_handlers *h, void *ud, xc_error *e) {
  xc_xml_base *b = ud;
  b->err = e;
  b->part = part;
  b->code = XC_OK;
  xc_xml_stream *s = malloc(sizeof *s);
  if (!s) {
    xc_fail(e, XC_ERR_NOMEM, part, NULL);
    return NULL;
  }
  s->dr = (driver){b, h, ud};
  b->parser = make_parser(&s->dr);
  if (!b->parser) {
    free(s);
    xc_fail(e, XC_ERR_NOMEM, part, NULL);
    return NULL;
  }
  return s;
}

xc_err xc_xml_feed(xc_xml_stream *s, const char *data, size_t n, bool last) {
  if (s->dr.base->code != XC_OK) return s->dr.base->code;
  return feed(&s->dr, data, n, last);
}

void xc_xml_close(xc_xml_stream *s) {
  if (!s) return;
  XML_ParserFree(s->dr.base->parser);
  s->dr.base->parser = NULL;
  free(s);
}

static xc_err run(xc_zip *z, const char *data, size_t n, const char *name,
                  const xc_xml_handlers *h, void *ud, xc_error *e) {
  xc_xml_stream *s = xc_xml_open(name, h, ud, e);
  if (!s) return XC_ERR_NOMEM;
  xc_err rc = z ? xc_zip_stream(z, name, sink, &s->dr, e) : feed(&s->dr, data, n, true);
  xc_xml_base *b = ud;
  if (rc == XC_OK && b->code != XC_OK) rc = b->code;
  xc_xml_close(s);
  return rc;
}

xc_err xc_xml_parse_part(xc_zip *z, const char *name, const xc_xml_handlers *h, void *ud,
                         xc_error *e) {
  return run(z, NULL, 0, name, h, ud, e);
}

xc_err xc_xml_parse_mem(const char *data, size_t n, const char *name, const xc_xml_handlers *h,
                        void *ud, xc_error *e) {
  return run(NULL, data, n, name, h, ud, e);
}
