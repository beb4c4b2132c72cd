/* diag.h: findings are data.  Every check appends xc_diag records to an
 * xc_diags list; one reporter (report.c) prints them as text, CSV or JSON.
 * The list owns its strings (an arena); free it with xc_diags_free. */
#ifndef XC_DIAG_H
#define XC_DIAG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "ruleset.h"

typedef struct {
  const char *file;    /* the input as named on the command line */
  const char *unit;    /* the unit (district) the file says it is from, or "" */
  const char *sheet;   /* canonical sheet name, or "" */
  char cell[16];       /* "D21", or "" */
  const char *key;     /* row key ("3.3.2"; "#4" = 4th data row of a list), or "" */
  const char *rule;    /* relation ID ("BM3-10") */
  xc_severity severity;
  const char *msg_vi, *msg_en;   /* what is wrong, with the values filled in */
  const char *expected, *actual; /* in Vietnamese notation, or "" */
  const char *hint_vi, *hint_en; /* how to fix it, or "" */
  int rank;                      /* the sheet's place in the form (for sorting) */
  size_t seq;                    /* arrival order (set by xc_diags_add) */
  int file_rank;                 /* 0: its file has errors, 1: warnings only (set by xc_diags_sort) */
} xc_diag;

typedef struct {
  xc_diag *items;
  size_t n, cap;
  size_t errors, warnings;
  xc_arena arena;
  bool nomem; /* memory ran out while adding: the list is incomplete (XC_ERR_NOMEM) */
} xc_diags;

void xc_diags_init(xc_diags *d);
void xc_diags_free(xc_diags *d);
/* Copies every string of `item` into the list's arena; false (and d->nomem
 * set, the item dropped) when memory runs out. */
bool xc_diags_add(xc_diags *d, const xc_diag *item);
/* A string that lives as long as the list ("" and d->nomem set when memory
 * runs out). */
const char *xc_diags_str(xc_diags *d, const char *s);
/* "lỗi" / "error", "cảnh báo" / "warning", "thông tin" / "information";
 * machine: "error", "warning", "info" (CSV, JSON, ids). */
const char *xc_severity_name(xc_severity s, xc_lang lang, bool machine);

/* Sorts by file (files with errors first, then by name), severity (errors
 * before warnings), sheet (form order), row, column, then arrival. */
void xc_diags_sort(xc_diags *d);

#endif
