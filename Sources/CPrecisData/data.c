// Embeds the run-time data files. Add a file here and in the table below.
#pragma clang diagnostic ignored "-Wc23-extensions"

#include "precis_data.h"

#include <string.h>


// A missing file embeds as empty (length 0) so the loader can report it by name.
#if __has_embed("../../lexicons/fr/abbreviations.txt")
static const unsigned char abbreviations[] = {
#embed "../../lexicons/fr/abbreviations.txt" suffix(, 0) if_empty(0)
};
#else
static const unsigned char abbreviations[] = {0};
#endif

#if __has_embed("../../lexicons/fr/elisions.txt")
static const unsigned char elisions[] = {
#embed "../../lexicons/fr/elisions.txt" suffix(, 0) if_empty(0)
};
#else
static const unsigned char elisions[] = {0};
#endif

#if __has_embed("../../lexicons/fr/stopwords.txt")
static const unsigned char stopwords[] = {
#embed "../../lexicons/fr/stopwords.txt" suffix(, 0) if_empty(0)
};
#else
static const unsigned char stopwords[] = {0};
#endif

#if __has_embed("../../lexicons/fr/boilerplate.txt")
static const unsigned char boilerplate[] = {
#embed "../../lexicons/fr/boilerplate.txt" suffix(, 0) if_empty(0)
};
#else
static const unsigned char boilerplate[] = {0};
#endif

#if __has_embed("../../lexicons/fr/clitics.txt")
static const unsigned char clitics[] = {
#embed "../../lexicons/fr/clitics.txt" suffix(, 0) if_empty(0)
};
#else
static const unsigned char clitics[] = {0};
#endif

#if __has_embed("../../models/df-fr.tsv")
static const unsigned char df_fr[] = {
#embed "../../models/df-fr.tsv" suffix(, 0) if_empty(0)
};
#else
static const unsigned char df_fr[] = {0};
#endif

#if __has_embed("../../models/scorer-fr.bin")
static const unsigned char scorer_fr[] = {
#embed "../../models/scorer-fr.bin" suffix(, 0) if_empty(0)
};
#else
static const unsigned char scorer_fr[] = {0};
#endif

#if __has_embed("../../lexicons/fr-en/lexicon.tsv")
static const unsigned char lexicon_fr_en[] = {
#embed "../../lexicons/fr-en/lexicon.tsv" suffix(, 0) if_empty(0)
};
#else
static const unsigned char lexicon_fr_en[] = {0};
#endif

#if __has_embed("../../lexicons/fr/lemmas.tsv")
static const unsigned char lemmas_fr[] = {
#embed "../../lexicons/fr/lemmas.tsv" suffix(, 0) if_empty(0)
};
#else
static const unsigned char lemmas_fr[] = {0};
#endif

#if __has_embed("../../lexicons/fr/suffix-rules.tsv")
static const unsigned char suffix_rules_fr[] = {
#embed "../../lexicons/fr/suffix-rules.tsv" suffix(, 0) if_empty(0)
};
#else
static const unsigned char suffix_rules_fr[] = {0};
#endif

#if __has_embed("../../models/tagger-fr.bin")
static const unsigned char tagger_fr[] = {
#embed "../../models/tagger-fr.bin" suffix(, 0) if_empty(0)
};
#else
static const unsigned char tagger_fr[] = {0};
#endif

#if __has_embed("../../lexicons/fr/context-rules.tsv")
static const unsigned char context_rules_fr[] = {
#embed "../../lexicons/fr/context-rules.tsv" suffix(, 0) if_empty(0)
};
#else
static const unsigned char context_rules_fr[] = {0};
#endif

#if __has_embed("../../lexicons/fr/lemmas.index")
static const unsigned char lemmas_index_fr[] = {
#embed "../../lexicons/fr/lemmas.index" suffix(, 0) if_empty(0)
};
#else
static const unsigned char lemmas_index_fr[] = {0};
#endif

#if __has_embed("../../lexicons/fr-en/lexicon.index")
static const unsigned char lexicon_index_fr_en[] = {
#embed "../../lexicons/fr-en/lexicon.index" suffix(, 0) if_empty(0)
};
#else
static const unsigned char lexicon_index_fr_en[] = {0};
#endif

#if __has_embed("../../lexicons/fr-en/lexicon.prefixes")
static const unsigned char lexicon_prefixes_fr_en[] = {
#embed "../../lexicons/fr-en/lexicon.prefixes" suffix(, 0) if_empty(0)
};
#else
static const unsigned char lexicon_prefixes_fr_en[] = {0};
#endif

#if __has_embed("../../models/data.sha256")
static const unsigned char data_version[] = {
#embed "../../models/data.sha256" suffix(, 0) if_empty(0)
};
#else
static const unsigned char data_version[] = {0};
#endif

struct entry {
  const char *path;
  const unsigned char *bytes;
  size_t size; // including the trailing NUL added above
};

static const struct entry table[] = {
  {"lexicons/fr/abbreviations.txt", abbreviations, sizeof(abbreviations)},
  {"lexicons/fr/elisions.txt", elisions, sizeof(elisions)},
  {"lexicons/fr/stopwords.txt", stopwords, sizeof(stopwords)},
  {"lexicons/fr/boilerplate.txt", boilerplate, sizeof(boilerplate)},
  {"lexicons/fr/clitics.txt", clitics, sizeof(clitics)},
  {"models/df-fr.tsv", df_fr, sizeof(df_fr)},
  {"models/scorer-fr.bin", scorer_fr, sizeof(scorer_fr)},
  {"lexicons/fr-en/lexicon.tsv", lexicon_fr_en, sizeof(lexicon_fr_en)},
  {"lexicons/fr-en/lexicon.index", lexicon_index_fr_en, sizeof(lexicon_index_fr_en)},
  {"lexicons/fr-en/lexicon.prefixes", lexicon_prefixes_fr_en, sizeof(lexicon_prefixes_fr_en)},
  {"lexicons/fr/lemmas.tsv", lemmas_fr, sizeof(lemmas_fr)},
  {"lexicons/fr/lemmas.index", lemmas_index_fr, sizeof(lemmas_index_fr)},
  {"lexicons/fr/suffix-rules.tsv", suffix_rules_fr, sizeof(suffix_rules_fr)},
  {"lexicons/fr/context-rules.tsv", context_rules_fr, sizeof(context_rules_fr)},
  {"models/tagger-fr.bin", tagger_fr, sizeof(tagger_fr)},
  {"models/data.sha256", data_version, sizeof(data_version)},
};

const unsigned char *precis_data(const char *path, size_t *length) {
  for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
    if (strcmp(table[i].path, path) == 0) {
      *length = table[i].size - 1;
      return table[i].bytes;
    }
  }
  *length = 0;
  return NULL;
}
