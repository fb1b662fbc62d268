import CLibXML2
import DyadCore
import Foundation

/// A web page parsed by libxml2 and flattened in one iterative walk into elements (with their
/// boilerplate hints) and text blocks (the text between block-level boundaries), plus the raw
/// metadata the page carries: `<title>`, meta tags, JSON-LD, `<time>` elements, printed dates and
/// bylines.
///
/// Elements are numbered in document order, so a parent's number is below its children's and a
/// subtree is the range `i ..< end[i]`; every later pass is a loop over arrays, never recursion, so
/// 100,000 nested `<div>`s cost no stack.
struct HTMLPage {
    enum Kind: UInt8 {
        case inline, link, p, h1, heading, listItem, quote, pre, cell, div, article, main, body, list, otherBlock
        var isBlock: Bool { self != .inline && self != .link }
        var isHeading: Bool { self == .h1 || self == .heading }
    }

    struct Element {
        var kind: Kind
        var parent: Int32
        var hints: HTMLHints.Match
        /// Characters of the blocks in this subtree, and of those inside links.
        var text: Int32 = 0
        var links: Int32 = 0
        /// Tag, class and id, kept only when `DYAD_DEBUG_EXTRACT` is set (for the candidates it prints).
        var label: String? = nil
    }

    struct Block {
        var text: String
        /// The innermost block-level element around the text.
        var owner: Int32
        var chars: Int32
        var linkChars: Int32
        var commas: Int32
    }

    /// Set `DYAD_DEBUG_EXTRACT=1` to have the extractor print its candidate elements to stderr.
    static let debug = getenv("DYAD_DEBUG_EXTRACT") != nil

    var elements: [Element] = []
    var end: [Int32] = []
    var blocks: [Block] = []
    var bodyIndex: Int32 = -1

    // Metadata as found.
    var title: String?
    var htmlLang: String?
    var meta: [String: String] = [:]
    var canonical: String?
    var jsonLD: [String] = []
    /// The contents of `<script type="text/template">` and similar: markup the page renders later.
    var templates: [String] = []
    /// `<time datetime>` values, with whether the element says it is the publication time.
    var times: [(value: String, published: Bool)] = []
    /// Text of elements whose class or id suggests a printed date, in document order.
    var dateTexts: [String] = []
    /// How many date texts came before the first `<h1>`: a date printed in the page's header above
    /// the headline is often today's date, not the article's.
    var dateTextsBeforeHeadline: Int?

    /// For each element, whether it is a `figcaption`/`caption` or lies inside one.
    func insideCaption() -> [Bool] {
        var inside = [Bool](repeating: false, count: elements.count)
        for (i, e) in elements.enumerated() { inside[i] = e.hints.caption || (e.parent >= 0 && inside[Int(e.parent)]) }
        return inside
    }

    /// Date texts from the headline on first, then those above it.
    var dateTextsByRelevance: [String] {
        guard let k = dateTextsBeforeHeadline, k > 0, k < dateTexts.count else { return dateTexts }
        return Array(dateTexts[k...] + dateTexts[..<k])
    }
    var authorTexts: [String] = []

    /// Parses prepared bytes with libxml2's SAX interface, building no tree.
    /// - Returns: nil when libxml2 finds no document at all.
    static func parse(_ prepared: HTMLCharset.Prepared, hints: HTMLHints) -> HTMLPage? {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_HUGE.rawValue)
        guard !prepared.bytes.isEmpty, prepared.bytes.count < Int(Int32.max) else { return nil }
        var walker = Walker(hints: hints)
        let status = prepared.bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                withUnsafeMutablePointer(to: &walker) { w in
                    dyad_htmlSAXParse(p, Int32(buf.count), prepared.encoding, options, UnsafeMutableRawPointer(w),
                        { ctx, name, attrs in
                            guard let ctx, let name else { return }
                            ctx.assumingMemoryBound(to: Walker.self).pointee.start(name, attrs)
                        },
                        { ctx, name in
                            guard let ctx, let name else { return }
                            ctx.assumingMemoryBound(to: Walker.self).pointee.end(name)
                        },
                        { ctx, chars, count in
                            guard let ctx, let chars, count > 0 else { return }
                            ctx.assumingMemoryBound(to: Walker.self).pointee.characters(chars, Int(count))
                        })
                }
            }
        }
        guard status == 0 else { return nil }
        walker.close()
        guard !walker.page.elements.isEmpty else { return nil }
        return walker.finish()
    }
}

