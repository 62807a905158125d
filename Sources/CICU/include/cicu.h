// A small C interface over the system ICU (Debian libicu-dev).
//
// ICU renames its C symbols per version (ubrk_open -> ubrk_open_72), which Swift cannot
// import, and Foundation on Linux ships its own ICU headers that clash with the system
// ones. This header therefore exposes only <stdint.h> types: text is UTF-16 as uint16_t,
// offsets are int32_t, and an ICU error is an int32_t (> 0 is a failure).
#ifndef CICU_H
#define CICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Break iterator kinds understood by cicu_boundaries.
enum {
  CICU_BREAK_WORD = 1,
  CICU_BREAK_SENTENCE = 2,
  /// Sentence breaks with ICU's standard abbreviation suppressions (locale fr@ss=standard).
  CICU_BREAK_SENTENCE_SS = 3
};

/// Finds the boundaries of `text` (UTF-16, `length` units) with a French break iterator.
///
/// Writes up to `capacity` boundary offsets (excluding 0, including `length`) to `offsets`
/// and, when `statuses` is not NULL, the rule status of the segment ending at each offset
/// (for words: >= 100 numbers, >= 200 letters). Returns the number of boundaries found,
/// which may exceed `capacity` (call again with a larger buffer), or -1 on an ICU error
/// stored in `*error`. Iterators are cached per thread, so calls are cheap and thread-safe.
int32_t cicu_boundaries(int32_t kind, const uint16_t *text, int32_t length,
                        int32_t *offsets, int32_t *statuses, int32_t capacity,
                        int32_t *error);

/// Returns 1 when `text` is already in NFC (quick check answered "yes"), 0 otherwise.
int32_t cicu_is_nfc(const uint16_t *text, int32_t length);

/// Normalises `text` to NFC into `out`. Returns the output length (may exceed `capacity`,
/// then call again with a larger buffer) or -1 on error.
int32_t cicu_to_nfc(const uint16_t *text, int32_t length, uint16_t *out,
                    int32_t capacity, int32_t *error);

/// Lower-cases `text` with French rules into `out`. Returns the output length (may exceed
/// `capacity`) or -1 on error.
int32_t cicu_to_lower(const uint16_t *text, int32_t length, uint16_t *out,
                      int32_t capacity, int32_t *error);

/// Folds `text` for matching: lower-case, then canonical decomposition with every
/// non-spacing mark removed, then NFC (so "Été" -> "ete", "Œuvre" -> "œuvre").
/// Returns the output length (may exceed `capacity`) or -1 on error.
int32_t cicu_fold(const uint16_t *text, int32_t length, uint16_t *out,
                  int32_t capacity, int32_t *error);

/// Guesses the charset of `bytes`. Writes a NUL-terminated ICU charset name (for example
/// "ISO-8859-1", "windows-1252", "UTF-16LE") to `name` and returns ICU's confidence
/// (0-100), or -1 when nothing was detected.
int32_t cicu_detect_charset(const char *bytes, int32_t length, char *name,
                            int32_t name_capacity);

/// Converts `bytes` in `charset` to UTF-16. Returns the output length (may exceed
/// `capacity`) or -1 on error (unknown charset, illegal sequence).
int32_t cicu_convert_to_utf16(const char *charset, const char *bytes,
                              int32_t length, uint16_t *out, int32_t capacity,
                              int32_t *error);

/// Writes the version of the ICU library this process runs with (for example "72.1") to
/// `out`, NUL-terminated, at most `capacity` bytes with the NUL. ICU is loaded from the
/// system, so an upgrade changes segmentation without rebuilding Precis.
void cicu_version(char *out, int32_t capacity);

#ifdef __cplusplus
}
#endif

#endif
