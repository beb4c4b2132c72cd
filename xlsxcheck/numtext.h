/* numtext.h: numbers, dates and text as dump prints them.
 * All functions are locale-free (no setlocale is ever called) and write
 * into a caller's xc_buf. */
#ifndef XC_NUMTEXT_H
#define XC_NUMTEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* A decimal number as written: its significant digits (no leading or trailing
 * zeros, at most 19 kept) and the exponent of the first: d1.d2d3... x 10^exp10. */
typedef struct {
  bool neg;
  bool more; /* more than 19 significant digits were written */
  uint8_t nd;
  char digits[20];
  int32_t exp10;
} xc_decimal;

/* Parses a number and keeps its decimal form (for printing it back without a
 * float-to-text conversion).  Same grammar and results as xc_parse_xml_number. */
bool xc_parse_number(const char *s, size_t n, double *out, xc_decimal *dec, bool *overflow);
/* Prints x, laid out from dec when dec holds its shortest digits (NULL: from x). */
void xc_format_decimal(xc_buf *b, const xc_decimal *dec, double x);

/* Parses an XML numeric value exactly: [ws] [-+] digits [. digits] [e [-+] digits] [ws].
 * false when malformed; *overflow is set when the value is not a finite double. */
bool xc_parse_xml_number(const char *s, size_t n, double *out, bool *overflow);

/* The shortest text that reads back to the same double: integers below 2^53
 * without a fraction ("3"), otherwise Python's repr ("0.1", "1e+20", "1.5e-07"). */
void xc_format_number(xc_buf *b, double x);

/* The same for a value read from text (a cell's <v>): when the text has at most
 * 15 significant digits it is laid out directly, without printf or strtod. */
void xc_format_number_text(xc_buf *b, double x, const char *text, size_t n);

/* Converts a date serial to ISO 8601 text: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS[.mmm]",
 * or "HH:MM:SS[.mmm]" for 0 <= serial < 1.  The 1900 system keeps Excel's fictitious
 * 1900-02-29 (serial 60).  false when the serial is outside 0 .. 9999-12-31. */
bool xc_format_serial(xc_buf *b, double serial, bool date1904);

/* Parses the ISO text xc_format_serial writes (and t="d" cell values) back into a
 * serial; false when it is not such a date. */
bool xc_parse_iso_date(const char *s, size_t n, bool date1904, double *serial);

/* Days since 1970-01-01 (negative before), proleptic Gregorian: compare and
 * subtract dates with it. */
int64_t xc_date_days(int y, int m, int d);
void xc_date_from_days(int64_t days, int *y, int *m, int *d);

/* Appends s escaped for a dump line: TAB, LF, CR and backslash as \t \n \r \\. */
void xc_escape_field(xc_buf *b, const char *s, size_t n);

/* Decodes the ECMA-376 ST_Xstring escapes _xHHHH_ in place (as Excel does);
 * returns the new length. */
size_t xc_decode_xstring(char *s, size_t n);

/* true when s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool xc_utf8_valid(const char *s, size_t n);

#endif
