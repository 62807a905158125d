// SHA-256 with the x86 SHA extensions (SHA-NI), for the cache's article hashes.
//
// PrecisCache hashes every article it sees; its portable Swift SHA-256 runs at about
// 200 MB/s, which was 1% of a cold batch (perf). Processors with SHA-NI (Intel since Ice
// Lake, AMD since Zen) do it about ten times faster. Elsewhere this returns 0 and Swift's
// implementation is used.
#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Writes the SHA-256 digest of `length` bytes at `data` to `digest` (32 bytes) and returns
/// 1, or returns 0 without writing when this processor (or build) has no SHA extensions.
int precis_sha256_hardware(const uint8_t *data, size_t length, uint8_t digest[32]);

/// The 64 round constants of SHA-256 (FIPS 180-4, 4.2.2), for the Swift implementation too.
const uint32_t *precis_sha256_round_constants(void);

#ifdef __cplusplus
}
#endif

#endif
