/* routes.c: every address the server answers, method and path to handler.
 * A request for a path listed here with another method gets 405 (with Allow),
 * any other path 404.  To add a page: write `int handler(xc_web_req *r)` (see
 * web.h), declare it in a header, add its line here. */
#include "handlers.h"
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
    {"POST", "/api/merge", xc_web_api_merge, XC_WEB_UPLOAD},
    {0, 0, 0, 0},
};
