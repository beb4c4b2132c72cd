/* rx.h: PCRE2 for rule patterns.  Patterns are UTF-8 with Unicode
 * properties (PCRE2_UTF | PCRE2_UCP), optionally caseless, compiled once
 * and JIT-compiled when the platform allows; a compile error names the
 * offset of the fault so the ruleset parser can point a caret at it. */
#ifndef XC_RX_H
#define XC_RX_H
#include <stdbool.h>
#include <stddef.h>

typedef struct xc_rx xc_rx;

/* Compiles pattern[0..n).  NULL on error, with a message in err (>= 128 bytes)
 * and the byte offset of the fault in *err_offset; *nomem (when given) is set
 * when memory ran out rather than the pattern being wrong.  Free with xc_rx_free. */
xc_rx *xc_rx_compile(const char *pattern, size_t n, bool caseless, char *err, size_t err_cap,
                     size_t *err_offset, bool *nomem);
void xc_rx_free(xc_rx *rx);

/* Matches subject; on success fills up to ngroups (start,end) byte offsets of the
 * groups (group 0 = whole match; -1 for unset) and returns true.  false also
 * when memory ran out to find out: then *nomem (when given) is set true. */
bool xc_rx_match(const xc_rx *rx, const char *subject, size_t n, size_t start, long *groups,
                 int ngroups, bool *nomem);
/* Number of capture groups. */
int xc_rx_groups(const xc_rx *rx);

#endif
