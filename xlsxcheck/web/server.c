/* server.c: `xlsxcheck serve` on GNU libmicrohttpd: options, the daemon
 * (thread pool, connection timeout and limit), the request's life (routing
 * by method and path, the body streamed through MHD's POST processor with
 * files written to a per-request temporary folder, the size cap enforced
 * while streaming), cleanup when the connection is done whatever happened,
 * and the orderly stop on SIGINT/SIGTERM (stop accepting, let the requests
 * in flight finish for up to 10 s, exit 0). */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../msg.h"
#include "../xlsxcheck.h"
#include "engine.h"
#include "serve.h"
#include "submit.h"
#include "web.h"

#define MAX_FILES 500           /* files in one request */
#define MAX_FIELDS 64           /* text fields in one request */
#define MAX_FIELD_BYTES 65536   /* all text fields of one request together */
#define POST_BUFFER 65536       /* MHD's POST processor buffer */
#define STOP_GRACE_SECONDS 10

typedef struct {
  xc_web_req r;                 /* what the handler sees (first: the request is its container) */
  const xc_web_route *route;
  struct MHD_PostProcessor *pp;
  char tmp[4300];
  int fd;                       /* the upload being written, or -1 */
  uint64_t received;            /* body bytes so far */
  size_t field_bytes;
  size_t cap_files, cap_fields, cap_headers;
  bool too_big, bad, answered, raw;
  xc_buf raw_body;
  const char *bad_why;
} request;

typedef struct {
  xc_web_config cfg;
  atomic_int inflight;
} server;

/* ---- temporary folders --------------------------------------------------- */

static int rm_entry(const char *p, const struct stat *st, int type, struct FTW *f) {
  (void)st;
  (void)f;
  if (type == FTW_DP) rmdir(p);
  else unlink(p);
  return 0;
}

static void rm_tree(const char *dir) {
  if (dir && *dir) nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static bool make_tmp(request *q) {
  if (q->tmp[0]) return true;
  snprintf(q->tmp, sizeof q->tmp, "%s/req-XXXXXX", q->r.cfg->tmp_dir);
  if (!mkdtemp(q->tmp)) {
    q->tmp[0] = '\0';
    return false;
  }
  q->r.tmp = q->tmp;
  return true;
}

/* ---- uploads ------------------------------------------------------------- */

/* The browser's file name as a display name: the part after the last / or \,
 * control characters and invalid UTF-8 dropped, at most 150 bytes. */
static char *display_name(const char *sent) {
  const char *base = sent;
  for (const char *p = sent; *p; p++)
    if (*p == '/' || *p == '\\') base = p + 1;
  size_t n = strlen(base);
  char *out = malloc(n + 1 > 32 ? n + 1 : 32);
  if (!out) return NULL;
  size_t o = 0;
  const unsigned char *s = (const unsigned char *)base;
  for (size_t i = 0; i < n && o < 150;) {
    unsigned char c = s[i];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = len > 0 && i + len <= n && !(len == 2 && c < 0xC2);
    for (size_t k = 1; ok && k < len; k++) ok = (s[i + k] & 0xC0) == 0x80;
    if (!ok) {
      i++;
      continue;
    }
    if (len == 1 && (c < 0x20 || c == 0x7F)) {
      i++;
      continue;
    }
    if (o + len > 150) break;
    memcpy(out + o, s + i, len);
    o += len;
    i += len;
  }
  out[o] = '\0';
  while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '.')) out[--o] = '\0';
  if (!o || strcmp(out, "..") == 0) strcpy(out, "tep-tai-len.xlsx");
  return out;
}

/* The extension the temporary file keeps (the reader and explain look at it). */
static const char *safe_ext(const char *name) {
  static const char *const known[] = {"xlsx", "xlsm", "xltx", "xltm", "xls", "zip", "csv", "htm", "html", "ods", "txt", NULL};
  const char *dot = strrchr(name, '.');
  if (dot)
    for (size_t i = 0; known[i]; i++)
      if (strcasecmp(dot + 1, known[i]) == 0) return known[i];
  return "bin";
}

