/* submit.c: submissions on the web server (submit.h): login, the district's
 * upload and findings pages, the Sở's dashboard, CSV and merge, and the
 * JSON API over them.  Findings are rendered by report_html.c and files
 * checked and merged through engine.c, as every other page does. */
#include "submit.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../xlsxcheck.h"
#include "auth.h"
#include "engine.h"
#include "store.h"
#include "submitcli.h"

#define T(vi, en) xc_web_t(r, vi, en)
#define COOKIE "xlsxcheck_session"

/* Set once by xc_submit_init before the server takes requests, then only read. */
static xc_store *store;
static xc_registry *registry;

bool xc_submit_init(const xc_web_config *cfg) {
  xc_buf err;
  xc_buf_init(&err, 0);
  store = xc_store_open(cfg->data_dir, &err);
  if (!store) {
    fprintf(stderr, "xlsxcheck serve: %s: %s\n", cfg->data_dir, xc_buf_str(&err));
    xc_buf_free(&err);
    return false;
  }
  xc_store_clean_incoming(store); /* what a killed server left half written */
  /* the registry: $XLSXCHECK_UNITS, else the one `codes` issued codes for,
   * else the one of the server's rulesets */
  char path[PATH_MAX], rdir[PATH_MAX + 16];
  const char *env = getenv("XLSXCHECK_UNITS");
  xc_buf saved;
  xc_buf_init(&saved, 0);
  snprintf(rdir, sizeof rdir, "%s/rulesets", cfg->share_dir);
  if (env && *env) snprintf(path, sizeof path, "%s", env);
  else if (xc_store_get_setting(store, "units_registry", &saved, &err) == XC_STORE_OK && access(xc_buf_str(&saved), R_OK) == 0)
    snprintf(path, sizeof path, "%s", xc_buf_str(&saved));
  else if (!xc_cli_units_in(rdir, path, sizeof path)) {
    fprintf(stderr, "xlsxcheck serve: %s/units: không có đúng một danh mục đơn vị / no single units registry (XLSXCHECK_UNITS=FILE)\n", rdir);
    xc_store_close(store);
    store = NULL;
    xc_buf_free(&saved);
    xc_buf_free(&err);
    return false;
  }
  xc_buf_free(&saved);
  xc_status st = {0};
  registry = xc_registry_open(path, &st);
  if (!registry) {
    fprintf(stderr, "xlsxcheck serve: %s\n", xc_status_text(&st, XC_LANG_VI)); /* the registry's file and line */
    xc_status_clear(&st);
    xc_buf_free(&err);
    return false;
  }
  xc_store_unit *units;
  size_t n;
  if (xc_store_list_units(store, &units, &n, &err) == XC_STORE_OK && n == 0)
    for (size_t i = 0; i < xc_registry_size(registry); i++)
      xc_store_set_unit(store, xc_registry_get(registry, i).code, xc_registry_get(registry, i).name, (int)i, &err);
  free(units);
  xc_buf_free(&err);
  return true;
}

void xc_submit_free(void) {
  xc_store_close(store);
  store = NULL;
  xc_registry_free(registry);
  registry = NULL;
}

/* ---- small helpers ------------------------------------------------------- */

static void client_address(const xc_web_req *r, char *out, size_t cap) {
  snprintf(out, cap, "%s", r->address[0] ? r->address : "?");
}

static void iso_time(int64_t t, char *out, size_t cap) {
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The time as people read it: "07/12/2026 20:41" (UTC+7, Vietnam). */
static void local_time(int64_t t, char *out, size_t cap) {
  time_t tt = (time_t)(t + 7 * 3600);
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, cap, "%d/%m/%Y %H:%M", &tm);
}

static const char *unit_name(const char *code) {
  for (size_t i = 0; i < xc_registry_size(registry); i++)
    if (strcmp(xc_registry_get(registry, i).code, code) == 0) return xc_registry_get(registry, i).name;
  return code;
}

/* "Quý I/2023" -> "quy-i-2023", for file names. */
static void slug(const char *s, xc_buf *out) {
  xc_buf tmp, key;
  xc_buf_init(&tmp, 0);
  xc_buf_init(&key, 0);
  for (const char *p = s; *p; p++) xc_buf_addc(&tmp, *p == '/' ? ' ' : *p);
  xc_match_key_folded(tmp.data ? tmp.data : "", tmp.len, &key);
  for (size_t i = 0; i < key.len; i++) {
    char c = key.data[i];
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) xc_buf_addc(out, c);
    else if (out->len && out->data[out->len - 1] != '-') xc_buf_addc(out, '-');
  }
  while (out->len && out->data[out->len - 1] == '-') out->data[--out->len] = '\0';
  if (!out->len) xc_buf_adds(out, "ky");
  xc_buf_free(&tmp);
  xc_buf_free(&key);
}

static int send_json(xc_web_req *r, unsigned status, json_t *j) {
  char *text = json_dumps(j, JSON_COMPACT);
  json_decref(j);
  if (!text) return xc_web_json_error(r, 503, "memory", "out of memory");
  int rc = xc_web_send(r, status, "application/json; charset=utf-8", text, strlen(text));
  free(text);
  return rc;
}

static json_t *submission_json(const xc_submission *s) {
  char t[32];
  iso_time(s->time, t, sizeof t);
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)s->id,
                   "sha256", s->sha256, "unit", s->unit, "unit_name", unit_name(s->unit), "period", s->period,
                   "version", (json_int_t)s->version, "errors", (json_int_t)s->errors, "warnings",
                   (json_int_t)s->warnings, "status", s->status, "name", s->name, "size", (json_int_t)s->size,
                   "time", t);
}

static int store_failed(xc_web_req *r, xc_store_rc rc, const xc_buf *err) {
  fprintf(stderr, "xlsxcheck serve: store: %s\n", xc_buf_str(err));
  if (rc == XC_STORE_NOSPACE)
    return xc_web_error(r, 507, "disk_full",
                        "Máy chủ đã hết chỗ lưu trữ nên chưa lưu được bản nộp này (không có gì bị lưu dở). "
                        "Hãy báo Sở Nội vụ và nộp lại sau.",
                        "The server has run out of storage, so this submission was not saved (nothing was half "
                        "saved). Tell the Sở Nội vụ and submit again later.");
  return xc_web_error(r, 503, "store", "Máy chủ tạm thời không lưu được dữ liệu. Thử lại sau ít phút.",
                      "The server cannot save data right now. Try again in a few minutes.");
}

/* The findings, grouped, by the one HTML renderer (report_html.c). */
static void findings_html(xc_buf *b, const xc_web_req *r, const xc_diags *d) {
  xc_web_findings_groups(d, r->lang, b);
}

/* The page, then its buffer freed. */
static int send_page(xc_web_req *r, unsigned status, xc_buf *b) {
  int rc = xc_web_page_send(r, status, b);
  xc_buf_free(b);
  return rc;
}

/* ---- sessions --------------------------------------------------------------- */

static bool session_of(xc_web_req *r, xc_session *s) {
  const char *tok = xc_web_cookie(r, COOKIE);
  xc_buf err;
  xc_buf_init(&err, 0);
  bool ok = tok && xc_auth_session(store, tok, s, &err) == XC_STORE_OK;
  xc_buf_free(&err);
  return ok;
}

/* The session, checked: false when the answer was sent (*rc): 401 without a
 * session, 403 on a POST without the session's CSRF token, 403 when
 * admin_only and the session is a unit's. */
static bool guard(xc_web_req *r, xc_session *s, bool admin_only, int *rc) {
  if (!session_of(r, s)) {
    *rc = xc_web_error(r, 401, "no_session", "Cần đăng nhập trước (trang Nộp báo cáo).",
                       "Log in first (the Submit page).");
    return false;
  }
  if (strcmp(r->method, "POST") == 0) {
    const char *given = xc_web_header_in(r, "X-CSRF-Token");
    if (!given) given = xc_web_field_get(r, "csrf");
    if (!xc_auth_csrf_ok(s, given)) {
      *rc = xc_web_error(r, 403, "csrf", "Yêu cầu thiếu mã chống giả mạo (CSRF) của phiên. Tải lại trang rồi thử lại.",
                         "The request lacks the session's anti-forgery (CSRF) token. Reload the page and try again.");
      return false;
    }
  }
  if (admin_only && strcmp(s->principal, "admin") != 0) {
    *rc = xc_web_error(r, 403, "admin_only", "Chỉ Sở Nội vụ xem được trang này.", "Only the Sở Nội vụ may see this.");
    return false;
  }
  return true;
}

