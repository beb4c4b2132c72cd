/* value.h: a cell as a typed value, following the forms contract
 * (shared/forms/README.md section 2 and relations.md section 0).
 *
 * Ownership: an xc_value owns nothing.  Its text points into the cell it
 * was read from (valid only during the sheet callback, like xc_cell.text)
 * or into the caller's scratch buffer for the *_clean functions (valid
 * until that buffer changes).  Copy what must outlive them.
 *
 * What each kind means:
 *   BLANK   an empty cell; text that is empty, whitespace only (including
 *           U+00A0 and the other spaces of xc_space_len) or exactly "-",
 *           "–" or "—" (surrounding whitespace allowed); a formula without a
 *           cached value.  "0" is a NUMBER, never blank.
 *   NUMBER  num (exact), decimals (as displayed).
 *   TEXT    anything else typed as a string.
 *   DATE    y, m, d: a valid d/m/yyyy text, a t="d" cell, or a number with
 *           a date format (then num holds the serial).  A text such as
 *           "15/12/2022" is a DATE wherever it stands: whether a date is
 *           allowed in a row is the rule layer's business.  A serial in a
 *           General cell stays a NUMBER; a date row may read it with
 *           xc_date_from_serial ("Excel date serials are accepted").
 *   BOOL    num = 0 or 1.
 *   ERROR   text = the error value ("#DIV/0!", "#N/A").
 *
 * Number notation in text (README section 2, designed):
 *   - spaces anywhere inside are ignored ("1 079" = 1079), line breaks are
 *     not ("1\n5", two HTML paragraphs, is TEXT);
 *   - an optional leading "-" and an optional trailing "%" (the number is
 *     the percentage itself: "100%" = 100, flag PERCENT);
 *   - "," is the decimal mark; more than one "," is not a number;
 *   - "." groups thousands when every "." is followed by exactly three
 *     digits and the first group has 1 to 3 digits and is not all zeros
 *     ("1.079", "109.442", "201.238,4");
 *   - otherwise a single "." with digits on both sides and no "," is an
 *     English decimal point (flag ENGLISH_DECIMAL, warning N-1: "19.1%",
 *     "87.89%", "0.5", "0.500", "1234.567");
 *   - digits on both sides of every mark: ",5", "5,", ".5", "5." are TEXT;
 *   - leading zeros are allowed ("08" = 8, flag LEADING_ZERO).
 * A number whose significant digits do not fit a 64-bit integer (or whose
 * exponent passes XC_DEC_EMAX) stays TEXT with flag OVERFLOW.
 *
 * Dates in text: d/m/yyyy with a 1- or 2-digit day and month and a 4-digit
 * year, day first, a date that exists.  A text shaped like a date that is not
 * one ("30/12//2022", "29/02/2023", "15/12/22", "2022-12-15") stays TEXT with
 * flag BAD_DATE. */
#ifndef XC_VALUE_H
#define XC_VALUE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "decimal.h"
#include "err.h"
#include "sheet.h"
#include "workbook.h"

typedef enum {
  XC_V_BLANK,
  XC_V_NUMBER,
  XC_V_TEXT,
  XC_V_DATE,
  XC_V_BOOL,
  XC_V_ERROR
} xc_vkind;

enum {
  XC_VF_FROM_TEXT = 1 << 0,       /* a number or date typed in a text cell */
  XC_VF_PERCENT = 1 << 1,         /* a "%" sign, or a numeric cell with a % format */
  XC_VF_ENGLISH_DECIMAL = 1 << 2, /* N-1: "." read as the decimal mark */
  XC_VF_AMBIGUOUS = 1 << 3,       /* "1.234": read as 1234, could be 1,234 typed the English way */
  XC_VF_LEADING_ZERO = 1 << 4,    /* "08", "01.079" */
  XC_VF_SERIAL_DATE = 1 << 5,     /* a DATE from a date serial */
  XC_VF_BAD_DATE = 1 << 6,        /* TEXT shaped like a date, but not a valid d/m/yyyy one */
  XC_VF_OVERFLOW = 1 << 7,        /* TEXT that is a number too long for xc_dec */
  XC_VF_FORMULA = 1 << 8,         /* the cell has a formula (the value is its cached result) */
  XC_VF_NO_CACHE = 1 << 9,        /* BLANK: a formula with no cached value */
  XC_VF_DASH = 1 << 10,           /* BLANK: written as "-", "–" or "—" */
  XC_VF_TIME = 1 << 11,           /* DATE whose serial also had a time of day (dropped) */
  XC_VF_HTML = 1 << 12,           /* *_clean: HTML markup was stripped */
  XC_VF_NOT_NFC = 1 << 13         /* *_clean: the text was not NFC */
};

