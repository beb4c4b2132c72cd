/* workbook.c: package, workbook, shared strings, styles and app properties. */
#include "workbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "numtext.h"
#include "xmlpart.h"

#define MAX_STRING (4u << 20) /* one shared string or text run, bytes */
#define MAX_SHEETS 65536
#define MAX_STYLES 1000000
#define MAX_SST (1u << 23) /* shared strings; Excel files in the wild stay far below */

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool is_local(const char *name, const char *local) {
  return strcmp(xc_xml_local(name), local) == 0;
}

/* ---- relationships -------------------------------------------------- */

typedef struct {
  const char *id, *type, *target; /* target resolved to a part name */
} rel;

typedef struct {
  xc_xml_base base;
  xc_arena *arena;
  const char *source_dir; /* "xl/" for xl/workbook.xml, "" for the package */
  rel *rels;
  size_t n, cap;
  bool sorted; /* by Id (rel_by_type keeps file order until then) */
} rels_ctx;

/* Resolves a relationship target against the source part's folder. */
static const char *resolve_target(xc_arena *a, const char *dir, const char *target) {
  xc_buf b;
  xc_buf_init(&b, 0);
  if (target[0] == '/' || target[0] == '\\') {
    while (*target == '/' || *target == '\\') target++;
  } else {
    xc_buf_adds(&b, dir);
  }
  xc_buf_adds(&b, target);
  for (char *p = b.data; p && *p; p++)
    if (*p == '\\') *p = '/';
  /* fold "." and ".." segments */
  char *s = b.data ? b.data : (char *)"";
  size_t n = strlen(s), o = 0;
  char *out = b.nomem ? NULL : xc_arena_try_alloc(a, n + 1);
  if (!out) { /* no memory: the caller fails */
    xc_buf_free(&b);
    return NULL;
  }
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && s[j] != '/') j++;
    size_t seg = j - i;
    if (seg == 0 || (seg == 1 && s[i] == '.')) {
    } else if (seg == 2 && s[i] == '.' && s[i + 1] == '.') {
      while (o > 0 && out[o - 1] == '/') o--;
      while (o > 0 && out[o - 1] != '/') o--;
    } else {
      memcpy(out + o, s + i, seg);
      o += seg;
      if (j < n) out[o++] = '/';
    }
    i = j + 1;
  }
  out[o] = '\0';
  xc_buf_free(&b);
  return out;
}

static void rels_start(void *ud, const char *name, const char **attrs) {
  rels_ctx *c = ud;
  if (!is_local(name, "Relationship")) return;
  const char *id = xc_xml_attr(attrs, "Id", false), *type = xc_xml_attr(attrs, "Type", false),
             *target = xc_xml_attr(attrs, "Target", false),
             *mode = xc_xml_attr(attrs, "TargetMode", false);
  if (!id || !type || !target || (mode && strcmp(mode, "External") == 0)) return;
  if (c->n == c->cap) {
    if (c->cap >= 1000000) {
      xc_xml_fail(ud, XC_ERR_LIMIT, "relationships");
      return;
    }
    size_t cap = c->cap ? c->cap * 2 : 16;
    rel *more = xc_try_realloc(c->rels, cap * sizeof *c->rels);
    if (!more) {
      xc_xml_fail(ud, XC_ERR_NOMEM, "relationships");
      return;
    }
    c->rels = more;
    c->cap = cap;
  }
  rel r = {xc_arena_try_strndup(c->arena, id, strlen(id)), xc_arena_try_strndup(c->arena, type, strlen(type)),
           resolve_target(c->arena, c->source_dir, target)};
  if (!r.id || !r.type || !r.target) {
    xc_xml_fail(ud, XC_ERR_NOMEM, "relationships");
    return;
  }
  c->rels[c->n++] = r;
}

static void ignore_end(void *ud, const char *name) { (void)ud, (void)name; }

static const char *rels_part_of(xc_arena *a, const char *part, char **dir_out) {
  const char *slash = strrchr(part, '/');
  size_t dlen = slash ? (size_t)(slash - part) + 1 : 0;
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_buf_add(&b, part, dlen);
  xc_buf_adds(&b, "_rels/");
  xc_buf_adds(&b, part + dlen);
  xc_buf_adds(&b, ".rels");
  const char *r = b.nomem ? NULL : xc_arena_try_strndup(a, b.data, b.len);
  xc_buf_free(&b);
  *dir_out = xc_arena_try_strndup(a, part, dlen);
  return *dir_out ? r : NULL; /* NULL: no memory */
}

