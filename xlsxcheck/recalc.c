/* recalc.c: the model's formulas without a stored value, computed through
 * formula.h, and the findings F-1 and F-2. */
#include "recalc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "cellref.h"
#include "numtext.h"

/* ---- the model as formula.h's book ---------------------------------------------------- */

static size_t each(void *ctx, int sheet, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2,
                   xc_fx_visit visit, void *vctx) {
  const xc_model *m = ctx;
  if (sheet < 0 || (size_t)sheet >= m->nsheets) return 1;
  const xc_msheet *s = &m->sheets[sheet];
  size_t cost = 1;
  for (size_t i = xc_msheet_row_start(s, r1); i < s->ncells; i++) {
    const xc_mcell *mc = &s->cells[i];
    const xc_cell *c = &mc->cell;
    if (c->row > r2) break;
    cost++;
    if (c->col < c1 || c->col > c2 || c->type == XC_CV_NONE) continue;
    xc_fx_value v = {XC_FX_BLANK, {0, 0}, "", 0};
    switch (c->type) {
      case XC_CV_NUMBER:
        v.kind = XC_FX_NUMBER;
        if (!c->dec || xc_dec_from_decimal(c->dec, &v.num) == XC_DEC_OVERFLOW)
          if (xc_dec_from_double(c->num, &v.num) != XC_DEC_OK) v.num = (xc_dec){0, 0};
        v.num = xc_dec_round_sig(v.num, 15); /* what Excel keeps of a double */
        break;
      case XC_CV_BOOL:
        v.kind = XC_FX_BOOL;
        v.num = xc_dec_from_int(c->num != 0);
        break;
      case XC_CV_ERROR:
        v.kind = XC_FX_ERROR;
        v.text = c->text, v.len = c->len;
        break;
      case XC_CV_STRING:
      case XC_CV_ISODATE:
      default:
        if (c->len == 0) continue; /* an empty string cell reads as blank */
        v.kind = XC_FX_TEXT;
        v.text = c->text, v.len = c->len;
        break;
    }
    if (!visit(vctx, c->row, c->col, &v)) break;
  }
  return cost;
}

/* The cell takes the computed value, as if the file had stored it. */
/* false when memory runs out */
static bool store(xc_model *m, xc_mcell *mc, const xc_fx_value *v) {
  xc_cell *c = &mc->cell;
  c->sst = -1;
  switch (v->kind) {
    case XC_FX_NUMBER: {
      xc_buf b;
      xc_buf_init(&b, 0);
      xc_dec_format_plain(&b, v->num, -1);
      bool overflow = false;
      double x = 0;
      if (b.nomem) return false;
      if (xc_parse_number(xc_buf_str(&b), b.len, &x, &mc->dec, &overflow) && !overflow) {
        const char *text = xc_arena_try_strndup(&m->arena, xc_buf_str(&b), b.len);
        if (!text) {
          xc_buf_free(&b);
          return false;
        }
        c->type = XC_CV_NUMBER;
        c->num = x;
        c->dec = &mc->dec;
        c->text = text;
        c->len = b.len;
      }
      xc_buf_free(&b);
      break;
    }
    case XC_FX_BOOL:
      c->type = XC_CV_BOOL;
      c->num = v->num.m != 0;
      c->text = v->num.m ? "1" : "0";
      c->len = 1;
      break;
    case XC_FX_ERROR:
      c->type = XC_CV_ERROR;
      c->text = v->text, c->len = v->len;
      break;
    case XC_FX_TEXT:
    default:
      c->type = XC_CV_STRING;
      c->text = xc_arena_try_strndup(&m->arena, v->text ? v->text : "", v->len);
      if (!c->text) return false;
      c->len = v->len;
      break;
  }
  return true;
}

