/* fxdump.c: the formulas of a workbook that have no stored value, as the
 * model computed them (recalc.h), one line each, for the formula suite to
 * compare with LibreOffice's recalculation:
 *
 *   sheet<TAB>ref<TAB>ok<TAB>n|s|b|e<TAB>value      (numbers in C notation)
 *   sheet<TAB>ref<TAB>not-computed<TAB>status<TAB>detail
 *
 * Exit status 2 when the file cannot be read. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cellref.h"
#include "decimal.h"
#include "model.h"
#include "workbook.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: fxdump FILE.xlsx\n");
    return 2;
  }
  xc_error e;
  memset(&e, 0, sizeof e);
  xc_workbook *wb = xc_workbook_open(argv[1], NULL, &e);
  xc_model *m = wb ? xc_model_load(wb, 0, &e) : NULL;
  if (!m) {
    fprintf(stderr, "fxdump: %s: %s (%s)\n", argv[1], xc_err_name(e.code), e.detail);
    xc_workbook_free(wb);
    return 2;
  }
  xc_buf b;
  xc_buf_init(&b, 0);
  for (size_t i = 0; i < m->nformulas; i++) {
    const xc_mformula *f = &m->formulas[i];
    char ref[12];
    xc_cellref_format(f->row, f->col, ref);
    printf("%s\t%s\t", m->sheets[f->sheet].name, ref);
    if (f->status != XC_FX_OK) {
      printf("not-computed\t%d\t%s\n", (int)f->status, f->detail);
      continue;
    }
    const xc_mcell *mc = xc_msheet_cell(&m->sheets[f->sheet], f->row, f->col);
    const xc_cell *c = &mc->cell;
    switch (c->type) {
      case XC_CV_NUMBER: {
        xc_dec d = {0, 0};
        xc_dec_from_decimal(c->dec, &d);
        xc_buf_clear(&b);
        xc_dec_format_plain(&b, d, -1);
        printf("ok\tn\t%s\n", xc_buf_str(&b));
        break;
      }
      case XC_CV_BOOL: printf("ok\tb\t%s\n", c->num != 0 ? "TRUE" : "FALSE"); break;
      case XC_CV_ERROR: printf("ok\te\t%.*s\n", (int)c->len, c->text); break;
      default: printf("ok\ts\t%.*s\n", (int)c->len, c->text); break;
    }
  }
  xc_buf_free(&b);
  xc_model_free(m);
  xc_workbook_free(wb);
  return 0;
}
