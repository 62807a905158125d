// precis-train: builds the models under models/ from OrangeSum (dev-time tool).
//
//   zcat ../shared/data/orangesum/train.jsonl.gz | swift run -c release precis-train df > models/df-fr.tsv
//
//   zcat ../shared/data/orangesum/train.jsonl.gz | swift run -c release precis-train features > /tmp/train.tsv
//   swift run -c release precis-train compile-tagger models/tagger-fr.tsv models/tagger-fr.bin
//   swift run -c release precis-train compile-scorer models/scorer-fr.txt models/scorer-fr.bin
//   swift run -c release precis-train index-table lexicons/fr/lemmas.tsv lexicons/fr/lemmas.index
//   swift run -c release precis-train index-table lexicons/fr-en/lexicon.tsv lexicons/fr-en/lexicon.index
//   swift run -c release precis-train lexicon-prefixes lexicons/fr-en/lexicon.tsv lexicons/fr-en/lexicon.prefixes
//
// `features` writes, for every sentence of every article, the learned scorer's features
// (SentenceFeatures) and its labels: `oracle` (1 when the greedy ROUGE oracle, which adds
// up to three sentences while ROUGE-1 + ROUGE-2 F1 against the author's abstract grows,
// picks it) and the sentence's own ROUGE-1 / ROUGE-2 F1 against the abstract. Articles are
// prepared exactly as at run time (cleaning, segmentation), so training matches use.
//
// `df` counts, for every lower-cased token form, the number of training articles that
// contain it, using Precis's own segmentation and tokenization so that run-time terms
// match. Forms seen in fewer than `minimumDocuments` articles are left out (an unknown
// term gets the highest IDF, which is what a rare term deserves anyway).
import Foundation
import PrecisGloss
import PrecisSummarize
import PrecisText

let minimumDocuments = 2

func readRecords() -> [(article: String, abstract: String)] {
  var records: [(String, String)] = []
  while let line = readLine(strippingNewline: true) {
    guard let data = line.data(using: .utf8),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let article = object["article"] as? String
    else { continue }
    records.append((article, object["abstract"] as? String ?? ""))
  }
  return records
}

func readArticles() -> [String] { readRecords().map(\.article) }

/// Greedy extractive oracle: indices that maximise ROUGE-1 + ROUGE-2 F1 of their
/// concatenation against `abstract`, adding one sentence at a time (at most `limit`).
func oracle(_ sentences: [String], abstract: String, limit: Int = 3) -> Set<Int> {
  var chosen: [Int] = []
  var best = 0.0
  while chosen.count < limit {
    var bestIndex: Int?
    for i in sentences.indices where !chosen.contains(i) {
      let text = (chosen + [i]).sorted().map { sentences[$0] }.joined(separator: " ")
      let score = Rouge.score(candidate: text, reference: abstract)
      let value = score.rouge1.f + score.rouge2.f
      if value > best {
        best = value
        bestIndex = i
      }
    }
    guard let index = bestIndex else { break }
    chosen.append(index)
  }
  return Set(chosen)
}

func writeFeatures() throws {
  let records = readRecords()
  _ = try LanguageResources.french()
  let frequencies = try DocumentFrequencies.french()
  let blocks: [String] = Array(records.enumerated()).parallelMap { item in
    let (docIndex, record) = item
    guard let document = try? Document(text: record.article), !document.sentences.isEmpty else { return "" }
    let context = ScoringContext(document: document, frequencies: frequencies)
    let rows = SentenceFeatures.rows(for: context)
    let texts = document.sentences.map(\.text)
    let picked = oracle(texts, abstract: record.abstract)
    var out = ""
    for (i, row) in rows.enumerated() {
      let own = Rouge.score(candidate: texts[i], reference: record.abstract)
      out += "\(docIndex)\t\(i)\t\(picked.contains(i) ? 1 : 0)\t\(own.rouge1.f)\t\(own.rouge2.f)\t"
      out += row.map { String($0) }.joined(separator: "\t") + "\n"
    }
    return out
  }
  FileHandle.standardOutput.write(("doc\tindex\toracle\tr1\tr2\t" + SentenceFeatures.names.joined(separator: "\t") + "\n").data(using: .utf8)!)
  for block in blocks { FileHandle.standardOutput.write(block.data(using: .utf8)!) }
}

