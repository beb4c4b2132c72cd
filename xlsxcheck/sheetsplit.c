/* sheetsplit.c: a large worksheet read on every core.
 *
 * Once every row carries its number (r), rows can be parsed apart: the
 * main thread cuts the inflated part into slices just after row end tags
 * ("</row>"), worker threads parse each slice with its own expat parser
 * and the same handlers as the serial reader (the slice wrapped in a
 * dummy element, with the namespace bindings in force at <sheetData>),
 * and the main thread hands their cells to the callback in file order.
 * A "head" parser reads everything else (what comes before the first
 * slice and after the last), so to it the part stays one well-formed
 * document.
 *
 * A slice that parses alone is complete: it cannot end inside a tag, a
 * comment, a CDATA section or a processing instruction, so the next cut
 * starts between two elements.  Anything else -- a slice or the head that
 * fails to parse, a row without r, a callback that refuses a cell --
 * abandons the attempt: the part is read again by the serial reader, the
 * cells already delivered are skipped, and the results, the errors and
 * their positions are exactly the serial reader's.  Parts declared in an
 * encoding other than UTF-8 are never cut.
 *
 * XLSXCHECK_SPLIT=0 turns it off; XLSXCHECK_SPLIT_MIN (bytes of the
 * inflated part, default 8 MiB) and XLSXCHECK_SPLIT_SLICE (bytes per
 * slice, default 512 KiB) let the tests run every file through it, and
 * A trace (XC_TRACE_SPLIT, xc_limits) says what happened to each part. */
#define _GNU_SOURCE /* memmem, memrchr */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "alloc.h"
#include "sheetctx.h"
#include "zipio.h"

#define MAXQ 8                    /* slices parsed or waiting, at most */
#define PEND_MAX (64u << 20)      /* no row end in this much: the head reads on */
#define MAX_WORKERS 3

/* One cell parsed by a worker, kept until its turn: 40 bytes, and in the
 * slice's text its number's digits, its text and its reference. */
typedef struct {
  double num;
  uint32_t row, col, style;
  uint32_t off, len; /* the cell's bytes in the slice's text; its text's length */
  int32_t sst;
  uint8_t type, flags, ref_len;
} rec;

enum { R_FORMULA = 1, R_DEC = 2, R_TEXT = 4, R_REF = 8 };
enum { J_QUEUED, J_RUNNING, J_DONE };

typedef struct {
  char *data;
  size_t len;
  int state;
  bool failed;
  rec *recs;
  size_t n, cap;
  xc_buf text;
  uint32_t last_row;
} job;

enum { M_HEAD, M_BOUNDARY, M_ROWS, M_TAIL };

typedef struct {
  xc_workbook *wb;
  const char *part;
  xc_cell_fn fn;
  void *ctx;
  /* the head parser */
  sheet_ctx head;
  xc_xml_stream *hs;
  xc_error herr;
  int mode;
  bool first, split, fallback;
  xc_err sink_rc;
  char row_end[80], sd_end[90];
  size_t row_end_len, sd_end_len;
  /* what every slice starts from */
  struct ns_binding *ns;
  size_t nns;
  uint32_t depth;
  /* bytes after the last cut */
  char *pend;
  size_t plen, pcap, scanned;
  /* delivery */
  uint64_t delivered;
  uint32_t last_row;
  /* the queue: q[qhead..qtail) in file order; q[qtake..qtail) not started */
  pthread_mutex_t mu;
  pthread_cond_t work, done;
  job *q[MAXQ];
  size_t qhead, qtake, qtail;
  size_t slices; /* queued in all */
  bool quit;
  pthread_t th[MAX_WORKERS];
  int nth;
} splitter;

