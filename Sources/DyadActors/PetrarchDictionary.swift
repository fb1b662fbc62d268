import DyadCore

/// Reads PETRARCH/TABARI actor and agent dictionaries into Dyad's knowledge base.
///
/// Actors: an entry line `PHRASE [CODE]` or `PHRASE` followed by `+SYNONYM` lines and indented
/// `[CODE]` / `[CODE YYMMDD-YYMMDD]` / `[CODE < YYMMDD]` / `[CODE > YYMMDD]` lines (dated codes).
/// Agents: `PHRASE {PLURALS} [~CODE]`, with `!MACRO! = A, B` substitutions. In phrases `_` joins
/// words; a phrase whose last word has no trailing `_` is a stem that matches any word it begins
/// ("ARGENTIN" → Argentina, Argentine). `#` and `<!-- … -->` are comments; `[---]` means no code.
public enum PetrarchDictionary {
    /// Whether a file looks like a PETRARCH dictionary rather than one of Dyad's.
    public static func looksLikePetrarch(name: String, contents: String) -> Bool {
        let lower = name.lowercased()
        if lower.hasSuffix(".actors") || lower.hasSuffix(".agents") || lower.contains(".actors.") || lower.contains(".agents.") { return true }
        var bracketLines = 0, barLines = 0
        for line in contents.textLines(omittingEmptyLines: true).prefix(400) {
            if line.contains("[") && line.contains("]") { bracketLines += 1 }
            if line.contains("|") { barLines += 1 }
        }
        return bracketLines > barLines
    }

    /// A dated code of a PETRARCH actor.
    struct DatedCode {
        var code: String
        var start: CivilDate?
        var end: CivilDate?
    }

    /// Adds the actors of a PETRARCH `.actors` file to `kb`; codes with unreadable dates go to `kb.warnings`.
    public static func loadActors(into kb: inout KnowledgeBase, file: String, contents: String, priority: Int) throws {
        var phrases: [String] = []
        var codes: [DatedCode] = []
        var count = 0
        func flush() {
            defer { phrases = []; codes = [] }
            guard !phrases.isEmpty else { return }
            let usable = codes.filter { $0.code != "---" && !$0.code.isEmpty && !$0.code.contains("?") }
            guard !usable.isEmpty else { return }
            count += 1
            // A plain three-letter code is a state: it joins compounds like a country name ("Ruritanian border guards").
            if usable.count == 1, usable[0].start == nil, usable[0].end == nil, usable[0].code.count == 3, usable[0].code.allSatisfy(\.isLetter) {
                kb.addCountryAlias(cameo: usable[0].code.uppercased(), names: phrases, priority: priority)
                return
            }
            let offices = usable.map { Office(country: nil, sector: nil, start: $0.start, end: $0.end, title: "PETRARCH \($0.code)", code: $0.code) }
            kb.addCoded(id: "\(file)#\(count)", names: phrases, offices: offices, priority: priority)
        }
        var comments = MarkupComments()
        for (i, raw) in contents.textLines().enumerated() {
            var line = comments.strip(raw)
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty { continue }
            let isIndentedCode = trimmed.hasPrefix("[") && (raw.first == "\t" || raw.first == " " || !codes.isEmpty || !phrases.isEmpty)
            if isIndentedCode {
                codes.append(contentsOf: parseCodes(trimmed, file: file, line: i + 1, warnings: &kb.warnings))
                continue
            }
            if trimmed.hasPrefix("+") {
                let p = phrase(String(trimmed.dropFirst()))
                if !p.isEmpty { phrases.append(p) }
                if let open = trimmed.firstIndex(of: "[") { codes.append(contentsOf: parseCodes(String(trimmed[open...]), file: file, line: i + 1, warnings: &kb.warnings)) }
                continue
            }
            // A new entry.
            flush()
            var namePart = trimmed
            if let open = trimmed.firstIndex(of: "[") {
                namePart = String(trimmed[..<open])
                codes = parseCodes(String(trimmed[open...]), file: file, line: i + 1, warnings: &kb.warnings)
            }
            if let brace = namePart.firstIndex(of: "{") { namePart = String(namePart[..<brace]) }
            let p = phrase(namePart)
            if !p.isEmpty { phrases = [p] }
        }
        flush()
    }

