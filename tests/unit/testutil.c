/* testutil.c: see testutil.h. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "dump.h"

static void *must(void *p) {
  if (!p) {
    fputs("# testutil: out of memory\n", stdout);
    abort();
  }
  return p;
}

unsigned char *xc_test_zip(const xc_test_part *parts, bool store, size_t *n) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
  unsigned char *out = NULL;
  if (!za) goto done;
  zip_source_keep(src);
  for (const xc_test_part *p = parts; p->name; p++) {
    size_t len = p->n ? p->n : strlen(p->data);
    zip_source_t *s = zip_source_buffer(za, p->data, len, 0);
    zip_int64_t idx = s ? zip_file_add(za, p->name, s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      zip_source_free(s);
      zip_discard(za);
      goto done;
    }
    zip_set_file_compression(za, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
  }
  if (zip_close(za) != 0) {
    zip_discard(za);
    goto done;
  }
  zip_stat_t st;
  if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0) goto done;
  out = must(malloc(st.size ? st.size : 1));
  zip_int64_t got = zip_source_read(src, out, st.size);
  zip_source_close(src);
  if (got < 0 || (zip_uint64_t)got != st.size) {
    free(out);
    out = NULL;
    goto done;
  }
  *n = (size_t)st.size;
done:
  if (src) zip_source_free(src);
  zip_error_fini(&ze);
  return out;
}

static char *cat(char *s, const char *t) {
  size_t a = s ? strlen(s) : 0, b = strlen(t);
  s = must(realloc(s, a + b + 1));
  memcpy(s + a, t, b + 1);
  return s;
}

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT "application/vnd.openxmlformats-officedocument.spreadsheetml."

unsigned char *xc_test_xlsx(const xc_test_book *b, size_t *n) {
  char line[512];
  char *ct = cat(NULL,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                 "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                 "<Default Extension=\"rels\" ContentType=\"application/"
                 "vnd.openxmlformats-package.relationships+xml\"/>"
                 "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                 "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" CT "sheet.main+xml\"/>");
  char *wb = cat(NULL, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                       "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">");
  wb = cat(wb, b->date1904 ? "<workbookPr date1904=\"1\"/><sheets>" : "<workbookPr/><sheets>");
  char *rels = cat(NULL, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                         "<Relationships xmlns=\"" NS_PKG_REL "\">");
  size_t nextra = 0;
  while (b->extra && b->extra[nextra].name) nextra++;
  xc_test_part *parts = must(calloc(b->nsheets + nextra + 8, sizeof *parts));
  char **names = must(calloc(b->nsheets + 1, sizeof *names));
  size_t np = 0;
  for (size_t i = 0; i < b->nsheets; i++) {
    snprintf(line, sizeof line, "xl/worksheets/sheet%zu.xml", i + 1);
    names[i] = must(strdup(line));
    parts[np++] = (xc_test_part){names[i], b->sheets[i], 0};
    snprintf(line, sizeof line,
             "<Override PartName=\"/xl/worksheets/sheet%zu.xml\" ContentType=\"" CT
             "worksheet+xml\"/>",
             i + 1);
    ct = cat(ct, line);
    char defname[32];
    snprintf(defname, sizeof defname, "Sheet%zu", i + 1);
    snprintf(line, sizeof line, "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>",
             b->names && b->names[i] ? b->names[i] : defname, i + 1, i + 1);
    wb = cat(wb, line);
    snprintf(line, sizeof line,
             "<Relationship Id=\"rId%zu\" Type=\"" NS_REL
             "/worksheet\" Target=\"worksheets/sheet%zu.xml\"/>",
             i + 1, i + 1);
    rels = cat(rels, line);
  }
  if (b->sst) {
    parts[np++] = (xc_test_part){"xl/sharedStrings.xml", b->sst, 0};
    ct = cat(ct, "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"" CT
                 "sharedStrings+xml\"/>");
    rels = cat(rels, "<Relationship Id=\"rIdS\" Type=\"" NS_REL
                     "/sharedStrings\" Target=\"sharedStrings.xml\"/>");
  }
  if (b->styles) {
    parts[np++] = (xc_test_part){"xl/styles.xml", b->styles, 0};
    ct = cat(ct, "<Override PartName=\"/xl/styles.xml\" ContentType=\"" CT "styles+xml\"/>");
    rels = cat(rels, "<Relationship Id=\"rIdT\" Type=\"" NS_REL
                     "/styles\" Target=\"styles.xml\"/>");
  }
  ct = cat(ct, "</Types>");
  wb = cat(wb, "</sheets></workbook>");
  rels = cat(rels, "</Relationships>");
  static const char pkg_rels[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"" NS_PKG_REL "\"><Relationship Id=\"rId1\" Type=\"" NS_REL
      "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
  parts[np++] = (xc_test_part){"[Content_Types].xml", ct, 0};
  parts[np++] = (xc_test_part){"_rels/.rels", pkg_rels, 0};
  parts[np++] = (xc_test_part){"xl/workbook.xml", wb, 0};
  parts[np++] = (xc_test_part){"xl/_rels/workbook.xml.rels", rels, 0};
  for (size_t i = 0; i < nextra; i++) parts[np++] = b->extra[i];
  parts[np].name = NULL;
  unsigned char *zip = xc_test_zip(parts, b->store, n);
  for (size_t i = 0; i < b->nsheets; i++) free(names[i]);
  free(names);
  free(parts);
  free(ct);
  free(wb);
  free(rels);
  return zip;
}

char *xc_test_sheet_xml(const char *sheetdata) {
  char *s = cat(NULL, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                      "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheetData>");
  s = cat(s, sheetdata);
  return cat(s, "</sheetData></worksheet>");
}

xc_err xc_test_collect(void *ctx, const xc_cell *cell) {
  xc_test_cells *c = ctx;
  if (c->stop_after && c->n >= c->stop_after) return XC_ERR_LIMIT;
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 16;
    c->cells = must(realloc(c->cells, c->cap * sizeof *c->cells));
  }
  xc_test_cell *t = &c->cells[c->n++];
  t->row = cell->row;
  t->col = cell->col;
  t->type = cell->type;
  t->num = cell->num;
  t->len = cell->len;
  t->text = must(malloc(cell->len + 1));
  if (cell->len) memcpy(t->text, cell->text, cell->len);
  t->text[cell->len] = '\0';
  t->style = cell->style;
  t->formula = cell->formula;
  return XC_OK;
}

void xc_test_cells_free(xc_test_cells *c) {
  for (size_t i = 0; i < c->n; i++) free(c->cells[i].text);
  free(c->cells);
  c->cells = NULL;
  c->n = c->cap = 0;
}

char *xc_test_dump(xc_workbook *wb, const char *sheet, xc_err *rc, xc_error *e) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = must(open_memstream(&text, &len));
  *rc = xc_dump(wb, sheet, xc_write_stdio, f, e);
  fclose(f);
  return text;
}

char *xc_test_write_temp(const void *data, size_t n) {
  const char *dir = getenv("XC_TEST_TMP");
  if (!dir || !*dir) dir = getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  char *path = must(malloc(strlen(dir) + 32));
  sprintf(path, "%s/xc-unit-XXXXXX", dir);
  int fd = mkstemp(path);
  if (fd < 0) {
    free(path);
    return NULL;
  }
  const char *p = data;
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) {
      close(fd);
      unlink(path);
      free(path);
      return NULL;
    }
    p += w;
    n -= (size_t)w;
  }
  close(fd);
  return path;
}