static xc_err keep_cell(void *ud, const xc_cell *c) {
  job *j = ud;
  if (c->sst > INT32_MAX || c->len > UINT32_MAX - 64 || j->text.len > UINT32_MAX - c->len - 64)
    return XC_ERR_LIMIT; /* the serial reader takes it */
  if (j->n == j->cap) { /* no memory: the serial reader takes it, with less */
    size_t cap = j->cap ? j->cap * 2 : 1024;
    rec *recs = xc_try_realloc(j->recs, cap * sizeof *j->recs);
    if (!recs) return XC_ERR_LIMIT;
    j->recs = recs;
    j->cap = cap;
  }
  rec *r = &j->recs[j->n++];
  r->num = c->num;
  r->row = c->row;
  r->col = c->col;
  r->style = c->style;
  r->off = (uint32_t)j->text.len;
  r->len = (uint32_t)c->len;
  r->sst = (int32_t)c->sst;
  r->type = (uint8_t)c->type;
  r->ref_len = c->ref ? c->ref_len : 0;
  r->flags = (c->formula ? R_FORMULA : 0) | (c->dec ? R_DEC : 0) | (c->ref ? R_REF : 0) |
             (c->sst < 0 && c->len > 0 ? R_TEXT : 0);
  xc_buf *t = &j->text;
  if (c->dec) { /* sign, more, count, exponent, then the digits */
    const xc_decimal *d = c->dec;
    unsigned char h[7] = {d->neg, d->more, d->nd};
    memcpy(h + 3, &d->exp10, 4);
    xc_buf_add(t, h, sizeof h);
    xc_buf_add(t, d->digits, d->nd);
  }
  if (r->flags & R_TEXT) {
    xc_buf_add(t, c->text, c->len);
    xc_buf_addc(t, '\0');
  }
  if (c->ref) {
    xc_buf_add(t, c->ref, c->ref_len);
    xc_buf_addc(t, '\0');
  }
  if (t->nomem) return XC_ERR_LIMIT; /* a record without its text: the slice fails, the serial reader takes it */
  return XC_OK;
}

static void parse_job(const splitter *sp, job *j) {
  sheet_ctx c;
  xc_sheet_ctx_init(&c, sp->wb, keep_cell, j, NULL);
  c.slice = true;
  c.depth_sheetdata = 1;
  c.depth = sp->depth - 1; /* the dummy element stands where <sheetData> is */
  if (sp->nns) {
    c.ns = xc_try_malloc(sp->nns * sizeof *c.ns);
    if (!c.ns) { /* no memory: the slice failed, the part is read again serially */
      j->failed = true;
      j->last_row = c.row;
      xc_sheet_ctx_free(&c);
      free(j->data);
      j->data = NULL;
      return;
    }
    memcpy(c.ns, sp->ns, sp->nns * sizeof *c.ns);
    c.nns = c.capns = sp->nns;
  }
  xc_error err = {0};
  xc_xml_stream *s = xc_xml_open(sp->part, &xc_sheet_handlers, &c, &err);
  bool ok = s && xc_xml_feed(s, "<xcw>", 5, false) == XC_OK &&
            xc_xml_feed(s, j->data, j->len, false) == XC_OK &&
            xc_xml_feed(s, "</xcw>", 6, true) == XC_OK;
  xc_xml_close(s);
  j->failed = !ok;
  j->last_row = c.row;
  xc_sheet_ctx_free(&c);
  free(j->data); /* parsed: only the records are needed now */
  j->data = NULL;
}

static void job_free(job *j) {
  if (!j) return;
  free(j->data);
  free(j->recs);
  xc_buf_free(&j->text);
  free(j);
}

/* With sp->mu held and a slice waiting: parses the next slice nobody has
 * started (the lock is let go meanwhile). */
static void parse_next(splitter *sp) {
  job *j = sp->q[sp->qtake++ % MAXQ];
  j->state = J_RUNNING;
  pthread_mutex_unlock(&sp->mu);
  parse_job(sp, j);
  pthread_mutex_lock(&sp->mu);
  j->state = J_DONE;
  pthread_cond_broadcast(&sp->done);
}

static void *worker(void *arg) {
  splitter *sp = arg;
  pthread_mutex_lock(&sp->mu);
  for (;;) {
    while (!sp->quit && sp->qtake == sp->qtail) pthread_cond_wait(&sp->work, &sp->mu);
    if (sp->quit) break;
    parse_next(sp);
  }
  pthread_mutex_unlock(&sp->mu);
  return NULL;
}

