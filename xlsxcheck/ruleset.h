/* ruleset.h: the rule language (rulesets/README.md): its parser and the
 * parsed ruleset.  A ruleset owns everything it points to; free it with
 * xc_ruleset_free.  Every node keeps its source position, so both syntax
 * errors and findings can name file:line:col. */
#ifndef XC_RULESET_H
#define XC_RULESET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "rx.h"
#include "spec.h"

typedef struct {
  uint32_t line, col; /* 1-based */
} xc_pos;

/* ---- the form: sheets and lists, with their spec TSV ------------------- */

typedef struct {
  char *key, *label, *unit, *level, *kind, *codes, *agg, *seed;
  xc_row_kind rkind;            /* kind, parsed once */
  char *parent;                 /* chi-so-cchc */
  char *max, *self, *appraisal; /* chi-so-cchc, Vietnamese notation */
  bool can_exclude;
} xc_spec_row;

typedef struct {
  char *letter;    /* default column letter */
  char *header;    /* canonical header label */
  char *kind;      /* count, text, code */
  xc_row_kind rkind; /* kind, parsed once */
  bool required;
  char **aliases;  /* other header labels */
  size_t naliases;
  char *short_name; /* from `column SHORT "header"` in the ruleset, or NULL */
  /* codes: canonical value -> accepted spellings ("Huyện" = "Huyện|Cấp huyện") */
  char **code_values, **code_spellings;
  size_t ncodes;
} xc_spec_col;

typedef enum { XC_SHEET_KEYED, XC_SHEET_LIST } xc_sheet_type;

typedef struct {
  char *id;    /* BM3, DM */
  char *name;  /* canonical sheet name */
  char **aliases;
  size_t naliases;
  xc_sheet_type type;
  char *spec_path;
  xc_spec_row *rows; /* keyed */
  size_t nrows;
  xc_spec_row **by_key; /* rows sorted by key, for xc_form_sheet_row */
  xc_spec_col *cols; /* list */
  size_t ncols;
  /* keyed sheets with several value columns (chi-so-cchc): name -> letter */
  char **vcol_names, **vcol_letters;
  size_t nvcols;
  xc_pos pos;
} xc_form_sheet;

/* ---- expressions ------------------------------------------------------- */

typedef enum {
  XC_N_NUM,    /* number literal (text kept exact in `text`) */
  XC_N_STR,    /* string literal */
  XC_N_BLANK,  /* the word `blank` inside a set */
  XC_N_RX,     /* /pattern/ */
  XC_N_REF,    /* SHEET!KEY[:col] */
  XC_N_COL,    /* a list column inside each/where */
  XC_N_LISTCOL,/* LIST.COL, as in sum(DM.HS …) */
  XC_N_SET,    /* {a, b, …} */
  XC_N_NEG,    /* -a */
  XC_N_NOT,
  XC_N_ARITH,  /* a op b, op in + - * / */
  XC_N_CMP,    /* chain: args[0] op[0] args[1] op[1] args[2] … */
  XC_N_AND,
  XC_N_OR,
  XC_N_IMPLIES,/* if a then b */
  XC_N_CALL,   /* name(args) */
  XC_N_AGG     /* count/sum/distinct(LIST[.COL] where cond) */
} xc_node_kind;

typedef enum {
  XC_OP_ADD = '+', XC_OP_SUB = '-', XC_OP_MUL = '*', XC_OP_DIV = '/',
  XC_OP_EQ = 1, XC_OP_NE, XC_OP_LE, XC_OP_GE, XC_OP_LT, XC_OP_GT, XC_OP_MATCH, XC_OP_NOMATCH,
  XC_OP_IN
} xc_op;

typedef struct xc_node xc_node;
struct xc_node {
  xc_node_kind kind;
  xc_pos pos;
  char *text;      /* NUM: literal; STR: value; REF: key; COL: short name; CALL/AGG: function */
  char *key;       /* STR: the match key of text, computed once at load */
  int sheet;       /* REF, AGG, LISTCOL: index into ruleset sheets */
  char *col;       /* REF: value column name (NULL = the default D); LISTCOL/AGG: column */
  xc_rx *rx;       /* RX */
  int op;          /* ARITH */
  int *ops;        /* CMP chain operators (nargs - 1) */
  xc_node **args;
  size_t nargs;
  xc_node *where;  /* AGG filter */
  char *from, *to; /* AGG over keyed rows SHEET!FROM..TO (sheet is then keyed) */
};

/* ---- rules ------------------------------------------------------------- */

typedef enum {
  XC_BODY_EXPR,     /* a relation over keyed cells */
  XC_BODY_EACH,     /* each LIST [where c]: expr */
  XC_BODY_UNIQUE,   /* unique LIST: e1, e2, … */
  XC_BODY_SEQUENCE, /* sequence LIST.COL */
  XC_BODY_CHECK     /* check NAME args… (built-in) */
} xc_body_kind;

