/* cellref.h: A1-style cell references.  Rows and columns are 1-based;
 * the grid is XFD1048576 (16384 columns, 1048576 rows). */
#ifndef XC_CELLREF_H
#define XC_CELLREF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XC_MAX_ROW 1048576u
#define XC_MAX_COL 16384u

/* Parses "B7" / "$B$7" exactly (the whole string).  false when malformed or
 * outside the grid. */
bool xc_cellref_parse(const char *s, size_t n, uint32_t *row, uint32_t *col);
/* Parses "A1:C3" or a single ref (then both corners are the same). */
bool xc_range_parse(const char *s, size_t n, uint32_t *r1, uint32_t *c1, uint32_t *r2,
                    uint32_t *c2);
/* Writes the column letters of col (1..16384) into out (>= 4 bytes), NUL-terminated;
 * returns the length. */
size_t xc_col_name(uint32_t col, char out[4]);
/* Writes "B7" into out (>= 12 bytes); returns the length. */
size_t xc_cellref_format(uint32_t row, uint32_t col, char out[12]);

#endif