/* Reads the relationships of `part` ("" for the package).  Missing rels part: n = 0. */
static xc_err read_rels(xc_workbook *wb, const char *part, rels_ctx *c, bool *found,
                        xc_error *e) {
  memset(c, 0, sizeof *c);
  c->arena = &wb->arena;
  char *dir;
  const char *rp = part[0] ? rels_part_of(&wb->arena, part, &dir) : "_rels/.rels";
  if (!rp) return xc_fail(e, XC_ERR_NOMEM, part, NULL);
  c->source_dir = part[0] ? dir : "";
  *found = xc_zip_find(wb->zip, rp) >= 0;
  if (!*found) return XC_OK;
  static const xc_xml_handlers h = {.start = rels_start, .end = ignore_end, .text = NULL};
  return xc_xml_parse_part(wb->zip, rp, &h, c, e);
}

static const rel *rel_by_type(const rels_ctx *c, const char *suffix) {
  for (size_t i = 0; i < c->n; i++)
    if (ends_with(c->rels[i].type, suffix)) return &c->rels[i];
  return NULL;
}

static int cmp_rel_id(const void *a, const void *b) {
  return strcmp(((const rel *)a)->id, ((const rel *)b)->id);
}

/* by Id; sorts the relationships on first use (65,536 sheets stay linear-log) */
static const rel *rel_by_id(rels_ctx *c, const char *id) {
  if (!c->sorted) {
    if (c->n > 1) qsort(c->rels, c->n, sizeof *c->rels, cmp_rel_id);
    c->sorted = true;
  }
  rel key = {id, NULL, NULL};
  return c->n ? bsearch(&key, c->rels, c->n, sizeof *c->rels, cmp_rel_id) : NULL;
}

/* ---- [Content_Types].xml -------------------------------------------- */

typedef struct {
  xc_xml_base base;
  xc_arena *arena;
  const char *workbook_override; /* PartName of a workbook main content type */
  const char *workbook_override_type;
  const char *wanted_part;       /* when set: find its content type */
  const char *wanted_type;
} ctypes_ctx;

static bool is_workbook_type(const char *t) {
  return strstr(t, "spreadsheetml.sheet.main+xml") || strstr(t, "spreadsheetml.template.main+xml") ||
         strstr(t, "ms-excel.sheet.macroEnabled.main+xml") ||
         strstr(t, "ms-excel.template.macroEnabled.main+xml") ||
         strstr(t, "ms-excel.addin.macroEnabled.main+xml");
}

static void ctypes_start(void *ud, const char *name, const char **attrs) {
  ctypes_ctx *c = ud;
  if (!is_local(name, "Override")) return;
  const char *part = xc_xml_attr(attrs, "PartName", false),
             *type = xc_xml_attr(attrs, "ContentType", false);
  if (!part || !type) return;
  while (*part == '/') part++;
  if (!c->workbook_override && is_workbook_type(type)) {
    c->workbook_override = xc_arena_try_strndup(c->arena, part, strlen(part));
    c->workbook_override_type = xc_arena_try_strndup(c->arena, type, strlen(type));
    if (!c->workbook_override || !c->workbook_override_type) {
      xc_xml_fail(ud, XC_ERR_NOMEM, "[Content_Types].xml");
      return;
    }
  }
  if (c->wanted_part && !c->wanted_type && strcasecmp(part, c->wanted_part) == 0 &&
      !(c->wanted_type = xc_arena_try_strndup(c->arena, type, strlen(type))))
    xc_xml_fail(ud, XC_ERR_NOMEM, "[Content_Types].xml");
}

/* ---- xl/workbook.xml ------------------------------------------------ */

typedef struct {
  const char *name, *rid;
  xc_visibility vis;
} raw_sheet;

typedef struct {
  xc_xml_base base;
  xc_arena *arena;
  bool date1904, strict, saw_root;
  char ns[128]; /* the root element's namespace: extensions (x15:workbookPr) are skipped */
  raw_sheet *sheets;
  size_t n, cap;
} wbxml_ctx;

static bool truthy(const char *v) {
  return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0);
}

