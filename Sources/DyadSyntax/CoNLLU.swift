import DyadCore
import Foundation

/// One sentence of a CoNLL-U treebank: the syntactic words (multiword-token lines and empty nodes
/// are skipped) with their annotations, plus the comment lines that preceded it.
public struct TreebankSentence: Sendable, Hashable {
    public var comments: [String] = []
    public var forms: [String] = []
    public var lemmas: [String] = []
    public var upos: [String] = []
    public var xpos: [String] = []
    /// Head of each word: 0 for the root, else the 1-based word number.
    public var heads: [Int] = []
    public var deprels: [String] = []

    public init() {}

    public var count: Int { forms.count }
}

/// Reads and writes the CoNLL-U format (https://universaldependencies.org/format.html).
public enum CoNLLU {
    /// Parses CoNLL-U text.
    /// - Throws: `SyntaxError.badTreebank` naming the file and line of a word line with fewer than 10 columns.
    public static func parse(_ text: String, name: String = "input") throws -> [TreebankSentence] {
        var out: [TreebankSentence] = []
        var cur = TreebankSentence()
        var lineNo = 0
        for line in text.textLines() {
            lineNo += 1
            if line.isEmpty {
                if !cur.forms.isEmpty { out.append(cur) }
                cur = TreebankSentence()
                continue
            }
            if line.hasPrefix("#") {
                cur.comments.append(String(line))
                continue
            }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count == 10 else {
                throw SyntaxError.badTreebank(file: name, line: lineNo, reason: "a word line needs 10 tab-separated columns, found \(cols.count)")
            }
            if cols[0].contains("-") || cols[0].contains(".") { continue }
            cur.forms.append(String(cols[1]))
            cur.lemmas.append(String(cols[2]))
            cur.upos.append(String(cols[3]))
            cur.xpos.append(String(cols[4]))
            cur.heads.append(Int(cols[6]) ?? 0)
            cur.deprels.append(String(cols[7]))
        }
        if !cur.forms.isEmpty { out.append(cur) }
        return out
    }

    /// Reads a CoNLL-U file.
    public static func read(path: String) throws -> [TreebankSentence] {
        guard let d = FileManager.default.contents(atPath: path) else { throw SyntaxError.unreadable(path: path) }
        return try parse(String(decoding: d, as: UTF8.self), name: path)
    }

    /// Writes sentences as CoNLL-U (FEATS, DEPS and MISC empty).
    public static func format(_ sentences: [TreebankSentence]) -> String {
        var s = ""
        for sent in sentences {
            for c in sent.comments { s += c; s += "\n" }
            for i in 0..<sent.count {
                s += "\(i + 1)\t\(sent.forms[i])\t\(sent.lemmas[i])\t\(sent.upos[i])\t\(sent.xpos[i])\t_\t\(sent.heads[i])\t\(sent.deprels[i])\t_\t_\n"
            }
            s += "\n"
        }
        return s
    }
}
