import DyadCore
import Foundation

/// Errors of the extraction stage.
public enum ExtractionError: Error, Sendable, CustomStringConvertible, Equatable {
    case noArticle(documentID: String)
    /// The HTML could not be read at all: empty, binary, or nothing libxml2 recognises.
    case unreadableHTML(documentID: String, reason: String)
    /// The page parsed but shows no text (only scripts, styles or markup).
    case noVisibleText(documentID: String)

    public var description: String {
        switch self {
        case .noArticle(let id): return "\(id): no article text found (the page holds no prose lines)"
        case let .unreadableHTML(id, reason): return "\(id): not readable as HTML: \(reason)"
        case .noVisibleText(let id): return "\(id): no article text found (the page shows no text outside scripts, styles and furniture)"
        }
    }
}

/// What the page-dump extractor knows: furniture phrases and outlet credits, from data files.
public struct PageDumpLexicon: Sendable {
    public enum FurnitureKind: String, Sendable { case end, skip }
    public let furniture: [String: FurnitureKind]
    public let outlets: [String: String]
    /// The most letters a furniture phrase has: a line with more ASCII letters than this is not one.
    let furnitureLetters: Int

    public init(furniture: String, outlets: String) throws {
        var f: [String: FurnitureKind] = [:]
        for row in try DataFileReader(name: "furniture.txt", contents: furniture, minColumns: 2, maxColumns: 2).rows {
            guard let kind = FurnitureKind(rawValue: row[1]) else {
                throw DataFileError(file: "furniture.txt", line: row.line, message: "kind must be 'end' or 'skip', not '\(row[1])'")
            }
            f[row[0].lowercased()] = kind
        }
        var o: [String: String] = [:]
        for row in try DataFileReader(name: "outlets.txt", contents: outlets, minColumns: 2, maxColumns: 2).rows {
            o[TextFolding.fold(row[0])] = row[1]
        }
        self.furniture = f
        self.outlets = o
        furnitureLetters = f.keys.map { $0.count }.max() ?? 0
    }

    /// The lexicon shipped with Dyad.
    public static func builtIn() throws -> PageDumpLexicon {
        try PageDumpLexicon(furniture: try ExtractionResources.load("furniture.txt"), outlets: try ExtractionResources.load("outlets.txt"))
    }
}

/// Loads DyadExtraction's bundled data files.
public enum ExtractionResources {
    public static func load(_ name: String) throws -> String {
        try BundledData.load(name, from: .module)
    }
}

/// Finds the article in a web page saved as text (a "page dump"), or passes a plain article through.
///
/// Each line is classed as prose (a sentence that ends like one), a headline-like line, a date
/// line, a caption ("… (Source: Nikkei)"), a line in another language, a furniture phrase
/// ("Comment (0)", "Same tag") or a credit ("Source: AA"). The article runs from the first prose
/// line to the last prose line before an end-of-article marker; the headline is the first
/// headline-like line before it, and a long line between them is the standfirst. Inside the
/// article, captions, furniture and lines in another language are dropped and short lines are kept
/// as subheadings. The date printed on the page and the outlet named by a credit fill in the
/// metadata when the document does not carry them.
///
/// HTML documents go to the libxml2 `HTMLExtractor` when one is given, so the pipeline keeps one
/// extraction component whatever the input.
public struct PageDumpExtractor: PipelineComponent {
    public let name = "page-dump"
    public let requires: Set<Annotation> = [.raw]
    public let provides: Set<Annotation> = [.article]
    public let lexicon: PageDumpLexicon
    /// Reads HTML documents; without it HTML falls back to the interim `MarkupText` lines.
    public let html: HTMLExtractor?
    /// Keep a heading that restates the title in an HTML page's text (for `dyad extract`).
    public var keepsTitleHeading = false

    public init(lexicon: PageDumpLexicon, html: HTMLExtractor? = nil) {
        self.lexicon = lexicon
        self.html = html
    }

    /// The extractor over the built-in furniture and outlet lists, reading HTML with libxml2.
    public static func builtIn() throws -> PageDumpExtractor {
        PageDumpExtractor(lexicon: try .builtIn(), html: try .builtIn())
    }

