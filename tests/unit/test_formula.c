/* test_formula.c: the formula subset (formula.h): grammar and precedence,
 * references (same sheet, other sheets, quoted names, $), ranges and the
 * aggregates, rounding, errors, dependency order, cycles and the bounds on
 * hostile formulas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decimal.h"
#include "formula.h"
#include "harness.h"

#define SUITE "formula"

/* ---- a small book: plain cells plus the formulas under test ------------------------ */

typedef struct {
  int sheet;
  uint32_t row, col;
  xc_fx_value v;
  bool formula;
} tcell;

typedef struct {
  tcell *cells;
  size_t n, cap;
} tbook;

static const char *const names[] = {"Sheet1", "Biểu mẫu 1", "It's", "Thông tin"};

static size_t each(void *ctx, int sheet, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2,
                   xc_fx_visit visit, void *vctx) {
  tbook *b = ctx;
  size_t cost = 0;
  /* row-major, as the model gives them */
  for (uint32_t r = r1; r <= r2 && r <= 200000; r++) {
    for (size_t i = 0; i < b->n; i++) {
      const tcell *c = &b->cells[i];
      cost++;
      if (c->sheet != sheet || c->row != r || c->col < c1 || c->col > c2) continue;
      if (c->formula) continue;
      if (!visit(vctx, c->row, c->col, &c->v)) return cost;
    }
    if (r2 - r1 > 1000 && r > 1000) break; /* tests' big ranges hold nothing further down */
  }
  return cost;
}

static void put(tbook *b, int sheet, uint32_t row, uint32_t col, xc_fx_value v, bool formula) {
  if (b->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 64;
    b->cells = realloc(b->cells, b->cap * sizeof *b->cells);
  }
  b->cells[b->n++] = (tcell){sheet, row, col, v, formula};
}

static xc_fx_value N(const char *s) {
  xc_fx_value v = {XC_FX_NUMBER, {0, 0}, "", 0};
  if (!xc_dec_parse_plain(s, strlen(s), &v.num)) xc_test_fail(__FILE__, __LINE__, "bad number %s", s);
  return v;
}
static xc_fx_value T(const char *s) { return (xc_fx_value){XC_FX_TEXT, {0, 0}, s, strlen(s)}; }
static xc_fx_value E(const char *s) { return (xc_fx_value){XC_FX_ERROR, {0, 0}, s, strlen(s)}; }

/* Sheet1: A1=1 A2=2 A3=3 A4="x" A5=TRUE, B1="12", B2=" 3.5 ", C1=#DIV/0!, D1=0.1;
 * 'Biểu mẫu 1': D5=100, D10..D20 = 1..11; "It's": A1=7; Thông tin: B2="Kon Tum". */
static tbook sample(void) {
  tbook b = {NULL, 0, 0};
  put(&b, 0, 1, 1, N("1"), false);
  put(&b, 0, 1, 2, T("12"), false);
  put(&b, 0, 1, 3, E("#DIV/0!"), false);
  put(&b, 0, 1, 4, N("0.1"), false);
  put(&b, 0, 2, 1, N("2"), false);
  put(&b, 0, 2, 2, T(" 3.5 "), false);
  put(&b, 0, 3, 1, N("3"), false);
  put(&b, 0, 4, 1, T("x"), false);
  put(&b, 0, 5, 1, (xc_fx_value){XC_FX_BOOL, {1, 0}, "", 0}, false);
  put(&b, 1, 5, 4, N("100"), false);
  for (int i = 0; i <= 10; i++) {
    char s[16];
    snprintf(s, sizeof s, "%d", i + 1);
    put(&b, 1, (uint32_t)(10 + i), 4, N(s), false);
  }
  put(&b, 2, 1, 1, N("7"), false);
  put(&b, 3, 2, 2, T("Kon Tum"), false);
  return b;
}

static xc_fx_book book_of(tbook *b) { return (xc_fx_book){b, names, 4, each}; }

/* The value of one formula on Sheet1 as text: "7", "2.5", "#DIV/0!", "T:text", "TRUE",
 * or "!status:detail" when it was not computed. */
