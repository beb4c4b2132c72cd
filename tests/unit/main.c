/* main.c: runs every registered unit test, one forked child per test (so a
 * crash or a sanitizer report fails that test only), and prints one line per
 * test for tests/run-all.sh.
 *
 *   unit-tests [FILTER]   runs the tests whose "suite.name" contains FILTER
 *
 * XC_TEST_NOFORK=1 runs the tests in-process (for a debugger). */
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

extern const xc_test_case xc_tests_cellref[], xc_tests_number[], xc_tests_date[],
    xc_tests_text[], xc_tests_mem[], xc_tests_numfmt[], xc_tests_err[], xc_tests_sniff[],
    xc_tests_sheet[], xc_tests_workbook[], xc_tests_dump[], xc_tests_decimal[],
    xc_tests_value[], xc_tests_textkey[], xc_tests_legacy[], xc_tests_formwrite[],
    xc_tests_mergecheck[], xc_tests_api[], xc_tests_threads[], xc_tests_store[], xc_tests_auth[],
    xc_tests_formula[], xc_tests_group[], xc_tests_response[];

static const xc_test_case *const suites[] = {
    xc_tests_cellref, xc_tests_number, xc_tests_date,  xc_tests_text,
    xc_tests_mem,     xc_tests_numfmt, xc_tests_err,   xc_tests_sniff,
    xc_tests_sheet,   xc_tests_workbook, xc_tests_dump,
    xc_tests_decimal, xc_tests_value,  xc_tests_textkey, xc_tests_legacy, xc_tests_formwrite,
    xc_tests_mergecheck, xc_tests_api, xc_tests_threads, xc_tests_store, xc_tests_auth, xc_tests_formula, xc_tests_group,
    xc_tests_response,
};

#define CHILD_OK 0
#define CHILD_FAILED 3 /* the child printed its FAIL line itself */
#define TIME_LIMIT 120 /* seconds per test; sanitizer builds are slow */

static const xc_test_case *current;
static int failures;

void xc_test_fail(const char *file, int line, const char *fmt, ...) {
  char what[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  for (char *p = what; *p; p++) /* one line, whatever the message holds */
    if (*p == '\n' || *p == '\r') *p = ' ';
  const char *f = strrchr(file, '/');
  f = f ? f + 1 : file;
  if (failures++ == 0)
    printf("FAIL %s.%s: %s:%d: %s\n", current->suite, current->name, f, line, what);
  else
    printf("# also %s:%d: %s\n", f, line, what);
}

/* s quoted for a message: C escapes for control and non-ASCII bytes, cut
 * after 160 bytes. */
static const char *quote(char *out, size_t cap, const char *s, size_t n) {
  size_t o = 0;
  if (!s) {
    snprintf(out, cap, "NULL");
    return out;
  }
  out[o++] = '"';
  for (size_t i = 0; i < n && o + 8 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (i == 160) {
      o += (size_t)snprintf(out + o, cap - o, "...(%zu bytes)", n);
      break;
    }
    if (c == '"' || c == '\\') o += (size_t)snprintf(out + o, cap - o, "\\%c", c);
    else if (c == '\t') o += (size_t)snprintf(out + o, cap - o, "\\t");
    else if (c == '\n') o += (size_t)snprintf(out + o, cap - o, "\\n");
    else if (c == '\r') o += (size_t)snprintf(out + o, cap - o, "\\r");
    else if (c < 0x20 || c >= 0x7F) o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
    else out[o++] = (char)c;
  }
  if (o + 2 <= cap) out[o++] = '"';
  out[o < cap ? o : cap - 1] = '\0';
  return out;
}

bool xc_test_check(bool ok, const char *expr, const char *file, int line) {
  if (!ok) xc_test_fail(file, line, "CHECK(%s)", expr);
  return ok;
}

bool xc_test_int(long long got, long long want, const char *expr, const char *file, int line) {
  if (got == want) return true;
  xc_test_fail(file, line, "%s is %lld, want %lld", expr, got, want);
  return false;
}

bool xc_test_uint(unsigned long long got, unsigned long long want, const char *expr,
                  const char *file, int line) {
  if (got == want) return true;
  xc_test_fail(file, line, "%s is %llu, want %llu", expr, got, want);
  return false;
}

bool xc_test_mem(const char *got, size_t got_n, const char *want, size_t want_n,
                 const char *expr, const char *file, int line) {
  if (got && want && got_n == want_n && memcmp(got, want, got_n) == 0) return true;
  char a[400], b[400];
  xc_test_fail(file, line, "%s is %s, want %s", expr, quote(a, sizeof a, got, got_n),
               quote(b, sizeof b, want, want_n));
  return false;
}

bool xc_test_str(const char *got, const char *want, const char *expr, const char *file,
                 int line) {
  return xc_test_mem(got, got ? strlen(got) : 0, want, want ? strlen(want) : 0, expr, file,
                     line);
}

bool xc_test_dbl(double got, double want, const char *expr, const char *file, int line) {
  if (memcmp(&got, &want, sizeof got) == 0) return true;
  xc_test_fail(file, line, "%s is %.17g, want %.17g", expr, got, want);
  return false;
}

bool xc_test_near(double got, double want, double tol, const char *expr, const char *file,
                  int line) {
  double d = got - want;
  if (d <= tol && -d <= tol) return true;
  xc_test_fail(file, line, "%s is %.17g, want %.17g (+-%g)", expr, got, want, tol);
  return false;
}

static int run_here(const xc_test_case *t) {
  current = t;
  failures = 0;
  t->fn();
  if (failures == 0) printf("ok %s.%s\n", t->suite, t->name);
  fflush(stdout);
  return failures ? CHILD_FAILED : CHILD_OK;
}

static int run_forked(const xc_test_case *t) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) return run_here(t);
  if (pid == 0) {
    alarm(TIME_LIMIT);
    _exit(run_here(t));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (WIFEXITED(status) && (WEXITSTATUS(status) == CHILD_OK || WEXITSTATUS(status) == CHILD_FAILED))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    printf("FAIL %s.%s: crashed (signal %d%s)\n", t->suite, t->name, WTERMSIG(status),
           WTERMSIG(status) == SIGALRM ? ", time limit" : "");
  else
    printf("FAIL %s.%s: crashed (exit status %d, sanitizer report?)\n", t->suite, t->name,
           WEXITSTATUS(status));
  fflush(stdout);
  return CHILD_FAILED;
}

int main(int argc, char **argv) {
  const char *filter = argc > 1 ? argv[1] : NULL;
  const char *nofork = getenv("XC_TEST_NOFORK");
  bool fork_each = !(nofork && *nofork && strcmp(nofork, "0") != 0);
  int passed = 0, failed = 0;
  for (size_t s = 0; s < sizeof suites / sizeof suites[0]; s++)
    for (const xc_test_case *t = suites[s]; t->fn; t++) {
      if (filter) {
        char full[256];
        snprintf(full, sizeof full, "%s.%s", t->suite, t->name);
        if (!strstr(full, filter)) continue;
      }
      int rc = fork_each ? run_forked(t) : run_here(t);
      if (rc == CHILD_OK) passed++;
      else failed++;
    }
  printf("# unit: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
