#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON text that does not parse: what was wrong and at which byte.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let message: String

    public var description: String { "\(message) at byte \(offset)" }
}

extension JSONValue {
    /// Parses one JSON value (RFC 8259) from UTF-8 bytes, keeping the order of object keys.
    ///
    /// Dyad's own reader for jsonl input: one pass over the bytes, string runs without escapes
    /// copied whole, so a line holding a 1 MB web page parses at memory speed (Foundation's parser
    /// spends most of a batch's time there).
    /// - Complexity: O(n) in the number of bytes.
    /// - Throws: `JSONParseError` with the byte offset of the first problem.
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buf in
            var p = JSONByteParser(buf)
            return Result { () throws(JSONParseError) -> JSONValue in try p.document() }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buf throws(JSONParseError) -> JSONValue in
            var p = JSONByteParser(buf)
            return try p.document()
        }
    }

    /// Parses one JSON value from a string.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        text.makeContiguousUTF8()
        return try parse(text.utf8)
    }

    /// The elements of an array, if this is one.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }

    /// A number as an integer when it is one (2, 2.0), for ids written as numbers.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
        default: return nil
        }
    }
}

private struct JSONByteParser {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    var depth = 0

    init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    func fail(_ message: String) -> JSONParseError { JSONParseError(offset: i, message: message) }

    mutating func document() throws(JSONParseError) -> JSONValue {
        skipSpace()
        let v = try value()
        skipSpace()
        guard i == b.count else { throw fail("unexpected text after the JSON value") }
        return v
    }

    mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    mutating func value() throws(JSONParseError) -> JSONValue {
        guard i < b.count else { throw fail("unexpected end of the text") }
        switch b[i] {
        case 0x7B: return try object()
        case 0x5B: return try array()
        case 0x22: return .string(try string())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: return try number()
        default: throw fail("unexpected character")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { throw fail("unexpected end of the text") }
        let w = word.utf8Start
        for k in 0..<n where b[i + k] != w[k] { throw fail("unexpected character") }
        i += n
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        guard depth <= 512 else { throw fail("nested more than 512 levels deep") }
    }

    mutating func object() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var fields: [(String, JSONValue)] = []
        skipSpace()
        if i < b.count, b[i] == 0x7D { i += 1; return .object(fields) }
        while true {
            skipSpace()
            guard i < b.count, b[i] == 0x22 else { throw fail("expected a key in quotes") }
            let key = try string()
            skipSpace()
            guard i < b.count, b[i] == 0x3A else { throw fail("expected ':' after a key") }
            i += 1
            skipSpace()
            fields.append((key, try value()))
            if try closes(0x7D) { return .object(fields) }
        }
    }

    mutating func array() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < b.count, b[i] == 0x5D { i += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value())
            if try closes(0x5D) { return .array(items) }
        }
    }

    /// After an item of an object or array: true past the closing byte, false past a comma.
    mutating func closes(_ close: UInt8) throws(JSONParseError) -> Bool {
        skipSpace()
        guard i < b.count else { throw fail("unexpected end of the text") }
        if b[i] == 0x2C { i += 1; return false }
        if b[i] == close { i += 1; return true }
        throw fail("expected ',' or '\(Character(UnicodeScalar(close)))'")
    }

    mutating func number() throws(JSONParseError) -> JSONValue {
        let start = i
        var isInteger = true
        if b[i] == 0x2D { i += 1 }
        try digits("expected a digit")
        if i < b.count, b[i] == 0x2E {
            isInteger = false
            i += 1
            try digits("expected a digit after '.'")
        }
        if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
            isInteger = false
            i += 1
            if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            try digits("expected a digit in the exponent")
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        if isInteger, let n = Int(text) { return .int(n) }
        guard let d = Double(text) else { throw JSONParseError(offset: start, message: "number out of range") }
        return .double(d)
    }

    /// One or more digits, or the error `message`.
    mutating func digits(_ message: String) throws(JSONParseError) {
        guard i < b.count, b[i] >= 0x30 && b[i] <= 0x39 else { throw fail(message) }
        while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
    }

    /// A string starting at the opening quote; runs without escapes are copied whole. Raw control
    /// characters inside strings are tolerated (a lenient reader for hand-made jsonl).
    mutating func string() throws(JSONParseError) -> String {
        i += 1
        // Fast path: memchr to the closing quote; no backslash before it means no escapes.
        if let base = b.baseAddress, i < b.count, let q = memchr(base + i, 0x22, b.count - i) {
            let end = UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - base
            if memchr(base + i, 0x5C, end - i) == nil {
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[i..<end]), as: UTF8.self)
                i = end + 1
                return s
            }
        }
        var runStart = i
        var out: [UInt8] = []
        var escaped = false
        while i < b.count {
            let c = b[i]
            if c == 0x22 {
                if !escaped {
                    let s = String(decoding: UnsafeBufferPointer(rebasing: b[runStart..<i]), as: UTF8.self)
                    i += 1
                    return s
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == 0x5C {
                if !escaped { escaped = true; out.reserveCapacity(i - runStart + 64) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
                i += 1
                guard i < b.count else { break }
                switch b[i] {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x2F: out.append(0x2F)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var u = try hex4(at: i + 1)
                    i += 4
                    if (0xD800...0xDBFF).contains(u), i + 6 < b.count, b[i + 1] == 0x5C, b[i + 2] == 0x75 {
                        let low = try hex4(at: i + 3)
                        if (0xDC00...0xDFFF).contains(low) {
                            u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        }
                    }
                    let scalar = Unicode.Scalar(u) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(scalar).utf8))
                default: throw fail("unknown escape")
                }
                i += 1
                runStart = i
                continue
            }
            i += 1
        }
        throw fail("unterminated string")
    }

    func hex4(at k: Int) throws(JSONParseError) -> UInt32 {
        guard k + 4 <= b.count else { throw JSONParseError(offset: k, message: "incomplete \\u escape") }
        var v: UInt32 = 0
        for j in k..<(k + 4) {
            let c = b[j]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw JSONParseError(offset: j, message: "bad hex digit in a \\u escape")
            }
            v = v << 4 | d
        }
        return v
    }
}
