/* dump.h: `xlsxcheck dump`: one line per non-empty cell,
 * sheet<TAB>ref<TAB>type<TAB>value, sheets in workbook order, cells in
 * row-major order.  Streams: memory stays flat in the number of cells
 * unless a sheet's rows are out of order (then that sheet is collected
 * and sorted). */
#ifndef XC_DUMP_H
#define XC_DUMP_H
#include <stdio.h>

#include "err.h"
#include "workbook.h"

/* sheet: only this sheet (exact name), or NULL for all. */
xc_err xc_dump(xc_workbook *wb, const char *sheet, FILE *out, xc_error *e);

#endif
