/// One word or number of a sentence.
public struct Token: Sendable, Hashable {
  /// What a token is.
  public enum Kind: String, Sendable {
    case word, number
  }
  /// Position in `Document.utf16` (UTF-16 offsets).
  public let range: Range<Int>
  /// Lower-cased form with a straight apostrophe, accents kept ("l'", "équipe", "2.600").
  public let norm: String
  /// Word or number.
  public let kind: Kind
  /// Whether the token is a stop word (including every elided article or pronoun).
  public let isStopWord: Bool
  /// Whether the token starts with a capital letter as written.
  public let isCapitalized: Bool
  /// Whether the token is an elided prefix split from the next word ("l'", "qu'").
  public let isElision: Bool
  /// The 64-bit FNV-1a of `norm`'s UTF-8 bytes, computed once: the stop words, the
  /// tagger, the lemmatiser, the lexicon, the frequencies and the summary's terms all look
  /// the norm up, and hashed it again each time (about five times a content word).
  public let hash: UInt64
  /// True when the token is written exactly as `norm` (no capital, no curly apostrophe), as
  /// the tokenizer saw; false when unknown. Spares the tagger comparing the two.
  public let isWrittenAsNorm: Bool

  /// Creates a token; `hash` is computed from `norm` when not given.
  public init(
    range: Range<Int>, norm: String, kind: Kind, isStopWord: Bool, isCapitalized: Bool, isElision: Bool, hash: UInt64? = nil,
    isWrittenAsNorm: Bool = false
  ) {
    self.range = range
    self.norm = norm
    self.kind = kind
    self.isStopWord = isStopWord
    self.isCapitalized = isCapitalized
    self.isElision = isElision
    self.hash = hash ?? FNV1a.hash(utf8Of: norm)
    self.isWrittenAsNorm = isWrittenAsNorm
  }

  /// Whether the token carries content: a word or number that is not a stop word.
  /// Inlinable: called from other modules on a token in an array or buffer, the getter
  /// needed a copy of the whole token (its norm retained and released) for every call.
  @inlinable public var isContent: Bool { !isStopWord }
}

/// One sentence of an article, quoted exactly as written.
public struct Sentence: Sendable {
  /// 0-based position among the article's sentences (after cleaning).
  public let index: Int
  /// Position in `Document.utf16`.
  public let range: Range<Int>
  /// Index of the paragraph (line) the sentence belongs to.
  public let paragraph: Int
  /// Whether the sentence opens its paragraph.
  public let isFirstInParagraph: Bool
  /// Whether the sentence is a heading: a line of its own, of at most 15 words, without
  /// final punctuation, in a text of several lines. Summaries prefer real sentences.
  public let isHeading: Bool
  /// The sentence as written (NFC).
  public let text: String
  /// Words and numbers, in order.
  public let tokens: [Token]

  /// Number of word and number tokens.
  public var wordCount: Int { tokens.count }
}

/// Text that cleaning removed from an article, with the reason, for `--explain`.
public struct DroppedText: Sendable, Equatable {
  /// Position in `Document.utf16`.
  public let range: Range<Int>
  /// The text removed.
  public let text: String
  /// Why it was removed, such as "boilerplate.txt:12 (contains \"crédit photo\")" or
  /// "teaser: shares 4% of its weight with the article".
  public let reason: String
}

/// An article split into paragraphs, sentences and tokens, after cleaning.
///
/// Ranges point into `utf16`, the normalised text, so summaries quote the article instead
/// of rebuilding it.
///
/// For example:
/// ```swift
/// let document = try Document(text: "M. Dupont est arrivé. Il pleut.")
/// document.sentences.map(\.text)   // ["M. Dupont est arrivé.", "Il pleut."]
/// ```
public struct Document: Sendable {
  /// The normalised text (NFC, LF line ends).
  public let text: String
  /// The normalised text as UTF-16 code units; every range refers to these.
  public let utf16: [UInt16]
  /// Non-empty lines, trimmed: line breaks are paragraph ends.
  public let paragraphs: [Range<Int>]
  /// The article's sentences, in order, without boilerplate.
  public let sentences: [Sentence]
  /// What cleaning removed.
  public let dropped: [DroppedText]

