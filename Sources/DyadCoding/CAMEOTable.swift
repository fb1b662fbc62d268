import DyadCore
import Foundation

/// One CAMEO code's facts: name, Goldstein value, quad class and PLOVER reading.
public struct CAMEOEntry: Sendable, Hashable {
    public var code: CAMEOCode
    public var name: String
    public var goldstein: Double
    public var quadClass: QuadClass
    public var plover: PLOVERCoding?
}

/// The CAMEO event codes with their Goldstein values and PLOVER mapping, from data files.
public struct CAMEOTable: Sendable {
    public let entries: [String: CAMEOEntry]
    /// The refusal (123x, 124x) of each yield code (08x, 035x), from `cameo-refusals.txt`.
    public let refusals: [String: CAMEOCode]

    /// Parses `cameo-codes.txt` (code | goldstein | name), `cameo-plover.txt` (code | event | mode |
    /// context) and `cameo-refusals.txt` (yield code | refusal code).
    public init(codes: String, plover: String, refusals: String = "") throws {
        var ploverMap: [String: PLOVERCoding] = [:]
        for row in try DataFileReader(name: "cameo-plover.txt", contents: plover, minColumns: 2, maxColumns: 4).rows {
            guard CAMEOCode(row[0]) != nil else { throw DataFileError(file: "cameo-plover.txt", line: row.line, message: "'\(row[0])' is not a CAMEO code") }
            if ploverMap[row[0]] == nil {
                ploverMap[row[0]] = PLOVERCoding(event: row[1], mode: row[2].isEmpty ? nil : row[2], context: row.list(3))
            }
        }
        var entries: [String: CAMEOEntry] = [:]
        for row in try DataFileReader(name: "cameo-codes.txt", contents: codes, minColumns: 3, maxColumns: 3).rows {
            guard let code = CAMEOCode(row[0]), let g = Double(row[1]) else {
                throw DataFileError(file: "cameo-codes.txt", line: row.line, message: "expected 'code | goldstein | name'")
            }
            // A code without its own PLOVER line takes the nearest parent's.
            var p: PLOVERCoding?
            var c = code.rawValue
            while p == nil && c.count >= 2 {
                p = ploverMap[c]
                c.removeLast()
            }
            entries[code.rawValue] = CAMEOEntry(code: code, name: row[2], goldstein: g,
                                                quadClass: QuadClass(root: Int(code.root) ?? 1), plover: p)
        }
        self.entries = entries
        var refusalMap: [String: CAMEOCode] = [:]
        for row in try DataFileReader(name: "cameo-refusals.txt", contents: refusals, minColumns: 2, maxColumns: 2).rows {
            guard entries[row[0]] != nil, let refusal = CAMEOCode(row[1]), entries[row[1]] != nil else {
                throw DataFileError(file: "cameo-refusals.txt", line: row.line, message: "expected 'yield code | refusal code', both in cameo-codes.txt")
            }
            refusalMap[row[0]] = refusal
        }
        self.refusals = refusalMap
    }

    /// The table shipped with Dyad (312 codes).
    public static func builtIn() throws -> CAMEOTable {
        try CAMEOTable(codes: try CodingResources.load("cameo-codes.txt"), plover: try CodingResources.load("cameo-plover.txt"),
                       refusals: try CodingResources.load("cameo-refusals.txt"))
    }

    public subscript(code: CAMEOCode) -> CAMEOEntry? { entries[code.rawValue] }

    /// The entry of a code or of its nearest CAMEO ancestor: a user code such as `174L` or `0751`
    /// takes the facts of `174` / `075`; nil when no leading part of the code is a CAMEO code (`901`).
    public func nearest(_ code: CAMEOCode) -> CAMEOEntry? {
        var c = code.rawValue
        while c.count >= 2 {
            if let e = entries[c] { return e }
            c.removeLast()
        }
        return nil
    }

    /// The CAMEO refusal of a yield or of an intent to yield, if it has one.
    public func refusal(of code: CAMEOCode) -> CAMEOCode? { refusals[code.rawValue] }
}

/// Loads DyadCoding's bundled data files.
public enum CodingResources {
    public static func load(_ name: String) throws -> String {
        try BundledData.load(name, from: .module)
    }
}
