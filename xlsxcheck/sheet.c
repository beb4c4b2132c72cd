/* sheet.c: the worksheet cell parser (expat, streaming): the handlers both
 * the serial reader (sheetstream.c) and the split reader (sheetsplit.c) use. */
#include "sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "cellref.h"
#include "numtext.h"
#include "sheetctx.h"
#include "xmlpart.h"

static const char NS_MAIN[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
static const char NS_MAIN_STRICT[] = "http://purl.oclc.org/ooxml/spreadsheetml/main";

/* Records the xmlns / xmlns:p declarations of the element at c->depth. */
static void note_namespaces(sheet_ctx *c, const char **attrs) {
  for (size_t i = 0; attrs[i]; i += 2) {
    const char *a = attrs[i];
    if (a[0] != 'x' || strncmp(a, "xmlns", 5) != 0 || (a[5] != '\0' && a[5] != ':')) continue;
    const char *prefix = a[5] == ':' ? a + 6 : "";
    if (c->nns == c->capns) {
      if (c->capns >= 100000) {
        xc_xml_fail(c, XC_ERR_LIMIT, "namespace declarations");
        return;
      }
      size_t cap = c->capns ? c->capns * 2 : 8;
      struct ns_binding *more = xc_try_realloc(c->ns, cap * sizeof *c->ns);
      if (!more) {
        xc_xml_fail(c, XC_ERR_NOMEM, "namespace declarations");
        return;
      }
      c->ns = more;
      c->capns = cap;
    }
    struct ns_binding *nb = &c->ns[c->nns++];
    size_t plen = strlen(prefix);
    const char *uri = attrs[i + 1];
    /* a prefix too long to keep can never match an element name below */
    nb->main = plen < sizeof nb->prefix &&
               (strcmp(uri, NS_MAIN) == 0 || strcmp(uri, NS_MAIN_STRICT) == 0);
    snprintf(nb->prefix, sizeof nb->prefix, "%s", plen < sizeof nb->prefix ? prefix : "\x01");
    nb->depth = c->depth;
  }
}

static void drop_namespaces(sheet_ctx *c) {
  while (c->nns > 0 && c->ns[c->nns - 1].depth >= c->depth) c->nns--;
}

/* The local name when `name` is in the SpreadsheetML namespace, else NULL.
 * An undeclared default namespace counts as SpreadsheetML (hand-made files). */
static const char *main_local(const sheet_ctx *c, const char *name) {
  const char *colon = NULL;
  for (const char *p = name; *p; p++)
    if (*p == ':') {
      colon = p;
      break;
    }
  size_t plen = colon ? (size_t)(colon - name) : 0;
  for (size_t k = c->nns; k-- > 0;) {
    const struct ns_binding *nb = &c->ns[k];
    if (strncmp(nb->prefix, name, plen) == 0 && nb->prefix[plen] == '\0')
      return nb->main ? (colon ? colon + 1 : name) : NULL;
  }
  return colon ? NULL : name;
}

static uint32_t parse_u32(const char *s, bool *ok) {
  uint64_t v = 0;
  *ok = *s != '\0';
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || v > 0xFFFFFFFFull / 10) {
      *ok = false;
      return 0;
    }
    v = v * 10 + (uint64_t)(*s - '0');
  }
  if (v > 0xFFFFFFFFull) *ok = false;
  return (uint32_t)v;
}

static void add_merge(sheet_ctx *c, const char *ref) {
  xc_range r;
  if (!xc_range_parse(ref, strlen(ref), &r.r1, &r.c1, &r.r2, &r.c2))
    {
      xc_xml_fail(c, XC_ERR_CELLREF, "mergeCell ref=\"%.40s\"", ref);
      return;
    }
  xc_sheet_meta *m = c->meta;
  if (m->nmerges == c->cap_merges) {
    if (c->cap_merges >= MAX_MERGES) {
      xc_xml_fail(c, XC_ERR_LIMIT, "merged ranges");
      return;
    }
    size_t cap = c->cap_merges ? c->cap_merges * 2 : 16;
    xc_range *more = xc_try_realloc(m->merges, cap * sizeof *m->merges);
    if (!more) {
      xc_xml_fail(c, XC_ERR_NOMEM, "merged ranges");
      return;
    }
    m->merges = more;
    c->cap_merges = cap;
  }
  m->merges[m->nmerges++] = r;
}

