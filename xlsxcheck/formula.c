/* formula.c: the formula subset's parser, its dependency order and its
 * evaluator (grammar and semantics in formula.h). */
#include "formula.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

const char xc_fx_div0[] = "#DIV/0!", xc_fx_value_err[] = "#VALUE!", xc_fx_num_err[] = "#NUM!";

#define MAX_ROW 1048576u
#define MAX_COL 16384u
#define MAX_HEIGHT 1024u /* of the tree (long chains of + - are flat to read, deep to walk) */

/* ---- the tree --------------------------------------------------------------------- */

typedef enum { N_LIT, N_REF, N_NEG, N_PCT, N_BIN, N_CALL } nkind;
enum { F_SUM, F_MIN, F_MAX, F_AVERAGE, F_COUNT, F_ROUND, F_ROUNDUP, F_ROUNDDOWN, F_ABS, F_IF, F_IFERROR };

static const struct {
  const char *name;
  unsigned min, max; /* arguments */
} functions[] = {
    [F_SUM] = {"SUM", 1, 255},     [F_MIN] = {"MIN", 1, 255},         [F_MAX] = {"MAX", 1, 255},
    [F_AVERAGE] = {"AVERAGE", 1, 255}, [F_COUNT] = {"COUNT", 1, 255}, [F_ROUND] = {"ROUND", 2, 2},
    [F_ROUNDUP] = {"ROUNDUP", 2, 2}, [F_ROUNDDOWN] = {"ROUNDDOWN", 2, 2}, [F_ABS] = {"ABS", 1, 1},
    [F_IF] = {"IF", 2, 3},         [F_IFERROR] = {"IFERROR", 2, 2},
};
#define NFUNCTIONS (sizeof functions / sizeof functions[0])

typedef struct node {
  nkind k;
  int op;          /* BIN: + - * / ^ = < > and L (<=) G (>=) N (<>); CALL: F_* */
  unsigned height; /* 1 for a leaf */
  xc_fx_value lit; /* LIT */
  int sheet;       /* REF */
  uint32_t r1, c1, r2, c2;
  struct node *a, *b;   /* NEG, PCT: a; BIN: a, b */
  struct node **args;   /* CALL */
  size_t nargs;
} node;

/* ---- parsing ---------------------------------------------------------------------- */

typedef struct {
  const char *s;
  size_t n, i;
  const xc_fx_book *book;
  int self;
  xc_arena *tmp, *out;
  unsigned depth, max_depth;
  size_t nodes, max_nodes;
  xc_fx_status st;
  const char *detail;
  bool nomem; /* memory ran out: the whole computation fails */
} parser;

static void *fail(parser *p, xc_fx_status st, const char *detail) {
  if (p->st == XC_FX_OK) {
    p->st = st;
    p->detail = detail ? detail : "";
  }
  return NULL;
}

/* n bytes of arena a; NULL (the parse failed, p->nomem) when memory runs out */
static void *palloc(parser *p, xc_arena *a, size_t n) {
  void *m = xc_arena_try_alloc(a, n);
  if (!m) {
    p->nomem = true;
    fail(p, XC_FX_LIMIT, "");
  }
  return m;
}

/* s[0..n) copied into p->out, for a failure's detail ("" when memory runs out) */
static const char *pdup(parser *p, const char *s, size_t n) {
  char *d = xc_arena_try_strndup(p->out, s, n);
  if (!d) p->nomem = true;
  return d ? d : "";
}

static node *mk(parser *p, nkind k) {
  if (++p->nodes > p->max_nodes) return fail(p, XC_FX_LIMIT, "");
  node *n = palloc(p, p->tmp, sizeof *n);
  if (!n) return NULL;
  memset(n, 0, sizeof *n);
  n->k = k;
  n->height = 1;
  return n;
}

static node *over(parser *p, node *n, const node *child) {
  if (!n || !child) return n;
  if (child->height + 1 > n->height) n->height = child->height + 1;
  if (n->height > MAX_HEIGHT) return fail(p, XC_FX_LIMIT, "");
  return n;
}

static void ws(parser *p) {
  while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
    p->i++;
}

static int peek(parser *p) { return p->i < p->n ? (unsigned char)p->s[p->i] : -1; }

