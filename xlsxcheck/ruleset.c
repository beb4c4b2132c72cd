/* ruleset.c: lexer and recursive-descent parser of the rule language, and
 * the reader of the spec TSVs it names. */
#include "ruleset.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "spec.h"
#include "textkey.h"

#define MAX_RULESET_BYTES (8u << 20)

typedef struct parser parser;

/* ---- small helpers ------------------------------------------------------ */

static bool read_file(const char *path, char **out, size_t *n, xc_buf *err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    if (errno == ENOMEM) err->nomem = true;
    xc_buf_printf(err, "%s: %s\n", path, strerror(errno));
    return false;
  }
  xc_buf b;
  xc_buf_init(&b, MAX_RULESET_BYTES);
  char chunk[65536];
  size_t r;
  bool ok = true;
  while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (!xc_buf_add(&b, chunk, r)) {
      if (b.nomem) {
        err->nomem = true;
        xc_buf_printf(err, "%s: out of memory\n", path);
      } else {
        xc_buf_printf(err, "%s: larger than %u MiB\n", path, MAX_RULESET_BYTES >> 20);
      }
      ok = false;
      break;
    }
  fclose(f);
  if (!ok) {
    xc_buf_free(&b);
    return false;
  }
  *out = b.data ? b.data : xc_try_calloc(1, 1);
  if (!*out) {
    err->nomem = true;
    xc_buf_printf(err, "%s: out of memory\n", path);
    return false;
  }
  *n = b.len;
  return true;
}

/* ---- parser state ------------------------------------------------------- */

struct parser {
  const char *name; /* file name for messages */
  const char *base_dir;
  const char *text;
  size_t n;
  /* the current physical line */
  const char *line;
  size_t line_len;
  uint32_t lineno;
  size_t i; /* cursor inside line */
  xc_ruleset *rs;
  xc_buf *err;
  jmp_buf fail;
  /* growth counters */
  size_t cap_sheets, cap_rules, cap_patterns, cap_maps;
};
/* Everything a ruleset holds lives in its arena (so a syntax error deep in a
 * rule frees all at once); compiled patterns are listed in rs->rxs.  The
 * parse state (parser below) is per call: nothing is shared between two
 * parses running at once.  Memory running out ends the parse like a syntax
 * error (longjmp), with err->nomem set. */
static void out_of_memory(parser *p)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;
static void out_of_memory(parser *p) {
  p->err->nomem = true;
  xc_buf_printf(p->err, "%s: out of memory\n", p->name);
  longjmp(p->fail, 1);
}

static void *palloc(parser *p, size_t n) {
  void *m = xc_arena_try_alloc(&p->rs->arena, n);
  if (!m) out_of_memory(p);
  return m;
}

static char *dupn(parser *p, const char *s, size_t n) {
  char *d = xc_arena_try_strndup(&p->rs->arena, s, n);
  if (!d) out_of_memory(p);
  return d;
}
static char *dups(parser *p, const char *s) { return dupn(p, s, strlen(s)); }

/* A scratch buffer b that ran out of memory ends the parse (b freed). */
static void buf_ok(parser *p, xc_buf *b) {
  if (!b->nomem) return;
  xc_buf_free(b);
  out_of_memory(p);
}

/* The parser of the ruleset being built (arena allocations go through it). */
#define PA p

static int cmp_row_key(const void *a, const void *b) {
  const xc_spec_row *x = *(const xc_spec_row *const *)a, *y = *(const xc_spec_row *const *)b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x < y ? -1 : x > y); /* equal keys keep the file's order */
}

/* grows an arena array: copies into a block twice as large */
static void *grow(parser *p, void *arr, size_t elem, size_t n, size_t *cap) {
  if (n < *cap) return arr;
  size_t ncap = *cap ? *cap * 2 : 8;
  void *fresh = palloc(p, ncap * elem);
  if (n) memcpy(fresh, arr, n * elem);
  *cap = ncap;
  return fresh;
}

#define PUSH(a, arr, n, cap, item)                              \
  do {                                                          \
    (arr) = grow((a), (arr), sizeof *(arr), (n), &(cap));       \
    (arr)[(n)++] = (item);                                      \
  } while (0)


static void die_at(parser *p, size_t col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4), noreturn))
#endif
    ;

/* the 1-based character (not byte) column of byte offset col in the line */
static size_t char_col(const parser *p, size_t col) {
  size_t n = 1;
  for (size_t k = 0; k < col && k < p->line_len; k++)
    if (((unsigned char)p->line[k] & 0xC0) != 0x80) n++;
  return n;
}

static void die_at(parser *p, size_t col, const char *fmt, ...) {
  xc_buf_printf(p->err, "%s:%u:%zu: ", p->name, p->lineno, char_col(p, col));
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  xc_buf_adds(p->err, msg);
  xc_buf_addc(p->err, '\n');
  xc_buf_add(p->err, p->line, p->line_len);
  xc_buf_addc(p->err, '\n');
  /* the caret sits under the byte; count display columns as code points */
  for (size_t k = 0; k < col && k < p->line_len; k++) {
    unsigned char ch = (unsigned char)p->line[k];
    if ((ch & 0xC0) == 0x80) continue;
    xc_buf_addc(p->err, p->line[k] == '\t' ? '\t' : ' ');
  }
  xc_buf_adds(p->err, "^\n");
  longjmp(p->fail, 1);
}

#define DIE(p, ...) die_at((p), (p)->i, __VA_ARGS__)

static size_t char_col(const parser *p, size_t col);
static xc_pos here(const parser *p) { return (xc_pos){p->lineno, (uint32_t)char_col(p, p->i)}; }

static bool at_end(parser *p) {
  while (p->i < p->line_len && (p->line[p->i] == ' ' || p->line[p->i] == '\t' || p->line[p->i] == '\r'))
    p->i++;
  return p->i >= p->line_len || p->line[p->i] == '#';
}

static char peekc(parser *p) { return at_end(p) ? '\0' : p->line[p->i]; }