typedef struct {
  xc_vkind kind;
  unsigned flags;
  xc_dec num;   /* NUMBER; BOOL 0/1; DATE from a serial: the serial */
  int decimals; /* NUMBER: decimals as displayed (>= 0) */
  int y, m, d;  /* DATE */
  const char *text; /* the text the value was read from (a numeric cell: the */
  size_t len;       /* stored <v> text); never NULL ("" when there is none) */
} xc_value;

/* A cell as the rules see it.  style may be NULL (General).
 *   - Numeric cells: the stored digits (cell->dec), rounded to 15
 *     significant digits as Excel keeps them (0.30000000000000004 -> 0,3);
 *     a format containing % multiplies by 100 (0.052 shown 5,2% -> 5,2);
 *     decimals = the format's decimals, or for General the decimals of that
 *     15-digit value.  A date format (not a duration such as [h]:mm) makes
 *     a DATE when the serial is a real date (1900 system: 1 .. 2958465 except
 *     the fictitious 29/02/1900 = 60; 1904 system: 0 .. 2957003); otherwise
 *     the cell stays a NUMBER.
 *   - Strings go through xc_value_parse_text (flag FROM_TEXT when they give
 *     a NUMBER or DATE); t="d" cells are read as ISO dates.
 *   - Booleans, errors, formulas without a cached value: see above. */
void xc_value_from_cell(const xc_cell *cell, const xc_style *style, bool date1904, xc_value *out);
/* The same, but string text is cleaned first (HTML stripped, NFC: see
 * xc_text_clean) into scratch (cleared); out->text points into scratch. */
void xc_value_from_cell_clean(const xc_cell *cell, const xc_style *style, bool date1904,
                              xc_buf *scratch, xc_value *out);

/* Text typed in a cell, by the rules above.  out->text = s. */
void xc_value_parse_text(const char *s, size_t n, xc_value *out);
/* The same after xc_text_clean into scratch (cleared). */
void xc_value_parse_text_clean(const char *s, size_t n, xc_buf *scratch, xc_value *out);

/* true when s is blank by the rules (see BLANK above). */
bool xc_text_is_blank(const char *s, size_t n);

/* A d/m/yyyy date (surrounding whitespace allowed); false unless the text
 * has exactly that shape and the date exists. */
bool xc_value_parse_date_vi(const char *s, size_t n, int *y, int *m, int *d);
/* true when s is shaped like a date: three digit groups separated by runs
 * of "/", "-", "." (spaces around them allowed), of lengths d/m/y (1-2,
 * 1-2, 2 or 4) or y/m/d (4, 1-2, 1-2); with "." alone the year must have 4
 * digits ("15.12.2022", not the key "1.2.10").  True for valid dates too; on
 * a TEXT value it means "a malformed date" (the BAD_DATE flag). */
bool xc_value_looks_like_date(const char *s, size_t n);

/* ---- calendar (proleptic Gregorian) ----------------------------------------- */

bool xc_date_valid(int y, int m, int d); /* 1 <= y <= 9999, the day exists */
/* xc_date_days / xc_date_from_days: numtext.h */
/* An Excel serial's day -> date; false when it is not a real date (see
 * xc_value_from_cell).  *time (may be NULL) tells whether it had a fraction. */
bool xc_date_from_serial(xc_dec serial, bool date1904, int *y, int *m, int *d, bool *time);
/* The Excel serial of a valid date (1900 system counts the fictitious
 * 29/02/1900, as Excel does). */
int64_t xc_date_to_serial(int y, int m, int d, bool date1904);

/* ---- using values ----------------------------------------------------------- */

/* The number as displayed: num rounded to decimals ("value as displayed").
 * For a non-NUMBER returns num unchanged. */
xc_dec xc_value_shown(const xc_value *v);
static inline bool xc_value_is_blank(const xc_value *v) { return v->kind == XC_V_BLANK; }
static inline bool xc_value_is_number(const xc_value *v) { return v->kind == XC_V_NUMBER; }

/* The value for a message (appended to b):
 *   NUMBER  Vietnamese notation with the displayed decimals, "%" when the
 *           value carries one: "1.079", "5,2%", "201.238,4", "-3";
 *   DATE    dd/mm/yyyy: "15/12/2022", "08/12/2023";
 *   TEXT    quoted, one line, cut after 60 characters: "\"Có\"";
 *   BLANK   "(trống)" / "(blank)"; BOOL "TRUE"/"FALSE"; ERROR its code
 *           ("#DIV/0!"). */
bool xc_value_describe(xc_buf *b, const xc_value *v, xc_lang lang);

#endif
