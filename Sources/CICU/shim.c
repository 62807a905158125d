// Implementation of cicu.h over the system ICU. See the header for the contract.
#include "cicu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/uversion.h>

// One iterator of each kind per thread: ubrk_open costs tens of microseconds, setText is cheap.
static _Thread_local UBreakIterator *word_iterator = NULL;
static _Thread_local UBreakIterator *sentence_iterator = NULL;
static _Thread_local UBreakIterator *sentence_ss_iterator = NULL;

static UBreakIterator *iterator_for(int32_t kind, UErrorCode *status) {
  UBreakIterator **slot;
  UBreakIteratorType type;
  const char *locale;
  switch (kind) {
  case CICU_BREAK_WORD: slot = &word_iterator; type = UBRK_WORD; locale = "fr"; break;
  case CICU_BREAK_SENTENCE: slot = &sentence_iterator; type = UBRK_SENTENCE; locale = "fr"; break;
  case CICU_BREAK_SENTENCE_SS:
    slot = &sentence_ss_iterator; type = UBRK_SENTENCE; locale = "fr@ss=standard"; break;
  default: *status = U_ILLEGAL_ARGUMENT_ERROR; return NULL;
  }
  if (*slot == NULL) {
    *slot = ubrk_open(type, locale, NULL, 0, status);
    if (U_FAILURE(*status)) { *slot = NULL; return NULL; }
  }
  return *slot;
}

int32_t cicu_boundaries(int32_t kind, const uint16_t *text, int32_t length,
                        int32_t *offsets, int32_t *statuses, int32_t capacity,
                        int32_t *error) {
  UErrorCode status = U_ZERO_ERROR;
  *error = 0;
  if (length <= 0) return 0;
  UBreakIterator *it = iterator_for(kind, &status);
  if (it == NULL) { *error = status; return -1; }
  ubrk_setText(it, (const UChar *)text, length, &status);
  if (U_FAILURE(status)) { *error = status; return -1; }
  int32_t count = 0;
  ubrk_first(it);
  for (int32_t b = ubrk_next(it); b != UBRK_DONE; b = ubrk_next(it)) {
    if (count < capacity) {
      offsets[count] = b;
      if (statuses) statuses[count] = ubrk_getRuleStatus(it);
    }
    count++;
  }
  // Detach the iterator from the caller's buffer, which may be freed after we return.
  ubrk_setText(it, (const UChar *)u"", 0, &status);
  return count;
}

int32_t cicu_is_nfc(const uint16_t *text, int32_t length) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
  if (U_FAILURE(status)) return 0;
  UNormalizationCheckResult r = unorm2_quickCheck(nfc, (const UChar *)text, length, &status);
  return U_SUCCESS(status) && r == UNORM_YES;
}

int32_t cicu_to_nfc(const uint16_t *text, int32_t length, uint16_t *out,
                    int32_t capacity, int32_t *error) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
  if (U_FAILURE(status)) { *error = status; return -1; }
  int32_t n = unorm2_normalize(nfc, (const UChar *)text, length, (UChar *)out, capacity, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) status = U_ZERO_ERROR;
  if (U_FAILURE(status)) { *error = status; return -1; }
  *error = 0;
  return n;
}

int32_t cicu_to_lower(const uint16_t *text, int32_t length, uint16_t *out,
                      int32_t capacity, int32_t *error) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t n = u_strToLower((UChar *)out, capacity, (const UChar *)text, length, "fr", &status);
  if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) status = U_ZERO_ERROR;
  if (U_FAILURE(status)) { *error = status; return -1; }
  *error = 0;
  return n;
}

int32_t cicu_fold(const uint16_t *text, int32_t length, uint16_t *out,
                  int32_t capacity, int32_t *error) {
  UErrorCode status = U_ZERO_ERROR;
  *error = 0;
  if (length <= 0) return 0;
  const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
  if (U_FAILURE(status)) { *error = status; return -1; }
  // Lower-case and decompose into scratch buffers sized generously for the input.
  int32_t scratch = length * 4 + 16;
  UChar *lower = (UChar *)malloc(sizeof(UChar) * scratch);
  UChar *decomposed = (UChar *)malloc(sizeof(UChar) * scratch);
  if (!lower || !decomposed) { free(lower); free(decomposed); *error = U_MEMORY_ALLOCATION_ERROR; return -1; }
  int32_t n = u_strToLower(lower, scratch, (const UChar *)text, length, "fr", &status);
  if (U_SUCCESS(status)) n = unorm2_normalize(nfd, lower, n, decomposed, scratch, &status);
  int32_t kept = 0;
  if (U_SUCCESS(status)) {
    // Drop non-spacing marks in place.
    int32_t i = 0;
    while (i < n) {
      UChar32 c;
      int32_t start = i;
      U16_NEXT(decomposed, i, n, c);
      if (u_charType(c) == U_NON_SPACING_MARK) continue;
      for (int32_t k = start; k < i; k++) decomposed[kept++] = decomposed[k];
    }
    n = unorm2_normalize(nfc, decomposed, kept, (UChar *)out, capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) status = U_ZERO_ERROR;
  }
  free(lower);
  free(decomposed);
  if (U_FAILURE(status)) { *error = status; return -1; }
  return n;
}

int32_t cicu_detect_charset(const char *bytes, int32_t length, char *name,
                            int32_t name_capacity) {
  UErrorCode status = U_ZERO_ERROR;
  if (name_capacity > 0) name[0] = 0;
  UCharsetDetector *det = ucsdet_open(&status);
  if (U_FAILURE(status)) return -1;
  ucsdet_setText(det, bytes, length, &status);
  const UCharsetMatch *match = ucsdet_detect(det, &status);
  int32_t confidence = -1;
  if (U_SUCCESS(status) && match != NULL) {
    const char *found = ucsdet_getName(match, &status);
    confidence = ucsdet_getConfidence(match, &status);
    if (U_SUCCESS(status) && found != NULL && name_capacity > 0) {
      strncpy(name, found, (size_t)name_capacity - 1);
      name[name_capacity - 1] = 0;
    } else {
      confidence = -1;
    }
  }
  ucsdet_close(det);
  return confidence;
}

int32_t cicu_convert_to_utf16(const char *charset, const char *bytes,
                              int32_t length, uint16_t *out, int32_t capacity,
                              int32_t *error) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter *conv = ucnv_open(charset, &status);
  if (U_FAILURE(status)) { *error = status; return -1; }
  // Stop on illegal or unmappable input instead of inventing substitution characters.
  ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
  int32_t n = ucnv_toUChars(conv, (UChar *)out, capacity, bytes, length, &status);
  ucnv_close(conv);
  if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) status = U_ZERO_ERROR;
  if (U_FAILURE(status)) { *error = status; return -1; }
  *error = 0;
  return n;
}

void cicu_version(char *out, int32_t capacity) {
  if (capacity <= 0) return;
  UVersionInfo version;
  char text[U_MAX_VERSION_STRING_LENGTH];
  u_getVersion(version);
  u_versionToString(version, text);
  strncpy(out, text, (size_t)capacity - 1);
  out[capacity - 1] = 0;
}
