/* test_date.c: date serials <-> ISO 8601 text in the 1900 and 1904 systems. */
#include <math.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "numtext.h"

#define SUITE "date"

/* serial prints as want (NULL: xc_format_serial refuses it). */
static void check_serial(double serial, bool d1904, const char *want, int line) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_buf_adds(&b, "junk");
  xc_buf_clear(&b);
  bool ok = xc_format_serial(&b, serial, d1904);
  if (!want) {
    if (ok)
      xc_test_fail(__FILE__, line, "serial %.17g (%s) gave \"%s\", want false", serial,
                   d1904 ? "1904" : "1900", xc_buf_str(&b));
  } else if (!ok) {
    xc_test_fail(__FILE__, line, "serial %.17g (%s) refused, want \"%s\"", serial,
                 d1904 ? "1904" : "1900", want);
  } else {
    xc_test_str(xc_buf_str(&b), want, "xc_format_serial", __FILE__, line);
  }
  xc_buf_free(&b);
}
#define S1900(x, want) check_serial((x), false, (want), __LINE__)
#define S1904(x, want) check_serial((x), true, (want), __LINE__)

static void serial_1900_days(void) {
  S1900(1, "1900-01-01");
  S1900(2, "1900-01-02");
  S1900(31, "1900-01-31");
  S1900(32, "1900-02-01");
  S1900(36526, "2000-01-01");
  S1900(45000, "2023-03-15");
  S1900(2958465, "9999-12-31");
}

static void serial_1900_leap_bug(void) {
  S1900(59, "1900-02-28");
  S1900(60, "1900-02-29"); /* Excel's fictitious day */
  S1900(61, "1900-03-01");
  S1900(60.5, "1900-02-29T12:00:00");
}

static void serial_1900_times(void) {
  S1900(45000.5, "2023-03-15T12:00:00");
  S1900(45000.25, "2023-03-15T06:00:00");
  S1900(45000 + 3723.0 / 86400, "2023-03-15T01:02:03");
  S1900(45000 + 1.5 / 86400, "2023-03-15T00:00:01.500");
  S1900(0.5, "12:00:00");
  S1900(0.75, "18:00:00");
  S1900(0, "00:00:00");
  S1900(0.123 / 86400, "00:00:00.123");
}

static void serial_rounding(void) {
  /* 23:59:59.9996 rounds up to the next midnight: a plain date */
  S1900(45000 + 86399.9996 / 86400, "2023-03-16");
  S1900(45000 + 86399.9994 / 86400, "2023-03-15T23:59:59.999");
  S1900(45000 + 43200.0004 / 86400, "2023-03-15T12:00:00");
  S1900(59 + 86399.9996 / 86400, "1900-02-29");
  S1904(0 + 86399.9996 / 86400 + 1, "1904-01-03");
}

static void serial_out_of_range(void) {
  S1900(-1, NULL);
  S1900(-0.0001, NULL);
  S1900(2958466, NULL);
  S1900(2958465.99999999999, NULL); /* rounds past 9999-12-31 */
  S1900(1e300, NULL);
  S1900(NAN, NULL);
  S1900(INFINITY, NULL);
  S1900(-INFINITY, NULL);
  S1904(-1, NULL);
  S1904(2957004, NULL);
}

static void serial_last_day(void) {
  S1900(2958465.5, "9999-12-31T12:00:00");
  S1904(2957003, "9999-12-31");
}

static void serial_1904(void) {
  S1904(1, "1904-01-02");
  S1904(366, "1905-01-01"); /* 1904 is a leap year */
  S1904(1.5, "1904-01-02T12:00:00");
  S1904(45000 - 1462, "2023-03-15");
}

static void serial_1904_zero(void) {
  /* serial 0 is 1904-01-01 00:00 in the 1904 system, but any serial in [0,1)
   * prints as a time of day in both systems, as openpyxl reads it */
  S1904(0, "00:00:00");
  S1904(1, "1904-01-02");
}

static void format_appends(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_buf_adds(&b, "d=");
  CHECK(xc_format_serial(&b, 45000, false));
  CHECK_STR(xc_buf_str(&b), "d=2023-03-15");
  xc_buf_free(&b);
}

static bool iso(const char *s, bool d1904, double *serial) {
  *serial = -999;
  return xc_parse_iso_date(s, strlen(s), d1904, serial);
}

static void parse_iso_examples(void) {
  double v;
  CHECK(iso("1900-01-01", false, &v) && v == 1);
  CHECK(iso("1900-02-28", false, &v) && v == 59);
  CHECK(iso("1900-02-29", false, &v) && v == 60);
  CHECK(iso("1900-03-01", false, &v) && v == 61);
  CHECK(iso("2023-03-15", false, &v) && v == 45000);
  CHECK(iso("2023-03-15T12:00:00", false, &v) && v == 45000.5);
  CHECK(iso("2023-03-15 12:00:00", false, &v) && v == 45000.5);
  CHECK(iso("2023-03-15T12:00:00Z", false, &v) && v == 45000.5);
  CHECK(iso("2023-03-15T06:00", false, &v) && v == 45000.25);
  CHECK(iso("12:00:00", false, &v) && v == 0.5);
  CHECK(iso("18:00", true, &v) && v == 0.75);
  CHECK(iso("1904-01-01", true, &v) && v == 0);
  CHECK(iso("1904-01-02", true, &v) && v == 1);
  CHECK(iso("9999-12-31", false, &v) && v == 2958465);
  CHECK(iso("00:00:01.5", false, &v));
  CHECK_NEAR(v, 1.5 / 86400, 1e-12);
}

