/* report.h: the one reporter of findings: text for people (grouped by file,
 * then finding groups, group.h), CSV for Excel (the error log: UTF-8 with BOM, RFC 4180), and
 * JSON for tools.  All three carry the same fields. */
#ifndef XC_REPORT_H
#define XC_REPORT_H
#include <stdbool.h>

#include "buf.h"
#include "diag.h"
#include "err.h"
#include "group.h"

/* HTML: one self-contained page (report_html.h's fragments and stylesheet). */
typedef enum { XC_FMT_TEXT_OUT, XC_FMT_CSV, XC_FMT_JSON, XC_FMT_HTML } xc_report_format;

/* The CSV header line (without BOM or line end). */
#define XC_CSV_HEADER "file,unit,sheet,cell,key,rule,severity,message,expected,actual,hint,group"

/* Appends the findings in fmt to out. */
void xc_report(xc_buf *out, const xc_diags *d, xc_report_format fmt, xc_lang lang);
/* The columns of a finding, in the order of XC_CSV_HEADER (the CSV, the JSON
 * and the bundle's "Nhật ký lỗi" sheet all use them); severity as "error" /
 * "warning" when machine, else in the language. */
#define XC_DIAG_NFIELDS 12
/* The columns' names (the CSV header, the JSON fields). */
extern const char *const xc_diag_field_names[XC_DIAG_NFIELDS];
/* group: room for the finding's group id (xc_diag_group_id), the last column. */
void xc_diag_fields(const xc_diag *d, xc_lang lang, bool machine, char group[XC_GROUP_ID_MAX],
                    const char *out[XC_DIAG_NFIELDS]);
/* One finding as a jansson object with the fields xc_diag_field_names; NULL when memory runs out. */
#include <jansson.h>
json_t *xc_diag_json(const xc_diag *d, xc_lang lang);
/* The HTML page into a buffer. */
void xc_report_html_buf(xc_buf *out, const xc_diags *d, xc_lang lang);
/* CSV into a buffer (the merge bundle's nhat-ky-loi.csv). */
void xc_report_csv_buf(xc_buf *out, const xc_diags *d, xc_lang lang);

#endif
