/* indicators.h: the key indicators drawn for the Sở (rulesets/forms/
 * indicators.tsv): per indicator, each merged unit's value and the
 * province's, for bao-cao.html's charts and the province workbook's "Tổng
 * quan" sheet.  Which indicators is declared in that file, not here. */
#ifndef XC_INDICATORS_H
#define XC_INDICATORS_H
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "merge.h"

typedef struct {
  const char *label;   /* "Hồ sơ cấp xã giải quyết đúng hạn (%)" */
  const char *sheet, *value; /* as declared: "Biểu mẫu 3", "3.3" or "ratio(2.2,2.1)" */
  double *unit;        /* per merged unit, in mg->order order */
  bool *has_unit;
  double province;
  bool has_province;
} xc_indicator;

typedef struct {
  xc_indicator *items;
  size_t n;
  size_t nunits;       /* mg->nmerged */
  xc_arena arena;
} xc_indicators;

/* Reads <rules_dir>/forms/indicators.tsv and evaluates the lines of mg's
 * form.  No file, or no line for the form: no indicator (true).  false with
 * a message in err on a line naming a sheet or row the form lacks. */
bool xc_indicators_load(const char *rules_dir, const xc_merge *mg, xc_indicators *out, xc_buf *err);
void xc_indicators_free(xc_indicators *x);

#endif
