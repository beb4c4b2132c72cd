/* rx.c: the PCRE2 wrapper. */
#include "rx.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"

struct xc_rx {
  pcre2_code *code;
  pcre2_match_data *md; /* used by one thread at a time (busy) */
  atomic_flag busy;
  int groups;
};

xc_rx *xc_rx_compile(const char *pattern, size_t n, bool caseless, char *err, size_t err_cap,
                     size_t *err_offset, bool *nomem) {
  if (nomem) *nomem = false;
  int code = 0;
  PCRE2_SIZE off = 0;
  uint32_t opts = PCRE2_UTF | PCRE2_UCP | (caseless ? PCRE2_CASELESS : 0);
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, n, opts, &code, &off, NULL);
  if (!re) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    if (err && err_cap) snprintf(err, err_cap, "%s", (const char *)msg);
    if (err_offset) *err_offset = off;
    if (nomem) *nomem = code == PCRE2_ERROR_HEAP_FAILED || code == PCRE2_ERROR_NOMEMORY;
    return NULL;
  }
  /* JIT, falling back to the interpreter when unavailable.  XLSXCHECK_NO_JIT=1
   * turns it off: valgrind cannot see into JIT-generated code and reports its
   * reads as uninitialised (a known false positive). */
  const char *nojit = getenv("XLSXCHECK_NO_JIT");
  if (!nojit || !*nojit || *nojit == '0') pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
  xc_rx *rx = xc_try_calloc(1, sizeof *rx);
  if (rx) rx->md = pcre2_match_data_create_from_pattern(re, NULL);
  if (!rx || !rx->md) {
    free(rx);
    pcre2_code_free(re);
    if (err && err_cap) snprintf(err, err_cap, "out of memory");
    if (err_offset) *err_offset = 0;
    if (nomem) *nomem = true;
    return NULL;
  }
  rx->code = re;
  uint32_t cap = 0;
  pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &cap);
  rx->groups = (int)cap;
  atomic_flag_clear(&rx->busy);
  return rx;
}

void xc_rx_free(xc_rx *rx) {
  if (!rx) return;
  pcre2_match_data_free(rx->md);
  pcre2_code_free(rx->code);
  free(rx);
}

int xc_rx_groups(const xc_rx *rx) { return rx->groups; }

static int match_into(const xc_rx *rx, pcre2_match_data *md, const char *subject, size_t n,
                      size_t start, long *groups, int ngroups);

bool xc_rx_match(const xc_rx *crx, const char *subject, size_t n, size_t start, long *groups,
                 int ngroups, bool *nomem) {
  /* A compiled pattern is shared by the merge's worker threads: the first
   * to come uses the pattern's match data, another makes its own. */
  xc_rx *rx = (xc_rx *)crx;
  bool own = !atomic_flag_test_and_set(&rx->busy);
  pcre2_match_data *md = own ? rx->md : pcre2_match_data_create_from_pattern(rx->code, NULL);
  int rc = md ? match_into(rx, md, subject, n, start, groups, ngroups) : PCRE2_ERROR_NOMEMORY;
  if (rc == PCRE2_ERROR_NOMEMORY && nomem) *nomem = true;
  bool ok = rc >= 0;
  if (own) atomic_flag_clear(&rx->busy);
  else pcre2_match_data_free(md);
  return ok;
}

/* pcre2_match's status: >= 0 a match, < 0 none (PCRE2_ERROR_NOMEMORY: no
 * memory to find out) */
static int match_into(const xc_rx *rx, pcre2_match_data *md, const char *subject, size_t n,
                      size_t start, long *groups, int ngroups) {
  /* invalid UTF-8 in a cell must not abort: PCRE2 reports it as no match */
  int rc = pcre2_match(rx->code, (PCRE2_SPTR)subject, n, start, 0, md, NULL);
  if (rc < 0) return rc;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
  uint32_t pairs = pcre2_get_ovector_count(md);
  for (int g = 0; g < ngroups; g++) {
    if ((uint32_t)g < pairs && g < rc && ov[2 * g] != PCRE2_UNSET) {
      groups[2 * g] = (long)ov[2 * g];
      groups[2 * g + 1] = (long)ov[2 * g + 1];
    } else {
      groups[2 * g] = groups[2 * g + 1] = -1;
    }
  }
  return rc;
}
