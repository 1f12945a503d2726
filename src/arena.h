/* arena.h - per-document memory: many allocations, one reset. */
#ifndef QUOTH_ARENA_H
#define QUOTH_ARENA_H

#include <stddef.h>
#include "quoth.h"

typedef struct arena_block arena_block;

typedef struct arena {
    const quoth_allocator *mem;
    arena_block *head;   /* block being filled; older blocks follow */
    size_t used;         /* bytes used in head */
    int failed;          /* an allocation failed since the last reset */
} arena;

void arena_init(arena *a, const quoth_allocator *mem);
/* Keep the first block for reuse, free the rest. */
void arena_reset(arena *a);
void arena_release(arena *a);
/* Zeroed, 16-byte aligned. NULL (and a->failed set) when out of memory. */
void *arena_alloc(arena *a, size_t size);
/* The same, not zeroed: for arrays whose elements are written before they
 * are read. */
void *arena_alloc_uninit(arena *a, size_t size);
/* Grow an array allocated from the arena (old may be NULL): the first
 * old_size bytes are kept, the new ones zeroed. In place when `old` is
 * the latest allocation and its block has room; else copied. */
void *arena_grow(arena *a, void *old, size_t old_size, size_t new_size);

/* Allocator shims: route to the user's allocator, or to libc. */
void *mem_alloc(const quoth_allocator *mem, size_t size);
void *mem_realloc(const quoth_allocator *mem, void *p, size_t old_size, size_t new_size);
void mem_free(const quoth_allocator *mem, void *p);

/* A growable byte buffer owned by one allocator. */
typedef struct qbuf {
    char *ptr;
    size_t len, cap;
} qbuf;

#define QBUF_INIT {NULL, 0, 0}

/* 0 on success, -1 when out of memory (the buffer is unchanged). */
int qbuf_append(qbuf *b, const quoth_allocator *mem, const char *s, size_t n);
void qbuf_free(qbuf *b, const quoth_allocator *mem);

#endif
