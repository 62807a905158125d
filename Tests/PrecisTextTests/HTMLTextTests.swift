import PrecisText
import Testing

@Suite("HTML pages")
struct HTMLTextTests {
  static let page = """
    <!DOCTYPE html><html><head><title>Titre du site</title><script>var x = 1;</script></head>
    <body><header><a href="/">Le Journal</a> Abonnez-vous</header><nav>Monde | Sport</nav>
    <main><article><header><h1>Le port bloqu&eacute; par la gr&egrave;ve</h1><p>Par notre envoy&#233; sp&#xE9;cial</p></header>
    <!-- publicité --><p>Les dockers  r&eacute;clament
    des hausses &laquo;&nbsp;justes&nbsp;&raquo;.</p><aside>Lire aussi : autre chose</aside>
    <p>La direction refuse.</p></article></main><footer>© Journal</footer></body></html>
    """

  @Test("Text comes out one block a line; navigation, page header, asides, scripts and footers do not")
  func extraction() {
    #expect(HTMLText.looksLikeHTML(Self.page))
    let text = HTMLText.extract(Self.page)
    #expect(text.split(separator: "\n").map(String.init) == [
      "Le port bloqué par la grève", "Par notre envoyé spécial", "Les dockers réclament des hausses «\u{A0}justes\u{A0}».",
      "La direction refuse.",
    ])
  }

  @Test("Plain text with angle brackets is not taken for HTML")
  func notHTML() {
    #expect(!HTMLText.looksLikeHTML("Le score était de 3 < 4, a dit l'arbitre."))
    #expect(!HTMLText.looksLikeHTML("<3 les chats"))
  }
}
