/* fuzz_xlsx.c: a whole file through the reader, as the CLI does it:
 * xc_workbook_open_mem, then xc_dump (to /dev/null) and xc_info.
 *
 * Invariants checked (abort() = a finding):
 *   - a failed open or command always carries an error code (the CLI
 *     would otherwise print "no error" with exit status 2);
 *   - every code has a message in both languages. */
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

static FILE *devnull;

static void check_error(xc_err rc, const xc_error *e) {
  if (rc == XC_OK) return;
  if (e->code == XC_OK) {
    fprintf(stderr, "failure %d reported with error code XC_OK\n", (int)rc);
    abort();
  }
  if (!xc_strerror(e->code, XC_LANG_VI)[0] || !xc_strerror(e->code, XC_LANG_EN)[0]) abort();
  if (memchr(e->part, '\0', sizeof e->part) == NULL) abort();
  if (memchr(e->detail, '\0', sizeof e->detail) == NULL) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!devnull) devnull = fopen("/dev/null", "w");
  if (!devnull) abort();
  /* Small caps keep each run fast; the limit code paths still run. */
  xc_limits lim;
  xc_limits_default(&lim);
  lim.max_part = 8u << 20;
  lim.max_total = 32u << 20;
  xc_error e = {0};
  xc_workbook *wb = xc_workbook_open_mem(data, size, &lim, &e);
  if (!wb) {
    check_error(XC_ERR_XML /* any failure */, &e);
    return 0;
  }
  xc_error e1 = {0};
  xc_err rc = xc_dump(wb, NULL, xc_write_stdio, devnull, &e1);
  check_error(rc, &e1);
  if (wb->nsheets > 0) {
    xc_error e2 = {0};
    rc = xc_dump(wb, wb->sheets[wb->nsheets - 1].name, xc_write_stdio, devnull, &e2);
    check_error(rc, &e2);
  }
  xc_error e3 = {0};
  xc_buf info;
  xc_buf_init(&info, 0);
  rc = xc_info(wb, "fuzz.xlsx", XC_LANG_EN, &info, &e3);
  xc_buf_free(&info);
  check_error(rc, &e3);
  xc_workbook_free(wb);
  return 0;
}