static void set_cookie(xc_web_req *r, const xc_session *s) {
  char c[256];
  /* behind a TLS proxy (README: nginx, Apache) the cookie is for HTTPS only */
  const char *proto = xc_web_header_in(r, "X-Forwarded-Proto");
  const char *secure = proto && strcasecmp(proto, "https") == 0 ? "; Secure" : "";
  if (s)
    snprintf(c, sizeof c, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", COOKIE, s->token,
             XC_AUTH_SESSION_SECONDS, secure);
  else
    snprintf(c, sizeof c, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", COOKIE, secure);
  xc_web_add_header(r, "Set-Cookie", c);
}

static void csrf_input(xc_buf *b, const xc_session *s) {
  xc_web_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", s->csrf);
}

/* ---- login -------------------------------------------------------------------- */

static xc_login_rc do_login(xc_web_req *r, const char *unit, const char *secret, xc_session *s) {
  char addr[64];
  client_address(r, addr, sizeof addr);
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_login_rc rc = xc_auth_login(store, unit, secret, addr, 0, s, &err);
  if (rc == XC_LOGIN_FAIL) fprintf(stderr, "xlsxcheck serve: login: %s\n", xc_buf_str(&err));
  xc_buf_free(&err);
  return rc;
}

static void retry_header(xc_web_req *r, const xc_session *s) {
  char v[32];
  snprintf(v, sizeof v, "%lld", (long long)(s->retry_after > 0 ? s->retry_after : 60));
  xc_web_add_header(r, "Retry-After", v);
}

int xc_submit_api_login(xc_web_req *r) {
  json_error_t je;
  json_t *in = r->body_len ? json_loadb(r->body, r->body_len, 0, &je) : NULL;
  const char *unit = NULL, *secret = NULL;
  if (in && json_unpack(in, "{s:s, s:s}", "unit", &unit, "secret", &secret) != 0) unit = secret = NULL;
  if (!unit || !secret || strlen(unit) > 31 || strlen(secret) > 1000) {
    json_decref(in);
    return xc_web_json_error(r, 400, "bad_request", xc_web_t(r, "Cần JSON {\"unit\": \"608\", \"secret\": \"…\"}.",
                                                             "Expected JSON {\"unit\": \"608\", \"secret\": \"…\"}."));
  }
  xc_session s;
  xc_login_rc rc = do_login(r, unit, secret, &s);
  json_decref(in);
  switch (rc) {
  case XC_LOGIN_OK:
    set_cookie(r, &s);
    return send_json(r, 200, json_pack("{s:s, s:s}", "csrf", s.csrf, "unit", s.principal));
  case XC_LOGIN_WRONG:
    return xc_web_json_error(r, 401, "wrong_secret", T("Sai mã đơn vị hoặc mã truy cập.", "Wrong unit or access code."));
  case XC_LOGIN_LOCKED:
    retry_header(r, &s);
    return xc_web_json_error(r, 429, "too_many_attempts",
                             T("Đăng nhập sai quá nhiều lần; thử lại sau ít phút.", "Too many failed logins; try again in a few minutes."));
  default:
    return xc_web_json_error(r, 503, "store", T("Máy chủ tạm thời không đăng nhập được.", "The server cannot log in right now."));
  }
}

int xc_submit_api_logout(xc_web_req *r) {
  xc_session s;
  int rc;
  if (!guard(r, &s, false, &rc)) return rc;
  char addr[64];
  client_address(r, addr, sizeof addr);
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_auth_logout(store, s.token, addr, &err);
  xc_buf_free(&err);
  set_cookie(r, NULL);
  return send_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* The login form (units from the store, and the Sở). */
static void login_form(xc_buf *b, xc_web_req *r, const char *chosen) {
  xc_store_unit *units = NULL;
  size_t n = 0;
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_store_list_units(store, &units, &n, &err);
  xc_buf_free(&err);
  xc_web_raw(b, "<form method=\"post\" action=\"");
  xc_web_href(b, r, "/dang-nhap");
  xc_web_raw(b, "\" class=\"login\">");
  xc_web_lang_input(b, r);
  xc_web_raw(b, "<p><label for=\"unit\">%s</label><br><select id=\"unit\" name=\"unit\" required>",
             T("Đơn vị", "Unit"));
  for (size_t i = 0; i < n; i++) {
    xc_web_raw(b, "<option value=\"");
    xc_web_esc(b, units[i].code);
    xc_web_raw(b, "\"%s>", chosen && strcmp(chosen, units[i].code) == 0 ? " selected" : "");
    xc_web_esc(b, units[i].name);
    xc_web_raw(b, " (");
    xc_web_esc(b, units[i].code);
    xc_web_raw(b, ")</option>");
  }
  xc_web_raw(b, "<option value=\"admin\"%s>%s</option></select></p>",
             chosen && strcmp(chosen, "admin") == 0 ? " selected" : "", T("Sở Nội vụ (quản trị)", "Sở Nội vụ (administrator)"));
  xc_web_raw(b,
             "<p><label for=\"secret\">%s</label><br><span class=\"hint\" id=\"secret-hint\">%s</span><br>"
             "<input id=\"secret\" name=\"secret\" type=\"password\" autocomplete=\"current-password\" required "
             "aria-describedby=\"secret-hint\"></p>"
             "<p><button type=\"submit\">%s</button></p></form>\n",
             T("Mã truy cập (hoặc mật khẩu của Sở)", "Access code (or the Sở's password)"),
             T("Mã truy cập do Sở Nội vụ cấp cho đơn vị, dạng XXXX-XXXX-XXXX-XXXX.",
               "The access code the Sở Nội vụ gave the unit, like XXXX-XXXX-XXXX-XXXX."),
             T("Đăng nhập", "Log in"));
  free(units);
}

static int login_page(xc_web_req *r, unsigned status, const char *problem, const char *chosen) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_web_page_begin(&b, r, T("Nộp báo cáo: đăng nhập", "Submit a report: log in"), "/nop-bao-cao", problem != NULL);
  xc_web_raw(&b, "<h1>%s</h1>\n", T("Nộp báo cáo", "Submit a report"));
  if (problem) {
    xc_web_raw(&b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>%s</h2><p>%s</p></div>\n",
               T("Chưa đăng nhập được", "Not logged in"), problem);
  }
  xc_web_raw(&b, "<p>%s</p>\n",
             T("Đơn vị đăng nhập bằng mã truy cập Sở Nội vụ đã cấp, rồi tải tệp báo cáo lên. Tệp được kiểm tra ngay; "
               "mỗi lần nộp được lưu thành một phiên bản, Sở dùng phiên bản mới nhất.",
               "A unit logs in with the access code the Sở Nội vụ gave it, then uploads its report. The file is "
               "checked at once; every submission is kept as a version and the Sở uses the latest."));
  login_form(&b, r, chosen);
  return send_page(r, status, &b);
}

int xc_submit_login_post(xc_web_req *r) {
  const char *unit = xc_web_field_get(r, "unit"), *secret = xc_web_field_get(r, "secret");
  if (!unit || !secret || !*unit || strlen(unit) > 31 || strlen(secret) > 1000)
    return login_page(r, 400, T("Chọn đơn vị và nhập mã truy cập.", "Choose the unit and type the access code."), unit);
  xc_session s;
  switch (do_login(r, unit, secret, &s)) {
  case XC_LOGIN_OK: {
    set_cookie(r, &s);
    xc_buf to;
    xc_buf_init(&to, 0);
    xc_web_href(&to, r, strcmp(s.principal, "admin") == 0 ? "/so-noi-vu" : "/nop-bao-cao");
    int rc = xc_web_redirect(r, 303, xc_buf_str(&to));
    xc_buf_free(&to);
    return rc;
  }
  case XC_LOGIN_WRONG:
    return login_page(r, 401, T("Sai mã truy cập cho đơn vị đã chọn. Kiểm tra lại mã Sở Nội vụ đã cấp (không phân biệt chữ hoa, chữ thường).",
                                "Wrong access code for the unit chosen. Check the code the Sở Nội vụ gave (upper or lower case both work)."),
                      unit);
  case XC_LOGIN_LOCKED:
    retry_header(r, &s);
    return login_page(r, 429, T("Đăng nhập sai quá nhiều lần. Chờ vài phút rồi thử lại, hoặc hỏi Sở Nội vụ mã truy cập mới.",
                                "Too many failed logins. Wait a few minutes and try again, or ask the Sở Nội vụ for a new code."),
                      unit);
  default:
    return xc_web_error(r, 503, "store", "Máy chủ tạm thời không đăng nhập được. Thử lại sau.",
                        "The server cannot log in right now. Try again later.");
  }
}

int xc_submit_logout_post(xc_web_req *r) {
  xc_session s;
  int rc;
  if (!guard(r, &s, false, &rc)) return rc;
  char addr[64];
  client_address(r, addr, sizeof addr);
  xc_buf err, to;
  xc_buf_init(&err, 0);
  xc_buf_init(&to, 0);
  xc_auth_logout(store, s.token, addr, &err);
  set_cookie(r, NULL);
  xc_web_href(&to, r, "/nop-bao-cao");
  rc = xc_web_redirect(r, 303, xc_buf_str(&to));
  xc_buf_free(&err);
  xc_buf_free(&to);
  return rc;
}

/* ---- a submission ------------------------------------------------------------ */

typedef struct {
  unsigned status;      /* 201 stored; 4xx/5xx refused */
  const char *code;     /* the error's code */
  xc_buf msg_vi, msg_en;
  xc_submission sub;
  char file_unit[32];   /* the unit the file names (422 wrong_unit) */
  xc_store_rc store_rc;
} upload_result;

static void refuse(upload_result *u, unsigned status, const char *code) {
  u->status = status;
  u->code = code;
}

/* Checks an upload and, when it is the logged-in unit's report of a period,
 * stores it as that unit's next version.  The check's findings stay in c. */
static void process_upload(xc_web_req *r, const xc_session *s, const xc_web_upload *f, xc_web_checked *c,
                           upload_result *u) {
  memset(u, 0, sizeof *u);
  xc_buf_init(&u->msg_vi, 0);
  xc_buf_init(&u->msg_en, 0);
  xc_web_check(r->cfg, f->path, f->name, r->lang, c);
  if (c->error == XC_ERR_NOMEM) { /* as a file over a cap: not stored */
    refuse(u, 413, "out_of_memory");
    xc_buf_printf(&u->msg_vi, "Tệp %s cần nhiều bộ nhớ hơn máy chủ hiện có nên chưa được xử lý; thử lại sau.", f->name);
    xc_buf_printf(&u->msg_en, "The file %s needs more memory than the server has, so it was not processed; try again later.",
                  f->name);
    return;
  }
  if (!c->readable) {
    refuse(u, 422, "unreadable");
    xc_buf_printf(&u->msg_vi, "Tệp %s không đọc được hoặc không phải biểu mẫu báo cáo: %s", f->name,
                  c->error_text ? c->error_text : "");
    xc_buf_printf(&u->msg_en, "The file %s cannot be read or is no report form: %s", f->name,
                  c->error_text ? c->error_text : "");
    return;
  }
  size_t idx = 0;
  if (!xc_registry_find(registry, c->unit, &idx)) {
    refuse(u, 422, "unknown_unit");
    xc_buf_printf(&u->msg_vi, "Không nhận ra đơn vị ghi trong tệp (trang Thông tin, dòng 1: \"%s\"). Ghi đúng tên đơn vị rồi nộp lại.", c->unit);
    xc_buf_printf(&u->msg_en, "The unit the file names is not recognised (Thông tin sheet, row 1: \"%s\"). Write the unit's name and submit again.", c->unit);
    return;
  }
  const xc_registry_unit unit = xc_registry_get(registry, idx), *fu = &unit;
  snprintf(u->file_unit, sizeof u->file_unit, "%s", fu->code);
  if (strcmp(fu->code, s->principal) != 0) {
    refuse(u, 422, "wrong_unit");
    xc_buf_printf(&u->msg_vi, "Tệp này là báo cáo của %s (mã %s), không phải của %s (mã %s) đang đăng nhập. Chọn đúng tệp của đơn vị mình.",
                  fu->name, fu->code, unit_name(s->principal), s->principal);
    xc_buf_printf(&u->msg_en, "This file is the report of %s (code %s), not of %s (code %s), who is logged in. Choose your own unit's file.",
                  fu->name, fu->code, unit_name(s->principal), s->principal);
    return;
  }
  xc_buf period;
  xc_buf_init(&period, 0);
  if (!xc_period_canonical(c->period, strlen(c->period), &period) || period.len >= sizeof u->sub.period) {
    refuse(u, 422, "no_period");
    xc_buf_printf(&u->msg_vi, "Không đọc được kỳ báo cáo trong tệp (trang Thông tin, dòng 3: \"%s\"). Ghi kỳ như \"Quý I/2023\" rồi nộp lại.", c->period);
    xc_buf_printf(&u->msg_en, "The report's period cannot be read (Thông tin sheet, row 3: \"%s\"). Write it like \"Quý I/2023\" and submit again.", c->period);
    xc_buf_free(&period);
    return;
  }
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_submission *sb = &u->sub;
  snprintf(sb->unit, sizeof sb->unit, "%s", fu->code);
  snprintf(sb->period, sizeof sb->period, "%s", xc_buf_str(&period));
  snprintf(sb->name, sizeof sb->name, "%s", f->name);
  xc_buf_free(&period);
  /* the bytes first (fsync'd, under their hash), then the row */
  xc_store_rc rc = xc_store_put_file(store, f->path, sb->sha256, &sb->size, &err);
  if (rc == XC_STORE_OK) {
    sb->errors = (int64_t)c->diags.errors;
    sb->warnings = (int64_t)c->diags.warnings;
    snprintf(sb->status, sizeof sb->status, "%s", sb->errors ? "errors" : "ok");
    rc = xc_store_add_submission(store, sb, &err);
  }
  if (rc != XC_STORE_OK) {
    fprintf(stderr, "xlsxcheck serve: store: %s\n", xc_buf_str(&err));
    u->store_rc = rc;
    refuse(u, rc == XC_STORE_NOSPACE ? 507 : 503, rc == XC_STORE_NOSPACE ? "disk_full" : "store");
  } else {
    u->status = 201;
    char addr[64], detail[128];
    client_address(r, addr, sizeof addr);
    snprintf(detail, sizeof detail, "submission %lld", (long long)sb->id);
    xc_store_event(store, "submit", s->principal, addr, detail, NULL);
  }
  xc_buf_free(&err);
}

static void upload_result_free(upload_result *u) {
  xc_buf_free(&u->msg_vi);
  xc_buf_free(&u->msg_en);
}

static const xc_web_upload *the_file(const xc_web_req *r) {
  for (size_t i = 0; i < r->nfiles; i++)
    if (strcmp(r->files[i].field, "file") == 0) return &r->files[i];
  return NULL;
}

static int refuse_units_admin(xc_web_req *r) {
  return xc_web_error(r, 403, "unit_only", "Chỉ đơn vị nộp báo cáo; Sở Nội vụ xem các bản nộp ở trang tổng hợp.",
                      "Only units submit reports; the Sở Nội vụ sees the submissions on its dashboard.");
}

int xc_submit_api_upload(xc_web_req *r) {
  xc_session s;
  int rc;
  if (!guard(r, &s, false, &rc)) return rc;
  if (strcmp(s.principal, "admin") == 0) return refuse_units_admin(r);
  const xc_web_upload *f = the_file(r);
  if (!f) return xc_web_json_error(r, 400, "no_file", T("Thiếu trường \"file\".", "No \"file\" field."));
  xc_web_checked c;
  upload_result u;
  process_upload(r, &s, f, &c, &u);
  if (u.status == 201) {
    rc = send_json(r, 201, submission_json(&u.sub));
  } else if (u.status == 507 || u.status == 503) {
    xc_buf none;
    xc_buf_init(&none, 0);
    rc = store_failed(r, u.store_rc, &none);
  } else {
    json_t *j = json_pack("{s:{s:s, s:s}}", "error", "code", u.code, "message",
                          r->lang == XC_LANG_EN ? xc_buf_str(&u.msg_en) : xc_buf_str(&u.msg_vi));
    if (u.file_unit[0]) {
      json_object_set_new(j, "file_unit", json_string(u.file_unit));
      json_object_set_new(j, "file_unit_name", json_string(unit_name(u.file_unit)));
    }
    rc = send_json(r, u.status, j);
  }
  upload_result_free(&u);
  xc_web_checked_free(&c);
  return rc;
}

/* A unit may see its own submissions, the Sở all: another's is "not found". */
static bool visible(const xc_session *s, const xc_submission *sb) {
  return strcmp(s->principal, "admin") == 0 || strcmp(s->principal, sb->unit) == 0;
}

int xc_submit_api_list(xc_web_req *r) {
  xc_session s;
  int rc;
  if (!guard(r, &s, false, &rc)) return rc;
  bool admin = strcmp(s.principal, "admin") == 0;
  xc_submission *list;
  size_t n;
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_store_rc src = xc_store_list_submissions(store, admin ? xc_web_query(r, "unit") : s.principal,
                                              xc_web_query(r, "period"), &list, &n, &err);
  if (src != XC_STORE_OK) {
    rc = store_failed(r, src, &err);
  } else {
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(arr, submission_json(&list[i]));
    rc = send_json(r, 200, json_pack("{s:o}", "submissions", arr));
    free(list);
  }
  xc_buf_free(&err);
  return rc;
}

/* "/prefix/123/rest" -> 123 and "rest" ("" when none); false when no number. */
static bool path_id(const char *path, const char *prefix, int64_t *id, const char **rest) {
  size_t pl = strlen(prefix);
  if (strncmp(path, prefix, pl) != 0) return false;
  const char *p = path + pl;
  if (*p < '1' || *p > '9') return false;
  int64_t v = 0;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (v > (INT64_MAX - 9) / 10) return false;
    v = v * 10 + (*p - '0');
  }
  if (*p && *p != '/') return false;
  *id = v;
  *rest = *p ? p + 1 : "";
  return true;
}

