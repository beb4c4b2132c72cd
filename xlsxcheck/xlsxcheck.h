/* xlsxcheck.h: the public interface of the xlsxcheck library, everything a
 * front end (the command line, the web server) needs and nothing else.
 *
 *   xc_lib        the loaded rulesets and units registry: opened once, then
 *                 shared read-only by any number of threads;
 *   xc_input      one workbook opened from a path or from memory, with the
 *                 same caps, and its identity (form, scope, unit, period);
 *   xc_check      findings as data (xc_diags), appended to a caller's list;
 *   xc_explain_input   the help desk's facts as data (xc_explain);
 *   xc_merge_inputs    N inputs (paths, folders or buffers) merged into the
 *                 province bundle, written to a path or returned in memory;
 *   xc_annotate   one workbook on the official form with its findings
 *                 marked (the bundle's don-vi/<unit>.xlsx), to a path or memory;
 *   xc_registry   a units registry: its units, and which one a text names;
 *   xc_render_*   findings (text, CSV, JSON, HTML), a merge's status page
 *                 parts and explanations into a buffer; xc_check_doc the
 *                 check document (check --format json).
 *
 * The front ends (main.c, the web server's files) include this header and, besides it,
 * only these general utilities (tests/layout fails on any other library
 * header):
 *   buf.h      the growable byte buffer every text is built in;
 *   msg.h      the wording of an error for people (xc_msg_error), a label
 *              in the user's language (xc_msg), xc_errtext;
 *   alloc.h    allocation that says "out of memory" as the library does;
 *   fileio.h   reading a regular file or the standard input whole;
 *   outfile.h  xc_cleanup: the write in progress, removed on a signal;
 *   datadir.h  where the data folder (rulesets/, templates/) is;
 *   json.h     JSON text through jansson (strings repaired to UTF-8);
 *   utf8.h     UTF-8 repair and sequences;
 *   version.h  the program's version.
 *
 * Errors are data: an xc_status (a code of err.h and its message in
 * Vietnamese and English).  The library never prints and keeps no mutable
 * global state: every call is reentrant and safe from several threads at
 * once on different inputs (an xc_input, an xc_diags list or a merge result
 * belongs to one thread at a time; an xc_lib to all of them).
 *
 * Ownership: whatever a call returns through a pointer to pointer is the
 * caller's, freed with the matching *_free (xc_lib_free, xc_input_free,
 * xc_explain_free, xc_merge_result_free, xc_status_clear) or, for rendered
 * buffers and in-memory bundles, with free().  Strings inside a returned
 * object live as long as the object.  Memory given to the library
 * (workbook bytes) is never freed by it and must outlive the object that
 * reads it. */
#ifndef XLSXCHECK_H
#define XLSXCHECK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"    /* xc_diag, xc_diags: findings as data */
#include "err.h"     /* xc_err (codes), xc_lang, xc_error (where a reader error is) */
#include "explain.h" /* xc_fact, xc_explain: facts as data */
#include "zipio.h"   /* xc_limits: caps on every workbook opened */

/* ---- errors as data ------------------------------------------------------ */

typedef struct {
  xc_err code;     /* XC_OK when nothing went wrong */
  xc_error where;  /* the reader's facts: part, line, column, detail */
  char *vi, *en;   /* the message, when it is more than the code's sentence
                      (a ruleset's syntax error, the registry, the merge); or NULL */
} xc_status;

/* Frees the messages and sets XC_OK (a zeroed xc_status is clear). */
void xc_status_clear(xc_status *st);
/* The message in lang: vi/en when set, else the code's sentence. */
const char *xc_status_text(const xc_status *st, xc_lang lang);

/* ---- the library: rulesets and units registry, loaded once ---------------- */

typedef struct xc_lib xc_lib;

typedef struct {
  const char *rulesets_dir; /* the folder of *.rules (NULL: xc_lib_find_rulesets) */
  const char *rules;        /* one ruleset file every workbook is taken as (--rules), or NULL */
  const char *units;        /* the units registry (--units), or NULL: the rulesets' own */
  xc_limits limits;         /* caps on every workbook opened */
  bool reader_only;         /* no rulesets or registry: for dump and info */
  const char *templates;    /* where people find the official blank forms, as explain names
                               it in its steps: a folder or a web path (the server: "/bieu-mau");
                               NULL: the templates/ folder beside the rulesets, made absolute */
} xc_lib_opts;

/* Defaults: no folder or file named, the default caps. */
void xc_lib_opts_default(xc_lib_opts *o);
/* The rulesets folder when none is named: rulesets/ of the data folder
 * (datadir.h: $XLSXCHECK_DATA, beside the executable, the compiled-in
 * folder), or "rulesets". */
