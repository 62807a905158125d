// SHA-256 from OpenSSL's libcrypto (Debian's libssl-dev), seen from Swift.
//
// Through SHA256_Init/Update/Final rather than SHA256() or EVP_Digest: in OpenSSL 3 those
// go through the provider machinery, whose first call reads openssl.cnf and loads the
// default provider (0.5-0.8 ms, a tenth of a one-article process), where these start in
// about 10 us. OpenSSL 3 marks them deprecated but keeps them; both paths run the same
// assembly, which picks the processor's SHA extensions at run time.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

/// Writes the SHA-256 digest of `length` bytes at `data` (NULL when `length` is 0) to
/// `digest` (32 bytes).
static inline void clibcrypto_sha256(const void *data, size_t length, unsigned char digest[32]) {
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, data, length);
  SHA256_Final(digest, &context);
}