    /// Adds the agents of a PETRARCH `.agents` file to `kb` (rank 2; the code's `~` dropped).
    public static func loadAgents(into kb: inout KnowledgeBase, file: String, contents: String, priority: Int) throws {
        var macros: [String: [String]] = [:]
        var comments = MarkupComments()
        for (i, raw) in contents.textLines().enumerated() {
            var line = comments.strip(raw)
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
            let t = line.trimmingWhitespace()
            if t.isEmpty { continue }
            if t.hasPrefix("!"), let eq = t.firstIndex(of: "=") {
                let name = t[..<eq].trimmingWhitespace()
                macros[name] = t[t.index(after: eq)...].split(separator: ",").map { $0.trimmingWhitespace() }
                continue
            }
            // Real dictionaries hold typos ("[~ENV}"): read a closing brace as a bracket, skip the rest with a warning.
            guard let open = t.lastIndex(of: "["), let close = t.lastIndex(where: { $0 == "]" || $0 == "}" }), open < close else {
                kb.warnings.append(DataFileError(file: file, line: i + 1, message: "skipped: an agent line is 'PHRASE {PLURALS} [~CODE]'"))
                continue
            }
            var code = String(t[t.index(after: open)..<close]).trimmingWhitespace()
            if code.hasPrefix("~") { code.removeFirst() }
            guard !code.isEmpty, code != "---" else { continue }
            var head = String(t[..<open])
            var plurals: [String] = []
            if let b = head.firstIndex(of: "{"), let e = head.firstIndex(of: "}"), b < e {
                plurals = head[head.index(after: b)..<e].split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
                head = String(head[..<b])
            }
            for form in expand(head.trimmingWhitespace(), macros) + plurals.flatMap({ expand($0, macros) }) {
                let p = phrase(form)
                guard !p.isEmpty else { continue }
                kb.addAgentPhrase(p, sector: code, rank: 2, priority: priority)
                // PETRARCH forms regular plurals itself; so do we.
                if !p.hasSuffix("*"), !p.hasSuffix("s") { kb.addAgentPhrase(p + "s", sector: code, rank: 2, priority: priority) }
            }
        }
    }

    static func expand(_ s: String, _ macros: [String: [String]]) -> [String] {
        for (name, values) in macros where s.contains(name) {
            return values.flatMap { expand(s.replacingOccurrences(of: name, with: $0), macros) }
        }
        return [s]
    }

    /// `UNITED_NATIONS_` → "united nations"; `ARGENTIN` → "argentin*" (a stem).
    static func phrase(_ raw: String) -> String {
        let t = raw.trimmingWhitespace()
        guard !t.isEmpty else { return "" }
        let exact = t.hasSuffix("_")
        let words = t.split(whereSeparator: { $0 == "_" || $0 == " " }).map { $0.lowercased() }
        guard !words.isEmpty else { return "" }
        return words.joined(separator: " ") + (exact || words.last!.count < 3 ? "" : "*")
    }

    /// The codes of a `[CODE …]` run; a code whose date restriction cannot be read is skipped with
    /// a warning naming the line (real dictionaries hold a few such typos).
    static func parseCodes(_ s: String, file: String, line: Int, warnings: inout [DataFileError]) -> [DatedCode] {
        do { return try parseCodesStrictly(s, file: file, line: line) } catch let e as DataFileError {
            warnings.append(e)
            return []
        } catch { return [] }
    }

    static func parseCodesStrictly(_ s: String, file: String, line: Int) throws -> [DatedCode] {
        var out: [DatedCode] = []
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            let inner = rest[rest.index(after: open)..<close].trimmingWhitespace()
            rest = rest[rest.index(after: close)...]
            let parts = inner.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let code = parts.first else { continue }
            var dc = DatedCode(code: code.hasPrefix("~") ? String(code.dropFirst()) : code)
            let spec = parts.dropFirst().joined(separator: " ")
            if !spec.isEmpty {
                if spec.hasPrefix("<") { dc.end = try date(String(spec.dropFirst()), file, line) }
                else if spec.hasPrefix(">") { dc.start = try date(String(spec.dropFirst()), file, line) }
                else if let dash = spec.firstIndex(of: "-") {
                    dc.start = try date(String(spec[..<dash]), file, line)
                    dc.end = try date(String(spec[spec.index(after: dash)...]), file, line)
                } else {
                    throw DataFileError(file: file, line: line, message: "cannot read the date restriction '\(spec)'")
                }
            }
            out.append(dc)
        }
        return out
    }

    /// YYMMDD (years before 30 are 20xx) or YYYYMMDD.
    static func date(_ raw: String, _ file: String, _ line: Int) throws -> CivilDate {
        let s = raw.trimmingWhitespace()
        guard s.allSatisfy(\.isNumber), s.count == 6 || s.count == 8 else {
            throw DataFileError(file: file, line: line, message: "'\(s)' is not a YYMMDD or YYYYMMDD date")
        }
        let digits = Array(s)
        let yearDigits = s.count == 8 ? 4 : 2
        var y = Int(String(digits[0..<yearDigits]))!
        if yearDigits == 2 { y += y < 30 ? 2000 : 1900 }
        let m = Int(String(digits[yearDigits..<(yearDigits + 2)]))!
        let d = Int(String(digits[(yearDigits + 2)...]))!
        guard (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(year: y, month: m) else {
            throw DataFileError(file: file, line: line, message: "'\(s)' is not a real date")
        }
        return CivilDate(year: y, month: m, day: d)
    }
}