static char *eval_str(tbook *b, const char *f) {
  xc_fx_book bk = book_of(b);
  xc_arena a;
  xc_arena_init(&a);
  xc_fx_value v;
  const char *detail = "";
  xc_fx_status st = xc_fx_eval1(f, strlen(f), 0, &bk, &a, &v, &detail);
  xc_buf out;
  xc_buf_init(&out, 0);
  if (st != XC_FX_OK) xc_buf_printf(&out, "!%d:%s", (int)st, detail);
  else if (v.kind == XC_FX_NUMBER) xc_dec_format_plain(&out, v.num, -1);
  else if (v.kind == XC_FX_TEXT) xc_buf_printf(&out, "T:%.*s", (int)v.len, v.text);
  else if (v.kind == XC_FX_BOOL) xc_buf_adds(&out, v.num.m ? "TRUE" : "FALSE");
  else if (v.kind == XC_FX_ERROR) xc_buf_add(&out, v.text, v.len);
  else xc_buf_adds(&out, "BLANK");
  char *s = strdup(xc_buf_str(&out));
  xc_buf_free(&out);
  xc_arena_free(&a);
  return s;
}

static void check_eval(tbook *b, const char *f, const char *want, int line) {
  char *got = eval_str(b, f);
  if (strcmp(got, want) != 0) xc_test_fail(__FILE__, line, "%s gives %s, want %s", f, got, want);
  free(got);
}
#define EV(f, want) check_eval(&b, (f), (want), __LINE__)

#define S_UNSUP "!1:"
#define S_SYNTAX "!2:"
#define S_BADREF "!3:"

static void precedence(void) {
  tbook b = sample();
  EV("=1+2*3", "7");
  EV("=(1+2)*3", "9");
  EV("1+2*3", "7"); /* the file's text has no '=' */
  EV("=1-2-3", "-4");
  EV("=2*3-4/2", "4");
  EV("=-2^2", "4"); /* Excel: unary minus before ^ */
  EV("=2^3^2", "64");
  EV("=2^-1", "0.5");
  EV("=50%", "0.5");
  EV("=2*3%", "0.06");
  EV("=-(-3)", "3");
  EV("=+4", "4");
  EV("=--4", "4");
  EV("= 1 +\n 2 ", "3");
  EV("=0.1+0.2", "0.3"); /* exact, not 0.30000000000000004 */
  EV("=10/4", "2.5");
  EV("=1/3", "0.333333333333333"); /* results keep 15 digits, as Excel shows them */
  EV("=2/3*3", "2");
  EV("=1.5E3+.5", "1500.5");
  EV("=1<2", "TRUE");
  EV("=1+1=2", "TRUE");
  EV("=2<>2", "FALSE");
  EV("=3>=4", "FALSE");
  EV("=\"a\"=\"A\"", "TRUE");
  EV("=TRUE+1", "2");
  free(b.cells);
}

static void references(void) {
  tbook b = sample();
  EV("=A1+A2", "3");
  EV("=$A$1+A$2+$A3", "6");
  EV("=a1*10", "10");
  EV("='Biểu mẫu 1'!D5/4", "25");
  EV("='biểu mẫu 1'!$D$5", "100"); /* the case of ASCII letters is ignored */
  EV("='It''s'!A1", "7");
  EV("=Sheet1!A3", "3");
  EV("='Thông tin'!B2", "T:Kon Tum");
  EV("=Z99", "0");      /* an empty cell reads as 0 */
  EV("=Z99+1", "1");
  EV("=B1+1", "13");    /* text that is a number */
  EV("=B2*2", "7");
  EV("=A4+1", "#VALUE!");
  EV("=A5+1", "2");     /* TRUE */
  EV("=D1*3", "0.3");
  free(b.cells);
}

static void ranges(void) {
  tbook b = sample();
  EV("=SUM(A1:A3)", "6");
  EV("=SUM(A3:A1)", "6");
  EV("=SUM(A1:A5)", "6");              /* text and TRUE in a range are skipped */
  EV("=SUM(A1:A3,10,A1)", "17");
  EV("=sum(A1:A2;A3)", S_SYNTAX);      /* ';' is the interface's separator, not the file's */
  EV("=SUM('Biểu mẫu 1'!D10:D20)", "66");
  EV("=SUM('Biểu mẫu 1'!D:D)", "166");
  EV("=SUM(B1:B2)", "0");              /* numbers as text in a range: skipped */
  EV("=SUM(B1,1)", "1");               /* a single reference is a range too: text skipped */
  EV("=SUM(\"12\",1)", "13");          /* a typed argument is converted */
  EV("=MIN(A1:A3)", "1");
  EV("=MAX(A1:A3,-1)", "3");
  EV("=MAX(A4)", "0");
  EV("=AVERAGE(A1:A3)", "2");
  EV("=AVERAGE(A4)", "#DIV/0!");
  EV("=COUNT(A1:A5)", "3");
  EV("=COUNT(A1:C1)", "1");            /* errors are not counted, nor propagated */
  EV("=SUM(A1:C1)", "#DIV/0!");
  EV("=A1:A3", S_UNSUP "A1:B2");       /* implicit intersection: outside the subset */
  EV("=SUM(A1:A3)*2+'Biểu mẫu 1'!D5", "112");
  free(b.cells);
}