static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_alpha(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static int upper(int c) { return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c; }
static bool ident_char(int c) { return c >= 0x80 || is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == '$' || c == '\\'; }

static bool same_ci(const char *a, size_t an, const char *b) {
  size_t bn = strlen(b);
  if (an != bn) return false;
  for (size_t i = 0; i < an; i++)
    if (upper((unsigned char)a[i]) != upper((unsigned char)b[i])) return false;
  return true;
}

static node *p_cmp(parser *p);

/* "$A$1", "D49", "xfd1048576"; col_only: "D", "$D". */
static bool parse_cell(const char *t, size_t n, uint32_t *row, uint32_t *col, bool *col_only) {
  size_t i = 0;
  if (i < n && t[i] == '$') i++;
  uint32_t c = 0;
  size_t letters = 0;
  while (i < n && is_alpha((unsigned char)t[i]) && letters < 4) {
    c = c * 26 + (uint32_t)(upper((unsigned char)t[i]) - 'A' + 1);
    i++, letters++;
  }
  if (letters == 0 || letters > 3 || c > MAX_COL) return false;
  *col = c;
  *col_only = i == n;
  if (*col_only) return true;
  if (t[i] == '$') i++;
  uint64_t r = 0;
  size_t digits = 0;
  while (i < n && is_digit((unsigned char)t[i]) && digits < 8) r = r * 10 + (uint64_t)(t[i++] - '0'), digits++;
  if (i != n || digits == 0 || r == 0 || r > MAX_ROW) return false;
  *row = (uint32_t)r;
  return true;
}

/* letters then digits, '$' allowed: a cell reference, valid or not ("A0", "XFE1") */
static bool looks_like_cell(const char *t, size_t n) {
  size_t i = 0, letters = 0, digits = 0;
  if (i < n && t[i] == '$') i++;
  while (i < n && is_alpha((unsigned char)t[i])) i++, letters++;
  if (i < n && t[i] == '$') i++;
  while (i < n && is_digit((unsigned char)t[i])) i++, digits++;
  return i == n && letters && digits;
}

/* The identifier at p->i: [A-Za-z0-9_.$\] and any non-ASCII byte. */
static size_t ident(parser *p) {
  size_t a = p->i;
  while (p->i < p->n && ident_char((unsigned char)p->s[p->i])) p->i++;
  return p->i - a;
}

static int find_sheet(parser *p, const char *name, size_t n) {
  for (size_t k = 0; k < p->book->nsheets; k++)
    if (strlen(p->book->sheets[k]) == n && memcmp(p->book->sheets[k], name, n) == 0) return (int)k;
  for (size_t k = 0; k < p->book->nsheets; k++) /* Excel's names ignore case */
    if (same_ci(name, n, p->book->sheets[k])) return (int)k;
  return -1;
}

/* A reference or range after an optional sheet prefix (sheet >= 0). */
static node *p_ref(parser *p, int sheet) {
  size_t at = p->i, len = ident(p);
  if (len == 0) return fail(p, XC_FX_SYNTAX, "");
  uint32_t r1 = 0, c1 = 0, r2 = 0, c2 = 0;
  bool col1, col2;
  if (!parse_cell(p->s + at, len, &r1, &c1, &col1)) {
    if (looks_like_cell(p->s + at, len)) return fail(p, XC_FX_SYNTAX, "");
    return fail(p, XC_FX_UNSUPPORTED, pdup(p, p->s + at, len < 64 ? len : 64)); /* a name */
  }
  if (peek(p) == ':') {
    p->i++;
    if (peek(p) == '\'') return fail(p, XC_FX_UNSUPPORTED, "3-D");
    size_t at2 = p->i, len2 = ident(p);
    if (peek(p) == '!') return fail(p, XC_FX_UNSUPPORTED, "3-D");
    if (!parse_cell(p->s + at2, len2, &r2, &c2, &col2) || col1 != col2) return fail(p, XC_FX_SYNTAX, "");
    if (col1) r1 = 1, r2 = MAX_ROW;
  } else {
    if (col1) return fail(p, XC_FX_UNSUPPORTED, pdup(p, p->s + at, len)); /* a name */
    r2 = r1, c2 = c1;
  }
  node *n = mk(p, N_REF);
  if (!n) return NULL;
  n->sheet = sheet;
  n->r1 = r1 < r2 ? r1 : r2, n->r2 = r1 < r2 ? r2 : r1;
  n->c1 = c1 < c2 ? c1 : c2, n->c2 = c1 < c2 ? c2 : c1;
  return n;
}

static node *p_call(parser *p, const char *name, size_t len) {
  if (len > 6 && (same_ci(name, 6, "_xlfn.") || same_ci(name, 6, "_xlws."))) name += 6, len -= 6;
  size_t f = 0;
  while (f < NFUNCTIONS && !same_ci(name, len, functions[f].name)) f++;
  if (f == NFUNCTIONS) {
    char *up = palloc(p, p->out, (len < 64 ? len : 64) + 1);
    if (!up) return NULL;
    memcpy(up, name, len < 64 ? len : 64);
    up[len < 64 ? len : 64] = '\0';
    for (char *q = up; *q; q++) *q = (char)upper((unsigned char)*q);
    return fail(p, XC_FX_UNSUPPORTED, up);
  }
  p->i++; /* ( */
  node *n = mk(p, N_CALL);
  if (!n) return NULL;
  n->op = (int)f;
  node *args[256];
  size_t k = 0;
  ws(p);
  if (peek(p) != ')') {
    for (;;) {
      ws(p);
      if (k == 255) return fail(p, XC_FX_SYNTAX, "");
      node *a = p_cmp(p);
      if (!a) return NULL;
      args[k++] = a;
      if (!over(p, n, a)) return NULL;
      ws(p);
      if (peek(p) == ',') {
        p->i++;
        continue;
      }
      break;
    }
  }
  if (peek(p) != ')') return fail(p, XC_FX_SYNTAX, "");
  p->i++;
  if (k < functions[f].min || k > functions[f].max) return fail(p, XC_FX_SYNTAX, "");
  n->args = palloc(p, p->tmp, (k ? k : 1) * sizeof *n->args);
  if (!n->args) return NULL;
  memcpy(n->args, args, k * sizeof *args);
  n->nargs = k;
  return n;
}

static node *lit(parser *p, xc_fx_value v) {
  node *n = mk(p, N_LIT);
  if (n) n->lit = v;
  return n;
}

static node *p_primary(parser *p) {
  ws(p);
  int c = peek(p);
  if (c == '(') {
    p->i++;
    node *e = p_cmp(p);
    if (!e) return NULL;
    ws(p);
    if (peek(p) != ')') return fail(p, XC_FX_SYNTAX, "");
    p->i++;
    return e;
  }
  if (c == '"') {
    char *t = palloc(p, p->out, p->n - p->i + 1);
    if (!t) return NULL;
    size_t k = 0;
    p->i++;
    for (;;) {
      if (p->i >= p->n) return fail(p, XC_FX_SYNTAX, "");
      if (p->s[p->i] == '"') {
        if (p->i + 1 < p->n && p->s[p->i + 1] == '"') {
          t[k++] = '"';
          p->i += 2;
          continue;
        }
        p->i++;
        break;
      }
      t[k++] = p->s[p->i++];
    }
    t[k] = '\0';
    return lit(p, (xc_fx_value){XC_FX_TEXT, {0, 0}, t, k});
  }
  if (c == '#') {
    static const char *const errors[] = {"#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!"};
    for (size_t k = 0; k < sizeof errors / sizeof *errors; k++) {
      size_t l = strlen(errors[k]);
      if (p->n - p->i >= l && same_ci(p->s + p->i, l, errors[k])) {
        p->i += l;
        return lit(p, (xc_fx_value){XC_FX_ERROR, {0, 0}, errors[k], l});
      }
    }
    return fail(p, XC_FX_SYNTAX, "");
  }
  if (is_digit(c) || c == '.') {
    size_t a = p->i;
    while (is_digit(peek(p))) p->i++;
    if (peek(p) == ':') return fail(p, XC_FX_UNSUPPORTED, "1:1"); /* a range of whole rows */
    if (peek(p) == '.') {
      p->i++;
      while (is_digit(peek(p))) p->i++;
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
      size_t save = p->i++;
      if (peek(p) == '+' || peek(p) == '-') p->i++;
      if (!is_digit(peek(p))) p->i = save;
      while (is_digit(peek(p))) p->i++;
    }
    xc_dec d;
    if (!xc_dec_parse_plain(p->s + a, p->i - a, &d) || !isfinite(xc_dec_to_double(d)))
      return fail(p, XC_FX_UNSUPPORTED, "number");
    return lit(p, (xc_fx_value){XC_FX_NUMBER, d, "", 0});
  }
  if (c == '\'') { /* 'Biểu mẫu 1'!D5 */
    char *name = palloc(p, p->tmp, p->n - p->i + 1);
    if (!name) return NULL;
    size_t k = 0;
    p->i++;
    for (;;) {
      if (p->i >= p->n) return fail(p, XC_FX_SYNTAX, "");
      if (p->s[p->i] == '\'') {
        if (p->i + 1 < p->n && p->s[p->i + 1] == '\'') {
          name[k++] = '\'';
          p->i += 2;
          continue;
        }
        p->i++;
        break;
      }
      name[k++] = p->s[p->i++];
    }
    if (peek(p) != '!') return fail(p, XC_FX_SYNTAX, "");
    p->i++;
    if (k && name[0] == '[') return fail(p, XC_FX_BADREF, "[]");
    int s = find_sheet(p, name, k);
    if (s < 0) return fail(p, XC_FX_BADREF, pdup(p, name, k));
    return p_ref(p, s);
  }
  if (c == '[') return fail(p, XC_FX_BADREF, "[]"); /* another workbook */
  if (c >= 0 && ident_char(c)) {
    size_t at = p->i, len = ident(p);
    int next = peek(p);
    if (next == '!') {
      p->i++;
      int s = find_sheet(p, p->s + at, len);
      if (s < 0) return fail(p, XC_FX_BADREF, pdup(p, p->s + at, len));
      return p_ref(p, s);
    }
    if (next == '(') return p_call(p, p->s + at, len);
    if (same_ci(p->s + at, len, "TRUE") || same_ci(p->s + at, len, "FALSE"))
      return lit(p, (xc_fx_value){XC_FX_BOOL, xc_dec_from_int(upper((unsigned char)p->s[at]) == 'T'), "", 0});
    p->i = at;
    return p_ref(p, p->self);
  }
  if (c == '{') return fail(p, XC_FX_UNSUPPORTED, "{}");
  return fail(p, XC_FX_SYNTAX, "");
}

static bool enter(parser *p) {
  if (++p->depth > p->max_depth) {
    fail(p, XC_FX_LIMIT, "");
    return false;
  }
  return true;
}

static node *p_unary(parser *p) {
  ws(p);
  int c = peek(p);
  if (c == '-' || c == '+') {
    p->i++;
    if (!enter(p)) return NULL;
    node *a = p_unary(p);
    p->depth--;
    if (!a || c == '+') return a;
    node *n = mk(p, N_NEG);
    if (!n) return NULL;
    n->a = a;
    return over(p, n, a);
  }
  return p_primary(p);
}

static node *p_percent(parser *p) {
  node *a = p_unary(p);
  for (;;) {
    if (!a) return NULL;
    ws(p);
    if (peek(p) != '%') return a;
    p->i++;
    node *n = mk(p, N_PCT);
    if (!n) return NULL;
    n->a = a;
    a = over(p, n, a);
  }
}

static node *bin(parser *p, int op, node *a, node *b) {
  if (!a || !b) return NULL;
  node *n = mk(p, N_BIN);
  if (!n) return NULL;
  n->op = op;
  n->a = a;
  n->b = b;
  return over(p, over(p, n, a), b);
}

static node *p_power(parser *p) {
  node *a = p_percent(p);
  for (;;) {
    if (!a) return NULL;
    ws(p);
    if (peek(p) != '^') return a;
    p->i++;
    a = bin(p, '^', a, p_percent(p));
  }
}

static node *p_product(parser *p) {
  node *a = p_power(p);
  for (;;) {
    if (!a) return NULL;
    ws(p);
    int c = peek(p);
    if (c != '*' && c != '/') return a;
    p->i++;
    a = bin(p, c, a, p_power(p));
  }
}

static node *p_sum(parser *p) {
  node *a = p_product(p);
  for (;;) {
    if (!a) return NULL;
    ws(p);
    int c = peek(p);
    if (c != '+' && c != '-') return a;
    p->i++;
    a = bin(p, c, a, p_product(p));
  }
}

static node *p_cmp(parser *p) {
  if (!enter(p)) return NULL;
  node *a = p_sum(p);
  for (;;) {
    if (!a) break;
    ws(p);
    int c = peek(p), op = 0;
    int d = p->i + 1 < p->n ? (unsigned char)p->s[p->i + 1] : -1;
    if (c == '<' && d == '=') op = 'L';
    else if (c == '>' && d == '=') op = 'G';
    else if (c == '<' && d == '>') op = 'N';
    else if (c == '<' || c == '>' || c == '=') op = c;
    else break;
    p->i += (op == c) ? 1 : 2;
    a = bin(p, op, a, p_sum(p));
  }
  p->depth--;
  return a;
}

static node *parse(parser *p) {
  if (p->n > 0 && p->s[0] == '=') p->i = 1;
  ws(p);
  if (p->i >= p->n) return fail(p, XC_FX_SYNTAX, ""); /* empty: a shared formula's follower */
  node *e = p_cmp(p);
  if (!e) return NULL;
  ws(p);
  if (p->i < p->n) {
    if (p->s[p->i] == '&') return fail(p, XC_FX_UNSUPPORTED, "&");
    return fail(p, XC_FX_SYNTAX, "");
  }
  return e;
}

/* ---- the engine: dependency order, then evaluation ------------------------------------ */

typedef struct {
  xc_fx_cell *cells;
  size_t n;
  size_t *ord; /* cells sorted by (sheet, row, col) */
  node **tree;
  const xc_fx_book *book;
  xc_arena *out;
  uint64_t work, max_work;
  size_t max_edges;
  bool nomem;
} engine;

static int cmp_pos(const xc_fx_cell *a, int sheet, uint32_t row, uint32_t col) {
  if (a->sheet != sheet) return a->sheet < sheet ? -1 : 1;
  if (a->row != row) return a->row < row ? -1 : 1;
  if (a->col != col) return a->col < col ? -1 : 1;
  return 0;
}

/* qsort has no context argument in C11: sort indices with a merge sort instead. */
static bool sort_ord(engine *en) {
  size_t n = en->n;
  size_t *tmp = xc_try_malloc((n ? n : 1) * sizeof *tmp);
  if (!tmp) return false;
  for (size_t w = 1; w < n; w *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * w) {
      size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        const xc_fx_cell *b = &en->cells[en->ord[j]];
        tmp[k++] = cmp_pos(&en->cells[en->ord[i]], b->sheet, b->row, b->col) <= 0 ? en->ord[i++] : en->ord[j++];
      }
      while (i < mid) tmp[k++] = en->ord[i++];
      while (j < hi) tmp[k++] = en->ord[j++];
    }
    memcpy(en->ord, tmp, n * sizeof *tmp);
  }
  free(tmp);
  return true;
}

