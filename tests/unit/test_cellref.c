/* test_cellref.c: A1 references, column names, ranges. */
#include <string.h>

#include "cellref.h"
#include "harness.h"

#define SUITE "cellref"

static bool parse(const char *s, uint32_t *row, uint32_t *col) {
  *row = *col = 0;
  return xc_cellref_parse(s, strlen(s), row, col);
}

/* true when s parses to (row, col) */
static bool parses_to(const char *s, uint32_t row, uint32_t col) {
  uint32_t r, c;
  return parse(s, &r, &c) && r == row && c == col;
}

static bool rejects(const char *s) {
  uint32_t r = 77, c = 77;
  return !xc_cellref_parse(s, strlen(s), &r, &c);
}

static void parse_a1(void) {
  uint32_t r, c;
  CHECK(parse("A1", &r, &c));
  CHECK_UINT(r, 1);
  CHECK_UINT(c, 1);
  CHECK(parses_to("B7", 7, 2));
  CHECK(parses_to("Z9", 9, 26));
  CHECK(parses_to("AA10", 10, 27));
  CHECK(parses_to("ZZ1", 1, 702));
  CHECK(parses_to("AAA1", 1, 703));
}

static void parse_absolute(void) {
  CHECK(parses_to("$A$1", 1, 1));
  CHECK(parses_to("$B7", 7, 2));
  CHECK(parses_to("B$7", 7, 2));
  CHECK(parses_to("$XFD$1048576", 1048576, 16384));
  CHECK(rejects("$$A1"));
  CHECK(rejects("A$$1"));
  CHECK(rejects("A1$"));
  CHECK(rejects("$1"));
  CHECK(rejects("A$"));
}

static void parse_grid_corners(void) {
  CHECK(parses_to("XFD1048576", 1048576, 16384));
  CHECK(parses_to("XFD1", 1, 16384));
  CHECK(parses_to("A1048576", 1048576, 1));
}

static void reject_outside_grid(void) {
  CHECK(rejects("XFE1"));
  CHECK(rejects("XFZ1"));
  CHECK(rejects("ZZZ1"));
  CHECK(rejects("A1048577"));
  CHECK(rejects("A9999999"));
  CHECK(rejects("A0"));
  CHECK(rejects("XFE1048577"));
}

static void reject_malformed(void) {
  CHECK(rejects(""));
  CHECK(rejects("A"));
  CHECK(rejects("1"));
  CHECK(rejects("1A"));
  CHECK(rejects("A1A"));
  CHECK(rejects("A 1"));
  CHECK(rejects(" A1"));
  CHECK(rejects("A1 "));
  CHECK(rejects("A-1"));
  CHECK(rejects("A+1"));
  CHECK(rejects("A1:B2")); /* a range is not a cell */
  CHECK(rejects("R1C1"));
  CHECK(rejects("\xC3\x81" "1")); /* a non-ASCII letter */
}

static void accept_lowercase(void) {
  /* ECMA-376 ST_CellRef is upper case and Excel never writes "a1", but a
   * hand-made file that does is unambiguous: the reader is lenient there. */
  uint32_t r, c;
  CHECK(xc_cellref_parse("a1", 2, &r, &c) && r == 1 && c == 1);
  CHECK(xc_cellref_parse("xfd1", 4, &r, &c) && r == 1 && c == 16384);
  CHECK(xc_cellref_parse("$a$1", 4, &r, &c) && r == 1 && c == 1);
  CHECK(rejects("xfe1"));
}

static void reject_too_many_letters_or_digits(void) {
  CHECK(rejects("AAAA1"));
  CHECK(rejects("XFDA1"));
  CHECK(rejects("A10485760"));
  CHECK(rejects("A100000000000000000000")); /* would wrap a uint32_t */
  CHECK(rejects("A4294967297"));            /* 2^32 + 1 */
}

static void parse_respects_length(void) {
  uint32_t r, c;
  CHECK(xc_cellref_parse("B12", 2, &r, &c) && r == 1 && c == 2);
  CHECK(!xc_cellref_parse("B12", 1, &r, &c));
  CHECK(!xc_cellref_parse("B12", 0, &r, &c));
  /* the NUL inside the length is a stray byte, not an end */
  CHECK(!xc_cellref_parse("B1\0", 3, &r, &c));
}

static void failure_leaves_outputs(void) {
  uint32_t r = 5, c = 6;
  CHECK(!xc_cellref_parse("A0", 2, &r, &c));
  CHECK_UINT(r, 5);
  CHECK_UINT(c, 6);
}