static void rounding(void) {
  tbook b = sample();
  EV("=ROUND(2.345,2)", "2.35");
  EV("=ROUND(-2.5,0)", "-3");
  EV("=ROUND(1234.5,-2)", "1200");
  EV("=ROUND(1/3*100,2)", "33.33");
  EV("=ROUND(2.5,0.9)", "3");          /* digits are truncated */
  EV("=ROUNDUP(2.21,1)", "2.3");
  EV("=ROUNDUP(-2.21,1)", "-2.3");
  EV("=ROUNDUP(2.2,5)", "2.2");
  EV("=ROUNDDOWN(-2.29,1)", "-2.2");
  EV("=ROUNDDOWN(2.99,0)", "2");
  EV("=ROUNDDOWN(1299,-2)", "1200");
  EV("=ABS(-3.5)", "3.5");
  EV("=ROUND(A1)", S_SYNTAX);
  free(b.cells);
}

static void errors(void) {
  tbook b = sample();
  EV("=1/0", "#DIV/0!");
  EV("=A1/Z9", "#DIV/0!");
  EV("=C1+1", "#DIV/0!");
  EV("=(1/0)*0", "#DIV/0!");
  EV("=#N/A", "#N/A");
  EV("=IFERROR(1/0,7)", "7");
  EV("=IFERROR(A1,7)", "1");
  EV("=IF(A1>0,10,20)", "10");
  EV("=IF(A1>5,10)", "FALSE");
  EV("=IF(Z9=0,\"\",A1/Z9)", "T:");
  EV("=IF(A4,1,2)", "#VALUE!");
  EV("=0^0", "#NUM!");
  EV("=0^-1", "#DIV/0!");
  EV("=(-8)^0.5", "#NUM!");
  EV("=1E300*1E300", "#NUM!");
  /* outside the subset: never a value */
  EV("=VLOOKUP(A1,A1:B3,2,FALSE)", S_UNSUP "VLOOKUP");
  EV("=_xlfn.STDEV.S(A1:A3)", S_UNSUP "STDEV.S");
  EV("=A1&A2", S_UNSUP "&");
  EV("=TongCong", S_UNSUP "TongCong");
  EV("={1,2}", S_UNSUP "{}");
  EV("=SUM(1:3)", S_UNSUP "1:1");
  EV("=Nope!A1", S_BADREF "Nope");
  EV("='Không có'!A1", S_BADREF "Không có");
  EV("=[1]Sheet1!A1", S_BADREF "[]");
  EV("=1+", S_SYNTAX);
  EV("=", S_SYNTAX);
  EV("", S_SYNTAX);
  EV("=(1+2", S_SYNTAX);
  EV("=SUM(A1:A3", S_SYNTAX);
  EV("=\"abc", S_SYNTAX);
  EV("=A0", S_SYNTAX);
  EV("=XFE1", S_SYNTAX);
  EV("=A1048577", S_SYNTAX);
  EV("=1 2", S_SYNTAX);
  free(b.cells);
}