static void wbxml_start(void *ud, const char *name, const char **attrs) {
  wbxml_ctx *c = ud;
  const char *local = xc_xml_local(name);
  if (!c->saw_root) {
    c->saw_root = true;
    if (strcmp(local, "workbook") != 0)
      {
      xc_xml_fail(ud, XC_ERR_NOT_XLSX, "<%s>", local);
      return;
    }
    c->strict = strncmp(name, "http://purl.oclc.org/ooxml/", 27) == 0;
    snprintf(c->ns, sizeof c->ns, "%.*s", (int)(local - name), name);
    return;
  }
  if (strlen(c->ns) != (size_t)(local - name) || strncmp(name, c->ns, (size_t)(local - name)) != 0)
    return;
  if (strcmp(local, "workbookPr") == 0) {
    c->date1904 = truthy(xc_xml_attr(attrs, "date1904", false));
  } else if (strcmp(local, "sheet") == 0) {
    const char *nm = xc_xml_attr(attrs, "name", false), *rid = xc_xml_attr(attrs, "id", true),
               *state = xc_xml_attr(attrs, "state", false);
    if (!nm) nm = "";
    if (c->n == c->cap) {
      if (c->cap >= MAX_SHEETS) {
      xc_xml_fail(ud, XC_ERR_LIMIT, "> %d sheets", MAX_SHEETS);
      return;
    }
      size_t cap = c->cap ? c->cap * 2 : 16;
      raw_sheet *more = xc_try_realloc(c->sheets, cap * sizeof *c->sheets);
      if (!more) {
        xc_xml_fail(ud, XC_ERR_NOMEM, "sheets");
        return;
      }
      c->sheets = more;
      c->cap = cap;
    }
    const char *name_copy = xc_arena_try_strndup(c->arena, nm, strlen(nm));
    const char *rid_copy = rid ? xc_arena_try_strndup(c->arena, rid, strlen(rid)) : NULL;
    if (!name_copy || (rid && !rid_copy)) {
      xc_xml_fail(ud, XC_ERR_NOMEM, "sheets");
      return;
    }
    raw_sheet *s = &c->sheets[c->n++];
    s->name = name_copy;
    s->rid = rid_copy;
    s->vis = state && strcmp(state, "hidden") == 0       ? XC_VIS_HIDDEN
             : state && strcmp(state, "veryHidden") == 0 ? XC_VIS_VERY_HIDDEN
                                                         : XC_VIS_VISIBLE;
  }
}

/* ---- shared strings --------------------------------------------------- */

typedef struct {
  xc_xml_base base;
  xc_workbook *wb;
  xc_buf text;
  int in_si, in_t, in_rph;
  size_t cap;
} sst_ctx;

static void sst_push(sst_ctx *c) {
  xc_workbook *wb = c->wb;
  if (wb->nsst == c->cap) {
    if (c->cap >= MAX_SST) {
      xc_xml_fail(c, XC_ERR_LIMIT, "> %u shared strings", MAX_SST);
      return;
    }
    size_t cap = c->cap ? c->cap * 2 : 1024;
    const char **sst = xc_try_realloc(wb->sst, cap * sizeof *wb->sst);
    if (sst) wb->sst = sst;
    uint32_t *sst_len = sst ? xc_try_realloc(wb->sst_len, cap * sizeof *wb->sst_len) : NULL;
    if (!sst_len) {
      xc_xml_fail(c, XC_ERR_NOMEM, "%u shared strings", (unsigned)wb->nsst);
      return;
    }
    wb->sst_len = sst_len;
    c->cap = cap;
  }
  size_t n = c->text.len ? xc_decode_xstring(c->text.data, c->text.len) : 0;
  const char *s = n ? xc_arena_try_strndup(&wb->arena, c->text.data, n) : "";
  if (!s) {
    xc_xml_fail(c, XC_ERR_NOMEM, "%u shared strings", (unsigned)wb->nsst);
    return;
  }
  wb->sst[wb->nsst] = s;
  wb->sst_len[wb->nsst] = (uint32_t)n;
  wb->nsst++;
}

static void sst_start(void *ud, const char *name, const char **attrs) {
  sst_ctx *c = ud;
  (void)attrs;
  const char *local = xc_xml_local(name);
  if (strcmp(local, "si") == 0) {
    c->in_si++;
    xc_buf_clear(&c->text);
  } else if (c->in_si && strcmp(local, "rPh") == 0) {
    c->in_rph++;
  } else if (c->in_si && strcmp(local, "t") == 0) {
    c->in_t++;
  }
}

