import DyadCore
import Foundation
import Testing

@testable import DyadExtraction

let html = try! HTMLExtractor.builtIn()
let fixedToday = CivilDate(year: 2024, month: 6, day: 30)

/// A news page written for these tests: every kind of furniture around a three-paragraph article.
let newsPage = """
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Talks resume in Geneva | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Roe">
<link rel="canonical" href="https://news.example.org/world/talks-resume">
</head>
<body>
<div class="cookie-banner"><p>We use cookies to improve your experience, please accept them all today.</p></div>
<header class="site-header"><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main>
<article>
<h1>Talks resume in Geneva</h1>
<div class="byline">By Jane Roe, Geneva correspondent</div>
<div class="article-body">
<p>Ruritania and Freedonia resumed talks in Geneva on Monday, the foreign ministry said, after a pause of six months.</p>
<figure><img src="a.jpg"><figcaption>Delegates arrive at the Palais des Nations on Monday morning.</figcaption></figure>
<h2>A long road</h2>
<p>The two sides last met in December, when the talks broke down over the border, officials said on Sunday.</p>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<p>Both delegations said they expected the round to last a week &amp; end with a joint statement&hellip;</p>
</div>
</article>
<section class="related-stories"><h3>Related stories</h3><ul>
<li><a href="/1">Freedonia recalls its ambassador after a dispute over fishing rights in the bay</a></li>
<li><a href="/2">Ruritania holds elections under the eye of foreign observers and journalists</a></li></ul></section>
<div id="comments"><h3>Comments</h3><p>I think this is a great step forward for both countries, well done to all involved.</p></div>
</main>
<footer><p>Copyright 2024 Example News. All rights reserved. Contact us for syndication requests.</p></footer>
</body>
</html>
"""