void xc_lib_find_rulesets(char *out, size_t cap);
/* Loads the rulesets and their units registries.  NULL with st filled
 * (XC_ERR_RULES: a ruleset does not parse or the folder cannot be read;
 * XC_ERR_RULES_DIR: the folder is not there; the message is the folder). */
xc_lib *xc_lib_open(const xc_lib_opts *o, xc_status *st);
void xc_lib_free(xc_lib *lib);
/* The rulesets folder the library was opened with. */
const char *xc_lib_rulesets_dir(const xc_lib *lib);

/* A ruleset file on its own (the `rules` command): parsed, and with lint
 * its warnings (unknown names, rules that can never fire, built-ins the
 * evaluator lacks), one "file:line:col: warning: …" line each in *report
 * (malloc'ed, free() it; may be NULL).  XC_ERR_RULES with the syntax error
 * in st when it does not parse. */
typedef struct {
  char form_id[256];
  size_t nsheets, nrules;
  size_t warnings;
} xc_rules_info;
xc_err xc_rules_lint(const char *path, bool lint, xc_rules_info *info, char **report, xc_status *st);

/* ---- one workbook ------------------------------------------------------------ */

typedef struct xc_input xc_input;

/* Opens a workbook (package, workbook part, shared strings, styles) under
 * the library's caps; its cells are read when first needed (identify,
 * check).  NULL with st filled (a reader error: st->where says where).
 * name: what findings and messages call the file (NULL: the path). */
xc_input *xc_input_open(const xc_lib *lib, const char *path, const char *name, xc_status *st);
/* The same from memory: data is not copied and must outlive the input. */
xc_input *xc_input_open_mem(const xc_lib *lib, const void *data, size_t len, const char *name,
                            xc_status *st);
void xc_input_free(xc_input *in);

/* Which form, scope, unit and period a workbook is: one decision for every
 * command.  Not recognised: the library has no ruleset forced (--rules) and
 * the workbook has none of the known forms' sheets. */
typedef struct {
  bool recognised;
  const char *form_id, *form_title; /* "" when not recognised */
  unsigned scope;                   /* XC_SCOPE_D (a unit's periodic report) or XC_SCOPE_A (annual) */
  const char *unit_text;            /* the information sheet's unit, as the rules read it, or "" */
  const char *unit_code, *unit_name;/* the registry's code and official name, or "" */
  const char *province_text;        /* as written, or "" */
  const char *period_text, *period; /* as written; canonical ("Quý I/2023"), or "" */
} xc_identity;

/* Identifies the input (once; later calls return the same), reading its
 * cells if not yet read.  Lives as long as the input; NULL with st filled
 * when the cells cannot be read. */
const xc_identity *xc_identify(xc_input *in, xc_status *st);
/* The message of "not recognised" (XC_ERR_FORM_UNKNOWN) for the status. */
void xc_identify_status(const xc_input *in, xc_status *st);

/* Where streamed output goes: false when it cannot be written; len 0 at
 * the end: flush.  xc_write_stdio writes to the FILE * given as ctx. */
#ifndef XC_WRITE_FN_DEFINED
#define XC_WRITE_FN_DEFINED
typedef bool (*xc_write_fn)(void *ctx, const void *data, size_t len);
#endif
bool xc_write_stdio(void *fp, const void *data, size_t len);

/* Every non-empty cell, one line each (sheet<TAB>ref<TAB>type<TAB>value),
 * streamed to write; sheet: only that sheet, or NULL. */
xc_err xc_dump_input(xc_input *in, const char *sheet, xc_write_fn write, void *ctx, xc_status *st);
/* What wrote the workbook, its sheets and cell counts, in lang, streamed to
 * write (what was gathered before a reader error too). */
xc_err xc_info_input(xc_input *in, xc_lang lang, xc_write_fn write, void *ctx, xc_status *st);

/* ---- check and explain ------------------------------------------------------- */

/* Checks a recognised input against its form and appends the findings to
 * out (not sorted: xc_diags_sort once every input is in).  lang: the
 * language of values inside messages.  A reader error, or
 * XC_ERR_FORM_UNKNOWN when the form is not recognised (st filled). */
xc_err xc_check(xc_input *in, xc_lang lang, xc_diags *out, xc_status *st);

/* The help desk's explanation of a file (an unreadable file is explained
 * too: never NULL).  Free with xc_explain_free. */
xc_explain *xc_explain_path(const xc_lib *lib, const char *path, xc_lang lang);
xc_explain *xc_explain_mem(const xc_lib *lib, const void *data, size_t len, const char *name,
                           xc_lang lang);
/* The file at path explained as the file `name` (an upload's original
 * name): the path appears nowhere in it. */
xc_explain *xc_explain_named(const xc_lib *lib, const char *path, const char *name, xc_lang lang);

/* ---- merge ------------------------------------------------------------------- */

