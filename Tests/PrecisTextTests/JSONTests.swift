import Foundation
import PrecisText
import Testing

@Suite("JSON output")
struct JSONTests {
  @Test("Strings are escaped where JSON needs it and parse back to themselves", arguments: [
    "plain", "l’Élysée « Paris » …", "quote \" and \\ backslash", "tab\tline\nreturn\r", "bell\u{7}",
    "line separator \u{2028} and paragraph \u{2029}", "",
  ])
  func escaping(text: String) throws {
    let json = JSONValue.object([("s", .string(text))]).serialized()
    #expect(!json.contains("\u{2028}") && !json.contains("\u{2029}") && !json.contains("\n"))
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
    #expect(parsed["s"] == text)
  }

  @Test("Fields put in front of a serialised object keep it valid, compact or indented")
  func prepending() throws {
    let body = JSONValue.object([("n", .integer(1)), ("list", .array([.string("a")]))])
    for indent in [0, 2] {
      let joined = JSONValue.prepending([("file", .string("a.txt")), ("hash", .string("ab"))], to: body.serialized(indent: indent), indent: indent)
      let expected = JSONValue.object([("file", .string("a.txt")), ("hash", .string("ab")), ("n", .integer(1)), ("list", .array([.string("a")]))])
      #expect(joined == expected.serialized(indent: indent))
    }
  }
}
