// Word or sentence boundaries of the CICU shim's own rules against ICU's iterators
// (dev-time check).
//
//   cc -O2 -ISources/CICU/include scripts/break_diff.c Sources/CICU/shim.c -licuuc -licui18n -lpthread -o /tmp/break_diff
//   /tmp/break_diff word|sentence 10000000 DIR...
//   /tmp/break_diff word-time|sentence-time DIR...   # ms for every line of DIR's files, own vs ICU
//
// Compares CICU_BREAK_WORD with CICU_BREAK_WORD_ICU (boundaries and statuses), or
// CICU_BREAK_SENTENCE with CICU_BREAK_SENTENCE_ICU (boundaries), on N random strings over
// every class the rules tell apart, then on every UTF-8 file of each DIR, whole and line by
// line. Prints the first mismatches and the counts; exits 1 on any mismatch.
#include <dirent.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include "cicu.h"

static int32_t own[1 << 21], own_status[1 << 21], icu[1 << 21], icu_status[1 << 21];
static long mismatches = 0;
static int sentences = 0;

static void check(const uint16_t *text, int32_t length) {
  int32_t error;
  // Sentences are asked for no statuses (the shim then uses ICU), as Precis does.
  int32_t a = sentences ? cicu_boundaries(CICU_BREAK_SENTENCE, text, length, own, NULL, 1 << 21, &error)
                        : cicu_boundaries(CICU_BREAK_WORD, text, length, own, own_status, 1 << 21, &error);
  int32_t b = sentences ? cicu_boundaries(CICU_BREAK_SENTENCE_ICU, text, length, icu, NULL, 1 << 21, &error)
                        : cicu_boundaries(CICU_BREAK_WORD_ICU, text, length, icu, icu_status, 1 << 21, &error);
  if (a == b && !memcmp(own, icu, a * 4) && !memcmp(own_status, icu_status, a * 4)) return;
  if (mismatches++ >= 5) return;
  int32_t k = 0;
  while (k < a && k < b && own[k] == icu[k] && own_status[k] == icu_status[k]) k++;
  int32_t from = k > 0 ? icu[k - 1] : 0;
  printf("mismatch after unit %d:", from);
  for (int32_t i = from; i < length && i < from + 16; i++) printf(" %04X", text[i]);
  printf("\n  own %d/%d, ICU %d/%d\n", k < a ? own[k] : -1, k < a ? own_status[k] : -1, k < b ? icu[k] : -1,
         k < b ? icu_status[k] : -1);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

// The text of file `name` in folder `dir` as UTF-16, into `units` (at most `capacity`
// units): its length, or -1 when the file cannot be read or is not UTF-8.
static int32_t read_utf16(const char *dir, const char *name, uint16_t *units, int32_t capacity) {
  static char bytes[1 << 22];
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *file = fopen(path, "rb");
  if (!file) return -1;
  size_t size = fread(bytes, 1, sizeof bytes, file);
  fclose(file);
  UErrorCode status = U_ZERO_ERROR;
  int32_t length;
  u_strFromUTF8((UChar *)units, capacity, &length, bytes, (int32_t)size, &status);
  return U_FAILURE(status) ? -1 : length;
}

// The best of 5 passes over every line of every file of `dirs`, with `kind`, in ms.
static double time_lines(int32_t kind, int32_t *statuses, char **dirs, int count) {
  static uint16_t units[1 << 24];
  static int32_t starts[1 << 20], lengths[1 << 20];
  int32_t used = 0, lines = 0, error;
  for (int d = 0; d < count; d++) {
    DIR *dir = opendir(dirs[d]);
    if (!dir) { perror(dirs[d]); exit(2); }
    struct dirent *entry;
    while ((entry = readdir(dir))) {
      if (entry->d_name[0] == '.') continue;
      int32_t length = read_utf16(dirs[d], entry->d_name, units + used, (1 << 24) - used);
      if (length < 0) continue;
      for (int32_t start = 0, i = 0; i <= length && lines < (1 << 20); i++) {
        if (i < length && units[used + i] != '\n') continue;
        if (i > start) { starts[lines] = used + start; lengths[lines++] = i - start; }
        start = i + 1;
      }
      used += length;
    }
    closedir(dir);
  }
  double best = 1e9;
  for (int pass = 0; pass < 5; pass++) {
    double t = now();
    for (int32_t k = 0; k < lines; k++) cicu_boundaries(kind, units + starts[k], lengths[k], own, statuses, 1 << 21, &error);
    if (now() - t < best) best = now() - t;
  }
  return best * 1000;
}

int main(int argc, char **argv) {
  if (argc >= 3 && (!strcmp(argv[1], "word-time") || !strcmp(argv[1], "sentence-time"))) {
    int words = !strcmp(argv[1], "word-time");
    int32_t *statuses = words ? own_status : NULL;
    double fast = time_lines(words ? CICU_BREAK_WORD : CICU_BREAK_SENTENCE, statuses, argv + 2, argc - 2);
    double icu = time_lines(words ? CICU_BREAK_WORD_ICU : CICU_BREAK_SENTENCE_ICU, statuses, argv + 2, argc - 2);
    printf("%s boundaries, every line: own %.1f ms, ICU %.1f ms\n", words ? "word" : "sentence", fast, icu);
    return 0;
  }
  static const uint16_t alphabet[] = {
    'a', 'B', 'z', 0xE9, 0xC9, 0x153, 0xB5, 0xAA, '1', '0', '.', ',', ';', ':', '\'', 0x2019, 0x2018, '_', 0x203F,
    '-', 0x2011, ' ', '\t', 0xA0, 0x202F, 0x2009, '\n', '\r', 0x85, 0x0B, 0x2028, 0x2029, '"', 0xAB, 0xBB, '(', '!',
    0x2026, 0x2013, 0xB7, 0x2027, 0x2024, '@', '$', '%', '#', 0xA9, 0x203C, 0x20AC, 0x2070, 0x2B0, 0x2C6, 0xAD,
    0x301, 0x5D0, 0x30A2, 0x200D, 0x200B, 0x2060, 0xD83C, 0xDDEB};
  if (argc < 2 || (strcmp(argv[1], "word") && strcmp(argv[1], "sentence"))) {
    fprintf(stderr, "usage: break_diff word|sentence [COUNT] [DIR...], or word-time|sentence-time DIR...\n");
    return 2;
  }
  sentences = !strcmp(argv[1], "sentence");
  long count = argc > 2 ? atol(argv[2]) : 1000000, files = 0;
  int size = sizeof alphabet / sizeof alphabet[0];
  srand(2026);
  for (long n = 0; n < count; n++) {
    uint16_t text[24];
    int32_t length = 1 + rand() % 20;
    for (int32_t i = 0; i < length; i++) {
      // A third of the units from anywhere in the two classified ranges.
      int r = rand();
      text[i] = r % 3 ? alphabet[r / 3 % size] : (r / 3 % 0x3D0 < 0x300 ? r / 3 % 0x3D0 : 0x2000 + r / 3 % 0x3D0 - 0x300);
    }
    check(text, length);
  }
  printf("%ld random strings, %ld mismatches\n", count, mismatches);
  static uint16_t units[1 << 21];
  for (int d = 3; d < argc; d++) {
    DIR *dir = opendir(argv[d]);
    if (!dir) { perror(argv[d]); return 2; }
    struct dirent *entry;
    while ((entry = readdir(dir))) {
      if (entry->d_name[0] == '.') continue;
      int32_t length = read_utf16(argv[d], entry->d_name, units, 1 << 21);
      if (length < 0) continue;
      files++;
      check(units, length);
      for (int32_t start = 0, i = 0; i <= length; i++) {
        if (i < length && units[i] != '\n') continue;
        if (i > start) check(units + start, i - start);
        start = i + 1;
      }
    }
    closedir(dir);
  }
  printf("%ld files, %ld mismatches in all\n", files, mismatches);
  return mismatches > 0;
}
