/* fuzz_sheet_split.c: the split reader against the serial one.
 *
 * The input is a worksheet's XML (after two control bytes), packed with a
 * fixed workbook (four shared strings, two styles) into a ZIP in memory;
 * sheet 1 is streamed once by the serial reader and once cut into slices
 * of 1 to 256 bytes (first control byte), the callback refusing the Nth
 * cell (and again when handed it again) when the second control byte N is
 * not 0.  The two runs must hand over
 * the same cells (position, type, number bits, text, style, formula flag)
 * and end with the same status, error, detail, line and column: any
 * difference is a finding (abort). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "buf.h"
#include "err.h"
#include "sheet.h"
#include "sheetctx.h"
#include "workbook.h"

#define FUZZ_DICT "fuzz/xml.dict"
#include "common.h"

#define NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define RNS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PNS "http://schemas.openxmlformats.org/package/2006/relationships"

static const char *const parts[][2] = {
    {"[Content_Types].xml",
     "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
     "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
     "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
     "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
     "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>"},
    {"_rels/.rels", "<Relationships xmlns=\"" PNS "\"><Relationship Id=\"rId1\" Type=\"" RNS
                    "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
    {"xl/workbook.xml", "<workbook xmlns=\"" NS "\" xmlns:r=\"" RNS
                        "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
    {"xl/_rels/workbook.xml.rels",
     "<Relationships xmlns=\"" PNS "\"><Relationship Id=\"rId1\" Type=\"" RNS
     "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" RNS
     "/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"" RNS
     "/styles\" Target=\"styles.xml\"/></Relationships>"},
    {"xl/sharedStrings.xml", "<sst xmlns=\"" NS "\"><si><t>Xin chào</t></si><si><t/></si>"
                             "<si><r><t>a</t></r><r><t>b</t></r></si><si><t>_x0041_</t></si></sst>"},
    {"xl/styles.xml", "<styleSheet xmlns=\"" NS "\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/>"
                      "<xf numFmtId=\"14\"/></cellXfs></styleSheet>"},
};

static void *pack(const uint8_t *sheet, size_t n, size_t *len) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (!src) abort();
  zip_source_keep(src);
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  if (!za) abort();
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
    zip_source_t *s = zip_source_buffer(za, parts[i][1], strlen(parts[i][1]), 0);
    if (!s || zip_file_add(za, parts[i][0], s, 0) < 0) abort();
  }
  zip_source_t *s = zip_source_buffer(za, n ? sheet : (const uint8_t *)"", n, 0);
  zip_int64_t idx = s ? zip_file_add(za, "xl/worksheets/sheet1.xml", s, 0) : -1;
  if (idx < 0) abort();
  zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
  if (zip_close(za) != 0) abort();
  if (zip_source_open(src) != 0 || zip_source_seek(src, 0, SEEK_END) != 0) abort();
  zip_int64_t size = zip_source_tell(src);
  if (size < 0 || zip_source_seek(src, 0, SEEK_SET) != 0) abort();
  void *out = malloc((size_t)size);
  if (!out || zip_source_read(src, out, (zip_uint64_t)size) != size) abort();
  zip_source_close(src);
  zip_source_free(src);
  *len = (size_t)size;
  return out;
}

typedef struct {
  xc_buf log;
  size_t accepted, stop_at;
} run;

static xc_err on_cell(void *p, const xc_cell *c) {
  run *r = p;
  /* refuses the Nth cell, and refuses it again when handed it again */
  if (r->stop_at && r->accepted + 1 == r->stop_at) return XC_ERR_LIMIT;
  r->accepted++;
  xc_buf_printf(&r->log, "%u,%u,%d,%u,%d,%lld,", c->row, c->col, (int)c->type, c->style,
                (int)c->formula, (long long)c->sst);
  /* num means something for numbers and booleans only */
  double num = c->type == XC_CV_NUMBER || c->type == XC_CV_BOOL ? c->num : 0;
  xc_buf_printf(&r->log, "%a,%zu:", num, c->len);
  for (size_t i = 0; i < c->len; i++) xc_buf_printf(&r->log, "%02x", (unsigned char)c->text[i]);
  if (c->ref) xc_buf_printf(&r->log, ",ref=%.*s", (int)c->ref_len, c->ref);
  if (c->dec)
    xc_buf_printf(&r->log, ",dec=%d/%d/%.*s/%d", c->dec->neg, c->dec->more, (int)c->dec->nd,
                  c->dec->digits, (int)c->dec->exp10);
  xc_buf_addc(&r->log, '\n');
  return XC_OK;
}

static void stream(xc_workbook *wb, run *r, xc_sheet_meta *meta) {
  xc_error e = {0};
  xc_err rc = xc_sheet_stream(wb, 0, on_cell, r, meta, &e);
  xc_buf_printf(&r->log, "rc=%d code=%d part=%s detail=%s line=%lu col=%lu merges=%zu dim=%s\n",
                (int)rc, (int)e.code, e.part, e.detail, e.line, e.col, meta->nmerges,
                meta->dimension);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  size_t slice = (size_t)data[0] + 1, stop = data[1];
  size_t zlen;
  void *z = pack(data + 2, size - 2, &zlen);
  xc_limits lim;
  xc_limits_default(&lim);
  xc_error e = {0};
  xc_workbook *wb = xc_workbook_open_mem(z, zlen, &lim, &e);
  if (!wb) abort(); /* the package is always valid */
  run a = {{0}, 0, stop}, b = {{0}, 0, stop};
  xc_buf_init(&a.log, 0);
  xc_buf_init(&b.log, 0);
  xc_sheet_meta ma, mb;
  wb->limits.split_workers = 0; /* serial */
  stream(wb, &a, &ma);
  wb->limits.split_workers = 1; /* every part split, in slices of `slice` bytes */
  wb->limits.split_min_part = 0;
  wb->limits.split_slice = slice;
  stream(wb, &b, &mb);
  if (a.log.len != b.log.len || memcmp(xc_buf_str(&a.log), xc_buf_str(&b.log), a.log.len) != 0) {
    fprintf(stderr, "serial:\n%s\nsplit:\n%s\n", xc_buf_str(&a.log), xc_buf_str(&b.log));
    abort();
  }
  xc_sheet_meta_free(&ma);
  xc_sheet_meta_free(&mb);
  xc_buf_free(&a.log);
  xc_buf_free(&b.log);
  xc_workbook_free(wb);
  free(z);
  return 0;
}