@Suite struct HTMLContentTests {
    @Test func newsPage_keepsArticleParagraphsAndHeadingsInOrder() throws {
        let a = try html.extract(html: newsPage, documentID: "news.html", today: fixedToday)
        #expect(a.paragraphs == [
            "Talks resume in Geneva",
            "Ruritania and Freedonia resumed talks in Geneva on Monday, the foreign ministry said, after a pause of six months.",
            "A long road",
            "The two sides last met in December, when the talks broke down over the border, officials said on Sunday.",
            "Both delegations said they expected the round to last a week & end with a joint statement\u{2026}",
        ])
    }

    @Test func newsPage_dropsNavigationFooterRelatedCommentsCaptionCookieShareAndByline() throws {
        let text = try html.extract(html: newsPage, documentID: "news.html", today: fixedToday).paragraphs.joined(separator: "\n")
        for dropped in ["Home", "Sport", "cookies", "Related stories", "Freedonia recalls", "great step forward", "Delegates arrive",
                        "Share on Facebook", "By Jane Roe", "Copyright 2024", "Comments"] {
            #expect(!text.contains(dropped), "kept \(dropped)")
        }
    }

    @Test func newsPage_metadata() throws {
        let a = try html.extract(html: newsPage, documentID: "news.html", today: fixedToday)
        #expect(a.title == "Talks resume in Geneva")
        #expect(a.site == "Example News")
        #expect(a.author == "Jane Roe")
        #expect(a.language == "en")
        #expect(a.url == "https://news.example.org/world/talks-resume")
    }

    @Test func textIsCleaned_softHyphensZeroWidthAndEntities() throws {
        let page = "<html><body><article><p>The minis\u{00AD}ter&nbsp;said&#8203; the talks were &quot;use\u{200B}ful&quot; &amp; would go on for a week.</p></article></body></html>"
        let a = try html.extract(html: page, documentID: "clean.html", today: fixedToday)
        #expect(a.paragraphs == ["The minister said the talks were \"useful\" & would go on for a week."])
    }

    @Test func linkListInsideArticle_isDropped() throws {
        let page = """
        <html><body><div class="content"><p>The council met on Tuesday and approved the budget for the coming year after a long debate.</p>
        <ul><li><a href="/a">Read more about the budget and the reasons for the long debate in council</a></li>
        <li><a href="/b">Council members and their votes on every budget line since the year 2010</a></li></ul>
        <p>The mayor said the vote was a victory for the city, and thanked the members for their work.</p></div></body></html>
        """
        let a = try html.extract(html: page, documentID: "links.html", today: fixedToday)
        #expect(a.paragraphs.count == 2)
        #expect(!a.paragraphs.joined().contains("Read more"))
    }

    @Test func titleHeading_opensTheExtractedText_butIsNotCodedTwice() throws {
        var shown = Document(id: "news.html", raw: newsPage, format: .html)
        try html.apply(to: &shown, keepingTitleHeading: true)
        #expect(shown.text.hasPrefix("Talks resume in Geneva\n\nRuritania"))
        var coded = Document(id: "news.html", raw: newsPage, format: .html)
        try html.apply(to: &coded)
        #expect(coded.text.hasPrefix("Ruritania and Freedonia"))
        #expect(coded.title == "Talks resume in Geneva")
    }

    @Test func headlineInAHeaderOutsideTheArticle_andItsStandfirst_openTheText() throws {
        let page = """
        <html><head><title>Ministers agree a plan | Example News</title></head><body>
        <header class="article-header"><h1>Ministers agree a plan</h1><p>The deal took six months and two changes of government.</p></header>
        <div class="sidebar"><p><a href="/a">Most read</a></p></div>
        <div class="story-body"><p>The ministers met in the capital on Monday and agreed on a plan for the region, officials said.</p>
        <p>They will meet again in March, when the plan is to be signed by both governments.</p></div></body></html>
        """
        let a = try html.extract(html: page, documentID: "header.html", today: fixedToday)
        #expect(a.paragraphs.prefix(3) == ["Ministers agree a plan", "The deal took six months and two changes of government.",
                                           "The ministers met in the capital on Monday and agreed on a plan for the region, officials said."])
        #expect(!a.paragraphs.joined().contains("Most read"))
    }

    @Test func galleryToldInCaptions_keepsItsCaptions() throws {
        var slides = ""
        for i in 1...5 {
            slides += "<figure class=\"slide\"><img src=\"\(i).jpg\"><figcaption class=\"slide-caption\">Slide \(i): the delegation visits the harbour, the school and the new hospital in the north of the country.</figcaption></figure>"
        }
        let page = "<html><body><article class=\"gallery\"><h1>A visit in pictures</h1>\(slides)</article><footer><p>About us</p></footer></body></html>"
        let a = try html.extract(html: page, documentID: "gallery.html", today: fixedToday)
        #expect(a.paragraphs.filter { $0.hasPrefix("Slide ") }.count == 5)
        // An article with prose keeps dropping its captions.
        #expect(!(try html.extract(html: newsPage, documentID: "news.html", today: fixedToday)).paragraphs.joined().contains("Delegates arrive"))
    }

    @Test func articleInAScriptTemplate_isReadWhenThePageShowsNothingElse() throws {
        let body = String(repeating: "<p>The ministers met in the capital and agreed on a plan for the region, officials said.</p>", count: 8)
        let page = "<html><body><div class=\"post-body\"><script type=\"text/template\">\(body)</script></div><p>Archive</p></body></html>"
        let a = try html.extract(html: page, documentID: "template.html", today: fixedToday)
        #expect(a.paragraphs.count == 8)
        #expect(a.paragraphs[0] == "The ministers met in the capital and agreed on a plan for the region, officials said.")
    }

    @Test func wordPressPostClasses_doNotDropThePost() throws {
        // Link lists around it hold most of the page's text, so the post's share is small.
        let sidebar = "<ul>" + String(repeating: "<li><a href=\"/x\">Another story from the archive about something else</a></li>", count: 12) + "</ul>"
        let page = """
        <html><body><article class="post type-post tag-border tag-talks category-world"><p>The two ministers met at the border on Monday and agreed to reopen the crossing, the ministry said.</p></article>
        <div class="sidebar-box">\(sidebar)</div></body></html>
        """
        let a = try html.extract(html: page, documentID: "wp.html", today: fixedToday)
        #expect(a.paragraphs.contains("The two ministers met at the border on Monday and agreed to reopen the crossing, the ministry said."))
    }

    @Test func pageRenderedWithScript_fallsBackToItsSummary() throws {
        let page = """
        <html><head><meta property="og:description" content="The two ministers agreed on Monday to reopen the border crossing after a year."></head>
        <body><div id="app"></div><script>render()</script></body></html>
        """
        let a = try html.extract(html: page, documentID: "app.html", today: fixedToday)
        #expect(a.paragraphs == ["The two ministers agreed on Monday to reopen the border crossing after a year."])
    }

    @Test func strayAndMissingEndTags_areTolerated() throws {
        let page = "<html><body><div class=\"content\"><p>The ministers met in the capital and agreed on a plan.</span></b><p>They will meet again in March, officials said on Monday.</div></div></div><p>After the stray ends, this paragraph still counts."
        let a = try html.extract(html: page, documentID: "broken.html", today: fixedToday)
        #expect(a.paragraphs.contains("The ministers met in the capital and agreed on a plan."))
        #expect(a.paragraphs.contains("They will meet again in March, officials said on Monday."))
    }

    @Test func promotionalOpeningAndClosingLines_areDropped() throws {
        let page = """
        <html><body><div class="story-body">
        <p>Submit your letter to the editor via <a href="/form">this form</a>. Read more letters.</p>
        <p>The ministers met in the capital on Monday and agreed on a plan for the region, officials said.</p>
        <p>They will meet again in March, when the plan is to be signed by both governments.</p>
        <p>The plan covers trade, the border and the return of refugees, the ministry said in a statement.</p>
        <p>Follow us on Twitter and on Facebook for more news from the region.</p>
        </div></body></html>
        """
        let a = try html.extract(html: page, documentID: "promo.html", today: fixedToday)
        #expect(a.paragraphs.first == "The ministers met in the capital on Monday and agreed on a plan for the region, officials said.")
        #expect(a.paragraphs.last == "The plan covers trade, the border and the return of refugees, the ministry said in a statement.")
    }

    @Test func jsonLDArticleBody_isUsedWhenThePageRendersTheArticleWithScript() throws {
        let body = String(repeating: "The ministers met in the capital and agreed on a plan for the region. ", count: 6)
        let page = """
        <html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Plan agreed","articleBody":"\(body)",
        "datePublished":"2023-12-29T08:00:00Z"}</script></head><body><div id="app"><p>Loading the story, please wait a moment.</p></div></body></html>
        """
        let a = try html.extract(html: page, documentID: "app.html", today: fixedToday)
        #expect(a.paragraphs.joined().hasPrefix("The ministers met in the capital"))
        #expect(a.date == CivilDate(year: 2023, month: 12, day: 29))
    }
}

