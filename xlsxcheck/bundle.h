/* bundle.h: writes the merge's bundle, one zip (libzip):
 *   tong-hop_<tinh>_<ky>.xlsx  the province workbook on the official form,
 *                              with "Chi tiết theo đơn vị" and "Nhật ký lỗi";
 *   nhat-ky-loi.csv            the error log (check --format csv columns);
 *   bao-cao.html               the same for people: units, status, findings;
 *   manifest.json              tool and ruleset versions, every input;
 *   don-vi/<unit>.xlsx         the file of each unit with findings on the
 *                              official form, its findings filled red/yellow
 *                              with comments (every file with all_copies).
 * The province workbook is checked with the scope-P rules before it is
 * written for good, so those findings are in the log too.  The zip is built
 * in a scratch folder and published through outfile.h (symlinks, devices,
 * fsync, atomic rename, write errors); entries are sorted and carry a fixed
 * date, so the same inputs give the same bytes. */
#ifndef XC_BUNDLE_H
#define XC_BUNDLE_H
#include <stdbool.h>

#include "buf.h"
#include "merge.h"
#include "outfile.h"

typedef struct {
  const char *out;        /* -o, or NULL: dist/tong-hop_<tinh>_<ky>.zip */
  const char *rules_dir;  /* the spec of the forms (rulesets/) */
  xc_lang lang;
  const xc_limits *limits;
  int threads;
  bool all_copies;        /* an annotated copy of every readable file, clean ones too */
  xc_cleanup *cleanup;    /* scratch, temporary file and writers, for a signal (or NULL) */
} xc_bundle_opts;

typedef struct {
  char path[3072];  /* the bundle written */
  char xlsx[512];   /* the province workbook's entry name */
  size_t errors, warnings;
  size_t groups;    /* the findings' groups (group.h) */
} xc_bundle_result;

/* false with a message in err (both languages) when no bundle could be written. */
bool xc_bundle_write(xc_merge *mg, const xc_bundle_opts *o, xc_bundle_result *res, xc_errtext *err);

/* One file of the merge (index into mg->files) alone, on the official form
 * with its findings marked, as the bundle's don-vi/<unit>.xlsx: written in
 * this process (no fork), for front ends that annotate a single workbook. */
bool xc_bundle_unit_write(const xc_merge *mg, size_t file, const char *rules_dir, const char *path, xc_lang lang,
                          xc_errtext *err);

#endif
