import DyadCore
import Foundation

/// Reads PETRARCH / TABARI verb dictionaries (the `PETR.Validate.verbs` and Phoenix `CAMEO.2.0`
/// formats) into Dyad's pattern language: the file is rewritten as Dyad pattern lines and classes
/// (see docs/DICTIONARIES.md, "PETRARCH verb dictionaries"), which `PatternDictionary.add` then reads.
///
/// What is read:
/// - `--- NAME [code] ---` starts a verb block; the code is the default of the block's verbs
///   (`[---]` or no code: a bare verb gives no event).
/// - verb lines: `VERB {IRREGULAR FORMS} [own code]`; regular forms are generated. A multi-word verb
///   joins its words with `_` and marks the inflected word with `+` (`+BREAK_DOWN {+BROKE_DOWN}`,
///   `WIRE_+TAP`); its forms follow the same rule.
/// - patterns `- words [code]`: `*` is the verb; words before it must come before the verb, words after
///   it after, in order; a space lets other words stand between two pattern words, `_` does not;
///   `&SYNSET` is any phrase of the synset; `$` the source, `+` the target, `%` a compound actor and
///   `^` an actor that is skipped; Phoenix's `(…)` and `{…}` phrase marks are read as plain words.
/// - codes: CAMEO, a user's own (`174L`), `---` (no event; the pattern still claims its words) and
///   `xxx:yyy` (the event and the reverse event, target on source).
/// - synsets: `&NAME` then `+phrase` lines (`_` or space between words, consecutive); `+&OTHER`
///   includes another synset. Regular plurals are added unless the phrase or the name ends in `_`.
/// - comments: `#` and `;` to the end of the line, `<!-- … -->` (also over several lines).
public enum PetrarchVerbs {
    /// Whether a file looks like a PETRARCH/TABARI verb dictionary: a `--- NAME [code] ---` block
    /// header, or a `- … *` pattern line, among its first lines.
    public static func looksLikePetrarchVerbs(_ contents: String) -> Bool {
        var seen = 0
        for raw in contents.textLines(omittingEmptyLines: true) {
            let t = raw.trimmingWhitespace()
            if t.isEmpty || t.hasPrefix("#") || t.hasPrefix("<") { continue }
            if t.hasPrefix("---"), t.hasSuffix("---"), t.count > 6, !t.contains("|") { return true }
            if t.hasPrefix("- "), t.contains("*"), t.contains("["), !t.contains("|") { return true }
            if t.contains("|") { return false }
            seen += 1
            if seen > 4000 { break }
        }
        return false
    }

    /// What a conversion produced, for diagnostics.
    public struct Conversion: Sendable {
        /// The file in Dyad's pattern format.
        public var text: String
        public var verbs = 0
        public var patterns = 0
        public var synsets = 0
        /// Patterns left out, with their line and why (undefined synset, disjunction, no verb mark…).
        public var skipped: [(line: Int, reason: String)] = []
    }

