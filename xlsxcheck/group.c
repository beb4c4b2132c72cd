/* group.c: findings grouped by file, rule, severity, sheet and message
 * pattern. */
#include "group.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "msg.h"

/* ---- the message pattern --------------------------------------------------- */

/* The next varying part of a message at or after s: a number ("3", "3.3.2",
 * "1.079", "96,44") or a quoted value ("…" or “…”).  Returns its start, or
 * NULL; *len is its length. */
static const char *next_token(const char *s, size_t *len) {
  for (const char *p = s; *p; p++) {
    if (*p >= '0' && *p <= '9') {
      const char *q = p;
      while ((*q >= '0' && *q <= '9') || ((*q == '.' || *q == ',') && q[1] >= '0' && q[1] <= '9')) q++;
      *len = (size_t)(q - p);
      return p;
    }
    if (*p == '"') {
      const char *q = strchr(p + 1, '"');
      if (q) {
        *len = (size_t)(q + 1 - p);
        return p;
      }
    }
    if (strncmp(p, "\xE2\x80\x9C", 3) == 0) { /* “ … ” */
      const char *q = strstr(p + 3, "\xE2\x80\x9D");
      if (q) {
        *len = (size_t)(q + 3 - p);
        return p;
      }
    }
  }
  return NULL;
}

/* The message with every varying part replaced by \x01. */
static void pattern_of(const char *msg, xc_buf *out) {
  const char *p = msg, *t;
  size_t n;
  while ((t = next_token(p, &n))) {
    xc_buf_add(out, p, (size_t)(t - p));
    xc_buf_addc(out, '\x01');
    p = t + n;
  }
  xc_buf_adds(out, p);
}

/* The k-th varying part of msg (k from 0), or NULL. */
static const char *token_at(const char *msg, size_t k, size_t *len) {
  const char *p = msg, *t;
  while ((t = next_token(p, len))) {
    if (k-- == 0) return t;
    p = t + *len;
  }
  return NULL;
}

static uint32_t fnv(uint32_t h, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 16777619u;
  return (h ^ 0xFF) * 16777619u; /* a separator, so ("ab","c") differs from ("a","bc") */
}

static uint32_t group_hash(const xc_diag *d, const char *pattern) {
  uint32_t h = 2166136261u;
  h = fnv(h, d->file);
  h = fnv(h, d->rule);
  h = fnv(h, d->severity == XC_SEV_ERROR ? "e" : d->severity == XC_SEV_WARNING ? "w" : "i");
  h = fnv(h, d->sheet);
  return fnv(h, pattern);
}

void xc_diag_group_id(const xc_diag *d, char out[XC_GROUP_ID_MAX]) {
  xc_buf p;
  xc_buf_init(&p, 0);
  pattern_of(d->msg_vi, &p);
  snprintf(out, XC_GROUP_ID_MAX, "%.30s:%08x", d->rule[0] ? d->rule : "x", (unsigned)group_hash(d, xc_buf_str(&p)));
  xc_buf_free(&p);
}

/* ---- building ---------------------------------------------------------------- */

typedef struct {
  uint32_t hash;
  const char *pattern;
  size_t group;
} slot;

/* The shared message: the first finding's, each varying part kept when every
 * finding has the same there, else "…". */
static const char *shared_msg(xc_groups *gs, const xc_group *g, bool en) {
  const char *first = en && g->first->msg_en[0] ? g->first->msg_en : g->first->msg_vi;
  if (g->n == 1) return first;
  xc_buf b;
  xc_buf_init(&b, 0);
  const char *p = first, *t;
  size_t n, k = 0;
  while ((t = next_token(p, &n))) {
    xc_buf_add(&b, p, (size_t)(t - p));
    bool same = true;
    for (size_t i = 1; i < g->n && same; i++) {
      const xc_diag *d = g->items[i];
      const char *m = en && d->msg_en[0] ? d->msg_en : d->msg_vi;
      size_t ln;
      const char *u = token_at(m, k, &ln);
      same = u && ln == n && memcmp(u, t, n) == 0;
    }
    if (same) xc_buf_add(&b, t, n);
    else xc_buf_adds(&b, "…");
    p = t + n;
    k++;
  }
  xc_buf_adds(&b, p);
  const char *s = b.nomem ? NULL : xc_arena_try_strndup(&gs->arena, xc_buf_str(&b), b.len);
  xc_buf_free(&b);
  if (!s) gs->nomem = true;
  return s ? s : "";
}

