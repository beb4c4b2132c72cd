/* engine.h: the web server's one door into the library: check one uploaded
 * workbook (findings, what was read: form, unit, period), its JSON and CSV as
 * `check` prints them, the annotated workbook, explain, merge.  Pages and the
 * API call only these, so the library's API can change behind this file. */
#ifndef XC_WEB_ENGINE_H
#define XC_WEB_ENGINE_H
#include <stdbool.h>
#include <stddef.h>

#include "../buf.h"
#include "../xlsxcheck.h"
#include "web.h"

bool xc_web_engine_init(xc_web_config *cfg);
void xc_web_engine_free(void);

/* One file checked as `check FILE` does, named `name` in its findings. */
typedef struct {
  const char *name;
  bool readable;          /* false: error_text says why (as the command line says it) */
  char *error_text;
  char *form_id, *form_title, *unit, *period; /* "" when unknown; unit and period as written */
  char *unit_code, *unit_name, *period_canon; /* the registry's code and name, the canonical period; "" when unknown */
  xc_err error;           /* XC_OK when checked; else why not (with error_short, the status's text) */
  char *error_short;
  xc_diags diags;         /* sorted */
  double ms;              /* how long it took */
} xc_web_checked;

void xc_web_check(const xc_web_config *cfg, const char *path, const char *name, xc_lang lang, xc_web_checked *out);
void xc_web_checked_free(xc_web_checked *c);
/* What `check --format json` prints for these files (one document; the
 * names are the uploaded names), and for one file alone. */
void xc_web_check_json_files(const xc_web_checked *cs, size_t n, xc_lang lang, xc_buf *out);
void xc_web_check_json(const xc_web_checked *c, xc_lang lang, xc_buf *out);
/* What `check --format csv` prints for this file alone. */
void xc_web_check_csv(const xc_web_checked *c, xc_lang lang, xc_buf *out);

/* The file on the official form with its findings marked (red errors, yellow
 * warnings, comments, a log sheet), written to out_path. */
bool xc_web_annotate(const xc_web_config *cfg, const char *path, const char *name, xc_lang lang,
                     const char *out_path, xc_buf *err);

/* explain; x->file is `name`.  Free with xc_explain_free. */
xc_explain *xc_web_explain(const xc_web_config *cfg, const char *path, const char *name, xc_lang lang);
/* What `explain --format json` prints. */
void xc_web_explain_json(const xc_explain *x, xc_lang lang, xc_buf *out);

/* The merge of paths (named names) into the bundle out_zip.  false with err
 * when no bundle could be made; out->res holds the merge (files, statuses,
 * findings, the status page's parts: xc_render_merge) in every case, to be
 * freed with xc_web_merged_free. */
typedef struct {
  xc_merge_result res;
} xc_web_merged;
bool xc_web_merge_run(const xc_web_config *cfg, char **paths, char **names, size_t n, xc_lang lang, bool strict,
                      const char *out_zip, xc_web_merged *out, xc_buf *err);
void xc_web_merged_free(xc_web_merged *m);
/* A part of the merge's status page (xc_render_merge) appended to b. */
void xc_web_merge_part(const xc_web_merged *m, xc_merge_part part, xc_lang lang, xc_buf *b);
/* Findings as one file's groups (XC_RENDER_HTML_GROUPS) appended to b. */
void xc_web_findings_groups(const xc_diags *d, xc_lang lang, xc_buf *b);

/* The library the server opened at start (its rulesets, for the forms page). */
const xc_lib *xc_web_lib(void);

#endif
