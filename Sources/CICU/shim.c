// Implementation of cicu.h over the system ICU. See the header for the contract.
#include "cicu.h"

#include <pthread.h>
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
  case CICU_BREAK_WORD: case CICU_BREAK_WORD_ICU: slot = &word_iterator; type = UBRK_WORD; locale = "fr"; break;
  case CICU_BREAK_SENTENCE: case CICU_BREAK_SENTENCE_ICU:
    slot = &sentence_iterator; type = UBRK_SENTENCE; locale = "fr"; break;
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

// Word boundaries without ICU's iterator. It costs about 15 ns a code unit (a rule-based
// automaton over a Unicode trie, with a break cache and a dictionary check a segment): 5%
// of a batch's time. French text is Latin letters, digits, spaces and punctuation, whose
// word-break classes (UAX #29) follow a handful of rules, applied below at about 2 ns a
// unit. The classes come from ICU's own property data, so they agree with its iterator's;
// a text with any code unit outside the classes handled here (combining marks, the soft
// hyphen and other format characters, other scripts, emoji, surrogates) goes to ICU. The
// statuses are ICU's: that of the rule that ended the segment, which follows its last unit
// (a letter 200, a digit 100; a connector such as "_" 0 alone, else that of the unit
// before it, 200 for another connector). Tests compare both on random and real text.

enum {
  WB_OTHER, WB_CR, WB_LF, WB_NEWLINE, WB_LETTER, WB_NUMERIC, WB_MIDLETTER, WB_MIDNUM, WB_MIDNUMLET,
  WB_SINGLE_QUOTE, WB_CONNECTOR, WB_SPACE, WB_UNHANDLED = 0xFF
};

// Classes of U+0000-U+02FF (Latin, IPA, spacing modifiers) and of U+2000-U+20CF (general
// punctuation, super- and subscripts, currency signs); every other code unit is unhandled.
enum { WB_LOW_END = 0x0300, WB_PUNCT_START = 0x2000, WB_PUNCT_END = 0x20D0 };
static uint8_t wb_low[WB_LOW_END];
static uint8_t wb_punct[WB_PUNCT_END - WB_PUNCT_START];
static pthread_once_t wb_once = PTHREAD_ONCE_INIT;

static uint8_t wb_class_from_icu(UChar32 c) {
  switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
  // A double quote is special only after a Hebrew letter, which is unhandled.
  case U_WB_OTHER: case U_WB_DOUBLE_QUOTE: return WB_OTHER;
  case U_WB_CR: return WB_CR;
  case U_WB_LF: return WB_LF;
  case U_WB_NEWLINE: return WB_NEWLINE;
  case U_WB_ALETTER: return WB_LETTER;
  case U_WB_NUMERIC: return WB_NUMERIC;
  case U_WB_MIDLETTER: return WB_MIDLETTER;
  case U_WB_MIDNUM: return WB_MIDNUM;
  case U_WB_MIDNUMLET: return WB_MIDNUMLET;
  case U_WB_SINGLE_QUOTE: return WB_SINGLE_QUOTE;
  case U_WB_EXTENDNUMLET: return WB_CONNECTOR;
  case U_WB_WSEGSPACE: return WB_SPACE;
  default: return WB_UNHANDLED;
  }
}

static void wb_build(void) {
  for (UChar32 c = 0; c < WB_LOW_END; c++) wb_low[c] = wb_class_from_icu(c);
  for (UChar32 c = WB_PUNCT_START; c < WB_PUNCT_END; c++) wb_punct[c - WB_PUNCT_START] = wb_class_from_icu(c);
  // ICU's rules (word.txt) tailor two classes: "@" is a letter, the colon no MidLetter.
  wb_low['@'] = WB_LETTER;
  wb_low[':'] = WB_OTHER;
}

static inline uint8_t wb_class(uint16_t unit) {
  if (unit < WB_LOW_END) return wb_low[unit];
  if (unit >= WB_PUNCT_START && unit < WB_PUNCT_END) return wb_punct[unit - WB_PUNCT_START];
  return WB_UNHANDLED;
}

static inline int wb_joins_word(uint8_t c) { return c == WB_LETTER || c == WB_NUMERIC || c == WB_CONNECTOR; }

