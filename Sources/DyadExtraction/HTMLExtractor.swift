import DyadCore
import Foundation

/// Finds the article in a web page: parses the HTML with libxml2 (tolerant of any state of
/// repair), scores blocks of text to find the main content and reads the page's metadata.
///
/// The method is described in docs/EXTRACTION.md. In short: elements whose tag, class or id mark
/// them as furniture (navigation, headers, footers, comments, share and cookie boxes, related
/// lists, bylines, captions) are dropped; every paragraph of 25 characters or more scores its
/// ancestors by its length and commas; the best-scoring element, discounted by its link density
/// and raised by semantic tags and class hints, is the article, with sibling elements that score
/// nearly as well; its headings and paragraphs are kept in order, less link lists.
public struct HTMLExtractor: Sendable {
    public let hints: HTMLHints
    /// Month names in other languages, for printed dates.
    public let months: [String: Int]
    /// Phrases of promotional opening and closing lines (lower-cased), from `promo-phrases.txt`.
    public let promoPhrases: [String]

    public init(hints: HTMLHints, dateWords: String, promoPhrases: String = "") throws {
        self.hints = hints
        self.promoPhrases = try DataFileReader(name: "promo-phrases.txt", contents: promoPhrases, minColumns: 1, maxColumns: 1)
            .rows.map { $0[0].lowercased() }
        var m: [String: Int] = [:]
        for row in try DataFileReader(name: "date-words.txt", contents: dateWords, minColumns: 2, maxColumns: 2).rows {
            guard let v = Int(row[1]), (1...12).contains(v) else {
                throw DataFileError(file: "date-words.txt", line: row.line, message: "month must be 1 to 12, not '\(row[1])'")
            }
            m[row[0].lowercased()] = v
        }
        months = m
    }

    /// The extractor with the hint and month files shipped with Dyad.
    public static func builtIn() throws -> HTMLExtractor {
        try HTMLExtractor(hints: try HTMLHints(contents: try ExtractionResources.load("html-hints.txt")),
                          dateWords: try ExtractionResources.load("date-words.txt"),
                          promoPhrases: try ExtractionResources.load("promo-phrases.txt"))
    }

    /// What the extractor finds in one page.
    public struct Article: Sendable, Equatable {
        public var title: String?
        /// Headings and paragraphs of the body, in order.
        public var paragraphs: [String]
        public var date: CivilDate?
        public var site: String?
        public var author: String?
        public var language: String?
        /// The canonical URL the page gives for itself.
        public var url: String?
    }

