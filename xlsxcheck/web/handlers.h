/* handlers.h: the handlers the route table (routes.c) names: pages.c (the
 * pages), api.c (the JSON API), assets.c (the CSS and JavaScript). */
#ifndef XC_WEB_HANDLERS_H
#define XC_WEB_HANDLERS_H
#include "web.h"

int xc_web_home(xc_web_req *r);
int xc_web_check_form(xc_web_req *r);
int xc_web_check_post(xc_web_req *r);
int xc_web_help_form(xc_web_req *r);
int xc_web_help_post(xc_web_req *r);
int xc_web_merge_form(xc_web_req *r);
int xc_web_merge_post(xc_web_req *r);
int xc_web_forms(xc_web_req *r);
int xc_web_template(xc_web_req *r);

int xc_web_healthz(xc_web_req *r);
int xc_web_api_check(xc_web_req *r);
int xc_web_api_explain(xc_web_req *r);
int xc_web_api_annotate(xc_web_req *r);
int xc_web_api_merge(xc_web_req *r);
int xc_web_api_merge_any(xc_web_req *r); /* routes.c */

int xc_web_static(xc_web_req *r);

/* The inputs of a merge: every "file" upload, a zip of workbooks unpacked. */
typedef struct {
  char **paths, **names;
  size_t n;
} xc_web_inputs;
bool xc_web_collect_inputs(const xc_web_req *r, xc_web_inputs *in, xc_buf *err);
void xc_web_inputs_free(xc_web_inputs *in);
/* "bao-cao.xlsx" → "bao-cao_da-kiem-tra.xlsx" */
void xc_web_annotated_name(const char *name, xc_buf *out);

#endif