bool xc_recalc(xc_model *m) {
  size_t n = 0;
  for (size_t s = 0; s < m->nsheets; s++)
    for (size_t i = 0; i < m->sheets[s].ncells; i++) n += m->sheets[s].cells[i].cell.type == XC_CV_NONE;
  if (n == 0) return true;
  xc_fx_cell *cells = xc_try_calloc(n, sizeof *cells);
  xc_mcell **where = xc_try_calloc(n, sizeof *where);
  const char **names = xc_try_calloc(m->nsheets ? m->nsheets : 1, sizeof *names);
  bool ok = cells && where && names;
  if (!ok) goto out;
  size_t k = 0;
  for (size_t s = 0; s < m->nsheets; s++)
    for (size_t i = 0; i < m->sheets[s].ncells; i++) {
      xc_mcell *mc = &m->sheets[s].cells[i];
      if (mc->cell.type != XC_CV_NONE) continue;
      cells[k] = (xc_fx_cell){.sheet = (int)s, .row = mc->cell.row, .col = mc->cell.col,
                              .text = mc->cell.text ? mc->cell.text : "", .len = mc->cell.len};
      where[k++] = mc;
    }
  for (size_t s = 0; s < m->nsheets; s++) names[s] = m->sheets[s].name ? m->sheets[s].name : "";
  xc_fx_book book = {m, names, m->nsheets, each};
  ok = xc_fx_compute(cells, n, &book, NULL, &m->arena) &&
       (m->formulas = xc_arena_try_alloc(&m->arena, n * sizeof *m->formulas)) != NULL;
  if (!ok) goto out;
  m->nformulas = n;
  for (size_t i = 0; i < n; i++) {
    xc_mformula *f = &m->formulas[i];
    *f = (xc_mformula){(size_t)cells[i].sheet, cells[i].row, cells[i].col, cells[i].status,
                       cells[i].text, cells[i].detail ? cells[i].detail : ""};
    if (cells[i].len == 0 && f->status != XC_FX_OK) f->detail = "shared";
  }
  /* values are stored only now: a formula read the others' XC_CV_NONE cells as formulas */
  for (size_t i = 0; i < n && ok; i++)
    if (cells[i].status == XC_FX_OK) ok = store(m, where[i], &cells[i].value);
out:
  free(names);
  free(where);
  free(cells);
  return ok;
}

/* ---- findings ------------------------------------------------------------------------ */

#define LISTED 20 /* cells named in a finding; the rest are counted */

/* The findings' words: what (after the count) and how to fix it, vi and en. */
static const struct {
  const char *rule;
  const char *what_vi, *what_en, *todo_vi, *todo_en;
} MESSAGES[2] = {
    {"F-1",
     "ô công thức không có giá trị lưu sẵn (tệp do một chương trình không tính công thức ghi ra), xlsxcheck đã tự tính",
     "formula cells without a stored value (the file was written by a program that does not compute formulas), computed by xlsxcheck",
     "Không cần làm gì; muốn tệp tự mang giá trị thì mở bằng Excel hoặc LibreOffice, tính lại (Ctrl+Alt+F9 hoặc Ctrl+Shift+F9) rồi lưu.",
     "Nothing to do; for the file to carry its values, open it in Excel or LibreOffice, recalculate (Ctrl+Alt+F9 or Ctrl+Shift+F9) and save."},
    {"F-2",
     "ô công thức không có giá trị lưu sẵn và xlsxcheck không tính được, nên chưa kiểm tra được (không coi là ô trống)",
     "formula cells without a stored value that xlsxcheck cannot compute, so they are not checked (not taken as blank)",
     "Mở tệp bằng Excel hoặc LibreOffice Calc, bấm Ctrl+Alt+F9 (Excel) hoặc Ctrl+Shift+F9 (LibreOffice) để tính lại, lưu (Ctrl+S) rồi gửi lại tệp.",
     "Open the file in Excel or LibreOffice Calc, press Ctrl+Alt+F9 (Excel) or Ctrl+Shift+F9 (LibreOffice) to recalculate, save (Ctrl+S) and send it again."},
};

void xc_recalc_reason(xc_buf *b, const xc_mformula *f, xc_lang L) {
  bool en = L == XC_LANG_EN;
  const char *d = f->detail ? f->detail : "";
  switch (f->status) {
    case XC_FX_UNSUPPORTED:
      if (strcmp(d, "shared") == 0)
        xc_buf_adds(b, en ? "shared formula" : "công thức dùng chung");
      else if (strcmp(d, "&") == 0 || strcmp(d, "{}") == 0 || strcmp(d, "1:1") == 0 ||
               strcmp(d, "A1:B2") == 0 || strcmp(d, "3-D") == 0 || strcmp(d, "number") == 0)
        xc_buf_printf(b, en ? "uses %s" : "dùng %s", d);
      else
        xc_buf_printf(b, en ? "function or name %s" : "hàm hoặc tên %s", d);
      break;
    case XC_FX_SYNTAX: xc_buf_adds(b, strcmp(d, "shared") == 0 ? (en ? "shared formula" : "công thức dùng chung")
                                                          : (en ? "unreadable formula" : "công thức không đọc được")); break;
    case XC_FX_BADREF: xc_buf_printf(b, en ? "refers to %s, which the workbook does not have" : "trỏ tới %s không có trong tệp",
                                     strcmp(d, "[]") == 0 ? (en ? "another workbook" : "sổ làm việc khác") : d); break;
    case XC_FX_CYCLE: xc_buf_adds(b, en ? "circular reference" : "tham chiếu vòng"); break;
    case XC_FX_DEPENDS: xc_buf_adds(b, en ? "reads a cell that could not be computed" : "dựa vào ô không tính được"); break;
    case XC_FX_LIMIT: xc_buf_adds(b, en ? "too complex" : "quá phức tạp"); break;
    case XC_FX_OK: default: break;
  }
}