/* Hands the oldest slice's cells to the callback.  wait=false: only when it
 * is parsed already.  Returns false when the attempt must be abandoned. */
static bool deliver_oldest(splitter *sp, bool wait, bool *delivered_one) {
  *delivered_one = false;
  pthread_mutex_lock(&sp->mu);
  if (sp->qhead == sp->qtail) {
    pthread_mutex_unlock(&sp->mu);
    return true;
  }
  job *j = sp->q[sp->qhead % MAXQ];
  while (j->state != J_DONE) {
    if (!wait) {
      pthread_mutex_unlock(&sp->mu);
      return true;
    }
    if (sp->qtake < sp->qtail) parse_next(sp); /* rather than wait, help */
    else pthread_cond_wait(&sp->done, &sp->mu);
  }
  sp->qhead++;
  pthread_mutex_unlock(&sp->mu);
  *delivered_one = true;
  bool ok = !j->failed;
  for (size_t i = 0; ok && i < j->n; i++) {
    const rec *r = &j->recs[i];
    const char *p = j->text.data + r->off;
    xc_decimal dec;
    xc_cell c = {.row = r->row, .col = r->col, .type = (xc_cell_type)r->type, .num = r->num,
                 .len = r->len, .style = r->style, .sst = r->sst, .ref_len = r->ref_len,
                 .formula = (r->flags & R_FORMULA) != 0, .text = ""};
    if (r->flags & R_DEC) {
      memset(&dec, 0, sizeof dec);
      dec.neg = p[0];
      dec.more = p[1];
      dec.nd = (uint8_t)p[2];
      memcpy(&dec.exp10, p + 3, 4);
      memcpy(dec.digits, p + 7, dec.nd);
      p += 7 + dec.nd;
      c.dec = &dec;
    }
    if (r->flags & R_TEXT) {
      c.text = p;
      p += r->len + 1;
    } else if (r->sst >= 0) {
      c.text = sp->wb->sst[r->sst];
    }
    if (r->flags & R_REF) c.ref = p;
    if (sp->fn(sp->ctx, &c) != XC_OK) ok = false; /* the serial reader says how */
    else sp->delivered++;
  }
  if (ok) sp->last_row = j->last_row;
  job_free(j);
  if (!ok) sp->fallback = true;
  return ok;
}

static bool drain(splitter *sp) {
  bool one = true;
  while (one)
    if (!deliver_oldest(sp, true, &one)) return false;
  return true;
}

static bool deliver_ready(splitter *sp) {
  bool one = true;
  while (one)
    if (!deliver_oldest(sp, false, &one)) return false;
  return true;
}

/* Queues bytes [0, cut) of the pending buffer as a slice; the rest stays. */
static bool dispatch(splitter *sp, size_t cut) {
  while (sp->qtail - sp->qhead == MAXQ) {
    bool one;
    if (!deliver_oldest(sp, true, &one)) return false;
  }
  size_t rest = sp->plen - cut;
  size_t pcap = rest > sp->wb->limits.split_slice * 2 ? rest : sp->wb->limits.split_slice * 2;
  job *j = xc_try_calloc(1, sizeof *j);
  char *pend = j ? xc_try_malloc(pcap) : NULL;
  if (!pend) { /* no memory: the serial reader takes over */
    free(j);
    sp->fallback = true;
    return false;
  }
  j->data = sp->pend;
  j->len = cut;
  j->state = J_QUEUED;
  xc_buf_init(&j->text, 0);
  sp->pcap = pcap;
  sp->pend = pend;
  memcpy(sp->pend, j->data + cut, rest);
  sp->plen = rest;
  sp->scanned = 0;
  sp->slices++;
  pthread_mutex_lock(&sp->mu);
  sp->q[sp->qtail++ % MAXQ] = j;
  pthread_cond_signal(&sp->work);
  pthread_mutex_unlock(&sp->mu);
  return true;
}

static xc_err head_feed(splitter *sp, const char *data, size_t n, bool last) {
  xc_err rc = xc_xml_feed(sp->hs, data, n, last);
  if (rc != XC_OK && sp->split) sp->fallback = true; /* its positions are off now */
  return rc;
}

