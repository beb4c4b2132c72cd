/* dump.h: `xlsxcheck dump`: one line per non-empty cell,
 * sheet<TAB>ref<TAB>type<TAB>value, sheets in workbook order, cells in
 * row-major order.  Streams: memory stays flat in the number of cells
 * unless a sheet's rows are out of order (then that sheet is collected
 * and sorted). */
#ifndef XC_DUMP_H
#define XC_DUMP_H
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "workbook.h"

/* Where output goes (xc_write_fn, xc_write_stdio): xlsxcheck.h. */
#ifndef XC_WRITE_FN_DEFINED
#define XC_WRITE_FN_DEFINED
typedef bool (*xc_write_fn)(void *ctx, const void *data, size_t len);
#endif
bool xc_write_stdio(void *fp, const void *data, size_t len);

/* sheet: only this sheet (exact name), or NULL for all.  The lines are
 * handed to write in chunks. */
xc_err xc_dump(xc_workbook *wb, const char *sheet, xc_write_fn write, void *write_ctx, xc_error *e);

#endif