    /// Extracts the article from a page's bytes in whatever encoding it declares.
    /// - Parameters:
    ///   - bytes: the page as received.
    ///   - documentID: names the page in errors.
    ///   - url: where the page came from, for dates in the URL and the site name.
    ///   - today: dates after this day are not publication dates (default: the current UTC day).
    /// - Throws: `ExtractionError` naming the document when the bytes are not HTML or hold no text.
    public func extract(bytes: [UInt8], documentID: String, url: String? = nil, today: CivilDate? = nil) throws -> Article {
        if let problem = Self.binaryProblem(bytes) { throw ExtractionError.unreadableHTML(documentID: documentID, reason: problem) }
        let prepared = HTMLCharset.prepare(bytes)
        guard let page = HTMLPage.parse(prepared, hints: hints) else {
            throw ExtractionError.unreadableHTML(documentID: documentID, reason: bytes.allSatisfy({ $0 <= 0x20 }) ? "empty page" : "libxml2 found no document in it")
        }
        let day = today ?? Self.currentDay()
        let md = PageMetadata.read(page, rawHTML: prepared.bytes, documentURL: url, months: months, today: day)
        var paragraphs = content(page, title: md.title, classHints: true)
        if paragraphs.isEmpty {
            // Class names misled us (a page builder calling everything a "widget"): trust tags only.
            paragraphs = content(page, title: md.title, classHints: false)
        }
        var found = paragraphs.reduce(0) { $0 + $1.count }
        if found < 600 {
            // A gallery told in captions (slide shows): the captions are the article.
            var captionChars = 0, captionCount = 0
            let inCaption = page.insideCaption()
            for b in page.blocks where inCaption[Int(b.owner)] && b.chars >= 40 {
                captionChars += Int(b.chars)
                captionCount += 1
            }
            if captionCount >= 3, captionChars > 2 * found {
                let withCaptions = content(page, title: md.title, classHints: true, captions: true)
                let total = withCaptions.reduce(0) { $0 + $1.count }
                if total > found { paragraphs = withCaptions; found = total }
            }
        }
        if found < 400, case let markup = page.templates.filter({ $0.utf8.count > 500 }), !markup.isEmpty {
            // The article's markup sits in a script template that the page renders with JavaScript.
            let fragment = "<html><body>" + markup.joined(separator: "\n") + "</body></html>"
            if let inner = HTMLPage.parse(HTMLCharset.Prepared(bytes: Array(fragment.utf8), encoding: "UTF-8"), hints: hints) {
                let rendered = content(inner, title: md.title, classHints: true)
                if rendered.reduce(0, { $0 + $1.count }) > max(2 * found, 200) { paragraphs = rendered }
            }
        }
        if let body = md.articleBody.map(HTMLText.clean), body.count >= 300, paragraphs.reduce(0, { $0 + $1.count }) * 2 < body.count {
            // The page renders its article with script; schema.org's articleBody still has it.
            paragraphs = md.articleBody!.components(separatedBy: "\n").map(HTMLText.clean).filter { !$0.isEmpty }
        }
        if paragraphs.isEmpty, let summary = md.summary, summary.count >= 60, Self.endsLikeSentence(summary) {
            // A page that renders everything with script: its own summary is the article's lead.
            paragraphs = [summary]
        }
        guard !paragraphs.isEmpty else { throw ExtractionError.noVisibleText(documentID: documentID) }
        return Article(title: md.title, paragraphs: paragraphs, date: md.date, site: md.site, author: md.author,
                       language: md.language, url: md.url)
    }

    /// Extracts the article from HTML already decoded to a string.
    public func extract(html: String, documentID: String, url: String? = nil, today: CivilDate? = nil) throws -> Article {
        try extract(bytes: Array(html.utf8), documentID: documentID, url: url, today: today)
    }

    /// Fills a document from its HTML: the text always; title, site, author, language and URL only
    /// where the document does not carry them; the page's date over any default date.
    /// - Parameter keepingTitleHeading: keep a heading that restates the title in the text, as the
    ///   page shows it (`dyad extract`); the coding pipeline leaves it out so the headline, coded
    ///   from the title, is not coded twice.
    public func apply(to document: inout Document, keepingTitleHeading: Bool = false) throws {
        let a = try extract(html: document.raw, documentID: document.id, url: document.url)
        var paragraphs = a.paragraphs
        if !keepingTitleHeading {
            let titles = [a.title, document.title].compactMap { $0.map(TextFolding.fold) }
            if let first = paragraphs.firstIndex(where: { p in titles.contains { Self.restates(title: $0, p) } }), first <= 1 {
                paragraphs.remove(at: first)
            }
            if paragraphs.isEmpty { paragraphs = a.paragraphs }
        }
        document.text = paragraphs.joined(separator: "\n\n")
        if document.title == nil { document.title = a.title }
        if let d = a.date { document.publicationDate = d }
        if document.site == nil { document.site = a.site }
        if document.author == nil { document.author = a.author }
        if document.language == nil { document.language = a.language }
        if document.url == nil { document.url = a.url }
    }

    /// A page's bytes as a string, for readers that hold documents as text: UTF-8 as it is, invalid
    /// bytes and declared Latin-1/windows-1252 pages read as windows-1252. Nil for other legacy
    /// charsets (GB18030, Shift_JIS, …), which `extract(bytes:)` decodes through libxml2 instead.
    public static func decodeText(_ bytes: [UInt8]) -> String? {
        let prepared = HTMLCharset.prepare(bytes)
        guard prepared.encoding == "UTF-8" else { return nil }
        return String(decoding: prepared.bytes, as: UTF8.self)
    }