static void sst_end(void *ud, const char *name) {
  sst_ctx *c = ud;
  const char *local = xc_xml_local(name);
  if (strcmp(local, "si") == 0 && c->in_si) {
    c->in_si--;
    sst_push(c);
  } else if (strcmp(local, "rPh") == 0 && c->in_rph) {
    c->in_rph--;
  } else if (strcmp(local, "t") == 0 && c->in_t) {
    c->in_t--;
  }
}

static void sst_text(void *ud, const char *s, int len) {
  sst_ctx *c = ud;
  if (c->in_t && !c->in_rph && !xc_buf_add(&c->text, s, (size_t)len))
    xc_xml_fail(ud, XC_BUF_FAIL(&c->text, XC_ERR_LIMIT), "shared string > %u MiB", MAX_STRING >> 20);
}

/* ---- styles ----------------------------------------------------------- */

typedef struct {
  unsigned id;
  size_t seq;
  const char *code;
} numfmt;

typedef struct {
  xc_xml_base base;
  xc_workbook *wb;
  int in_numfmts, in_cellxfs;
  numfmt *fmts;
  size_t nfmts, capfmts;
  unsigned *xf_ids;
  size_t nxf, capxf;
} styles_ctx;

static unsigned parse_uint(const char *s, unsigned fallback) {
  if (!s || !*s) return fallback;
  unsigned long v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || v > 100000000) return fallback;
    v = v * 10 + (unsigned long)(*s - '0');
  }
  return (unsigned)v;
}

static void styles_start(void *ud, const char *name, const char **attrs) {
  styles_ctx *c = ud;
  const char *local = xc_xml_local(name);
  if (strcmp(local, "numFmts") == 0) c->in_numfmts++;
  else if (strcmp(local, "cellXfs") == 0) c->in_cellxfs++;
  else if (c->in_numfmts && strcmp(local, "numFmt") == 0) {
    const char *code = xc_xml_attr(attrs, "formatCode", false);
    if (c->nfmts == c->capfmts) {
      if (c->capfmts >= MAX_STYLES) {
      xc_xml_fail(ud, XC_ERR_LIMIT, "number formats");
      return;
    }
      size_t cap = c->capfmts ? c->capfmts * 2 : 32;
      void *more = xc_try_realloc(c->fmts, cap * sizeof *c->fmts);
      if (!more) {
        xc_xml_fail(ud, XC_ERR_NOMEM, "number formats");
        return;
      }
      c->fmts = more;
      c->capfmts = cap;
    }
    c->fmts[c->nfmts].id = parse_uint(xc_xml_attr(attrs, "numFmtId", false), 0);
    c->fmts[c->nfmts].seq = c->nfmts;
    c->fmts[c->nfmts].code = xc_arena_try_strndup(&c->wb->arena, code ? code : "", code ? strlen(code) : 0);
    if (!c->fmts[c->nfmts].code) {
      xc_xml_fail(ud, XC_ERR_NOMEM, "number formats");
      return;
    }
    c->nfmts++;
  } else if (c->in_cellxfs && strcmp(local, "xf") == 0) {
    if (c->nxf == c->capxf) {
      if (c->capxf >= MAX_STYLES) {
      xc_xml_fail(ud, XC_ERR_LIMIT, "cell styles");
      return;
    }
      size_t cap = c->capxf ? c->capxf * 2 : 32;
      void *more = xc_try_realloc(c->xf_ids, cap * sizeof *c->xf_ids);
      if (!more) {
        xc_xml_fail(ud, XC_ERR_NOMEM, "cell styles");
        return;
      }
      c->xf_ids = more;
      c->capxf = cap;
    }
    c->xf_ids[c->nxf++] = parse_uint(xc_xml_attr(attrs, "numFmtId", false), 0);
  }
}

static void styles_end(void *ud, const char *name) {
  styles_ctx *c = ud;
  const char *local = xc_xml_local(name);
  if (strcmp(local, "numFmts") == 0 && c->in_numfmts) c->in_numfmts--;
  else if (strcmp(local, "cellXfs") == 0 && c->in_cellxfs) c->in_cellxfs--;
}