/// Turns libxml2's SAX events into elements and blocks, in one pass and without recursion, so
/// 100,000 nested `<div>`s cost no stack.
private struct Walker {
    let hints: HTMLHints
    var page = HTMLPage()
    /// Open elements that became `page.elements`.
    var stack: [Int32] = []
    var blockStack: [Int32] = []
    /// Every open tag as the parser reported it: its name, its element (or -1), and whether it
    /// started a skipped subtree (script, style, svg, …).
    var open: [(name: String, element: Int32, skips: Bool)] = []
    /// Open skipped subtrees; their text is dropped unless `raw` collects it.
    var skipping = 0
    /// What a skipped subtree's text is collected for: JSON-LD, a script template, the title.
    var raw: (kind: RawKind, depth: Int)?
    var rawBuffer: [UInt8] = []
    var buffer: [UInt8] = []
    var chars: Int32 = 0
    var linkChars: Int32 = 0
    var commas: Int32 = 0
    var pendingSpace = false
    var linkDepth = 0
    /// Open date-like and author-like elements whose text is being collected (innermost last).
    var captures: [Capture] = []

    struct Capture {
        var element: Int32
        var kind: HTMLHints.Kind
        /// The first 400 bytes of its text.
        var buffer: [UInt8] = []
        /// All the bytes of its text.
        var total = 0
    }
    var classCache: [String: HTMLHints.Match] = [:]

    enum RawKind { case jsonLD, template, title }

    init(hints: HTMLHints) {
        self.hints = hints
        buffer.reserveCapacity(4096)
    }

    static let skipped: Set<String> = [
        "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "select", "button",
        "textarea", "input", "video", "audio", "map", "option",
    ]
    static let kinds: [String: HTMLPage.Kind] = [
        "a": .link, "p": .p, "h1": .h1, "h2": .heading, "h3": .heading, "h4": .heading, "h5": .heading, "h6": .heading,
        "li": .listItem, "dt": .listItem, "dd": .listItem, "blockquote": .quote, "pre": .pre, "td": .cell, "th": .cell,
        "div": .div, "section": .div, "center": .div, "article": .article, "main": .main, "body": .body,
        "ul": .list, "ol": .list, "dl": .list, "table": .otherBlock, "tr": .otherBlock, "tbody": .otherBlock,
        "thead": .otherBlock, "tfoot": .otherBlock, "figure": .otherBlock, "figcaption": .otherBlock, "header": .otherBlock,
        "footer": .otherBlock, "nav": .otherBlock, "aside": .otherBlock, "form": .otherBlock, "fieldset": .otherBlock,
        "address": .otherBlock, "details": .otherBlock, "summary": .otherBlock, "caption": .otherBlock, "html": .otherBlock,
        "menu": .otherBlock, "hgroup": .otherBlock, "legend": .otherBlock, "label": .inline,
    ]
    /// Elements that are page furniture by their tag alone.
    static let furnitureTags: [String: HTMLHints.Kind] = [
        "nav": .strong, "aside": .strong, "footer": .strong, "figcaption": .strong, "menu": .strong, "address": .strong,
        "header": .weak, "caption": .strong,
    ]

    /// An element starts: its attributes come as name/value pairs, NULL-terminated.
    mutating func start(_ namePtr: UnsafePointer<xmlChar>, _ attrs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        let name = String(cString: namePtr)
        if skipping > 0 {
            open.append((name, -1, true))
            skipping += 1
            return
        }
        let attributes = Attributes(pairs: attrs)
        let (element, skips) = enter(name, attributes)
        open.append((name, element, skips))
        if skips { skipping += 1 }
    }

