/* response.c: how the server answers: the security headers on every answer,
 * HTML escaping, the page frame (head, navigation, footer), JSON errors,
 * files and redirects. */
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../json.h"
#include "../utf8.h"
#include "web.h"

const char *xc_web_t(const xc_web_req *r, const char *vi, const char *en) {
  return r->lang == XC_LANG_EN ? en : vi;
}

/* ---- escaping ---------------------------------------------------------------- */

void xc_web_escn(xc_buf *b, const char *s, size_t n) {
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    const char *rep = NULL;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&#39;"; break;
      case '\0': rep = ""; break;
      default: {
        size_t k = xc_utf8_seq(s + i, n - i); /* a bad byte becomes U+FFFD */
        if (k) {
          i += k - 1;
          continue;
        }
        rep = XC_UTF8_REPLACEMENT;
      }
    }
    xc_buf_add(b, s + start, i - start);
    xc_buf_adds(b, rep);
    start = i + 1;
  }
  xc_buf_add(b, s + start, n - start);
}

void xc_web_esc(xc_buf *b, const char *s) {
  if (s) xc_web_escn(b, s, strlen(s));
}

bool xc_web_raw(xc_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[512];
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  bool ok = false;
  if (n >= 0 && (size_t)n < sizeof small) ok = xc_buf_add(b, small, (size_t)n);
  else if (n >= 0 && xc_buf_reserve(b, (size_t)n + 1)) {
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    b->len += (size_t)n;
    ok = true;
  }
  va_end(ap2);
  return ok;
}

/* ---- answers -------------------------------------------------------------- */

static void security_headers(struct MHD_Response *resp, const char *content_type) {
  MHD_add_response_header(resp, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                          "form-action 'self'; frame-ancestors 'none'");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  if (content_type) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
}

static int queue(xc_web_req *r, unsigned status, struct MHD_Response *resp, const char *content_type) {
  if (!resp) return MHD_NO;
  security_headers(resp, content_type);
  bool cache = false;
  for (size_t i = 0; i < r->nheaders; i++) {
    MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
    cache |= strcasecmp(r->headers[i].name, "Cache-Control") == 0;
  }
  if (!cache) MHD_add_response_header(resp, "Cache-Control", "no-store");
  int rc = MHD_queue_response(r->conn, status, resp);
  MHD_destroy_response(resp);
  return rc;
}

int xc_web_send(xc_web_req *r, unsigned status, const char *content_type, const void *body, size_t len) {
  struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
  return queue(r, status, resp, content_type);
}

/* A file name for Content-Disposition: an ASCII fallback and the UTF-8 name. */
static void disposition(xc_buf *b, const char *name) {
  xc_buf_adds(b, "attachment; filename=\"");
  for (const unsigned char *p = (const unsigned char *)name; *p; p++)
    xc_buf_addc(b, *p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\' && *p != '%' && *p != ';' ? (char)*p : '_');
  xc_buf_adds(b, "\"; filename*=UTF-8''");
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
      xc_buf_addc(b, (char)*p);
    else
      xc_buf_printf(b, "%%%02X", *p);
  }
}

int xc_web_send_file(xc_web_req *r, unsigned status, const char *content_type, const char *path,
                     const char *download_name) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) close(fd);
    return xc_web_error(r, 500, "internal", "Không đọc lại được tệp kết quả.", "The result file could not be read.");
  }
  struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
  if (!resp) {
    close(fd);
    return MHD_NO;
  }
  if (download_name) {
    xc_buf cd;
    xc_buf_init(&cd, 0);
    disposition(&cd, download_name);
    MHD_add_response_header(resp, "Content-Disposition", xc_buf_str(&cd));
    xc_buf_free(&cd);
  }
  return queue(r, status, resp, content_type);
}

int xc_web_redirect(xc_web_req *r, unsigned status, const char *location) {
  struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  if (resp) MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, location);
  return queue(r, status, resp, "text/plain; charset=utf-8");
}