static void close_upload(request *q) {
  if (q->fd >= 0) {
    if (close(q->fd) != 0) q->bad = true, q->bad_why = "write";
    q->fd = -1;
  }
}

static bool start_upload(request *q, const char *key, const char *filename) {
  close_upload(q);
  if (q->r.nfiles >= MAX_FILES || !make_tmp(q)) return false;
  if (q->r.nfiles == q->cap_files) {
    size_t cap = q->cap_files ? q->cap_files * 2 : 8;
    xc_web_upload *f = realloc(q->r.files, cap * sizeof *f);
    if (!f) return false;
    q->r.files = f;
    q->cap_files = cap;
  }
  xc_web_upload *u = &q->r.files[q->r.nfiles];
  memset(u, 0, sizeof *u);
  u->field = strdup(key ? key : "");
  u->name = display_name(filename);
  char path[4400];
  snprintf(path, sizeof path, "%s/%zu.%s", q->tmp, q->r.nfiles + 1, safe_ext(u->name ? u->name : ""));
  u->path = strdup(path);
  q->r.nfiles++;
  if (!u->field || !u->name || !u->path) return false;
  q->fd = open(u->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  return q->fd >= 0;
}

static bool add_field(request *q, const char *key, const char *data, size_t size, bool append) {
  q->field_bytes += size;
  if (q->field_bytes > MAX_FIELD_BYTES) return false;
  if (append && q->r.nfields) {
    xc_web_field *f = &q->r.fields[q->r.nfields - 1];
    size_t old = strlen(f->value);
    char *v = realloc(f->value, old + size + 1);
    if (!v) return false;
    memcpy(v + old, data, size);
    v[old + size] = '\0';
    f->value = v;
    return true;
  }
  if (q->r.nfields >= MAX_FIELDS) return false;
  if (q->r.nfields == q->cap_fields) {
    size_t cap = q->cap_fields ? q->cap_fields * 2 : 8;
    xc_web_field *f = realloc(q->r.fields, cap * sizeof *f);
    if (!f) return false;
    q->r.fields = f;
    q->cap_fields = cap;
  }
  xc_web_field *f = &q->r.fields[q->r.nfields++];
  f->name = strdup(key ? key : "");
  f->value = malloc(size + 1);
  if (!f->name || !f->value) return false;
  memcpy(f->value, data, size);
  f->value[size] = '\0';
  return true;
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size) {
  (void)kind;
  (void)content_type;
  (void)transfer_encoding;
  request *q = cls;
  if (q->too_big || q->bad) return MHD_YES;
  if (filename) {
    xc_web_upload *cur = q->r.nfiles ? &q->r.files[q->r.nfiles - 1] : NULL;
    bool fresh = off == 0 && (q->fd < 0 || !cur || cur->size > 0 || strcmp(cur->field, key ? key : ""));
    if (fresh && !start_upload(q, key, filename)) {
      q->bad = true;
      q->bad_why = q->r.nfiles >= MAX_FILES ? "files" : "write";
      return MHD_YES;
    }
    if (q->fd < 0) return MHD_YES;
    cur = &q->r.files[q->r.nfiles - 1];
    for (size_t done = 0; done < size;) {
      ssize_t w = write(q->fd, data + done, size - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        q->bad = true;
        q->bad_why = "write";
        return MHD_YES;
      }
      done += (size_t)w;
    }
    cur->size += size;
    return MHD_YES;
  }
  close_upload(q);
  if (!add_field(q, key, data, size, off > 0)) {
    q->bad = true;
    q->bad_why = "fields";
  }
  return MHD_YES;
}

/* ---- the request's end --------------------------------------------------- */

static void free_request(request *q) {
  if (q->pp) MHD_destroy_post_processor(q->pp);
  close_upload(q);
  rm_tree(q->tmp);
  for (size_t i = 0; i < q->r.nfiles; i++) {
    free(q->r.files[i].field);
    free(q->r.files[i].name);
    free(q->r.files[i].path);
  }
  free(q->r.files);
  for (size_t i = 0; i < q->r.nfields; i++) {
    free(q->r.fields[i].name);
    free(q->r.fields[i].value);
  }
  free(q->r.fields);
  for (size_t i = 0; i < q->r.nheaders; i++) {
    free(q->r.headers[i].name);
    free(q->r.headers[i].value);
  }
  free(q->r.headers);
  xc_buf_free(&q->raw_body);
  free(q);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode why) {
  (void)c;
  (void)why;
  server *s = cls;
  request *q = *con_cls;
  if (!q) return;
  *con_cls = NULL;
  free_request(q);
  atomic_fetch_sub(&s->inflight, 1);
}

void xc_web_add_header(xc_web_req *r, const char *name, const char *value) {
  request *q = (request *)r;
  if (r->nheaders == q->cap_headers) {
    size_t cap = q->cap_headers ? q->cap_headers * 2 : 4;
    xc_web_header *h = realloc(r->headers, cap * sizeof *h);
    if (!h) return;
    r->headers = h;
    q->cap_headers = cap;
  }
  char *n = strdup(name), *v = strdup(value);
  if (!n || !v) {
    free(n);
    free(v);
    return;
  }
  r->headers[r->nheaders++] = (xc_web_header){n, v};
}

/* ---- routing ---------------------------------------------------------------- */

/* The route for method and path; *path_known tells a 405 from a 404. */
static const xc_web_route *find_route(const char *method, const char *path, bool *path_known, xc_buf *allow) {
  *path_known = false;
  for (const xc_web_route *rt = xc_web_routes; rt->path; rt++) {
    bool match = (rt->flags & XC_WEB_PREFIX) ? strncmp(path, rt->path, strlen(rt->path)) == 0
                                             : strcmp(path, rt->path) == 0;
    if (!match) continue;
    *path_known = true;
    if (strcmp(method, rt->method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0))
      return rt;
    if (!strstr(xc_buf_str(allow), rt->method)) xc_buf_printf(allow, "%s%s", allow->len ? ", " : "", rt->method);
  }
  return NULL;
}

static xc_lang pick_lang(xc_web_req *r) {
  const char *q = xc_web_query(r, "lang");
  if (q && (strcmp(q, "en") == 0 || strcmp(q, "vi") == 0)) {
    r->lang_forced = true;
    return strcmp(q, "en") == 0 ? XC_LANG_EN : XC_LANG_VI;
  }
  /* Accept-Language: the first of vi and en by quality, then order */
  const char *al = xc_web_header_in(r, "Accept-Language");
  double best_q = -1;
  xc_lang best = XC_LANG_VI;
  for (const char *p = al; p && *p;) {
    while (*p == ' ' || *p == ',') p++;
    const char *tag = p;
    while (*p && *p != ',' && *p != ';' && *p != ' ') p++;
    size_t tl = (size_t)(p - tag);
    double qv = 1.0;
    const char *end = strchr(p, ',');
    const char *qs = strstr(p, "q=");
    if (qs && (!end || qs < end)) qv = strtod(qs + 2, NULL);
    int which = -1;
    if (tl >= 2 && strncasecmp(tag, "vi", 2) == 0 && (tl == 2 || tag[2] == '-')) which = XC_LANG_VI;
    if (tl >= 2 && strncasecmp(tag, "en", 2) == 0 && (tl == 2 || tag[2] == '-')) which = XC_LANG_EN;
    if (which >= 0 && qv > best_q) best_q = qv, best = (xc_lang)which;
    p = end ? end : p + strlen(p);
  }
  return best;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls) {
  (void)version;
  server *s = cls;
  request *q = *con_cls;
  if (!q) {
    q = calloc(1, sizeof *q);
    if (!q) return MHD_NO;
    q->fd = -1;
    q->r.conn = c;
    q->r.cfg = &s->cfg;
    q->r.method = method;
    q->r.path = url;
    q->r.tmp = "";
    q->r.body = "";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr)
      getnameinfo(ci->client_addr, ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in),
                  q->r.address, sizeof q->r.address, NULL, 0, NI_NUMERICHOST);
    *con_cls = q;
    atomic_fetch_add(&s->inflight, 1);
    q->r.lang = pick_lang(&q->r);
    bool known;
    xc_buf allow;
    xc_buf_init(&allow, 256);
    q->route = find_route(method, url, &known, &allow);
    if (!q->route) {
      q->answered = true;
      enum MHD_Result rc;
      if (known) {
        xc_web_add_header(&q->r, "Allow", xc_buf_str(&allow));
        rc = xc_web_error(&q->r, 405, "method_not_allowed", "Phương thức này không dùng được ở địa chỉ này.",
                          "This method is not allowed at this address.");
      } else {
        rc = xc_web_error(&q->r, 404, "not_found", "Không có trang này.", "There is no such page.");
      }
      xc_buf_free(&allow);
      return rc;
    }
    xc_buf_free(&allow);
    if (strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0) {
      const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
      if (cl && strtoull(cl, NULL, 10) > s->cfg.max_upload) {
        q->answered = true;
        return xc_web_error(&q->r, 413, "too_large", "Tệp tải lên quá lớn so với giới hạn của máy chủ.",
                            "The upload is larger than the server's limit.");
      }
      q->pp = MHD_create_post_processor(c, POST_BUFFER, on_part, q);
      const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
      if (!q->pp && (!(q->route->flags & XC_WEB_UPLOAD) || !ct || !*ct)) {
        q->raw = true; /* JSON or no body: kept in memory, capped */
        xc_buf_init(&q->raw_body, XC_WEB_MAX_RAW);
      } else if (!q->pp) {
        q->answered = true;
        return xc_web_error(&q->r, 400, "bad_request",
                            "Yêu cầu phải gửi tệp theo dạng multipart/form-data (trường \"file\").",
                            "The request must send files as multipart/form-data (field \"file\").");
      }
    }
    return MHD_YES;
  }
  if (q->answered) {
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (*upload_data_size) {
    q->received += *upload_data_size;
    if (q->received > s->cfg.max_upload && !q->too_big) {
      /* over the cap (a body without Content-Length): drop what was kept */
      q->too_big = true;
      close_upload(q);
      rm_tree(q->tmp);
      q->tmp[0] = '\0';
      q->r.tmp = "";
    }
    if (q->too_big && q->received > s->cfg.max_upload * 2 + 1048576) return MHD_NO; /* stop reading */
    if (q->raw && !q->too_big && !xc_buf_add(&q->raw_body, upload_data, *upload_data_size)) q->too_big = true;
    if (!q->too_big && !q->bad && q->pp && MHD_post_process(q->pp, upload_data, *upload_data_size) != MHD_YES) {
      q->bad = true;
      q->bad_why = "multipart";
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  /* the whole request is in */
  q->answered = true;
  if (q->pp) {
    if (MHD_destroy_post_processor(q->pp) != MHD_YES && !q->too_big && !q->bad) {
      q->bad = true;
      q->bad_why = "multipart";
    }
    q->pp = NULL;
  }
  close_upload(q);
  if (q->too_big)
    return xc_web_error(&q->r, 413, "too_large", "Tệp tải lên quá lớn so với giới hạn của máy chủ.",
                        "The upload is larger than the server's limit.");
  if (q->bad) {
    if (q->bad_why && strcmp(q->bad_why, "write") == 0)
      return xc_web_error(&q->r, 503, "storage", "Máy chủ không lưu tạm được tệp (đĩa đầy?). Thử lại sau.",
                          "The server could not store the upload (disk full?). Try again later.");
    if (q->bad_why && strcmp(q->bad_why, "files") == 0)
      return xc_web_error(&q->r, 413, "too_many_files", "Quá nhiều tệp trong một lần gửi.",
                          "Too many files in one request.");
    return xc_web_error(&q->r, 400, "bad_request", "Yêu cầu không đúng dạng multipart/form-data.",
                        "The request is not well-formed multipart/form-data.");
  }
  if (q->raw) {
    q->r.body = xc_buf_str(&q->raw_body);
    q->r.body_len = q->raw_body.len;
  }
  /* a lang field of a form chooses the language too */
  const char *lf = xc_web_field_get(&q->r, "lang");
  if (lf && (strcmp(lf, "en") == 0 || strcmp(lf, "vi") == 0)) {
    q->r.lang = strcmp(lf, "en") == 0 ? XC_LANG_EN : XC_LANG_VI;
    q->r.lang_forced = true;
  }
  return (enum MHD_Result)q->route->handler(&q->r);
}

/* ---- reading the request ------------------------------------------------ */

const char *xc_web_query(const xc_web_req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *xc_web_header_in(const xc_web_req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *xc_web_cookie(const xc_web_req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *xc_web_field_get(const xc_web_req *r, const char *name) {
  for (size_t i = 0; i < r->nfields; i++)
    if (strcmp(r->fields[i].name, name) == 0) return r->fields[i].value;
  return NULL;
}

size_t xc_web_count_files(const xc_web_req *r, const char *field) {
  size_t n = 0;
  for (size_t i = 0; i < r->nfiles; i++) n += strcmp(r->files[i].field, field) == 0;
  return n;
}

/* ---- options and the daemon --------------------------------------------- */

static void say_usage(FILE *to) {
  fprintf(to, "Cách dùng / usage: xlsxcheck serve [--listen HOST:PORT] [--data DIR] [--max-upload-mb N] [--threads N]\n"
              "  --listen HOST:PORT   địa chỉ nghe / address to listen on (127.0.0.1:8080; 0.0.0.0:8080 for the LAN)\n"
              "  --data DIR           thư mục dữ liệu / data folder (./xlsxcheck-data, created)\n"
              "  --max-upload-mb N    giới hạn một lần tải lên / upload limit (20)\n"
              "  --threads N          số luồng / worker threads (cores)\n");
}

static bool parse_listen(const char *s, char *host, size_t cap, unsigned *port) {
  const char *colon;
  if (s[0] == '[') { /* [::1]:8080 */
    const char *close = strchr(s, ']');
    if (!close || close[1] != ':' || (size_t)(close - s - 1) >= cap) return false;
    memcpy(host, s + 1, (size_t)(close - s - 1));
    host[close - s - 1] = '\0';
    colon = close + 1;
  } else {
    colon = strrchr(s, ':');
    if (!colon || (size_t)(colon - s) >= cap) return false;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
  }
  char *end;
  unsigned long p = strtoul(colon + 1, &end, 10);
  if (end == colon + 1 || *end || p > 65535) return false;
  *port = (unsigned)p;
  return host[0] != '\0';
}

static bool mkdir_p(const char *dir) {
  char tmp[4300];
  snprintf(tmp, sizeof tmp, "%s", dir);
  for (char *p = tmp + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      if (mkdir(tmp, 0750) != 0 && errno != EEXIST) return false;
      *p = '/';
    }
  return mkdir(tmp, 0750) == 0 || errno == EEXIST;
}

static void log_line(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  fputs("xlsxcheck serve: ", stderr);
  vfprintf(stderr, fmt, ap);
}

int xc_serve_main(int argc, char **argv) {
  static server s; /* lives as long as the daemon */
  memset(&s, 0, sizeof s);
  xc_web_config *cfg = &s.cfg;
  snprintf(cfg->host, sizeof cfg->host, "127.0.0.1");
  cfg->port = 8080;
  const char *data = "xlsxcheck-data";
  double mb = 20;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  cfg->threads = cores < 1 ? 1 : cores > 64 ? 64 : (unsigned)cores;
  xc_limits_default(&cfg->limits);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    char *end = NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      say_usage(stdout);
      return 0;
    } else if (strcmp(a, "--listen") == 0 && v) {
      if (!parse_listen(v, cfg->host, sizeof cfg->host, &cfg->port)) {
        fprintf(stderr, "xlsxcheck serve: --listen %s: cần HOST:PORT / expected HOST:PORT\n", v);
        return 2;
      }
      i++;
    } else if (strcmp(a, "--data") == 0 && v) {
      data = v;
      i++;
    } else if (strcmp(a, "--max-upload-mb") == 0 && v) {
      mb = strtod(v, &end);
      if (end == v || *end || !(mb > 0) || mb > 4096) {
        fprintf(stderr, "xlsxcheck serve: --max-upload-mb %s: cần một số từ 0 đến 4096 / expected 0 < N <= 4096\n", v);
        return 2;
      }
      i++;
    } else if (strcmp(a, "--threads") == 0 && v) {
      long t = strtol(v, &end, 10);
      if (end == v || *end || t < 1 || t > 256) {
        fprintf(stderr, "xlsxcheck serve: --threads %s: cần một số từ 1 đến 256 / expected 1..256\n", v);
        return 2;
      }
      cfg->threads = (unsigned)t;
      i++;
    } else {
      fprintf(stderr, "xlsxcheck serve: %s: tùy chọn không rõ / unknown option\n", a);
      say_usage(stderr);
      return 2;
    }
  }
  cfg->max_upload = (uint64_t)(mb * 1048576.0);
  /* the data folder and its scratch space (left-overs of a crash removed) */
  if (!mkdir_p(data) || !realpath(data, cfg->data_dir)) {
    fprintf(stderr, "xlsxcheck serve: %s: không tạo được thư mục dữ liệu / cannot create the data folder: %s\n", data,
            strerror(errno));
    return 2;
  }
  snprintf(cfg->tmp_dir, sizeof cfg->tmp_dir, "%s/tmp", cfg->data_dir);
  rm_tree(cfg->tmp_dir);
  if (mkdir(cfg->tmp_dir, 0700) != 0 || access(cfg->tmp_dir, W_OK) != 0) {
    fprintf(stderr, "xlsxcheck serve: %s: không ghi được / not writable: %s\n", cfg->tmp_dir, strerror(errno));
    return 2;
  }
  if (!xc_web_engine_init(cfg)) return 2;
  if (!xc_submit_init(cfg)) { /* the submissions store in --data */
    xc_web_engine_free();
    return 2;
  }

  /* the address */
  struct addrinfo hints, *ai = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  char portstr[16];
  snprintf(portstr, sizeof portstr, "%u", cfg->port);
  int gai = getaddrinfo(cfg->host, portstr, &hints, &ai);
  if (gai != 0 || !ai) {
    fprintf(stderr, "xlsxcheck serve: %s: %s\n", cfg->host, gai_strerror(gai));
    return 2;
  }

  /* SIGINT and SIGTERM are waited for by this thread only */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
  if (ai->ai_family == AF_INET6) flags |= MHD_USE_IPv6;
  struct MHD_Daemon *d = MHD_start_daemon(
      flags, (uint16_t)cfg->port, NULL, NULL, on_request, &s,
      MHD_OPTION_EXTERNAL_LOGGER, log_line, NULL,
      MHD_OPTION_SOCK_ADDR, ai->ai_addr,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)60,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned int)256,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)0,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
      MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s,
      MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "xlsxcheck serve: %s:%u: không mở được cổng (đang bận hoặc không có quyền) / cannot listen (in use or not allowed)\n",
            cfg->host, cfg->port);
    freeaddrinfo(ai);
    xc_submit_free();
    xc_web_engine_free();
    return 2;
  }
  freeaddrinfo(ai);
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  unsigned port = info && info->port ? info->port : cfg->port;
  bool v6 = strchr(cfg->host, ':') != NULL;
  printf("listening on http://%s%s%s:%u/\n", v6 ? "[" : "", cfg->host, v6 ? "]" : "", port);
  fflush(stdout);

  int sig = 0;
  while (sigwait(&stop, &sig) != 0) {
  }
  fprintf(stderr, "xlsxcheck serve: %s: dừng nhận kết nối mới, chờ các yêu cầu đang chạy / stopping\n",
          sig == SIGINT ? "SIGINT" : "SIGTERM");
  MHD_socket ls = MHD_quiesce_daemon(d);
  if (ls != MHD_INVALID_SOCKET) close(ls);
  struct timespec t0, now;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (;;) {
    if (atomic_load(&s.inflight) <= 0) break;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec - t0.tv_sec >= STOP_GRACE_SECONDS) break;
    struct timespec nap = {0, 20000000};
    nanosleep(&nap, NULL);
  }
  MHD_stop_daemon(d);
  rm_tree(cfg->tmp_dir);
  xc_submit_free();
  xc_web_engine_free();
  return 0;
}