    public func process(_ document: inout Document) throws {
        if document.rawFormat == .html, let html {
            try html.apply(to: &document, keepingTitleHeading: keepsTitleHeading)
            return
        }
        var raw = document.raw
        if document.rawFormat == .html {
            let markup = MarkupText.lines(raw)
            raw = markup.text
            if document.title == nil, let t = markup.title, !t.isEmpty { document.title = t }
        }
        let page = extract(raw)
        guard !page.paragraphs.isEmpty else { throw ExtractionError.noArticle(documentID: document.id) }
        document.text = page.paragraphs.joined(separator: "\n\n")
        if document.title == nil { document.title = page.title }
        if let d = page.date { document.publicationDate = d }
        if document.site == nil { document.site = page.site }
        if document.language == nil { document.language = "en" }
    }

    /// The parts of a page dump.
    public struct Page: Sendable, Equatable {
        public var title: String?
        public var paragraphs: [String]
        public var date: CivilDate?
        public var site: String?
    }

    enum LineClass: Equatable {
        case prose, short, headline, date(CivilDate, site: String?), caption, foreign, furniture(PageDumpLexicon.FurnitureKind), credit(String)
    }

    /// Splits a page dump into headline, article paragraphs, printed date and outlet.
    public func extract(_ raw: String) -> Page {
        // Foundation's replacing is costly on a whole page; most have no carriage return at all.
        let text = raw.utf8.contains(13) ? raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : raw
        let lines = text
            .split(separator: "\n").map { cleanLine(String($0)) }.filter { !$0.isEmpty }
        let classes = lines.map(classify)
        var page = Page(title: nil, paragraphs: [], date: nil, site: nil)
        for c in classes {
            if case let .credit(outlet) = c { page.site = outlet }
        }
        guard let bodyStart = classes.firstIndex(of: .prose) ?? classes.firstIndex(of: .short) else {
            // No prose at all: a short plain text. Keep what is not furniture or foreign.
            page.paragraphs = zip(lines, classes).filter { l, c in
                if case .furniture = c { return false }
                return c != .foreign && c != .caption
            }.map(\.0)
            return page
        }
        var bodyEnd = bodyStart
        var k = bodyStart
        scan: while k < lines.count {
            switch classes[k] {
            case .prose, .short: bodyEnd = k
            case .furniture(.end): break scan
            default: break
            }
            k += 1
        }
        // Before the body: banner, headline, date line, standfirst.
        for j in 0..<bodyStart {
            switch classes[j] {
            case let .date(d, site):
                if page.date == nil { page.date = d }
                if page.site == nil, let site { page.site = site }
            case .headline where page.title == nil:
                page.title = lines[j]
            case .headline, .short:
                if page.title != nil, wordCount(lines[j]) >= 12 { page.paragraphs.append(lines[j]) }
            default: break
            }
        }
        for j in bodyStart...bodyEnd {
            switch classes[j] {
            case .prose, .short, .headline: page.paragraphs.append(lines[j])
            case .date: if wordCount(lines[j]) > 6 { page.paragraphs.append(lines[j]) }
            default: break
            }
        }
        return page
    }

    func classify(_ line: String) -> LineClass {
        let words = wordCount(line)
        // Each ASCII letter is a letter of the key, so a line with more of them than the longest
        // phrase cannot be furniture (most lines are prose; building their keys took a tenth of the pipeline).
        if asciiLetters(line, atMost: lexicon.furnitureLetters) <= lexicon.furnitureLetters, let kind = lexicon.furniture[furnitureKey(line)] {
            return .furniture(kind)
        }
        if let outlet = credit(line) { return .credit(outlet) }
        if words <= 8, let (d, range) = DateParsing.firstDate(in: line) {
            return .date(d, site: siteName(before: String(line[..<range.lowerBound])))
        }
        if isForeign(line) { return .foreign }
        if isCaption(line) { return .caption }
        if words >= 6 && endsLikeSentence(line) { return .prose }
        if endsLikeSentence(line) { return .short }
        if words >= 2 && !isBanner(line) { return .headline }
        return .short
    }

    /// "Comment (0)" → "comment"; "Same tag" → "same tag".
    func furnitureKey(_ line: String) -> String {
        var out = ""
        for ch in line.lowercased() {
            if ch.isLetter || ch == " " { out.append(ch) }
        }
        return out.split(separator: " ").joined(separator: " ")
    }

