/* formula.h: the formulas report workbooks use, evaluated in exact decimals.
 *
 * A workbook saved by a program that writes formulas but never computes them
 * (report-export software, openpyxl) has formula cells without a stored
 * value.  This module computes them, for the subset of Excel those
 * workbooks use:
 *
 *   formula  := ['='] compare
 *   compare  := concat (('=' | '<>' | '<' | '>' | '<=' | '>=') concat)*
 *   concat   := sum                      ('&' is outside the subset)
 *   sum      := product (('+' | '-') product)*
 *   product  := power (('*' | '/') power)*
 *   power    := percent ('^' percent)*
 *   percent  := unary '%'*
 *   unary    := ('-' | '+') unary | primary
 *   primary  := NUMBER | STRING | TRUE | FALSE | ERROR | '(' compare ')'
 *             | ref | range | NAME '(' [arg (',' arg)*] ')'
 *   arg      := compare | range
 *   ref      := [sheet '!'] ['$'] COL ['$'] ROW          D5, $A$1, Sheet2!B3
 *   range    := [sheet '!'] cell ':' cell  |  [sheet '!'] COL ':' COL   D10:D20, D:D
 *   sheet    := unquoted name | "'" (any character, "''" for ') "'"   'Biểu mẫu 1'
 *   NUMBER   := digits ['.' digits] [('E'|'e') ['+'|'-'] digits]
 *   STRING   := '"' (any character, '""' for ") '"'
 *   ERROR    := #DIV/0! | #VALUE! | #REF! | #NAME? | #N/A | #NUM! | #NULL!
 *
 * Excel's precedence: unary minus binds tighter than '^' (-2^2 = 4), '%'
 * divides by 100.  Functions (names case-insensitive, "_xlfn." dropped):
 * SUM, MIN, MAX, AVERAGE, COUNT over ranges and lists (numbers in ranges;
 * text, booleans and blanks there are skipped; an error there is the
 * result), ROUND, ROUNDUP, ROUNDDOWN (digits may be negative), ABS, IF,
 * IFERROR.  Anything else (another function, a defined name, a reference to
 * another workbook, '&', intersections) makes the formula "not computed",
 * never a wrong value.
 *
 * Values: a blank cell reads as 0 in arithmetic, TRUE as 1; text that is a
 * plain number ("12", " 3.5 ") reads as that number, other text gives
 * #VALUE!.  + - * are exact (a result beyond 18 digits falls back to double
 * precision, as Excel computes); a quotient is exact or rounded to 18
 * significant digits; a division by zero gives #DIV/0!, an overflow #NUM!.
 * Errors propagate as in Excel.
 *
 * Formulas may refer to each other: they are evaluated in dependency order
 * (Kahn's topological sort); a formula on a cycle, or reading a formula that
 * could not be computed, is not computed.  Hostile input is bounded: nesting
 * depth, formula length, nodes per formula, and a total budget of cells read
 * and dependencies followed, the memory all formulas' trees and their
 * dependencies take.  A formula beyond a bound is "not computed".
 *
 * Reentrant: no globals, nothing printed; every result lives in the
 * caller's arena. */
#ifndef XC_FORMULA_H
#define XC_FORMULA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "decimal.h"

typedef enum { XC_FX_BLANK, XC_FX_NUMBER, XC_FX_TEXT, XC_FX_BOOL, XC_FX_ERROR } xc_fx_kind;

typedef struct {
  xc_fx_kind kind;
  xc_dec num;       /* NUMBER; BOOL: 0 or 1 */
  const char *text; /* TEXT; ERROR: "#DIV/0!" */
  size_t len;
} xc_fx_value;

typedef enum {
  XC_FX_OK = 0,      /* computed: value holds the result (possibly an error value) */
  XC_FX_UNSUPPORTED, /* a function or construct outside the subset (detail names it) */
  XC_FX_SYNTAX,      /* not a formula this grammar reads */
  XC_FX_BADREF,      /* a sheet the workbook does not have, or another workbook */
  XC_FX_CYCLE,       /* on a circular reference (or reading one) */
  XC_FX_DEPENDS,     /* reads a formula that could not be computed */
  XC_FX_LIMIT        /* too deep, too long, or the work budget ran out */
} xc_fx_status;

/* Called for each non-empty cell of a rectangle, row by row.  Return false
 * to stop. */
typedef bool (*xc_fx_visit)(void *vctx, uint32_t row, uint32_t col, const xc_fx_value *v);

/* The workbook the formulas live in. */
typedef struct {
  void *ctx;
  const char *const *sheets; /* names, by index */
  size_t nsheets;
  /* Visits the non-empty cells of sheet in rows r1..r2, columns c1..c2,
   * leaving out the cells being computed (the engine knows those); returns
   * how many cells it examined (the work it did, for the budget). */
  size_t (*each)(void *ctx, int sheet, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2,
                 xc_fx_visit visit, void *vctx);
} xc_fx_book;

typedef struct {
  /* in */
  int sheet;
  uint32_t row, col;
  const char *text; /* the formula, with or without its leading '=' */
  size_t len;
  /* out */
  xc_fx_status status;
  xc_fx_value value;  /* status OK */
  const char *detail; /* UNSUPPORTED: the function or construct ("VLOOKUP"); else "" */
} xc_fx_cell;

typedef struct {
  unsigned max_depth;   /* nesting of parentheses, calls and operators (default 64) */
  size_t max_len;       /* characters of one formula (default 8192, Excel's limit) */
  size_t max_nodes;     /* nodes of one formula (default 4096) */
  uint64_t max_work;    /* cells read plus dependencies followed, in all (default 50,000,000) */
  size_t max_total_nodes; /* nodes of all formulas together (default 1,000,000: about 110 MB) */
  size_t max_edges;       /* dependencies between formulas (default 4,000,000: 64 MB) */
} xc_fx_limits;

/* Computes every cell of cells[0..n) (a cell may appear once), filling its
 * status, value and detail; strings live in arena.  lim may be NULL.  false
 * when memory ran out (the cells' results are then not to be used). */
bool xc_fx_compute(xc_fx_cell *cells, size_t n, const xc_fx_book *book, const xc_fx_limits *lim,
                   xc_arena *arena);

/* One formula over a book with no other formula (tests, fuzzing): the same
 * as xc_fx_compute with a single cell at (sheet, 0, 0). */
xc_fx_status xc_fx_eval1(const char *text, size_t len, int sheet, const xc_fx_book *book,
                         xc_arena *arena, xc_fx_value *out, const char **detail);

/* "#DIV/0!" and the other error texts as statics. */
extern const char xc_fx_div0[], xc_fx_value_err[], xc_fx_num_err[];

#endif
