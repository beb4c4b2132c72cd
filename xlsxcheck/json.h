/* json.h: every JSON the tool writes goes through jansson.  Text from
 * workbooks and file names is made valid UTF-8 first (each byte that is not
 * part of a valid sequence becomes U+FFFD), so the output always parses and
 * never carries the raw bytes. */
#ifndef XC_JSON_H
#define XC_JSON_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "utf8.h" /* xc_utf8_repair */

/* A JSON string of s (NULL: ""), repaired as above; NULL only when memory runs out. */
json_t *xc_json_text(const char *s);
/* obj[key] = text / integer; false when memory runs out. */
bool xc_json_put_text(json_t *obj, const char *key, const char *s);
bool xc_json_put_int(json_t *obj, const char *key, long long v);
/* The document, indented by 2 (pretty) or on one line, and a line end,
 * appended to out; false when memory runs out. */
bool xc_json_dump(const json_t *doc, bool pretty, xc_buf *out);
/* s as a JSON string, quoted and escaped, repaired as above, appended to b. */
void xc_json_str(xc_buf *b, const char *s);

#endif