static void col_names(void) {
  static const struct {
    uint32_t col;
    const char *name;
  } cases[] = {{1, "A"},     {2, "B"},     {26, "Z"},     {27, "AA"},     {28, "AB"},
               {52, "AZ"},   {53, "BA"},   {702, "ZZ"},   {703, "AAA"},   {704, "AAB"},
               {728, "AAZ"}, {729, "ABA"}, {16383, "XFC"}, {16384, "XFD"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char out[4] = "???";
    size_t n = xc_col_name(cases[i].col, out);
    CHECK_STR(out, cases[i].name);
    CHECK_UINT(n, strlen(cases[i].name));
  }
}

static void col_name_out_of_range(void) {
  char out[4] = "???";
  CHECK_UINT(xc_col_name(0, out), 0);
  CHECK_STR(out, "");
  memcpy(out, "???", 4);
  CHECK_UINT(xc_col_name(16385, out), 0);
  CHECK_STR(out, "");
  memcpy(out, "???", 4);
  CHECK_UINT(xc_col_name(UINT32_MAX, out), 0);
  CHECK_STR(out, "");
}

/* Every column: name -> parse -> the same column. */
static void col_name_round_trip_all(void) {
  for (uint32_t col = 1; col <= XC_MAX_COL; col++) {
    char ref[12];
    size_t n = xc_col_name(col, ref);
    ref[n++] = '1';
    uint32_t r, c;
    if (!CHECK(xc_cellref_parse(ref, n, &r, &c) && r == 1 && c == col)) {
      xc_test_fail(__FILE__, __LINE__, "column %u", (unsigned)col);
      return;
    }
  }
}

static void format_refs(void) {
  char out[12];
  CHECK_UINT(xc_cellref_format(1, 1, out), 2);
  CHECK_STR(out, "A1");
  CHECK_UINT(xc_cellref_format(1048576, 16384, out), 10);
  CHECK_STR(out, "XFD1048576");
  xc_cellref_format(7, 28, out);
  CHECK_STR(out, "AB7");
}

static void format_parse_round_trip(void) {
  static const uint32_t rows[] = {1, 2, 9, 10, 99, 100, 65536, 65537, 1048575, 1048576};
  static const uint32_t cols[] = {1, 26, 27, 256, 702, 703, 16384};
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    for (size_t j = 0; j < sizeof cols / sizeof cols[0]; j++) {
      char out[12];
      size_t n = xc_cellref_format(rows[i], cols[j], out);
      uint32_t r, c;
      CHECK(n == strlen(out) && xc_cellref_parse(out, n, &r, &c) && r == rows[i] &&
            c == cols[j]);
    }
}

static void range_two_corners(void) {
  uint32_t r1, c1, r2, c2;
  const char *s = "A1:C3";
  CHECK(xc_range_parse(s, strlen(s), &r1, &c1, &r2, &c2));
  CHECK_UINT(r1, 1);
  CHECK_UINT(c1, 1);
  CHECK_UINT(r2, 3);
  CHECK_UINT(c2, 3);
  s = "$B$2:$XFD$1048576";
  CHECK(xc_range_parse(s, strlen(s), &r1, &c1, &r2, &c2));
  CHECK(r1 == 2 && c1 == 2 && r2 == 1048576 && c2 == 16384);
}

static void range_single_cell(void) {
  uint32_t r1, c1, r2, c2;
  CHECK(xc_range_parse("D4", 2, &r1, &c1, &r2, &c2));
  CHECK(r1 == 4 && c1 == 4 && r2 == 4 && c2 == 4);
}

static void range_malformed(void) {
  static const char *const bad[] = {"", ":", "A1:", ":A1", "A1:B2:C3", "A1::B2", "A1-B2",
                                    "A1:XFE1", "A0:B2", "A:C", "1:3", "A1 :B2"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint32_t r1, c1, r2, c2;
    if (xc_range_parse(bad[i], strlen(bad[i]), &r1, &c1, &r2, &c2))
      xc_test_fail(__FILE__, __LINE__, "range \"%s\" accepted", bad[i]);
  }
}

const xc_test_case xc_tests_cellref[] = {
    TEST(parse_a1),
    TEST(parse_absolute),
    TEST(parse_grid_corners),
    TEST(reject_outside_grid),
    TEST(reject_malformed),
    TEST(accept_lowercase),
    TEST(reject_too_many_letters_or_digits),
    TEST(parse_respects_length),
    TEST(failure_leaves_outputs),
    TEST(col_names),
    TEST(col_name_out_of_range),
    TEST(col_name_round_trip_all),
    TEST(format_refs),
    TEST(format_parse_round_trip),
    TEST(range_two_corners),
    TEST(range_single_cell),
    TEST(range_malformed),
    {0},
};
