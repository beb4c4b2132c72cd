/* fuzz_package.c: the package parts themselves, without the ZIP getting
 * in the way.  The input is up to nine XML parts separated by NUL bytes
 * (XML never contains NUL); the harness wraps them in a stored ZIP with
 * correct CRCs under fixed names, then opens, dumps and describes it like
 * fuzz_xlsx.  An empty segment leaves that part out of the package.
 *
 *   0 [Content_Types].xml   1 _rels/.rels          2 xl/workbook.xml
 *   3 xl/_rels/workbook.xml.rels                   4 xl/sharedStrings.xml
 *   5 xl/styles.xml         6 xl/worksheets/sheet1.xml
 *   7 xl/worksheets/sheet2.xml                     8 docProps/app.xml */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "err.h"
#include "info.h"
#include "workbook.h"

#define FUZZ_DICT "fuzz/xml.dict"
#include "common.h"

static const char *const names[] = {
    "[Content_Types].xml",  "_rels/.rels",   "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml",
    "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "docProps/app.xml"};
#define NPARTS (sizeof names / sizeof names[0])

static uint32_t crc_table[256];

static uint32_t crc32_of(const uint8_t *p, size_t n) {
  if (!crc_table[1])
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      crc_table[i] = c;
    }
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

typedef struct {
  uint8_t *p;
  size_t n, cap;
} out_buf;

static void put(out_buf *o, const void *d, size_t n) {
  if (o->n + n > o->cap) {
    o->cap = (o->n + n) * 2;
    o->p = realloc(o->p, o->cap);
    if (!o->p) abort();
  }
  memcpy(o->p + o->n, d, n);
  o->n += n;
}
static void u16(out_buf *o, unsigned v) {
  uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
  put(o, b, 2);
}
static void u32(out_buf *o, uint32_t v) {
  uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  put(o, b, 4);
}

static FILE *devnull;

static void check_error(xc_err rc, const xc_error *e) {
  if (rc != XC_OK && e->code == XC_OK) {
    fprintf(stderr, "failure %d reported with error code XC_OK\n", (int)rc);
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!devnull) devnull = fopen("/dev/null", "w");
  if (!devnull) abort();
  const uint8_t *seg[NPARTS] = {0};
  size_t len[NPARTS] = {0}, nseg = 0, start = 0;
  for (size_t i = 0; i <= size && nseg < NPARTS; i++)
    if (i == size || data[i] == 0) {
      seg[nseg] = data + start;
      len[nseg++] = i - start;
      start = i + 1;
    }
  out_buf zip = {0}, cd = {0};
  unsigned count = 0;
  for (size_t k = 0; k < nseg; k++) {
    if (len[k] == 0) continue;
    uint32_t off = (uint32_t)zip.n, crc = crc32_of(seg[k], len[k]);
    size_t nl = strlen(names[k]);
    u32(&zip, 0x04034B50); u16(&zip, 20); u16(&zip, 0); u16(&zip, 0); u16(&zip, 0); u16(&zip, 0x21);
    u32(&zip, crc); u32(&zip, (uint32_t)len[k]); u32(&zip, (uint32_t)len[k]);
    u16(&zip, (unsigned)nl); u16(&zip, 0);
    put(&zip, names[k], nl);
    put(&zip, seg[k], len[k]);
    u32(&cd, 0x02014B50); u16(&cd, 20); u16(&cd, 20); u16(&cd, 0); u16(&cd, 0); u16(&cd, 0);
    u16(&cd, 0x21); u32(&cd, crc); u32(&cd, (uint32_t)len[k]); u32(&cd, (uint32_t)len[k]);
    u16(&cd, (unsigned)nl); u16(&cd, 0); u16(&cd, 0); u16(&cd, 0); u16(&cd, 0); u32(&cd, 0);
    u32(&cd, off);
    put(&cd, names[k], nl);
    count++;
  }
  uint32_t cd_off = (uint32_t)zip.n;
  if (cd.n) put(&zip, cd.p, cd.n);
  u32(&zip, 0x06054B50); u16(&zip, 0); u16(&zip, 0); u16(&zip, count); u16(&zip, count);
  u32(&zip, (uint32_t)cd.n); u32(&zip, cd_off); u16(&zip, 0);
  free(cd.p);

  xc_limits lim;
  xc_limits_default(&lim);
  lim.max_part = 8u << 20;
  lim.max_total = 32u << 20;
  xc_error e = {0};
  xc_workbook *wb = xc_workbook_open_mem(zip.p, zip.n, &lim, &e);
  if (!wb) {
    check_error(XC_ERR_XML, &e);
  } else {
    xc_error e1 = {0};
    check_error(xc_dump(wb, NULL, xc_write_stdio, devnull, &e1), &e1);
    xc_error e2 = {0};
    xc_buf info;
    xc_buf_init(&info, 0);
    check_error(xc_info(wb, "fuzz.xlsx", XC_LANG_VI, &info, &e2), &e2);
    xc_buf_free(&info);
    xc_workbook_free(wb);
  }
  free(zip.p);
  return 0;
}
