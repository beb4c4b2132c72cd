/* checkjson.h: the result of `check --format json` (and of the web
 * server's check API), one object per file, as json-schema/check.schema.json
 * describes it:
 *   {"tool", "version", "errors", "warnings", "files": [
 *     {"name", "status", "form": {"id", "title"} | null,
 *      "unit": {"code", "name", "as_written"} | null, "period" | null,
 *      "errors", "warnings", ["error": {"code", "message", "todo"}], "findings": [...]}]} */
#ifndef XC_CHECKJSON_H
#define XC_CHECKJSON_H
#include <jansson.h>
#include <stdbool.h>

#include "buf.h"
#include "diag.h"
#include "err.h"
#include "xlsxcheck.h"

/* xc_check_file (what is known of one file): xlsxcheck.h. */

json_t *xc_check_json_new(void);
/* Appends a file with its findings (those of this file only); false when
 * memory runs out. */
bool xc_check_json_add(json_t *doc, const xc_check_file *f, const xc_diags *findings, xc_lang lang);
/* The document, indented, into out; false when memory runs out. */
bool xc_check_json_render(json_t *doc, xc_buf *out);

#endif
