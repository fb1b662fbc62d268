import DyadCore
/// Lemmas from an exception lexicon (word + UPOS → lemma) learned from the treebank and extended by
/// `lemma-exceptions.txt`, with suffix rules for the words neither lists.
///
/// Rules strip inflections by the Penn tag (plural -s/-es/-ies, -ed, -ing, -er, -est) and, where a
/// stem is ambiguous ("mov" or "move"), prefer the candidate that is a known lemma.
public struct Lemmatizer: Sendable {
    /// Lower-cased form + "\t" + UPOS → lemma, only where the rules would be wrong.
    public private(set) var exceptions: [String: String]
    /// Lemmas seen in training, to choose between rule candidates.
    let knownLemmas: Set<String>

    init(exceptions: [String: String], knownLemmas: Set<String>) {
        self.exceptions = exceptions
        self.knownLemmas = knownLemmas
    }

    /// The lemma of a word with its tags.
    public func lemma(_ form: String, upos: String, xpos: String) -> String {
        switch upos {
        case "PUNCT", "SYM", "NUM", "X": return form
        default: break
        }
        let lower = form.lowercased()
        if let e = exceptions[lower + "\t" + upos] { return e }
        if upos == "PROPN" { return xpos == "NNPS" ? stripPlural(form) : form }
        return rule(lower, xpos: xpos)
    }

    /// Adds the entries of a lemma exception file: lines `form UPOS lemma`, `#` comments.
    /// - Throws: `SyntaxError.badTreebank` naming the line of an entry without three fields.
    public mutating func add(contents: String, name: String) throws {
        for (n, raw) in contents.textLines().enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if f.isEmpty { continue }
            guard f.count == 3 else {
                throw SyntaxError.badTreebank(file: name, line: n + 1, reason: "expected `form UPOS lemma`, found \(f.count) fields")
            }
            exceptions[f[0].lowercased() + "\t" + f[1]] = String(f[2])
        }
    }

    func rule(_ w: String, xpos: String) -> String {
        switch xpos {
        case "NNS": return stripPlural(w)
        case "VBZ": return stripPlural(w)
        case "VBD", "VBN": return stripEnding(w, "ed")
        case "VBG": return stripEnding(w, "ing")
        case "JJR", "RBR": return stripEnding(w, "er")
        case "JJS", "RBS": return stripEnding(w, "est")
        default: return w
        }
    }

    func stripPlural(_ w: String) -> String {
        let n = w.count
        guard n > 3, w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), !w.hasSuffix("is") else { return w }
        if w.hasSuffix("ies") && n > 4 { return String(w.dropLast(3)) + "y" }
        for e in ["sses", "xes", "ches", "shes", "zzes", "oes"] where w.hasSuffix(e) {
            let stem = String(w.dropLast(2))
            if knownLemmas.contains(String(w.dropLast())) && !knownLemmas.contains(stem) { return String(w.dropLast()) }
            return stem
        }
        return String(w.dropLast())
    }

    func stripEnding(_ w: String, _ ending: String) -> String {
        guard w.count > ending.count + 2, w.hasSuffix(ending) else { return w }
        let stem = String(w.dropLast(ending.count))
        if ending != "ing", stem.hasSuffix("i") { return String(stem.dropLast()) + "y" }
        let chars = Array(stem)
        let doubled = chars.count >= 3 && chars[chars.count - 1] == chars[chars.count - 2] && !"aeiouslz".contains(chars[chars.count - 1])
        var candidates = [stem, stem + "e"]
        if doubled { candidates.append(String(chars.dropLast())) }
        for c in candidates where knownLemmas.contains(c) { return c }
        if doubled { return String(chars.dropLast()) }
        if let last = chars.last, "vcz".contains(last) || stem.hasSuffix("at") || stem.hasSuffix("iz") { return stem + "e" }
        return stem
    }

    /// Learns the exception lexicon from treebank lemmas.
    static func learn(from sentences: [TreebankSentence]) -> Lemmatizer {
        var counts: [String: [String: Int]] = [:]
        var known = Set<String>()
        var tags: [String: [String: Int]] = [:]
        for s in sentences {
            for i in 0..<s.count where s.lemmas[i] != "_" {
                let key = s.forms[i].lowercased() + "\t" + s.upos[i]
                counts[key, default: [:]][s.lemmas[i], default: 0] += 1
                tags[key, default: [:]][s.xpos[i], default: 0] += 1
                if s.upos[i] != "PROPN" { known.insert(s.lemmas[i].lowercased()) }
            }
        }
        let base = Lemmatizer(exceptions: [:], knownLemmas: known)
        var exceptions: [String: String] = [:]
        for (key, byLemma) in counts {
            let lemma = byLemma.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
            let parts = key.split(separator: "\t", omittingEmptySubsequences: false)
            let form = String(parts[0]), upos = String(parts[1])
            let xpos = tags[key]!.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
            if base.lemma(form, upos: upos, xpos: xpos) != lemma { exceptions[key] = lemma }
        }
        return Lemmatizer(exceptions: exceptions, knownLemmas: known)
    }

    func write(to w: inout ModelWriter) {
        let ex = exceptions.sorted { $0.key < $1.key }
        w.strings(ex.map(\.key))
        w.strings(ex.map(\.value))
        w.strings(knownLemmas.sorted())
    }

    static func read(from r: inout ModelReader) throws -> Lemmatizer {
        let keys = try r.strings()
        let values = try r.strings()
        guard keys.count == values.count else { throw r.error("lemma lexicon is inconsistent") }
        let known = try r.strings()
        return Lemmatizer(exceptions: Dictionary(zip(keys, values), uniquingKeysWith: { a, _ in a }), knownLemmas: Set(known))
    }
}