static bool is_id_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_id_char(char c) { return is_id_start(c) || (c >= '0' && c <= '9'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool accept(parser *p, const char *tok) {
  if (at_end(p)) return false;
  size_t k = strlen(tok);
  if (p->i + k > p->line_len || memcmp(p->line + p->i, tok, k) != 0) return false;
  /* a word must not run on into an identifier */
  if (is_id_start(tok[0]) && p->i + k < p->line_len && is_id_char(p->line[p->i + k])) return false;
  p->i += k;
  return true;
}

static void expect(parser *p, const char *tok) {
  if (!accept(p, tok)) DIE(p, "expected '%s'", tok);
}

/* identifier; dash=true also takes '-' (rule IDs like BM7-15) */
static char *ident(parser *p, bool dash, const char *what) {
  if (at_end(p) || !(is_id_start(p->line[p->i]) || (dash && is_digit(p->line[p->i]))))
    DIE(p, "expected %s", what);
  size_t s = p->i;
  while (p->i < p->line_len &&
         (is_id_char(p->line[p->i]) || (dash && (p->line[p->i] == '-' || p->line[p->i] == '.'))))
    p->i++;
  return dupn(PA, p->line + s, p->i - s);
}

static char *string(parser *p) {
  if (peekc(p) != '"') DIE(p, "expected a string in double quotes");
  size_t start = p->i++;
  xc_buf b;
  xc_buf_init(&b, 0);
  while (p->i < p->line_len && p->line[p->i] != '"') {
    char c = p->line[p->i];
    if (c == '\\' && p->i + 1 < p->line_len) {
      char e = p->line[p->i + 1];
      if (e != '"' && e != '\\') {
        xc_buf_free(&b);
        DIE(p, "unknown escape \\%c (only \\\" and \\\\)", e);
      }
      xc_buf_addc(&b, e);
      p->i += 2;
      continue;
    }
    xc_buf_addc(&b, c);
    p->i++;
  }
  if (p->i >= p->line_len) {
    xc_buf_free(&b);
    die_at(p, start, "unterminated string");
  }
  p->i++;
  buf_ok(p, &b);
  char *s = dupn(PA, b.data ? b.data : "", b.len);
  xc_buf_free(&b);
  return s;
}

/* /pattern/flags -> compiled */
static xc_rx *regex(parser *p, char **source) {
  if (peekc(p) != '/') DIE(p, "expected a /pattern/");
  size_t start = ++p->i;
  xc_buf b;
  xc_buf_init(&b, 0);
  while (p->i < p->line_len && p->line[p->i] != '/') {
    if (p->line[p->i] == '\\' && p->i + 1 < p->line_len && p->line[p->i + 1] == '/') {
      xc_buf_addc(&b, '/');
      p->i += 2;
      continue;
    }
    if (p->line[p->i] == '\\' && p->i + 1 < p->line_len) {
      xc_buf_add(&b, p->line + p->i, 2);
      p->i += 2;
      continue;
    }
    xc_buf_addc(&b, p->line[p->i++]);
  }
  if (p->i >= p->line_len) {
    xc_buf_free(&b);
    die_at(p, start - 1, "unterminated /pattern/");
  }
  p->i++;
  bool caseless = false;
  while (p->i < p->line_len && p->line[p->i] == 'i') caseless = true, p->i++;
  buf_ok(p, &b);
  char msg[256];
  size_t off = 0;
  bool rx_nomem = false;
  xc_rx *rx = xc_rx_compile(b.data ? b.data : "", b.len, caseless, msg, sizeof msg, &off, &rx_nomem);
  if (!rx && rx_nomem) {
    xc_buf_free(&b);
    out_of_memory(p);
  }
  if (!rx) {
    xc_buf_free(&b);
    /* the compiled text lost one backslash per "\/": map the offset back */
    size_t src = start, seen = 0;
    while (src < p->line_len && seen < off) {
      if (p->line[src] == '\\' && src + 1 < p->line_len && p->line[src + 1] == '/') src += 2, seen += 1;
      else if (p->line[src] == '\\' && src + 1 < p->line_len) src += 2, seen += 2;
      else src++, seen++;
    }
    die_at(p, src, "pattern does not compile: %s", msg);
  }
  xc_ruleset *rs = p->rs;
  xc_rx **rxs = xc_try_realloc(rs->rxs, (rs->nrxs + 1) * sizeof *rs->rxs);
  if (!rxs) {
    xc_rx_free(rx);
    xc_buf_free(&b);
    out_of_memory(p);
  }
  rs->rxs = rxs;
  rs->rxs[rs->nrxs++] = rx;
  if (source) {
    *source = xc_arena_try_strndup(&rs->arena, b.data ? b.data : "", b.len);
    if (!*source) xc_buf_free(&b);
    if (!*source) out_of_memory(p);
  }
  xc_buf_free(&b);
  return rx;
}

/* A pattern of the program's own (caseless), compiled and kept with the
 * others. */
static xc_rx *builtin_regex(parser *p, const char *src) {
  char msg[256];
  size_t off = 0;
  bool rx_nomem = false;
  xc_rx *rx = xc_rx_compile(src, strlen(src), true, msg, sizeof msg, &off, &rx_nomem);
  if (!rx && rx_nomem) out_of_memory(p);
  if (!rx) DIE(p, "built-in pattern does not compile: %s", msg);
  xc_ruleset *rs = p->rs;
  xc_rx **rxs = xc_try_realloc(rs->rxs, (rs->nrxs + 1) * sizeof *rs->rxs);
  if (!rxs) {
    xc_rx_free(rx);
    out_of_memory(p);
  }
  rs->rxs = rxs;
  rs->rxs[rs->nrxs++] = rx;
  return rx;
}

/* ---- spec TSVs ---------------------------------------------------------- */

/* The field of a spec row in the named column ("" when there is none). */
static char *field(const xc_tsv *t, size_t r, const char *name) {
  return (char *)xc_tsv_get(t, r, xc_tsv_col(t, name));
}

static void split_aliases(parser *ps, const char *s, char ***out, size_t *n) {
  size_t cap = 0;
  *out = NULL;
  *n = 0;
  const char *p = s;
  while (*p) {
    while (*p == ' ' || *p == ';') p++;
    if (!*p) break;
    const char *q = strchr(p, ';');
    size_t len = q ? (size_t)(q - p) : strlen(p);
    while (len && p[len - 1] == ' ') len--;
    if (len) PUSH(ps, *out, *n, cap, dupn(ps, p, len));
    p = q ? q + 1 : p + strlen(p);
  }
}

static void load_spec(parser *p, xc_form_sheet *s, size_t col_of_path) {
  if (!p->base_dir) return;
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", p->base_dir, s->spec_path);
  xc_error e;
  memset(&e, 0, sizeof e);
  const xc_tsv *t = xc_tsv_load(&p->rs->arena, path, 0, &e);
  if (!t && e.code == XC_ERR_NOMEM) out_of_memory(p);
  if (!t && e.code == XC_ERR_OPEN) die_at(p, col_of_path, "cannot read the spec file %s: %s", path, e.detail);
  if (!t) {
    xc_buf why;
    xc_buf_init(&why, 0);
    xc_tsv_error_text(path, &e, XC_LANG_EN, &why);
    char msg[512];
    snprintf(msg, sizeof msg, "%s", xc_buf_str(&why));
    xc_buf_free(&why);
    die_at(p, col_of_path, "the spec file %s", msg);
  }
  size_t cap = 0;
  for (size_t i = 0; i < t->nrows; i++) {
    if (s->type == XC_SHEET_KEYED) {
      xc_spec_row r;
      memset(&r, 0, sizeof r);
      r.key = field(t, i, "key");
      r.label = field(t, i, "label");
      r.unit = field(t, i, "unit");
      r.level = field(t, i, "level");
      r.kind = field(t, i, "kind");
      r.rkind = xc_row_kind_parse(r.kind);
      r.codes = field(t, i, "codes");
      r.agg = field(t, i, "agg");
      r.seed = field(t, i, "seed_value");
      r.parent = field(t, i, "parent");
      r.max = field(t, i, "max_points");
      r.self = field(t, i, "self_score");
      r.appraisal = field(t, i, "appraisal_score");
      r.can_exclude = strcmp(field(t, i, "can_exclude"), "yes") == 0;
      PUSH(PA, s->rows, s->nrows, cap, r);
    } else {
      xc_spec_col c;
      memset(&c, 0, sizeof c);
      c.letter = field(t, i, "col");
      c.header = field(t, i, "header");
      c.kind = field(t, i, "kind");
      c.rkind = xc_row_kind_parse(c.kind);
      c.required = strcmp(field(t, i, "required"), "yes") == 0;
      split_aliases(PA, field(t, i, "aliases"), &c.aliases, &c.naliases);
      PUSH(PA, s->cols, s->ncols, cap, c);
    }
  }
  if ((s->type == XC_SHEET_KEYED && s->nrows == 0) || (s->type == XC_SHEET_LIST && s->ncols == 0))
    die_at(p, col_of_path, "the spec file %s has no rows", path);
  if (s->type == XC_SHEET_KEYED) { /* rows are looked up by key all the time */
    s->by_key = palloc(p, s->nrows * sizeof *s->by_key);
    for (size_t i = 0; i < s->nrows; i++) s->by_key[i] = &s->rows[i];
    qsort(s->by_key, s->nrows, sizeof *s->by_key, cmp_row_key);
  }
}

/* ---- lookups ------------------------------------------------------------ */


int xc_ruleset_sheet(const xc_ruleset *rs, const char *id) {
  for (size_t i = 0; i < rs->nsheets; i++)
    if (strcmp(rs->sheets[i].id, id) == 0) return (int)i;
  return -1;
}

const xc_spec_row *xc_form_sheet_row(const xc_form_sheet *s, const char *key) {
  if (!s->by_key) { /* a sheet built without spec file */
    for (size_t i = 0; i < s->nrows; i++)
      if (strcmp(s->rows[i].key, key) == 0) return &s->rows[i];
    return NULL;
  }
  size_t lo = 0, hi = s->nrows; /* the first of equal keys, as the linear search did */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(s->by_key[mid]->key, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < s->nrows && strcmp(s->by_key[lo]->key, key) == 0 ? s->by_key[lo] : NULL;
}

const xc_spec_col *xc_form_sheet_col(const xc_form_sheet *s, const char *name) {
  for (size_t i = 0; i < s->ncols; i++)
    if ((s->cols[i].short_name && strcmp(s->cols[i].short_name, name) == 0) ||
        strcmp(s->cols[i].header, name) == 0)
      return &s->cols[i];
  return NULL;
}

const xc_pattern *xc_ruleset_pattern(const xc_ruleset *rs, const char *name) {
  for (size_t i = 0; i < rs->npatterns; i++)
    if (strcmp(rs->patterns[i].name, name) == 0) return &rs->patterns[i];
  return NULL;
}

const xc_map *xc_ruleset_map(const xc_ruleset *rs, const char *name) {
  for (size_t i = 0; i < rs->nmaps; i++)
    if (strcmp(rs->maps[i].name, name) == 0) return &rs->maps[i];
  return NULL;
}

/* ---- expressions -------------------------------------------------------- */

static xc_node *node(parser *p, xc_node_kind k) {
  xc_node *n = palloc(p, sizeof *n);
  memset(n, 0, sizeof *n);
  n->kind = k;
  n->pos = here(p);
  n->sheet = -1;
  return n;
}

static void add_arg(parser *p, xc_node *n, xc_node *a) {
  size_t cap = n->nargs; /* exact size: grow() doubles past it */
  xc_node **fresh = palloc(p, (n->nargs + 1) * sizeof *fresh);
  if (n->nargs) memcpy(fresh, n->args, n->nargs * sizeof *fresh);
  (void)cap;
  fresh[n->nargs++] = a;
  n->args = fresh;
}

static xc_node *expr(parser *p);

static const char *const FUNCS[] = {"blank", "filled", "min", "max", "left", "group", "norm",
                                    "key", "date", "year", "lookup", "abs", "raw", "nfiles", NULL};
static const char *const AGGS[] = {"count", "sum", "distinct", "rows", NULL};

static bool in_list(const char *const *list, const char *s) {
  for (size_t i = 0; list[i]; i++)
    if (strcmp(list[i], s) == 0) return true;
  return false;
}

static int sheet_or_die(parser *p, const char *id, size_t col, xc_sheet_type want) {
  int s = xc_ruleset_sheet(p->rs, id);
  if (s < 0) die_at(p, col, "unknown sheet '%s' (declare it with `sheet` or `list`)", id);
  if (p->rs->sheets[s].type != want)
    die_at(p, col, "'%s' is a %s, not a %s", id,
           p->rs->sheets[s].type == XC_SHEET_LIST ? "list" : "keyed sheet",
           want == XC_SHEET_LIST ? "list" : "keyed sheet");
  return s;
}

static char *key_token(parser *p) {
  size_t s = p->i;
  while (p->i < p->line_len && (is_id_char(p->line[p->i]) ||
                                (p->line[p->i] == '.' && !(p->i + 1 < p->line_len && p->line[p->i + 1] == '.'))))
    p->i++;
  while (p->i > s && p->line[p->i - 1] == '.') p->i--; /* "2.2." at the end of a sum */
  if (p->i == s) DIE(p, "expected a row key after '!'");
  return dupn(PA, p->line + s, p->i - s);
}

/* After "SHEET!": FROM..TO, keys of the keyed sheet s (in spec order). */
static void keyed_range(parser *p, int s, char **from, char **to) {
  size_t k1 = p->i;
  *from = key_token(p);
  if (!(p->i + 1 < p->line_len && p->line[p->i] == '.' && p->line[p->i + 1] == '.'))
    DIE(p, "expected '..' (a range of keyed rows: SHEET!FROM..TO)");
  p->i += 2;
  size_t k2 = p->i;
  *to = key_token(p);
  const xc_form_sheet *fs = &p->rs->sheets[s];
  if (fs->nrows && !xc_form_sheet_row(fs, *from)) die_at(p, k1, "sheet %s has no key '%s'", fs->id, *from);
  if (fs->nrows && !xc_form_sheet_row(fs, *to)) die_at(p, k2, "sheet %s has no key '%s'", fs->id, *to);
}

static xc_node *primary(parser *p) {
  if (at_end(p)) DIE(p, "expected a value");
  char c = p->line[p->i];
  size_t start = p->i;
  if (is_digit(c)) {
    xc_node *n = node(p, XC_N_NUM);
    while (p->i < p->line_len && is_digit(p->line[p->i])) p->i++;
    if (p->i + 1 < p->line_len && p->line[p->i] == '.' && is_digit(p->line[p->i + 1])) {
      p->i++;
      while (p->i < p->line_len && is_digit(p->line[p->i])) p->i++;
    }
    n->text = dupn(PA, p->line + start, p->i - start);
    return n;
  }
  if (c == '"') {
    xc_node *n = node(p, XC_N_STR);
    n->text = string(p);
    xc_buf k;
    xc_buf_init(&k, 0);
    xc_match_key(n->text, strlen(n->text), &k);
    buf_ok(p, &k);
    n->key = dupn(PA, xc_buf_str(&k), k.len);
    xc_buf_free(&k);
    return n;
  }
  if (c == '/') {
    xc_node *n = node(p, XC_N_RX);
    n->rx = regex(p, &n->text);
    return n;
  }
  if (c == '(') {
    p->i++;
    xc_node *n = expr(p);
    expect(p, ")");
    return n;
  }
  if (c == '{') {
    xc_node *n = node(p, XC_N_SET);
    p->i++;
    if (!accept(p, "}")) {
      do {
        if (accept(p, "blank")) add_arg(p, n, node(p, XC_N_BLANK));
        else add_arg(p, n, expr(p));
      } while (accept(p, ","));
      expect(p, "}");
    }
    return n;
  }
  if (!is_id_start(c)) DIE(p, "unexpected character '%c'", c);
  xc_pos pos = here(p);
  char *id = ident(p, false, "a name");
  if (p->i < p->line_len && p->line[p->i] == '!') { /* SHEET!KEY[:col] */
    p->i++;
    int s = sheet_or_die(p, id, start, XC_SHEET_KEYED);
    xc_node *n = node(p, XC_N_REF);
    n->pos = pos;
    n->sheet = s;
    size_t kcol = p->i;
    n->text = key_token(p);
    if (p->i < p->line_len && p->line[p->i] == ':') {
      p->i++;
      n->col = ident(p, false, "a value column name");
    }
    const xc_form_sheet *fs = &p->rs->sheets[s];
    if (fs->nrows && !xc_form_sheet_row(fs, n->text))
      die_at(p, kcol, "sheet %s has no key '%s' in %s", id, n->text, fs->spec_path);
    if (n->col) {
      bool found = false;
      for (size_t k = 0; k < fs->nvcols; k++) found |= strcmp(fs->vcol_names[k], n->col) == 0;
      if (!found) die_at(p, kcol, "sheet %s has no value column '%s'", id, n->col);
    }
    return n;
  }
  if (p->i < p->line_len && p->line[p->i] == '(') { /* call or aggregate */
    p->i++;
    if (in_list(AGGS, id)) {
      xc_node *n = node(p, XC_N_AGG);
      n->pos = pos;
      n->text = id;
      size_t lcol = p->i;
      at_end(p);
      lcol = p->i;
      char *list = ident(p, false, "a list name");
      if (p->i < p->line_len && p->line[p->i] == '!') { /* keyed rows: CT!1..21 */
        p->i++;
        n->sheet = sheet_or_die(p, list, lcol, XC_SHEET_KEYED);
        keyed_range(p, n->sheet, &n->from, &n->to);
        if (strcmp(id, "count") != 0 && strcmp(id, "rows") != 0)
          DIE(p, "%s() over keyed rows is not supported (count only)", id);
        if (accept(p, "where")) n->where = expr(p);
        expect(p, ")");
        return n;
      }
      n->sheet = sheet_or_die(p, list, lcol, XC_SHEET_LIST);
      if (p->i < p->line_len && p->line[p->i] == '.') {
        p->i++;
        size_t ccol = p->i;
        n->col = ident(p, false, "a column name");
        if (!xc_form_sheet_col(&p->rs->sheets[n->sheet], n->col) && p->rs->sheets[n->sheet].ncols)
          die_at(p, ccol, "list %s has no column '%s'", p->rs->sheets[n->sheet].id, n->col);
      } else if (strcmp(id, "sum") == 0 || strcmp(id, "distinct") == 0) {
        DIE(p, "%s() needs a column: %s(LIST.COLUMN …)", id, id);
      }
      if (accept(p, "where")) n->where = expr(p);
      expect(p, ")");
      return n;
    }
    if (!in_list(FUNCS, id)) die_at(p, start, "unknown function '%s'", id);
    xc_node *n = node(p, XC_N_CALL);
    n->pos = pos;
    n->text = id;
    if (!accept(p, ")")) {
      do {
        /* group(text, PATTERN, n): a pattern name is a bare identifier */
        if (strcmp(id, "group") == 0 && n->nargs == 1 && is_id_start(peekc(p))) {
          xc_node *a = node(p, XC_N_STR);
          size_t pc = p->i;
          a->text = ident(p, false, "a pattern name");
          if (!xc_ruleset_pattern(p->rs, a->text)) die_at(p, pc, "unknown pattern '%s'", a->text);
          add_arg(p, n, a);
          continue;
        }
        if (strcmp(id, "lookup") == 0 && n->nargs == 0 && is_id_start(peekc(p))) {
          xc_node *a = node(p, XC_N_STR);
          size_t pc = p->i;
          a->text = ident(p, false, "a map name");
          if (!xc_ruleset_map(p->rs, a->text)) die_at(p, pc, "unknown map '%s'", a->text);
          add_arg(p, n, a);
          continue;
        }
        add_arg(p, n, expr(p));
      } while (accept(p, ","));
      expect(p, ")");
    }
    return n;
  }
  if (p->i < p->line_len && p->line[p->i] == '.' && p->i + 1 < p->line_len &&
      is_id_start(p->line[p->i + 1])) { /* LIST.COL */
    p->i++;
    xc_node *n = node(p, XC_N_LISTCOL);
    n->pos = pos;
    n->sheet = sheet_or_die(p, id, start, XC_SHEET_LIST);
    n->col = ident(p, false, "a column name");
    return n;
  }
  if (strcmp(id, "blank") == 0) {
    xc_node *n = node(p, XC_N_BLANK);
    n->pos = pos;
    return n;
  }
  xc_node *n = node(p, XC_N_COL); /* a list column, checked where it is used */
  n->pos = pos;
  n->text = id;
  return n;
}

static xc_node *unary(parser *p) {
  xc_pos pos = here(p);
  if (peekc(p) == '-') {
    p->i++;
    xc_node *n = node(p, XC_N_NEG);
    n->pos = pos;
    add_arg(p, n, unary(p));
    return n;
  }
  return primary(p);
}

static xc_node *binary(parser *p, xc_node *a, int op, xc_node *b, xc_pos pos) {
  xc_node *n = node(p, XC_N_ARITH);
  n->pos = pos;
  n->op = op;
  add_arg(p, n, a);
  add_arg(p, n, b);
  return n;
}

static xc_node *mul(parser *p) {
  xc_node *a = unary(p);
  for (;;) {
    xc_pos pos = here(p);
    char c = peekc(p);
    if (c != '*' && c != '/') return a;
    p->i++;
    a = binary(p, a, c, unary(p), pos);
  }
}

static xc_node *add(parser *p) {
  xc_node *a = mul(p);
  for (;;) {
    xc_pos pos = here(p);
    char c = peekc(p);
    if (c != '+' && c != '-') return a;
    p->i++;
    a = binary(p, a, c, mul(p), pos);
  }
}

static int cmp_op(parser *p) {
  if (accept(p, "=~")) return XC_OP_MATCH;
  if (accept(p, "!~")) return XC_OP_NOMATCH;
  if (accept(p, "<=") || accept(p, "≤")) return XC_OP_LE;
  if (accept(p, ">=") || accept(p, "≥")) return XC_OP_GE;
  if (accept(p, "!=") || accept(p, "≠")) return XC_OP_NE;
  if (accept(p, "=")) return XC_OP_EQ;
  if (accept(p, "<")) return XC_OP_LT;
  if (accept(p, ">")) return XC_OP_GT;
  if (accept(p, "in")) return XC_OP_IN;
  return 0;
}

static xc_node *cmp(parser *p) {
  xc_pos pos = here(p);
  xc_node *a = add(p);
  int op = cmp_op(p);
  if (!op) return a;
  xc_node *n = node(p, XC_N_CMP);
  n->pos = pos;
  add_arg(p, n, a);
  size_t nops = 0;
  while (op) {
    int *ops = palloc(p, (nops + 1) * sizeof *ops);
    if (nops) memcpy(ops, n->ops, nops * sizeof *ops);
    n->ops = ops;
    n->ops[nops++] = op;
    if ((op == XC_OP_MATCH || op == XC_OP_NOMATCH) && peekc(p) != '/' && !is_id_start(peekc(p)))
      DIE(p, "expected a /pattern/ or a pattern name after =~");
    if ((op == XC_OP_MATCH || op == XC_OP_NOMATCH) && is_id_start(peekc(p))) {
      xc_node *r = node(p, XC_N_RX);
      size_t pc = p->i;
      char *name = ident(p, false, "a pattern name");
      const xc_pattern *pat = xc_ruleset_pattern(p->rs, name);
      if (!pat) die_at(p, pc, "unknown pattern '%s'", name);
      r->text = name; /* resolved at evaluation through the ruleset */
      add_arg(p, n, r);
    } else if (op == XC_OP_IN && peekc(p) != '{') {
      DIE(p, "expected a set {…} after 'in'");
    } else {
      add_arg(p, n, add(p));
    }
    op = cmp_op(p);
  }
  return n;
}

static xc_node *not_(parser *p) {
  xc_pos pos = here(p);
  if (accept(p, "not")) {
    xc_node *n = node(p, XC_N_NOT);
    n->pos = pos;
    add_arg(p, n, not_(p));
    return n;
  }
  return cmp(p);
}

static xc_node *and_(parser *p) {
  xc_node *a = not_(p);
  while (accept(p, "and")) {
    xc_node *n = node(p, XC_N_AND);
    add_arg(p, n, a);
    add_arg(p, n, not_(p));
    a = n;
  }
  return a;
}

static xc_node *or_(parser *p) {
  xc_node *a = and_(p);
  while (accept(p, "or")) {
    xc_node *n = node(p, XC_N_OR);
    add_arg(p, n, a);
    add_arg(p, n, and_(p));
    a = n;
  }
  return a;
}

static xc_node *expr(parser *p) {
  xc_pos pos = here(p);
  if (accept(p, "if")) {
    xc_node *n = node(p, XC_N_IMPLIES);
    n->pos = pos;
    add_arg(p, n, or_(p));
    expect(p, "then");
    add_arg(p, n, or_(p));
    return n;
  }
  return or_(p);
}

/* ---- statements --------------------------------------------------------- */

static bool next_line(parser *p, size_t *off) {
  if (*off >= p->n) return false;
  const char *s = p->text + *off;
  const char *nl = memchr(s, '\n', p->n - *off);
  size_t len = nl ? (size_t)(nl - s) : p->n - *off;
  p->line = s;
  p->line_len = len && s[len - 1] == '\r' ? len - 1 : len;
  p->lineno++;
  p->i = 0;
  *off += len + (nl ? 1 : 0);
  return true;
}

static bool is_continuation(const parser *p) {
  return p->line_len > 0 && (p->line[0] == ' ' || p->line[0] == '\t');
}

static bool blank_line(parser *p) {
  size_t save = p->i;
  bool e = at_end(p);
  p->i = save;
  return e;
}

static xc_form_sheet *last_sheet(parser *p, const char *what) {
  if (!p->rs->nsheets) DIE(p, "'%s' must follow a sheet or list declaration", what);
  return &p->rs->sheets[p->rs->nsheets - 1];
}

static void sheet_clause(parser *p, xc_form_sheet *s) {
  if (accept(p, "alias")) {
    size_t cap = s->naliases;
    do PUSH(PA, s->aliases, s->naliases, cap, string(p));
    while (peekc(p) == '"');
  } else if (accept(p, "value")) { /* value NAME LETTER */
    char *name = ident(p, false, "a value column name");
    char *letter = ident(p, false, "a column letter");
    size_t cap1 = s->nvcols, cap2 = s->nvcols, n1 = s->nvcols;
    PUSH(PA, s->vcol_names, n1, cap1, name);
    PUSH(PA, s->vcol_letters, s->nvcols, cap2, letter);
  } else if (accept(p, "column")) { /* column SHORT "header" [codes "v"="a|b" …] */
    if (s->type != XC_SHEET_LIST) DIE(p, "'column' belongs to a list");
    char *shortn = ident(p, false, "a short column name");
    size_t hc = p->i;
    char *header = string(p);
    xc_spec_col *c = NULL;
    for (size_t k = 0; k < s->ncols; k++)
      if (strcmp(s->cols[k].header, header) == 0) c = &s->cols[k];
    if (!c && s->ncols) die_at(p, hc, "list %s has no column \"%s\" in %s", s->id, header, s->spec_path);
    if (!c) { /* no spec loaded: keep the declaration */
      size_t cap = s->ncols;
      xc_spec_col nc;
      memset(&nc, 0, sizeof nc);
      nc.header = header;
      nc.letter = dups(PA, "");
      nc.kind = dups(PA, "text");
      PUSH(PA, s->cols, s->ncols, cap, nc);
      c = &s->cols[s->ncols - 1];
    }
    c->short_name = shortn;
    if (accept(p, "codes")) {
      while (peekc(p) == '"') {
        char *v = string(p);
        expect(p, "=");
        char *sp = string(p);
        size_t cap1 = c->ncodes, cap2 = c->ncodes, n1 = c->ncodes;
        PUSH(PA, c->code_values, n1, cap1, v);
        PUSH(PA, c->code_spellings, c->ncodes, cap2, sp);
      }
    }
  } else {
    DIE(p, "expected alias, value or column");
  }
  if (!at_end(p)) DIE(p, "unexpected text after the clause");
}

static void parse_scopes(parser *p, xc_rule *r) {
  for (;;) {
    char c = peekc(p);
    unsigned bit = c == 'D' ? XC_SCOPE_D : c == 'P' ? XC_SCOPE_P : c == 'A' ? XC_SCOPE_A
                   : c == 'S' ? XC_SCOPE_S : c == 'M' ? XC_SCOPE_M : 0;
    if (!bit) DIE(p, "expected a scope letter (D, P, A, S or M)");
    r->scopes |= bit;
    p->i++;
    if (!accept(p, ",")) break;
  }
}

static xc_tol parse_tol(parser *p) {
  if (accept(p, "EX")) return XC_TOL_EX;
  if (accept(p, "PCT")) return XC_TOL_PCT;
  if (accept(p, "AMT")) return XC_TOL_AMT;
  if (accept(p, "SC")) return XC_TOL_SC;
  if (accept(p, "RNG")) return XC_TOL_RNG;
  DIE(p, "expected a tolerance: EX, PCT, AMT, SC or RNG");
}

static void parse_rule(parser *p) {
  xc_rule r;
  memset(&r, 0, sizeof r);
  r.pos = here(p);
  r.list = -1;
  r.id = ident(p, true, "a rule ID such as BM3-10");
  for (size_t k = 0; k < p->rs->nrules; k++)
    if (strcmp(p->rs->rules[k].id, r.id) == 0) die_at(p, r.pos.col - 1, "rule %s is defined twice", r.id);
  if (accept(p, "error")) r.severity = XC_SEV_ERROR;
  else if (accept(p, "warning")) r.severity = XC_SEV_WARNING;
  else DIE(p, "expected error or warning");
  parse_scopes(p, &r);
  expect(p, ":");
  /* push first so that a later die frees it with the ruleset */
  size_t idx = p->rs->nrules;
  PUSH(PA, p->rs->rules, p->rs->nrules, p->cap_rules, r);
  xc_rule *rp = &p->rs->rules[idx];
  if (accept(p, "each")) {
    size_t lc = p->i;
    at_end(p);
    lc = p->i;
    char *list = ident(p, false, "a list name");
    if (p->i < p->line_len && p->line[p->i] == '!') {
      p->i++;
      rp->list = sheet_or_die(p, list, lc, XC_SHEET_KEYED);
      keyed_range(p, rp->list, &rp->from, &rp->to);
    } else {
      rp->list = sheet_or_die(p, list, lc, XC_SHEET_LIST);
    }
    if (accept(p, "where")) rp->where = expr(p);
    expect(p, ":");
    rp->body = XC_BODY_EACH;
    rp->expr = expr(p);
  } else if (accept(p, "unique")) {
    at_end(p);
    size_t lc = p->i;
    char *list = ident(p, false, "a list name");
    rp->list = sheet_or_die(p, list, lc, XC_SHEET_LIST);
    expect(p, ":");
    rp->body = XC_BODY_UNIQUE;
    rp->expr = node(p, XC_N_SET);
    do add_arg(p, rp->expr, expr(p));
    while (accept(p, ","));
  } else if (accept(p, "sequence")) {
    at_end(p);
    size_t lc = p->i;
    char *list = ident(p, false, "a list name");
    rp->list = sheet_or_die(p, list, lc, XC_SHEET_LIST);
    expect(p, ".");
    size_t cc = p->i;
    rp->column = ident(p, false, "a column name");
    if (p->rs->sheets[rp->list].ncols && !xc_form_sheet_col(&p->rs->sheets[rp->list], rp->column))
      die_at(p, cc, "list %s has no column '%s'", p->rs->sheets[rp->list].id, rp->column);
    rp->body = XC_BODY_SEQUENCE;
  } else if (accept(p, "check")) {
    at_end(p);
    size_t cc = p->i;
    rp->check = ident(p, true, "a built-in check name");
    (void)cc; /* names are checked against the evaluator's table by lint */
    rp->body = XC_BODY_CHECK;
    size_t cap = 0;
    while (!at_end(p) && peekc(p) != '~') {
      char *a;
      if (peekc(p) == '"') {
        a = string(p);
      } else { /* a bare word: huyen, except, BM4!1.2.a, CS, max … */
        size_t s0 = p->i;
        while (p->i < p->line_len && p->line[p->i] != ' ' && p->line[p->i] != '\t' &&
               p->line[p->i] != ',' && p->line[p->i] != '~' && p->line[p->i] != '#')
          p->i++;
        a = dupn(PA, p->line + s0, p->i - s0);
      }
      PUSH(PA, rp->check_args, rp->ncheck_args, cap, a);
      accept(p, ",");
    }
  } else {
    rp->body = XC_BODY_EXPR;
    rp->expr = expr(p);
  }
  if (accept(p, "~")) rp->tol = parse_tol(p);
  if (!at_end(p)) DIE(p, "unexpected text after the rule");
}

static void rule_clause(parser *p, xc_rule *r) {
  char **slot = NULL;
  if (accept(p, "vi")) slot = &r->msg_vi;
  else if (accept(p, "en")) slot = &r->msg_en;
  else if (accept(p, "hint-en")) slot = &r->hint_en;
  else if (accept(p, "hint")) slot = &r->hint_vi;
  else DIE(p, "expected vi, en, hint or hint-en");
  if (*slot) DIE(p, "given twice");
  *slot = string(p);
  if (!at_end(p)) DIE(p, "unexpected text after the message");
}

static void parse_statement(parser *p, int *context) {
  /* context: 0 none, 1 sheet/list, 2 rule, 3 map */
  xc_ruleset *rs = p->rs;
  if (is_continuation(p)) {
    at_end(p);
    if (*context == 1) sheet_clause(p, last_sheet(p, "clause"));
    else if (*context == 2) rule_clause(p, &rs->rules[rs->nrules - 1]);
    else if (*context == 3) {
      xc_map *m = &rs->maps[rs->nmaps - 1];
      while (peekc(p) == '"') {
        char *k = string(p);
        expect(p, "=");
        char *v = string(p);
        size_t cap1 = m->n, cap2 = m->n, n1 = m->n;
        PUSH(PA, m->keys, n1, cap1, k);
        PUSH(PA, m->values, m->n, cap2, v);
      }
      if (!at_end(p)) DIE(p, "expected \"key\"=\"value\" pairs");
    } else {
      DIE(p, "an indented line must continue a sheet, list, map or rule");
    }
    return;
  }
  if (accept(p, "form")) {
    if (rs->form_id) DIE(p, "form is declared twice");
    rs->form_id = ident(p, true, "a form name");
    rs->form_title = string(p);
    *context = 0;
  } else if (accept(p, "units")) {
    rs->units_path = string(p);
    if (p->base_dir) {
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", p->base_dir, rs->units_path);
      rs->units_file = dups(PA, path);
    }
    if (accept(p, "province")) rs->province = string(p);
    if (!at_end(p)) DIE(p, "unexpected text after units");
    *context = 0;
  } else if (accept(p, "sheet") || accept(p, "list")) {
    bool is_list = p->line[0] == 'l';
    xc_form_sheet s;
    memset(&s, 0, sizeof s);
    s.pos = here(p);
    s.type = is_list ? XC_SHEET_LIST : XC_SHEET_KEYED;
    size_t ic = p->i;
    at_end(p);
    ic = p->i;
    s.id = ident(p, false, "a sheet ID such as BM3");
    if (xc_ruleset_sheet(rs, s.id) >= 0) {
      die_at(p, ic, "sheet ID declared twice");
    }
    size_t idx = rs->nsheets;
    PUSH(PA, rs->sheets, rs->nsheets, p->cap_sheets, s);
    xc_form_sheet *sp = &rs->sheets[idx];
    sp->name = string(p);
    if (!is_list) expect(p, "keyed");
    at_end(p);
    size_t pc = p->i;
    sp->spec_path = string(p);
    if (!at_end(p)) DIE(p, "unexpected text after the declaration");
    load_spec(p, sp, pc);
    *context = 1;
  } else if (accept(p, "pattern")) {
    xc_pattern pat;
    memset(&pat, 0, sizeof pat);
    pat.name = ident(p, false, "a pattern name");
    if (xc_ruleset_pattern(rs, pat.name)) {
      DIE(p, "pattern declared twice");
    }
    size_t idx = rs->npatterns;
    PUSH(PA, rs->patterns, rs->npatterns, p->cap_patterns, pat);
    at_end(p);
    rs->patterns[idx].rx = regex(p, &rs->patterns[idx].source);
    if (!at_end(p)) DIE(p, "unexpected text after the pattern");
    *context = 0;
  } else if (accept(p, "map")) {
    xc_map m;
    memset(&m, 0, sizeof m);
    m.name = ident(p, false, "a map name");
    PUSH(PA, rs->maps, rs->nmaps, p->cap_maps, m);
    *context = 3;
    xc_map *mp = &rs->maps[rs->nmaps - 1];
    while (peekc(p) == '"') {
      char *k = string(p);
      expect(p, "=");
      char *v = string(p);
      size_t cap1 = mp->n, cap2 = mp->n, n1 = mp->n;
      PUSH(PA, mp->keys, n1, cap1, k);
      PUSH(PA, mp->values, mp->n, cap2, v);
    }
    if (!at_end(p)) DIE(p, "expected \"key\"=\"value\" pairs");
  } else if (accept(p, "rule")) {
    parse_rule(p);
    *context = 2;
  } else {
    DIE(p, "expected form, units, sheet, list, pattern, map or rule");
  }
}

xc_ruleset *xc_ruleset_parse(const char *text, size_t n, const char *name, const char *base_dir,
                             xc_buf *err) {
  parser *p = xc_try_calloc(1, sizeof *p);
  xc_ruleset *fresh = xc_try_calloc(1, sizeof *fresh);
  if (!p || !fresh) {
    free(p);
    free(fresh);
    err->nomem = true;
    xc_buf_printf(err, "%s: out of memory\n", name);
    return NULL;
  }
  p->name = name;
  p->base_dir = base_dir;
  p->text = text;
  p->n = n;
  p->err = err;
  p->rs = fresh;
  xc_arena_init(&p->rs->arena);
  xc_ruleset *rs = p->rs;
  if (setjmp(p->fail)) {
    xc_ruleset_free(rs);
    free(p);
    return NULL;
  }
  p->rs->path = dups(PA, name);
  size_t off = 0;
  int context = 0;
  while (next_line(p, &off)) {
    if (blank_line(p)) continue;
    parse_statement(p, &context);
  }
  if (!rs->form_id) {
    p->line = "";
    p->line_len = 0;
    p->i = 0;
    DIE(p, "the ruleset declares no form (form NAME \"title\")");
  }
  if (!xc_ruleset_pattern(rs, "fraction")) rs->fraction_default = builtin_regex(p, XC_FRACTION_PATTERN);
  free(p);
  return rs;
}

xc_ruleset *xc_ruleset_load(const char *path, xc_buf *err) {
  char *text;
  size_t n;
  if (!read_file(path, &text, &n, err)) return NULL;
  char *dir = xc_try_malloc(strlen(path) + 2);
  if (!dir) {
    free(text);
    err->nomem = true;
    xc_buf_printf(err, "%s: out of memory\n", path);
    return NULL;
  }
  strcpy(dir, path);
  char *slash = strrchr(dir, '/');
  if (slash) *slash = '\0';
  else strcpy(dir, ".");
  xc_ruleset *rs = xc_ruleset_parse(text, n, path, dir, err);
  free(dir);
  free(text);
  return rs;
}

void xc_ruleset_free(xc_ruleset *rs) {
  if (!rs) return;
  for (size_t i = 0; i < rs->nrxs; i++) xc_rx_free(rs->rxs[i]);
  free(rs->rxs);
  xc_arena_free(&rs->arena);
  free(rs);
}

/* ---- lint --------------------------------------------------------------- */

typedef struct {
  const xc_ruleset *rs;
  const xc_rule *rule;
  xc_buf *out;
  size_t count;
  int list; /* the list bare column names refer to, or -1 */
} lint_ctx;

static void lint_msg(lint_ctx *c, xc_pos pos, const char *fmt, ...) {
  xc_buf_printf(c->out, "%s:%u:%u: warning: rule %s: ", c->rs->path, pos.line, pos.col,
                c->rule->id);
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  xc_buf_adds(c->out, msg);
  xc_buf_addc(c->out, '\n');
  c->count++;
}

static void lint_node(lint_ctx *c, const xc_node *n, int list) {
  if (!n) return;
  switch (n->kind) {
    case XC_N_COL:
      if (list >= 0 && c->rs->sheets[list].type == XC_SHEET_KEYED) break; /* value, note, … */
      if (list < 0)
        lint_msg(c, n->pos, "'%s' is not a cell reference (SHEET!KEY) and no list is in scope", n->text);
      else if (c->rs->sheets[list].ncols && !xc_form_sheet_col(&c->rs->sheets[list], n->text))
        lint_msg(c, n->pos, "list %s has no column '%s'", c->rs->sheets[list].id, n->text);
      break;
    case XC_N_REF: {
      const xc_form_sheet *s = &c->rs->sheets[n->sheet];
      const xc_spec_row *row = xc_form_sheet_row(s, n->text);
      if (row && row->rkind == XC_RK_HEADER)
        lint_msg(c, n->pos, "%s!%s is a header row: it holds no value, so the rule can never fire",
                 s->id, n->text);
      if (row && (c->rule->scopes & ~(unsigned)XC_SCOPE_S) == XC_SCOPE_D &&
          (strcmp(row->level, "so") == 0 || strcmp(row->level, "khong") == 0) &&
          c->rule->body == XC_BODY_EXPR)
        lint_msg(c, n->pos, "%s!%s has level %s: it reads as blank in a district file", s->id, n->text,
                 row->level);
      break;
    }
    default: break;
  }
  int inner = n->kind == XC_N_AGG ? n->sheet : list;
  for (size_t i = 0; i < n->nargs; i++) lint_node(c, n->args[i], list);
  lint_node(c, n->where, inner);
}

size_t xc_ruleset_lint(const xc_ruleset *rs, bool (*builtin_known)(const char *name), xc_buf *out) {
  lint_ctx c = {rs, NULL, out, 0, -1};
  for (size_t i = 0; i < rs->nrules; i++) {
    const xc_rule *r = &rs->rules[i];
    c.rule = r;
    if (!r->msg_vi) lint_msg(&c, r->pos, "no Vietnamese message (vi \"…\")");
    if (!r->msg_en) lint_msg(&c, r->pos, "no English message (en \"…\")");
    if (!r->hint_vi) lint_msg(&c, r->pos, "no fix hint (hint \"…\")");
    if (!(r->scopes & (XC_SCOPE_D | XC_SCOPE_P | XC_SCOPE_A)))
      lint_msg(&c, r->pos, "scope has neither D, P nor A: the rule never runs on a file");
    if (r->body == XC_BODY_CHECK && builtin_known && !builtin_known(r->check))
      lint_msg(&c, r->pos, "built-in check '%s' is not implemented", r->check);
    lint_node(&c, r->expr, r->body == XC_BODY_EACH || r->body == XC_BODY_UNIQUE ? r->list : -1);
    lint_node(&c, r->where, r->list);
  }
  return c.count;
}

/* ---- the rulesets folder ------------------------------------------------- */

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* the names list's end: frees what was gathered, err->nomem set */
static xc_ruleset **names_nomem(char **names, size_t nn, const char *dir, xc_buf *err) {
  for (size_t i = 0; i < nn; i++) free(names[i]);
  free(names);
  err->nomem = true;
  xc_buf_printf(err, "%s: out of memory\n", dir);
  return NULL;
}

xc_ruleset **xc_rulesets_load(const char *forced, const char *dir, size_t *n, xc_buf *err) {
  *n = 0;
  char **names = NULL;
  size_t nn = 0;
  if (forced) {
    names = xc_try_malloc(sizeof *names);
    if (!names) return names_nomem(names, nn, forced, err);
    names[0] = xc_try_malloc(strlen(forced) + 1);
    if (!names[0]) return names_nomem(names, nn, forced, err);
    strcpy(names[nn++], forced);
  } else {
    DIR *d = opendir(dir);
    if (!d) {
      if (errno == ENOMEM) err->nomem = true;
      xc_buf_printf(err, "%s: %s\n", dir, strerror(errno));
      return NULL;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
      size_t len = strlen(de->d_name);
      if (len <= 6 || strcmp(de->d_name + len - 6, ".rules") != 0) continue;
      char **more = xc_try_realloc(names, (nn + 1) * sizeof *names);
      char *path = xc_try_malloc(strlen(dir) + len + 2);
      if (more) names = more;
      if (!more || !path) {
        free(path);
        closedir(d);
        return names_nomem(names, nn, dir, err);
      }
      sprintf(path, "%s/%s", dir, de->d_name);
      names[nn++] = path;
    }
    closedir(d);
    if (nn) qsort(names, nn, sizeof *names, cmp_name); /* a fixed order: by name */
  }
  xc_ruleset **out = xc_try_malloc((nn ? nn : 1) * sizeof *out);
  if (!out) return names_nomem(names, nn, dir, err);
  bool ok = nn > 0;
  if (!nn) xc_buf_printf(err, "%s: no .rules file\n", dir);
  for (size_t i = 0; i < nn; i++) {
    xc_ruleset *rs = ok || !err->nomem ? xc_ruleset_load(names[i], err) : NULL;
    if (rs) out[(*n)++] = rs;
    else ok = false;
    free(names[i]);
  }
  free(names);
  if (ok) return out;
  for (size_t i = 0; i < *n; i++) xc_ruleset_free(out[i]);
  free(out);
  *n = 0;
  return NULL;
}
