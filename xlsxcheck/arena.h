/* arena.h: a block arena for strings that live as long as a workbook
 * (expat's STRING_POOL).  Everything is released at once by
 * xc_arena_free.  Pointers stay valid until then. */
#ifndef XC_ARENA_H
#define XC_ARENA_H
#include <stddef.h>

typedef struct xc_arena_block xc_arena_block;
typedef struct {
  xc_arena_block *head;
  size_t used_total; /* bytes handed out, for limits and info */
} xc_arena;

void xc_arena_init(xc_arena *a);
void xc_arena_free(xc_arena *a);
/* n bytes, 8-byte aligned; NULL when memory runs out (alloc.h) */
void *xc_arena_try_alloc(xc_arena *a, size_t n);
/* copies n bytes and appends a NUL; NULL when memory runs out */
char *xc_arena_try_strndup(xc_arena *a, const char *s, size_t n);

#endif
