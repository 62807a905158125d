// SHA-256 (FIPS 180-4) on the x86 SHA extensions; see include/csha256.h.
// The round structure follows Intel's published SHA-NI sample ("Intel SHA Extensions",
// 2013): two rounds per sha256rnds2, the message schedule by sha256msg1/msg2.
#include "csha256.h"

#include <stdatomic.h>
#include <string.h>

static const uint32_t K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

const uint32_t *precis_sha256_round_constants(void) { return K; }

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>

/// Mixes `blocks` 64-byte blocks at `data` into `state` (a, b, …, h).
__attribute__((target("sha,ssse3,sse4.1")))
static void compress(uint32_t state[8], const uint8_t *data, size_t blocks) {
  const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128((const __m128i *)&state[0]);
  __m128i state1 = _mm_loadu_si128((const __m128i *)&state[4]);
  tmp = _mm_shuffle_epi32(tmp, 0xB1);          // CDAB
  state1 = _mm_shuffle_epi32(state1, 0x1B);    // EFGH
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  // ABEF
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);       // CDGH
  for (; blocks > 0; blocks--, data += 64) {
    const __m128i abef = state0, cdgh = state1;
    __m128i m[4];
    for (int i = 0; i < 16; i++) {
      __m128i *cur = &m[i & 3], *prev = &m[(i + 3) & 3], *next = &m[(i + 1) & 3];
      if (i < 4) *cur = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * i)), mask);
      __m128i msg = _mm_add_epi32(*cur, _mm_loadu_si128((const __m128i *)&K[4 * i]));
      state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
      if (i >= 3 && i <= 14) {
        *next = _mm_add_epi32(*next, _mm_alignr_epi8(*cur, *prev, 4));
        *next = _mm_sha256msg2_epu32(*next, *cur);
      }
      msg = _mm_shuffle_epi32(msg, 0x0E);
      state0 = _mm_sha256rnds2_epu32(state0, state1, msg);
      if (i >= 1 && i <= 12) *prev = _mm_sha256msg1_epu32(*prev, *cur);
    }
    state0 = _mm_add_epi32(state0, abef);
    state1 = _mm_add_epi32(state1, cdgh);
  }
  tmp = _mm_shuffle_epi32(state0, 0x1B);         // FEBA
  state1 = _mm_shuffle_epi32(state1, 0xB1);      // DCHG
  state0 = _mm_blend_epi16(tmp, state1, 0xF0);   // DCBA
  state1 = _mm_alignr_epi8(state1, tmp, 8);      // HGFE
  _mm_storeu_si128((__m128i *)&state[0], state0);
  _mm_storeu_si128((__m128i *)&state[4], state1);
}

/// Whether the processor has SHA, SSSE3 and SSE4.1 (CPUID leaves 7 and 1).
/// Asked once: CPUID traps to the hypervisor in a virtual machine.
static int supported(void) {
  static _Atomic int answer = -1;
  int known = atomic_load_explicit(&answer, memory_order_relaxed);
  if (known < 0) {
    unsigned a, b, c, d;
    int sha = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
    int sse = __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 9)) && (c & (1u << 19));
    known = sha && sse;
    atomic_store_explicit(&answer, known, memory_order_relaxed);
  }
  return known;
}

int precis_sha256_hardware(const uint8_t *data, size_t length, uint8_t digest[32]) {
  if (!supported()) return 0;
  uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  size_t whole = length / 64;
  if (whole > 0) compress(state, data, whole);
  // The tail, 0x80, zeros and the length in bits (big-endian) fill one or two blocks.
  uint8_t tail[128] = {0};
  size_t rest = length - whole * 64;
  if (rest > 0) memcpy(tail, data + whole * 64, rest);
  tail[rest] = 0x80;
  size_t blocks = rest < 56 ? 1 : 2;
  uint64_t bits = (uint64_t)length * 8;
  for (int i = 0; i < 8; i++) tail[blocks * 64 - 1 - i] = (uint8_t)(bits >> (8 * i));
  compress(state, tail, blocks);
  for (int i = 0; i < 8; i++) {
    digest[4 * i] = (uint8_t)(state[i] >> 24);
    digest[4 * i + 1] = (uint8_t)(state[i] >> 16);
    digest[4 * i + 2] = (uint8_t)(state[i] >> 8);
    digest[4 * i + 3] = (uint8_t)state[i];
  }
  return 1;
}

#else

int precis_sha256_hardware(const uint8_t *data, size_t length, uint8_t digest[32]) {
  (void)data;
  (void)length;
  (void)digest;
  return 0;
}

#endif
