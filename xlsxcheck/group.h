/* group.h: findings grouped for people.  The findings of one file with the
 * same rule, severity, sheet and message pattern (the message with its
 * numbers and quoted values masked) are one group: "Biểu mẫu 1 — G-5 (cảnh
 * báo), 21 ô: …".  Every renderer for people (text, HTML, explain, the
 * workbooks' log sheets) shows a group once; the CSV and JSON keep one row
 * per finding and name its group by a stable id (xc_diag_group_id).
 *
 * Groups follow the order of a sorted list (xc_diags_sort: file, errors
 * before warnings, the form's sheet order, row, column), each placed at its
 * first finding. */
#ifndef XC_GROUP_H
#define XC_GROUP_H
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "err.h"

#define XC_GROUP_ID_MAX 48

typedef struct {
  char id[XC_GROUP_ID_MAX];      /* "G-5:1a2b3c4d": the same for the same file, rule, severity, sheet, pattern */
  const xc_diag *first;          /* the group's first finding: file, unit, sheet, rule, severity, hints */
  const xc_diag **items;         /* its findings, in list order */
  size_t n;
  const char *msg_vi, *msg_en;   /* the shared message; a part that varies between findings as "…" */
  const char *actual, *expected; /* when every finding has the same, else "" */
} xc_group;

typedef struct {
  xc_group *items;
  size_t n;
  size_t errors, warnings;       /* findings (not groups) */
  xc_arena arena;
  bool nomem; /* memory ran out: no groups (n 0); what renders them fails with XC_ERR_NOMEM */
} xc_groups;

/* Groups the findings of d (sorted or not; groups keep d's order).  The
 * groups point into d: keep d alive and unchanged while they are used.
 * false (out->nomem, no groups) when memory runs out; free out either way. */
bool xc_groups_build(const xc_diags *d, xc_groups *out);
/* Only the findings of one file (file "" = the merge's own findings). */
bool xc_groups_build_file(const xc_diags *d, const char *file, xc_groups *out);
void xc_groups_free(xc_groups *g);

/* The group id of one finding (as xc_group.id). */
void xc_diag_group_id(const xc_diag *d, char out[XC_GROUP_ID_MAX]);

/* The group's cells, "A6, A7, A8", at most `max` of them (0 = all), with
 * ", …" when cut. */
void xc_group_cells(const xc_group *g, size_t max, xc_buf *out);
/* How many of the group's findings name a cell. */
size_t xc_group_ncells(const xc_group *g);

/* The group's message in lang. */
const char *xc_group_msg(const xc_group *g, xc_lang lang);
/* Its fix (the first finding's hint) in lang, or "". */
const char *xc_group_hint(const xc_group *g, xc_lang lang);

/* "Biểu mẫu 1 — G-5 (cảnh báo), 21 ô: message — có X, cần Y (A6, A7, …)":
 * the one-line heading of a group for people (without the fix), every cell
 * listed when max_cells is 0. */
void xc_group_line(const xc_group *g, xc_lang lang, size_t max_cells, xc_buf *out);

#endif
