// precis-train: builds the models under models/ from OrangeSum (dev-time tool).
//
//   zcat ../shared/data/orangesum/train.jsonl.gz | swift run -c release precis-train df > models/df-fr.tsv
//
// `df` counts, for every lower-cased token form, the number of training articles that
// contain it, using Precis's own segmentation and tokenization so that run-time terms
// match. Forms seen in fewer than `minimumDocuments` articles are left out (an unknown
// term gets the highest IDF, which is what a rare term deserves anyway).
import Foundation
import PrecisText

let minimumDocuments = 2

func readArticles() -> [String] {
  var articles: [String] = []
  while let line = readLine(strippingNewline: true) {
    guard let data = line.data(using: .utf8),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let article = object["article"] as? String
    else { continue }
    articles.append(article)
  }
  return articles
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
  let kept = counts.filter { $0.value >= minimumDocuments }.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
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

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "df":
  try buildDocumentFrequencies()
default:
  FileHandle.standardError.write("usage: precis-train df < train.jsonl > models/df-fr.tsv\n".data(using: .utf8)!)
  exit(64)
}