const char *xc_builtin_numfmt(unsigned id) {
  static const char *const codes[50] = {
      [0] = "General", [1] = "0", [2] = "0.00", [3] = "#,##0", [4] = "#,##0.00",
      [5] = "\"$\"#,##0_);(\"$\"#,##0)", [6] = "\"$\"#,##0_);[Red](\"$\"#,##0)",
      [7] = "\"$\"#,##0.00_);(\"$\"#,##0.00)", [8] = "\"$\"#,##0.00_);[Red](\"$\"#,##0.00)",
      [9] = "0%", [10] = "0.00%", [11] = "0.00E+00", [12] = "# ?/?", [13] = "# ?\?/??",
      [14] = "mm-dd-yy", [15] = "d-mmm-yy", [16] = "d-mmm", [17] = "mmm-yy",
      [18] = "h:mm AM/PM", [19] = "h:mm:ss AM/PM", [20] = "h:mm", [21] = "h:mm:ss",
      [22] = "m/d/yy h:mm", [37] = "#,##0_);(#,##0)", [38] = "#,##0_);[Red](#,##0)",
      [39] = "#,##0.00_);(#,##0.00)", [40] = "#,##0.00_);[Red](#,##0.00)",
      [41] = "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)",
      [42] = "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)",
      [43] = "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)",
      [44] = "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"??_);_(@_)",
      [45] = "mm:ss", [46] = "[h]:mm:ss", [47] = "mmss.0", [48] = "##0.0E+0", [49] = "@"};
  /* 27-36 and 50-58: East Asian date formats whose code depends on the locale */
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return "yyyy-mm-dd";
  return id < 50 ? codes[id] : NULL;
}

uint8_t xc_numfmt_flags(const char *code, int8_t *decimals) {
  uint8_t flags = 0;
  int dec = -1;
  if (!code) code = "General";
  /* the first section, literals ("…", \x) and [..] removed except [h] [mm] [ss] */
  char first[256];
  size_t o = 0;
  bool general = false;
  for (const char *p = code; *p && *p != ';' && o + 1 < sizeof first; p++) {
    if (*p == '"') {
      p++;
      while (*p && *p != '"') p++;
      if (!*p) break;
    } else if (*p == '\\' && p[1]) {
      p++;
    } else if (*p == '_' || *p == '*') {
      if (p[1]) p++;
    } else if (*p == '[') {
      const char *q = strchr(p, ']');
      if (!q) break;
      size_t k = (size_t)(q - p - 1);
      bool elapsed = k >= 1 && k <= 2;
      for (size_t i = 1; i <= k && elapsed; i++) {
        char ch = (char)(p[i] | 0x20);
        elapsed = ch == (char)(p[1] | 0x20) && (ch == 'h' || ch == 'm' || ch == 's');
      }
      if (elapsed) {
        flags |= XC_FMT_DURATION;
        first[o++] = p[1];
      }
      p = q;
    } else {
      first[o++] = *p;
    }
  }
  first[o] = '\0';
  if (strncasecmp(first, "general", 7) == 0) general = true;
  for (size_t i = 0; i < o; i++) {
    char ch = (char)(first[i] | 0x20);
    if (!general && (ch == 'd' || ch == 'm' || ch == 'h' || ch == 'y' || ch == 's'))
      flags |= XC_FMT_DATE;
    if (first[i] == '%') flags |= XC_FMT_PERCENT;
    if (first[i] == '@') flags |= XC_FMT_TEXT;
  }
  if (!general && !(flags & XC_FMT_DATE)) {
    const char *dot = strchr(first, '.');
    dec = 0;
    if (dot)
      for (const char *p = dot + 1; (*p == '0' || *p == '#' || *p == '?') && dec < 30; p++) dec++;
  }
  if (!(flags & XC_FMT_DATE)) flags &= (uint8_t)~XC_FMT_DURATION;
  *decimals = (int8_t)(general ? -1 : dec);
  return flags;
}

static int cmp_numfmt(const void *a, const void *b) {
  const numfmt *x = a, *y = b;
  if (x->id != y->id) return x->id < y->id ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq; /* the later definition last */
}

/* The custom code of an id (the last definition wins); fmts sorted by cmp_numfmt. */
static const char *custom_code(const styles_ctx *c, unsigned id) {
  size_t lo = 0, hi = c->nfmts;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c->fmts[mid].id <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && c->fmts[lo - 1].id == id ? c->fmts[lo - 1].code : NULL;
}

/* ---- docProps/app.xml ------------------------------------------------- */