static bool build(const xc_diags *d, const char *only_file, xc_groups *gs) {
  memset(gs, 0, sizeof *gs);
  xc_arena_init(&gs->arena);
  size_t cap = 0;
  size_t *count = NULL;      /* findings per group */
  size_t *of = xc_try_malloc((d->n ? d->n : 1) * sizeof *of);
  /* open addressing over the current file's groups; files are usually
   * contiguous, but a file that comes back finds its groups again */
  size_t nslots = 64;
  slot *slots = xc_try_calloc(nslots, sizeof *slots);
  size_t used = 0;
  xc_buf pat;
  xc_buf_init(&pat, 0);
  if (!of || !slots) gs->nomem = true;
  for (size_t i = 0; i < d->n && !gs->nomem; i++) {
    const xc_diag *x = &d->items[i];
    of[i] = SIZE_MAX;
    if (only_file && strcmp(x->file, only_file) != 0) continue;
    xc_buf_clear(&pat);
    pattern_of(x->msg_vi, &pat);
    if (pat.nomem) {
      gs->nomem = true;
      break;
    }
    uint32_t h = group_hash(x, xc_buf_str(&pat));
    size_t s = h & (nslots - 1);
    for (; slots[s].pattern; s = (s + 1) & (nslots - 1)) {
      if (slots[s].hash != h) continue;
      const xc_diag *f = gs->items[slots[s].group].first;
      if (strcmp(slots[s].pattern, xc_buf_str(&pat)) == 0 && f->severity == x->severity &&
          strcmp(f->file, x->file) == 0 && strcmp(f->rule, x->rule) == 0 && strcmp(f->sheet, x->sheet) == 0)
        break;
    }
    if (!slots[s].pattern) { /* a new group */
      if (gs->n == cap) {
        size_t ncap = cap ? cap * 2 : 16;
        xc_group *items = xc_try_realloc(gs->items, ncap * sizeof *gs->items);
        if (items) gs->items = items;
        size_t *counts = items ? xc_try_realloc(count, ncap * sizeof *count) : NULL;
        if (counts) count = counts;
        if (!items || !counts) {
          gs->nomem = true;
          break;
        }
        cap = ncap;
      }
      const char *kept = xc_arena_try_strndup(&gs->arena, pat.data ? pat.data : "", pat.len);
      if (!kept) {
        gs->nomem = true;
        break;
      }
      xc_group *g = &gs->items[gs->n];
      memset(g, 0, sizeof *g);
      g->first = x;
      snprintf(g->id, sizeof g->id, "%.30s:%08x", x->rule[0] ? x->rule : "x", (unsigned)h);
      count[gs->n] = 0;
      slots[s] = (slot){h, kept, gs->n};
      gs->n++;
      if (++used * 2 > nslots) { /* grow and rehash */
        size_t nn = nslots * 2;
        slot *ns = xc_try_calloc(nn, sizeof *ns);
        if (!ns) {
          gs->nomem = true;
          break;
        }
        for (size_t k = 0; k < nslots; k++) {
          if (!slots[k].pattern) continue;
          size_t t = slots[k].hash & (nn - 1);
          while (ns[t].pattern) t = (t + 1) & (nn - 1);
          ns[t] = slots[k];
        }
        free(slots);
        slots = ns;
        nslots = nn;
        s = SIZE_MAX;
      }
    }
    size_t gi = s == SIZE_MAX ? gs->n - 1 : slots[s].group;
    of[i] = gi;
    count[gi]++;
    if (x->severity == XC_SEV_ERROR) gs->errors++;
    else if (x->severity == XC_SEV_WARNING) gs->warnings++;
  }
  for (size_t g = 0; g < gs->n && !gs->nomem; g++)
    if (!(gs->items[g].items = xc_arena_try_alloc(&gs->arena, count[g] * sizeof *gs->items[g].items)))
      gs->nomem = true;
  if (gs->nomem) { /* no groups at all: nothing half-built is shown */
    xc_buf_free(&pat);
    free(slots);
    free(count);
    free(of);
    free(gs->items);
    xc_arena_free(&gs->arena);
    memset(gs, 0, sizeof *gs);
    gs->nomem = true;
    return false;
  }
  for (size_t i = 0; i < d->n; i++) {
    if (of[i] == SIZE_MAX) continue;
    xc_group *g = &gs->items[of[i]];
    g->items[g->n++] = &d->items[i];
  }
  for (size_t k = 0; k < gs->n; k++) {
    xc_group *g = &gs->items[k];
    g->msg_vi = shared_msg(gs, g, false);
    g->msg_en = shared_msg(gs, g, true);
    g->actual = g->first->actual;
    g->expected = g->first->expected;
    for (size_t i = 1; i < g->n; i++) {
      if (strcmp(g->items[i]->actual, g->actual) != 0) g->actual = "";
      if (strcmp(g->items[i]->expected, g->expected) != 0) g->expected = "";
    }
  }
  xc_buf_free(&pat);
  free(slots);
  free(count);
  free(of);
  if (gs->nomem) { /* a shared message was lost */
    free(gs->items);
    xc_arena_free(&gs->arena);
    memset(gs, 0, sizeof *gs);
    gs->nomem = true;
    return false;
  }
  return true;
}