static void cell_name(xc_buf *b, const xc_model *m, const xc_mformula *f) {
  char ref[12];
  xc_cellref_format(f->row, f->col, ref);
  xc_buf_printf(b, "%s!%s", m->sheets[f->sheet].name, ref);
}

/* "Biểu mẫu 1!D7 = 50, …" or "Biểu mẫu 1!D12 (hàm VLOOKUP), …" */
static void list_cells(xc_buf *b, const xc_model *m, bool computed, xc_lang L) {
  size_t listed = 0, more = 0;
  for (size_t i = 0; i < m->nformulas; i++) {
    const xc_mformula *f = &m->formulas[i];
    if ((f->status == XC_FX_OK) != computed) continue;
    if (listed == LISTED) {
      more++;
      continue;
    }
    if (listed++) xc_buf_adds(b, ", ");
    cell_name(b, m, f);
    if (computed) {
      const xc_mcell *mc = xc_msheet_cell(&m->sheets[f->sheet], f->row, f->col);
      if (!mc) continue;
      xc_buf_adds(b, " = ");
      if (mc->cell.type == XC_CV_NUMBER && mc->cell.dec) {
        xc_dec d;
        if (xc_dec_from_decimal(mc->cell.dec, &d) != XC_DEC_OVERFLOW)
          L == XC_LANG_EN ? xc_dec_format_plain(b, d, -1) : xc_dec_format_vi(b, d, -1);
      } else if (mc->cell.type == XC_CV_STRING) {
        xc_buf_printf(b, "\"%.*s\"", (int)(mc->cell.len > 40 ? 40 : mc->cell.len), mc->cell.text);
      } else if (mc->cell.type == XC_CV_BOOL) {
        xc_buf_adds(b, mc->cell.num != 0 ? "TRUE" : "FALSE");
      } else {
        xc_buf_add(b, mc->cell.text, mc->cell.len);
      }
    } else {
      xc_buf_adds(b, " (");
      xc_recalc_reason(b, f, L);
      xc_buf_adds(b, ")");
    }
  }
  if (more) xc_buf_printf(b, L == XC_LANG_EN ? " and %zu more" : " và %zu ô khác", more);
}

static void finding(const xc_model *m, const char *file, const char *unit, xc_diags *out, bool computed,
                    size_t count) {
  const int k = computed ? 0 : 1;
  xc_buf vi, en;
  xc_buf_init(&vi, 0);
  xc_buf_init(&en, 0);
  xc_buf_printf(&vi, "%zu %s: ", count, MESSAGES[k].what_vi);
  list_cells(&vi, m, computed, XC_LANG_VI);
  xc_buf_printf(&en, "%zu %s: ", count, MESSAGES[k].what_en);
  list_cells(&en, m, computed, XC_LANG_EN);
  xc_diag d;
  memset(&d, 0, sizeof d);
  d.file = file;
  d.unit = unit ? unit : "";
  d.sheet = "";
  d.key = "";
  d.rule = MESSAGES[k].rule;
  d.severity = computed ? XC_SEV_INFO : XC_SEV_WARNING;
  d.msg_vi = xc_buf_str(&vi);
  d.msg_en = xc_buf_str(&en);
  d.expected = d.actual = "";
  d.hint_vi = MESSAGES[k].todo_vi;
  d.hint_en = MESSAGES[k].todo_en;
  d.rank = -1;
  xc_diags_add(out, &d);
  xc_buf_free(&vi);
  xc_buf_free(&en);
}

void xc_recalc_diags(const xc_model *m, const char *file, const char *unit, xc_diags *out) {
  size_t ok = 0, failed = 0;
  for (size_t i = 0; i < m->nformulas; i++) m->formulas[i].status == XC_FX_OK ? ok++ : failed++;
  if (ok) finding(m, file, unit, out, true, ok);
  if (failed) finding(m, file, unit, out, false, failed);
}
