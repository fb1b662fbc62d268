import CLibXML2
import DyadCore

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
    }

    struct Block {
        var text: String
        /// The innermost block-level element around the text.
        var owner: Int32
        var chars: Int32
        var linkChars: Int32
        var commas: Int32
    }

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
    /// `<time datetime>` values, with whether the element says it is the publication time.
    var times: [(value: String, published: Bool)] = []
    /// Text of elements whose class or id suggests a printed date, in document order.
    var dateTexts: [String] = []
    var authorTexts: [String] = []

    /// Parses prepared bytes and walks the tree.
    /// - Returns: nil when libxml2 finds no document at all.
    static func parse(_ prepared: HTMLCharset.Prepared, hints: HTMLHints) -> HTMLPage? {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_HUGE.rawValue)
        guard !prepared.bytes.isEmpty, prepared.bytes.count < Int(Int32.max) else { return nil }
        let doc: htmlDocPtr? = prepared.bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                htmlReadMemory(p, Int32(buf.count), nil, prepared.encoding, options)
            }
        }
        guard let doc else { return nil }
        defer { xmlFreeDoc(doc) }
        var walker = Walker(hints: hints)
        walker.walk(doc)
        return walker.finish()
    }
}

/// One pass over the libxml2 tree, depth-first with an explicit position, never recursive.
private struct Walker {
    let hints: HTMLHints
    var page = HTMLPage()
    var stack: [Int32] = []
    var blockStack: [Int32] = []
    var buffer: [UInt8] = []
    var chars: Int32 = 0
    var linkChars: Int32 = 0
    var commas: Int32 = 0
    var pendingSpace = false
    var linkDepth = 0
    var capture: (element: Int32, kind: HTMLHints.Kind)?
    var captureBuffer: [UInt8] = []
    var classCache: [String: HTMLHints.Match] = [:]

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

    mutating func walk(_ doc: htmlDocPtr) {
        var cur: xmlNodePtr? = doc.pointee.children
        let docNode = UnsafeMutableRawPointer(doc)
        while let n = cur {
            var descend = false
            switch n.pointee.type {
            case XML_ELEMENT_NODE: descend = enter(n)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: text(n.pointee.content)
            default: break
            }
            if descend, let c = n.pointee.children { cur = c; continue }
            if descend { exit() }
            var m = n
            cur = nil
            while true {
                if let next = m.pointee.next { cur = next; break }
                guard let p = m.pointee.parent, UnsafeMutableRawPointer(p) != docNode else { break }
                if p.pointee.type == XML_ELEMENT_NODE { exit() }
                m = p
            }
        }
        while !stack.isEmpty { exit() }
        flush()
    }

    /// Handles an element's start; returns whether to walk its children.
    mutating func enter(_ n: xmlNodePtr) -> Bool {
        guard let namePtr = n.pointee.name else { return false }
        let name = String(cString: namePtr)
        switch name {
        case "script":
            if let type = attribute(n, "type")?.lowercased(), type.contains("ld+json") { page.jsonLD.append(childText(n)) }
            return false
        case "title":
            if page.title == nil { page.title = HTMLText.clean(childText(n)) }
            return false
        case "meta":
            readMeta(n)
            return false
        case "link":
            if let rel = attribute(n, "rel")?.lowercased(), rel == "canonical", let href = attribute(n, "href") { page.canonical = href }
            return false
        case "br", "hr":
            flush()
            return false
        case "img", "wbr": return false
        default: break
        }
        if name == "html" { page.htmlLang = attribute(n, "lang") ?? attribute(n, "xml:lang") }
        if Self.skipped.contains(name) {
            return false
        }
        let kind = Self.kinds[name] ?? .inline
        var match = hintsOf(n)
        if let tagKind = Self.furnitureTags[name] {
            match.add(tagKind)
            if tagKind == .strong { match.tagFurniture = true }
        }
        if name == "time", let dt = attribute(n, "datetime") {
            let published = attribute(n, "pubdate") != nil || match.date || (attribute(n, "itemprop")?.lowercased().contains("datepublished") ?? false)
            page.times.append((dt, published))
        }
        if name == "a", let rel = attribute(n, "rel"), rel.lowercased().contains("author") { match.author = true }
        if name == "abbr", match.date, let t = attribute(n, "title") { page.dateTexts.append(t) }
        let index = Int32(page.elements.count)
        page.elements.append(HTMLPage.Element(kind: kind, parent: stack.last ?? -1, hints: match))
        if kind == .body, page.bodyIndex < 0 { page.bodyIndex = index }
        if kind.isBlock {
            flush()
            blockStack.append(index)
        }
        if kind == .link { linkDepth += 1 }
        if capture == nil {
            if match.date { capture = (index, .date) } else if match.author { capture = (index, .author) }
            captureBuffer.removeAll(keepingCapacity: true)
        }
        stack.append(index)
        return true
    }