bool xc_groups_build(const xc_diags *d, xc_groups *out) { return build(d, NULL, out); }

bool xc_groups_build_file(const xc_diags *d, const char *file, xc_groups *out) { return build(d, file, out); }

void xc_groups_free(xc_groups *g) {
  free(g->items);
  xc_arena_free(&g->arena);
  memset(g, 0, sizeof *g);
}

/* ---- for people ------------------------------------------------------------ */

size_t xc_group_ncells(const xc_group *g) {
  size_t n = 0;
  for (size_t i = 0; i < g->n; i++) n += g->items[i]->cell[0] != '\0';
  return n;
}

void xc_group_cells(const xc_group *g, size_t max, xc_buf *out) {
  size_t shown = 0;
  for (size_t i = 0; i < g->n; i++) {
    const xc_diag *d = g->items[i];
    if (!d->cell[0]) continue;
    if (max && shown == max) {
      xc_buf_adds(out, ", …");
      return;
    }
    if (shown++) xc_buf_adds(out, ", ");
    xc_buf_adds(out, d->cell);
  }
}

const char *xc_group_msg(const xc_group *g, xc_lang L) { return L == XC_LANG_EN ? g->msg_en : g->msg_vi; }

const char *xc_group_hint(const xc_group *g, xc_lang L) {
  const xc_diag *d = g->first;
  return L == XC_LANG_EN && d->hint_en[0] ? d->hint_en : d->hint_vi;
}

void xc_group_line(const xc_group *g, xc_lang L, size_t max_cells, xc_buf *out) {
  const xc_diag *d = g->first;
  xc_buf_adds(out, d->sheet[0] ? d->sheet : xc_msg(L, "(sổ làm việc)", "(workbook)"));
  xc_buf_printf(out, " — %s (%s)", d->rule,
                xc_severity_name(d->severity, L, false));
  size_t nc = xc_group_ncells(g);
  if (g->n == 1) {
    if (d->cell[0]) xc_buf_printf(out, ", %s %s", xc_msg(L, "ô", "cell"), d->cell);
    if (d->key[0]) xc_buf_printf(out, " [%s]", d->key);
  } else if (nc == g->n) {
    xc_buf_printf(out, ", %zu %s", g->n, xc_msg(L, "ô", "cells"));
  } else {
    xc_buf_printf(out, ", %zu %s", g->n, xc_msg(L, "phát hiện", "findings"));
  }
  xc_buf_printf(out, ": %s", xc_group_msg(g, L));
  if (g->actual[0] || g->expected[0]) {
    xc_buf_adds(out, " —");
    if (g->actual[0]) xc_buf_printf(out, " %s %s", xc_msg(L, "có", "is"), g->actual);
    if (g->actual[0] && g->expected[0]) xc_buf_adds(out, ",");
    if (g->expected[0]) xc_buf_printf(out, " %s %s", xc_msg(L, "cần", "expected"), g->expected);
  }
  if (g->n > 1 && nc) {
    xc_buf_adds(out, " (");
    xc_group_cells(g, max_cells, out);
    xc_buf_adds(out, ")");
  }
}