typedef struct {
  xc_xml_base base;
  xc_buf text;
  int depth, want; /* want: 1 Application, 2 AppVersion */
  char *application, *app_version;
} app_ctx;

static void app_start(void *ud, const char *name, const char **attrs) {
  app_ctx *c = ud;
  (void)attrs;
  c->depth++;
  const char *local = xc_xml_local(name);
  c->want = c->depth == 2 && strcmp(local, "Application") == 0   ? 1
            : c->depth == 2 && strcmp(local, "AppVersion") == 0 ? 2
                                                                : 0;
  xc_buf_clear(&c->text);
}

static void app_end(void *ud, const char *name) {
  app_ctx *c = ud;
  (void)name;
  char **slot = c->want == 1 && !c->application ? &c->application
               : c->want == 2 && !c->app_version ? &c->app_version
                                                 : NULL;
  if (slot && (c->text.nomem || !(*slot = xc_try_malloc(c->text.len + 1)))) {
    xc_xml_fail(ud, XC_ERR_NOMEM, "docProps/app.xml");
    return;
  }
  if (slot) memcpy(*slot, xc_buf_str(&c->text), c->text.len + 1);
  c->want = 0;
  c->depth--;
}

static void app_text(void *ud, const char *s, int len) {
  app_ctx *c = ud;
  if (c->want) xc_buf_add(&c->text, s, (size_t)len);
}

/* ---- opening ---------------------------------------------------------- */

static xc_err not_a_workbook(xc_workbook *wb, xc_error *e) {
  const char *what = "ZIP";
  if (xc_zip_find(wb->zip, "mimetype") >= 0 && xc_zip_find(wb->zip, "content.xml") >= 0)
    what = "OpenDocument (.ods/.odt)";
  else if (xc_zip_find(wb->zip, "ppt/presentation.xml") >= 0)
    what = "PowerPoint (.pptx)";
  else if (xc_zip_find(wb->zip, "word/document.xml") >= 0)
    what = "Word (.docx)";
  return xc_fail(e, XC_ERR_NOT_XLSX, NULL, "%s", what);
}

static xc_err find_workbook_part(xc_workbook *wb, xc_error *e) {
  rels_ctx pk;
  bool found;
  xc_err rc = read_rels(wb, "", &pk, &found, e);
  if (rc != XC_OK) {
    free(pk.rels);
    return rc;
  }
  const rel *r = rel_by_type(&pk, "/officeDocument");
  const char *named = r ? r->target : NULL; /* arena-owned: outlives pk.rels */
  if (named && xc_zip_find(wb->zip, named) >= 0) wb->workbook_part = named;
  free(pk.rels);
  ctypes_ctx ct = {0};
  ct.arena = &wb->arena;
  if (xc_zip_find(wb->zip, "[Content_Types].xml") >= 0) {
    static const xc_xml_handlers h = {.start = ctypes_start, .end = ignore_end, .text = NULL};
    ct.wanted_part = wb->workbook_part;
    rc = xc_xml_parse_part(wb->zip, "[Content_Types].xml", &h, &ct, e);
    if (rc != XC_OK) return rc;
  }
  if (!wb->workbook_part && ct.workbook_override && xc_zip_find(wb->zip, ct.workbook_override) >= 0) {
    wb->workbook_part = ct.workbook_override;
    ct.wanted_type = ct.workbook_override_type;
  }
  if (!wb->workbook_part && xc_zip_find(wb->zip, "xl/workbook.xml") >= 0)
    wb->workbook_part = "xl/workbook.xml";
  if (!wb->workbook_part) {
    if (named) return xc_fail(e, XC_ERR_PART_MISSING, named, NULL);
    return not_a_workbook(wb, e);
  }
  wb->content_type = ct.wanted_type;
  return XC_OK;
}

