/* bind.h: lays a ruleset's form over a workbook.  Finds each declared sheet
 * (by name or alias, compared by match key), each key of a keyed sheet (in
 * column A, whatever rows were inserted above or between), and the header
 * row, columns and data rows of each detail list.  What does not fit the
 * form (missing sheets, duplicate or unknown keys, numeric key cells, a
 * header not found …) is recorded as events that the built-in checks turn
 * into findings with the ruleset's messages.  A binding points into the
 * model and the ruleset, which must outlive it; free with xc_binding_free. */
#ifndef XC_BIND_H
#define XC_BIND_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "ruleset.h"

typedef enum {
  XC_EV_SHEET_MISSING,   /* G-1: a declared sheet is not in the workbook */
  XC_EV_SHEET_RENAMED,   /* found under an alias or another spelling */
  XC_EV_SHEET_EXTRA,     /* G-2: a workbook sheet the form does not know */
  XC_EV_SHEET_HIDDEN,    /* a form sheet is hidden */
  XC_EV_KEY_MISSING,     /* G-3 */
  XC_EV_KEY_DUPLICATE,   /* G-3 */
  XC_EV_KEY_UNKNOWN,     /* G-4: a key-like value in column A not in the spec */
  XC_EV_KEY_NUMERIC,     /* G-5: the key cell is a number */
  XC_EV_KEY_BY_LABEL,    /* G-6: a designed key found by its label */
  XC_EV_HEADER_MISSING,  /* G-7: a detail list's header row or a required header */
  XC_EV_LABEL_DIFFERS    /* a keyed row whose label does not match the spec */
} xc_event_kind;

typedef struct {
  xc_event_kind kind;
  int sheet;      /* ruleset sheet, or -1 (EXTRA: see ws) */
  int ws;         /* workbook sheet, or -1 */
  uint32_t row, col;
  const char *text; /* key, header or sheet name involved (owned by the binding) */
} xc_event;

typedef struct {
  int ws;              /* workbook sheet index, or -1 when missing */
  bool by_alias;       /* found under another name */
  /* keyed: per spec row */
  uint32_t *key_row;   /* 0 = not found */
  /* list */
  uint32_t header_row; /* 0 = not found */
  uint32_t *col_of;    /* per spec column: 1-based column, 0 = not found */
  uint32_t *rows;      /* data rows, in order */
  size_t nrows;
} xc_bound;

typedef struct {
  const xc_ruleset *rs;
  const xc_model *m;
  xc_bound *sheets; /* per ruleset sheet */
  xc_event *events;
  size_t nevents, capevents;
  xc_arena arena;
  struct xc_keycache *keys; /* match keys of everything compared (shared with check) */
  bool shared_keys;         /* keys belong to the caller (xc_bind_cached) */
  bool nomem;               /* while binding: memory ran out */
} xc_binding;

/* NULL when memory runs out (the only way binding fails). */
xc_binding *xc_bind(const xc_ruleset *rs, const xc_model *m);
/* The same with the caller's memo of match keys, kept across workbooks (the
 * merge reads thousands of files whose labels repeat); not thread-safe: one
 * memo per thread. */
xc_binding *xc_bind_cached(const xc_ruleset *rs, const xc_model *m, struct xc_keycache *shared);
void xc_binding_free(xc_binding *b);

/* How many of the form's sheets a workbook has (to tell which form a file is);
 * SIZE_MAX when memory runs out. */
size_t xc_bind_score(const xc_ruleset *rs, const xc_workbook *wb);

/* The 1-based column of a keyed sheet's value column (`value NAME L`, or D). */
uint32_t xc_bind_value_col(const xc_form_sheet *s, const char *name);
/* true for the chi-so-cchc layout: column D holds a named score, not the
 * single value of the periodic forms (keys may then sit inside the label). */
bool xc_bind_redefines_d(const xc_form_sheet *s);
/* Column letter -> 1-based number ("D" -> 4); 0 when malformed. */
uint32_t xc_col_number(const char *letters);

#endif