static int not_found(xc_web_req *r) {
  return xc_web_error(r, 404, "not_found", "Không có bản nộp này.", "There is no such submission.");
}

/* The stored bytes, exactly as uploaded, under their uploaded name. */
static int send_submission_file(xc_web_req *r, const xc_session *s, const xc_submission *sb) {
  char path[PATH_MAX];
  if (!xc_store_file_path(store, sb->sha256, path, sizeof path)) return not_found(r);
  char addr[64], detail[128];
  client_address(r, addr, sizeof addr);
  snprintf(detail, sizeof detail, "submission %lld", (long long)sb->id);
  xc_store_event(store, "download", s->principal, addr, detail, NULL);
  const char *dot = strrchr(sb->name, '.');
  const char *type = dot && strcasecmp(dot, ".xlsm") == 0 ? "application/vnd.ms-excel.sheet.macroEnabled.12"
                                                          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return xc_web_send_file(r, 200, type, path, sb->name);
}

/* What a submission's path shows: its file (prefix ID "/" file_word) or,
 * for prefix ID alone, show(); another unit's submission is not found. */
typedef int (*show_submission_fn)(xc_web_req *r, const xc_session *s, const xc_submission *sb);

static int visible_submission(xc_web_req *r, const char *prefix, const char *file_word, show_submission_fn show) {
  xc_session s;
  int rc;
  if (!guard(r, &s, false, &rc)) return rc;
  int64_t id;
  const char *rest;
  if (!path_id(r->path, prefix, &id, &rest) || (*rest && strcmp(rest, file_word) != 0)) return not_found(r);
  xc_submission sb;
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_store_rc src = xc_store_get_submission(store, id, &sb, &err);
  if (src == XC_STORE_FAIL) rc = store_failed(r, src, &err);
  else if (src == XC_STORE_NOTFOUND || !visible(&s, &sb)) rc = not_found(r);
  else if (*rest) rc = send_submission_file(r, &s, &sb);
  else rc = show(r, &s, &sb);
  xc_buf_free(&err);
  return rc;
}