  /// Builds a document from `text` with the French resources.
  ///
  /// - Throws: `TextError` when a data file cannot be loaded.
  public init(text: String, options: DocumentOptions = DocumentOptions()) throws(TextError) {
    try self.init(text: text, units: nil, options: options)
  }

  /// Builds the document of a decoded file: `Document(text: decoded.text)`, reusing the
  /// decoder's normalised code units.
  ///
  /// - Throws: `TextError` when a data file cannot be loaded.
  public init(decoded: DecodedText, options: DocumentOptions = DocumentOptions()) throws(TextError) {
    try self.init(text: decoded.text, units: decoded.units, options: options)
  }

  private init(text: String, units: [UInt16]?, options: DocumentOptions) throws(TextError) {
    let resources = try LanguageResources.french()
    let frequencies = options.clean ? try? DocumentFrequencies.french() : nil
    self = DocumentBuilder(text: text, units: units, resources: resources, frequencies: frequencies, options: options).build()
  }

  /// Builds a document with explicit resources (tests, other languages).
  public init(
    text: String, resources: LanguageResources, frequencies: DocumentFrequencies?, options: DocumentOptions = DocumentOptions()
  ) {
    self = DocumentBuilder(text: text, resources: resources, frequencies: frequencies, options: options).build()
  }

  init(text: String, utf16: [UInt16], paragraphs: [Range<Int>], sentences: [Sentence], dropped: [DroppedText]) {
    self.text = text
    self.utf16 = utf16
    self.paragraphs = paragraphs
    self.sentences = sentences
    self.dropped = dropped
  }

  /// The text at `range` (UTF-16 offsets).
  public func text(in range: Range<Int>) -> String {
    utf16.withUnsafeBufferPointer { makeString($0, range) }
  }

  /// Feeds the UTF-8 bytes of `text(in: range)` to `hash`, without building the string.
  public func hashText(in range: Range<Int>, into hash: inout FNV1a) {
    utf16.withUnsafeBufferPointer { units in
      forEachUTF8Byte(of: UnsafeBufferPointer(rebasing: units[range])) { hash.add($0) }
    }
  }

  /// Whether `text(in: range)` has the same UTF-8 bytes as `string`, without building it.
  public func isText(in range: Range<Int>, sameUTF8As string: String) -> Bool {
    var string = string
    return string.withUTF8 { bytes in
      utf16.withUnsafeBufferPointer { units in
        var k = 0, same = true
        forEachUTF8Byte(of: UnsafeBufferPointer(rebasing: units[range])) { byte in
          same = same && k < bytes.count && bytes[k] == byte
          k += 1
        }
        return same && k == bytes.count
      }
    }
  }

  /// The first Unicode scalar of `text(in: range)`, or nil for an empty range or an
  /// unpaired surrogate.
  public func firstScalar(in range: Range<Int>) -> Unicode.Scalar? {
    guard let first = range.first else { return nil }
    let u = utf16[first]
    if u < 0xD800 || u > 0xDFFF { return Unicode.Scalar(u) }
    guard u <= 0xDBFF, first + 1 < range.upperBound, utf16[first + 1] >= 0xDC00, utf16[first + 1] <= 0xDFFF else { return nil }
    return Unicode.Scalar(0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(utf16[first + 1]) - 0xDC00))
  }
}

/// How a document is prepared.
public struct DocumentOptions: Sendable, Equatable {
  /// The sentence splitter to use.
  public var splitter: SentenceSplitter
  /// Whether to drop boilerplate (credits, teasers, script remnants).
  public var clean: Bool

  /// Creates options; the defaults are Precis's own splitter with cleaning.
  public init(splitter: SentenceSplitter = .precis, clean: Bool = true) {
    self.splitter = splitter
    self.clean = clean
  }
}