// cicu_boundaries for words, or -1 when `text` holds a unit this does not handle.
static int32_t word_boundaries_fast(const uint16_t *text, int32_t length, int32_t *offsets, int32_t *statuses,
                                    int32_t capacity) {
  pthread_once(&wb_once, wb_build);
  int32_t count = 0, i = 0;
  while (i < length) {
    uint8_t c = wb_class(text[i]);
    if (c == WB_UNHANDLED) return -1;
    int32_t start = i++, status = 0;
    switch (c) {
    case WB_CR:  // WB3: CR x LF
      if (i < length && wb_class(text[i]) == WB_LF) i++;
      break;
    case WB_SPACE:  // WB3d: horizontal space stays together
      while (i < length && wb_class(text[i]) == WB_SPACE) i++;
      break;
    case WB_LETTER: case WB_NUMERIC: case WB_CONNECTOR: {
      uint8_t last = c, before = WB_OTHER;
      while (i < length) {
        uint8_t next = wb_class(text[i]);
        // WB5, WB8-WB10, WB13a-b: letters, digits and connectors in any order.
        if (wb_joins_word(next)) { before = last; last = next; i++; continue; }
        if (i + 1 >= length) break;
        uint8_t after = wb_class(text[i + 1]);
        int quote = next == WB_MIDNUMLET || next == WB_SINGLE_QUOTE;
        // WB6-7: a letter, an apostrophe or a period, a letter ("l'eau", "a.b").
        // WB11-12: a digit, a comma or a period, a digit ("3,5", "2.600").
        if ((last == WB_LETTER && after == WB_LETTER && (quote || next == WB_MIDLETTER)) ||
            (last == WB_NUMERIC && after == WB_NUMERIC && (quote || next == WB_MIDNUM))) {
          before = next;
          i += 2;
          continue;
        }
        break;
      }
      if (last == WB_LETTER) status = 200;
      else if (last == WB_NUMERIC) status = 100;
      else status = i - start == 1 ? 0 : (before == WB_NUMERIC ? 100 : 200);
      break;
    }
    default: break;  // one unit: line ends, punctuation, symbols
    }
    if (count < capacity) {
      offsets[count] = i;
      if (statuses) statuses[count] = status;
    }
    count++;
  }
  return count;
}

// Sentence boundaries without ICU's iterator, the same way: UAX #29's sentence rules over
// ICU's sentence-break classes of the same code units, and ICU for any other text (its
// iterator took 12 ms over the 1,500 valid articles, 1.5% of a batch's time).

enum {
  SB_OTHER, SB_CR, SB_LF, SB_SEP, SB_SP, SB_LOWER, SB_UPPER, SB_OLETTER, SB_NUMERIC, SB_ATERM, SB_STERM,
  SB_CLOSE, SB_SCONTINUE, SB_UNHANDLED = 0xFF
};
static uint8_t sb_low[WB_LOW_END];
static uint8_t sb_punct[WB_PUNCT_END - WB_PUNCT_START];
static pthread_once_t sb_once = PTHREAD_ONCE_INIT;

static uint8_t sb_class_from_icu(UChar32 c) {
  switch (u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK)) {
  case U_SB_OTHER: return SB_OTHER;
  case U_SB_CR: return SB_CR;
  case U_SB_LF: return SB_LF;
  case U_SB_SEP: return SB_SEP;
  case U_SB_SP: return SB_SP;
  case U_SB_LOWER: return SB_LOWER;
  case U_SB_UPPER: return SB_UPPER;
  case U_SB_OLETTER: return SB_OLETTER;
  case U_SB_NUMERIC: return SB_NUMERIC;
  case U_SB_ATERM: return SB_ATERM;
  case U_SB_STERM: return SB_STERM;
  case U_SB_CLOSE: return SB_CLOSE;
  case U_SB_SCONTINUE: return SB_SCONTINUE;
  default: return SB_UNHANDLED;  // Extend and Format
  }
}

static void sb_build(void) {
  for (UChar32 c = 0; c < WB_LOW_END; c++) sb_low[c] = sb_class_from_icu(c);
  for (UChar32 c = WB_PUNCT_START; c < WB_PUNCT_END; c++) sb_punct[c - WB_PUNCT_START] = sb_class_from_icu(c);
}