/* Several formulas computed together: order, cycles, dependents. */
static void dependencies(void) {
  tbook b = sample();
  /* listed before what they read */
  xc_fx_cell f[] = {
      {.sheet = 1, .row = 30, .col = 4, .text = "=D31+'Biểu mẫu 1'!D32"},  /* 0: 66 + 200 */
      {.sheet = 1, .row = 31, .col = 4, .text = "SUM(D10:D20)"},          /* 1: 66 */
      {.sheet = 1, .row = 32, .col = 4, .text = "=D5*2"},                 /* 2: 200 */
      {.sheet = 0, .row = 9, .col = 1, .text = "=SUM('Biểu mẫu 1'!D30:D32)"}, /* 3: 266+66+200 */
      {.sheet = 0, .row = 20, .col = 1, .text = "=A21+1"},                /* 4: cycle */
      {.sheet = 0, .row = 21, .col = 1, .text = "=A20+1"},                /* 5: cycle */
      {.sheet = 0, .row = 22, .col = 1, .text = "=A20*2"},                /* 6: reads a cycle */
      {.sheet = 0, .row = 23, .col = 1, .text = "=A23+1"},                /* 7: itself */
      {.sheet = 0, .row = 24, .col = 1, .text = "=MEDIAN(A1:A3)"},        /* 8: unsupported */
      {.sheet = 0, .row = 25, .col = 1, .text = "=A24+1"},                /* 9: depends on 8 */
      {.sheet = 0, .row = 26, .col = 1, .text = "=SUM(A24:A24)"},         /* 10: depends on 8 */
      {.sheet = 0, .row = 27, .col = 1, .text = "=SUM(A1:A3)/0"},         /* 11: #DIV/0! */
      {.sheet = 0, .row = 28, .col = 1, .text = "=IFERROR(A27,-1)"},      /* 12: -1 */
      {.sheet = 0, .row = 29, .col = 1, .text = "=A27+1"},                /* 13: #DIV/0! */
  };
  size_t n = sizeof f / sizeof *f;
  for (size_t i = 0; i < n; i++) {
    f[i].len = strlen(f[i].text);
    put(&b, f[i].sheet, f[i].row, f[i].col, (xc_fx_value){XC_FX_BLANK, {0, 0}, "", 0}, true);
  }
  xc_fx_book bk = book_of(&b);
  xc_arena a;
  xc_arena_init(&a);
  xc_fx_compute(f, n, &bk, NULL, &a);
  const struct {
    xc_fx_status st;
    const char *v;
  } want[] = {{XC_FX_OK, "266"},        {XC_FX_OK, "66"},         {XC_FX_OK, "200"},
              {XC_FX_OK, "532"},        {XC_FX_CYCLE, NULL},      {XC_FX_CYCLE, NULL},
              {XC_FX_CYCLE, NULL},      {XC_FX_CYCLE, NULL},      {XC_FX_UNSUPPORTED, NULL},
              {XC_FX_DEPENDS, NULL},    {XC_FX_DEPENDS, NULL},    {XC_FX_OK, "#DIV/0!"},
              {XC_FX_OK, "-1"},         {XC_FX_OK, "#DIV/0!"}};
  for (size_t i = 0; i < n; i++) {
    if (f[i].status != want[i].st) {
      xc_test_fail(__FILE__, __LINE__, "formula %zu (%s): status %d, want %d", i, f[i].text,
                   (int)f[i].status, (int)want[i].st);
      continue;
    }
    if (!want[i].v) continue;
    xc_buf s;
    xc_buf_init(&s, 0);
    if (f[i].value.kind == XC_FX_NUMBER) xc_dec_format_plain(&s, f[i].value.num, -1);
    else xc_buf_add(&s, f[i].value.text, f[i].value.len);
    if (strcmp(xc_buf_str(&s), want[i].v) != 0)
      xc_test_fail(__FILE__, __LINE__, "formula %zu (%s) = %s, want %s", i, f[i].text, xc_buf_str(&s), want[i].v);
    xc_buf_free(&s);
  }
  CHECK_STR(f[8].detail, "MEDIAN");
  xc_arena_free(&a);
  free(b.cells);
}

/* A chain of 20,000 formulas, each reading the previous one, listed backwards:
 * computed in order without deep recursion. */
static void long_chain(void) {
  enum { LEN = 20000 };
  tbook b = {NULL, 0, 0};
  put(&b, 0, 1, 2, N("1"), false);
  xc_fx_cell *f = calloc(LEN, sizeof *f);
  char (*text)[32] = calloc(LEN, sizeof *text);
  for (size_t i = 0; i < LEN; i++) {
    size_t k = LEN - 1 - i; /* cell A(k+1) = B(k+1)... no: A1 = B1 + 1, A(k+1) = A(k) + 1 */
    if (k == 0) snprintf(text[i], sizeof text[i], "=B1+1");
    else snprintf(text[i], sizeof text[i], "=A%zu+1", k);
    f[i] = (xc_fx_cell){.sheet = 0, .row = (uint32_t)(k + 1), .col = 1, .text = text[i], .len = strlen(text[i])};
  }
  /* the book's each() is quadratic over its cells; give it only the constant */
  tbook lookup = b;
  xc_fx_book bk = book_of(&lookup);
  xc_arena a;
  xc_arena_init(&a);
  xc_fx_compute(f, LEN, &bk, NULL, &a);
  /* A(LEN) = LEN + 1 */
  CHECK_INT(f[0].status, XC_FX_OK);
  int64_t got = -1;
  xc_dec_to_int(f[0].value.num, &got);
  CHECK_INT(got, LEN + 1);
  CHECK_INT(f[LEN - 1].status, XC_FX_OK);
  xc_arena_free(&a);
  free(f);
  free(text);
  free(b.cells);
}