static int show_submission_json(xc_web_req *r, const xc_session *s, const xc_submission *sb) {
  (void)s;
  return send_json(r, 200, submission_json(sb));
}

int xc_submit_api_item(xc_web_req *r) {
  return visible_submission(r, "/api/submissions/", "file", show_submission_json);
}

/* ---- the district's pages ---------------------------------------------------- */

static void status_badge(xc_buf *b, xc_web_req *r, const char *status, int64_t errors, int64_t warnings) {
  if (strcmp(status, "missing") == 0) {
    xc_web_raw(b, "<span class=\"badge sev-missing\">%s</span>", T("chưa nộp", "not submitted"));
  } else if (strcmp(status, "errors") == 0) {
    xc_web_raw(b, "<span class=\"badge sev-error\">%s</span> %lld %s", T("có lỗi", "has errors"), (long long)errors,
               T("lỗi", "errors"));
  } else {
    xc_web_raw(b, "<span class=\"badge sev-ok\">%s</span>", T("đạt", "passed"));
  }
  if (strcmp(status, "missing") != 0)
    xc_web_raw(b, ", %lld %s", (long long)warnings, T("cảnh báo", "warnings"));
}

static void logout_form(xc_buf *b, xc_web_req *r, const xc_session *s) {
  xc_web_raw(b, "<form method=\"post\" action=\"");
  xc_web_href(b, r, "/dang-xuat");
  xc_web_raw(b, "\" class=\"logout\">");
  csrf_input(b, s);
  xc_web_lang_input(b, r);
  xc_web_raw(b, "<p>%s <strong>", T("Đang đăng nhập:", "Logged in as:"));
  xc_web_esc(b, strcmp(s->principal, "admin") == 0 ? T("Sở Nội vụ", "Sở Nội vụ") : unit_name(s->principal));
  xc_web_raw(b, "</strong> <button type=\"submit\" class=\"secondary\">%s</button></p></form>\n", T("Đăng xuất", "Log out"));
}

static void submission_link(xc_buf *b, xc_web_req *r, int64_t id, const char *tail) {
  char p[96];
  snprintf(p, sizeof p, "/nop-bao-cao/%lld%s", (long long)id, tail);
  xc_web_href(b, r, p);
}

/* The table of submissions (newest first). */
static void submissions_table(xc_buf *b, xc_web_req *r, const xc_submission *list, size_t n, bool with_unit) {
  if (!n) {
    xc_web_raw(b, "<p>%s</p>\n", T("Chưa có lần nộp nào.", "No submission yet."));
    return;
  }
  xc_web_raw(b, "<table class=\"submissions\"><caption>%s</caption><thead><tr>", T("Các lần nộp, mới nhất trước", "Submissions, newest first"));
  if (with_unit) xc_web_raw(b, "<th scope=\"col\">%s</th>", T("Đơn vị", "Unit"));
  xc_web_raw(b, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
             T("Kỳ báo cáo", "Period"), T("Phiên bản", "Version"), T("Thời gian nộp", "Submitted"), T("Tệp", "File"),
             T("Kết quả", "Result"), T("Xem", "View"));
  for (size_t i = 0; i < n; i++) {
    const xc_submission *s = &list[i];
    char t[32];
    local_time(s->time, t, sizeof t);
    xc_buf_adds(b, "<tr>");
    if (with_unit) {
      xc_buf_adds(b, "<td>");
      xc_web_esc(b, unit_name(s->unit));
      xc_buf_adds(b, "</td>");
    }
    xc_buf_adds(b, "<td>");
    xc_web_esc(b, s->period);
    xc_web_raw(b, "</td><td>%lld</td><td>%s</td><td>", (long long)s->version, t);
    xc_web_esc(b, s->name);
    xc_buf_adds(b, "</td><td>");
    status_badge(b, r, s->status, s->errors, s->warnings);
    xc_buf_adds(b, "</td><td><a href=\"");
    submission_link(b, r, s->id, "");
    xc_web_raw(b, "\">%s</a> · <a href=\"", T("kết quả kiểm tra", "findings"));
    submission_link(b, r, s->id, "/tep");
    xc_web_raw(b, "\">%s</a></td></tr>\n", T("tệp đã nộp", "file"));
  }
  xc_buf_adds(b, "</tbody></table>\n");
}

static void upload_form(xc_buf *b, xc_web_req *r, const xc_session *s) {
  xc_web_raw(b, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"");
  xc_web_href(b, r, "/nop-bao-cao");
  xc_web_raw(b, "\" class=\"upload\">");
  csrf_input(b, s);
  xc_web_lang_input(b, r);
  xc_web_raw(b,
             "<p><label for=\"file\">%s</label><br><span class=\"hint\" id=\"file-hint\">",
             T("Tệp báo cáo (.xlsx, .xlsm)", "Report file (.xlsx, .xlsm)"));
  xc_web_raw(b, T("Tối đa %llu MB. Tệp được kiểm tra ngay khi nộp; tệp còn lỗi vẫn được nhận nhưng bị đánh dấu \"có lỗi\", "
                  "sửa xong thì nộp lại (phiên bản mới thay phiên bản cũ).",
                  "At most %llu MB. The file is checked as it is submitted; a file with errors is still accepted but "
                  "flagged \"has errors\": fix it and submit again (the new version replaces the old)."),
             (unsigned long long)(r->cfg->max_upload / 1048576));
  xc_web_raw(b,
             "</span><br><input id=\"file\" name=\"file\" type=\"file\" accept=\".xlsx,.xlsm\" required "
             "aria-describedby=\"file-hint\"></p><p><button type=\"submit\">%s</button></p></form>\n",
             T("Nộp báo cáo", "Submit the report"));
}

int xc_submit_login_page(xc_web_req *r) {
  xc_session s;
  if (!session_of(r, &s)) return login_page(r, 200, NULL, xc_web_query(r, "unit"));
  if (strcmp(s.principal, "admin") == 0) {
    xc_buf to;
    xc_buf_init(&to, 0);
    xc_web_href(&to, r, "/so-noi-vu");
    int rc = xc_web_redirect(r, 303, xc_buf_str(&to));
    xc_buf_free(&to);
    return rc;
  }
  xc_submission *list = NULL;
  size_t n = 0;
  xc_buf err, b;
  xc_buf_init(&err, 0);
  xc_store_rc src = xc_store_list_submissions(store, s.principal, NULL, &list, &n, &err);
  if (src != XC_STORE_OK) {
    int rc = store_failed(r, src, &err);
    xc_buf_free(&err);
    return rc;
  }
  xc_buf_free(&err);
  xc_buf_init(&b, 0);
  xc_web_page_begin(&b, r, T("Nộp báo cáo", "Submit a report"), "/nop-bao-cao", false);
  xc_web_raw(&b, "<h1>%s: ", T("Nộp báo cáo", "Submit a report"));
  xc_web_esc(&b, unit_name(s.principal));
  xc_buf_adds(&b, "</h1>\n");
  logout_form(&b, r, &s);
  upload_form(&b, r, &s);
  xc_web_raw(&b, "<h2>%s</h2>\n", T("Các lần đã nộp", "Your submissions"));
  submissions_table(&b, r, list, n, false);
  free(list);
  return send_page(r, 200, &b);
}

