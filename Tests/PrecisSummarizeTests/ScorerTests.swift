import PrecisSummarize
import PrecisTestSupport
import PrecisText
import Testing

@Suite("Scorers and selection")
struct ScorerTests {
  /// Four sentences about a strike at the port of Marseille, and one off-topic sentence.
  static func strikeDocument() throws -> Document {
    try TestSupport.makeDocument(
      "La grève des dockers paralyse le port de Marseille depuis lundi.",
      "Il faisait beau sur la Côte d'Azur ce week-end, avec des températures estivales.",
      "Les dockers du port de Marseille réclament des hausses de salaire.",
      "La direction du port de Marseille refuse de négocier avec les dockers en grève.",
      "Les navires attendent au large du port de Marseille, bloqués par la grève des dockers."
    )
  }

  func scores(_ algorithm: Algorithm, _ document: Document) throws -> [Double] {
    try Summarizer(algorithm: algorithm, length: .sentences(document.sentences.count)).summarize(document).scores
  }

  @Test("Lead scores decrease with position")
  func lead() throws {
    let s = try scores(.lead, try Self.strikeDocument())
    #expect(s == s.sorted(by: >))
    #expect(Set(s).count == s.count)
  }

  @Test("Centroid and TextRank score the off-topic sentence lowest", arguments: [Algorithm.centroid, .textrank])
  func offTopicScoresLowest(algorithm: Algorithm) throws {
    let s = try scores(algorithm, try Self.strikeDocument())
    #expect(s.firstIndex(of: s.min() ?? 0) == 1)
  }

  @Test("Selection respects the budget, keeps article order and never repeats a sentence",
    arguments: [SummaryLength.sentences(1), .sentences(2), .sentences(3), .ratio(0.4), .words(25), .words(1)])
  func selectionInvariants(length: SummaryLength) throws {
    let document = try Self.strikeDocument()
    for algorithm in Algorithm.allCases {
      let summary = try Summarizer(algorithm: algorithm, length: length).summarize(document)
      let indices = summary.sentences.map(\.index)
      #expect(!indices.isEmpty)
      #expect(indices == indices.sorted())
      #expect(Set(indices).count == indices.count)
      switch length {
      case .sentences(let n): #expect(indices.count <= n)
      case .ratio(let r): #expect(indices.count <= max(1, Int((Double(document.sentences.count) * r).rounded())))
      case .words(let n):
        let words = summary.sentences.reduce(0) { $0 + document.sentences[$1.index].wordCount }
        #expect(words <= n || indices.count == 1)
      }
      for sentence in summary.sentences { #expect(sentence.text == document.sentences[sentence.index].text) }
    }
  }

  @Test("A near-duplicate of a chosen sentence is skipped")
  func redundancy() throws {
    let document = try TestSupport.makeDocument(
      "Le gouvernement annonce une réforme des retraites ambitieuse.",
      "Le gouvernement annonce une réforme des retraites très ambitieuse.",
      "Les syndicats appellent à manifester jeudi contre le projet."
    )
    let summary = try Summarizer(algorithm: .lead, length: .sentences(2)).summarize(document)
    #expect(summary.sentences.map(\.index) == [0, 2])
  }

  @Test("The Alibaba example: the « ambassade » sentence is in, the credit and teasers are out",
    arguments: Algorithm.allCases)
  func alibabaExample(algorithm: Algorithm) throws {
    let url = TestSupport.repositoryRoot.appendingPathComponent("examples/alibaba-cebit.txt")
    let text = try String(contentsOf: url, encoding: .utf8)
    let summary = try Summarizer(algorithm: algorithm, length: .sentences(3)).summarize(try Document(text: text))
    let chosen = summary.sentences.map(\.text)
    #expect(chosen.count == 3)
    let lastSeven = text.split(separator: "\n").suffix(7)
    for line in lastSeven {
      #expect(!chosen.contains { line.contains($0) }, "\(algorithm): chose a line of the last seven: \(line)")
    }
    if algorithm == Summarizer().algorithm {
      #expect(chosen.contains { $0.contains("« ambassade »") })
    }
  }
}