static void hostile(void) {
  tbook b = sample();
  size_t n = 100000;
  char *s = malloc(2 * n + 8);
  /* deep parentheses */
  memset(s, '(', n);
  s[n] = '1';
  memset(s + n + 1, ')', n);
  s[2 * n + 1] = '\0';
  xc_fx_cell c = {.sheet = 0, .row = 50, .col = 1, .text = s, .len = 2 * n + 1};
  xc_fx_book bk = book_of(&b);
  xc_arena a;
  xc_arena_init(&a);
  xc_fx_compute(&c, 1, &bk, NULL, &a);
  CHECK_INT(c.status, XC_FX_LIMIT);
  /* within the length cap: 2,000 parentheses */
  xc_fx_limits big = {.max_len = 1000000};
  c.text = s + n - 2000;
  c.len = 2000 + 1 + 2000;
  s[n + 1 + 2000] = '\0';
  xc_fx_compute(&c, 1, &bk, &big, &a);
  CHECK_INT(c.status, XC_FX_LIMIT);
  /* a long run of unary minus */
  memset(s, '-', n);
  s[n] = '1';
  s[n + 1] = '\0';
  c.text = s, c.len = n + 1;
  xc_fx_compute(&c, 1, &bk, &big, &a);
  CHECK_INT(c.status, XC_FX_LIMIT);
  /* 1+1+...+1: flat to parse, the tree's height is capped */
  for (size_t i = 0; i < n / 2; i++) s[2 * i] = '1', s[2 * i + 1] = '+';
  s[n - 1] = '1';
  s[n] = '\0';
  c.text = s, c.len = n;
  xc_fx_compute(&c, 1, &bk, &big, &a);
  CHECK_INT(c.status, XC_FX_LIMIT);
  /* 600 terms pass */
  c.len = 1199;
  s[1199] = '\0';
  xc_fx_compute(&c, 1, &bk, &big, &a);
  CHECK_INT(c.status, XC_FX_OK);
  int64_t v = 0;
  xc_dec_to_int(c.value.num, &v);
  CHECK_INT(v, 600);
  /* the whole grid: bounded by the work budget */
  xc_fx_limits small = {.max_work = 5000};
  c.sheet = 2; /* not inside its own range */
  c.text = "=SUM('Biểu mẫu 1'!A1:XFD1048576)";
  c.len = strlen(c.text);
  xc_fx_compute(&c, 1, &bk, &small, &a);
  CHECK_INT(c.status, XC_FX_LIMIT);
  /* many formulas: the trees of all of them, and their dependencies, are bounded */
  enum { MANY = 300 };
  xc_fx_cell *many = calloc(MANY, sizeof *many);
  for (size_t i = 0; i < MANY; i++)
    many[i] = (xc_fx_cell){.sheet = 2, .row = (uint32_t)(i + 1), .col = 2, .text = "=1+2*3", .len = 6};
  xc_fx_limits few_nodes = {.max_total_nodes = 1000}; /* 5 nodes each: 200 fit */
  xc_fx_compute(many, MANY, &bk, &few_nodes, &a);
  CHECK_INT(many[199].status, XC_FX_OK);
  CHECK_INT(many[200].status, XC_FX_LIMIT);
  CHECK_INT(many[MANY - 1].status, XC_FX_LIMIT);
  /* B1..B150 = 1, C1..C150 = SUM(B:B): 22,500 dependencies against a cap of 1,000 */
  for (size_t i = 0; i < MANY; i++)
    many[i] = (xc_fx_cell){.sheet = 2, .row = (uint32_t)(i % 150 + 1), .col = i < 150 ? 2 : 3,
                           .text = i < 150 ? "=1" : "=SUM(B:B)", .len = i < 150 ? 2 : 9};
  xc_fx_limits few_edges = {.max_edges = 1000};
  xc_fx_compute(many, MANY, &bk, &few_edges, &a);
  CHECK_INT(many[150].status, XC_FX_OK); /* the first 6 fit */
  CHECK_INT(many[155].status, XC_FX_OK);
  CHECK_INT(many[156].status, XC_FX_LIMIT);
  CHECK_INT(many[MANY - 1].status, XC_FX_LIMIT);
  int64_t sum = 0;
  xc_dec_to_int(many[150].value.num, &sum);
  CHECK_INT(sum, 150);
  free(many);
  xc_arena_free(&a);
  free(s);
  free(b.cells);
}

const xc_test_case xc_tests_formula[] = {TEST(precedence), TEST(references), TEST(ranges), TEST(rounding),
                                         TEST(errors),     TEST(dependencies), TEST(long_chain),
                                         TEST(hostile),    {0}};