/* A submission's page: what was read, the result, the findings of its
 * stored file checked again (the same check, so the same findings). */
static int submission_page(xc_web_req *r, const xc_session *s, const xc_submission *sb, bool fresh) {
  char path[PATH_MAX];
  if (!xc_store_file_path(store, sb->sha256, path, sizeof path)) return not_found(r);
  xc_web_checked c;
  xc_web_check(r->cfg, path, sb->name, r->lang, &c);
  if (c.error == XC_ERR_NOMEM) {
    xc_web_checked_free(&c);
    return xc_web_out_of_memory(r);
  }
  bool bad = sb->errors > 0;
  xc_buf b;
  xc_buf_init(&b, 0);
  char title[160];
  snprintf(title, sizeof title, "%s %lld", T("Bản nộp, phiên bản", "Submission, version"), (long long)sb->version);
  xc_web_page_begin(&b, r, title, "/nop-bao-cao", bad);
  xc_web_raw(&b, "<h1>%s: ", T("Kết quả bản nộp", "Submission result"));
  xc_web_esc(&b, unit_name(sb->unit));
  xc_buf_adds(&b, "</h1>\n");
  logout_form(&b, r, s);
  if (fresh)
    xc_web_raw(&b, "<div class=\"notice %s\" role=\"status\"><p>%s</p></div>\n", bad ? "sev-error" : "sev-ok",
               bad ? T("Đã nhận bản nộp, nhưng tệp còn lỗi nên bản nộp bị đánh dấu \"có lỗi\". Sửa các lỗi dưới đây rồi nộp lại; phiên bản mới sẽ thay phiên bản này.",
                       "The submission was received, but the file has errors, so it is flagged \"has errors\". Fix the errors below and submit again; the new version replaces this one.")
                   : T("Đã nhận bản nộp. Tệp không có lỗi.", "The submission was received. The file has no errors."));
  char t[32];
  local_time(sb->time, t, sizeof t);
  xc_buf_adds(&b, "<dl class=\"read\"><dt>");
  xc_buf_adds(&b, T("Đơn vị", "Unit"));
  xc_buf_adds(&b, "</dt><dd>");
  xc_web_esc(&b, unit_name(sb->unit));
  xc_web_raw(&b, "</dd><dt>%s</dt><dd>", T("Kỳ báo cáo", "Period"));
  xc_web_esc(&b, sb->period);
  xc_web_raw(&b, "</dd><dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", T("Phiên bản", "Version"),
             (long long)sb->version, T("Thời gian nộp", "Submitted"), t, T("Tệp", "File"));
  xc_web_esc(&b, sb->name);
  xc_web_raw(&b, " (%lld bytes)</dd><dt>SHA-256</dt><dd><code>%s</code></dd><dt>%s</dt><dd>", (long long)sb->size,
             sb->sha256, T("Kết quả", "Result"));
  status_badge(&b, r, sb->status, sb->errors, sb->warnings);
  xc_buf_adds(&b, "</dd></dl>\n<p><a href=\"");
  submission_link(&b, r, sb->id, "/tep");
  xc_web_raw(&b, "\">%s</a>", T("Tải tệp đã nộp", "Download the file submitted"));
  if (strcmp(s->principal, "admin") != 0) {
    xc_buf_adds(&b, " · <a href=\"");
    xc_web_href(&b, r, "/nop-bao-cao");
    xc_web_raw(&b, "\">%s</a>", T("Nộp lại / các lần đã nộp", "Submit again / your submissions"));
  } else {
    xc_buf_adds(&b, " · <a href=\"");
    xc_web_href(&b, r, "/so-noi-vu");
    xc_web_raw(&b, "\">%s</a>", T("Về trang tổng hợp của Sở", "Back to the Sở's dashboard"));
  }
  xc_buf_adds(&b, "</p>\n");
  if (c.readable) findings_html(&b, r, &c.diags);
  xc_web_checked_free(&c);
  return send_page(r, 200, &b);
}

static int show_submission_page(xc_web_req *r, const xc_session *s, const xc_submission *sb) {
  return submission_page(r, s, sb, xc_web_query(r, "moi") != NULL);
}

int xc_submit_item_page(xc_web_req *r) { return visible_submission(r, "/nop-bao-cao/", "tep", show_submission_page); }

int xc_submit_upload_post(xc_web_req *r) {
  xc_session s;
  int rc;
  if (!guard(r, &s, false, &rc)) return rc;
  if (strcmp(s.principal, "admin") == 0) return refuse_units_admin(r);
  const xc_web_upload *f = the_file(r);
  if (!f) return xc_web_error(r, 400, "no_file", "Chưa chọn tệp nào. Quay lại và chọn tệp báo cáo.",
                              "No file was chosen. Go back and pick the report.");
  xc_web_checked c;
  upload_result u;
  process_upload(r, &s, f, &c, &u);
  if (u.status == 201) {
    xc_buf to;
    xc_buf_init(&to, 0);
    char p[96];
    snprintf(p, sizeof p, "/nop-bao-cao/%lld?moi=1", (long long)u.sub.id);
    xc_web_href(&to, r, p);
    rc = xc_web_redirect(r, 303, xc_buf_str(&to));
    xc_buf_free(&to);
  } else if (u.status == 507 || u.status == 503) {
    xc_buf none;
    xc_buf_init(&none, 0);
    rc = store_failed(r, u.store_rc, &none);
  } else {
    xc_buf b;
    xc_buf_init(&b, 0);
    xc_web_page_begin(&b, r, T("Chưa nộp được", "Not submitted"), "/nop-bao-cao", true);
    xc_web_raw(&b, "<h1>%s</h1>\n<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>%s</h2><p>",
               T("Chưa nộp được", "Not submitted"), T("Bản nộp chưa được nhận", "The submission was not accepted"));
    xc_web_esc(&b, r->lang == XC_LANG_EN ? xc_buf_str(&u.msg_en) : xc_buf_str(&u.msg_vi));
    xc_buf_adds(&b, "</p></div>\n");
    logout_form(&b, r, &s);
    upload_form(&b, r, &s);
    if (c.readable && strcmp(u.code, "wrong_unit") != 0) findings_html(&b, r, &c.diags);
    rc = send_page(r, u.status, &b);
  }
  upload_result_free(&u);
  xc_web_checked_free(&c);
  return rc;
}

/* ---- the Sở's dashboard ----------------------------------------------------- */

typedef struct {
  xc_store_unit unit;
  const char *status; /* "missing", "errors", "ok" */
  int64_t versions;
  const xc_submission *latest; /* into list, or NULL */
} dash_row;

typedef struct {
  char period[64];
  char (*periods)[64];
  size_t nperiods;
  xc_store_unit *units;
  xc_submission *list;
  size_t nunits, nlist;
  dash_row *rows;
} dashboard;

static void dashboard_free(dashboard *d) {
  free(d->periods);
  free(d->units);
  free(d->list);
  free(d->rows);
}

/* Every unit of the registry with its latest submission of the period
 * (the one asked, else the newest period). */
static xc_store_rc dashboard_load(xc_web_req *r, dashboard *d, xc_buf *err) {
  memset(d, 0, sizeof *d);
  xc_store_rc rc = xc_store_list_periods(store, &d->periods, &d->nperiods, err);
  if (rc != XC_STORE_OK) return rc;
  const char *p = xc_web_query(r, "period");
  xc_buf canon;
  xc_buf_init(&canon, 0);
  if (p && *p && xc_period_canonical(p, strlen(p), &canon) && canon.len < sizeof d->period)
    snprintf(d->period, sizeof d->period, "%s", xc_buf_str(&canon));
  else if (p && *p)
    snprintf(d->period, sizeof d->period, "%s", p);
  else if (d->nperiods)
    snprintf(d->period, sizeof d->period, "%s", d->periods[0]);
  xc_buf_free(&canon);
  if ((rc = xc_store_list_units(store, &d->units, &d->nunits, err)) != XC_STORE_OK) return rc;
  if ((rc = xc_store_list_submissions(store, NULL, d->period, &d->list, &d->nlist, err)) != XC_STORE_OK) return rc;
  d->rows = calloc(d->nunits ? d->nunits : 1, sizeof *d->rows);
  if (!d->rows) return XC_STORE_FAIL;
  for (size_t i = 0; i < d->nunits; i++) {
    dash_row *row = &d->rows[i];
    row->unit = d->units[i];
    for (size_t k = 0; k < d->nlist; k++) /* newest first: the first seen is the latest */
      if (strcmp(d->list[k].unit, row->unit.code) == 0) {
        if (!row->latest) row->latest = &d->list[k];
        row->versions++;
      }
    row->status = !row->latest ? "missing" : row->latest->errors ? "errors" : "ok";
  }
  return XC_STORE_OK;
}

