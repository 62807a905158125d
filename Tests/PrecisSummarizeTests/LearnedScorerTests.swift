import Foundation
import PrecisSummarize
import PrecisTestSupport
import PrecisText
import Testing

@Suite("Learned scorer")
struct LearnedScorerTests {
  static let header = "# precis-scorer version: 1\n# features: position,words\n# version: 1\n"
  static let tree = """
    Tree=0
    num_leaves=2
    split_feature=0
    threshold=0.5
    decision_type=2
    left_child=-1
    right_child=-2
    leaf_value=1 -1
    Tree=1
    num_leaves=3
    split_feature=1 1
    threshold=10 20
    decision_type=2 2
    left_child=-1 -2
    right_child=1 -3
    leaf_value=0 0.25 0.5
    end of trees

    """

  @Test("The compiled-in model loads and scores every sentence")
  func frenchModelLoads() throws {
    let model = try ScorerModel.french()
    #expect(model.treeCount > 10)
    let document = try TestSupport.makeDocument("Le gouvernement a présenté mardi son plan de relance. Il comprend des aides aux entreprises. Les syndicats le critiquent.")
    let summary = try Summarizer(algorithm: .learned, length: .sentences(1)).summarize(document)
    #expect(summary.scores.count == 3)
    #expect(summary.scores.allSatisfy { $0.isFinite })
  }

  @Test("The compiled model is the committed text model (models/scorer-fr.bin is up to date) and predicts the same")
  func compiledModel() throws {
    let url = TestSupport.repositoryRoot.appendingPathComponent("models/scorer-fr.txt")
    let text = try ScorerModel(file: DataFile(path: "scorer-fr.txt", text: String(contentsOf: url, encoding: .utf8)))
    let committed = try Data(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("models/scorer-fr.bin"))
    #expect(Array(committed) == text.compiled(), "rebuild with: swift run -c release precis-train compile-scorer models/scorer-fr.txt models/scorer-fr.bin")
    let binary = try ScorerModel.french()
    let document = try TestSupport.makeDocument("Le gouvernement a présenté son plan. Il comprend des aides. « Nous agirons », dit-il. Qui paiera ?")
    for row in SentenceFeatures.rows(for: ScoringContext(document: document, frequencies: try DocumentFrequencies.french())) {
      #expect(binary.predict(row) == text.predict(row))
    }
    #expect(throws: TextError.self) { try ScorerModel(binary: DataFile(path: "x.bin", text: "PRSC")) }
    #expect(throws: TextError.self) { try ScorerModel(binary: DataFile(path: "x.bin", text: "# precis-scorer version: 1")) }
  }

  @Test("A hand-made model predicts by walking its trees")
  func handMadeModel() throws {
    let model = try ScorerModel(file: DataFile(path: "test.txt", text: Self.header + Self.tree))
    var row = [Double](repeating: 0, count: SentenceFeatures.names.count)
    let position = try #require(SentenceFeatures.names.firstIndex(of: "position"))
    let words = try #require(SentenceFeatures.names.firstIndex(of: "words"))
    row[position] = 0; row[words] = 5
    #expect(model.predict(row) == 1 + 0)
    row[position] = 3; row[words] = 15
    #expect(model.predict(row) == -1 + 0.25)
    row[words] = 25
    #expect(model.predict(row) == -1 + 0.5)
  }

  @Test("Trees walked four at a time add up as one at a time, with the remainder")
  func manyTrees() throws {
    // Nine trees: four rounds of (tree 0, tree 1) and a last tree 0, so that the four-at-
    // a-time walk meets trees of different depths and leaves one tree over.
    let body = Self.tree.replacingOccurrences(of: "end of trees\n", with: "")
    let trees = String(repeating: body, count: 4) + body.components(separatedBy: "Tree=1")[0] + "end of trees\n"
    let model = try ScorerModel(file: DataFile(path: "test.txt", text: Self.header + trees))
    #expect(model.treeCount == 9)
    var row = [Double](repeating: 0, count: SentenceFeatures.names.count)
    let position = try #require(SentenceFeatures.names.firstIndex(of: "position"))
    let words = try #require(SentenceFeatures.names.firstIndex(of: "words"))
    for (p, w, first, second) in [(0.0, 5.0, 1.0, 0.0), (3, 15, -1, 0.25), (3, 25, -1, 0.5), (0, 25, 1, 0.5)] {
      row[position] = p
      row[words] = w
      var expected = 0.0
      for k in 0..<9 { expected += k % 2 == 0 ? first : second }
      #expect(model.predict(row) == expected, "position \(p), words \(w)")
    }
    #expect(model.predict([1, 2]) == 0, "a row too short is scored 0")
  }

  /// Models whose integer fields hold values no Int32 equals (converting them would trap).
  static let nonIntegers: [(String, String)] = [
    ("num_leaves=3", "num_leaves=1e300"), ("split_feature=1 1", "split_feature=1 nan"),
    ("right_child=1 -3", "right_child=1 -3e10"), ("decision_type=2 2", "decision_type=2 0.5"),
  ]

