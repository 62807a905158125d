import PrecisText

extension Tagger {
  /// The tags of the tokens of each of `sentences` of `document` (nil where the tagger has
  /// none), in one call of the tagger: it sees the punctuation between tokens and UD's
  /// syntactic words ("du" is "de le"), as in its training data.
  func tags(for sentences: [Sentence], in document: Document) -> [[String?]] {
    let input = TaggerInput(sentences, of: document)
    let tagged = tagIndices(
      keys: input.keys, capitals: input.capitals, segments: input.segments, matches: input.matches, strings: input.strings)
    let names = model.tags
    return sentences.indices.map { s in
      var result = [String?](repeating: nil, count: sentences[s].tokens.count)
      for k in input.segments[s] where input.position[k] >= 0 { result[input.position[k]] = names[tagged[k]] }
      return result
    }
  }
}

/// The tagger's words for sentences of a document: each one's key (`VectorCache.key`) and
/// capitalisation, computed on the document's UTF-16 text, and where its strings come from,
/// so that they are built only for words whose blocks the tagger has not kept.
struct TaggerInput {
  let document: Document
  let sentences: [Sentence]
  private(set) var keys: [UInt64] = [], capitals: [Bool] = []
  private var sources: [Source] = []
  /// Each word's token in its sentence, or -1 (punctuation, the second word of "du").
  private(set) var position: [Int] = []
  /// The words of each sentence: ranges of the arrays above.
  private(set) var segments: [Range<Int>] = []

  /// Where the strings of a word come from; `same`: the word is written as itself.
  private enum Source {
    /// A token (sentence, token): its norm, written as in the text.
    case token(Int, Int, same: Bool)
    /// The first word of a contraction ("de" of "du"), written as the token (sentence, token).
    case firstOfContraction(Int, Int, String, same: Bool)
    /// A word written as itself ("le" of "du").
    case word(String)
    /// Punctuation, as in the text.
    case punctuation(Range<Int>)
  }

  init(_ sentences: [Sentence], of document: Document) {
    self.document = document
    self.sentences = sentences
    segments.reserveCapacity(sentences.count)
    // Room for the words and about as much punctuation.
    let capacity = sentences.reduce(8) { $0 + 2 * $1.tokens.count }
    keys.reserveCapacity(capacity)
    capitals.reserveCapacity(capacity)
    sources.reserveCapacity(capacity)
    position.reserveCapacity(capacity)
    for s in sentences.indices { appendSentence(s) }
  }

  /// Contractions that UD (and so the tagger) splits into two words.
  static func contraction(_ word: String) -> (String, String)? {
    switch word {
    case "du": return ("de", "le")
    case "au": return ("à", "le")
    case "aux": return ("à", "les")
    default: return nil
    }
  }

  private mutating func append(_ key: UInt64, _ capital: Bool, _ source: Source, _ index: Int) {
    keys.append(key)
    capitals.append(capital)
    sources.append(source)
    position.append(index)
  }

  private mutating func appendSentence(_ s: Int) {
    let sentence = sentences[s], tokens = sentence.tokens
    let first = keys.count
    var cursor = sentence.range.lowerBound
    for i in tokens.indices {
      let range = tokens[i].range
      appendPunctuation(cursor..<range.lowerBound)
      let capital = Tagger.isCapitalized(document.firstScalar(in: range))
      if tokens[i].norm.utf8.count <= 3, let (word, second) = Self.contraction(tokens[i].norm) {
        // The tagger was trained on UD's syntactic words: "du" is "de le", the first
        // written as the token, the second as itself.
        let (key, same) = Self.key(word, range, document)
        append(key, capital, .firstOfContraction(s, i, word, same: same), i)
        append(VectorCache.key(second, original: second, same: true), false, .word(second), -1)
      } else if tokens[i].isWrittenAsNorm {
        append(tokens[i].hash == 0 ? 1 : tokens[i].hash, capital, .token(s, i, same: true), i)
      } else {
        let (key, same) = Self.key(tokens[i].norm, range, document, wordHash: tokens[i].hash)
        append(key, capital, .token(s, i, same: same), i)
      }
      cursor = range.upperBound
    }
    appendPunctuation(cursor..<sentence.range.upperBound)
    segments.append(first..<keys.count)
  }

