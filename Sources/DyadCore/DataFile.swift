#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error in one of Dyad's data files, with the file and line to fix.
public struct DataFileError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// Reads Dyad's line-oriented data files: one entry per line, columns separated by `|`,
/// alternatives inside a column by `;`, `#` to end of line a comment, blank lines ignored.
public struct DataFileReader: Sendable {
    /// One data line: its 1-based number and its trimmed columns.
    public struct Row: Sendable {
        public var line: Int
        public var columns: [String]

        /// The alternatives of a column (split on `;`, trimmed, empties dropped).
        public func list(_ i: Int) -> [String] {
            guard i < columns.count, !columns[i].isEmpty else { return [] }
            let b = Array(columns[i].utf8)
            var out: [String] = []
            var start = 0
            for k in 0...b.count where k == b.count || b[k] == 0x3B {
                let item = DataFileReader.trimmed(b, start, k)
                if !item.isEmpty { out.append(item) }
                start = k + 1
            }
            return out
        }

        public subscript(_ i: Int) -> String { i < columns.count ? columns[i] : "" }
    }

    public let name: String
    public let rows: [Row]

    /// Splits `contents` into rows, checking that each has between `minColumns` and `maxColumns`.
    ///
    /// Works on UTF-8 bytes (`|`, `;`, `#` and line breaks are ASCII), so loading the whole knowledge
    /// base stays within a few tens of milliseconds.
    /// - Throws: `DataFileError` naming the file and line of a malformed row.
    public init(name: String, contents: String, minColumns: Int, maxColumns: Int = .max) throws {
        self.name = name
        var rows: [Row] = []
        var lineNo = 0
        let bytes = Array(contents.utf8)
        var lineStart = 0
        let n = bytes.count
        while lineStart <= n {
            var lineEnd = lineStart
            while lineEnd < n && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            lineNo += 1
            // Cut the comment.
            var contentEnd = lineStart
            while contentEnd < lineEnd && bytes[contentEnd] != 0x23 { contentEnd += 1 }
            var cols: [String] = []
            var colStart = lineStart
            var any = false
            for i in lineStart...contentEnd {
                if i == contentEnd || bytes[i] == 0x7C {
                    let col = Self.trimmed(bytes, colStart, i)
                    if !col.isEmpty { any = true }
                    cols.append(col)
                    colStart = i + 1
                }
            }
            if any {
                guard cols.count >= minColumns, cols.count <= maxColumns else {
                    let expect = maxColumns == .max ? "at least \(minColumns)" : (minColumns == maxColumns ? "\(minColumns)" : "\(minColumns)–\(maxColumns)")
                    throw DataFileError(file: name, line: lineNo, message: "expected \(expect) columns separated by '|', found \(cols.count)")
                }
                rows.append(Row(line: lineNo, columns: cols))
            }
            lineStart = lineEnd + 1
        }
        self.rows = rows
    }

    /// The bytes between two offsets without surrounding ASCII white space, as a string.
    static func trimmed(_ b: [UInt8], _ start: Int, _ end: Int) -> String {
        var a = start, z = end
        while a < z, b[a] == 0x20 || b[a] == 0x09 || b[a] == 0x0D { a += 1 }
        while z > a, b[z - 1] == 0x20 || b[z - 1] == 0x09 || b[z - 1] == 0x0D { z -= 1 }
        return a == z ? "" : String(decoding: b[a..<z], as: UTF8.self)
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and line breaks.
    /// - Complexity: O(w) for w leading and trailing white-space scalars, plus one copy of the rest.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isUnicodeWhiteSpace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isUnicodeWhiteSpace })!
        return String(self[first...last])
    }

    /// Whether the text has a scalar other than white space; stops at the first one.
    public var hasNonWhitespace: Bool {
        unicodeScalars.contains { !$0.isUnicodeWhiteSpace }
    }

    /// The lines of the text, split at "\n", "\r\n" or a lone "\r", so that a file saved on Windows
    /// reads as the same file saved on Unix. (`split(separator: "\n")` does not split "\r\n", which
    /// Swift counts as one Character: such a file would read as a single line.)
    public func textLines(omittingEmptyLines: Bool = false) -> [SubSequence] {
        split(omittingEmptySubsequences: omittingEmptyLines, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }
}

/// Removes `<!-- … -->` comments from the lines of a PETRARCH-format file (verbs, actors, agents,
/// discards), where a comment may run over several lines: give it the lines in order, and each comes
/// back without its commented parts (a line inside a comment comes back empty).
public struct MarkupComments: Sendable {
    /// Whether a comment opened on an earlier line is still open.
    public private(set) var isOpen = false

    public init() {}

    public mutating func strip<S: StringProtocol>(_ raw: S) -> String {
        // Most lines hold no comment: no search for them.
        if !isOpen && !raw.utf8.contains(0x3C) { return String(raw) }
        var line = String(raw)
        if isOpen {
            guard let end = line.range(of: "-->") else { return "" }
            line = String(line[end.upperBound...])
            isOpen = false
        }
        while let open = line.range(of: "<!--") {
            if let close = line.range(of: "-->", range: open.upperBound..<line.endIndex) {
                line.removeSubrange(open.lowerBound..<close.upperBound)
            } else {
                line = String(line[..<open.lowerBound])
                isOpen = true
            }
        }
        return line
    }
}

extension String {
    /// The lines of the text (split at "\n", so a final line without one counts too), found on the
    /// UTF-8 bytes with memchr: splitting a 50 MB jsonl file by Characters costs seconds.
    /// - Complexity: O(n) in the bytes of the text.
    public func lineSlices() -> [Substring] {
        var text = self
        text.makeContiguousUTF8()
        let utf8 = text.utf8
        var cuts: [Int] = []
        utf8.withContiguousStorageIfAvailable { buf in
            guard let base = buf.baseAddress, buf.count > 0 else { return }
            var i = 0
            while i < buf.count, let hit = memchr(base + i, 0x0A, buf.count - i) {
                let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                cuts.append(at)
                i = at + 1
            }
        }
        var out: [Substring] = []
        out.reserveCapacity(cuts.count + 1)
        var start = utf8.startIndex
        for c in cuts {
            let end = utf8.index(utf8.startIndex, offsetBy: c)
            out.append(text[start..<end])
            start = utf8.index(after: end)
        }
        out.append(text[start...])
        return out
    }
}
