/* harness.h: a tiny unit-test harness (after cmark's api_test/harness.h).
 *
 * Each test is a static void function of no arguments.  A file lists its
 * tests in a table,
 *
 *   #define SUITE "cellref"
 *   static void parse_a1(void) { CHECK_INT(...); }
 *   const xc_test_case xc_tests_cellref[] = {TEST(parse_a1), {0}};
 *
 * and main.c runs every table.  Each test prints one line:
 *   ok <suite>.<name>
 *   FAIL <suite>.<name>: <file>:<line>: <what>
 * Further failed checks of the same test follow as "# ..." lines.
 *
 * CHECK_* record a failure and go on; REQUIRE* also return from the test,
 * for checks that later code depends on. */
#ifndef XC_TEST_HARNESS_H
#define XC_TEST_HARNESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  const char *suite, *name;
  void (*fn)(void);
} xc_test_case;

#define TEST(fn) {SUITE, #fn, fn}

/* Records a failure of the running test (printf-style message). */
void xc_test_fail(const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
bool xc_test_check(bool ok, const char *expr, const char *file, int line);
bool xc_test_int(long long got, long long want, const char *expr, const char *file, int line);
bool xc_test_uint(unsigned long long got, unsigned long long want, const char *expr,
                  const char *file, int line);
bool xc_test_mem(const char *got, size_t got_n, const char *want, size_t want_n,
                 const char *expr, const char *file, int line);
bool xc_test_str(const char *got, const char *want, const char *expr, const char *file,
                 int line);
/* Bitwise equality: tells 0.0 from -0.0, and NaN equals itself. */
bool xc_test_dbl(double got, double want, const char *expr, const char *file, int line);
bool xc_test_near(double got, double want, double tol, const char *expr, const char *file,
                  int line);

#define CHECK(cond) xc_test_check((cond) ? true : false, #cond, __FILE__, __LINE__)
#define CHECK_INT(got, want) xc_test_int((long long)(got), (long long)(want), #got, __FILE__, __LINE__)
#define CHECK_UINT(got, want) \
  xc_test_uint((unsigned long long)(got), (unsigned long long)(want), #got, __FILE__, __LINE__)
#define CHECK_STR(got, want) xc_test_str((got), (want), #got, __FILE__, __LINE__)
#define CHECK_MEM(got, got_n, want, want_n) \
  xc_test_mem((got), (got_n), (want), (want_n), #got, __FILE__, __LINE__)
#define CHECK_DBL(got, want) xc_test_dbl((got), (want), #got, __FILE__, __LINE__)
#define CHECK_NEAR(got, want, tol) xc_test_near((got), (want), (tol), #got, __FILE__, __LINE__)

#define REQUIRE(cond) \
  do {                \
    if (!CHECK(cond)) return; \
  } while (0)
#define REQUIRE_INT(got, want) \
  do {                         \
    if (!CHECK_INT(got, want)) return; \
  } while (0)

#endif