    /// An element ends; an end without a matching start is ignored, and elements the parser left
    /// open inside it close with it.
    mutating func end(_ namePtr: UnsafePointer<xmlChar>) {
        let name = String(cString: namePtr)
        guard let at = open.lastIndex(where: { $0.name == name }) else { return }
        while open.count > at {
            let o = open.removeLast()
            if o.skips {
                skipping -= 1
                if let r = raw, r.depth == open.count { finishRaw(r.kind) }
            }
            if o.element >= 0 { exit() }
        }
    }

    mutating func characters(_ p: UnsafePointer<xmlChar>, _ count: Int) {
        if skipping > 0 {
            if raw != nil, rawBuffer.count < (1 << 22) { rawBuffer.append(contentsOf: UnsafeBufferPointer(start: p, count: count)) }
            return
        }
        text(p, count)
    }

    /// Closes what the parser left open at the end of the page.
    mutating func close() {
        while let o = open.popLast() {
            if o.skips, let r = raw, r.depth == open.count { finishRaw(r.kind) }
            if o.element >= 0 { exit() }
        }
        skipping = 0
        flush()
    }

    mutating func beginRaw(_ kind: RawKind) {
        raw = (kind, open.count)
        rawBuffer.removeAll(keepingCapacity: true)
    }

    mutating func finishRaw(_ kind: RawKind) {
        let text = String(decoding: rawBuffer, as: UTF8.self)
        switch kind {
        case .jsonLD: page.jsonLD.append(text)
        case .template: page.templates.append(text)
        case .title: if page.title == nil { page.title = HTMLText.clean(text) }
        }
        raw = nil
        rawBuffer.removeAll(keepingCapacity: true)
    }

    /// Handles an element's start: the element it became (or -1), and whether its subtree is skipped.
    mutating func enter(_ name: String, _ n: Attributes) -> (Int32, Bool) {
        switch name {
        case "script":
            if let type = attribute(n, "type")?.lowercased() {
                if type.contains("ld+json") { beginRaw(.jsonLD) }
                // Markup kept for client-side rendering (Blogger's post bodies): a fallback source.
                else if type.contains("template") || type == "text/html" || type.contains("x-tmpl") { beginRaw(.template) }
            }
            return (-1, true)
        case "title":
            if page.title == nil, raw == nil { beginRaw(.title) }
            return (-1, true)
        case "meta":
            readMeta(n)
            return (-1, false)
        case "link":
            if let rel = attribute(n, "rel")?.lowercased(), rel == "canonical", let href = attribute(n, "href") { page.canonical = href }
            return (-1, false)
        case "br", "hr":
            flush()
            return (-1, false)
        case "img", "wbr": return (-1, false)
        default: break
        }
        if name == "html" { page.htmlLang = attribute(n, "lang") ?? attribute(n, "xml:lang") }
        if Self.skipped.contains(name) {
            return (-1, true)
        }
        let kind = Self.kinds[name] ?? .inline
        var match = hintsOf(n)
        if let tagKind = Self.furnitureTags[name] {
            match.add(tagKind)
            if tagKind == .strong { match.tagFurniture = true }
            if name == "figcaption" || name == "caption" { match.caption = true }
        }
        if name == "time", let dt = attribute(n, "datetime") {
            let published = attribute(n, "pubdate") != nil || match.date || (attribute(n, "itemprop")?.lowercased().contains("datepublished") ?? false)
            page.times.append((dt, published))
        }
        if name == "a", let rel = attribute(n, "rel"), rel.lowercased().contains("author") { match.author = true }
        if name == "abbr", match.date, let t = attribute(n, "title") { page.dateTexts.append(t) }
        if kind == .h1, page.dateTextsBeforeHeadline == nil { page.dateTextsBeforeHeadline = page.dateTexts.count }
        let index = Int32(page.elements.count)
        page.elements.append(HTMLPage.Element(kind: kind, parent: stack.last ?? -1, hints: match,
                                              label: HTMLPage.debug ? "\(name) \(attribute(n, "class") ?? "") #\(attribute(n, "id") ?? "")" : nil))
        if kind == .body, page.bodyIndex < 0 { page.bodyIndex = index }
        if kind.isBlock {
            flush()
            blockStack.append(index)
        }
        if kind == .link { linkDepth += 1 }
        if captures.count < 8 {
            if match.date { captures.append(Capture(element: index, kind: .date)) }
            else if match.author { captures.append(Capture(element: index, kind: .author)) }
        }
        stack.append(index)
        return (index, false)
    }

