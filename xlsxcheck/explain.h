/* explain.h: a workbook explained for the help desk.
 *
 * xc_explain_file gathers, as data, what a person on the phone with a
 * district needs: what the file really is and which program wrote it, which
 * form it follows and how closely, values the program did not compute,
 * numbers typed as text and how they were read, text typed in a legacy
 * Vietnamese encoding (TCVN3, VNI) or decomposed, merged cells over input
 * cells, hidden or protected input sheets, and the most important findings
 * of `check`.  Each fact carries a Vietnamese and an English sentence and
 * numbered steps to fix it; xc_explain_render prints them as text or JSON
 * (one renderer, both formats carry the same content).
 *
 * The library never prints: an unreadable file is a fact too.  Everything
 * belongs to the xc_explain; free it with xc_explain_free. */
#ifndef XC_EXPLAIN_H
#define XC_EXPLAIN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "ruleset.h"
#include "zipio.h"

struct xc_units_s;

typedef enum { XC_FACT_INFO, XC_FACT_WARNING, XC_FACT_ERROR } xc_fact_level;

#define XC_FACT_MAX_STEPS 6

typedef struct {
  const char *id;        /* stable machine name: "file.kind", "legacy.tcvn3", "check.BM3-10" */
  xc_fact_level level;
  const char *where;     /* "Biểu mẫu 3!D24", a sheet name, or "" */
  const char *vi, *en;   /* what it is, in plain words */
  const char *steps_vi[XC_FACT_MAX_STEPS], *steps_en[XC_FACT_MAX_STEPS];
  size_t nsteps;
} xc_fact;

typedef struct {
  const char *file;        /* as named on the command line */
  const char *kind;        /* xlsx xlsm xltx xltm xls encrypted html csv text xml2003 truncated
                              damaged empty zip other */
  const char *application; /* docProps/app.xml Application and AppVersion, or "" */
  const char *app_version;
  const char *form_id, *form_title; /* the form recognised, or "" */
  const char *templates;   /* where the official forms are (the steps name it) */
  xc_fact *facts;
  size_t n, cap;
  size_t check_errors, check_warnings; /* of `check` */
  int status;              /* as check: 0 no error, 1 errors found, 2 unreadable or no form */
  xc_arena arena;
} xc_explain;

/* Explains the file at path (or, path NULL, the len bytes at data; name:
 * what to call it, NULL: the path).  units: each ruleset's registry (may be NULL).
 * rulesets: the known forms (forced: the one
 * named with --rules, used even when no sheet matches); lang: the language
 * of values inside check's messages; templates: where the official forms
 * are, as the steps name them (a folder or a web path; NULL: "templates").
 * Never NULL. */
xc_explain *xc_explain_file(const char *path, const void *data, size_t len, const char *name,
                            xc_ruleset *const *rulesets, size_t nrulesets, bool forced,
                            const struct xc_units_s *const *units, const xc_limits *lim, xc_lang lang,
                            const char *templates);
void xc_explain_free(xc_explain *x);

/* Appends x as text (json false) or JSON, in lang, to out. */
void xc_explain_render(xc_buf *out, const xc_explain *x, bool json, xc_lang lang);

#endif
