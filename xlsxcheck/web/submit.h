/* submit.h: submissions on the web server: login and sessions, the
 * district's "Nộp báo cáo" pages, the Sở's dashboard and merge, and their
 * JSON API (submit.c), over the store (store.h) and access (auth.h).
 *
 * Pages: /nop-bao-cao (log in; upload; own submissions), /nop-bao-cao/ID
 * (a submission's findings), /nop-bao-cao/ID/tep (its file), /so-noi-vu
 * (the dashboard), /so-noi-vu.csv, /so-noi-vu/tong-hop (merge) and
 * /so-noi-vu/tong-hop/ID (a stored bundle).  API: /api/login, /api/logout,
 * /api/submissions, /api/submissions/ID/file, /api/dashboard, and
 * /api/merge?period=P.  Every POST but the logins needs the session's CSRF
 * token (header X-CSRF-Token or form field csrf): else 403; no session: 401. */
#ifndef XC_WEB_SUBMIT_H
#define XC_WEB_SUBMIT_H
#include <stdbool.h>

#include "web.h"

/* Opens the store in the server's data folder and loads the units registry
 * (into the store too, when it has no units yet).  false after a message
 * on stderr. */
bool xc_submit_init(const xc_web_config *cfg);
void xc_submit_free(void);

int xc_submit_login_page(xc_web_req *r);   /* GET  /nop-bao-cao */
int xc_submit_login_post(xc_web_req *r);   /* POST /dang-nhap */
int xc_submit_logout_post(xc_web_req *r);  /* POST /dang-xuat */
int xc_submit_upload_post(xc_web_req *r);  /* POST /nop-bao-cao */
int xc_submit_item_page(xc_web_req *r);    /* GET  /nop-bao-cao/ID, /nop-bao-cao/ID/tep */
int xc_submit_dashboard(xc_web_req *r);    /* GET  /so-noi-vu */
int xc_submit_dashboard_csv(xc_web_req *r);/* GET  /so-noi-vu.csv */
int xc_submit_merge_post(xc_web_req *r);   /* POST /so-noi-vu/tong-hop */
int xc_submit_merge_page(xc_web_req *r);   /* GET  /so-noi-vu/tong-hop/ID, …/ID/tep */

int xc_submit_api_login(xc_web_req *r);        /* POST /api/login */
int xc_submit_api_logout(xc_web_req *r);       /* POST /api/logout */
int xc_submit_api_upload(xc_web_req *r);       /* POST /api/submissions */
int xc_submit_api_list(xc_web_req *r);         /* GET  /api/submissions */
int xc_submit_api_item(xc_web_req *r);         /* GET  /api/submissions/ID[/file] */
int xc_submit_api_dashboard(xc_web_req *r);    /* GET  /api/dashboard?period=P */
int xc_submit_api_merge(xc_web_req *r);        /* POST /api/merge?period=P[&strict=1] */
#endif