static char type_code(const char *t) {
  if (!t || !*t) return 'n';
  if (strcmp(t, "s") == 0) return 's';
  if (strcmp(t, "n") == 0) return 'n';
  if (strcmp(t, "str") == 0) return 'f';
  if (strcmp(t, "inlineStr") == 0) return 'i';
  if (strcmp(t, "b") == 0) return 'b';
  if (strcmp(t, "e") == 0) return 'e';
  if (strcmp(t, "d") == 0) return 'd';
  return '?';
}

static void cell_start(sheet_ctx *c, const char **attrs) {
  const char *r = NULL, *t = NULL, *s = NULL;
  for (size_t i = 0; attrs[i]; i += 2) {
    const char *a = attrs[i];
    if (a[1] == '\0') {
      if (a[0] == 'r') r = attrs[i + 1];
      else if (a[0] == 't') t = attrs[i + 1];
      else if (a[0] == 's') s = attrs[i + 1];
    }
  }
  c->cell.ref = NULL;
  if (r) {
    uint32_t row, col;
    size_t rl = strlen(r);
    if (!xc_cellref_parse(r, rl, &row, &col)) {
      xc_xml_fail(c, XC_ERR_CELLREF, "r=\"%.40s\"", r);
      return;
    }
    c->row = row;
    c->col = col;
    /* kept for printers when it is already the canonical spelling ("B7") */
    bool canon = rl < sizeof c->ref;
    bool digits = false;
    for (size_t k = 0; k < rl && canon; k++) {
      char ch = r[k];
      if (ch >= '0' && ch <= '9') {
        if (!digits && ch == '0') canon = false; /* "A01" */
        digits = true;
      } else {
        canon = !digits && ch >= 'A' && ch <= 'Z';
      }
    }
    if (canon) {
      memcpy(c->ref, r, rl + 1);
      c->cell.ref = c->ref;
      c->cell.ref_len = (uint8_t)rl;
    }
  } else {
    if (c->row == 0 && c->slice) { /* a cell outside any row of the slice */
      xc_xml_fail(c, XC_ERR_CELLREF, "cell without r");
      return;
    }
    if (c->row == 0) c->row = 1;
    if (++c->col > XC_MAX_COL) {
      xc_xml_fail(c, XC_ERR_CELLREF, "column > XFD");
      return;
    }
  }
  c->t = type_code(t);
  if (c->t == '?') {
      xc_xml_fail(c, XC_ERR_XML, "t=\"%.20s\"", t);
      return;
    }
  bool ok = true;
  c->cell.style = s && *s ? parse_u32(s, &ok) : 0;
  if (!ok) {
      xc_xml_fail(c, XC_ERR_XML, "s=\"%.20s\"", s);
      return;
    }
  c->cell.row = c->row;
  c->cell.col = c->col;
  c->cell.formula = false;
  c->cell.dec = NULL;
  c->cell.sst = -1;
  c->in_cell = true;
  c->saw_is = c->saw_v = false;
  xc_buf_clear(&c->v);
  xc_buf_clear(&c->is);
  xc_buf_clear(&c->f);
}

