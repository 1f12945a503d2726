/* arena.c - bump allocation for everything that lives as long as a document. */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct arena_block {
    arena_block *next;
    size_t size;
    /* 16-byte aligned payload follows */
};

#define ROUND16(n) (((n) + 15u) & ~(size_t)15u)
#define BLOCK_HEADER ROUND16(sizeof(arena_block))
#define MIN_BLOCK ((size_t)64 * 1024)

void *mem_alloc(const quoth_allocator *mem, size_t size) {
    return mem ? mem->malloc(mem->ctx, size) : malloc(size);
}

void *mem_realloc(const quoth_allocator *mem, void *p, size_t old_size, size_t new_size) {
    return mem ? mem->realloc(mem->ctx, p, old_size, new_size) : realloc(p, new_size);
}

void mem_free(const quoth_allocator *mem, void *p) {
    if (!p)
        return;
    if (mem)
        mem->free(mem->ctx, p);
    else
        free(p);
}

void arena_init(arena *a, const quoth_allocator *mem) {
    a->mem = mem;
    a->head = NULL;
    a->used = 0;
    a->failed = 0;
}

static void free_chain(const quoth_allocator *mem, arena_block *b) {
    while (b) {
        arena_block *next = b->next;
        mem_free(mem, b);
        b = next;
    }
}

void arena_reset(arena *a) {
    arena_block *keep = a->head;
    if (keep) {
        /* The oldest block is the smallest; keep the newest, which is the
         * one sized for documents like the last. */
        free_chain(a->mem, keep->next);
        keep->next = NULL;
    }
    a->used = 0;
    a->failed = 0;
}

void arena_release(arena *a) {
    free_chain(a->mem, a->head);
    a->head = NULL;
    a->used = 0;
}

static char *block_payload(arena_block *b) { return (char *)b + BLOCK_HEADER; }

void *arena_alloc_uninit(arena *a, size_t size) {
    size = ROUND16(size);
    if (!a->head || a->head->size - a->used < size) {
        size_t cap = a->head ? a->head->size * 2 : MIN_BLOCK;
        if (cap < size)
            cap = size;
        if (cap > (size_t)-1 - BLOCK_HEADER) {
            a->failed = 1;
            return NULL;
        }
        arena_block *b = mem_alloc(a->mem, BLOCK_HEADER + cap);
        if (!b) {
            a->failed = 1;
            return NULL;
        }
        b->next = a->head;
        b->size = cap;
        a->head = b;
        a->used = 0;
    }
    char *p = block_payload(a->head) + a->used;
    a->used += size;
    return p;
}

void *arena_alloc(arena *a, size_t size) {
    void *p = arena_alloc_uninit(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

void *arena_grow(arena *a, void *old, size_t old_size, size_t new_size) {
    if (!old)
        old_size = 0;
    if (new_size <= old_size)
        return old;
    /* The latest allocation grows where it is when its block has room:
     * arrays pushed one element at a time usually are the latest. */
    if (old && a->head && (char *)old + ROUND16(old_size) == block_payload(a->head) + a->used &&
        ROUND16(new_size) - ROUND16(old_size) <= a->head->size - a->used) {
        a->used += ROUND16(new_size) - ROUND16(old_size);
        memset((char *)old + old_size, 0, new_size - old_size);
        return old;
    }
    char *p = arena_alloc_uninit(a, new_size);
    if (!p)
        return NULL;
    if (old_size)
        memcpy(p, old, old_size);
    memset(p + old_size, 0, new_size - old_size);
    return p;
}

int qbuf_append(qbuf *b, const quoth_allocator *mem, const char *s, size_t n) {
    if (n > (size_t)-1 - b->len)
        return -1;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap = cap > (size_t)-1 / 2 ? b->len + n : cap * 2;
        char *p = mem_realloc(mem, b->ptr, b->cap, cap);
        if (!p)
            return -1;
        b->ptr = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->ptr + b->len, s, n);
    b->len += n;
    return 0;
}

void qbuf_free(qbuf *b, const quoth_allocator *mem) {
    mem_free(mem, b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}