int xc_web_json_error(xc_web_req *r, unsigned status, const char *code, const char *message) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_buf_adds(&b, "{\"error\": {\"code\": ");
  xc_json_str(&b, code);
  xc_buf_adds(&b, ", \"message\": ");
  xc_json_str(&b, message);
  xc_buf_adds(&b, "}}\n");
  int rc = xc_web_send(r, status, "application/json; charset=utf-8", b.data, b.len);
  xc_buf_free(&b);
  return rc;
}

int xc_web_out_of_memory(xc_web_req *r) {
  return xc_web_error(r, 413, "out_of_memory",
                      "Tệp cần nhiều bộ nhớ hơn máy chủ hiện có nên chưa được xử lý. Thử lại sau, hoặc chia nhỏ tệp.",
                      "The file needs more memory than the server has, so it was not processed. Try again later, or "
                      "split the file.");
}

int xc_web_error(xc_web_req *r, unsigned status, const char *code, const char *msg_vi, const char *msg_en) {
  if (strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/healthz") == 0)
    return xc_web_json_error(r, status, code, xc_web_t(r, msg_vi, msg_en));
  xc_buf b;
  xc_buf_init(&b, 0);
  char title[64];
  snprintf(title, sizeof title, "%u", status);
  xc_web_page_begin(&b, r, xc_web_t(r, status == 404 ? "Không có trang này" : "Không thực hiện được yêu cầu",
                                    status == 404 ? "Page not found" : "The request could not be done"),
                    "", true);
  xc_web_raw(&b, "<div class=\"error-summary\" role=\"alert\"><h1>%s</h1><p>", status == 404 ? xc_web_t(r, "Không có trang này", "Page not found") : xc_web_t(r, "Không thực hiện được", "Could not do that"));
  xc_web_esc(&b, xc_web_t(r, msg_vi, msg_en));
  xc_web_raw(&b, "</p><p class=\"muted\">%s %s</p><p><a href=\"", xc_web_t(r, "Mã lỗi HTTP", "HTTP status"), title);
  xc_web_href(&b, r, "/");
  xc_web_raw(&b, "\">%s</a></p></div>", xc_web_t(r, "Về trang chủ", "Back to the home page"));
  int rc = xc_web_page_send(r, status, &b);
  xc_buf_free(&b);
  return rc;
}

/* ---- the page frame ----------------------------------------------------------- */

void xc_web_href(xc_buf *b, const xc_web_req *r, const char *path) {
  xc_web_esc(b, path);
  if (r->lang_forced) xc_buf_adds(b, strchr(path, '?') ? "&amp;lang=" : "?lang=");
  if (r->lang_forced) xc_buf_adds(b, r->lang == XC_LANG_EN ? "en" : "vi");
}

void xc_web_lang_input(xc_buf *b, const xc_web_req *r) {
  if (r->lang_forced)
    xc_web_raw(b, "<input type=\"hidden\" name=\"lang\" value=\"%s\">", r->lang == XC_LANG_EN ? "en" : "vi");
}

static void nav_item(xc_buf *b, const xc_web_req *r, const char *path, const char *nav, const char *vi,
                     const char *en) {
  xc_buf_adds(b, "<li><a href=\"");
  xc_web_href(b, r, path);
  xc_buf_adds(b, "\"");
  if (strcmp(nav, path) == 0) xc_buf_adds(b, " aria-current=\"page\"");
  xc_web_raw(b, ">%s</a></li>", xc_web_t(r, vi, en));
}

void xc_web_page_begin(xc_buf *b, const xc_web_req *r, const char *title, const char *nav, bool error) {
  xc_web_raw(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
             r->lang == XC_LANG_EN ? "en" : "vi");
  if (error) xc_buf_adds(b, xc_web_t(r, "Lỗi: ", "Error: "));
  xc_web_esc(b, title);
  xc_web_raw(b, " — xlsxcheck</title>\n<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
                "<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n"
                "<a class=\"skip\" href=\"#main\">%s</a>\n<header class=\"site\"><div class=\"wrap\">"
                "<a class=\"brand\" href=\"",
             xc_web_t(r, "Bỏ qua, đến nội dung chính", "Skip to the main content"));
  xc_web_href(b, r, "/");
  xc_web_raw(b, "\">xlsxcheck <span>%s</span></a>\n<nav aria-label=\"%s\"><ul>",
             xc_web_t(r, "Kiểm tra báo cáo CCHC", "CCHC report checker"), xc_web_t(r, "Các trang", "Pages"));
  nav_item(b, r, "/kiem-tra", nav, "Kiểm tra trước khi nộp", "Check before sending");
  nav_item(b, r, "/nop-bao-cao", nav, "Nộp báo cáo", "Submit");
  nav_item(b, r, "/ho-tro", nav, "Hỗ trợ", "Help desk");
  nav_item(b, r, "/tong-hop", nav, "Tổng hợp", "Consolidate");
  nav_item(b, r, "/bieu-mau", nav, "Biểu mẫu", "Forms");
  xc_buf_adds(b, "</ul></nav>");
  /* the other language, same page */
  xc_web_raw(b, "<a class=\"lang\" href=\"%s?lang=%s\" lang=\"%s\">%s</a>", nav[0] ? nav : "/",
             r->lang == XC_LANG_EN ? "vi" : "en", r->lang == XC_LANG_EN ? "vi" : "en",
             r->lang == XC_LANG_EN ? "Tiếng Việt" : "English");
  xc_buf_adds(b, "</div></header>\n<main id=\"main\" class=\"wrap\">\n");
}

int xc_web_page_send(xc_web_req *r, unsigned status, xc_buf *b) {
  /* the submissions' pages keep what is sent; the others keep nothing */
  bool kept = strncmp(r->path, "/nop-bao-cao", 12) == 0 || strncmp(r->path, "/so-noi-vu", 10) == 0 ||
              strncmp(r->path, "/dang-", 6) == 0;
  xc_web_raw(b, "\n</main>\n<footer class=\"site\"><div class=\"wrap\">%s</div></footer>\n</body>\n</html>\n",
             kept ? xc_web_t(r, "xlsxcheck — công cụ kiểm tra và tổng hợp báo cáo cải cách hành chính. "
                                "Báo cáo đã nộp được lưu trên máy chủ của Sở Nội vụ; mỗi lần nộp là một phiên bản, không bị ghi đè.",
                             "xlsxcheck — checks and consolidates the administrative-reform reports. "
                             "Submitted reports are kept on the Sở Nội vụ's server; each submission is a version, never overwritten.")
                  : xc_web_t(r, "xlsxcheck — công cụ kiểm tra và tổng hợp báo cáo cải cách hành chính. "
                                "Tệp tải lên chỉ dùng để trả lời rồi bị xoá ngay.",
                             "xlsxcheck — checks and consolidates the administrative-reform reports. "
                             "Uploaded files are used for the answer only and deleted at once."));
  const char *body;
  size_t len;
  status = xc_web_page_body(r, status, b, &body, &len);
  return xc_web_send(r, status, "text/html; charset=utf-8", body, len);
}

/* A page that lost text for want of memory is never sent cut short with
 * its status: a short fixed page says so instead (413, as every want of
 * memory of a request; fixed text, so nothing more is allocated here). */
static const char OOM_PAGE_VI[] =
    "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Không đủ bộ nhớ</title></head><body>\n"
    "<h1>Máy chủ không đủ bộ nhớ để trả lời</h1>\n<p>Yêu cầu cần nhiều bộ nhớ hơn máy chủ hiện có nên chưa được "
    "xử lý. Thử lại sau ít phút.</p>\n<p><a href=\"/\">Về trang chủ</a></p>\n</body></html>\n";
static const char OOM_PAGE_EN[] =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Out of memory</title></head><body>\n"
    "<h1>The server ran out of memory for this answer</h1>\n<p>The request needs more memory than the server has, "
    "so it was not done. Try again in a few minutes.</p>\n<p><a href=\"/?lang=en\">Back to the home page</a></p>\n"
    "</body></html>\n";

unsigned xc_web_page_body(const xc_web_req *r, unsigned status, const xc_buf *b, const char **body, size_t *len) {
  if (!b->nomem) {
    *body = b->data ? b->data : "";
    *len = b->len;
    return status;
  }
  *body = r->lang == XC_LANG_EN ? OOM_PAGE_EN : OOM_PAGE_VI;
  *len = strlen(*body);
  return 413;
}
