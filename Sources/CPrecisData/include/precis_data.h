// Language data and models compiled into the binary with C23 #embed.
//
// The files stay ordinary UTF-8 text under lexicons/ and models/ in the repository; this
// target only carries their bytes, so an installed `precis` needs no data directory.
#ifndef PRECIS_DATA_H
#define PRECIS_DATA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Returns the bytes of the embedded file at `path` (relative to the repository root, for
/// example "lexicons/fr/stopwords.txt") and stores its length in `*length`. Returns NULL
/// when no such file was embedded, and a pointer with `*length == 0` when the file was
/// missing or empty at build time.
const unsigned char *precis_data(const char *path, size_t *length);

/// Asks the processor to bring the cache line holding `address` closer (a hint: no effect
/// on results). Swift has no prefetch of its own.
static inline void precis_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#ifdef __cplusplus
}
#endif

#endif