/* Every slice is delivered; the head reads the rest. */
static xc_err to_tail(splitter *sp, bool last) {
  if (!drain(sp)) return XC_ERR_LIMIT;
  sp->mode = M_TAIL;
  sp->head.row = sp->last_row; /* for rows without r after the slices */
  xc_err rc = head_feed(sp, sp->pend, sp->plen, last);
  sp->plen = 0;
  return rc;
}

static bool pend_add(splitter *sp, const char *data, size_t n) {
  if (sp->plen + n > sp->pcap) {
    size_t pcap = (sp->plen + n) * 2;
    char *pend = xc_try_realloc(sp->pend, pcap);
    if (!pend) { /* no memory: the serial reader takes over */
      sp->fallback = true;
      return false;
    }
    sp->pend = pend;
    sp->pcap = pcap;
  }
  memcpy(sp->pend + sp->plen, data, n);
  sp->plen += n;
  return true;
}

/* The end of the last row end tag in p[0, n), or 0. */
static size_t last_row_end(const splitter *sp, const char *p, size_t n) {
  size_t tl = sp->row_end_len;
  while (n >= tl) {
    const char *lt = memrchr(p, '<', n - tl + 1);
    if (!lt) return 0;
    size_t at = (size_t)(lt - p);
    if (memcmp(lt, sp->row_end, tl) == 0) return at + tl;
    n = at + tl - 1;
    if (at == 0) return 0;
  }
  return 0;
}

/* Where the next slice of pending[0, limit) ends: after the first row end
 * tag past sp->wb->limits.split_slice bytes, else after the last one; 0 when too short. */
static size_t next_cut(const splitter *sp, size_t limit) {
  if (limit < sp->wb->limits.split_slice) return 0;
  size_t from = sp->wb->limits.split_slice > sp->row_end_len ? sp->wb->limits.split_slice - sp->row_end_len : 0;
  const char *p = memmem(sp->pend + from, limit - from, sp->row_end, sp->row_end_len);
  return p ? (size_t)(p - sp->pend) + sp->row_end_len : last_row_end(sp, sp->pend, limit);
}

/* Cuts the pending bytes into slices.  </sheetData> can only follow the
 * last row end tag, so only what follows it is searched. */
static xc_err rows(splitter *sp, bool last) {
  size_t from = last_row_end(sp, sp->pend, sp->plen);
  if (sp->scanned > sp->sd_end_len && sp->scanned - sp->sd_end_len > from)
    from = sp->scanned - sp->sd_end_len;
  const char *end =
      sp->plen > from ? memmem(sp->pend + from, sp->plen - from, sp->sd_end, sp->sd_end_len) : NULL;
  bool at_end = end != NULL;
  size_t limit = at_end ? (size_t)(end - sp->pend) : sp->plen; /* pend moves: offsets from here */
  for (size_t cut; (cut = next_cut(sp, limit)) != 0; limit -= cut)
    if (!dispatch(sp, cut)) return XC_ERR_LIMIT;
  sp->scanned = sp->plen;
  if (at_end) { /* the last slice, then the head reads </sheetData> and on */
    if (limit > 0 && !dispatch(sp, limit)) return XC_ERR_LIMIT;
    return to_tail(sp, last);
  }
  /* last: no </sheetData> came, the head says what is wrong */
  if (sp->plen > PEND_MAX || last) return to_tail(sp, last);
  return deliver_ready(sp) ? XC_OK : XC_ERR_LIMIT;
}

/* Starts slicing after the head has read up to a row end tag. */
static void start_split(splitter *sp) {
  if (sp->head.nns) {
    sp->ns = xc_try_malloc(sp->head.nns * sizeof *sp->ns);
    if (!sp->ns) { /* no memory to split: read on serially */
      sp->mode = M_TAIL;
      return;
    }
    memcpy(sp->ns, sp->head.ns, sp->head.nns * sizeof *sp->ns);
  }
  sp->split = true;
  sp->mode = M_ROWS;
  sp->nns = sp->head.nns;
  sp->depth = sp->head.depth;
  sp->last_row = sp->head.row;
  for (int i = 0; i < sp->wb->limits.split_workers && i < MAX_WORKERS; i++)
    if (pthread_create(&sp->th[sp->nth], NULL, worker, sp) == 0) sp->nth++;
}