  /// The punctuation marks in `range` (between two tokens), a run of full stops as one.
  private mutating func appendPunctuation(_ range: Range<Int>) {
    var k = range.lowerBound
    while k < range.upperBound {
      let unit = document.utf16[k]
      if CodeUnit.isSpace(unit) {
        k += 1
        continue
      }
      var end = k + 1
      if unit == 46 { while end < range.upperBound && document.utf16[end] == 46 { end += 1 } }
      let mark = k..<end
      var hash = FNV1a()
      document.hashText(in: mark, into: &hash)
      append(hash.value == 0 ? 1 : hash.value, Tagger.isCapitalized(document.firstScalar(in: mark)), .punctuation(mark), -1)
      k = end
    }
  }

  /// `VectorCache.key` of `word` written as the text at `range`, computed on the UTF-16
  /// text without building the original, and whether that text is the word itself;
  /// `wordHash` is the FNV-1a of the word's bytes when known (a token's `hash`).
  static func key(_ word: String, _ range: Range<Int>, _ document: Document, wordHash: UInt64? = nil) -> (UInt64, Bool) {
    var hash = FNV1a()
    if let wordHash { hash.value = wordHash } else { hash.add(utf8Of: word) }
    let same = isWritten(word, at: range, in: document.utf16) || document.isText(in: range, sameUTF8As: word)
    if !same {
      hash.add(1)
      document.hashText(in: range, into: &hash)
    }
    return (hash.value == 0 ? 1 : hash.value, same)
  }

  /// Whether `utf16[range]` is `form`, unit for unit (an ASCII word in lower case).
  static func isWritten(_ form: String, at range: Range<Int>, in utf16: [UInt16]) -> Bool {
    guard form.utf8.count == range.count else { return false }
    var k = range.lowerBound
    for byte in form.utf8 {
      guard byte < 0x80, utf16[k] == UInt16(byte) else { return false }
      k += 1
    }
    return true
  }

  /// Word `k` and its original, as the tagger's features read them.
  func strings(_ k: Int) -> (word: String, original: String) {
    switch sources[k] {
    case .token(let s, let i, _): (sentences[s].tokens[i].norm, original(s, i))
    case .firstOfContraction(let s, let i, let word, _): (word, original(s, i))
    case .word(let word): (word, word)
    case .punctuation(let range): (document.text(in: range), document.text(in: range))
    }
  }

  /// Token `i` of sentence `s` as written.
  private func original(_ s: Int, _ i: Int) -> String {
    let token = sentences[s].tokens[i]
    return token.isWrittenAsNorm || Self.isWritten(token.norm, at: token.range, in: document.utf16)
      ? token.norm : document.text(in: token.range)
  }

  /// Whether word `k` is `stored`, the word a kept block was made for: a key is a hash, and
  /// another word may have the same.
  func matches(_ k: Int, _ stored: VectorCache.WordKey) -> Bool {
    switch sources[k] {
    case .token(let s, let i, let same):
      let token = sentences[s].tokens[i]
      return stored.word.hasSameUTF8(as: token.norm) && isWritten(stored, at: token.range, same: same)
    case .firstOfContraction(let s, let i, let word, let same):
      return stored.word.hasSameUTF8(as: word) && isWritten(stored, at: sentences[s].tokens[i].range, same: same)
    case .word(let word):
      return stored.original == nil && stored.word.hasSameUTF8(as: word)
    case .punctuation(let range):
      return stored.original == nil && document.isText(in: range, sameUTF8As: stored.word)
    }
  }

  /// Whether the text at `range` is `stored`'s original; `same`: it is the word itself.
  private func isWritten(_ stored: VectorCache.WordKey, at range: Range<Int>, same: Bool) -> Bool {
    guard let original = stored.original else { return same }
    return !same && document.isText(in: range, sameUTF8As: original)
  }
}
