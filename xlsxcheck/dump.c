/* dump.c: the dump renderer, with in-row sorting and a collect-and-sort
 * fallback for sheets whose rows come out of order. */
#include "dump.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "cellref.h"
#include "numtext.h"
#include "sheet.h"

#define FLUSH_AT (4u << 20)      /* bytes of output held before writing */
#define MAX_PENDING (256u << 20) /* output one row (or a collected sheet) may hold */

typedef struct {
  uint32_t row, col;
  size_t seq, off, len;
} line;

typedef struct {
  xc_workbook *wb;
  xc_write_fn write;
  void *write_ctx;
  xc_buf text;    /* rendered lines not yet written */
  xc_buf prefix;  /* the escaped sheet name and a TAB */
  xc_buf scratch; /* value of the current cell */
  line *lines;    /* lines in `text` of the current row (or sheet, when collecting) */
  size_t n, cap, seq;
  uint32_t cur_row, last_col;
  bool dirty;     /* lines need sorting */
  bool collect;   /* keep the whole sheet, sort at the end */
  bool flushed;   /* part of this sheet was written already */
  bool restart;   /* rows out of order: redo this sheet collecting */
  uint64_t written, max_output; /* an output bomb (one long shared string in
                                   every cell) stops at a cap relative to the input */
  /* shared strings escaped once each: a sheet repeats few strings many times */
  const char **sst_esc;
  uint32_t *sst_esc_len;
  xc_arena esc_arena;
} dump_ctx;

