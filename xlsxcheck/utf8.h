/* utf8.h: text that leaves the tool (JSON, the cells and comments of the
 * workbooks it writes, HTML) must be valid UTF-8, whatever the bytes of a
 * file name or a cell were: each byte that is not part of a valid sequence
 * becomes U+FFFD.  Without it a name such as "tep-\xff.xlsx" made the
 * province workbook unreadable (its XML not well-formed). */
#ifndef XC_UTF8_H
#define XC_UTF8_H
#include <stddef.h>

/* s (n bytes) as valid UTF-8: s itself when it already is (no copy), else a
 * repaired copy in *tofree (free it after); NULL only when memory runs out. */
const char *xc_utf8_repair(const char *s, size_t n, char **tofree);

/* The length (1 to 4) of the valid UTF-8 sequence at s (n bytes left), 0
 * when s does not start one: for writers that copy text byte by byte and
 * put XC_UTF8_REPLACEMENT for a bad byte. */
size_t xc_utf8_seq(const char *s, size_t n);
#define XC_UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

#endif