typedef enum { XC_TOL_EX, XC_TOL_PCT, XC_TOL_AMT, XC_TOL_SC, XC_TOL_RNG } xc_tol;
/* INFO: a fact worth knowing (formulas computed), counted neither as an error nor a warning */
typedef enum { XC_SEV_ERROR, XC_SEV_WARNING, XC_SEV_INFO } xc_severity;

enum { XC_SCOPE_D = 1, XC_SCOPE_P = 2, XC_SCOPE_A = 4, XC_SCOPE_S = 8, XC_SCOPE_M = 16 };

typedef struct {
  char *id;
  xc_severity severity;
  unsigned scopes;
  xc_body_kind body;
  xc_node *expr;     /* EXPR, EACH (per row), UNIQUE (args in expr->args) */
  xc_node *where;    /* EACH filter */
  int list;          /* EACH, UNIQUE, SEQUENCE: sheet index */
  char *from, *to;   /* EACH over keyed rows SHEET!FROM..TO */
  char *column;      /* SEQUENCE */
  char *check;       /* CHECK: built-in name */
  char **check_args;
  size_t ncheck_args;
  xc_tol tol;
  char *msg_vi, *msg_en, *hint_vi, *hint_en;
  xc_pos pos;
} xc_rule;

typedef struct {
  char *name;
  xc_rx *rx;
  char *source;
} xc_pattern;

typedef struct {
  char *name;
  char **keys, **values;
  size_t n;
} xc_map;

typedef struct {
  xc_arena arena; /* owns every string, node and array below */
  xc_rx **rxs;    /* every compiled pattern, freed with the ruleset */
  size_t nrxs;
  char *path;     /* the ruleset file */
  char *form_id, *form_title;
  char *units_path;     /* as written */
  char *units_file;     /* resolved against the ruleset's folder, or NULL */
  char *province;       /* `units "…" province "Kon Tum"` */
  xc_form_sheet *sheets;
  size_t nsheets;
  xc_rule *rules;
  size_t nrules;
  xc_pattern *patterns;
  size_t npatterns;
  xc_map *maps;
  size_t nmaps;
  xc_rx *fraction_default; /* XC_FRACTION_PATTERN, when no `pattern fraction` is declared */
} xc_ruleset;

/* relations.md §16: a fraction a/b in Vietnamese notation, paired with the first
 * "đạt / đạt tỷ lệ / chiếm (tỷ lệ) / = / (đạt" P% within 40 characters of the same
 * sentence with no other fraction between.  Groups: 1 a, 2 b, 3 P (unset when
 * unpaired).  A ruleset may replace it with `pattern fraction /…/`; else it is
 * compiled (caseless) once with the ruleset. */
#define XC_NUM_VI "\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|\\d+(?:,\\d+)?"
#define XC_FRACTION_PATTERN                                                  \
  "(?<![\\d.,/])(" XC_NUM_VI ")\\s*/\\s*(" XC_NUM_VI ")(?![\\d/])"             \
  "(?:[^.;!?/%\\n]{0,40}?(?:\\(đạt|đạt tỷ lệ|đạt|chiếm tỷ lệ|chiếm|=)\\s*(" XC_NUM_VI ")\\s*%)?"

/* Parses a ruleset file; spec TSVs are read relative to its folder.
 * NULL on error, with a message in err: "file:line:col: what" then the
 * source line and a caret line. */
xc_ruleset *xc_ruleset_load(const char *path, xc_buf *err);
/* The same from text (tests, fuzzing); base_dir resolves spec paths (may be NULL:
 * then spec files are not read and keyed sheets have no rows). */
xc_ruleset *xc_ruleset_parse(const char *text, size_t n, const char *name, const char *base_dir,
                             xc_buf *err);
void xc_ruleset_free(xc_ruleset *rs);

/* The rulesets to check with: the one file `forced` names, or every *.rules
 * of dir in name order.  Returns a malloc'ed array (free each with
 * xc_ruleset_free, then the array); NULL with messages in err when a file
 * does not parse, the folder cannot be read, or it holds no ruleset. */
xc_ruleset **xc_rulesets_load(const char *forced, const char *dir, size_t *n, xc_buf *err);

/* Lookups: index or -1. */
int xc_ruleset_sheet(const xc_ruleset *rs, const char *id);
const xc_spec_row *xc_form_sheet_row(const xc_form_sheet *s, const char *key);
const xc_spec_col *xc_form_sheet_col(const xc_form_sheet *s, const char *short_or_header);
const xc_pattern *xc_ruleset_pattern(const xc_ruleset *rs, const char *name);
const xc_map *xc_ruleset_map(const xc_ruleset *rs, const char *name);

/* Lint: unknown keys, columns and patterns, rules that can never fire, and
 * (builtin_known given: the evaluator's xc_check_builtin_known) built-in
 * checks no evaluator implements.  Appends one line per problem
 * ("file:line:col: warning: …"); returns the count. */
size_t xc_ruleset_lint(const xc_ruleset *rs, bool (*builtin_known)(const char *name), xc_buf *out);

#endif
