/* merge.h: the province merge.  Every input file is read and checked exactly
 * as `check` does (two worker threads); of each file only what the merge
 * needs is kept: its unit, period and province, the keyed values and list
 * rows (as the rules read them, and as stored, to write the file again on
 * the official form), and its findings placed on form cells.  Then the set
 * is checked (M-1 … M-5 of relations.md), and the keyed rows are combined by
 * the forms' `agg` column (README §3.2 of the forms contract).  Writing the
 * bundle is bundle.c's job. */
#ifndef XC_MERGE_H
#define XC_MERGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "diag.h"
#include "formwrite.h"
#include "msg.h"
#include "ruleset.h"
#include "units.h"
#include "workbook.h"
#include "xlsxcheck.h"

/* The sheets the province workbook has besides the form's ("Tổng quan"
 * first, the others after the form's). */
#define XC_MERGE_OVERVIEW_SHEET "Tổng quan"
#define XC_MERGE_DETAIL_SHEET "Chi tiết theo đơn vị"
#define XC_MERGE_LOG_SHEET "Nhật ký lỗi"
#define XC_MERGE_RANK_SHEET "Xếp hạng"

typedef enum {
  XC_ST_MERGED,        /* merged, no error */
  XC_ST_MERGED_ERRORS, /* merged and flagged (M-5) */
  XC_ST_LEFT_OUT,      /* read, but not merged (--strict, M-1, M-2, M-3, another form) */
  XC_ST_UNREADABLE     /* not a workbook we can read */
} xc_file_status;

/* A cell of a unit's file: as the rules read it, and as stored. */
typedef struct {
  xc_rval v;
  xc_fw_type raw;  /* BLANK, NUMBER (number) or TEXT (text) */
  double number;
  const char *text;
} xc_ucell;

/* A detail-list cell of a unit's file, compact (a national merge keeps
 * millions of them): what an xc_ucell says, in half the bytes. */
typedef struct {
  int64_t m;            /* NUM: the mantissa; DATE: days since 1970-01-01 */
  const char *text;     /* TEXT: as the rules read it */
  const char *raw_text; /* raw TEXT: as stored (the same pointer when equal) */
  double number;        /* raw NUMBER */
  int32_t e;            /* NUM: the exponent */
  int16_t decimals;     /* NUM: as displayed */
  uint8_t kind;         /* xc_rval_kind */
  uint8_t raw;          /* xc_fw_type */
} xc_lcell;

/* The list cell as an xc_ucell (its texts point into the file's arena). */
void xc_lcell_get(const xc_lcell *l, xc_ucell *out);

/* A finding placed on the form: keyed row (spec index) or list data row. */
typedef struct {
  int sheet;       /* ruleset sheet */
  size_t row;      /* keyed: spec row; list: data row (0-based) */
  unsigned col;    /* 0-based column of the form (D = 3; lists: spec column) */
  xc_severity severity;
  const char *msg; /* "RULE: message" */
} xc_umark;

typedef struct {
  const char *path;   /* as named on the command line (or found in a folder; a memory input's name) */
  const void *data;   /* a memory input's bytes (not owned), or NULL: read path */
  size_t data_len;
  uint64_t size;
  char sha256[65];
  const xc_ruleset *rs; /* the form it follows, or NULL */
  bool readable;
  int unit;           /* index into the registry, or -1 */
  const char *unit_text, *province_text, *period_text; /* as written ("" when blank) */
  const char *period; /* canonical ("Quý I/2023"), or "" */
  xc_file_status status;
  const char *note_vi, *note_en; /* why left out, or "" */
  size_t errors, warnings;       /* of its own check */
  /* values: keyed sheets [sheet][spec row * kcols[sheet] + k]; lists [sheet][row * ncols + c] */
  xc_ucell **keyed;
  xc_lcell **lists;
  size_t *list_rows;
  xc_umark *marks;
  size_t nmarks;
  xc_diags diags;     /* its findings (check, then the merge's own) */
  const char *copy;   /* the bundle's entry of its annotated copy ("don-vi/….xlsx"),
                         or NULL: none (set by the bundle; a clean file gets none) */
  xc_arena arena;
  bool nomem;         /* memory ran out while it was read: the merge fails (XC_ERR_NOMEM) */
} xc_unit_file;

