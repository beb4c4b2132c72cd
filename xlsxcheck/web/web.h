/* web.h: what the pages and the API of `xlsxcheck serve` share: the request
 * as a handler sees it (method, path, language, form fields, uploaded files
 * already streamed to temporary files), the route table, and the helpers that
 * answer (HTML pages with escaping and the security headers, JSON, files,
 * redirects, the JSON error shape).
 *
 * A handler is called once the whole request has arrived; it answers with
 * exactly one xc_web_send* / xc_web_page_send / xc_web_error call and returns
 * its result.  Everything the request owns (its temporary folder, its files,
 * its fields) is freed by the server when the connection is done with it,
 * whatever happened (answer sent, error, client gone). */
#ifndef XC_WEB_H
#define XC_WEB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../buf.h"
#include "../xlsxcheck.h"

struct MHD_Connection;

/* The server's settings, read-only once it runs. */
typedef struct {
  char host[256];
  unsigned port;
  char data_dir[4096];   /* --data, absolute */
  char tmp_dir[4200];    /* data_dir/tmp: one folder per request */
  char share_dir[4096];  /* where rulesets/ and templates/ are */
  uint64_t max_upload;   /* bytes of one request's body (--max-upload-mb) */
  unsigned threads;
  xc_limits limits;      /* the command line's caps on every workbook */
} xc_web_config;

/* One uploaded file: its content is in `path` (a name the server chose,
 * inside the request's temporary folder); `name` is the name the browser
 * sent, reduced to a safe display name (no folder, no control characters,
 * valid UTF-8).  It never becomes a path. */
typedef struct {
  char *field;   /* the form field ("file") */
  char *name;    /* display name, e.g. "bao-cao_dak-ha.xlsx" */
  char *path;    /* temporary file */
  uint64_t size;
} xc_web_upload;

typedef struct {
  char *name, *value;
} xc_web_field;

typedef struct {
  char *name, *value;
} xc_web_header;

typedef struct xc_web_req {
  struct MHD_Connection *conn;
  const xc_web_config *cfg;
  const char *method;        /* "GET", "POST", … */
  const char *path;          /* "/kiem-tra" (no query) */
  xc_lang lang;              /* ?lang=, else Accept-Language, else vi */
  bool lang_forced;          /* ?lang= (or a lang form field) chose it: links carry it on */
  const char *tmp;           /* the request's temporary folder ("" until an upload creates it) */
  xc_web_upload *files;
  size_t nfiles;
  xc_web_field *fields;      /* form fields that are not files (urlencoded or multipart) */
  size_t nfields;
  xc_web_header *headers;    /* extra response headers (Set-Cookie, …) for the answer */
  size_t nheaders;
  /* a POST to a route without XC_WEB_UPLOAD whose body is neither multipart
   * nor urlencoded (JSON, or none): the body, at most XC_WEB_MAX_RAW bytes */
  const char *body;
  size_t body_len;
  char address[64];          /* the client's IP address, numeric */
} xc_web_req;

#define XC_WEB_MAX_RAW 65536

typedef int (*xc_web_handler)(xc_web_req *r);

/* A route: method and path.  XC_WEB_PREFIX: path is a prefix ("/static/").
 * XC_WEB_UPLOAD: the handler takes a multipart body with files. */
enum { XC_WEB_PREFIX = 1, XC_WEB_UPLOAD = 2 };
typedef struct {
  const char *method;
  const char *path;
  xc_web_handler handler;
  unsigned flags;
} xc_web_route;

/* The route table (routes.c), ended by a zeroed entry. */
extern const xc_web_route xc_web_routes[];

/* ---- reading the request ----------------------------------------------- */

/* A query-string argument, a request header, a cookie; NULL when absent. */
const char *xc_web_query(const xc_web_req *r, const char *name);
const char *xc_web_header_in(const xc_web_req *r, const char *name);
const char *xc_web_cookie(const xc_web_req *r, const char *name);
/* A form field (urlencoded or multipart, not a file); NULL when absent. */
const char *xc_web_field_get(const xc_web_req *r, const char *name);
/* How many uploaded files came in `field`. */
size_t xc_web_count_files(const xc_web_req *r, const char *field);

/* A language label: vi or en by the request's language. */
const char *xc_web_t(const xc_web_req *r, const char *vi, const char *en);

/* ---- answering ----------------------------------------------------------- */

/* An extra header for the answer (e.g. Set-Cookie); copied. */
void xc_web_add_header(xc_web_req *r, const char *name, const char *value);
/* body copied; every answer carries the security headers. */
int xc_web_send(xc_web_req *r, unsigned status, const char *content_type, const void *body, size_t len);
/* The file at path, opened now (it may be removed once this returns);
 * download_name non-NULL: Content-Disposition attachment with that name. */
int xc_web_send_file(xc_web_req *r, unsigned status, const char *content_type, const char *path,
                     const char *download_name);
int xc_web_redirect(xc_web_req *r, unsigned status, const char *location);
/* The JSON error shape {"error": {"code": …, "message": …}}. */
int xc_web_json_error(xc_web_req *r, unsigned status, const char *code, const char *message);
/* A refusal: the JSON error under /api/, else an error page in the language. */
int xc_web_error(xc_web_req *r, unsigned status, const char *code, const char *msg_vi, const char *msg_en);
/* A request whose file needed more memory than the server has: treated as a
 * file over a cap (413 "out_of_memory", the file not processed, its upload
 * removed as always); the server goes on. */
int xc_web_out_of_memory(xc_web_req *r);

/* ---- pages ----------------------------------------------------------------- */

/* Text escaped for HTML element content and quoted attribute values. */
void xc_web_esc(xc_buf *b, const char *s);
void xc_web_escn(xc_buf *b, const char *s, size_t n);
/* printf into b, then nothing is escaped: give only trusted text and
 * numbers here, and workbook text through xc_web_esc. */
bool xc_web_raw(xc_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* A link to a page of the site, carrying ?lang= when the request chose it. */
void xc_web_href(xc_buf *b, const xc_web_req *r, const char *path);
/* The page frame: <head> (title escaped; "Lỗi: " in front when error),
 * header with the navigation (nav: the current page's path, or ""), <main>. */
void xc_web_page_begin(xc_buf *b, const xc_web_req *r, const char *title, const char *nav, bool error);
/* Closes <main>, the footer, the document; sends it. */
int xc_web_page_send(xc_web_req *r, unsigned status, xc_buf *b);
/* What xc_web_page_send sends for the finished page b: b itself with
 * status, or, when b lost text for want of memory, a fixed page saying so
 * with 413 (the status returned). */
unsigned xc_web_page_body(const xc_web_req *r, unsigned status, const xc_buf *b, const char **body, size_t *len);
/* The hidden input that keeps the language of a form. */
void xc_web_lang_input(xc_buf *b, const xc_web_req *r);

#endif