/* A UTF-8 document: no UTF-16 byte order mark, no other declared encoding. */
static bool utf8_document(const char *d, size_t n) {
  size_t i = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  if (n - i >= 5 && memcmp(d + i, "<?xml", 5) == 0) {
    const char *close = memmem(d + i, n - i, "?>", 2);
    if (!close) return false;
    const char *enc = memmem(d + i, (size_t)(close - d - i), "encoding", 8);
    if (!enc) return true;
    const char *q = enc + 8;
    while (q < close && (*q == ' ' || *q == '=' || *q == '\t' || *q == '\r' || *q == '\n')) q++;
    if (q >= close || (*q != '"' && *q != '\'')) return false;
    q++;
    return close - q >= 6 && strncasecmp(q, "utf-8", 5) == 0 && q[5] == q[-1];
  }
  return n > i && d[i] == '<';
}

static void sheetdata_seen(splitter *sp) {
  sp->mode = sp->head.sd_depth && sp->head.depth_sheetdata == 1 ? M_BOUNDARY : M_TAIL;
  const char *pf = sp->head.sd_prefix, *colon = *pf ? ":" : "";
  sp->row_end_len = (size_t)snprintf(sp->row_end, sizeof sp->row_end, "</%s%srow>", pf, colon);
  sp->sd_end_len = (size_t)snprintf(sp->sd_end, sizeof sp->sd_end, "</%s%ssheetData>", pf, colon);
}

/* Takes the start of data[0, n) in the current mode (which may change);
 * *used: how much; *took_last: whether the end of the part was passed on. */
static xc_err step(splitter *sp, const char *data, size_t n, bool last, size_t *used,
                   bool *took_last) {
  *used = n;
  *took_last = last;
  switch (sp->mode) {
    case M_HEAD: { /* up to the end of the next tag naming sheetData */
      const char *p = n ? memmem(data, n, "sheetData", 9) : NULL;
      const char *gt = p ? memchr(p, '>', n - (size_t)(p - data)) : NULL;
      if (gt) *used = (size_t)(gt - data) + 1;
      *took_last = last && *used == n;
      xc_err rc = head_feed(sp, data, *used, *took_last);
      if (rc == XC_OK && sp->head.sd_seen) sheetdata_seen(sp);
      return rc;
    }
    case M_BOUNDARY: { /* up to the first row end tag */
      const char *p = n ? memmem(data, n, sp->row_end, sp->row_end_len) : NULL;
      if (!p) {
        xc_err rc = head_feed(sp, data, n, last);
        if (sp->head.depth_sheetdata != 1) sp->mode = M_TAIL;
        return rc;
      }
      *used = (size_t)(p - data) + sp->row_end_len;
      *took_last = false;
      xc_err rc = head_feed(sp, data, *used, false);
      if (rc != XC_OK) return rc;
      if (sp->head.depth != sp->head.sd_depth || sp->head.in_cell || sp->head.depth_sheetdata != 1)
        sp->mode = M_TAIL; /* not where a row ends after all: read on serially */
      else
        start_split(sp);
      return XC_OK;
    }
    case M_ROWS:
      if (!pend_add(sp, data, n)) return XC_ERR_LIMIT;
      return rows(sp, last);
    default:
      return head_feed(sp, data, n, last);
  }
}

static xc_err sink(void *ud, const char *data, size_t n, bool last) {
  splitter *sp = ud;
  xc_err rc = XC_OK;
  if (sp->first) {
    sp->first = false;
    if (!utf8_document(data, n)) sp->mode = M_TAIL;
  }
  for (;;) {
    size_t used;
    bool took_last;
    rc = step(sp, data, n, last, &used, &took_last);
    if (rc != XC_OK || sp->fallback) break;
    if (used == n && (!last || took_last)) break;
    data += used;
    n -= used;
  }
  if (sp->fallback && rc == XC_OK) rc = XC_ERR_LIMIT; /* stop reading */
  sp->sink_rc = rc;
  return rc;
}