    /// Rewrites a PETRARCH verb dictionary as Dyad pattern lines. `inflections` gives a verb's regular
    /// forms; class names (`@VBn_k`) are numbered within the file.
    public static func convert(_ contents: String, name: String, inflections: (String) -> [String]) -> Conversion {
        var out: [String] = []
        var conv = Conversion(text: "")
        var synsets: [String: [String]] = [:]   // name -> phrases (space-separated, folded)
        var synsetOrder: [String] = []
        var currentSynset: String?
        var synsetNoPlural = false
        var comments = MarkupComments()
        // The current block.
        var blockCode: String?
        var blockIndex = 0
        var verbLines: [(forms: [String], code: String?, line: Int)] = []
        var patternLines: [(text: String, code: String?, line: Int)] = []
        let file = name.split(separator: "/").last.map(String.init) ?? name

        func fold(_ w: Substring) -> String { TextFolding.fold(String(w)) }

        func plural(_ phrase: String) -> String? {
            guard let last = phrase.split(separator: " ").last, last.count > 1 else { return nil }
            let head = phrase.dropLast(last.count)
            if last.hasSuffix("ss") { return head + last + "es" }
            if last.hasSuffix("y"), let b = last.dropLast().last, !"aeiou".contains(b) { return head + last.dropLast() + "ies" }
            if last.hasSuffix("s") { return nil }
            return head + last + "s"
        }

        var blocks: [(code: String?, verbs: [(forms: [String], code: String?, line: Int)], patterns: [(text: String, code: String?, line: Int)])] = []
        func endBlock() {
            blocks.append((blockCode, verbLines, patternLines))
            verbLines = []; patternLines = []; blockCode = nil
        }
        func flushBlock(_ blockCode: String?, _ verbLines: [(forms: [String], code: String?, line: Int)], _ patternLines: [(text: String, code: String?, line: Int)]) {
            guard !verbLines.isEmpty else {
                for p in patternLines { conv.skipped.append((p.line, "pattern outside a verb block")) }
                return
            }
            blockIndex += 1
            let all = "VB\(blockIndex)"
            var allForms: [String] = []
            for (k, v) in verbLines.enumerated() {
                let cname = "\(all)_\(k + 1)"
                out.append("@\(cname) = " + v.forms.joined(separator: "; "))
                allForms.append(contentsOf: v.forms)
                conv.verbs += 1
                var code = v.code ?? blockCode ?? "---"
                if !readable(code) {
                    conv.skipped.append((v.line, "unreadable code [\(code)]; the bare verb gives no event"))
                    code = "---"
                }
                out.append("\(file):\(v.line) | \(code) | !@\(cname) | to=first verb literal")
            }
            var seen = Set<String>()
            out.append("@\(all) = " + allForms.filter { seen.insert($0).inserted }.joined(separator: "; "))
            for p in patternLines {
                let code = p.code ?? blockCode ?? "---"
                guard readable(code) else { conv.skipped.append((p.line, "unreadable code [\(code)]")); continue }
                switch trigger(p.text, verbClass: all) {
                case .success(let trig):
                    out.append("\(file):\(p.line) | \(code) | \(trig) | to=first verb literal")
                    conv.patterns += 1
                case .failure(let why):
                    conv.skipped.append((p.line, why.reason))
                }
            }
        }

        struct Why: Error { var reason: String }

        /// A code Dyad can carry: `---`, a code of letters, digits and `+`, or two of them joined by `:`.
        func readable(_ c: String) -> Bool {
            // `:173` (PETRARCH-2): only the reverse event.
            c == "---" || c.split(separator: ":", omittingEmptySubsequences: false).enumerated().allSatisfy { i, part in
                part == "---" || (i == 0 && part.isEmpty && c.count > 1) || (CAMEOCode(user: String(part)) != nil && !part.hasPrefix("-"))
            } && c.split(separator: ":", omittingEmptySubsequences: false).count <= 2
        }

        /// A PETRARCH pattern as a Dyad trigger: chunks (space-separated) become terms joined by gaps.
        func trigger(_ text: String, verbClass: String) -> Result<String, Why> {
            if text.contains("|") { return .failure(Why(reason: "disjunction in a pattern (PETRARCH skips these too)")) }
            var cleaned = text.replacingAll(["(", ")", "{", "}"], with: " ")
            cleaned = cleaned.replacingOccurrences(of: "**", with: "*")
            // "*SCEPTICAL": a word written against the verb mark.
            cleaned = cleaned.replacingOccurrences(of: #"\*(?=[A-Za-z&])"#, with: "* ", options: .regularExpression)
            var chunks: [[String]] = []
            for chunk in cleaned.split(separator: " ") {
                var c = chunk
                while c.hasSuffix("_"), c.count > 1 { c = c.dropLast() }
                while c.hasPrefix("_"), c.count > 1 { c = c.dropFirst() }
                var items: [String] = []
                for item in c.split(separator: "_") {
                    switch item {
                    case "*": items.append("!@\(verbClass)")
                    case "$": items.append("<source>")
                    case "+": items.append("<target>")
                    case "%": items.append("<compound>")
                    case "^": items.append("<actor>")
                    default:
                        if item.hasPrefix("&") {
                            let sname = synsetName(item)
                            guard synsets[sname] != nil else { return .failure(Why(reason: "undefined synset \(item)")) }
                            items.append("@&" + sname)
                        } else {
                            let w = fold(item)
                            guard !w.isEmpty, !w.contains("/"), !w.contains("@"), !w.hasPrefix("<"), !w.hasPrefix("!"), !w.hasPrefix("*"), !w.hasPrefix("+") else {
                                return .failure(Why(reason: "unreadable word '\(item)'"))
                            }
                            items.append(w)
                        }
                    }
                }
                if !items.isEmpty { chunks.append(items) }
            }
            let flat = chunks.flatMap { $0 }
            guard flat.filter({ $0.hasPrefix("!") }).count == 1 else { return .failure(Why(reason: "a pattern needs exactly one '*' (the verb)")) }
            // A space between pattern words lets other words stand between them: within the clause, up to 8.
            return .success(chunks.map { $0.joined(separator: " ") }.joined(separator: " *8 "))
        }

        func synsetName(_ s: Substring) -> String {
            var n = String(s.dropFirst()).uppercased()
            while n.hasSuffix("_") { n.removeLast() }
            return n
        }

        /// A verb line's forms: `VERB {FORMS}` or a multi-word `A_+B_C {A_+BS_C}`.
        func verbForms(_ spec: String, braces: [String]) -> [String] {
            func expand(_ w: String, regular: Bool) -> [String] {
                let parts = w.split(separator: "_").map(String.init)
                guard parts.count > 1 else {
                    let v = fold(Substring(w.hasPrefix("+") ? String(w.dropFirst()) : w))
                    return regular ? inflections(v) : [v]
                }
                let vi = parts.firstIndex { $0.hasPrefix("+") } ?? 0
                let verb = fold(Substring(parts[vi].hasPrefix("+") ? String(parts[vi].dropFirst()) : parts[vi]))
                let others = parts.map { fold(Substring($0.hasPrefix("+") ? String($0.dropFirst()) : $0)) }
                return (regular ? inflections(verb) : [verb]).map { f in
                    var ws = others
                    ws[vi] = f
                    return ws.joined(separator: " ")
                }
            }
            var forms = expand(spec, regular: true)
            for b in braces { forms.append(contentsOf: expand(b, regular: false)) }
            var seen = Set<String>()
            return forms.filter { !$0.isEmpty && seen.insert($0).inserted }
        }

        var lineNo = 0
        for raw in contents.textLines() {
            lineNo += 1
            // Comments: <!-- … --> (possibly over lines), then # and ;.
            var line = comments.strip(raw)
            if let h = line.firstIndex(of: "#") { line = String(line[..<h]) }
            if let h = line.firstIndex(of: ";") { line = String(line[..<h]) }
            let t = line.trimmingWhitespace()
            if t.isEmpty { continue }

            // The code in brackets, and the text before it.
            var code: String?
            var body = t
            if let lb = t.firstIndex(of: "["), let rb = t[lb...].firstIndex(of: "]") {
                code = t[t.index(after: lb)..<rb].trimmingWhitespace()
                body = String(t[..<lb]).trimmingWhitespace()
                if code?.isEmpty == true { code = nil }
            }

            if t.hasPrefix("---") {
                endBlock()
                currentSynset = nil
                blockCode = code
                continue
            }
            if t.hasPrefix("&") {
                let n = synsetName(Substring(body.split(separator: " ").first ?? ""))
                synsetNoPlural = body.split(separator: " ").first?.hasSuffix("_") ?? false
                currentSynset = n
                if synsets[n] == nil { synsetOrder.append(n) }
                synsets[n] = []
                conv.synsets += 1
                continue
            }
            if t.hasPrefix("+"), let s = currentSynset {
                let item = body.dropFirst().trimmingWhitespace()
                if item.hasPrefix("&") {
                    synsets[s, default: []].append(contentsOf: synsets[synsetName(Substring(item))] ?? [])
                } else {
                    let noPlural = synsetNoPlural || item.hasSuffix("_")
                    let phrase = item.split(whereSeparator: { $0 == " " || $0 == "_" }).map { fold($0) }.joined(separator: " ")
                    guard !phrase.isEmpty else { continue }
                    synsets[s, default: []].append(phrase)
                    if !noPlural, let pl = plural(phrase) { synsets[s, default: []].append(pl) }
                }
                continue
            }
            currentSynset = nil
            if t.hasPrefix("-") {
                patternLines.append((String(body.dropFirst()).trimmingWhitespace(), code, lineNo))
                continue
            }
            // A verb line: VERB {FORMS}.
            var spec = body
            var braces: [String] = []
            if let lb = body.firstIndex(of: "{") {
                spec = String(body[..<lb]).trimmingWhitespace()
                let inner = body[body.index(after: lb)...].prefix { $0 != "}" }
                braces = inner.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            }
            guard let verb = spec.split(separator: " ").first else { continue }
            verbLines.append((verbForms(String(verb), braces: braces), code, lineNo))
        }
        endBlock()
        for b in blocks { flushBlock(b.code, b.verbs, b.patterns) }

        var classes: [String] = []
        for n in synsetOrder {
            var seen = Set<String>()
            let phrases = (synsets[n] ?? []).filter { seen.insert($0).inserted }
            if phrases.isEmpty { continue }
            classes.append("@&\(n) = " + phrases.joined(separator: "; "))
        }
        conv.text = (classes + out).joined(separator: "\n") + "\n"
        return conv
    }
}

fileprivate extension String {
    func replacingAll(_ targets: [Character], with r: String) -> String {
        var s = ""
        for c in self { if targets.contains(c) { s += r } else { s.append(c) } }
        return s
    }
}