    static func currentDay() -> CivilDate {
        CivilDate(dayNumber: Int((Date().timeIntervalSince1970 / 86400).rounded(.down)))
    }

    static func binaryProblem(_ b: [UInt8]) -> String? {
        // UTF-16 pages are full of NUL bytes but are text: their byte-order mark says so.
        if b.count >= 2, (b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) { return nil }
        return BundledData.binaryProblem(b, expected: "HTML")
    }

    // MARK: main content

    /// The article's headings and paragraphs, in order.
    /// Characters a block outside the article element needs to be kept as prose.
    static let outsideMinimum: Int32 = 150

    static func endsLikeSentence(_ s: String) -> Bool {
        var scalars = s.unicodeScalars.reversed().makeIterator()
        while let last = scalars.next() {
            if "\"'\u{201D}\u{2019})]»".unicodeScalars.contains(last) { continue }
            return last == "." || last == "!" || last == "?" || last == "\u{2026}" || last == ":"
        }
        return false
    }

    /// Whether a heading or paragraph restates the title (`titleKey` already folded); it may carry what
    /// the title lost as a site name ("Update | …").
    static func restates(title titleKey: String, _ text: String) -> Bool {
        let folded = TextFolding.fold(text)
        return folded == titleKey || (titleKey.count >= 20 && folded.count <= titleKey.count + 30 && folded.hasSuffix(titleKey))
    }

    /// A short paragraph that promotes rather than reports: two promotion phrases, or one and a link.
    func isPromotion(_ text: String, hasLink: Bool) -> Bool {
        guard text.utf8.count < 250, !promoPhrases.isEmpty else { return false }
        let lower = text.lowercased()
        let hits = promoPhrases.reduce(0) { $0 + (lower.contains($1) ? 1 : 0) }
        return hits >= 2 || (hits == 1 && hasLink)
    }

