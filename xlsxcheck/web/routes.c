/* routes.c: every address the server answers, method and path to handler.
 * A request for a path listed here with another method gets 405 (with Allow),
 * any other path 404.  To add a page: write `int handler(xc_web_req *r)` (see
 * web.h), declare it in a header, add its line here. */
#include "handlers.h"
#include "submit.h"
#include "web.h"

const xc_web_route xc_web_routes[] = {
    {"GET", "/", xc_web_home, 0},
    {"GET", "/kiem-tra", xc_web_check_form, 0},
    {"POST", "/kiem-tra", xc_web_check_post, XC_WEB_UPLOAD},
    {"GET", "/ho-tro", xc_web_help_form, 0},
    {"POST", "/ho-tro", xc_web_help_post, XC_WEB_UPLOAD},
    {"GET", "/tong-hop", xc_web_merge_form, 0},
    {"POST", "/tong-hop", xc_web_merge_post, XC_WEB_UPLOAD},
    {"GET", "/bieu-mau", xc_web_forms, 0},
    {"GET", "/bieu-mau/", xc_web_template, XC_WEB_PREFIX},
    {"GET", "/static/", xc_web_static, XC_WEB_PREFIX},
    {"GET", "/healthz", xc_web_healthz, 0},
    {"POST", "/api/check", xc_web_api_check, XC_WEB_UPLOAD},
    {"POST", "/api/explain", xc_web_api_explain, XC_WEB_UPLOAD},
    {"POST", "/api/annotate", xc_web_api_annotate, XC_WEB_UPLOAD},
    {"POST", "/api/merge", xc_web_api_merge_any, XC_WEB_UPLOAD},
    /* submissions (submit.c) */
    {"GET", "/nop-bao-cao", xc_submit_login_page, 0},
    {"POST", "/nop-bao-cao", xc_submit_upload_post, XC_WEB_UPLOAD},
    {"GET", "/nop-bao-cao/", xc_submit_item_page, XC_WEB_PREFIX},
    {"POST", "/dang-nhap", xc_submit_login_post, 0},
    {"POST", "/dang-xuat", xc_submit_logout_post, 0},
    {"GET", "/so-noi-vu", xc_submit_dashboard, 0},
    {"GET", "/so-noi-vu.csv", xc_submit_dashboard_csv, 0},
    {"POST", "/so-noi-vu/tong-hop", xc_submit_merge_post, 0},
    {"GET", "/so-noi-vu/tong-hop/", xc_submit_merge_page, XC_WEB_PREFIX},
    {"POST", "/api/login", xc_submit_api_login, 0},
    {"POST", "/api/logout", xc_submit_api_logout, 0},
    {"POST", "/api/submissions", xc_submit_api_upload, XC_WEB_UPLOAD},
    {"GET", "/api/submissions", xc_submit_api_list, 0},
    {"GET", "/api/submissions/", xc_submit_api_item, XC_WEB_PREFIX},
    {"GET", "/api/dashboard", xc_submit_api_dashboard, 0},
    {0, 0, 0, 0},
};

/* POST /api/merge: with ?period=P the stored submissions of that period
 * (the Sở's session, submit.c); without it the files sent with the request. */
int xc_web_api_merge_any(xc_web_req *r) {
  return xc_web_query(r, "period") ? xc_submit_api_merge(r) : xc_web_api_merge(r);
}