@Suite struct HTMLMetadataTests {
    func article(_ head: String, _ body: String = "", url: String? = nil) throws -> HTMLExtractor.Article {
        let page = "<html><head>\(head)</head><body>\(body)<article><p>The ministers met in the capital and agreed on a plan for the region.</p></article></body></html>"
        return try html.extract(html: page, documentID: "meta.html", url: url, today: fixedToday)
    }

    @Test func titleSuffix_isRemoved() throws {
        #expect(try article("<title>Talks resume | Example News</title>").title == "Talks resume")
        #expect(try article("<title>Talks resume - Example News</title><meta property=\"og:site_name\" content=\"Example News\">").title == "Talks resume")
        #expect(try article("<title>Example News – Ministers agree on a plan</title>", url: "https://www.examplenews.com/x").title == "Ministers agree on a plan")
    }

    @Test func date_fromJSONLD() throws {
        let d = try article(#"<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2023-12-29T10:00:00+01:00"}]}</script>"#).date
        #expect(d == CivilDate(year: 2023, month: 12, day: 29))
    }

    @Test func date_fromMetaTags() throws {
        #expect(try article(#"<meta property="article:published_time" content="2022-03-04T05:06:07Z">"#).date == CivilDate(year: 2022, month: 3, day: 4))
        #expect(try article(#"<meta name="DC.date.issued" content="2021/11/02">"#).date == CivilDate(year: 2021, month: 11, day: 2))
    }

    @Test func date_fromTimeElement() throws {
        #expect(try article("", #"<time datetime="2020-02-29" pubdate>Feb 29</time>"#).date == CivilDate(year: 2020, month: 2, day: 29))
    }

    @Test func date_fromURL() throws {
        #expect(try article("", url: "https://example.com/2019/07/14/story.html").date == CivilDate(year: 2019, month: 7, day: 14))
        let month = try article("", url: "https://example.com/2019/07/story.html").date
        #expect(month == CivilDate(year: 2019, month: 7, precision: .month))
    }

    @Test func date_printedInSeveralLanguages() throws {
        #expect(try article("", #"<span class="date">29. Dezember 2023</span>"#).date == CivilDate(year: 2023, month: 12, day: 29))
        #expect(try article("", #"<span class="posted-on">Publié le 3 mars 2021</span>"#).date == CivilDate(year: 2021, month: 3, day: 3))
        #expect(try article("", #"<p class="fecha">5 de junio de 2018</p>"#).date == CivilDate(year: 2018, month: 6, day: 5))
        #expect(try article("", #"<div class="meta">Posted on January 5th, 2017 by admin</div>"#).date == CivilDate(year: 2017, month: 1, day: 5))
        #expect(try article("", #"<div class="datum">14.07.2016</div>"#).date == CivilDate(year: 2016, month: 7, day: 14))
    }

    @Test func date_aUTCStampOneDayOffThePrintedDate_yieldsThePrintedDay() throws {
        let stamp = #"<meta property="article:published_time" content="2021-11-04T23:00Z">"#
        #expect(try article(stamp, #"<span class="date">5. November 2021</span>"#).date == CivilDate(year: 2021, month: 11, day: 5))
        // Further apart, the machine-readable stamp stays; a full date in the URL beats both.
        #expect(try article(stamp, #"<span class="date">9. November 2021</span>"#).date == CivilDate(year: 2021, month: 11, day: 4))
        #expect(try article(stamp, #"<span class="date">5. November 2021</span>"#, url: "https://example.com/2021/11/04/x.html").date
            == CivilDate(year: 2021, month: 11, day: 4))
    }