typedef struct {
  const char *path;  /* a file or a folder (scanned for spreadsheets), or NULL: data */
  const void *data;  /* a workbook in memory (not copied; must outlive the merge) */
  size_t len;
  const char *name;  /* the name it is known by: a memory input's, or a file's
                        (an upload's original name) in findings, notes and the
                        bundle instead of its path; NULL: the path */
} xc_merge_input;

typedef struct {
  bool strict;       /* files with errors are left out */
  xc_lang lang;      /* the language of the bundle's texts */
  int threads;       /* 0: one per core */
  const char *out;   /* the bundle's path (NULL: dist/tong-hop_<tỉnh>_<kỳ>.zip) */
  bool in_memory;    /* the bundle is returned in the result, no file is left */
  bool all_copies;   /* an annotated copy of every file, clean ones too (else only
                        of the files with findings) */
  /* scratch folder, temporary file and writer processes of the write, for a
   * signal or a failed request (outfile.h), or NULL */
  struct xc_cleanup_s *cleanup;
  /* called as each file has been read and checked, from the reading threads, or NULL */
  void (*progress)(void *ctx, size_t done, size_t total, const char *path);
  void *progress_ctx;
} xc_merge_request;

typedef enum {
  XC_MERGED,             /* merged, no error */
  XC_MERGED_WITH_ERRORS, /* merged and flagged (M-5) */
  XC_LEFT_OUT,           /* read, not merged (--strict, M-1, M-2, M-3, another form) */
  XC_UNREADABLE          /* not a workbook that can be read */
} xc_merge_status;

typedef struct {
  const char *name;          /* as given or found in a folder */
  const char *unit;          /* the registry's official name, else as written, else "?" */
  xc_merge_status status;
  const char *note_vi, *note_en; /* why left out, or "" */
  size_t errors, warnings;   /* its findings (its check and the merge's) */
  const xc_diags *findings;  /* its findings */
  size_t input_index;        /* its place among the files as read (folders expanded) */
} xc_merge_file;

typedef struct {
  bool bundle_written;
  const char *form_id, *form_title, *province, *period; /* "" when no file followed a known form */
  const char *xlsx_name;     /* the province workbook's name in the bundle
                                (tong-hop_<tỉnh>_<kỳ>.xlsx), or "" */
  size_t nmerged, nunits;    /* units merged, units of the registry */
  const xc_merge_file *files; /* in reading order: units with errors, warnings only, clean, left out */
  size_t nfiles;
  const char *const *missing; /* official names of the units with no file (registry order) */
  size_t nmissing;
  size_t errors, warnings;   /* of the whole log (with the province check) */
  const char *path;          /* the bundle written, or "" (in memory) */
  unsigned char *data;       /* in_memory: the bundle's bytes (owned by the result) */
  size_t len;
  struct xc_merge_result_impl *impl;
} xc_merge_result;

/* Reads, checks and merges the inputs, then writes the bundle.  XC_OK and a
 * result with bundle_written; or an error in st (XC_ERR_MERGE_NONE: no file
 * could be merged, the result still lists the files and their findings;
 * XC_ERR_WRITE: the bundle could not be written; XC_ERR_UNITS: no usable
 * registry).  Free the result with xc_merge_result_free in every case. */
xc_err xc_merge_inputs(const xc_lib *lib, const xc_merge_input *inputs, size_t n,
                       const xc_merge_request *rq, xc_merge_result *res, xc_status *st);
void xc_merge_result_free(xc_merge_result *res);
/* The status of a merged file, for people. */
const char *xc_merge_status_text(xc_merge_status st, xc_lang lang);

/* The parts of a merge's status page (what bao-cao.html shows), for a
 * front end's own page around them. */
typedef enum {
  XC_MERGE_PART_OVERVIEW, /* units by status, totals, the rules broken most often */
  XC_MERGE_PART_CHART,    /* errors and warnings per unit (inline SVG) */
  XC_MERGE_PART_STATUS,   /* the units' table, in reading order */
  XC_MERGE_PART_FINDINGS  /* every file's summary and finding groups */
} xc_merge_part;
/* The part as an HTML fragment (report_html.c's classes, xc_render_css);
 * *out malloc'ed, free() it.  XC_ERR_MERGE_NONE when no merge ran. */
xc_err xc_render_merge(const xc_merge_result *res, xc_merge_part part, xc_lang lang, char **out, size_t *len);

/* ---- one workbook annotated -------------------------------------------------- */

/* The input (a file, or a workbook in memory, named by in->name) checked
 * and written on the official form with its findings marked: errors red,
 * warnings yellow, the message as a cell comment, its finding groups in a
 * "Nhật ký lỗi" sheet; the same bytes as its copy in a merge's bundle.
 * To out_path, or (out_path NULL) returned in *data / *len (free()).  An
 * error in st: the file cannot be read or follows no known form
 * (XC_ERR_MERGE_NONE, or the reader's code), or XC_ERR_WRITE. */