static void on_start(void *ud, const char *name, const char **attrs) {
  sheet_ctx *c = ud;
  c->depth++;
  if (attrs[0]) note_namespaces(c, attrs);
  const char *l = main_local(c, name);
  if (!l) return;
  if (c->in_cell) {
    if (l[0] == 'v' && l[1] == '\0') {
      c->in = IN_V;
      c->saw_v = true;
    } else if (l[0] == 'f' && l[1] == '\0') {
      c->cell.formula = true;
      c->in = IN_F; /* kept for a formula without a cached value (formula.h computes it) */
    } else if (strcmp(l, "is") == 0) {
      c->in_is++;
      c->saw_is = true;
    } else if (c->in_is && strcmp(l, "rPh") == 0) {
      c->in_rph++;
    } else if (c->in_is && !c->in_rph && l[0] == 't' && l[1] == '\0') {
      c->in = IN_T;
    }
    return;
  }
  if (l[0] == 'c' && l[1] == '\0' && c->depth_sheetdata) {
    cell_start(c, attrs);
  } else if (strcmp(l, "row") == 0 && c->depth_sheetdata) {
    const char *r = xc_xml_attr(attrs, "r", false);
    if (r) {
      bool ok;
      uint32_t row = parse_u32(r, &ok);
      if (!ok || row == 0 || row > XC_MAX_ROW)
        {
      xc_xml_fail(c, XC_ERR_CELLREF, "row r=\"%.20s\"", r);
      return;
    }
      c->row = row;
    } else {
      if (c->slice) { /* the row's number depends on the rows before the slice */
        xc_xml_fail(c, XC_ERR_CELLREF, "row without r");
        return;
      }
      if (++c->row > XC_MAX_ROW) {
      xc_xml_fail(c, XC_ERR_CELLREF, "row > 1048576");
      return;
    }
    }
    c->col = 0;
  } else if (strcmp(l, "sheetData") == 0) {
    if (!c->sd_seen) {
      c->sd_seen = true;
      c->sd_depth = c->depth;
      size_t plen = (size_t)(l - name);
      plen = plen ? plen - 1 : 0;
      if (plen < sizeof c->sd_prefix) memcpy(c->sd_prefix, name, plen);
      else c->sd_depth = 0; /* never split */
    }
    c->depth_sheetdata++;
  } else if (c->meta && strcmp(l, "mergeCell") == 0) {
    const char *ref = xc_xml_attr(attrs, "ref", false);
    if (ref) add_merge(c, ref);
  } else if (c->meta && strcmp(l, "dimension") == 0) {
    const char *ref = xc_xml_attr(attrs, "ref", false);
    if (ref) snprintf(c->meta->dimension, sizeof c->meta->dimension, "%s", ref);
  }
}

static xc_err emit(sheet_ctx *c) {
  xc_cell *cell = &c->cell;
  const char *v = xc_buf_str(&c->v);
  size_t vlen = c->v.len;
  switch (c->t) {
    case 's': {
      if (vlen == 0) return XC_OK;
      bool ok;
      size_t a = 0, b = vlen;
      while (a < b && (v[a] == ' ' || v[a] == '\n' || v[a] == '\r' || v[a] == '\t')) a++;
      while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\n' || v[b - 1] == '\r' || v[b - 1] == '\t')) b--;
      char tmp[16];
      if (b - a >= sizeof tmp) return XC_ERR_SST_INDEX;
      memcpy(tmp, v + a, b - a);
      tmp[b - a] = '\0';
      uint32_t idx = parse_u32(tmp, &ok);
      if (!ok || idx >= c->wb->nsst) return XC_ERR_SST_INDEX;
      cell->type = XC_CV_STRING;
      cell->text = c->wb->sst[idx];
      cell->len = c->wb->sst_len[idx];
      cell->sst = idx;
      break;
    }
    case 'i':
      cell->type = XC_CV_STRING;
      if (c->saw_is) {
        c->is.len = c->is.data ? xc_decode_xstring(c->is.data, c->is.len) : 0;
        if (c->is.data) c->is.data[c->is.len] = '\0';
        cell->text = xc_buf_str(&c->is);
        cell->len = c->is.len;
      } else {
        cell->text = v;
        cell->len = vlen;
      }
      break;
    case 'f': /* a formula's string result: an ST_Xstring like any other text */
      if (!c->saw_v) goto none;
      cell->type = XC_CV_STRING;
      if (c->v.data) {
        c->v.len = xc_decode_xstring(c->v.data, c->v.len);
        c->v.data[c->v.len] = '\0';
      }
      cell->text = xc_buf_str(&c->v);
      cell->len = c->v.len;
      break;
    case 'e':
      if (!c->saw_v || vlen == 0) goto none;
      cell->type = XC_CV_ERROR;
      cell->text = v;
      cell->len = vlen;
      break;
    case 'd':
      if (!c->saw_v || vlen == 0) goto none;
      cell->type = XC_CV_ISODATE;
      cell->text = v;
      cell->len = vlen;
      break;
    case 'b':
      if (!c->saw_v || vlen == 0) goto none;
      cell->type = XC_CV_BOOL;
      cell->text = v; /* the stored text, as for numbers */
      cell->len = vlen;
      if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "TRUE") == 0) cell->num = 1;
      else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "FALSE") == 0) cell->num = 0;
      else return XC_ERR_NUMBER;
      break;
    default: {
      if (!c->saw_v || vlen == 0) goto none;
      bool overflow;
      if (!xc_parse_number(v, vlen, &cell->num, &c->dec, &overflow) || overflow)
        return XC_ERR_NUMBER;
      cell->dec = &c->dec;
      cell->type = XC_CV_NUMBER;
      cell->text = v; /* the stored text: lets printers skip a float-to-text conversion */
      cell->len = vlen;
      break;
    }
  }
  return c->fn(c->ctx, cell);
