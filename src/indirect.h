/* indirect.h - reported speech without quote marks. */
#ifndef QUOTH_INDIRECT_H
#define QUOTH_INDIRECT_H

#include "doc.h"

/* Add indirect quotations (kind QUOTH_KIND_INDIRECT) to d->quotes, keeping
 * document order. 0, or -1 out of memory. */
int find_indirect(doc *d);

#endif
