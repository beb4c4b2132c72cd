/* zipio.h: the container.  Recognises what a file really is before
 * treating it as a ZIP (legacy .xls, encrypted workbook, HTML, text),
 * opens it read-only with libzip, finds parts by name (tolerating
 * backslashes, a leading slash and case), and streams a part in chunks
 * under size and compression-ratio caps. */
#ifndef XC_ZIPIO_H
#define XC_ZIPIO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Figures for whoever measures the program (bench/): one line at a time,
 * without its newline, given to the caller's function (the library never
 * prints); ctx is the caller's.  What is asked for: */
typedef void (*xc_trace_fn)(void *ctx, const char *line);
enum {
  XC_TRACE_TIMING = 1u, /* the merge's phases: wall and CPU time, peak memory, bytes kept */
  XC_TRACE_SPLIT = 2u   /* the split reader: slices and cells of each part */
};

typedef struct {
  uint64_t max_part;  /* uncompressed bytes of one part */
  uint64_t max_total; /* uncompressed bytes read from the whole package */
  double max_ratio;   /* uncompressed / compressed, checked past 4 MiB */
  /* the split reader (sheetsplit.c): worker threads besides the caller's
   * (0: every sheet read serially), the part size from which a sheet is
   * split, the size of a slice */
  int split_workers;
  uint64_t split_min_part;
  size_t split_slice;
  /* the figures asked for (XC_TRACE_* bits; 0: none) and where they go */
  unsigned trace_what;
  xc_trace_fn trace;
  void *trace_ctx;
} xc_limits;

/* The default caps; the split reader's settings: one worker per other core
 * (at most 3) from 8 MiB parts in 512 KiB slices, or as the environment
 * says (XLSXCHECK_SPLIT=0 off, XLSXCHECK_SPLIT_MIN, _SLICE); no trace. */
void xc_limits_default(xc_limits *l);
/* Whether l asks for the figures `what`; xc_trace formats one line and
 * gives it to l's trace function (nothing when not asked for). */
bool xc_tracing(const xc_limits *l, unsigned what);
void xc_trace(const xc_limits *l, unsigned what, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* What a file's first bytes say it is. */
typedef enum {
  XC_KIND_ZIP,
  XC_KIND_EMPTY,
  XC_KIND_OLE,       /* compound file: legacy .xls (or another Office 97 file) */
  XC_KIND_ENCRYPTED, /* compound file holding an encrypted OOXML package */
  XC_KIND_HTML,
  XC_KIND_XML,  /* an Excel 2003 XML spreadsheet (other XML counts as text) */
  XC_KIND_TEXT, /* CSV or plain text */
  XC_KIND_BINARY
} xc_file_kind;

xc_file_kind xc_sniff(const unsigned char *head, size_t n, const unsigned char *whole,
                      size_t whole_n);
const char *xc_file_kind_name(xc_file_kind k);

typedef struct xc_zip xc_zip;

/* Opens path read-only.  On failure returns NULL and fills e (the code says
 * what the file is when it is not a ZIP).  Free with xc_zip_close. */
xc_zip *xc_zip_open(const char *path, const xc_limits *lim, xc_error *e);
/* Opens a package held in memory (not copied: it must outlive the xc_zip). */
xc_zip *xc_zip_open_mem(const void *data, size_t n, const xc_limits *lim, xc_error *e);
void xc_zip_close(xc_zip *z);

/* Entry index of a part name ("xl/workbook.xml"), or -1. */
int64_t xc_zip_find(const xc_zip *z, const char *name);
uint64_t xc_zip_count(const xc_zip *z);
/* The package's size in bytes (for caps relative to the input). */
uint64_t xc_zip_file_size(const xc_zip *z);
/* The part's name as normalised (forward slashes, no leading slash). */
const char *xc_zip_name(const xc_zip *z, uint64_t index);
uint64_t xc_zip_size(const xc_zip *z, uint64_t index);

/* Streams a part: sink(ctx, data, n) is called with chunks; a non-XC_OK
 * return stops reading and is returned.  Enforces the limits. */
typedef xc_err (*xc_zip_sink)(void *ctx, const char *data, size_t n, bool last);
xc_err xc_zip_stream(xc_zip *z, const char *name, xc_zip_sink sink, void *ctx, xc_error *e);

#endif
