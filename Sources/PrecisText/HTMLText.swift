/// Extracts the readable text of an HTML page: paragraphs and headings become lines;
/// scripts, styles, navigation, page headers (not an <article>'s own <header>, which holds
/// its title), footers, forms, the <title> (the <h1> repeats it) and comments are dropped;
/// character references are decoded. Good enough for saved news pages, not a browser.
///
/// For example:
/// ```swift
/// HTMLText.extract("<p>Le pr&eacute;sident.</p><script>x()</script>")   // "Le président."
/// ```
public enum HTMLText {
  /// Whether `text` looks like an HTML document rather than plain text.
  public static func looksLikeHTML(_ text: String) -> Bool {
    // Cheap test first: an HTML document starts with "<" after white space.
    guard let first = text.utf8.first(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }),
      first == UInt8(ascii: "<")
    else { return false }
    let head = text.prefix(2048).lowercased()
    let start = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
    if start.hasPrefix("<!doctype html") || start.hasPrefix("<html") { return true }
    return start.hasPrefix("<") && (head.contains("<body") || head.contains("<p>") || head.contains("<div"))
  }

  /// Elements whose whole content is dropped.
  static let skipped: Set<String> = ["script", "style", "nav", "footer", "header", "aside", "form", "noscript", "svg", "template", "iframe", "button", "select", "figcaption", "title"]
  /// Elements that end a line.
  static let blocks: Set<String> = ["p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "article", "section", "blockquote", "dd", "dt", "pre", "hr", "main", "td"]

  /// The text of `html`, one block a line, normalised as `TextNormalizer.normalize` does:
  /// character references can spell a combining accent ("e&#x301;") or a carriage return,
  /// and the decoded text must be the text that sentences are cut from.
  public static func extract(_ html: String) -> String {
    var out = String.UnicodeScalarView()
    let scalars = Array(html.unicodeScalars)
    var i = 0
    var skipUntil: String? = nil
    func whiteSpace() { if let last = out.last, last != " " && last != "\n" { out.append(" ") } }
    var articleDepth = 0  // inside <article> or <main>
    func newline() { if let last = out.last, last != "\n" { out.append("\n") } }
    while i < scalars.count {
      let c = scalars[i]
      if c == "<" {
        // Comment?
        if i + 3 < scalars.count && scalars[i + 1] == "!" && scalars[i + 2] == "-" && scalars[i + 3] == "-" {
          var j = i + 4
          while j + 2 < scalars.count && !(scalars[j] == "-" && scalars[j + 1] == "-" && scalars[j + 2] == ">") { j += 1 }
          i = j + 3
          continue
        }
        var j = i + 1
        while j < scalars.count && scalars[j] != ">" { j += 1 }
        let inner = String(String.UnicodeScalarView(scalars[(i + 1)..<min(j, scalars.count)])).lowercased()
        i = j + 1
        let closing = inner.hasPrefix("/")
        let name = String(inner.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber })
        if let skip = skipUntil {
          if closing && name == skip { skipUntil = nil }
          continue
        }
        if name == "article" || name == "main" { articleDepth += closing ? (articleDepth > 0 ? -1 : 0) : 1 }
        // A page's <header> is navigation; an article's own <header> holds its title.
        let articleHeader = name == "header" && articleDepth > 0
        if !closing && skipped.contains(name) && !inner.hasSuffix("/") && !articleHeader {
          skipUntil = name
          continue
        }
        if blocks.contains(name) { newline() }
        continue
      }
      if skipUntil != nil { i += 1; continue }
      if c == "&" {
        var j = i + 1
        while j < scalars.count && j - i <= 10 && scalars[j] != ";" && scalars[j] != "&" && !scalars[j].properties.isWhitespace { j += 1 }
        if j < scalars.count && scalars[j] == ";" {
          let entity = String(String.UnicodeScalarView(scalars[(i + 1)..<j]))
          if let decoded = decodeEntity(entity) {
            // A referenced line break or tab is white space like a literal one.
            if decoded.properties.isWhitespace && decoded != "\u{A0}" { whiteSpace() } else { out.append(decoded) }
            i = j + 1
            continue
          }
        }
      }
      // Collapse runs of white space inside a block.
      if c.properties.isWhitespace && c != "\u{A0}" {
        whiteSpace()
      } else {
        out.append(c)
      }
      i += 1
    }
    let lines = String(out).split(separator: "\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    return TextNormalizer.normalize(lines.joined(separator: "\n"))
  }

  static let named: [String: Unicode.Scalar] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "eacute": "é", "egrave": "è",
    "ecirc": "ê", "euml": "ë", "agrave": "à", "acirc": "â", "ccedil": "ç", "icirc": "î", "iuml": "ï", "ocirc": "ô",
    "ugrave": "ù", "ucirc": "û", "uuml": "ü", "Eacute": "É", "Egrave": "È", "Ecirc": "Ê", "Agrave": "À", "Ccedil": "Ç",
    "oelig": "œ", "OElig": "Œ", "laquo": "«", "raquo": "»", "rsquo": "’", "lsquo": "‘", "ldquo": "“", "rdquo": "”",
    "hellip": "…", "ndash": "–", "mdash": "—", "euro": "€", "deg": "°", "copy": "©", "reg": "®", "trade": "™",
    "thinsp": "\u{2009}", "shy": "\u{AD}", "middot": "·", "bull": "•",
  ]

  static func decodeEntity(_ entity: String) -> Unicode.Scalar? {
    if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
      return UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
    }
    if entity.hasPrefix("#") { return UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init) }
    return named[entity]
  }
}