static xc_err read_workbook_xml(xc_workbook *wb, rels_ctx *wrels, xc_error *e) {
  wbxml_ctx c = {0};
  c.arena = &wb->arena;
  static const xc_xml_handlers h = {.start = wbxml_start, .end = ignore_end, .text = NULL};
  xc_err rc = xc_xml_parse_part(wb->zip, wb->workbook_part, &h, &c, e);
  if (rc == XC_OK && !c.saw_root) rc = xc_fail(e, XC_ERR_XML, wb->workbook_part, "no root element");
  if (rc == XC_ERR_NOT_XLSX) { /* the main part is no workbook: say what the package is */
    if (e) e->code = XC_OK;
    rc = not_a_workbook(wb, e);
  }
  if (rc != XC_OK) {
    free(c.sheets);
    return rc;
  }
  wb->date1904 = c.date1904;
  wb->strict = c.strict;
  wb->sheets = xc_arena_try_alloc(&wb->arena, (c.n ? c.n : 1) * sizeof *wb->sheets);
  if (!wb->sheets) {
    free(c.sheets);
    return xc_fail(e, XC_ERR_NOMEM, wb->workbook_part, NULL);
  }
  wb->nsheets = c.n;
  for (size_t i = 0; i < c.n; i++) {
    xc_sheet_info *s = &wb->sheets[i];
    s->name = c.sheets[i].name;
    s->visibility = c.sheets[i].vis;
    s->kind = XC_SHEET_OTHER;
    s->part = NULL;
    const rel *r = c.sheets[i].rid ? rel_by_id(wrels, c.sheets[i].rid) : NULL;
    if (!r) {
      rc = xc_fail(e, XC_ERR_PART_MISSING, wb->workbook_part, "sheet \"%s\": r:id=%s",
                   s->name, c.sheets[i].rid ? c.sheets[i].rid : "(none)");
      break;
    }
    s->kind = ends_with(r->type, "/worksheet")     ? XC_SHEET_WORKSHEET
              : ends_with(r->type, "/chartsheet")  ? XC_SHEET_CHART
              : ends_with(r->type, "/dialogsheet") ? XC_SHEET_DIALOG
              : ends_with(r->type, "acrosheet")    ? XC_SHEET_MACRO
                                                   : XC_SHEET_OTHER;
    s->part = r->target;
    if (s->kind == XC_SHEET_WORKSHEET && xc_zip_find(wb->zip, r->target) < 0) {
      rc = xc_fail(e, XC_ERR_PART_MISSING, r->target, "sheet \"%s\"", s->name);
      break;
    }
  }
  free(c.sheets);
  return rc;
}

static xc_err read_sst(xc_workbook *wb, const char *part, xc_error *e) {
  sst_ctx c = {0};
  c.wb = wb;
  xc_buf_init(&c.text, MAX_STRING);
  static const xc_xml_handlers h = {.start = sst_start, .end = sst_end, .text = sst_text};
  xc_err rc = xc_xml_parse_part(wb->zip, part, &h, &c, e);
  xc_buf_free(&c.text);
  return rc;
}

static xc_err read_styles(xc_workbook *wb, const char *part, xc_error *e) {
  styles_ctx c = {0};
  c.wb = wb;
  static const xc_xml_handlers h = {.start = styles_start, .end = styles_end, .text = NULL};
  xc_err rc = xc_xml_parse_part(wb->zip, part, &h, &c, e);
  if (rc == XC_OK) {
    if (c.nfmts) qsort(c.fmts, c.nfmts, sizeof *c.fmts, cmp_numfmt);
    wb->styles = xc_arena_try_alloc(&wb->arena, (c.nxf ? c.nxf : 1) * sizeof *wb->styles);
    if (!wb->styles) {
      free(c.fmts);
      free(c.xf_ids);
      return xc_fail(e, XC_ERR_NOMEM, part, NULL);
    }
    wb->nstyles = c.nxf;
    for (size_t i = 0; i < c.nxf; i++) {
      xc_style *st = &wb->styles[i];
      unsigned id = c.xf_ids[i];
      const char *code = custom_code(&c, id);
      if (!code) code = xc_builtin_numfmt(id);
      st->numfmt_id = (uint16_t)(id > 65535 ? 65535 : id);
      st->code = code ? code : "General";
      st->flags = xc_numfmt_flags(st->code, &st->decimals);
    }
  }
  free(c.fmts);
  free(c.xf_ids);
  return rc;
}