    mutating func exit() {
        guard let index = stack.popLast() else { return }
        let kind = page.elements[Int(index)].kind
        if kind.isBlock {
            flush()
            if blockStack.last == index { blockStack.removeLast() }
        }
        if kind == .link { linkDepth -= 1 }
        if let c = capture, c.element == index {
            let s = HTMLText.clean(String(decoding: captureBuffer, as: UTF8.self))
            if !s.isEmpty { if c.kind == .date { page.dateTexts.append(s) } else { page.authorTexts.append(s) } }
            capture = nil
        }
    }

    /// Appends a text node to the current block, folding white space and dropping invisible characters.
    mutating func text(_ content: UnsafeMutablePointer<xmlChar>?) {
        guard let content, !stack.isEmpty else { return }
        var p = UnsafePointer<UInt8>(content)
        let capturing = capture != nil && captureBuffer.count < 400
        if capturing, !captureBuffer.isEmpty { captureBuffer.append(0x20) }
        let inLink = linkDepth > 0
        while true {
            let c = p.pointee
            if c == 0 { break }
            if capturing, captureBuffer.count < 400 { captureBuffer.append(c) }
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C {
                pendingSpace = true
                p += 1
                continue
            }
            var width = 1
            if c >= 0x80 {
                let c1 = p[1]
                if c == 0xC2 && c1 == 0xA0 { pendingSpace = true; p += 2; continue }
                if c == 0xC2 && c1 == 0xAD { p += 2; continue }
                if c == 0xE2 || c == 0xE3 || c == 0xEF {
                    let c2 = c1 == 0 ? 0 : p[2]
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
                let b = p[k]
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

    func attribute(_ n: xmlNodePtr, _ name: String) -> String? {
        var a = n.pointee.properties
        while let attr = a {
            if let an = attr.pointee.name, String(cString: an) == name {
                guard let child = attr.pointee.children, let content = child.pointee.content else { return "" }
                return String(cString: content)
            }
            a = attr.pointee.next
        }
        return nil
    }

    /// The class, id, role and itemprop hints of an element, and whether it is hidden.
    mutating func hintsOf(_ n: xmlNodePtr) -> HTMLHints.Match {
        var key = ""
        var match = HTMLHints.Match()
        var a = n.pointee.properties
        while let attr = a {
            a = attr.pointee.next
            guard let an = attr.pointee.name else { continue }
            let name = String(cString: an)
            let value: String
            if let child = attr.pointee.children, let content = child.pointee.content { value = String(cString: content) } else { value = "" }
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

    func childText(_ n: xmlNodePtr) -> String {
        var out = ""
        var c = n.pointee.children
        while let child = c {
            if let content = child.pointee.content { out += String(cString: content) }
            c = child.pointee.next
        }
        return out
    }

    mutating func readMeta(_ n: xmlNodePtr) {
        var key: String?
        var content: String?
        var a = n.pointee.properties
        while let attr = a {
            a = attr.pointee.next
            guard let an = attr.pointee.name else { continue }
            let name = String(cString: an)
            guard let child = attr.pointee.children, let c = child.pointee.content else { continue }
            switch name {
            case "name", "property", "itemprop", "http-equiv": key = String(cString: c).lowercased()
            case "content": content = String(cString: c)
            default: break
            }
        }
        if let key, let content, !content.isEmpty, page.meta[key] == nil { page.meta[key] = content }
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
            if u.properties.isWhitespace { space = true; continue }
            if space && !out.isEmpty { out.append(" ") }
            space = false
            out.append(u)
        }
        return String(out)
    }
}