    func content(_ page: HTMLPage, title: String?, classHints: Bool, captions: Bool = false) -> [String] {
        let els = page.elements
        let n = els.count
        guard n > 0 else { return [] }
        let root = page.bodyIndex >= 0 ? Int(page.bodyIndex) : 0
        let total = max(1, Int(els[root].text))

        // Elements protected from hints: the page's frame and the ancestors of a marked article body.
        var protected = [Bool](repeating: false, count: n)
        for i in 0..<n where els[i].hints.articleBody || els[i].kind == .body || els[i].kind == .main || i == 0 {
            var e = i
            while e >= 0, !protected[e] { protected[e] = true; e = Int(els[e].parent) }
        }
        // Prose each subtree holds (paragraphs of 80+ characters, few links, ending like a
        // sentence): page builders call every box a "widget", and a weak hint must not drop prose.
        var rawProse = [Int32](repeating: 0, count: n)
        for b in page.blocks where b.chars >= 80 && b.linkChars * 4 < b.chars && Self.endsLikeSentence(b.text) {
            rawProse[Int(b.owner)] += b.chars
        }
        for k in stride(from: n - 1, to: 0, by: -1) where els[k].parent >= 0 { rawProse[Int(els[k].parent)] += rawProse[k] }
        var excluded = [Bool](repeating: false, count: n)
        let inCaption = captions ? page.insideCaption() : []
        for i in 0..<n {
            let p = Int(els[i].parent)
            if p >= 0 && excluded[p] { excluded[i] = true; continue }
            if protected[i] { continue }
            var h = els[i].hints
            if !classHints { h = HTMLHints.Match(strong: h.tagFurniture, hidden: h.hidden) }
            if captions && inCaption[i] { h = HTMLHints.Match(strong: false, hidden: h.hidden) }
            let share = Double(els[i].text) / Double(total)
            // An <article> whose classes both praise and blame it (WordPress's "post … tag-x
            // category-y") is the post itself: only hiding removes it.
            let semanticPost = els[i].kind == .article && h.positive && !h.hidden
            if (h.strong || h.hidden) && !(share >= 0.6 || (h.positive && share >= 0.3) || semanticPost) { excluded[i] = true }
            else if h.weak && share < 0.3 && rawProse[i] < 300 { excluded[i] = true }
        }

        // Readability-style scores: each paragraph scores its ancestors.
        var score = [Float](repeating: 0, count: n)
        var hasScore = [Bool](repeating: false, count: n)
        for b in page.blocks where b.chars >= 25 {
            let owner = Int(b.owner)
            if excluded[owner] { continue }
            let kind = els[owner].kind
            if kind.isHeading { continue }
            if kind == .listItem && b.linkChars * 3 > b.chars { continue }
            var target = owner
            switch kind {
            case .p, .pre, .quote, .cell, .listItem, .otherBlock: target = Int(els[owner].parent)
            default: break
            }
            var s = 1 + Float(min(b.commas, 10)) + min(3, Float(b.chars) / 100)
            if kind == .listItem { s *= 0.5 }
            var level = 0
            while target >= 0 && level < 5 {
                score[target] += level == 0 ? s : level == 1 ? s / 2 : s / (Float(level) * 3)
                hasScore[target] = true
                target = Int(els[target].parent)
                level += 1
            }
        }
        var best = -1
        var bestScore: Float = 0
        var final = [Float](repeating: 0, count: n)
        for i in 0..<n where hasScore[i] && !excluded[i] {
            let e = els[i]
            var base: Float = 0
            switch e.kind {
            case .div, .article, .main: base = 5
            case .pre, .cell, .quote: base = 3
            case .list, .listItem: base = -3
            case .h1, .heading: base = -5
            default: break
            }
            if e.hints.positive { base += 25 }
            if e.hints.strong || e.hints.weak { base -= 25 }
            if e.hints.articleBody { base += 40 }
            if e.kind == .article { base += 10 }
            let density = e.text > 0 ? Float(e.links) / Float(e.text) : 0
            final[i] = (score[i] + base) * (1 - density)
            if final[i] > bestScore { bestScore = final[i]; best = i }
        }

        // Paragraph text (prose blocks with few links) per subtree, to widen a best element that
        // holds only part of a body split into sections.
        var prose = [Int32](repeating: 0, count: n)
        for b in page.blocks where b.chars >= 40 && b.linkChars * 4 < b.chars && !excluded[Int(b.owner)] {
            if !els[Int(b.owner)].kind.isHeading { prose[Int(b.owner)] += b.chars }
        }
        var k = n - 1
        while k > 0 {
            let p = Int(els[k].parent)
            if p >= 0 && !excluded[k] { prose[p] += prose[k] }
            k -= 1
        }
        if best >= 0 {
            // Widen to the nearest ancestor (up to four levels up) that holds clearly more prose.
            var climbing = true
            while climbing {
                climbing = false
                var a = Int(els[best].parent)
                var level = 0
                while a > 0, level < 4, !excluded[a], els[a].kind != .body {
                    let density = els[a].text > 0 ? Float(els[a].links) / Float(els[a].text) : 1
                    if density >= 0.25 { break }
                    if Float(prose[a]) >= Float(prose[best]) * 1.25, prose[a] - prose[best] >= 300 {
                        best = a
                        bestScore = max(bestScore, final[a])
                        climbing = true
                        break
                    }
                    a = Int(els[a].parent)
                    level += 1
                }
            }
        }

        if HTMLPage.debug {
            for b in page.blocks where b.chars >= 100 && excluded[Int(b.owner)] {
                var e = Int(b.owner)
                while Int(els[e].parent) >= 0 && excluded[Int(els[e].parent)] { e = Int(els[e].parent) }
                FileHandle.standardError.write("excluded by \(e) \(els[e].label ?? "") \(els[e].hints): \(b.text.prefix(60))\n".data(using: .utf8)!)
            }
            for i in (0..<n).filter({ hasScore[$0] && !excluded[$0] }).sorted(by: { final[$0] > final[$1] }).prefix(8) {
                FileHandle.standardError.write("candidate \(i) final=\(final[i]) score=\(score[i]) text=\(els[i].text) links=\(els[i].links) prose=\(prose[i]) \(els[i].label ?? "")\n".data(using: .utf8)!)
            }
            FileHandle.standardError.write("best \(best) \(best >= 0 ? els[best].label ?? "" : "")\n".data(using: .utf8)!)
        }
        var containers: [Int] = []
        if best >= 0 {
            // Siblings that score nearly as well belong to the article too (split bodies, ads between).
            let parent = Int(els[best].parent)
            if parent >= 0 {
                let threshold = max(10, bestScore * 0.2)
                var j = parent + 1
                while j < Int(page.end[parent]) {
                    if j == best { containers.append(j) }
                    else if !excluded[j] {
                        let density = els[j].text > 0 ? Float(els[j].links) / Float(els[j].text) : 1
                        if final[j] >= threshold || (els[j].kind == .p && els[j].text > 80 && density < 0.25) {
                            containers.append(j)
                        }
                    }
                    j = Int(page.end[j])
                }
            } else {
                containers = [best]
            }
        } else {
            containers = [root]
        }

        var out: [String] = []
        var outLinks: [Bool] = []
        var lastKept = -1
        var ci = 0
        for b in page.blocks {
            let owner = Int(b.owner)
            while ci < containers.count && owner >= Int(page.end[containers[ci]]) { ci += 1 }
            guard !excluded[owner] else { continue }
            let kind = els[owner].kind
            if !(ci < containers.count && owner >= containers[ci]) {
                // Outside the article element: only prose that stands on its own (a standfirst, a
                // section the markup split off), never short lines or link text.
                guard b.chars >= Self.outsideMinimum, b.linkChars * 10 < b.chars, !kind.isHeading, kind != .listItem,
                      Self.endsLikeSentence(b.text) else { continue }
            }
            if b.linkChars * 2 > b.chars { continue }
            if kind == .listItem && b.linkChars * 10 > b.chars * 3 { continue }
            if b.chars < 3 && !(b.text.first?.isLetter ?? false) { continue }
            out.append(b.text)
            outLinks.append(b.linkChars > 0)
            if !kind.isHeading { lastKept = out.count }
        }
        // A trailing heading ("Related stories") introduces nothing that was kept.
        if lastKept >= 0 && lastKept < out.count { out.removeLast(out.count - lastKept) }
        // Promotion at either end ("Follow us on Twitter…", "Submit your letter via this form").
        if out.count > 3, isPromotion(out[out.count - 1], hasLink: outLinks[out.count - 1]) { out.removeLast() }
        if out.count > 3, isPromotion(out[0], hasLink: outLinks[0]) { out.removeFirst() }

        // The headline as the page prints it, often in a header outside the article element, opens
        // the text (`apply` leaves it out again for coding).
        if let title, !out.isEmpty {
            let key = TextFolding.fold(title)
            if let h = page.blocks.firstIndex(where: { els[Int($0.owner)].kind.isHeading && !els[Int($0.owner)].hints.hidden
                && Self.restates(title: key, $0.text) }), !out.contains(page.blocks[h].text) {
                let heading = page.blocks[h]
                out.insert(heading.text, at: 0)
                // A standfirst printed right under the headline, beside it in the same header.
                if h + 1 < page.blocks.count {
                    let deck = page.blocks[h + 1]
                    let owner = els[Int(deck.owner)]
                    if owner.kind == .p, owner.parent == els[Int(heading.owner)].parent, !owner.hints.hidden, !excluded[Int(deck.owner)] || !owner.hints.strong,
                       deck.chars >= 40, deck.linkChars == 0, Self.endsLikeSentence(deck.text), !out.contains(deck.text) {
                        out.insert(deck.text, at: 1)
                    }
                }
            }
        }
        return out
    }
}