    /// The number of ASCII letters in `line`, counted up to one more than `atMost`.
    func asciiLetters(_ line: String, atMost: Int) -> Int {
        var n = 0
        for b in line.utf8 where (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A {
            n += 1
            if n > atMost { break }
        }
        return n
    }

    /// "Source: AA" → "Anadolu Agency" (an unknown short credit is kept as written).
    func credit(_ line: String) -> String? {
        let lower = line.lowercased()
        guard lower.hasPrefix("source:") || lower.hasPrefix("source :") else { return nil }
        let name = line[line.index(after: line.firstIndex(of: ":")!)...].trimmingWhitespace()
        guard !name.isEmpty, wordCount(name) <= 5 else { return nil }
        return lexicon.outlets[TextFolding.fold(name)] ?? name
    }

    /// A line mostly in another script or with many non-English letters (e.g. Vietnamese).
    func isForeign(_ line: String) -> Bool {
        var letters = 0, nonASCII = 0
        for u in line.unicodeScalars where u.isUnicodeAlphabetic {
            letters += 1
            if !u.isASCII { nonASCII += 1 }
        }
        return letters >= 6 && Double(nonASCII) / Double(letters) > 0.12
    }

    /// Photo captions end with a credit in brackets: "(Source: Nikkei)", "(Photo: AFP)", "(Reuters)".
    func isCaption(_ line: String) -> Bool {
        guard line.hasSuffix(")"), let open = line.lastIndex(of: "(") else { return false }
        let inner = line[line.index(after: open)..<line.index(before: line.endIndex)].lowercased()
        let creditWords = ["source", "photo", "image", "credit", "nguồn", "ảnh", "illustration", "file photo"]
        if creditWords.contains(where: { inner.hasPrefix($0) }) { return true }
        return lexicon.outlets[TextFolding.fold(String(inner))] != nil && line[..<open].trimmingWhitespace().hasSuffix(".")
    }

    func isBanner(_ line: String) -> Bool {
        let lower = line.lowercased()
        return lower.contains(".com") || lower.contains(".vn") || lower.contains(".org") || lower.contains("www.")
    }

    func endsLikeSentence(_ line: String) -> Bool {
        var scalars = Array(line.unicodeScalars)
        while let last = scalars.last, "\"'\u{201D}\u{2019})]»".unicodeScalars.contains(last) { scalars.removeLast() }
        guard let last = scalars.last else { return false }
        return last == "." || last == "!" || last == "?" || last == ":" || last == "\u{2026}"
    }

    /// The outlet printed before a date: "Báo Quốc TếBáo Quốc Tế29/12/2023" → "Báo Quốc Tế".
    func siteName(before s: String) -> String? {
        let t = s.trimmingWhitespace()
        guard !t.isEmpty, wordCount(t) <= 8 else { return nil }
        let chars = Array(t)
        if chars.count % 2 == 0 {
            let half = chars.count / 2
            if Array(chars[..<half]) == Array(chars[half...]) { return String(chars[..<half]).trimmingWhitespace() }
        }
        return t
    }

    func cleanLine(_ s: String) -> String {
        @inline(__always) func invisible(_ u: Unicode.Scalar) -> Bool {
            u.value == 0xAD || u.value == 0x200B || u.value == 0x200C || u.value == 0x200D || u.value == 0xFEFF
        }
        // Most lines are already clean: single spaces between words, none at either end.
        var clean = true, afterSpace = true
        for u in s.unicodeScalars {
            if invisible(u) { clean = false; break }
            if u.isUnicodeWhiteSpace {
                if u != " " || afterSpace { clean = false; break }
                afterSpace = true
            } else {
                afterSpace = false
            }
        }
        if clean && (s.isEmpty || !afterSpace) { return s }
        var out = String.UnicodeScalarView()
        var space = false
        for u in s.unicodeScalars {
            if invisible(u) { continue }
            if u.isUnicodeWhiteSpace { space = true; continue }
            if space && !out.isEmpty { out.append(" ") }
            space = false
            out.append(u)
        }
        return String(out)
    }

    func wordCount(_ s: String) -> Int { s.split(whereSeparator: { $0 == " " }).count }
}