static xc_err head_cell(void *ud, const xc_cell *c) {
  splitter *sp = ud;
  xc_err rc = sp->fn(sp->ctx, c);
  if (rc == XC_OK) sp->delivered++;
  return rc;
}

static void stop_workers(splitter *sp) {
  pthread_mutex_lock(&sp->mu);
  sp->quit = true;
  pthread_cond_broadcast(&sp->work);
  pthread_mutex_unlock(&sp->mu);
  for (int i = 0; i < sp->nth; i++) pthread_join(sp->th[i], NULL);
  sp->nth = 0;
  for (size_t k = sp->qhead; k < sp->qtail; k++) job_free(sp->q[k % MAXQ]);
  sp->qhead = sp->qtake = sp->qtail;
}

xc_split_result xc_sheet_split(xc_workbook *wb, const char *part, xc_cell_fn fn, void *ctx,
                               xc_sheet_meta *meta, xc_error *e, xc_err *out, uint64_t *delivered_out) {
  if (wb->limits.split_workers <= 0 || wb->limits.split_slice == 0) return XC_SPLIT_NOT_TRIED;
  int64_t idx = xc_zip_find(wb->zip, part);
  if (idx < 0 || xc_zip_size(wb->zip, (uint64_t)idx) < wb->limits.split_min_part) return XC_SPLIT_NOT_TRIED;

  splitter *sp = xc_try_calloc(1, sizeof *sp);
  if (!sp) return XC_SPLIT_NOT_TRIED; /* the serial reader needs less */
  sp->wb = wb;
  sp->part = part;
  sp->fn = fn;
  sp->ctx = ctx;
  sp->first = true;
  sp->mode = M_HEAD;
  pthread_mutex_init(&sp->mu, NULL);
  pthread_cond_init(&sp->work, NULL);
  pthread_cond_init(&sp->done, NULL);
  xc_sheet_ctx_init(&sp->head, wb, head_cell, sp, meta);
  sp->hs = xc_xml_open(part, &xc_sheet_handlers, &sp->head, &sp->herr);
  if (!sp->hs) sp->fallback = true; /* no memory for the head's parser: the serial reader tries, with less */
  xc_err rc = sp->hs ? xc_zip_stream(wb->zip, part, sink, sp, e) : XC_ERR_NOMEM;
  if (!sp->fallback && rc == XC_OK && sp->mode == M_ROWS) rc = to_tail(sp, true);
  if (!sp->fallback && rc != XC_OK && sp->sink_rc == XC_OK && sp->split) {
    /* the part could not be read to its end: deliver what was read */
    xc_error keep = e ? *e : (xc_error){0};
    if (drain(sp)) {
      sp->head.row = sp->last_row;
      if (xc_xml_feed(sp->hs, sp->pend, sp->plen, false) != XC_OK) sp->fallback = true;
    }
    if (e) *e = keep;
  } else if (!sp->fallback && rc != XC_OK && sp->sink_rc != XC_OK && e && e->code == XC_OK) {
    *e = sp->herr; /* the head failed before any cut: its error is exact */
  }
  stop_workers(sp);
  xc_xml_close(sp->hs);
  bool fallback = sp->fallback;
  uint64_t delivered = sp->delivered;
  xc_trace(&sp->wb->limits, XC_TRACE_SPLIT, "xlsxcheck: split: %s: %zu slices, %llu cells delivered, %s", part,
           sp->slices, (unsigned long long)delivered, fallback ? "read again serially" : "done");
  xc_sheet_ctx_free(&sp->head);
  free(sp->pend);
  free(sp->ns);
  pthread_mutex_destroy(&sp->mu);
  pthread_cond_destroy(&sp->work);
  pthread_cond_destroy(&sp->done);
  free(sp);

  if (fallback) {
    *delivered_out = delivered;
    return XC_SPLIT_FALLBACK;
  }
  if (rc != XC_OK && e && e->code == XC_OK) xc_fail(e, rc, part, NULL); /* never a failure said as "no error" */
  *out = rc;
  return XC_SPLIT_DONE;
}
