import DyadCore
@testable import DyadExtraction
import Testing

let extractor = PageDumpExtractor(lexicon: try! .builtIn())

/// A page dump in the shape of a saved news page, written for these tests.
let dump = """
Example.vn - Trang tin tổng hợp Việt Nam

Ruritania and Freedonia agree to hold joint naval drills next spring

Thời Báo Mẫu​Thời Báo Mẫu05/03/2024


On March 4, the Ruritanian navy said it would hold drills with Freedonia in the Blue Sea.
Hải quân hai nước tập trận chung trên biển. (Nguồn: Reuters)
Sailors stand on the deck of a frigate. (Photo: AFP)

The two navies last trained together in 2019, officials said.

Background to the drills

Freedonia welcomed the plan and said its ships would take part.

Source

Comment (0)

Same tag

A festival of lanterns lights up the old quarter at night
Ten tips for visiting the mountain villages this summer
"""

@Test func pageDump_findsHeadlineDateSiteAndBody() {
    let page = extractor.extract(dump)
    #expect(page.title == "Ruritania and Freedonia agree to hold joint naval drills next spring")
    #expect(page.date?.description == "2024-03-05")
    #expect(page.site == "Thời Báo Mẫu")
    #expect(page.paragraphs == [
        "On March 4, the Ruritanian navy said it would hold drills with Freedonia in the Blue Sea.",
        "The two navies last trained together in 2019, officials said.",
        "Background to the drills",
        "Freedonia welcomed the plan and said its ships would take part.",
    ])
}

@Test func pageDump_dropsCaptionsForeignLinesAndTrailingHeadlines() {
    let text = extractor.extract(dump).paragraphs.joined(separator: "\n")
    #expect(!text.contains("Sailors stand"))
    #expect(!text.contains("Hải quân"))
    #expect(!text.contains("lanterns"))
    #expect(!text.contains("Comment"))
}

@Test func pageDump_sourceLineNamesTheOutlet() {
    let page = extractor.extract("Talks resume\nThe two ministers met in the capital on Monday and agreed to talk again.\nSource: AA")
    #expect(page.site == "Anadolu Agency")
    #expect(page.title == "Talks resume")
    #expect(page.paragraphs == ["The two ministers met in the capital on Monday and agreed to talk again."])
}

@Test func plainArticle_passesThroughWithItsStandfirst() {
    let text = """
    Leaders meet at the summit
    On the sidelines of the summit the two presidents discussed trade and security for an hour
    The presidents met on Tuesday.
    They agreed to meet again.
    """
    let page = extractor.extract(text)
    #expect(page.title == "Leaders meet at the summit")
    #expect(page.paragraphs.count == 3)
    #expect(page.paragraphs.first?.hasPrefix("On the sidelines") == true)
}

@Test func pageDumpComponent_fillsDocumentButKeepsWhatItCarries() throws {
    var doc = Document(id: "d1", raw: dump, site: "Given Site")
    try extractor.process(&doc)
    #expect(doc.site == "Given Site")
    #expect(doc.publicationDate?.description == "2024-03-05")
    #expect(doc.text.hasPrefix("On March 4,"))
    #expect(doc.text.contains("\n\nThe two navies"))
}

@Test func pageWithNoText_isAnErrorNamingTheDocument() {
    var doc = Document(id: "blank.txt", raw: "Comment (0)\nSame tag\n")
    #expect(throws: ExtractionError.noArticle(documentID: "blank.txt")) { try extractor.process(&doc) }
}

@Test func html_isReadAsBlocksWithoutScripts() throws {
    let html = """
    <html><head><title>Talks resume | Example</title><script>var x = "<p>not text</p>";</script></head>
    <body><nav>Home</nav><h1>Talks resume</h1><p>The two ministers met on Monday &amp; agreed to talk again.</p>
    <!-- <p>hidden</p> --><footer>Copyright</footer></body></html>
    """
    var doc = Document(id: "p.html", raw: html, format: .html)
    try extractor.process(&doc)
    #expect(doc.text == "The two ministers met on Monday & agreed to talk again.")
    #expect(doc.title == "Talks resume | Example")
}

@Test func pageDump_readsWindowsLineEndsAndUntidySpacesAsCleanLines() {
    // The same page with \r\n and lone \r line ends, and with runs of spaces, tabs, no-break
    // spaces, soft hyphens and zero-width spaces inside and around its lines.
    let unix = extractor.extract(dump)
    #expect(extractor.extract(dump.replacingOccurrences(of: "\n", with: "\r\n")) == unix)
    #expect(extractor.extract(dump.replacingOccurrences(of: "\n", with: "\r")) == unix)
    let messy = "  The two\u{00A0}\u{00A0}navies \t last trained\u{200B} together in 20\u{00AD}19, officials said.  \n"
    #expect(extractor.cleanLine(messy) == "The two navies last trained together in 2019, officials said.")
    #expect(extractor.cleanLine("Already clean, single spaces.") == "Already clean, single spaces.")
    #expect(extractor.cleanLine("Trailing space ") == "Trailing space")
    #expect(extractor.cleanLine(" ") == "")
    #expect(unix.paragraphs.contains("The two navies last trained together in 2019, officials said."))
}