int xc_submit_api_dashboard(xc_web_req *r) {
  xc_session s;
  int rc;
  if (!guard(r, &s, true, &rc)) return rc;
  dashboard d;
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_store_rc src = dashboard_load(r, &d, &err);
  if (src != XC_STORE_OK) {
    rc = store_failed(r, src, &err);
  } else {
    json_t *units = json_array();
    for (size_t i = 0; i < d.nunits; i++) {
      const dash_row *row = &d.rows[i];
      json_array_append_new(units, json_pack("{s:s, s:s, s:s, s:I, s:o}", "code", row->unit.code, "name", row->unit.name,
                                             "status", row->status, "versions", (json_int_t)row->versions, "latest",
                                             row->latest ? submission_json(row->latest) : json_null()));
    }
    rc = send_json(r, 200, json_pack("{s:s, s:o}", "period", d.period, "units", units));
  }
  dashboard_free(&d);
  xc_buf_free(&err);
  return rc;
}

static void csv_field(xc_buf *b, const char *s) {
  xc_buf_addc(b, '"');
  /* a leading = + - @ would be a formula in Excel: quoted with ' in front */
  if (*s == '=' || *s == '+' || *s == '-' || *s == '@') xc_buf_addc(b, '\'');
  for (; *s; s++) {
    if (*s == '"') xc_buf_addc(b, '"');
    xc_buf_addc(b, *s);
  }
  xc_buf_addc(b, '"');
}

int xc_submit_dashboard_csv(xc_web_req *r) {
  xc_session s;
  int rc;
  if (!guard(r, &s, true, &rc)) return rc;
  dashboard d;
  xc_buf err, b;
  xc_buf_init(&err, 0);
  xc_store_rc src = dashboard_load(r, &d, &err);
  if (src != XC_STORE_OK) {
    rc = store_failed(r, src, &err);
    dashboard_free(&d);
    xc_buf_free(&err);
    return rc;
  }
  xc_buf_init(&b, 0);
  xc_buf_adds(&b, "\xEF\xBB\xBF"); /* so that Excel reads UTF-8 */
  xc_buf_adds(&b, T("ma_don_vi,don_vi,ky_bao_cao,trang_thai,so_lan_nop,phien_ban,thoi_gian_nop,loi,canh_bao,ten_tep,sha256\r\n",
                    "unit_code,unit,period,status,versions,version,submitted,errors,warnings,file,sha256\r\n"));
  for (size_t i = 0; i < d.nunits; i++) {
    const dash_row *row = &d.rows[i];
    const xc_submission *l = row->latest;
    const char *st = strcmp(row->status, "missing") == 0 ? T("chưa nộp", "missing")
                     : strcmp(row->status, "errors") == 0 ? T("có lỗi", "errors") : T("đạt", "ok");
    csv_field(&b, row->unit.code);
    xc_buf_addc(&b, ',');
    csv_field(&b, row->unit.name);
    xc_buf_addc(&b, ',');
    csv_field(&b, d.period);
    xc_buf_addc(&b, ',');
    csv_field(&b, st);
    xc_web_raw(&b, ",%lld,", (long long)row->versions);
    if (l) {
      char t[32];
      local_time(l->time, t, sizeof t);
      xc_web_raw(&b, "%lld,%s,%lld,%lld,", (long long)l->version, t, (long long)l->errors, (long long)l->warnings);
      csv_field(&b, l->name);
      xc_web_raw(&b, ",%s", l->sha256);
    } else {
      xc_buf_adds(&b, ",,,,,");
    }
    xc_buf_adds(&b, "\r\n");
  }
  xc_buf name;
  xc_buf_init(&name, 0);
  xc_buf_adds(&name, "attachment; filename=\"nop-bao-cao_");
  slug(d.period, &name);
  xc_buf_adds(&name, ".csv\"");
  if (b.nomem || name.nomem) {
    rc = xc_web_out_of_memory(r); /* never a list cut short */
  } else {
    xc_web_add_header(r, "Content-Disposition", xc_buf_str(&name));
    rc = xc_web_send(r, 200, "text/csv; charset=utf-8", b.data ? b.data : "", b.len);
  }
  xc_buf_free(&name);
  xc_buf_free(&b);
  dashboard_free(&d);
  xc_buf_free(&err);
  return rc;
}

/* Errors per unit as an inline SVG bar chart (no script, no external
 * resource); each bar has its number written beside it, so colour is not
 * the only signal. */