func buildDocumentFrequencies() throws {
  let articles = readArticles()
  let resources = try LanguageResources.french()
  let perArticle: [Set<String>] = articles.parallelMap { article in
    let document = Document(text: article, resources: resources, frequencies: nil, options: DocumentOptions(clean: false))
    return Set(document.sentences.flatMap { $0.tokens.map(\.norm) })
  }
  var counts: [String: Int] = [:]
  for terms in perArticle { for term in terms { counts[term, default: 0] += 1 } }
  let kept = counts.filter { $0.value >= minimumDocuments }.sorted { $0.key.utf8Precedes($1.key) }
  var out = """
    # Document frequencies of lower-cased token forms in OrangeSum train.
    # source: OrangeSum train split (Kamal Eddine et al. 2021), articles of Orange Actu; licence: CC BY-SA 4.0
    # built by: zcat ../shared/data/orangesum/train.jsonl.gz | swift run -c release precis-train df > models/df-fr.tsv
    # terms seen in fewer than \(minimumDocuments) documents are left out
    # version: 1
    # documents: \(articles.count)

    """
  for (term, df) in kept where !term.contains("\t") && !term.contains("\n") { out += "\(term)\t\(df)\n" }
  FileHandle.standardOutput.write(out.data(using: .utf8)!)
  FileHandle.standardError.write("\(articles.count) articles, \(counts.count) forms, \(kept.count) kept\n".data(using: .utf8)!)
}

/// The subcommands that turn one data file into a binary one: `precis-train NAME IN OUT`
/// reads IN, writes what `make` makes of it to OUT, and says what it wrote (`make`'s text).
func convert(_ usage: String, _ make: (DataFile) throws -> (bytes: [UInt8], what: String)) throws {
  let list = Array(CommandLine.arguments.dropFirst())
  guard list.count == 3 else {
    FileHandle.standardError.write("usage: precis-train \(usage)\n".data(using: .utf8)!)
    exit(64)
  }
  let input = DataFile(path: list[1], copying: [UInt8](try Data(contentsOf: URL(fileURLWithPath: list[1]))))
  let (bytes, what) = try make(input)
  try Data(bytes).write(to: URL(fileURLWithPath: list[2]))
  FileHandle.standardError.write("\(what) written to \(list[2])\n".data(using: .utf8)!)
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "df":
  try buildDocumentFrequencies()
case "features":
  try writeFeatures()
case "compile-scorer":
  // precis-train compile-scorer models/scorer-fr.txt models/scorer-fr.bin
  try convert("compile-scorer IN.txt OUT.bin") { file throws in
    let model = try ScorerModel(file: file)
    return (model.compiled(), "\(model.treeCount) trees")
  }
case "compile-tagger":
  // precis-train compile-tagger models/tagger-fr.tsv models/tagger-fr.bin
  try convert("compile-tagger IN.tsv OUT.bin") { file throws in
    let binary = try TaggerModel.compile(tsv: file)
    return (binary, "\(binary.count) bytes")
  }
case "index-table":
  // precis-train index-table lexicons/fr/lemmas.tsv lexicons/fr/lemmas.index (see TableIndex)
  try convert("index-table TABLE.tsv OUT.index") { file in
    let index = TableIndex.build(table: file.bytes)
    return (index, "\(index.count) bytes")
  }
case "lexicon-prefixes":
  // precis-train lexicon-prefixes lexicons/fr-en/lexicon.tsv lexicons/fr-en/lexicon.prefixes (see PrefixIndex)
  try convert("lexicon-prefixes LEXICON.tsv OUT.prefixes") { file in
    let prefixes = Lexicon.prefixFile(of: file)
    return (prefixes, "\(prefixes.count) bytes")
  }
default:
  FileHandle.standardError.write("usage: precis-train df|features < orangesum.jsonl > out\n".data(using: .utf8)!)
  exit(64)
}
