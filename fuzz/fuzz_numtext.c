/* fuzz_numtext.c: the text <-> value conversions.
 *
 * Every input goes through all of them:
 *   - xc_parse_xml_number; a finite result must survive
 *     xc_format_number -> xc_parse_xml_number unchanged (and format the
 *     same way again);
 *   - the first 8 bytes as a double: the same round trip; and as a date
 *     serial: xc_format_serial -> xc_parse_iso_date gives the serial back
 *     to within a millisecond, in both date systems;
 *   - xc_parse_iso_date on the text, then xc_format_serial;
 *   - xc_decode_xstring never grows the text and keeps valid UTF-8 valid;
 *   - xc_cellref_parse / xc_range_parse: a parsed reference formats and
 *     parses back to the same cell;
 *   - xc_escape_field leaves no raw TAB, LF or CR. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cellref.h"
#include "numtext.h"

#include "common.h"

static void fail(const char *what, const char *text, double v) {
  fprintf(stderr, "numtext: %s: \"%s\" (%.17g)\n", what, text, v);
  abort();
}

static void number_round_trip(double x) {
  if (!isfinite(x)) return;
  xc_buf b, b2;
  xc_buf_init(&b, 0);
  xc_buf_init(&b2, 0);
  xc_format_number(&b, x);
  double y;
  bool overflow;
  if (!xc_parse_xml_number(b.data, b.len, &y, &overflow) || overflow)
    fail("format_number output does not parse", xc_buf_str(&b), x);
  if (y != x) fail("format_number does not round-trip", xc_buf_str(&b), x);
  xc_format_number(&b2, y);
  if (strcmp(xc_buf_str(&b), xc_buf_str(&b2)) != 0) fail("format_number unstable", xc_buf_str(&b2), x);
  xc_buf_free(&b);
  xc_buf_free(&b2);
}

static void serial_round_trip(double serial, bool date1904) {
  xc_buf b;
  xc_buf_init(&b, 0);
  if (xc_format_serial(&b, serial, date1904)) {
    double back;
    if (!xc_parse_iso_date(b.data, b.len, date1904, &back))
      fail("format_serial output does not parse", xc_buf_str(&b), serial);
    /* the text keeps milliseconds: allow half of one plus rounding */
    if (fabs(back - serial) > 0.6 / 86400000.0 + 1e-9)
      fail("format_serial does not round-trip", xc_buf_str(&b), serial);
  }
  xc_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  char *s = malloc(size + 1);
  memcpy(s, data, size);
  s[size] = '\0';

  double v;
  bool overflow;
  if (xc_parse_xml_number(s, size, &v, &overflow) && !overflow) number_round_trip(v);

  if (size >= 8) {
    double d;
    memcpy(&d, data, 8);
    number_round_trip(d);
    serial_round_trip(d, false);
    serial_round_trip(d, true);
    /* also a scaled serial, so the fuzzer reaches plausible dates often */
    uint32_t u;
    memcpy(&u, data, 4);
    serial_round_trip((double)u / 1000.0, false);
    serial_round_trip((double)u / 1000.0, true);
  }

  for (int sys = 0; sys < 2; sys++) {
    double serial;
    if (xc_parse_iso_date(s, size, sys, &serial)) {
      xc_buf b;
      xc_buf_init(&b, 0);
      xc_format_serial(&b, serial, sys);
      xc_buf_free(&b);
    }
  }

  char *t = malloc(size + 1);
  memcpy(t, data, size);
  t[size] = '\0';
  bool valid = xc_utf8_valid(t, size);
  size_t n = xc_decode_xstring(t, size);
  if (n > size) fail("decode_xstring grew the text", s, (double)n);
  if (valid && !xc_utf8_valid(t, n)) fail("decode_xstring broke UTF-8", s, (double)n);
  free(t);

  uint32_t r, c, r2, c2;
  if (xc_cellref_parse(s, size, &r, &c)) {
    if (r < 1 || r > XC_MAX_ROW || c < 1 || c > XC_MAX_COL) fail("cellref out of grid", s, r);
    char ref[12];
    size_t k = xc_cellref_format(r, c, ref);
    uint32_t r1, c1;
    if (!xc_cellref_parse(ref, k, &r1, &c1) || r1 != r || c1 != c) fail("cellref round trip", ref, r);
  }
  if (xc_range_parse(s, size, &r, &c, &r2, &c2)) {
    if (r < 1 || r2 > XC_MAX_ROW || c < 1 || c2 > XC_MAX_COL || r2 < 1 || c2 < 1)
      fail("range out of grid", s, r);
  }

  xc_buf b;
  xc_buf_init(&b, 0);
  xc_escape_field(&b, s, size);
  for (size_t i = 0; i < b.len; i++)
    if (b.data[i] == '\t' || b.data[i] == '\n' || b.data[i] == '\r') fail("escape_field left a control", s, 0);
  xc_buf_free(&b);
  free(s);
  return 0;
}