none:
  if (!cell->formula) return XC_OK;
  cell->type = XC_CV_NONE;
  cell->text = xc_buf_str(&c->f); /* the formula */
  cell->len = c->f.len;
  return c->fn(c->ctx, cell);
}

static void end_element(sheet_ctx *c, const char *name);

static void on_end(void *ud, const char *name) {
  sheet_ctx *c = ud;
  end_element(c, name);
  drop_namespaces(c);
  c->depth--;
}

static void end_element(sheet_ctx *c, const char *name) {
  const char *l = main_local(c, name);
  if (!l) return;
  if (c->in_cell) {
    if ((l[0] == 'v' || l[0] == 't' || l[0] == 'f') && l[1] == '\0') {
      c->in = IN_NONE;
    } else if (strcmp(l, "rPh") == 0 && c->in_rph) {
      c->in_rph--;
    } else if (strcmp(l, "is") == 0 && c->in_is) {
      c->in_is--;
    } else if (l[0] == 'c' && l[1] == '\0') {
      c->in_cell = false;
      c->in = IN_NONE;
      c->in_is = c->in_rph = 0;
      xc_err rc = emit(c);
      if (rc != XC_OK) {
        char ref[12];
        xc_cellref_format(c->cell.row, c->cell.col, ref);
        if (rc == XC_ERR_SST_INDEX)
          xc_xml_fail(c, rc, "%s: %.20s (%zu)", ref, xc_buf_str(&c->v), c->wb->nsst);
        else if (rc == XC_ERR_NUMBER)
          xc_xml_fail(c, rc, "%s: \"%.40s\"", ref, xc_buf_str(&c->v));
        else
          xc_xml_fail(c, rc, "%s", ref);
      }
    }
    return;
  }
  if (strcmp(l, "sheetData") == 0 && c->depth_sheetdata) c->depth_sheetdata--;
}

static void on_text(void *ud, const char *s, int len) {
  sheet_ctx *c = ud;
  if (c->in == IN_NONE) return;
  xc_buf *b = c->in == IN_V ? &c->v : c->in == IN_F ? &c->f : &c->is;
  if (!xc_buf_add(b, s, (size_t)len))
    xc_xml_fail(ud, XC_BUF_FAIL(b, XC_ERR_LIMIT), "cell text > %u MiB", MAX_TEXT >> 20);
}

const xc_xml_handlers xc_sheet_handlers = {on_start, on_end, on_text, true};

void xc_sheet_ctx_init(sheet_ctx *c, xc_workbook *wb, xc_cell_fn fn, void *ctx, xc_sheet_meta *meta) {
  memset(c, 0, sizeof *c);
  c->wb = wb;
  c->fn = fn;
  c->ctx = ctx;
  c->meta = meta;
  if (meta) memset(meta, 0, sizeof *meta);
  xc_buf_init(&c->v, MAX_TEXT);
  xc_buf_init(&c->is, MAX_TEXT);
  xc_buf_init(&c->f, MAX_TEXT);
}

void xc_sheet_ctx_free(sheet_ctx *c) {
  free(c->ns);
  xc_buf_free(&c->v);
  xc_buf_free(&c->is);
  xc_buf_free(&c->f);
}

xc_err xc_sheet_stream_mem(xc_workbook *wb, const char *xml, size_t n, xc_cell_fn fn, void *ctx,
                           xc_sheet_meta *meta, xc_error *e) {
  sheet_ctx c;
  xc_sheet_ctx_init(&c, wb, fn, ctx, meta);
  xc_err rc = xc_xml_parse_mem(xml, n, "sheet.xml", &xc_sheet_handlers, &c, e);
  xc_sheet_ctx_free(&c);
  return rc;
}

void xc_sheet_meta_free(xc_sheet_meta *m) {
  if (!m) return;
  free(m->merges);
  m->merges = NULL;
  m->nmerges = 0;
}