static int cmp_line(const void *a, const void *b) {
  const line *x = a, *y = b;
  if (x->row != y->row) return x->row < y->row ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts the pending lines, keeps the last of duplicate cells, rewrites text. */
static void settle(dump_ctx *d) {
  if (!d->dirty || d->n == 0) return;
  qsort(d->lines, d->n, sizeof *d->lines, cmp_line);
  size_t base = d->lines[0].off;
  for (size_t i = 1; i < d->n; i++)
    if (d->lines[i].off < base) base = d->lines[i].off;
  xc_buf sorted;
  xc_buf_init(&sorted, 0);
  for (size_t i = 0; i < d->n; i++) {
    if (i + 1 < d->n && d->lines[i + 1].row == d->lines[i].row &&
        d->lines[i + 1].col == d->lines[i].col)
      continue; /* a later value of the same cell wins */
    xc_buf_add(&sorted, d->text.data + d->lines[i].off, d->lines[i].len);
  }
  d->text.len = base;
  xc_buf_add(&d->text, sorted.data ? sorted.data : "", sorted.len);
  xc_buf_free(&sorted);
  d->n = 0;
  d->dirty = false;
}

static xc_err write_out(dump_ctx *d) {
  d->written += d->text.len;
  if (d->written > d->max_output) return XC_ERR_LIMIT;
  if (d->text.len && !d->write(d->write_ctx, d->text.data, d->text.len)) return XC_ERR_WRITE;
  xc_buf_clear(&d->text);
  return XC_OK;
}

static void render_value(dump_ctx *d, const xc_cell *c, char *type) {
  xc_buf *s = &d->scratch;
  xc_buf_clear(s);
  switch (c->type) {
    case XC_CV_NUMBER: {
      const xc_style *st = xc_workbook_style(d->wb, c->style);
      if ((st->flags & XC_FMT_DATE) && xc_format_serial(s, c->num, d->wb->date1904)) {
        *type = 'd';
        return;
      }
      xc_buf_clear(s);
      *type = 'n';
      xc_format_decimal(s, c->dec, c->num);
      return;
    }
    case XC_CV_BOOL:
      *type = 'b';
      xc_buf_adds(s, c->num != 0 ? "TRUE" : "FALSE");
      return;
    case XC_CV_ERROR:
      *type = 'e';
      xc_escape_field(s, c->text, c->len);
      return;
    case XC_CV_ISODATE: {
      double serial;
      *type = 'd';
      if (xc_parse_iso_date(c->text, c->len, false, &serial) &&
          xc_format_serial(s, serial, false))
        return;
      xc_buf_clear(s);
      xc_escape_field(s, c->text, c->len);
      return;
    }
    default:
      *type = 's';
      if (c->sst >= 0 && (size_t)c->sst < d->wb->nsst) {
        if (!d->sst_esc[c->sst]) {
          xc_escape_field(s, c->text, c->len);
          /* a cache: when memory runs out it is simply not kept (escaped again next time) */
          d->sst_esc[c->sst] = s->nomem ? NULL : xc_arena_try_strndup(&d->esc_arena, xc_buf_str(s), s->len);
          d->sst_esc_len[c->sst] = (uint32_t)s->len;
          return;
        }
        xc_buf_add(s, d->sst_esc[c->sst], d->sst_esc_len[c->sst]);
        return;
      }
      xc_escape_field(s, c->text, c->len);
      return;
  }
}

static xc_err on_cell(void *ctx, const xc_cell *c) {
  dump_ctx *d = ctx;
  if (c->type == XC_CV_NONE || (c->type == XC_CV_STRING && c->len == 0)) return XC_OK;
  if (!d->collect) {
    if (d->n > 0 && c->row < d->cur_row) {
      if (d->flushed) return XC_ERR_ROW_ORDER;
      d->restart = true;
      return XC_ERR_ROW_ORDER; /* stops the stream; the caller collects instead */
    }
    if (c->row != d->cur_row) {
      settle(d);
      d->n = 0;
      if (d->text.len >= FLUSH_AT) {
        xc_err wr = write_out(d);
        if (wr != XC_OK) return wr;
        d->flushed = true;
      }
      d->cur_row = c->row;
      d->last_col = 0;
    }
    if (d->n > 0 && c->col == d->last_col && d->lines[d->n - 1].col == c->col &&
        d->lines[d->n - 1].row == c->row) {
      /* the same cell again, right after itself: the later value wins at once */
      d->text.len = d->lines[--d->n].off;
    } else if (c->col <= d->last_col) {
      d->dirty = true;
    }
    d->last_col = c->col;
  } else {
    if (d->n > 0 && (c->row < d->cur_row || (c->row == d->cur_row && c->col <= d->last_col)))
      d->dirty = true;
    d->cur_row = c->row;
    d->last_col = c->col;
  }
  if (d->text.len > MAX_PENDING) return XC_ERR_LIMIT;
  char type;
  render_value(d, c, &type);
  char refbuf[12];
  const char *ref = c->ref;
  size_t rl = c->ref_len;
  if (!ref) {
    rl = xc_cellref_format(c->row, c->col, refbuf);
    ref = refbuf;
  }
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 64;
    line *lines = xc_try_realloc(d->lines, cap * sizeof *d->lines);
    if (!lines) return XC_ERR_NOMEM;
    d->lines = lines;
    d->cap = cap;
  }
  line *ln = &d->lines[d->n++];
  ln->row = c->row;
  ln->col = c->col;
  ln->seq = d->seq++;
  ln->off = d->text.len;
  /* one line, assembled in place: sheet TAB ref TAB type TAB value LF */
  size_t need = d->prefix.len + rl + 3 + d->scratch.len + 1;
  if (!xc_buf_reserve(&d->text, need)) return XC_BUF_FAIL(&d->text, XC_ERR_LIMIT);
  char *o = d->text.data + d->text.len;
  memcpy(o, d->prefix.data, d->prefix.len);
  o += d->prefix.len;
  memcpy(o, ref, rl);
  o += rl;
  *o++ = '\t';
  *o++ = type;
  *o++ = '\t';
  if (d->scratch.len) memcpy(o, d->scratch.data, d->scratch.len);
  o += d->scratch.len;
  *o++ = '\n';
  d->text.len += need;
  d->text.data[d->text.len] = '\0';
  ln->len = need;
  return XC_OK;
}