/* false when memory runs out (anything else wrong in the part is ignored) */
static bool read_app(xc_workbook *wb) {
  if (xc_zip_find(wb->zip, "docProps/app.xml") < 0) return true;
  app_ctx c = {0};
  xc_buf_init(&c.text, 4096);
  static const xc_xml_handlers h = {.start = app_start, .end = app_end, .text = app_text};
  xc_error ignore = {0};
  xc_xml_parse_part(wb->zip, "docProps/app.xml", &h, &c, &ignore); /* optional: best effort */
  bool ok = ignore.code != XC_ERR_NOMEM;
  if (ok && c.application &&
      !(wb->application = xc_arena_try_strndup(&wb->arena, c.application, strlen(c.application))))
    ok = false;
  if (ok && c.app_version &&
      !(wb->app_version = xc_arena_try_strndup(&wb->arena, c.app_version, strlen(c.app_version))))
    ok = false;
  free(c.application);
  free(c.app_version);
  xc_buf_free(&c.text);
  return ok;
}

static xc_workbook *load(xc_workbook *wb, xc_error *e) {
  if (!wb->zip) goto fail;
  if (find_workbook_part(wb, e) != XC_OK) goto fail;
  rels_ctx wrels;
  bool found;
  if (read_rels(wb, wb->workbook_part, &wrels, &found, e) != XC_OK) {
    free(wrels.rels);
    goto fail;
  }
  xc_err rc = read_workbook_xml(wb, &wrels, e);
  if (rc == XC_OK && !found && wb->nsheets > 0) {
    char *dir;
    const char *rp = rels_part_of(&wb->arena, wb->workbook_part, &dir);
    rc = rp ? xc_fail(e, XC_ERR_PART_MISSING, rp, NULL) : xc_fail(e, XC_ERR_NOMEM, wb->workbook_part, NULL);
  }
  const rel *sst = rel_by_type(&wrels, "/sharedStrings");
  const rel *sty = rel_by_type(&wrels, "/styles");
  /* a shared-strings or styles part the workbook names must be there */
  if (rc == XC_OK && sst) rc = read_sst(wb, sst->target, e);
  if (rc == XC_OK && sty) rc = read_styles(wb, sty->target, e);
  free(wrels.rels);
  if (rc != XC_OK) goto fail;
  if (!read_app(wb)) {
    xc_fail(e, XC_ERR_NOMEM, "docProps/app.xml", NULL);
    goto fail;
  }
  return wb;
fail:
  xc_workbook_free(wb);
  return NULL;
}

static xc_workbook *new_workbook(const char *path, xc_error *e) {
  xc_workbook *wb = xc_try_calloc(1, sizeof *wb);
  if (wb) wb->path = xc_try_malloc(strlen(path) + 1);
  if (!wb || !wb->path) {
    free(wb);
    xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  strcpy(wb->path, path);
  xc_arena_init(&wb->arena);
  return wb;
}

xc_workbook *xc_workbook_open(const char *path, const xc_limits *lim, xc_error *e) {
  xc_workbook *wb = new_workbook(path, e);
  if (!wb) return NULL;
  if (lim) wb->limits = *lim;
  else xc_limits_default(&wb->limits);
  wb->zip = xc_zip_open(path, &wb->limits, e);
  return load(wb, e);
}

xc_workbook *xc_workbook_open_mem(const void *data, size_t n, const xc_limits *lim,
                                  xc_error *e) {
  xc_workbook *wb = new_workbook("(memory)", e);
  if (!wb) return NULL;
  if (lim) wb->limits = *lim;
  else xc_limits_default(&wb->limits);
  wb->zip = xc_zip_open_mem(data, n, &wb->limits, e);
  return load(wb, e);
}

void xc_workbook_free(xc_workbook *wb) {
  if (!wb) return;
  xc_zip_close(wb->zip);
  free(wb->sst);
  free(wb->sst_len);
  free(wb->path);
  xc_arena_free(&wb->arena);
  free(wb);
}

const xc_style *xc_workbook_style(const xc_workbook *wb, uint32_t s) {
  static const xc_style general = {0, 0, -1, "General"};
  if (s < wb->nstyles) return &wb->styles[s];
  return wb->nstyles ? &wb->styles[0] : &general;
}

long xc_workbook_find_sheet(const xc_workbook *wb, const char *name) {
  for (size_t i = 0; i < wb->nsheets; i++)
    if (strcmp(wb->sheets[i].name, name) == 0) return (long)i;
  return -1;
}

const char *xc_workbook_kind(const xc_workbook *wb) {
  const char *t = wb->content_type ? wb->content_type : "";
  if (strstr(t, "macroEnabled") && strstr(t, "template")) return "xltm";
  if (strstr(t, "macroEnabled")) return "xlsm";
  if (strstr(t, "template")) return "xltx";
  return "xlsx";
}