    @Test func date_printedNearTheHeadline_beatsGenericStampsAndTodaysDateInTheHeader() throws {
        // A generic "date" meta tag (a CMS stamp) gives way to the date printed for the article.
        #expect(try article(#"<meta name="date" content="2021-12-20T11:02:44+01:00">"#, #"<span class="date">27.01.2022</span>"#).date
            == CivilDate(year: 2022, month: 1, day: 27))
        // The site header prints today's date above the headline; the article's date is below it.
        let page = """
        <html><body><div class="header-date">Monday, 8 June 2020</div><h1>Ministers agree a plan</h1>
        <div class="meta">13 Oct 2019 18:29</div><article><p>The ministers met in the capital and agreed on a plan for the region.</p></article></body></html>
        """
        #expect(try html.extract(html: page, documentID: "d.html", today: fixedToday).date == CivilDate(year: 2019, month: 10, day: 13))
    }

    @Test func date_aPostContainerMarkedPublished_isNotADateLine_butTheDateInsideItIs() throws {
        let caption = "FILE PHOTO: the minister at a ceremony in the capital on January 16, 2020, before the talks. " + String(repeating: "More text of the article follows here. ", count: 60)
        let page = """
        <html><body><article class="post status-publish"><p>\(caption)</p>
        <div class="date">January 18, 2020</div></article></body></html>
        """
        #expect(try html.extract(html: page, documentID: "d.html", today: fixedToday).date == CivilDate(year: 2020, month: 1, day: 18))
    }

    @Test func date_fromDigitsInTheURLsLastSegment() throws {
        #expect(try article("", url: "https://example.com/news/world/state-department-blocks-lawsuit-20200718.html").date == CivilDate(year: 2020, month: 7, day: 18))
        // A longer run of digits is an id, not a date.
        #expect(try article("", url: "https://example.com/news/120200622120908039/story").date == nil)
    }

    @Test func date_futureAndCopyrightYearsAreRejected() throws {
        #expect(try article(#"<meta property="article:published_time" content="2031-01-01">"#).date == nil)
        #expect(try article("", "<p>© 2023 Example News</p>").date == nil)
    }
}

@Suite struct HTMLCharsetTests {
    @Test func misdeclaredLatin1_thatIsUTF8_isReadAsUTF8() throws {
        let page = #"<html><head><meta charset="iso-8859-1"></head><body><p>Der Außenminister traf sich in München mit seinem Amtskollegen.</p></body></html>"#
        let a = try html.extract(bytes: Array(page.utf8), documentID: "de.html", today: fixedToday)
        #expect(a.paragraphs == ["Der Außenminister traf sich in München mit seinem Amtskollegen."])
    }

