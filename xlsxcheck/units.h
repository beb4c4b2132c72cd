/* units.h: the registry of a province's units (districts) and the
 * resolution of the spellings real files carry ("UBND huyện Đăk Hà",
 * "Ia H’Drai", "TP. Kon Tum", "KON RAY") to one unit, following the forms
 * contract (README §5).  Free with xc_units_free. */
#ifndef XC_UNITS_H
#define XC_UNITS_H
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"

typedef struct {
  const char *code, *official_name, *type, *base_name, *folded_key, *slug;
  const char *name_key; /* the match key of official_name, computed at load */
} xc_unit;

typedef struct xc_units_s {
  const char *path; /* the file it was loaded from */
  xc_unit *units;
  size_t n;
  xc_arena arena;
} xc_units;

/* Loads a units TSV (code, official_name, type, base_name, folded_key, slug,
 * and any other columns) through the spec reader, and validates it: every
 * column there, no line short of them, code, official name, folded key and
 * slug filled, no code, folded key or slug twice.  NULL with e filled (the
 * code says what is wrong, e->line where; xc_tsv_error_text words it). */
xc_units *xc_units_load(const char *path, xc_error *e);
void xc_units_free(xc_units *u);

typedef enum {
  XC_UNIT_OK,
  XC_UNIT_UNKNOWN,  /* no unit of the registry */
  XC_UNIT_PROVINCE, /* the province itself ("Kon Tum", "tỉnh Kon Tum") */
  XC_UNIT_EMPTY,
  XC_UNIT_NOMEM     /* memory ran out while resolving */
} xc_unit_rc;

/* Resolves a name to a unit index (*index), by the README §5 rules. */
xc_unit_rc xc_units_resolve(const xc_units *u, const char *name, size_t n, size_t *index);

/* The folded key of a province name ("Tỉnh Kon Tum" -> "kontum"); for TI-2. */
void xc_units_province_key(const char *name, size_t n, xc_buf *out);



/* Reporting periods (README §3.3): "Quý 1/2023", "quý I năm 2023" -> "Quý I/2023";
 * "6 tháng đầu năm 2023" -> "6 tháng/2023"; "09 tháng/2023", "Quý III/2023" ->
 * "9 tháng/2023"; "Năm 2023".  Appends the canonical form to out and returns
 * true, or false when the text is no period. */
bool xc_period_canonical(const char *s, size_t n, xc_buf *out);
#endif