static inline uint8_t sb_class(uint16_t unit) {
  if (unit < WB_LOW_END) return sb_low[unit];
  if (unit >= WB_PUNCT_START && unit < WB_PUNCT_END) return sb_punct[unit - WB_PUNCT_START];
  return SB_UNHANDLED;
}

static inline int sb_is_para_sep(uint8_t c) { return c == SB_CR || c == SB_LF || c == SB_SEP; }
static inline int sb_is_term(uint8_t c) { return c == SB_ATERM || c == SB_STERM; }

// cicu_boundaries for sentences, or -1 when `text` holds a unit this does not handle.
static int32_t sentence_boundaries_fast(const uint16_t *text, int32_t length, int32_t *offsets, int32_t capacity) {
  pthread_once(&sb_once, sb_build);
  for (int32_t i = 0; i < length; i++) {
    if (sb_class(text[i]) == SB_UNHANDLED) return -1;
  }
#define SB_AT(k) sb_class(text[k])
#define SB_EMIT(k) do { last = (k); if (count < capacity) offsets[count] = last; count++; } while (0)
  int32_t count = 0, last = 0, i = 0;
  while (i < length) {
    uint8_t c = SB_AT(i);
    if (c == SB_CR) {  // SB3, SB4: after a paragraph separator, CR LF together
      i++;
      if (i < length && SB_AT(i) == SB_LF) i++;
      SB_EMIT(i);
      continue;
    }
    if (c == SB_LF || c == SB_SEP) {
      i++;
      SB_EMIT(i);
      continue;
    }
    if (!sb_is_term(c)) {
      i++;
      continue;
    }
    int32_t p = i;
    if (c == SB_ATERM && p + 1 < length) {
      uint8_t next = SB_AT(p + 1);
      // SB6: "3.5"; SB7: "U.S"
      if (next == SB_NUMERIC ||
          (next == SB_UPPER && p > 0 && (SB_AT(p - 1) == SB_UPPER || SB_AT(p - 1) == SB_LOWER))) {
        i++;
        continue;
      }
    }
    int32_t k = p + 1;
    while (k < length && SB_AT(k) == SB_CLOSE) k++;
    while (k < length && SB_AT(k) == SB_SP) k++;
    if (c == SB_ATERM) {
      // SB8: no break when a lower-case letter comes before any other letter, terminator
      // or paragraph separator.
      int32_t m = k;
      while (m < length) {
        uint8_t x = SB_AT(m);
        if (x == SB_OLETTER || x == SB_UPPER || x == SB_LOWER || sb_is_para_sep(x) || sb_is_term(x)) break;
        m++;
      }
      if (m < length && SB_AT(m) == SB_LOWER) {
        i = m;
        continue;
      }
    }
    // SB8a: a continuation or another terminator follows.
    if (k < length && (SB_AT(k) == SB_SCONTINUE || sb_is_term(SB_AT(k)))) {
      i = k;
      continue;
    }
    // SB9-SB11: the closing marks, spaces and one paragraph separator stay before the break.
    if (k < length && SB_AT(k) == SB_CR) {
      k++;
      if (k < length && SB_AT(k) == SB_LF) k++;
    } else if (k < length && sb_is_para_sep(SB_AT(k))) {
      k++;
    }
    SB_EMIT(k);
    i = k;
  }
  if (last != length) SB_EMIT(length);
#undef SB_AT
#undef SB_EMIT
  return count;
}

int32_t cicu_boundaries(int32_t kind, const uint16_t *text, int32_t length,
                        int32_t *offsets, int32_t *statuses, int32_t capacity,
                        int32_t *error) {
  UErrorCode status = U_ZERO_ERROR;
  *error = 0;
  if (length <= 0) return 0;
  if (kind == CICU_BREAK_WORD || kind == CICU_BREAK_WORD_OWN) {
    int32_t count = word_boundaries_fast(text, length, offsets, statuses, capacity);
    if (count >= 0) return count;
    if (kind == CICU_BREAK_WORD_OWN) return -2;
  }
  if ((kind == CICU_BREAK_SENTENCE && !statuses) || kind == CICU_BREAK_SENTENCE_OWN) {
    int32_t count = statuses ? -1 : sentence_boundaries_fast(text, length, offsets, capacity);
    if (count >= 0) return count;
    if (kind == CICU_BREAK_SENTENCE_OWN) return -2;
  }
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
