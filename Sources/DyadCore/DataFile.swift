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
            guard i < columns.count else { return [] }
            return columns[i].split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        }

        public subscript(_ i: Int) -> String { i < columns.count ? columns[i] : "" }
    }

    public let name: String
    public let rows: [Row]

    /// Splits `contents` into rows, checking that each has between `minColumns` and `maxColumns`.
    /// - Throws: `DataFileError` naming the file and line of a malformed row.
    public init(name: String, contents: String, minColumns: Int, maxColumns: Int = .max) throws {
        self.name = name
        var rows: [Row] = []
        var lineNo = 0
        for rawLine in contents.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty { continue }
            let cols = trimmed.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
            guard cols.count >= minColumns, cols.count <= maxColumns else {
                let expect = maxColumns == .max ? "at least \(minColumns)" : (minColumns == maxColumns ? "\(minColumns)" : "\(minColumns)–\(maxColumns)")
                throw DataFileError(file: name, line: lineNo, message: "expected \(expect) columns separated by '|', found \(cols.count)")
            }
            rows.append(Row(line: lineNo, columns: cols))
        }
        self.rows = rows
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }
}