    mutating func exit() {
        guard let index = stack.popLast() else { return }
        let kind = page.elements[Int(index)].kind
        if kind.isBlock {
            flush()
            if blockStack.last == index { blockStack.removeLast() }
        }
        if kind == .link { linkDepth -= 1 }
        if let c = captures.last, c.element == index {
            captures.removeLast()
            // A "date" class on a whole post ("status-publish") marks a container, not a date line.
            let s = c.total > 2000 ? "" : HTMLText.clean(String(decoding: c.buffer, as: UTF8.self))
            if !s.isEmpty { if c.kind == .date { page.dateTexts.append(s) } else { page.authorTexts.append(s) } }
        }
    }

    /// Appends a text node to the current block, folding white space and dropping invisible characters.
    mutating func text(_ content: UnsafePointer<xmlChar>, _ count: Int) {
        guard !stack.isEmpty else { return }
        var p = UnsafePointer<UInt8>(content)
        let stop = p + count
        // Bytes past the chunk read as 0, so a sequence cut short ends like a NUL-terminated one.
        func at(_ q: UnsafePointer<UInt8>, _ k: Int) -> UInt8 { q + k < stop ? q[k] : 0 }
        for i in captures.indices {
            captures[i].total += count
            let room = 400 - captures[i].buffer.count
            if room > 1 {
                if !captures[i].buffer.isEmpty { captures[i].buffer.append(0x20) }
                captures[i].buffer.append(contentsOf: UnsafeBufferPointer(start: p, count: min(count, room - 1)))
            }
        }
        let inLink = linkDepth > 0
        while p < stop {
            let c = p.pointee
            if c == 0 { break }
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C {
                pendingSpace = true
                p += 1
                continue
            }
            var width = 1
            if c >= 0x80 {
                let c1 = at(p, 1)
                if c == 0xC2 && c1 == 0xA0 { pendingSpace = true; p += 2; continue }
                if c == 0xC2 && c1 == 0xAD { p += 2; continue }
                if c == 0xE2 || c == 0xE3 || c == 0xEF {
                    let c2 = c1 == 0 ? 0 : at(p, 2)
                    if c == 0xE2 && c1 == 0x80 && (c2 >= 0x8B && c2 <= 0x8F) { p += 3; continue }
                    if c == 0xE2 && c1 == 0x81 && c2 == 0xA0 { p += 3; continue }
                    if c == 0xEF && c1 == 0xBB && c2 == 0xBF { p += 3; continue }
                    if (c == 0xE2 && c1 == 0x80 && (c2 <= 0x8A || c2 == 0xAF)) || (c == 0xE2 && c1 == 0x81 && c2 == 0x9F)
                        || (c == 0xE3 && c1 == 0x80 && c2 == 0x80) {
                        pendingSpace = true
                        p += 3
                        continue
                    }
                }
                width = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
            }
            if pendingSpace {
                if !buffer.isEmpty {
                    buffer.append(0x20)
                    chars += 1
                    if inLink { linkChars += 1 }
                }
                pendingSpace = false
            }
            if c == 0x2C { commas += 1 }
            for k in 0..<width {
                let b = at(p, k)
                if b == 0 { width = k; break }
                buffer.append(b)
            }
            chars += 1
            if inLink { linkChars += 1 }
            p += max(width, 1)
        }
    }