xc_err xc_annotate(const xc_lib *lib, const xc_merge_input *in, xc_lang lang, const char *out_path,
                   unsigned char **data, size_t *len, xc_status *st);

/* ---- the forms ------------------------------------------------------------------- */

/* The forms and rules of the rulesets the library was opened with, for a
 * page that lists them (strings live as long as lib). */
typedef struct {
  const char *id, *title; /* the form's id (its template's name) and title */
  const char *file;       /* the ruleset's file name, without its folder */
  size_t nrules;
} xc_form_info;
typedef struct {
  const char *id;          /* BM3-10 */
  bool error;              /* an error (else a warning) */
  const char *msg_vi, *msg_en, *hint_vi, *hint_en; /* templates ({lhs}…); en may be "" */
  const char *sheet;       /* the sheet it looks at (its id's sheet, or its list), or NULL */
  bool unit_file, province_file, annual_file, merging; /* where it applies */
} xc_rule_info;
size_t xc_lib_nforms(const xc_lib *lib);
xc_form_info xc_lib_form(const xc_lib *lib, size_t form);
xc_rule_info xc_lib_rule(const xc_lib *lib, size_t form, size_t rule);

/* ---- a units registry ---------------------------------------------------------- */

typedef struct xc_registry xc_registry;
typedef struct {
  const char *code, *name, *slug; /* the registry's code, official name, file name */
} xc_registry_unit;

/* Loads and validates a registry (a .tsv of rulesets/units/); NULL with st
 * filled (the file and line, in both languages). */
xc_registry *xc_registry_open(const char *path, xc_status *st);
void xc_registry_free(xc_registry *reg);
size_t xc_registry_size(const xc_registry *reg);
/* The i-th unit (registry order). */
xc_registry_unit xc_registry_get(const xc_registry *reg, size_t i);
/* Which unit a text names, whatever its spelling ("UBND huyện Đăk Hà",
 * "Dak Ha"): true with *index, false when none or more than one. */
bool xc_registry_find(const xc_registry *reg, const char *text, size_t *index);

/* The canonical period a text names ("quý 1 năm 2023" → "Quý I/2023")
 * into out; false when it names none (units.c). */
bool xc_period_canonical(const char *s, size_t n, xc_buf *out);
/* The key texts are matched by (NFC, case and diacritics folded, spaces
 * collapsed) into out; false when s is not valid UTF-8 (textkey.c). */
bool xc_match_key_folded(const char *s, size_t n, xc_buf *out);

/* ---- rendering ----------------------------------------------------------------- */

typedef enum {
  XC_RENDER_TEXT,          /* for people, grouped by file */
  XC_RENDER_CSV,           /* the error log (UTF-8 with BOM) */
  XC_RENDER_JSON,
  XC_RENDER_HTML,          /* a whole page (check --format html) */
  XC_RENDER_HTML_FRAGMENT, /* per file its summary and finding groups, to put in a page */
  XC_RENDER_HTML_GROUPS    /* the finding groups alone (one file's), to put in a page */
} xc_render_format;

/* Findings (sorted) in fmt (the one reporter: report.c, report_html.c);
 * *out is malloc'ed (NUL-terminated), free() it. */
xc_err xc_render_findings(const xc_diags *d, xc_render_format fmt, xc_lang lang, char **out,
                          size_t *len);
/* The stylesheet of the HTML fragments (classes xc-*). */
const char *xc_render_css(void);

/* The check document (check --format json, json-schema/check.schema.json):
 * one object per file, with its findings. */
typedef struct {
  const char *name;                 /* as named ("-": standard input) */
  const char *form_id, *form_title; /* "" when the form is not known */
  const char *unit_code, *unit_name, *unit_text;
  const char *period;               /* canonical, or "" */
  xc_err error;                     /* XC_OK when read; else why not */
  const char *error_text;           /* the message for error, in the language (NULL: xc_strerror) */
} xc_check_file;
typedef struct xc_check_doc xc_check_doc;
xc_check_doc *xc_check_doc_new(void); /* NULL: out of memory */
/* Appends a file with its findings (those of this file only); false when
 * memory runs out. */
bool xc_check_doc_add(xc_check_doc *doc, const xc_check_file *f, const xc_diags *findings, xc_lang lang);
/* The document, indented; *out malloc'ed (free()); false when memory runs out. */
bool xc_check_doc_render(const xc_check_doc *doc, char **out, size_t *len);
void xc_check_doc_free(xc_check_doc *doc);

/* An explanation as text or JSON; *out as above. */
xc_err xc_render_explain(const xc_explain *x, xc_render_format fmt, xc_lang lang, char **out,
                         size_t *len);

#endif