static void errors_chart(xc_buf *b, xc_web_req *r, const dashboard *d) {
  int64_t max = 1;
  for (size_t i = 0; i < d->nunits; i++)
    if (d->rows[i].latest && d->rows[i].latest->errors > max) max = d->rows[i].latest->errors;
  const int label_w = 190, bar_w = 360, row_h = 24, top = 8;
  int h = top * 2 + row_h * (int)d->nunits;
  xc_web_raw(b, "<figure class=\"chart\"><figcaption>%s</figcaption>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n",
             T("Số lỗi của bản nộp mới nhất, theo đơn vị", "Errors in the latest submission, by unit"), label_w + bar_w + 120, h,
             label_w + bar_w + 120, h, T("Biểu đồ số lỗi theo đơn vị", "Chart of errors by unit"));
  for (size_t i = 0; i < d->nunits; i++) {
    const dash_row *row = &d->rows[i];
    int y = top + row_h * (int)i;
    xc_web_raw(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"13\" fill=\"#1b1b1b\">", label_w - 8, y + 16);
    xc_web_esc(b, row->unit.name);
    xc_buf_adds(b, "</text>");
    if (!row->latest) {
      xc_web_raw(b, "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#505a5f\">%s</text>\n", label_w, y + 16,
                 T("chưa nộp", "not submitted"));
      continue;
    }
    int64_t e = row->latest->errors;
    int w = e ? (int)((double)e / (double)max * bar_w) : 0;
    if (e && w < 3) w = 3;
    if (w) xc_web_raw(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#FFC7CE\" stroke=\"#9C0006\"/>", label_w, y + 4, w, row_h - 8);
    xc_web_raw(b, "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"%s\">%lld %s</text>\n", label_w + w + 6, y + 16,
               e ? "#9C0006" : "#006100", (long long)e, e ? T("lỗi", "errors") : T("lỗi · đạt", "errors · passed"));
  }
  xc_buf_adds(b, "</svg></figure>\n");
}

int xc_submit_dashboard(xc_web_req *r) {
  xc_session s;
  int rc;
  if (!guard(r, &s, true, &rc)) return rc;
  dashboard d;
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_store_rc src = dashboard_load(r, &d, &err);
  if (src != XC_STORE_OK) {
    rc = store_failed(r, src, &err);
    dashboard_free(&d);
    xc_buf_free(&err);
    return rc;
  }
  xc_buf_free(&err);
  size_t ok = 0, bad = 0, missing = 0;
  for (size_t i = 0; i < d.nunits; i++) {
    const char *st = d.rows[i].status;
    if (strcmp(st, "ok") == 0) ok++;
    else if (strcmp(st, "errors") == 0) bad++;
    else missing++;
  }
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_web_page_begin(&b, r, T("Sở Nội vụ: các bản nộp", "Sở Nội vụ: submissions"), "/so-noi-vu", false);
  xc_web_raw(&b, "<h1>%s", T("Các bản nộp", "Submissions"));
  if (d.period[0]) {
    xc_buf_adds(&b, ": ");
    xc_web_esc(&b, d.period);
  }
  xc_buf_adds(&b, "</h1>\n");
  logout_form(&b, r, &s);
  /* the period chooser (a GET form: works without JavaScript) */
  xc_web_raw(&b, "<form method=\"get\" action=\"");
  xc_web_href(&b, r, "/so-noi-vu");
  xc_web_raw(&b, "\" class=\"period\">");
  xc_web_lang_input(&b, r);
  xc_web_raw(&b, "<label for=\"period\">%s</label> <select id=\"period\" name=\"period\">", T("Kỳ báo cáo", "Period"));
  bool listed = false;
  for (size_t i = 0; i < d.nperiods; i++) {
    bool sel = strcmp(d.periods[i], d.period) == 0;
    listed |= sel;
    xc_buf_adds(&b, "<option");
    if (sel) xc_buf_adds(&b, " selected");
    xc_buf_adds(&b, ">");
    xc_web_esc(&b, d.periods[i]);
    xc_buf_adds(&b, "</option>");
  }
  if (!listed && d.period[0]) {
    xc_buf_adds(&b, "<option selected>");
    xc_web_esc(&b, d.period);
    xc_buf_adds(&b, "</option>");
  }
  xc_web_raw(&b, "</select> <button type=\"submit\" class=\"secondary\">%s</button></form>\n", T("Xem", "Show"));
  if (!d.nperiods) xc_web_raw(&b, "<p>%s</p>\n", T("Chưa đơn vị nào nộp báo cáo.", "No unit has submitted yet."));
  xc_web_raw(&b, "<p class=\"summary\">");
  xc_web_raw(&b, T("%zu/%zu đơn vị đã nộp: %zu đạt, %zu có lỗi; %zu chưa nộp.",
                   "%zu of %zu units have submitted: %zu passed, %zu with errors; %zu missing."),
             ok + bad, d.nunits, ok, bad, missing);
  xc_buf_adds(&b, "</p>\n");
  xc_web_raw(&b, "<table class=\"dashboard\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
             T("Mỗi đơn vị và bản nộp mới nhất của kỳ", "Every unit and its latest submission of the period"),
             T("Đơn vị", "Unit"), T("Mã", "Code"), T("Trạng thái", "Status"), T("Số lần nộp", "Versions"),
             T("Lần nộp cuối", "Latest"), T("Lỗi", "Errors"), T("Cảnh báo", "Warnings"), T("Xem", "View"));
  for (size_t i = 0; i < d.nunits; i++) {
    const dash_row *row = &d.rows[i];
    const xc_submission *l = row->latest;
    xc_buf_adds(&b, "<tr><th scope=\"row\">");
    xc_web_esc(&b, row->unit.name);
    xc_buf_adds(&b, "</th><td>");
    xc_web_esc(&b, row->unit.code);
    xc_buf_adds(&b, "</td><td>");
    if (!l) xc_web_raw(&b, "<span class=\"badge sev-missing\">%s</span>", T("chưa nộp", "missing"));
    else if (l->errors) xc_web_raw(&b, "<span class=\"badge sev-error\">%s</span>", T("có lỗi", "has errors"));
    else xc_web_raw(&b, "<span class=\"badge sev-ok\">%s</span>", T("đạt", "passed"));
    xc_web_raw(&b, "</td><td>%lld</td>", (long long)row->versions);
    if (l) {
      char t[32];
      local_time(l->time, t, sizeof t);
      xc_web_raw(&b, "<td>%s (%s %lld)</td><td>%lld</td><td>%lld</td><td><a href=\"", t, T("phiên bản", "version"),
                 (long long)l->version, (long long)l->errors, (long long)l->warnings);
      submission_link(&b, r, l->id, "");
      xc_web_raw(&b, "\">%s</a> · <a href=\"", T("kết quả", "findings"));
      submission_link(&b, r, l->id, "/tep");
      xc_web_raw(&b, "\">%s</a></td>", T("tệp", "file"));
    } else {
      xc_buf_adds(&b, "<td>—</td><td>—</td><td>—</td><td>—</td>");
    }
    xc_buf_adds(&b, "</tr>\n");
  }
  xc_buf_adds(&b, "</tbody></table>\n");
  xc_buf q;
  xc_buf_init(&q, 0);
  xc_buf_adds(&q, "/so-noi-vu.csv?period=");
  for (const unsigned char *p = (const unsigned char *)d.period; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.')
      xc_buf_addc(&q, (char)*p);
    else
      xc_buf_printf(&q, "%%%02X", *p);
  }
  xc_buf_adds(&b, "<p><a href=\"");
  xc_web_href(&b, r, xc_buf_str(&q));
  xc_web_raw(&b, "\">%s</a></p>\n", T("Tải bảng này (CSV, mở bằng Excel)", "Download this table (CSV, opens in Excel)"));
  xc_buf_free(&q);
  errors_chart(&b, r, &d);
  /* merge the latest version of each unit */
  xc_web_raw(&b, "<h2>%s</h2>\n<form method=\"post\" action=\"", T("Tổng hợp", "Merge"));
  xc_web_href(&b, r, "/so-noi-vu/tong-hop");
  xc_web_raw(&b, "\" class=\"merge\">");
  csrf_input(&b, &s);
  xc_web_lang_input(&b, r);
  xc_buf_adds(&b, "<input type=\"hidden\" name=\"period\" value=\"");
  xc_web_esc(&b, d.period);
  xc_web_raw(&b, "\"><p>%s</p><p><input type=\"checkbox\" id=\"strict\" name=\"strict\" value=\"1\"> <label for=\"strict\">%s</label></p>"
                 "<p><button type=\"submit\"%s>%s</button></p></form>\n",
             T("Gộp phiên bản mới nhất của mỗi đơn vị thành gói tổng hợp của tỉnh (tệp của tỉnh, nhật ký lỗi, bản đánh dấu của từng đơn vị). Gói được lưu lại.",
               "Merges each unit's latest version into the province bundle (the province workbook, the error log, each unit's marked copy). The bundle is kept."),
             T("Bỏ qua các bản nộp còn lỗi (--strict)", "Leave out submissions with errors (--strict)"),
             ok + bad ? "" : " disabled", T("Tổng hợp kỳ này", "Merge this period"));
  dashboard_free(&d);
  return send_page(r, 200, &b);
}

/* ---- merge --------------------------------------------------------------------- */

typedef struct {
  unsigned status;
  int64_t merge_id;
  char sha256[65];
  char path[PATH_MAX];
  xc_buf name;     /* the bundle's download name */
  xc_buf message;  /* why not, in the request's language */
  size_t nmerged, ninputs;
} merge_outcome;

/* Merges the latest version of each unit of the period (hard links to the
 * stored files, named "<code>_<uploaded name>", in a folder of its own),
 * stores the bundle and records the merge with the versions it used. */
static void run_merge(xc_web_req *r, const char *period_in, bool strict, merge_outcome *o) {
  memset(o, 0, sizeof *o);
  xc_buf_init(&o->name, 0);
  xc_buf_init(&o->message, 0);
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_buf period;
  xc_buf_init(&period, 0);
  if (!period_in || !*period_in || !xc_period_canonical(period_in, strlen(period_in), &period)) {
    o->status = 400;
    xc_buf_adds(&o->message, T("Cần kỳ báo cáo (period), ví dụ \"Quý I/2023\".", "A period is needed, e.g. \"Quý I/2023\"."));
    xc_buf_free(&period);
    xc_buf_free(&err);
    return;
  }
  xc_submission *list = NULL;
  size_t n = 0;
  xc_store_rc src = xc_store_list_submissions(store, NULL, xc_buf_str(&period), &list, &n, &err);
  xc_buf dirb; /* paths built in buffers: the server's folders may be long */
  xc_buf_init(&dirb, 0);
  xc_buf_printf(&dirb, "%s/merge-XXXXXX", r->cfg->tmp_dir);
  char *dir = dirb.data;
  if (src != XC_STORE_OK || !dir || !mkdtemp(dir)) {
    xc_buf_free(&dirb);
    o->status = 503;
    xc_buf_adds(&o->message, T("Máy chủ tạm thời không đọc được các bản nộp.", "The server cannot read the submissions right now."));
    free(list);
    xc_buf_free(&period);
    xc_buf_free(&err);
    return;
  }
  char **paths = calloc(n ? n : 1, sizeof *paths), **names = calloc(n ? n : 1, sizeof *names);
  json_t *used = json_array();
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    bool newer = false; /* newest first: a unit seen before has its latest in already */
    for (size_t j = 0; j < i; j++) newer |= strcmp(list[j].unit, list[i].unit) == 0;
    if (newer) continue;
    char stored[PATH_MAX];
    if (!xc_store_file_path(store, list[i].sha256, stored, sizeof stored)) continue;
    const char *dot = strrchr(list[i].name, '.');
    xc_buf lp;
    xc_buf_init(&lp, 0);
    xc_buf_printf(&lp, "%s/%s_v%lld%s", dir, list[i].unit, (long long)list[i].version,
                  dot && strcasecmp(dot, ".xlsm") == 0 ? ".xlsm" : ".xlsx");
    if (link(stored, xc_buf_str(&lp)) != 0) {
      xc_buf_free(&lp);
      continue;
    }
    paths[k] = strdup(xc_buf_str(&lp));
    xc_buf_free(&lp);
    xc_buf nm;
    xc_buf_init(&nm, 0);
    xc_buf_printf(&nm, "%s_%s", list[i].unit, list[i].name);
    names[k] = strdup(xc_buf_str(&nm));
    xc_buf_free(&nm);
    json_array_append_new(used, json_pack("{s:s, s:I, s:I, s:s, s:s}", "unit", list[i].unit, "id", (json_int_t)list[i].id,
                                          "version", (json_int_t)list[i].version, "sha256", list[i].sha256, "name", list[i].name));
    k++;
  }
  o->ninputs = k;
  if (!k) {
    o->status = 409;
    xc_buf_printf(&o->message, T("Kỳ %s chưa có bản nộp nào để tổng hợp.", "No submission of %s to merge yet."), xc_buf_str(&period));
  } else {
    xc_buf zipb;
    xc_buf_init(&zipb, 0);
    xc_buf_printf(&zipb, "%s/bundle.zip", dir);
    const char *zip = xc_buf_str(&zipb);
    xc_web_merged m;
    if (!xc_web_merge_run(r->cfg, paths, names, k, r->lang, strict, zip, &m, &err)) {
      o->status = err.nomem ? 413 : 409; /* no memory: as a merge over a cap */
      xc_buf_printf(&o->message, "%s: %s", T("Không tổng hợp được", "The merge failed"), xc_buf_str(&err));
    } else {
      o->nmerged = m.res.nmerged;
      xc_store_rc prc = xc_store_put_file(store, zip, o->sha256, NULL, &err);
      char *inputs = json_dumps(used, JSON_COMPACT | JSON_ENSURE_ASCII);
      int64_t id = 0;
      if (prc == XC_STORE_OK)
        prc = xc_store_add_merge(store, xc_buf_str(&period), o->sha256, strict, inputs ? inputs : "[]", &id, &err);
      free(inputs);
      if (prc != XC_STORE_OK) {
        o->status = prc == XC_STORE_NOSPACE ? 507 : 503;
        xc_buf_adds(&o->message, T("Máy chủ không lưu được gói tổng hợp (đĩa đầy?).", "The server could not keep the bundle (disk full?)."));
      } else {
        o->status = 200;
        o->merge_id = id;
        xc_store_file_path(store, o->sha256, o->path, sizeof o->path);
        xc_buf_adds(&o->name, "tong-hop_");
        slug(xc_buf_str(&period), &o->name);
        xc_buf_adds(&o->name, ".zip");
        char addr[64], detail[96];
        client_address(r, addr, sizeof addr);
        snprintf(detail, sizeof detail, "merge %lld", (long long)id);
        xc_store_event(store, "merge", "admin", addr, detail, NULL);
      }
    }
    xc_web_merged_free(&m);
    unlink(zip);
    xc_buf_free(&zipb);
  }
  for (size_t i = 0; i < k; i++) {
    unlink(paths[i]);
    free(paths[i]);
    free(names[i]);
  }
  rmdir(dir);
  xc_buf_free(&dirb);
  free(paths);
  free(names);
  json_decref(used);
  free(list);
  xc_buf_free(&period);
  xc_buf_free(&err);
}