    mutating func flush() {
        pendingSpace = false
        guard !buffer.isEmpty else { return }
        if let owner = blockStack.last ?? stack.first {
            page.blocks.append(HTMLPage.Block(text: String(decoding: buffer, as: UTF8.self), owner: owner, chars: chars,
                                              linkChars: linkChars, commas: commas))
        }
        buffer.removeAll(keepingCapacity: true)
        chars = 0
        linkChars = 0
        commas = 0
    }

    func finish() -> HTMLPage {
        var page = self.page
        let n = page.elements.count
        var end = [Int32](repeating: 0, count: n)
        for i in 0..<n { end[i] = Int32(i + 1) }
        for b in page.blocks {
            page.elements[Int(b.owner)].text += b.chars
            page.elements[Int(b.owner)].links += b.linkChars
        }
        var i = n - 1
        while i > 0 {
            let p = Int(page.elements[i].parent)
            if p >= 0 {
                page.elements[p].text += page.elements[i].text
                page.elements[p].links += page.elements[i].links
                if end[i] > end[p] { end[p] = end[i] }
            }
            i -= 1
        }
        page.end = end
        return page
    }

    // MARK: attributes

    func attribute(_ n: Attributes, _ name: String) -> String? {
        n.value(of: name)
    }

    /// The class, id, role and itemprop hints of an element, and whether it is hidden.
    mutating func hintsOf(_ n: Attributes) -> HTMLHints.Match {
        var key = ""
        var match = HTMLHints.Match()
        n.forEach { name, value in
            switch name {
            case "class", "id", "role":
                key += " " + value
            case "itemprop":
                let v = value.lowercased()
                if v.contains("articlebody") || v == "text" { match.articleBody = true }
                if v.contains("datepublished") { match.date = true }
                if v == "author" { match.author = true }
            case "hidden":
                match.add(.hidden)
            case "aria-hidden":
                if value == "true" { match.add(.hidden) }
            case "style":
                let v = value.lowercased()
                if v.contains("display:none") || v.contains("display: none") || v.contains("visibility:hidden") { match.add(.hidden) }
            default: break
            }
        }
        if !key.isEmpty {
            if let cached = classCache[key] {
                match.merge(cached)
            } else {
                let m = hints.match(key)
                classCache[key] = m
                match.merge(m)
            }
        }
        return match
    }

    mutating func readMeta(_ n: Attributes) {
        var key: String?
        var content: String?
        n.forEach { name, value in
            guard !value.isEmpty else { return }
            switch name {
            case "name", "property", "itemprop", "http-equiv": key = value.lowercased()
            case "content": content = value
            default: break
            }
        }
        if let key, let content, !content.isEmpty, page.meta[key] == nil { page.meta[key] = content }
    }
}

/// An element's attributes as libxml2's SAX parser passes them: name/value pointer pairs ending
/// in NULL; a value is NULL for an attribute written without one (`<time pubdate>`).
struct Attributes {
    let pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    /// The value of the first attribute with this name ("" when it has none).
    func value(of name: String) -> String? {
        guard var p = pairs else { return nil }
        while let n = p[0] {
            if strcmp(UnsafeRawPointer(n).assumingMemoryBound(to: CChar.self), name) == 0 {
                return p[1].map { String(cString: $0) } ?? ""
            }
            p += 2
        }
        return nil
    }

    func forEach(_ body: (String, String) -> Void) {
        guard var p = pairs else { return }
        while let n = p[0] {
            body(String(cString: n), p[1].map { String(cString: $0) } ?? "")
            p += 2
        }
    }
}

/// Text clean-up shared by the extractor: white space folded, invisible characters dropped.
enum HTMLText {
    static func clean(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for u in s.unicodeScalars {
            switch u.value {
            case 0xAD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF: continue
            default: break
            }
            if u.isUnicodeWhiteSpace { space = true; continue }
            if space && !out.isEmpty { out.append(" ") }
            space = false
            out.append(u)
        }
        return String(out)
    }
}
