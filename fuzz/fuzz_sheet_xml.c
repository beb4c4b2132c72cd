/* fuzz_sheet_xml.c: worksheet XML through the cell parser
 * (xc_sheet_stream_mem) with a small hand-made workbook: four shared
 * strings and five cell styles (General, a date, a percent, text, a
 * duration).  Each cell is rendered the way dump renders it.
 *
 * Invariants checked (abort() = a finding): cells lie inside the grid;
 * text is NUL-terminated at len; a failed stream carries an error code
 * and, for XML errors, a position. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cellref.h"
#include "err.h"
#include "numtext.h"
#include "sheet.h"
#include "workbook.h"

#define FUZZ_DICT "fuzz/xml.dict"
#include "common.h"

static const char *const strings[] = {"Xin chào", "", "tab\there", "_x0041_"};
static uint32_t string_len[] = {9, 0, 8, 7};

static xc_style styles[5];

typedef struct {
  const xc_workbook *wb;
  xc_buf line;
  size_t cells;
} ctx;

static xc_err on_cell(void *p, const xc_cell *c) {
  ctx *x = p;
  if (c->row < 1 || c->row > XC_MAX_ROW || c->col < 1 || c->col > XC_MAX_COL) abort();
  if (c->type > XC_CV_NONE) abort();
  char ref[12];
  xc_cellref_format(c->row, c->col, ref);
  uint32_t r, col;
  if (!xc_cellref_parse(ref, strlen(ref), &r, &col) || r != c->row || col != c->col) abort();
  xc_buf_clear(&x->line);
  switch (c->type) {
    case XC_CV_NUMBER: {
      const xc_style *st = xc_workbook_style(x->wb, c->style);
      if (!((st->flags & XC_FMT_DATE) && xc_format_serial(&x->line, c->num, x->wb->date1904)))
        xc_format_number(&x->line, c->num);
      break;
    }
    case XC_CV_BOOL:
      if (c->num != 0 && c->num != 1) abort();
      break;
    case XC_CV_NONE:
      if (!c->formula) abort();
      break;
    default:
      if (!c->text || c->text[c->len] != '\0') abort();
      if (c->type == XC_CV_ISODATE) {
        double serial;
        if (xc_parse_iso_date(c->text, c->len, false, &serial))
          xc_format_serial(&x->line, serial, false);
      }
      xc_escape_field(&x->line, c->text, c->len);
  }
  /* Let the fuzzer stop a stream early now and then. */
  if (++x->cells == 100000) return XC_ERR_LIMIT;
  return XC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static xc_workbook wb;
  static bool init;
  if (!init) {
    init = true;
    static const char *codes[5] = {"General", "dd/mm/yyyy", "0.00%", "@", "[h]:mm:ss"};
    static const uint16_t ids[5] = {0, 14, 10, 49, 46};
    for (int i = 0; i < 5; i++) {
      styles[i].numfmt_id = ids[i];
      styles[i].code = codes[i];
      styles[i].flags = xc_numfmt_flags(codes[i], &styles[i].decimals);
    }
    wb.sst = (const char **)strings;
    wb.sst_len = string_len;
    wb.nsst = 4;
    wb.styles = styles;
    wb.nstyles = 5;
    xc_limits_default(&wb.limits);
  }
  /* The first byte picks the date system; the rest is the XML. */
  wb.date1904 = size > 0 && (data[0] & 1);
  const char *xml = size > 0 ? (const char *)data + 1 : "";
  size_t n = size > 0 ? size - 1 : 0;
  ctx x = {&wb, {0}, 0};
  xc_buf_init(&x.line, 0);
  xc_sheet_meta meta;
  xc_error e = {0};
  xc_err rc = xc_sheet_stream_mem(&wb, xml, n, on_cell, &x, &meta, &e);
  if (rc != XC_OK) {
    if (e.code == XC_OK) abort();
    if (rc != e.code) abort();
    if ((rc == XC_ERR_XML || rc == XC_ERR_UTF8) && e.line == 0) abort();
  }
  for (size_t i = 0; i < meta.nmerges; i++) {
    const xc_range *m = &meta.merges[i];
    if (m->r1 < 1 || m->r1 > XC_MAX_ROW || m->c2 < 1 || m->c2 > XC_MAX_COL) abort();
  }
  if (memchr(meta.dimension, '\0', sizeof meta.dimension) == NULL) abort();
  xc_sheet_meta_free(&meta);
  xc_buf_free(&x.line);
  return 0;
}
