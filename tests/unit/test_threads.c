/* test_threads.c: the library from several threads at once.  The 10
 * example workbooks are checked (and explained) once serially, then by 8
 * threads at the same time, each going through all 10 in its own order,
 * from the path or from memory; every rendering must be exactly the
 * serial one.  Half of the threads share one library (rulesets and
 * registry read-only), the other half each load their own at the same
 * moment (the rule parser running in several threads).  `make tsan-test`
 * runs this under ThreadSanitizer. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "xlsxcheck.h"

#define SUITE "threads"
#define NTHREADS 8
#define NFILES 10

static const char *const FILES[NFILES] = {
    "bao-cao-dinh-ky_dak-glei_2023-q1.xlsx",  "bao-cao-dinh-ky_dak-ha_2023-q1.xlsx",
    "bao-cao-dinh-ky_dak-to_2023-q1.xlsx",    "bao-cao-dinh-ky_ia-hdrai_2023-q1.xlsx",
    "bao-cao-dinh-ky_kon-plong_2023-q1.xlsx", "bao-cao-dinh-ky_kon-ray_2023-q1.xlsx",
    "bao-cao-dinh-ky_ngoc-hoi_2023-q1.xlsx",  "bao-cao-dinh-ky_sa-thay_2023-q1.xlsx",
    "bao-cao-dinh-ky_tp-kon-tum_2023-q1.xlsx", "bao-cao-dinh-ky_tu-mo-rong_2023-q1.xlsx"};

static void root_path(char *out, size_t n, const char *rel) {
  const char *me = __FILE__, *tail = strstr(me, "tests/unit/");
  int len = tail ? (int)(tail - me) : 0;
  snprintf(out, n, "%.*s%s", len, me, rel);
}

static xc_lib *open_lib(void) {
  char dir[4096];
  root_path(dir, sizeof dir, "rulesets");
  xc_lib_opts o;
  xc_lib_opts_default(&o);
  o.rulesets_dir = dir;
  return xc_lib_open(&o, NULL);
}

typedef struct {
  char path[4096];
  unsigned char *bytes;
  size_t len;
  char *findings; /* the serial rendering (JSON, English) */
  char *identity; /* form, unit code, period */
  char *explain;  /* the serial explanation (JSON) */
} example;

static example ex[NFILES];
static xc_lib *shared;
static atomic_int mismatches, failures;

/* The findings of one file, rendered; NULL when it cannot be checked. */
static char *check_one(const xc_lib *lib, const example *e, bool from_memory, char **identity) {
  xc_status st = {0};
  xc_input *in = from_memory ? xc_input_open_mem(lib, e->bytes, e->len, e->path, &st)
                             : xc_input_open(lib, e->path, NULL, &st);
  if (!in) return NULL;
  xc_diags d;
  xc_diags_init(&d);
  char *text = NULL;
  if (xc_check(in, XC_LANG_EN, &d, &st) == XC_OK) {
    xc_diags_sort(&d);
    size_t len;
    xc_render_findings(&d, XC_RENDER_JSON, XC_LANG_EN, &text, &len);
    const xc_identity *id = xc_identify(in, &st);
    size_t n = strlen(id->form_id) + strlen(id->unit_code) + strlen(id->period) + 3;
    *identity = malloc(n);
    snprintf(*identity, n, "%s|%s|%s", id->form_id, id->unit_code, id->period);
  }
  xc_diags_free(&d);
  xc_status_clear(&st);
  xc_input_free(in);
  return text;
}

static char *explain_one(const xc_lib *lib, const example *e, bool from_memory) {
  xc_explain *x = from_memory ? xc_explain_mem(lib, e->bytes, e->len, e->path, XC_LANG_VI)
                              : xc_explain_path(lib, e->path, XC_LANG_VI);
  char *text = NULL;
  size_t len;
  xc_render_explain(x, XC_RENDER_JSON, XC_LANG_VI, &text, &len);
  xc_explain_free(x);
  return text;
}

static void *worker(void *arg) {
  int t = (int)(intptr_t)arg;
  xc_lib *own = t >= NTHREADS / 2 ? open_lib() : NULL;
  const xc_lib *lib = own ? own : shared;
  if (!lib) {
    atomic_fetch_add(&failures, 1);
    return NULL;
  }
  for (int k = 0; k < NFILES; k++) {
    const example *e = &ex[(t + k) % NFILES];
    bool mem = (t + k) % 2 == 0;
    char *id = NULL;
    char *got = check_one(lib, e, mem, &id);
    if (!got || !id || strcmp(got, e->findings) != 0 || strcmp(id, e->identity) != 0)
      atomic_fetch_add(&mismatches, 1);
    free(got);
    free(id);
    if (k == 0) { /* one explanation per thread */
      char *x = explain_one(lib, e, mem);
      if (!x || strcmp(x, e->explain) != 0) atomic_fetch_add(&mismatches, 1);
      free(x);
    }
  }
  xc_lib_free(own);
  return NULL;
}

static void eight_threads_find_what_one_finds(void) {
  shared = open_lib();
  REQUIRE(shared);
  size_t total_findings = 0;
  for (int i = 0; i < NFILES; i++) {
    char rel[256];
    snprintf(rel, sizeof rel, "examples/don-vi/%s", FILES[i]);
    root_path(ex[i].path, sizeof ex[i].path, rel);
    FILE *fp = fopen(ex[i].path, "rb");
    REQUIRE(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    ex[i].bytes = malloc((size_t)n);
    ex[i].len = fread(ex[i].bytes, 1, (size_t)n, fp);
    fclose(fp);
    ex[i].findings = check_one(shared, &ex[i], false, &ex[i].identity);
    REQUIRE(ex[i].findings && ex[i].identity);
    ex[i].explain = explain_one(shared, &ex[i], false);
    REQUIRE(ex[i].explain);
    for (const char *p = ex[i].findings; (p = strstr(p, "\"rule\":")); p++) total_findings++;
  }
  CHECK(total_findings > 0); /* three examples carry slips: the comparison means something */
  pthread_t th[NTHREADS];
  for (int t = 0; t < NTHREADS; t++)
    REQUIRE(pthread_create(&th[t], NULL, worker, (void *)(intptr_t)t) == 0);
  for (int t = 0; t < NTHREADS; t++) pthread_join(th[t], NULL);
  CHECK_INT(atomic_load(&failures), 0);
  CHECK_INT(atomic_load(&mismatches), 0);
  for (int i = 0; i < NFILES; i++) {
    free(ex[i].bytes);
    free(ex[i].findings);
    free(ex[i].identity);
    free(ex[i].explain);
  }
  xc_lib_free(shared);
}

const xc_test_case xc_tests_threads[] = {
    TEST(eight_threads_find_what_one_finds),
    {0},
};
