/* arena.c: block arena. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#define BLOCK_SIZE (64 * 1024)

struct xc_arena_block {
  xc_arena_block *next;
  size_t used, size;
  _Alignas(8) unsigned char data[];
};

void xc_arena_init(xc_arena *a) {
  a->head = NULL;
  a->used_total = 0;
}

void xc_arena_free(xc_arena *a) {
  xc_arena_block *b = a->head;
  while (b) {
    xc_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->used_total = 0;
}

void *xc_arena_try_alloc(xc_arena *a, size_t n) {
  if (n > SIZE_MAX - 64) return NULL;
  n = (n + 7) & ~(size_t)7;
  xc_arena_block *b = a->head;
  if (!b || b->size - b->used < n) {
    size_t size = n > BLOCK_SIZE / 4 ? n : BLOCK_SIZE;
    b = xc_try_malloc(sizeof *b + size);
    if (!b) return NULL;
    b->size = size;
    b->used = 0;
    if (n > BLOCK_SIZE / 4 && a->head) { /* big: keep the current block in front */
      b->next = a->head->next;
      a->head->next = b;
    } else {
      b->next = a->head;
      a->head = b;
    }
  }
  void *p = b->data + b->used;
  b->used += n;
  a->used_total += n;
  return p;
}

char *xc_arena_try_strndup(xc_arena *a, const char *s, size_t n) {
  char *p = xc_arena_try_alloc(a, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}