  @Test("Integer fields that are not whole Int32 numbers are refused", arguments: nonIntegers)
  func nonIntegerFields(field: String, bad: String) {
    do {
      _ = try ScorerModel(file: DataFile(path: "scorer.txt", text: Self.header + Self.tree.replacingOccurrences(of: field, with: bad)))
      Issue.record("accepted \(bad)")
    } catch {
      #expect(error.description.contains("expected a whole number, found"), "\(error.description)")
    }
  }

  @Test("Bad model files are refused with a message naming the problem", arguments: [
    ("Tree=0\nnum_leaves=1\nleaf_value=1\n", "not a Precis scorer model"),
    ("# precis-scorer version: 2\n# features: position\n" + tree, "model format version 2 is newer than this Precis reads (1); update Precis"),
    ("# precis-scorer version: 1\n# features: position,shoeSize\n" + tree, "the model uses feature \"shoeSize\""),
    (header + tree.replacingOccurrences(of: "threshold=10 20", with: "threshold=10 x"), "expected a number at column 4")
      as (String, String),
    (header + tree.replacingOccurrences(of: "right_child=1 -3", with: "right_child=7 -3"), "malformed tree 1"),
    (header + tree.replacingOccurrences(of: "decision_type=2 2", with: "decision_type=1 2"), "categorical splits"),
    (header, "the model has no trees"),
  ])
  func badModels(text: String, problem: String) {
    do {
      _ = try ScorerModel(file: DataFile(path: "scorer.txt", text: text))
      Issue.record("accepted a bad model")
    } catch {
      #expect(error.description.contains(problem), "\(error.description)")
      #expect(error.description.hasPrefix("scorer.txt line"))
    }
  }

  @Test("Features describe hand-made sentences")
  func features() throws {
    let document = try TestSupport.makeDocument(
      "Le président Emmanuel Macron a annoncé 3 mesures pour l'emploi.",
      "« Nous allons agir vite », a-t-il déclaré.",
      "Qui paiera ?"
    )
    let rows = SentenceFeatures.rows(for: ScoringContext(document: document, frequencies: try DocumentFrequencies.french()))
    func value(_ row: Int, _ name: String) throws -> Double {
      rows[row][try #require(SentenceFeatures.names.firstIndex(of: name))]
    }
    #expect(rows.count == 3 && rows.allSatisfy { $0.count == SentenceFeatures.names.count })
    #expect(try value(0, "isFirst") == 1 && value(1, "isFirst") == 0)
    #expect(try value(0, "position") == 0 && value(2, "relativePosition") == 1)
    #expect(try value(0, "similarityFirst") == 1)
    #expect(try value(0, "numberRatio") > 0 && value(1, "numberRatio") == 0)
    #expect(try value(0, "capitalizedRatio") > value(2, "capitalizedRatio"))
    #expect(try value(1, "hasQuote") == 1 && value(1, "startsWithQuoteOrDash") == 1 && value(0, "hasQuote") == 0)
    #expect(try value(2, "isQuestion") == 1 && value(0, "isQuestion") == 0)
    #expect(try value(0, "elisionRatio") > 0)
    #expect(try value(0, "words") == 11)
  }

  /// ROUGE on a fixed sample of 60 OrangeSum valid articles (CC BY-SA 4.0), pinned to the
  /// values measured when the model was trained: a change that makes summaries worse fails.
  @Test("End-to-end ROUGE on a fixed sample does not regress")
  func rougeRegression() throws {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/orangesum-valid-sample", withExtension: "jsonl"))
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
    var learned = 0.0, lead = 0.0
    for line in lines {
      let record = try JSONDecoder().decode([String: String].self, from: Data(line.utf8))
      let document = try Document(text: record["article"] ?? "")
      for algorithm in [Algorithm.learned, .lead] {
        let summary = try Summarizer(algorithm: algorithm, length: .sentences(2)).summarize(document)
        let score = Rouge.score(candidate: summary.sentences.map(\.text).joined(separator: " "), reference: record["abstract"] ?? "")
        if algorithm == .learned { learned += score.rouge1.f } else { lead += score.rouge1.f }
      }
    }
    learned = 100 * learned / Double(lines.count)
    lead = 100 * lead / Double(lines.count)
    print("sample ROUGE-1: learned \(learned), lead \(lead)")
    #expect(lines.count == 60)
    #expect(learned >= Self.pinnedLearnedR1 - 0.01, "learned R-1 \(learned) fell below \(Self.pinnedLearnedR1)")
    #expect(abs(lead - Self.pinnedLeadR1) < 0.01, "lead R-1 \(lead) moved from \(Self.pinnedLeadR1): segmentation or cleaning changed")
  }

  static let pinnedLearnedR1 = 29.50
  static let pinnedLeadR1 = 27.4570
}