typedef struct {
  xc_ruleset *const *rulesets; /* the known forms (not owned) */
  size_t nrulesets;
  bool forced;            /* rulesets[0] was named (--rules): every file is taken as it */
  const xc_units *units;  /* the units registry (not owned) */
  const char *units_path; /* its file */
  bool strict;
  xc_lang lang;
  const xc_limits *limits;
  int threads;            /* 0: as many as cores, at most 2 per core … capped at 8 */
  /* called as each file has been read and checked (done of total), from the
   * reading threads (at once from several: the callee serialises); or NULL */
  void (*progress)(void *ctx, size_t done, size_t total, const char *path);
  void *progress_ctx;
} xc_merge_opts;

/* The PAR-index ranking (chi-so-cchc): one line per merged unit. */
/* The status of a file, for people. */
const char *xc_merge_status_name(xc_file_status st, xc_lang lang);
/* The words for a clean file, which gets no annotated copy. */
const char *xc_merge_no_copy_note(xc_lang lang);

typedef struct {
  size_t file;             /* index into files */
  xc_dec max, self, appraisal, index; /* index = appraisal / max × 100, 2 decimals */
  bool has_index;
  size_t rank;             /* 1 = best; ties share a rank */
  xc_dec *fields;          /* appraisal of each level-1 criterion (nfields) */
  bool *has_field;
} xc_rank_line;

typedef struct xc_merge_s {
  const xc_ruleset *rs;    /* the form merged */
  xc_ruleset *const *rulesets; /* not owned */
  size_t nrulesets;
  const xc_units *units;   /* not owned */
  const xc_units **registries; /* units, once per ruleset (for identify) */
  const char *units_path;  /* its file */
  xc_unit_file *files;
  size_t nfiles;
  size_t nmerged;          /* @n */
  size_t *order;           /* merged files in registry order */
  /* per registry unit: the file merged for it, or -1 */
  long *unit_file;
  const char *province;    /* "Kon Tum" */
  const char *period;      /* canonical period of the merge, or "" */
  /* province values: [sheet][spec row] (keyed sheets; column D) */
  xc_ucell **prov;
  bool **computed;         /* the row's agg is recomputed (sum, ratio, …): M-7 */
  xc_dec **unit_max;       /* distinct rows: the largest unit value (M-6) */
  bool **has_max;
  /* the kept value columns of each keyed sheet (1-based workbook columns) */
  uint32_t **kcolno;
  size_t *kcols;
  /* the PAR-index form: the criteria sheet, its level-1 rows, the ranking */
  int cs_sheet;            /* -1 when the form has no criteria sheet */
  size_t *fields;          /* spec rows of the level-1 criteria */
  size_t nfields;
  xc_rank_line *ranking;   /* nmerged lines, best first */
  /* set by the bundle when a concatenated list is longer than a sheet
   * holds: which lists continue on which sheets (for Thông tin and the page) */
  const char *split_vi, *split_en;
  xc_diags log;            /* every finding: files' and the merge's, sorted */
  xc_merge_view view;      /* for the province-scope check */
  xc_arena arena;
  bool nomem;              /* memory ran out: the merge failed (err->nomem set) */
} xc_merge;

/* The merge options over a library's rulesets and registry (lib.c), for
 * front ends that need the xc_merge itself; false (why in err) when the
 * library has no units registry. */
struct xc_lib;
bool xc_lib_merge_opts(const struct xc_lib *lib, xc_lang lang, bool strict, xc_merge_opts *out, xc_errtext *err);

/* Reads, checks and merges the inputs (files, folders, or workbooks in
 * memory).  false (with a message in err, both languages) only when no merge is possible at
 * all (no file of a known form); files that cannot be read are recorded,
 * not fatal. */
bool xc_merge_run(xc_merge *mg, const xc_merge_input *inputs, size_t ninputs, const xc_merge_opts *o,
                  xc_errtext *err);
void xc_merge_free(xc_merge *mg);

/* The mean (2 decimals) of the merged units' numbers in column colno of a
 * keyed row; false when none has one. */
bool xc_merge_mean(const xc_merge *mg, int sheet, size_t spec, uint32_t colno, xc_dec *out);

/* Index of the kept column with 1-based workbook column colno, or -1. */
int xc_merge_kcol(const xc_merge *mg, int sheet, uint32_t colno);

/* The SHA-256 of a file, in hex; false when it cannot be opened. */
bool xc_sha256_file(const char *path, char hex[65], uint64_t *size);

/* What the bundle holds of a file's annotated copy: its entry name, the
 * words of a clean file (xc_merge_no_copy_note), or "" (unreadable, another
 * form). */
const char *xc_merge_copy_text(const xc_merge *mg, const xc_unit_file *f, xc_lang lang);

#endif