static xc_err dump_sheet(dump_ctx *d, size_t index, xc_error *e) {
  xc_buf_clear(&d->prefix);
  xc_escape_field(&d->prefix, d->wb->sheets[index].name, strlen(d->wb->sheets[index].name));
  xc_buf_addc(&d->prefix, '\t');
  for (int pass = 0; pass < 2; pass++) {
    d->n = d->seq = 0;
    d->cur_row = d->last_col = 0;
    d->dirty = d->flushed = d->restart = false;
    d->collect = pass == 1;
    xc_buf_clear(&d->text);
    xc_error local = {0};
    xc_err rc = xc_sheet_stream(d->wb, index, on_cell, d, NULL, &local);
    if (rc == XC_ERR_ROW_ORDER && d->restart) continue;
    if (rc == XC_ERR_LIMIT && local.code == XC_ERR_LIMIT && d->written > d->max_output)
      snprintf(local.detail, sizeof local.detail, "dump > %llu MiB", (unsigned long long)(d->max_output >> 20));
    if (rc != XC_OK) {
      if (e && e->code == XC_OK) *e = local;
      if (rc == XC_ERR_ROW_ORDER && e)
        snprintf(e->detail, sizeof e->detail, "\"%s\"", d->wb->sheets[index].name);
      return rc;
    }
    settle(d);
    xc_err wr = write_out(d);
    if (wr == XC_ERR_LIMIT)
      return xc_fail(e, XC_ERR_LIMIT, NULL, "dump > %llu MiB", (unsigned long long)(d->max_output >> 20));
    if (wr != XC_OK) return xc_fail(e, XC_ERR_WRITE, NULL, NULL);
    return XC_OK;
  }
  return XC_OK;
}

bool xc_write_stdio(void *fp, const void *data, size_t len) {
  if (!len) return fflush(fp) == 0;
  return fwrite(data, 1, len, fp) == len;
}

xc_err xc_dump(xc_workbook *wb, const char *sheet, xc_write_fn write, void *write_ctx, xc_error *e) {
  long only = -1;
  if (sheet) {
    only = xc_workbook_find_sheet(wb, sheet);
    if (only < 0) return xc_fail(e, XC_ERR_NO_SHEET, NULL, "\"%s\"", sheet);
  }
  dump_ctx d = {0};
  d.wb = wb;
  d.write = write;
  d.write_ctx = write_ctx;
  /* legitimate dumps stay within a few times the package (numbers) or the
   * shared strings times the cells; 1 GiB or 2000x the input is far beyond */
  uint64_t fs = xc_zip_file_size(wb->zip);
  d.max_output = fs * 2000 > (1ull << 30) ? fs * 2000 : (1ull << 30);
  xc_buf_init(&d.text, 0);
  xc_buf_init(&d.prefix, 0);
  xc_buf_init(&d.scratch, 0);
  d.sst_esc = xc_try_calloc(wb->nsst ? wb->nsst : 1, sizeof *d.sst_esc);
  d.sst_esc_len = xc_try_calloc(wb->nsst ? wb->nsst : 1, sizeof *d.sst_esc_len);
  xc_arena_init(&d.esc_arena);
  xc_err rc = d.sst_esc && d.sst_esc_len ? XC_OK : xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
  for (size_t i = 0; i < wb->nsheets && rc == XC_OK; i++)
    if (only < 0 || (size_t)only == i) rc = dump_sheet(&d, i, e);
  if (rc == XC_OK && !write(write_ctx, NULL, 0)) rc = xc_fail(e, XC_ERR_WRITE, NULL, NULL);
  xc_buf_free(&d.text);
  xc_buf_free(&d.prefix);
  xc_buf_free(&d.scratch);
  free(d.lines);
  free(d.sst_esc);
  free(d.sst_esc_len);
  xc_arena_free(&d.esc_arena);
  return rc;
}