    @Test func latin1Bytes_areReadAsWindows1252() throws {
        var bytes = Array(#"<html><head><meta charset="windows-1252"></head><body><p>Der Au"#.utf8)
        bytes += [0xDF] + Array("enminister sagte: ".utf8) + [0x93] + Array("Nein".utf8) + [0x94] + Array(" zu den Pl".utf8) + [0xE4]
        bytes += Array("nen der Regierung.</p></body></html>".utf8)
        let a = try html.extract(bytes: bytes, documentID: "cp1252.html", today: fixedToday)
        #expect(a.paragraphs == ["Der Außenminister sagte: \u{201C}Nein\u{201D} zu den Plänen der Regierung."])
    }

    @Test func invalidUTF8_withoutDeclaration_fallsBackByteByByte() throws {
        var bytes = Array("<html><body><p>Caf".utf8) + [0xE9] + Array(" talks in Zürich went on late into the night, officials said.</p></body></html>".utf8)
        bytes.insert(contentsOf: Array("<!-- -->".utf8), at: 0)
        let a = try html.extract(bytes: bytes, documentID: "mixed.html", today: fixedToday)
        #expect(a.paragraphs == ["Café talks in Zürich went on late into the night, officials said."])
    }

    @Test func gb18030_declared_isDecoded() throws {
        // "外交部" in GB18030.
        let bytes = Array(#"<html><head><meta charset="gb2312"></head><body><p>"#.utf8) + [0xCD, 0xE2, 0xBD, 0xBB, 0xB2, 0xBF]
            + Array("</p></body></html>".utf8)
        let a = try html.extract(bytes: bytes, documentID: "zh.html", today: fixedToday)
        #expect(a.paragraphs == ["外交部"])
    }
}

@Suite struct HostilePageTests {
    @Test func emptyPage_isAClearErrorNamingIt() {
        #expect(throws: ExtractionError.unreadableHTML(documentID: "empty.html", reason: "empty page")) {
            try html.extract(bytes: [], documentID: "empty.html")
        }
        #expect(throws: ExtractionError.self) { try html.extract(bytes: Array("   \n ".utf8), documentID: "blank.html") }
    }

    @Test func binaryPage_isAClearErrorNamingIt() {
        var bytes = [UInt8](repeating: 0, count: 4096)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 2654435761 >> 13) }
        do {
            _ = try html.extract(bytes: bytes, documentID: "image.png")
            Issue.record("binary data was accepted")
        } catch let e as ExtractionError {
            #expect(e.description.hasPrefix("image.png: "))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func allScriptPage_isAClearError() {
        let page = "<html><head><script>var a = 1;</script></head><body>" + String(repeating: "<script>document.write('x y z');</script>", count: 500)
            + "<style>p { color: red }</style></body></html>"
        #expect(throws: ExtractionError.noVisibleText(documentID: "script.html")) {
            try html.extract(html: page, documentID: "script.html")
        }
    }

    @Test func hundredThousandNestedDivs_doNotCrash() throws {
        let depth = 100_000
        var page = "<html><body>"
        page.reserveCapacity(depth * 12 + 200)
        for _ in 0..<depth { page += "<div>" }
        page += "<p>The deepest paragraph holds the only sentence of this page, and it must come out.</p>"
        for _ in 0..<depth { page += "</div>" }
        page += "</body></html>"
        let a = try html.extract(html: page, documentID: "deep.html")
        #expect(a.paragraphs.joined().contains("deepest paragraph") || a.paragraphs.isEmpty == false)
    }

    @Test func fiftyMegabytePage_givesAResult() throws {
        let paragraph = "<div class=\"post\"><p>The committee met again today, and the members said, after a long debate, that the plan would go ahead.</p></div>\n"
        let count = 50_000_000 / paragraph.utf8.count
        var page = "<html><body>"
        page.reserveCapacity(50_000_200)
        for _ in 0..<count { page += paragraph }
        page += "</body></html>"
        let a = try html.extract(html: page, documentID: "big.html")
        #expect(a.paragraphs.count > 1000)
    }

    @Test func pipeline_routesHTMLThroughTheLibxml2Extractor() throws {
        let component = PageDumpExtractor(lexicon: try .builtIn(), html: html)
        var doc = Document(id: "news.html", raw: newsPage, format: .html, title: "Given title")
        try component.process(&doc)
        #expect(doc.title == "Given title")
        #expect(doc.site == "Example News")
        #expect(doc.author == "Jane Roe")
        #expect(doc.text.hasPrefix("Ruritania and Freedonia resumed talks"))
        #expect(doc.text.contains("\n\nA long road\n\n"))
    }
}