/* First position in ord at or after (sheet, row, col). */
static size_t lower(const engine *en, int sheet, uint32_t row, uint32_t col) {
  size_t lo = 0, hi = en->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cmp_pos(&en->cells[en->ord[mid]], sheet, row, col) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static xc_fx_cell *find(engine *en, int sheet, uint32_t row, uint32_t col) {
  size_t k = lower(en, sheet, row, col);
  if (k < en->n && cmp_pos(&en->cells[en->ord[k]], sheet, row, col) == 0) return &en->cells[en->ord[k]];
  return NULL;
}

/* ---- values ---- */

typedef struct {
  engine *en;
  xc_fx_status st;
  const char *detail;
} ev_ctx;

static xc_fx_value v_num(xc_dec d) { return (xc_fx_value){XC_FX_NUMBER, xc_dec_norm(d), "", 0}; }
static xc_fx_value v_err(const char *e) { return (xc_fx_value){XC_FX_ERROR, {0, 0}, e, strlen(e)}; }
static xc_fx_value v_bool(bool b) { return (xc_fx_value){XC_FX_BOOL, xc_dec_from_int(b), "", 0}; }
static const xc_fx_value v_blank = {XC_FX_BLANK, {0, 0}, "", 0};

static void stop(ev_ctx *e, xc_fx_status st, const char *detail) {
  if (e->st == XC_FX_OK) {
    e->st = st;
    e->detail = detail ? detail : "";
  }
}

static bool charge(ev_ctx *e, uint64_t units) {
  e->en->work += units;
  if (e->en->work > e->en->max_work) {
    stop(e, XC_FX_LIMIT, "");
    return false;
  }
  return true;
}

/* The number a value stands for in arithmetic; false with *err set otherwise. */
static bool to_num(const xc_fx_value *v, xc_dec *out, xc_fx_value *err) {
  switch (v->kind) {
    case XC_FX_BLANK: *out = xc_dec_from_int(0); return true;
    case XC_FX_NUMBER:
    case XC_FX_BOOL: *out = v->num; return true;
    case XC_FX_ERROR: *err = *v; return false;
    case XC_FX_TEXT: default: {
      size_t a = 0, b = v->len;
      while (a < b && v->text[a] == ' ') a++;
      while (b > a && v->text[b - 1] == ' ') b--;
      if (a < b && xc_dec_parse_plain(v->text + a, b - a, out)) return true;
      *err = v_err(xc_fx_value_err);
      return false;
    }
  }
}

static bool from_double(double x, xc_dec *out) {
  if (!isfinite(x)) return false;
  if (x == 0) {
    *out = xc_dec_from_int(0);
    return true;
  }
  return xc_dec_from_double(x, out) == XC_DEC_OK;
}

/* Beyond a double's range Excel says #NUM!. */
static xc_fx_value in_range(xc_dec d) {
  return isfinite(xc_dec_to_double(d)) ? v_num(d) : v_err(xc_fx_num_err);
}

/* a / b to 18 significant digits (exact when it fits). */
static bool divide(xc_dec a, xc_dec b, xc_dec *out) {
  if (xc_dec_is_zero(a)) {
    *out = xc_dec_from_int(0);
    return true;
  }
  double q = xc_dec_to_double(a) / xc_dec_to_double(b);
  if (q != 0 && isfinite(q)) {
    int mag = (int)floor(log10(fabs(q)));
    int k = 17 - mag;
    if (k > -XC_DEC_EMAX && k < XC_DEC_EMAX && xc_dec_div_round(a, b, k, out) == XC_DEC_OK) {
      *out = xc_dec_norm(*out);
      return true;
    }
  }
  return from_double(q, out);
}

static xc_fx_value arith(int op, xc_dec a, xc_dec b) {
  xc_dec r;
  xc_dec_rc rc = XC_DEC_OVERFLOW;
  double x = 0, da = xc_dec_to_double(a), db = xc_dec_to_double(b);
  switch (op) {
    case '+': rc = xc_dec_add(a, b, &r), x = da + db; break;
    case '-': rc = xc_dec_sub(a, b, &r), x = da - db; break;
    case '*': rc = xc_dec_mul(a, b, &r), x = da * db; break;
    case '/':
      if (xc_dec_is_zero(b)) return v_err(xc_fx_div0);
      return divide(a, b, &r) ? in_range(r) : v_err(xc_fx_num_err);
    case '^': {
      if (xc_dec_is_zero(a) && xc_dec_sign(b) <= 0)
        return v_err(xc_dec_is_zero(b) ? xc_fx_num_err : xc_fx_div0);
      int64_t k;
      if (xc_dec_to_int(b, &k) && k >= -64 && k <= 64) { /* exact by repeated products */
        xc_dec acc = xc_dec_from_int(1);
        bool ok = true;
        for (int64_t i = 0; i < (k < 0 ? -k : k) && ok; i++) ok = xc_dec_mul(acc, a, &acc) == XC_DEC_OK;
        if (ok && k >= 0) return in_range(acc);
        if (ok) return divide(xc_dec_from_int(1), acc, &r) ? v_num(r) : v_err(xc_fx_num_err);
      }
      if (xc_dec_sign(a) < 0 && !xc_dec_is_integer(b)) return v_err(xc_fx_num_err);
      return from_double(pow(da, db), &r) ? v_num(r) : v_err(xc_fx_num_err);
    }
  }
  if (rc == XC_DEC_OK || rc == XC_DEC_INEXACT) return in_range(r);
  return from_double(x, &r) ? v_num(r) : v_err(xc_fx_num_err);
}

static int text_cmp(const xc_fx_value *a, const xc_fx_value *b) {
  size_t n = a->len < b->len ? a->len : b->len;
  for (size_t i = 0; i < n; i++) {
    int x = upper((unsigned char)a->text[i]), y = upper((unsigned char)b->text[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a->len == b->len ? 0 : a->len < b->len ? -1 : 1;
}

/* Excel's order: numbers < text < booleans; a blank is 0, "" or FALSE beside the other side. */
static xc_fx_value compare(int op, xc_fx_value a, xc_fx_value b) {
  if (a.kind == XC_FX_BLANK) a = b.kind == XC_FX_TEXT ? (xc_fx_value){XC_FX_TEXT, {0, 0}, "", 0}
                                : b.kind == XC_FX_BOOL ? v_bool(false) : v_num(xc_dec_from_int(0));
  if (b.kind == XC_FX_BLANK) b = a.kind == XC_FX_TEXT ? (xc_fx_value){XC_FX_TEXT, {0, 0}, "", 0}
                                : a.kind == XC_FX_BOOL ? v_bool(false) : v_num(xc_dec_from_int(0));
  int rank_a = a.kind == XC_FX_NUMBER ? 0 : a.kind == XC_FX_TEXT ? 1 : 2;
  int rank_b = b.kind == XC_FX_NUMBER ? 0 : b.kind == XC_FX_TEXT ? 1 : 2;
  int c;
  if (rank_a != rank_b) c = rank_a < rank_b ? -1 : 1;
  else if (rank_a == 1) c = text_cmp(&a, &b);
  else c = xc_dec_cmp(a.num, b.num);
  switch (op) {
    case '=': return v_bool(c == 0);
    case 'N': return v_bool(c != 0);
    case '<': return v_bool(c < 0);
    case '>': return v_bool(c > 0);
    case 'L': return v_bool(c <= 0);
    default: return v_bool(c >= 0);
  }
}

/* ---- reading cells ---- */

typedef struct {
  ev_ctx *e;
  int sheet;
  xc_fx_value v; /* one cell */
  /* aggregates */
  int fn;
  xc_dec sum, min, max;
  size_t count;
  bool any, has_err;
  xc_fx_value err;
} visit_ctx;

/* A formula cell's result as a reader sees it (false: not computed). */
static bool formula_value(ev_ctx *e, int sheet, uint32_t row, uint32_t col, xc_fx_value *out) {
  xc_fx_cell *f = find(e->en, sheet, row, col);
  if (!f) {
    *out = v_blank;
    return true;
  }
  if (f->status != XC_FX_OK) {
    stop(e, XC_FX_DEPENDS, "");
    return false;
  }
  *out = f->value;
  return true;
}

static bool visit_one(void *vctx, uint32_t row, uint32_t col, const xc_fx_value *v) {
  visit_ctx *x = vctx;
  (void)row, (void)col;
  x->v = *v;
  return false;
}

static xc_fx_value read_cell(ev_ctx *e, int sheet, uint32_t row, uint32_t col) {
  visit_ctx x = {.e = e, .sheet = sheet, .v = v_blank};
  if (!charge(e, 1)) return v_blank;
  if (find(e->en, sheet, row, col)) {
    formula_value(e, sheet, row, col, &x.v);
    return x.v;
  }
  size_t cost = e->en->book->each(e->en->book->ctx, sheet, row, col, row, col, visit_one, &x);
  charge(e, cost);
  return x.v;
}

static void add_number(visit_ctx *x, xc_dec d) {
  if (!x->any) x->min = x->max = d;
  if (xc_dec_cmp(d, x->min) < 0) x->min = d;
  if (xc_dec_cmp(d, x->max) > 0) x->max = d;
  x->any = true;
  x->count++;
  if (x->fn == F_SUM || x->fn == F_AVERAGE) {
    xc_fx_value s = arith('+', x->sum, d);
    if (s.kind == XC_FX_ERROR && !x->has_err) x->has_err = true, x->err = s;
    else x->sum = s.num;
  }
}

static bool visit_agg(void *vctx, uint32_t row, uint32_t col, const xc_fx_value *v) {
  visit_ctx *x = vctx;
  (void)row, (void)col;
  if (!charge(x->e, 1)) return false;
  if (v->kind == XC_FX_NUMBER) add_number(x, v->num);
  else if (v->kind == XC_FX_ERROR && x->fn != F_COUNT) {
    if (!x->has_err) x->has_err = true, x->err = *v;
    return false;
  }
  return true;
}

static xc_fx_value ev(ev_ctx *e, const node *n);

static xc_fx_value aggregate(ev_ctx *e, const node *n) {
  visit_ctx x = {.e = e, .fn = n->op, .sum = {0, 0}};
  for (size_t k = 0; k < n->nargs && !x.has_err && e->st == XC_FX_OK; k++) {
    const node *a = n->args[k];
    if (a->k == N_REF) {
      x.sheet = a->sheet;
      size_t cost = e->en->book->each(e->en->book->ctx, a->sheet, a->r1, a->c1, a->r2, a->c2, visit_agg, &x);
      if (!charge(e, cost + 1) || x.has_err) continue;
      /* the formulas in the range, from the engine's own table */
      engine *en = e->en;
      for (size_t k = lower(en, a->sheet, a->r1, 0); k < en->n && !x.has_err; k++) {
        const xc_fx_cell *c = &en->cells[en->ord[k]];
        if (c->sheet != a->sheet || c->row > a->r2) break;
        if (!charge(e, 1)) break;
        if (c->col < a->c1 || c->col > a->c2) continue;
        xc_fx_value fv;
        if (!formula_value(e, c->sheet, c->row, c->col, &fv)) break;
        visit_agg(&x, c->row, c->col, &fv);
      }
      continue;
    }
    xc_fx_value v = ev(e, a), err;
    xc_dec d;
    if (v.kind == XC_FX_ERROR && n->op == F_COUNT) continue;
    if (n->op == F_COUNT) {
      if (to_num(&v, &d, &err) && v.kind != XC_FX_BLANK) x.count++;
      continue;
    }
    if (to_num(&v, &d, &err)) add_number(&x, d);
    else if (!x.has_err) x.has_err = true, x.err = err;
  }
  if (e->st != XC_FX_OK) return v_blank;
  if (x.has_err) return x.err;
  switch (n->op) {
    case F_SUM: return v_num(x.sum);
    case F_MIN: return v_num(x.any ? x.min : xc_dec_from_int(0));
    case F_MAX: return v_num(x.any ? x.max : xc_dec_from_int(0));
    case F_COUNT: return v_num(xc_dec_from_int((int64_t)x.count));
    default: /* AVERAGE */
      if (!x.count) return v_err(xc_fx_div0);
      return arith('/', x.sum, xc_dec_from_int((int64_t)x.count));
  }
}

static xc_fx_value round_fn(int fn, xc_dec x, xc_dec digits) {
  double kd = trunc(xc_dec_to_double(digits));
  if (kd > XC_DEC_EMAX - 20) kd = XC_DEC_EMAX - 20;
  if (kd < -(XC_DEC_EMAX - 20)) kd = -(XC_DEC_EMAX - 20);
  int k = (int)kd;
  xc_dec r = xc_dec_round(x, k);
  int c = xc_dec_cmp(xc_dec_abs(r), xc_dec_abs(x));
  if ((fn == F_ROUNDDOWN && c > 0) || (fn == F_ROUNDUP && c < 0)) {
    xc_dec step = {xc_dec_sign(x), -k}; /* one unit of the last kept digit, toward or away from zero */
    xc_fx_value v = arith(fn == F_ROUNDDOWN ? '-' : '+', r, step);
    if (v.kind == XC_FX_ERROR) return v;
    r = v.num;
  }
  return v_num(r);
}

static xc_fx_value call(ev_ctx *e, const node *n) {
  xc_fx_value a, b, err;
  xc_dec x, y;
  switch (n->op) {
    case F_SUM: case F_MIN: case F_MAX: case F_AVERAGE: case F_COUNT:
      return aggregate(e, n);
    case F_ROUND: case F_ROUNDUP: case F_ROUNDDOWN:
      a = ev(e, n->args[0]);
      if (!to_num(&a, &x, &err)) return err;
      b = ev(e, n->args[1]);
      if (!to_num(&b, &y, &err)) return err;
      return round_fn(n->op, x, y);
    case F_ABS:
      a = ev(e, n->args[0]);
      if (!to_num(&a, &x, &err)) return err;
      return v_num(xc_dec_abs(x));
    case F_IF: {
      a = ev(e, n->args[0]);
      if (a.kind == XC_FX_ERROR) return a;
      if (a.kind == XC_FX_TEXT) return v_err(xc_fx_value_err);
      bool yes = a.kind != XC_FX_BLANK && !xc_dec_is_zero(a.num);
      if (yes) return ev(e, n->args[1]);
      return n->nargs == 3 ? ev(e, n->args[2]) : v_bool(false);
    }
    case F_IFERROR:
    default:
      a = ev(e, n->args[0]);
      return a.kind == XC_FX_ERROR ? ev(e, n->args[1]) : a;
  }
}

static xc_fx_value ev(ev_ctx *e, const node *n) {
  if (e->st != XC_FX_OK) return v_blank;
  xc_fx_value a, b, err;
  xc_dec x, y;
  switch (n->k) {
    case N_LIT: return n->lit;
    case N_REF:
      if (n->r1 != n->r2 || n->c1 != n->c2) {
        stop(e, XC_FX_UNSUPPORTED, "A1:B2");
        return v_blank;
      }
      return read_cell(e, n->sheet, n->r1, n->c1);
    case N_NEG:
      a = ev(e, n->a);
      if (!to_num(&a, &x, &err)) return err;
      return v_num(xc_dec_neg(x));
    case N_PCT:
      a = ev(e, n->a);
      if (!to_num(&a, &x, &err)) return err;
      return arith('*', x, (xc_dec){1, -2});
    case N_BIN:
      a = ev(e, n->a);
      b = ev(e, n->b);
      if (a.kind == XC_FX_ERROR) return a;
      if (b.kind == XC_FX_ERROR) return b;
      if (strchr("=<>LGN", n->op)) return compare(n->op, a, b);
      if (!to_num(&a, &x, &err) || !to_num(&b, &y, &err)) return err;
      return arith(n->op, x, y);
    case N_CALL:
    default:
      return call(e, n);
  }
}

/* ---- dependencies ---- */

typedef struct {
  uint32_t *from, *to; /* formula indices (a model holds at most a few million cells) */
  size_t n, cap;
} edges;

static bool add_deps(engine *en, const node *n, size_t self, edges *g) {
  if (!n) return true;
  switch (n->k) {
    case N_REF: {
      size_t k = lower(en, n->sheet, n->r1, 0);
      for (; k < en->n; k++) {
        const xc_fx_cell *c = &en->cells[en->ord[k]];
        if (c->sheet != n->sheet || c->row > n->r2) break;
        if (++en->work > en->max_work) return false;
        if (c->col < n->c1 || c->col > n->c2) continue;
        if (g->n >= en->max_edges) return false;
        if (g->n == g->cap) {
          size_t cap = g->cap ? g->cap * 2 : 256;
          if (cap > en->max_edges) cap = en->max_edges;
          uint32_t *from = xc_try_realloc(g->from, cap * sizeof *g->from);
          if (from) g->from = from;
          uint32_t *to = from ? xc_try_realloc(g->to, cap * sizeof *g->to) : NULL;
          if (to) g->to = to;
          if (!from || !to) {
            en->nomem = true;
            return false;
          }
          g->cap = cap;
        }
        g->from[g->n] = (uint32_t)en->ord[k];
        g->to[g->n++] = (uint32_t)self;
      }
      return true;
    }
    case N_NEG: case N_PCT: return add_deps(en, n->a, self, g);
    case N_BIN: return add_deps(en, n->a, self, g) && add_deps(en, n->b, self, g);
    case N_CALL:
      for (size_t i = 0; i < n->nargs; i++)
        if (!add_deps(en, n->args[i], self, g)) return false;
      return true;
    default: return true;
  }
}

bool xc_fx_compute(xc_fx_cell *cells, size_t n, const xc_fx_book *book, const xc_fx_limits *lim,
                   xc_arena *arena) {
  xc_fx_limits L = {64, 8192, 4096, 50000000, 1000000, 4000000};
  if (lim) {
    if (lim->max_depth) L.max_depth = lim->max_depth;
    if (lim->max_len) L.max_len = lim->max_len;
    if (lim->max_nodes) L.max_nodes = lim->max_nodes;
    if (lim->max_work) L.max_work = lim->max_work;
    if (lim->max_total_nodes) L.max_total_nodes = lim->max_total_nodes;
    if (lim->max_edges) L.max_edges = lim->max_edges;
  }
  if (n > UINT32_MAX) n = UINT32_MAX; /* never reached: a model's cells are capped far below */
  engine en = {cells, n, NULL, NULL, book, arena, 0, L.max_work, L.max_edges, false};
  size_t total_nodes = 0;
  xc_arena tmp;
  xc_arena_init(&tmp);
  edges g = {NULL, NULL, 0, 0};
  bool ok = false; /* until the end: a goto nomem frees and answers false */
  size_t *indeg = NULL, *start = NULL, *adj = NULL, *queue = NULL;
  bool *done = NULL;
  en.ord = xc_try_malloc((n ? n : 1) * sizeof *en.ord);
  en.tree = xc_try_calloc(n ? n : 1, sizeof *en.tree);
  if (!en.ord || !en.tree) goto nomem;
  for (size_t i = 0; i < n; i++) en.ord[i] = i;
  if (!sort_ord(&en)) goto nomem;
  /* parse */
  for (size_t i = 0; i < n; i++) {
    xc_fx_cell *c = &cells[i];
    c->status = XC_FX_OK;
    c->value = v_blank;
    c->detail = "";
    if (c->len > L.max_len || total_nodes >= L.max_total_nodes) {
      c->status = XC_FX_LIMIT;
      continue;
    }
    parser p = {c->text ? c->text : "", c->text ? c->len : 0, 0, book, c->sheet, &tmp, arena, 0,
                L.max_depth, 0, L.max_nodes, XC_FX_OK, "", false};
    node *t = parse(&p);
    if (p.nomem) goto nomem;
    total_nodes += p.nodes;
    if (t && total_nodes > L.max_total_nodes) t = fail(&p, XC_FX_LIMIT, "");
    if (!t) {
      c->status = p.st ? p.st : XC_FX_SYNTAX;
      c->detail = p.detail;
      continue;
    }
    en.tree[i] = t;
  }
  /* dependencies: edge j -> i when formula i reads formula j */
  for (size_t i = 0; i < n; i++) {
    if (!en.tree[i]) continue;
    size_t before = g.n;
    bool deps = add_deps(&en, en.tree[i], i, &g);
    if (en.nomem) goto nomem;
    if (!deps) {
      g.n = before;
      cells[i].status = XC_FX_LIMIT;
      en.tree[i] = NULL;
    }
  }
  indeg = xc_try_calloc(n ? n : 1, sizeof *indeg);
  start = xc_try_calloc(n + 1, sizeof *start);
  adj = xc_try_malloc((g.n ? g.n : 1) * sizeof *adj);
  size_t *fill = xc_try_malloc((n ? n : 1) * sizeof *fill);
  queue = xc_try_malloc((n ? n : 1) * sizeof *queue);
  done = xc_try_calloc(n ? n : 1, sizeof *done);
  if (!indeg || !start || !adj || !fill || !queue || !done) {
    free(fill);
    goto nomem;
  }
  for (size_t k = 0; k < g.n; k++) start[g.from[k] + 1]++, indeg[g.to[k]]++;
  for (size_t i = 0; i < n; i++) start[i + 1] += start[i];
  memcpy(fill, start, (n ? n : 1) * sizeof *fill);
  for (size_t k = 0; k < g.n; k++) adj[fill[g.from[k]]++] = g.to[k];
  free(fill);
  free(g.from);
  free(g.to);
  g.from = g.to = NULL;
  /* Kahn's order, evaluating as we go */
  size_t qh = 0, qt = 0;
  for (size_t i = 0; i < n; i++)
    if (indeg[i] == 0) queue[qt++] = i;
  while (qh < qt) {
    size_t i = queue[qh++];
    done[i] = true;
    if (en.tree[i]) {
      ev_ctx e = {&en, XC_FX_OK, ""};
      xc_fx_value v = ev(&e, en.tree[i]);
      if (e.st != XC_FX_OK) {
        cells[i].status = e.st;
        cells[i].detail = e.detail;
      } else {
        if (v.kind == XC_FX_BLANK) v = v_num(xc_dec_from_int(0)); /* =A1 of an empty A1 shows 0 */
        if (v.kind == XC_FX_NUMBER) v.num = xc_dec_norm(xc_dec_round_sig(v.num, 15)); /* as Excel shows it */
        cells[i].value = v;
      }
    }
    for (size_t k = start[i]; k < start[i + 1]; k++)
      if (--indeg[adj[k]] == 0) queue[qt++] = adj[k];
  }
  for (size_t i = 0; i < n; i++)
    if (!done[i]) {
      cells[i].status = XC_FX_CYCLE;
      cells[i].detail = "";
    }
  ok = true;
nomem:
  free(g.from);
  free(g.to);
  free(done);
  free(queue);
  free(indeg);
  free(start);
  free(adj);
  free(en.ord);
  free(en.tree);
  xc_arena_free(&tmp);
  return ok;
}

xc_fx_status xc_fx_eval1(const char *text, size_t len, int sheet, const xc_fx_book *book,
                         xc_arena *arena, xc_fx_value *out, const char **detail) {
  xc_fx_cell c = {.sheet = sheet, .row = 0, .col = 0, .text = text, .len = len};
  if (!xc_fx_compute(&c, 1, book, NULL, arena)) {
    c.status = XC_FX_LIMIT;
    c.value = v_blank;
    c.detail = "out of memory";
  }
  if (out) *out = c.value;
  if (detail) *detail = c.detail;
  return c.status;
}