static void parse_iso_rejects(void) {
  static const char *const bad[] = {"",           "2023",        "2023-03",
                                    "2023-3-15",  "2023-13-01",  "2023-00-10",
                                    "2023-03-00", "2023-03-32",  "2023/03/15",
                                    "2023-03-15X", "2023-03-15T25:00:00", "2023-03-15T12:60:00",
                                    "2023-03-15T12:00:61", "2023-03-15T12:00:00.",
                                    "12", "12:0", "1:00:00", "12:00:00+07:00", "abcd-ef-gh",
                                    " 2023-03-15", "2023-03-15T12", "T12:00:00"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    double v;
    if (iso(bad[i], false, &v))
      xc_test_fail(__FILE__, __LINE__, "\"%s\" accepted as %.17g", bad[i], v);
  }
}

static void parse_iso_rejects_dangling_separator(void) {
  /* a separator must be followed by a time */
  static const char *const bad[] = {"2023-03-15T", "2023-03-15 "};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    double v;
    if (iso(bad[i], false, &v))
      xc_test_fail(__FILE__, __LINE__, "\"%s\" accepted as %.17g", bad[i], v);
  }
}

static void parse_iso_rejects_impossible_days(void) {
  /* "false when it is not such a date": these days do not exist */
  static const char *const bad[] = {"2023-02-29", "2023-02-30", "2023-02-31", "2024-02-30",
                                    "2023-04-31", "2023-06-31", "2023-09-31", "2023-11-31",
                                    "1900-02-30", "2100-02-29"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    double v;
    if (iso(bad[i], false, &v))
      xc_test_fail(__FILE__, __LINE__, "\"%s\" accepted as %.17g", bad[i], v);
  }
  double v;
  CHECK(iso("2024-02-29", false, &v) && v == 45351);
  CHECK(iso("2000-02-29", false, &v) && v == 36585);
}

/* format -> parse is the identity on whole days, in both systems. */
static void sweep_days(bool d1904) {
  double max = d1904 ? 2957003 : 2958465;
  xc_buf b;
  xc_buf_init(&b, 0);
  int bad = 0;
  for (double s = d1904 ? 0 : 1; s <= max && bad < 5; s += (s < 1000 ? 1 : 7)) {
    xc_buf_clear(&b);
    double back = -1;
    if (!xc_format_serial(&b, s, d1904) || !xc_parse_iso_date(b.data, b.len, d1904, &back) ||
        back != s) {
      xc_test_fail(__FILE__, __LINE__, "serial %.0f (%s) -> \"%s\" -> %.17g", s,
                   d1904 ? "1904" : "1900", xc_buf_str(&b), back);
      bad++;
    }
  }
  xc_buf_free(&b);
}
static void round_trip_days_1900(void) { sweep_days(false); }
static void round_trip_days_1904(void) { sweep_days(true); }

/* With times: parse(format(x)) prints the same text again, and lands within
 * half a millisecond of x. */
static void sweep_times(bool d1904) {
  xc_buf a, b;
  xc_buf_init(&a, 0);
  xc_buf_init(&b, 0);
  int bad = 0;
  uint32_t u = 2463534242u;
  for (int i = 0; i < 50000 && bad < 5; i++) {
    u ^= u << 13, u ^= u >> 17, u ^= u << 5;
    double x = (double)(u % 2900000u) + (double)(u % 86400000u) / 86400000.0;
    if (i % 3 == 0) x = floor(x) + (double)(u % 86400u) / 86400.0; /* whole seconds */
    xc_buf_clear(&a);
    xc_buf_clear(&b);
    double back = -1;
    bool ok = xc_format_serial(&a, x, d1904);
    if (!ok) continue; /* past 9999-12-31 in the 1904 system */
    if (!xc_parse_iso_date(a.data, a.len, d1904, &back) || !xc_format_serial(&b, back, d1904) ||
        strcmp(xc_buf_str(&a), xc_buf_str(&b)) != 0 || fabs(back - x) > 0.0005 / 86400 + 1e-9) {
      xc_test_fail(__FILE__, __LINE__, "%.17g (%s) -> \"%s\" -> %.17g -> \"%s\"", x,
                   d1904 ? "1904" : "1900", xc_buf_str(&a), back, xc_buf_str(&b));
      bad++;
    }
  }
  xc_buf_free(&a);
  xc_buf_free(&b);
}
static void round_trip_times_1900(void) { sweep_times(false); }
static void round_trip_times_1904(void) { sweep_times(true); }

/* The two systems are 1462 days apart after 1900-03-01. */
static void systems_offset(void) {
  xc_buf a, b;
  xc_buf_init(&a, 0);
  xc_buf_init(&b, 0);
  for (double s = 1463; s < 2958465; s += 9973) {
    xc_buf_clear(&a);
    xc_buf_clear(&b);
    CHECK(xc_format_serial(&a, s, false) && xc_format_serial(&b, s - 1462, true));
    CHECK_STR(xc_buf_str(&b), xc_buf_str(&a));
  }
  xc_buf_free(&a);
  xc_buf_free(&b);
}

const xc_test_case xc_tests_date[] = {
    TEST(serial_1900_days),
    TEST(serial_1900_leap_bug),
    TEST(serial_1900_times),
    TEST(serial_rounding),
    TEST(serial_out_of_range),
    TEST(serial_last_day),
    TEST(serial_1904),
    TEST(serial_1904_zero),
    TEST(format_appends),
    TEST(parse_iso_examples),
    TEST(parse_iso_rejects),
    TEST(parse_iso_rejects_dangling_separator),
    TEST(parse_iso_rejects_impossible_days),
    TEST(round_trip_days_1900),
    TEST(round_trip_days_1904),
    TEST(round_trip_times_1900),
    TEST(round_trip_times_1904),
    TEST(systems_offset),
    {0},
};