static void merge_outcome_free(merge_outcome *o) {
  xc_buf_free(&o->name);
  xc_buf_free(&o->message);
}

static bool truthy(const char *v) { return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0); }

int xc_submit_api_merge(xc_web_req *r) {
  xc_session s;
  int rc;
  if (!guard(r, &s, true, &rc)) return rc;
  merge_outcome o;
  run_merge(r, xc_web_query(r, "period"), truthy(xc_web_query(r, "strict")), &o);
  if (o.status == 200) {
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)o.merge_id);
    xc_web_add_header(r, "X-Bundle-SHA256", o.sha256);
    xc_web_add_header(r, "X-Merge-Id", id);
    rc = xc_web_send_file(r, 200, "application/zip", o.path, xc_buf_str(&o.name));
  } else {
    rc = xc_web_json_error(r, o.status, o.status == 400 ? "bad_request" : o.status == 409 ? "nothing_to_merge" : "store",
                           xc_buf_str(&o.message));
  }
  merge_outcome_free(&o);
  return rc;
}

int xc_submit_merge_post(xc_web_req *r) {
  xc_session s;
  int rc;
  if (!guard(r, &s, true, &rc)) return rc;
  merge_outcome o;
  run_merge(r, xc_web_field_get(r, "period"), truthy(xc_web_field_get(r, "strict")), &o);
  if (o.status == 200) {
    char p[96];
    snprintf(p, sizeof p, "/so-noi-vu/tong-hop/%lld", (long long)o.merge_id);
    xc_buf to;
    xc_buf_init(&to, 0);
    xc_web_href(&to, r, p);
    rc = xc_web_redirect(r, 303, xc_buf_str(&to));
    xc_buf_free(&to);
  } else {
    xc_buf vi, en;
    xc_buf_init(&vi, 0);
    xc_buf_init(&en, 0);
    xc_buf_adds(&vi, xc_buf_str(&o.message));
    xc_buf_adds(&en, xc_buf_str(&o.message));
    rc = xc_web_error(r, o.status, "merge", xc_buf_str(&vi), xc_buf_str(&en));
    xc_buf_free(&vi);
    xc_buf_free(&en);
  }
  merge_outcome_free(&o);
  return rc;
}

/* A stored merge: what went in, and its bundle to download. */
int xc_submit_merge_page(xc_web_req *r) {
  xc_session s;
  int rc;
  if (!guard(r, &s, true, &rc)) return rc;
  int64_t id;
  const char *rest;
  if (!path_id(r->path, "/so-noi-vu/tong-hop/", &id, &rest) || (*rest && strcmp(rest, "tep") != 0))
    return xc_web_error(r, 404, "not_found", "Không có lần tổng hợp này.", "There is no such merge.");
  xc_store_merge m;
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_store_rc src = xc_store_get_merge(store, id, &m, &err);
  if (src == XC_STORE_FAIL) {
    rc = store_failed(r, src, &err);
  } else if (src == XC_STORE_NOTFOUND) {
    rc = xc_web_error(r, 404, "not_found", "Không có lần tổng hợp này.", "There is no such merge.");
  } else {
    xc_buf name;
    xc_buf_init(&name, 0);
    xc_buf_adds(&name, "tong-hop_");
    slug(m.period, &name);
    xc_buf_adds(&name, ".zip");
    if (*rest) {
      char path[PATH_MAX];
      rc = xc_store_file_path(store, m.sha256, path, sizeof path)
               ? xc_web_send_file(r, 200, "application/zip", path, xc_buf_str(&name))
               : xc_web_error(r, 404, "not_found", "Không có gói này.", "There is no such bundle.");
    } else {
      xc_buf b;
      xc_buf_init(&b, 0);
      xc_web_page_begin(&b, r, T("Gói tổng hợp", "Merged bundle"), "/so-noi-vu", false);
      xc_web_raw(&b, "<h1>%s: ", T("Gói tổng hợp", "Merged bundle"));
      xc_web_esc(&b, m.period);
      char t[32];
      local_time(m.time, t, sizeof t);
      xc_web_raw(&b, "</h1>\n<p>%s %s%s. SHA-256 <code>%s</code></p>\n", T("Tổng hợp lúc", "Merged at"), t,
                 m.strict ? T(", bỏ qua các bản nộp còn lỗi", ", leaving out submissions with errors") : "", m.sha256);
      xc_web_raw(&b, "<p><a class=\"button\" id=\"bundle-download\" href=\"");
      char p[96];
      snprintf(p, sizeof p, "/so-noi-vu/tong-hop/%lld/tep", (long long)m.id);
      xc_web_href(&b, r, p);
      xc_web_raw(&b, "\" download>%s ", T("Tải gói tổng hợp", "Download the bundle"));
      xc_web_esc(&b, xc_buf_str(&name));
      xc_web_raw(&b, "</a></p>\n<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                     "<th scope=\"col\">%s</th><th scope=\"col\">SHA-256</th></tr></thead><tbody>\n",
                 T("Các phiên bản đã dùng", "The versions used"), T("Đơn vị", "Unit"), T("Phiên bản", "Version"),
                 T("Tệp", "File"));
      json_error_t je;
      json_t *used = json_loads(m.inputs, 0, &je);
      size_t i;
      json_t *v;
      json_array_foreach(used, i, v) {
        const char *unit = "", *nm = "", *sha = "";
        json_int_t ver = 0;
        json_unpack(v, "{s:s, s:I, s:s, s:s}", "unit", &unit, "version", &ver, "sha256", &sha, "name", &nm);
        xc_buf_adds(&b, "<tr><th scope=\"row\">");
        xc_web_esc(&b, unit_name(unit));
        xc_web_raw(&b, "</th><td>%lld</td><td>", (long long)ver);
        xc_web_esc(&b, nm);
        xc_buf_adds(&b, "</td><td><code>");
        xc_web_esc(&b, sha);
        xc_buf_adds(&b, "</code></td></tr>\n");
      }
      json_decref(used);
      xc_buf_adds(&b, "</tbody></table>\n<p><a href=\"");
      xc_web_href(&b, r, "/so-noi-vu");
      xc_web_raw(&b, "\">%s</a></p>\n", T("Về trang các bản nộp", "Back to the submissions"));
      rc = send_page(r, 200, &b);
    }
    xc_buf_free(&name);
    free(m.inputs);
  }
  xc_buf_free(&err);
  return rc;
}
