/* identify.h: which form a workbook follows, in which scope it is checked,
 * and which unit, province and period it states: decided here, once, for
 * every command (check, explain, merge, and the public xc_identify).
 *
 * The form is the ruleset whose sheets the workbook has most of; with a
 * forced ruleset (--rules) that one, whatever the sheets.  One rule for
 * "not recognised": no ruleset at all, or none forced and no sheet of any
 * known form.  The unit, province and period are the information sheet's
 * rows (TI 1, 2, 3) read as the rules read them (NFC, HTML stripped); the
 * unit is resolved through the units registry, the period made canonical. */
#ifndef XC_IDENTIFY_H
#define XC_IDENTIFY_H
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "bind.h"
#include "check.h"
#include "model.h"
#include "ruleset.h"
#include "spec.h"
#include "units.h"

/* The form of a workbook (NULL: not recognised); *score: how many of its
 * sheets the workbook has (may be NULL); *score SIZE_MAX (and NULL) when
 * memory runs out. */
const xc_ruleset *xc_identify_form(xc_ruleset *const *rulesets, size_t n, bool forced,
                                   const xc_workbook *wb, size_t *score);

/* The scope a form checks a single file in: XC_SCOPE_A for a form whose
 * rules are for the annual PAR-index workbook alone, else XC_SCOPE_D. */
unsigned xc_form_scope(const xc_ruleset *rs);

/* A workbook identified, with what checking it needs. */
typedef struct {
  const xc_ruleset *rs;   /* the form, or NULL: not recognised */
  size_t score;
  unsigned scope;
  xc_binding *b;          /* the form laid over the model (owned) */
  xc_reader *rd;          /* cells as the rules read them (owned) */
  xc_check_opts co;       /* file, unit, scope, lang, registry: for xc_check_run */
  /* what the information sheet says, "" when blank (strings in the arena given) */
  const char *unit_text, *province_text, *period_text;
  const char *period;     /* canonical ("Quý I/2023"), or "" */
  xc_unit_rc unit_rc;     /* resolution of unit_text in the registry */
  int unit;               /* registry index, or -1 */
  bool nomem;             /* memory ran out (xc_identify_model returned false) */
} xc_ident;

/* Identifies a loaded workbook.  units: the registry of each ruleset
 * (entries may be NULL; units itself may be NULL); keys: a
 * memo of match keys kept by the caller across workbooks (may be NULL);
 * file: the name findings carry.  Strings are copied into a.  false when
 * the form is not recognised (id->rs NULL, nothing else to free) or when
 * memory runs out (id->nomem; xc_ident_free it). */
bool xc_identify_model(xc_ident *id, xc_ruleset *const *rulesets, size_t n, bool forced,
                       const xc_units *const *units, const xc_model *m, struct xc_keycache *keys,
                       const char *file, xc_lang lang, xc_arena *a);
void xc_ident_free(xc_ident *id);

#endif
